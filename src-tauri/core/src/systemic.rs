//! 普遍性问题 (systemic problems, seed 000 第五篇 "要考虑顾客投诉问题是否带有
//! 普遍性"; DOMAIN.md section 8): many valid complaints on the same 料号, or
//! on the same cause type within one responsible department, in a short
//! time. 质量管理部 (or an administrator) sets the rule — by default 3 or
//! more within 30 days, each kind switchable, threshold and window its own.
//!
//! Where the detection runs: inside the store transaction of the write that
//! changed the case — registration (`insert_case`), an edit
//! (`update_case`) and every workflow step (`apply_step`: assessment sets
//! validity and cause, routing the department) — in the storage modules of
//! both backends (`sqlite/systemic.rs`, `store-postgres/src/systemic.rs`).
//! So the alert exists exactly when the change that tripped it does: a
//! refused or rolled-back step raises nothing, and no second pass can miss
//! one or raise it twice. The stores read the rule from the settings in
//! that transaction, fetch the valid first-round complaints on the case's
//! subjects through the partial indexes `cases_systemic_item` and
//! `cases_systemic_cause` (a window of 受理时间, so the cost does not grow
//! with the million cases), and let `store::systemic::tripped` decide. An
//! active alert (open, acknowledged or verified) on the subject takes a
//! later matching case instead of a new alert being raised; the partial
//! unique index `systemic_alerts_one_active` stands behind that. Cases an
//! alert closed or dismissed are settled and never raise again; new ones
//! must reach the threshold among themselves. A later round of a rejected
//! answer and a 二次投诉 are the same complaint again and do not count.
//! Bulk inserts of generated data (`insert_cases`, the benchmark's million)
//! are not checked.
//!
//! This module is the rest: who sees and acts (质量管理部, 总经理, 副总经理;
//! administrators see and set the rule), the lifecycle open → acknowledged
//! with a corrective action (owner, due date, description) → verified (who,
//! when, note) → closed, and dismissing one raised wrongly with a reason.
//! Each step is one store write with its audit lines; nothing is deleted.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::*;
use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::{AuditEntry, CorrectiveAction, User};
use crate::store::systemic::{SystemicEffect, SYSTEMIC_RULE_KEY};
use crate::store::{SystemicFilter, SystemicStep};
use crate::validate;

pub use crate::store::systemic::{SystemicAlert, SystemicAlertCase, SystemicKind, SystemicKindRule, SystemicRule, SystemicState};

/// The latest cases of each alert the list shows (and the 工作台, fewer):
/// an alert left open keeps collecting cases; 处理记录 names every one.
pub const LIST_CASES_PER_ALERT: i64 = 50;
pub const DASHBOARD_CASES_PER_ALERT: i64 = 10;

/// The limits a rule may be set within.
pub const THRESHOLD_RANGE: std::ops::RangeInclusive<u32> = 2..=100;
pub const WINDOW_RANGE: std::ops::RangeInclusive<u32> = 1..=365;

/// 普遍性规则 as the settings screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicRuleView {
    pub rule: SystemicRule,
    /// 质量管理部 and administrators change it.
    pub may_edit: bool,
}

/// The 普遍性问题 list: alerts of a state (or all), newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicQuery {
    /// `None`: every state.
    #[serde(default)]
    pub state: Option<SystemicState>,
}

/// How many alerts stand in a state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicCount {
    pub state: SystemicState,
    #[ts(type = "number")]
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicList {
    pub alerts: Vec<SystemicAlert>,
    pub counts: Vec<SystemicCount>,
    /// Whether the signed-in person may acknowledge, verify, close, dismiss.
    pub may_act: bool,
}

/// One alert with its history (the audit lines of every step).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicDetail {
    pub alert: SystemicAlert,
    pub history: Vec<AuditEntry>,
    pub may_act: bool,
}

