//! The core's repository interface. The domain (`desk`) talks only to this
//! trait; SQLite (`sqlite`) is one implementation and a shared server
//! database can be another. Every method that writes is one transaction:
//! it happens whole, audit lines included, or not at all.

use chrono::{DateTime, Utc};

use crate::authority::ApproverLevel;
use crate::codes::*;
use crate::routing::RoutingRule;
use crate::error::Result;
use crate::model::*;

/// A case to store as new. The store assigns the number (`period` + the
/// month's next serial) and the customer record (found or created by phone)
/// inside its transaction.
#[derive(Debug, Clone)]
pub struct CaseInsert {
    pub fields: CaseFields,
    pub period: String,
    pub status: CaseStatus,
    pub receiver_id: i64,
    pub handler_id: i64,
    pub validity: Option<Validity>,
    pub malicious: bool,
    pub repeat_of_id: Option<i64>,
    /// A new round (答复 rejected): the case before it, and its round number.
    pub parent_case_id: Option<i64>,
    pub round: i64,
    pub void_reason: Option<String>,
    pub at: DateTime<Utc>,
    /// Audit action recorded for the insert: "register" or "demo".
    pub audit_action: &'static str,
}

/// One changed field, as the audit log keeps it (display values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// An edit of a case's fields, applied only if the case is still at
/// `expected_version` and not voided.
#[derive(Debug, Clone)]
pub struct CaseUpdate {
    pub id: i64,
    pub expected_version: i64,
    pub fields: CaseFields,
    pub changes: Vec<FieldChange>,
    pub actor_id: i64,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct CaseVoid {
    pub id: i64,
    pub expected_version: i64,
    pub reason: String,
    pub actor_id: i64,
    pub at: DateTime<Utc>,
}

/// A file to keep with a case.
#[derive(Debug, Clone)]
pub struct AttachmentInsert {
    pub case_id: i64,
    pub file_name: String,
    pub media_type: String,
    pub content: Vec<u8>,
    pub note: String,
    pub actor_id: i64,
    pub at: DateTime<Utc>,
}

/// Who makes a change and when, for the audit lines of a people or
/// settings change.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    pub actor_id: i64,
    pub at: DateTime<Utc>,
}

/// A new account with a password. The store refuses a login or a name
/// already taken (VALIDATION on `login` / `name`).
#[derive(Clone)]
pub struct AccountInsert {
    pub name: String,
    pub login: String,
    /// argon2 PHC string, never the password.
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub department_id: Option<i64>,
    /// Who creates it; `None` when the account records itself as its
    /// creator (the first admin, when there is nobody else).
    pub actor_id: Option<i64>,
    /// The first admin: refused (FORBIDDEN) once any user has a password,
    /// checked inside the transaction. An existing user of the same name
    /// without a password (picked by name before sign-in existed) is taken
    /// over instead of duplicated, so his cases stay his.
    pub first_admin: bool,
    pub at: DateTime<Utc>,
}

impl std::fmt::Debug for AccountInsert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountInsert").field("name", &self.name).field("login", &self.login).finish_non_exhaustive()
    }
}

/// What sign-in checks. Stays inside the core: the hash never crosses IPC.
#[derive(Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: Option<String>,
    pub active: bool,
    pub department_id: Option<i64>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("user", &self.user).field("active", &self.active).finish_non_exhaustive()
    }
}

/// What a workflow step records besides the new status.
#[derive(Debug, Clone)]
pub enum StepEffect {
    /// Nothing but the status (accept / return routing).
    None,
    /// 评估: written onto the case.
    Assess { validity: Validity, malicious: bool, nature: Option<Nature>, cause_type: Option<CauseType>, severity: Severity },
    /// 分派: a routing-history row; the case's department becomes `department_id`.
    Route { department_id: i64, proposed_department_id: Option<i64>, reason: String },
    /// 退回分派: the case leaves its department (department_id cleared).
    Unroute,
    /// 调查: replaces the case's investigation and its lines.
    Investigate(Investigation),
    /// 方案: a new resolution with its lines.
    Propose { lines: Vec<crate::loss::ResolutionLine>, opinion: String, offered_fen: i64, loss_fen: i64, required_level: ApproverLevel },
    /// 审批 / 退回 of the resolution `resolution_id`.
    Decide { resolution_id: i64, decision: ApprovalDecision, comment: String, required_level: ApproverLevel },
    /// 答复 rejected: this round closes as it stands and `next_round` (its
    /// parent_case_id set to this case) is stored in the same transaction.
    NewRound(Box<CaseInsert>),
    /// 回访: a follow-up row (who = the step's actor, recorded at its time).
    FollowUp { visited_at: DateTime<Utc>, method: VisitMethod, satisfaction: Satisfaction, remarks: String },
}

