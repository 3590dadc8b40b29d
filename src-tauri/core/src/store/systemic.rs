//! 普遍性问题 (systemic problems): the rule, the alerts it raises and their
//! lifecycle, as the stores read and write them.
//!
//! The rule is judged by `tripped`, plain Rust both backends call from
//! inside the transaction of the write that changed a case (see
//! `crate::systemic` for why there): the storage modules only fetch the
//! candidates through their indexes and record what `tripped` decided.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::{CaseStatus, CauseType, Coded};
use crate::error::Result;
use crate::model::CorrectiveAction;

use super::Stamp;

/// The settings key the rule is kept under (JSON of `SystemicRule`).
pub const SYSTEMIC_RULE_KEY: &str = "systemic_rule";

/// What the complaints of an alert have in common.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum SystemicKind {
    /// 同一料号/产品
    #[serde(rename = "item")]
    Item,
    /// 同一部门同类原因
    #[serde(rename = "cause_department")]
    CauseDepartment,
}

/// Where an alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum SystemicState {
    /// 待处理: raised, nobody has taken it on yet.
    #[serde(rename = "open")]
    Open,
    /// 整改中: a corrective action is set (owner, due date).
    #[serde(rename = "acknowledged")]
    Acknowledged,
    /// 已验证: the action's effect was checked.
    #[serde(rename = "verified")]
    Verified,
    /// 已关闭
    #[serde(rename = "closed")]
    Closed,
    /// 已撤销: raised wrongly, dismissed with a reason.
    #[serde(rename = "dismissed")]
    Dismissed,
}

impl Coded for SystemicKind {
    fn code(self) -> &'static str {
        match self {
            SystemicKind::Item => "item",
            SystemicKind::CauseDepartment => "cause_department",
        }
    }
    fn label(self) -> &'static str {
        match self {
            SystemicKind::Item => "同一料号",
            SystemicKind::CauseDepartment => "同一部门同类原因",
        }
    }
    fn from_code(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|k| k.code() == code)
    }
    fn all() -> &'static [Self] {
        &[SystemicKind::Item, SystemicKind::CauseDepartment]
    }
}

impl Coded for SystemicState {
    fn code(self) -> &'static str {
        match self {
            SystemicState::Open => "open",
            SystemicState::Acknowledged => "acknowledged",
            SystemicState::Verified => "verified",
            SystemicState::Closed => "closed",
            SystemicState::Dismissed => "dismissed",
        }
    }
    fn label(self) -> &'static str {
        match self {
            SystemicState::Open => "待处理",
            SystemicState::Acknowledged => "整改中",
            SystemicState::Verified => "已验证",
            SystemicState::Closed => "已关闭",
            SystemicState::Dismissed => "已撤销",
        }
    }
    fn from_code(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|s| s.code() == code)
    }
    fn all() -> &'static [Self] {
        &[SystemicState::Open, SystemicState::Acknowledged, SystemicState::Verified, SystemicState::Closed, SystemicState::Dismissed]
    }
}

impl SystemicState {
    /// The states in which an alert collects later matching cases and shows
    /// on the 工作台; one such alert per subject at most.
    pub const ACTIVE: [SystemicState; 3] = [SystemicState::Open, SystemicState::Acknowledged, SystemicState::Verified];

    pub fn is_active(self) -> bool {
        Self::ACTIVE.contains(&self)
    }
}

/// One kind's threshold: `threshold` valid complaints within `window_days`
/// consecutive days (China calendar days of 受理时间).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicKindRule {
    pub enabled: bool,
    pub threshold: u32,
    pub window_days: u32,
}

/// 普遍性规则, set by 质量管理部 (or an administrator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicRule {
    /// Same 料号/产品.
    pub item: SystemicKindRule,
    /// Same cause type within one responsible department.
    pub cause_department: SystemicKindRule,
}