/// A lifecycle step's input: the alert and the version the person loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicStepInput {
    #[ts(type = "number")]
    pub alert_id: i64,
    #[ts(type = "number")]
    pub version: i64,
    /// 验证说明, 关闭说明 (optional) or 撤销原因.
    #[serde(default)]
    pub note: String,
}

/// 确认并制定纠正措施.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SystemicAcknowledgeInput {
    #[ts(type = "number")]
    pub alert_id: i64,
    #[ts(type = "number")]
    pub version: i64,
    pub action: CorrectiveAction,
}

/// A desktop notice of a new alert, for 质量管理部 and the managers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemicNotice {
    pub alert_id: i64,
    /// "料号 PCB-4L-1.6-0345：30 天内 3 件有效投诉，请确认并制定纠正措施"
    pub text: String,
}

/// The alert's subject in words: "料号 PCB-4L" or "业务部 · 出品质量".
pub fn subject_text(a: &SystemicAlert) -> String {
    match a.kind {
        SystemicKind::Item => format!("料号 {}", a.item_no.clone().unwrap_or_default()),
        SystemicKind::CauseDepartment => format!(
            "{} · {}",
            a.department_name.clone().unwrap_or_default(),
            a.cause_type.map_or("", CauseType::label)
        ),
    }
}

fn check_kind_rule(field: &str, rule: &SystemicKindRule) -> Result<()> {
    if !THRESHOLD_RANGE.contains(&rule.threshold) {
        return Err(AppError::invalid(
            &format!("{field}.threshold"),
            format!("投诉件数应在 {} 至 {} 之间", THRESHOLD_RANGE.start(), THRESHOLD_RANGE.end()),
        ));
    }
    if !WINDOW_RANGE.contains(&rule.window_days) {
        return Err(AppError::invalid(
            &format!("{field}.windowDays"),
            format!("天数应在 {} 至 {} 之间", WINDOW_RANGE.start(), WINDOW_RANGE.end()),
        ));
    }
    Ok(())
}

impl Desk {
    /// (sees alerts and the rule, acts on alerts, sets the rule).
    fn systemic_roles(&self, actor: &User) -> Result<(bool, bool, bool)> {
        let roles = self.roles_of(actor.id)?;
        let has = |r: Role| roles.contains(&r);
        let acts = has(Role::Quality) || has(Role::Gm) || has(Role::ViceGm);
        let sets = has(Role::Quality) || has(Role::Admin);
        Ok((acts || has(Role::Admin), acts, sets))
    }

    fn require_systemic(&self, actor: &User) -> Result<bool> {
        let (sees, acts, _) = self.systemic_roles(actor)?;
        if !sees {
            return Err(AppError::new(ErrorCode::Forbidden, "普遍性问题只对质量管理部、总经理、副总经理和系统管理员开放"));
        }
        Ok(acts)
    }

    fn stored_systemic_rule(&self) -> Result<SystemicRule> {
        SystemicRule::from_setting(self.store().setting(SYSTEMIC_RULE_KEY)?.as_deref())
    }

    /// 普遍性规则.
    pub fn systemic_rule(&self, actor: &User) -> Result<SystemicRuleView> {
        self.require_systemic(actor)?;
        let (_, _, may_edit) = self.systemic_roles(actor)?;
        Ok(SystemicRuleView { rule: self.stored_systemic_rule()?, may_edit })
    }

    /// 保存普遍性规则 (质量管理部, administrators): applies to the checks
    /// from now on; alerts already raised keep the rule they tripped.
    pub fn set_systemic_rule(&self, actor: &User, rule: SystemicRule) -> Result<SystemicRuleView> {
        let (_, _, sets) = self.systemic_roles(actor)?;
        if !sets {
            return Err(AppError::new(ErrorCode::Forbidden, "普遍性规则由质量管理部设定"));
        }
        let problems: Vec<AppError> = [check_kind_rule("item", &rule.item), check_kind_rule("causeDepartment", &rule.cause_department)]
            .into_iter()
            .filter_map(|r| r.err())
            .collect();
        if let Some(refusal) = AppError::all_of(problems) {
            return Err(refusal);
        }
        let json = serde_json::to_string(&rule).expect("plain values");
        self.store().put_setting(SYSTEMIC_RULE_KEY, &json, self.stamp(actor))?;
        self.systemic_rule(actor)
    }