/// One workflow step as one write: applied only if the case is still at
/// `expected_version` and in `from`; moves it to `to`, bumps the version,
/// stores the effect and the audit lines (action = `action`): "status"
/// from → to (with `reason`) when the status changes, then one per change.
#[derive(Debug, Clone)]
pub struct CaseStep {
    pub case_id: i64,
    pub expected_version: i64,
    pub from: CaseStatus,
    pub to: CaseStatus,
    pub action: &'static str,
    pub reason: Option<String>,
    pub changes: Vec<FieldChange>,
    pub effect: StepEffect,
    pub actor_id: i64,
    pub at: DateTime<Utc>,
    /// Stages finished and started by this step (see `deadlines`).
    pub deadlines: crate::deadlines::DeadlineWrites,
}

/// A stage of a case as stored, with the policy it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDeadline {
    pub deadline: crate::deadlines::CaseDeadline,
    pub policy_id: i64,
}

/// A 催办单 to record; its number is taken in the same transaction.
#[derive(Debug, Clone)]
pub struct ReminderInsert {
    pub case_id: i64,
    pub deadline_id: i64,
    pub to_department_id: Option<i64>,
    pub note: String,
    /// YYMM of the number (China time).
    pub period: String,
    pub by: Stamp,
}

/// How a new document is numbered.
#[derive(Debug, Clone)]
pub enum DocumentNumber {
    /// PREFIX-YYMM-NNNN, the month's next serial of that prefix.
    Serial(&'static str),
    /// A number the document already has (a 催办单 prints under its own).
    Fixed(String),
}

/// A document to store; what it says is written once its number is known.
#[derive(Debug, Clone)]
pub struct DocumentInsert {
    pub kind: DocumentKind,
    pub number: DocumentNumber,
    pub case_id: Option<i64>,
    pub reminder_id: Option<i64>,
    pub amount_fen: Option<i64>,
    /// YYMM of the number (China time).
    pub period: String,
    pub by: Stamp,
}

/// Given the number, what the document says (`Paper` as JSON) and its verification code.
pub type ComposeDocument<'a> = dyn Fn(&str) -> Result<(String, String)> + 'a;

pub trait Store: Send + Sync {
    fn schema_version(&self) -> Result<i64>;

    fn users(&self) -> Result<Vec<User>>;
    fn user(&self, id: i64) -> Result<Option<User>>;
    /// Creates the user, or returns the existing one of that name.
    fn ensure_user(&self, name: &str, at: DateTime<Utc>) -> Result<User>;

    fn departments(&self) -> Result<Vec<Department>>;

    // ---- accounts, roles, settings (people.rs) ------------------------

    fn insert_account(&self, account: &AccountInsert) -> Result<User>;
    /// By login, exactly as stored.
    fn credentials_by_login(&self, login: &str) -> Result<Option<Credentials>>;
    fn credentials(&self, user_id: i64) -> Result<Option<Credentials>>;
    fn accounts(&self) -> Result<Vec<Account>>;
    fn account(&self, user_id: i64) -> Result<Option<Account>>;
    /// In `Role::ALL` order.
    fn roles_of(&self, user_id: i64) -> Result<Vec<Role>>;
    /// Replaces the user's roles (audited as one "roles" change).
    fn set_roles(&self, user_id: i64, roles: &[Role], by: Stamp) -> Result<()>;
    fn set_active(&self, user_id: i64, active: bool, by: Stamp) -> Result<()>;
    /// `action` is audited: "set_password", "reset_password", "change_password".
    fn set_department(&self, user_id: i64, department_id: Option<i64>, by: Stamp) -> Result<()>;
    fn set_password_hash(&self, user_id: i64, hash: &str, action: &str, by: Stamp) -> Result<()>;
    /// Refuses a name already taken (VALIDATION on `name`).
    fn insert_department(&self, name: &str, by: Stamp) -> Result<Department>;
    fn set_department_head(&self, department_id: i64, user_id: Option<i64>, by: Stamp) -> Result<()>;
    fn department_head(&self, department_id: i64) -> Result<Option<i64>>;
    fn setting(&self, key: &str) -> Result<Option<String>>;
    /// Audited on entity "settings", id 0, with the key as field.
    fn put_setting(&self, key: &str, value: &str, by: Stamp) -> Result<()>;

    /// Stores one new case; returns its id.
    fn insert_case(&self, case: &CaseInsert) -> Result<i64>;
    /// Stores many new cases in one transaction (demo data, benchmarks).
    fn insert_cases(&self, cases: &[CaseInsert]) -> Result<usize>;
    fn update_case(&self, update: &CaseUpdate) -> Result<()>;
    fn void_case(&self, void: &CaseVoid) -> Result<()>;

    fn case(&self, id: i64) -> Result<Option<Case>>;
    fn case_page(&self, query: &CaseQuery) -> Result<CasePage>;
    fn case_count(&self) -> Result<u64>;
    /// The audit lines of one record, oldest first.
    fn audit_of(&self, entity: &str, id: i64) -> Result<Vec<AuditEntry>>;

    /// Keeps a file with a case (and audits it on the case); returns its id.
    fn insert_attachment(&self, attachment: &AttachmentInsert) -> Result<i64>;
    fn attachments(&self, case_id: i64) -> Result<Vec<Attachment>>;
    /// (file name, media type, bytes)
    fn attachment_content(&self, id: i64) -> Result<Option<(String, String, Vec<u8>)>>;

