//! The records the app keeps and the shapes that cross IPC.
//! Every struct here is exported to `ui/src/ipc/types.ts` (see `ts_export`).
//! Money is integer fen (`*_fen: i64`); times are UTC; ids are SQLite rowids.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::*;
use crate::error::AppError;

/// What staff fill in on the registration form (《客户意见与投诉处理跟进表》 row).
/// The same fields are edited later; the receiver and number are not here
/// because nobody types them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseFields {
    /// 受理时间
    #[serde(deserialize_with = "blank_time_is_missing")]
    pub received_at: DateTime<Utc>,
    /// 渠道
    pub channel: Channel,
    /// 客户姓名
    pub customer_name: String,
    /// 联系电话, as typed; stored normalised
    pub customer_phone: String,
    /// 地址/房号
    pub customer_address: String,
    /// 单位
    pub customer_org: String,
    /// 投诉内容概要
    pub content: String,
    /// 客户要求
    pub customer_request: String,
    /// 客户索赔金额 (fen)
    #[ts(type = "number | null")]
    pub claim_amount_fen: Option<i64>,
    /// 订单编号
    pub order_no: String,
    /// 料号
    pub item_no: String,
    /// 数量
    #[ts(type = "number | null")]
    pub quantity: Option<i64>,
    /// 交运日期
    pub delivery_date: Option<NaiveDate>,
    /// 不良数量
    #[ts(type = "number | null")]
    pub defective_quantity: Option<i64>,
    /// 市场
    pub market: Option<Market>,
    /// 投诉性质
    pub nature: Option<Nature>,
    /// 投诉类别
    pub cause_type: Option<CauseType>,
    /// 严重程度
    pub severity: Severity,
    /// 责任部门
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    /// 异常样品已留存
    pub sample_kept: bool,
    /// 样品/附件说明
    pub sample_note: String,
}

/// A cleared date picker sends "" (or null). It arrives as the epoch so
/// validation can say "请填写受理时间" instead of a deserialisation error
/// that names no field. (ts-rs warns that it cannot read this attribute;
/// the TypeScript type stays `string`, which is right.)
fn blank_time_is_missing<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(DateTime::UNIX_EPOCH),
        Some(t) => DateTime::parse_from_rfc3339(t).map(|t| t.with_timezone(&Utc)).map_err(serde::de::Error::custom),
    }
}

/// Input of `register_case`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewCase {
    #[serde(flatten)]
    pub fields: CaseFields,
    /// An earlier case of this customer the agent links as the same matter
    /// (二次投诉). When absent the core looks for one itself.
    #[ts(type = "number | null")]
    pub related_case_id: Option<i64>,
}

/// Input of `update_case`: the full set of editable fields plus the version
/// the editor loaded (optimistic concurrency).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseEdit {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub version: i64,
    pub fields: CaseFields,
    /// Why 严重程度 goes down from 严重 or 危机 (required then).
    #[serde(default)]
    #[ts(optional)]
    pub severity_reason: Option<String>,
}

/// A whole case as the detail view shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    #[ts(type = "number")]
    pub id: i64,
    /// 编号 YYMM-NNNN
    pub case_no: String,
    /// Bumped by every change; an edit must name the version it started from.
    #[ts(type = "number")]
    pub version: i64,
    pub status: CaseStatus,
    #[serde(flatten)]
    pub fields: CaseFields,
    #[ts(type = "number")]
    pub customer_id: i64,
    /// 首问受理人
    #[ts(type = "number")]
    pub receiver_id: i64,
    pub receiver_name: String,
    /// 经办人: who holds the case now
    #[ts(type = "number")]
    pub handler_id: i64,
    pub handler_name: String,
    pub department_name: Option<String>,
    pub validity: Option<Validity>,
    pub malicious: bool,
    /// 二次投诉: the earlier case on the same matter
    #[ts(type = "number | null")]
    pub repeat_of_id: Option<i64>,
    pub repeat_of_no: Option<String>,
    pub void_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// 上一轮: the case whose answer the customer rejected (new round).
    #[ts(type = "number | null")]
    pub parent_case_id: Option<i64>,
    pub parent_case_no: Option<String>,
    /// 第几轮: 1 for a first complaint, +1 for each rejected answer.
    #[ts(type = "number")]
    pub round: i64,
    /// Whether the phone, address and unit above are in full or masked for
    /// the person reading (`privacy`).
    pub personal_data: crate::privacy::PersonalData,
}