    /// The active alerts (open, acknowledged, verified), newest first, for
    /// those they go to; nobody else gets any (the 工作台's panel).
    pub fn active_systemic_alerts(&self, actor: &User) -> Result<Vec<SystemicAlert>> {
        let (sees, _, _) = self.systemic_roles(actor)?;
        if !sees {
            return Ok(Vec::new());
        }
        self.store().systemic_alerts(&SystemicFilter {
            states: SystemicState::ACTIVE.to_vec(),
            alert_id: None,
            cases_per_alert: Some(DASHBOARD_CASES_PER_ALERT),
        })
    }

    /// The desktop notices `actor` has not seen: each alert still 待处理,
    /// once, to those who act on alerts (质量管理部, 总经理, 副总经理).
    pub fn systemic_notices(&self, actor: &User) -> Result<Vec<SystemicNotice>> {
        let (_, acts, _) = self.systemic_roles(actor)?;
        if !acts {
            return Ok(Vec::new());
        }
        let now = self.now();
        let mut notices = Vec::new();
        let open = SystemicFilter { states: vec![SystemicState::Open], alert_id: None, cases_per_alert: Some(1) };
        for a in self.store().systemic_alerts(&open)? {
            if self.store().mark_systemic_notified(actor.id, a.id, now)? {
                let text = format!("{}：{} 天内 {} 件有效投诉，请确认并制定纠正措施", subject_text(&a), a.window_days, a.case_count);
                notices.push(SystemicNotice { alert_id: a.id, text });
            }
        }
        Ok(notices)
    }

    /// 普遍性问题: the alerts of the query and each state's count.
    pub fn systemic_alerts(&self, actor: &User, query: &SystemicQuery) -> Result<SystemicList> {
        let may_act = self.require_systemic(actor)?;
        let all = self.store().systemic_alerts(&SystemicFilter { cases_per_alert: Some(LIST_CASES_PER_ALERT), ..SystemicFilter::default() })?;
        let counts = <SystemicState as Coded>::all()
            .iter()
            .map(|&state| SystemicCount { state, count: all.iter().filter(|a| a.state == state).count() as u64 })
            .collect();
        let alerts = all.into_iter().filter(|a| query.state.is_none_or(|s| a.state == s)).collect();
        Ok(SystemicList { alerts, counts, may_act })
    }

    /// One alert and its history.
    pub fn systemic_alert(&self, actor: &User, alert_id: i64) -> Result<SystemicDetail> {
        let may_act = self.require_systemic(actor)?;
        let alert = self.alert_of(alert_id, None)?;
        let history = self.store().audit_of("systemic_alert", alert_id)?;
        Ok(SystemicDetail { alert, history, may_act })
    }

    fn alert_of(&self, alert_id: i64, cases_per_alert: Option<i64>) -> Result<SystemicAlert> {
        self.store()
            .systemic_alerts(&SystemicFilter { states: Vec::new(), alert_id: Some(alert_id), cases_per_alert })?
            .pop()
            .ok_or_else(|| AppError::not_found("普遍性问题"))
    }