impl Default for SystemicRule {
    /// The default: 3 or more within 30 days, both kinds on.
    fn default() -> Self {
        let on = SystemicKindRule { enabled: true, threshold: 3, window_days: 30 };
        SystemicRule { item: on, cause_department: on }
    }
}

impl SystemicRule {
    pub fn of(&self, kind: SystemicKind) -> SystemicKindRule {
        match kind {
            SystemicKind::Item => self.item,
            SystemicKind::CauseDepartment => self.cause_department,
        }
    }

    /// The stored rule, or the default when none was ever saved.
    pub fn from_setting(value: Option<&str>) -> Result<SystemicRule> {
        match value {
            None => Ok(SystemicRule::default()),
            Some(text) => serde_json::from_str(text).map_err(|e| {
                crate::error::AppError::new(crate::error::ErrorCode::Storage, format!("普遍性规则无法读取：{e}"))
            }),
        }
    }
}

/// The fields of a case the rule looks at, read in the writing transaction
/// (only for a valid first-round complaint that is not voided).
#[derive(Debug, Clone)]
pub struct SystemicSubject {
    pub case_id: i64,
    pub item_no: String,
    pub department_id: Option<i64>,
    pub cause_type: Option<CauseType>,
    pub received_at: DateTime<Utc>,
}

/// What one alert is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SystemicKey {
    Item(String),
    CauseDepartment { department_id: i64, cause_type: CauseType },
}

impl SystemicKey {
    pub fn kind(&self) -> SystemicKind {
        match self {
            SystemicKey::Item(_) => SystemicKind::Item,
            SystemicKey::CauseDepartment { .. } => SystemicKind::CauseDepartment,
        }
    }

    /// The text the one-active-alert index is on.
    pub fn text(&self) -> String {
        match self {
            SystemicKey::Item(item) => item.clone(),
            SystemicKey::CauseDepartment { department_id, cause_type } => format!("{department_id}:{}", cause_type.code()),
        }
    }
}

impl SystemicSubject {
    /// The subjects the enabled kinds of the rule ask about for this case.
    pub fn keys(&self, rule: &SystemicRule) -> Vec<SystemicKey> {
        let mut keys = Vec::new();
        let item = self.item_no.trim();
        if rule.item.enabled && !item.is_empty() {
            keys.push(SystemicKey::Item(item.to_string()));
        }
        if let (true, Some(department_id), Some(cause_type)) = (rule.cause_department.enabled, self.department_id, self.cause_type) {
            keys.push(SystemicKey::CauseDepartment { department_id, cause_type });
        }
        keys
    }
}

/// The range of 受理时间 a store fetches around the subject's for `rule`:
/// wide enough for every window of `window_days` China days holding it.
pub fn candidate_range(rule: &SystemicKindRule, received_at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let span = chrono::Duration::days(i64::from(rule.window_days) + 1);
    (received_at - span, received_at + span)
}

/// The China calendar day of an instant (days since 1970-01-01, UTC+8).
fn china_day(at: DateTime<Utc>) -> i64 {
    (at.timestamp() + 8 * 3600).div_euclid(86_400)
}

/// Whether the rule trips for the subject, given the valid complaints on its
/// subject around it (`candidates`: case id and 受理时间, the subject among
/// them): the cases of the fullest window of `window_days` consecutive days
/// that holds the subject, if it holds `threshold` or more (the earliest
/// such window on a tie). Cases received the same day count in the same window.
pub fn tripped(rule: &SystemicKindRule, subject: &SystemicSubject, candidates: &[(i64, DateTime<Utc>)]) -> Option<Vec<i64>> {
    if !rule.enabled || rule.threshold == 0 || rule.window_days == 0 {
        return None;
    }
    let mut all: Vec<(i64, i64)> = candidates.iter().map(|&(id, at)| (id, china_day(at))).collect();
    if !all.iter().any(|&(id, _)| id == subject.case_id) {
        all.push((subject.case_id, china_day(subject.received_at)));
    }
    let day = china_day(subject.received_at);
    let width = i64::from(rule.window_days);
    let mut best: Option<Vec<i64>> = None;
    for start in (day - width + 1)..=day {
        let mut ids: Vec<i64> = all.iter().filter(|&&(_, d)| d >= start && d < start + width).map(|&(id, _)| id).collect();
        if ids.len() >= rule.threshold as usize && best.as_ref().is_none_or(|b| ids.len() > b.len()) {
            ids.sort_unstable();
            ids.dedup();
            best = Some(ids);
        }
    }
    best
}

