//! 奖罚 (accountability), an optional module switched on per organisation
//! in 系统管理 [002 第三篇 (十二), 行政处罚准则, 经济处罚准则; 000 第五篇].
//!
//! The flow: the 总经理室 proposes the month's penalties, computed from the
//! month's cases (`month_cases`, the one place that chooses them): once the
//! month's 《客户投诉案件统计表》 is issued, exactly the cases it lists (补入
//! included), which the departments confirm; before that, the cases closed
//! in the month. Either way from the statistics' case facts, the loss
//! counted as the statistics count it; the
//! 总经理 approves or sends back; the 总经理室 issues the approved notice
//! as a 《奖罚通知单》 (three copies: 自存, 会计单位, 罚扣部门), which imposes
//! its store fines (due within the rules' days) and lists its sanctions in
//! 人事公布. Voided with a reason, never deleted; every step audited.
//!
//! Who: the 总经理室 are the members of the department named 总经理室 and
//! anyone holding 副总经理 (the seed's 总经理室 is the office under the
//! 副总经理 and 总经理); the 总经理 decides; 会计科 marks store fines paid;
//! these and the administrator see the screen. While the module is off,
//! everything but the administrator's settings is refused (MODULE_OFF).

pub mod compute;
pub mod paper;
pub mod rules;
pub mod settings;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::stats::china_midnight;
use crate::codes::*;
use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::User;
use crate::store::accountability::{PenaltyNoticeChange, PenaltyNoticeInsert, PenaltyNoticeRecord, StoreFineInsert};
use crate::store::stats::{CaseFact, FactPeriod, StatsBasis};
use crate::validate;

pub use crate::store::accountability::{PenaltyState, StoreFine};
pub use compute::{PenaltyBody, PersonPenalty, SanctionLine, ShareLine};
pub use rules::{AccountabilityRules, Sanction, SanctionBand, StoreFineKind, StoreFineLine};
pub use settings::{AccountabilitySettings, PersonProfile};

/// The department whose members are the 总经理室.
pub const GM_OFFICE: &str = "总经理室";

/// Whether the menu offers 奖罚 (never refused, so the menu can ask).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountabilityAccess {
    pub enabled: bool,
    pub may_open: bool,
}

/// A notice as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PenaltyNotice {
    #[ts(type = "number")]
    pub id: i64,
    pub month: String,
    pub state: PenaltyState,
    pub body: PenaltyBody,
    #[ts(type = "number")]
    pub total_fen: i64,
    pub proposed_by_name: String,
    pub proposed_at: DateTime<Utc>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub document_no: Option<String>,
    /// The issued 《奖罚通知单》, for the print dialog.
    pub document: Option<crate::documents::IssuedDocument>,
    pub void_reason: Option<String>,
    pub voided_by_name: Option<String>,
    pub voided_at: Option<DateTime<Utc>>,
}

/// A line of 人事公布: a sanction an issued notice announces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Announcement {
    pub month: String,
    pub document_no: String,
    pub department_name: String,
    pub person: String,
    pub sanction: Sanction,
    pub supervisor_of: Option<String>,
    pub case_no: String,
    #[ts(type = "number")]
    pub fen: i64,
}

/// The month's issued 统计表, as the penalties read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TableBasis {
    pub document_no: String,
    /// The departments asked to confirm it, and how many of them did.
    pub confirming: u32,
    pub confirmed: u32,
}

/// The 奖罚 screen for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountabilityBoard {
    pub month: String,
    /// What a proposal would say now.
    pub draft: PenaltyBody,
    /// Which cases the draft is computed from: the month's issued 统计表,
    /// or (`None`, not issued yet) the cases closed in the month.
    pub table: Option<TableBasis>,
    /// The month's notices, live or not, oldest first.
    pub notices: Vec<PenaltyNotice>,
    /// 人事公布: every issued notice's sanctions, newest month first.
    pub announcements: Vec<Announcement>,
    /// The store fines of the month's year.
    pub store_fines: Vec<StoreFine>,
    pub may_propose: bool,
    pub may_decide: bool,
    pub may_mark_paid: bool,
    pub today: NaiveDate,
}