/// A sign-in with a login that no account has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnknownSignIn {
    pub at: DateTime<Utc>,
    /// As typed (cut to 100 characters).
    pub login: String,
    pub workstation: String,
}

/// A 严重/危机 case made less severe: the managers are told (who, to what,
/// why) until each says 知道了.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DowngradeNotice {
    pub case: CaseRow,
    pub to: Severity,
    pub by_name: String,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// One line of the tracking sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseRow {
    #[ts(type = "number")]
    pub id: i64,
    pub case_no: String,
    pub received_at: DateTime<Utc>,
    pub customer_name: String,
    pub customer_phone: String,
    pub channel: Channel,
    pub nature: Option<Nature>,
    pub cause_type: Option<CauseType>,
    pub severity: Severity,
    pub department_name: Option<String>,
    pub status: CaseStatus,
    pub handler_name: String,
    /// 投诉内容概要 in full: a list shows its start, or the words a search
    /// matched (`CasePage::search_terms`), and the whole text in a tooltip.
    pub content: String,
    pub is_repeat: bool,
    /// The earliest due time of the case's open 时效 steps (none before
    /// assessment, after closing, or without a deadline policy).
    pub due_at: Option<DateTime<Utc>>,
    /// `due_at` has passed (by the desk's clock, see `Desk::mark_due`).
    pub overdue: bool,
    /// 首问受理人, 经办人 and department: who handles the case decides who
    /// sees the phone in full (`privacy`).
    #[ts(type = "number")]
    pub receiver_id: i64,
    #[ts(type = "number")]
    pub handler_id: i64,
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    /// 第几轮: 1 for a first complaint, +1 for each rejected answer.
    #[ts(type = "number")]
    pub round: i64,
    /// The customer rejected this round's answer and the matter went on in
    /// the next round: the sheet says so instead of a plain 已结案.
    pub continued: bool,
    /// Whether `customer_phone` is in full or masked for the person reading.
    pub personal_data: crate::privacy::PersonalData,
}

/// Columns the sheet can be sorted by (sorting happens in SQLite).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SortField {
    CaseNo,
    ReceivedAt,
    CustomerName,
    Channel,
    CauseType,
    Severity,
    Department,
    Status,
    Handler,
}

impl SortField {
    pub const ALL: [SortField; 9] = [
        SortField::CaseNo,
        SortField::ReceivedAt,
        SortField::CustomerName,
        SortField::Channel,
        SortField::CauseType,
        SortField::Severity,
        SortField::Department,
        SortField::Status,
        SortField::Handler,
    ];
}

/// A page request of the tracking sheet: filters, search, sort, paging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseQuery {
    /// Free text: content, customer, phone or case number; any length ≥ 1.
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub statuses: Vec<CaseStatus>,
    #[serde(default)]
    pub severities: Vec<Severity>,
    #[serde(default)]
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub cause_types: Vec<CauseType>,
    #[serde(default)]
    #[ts(type = "number[]")]
    pub department_ids: Vec<i64>,
    /// 经办人 (my work lists an agent's own cases).
    #[serde(default)]
    #[ts(type = "number[]")]
    pub handler_ids: Vec<i64>,
    /// 时效: overdue, due today, due this week (by the desk's clock).
    #[serde(default)]
    pub due: Option<DueFilter>,
    /// `due` as times, filled in by the desk (never sent by the screen):
    /// an open step due at or after `from` and before `to`.
    #[serde(skip)]
    #[ts(skip)]
    pub due_window: Option<DueWindow>,
    /// Received at or after (UTC).
    #[serde(default)]
    pub received_from: Option<DateTime<Utc>>,
    /// Received before (UTC, exclusive).
    #[serde(default)]
    pub received_to: Option<DateTime<Utc>>,
    /// Voided cases are hidden unless asked for (or the status filter names them).
    #[serde(default)]
    pub include_voided: bool,
    /// 统计's drill-down: the cases behind one figure (see `stats`).
    #[serde(default)]
    #[ts(optional)]
    pub stats: Option<crate::stats::StatsSlice>,
    pub sort: SortField,
    pub descending: bool,
    /// 1-based
    pub page: u32,
    pub page_size: u32,
}