/// A case linked to an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicAlertCase {
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_no: String,
    pub received_at: DateTime<Utc>,
    pub status: CaseStatus,
    /// When it was linked: with the alert, or later when it joined.
    pub joined_at: DateTime<Utc>,
}

/// An alert as stored, with its cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicAlert {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: SystemicKind,
    /// 料号 (kind item).
    pub item_no: Option<String>,
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub cause_type: Option<CauseType>,
    /// The rule when it tripped.
    pub threshold: u32,
    pub window_days: u32,
    pub state: SystemicState,
    #[ts(type = "number")]
    pub version: i64,
    pub raised_at: DateTime<Utc>,
    /// Whose step made it trip.
    pub raised_by_name: String,
    #[ts(type = "number")]
    pub trigger_case_id: i64,
    /// 纠正和预防措施, set when acknowledged.
    pub action: Option<CorrectiveAction>,
    pub acknowledged_by_name: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub verification_note: Option<String>,
    pub verified_by_name: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    pub closing_note: Option<String>,
    pub closed_by_name: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub dismiss_reason: Option<String>,
    pub dismissed_by_name: Option<String>,
    pub dismissed_at: Option<DateTime<Utc>>,
    /// How many cases are linked in all.
    #[ts(type = "number")]
    pub case_count: i64,
    /// The linked cases by 受理时间: all of them, or the latest
    /// `SystemicFilter::cases_per_alert` (an alert nobody closes keeps collecting).
    pub cases: Vec<SystemicAlertCase>,
}

/// Which alerts to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct SystemicFilter {
    /// Empty: every state.
    pub states: Vec<SystemicState>,
    pub alert_id: Option<i64>,
    /// At most this many cases per alert (the latest); `None`: all.
    pub cases_per_alert: Option<i64>,
}

/// At most this many alerts are read at once (an organisation has a few a month).
pub const SYSTEMIC_ALERTS_READ: i64 = 500;

/// What a lifecycle step records besides the state.
#[derive(Debug, Clone)]
pub enum SystemicEffect {
    Acknowledge(CorrectiveAction),
    Verify { note: String },
    Close { note: String },
    Dismiss { reason: String },
}

/// One lifecycle step on an alert, applied only if it still stands at
/// `from` and `expected_version` (else STALE_EDIT).
#[derive(Debug, Clone)]
pub struct SystemicStep {
    pub alert_id: i64,
    pub expected_version: i64,
    pub from: SystemicState,
    pub to: SystemicState,
    pub effect: SystemicEffect,
    pub by: Stamp,
}

/// 普遍性问题. Raising and joining happen inside the case writes
/// (`insert_case`, `update_case`, `apply_step`), not here. Each step is one
/// transaction with its audit lines on entity "systemic_alert": `state`
/// (old → new, the note or reason with it) and, when acknowledged, the
/// action's `actionDescription`, `actionOwner`, `actionDueDate`.
pub trait SystemicStore: Send + Sync {
    fn systemic_alerts(&self, filter: &SystemicFilter) -> Result<Vec<SystemicAlert>>;
    fn systemic_step(&self, step: &SystemicStep) -> Result<()>;
    /// Records that `user_id` was shown the desktop notice of an alert; false if he already was.
    fn mark_systemic_notified(&self, user_id: i64, alert_id: i64, at: DateTime<Utc>) -> Result<bool>;
}