/// Who someone is to the module.
struct Standing {
    gm_office: bool,
    gm: bool,
    accounting: bool,
    admin: bool,
}

impl Standing {
    fn sees(&self) -> bool {
        self.gm_office || self.gm || self.accounting || self.admin
    }
}

/// "2026-11" → its first day, or a refusal naming the field.
fn month_start(month: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("month", format!("月份「{}」应写作 2026-11 这样的年-月", month.trim())))
}

fn storage(e: impl ToString) -> AppError {
    AppError::new(ErrorCode::Storage, e.to_string())
}

fn module_off() -> AppError {
    AppError::new(ErrorCode::ModuleOff, "奖罚模块未启用：请系统管理员在“系统管理 → 奖罚”中启用")
}

impl Desk {
    fn accountability_settings_now(&self) -> Result<AccountabilitySettings> {
        match self.store().setting(settings::SETTINGS_KEY)? {
            None => Ok(AccountabilitySettings::default()),
            Some(json) => serde_json::from_str(&json).map_err(storage),
        }
    }

    fn standing(&self, actor: &User) -> Result<Standing> {
        let account = self.account_of(actor.id)?;
        if !account.active {
            return Ok(Standing { gm_office: false, gm: false, accounting: false, admin: false });
        }
        let office = match account.department_id {
            Some(id) => self.departments()?.into_iter().any(|d| d.id == id && d.name.trim() == GM_OFFICE),
            None => false,
        };
        let has = |r: Role| account.roles.contains(&r);
        Ok(Standing { gm_office: office || has(Role::ViceGm), gm: has(Role::Gm), accounting: has(Role::Accounting), admin: has(Role::Admin) })
    }

    /// The settings, once the module is on and `actor` may see it.
    fn open_module(&self, actor: &User) -> Result<(AccountabilitySettings, Standing)> {
        let settings = self.accountability_settings_now()?;
        if !settings.enabled {
            return Err(module_off());
        }
        let standing = self.standing(actor)?;
        if !standing.sees() {
            return Err(AppError::new(ErrorCode::Forbidden, "奖罚只对总经理室、总经理、会计科和系统管理员开放"));
        }
        Ok((settings, standing))
    }

    /// Refuses a penalty notice's document to anyone the module does not admit.
    pub(crate) fn admit_to_penalty_notice(&self, actor: &User) -> Result<()> {
        self.open_module(actor).map(|_| ())
    }

    pub fn accountability_access(&self, actor: &User) -> Result<AccountabilityAccess> {
        let enabled = self.accountability_settings_now()?.enabled;
        Ok(AccountabilityAccess { enabled, may_open: enabled && self.standing(actor)?.sees() })
    }

    /// 系统管理 → 奖罚 (administrator), readable while the module is off.
    pub fn accountability_settings(&self, actor: &User) -> Result<AccountabilitySettings> {
        self.require_admin(actor)?;
        self.accountability_settings_now()
    }

    pub fn save_accountability_settings(&self, actor: &User, settings: AccountabilitySettings) -> Result<AccountabilitySettings> {
        self.require_admin(actor)?;
        let departments: Vec<i64> = self.departments()?.into_iter().map(|d| d.id).collect();
        let settings = settings.checked(&departments)?;
        let json = serde_json::to_string(&settings).map_err(storage)?;
        self.store().put_setting(settings::SETTINGS_KEY, &json, self.stamp(actor))?;
        Ok(settings)
    }

    /// The facts of the cases closed from `from` to `to` (China midnights),
    /// less rounds the customer rejected (the round that settles the matter
    /// counts, as in the 统计表).
    fn closed_facts_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<CaseFact>> {
        let period = FactPeriod { basis: StatsBasis::Closed, from: china_midnight(from), to: china_midnight(to) };
        Ok(self.store().case_facts(&period)?.into_iter().filter(|f| !f.continued).collect())
    }