impl Default for CaseQuery {
    fn default() -> Self {
        CaseQuery {
            search: String::new(),
            statuses: vec![],
            severities: vec![],
            channels: vec![],
            cause_types: vec![],
            department_ids: vec![],
            handler_ids: vec![],
            due: None,
            due_window: None,
            received_from: None,
            received_to: None,
            include_voided: false,
            stats: None,
            sort: SortField::CaseNo,
            descending: true,
            page: 1,
            page_size: 50,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CasePage {
    pub rows: Vec<CaseRow>,
    /// Matching rows over all pages, counted up to `COUNT_CAP`.
    #[ts(type = "number")]
    pub total: u64,
    /// More rows match than `total` says (shown as "10000+"): counting a
    /// million rows for every keystroke would make the sheet slow, and
    /// nobody pages that far.
    pub total_capped: bool,
    /// The desk's clock when the page was read: time left is counted from it.
    pub now: DateTime<Utc>,
    /// The query's search terms as the desk matched them (`search::plan`:
    /// cleaned, quotes dropped), so the sheet marks the same words it found.
    pub search_terms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// normalised phone number
    pub phone: String,
    pub address: String,
    pub org: String,
    pub created_at: DateTime<Utc>,
}

/// What the registration form shows once a phone number is typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerHistory {
    pub customer: Option<Customer>,
    /// Earlier cases, newest first.
    pub cases: Vec<CaseRow>,
    /// Ids of those cases that are open or recent: a new complaint on the
    /// same matter is a 二次投诉.
    #[ts(type = "number[]")]
    pub open_or_recent_ids: Vec<i64>,
}

/// One line of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: DateTime<Utc>,
    #[ts(type = "number")]
    pub actor_id: i64,
    pub actor_name: String,
    /// "case", "customer", "user" …
    pub entity: String,
    #[ts(type = "number")]
    pub entity_id: i64,
    /// "register", "edit", "void" …
    pub action: String,
    /// camelCase field name for an edit
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct User {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Department {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

/// A person's account as the admin sees it. Never carries the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// `None` only for a user picked by name whose name was taken as a login.
    pub login: Option<String>,
    pub roles: Vec<Role>,
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    pub active: bool,
    /// Whether a password is set (sign-in possible).
    pub has_password: bool,
}

/// What the admin types to create an account.
#[derive(Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub name: String,
    pub login: String,
    pub password: String,
    pub roles: Vec<Role>,
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("name", &self.name)
            .field("login", &self.login)
            .field("roles", &self.roles)
            .field("department_id", &self.department_id)
            .finish_non_exhaustive()
    }
}

/// Who signed in, with what he may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    pub user: User,
    pub roles: Vec<Role>,
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    /// The password was set by the admin (新建人员, 重置密码): the person
    /// must choose his own before anything else.
    pub must_change_password: bool,
    /// The menu shows 统计表 (the 总经理室, managers, 质量管理部, department
    /// heads); Rust checks again on every call.
    pub sees_statements: bool,
}

/// A file kept with a case: a photo, a letter, a scanned document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub file_name: String,
    /// e.g. "image/jpeg", guessed from the file name
    pub media_type: String,
    /// bytes
    #[ts(type = "number")]
    pub size: i64,
    pub note: String,
    pub added_at: DateTime<Utc>,
    pub added_by_name: String,
}

/// Input of `add_attachment`: the file as base64, as the web view reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewAttachment {
    #[ts(type = "number")]
    pub case_id: i64,
    pub file_name: String,
    pub content_base64: String,
    pub note: String,
}

/// An attachment's content, to show or save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentContent {
    pub file_name: String,
    pub media_type: String,
    pub content_base64: String,
}

/// Per-workstation preferences, kept in a JSON file beside the database
/// (not in the shared database: each desk has its own language, columns
/// and lock time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Preferences {
    /// "zh-CN", "zh-TW" or "en"
    pub locale: String,
    /// Visible tracking-sheet columns, in order; empty means the default set.
    pub sheet_columns: Vec<String>,
    /// Tracking-sheet column widths in pixels the user dragged, by column
    /// key; a column not listed has its default width.
    pub sheet_column_widths: std::collections::BTreeMap<String, u32>,
    /// The login last used here, to prefill the sign-in form.
    pub last_login: String,
    /// 自动锁定: minutes without any action before the session locks; 0 never.
    pub lock_after_minutes: u32,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            locale: "zh-CN".into(),
            sheet_columns: vec![],
            sheet_column_widths: Default::default(),
            last_login: String::new(),
            lock_after_minutes: 15,
        }
    }
}