/// The refusal when the alert changed since the person loaded it.
pub fn systemic_changed() -> crate::error::AppError {
    crate::error::AppError::new(crate::error::ErrorCode::StaleEdit, "这条普遍性问题刚被他人处理，本次没有保存：请刷新后再操作。")
}

/// The audit lines' text of a corrective action's due date.
pub fn due_text(date: NaiveDate) -> String {
    date.to_string()
}

/// The audit action of a lifecycle step.
pub fn step_action(s: &SystemicStep) -> &'static str {
    match s.effect {
        SystemicEffect::Acknowledge(_) => "systemic_acknowledge",
        SystemicEffect::Verify { .. } => "systemic_verify",
        SystemicEffect::Close { .. } => "systemic_close",
        SystemicEffect::Dismiss { .. } => "systemic_dismiss",
    }
}

/// A step's audit lines (field, old, new, reason), the same on both
/// backends: the state with the note or reason, and an acknowledgement's action.
pub fn step_lines(s: &SystemicStep) -> Vec<(&'static str, Option<String>, Option<String>, Option<String>)> {
    let state = |reason: Option<&str>| ("state", Some(s.from.code().to_string()), Some(s.to.code().to_string()), reason.map(str::to_string));
    match &s.effect {
        SystemicEffect::Acknowledge(a) => vec![
            state(None),
            ("actionKind", None, Some(a.kind.code().to_string()), None),
            ("actionDescription", None, Some(a.description.clone()), None),
            ("actionOwner", None, Some(a.owner.clone()), None),
            ("actionDueDate", None, Some(due_text(a.due_date)), None),
        ],
        SystemicEffect::Verify { note } | SystemicEffect::Close { note } => vec![state((!note.is_empty()).then_some(note.as_str()))],
        SystemicEffect::Dismiss { reason } => vec![state(Some(reason))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        // Beijing time `hour` on 2026-11-`day`.
        Utc.with_ymd_and_hms(2026, 11, day, 0, 0, 0).unwrap() + chrono::Duration::hours(i64::from(hour) - 8)
    }

    fn subject(id: i64, received_at: DateTime<Utc>) -> SystemicSubject {
        SystemicSubject { case_id: id, item_no: "A-1".into(), department_id: None, cause_type: None, received_at }
    }

    const RULE: SystemicKindRule = SystemicKindRule { enabled: true, threshold: 3, window_days: 30 };

    #[test]
    fn three_within_thirty_calendar_days_trip_and_the_thirty_first_day_is_outside() {
        // 1 Nov 09:00, 20 Nov, and 30 Nov 23:00: within the 30 days 1–30 Nov.
        let cases = [(1, at(1, 9)), (2, at(20, 10)), (3, at(30, 23))];
        assert_eq!(tripped(&RULE, &subject(3, at(30, 23)), &cases), Some(vec![1, 2, 3]));
        // The third on 1 Dec 00:30 (Beijing): 31 days from 1 Nov, not within 30.
        let late = at(30, 24) + chrono::Duration::minutes(30);
        let cases = [(1, at(1, 9)), (2, at(20, 10)), (3, late)];
        assert_eq!(tripped(&RULE, &subject(3, late), &cases), None);
        // Two are not enough.
        assert_eq!(tripped(&RULE, &subject(2, at(20, 10)), &cases[..2]), None);
    }

    #[test]
    fn a_case_registered_late_completes_a_window_after_it() {
        // The subject is the earliest: the window reaches forward from it.
        let cases = [(7, at(2, 9)), (8, at(10, 9)), (9, at(25, 9)), (10, at(28, 9))];
        assert_eq!(tripped(&RULE, &subject(7, at(2, 9)), &cases), Some(vec![7, 8, 9, 10]));
    }

    #[test]
    fn a_kind_switched_off_never_trips() {
        let off = SystemicKindRule { enabled: false, ..RULE };
        let cases = [(1, at(1, 9)), (2, at(2, 9)), (3, at(3, 9))];
        assert_eq!(tripped(&off, &subject(3, at(3, 9)), &cases), None);
    }
}