    /// The one input of the month's penalties: the cases the month's issued
    /// 统计表 lists (`table` set), else the cases closed in the month.
    pub(crate) fn month_cases(&self, month: &str, table: Option<&TableBasis>) -> Result<Vec<CaseFact>> {
        if table.is_some() {
            return self.month_facts(month);
        }
        let first = month_start(month)?;
        let next = first.checked_add_months(chrono::Months::new(1)).ok_or_else(|| AppError::invalid("month", "月份超出范围"))?;
        self.closed_facts_between(first, next)
    }

    /// For December: every case closed in the year, for the stores' ranking.
    fn year_cases(&self, month: &str) -> Result<Option<Vec<CaseFact>>> {
        let first = month_start(month)?;
        if first.month() != 12 {
            return Ok(None);
        }
        let year = first.year();
        let from = NaiveDate::from_ymd_opt(year, 1, 1).expect("a year");
        let to = NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("a year");
        Ok(Some(self.closed_facts_between(from, to)?))
    }

    /// What each person still owes from the latest approved or issued
    /// notice of an earlier month.
    fn carried_into(&self, month: &str) -> Result<BTreeMap<(i64, String), i64>> {
        let earlier = self
            .store()
            .penalty_notices(None)?
            .into_iter()
            .filter(|n| n.month.as_str() < month && matches!(n.state, PenaltyState::Approved | PenaltyState::Issued))
            .last();
        let Some(notice) = earlier else { return Ok(BTreeMap::new()) };
        let body: PenaltyBody = serde_json::from_str(&notice.body).map_err(storage)?;
        Ok(body.people.into_iter().filter(|p| p.carry_fen > 0).map(|p| ((p.department_id, p.person), p.carry_fen)).collect())
    }

    /// The month's penalties as computed now, and the issued 统计表 they
    /// came from (if any).
    fn compute_penalties(&self, month: &str, settings: &AccountabilitySettings) -> Result<(PenaltyBody, Option<TableBasis>)> {
        let month = month.trim();
        // A bad month is refused in this module's words before the 统计表 reads it.
        month_start(month)?;
        let table = self.issued_table_of(month)?;
        let cases = self.month_cases(month, table.as_ref())?;
        let departments: HashMap<i64, String> = self.departments()?.into_iter().map(|d| (d.id, d.name)).collect();
        let mut heads = HashMap::new();
        for id in departments.keys() {
            if let Some(head) = self.department_head(*id)? {
                heads.insert(*id, head.name);
            }
        }
        let carried = self.carried_into(month)?;
        let year = self.year_cases(month)?;
        let input = compute::MonthInput {
            month,
            settings,
            org: self.organisation_type()?,
            departments: &departments,
            heads: &heads,
            carried: &carried,
            year_cases: year.as_deref(),
        };
        Ok((compute::compute_month(&cases, &input), table))
    }

    fn notice_of(&self, record: PenaltyNoticeRecord) -> Result<PenaltyNotice> {
        let document = match record.document_id {
            Some(id) => self.issued_document_by_id(id)?,
            None => None,
        };
        Ok(PenaltyNotice {
            document,
            id: record.id,
            body: serde_json::from_str(&record.body).map_err(storage)?,
            month: record.month,
            state: record.state,
            total_fen: record.total_fen,
            proposed_by_name: record.proposed_by_name,
            proposed_at: record.proposed_at,
            decided_by_name: record.decided_by_name,
            decided_at: record.decided_at,
            decision_note: record.decision_note,
            document_no: record.document_no,
            void_reason: record.void_reason,
            voided_by_name: record.voided_by_name,
            voided_at: record.voided_at,
        })
    }

    fn penalty_notice_now(&self, id: i64) -> Result<PenaltyNotice> {
        self.notice_of(self.store().penalty_notice(id)?.ok_or_else(|| AppError::not_found("奖罚通知"))?)
    }