/// What the shell tells the UI at start-up and in 设置/关于.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub db_path: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    /// Set when the database could not be opened; the app then does nothing
    /// else and never touches the file.
    pub startup_error: Option<AppError>,
    /// No one can sign in yet: the first start sets up the administrator.
    pub needs_first_admin: bool,
    /// Who is signed in at this desk, if anyone.
    pub session: Option<SignedIn>,
    /// `session`'s user, for screens that only need the name.
    pub current_user: Option<User>,
    /// How many cases the database holds, counted on a first start only
    /// (it offers the demo data to an empty database); `None` otherwise:
    /// counting a million cases held up every start by 20–50 ms, and 关于
    /// counts them itself (`AboutDesk::case_count`).
    #[ts(type = "number | null")]
    pub case_count: Option<u64>,
    /// Demo data was loaded into this database: every screen says 演示数据.
    pub demo_data: bool,
    /// The organisation's time zone (IANA name): every screen shows times in
    /// it, as the paper prints them, whatever the machine's own zone.
    pub time_zone: String,
    /// 自动锁定 as the admin allows it (the settings screen's bounds).
    pub lock_policy: crate::session::LockPolicy,
    /// Which database this desk uses; `none` before it has been chosen (the
    /// first screen then asks).
    pub database: crate::database::DatabaseStatus,
    /// The demo people and their password, for the first start (an empty
    /// database may get the demo) and the sign-in of a demo database; `None`
    /// for a database of real cases.
    pub demo_accounts: Option<DemoAccounts>,
    /// The organisation's cases concern goods (`OrgType::deals_in_goods`):
    /// the form and 案件详情 show the product fields.
    pub goods_fields: bool,
}

/// The people 载入演示数据 creates, all with one password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoAccounts {
    pub password: String,
    pub people: Vec<DemoAccount>,
}

/// One demo person: who to sign in as to see his day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoAccount {
    pub name: String,
    pub login: String,
    pub roles: Vec<Role>,
    pub department: String,
}

// ---- the case workflow (case_flow.rs) ---------------------------------

/// Input of `assess` (评估).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    /// 有效 or 无效; an invalid complaint is explained and closed.
    pub valid: bool,
    pub nature: Option<Nature>,
    pub cause_type: Option<CauseType>,
    pub severity: Severity,
    /// 恶意投诉
    pub malicious: bool,
    /// Why it is invalid (what the customer is told); required when invalid.
    pub explanation: String,
}

/// What `assess` returns: the case, and the department the active routing
/// rules propose (for the routing form to prefill).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Assessed {
    pub case: Case,
    #[ts(type = "number | null")]
    pub proposed_department_id: Option<i64>,
}

/// One 分派/改派 of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseRoute {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub department_id: i64,
    pub department_name: String,
    /// What the routing rules proposed at the time, if anything.
    #[ts(type = "number | null")]
    pub proposed_department_id: Option<i64>,
    /// Why the proposal was overridden (empty when it was followed).
    pub reason: String,
    #[ts(type = "number")]
    pub actor_id: i64,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

/// 责任判定: one department's (and person's) share of the responsibility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Responsibility {
    #[ts(type = "number")]
    pub department_id: i64,
    /// 责任人 (may be empty when the department as a whole is responsible)
    pub person: String,
    pub ratio_percent: u8,
}

/// 纠正和预防措施, with owner and due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CorrectiveAction {
    pub kind: ActionKind,
    pub description: String,
    pub owner: String,
    pub due_date: NaiveDate,
}

/// 调查: input of `record_investigation`, and what is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Investigation {
    /// 原因分析
    pub cause_analysis: String,
    /// 处理措施
    pub measures: String,
    /// Ratios add up to 100 (or the list is empty until decided).
    pub responsibilities: Vec<Responsibility>,
    pub actions: Vec<CorrectiveAction>,
}

/// 方案: input of `propose`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    pub lines: Vec<crate::loss::ResolutionLine>,
    /// 部门意见
    pub opinion: String,
}

/// A stored proposal with its totals and who must approve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub lines: Vec<crate::loss::ResolutionLine>,
    pub opinion: String,
    /// What the customer is offered: decides the approver.
    #[ts(type = "number")]
    pub offered_fen: i64,
    /// 损失金额
    #[ts(type = "number")]
    pub loss_fen: i64,
    pub required_level: crate::authority::ApproverLevel,
    #[ts(type = "number")]
    pub proposer_id: i64,
    pub proposer_name: String,
    pub proposed_at: DateTime<Utc>,
    /// 损失金额 of each line, in the order of `lines`, by the 核算基准
    /// (`loss.rs`): worked out by the desk for the screens, never stored.
    #[serde(default)]
    #[ts(type = "Array<number>")]
    pub line_loss_fen: Vec<i64>,
}