    // ---- the case workflow (sqlite/workflow.rs) -----------------------

    fn apply_step(&self, step: &CaseStep) -> Result<()>;
    /// Every rule, active or not, oldest first.
    fn routing_rules(&self) -> Result<Vec<RoutingRule>>;
    /// Refuses an unknown department (VALIDATION on `departmentId`); returns the id.
    fn insert_routing_rule(&self, rule: &RoutingRule, by: Stamp) -> Result<i64>;
    fn update_routing_rule(&self, rule: &RoutingRule, by: Stamp) -> Result<()>;
    /// Routing history of a case, oldest first.
    fn case_routes(&self, case_id: i64) -> Result<Vec<CaseRoute>>;
    fn investigation(&self, case_id: i64) -> Result<Option<Investigation>>;
    /// The case's newest resolution.
    fn resolution(&self, case_id: i64) -> Result<Option<Resolution>>;
    fn approvals(&self, case_id: i64) -> Result<Vec<Approval>>;
    /// 回访 records of a case, oldest first.
    fn follow_ups(&self, case_id: i64) -> Result<Vec<FollowUpRecord>>;
    /// The round that followed this case (its customer rejected the answer).
    fn next_round(&self, case_id: i64) -> Result<Option<i64>>;
    /// Proposed cases whose resolution needs one of `levels` and was not
    /// proposed by `not_proposed_by`, oldest proposal first.
    fn approval_queue(&self, levels: &[ApproverLevel], not_proposed_by: i64) -> Result<Vec<ApprovalItem>>;

    fn customer_by_phone(&self, phone: &str) -> Result<Option<Customer>>;
    /// A customer's cases, newest first.
    fn customer_cases(&self, customer_id: i64, limit: u32) -> Result<Vec<CaseRow>>;

    // ---- 时效 (sqlite/deadlines.rs) ---------------------------------------

    /// The calendar's years as holiday files (JSON, see `calendar`).
    fn calendar_years(&self) -> Result<Vec<String>>;
    /// Replaces (or adds) a year, audited on entity "calendar".
    fn put_calendar_year(&self, year: i32, json: &str, by: Stamp) -> Result<()>;
    fn deadline_policies(&self) -> Result<Vec<crate::deadlines::DeadlinePolicy>>;
    fn update_deadline_policy(&self, policy: &crate::deadlines::DeadlinePolicy, by: Stamp) -> Result<()>;
    /// The case's stages, oldest first (`overdue` and `late_minutes` unset).
    fn case_deadlines(&self, case_id: i64) -> Result<Vec<StoredDeadline>>;
    fn explain_late(&self, case_id: i64, deadline_id: i64, reason: &str, by: Stamp) -> Result<()>;
    /// Records the 催办单 with its number and a line on the case; returns its id.
    fn insert_reminder(&self, reminder: &ReminderInsert) -> Result<i64>;
    fn reminders(&self, case_id: i64) -> Result<Vec<crate::deadlines::Reminder>>;
    /// Open cases with a stage past `now`, counted by department.
    fn overdue_by_department(&self, now: DateTime<Utc>) -> Result<Vec<crate::deadlines::DepartmentCount>>;
    /// Open overdue cases whose policy escalates to one of `department_ids`.
    fn escalated_cases(&self, department_ids: &[i64], now: DateTime<Utc>, limit: u32) -> Result<Vec<CaseRow>>;

    /// Records that `user_id` was shown notice `kind` of a stage; false if
    /// he already was.
    fn mark_notified(&self, user_id: i64, deadline_id: i64, kind: &str, at: DateTime<Utc>) -> Result<bool>;

    /// Open 严重/危机 cases `user_id` has not acknowledged, oldest first.
    fn crisis_alerts(&self, user_id: i64) -> Result<Vec<CaseRow>>;
    /// Records that `by.actor_id` has seen the crisis (once; again is a no-op),
    /// with a line on the case's timeline.
    fn acknowledge_crisis(&self, case_id: i64, by: Stamp) -> Result<()>;

    // ---- 文书 (sqlite/documents.rs) ---------------------------------------

    /// Numbers the document, asks `compose` what it says, and stores it with
    /// a line on the case's timeline. Refuses (WRONG_STATE) a second live
    /// document of the same kind for the same case.
    fn insert_document(&self, insert: &DocumentInsert, compose: &ComposeDocument) -> Result<i64>;
    fn document_by_id(&self, id: i64) -> Result<Option<crate::documents::StoredDocument>>;
    fn document(&self, number: &str) -> Result<Option<crate::documents::StoredDocument>>;
    fn document_by_code(&self, code: &str) -> Result<Option<crate::documents::StoredDocument>>;
    /// The case's documents, oldest first.
    fn case_documents(&self, case_id: i64) -> Result<Vec<crate::documents::StoredDocument>>;
    /// Records one output of each copy; returns, per copy, whether it had
    /// been output before (a reprint).
    fn record_outputs(&self, document_id: i64, copies: &[u8], target: OutputTarget, by: Stamp) -> Result<Vec<bool>>;
    fn void_document(&self, document_id: i64, reason: &str, by: Stamp) -> Result<()>;
}