    /// The 奖罚 screen for a month.
    pub fn accountability_board(&self, actor: &User, month: &str) -> Result<AccountabilityBoard> {
        let (settings, standing) = self.open_module(actor)?;
        let month = month.trim().to_string();
        let (draft, table) = self.compute_penalties(&month, &settings)?;
        let notices = self.store().penalty_notices(Some(&month))?.into_iter().map(|n| self.notice_of(n)).collect::<Result<Vec<_>>>()?;
        let mut announcements = Vec::new();
        for n in self.store().penalty_notices(None)?.into_iter().rev().filter(|n| n.state == PenaltyState::Issued) {
            let notice = self.notice_of(n)?;
            for p in &notice.body.people {
                for s in &p.sanctions {
                    announcements.push(Announcement {
                        month: notice.month.clone(),
                        document_no: notice.document_no.clone().unwrap_or_default(),
                        department_name: p.department_name.clone(),
                        person: p.person.clone(),
                        sanction: s.sanction,
                        supervisor_of: s.supervisor_of.clone(),
                        case_no: s.case_no.clone(),
                        fen: s.fen,
                    });
                }
            }
        }
        let today = self.org_today_for_module()?;
        let year = &month[..4.min(month.len())];
        let store_fines = self.store_fines_of(year, today)?;
        Ok(AccountabilityBoard {
            month,
            draft,
            table,
            notices,
            announcements,
            store_fines,
            may_propose: standing.gm_office,
            may_decide: standing.gm,
            may_mark_paid: standing.accounting,
            today,
        })
    }

    fn org_today_for_module(&self) -> Result<NaiveDate> {
        let day = self.time_zone()?.day(self.now());
        NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(storage)
    }

    fn store_fines_of(&self, prefix: &str, today: NaiveDate) -> Result<Vec<StoreFine>> {
        let mut fines = self.store().store_fines(prefix)?;
        for f in &mut fines {
            f.overdue = !f.voided && f.paid_at.is_none() && today > f.due_date;
        }
        Ok(fines)
    }

    /// 提出 (总经理室): the month's penalties as computed now, to the 总经理.
    pub fn propose_penalties(&self, actor: &User, month: &str) -> Result<PenaltyNotice> {
        let (settings, standing) = self.open_module(actor)?;
        if !standing.gm_office {
            return Err(AppError::new(ErrorCode::Forbidden, "奖罚由总经理室提出"));
        }
        let month = month.trim();
        let first = month_start(month)?;
        let this_month = self.org_today_for_module()?.with_day0(0).expect("first day");
        if first >= this_month {
            return Err(AppError::invalid("month", format!("{month} 尚未结束，只能提出已结束月份的奖罚")));
        }
        let (body, _) = self.compute_penalties(month, &settings)?;
        if body.people.is_empty() && body.store_fines.is_empty() {
            return Err(AppError::new(ErrorCode::WrongState, format!("{month} 没有需要罚扣的人员或门店")));
        }
        let total_fen = body.deducted_fen + body.fines_fen;
        let json = serde_json::to_string(&body).map_err(storage)?;
        let id = self.store().insert_penalty_notice(&PenaltyNoticeInsert { month: month.to_string(), body: json, total_fen, by: self.stamp(actor) })?;
        self.penalty_notice_now(id)
    }

    /// 核准 / 退回 (总经理): a proposed notice; sending back needs a reason.
    pub fn decide_penalties(&self, actor: &User, notice_id: i64, approve: bool, note: &str) -> Result<PenaltyNotice> {
        let (_, standing) = self.open_module(actor)?;
        if !standing.gm {
            return Err(AppError::new(ErrorCode::Forbidden, "奖罚由总经理核准"));
        }
        let notice = self.penalty_notice_now(notice_id)?;
        if notice.state != PenaltyState::Proposed {
            return Err(AppError::new(ErrorCode::WrongState, format!("{} 的奖罚{}，不能再核准或退回", notice.month, notice.state.label())));
        }
        let note = if approve { validate::clean(note).trim().to_string() } else { validate::reason("note", "退回原因", note)? };
        let to = if approve { PenaltyState::Approved } else { PenaltyState::SentBack };
        self.store().change_penalty_notice(&PenaltyNoticeChange { notice_id, from: PenaltyState::Proposed, to, note, by: self.stamp(actor) })?;
        self.penalty_notice_now(notice_id)
    }

