//! The case workflow: steps with their effects, routing rules and history,
//! investigation, resolutions, approvals, follow-ups, new rounds.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::authority::ApproverLevel;
use crate::codes::*;
use crate::error::Result;
use crate::model::*;

use super::{CaseInsert, FieldChange, Stamp};
use super::deadlines::DeadlineWrites;

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
    /// 转交: the case's 首问受理人 becomes `receiver_id`; its 经办人 too
    /// when `handler_id` is set (the old receiver was holding it).
    Transfer { receiver_id: i64, handler_id: Option<i64> },
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
    pub deadlines: DeadlineWrites,
    /// The case's certificates this step voids (it supersedes their approval).
    pub supersedes: Option<super::Superseded>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoutingRule {
    #[ts(type = "number")]
    pub id: i64,
    pub nature: Option<Nature>,
    pub cause_type: Option<CauseType>,
    pub channel: Option<Channel>,
    /// Matches 料号 that start with it ("PCB-4L" matches "PCB-4L-1.6-0345").
    pub item_prefix: String,
    /// Matches when the content contains any of them.
    pub keywords: Vec<String>,
    #[ts(type = "number")]
    pub department_id: i64,
    /// Breaks ties between equally specific rules: higher wins.
    pub priority: i32,
    pub active: bool,
}

/// The workflow. `apply_step` is one step as one transaction.
pub trait WorkflowStore: Send + Sync {
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
}