    /// The one path of every lifecycle step: who, the version, the state.
    fn systemic_step(&self, actor: &User, alert_id: i64, version: i64, to: SystemicState, effect: SystemicEffect) -> Result<SystemicDetail> {
        if !self.require_systemic(actor)? {
            return Err(AppError::new(ErrorCode::Forbidden, "普遍性问题由质量管理部或总经理、副总经理处理"));
        }
        let alert = self.alert_of(alert_id, Some(1))?;
        if alert.version != version {
            return Err(crate::store::systemic::systemic_changed());
        }
        let allowed = match to {
            SystemicState::Acknowledged => alert.state == SystemicState::Open,
            SystemicState::Verified => alert.state == SystemicState::Acknowledged,
            SystemicState::Closed => alert.state == SystemicState::Verified,
            SystemicState::Dismissed => matches!(alert.state, SystemicState::Open | SystemicState::Acknowledged),
            SystemicState::Open => false,
        };
        if !allowed {
            return Err(AppError::new(
                ErrorCode::WrongState,
                format!("这条普遍性问题{}，不能{}", <SystemicState as Coded>::label(alert.state), step_word(to)),
            ));
        }
        self.store().systemic_step(&SystemicStep {
            alert_id,
            expected_version: version,
            from: alert.state,
            to,
            effect,
            by: self.stamp(actor),
        })?;
        self.systemic_alert(actor, alert_id)
    }

    /// 确认并制定纠正措施: owner, due date (not before today) and description.
    pub fn acknowledge_systemic(&self, actor: &User, input: SystemicAcknowledgeInput) -> Result<SystemicDetail> {
        let a = input.action;
        let description = validate::required("action.description", "措施内容", &a.description, validate::limits::REASON);
        let owner = validate::required("action.owner", "措施负责人", &a.owner, validate::limits::NAME);
        let today = self.org_day_of(self.now())?;
        let due = if a.due_date < today {
            Err(AppError::invalid("action.dueDate", format!("完成期限 {} 早于今天（{today}）", a.due_date)))
        } else {
            Ok(a.due_date)
        };
        let (description, owner, due_date) = match (description, owner, due) {
            (Ok(d), Ok(o), Ok(due)) => (d, o, due),
            (d, o, due) => return Err(AppError::all_of([d.err(), o.err(), due.err()].into_iter().flatten().collect()).expect("a refusal")),
        };
        let action = CorrectiveAction { kind: a.kind, description, owner, due_date };
        self.systemic_step(actor, input.alert_id, input.version, SystemicState::Acknowledged, SystemicEffect::Acknowledge(action))
    }

    /// 验证: the corrective action's effect, in words (required).
    pub fn verify_systemic(&self, actor: &User, input: SystemicStepInput) -> Result<SystemicDetail> {
        let note = validate::reason("note", "验证说明", &input.note)?;
        self.systemic_step(actor, input.alert_id, input.version, SystemicState::Verified, SystemicEffect::Verify { note })
    }

    /// 关闭 a verified alert (a note is optional).
    pub fn close_systemic(&self, actor: &User, input: SystemicStepInput) -> Result<SystemicDetail> {
        let note = validate::optional("note", "关闭说明", &input.note, validate::limits::REASON)?;
        self.systemic_step(actor, input.alert_id, input.version, SystemicState::Closed, SystemicEffect::Close { note })
    }

    /// 撤销 an alert raised wrongly, with the reason; it is kept, never deleted.
    pub fn dismiss_systemic(&self, actor: &User, input: SystemicStepInput) -> Result<SystemicDetail> {
        let reason = validate::reason("note", "撤销原因", &input.note)?;
        self.systemic_step(actor, input.alert_id, input.version, SystemicState::Dismissed, SystemicEffect::Dismiss { reason })
    }

    fn org_day_of(&self, at: chrono::DateTime<chrono::Utc>) -> Result<chrono::NaiveDate> {
        let day = self.time_zone()?.day(at);
        chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| AppError::new(ErrorCode::Storage, e.to_string()))
    }
}

fn step_word(to: SystemicState) -> &'static str {
    match to {
        SystemicState::Acknowledged => "确认整改",
        SystemicState::Verified => "验证",
        SystemicState::Closed => "关闭",
        SystemicState::Dismissed => "撤销",
        SystemicState::Open => "重新打开",
    }
}
