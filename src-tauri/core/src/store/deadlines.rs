//! 时效: the working-day calendar, deadline policies, the stages of each
//! case with their due times, 催办单, notices.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::*;
use crate::error::Result;
use crate::model::*;

use super::Stamp;

/// One stage's time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StageLimit {
    pub stage: DeadlineStage,
    pub amount: u32,
    pub unit: LimitUnit,
}

/// 时效政策: the limits of an organisation type (and market).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeadlinePolicy {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub org_type: OrgType,
    /// `None`: any market.
    pub market: Option<Market>,
    pub limits: Vec<StageLimit>,
    /// Who sees an overdue case and sends the 催办单 (投诉中心 / 行政人事部 / …).
    #[ts(type = "number | null")]
    pub escalation_department_id: Option<i64>,
    pub active: bool,
}

/// One stage of one case: when it started, when it is due, when it was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseDeadline {
    #[ts(type = "number")]
    pub id: i64,
    pub stage: DeadlineStage,
    pub policy_name: String,
    /// The limit as it stood when the stage started.
    pub limit: StageLimit,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    /// Why it was late (asked for every late stage).
    pub late_reason: String,
    /// Still open and past due, by the desk's clock.
    pub overdue: bool,
    /// How late it was done, or is now if still open (minutes; 0 when on time).
    #[ts(type = "number")]
    pub late_minutes: i64,
}

/// 催办单 as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    #[ts(type = "number")]
    pub id: i64,
    pub reminder_no: String,
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_no: String,
    pub stage: Option<DeadlineStage>,
    pub due_at: Option<DateTime<Utc>>,
    pub to_department_name: Option<String>,
    pub note: String,
    pub issued_by_name: String,
    pub issued_at: DateTime<Utc>,
}

/// Overdue cases of one department (none: not yet routed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentCount {
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    #[ts(type = "number")]
    pub count: u64,
}

/// A stage that starts (its due time computed) within a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineStart {
    pub stage: DeadlineStage,
    pub policy_id: i64,
    pub limit: StageLimit,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

/// What a step does to the case's deadlines, written in its transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeadlineWrites {
    /// Open stages of these kinds are done (at the step's time).
    pub finish: Vec<DeadlineStage>,
    pub start: Vec<DeadlineStart>,
}

/// A stage of a case as stored, with the policy it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDeadline {
    pub deadline: CaseDeadline,
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

/// 时效.
pub trait DeadlineStore: Send + Sync {
    /// The calendar's years as holiday files (JSON, see `calendar`).
    fn calendar_years(&self) -> Result<Vec<String>>;
    /// Replaces (or adds) a year, audited on entity "calendar".
    fn put_calendar_year(&self, year: i32, json: &str, by: Stamp) -> Result<()>;
    fn deadline_policies(&self) -> Result<Vec<DeadlinePolicy>>;
    fn update_deadline_policy(&self, policy: &DeadlinePolicy, by: Stamp) -> Result<()>;
    /// The case's stages, oldest first (`overdue` and `late_minutes` unset).
    fn case_deadlines(&self, case_id: i64) -> Result<Vec<StoredDeadline>>;
    /// Writes (or rewrites) a stage's 超时原因, each version an audit line.
    fn explain_late(&self, case_id: i64, deadline_id: i64, reason: &str, by: Stamp) -> Result<()>;
    /// Records the 催办单 with its number and a line on the case; returns its id.
    fn insert_reminder(&self, reminder: &ReminderInsert) -> Result<i64>;
    fn reminders(&self, case_id: i64) -> Result<Vec<Reminder>>;
    /// Open cases with a stage past `now`, counted by department.
    fn overdue_by_department(&self, now: DateTime<Utc>) -> Result<Vec<DepartmentCount>>;
    /// Open overdue cases whose policy escalates to one of `department_ids`.
    fn escalated_cases(&self, department_ids: &[i64], now: DateTime<Utc>, limit: u32) -> Result<Vec<CaseRow>>;
    /// Records that `user_id` was shown notice `kind` of a stage; false if
    /// he already was.
    fn mark_notified(&self, user_id: i64, deadline_id: i64, kind: &str, at: DateTime<Utc>) -> Result<bool>;
}