    /// 开具《奖罚通知单》 (总经理室): an approved notice becomes its document,
    /// and its store fines fall due.
    pub fn issue_penalty_notice(&self, actor: &User, notice_id: i64) -> Result<PenaltyNotice> {
        let (settings, standing) = self.open_module(actor)?;
        if !standing.gm_office {
            return Err(AppError::new(ErrorCode::Forbidden, "《奖罚通知单》由总经理室开具"));
        }
        let notice = self.penalty_notice_now(notice_id)?;
        if notice.state != PenaltyState::Approved {
            return Err(AppError::new(ErrorCode::WrongState, format!("{} 的奖罚{}，总经理核准后才能开具", notice.month, notice.state.label())));
        }
        let today = self.org_today_for_module()?;
        let due_date = today + chrono::Days::new(u64::from(settings.rules.payment_days));
        let fines: Vec<StoreFineInsert> = notice
            .body
            .store_fines
            .iter()
            .map(|f| StoreFineInsert {
                department_id: f.department_id,
                payer: f.payer.clone(),
                kind: f.kind,
                case_no: f.case_no.clone(),
                amount_fen: f.amount_fen,
                due_date,
            })
            .collect();
        let approver = notice.decided_by_name.clone().unwrap_or_default();
        let body = notice.body.clone();
        self.issue_module_document(actor, DocumentKind::PenaltyNotice, notice.total_fen, move |issue| paper::penalty_notice(&body, &approver, due_date, issue), |insert, compose| {
            self.store().issue_penalty_notice(notice_id, insert, compose, &fines)
        })?;
        self.penalty_notice_now(notice_id)
    }

    /// 作废 (总经理室 or 总经理), with a reason: a notice not yet sent back;
    /// an issued one takes its 《奖罚通知单》 with it and its fines are no
    /// longer owed. The month may then be proposed again.
    pub fn void_penalty_notice(&self, actor: &User, notice_id: i64, reason: &str) -> Result<PenaltyNotice> {
        let (_, standing) = self.open_module(actor)?;
        if !(standing.gm_office || standing.gm) {
            return Err(AppError::new(ErrorCode::Forbidden, "只有总经理室或总经理可以作废奖罚"));
        }
        let reason = validate::reason("reason", "作废原因", reason)?;
        let notice = self.penalty_notice_now(notice_id)?;
        if !notice.state.is_live() {
            return Err(AppError::new(ErrorCode::WrongState, format!("{} 的这份奖罚{}", notice.month, notice.state.label())));
        }
        if let Some(paid) = self.store().store_fines(&notice.month)?.iter().find(|f| f.notice_id == notice_id && f.paid_at.is_some()) {
            return Err(AppError::new(ErrorCode::WrongState, format!("{} 的罚款已缴（{}），不能作废这份奖罚", paid.department_name, paid.payer)));
        }
        self.store().change_penalty_notice(&PenaltyNoticeChange { notice_id, from: notice.state, to: PenaltyState::Voided, note: reason, by: self.stamp(actor) })?;
        self.penalty_notice_now(notice_id)
    }

    /// 已缴 (会计科): a store fine paid.
    pub fn mark_store_fine_paid(&self, actor: &User, fine_id: i64) -> Result<StoreFine> {
        let (_, standing) = self.open_module(actor)?;
        if !standing.accounting {
            return Err(AppError::new(ErrorCode::Forbidden, "门店罚款由会计科登记已缴"));
        }
        self.store().mark_store_fine_paid(fine_id, self.stamp(actor))?;
        let today = self.org_today_for_module()?;
        self.store_fines_of("", today)?.into_iter().find(|f| f.id == fine_id).ok_or_else(|| AppError::not_found("门店罚款"))
    }
}