impl Resolution {
    /// With each line's loss worked out, as the screens show it.
    pub fn with_line_losses(mut self) -> Resolution {
        self.line_loss_fen = self.lines.iter().map(crate::loss::ResolutionLine::loss_fen).collect();
        self
    }
}

/// One approver's decision on a resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub resolution_id: i64,
    #[ts(type = "number")]
    pub approver_id: i64,
    pub approver_name: String,
    pub at: DateTime<Utc>,
    pub decision: ApprovalDecision,
    pub comment: String,
    pub required_level: crate::authority::ApproverLevel,
}

/// One line of a manager's approval queue: the case, the department's
/// opinion and the amounts, in one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalItem {
    pub case: CaseRow,
    pub resolution: Resolution,
}

// ---- closing a case (case_closing.rs) ----------------------------------

/// Input of `answer` (答复): did the customer accept the approved
/// resolution, and what he was told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerAnswer {
    pub accepted: bool,
    /// 答复内容
    pub note: String,
}

/// What `answer` returns: the answered (or, when rejected, closed) case,
/// and the new round a rejection opens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Answered {
    pub case: Case,
    pub next_round: Option<Case>,
}

/// Input of `follow_up` (回访).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    /// When the customer was visited or called; not in the future.
    pub visited_at: DateTime<Utc>,
    pub method: VisitMethod,
    pub satisfaction: Satisfaction,
    pub remarks: String,
}

/// A stored 回访 with who recorded it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpRecord {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub case_id: i64,
    pub visited_at: DateTime<Utc>,
    pub method: VisitMethod,
    pub satisfaction: Satisfaction,
    pub remarks: String,
    #[ts(type = "number")]
    pub actor_id: i64,
    pub actor_name: String,
    pub recorded_at: DateTime<Utc>,
}

// ---- what a screen needs at once (case_flow.rs, work.rs) ---------------

/// A case number with its id, to link to another case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseLink {
    #[ts(type = "number")]
    pub id: i64,
    pub case_no: String,
}

/// Everything 案件详情 shows about a case's workflow, with the actions the
/// signed-in user may take now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseWorkflow {
    pub case: Case,
    pub actions: Vec<CaseAction>,
    /// The department the routing rules propose now (for 分派).
    #[ts(type = "number | null")]
    pub proposed_department_id: Option<i64>,
    pub routes: Vec<CaseRoute>,
    pub investigation: Option<Investigation>,
    /// The current proposal; an approval of an earlier one no longer counts.
    pub resolution: Option<Resolution>,
    pub approvals: Vec<Approval>,
    pub follow_ups: Vec<FollowUpRecord>,
    /// The round that followed when the customer rejected the answer.
    pub next_round: Option<CaseLink>,
    /// 时效: every stage with its due time, oldest first.
    pub deadlines: Vec<crate::deadlines::CaseDeadline>,
    /// 催办单 sent for this case.
    pub reminders: Vec<crate::deadlines::Reminder>,
    /// The late stages whose 超时原因 this person may write or change now.
    #[ts(type = "number[]")]
    pub explainable_deadline_ids: Vec<i64>,
    /// 客户历史: the customer's other cases, newest first (at most
    /// `CUSTOMER_CASES_SHOWN`), masked as the sheet would show them.
    pub customer_cases: Vec<CaseRow>,
    /// What was said at 答复, 执行 and 结案 (the steps' texts), oldest first.
    pub step_notes: Vec<StepNote>,
    /// In a later round: the answer the customer did not accept in the
    /// round before, with what he said (why this round exists).
    pub rejected_answer: Option<StepNote>,
}

/// The text a step was taken with: the answer given to the customer (and
/// whether he accepted it), the execution note, the closing summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepNote {
    pub step: StepNoteKind,
    pub text: String,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

/// Which step a `StepNote` is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StepNoteKind {
    /// 答复 the customer accepted.
    Answer,
    /// 答复 the customer did not accept (a new round followed).
    AnswerRejected,
    Execution,
    Closing,
}

/// One group of 我的待办.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkGroup {
    pub kind: WorkKind,
    /// The oldest first, at most `WORK_GROUP_ROWS`.
    pub rows: Vec<CaseRow>,
    #[ts(type = "number")]
    pub total: u64,
}

/// A department with its 部门负责人, for the admin's 部门管理.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentInfo {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub head: Option<User>,
}

/// A window of due times (see `CaseQuery::due_window`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueWindow {
    pub from: Option<DateTime<Utc>>,
    pub to: DateTime<Utc>,
}
