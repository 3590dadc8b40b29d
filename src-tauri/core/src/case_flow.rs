//! The case workflow's use cases (DOMAIN.md sections 3, 5, 6, 8): 评估,
//! 分派, 接收/退回分派, 调查, 方案, 审批/退回, the department inbox and the
//! approval queue; then 答复 (with a new round when the customer rejects),
//! 执行, 回访 and 结案.
//!
//! Every step goes through `take_step`: load the case and the actor's
//! account, check the role (`workflow::check_role`) and the state
//! (`workflow::next_status`), let the step validate and decide what it
//! records, then hand the store ONE write (`Store::apply_step`) that moves
//! the status, bumps the version (refused if stale), stores the step's rows
//! and its audit lines on entity "case". A refusal writes nothing.

use crate::authority::{check_may_approve, ApproverLevel};
use crate::codes::*;
use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::loss;
use crate::money::format_fen;
use crate::model::*;
use crate::routing::{self, RoutingRule};
use crate::store::{CaseInsert, CaseStep, FieldChange, Stamp, StepEffect};
use crate::{numbering, validate};
use crate::workflow::{check_role, next_status, Step};

/// How many of a customer's other cases 案件详情 and 待我审批 list.
pub const CUSTOMER_CASES_SHOWN: u32 = 20;

/// What one step records, decided once its checks have passed.
struct StepWrite {
    effect: StepEffect,
    changes: Vec<FieldChange>,
    /// Kept on the status audit line: explanation, reason, opinion, comment.
    reason: Option<String>,
}

/// The audit action of a step.
fn action(step: Step) -> &'static str {
    match step {
        Step::Assess { .. } => "assess",
        Step::Route => "route",
        Step::AcceptRouting => "accept_routing",
        Step::ReturnRouting => "return_routing",
        Step::Investigate => "investigate",
        Step::Propose => "propose",
        Step::Approve => "approve",
        Step::SendBack => "send_back",
        Step::AnswerAccepted | Step::AnswerRejected => "answer",
        Step::Execute => "execute",
        Step::FollowUp => "follow_up",
        Step::Close => "close",
        Step::Void => "void",
        Step::Transfer => "transfer",
        Step::Claim => "claim",
    }
}

/// 转交 to `to`: the 首问受理人, and the 经办人 if the old receiver held it.
fn transfer_write(case: &Case, to: &Account, reason: String) -> Result<StepWrite> {
    if to.id == case.receiver_id {
        return Err(AppError::invalid("toUserId", format!("案件已由{}负责", to.name)));
    }
    let holds = case.handler_id == case.receiver_id;
    // Names, not ids: the timeline reads them as they are (people are never renamed).
    let mut changes: Vec<FieldChange> = change("receiver", case.receiver_name.as_str(), to.name.as_str()).into_iter().collect();
    if holds {
        changes.extend(change("handler", case.handler_name.as_str(), to.name.as_str()));
    }
    Ok(StepWrite { reason: Some(reason), changes, effect: StepEffect::Transfer { receiver_id: to.id, handler_id: holds.then_some(to.id) } })
}

fn change(field: &'static str, old: impl Into<String>, new: impl Into<String>) -> Option<FieldChange> {
    let (old, new) = (old.into(), new.into());
    (old != new).then_some(FieldChange { field, old, new })
}

fn code_or_empty<T: Coded>(value: Option<T>) -> String {
    value.map(|v| v.code().to_string()).unwrap_or_default()
}

fn id_or_empty(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn optional_text(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// How responsibilities are written to the audit log: "部门id:责任人:比例;…".
fn responsibilities_text(list: &[Responsibility]) -> String {
    list.iter().map(|r| format!("{}:{}:{}", r.department_id, r.person, r.ratio_percent)).collect::<Vec<_>>().join(";")
}

fn actions_text(list: &[CorrectiveAction]) -> String {
    list.iter()
        .map(|a| format!("{}:{}:{}:{}", a.kind.code(), a.description, a.owner, a.due_date))
        .collect::<Vec<_>>()
        .join(";")
}

impl Desk {
    /// The one path of every workflow step (see the module comment).
    fn take_step(
        &self,
        actor: &User,
        case_id: i64,
        version: i64,
        step: Step,
        decide: impl FnOnce(&Case, &Account) -> Result<StepWrite>,
    ) -> Result<Case> {
        let case = self.case(case_id)?;
        // A case changed since the person loaded it is stale before anything
        // else: had it not moved on, its status might still allow the step
        // (two approvers clicking at once: the second is told it changed).
        if case.version != version {
            return Err(AppError::stale_case(&case.case_no));
        }
        let account = self.store().account(actor.id)?.ok_or_else(|| AppError::not_found("用户"))?;
        if !account.active {
            return Err(AppError::new(ErrorCode::Forbidden, "账号已停用"));
        }
        self.check_may_take(step, &case, &account)?;
        let to = next_status(case.status, step)?;
        self.check_actor(step, &case, &account)?;
        let write = decide(&case, &account)?;
        self.store().apply_step(&self.step_write(&case, version, step, to, write, actor.id)?)?;
        self.case(case_id)
    }

    /// The one write a step is: the case moves from its status to `to` at
    /// `version`, with the step's effect, audit lines and deadlines.
    fn step_write(&self, case: &Case, version: i64, step: Step, to: CaseStatus, write: StepWrite, actor_id: i64) -> Result<CaseStep> {
        Ok(CaseStep {
            case_id: case.id,
            expected_version: version,
            from: case.status,
            to,
            action: action(step),
            reason: write.reason,
            changes: write.changes,
            effect: write.effect,
            actor_id,
            at: self.now(),
            deadlines: self.deadline_writes(case, to)?,
            supersedes: crate::documents::superseding_step(case.status, step),
        })
    }

    /// The role a step needs; an agent's step belongs to the case's receiver
    /// (首问负责制, `responsibility`).
    fn check_may_take(&self, step: Step, case: &Case, account: &Account) -> Result<()> {
        if step == Step::Claim {
            check_role(&account.roles, step)?;
            return self.check_unclaimed(case);
        }
        if crate::responsibility::is_agents_step(step) {
            self.check_receiver_owns(case, account, step.label())
        } else {
            check_role(&account.roles, step)
        }
    }

    /// What a step asks of the person beyond his role: the head of the
    /// case's department accepts or returns it; only that department's people
    /// (or 质量管理部) investigate and propose, and a proposal needs the
    /// investigation first; an approver approves only within his 核决权限 and
    /// never his own proposal.
    fn check_actor(&self, step: Step, case: &Case, account: &Account) -> Result<()> {
        match step {
            Step::AcceptRouting | Step::ReturnRouting => self.check_head_of_case_department(case, account, step),
            Step::Investigate => self.check_member_of_case_department(case, account, step),
            Step::Propose => {
                self.check_member_of_case_department(case, account, step)?;
                if self.store().investigation(case.id)?.is_none() {
                    return Err(AppError::new(ErrorCode::WrongState, "请先记录调查结果（原因分析）再提出方案"));
                }
                Ok(())
            }
            // Sending a proposal back is a decision on it as much as approving
            // it: only someone who may decide that amount takes either, so a
            // proposal above a manager's authority always reaches its approver.
            Step::Approve | Step::SendBack => {
                let resolution = self.current_resolution(case)?;
                check_may_approve(account.id, &account.roles, resolution.proposer_id, resolution.offered_fen, self.thresholds()?)
            }
            _ => Ok(()),
        }
    }

    /// The steps `actor` may take on the case now: every check of
    /// `take_step` but the step's own input. 案件详情 shows these buttons.
    pub fn allowed_actions(&self, actor: &User, case: &Case) -> Result<Vec<CaseAction>> {
        let Some(account) = self.store().account(actor.id)? else { return Ok(vec![]) };
        if !account.active {
            return Ok(vec![]);
        }
        let candidates = [
            (CaseAction::Assess, Step::Assess { valid: true }),
            (CaseAction::Route, Step::Route),
            (CaseAction::AcceptRouting, Step::AcceptRouting),
            (CaseAction::ReturnRouting, Step::ReturnRouting),
            (CaseAction::Investigate, Step::Investigate),
            (CaseAction::Propose, Step::Propose),
            (CaseAction::Approve, Step::Approve),
            (CaseAction::SendBack, Step::SendBack),
            (CaseAction::Answer, Step::AnswerAccepted),
            (CaseAction::Execute, Step::Execute),
            (CaseAction::FollowUp, Step::FollowUp),
            (CaseAction::Close, Step::Close),
            (CaseAction::Transfer, Step::Transfer),
            (CaseAction::Claim, Step::Claim),
        ];
        let mut allowed = Vec::new();
        for (action, step) in candidates {
            if next_status(case.status, step).is_err() {
                continue;
            }
            match self.check_may_take(step, case, &account) {
                Ok(()) => {}
                // Not his to take (his role), or not now (a case already claimed).
                Err(e) if matches!(e.code, ErrorCode::Forbidden | ErrorCode::WrongState) => continue,
                Err(e) => return Err(e),
            }
            match self.check_actor(step, case, &account) {
                Ok(()) => allowed.push(action),
                Err(e) if matches!(e.code, ErrorCode::Forbidden | ErrorCode::WrongState) => {}
                Err(e) => return Err(e),
            }
        }
        // Editing and voiding while the case is handled, by those
        // `responsibility` names (`Desk::update_case`, `Desk::void_case`).
        if case.status.is_open() && self.may_edit(case, &account)? {
            allowed.push(CaseAction::Edit);
        }
        if next_status(case.status, Step::Void).is_ok() && self.owns_as_receiver(case, &account)? {
            allowed.push(CaseAction::Void);
        }
        if self.is_overdue(case.id)? && self.may_remind(actor, case)? {
            allowed.push(CaseAction::Remind);
        }
        Ok(allowed)
    }

    /// Everything 案件详情 shows of a case's workflow, for `actor`.
    pub fn case_workflow(&self, actor: &User, case_id: i64) -> Result<CaseWorkflow> {
        let case = self.case(case_id)?;
        let proposed_department_id = match case.status {
            CaseStatus::Assessed | CaseStatus::Routed | CaseStatus::Investigating => self.proposed_department(&case.fields)?,
            _ => None,
        };
        let next_round = match self.store().next_round(case_id)? {
            Some(id) => Some(CaseLink { id, case_no: self.case(id)?.case_no }),
            None => None,
        };
        Ok(CaseWorkflow {
            actions: self.allowed_actions(actor, &case)?,
            proposed_department_id,
            routes: self.store().case_routes(case_id)?,
            investigation: self.store().investigation(case_id)?,
            resolution: self.store().resolution(case_id)?.map(Resolution::with_line_losses),
            approvals: self.store().approvals(case_id)?,
            follow_ups: self.store().follow_ups(case_id)?,
            next_round,
            deadlines: self.case_deadlines(case_id)?,
            reminders: self.store().reminders(case_id)?,
            explainable_deadline_ids: self.explainable_deadlines(actor, &case)?,
            customer_cases: self.other_cases_of_customer(actor, &case)?,
            step_notes: self.step_notes(case_id)?,
            rejected_answer: match case.parent_case_id {
                Some(parent) => self.step_notes(parent)?.into_iter().rev().find(|n| n.step == StepNoteKind::AnswerRejected),
                None => None,
            },
            case: self.shown_to(actor, case)?,
        })
    }

    /// The texts of a case's 答复, 执行 and 结案, from the status lines of its
    /// audit log (each step writes its text there as the line's reason).
    fn step_notes(&self, case_id: i64) -> Result<Vec<StepNote>> {
        let lines = self.store().audit_of("case", case_id)?;
        Ok(lines
            .into_iter()
            .filter(|a| a.field.as_deref() == Some("status"))
            .filter_map(|a| {
                let step = match (a.action.as_str(), a.new_value.as_deref()) {
                    ("answer", Some("answered")) => StepNoteKind::Answer,
                    ("answer", _) => StepNoteKind::AnswerRejected,
                    ("execute", _) => StepNoteKind::Execution,
                    ("close", _) => StepNoteKind::Closing,
                    _ => return None,
                };
                Some(StepNote { step, text: a.reason.unwrap_or_default(), actor_name: a.actor_name, at: a.at })
            })
            .collect())
    }

    /// The customer's other cases as `actor` may see them, newest first:
    /// what an approver weighs beside the proposal (a customer who complains
    /// every month, a matter already compensated once).
    fn other_cases_of_customer(&self, actor: &User, case: &Case) -> Result<Vec<CaseRow>> {
        let mut rows = self.store().customer_cases(case.customer_id, CUSTOMER_CASES_SHOWN + 1)?;
        rows.retain(|r| r.id != case.id);
        rows.truncate(CUSTOMER_CASES_SHOWN as usize);
        self.mark_due(&mut rows);
        self.rows_shown_to(actor, rows)
    }

    // ---- 评估 ----------------------------------------------------------

    /// 评估: valid or not, nature, cause, severity, malicious. An invalid
    /// complaint needs the explanation given to the customer and is closed.
    /// Returns the department the routing rules propose for a valid one.
    pub fn assess(&self, actor: &User, case_id: i64, version: i64, a: Assessment) -> Result<Assessed> {
        let case = self.take_step(actor, case_id, version, Step::Assess { valid: a.valid }, |case, _| {
            let explanation = if a.valid {
                validate::optional("explanation", "评估说明", &a.explanation, validate::limits::REASON)?
            } else {
                validate::reason("explanation", "无效原因说明", &a.explanation)?
            };
            if a.valid && a.nature.is_none() {
                return Err(AppError::invalid("nature", "请选择投诉性质"));
            }
            if a.valid && a.cause_type.is_none() {
                return Err(AppError::invalid("causeType", "请选择投诉类别"));
            }
            let validity = if a.valid { Validity::Valid } else { Validity::Invalid };
            let changes = [
                change("validity", code_or_empty(case.validity), validity.code()),
                change("malicious", case.malicious.to_string(), a.malicious.to_string()),
                change("nature", code_or_empty(case.fields.nature), code_or_empty(a.nature)),
                change("causeType", code_or_empty(case.fields.cause_type), code_or_empty(a.cause_type)),
                change("severity", case.fields.severity.code(), a.severity.code()),
            ];
            Ok(StepWrite {
                effect: StepEffect::Assess {
                    validity,
                    malicious: a.malicious,
                    nature: a.nature,
                    cause_type: a.cause_type,
                    severity: a.severity,
                },
                changes: changes.into_iter().flatten().collect(),
                reason: optional_text(explanation),
            })
        })?;
        let proposed_department_id =
            if case.status == CaseStatus::Closed { None } else { self.proposed_department(&case.fields)? };
        Ok(Assessed { case, proposed_department_id })
    }

    fn proposed_department(&self, fields: &CaseFields) -> Result<Option<i64>> {
        let rules = self.store().routing_rules()?;
        Ok(routing::propose(&rules, fields).map(|r| r.department_id))
    }

    /// The department the active routing rules propose for a case now.
    pub fn routing_proposal(&self, case_id: i64) -> Result<Option<i64>> {
        self.proposed_department(&self.case(case_id)?.fields)
    }

    // ---- 分派 ----------------------------------------------------------

    /// 分派 / 改派 to a department. Choosing another department than the
    /// rules propose, or moving a case already routed, needs a reason.
    pub fn route(&self, actor: &User, case_id: i64, version: i64, department_id: i64, reason: &str) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::Route, |case, _| {
            self.check_department(Some(department_id))?;
            let reason = validate::optional("reason", "改派原因", reason, validate::limits::REASON)?;
            let proposed = self.proposed_department(&case.fields)?;
            let overrides = proposed.is_some_and(|p| p != department_id);
            let rerouted = case.status != CaseStatus::Assessed && case.fields.department_id != Some(department_id);
            if (overrides || rerouted) && reason.is_empty() {
                return Err(AppError::invalid("reason", "请填写改派原因"));
            }
            Ok(StepWrite {
                effect: StepEffect::Route { department_id, proposed_department_id: proposed, reason: reason.clone() },
                changes: change("departmentId", id_or_empty(case.fields.department_id), department_id.to_string())
                    .into_iter()
                    .collect(),
                reason: optional_text(reason),
            })
        })
    }

    /// 分派记录 of a case, oldest first.
    pub fn case_routes(&self, case_id: i64) -> Result<Vec<CaseRoute>> {
        self.case(case_id)?;
        self.store().case_routes(case_id)
    }

    /// The department's inbox: the tracking sheet limited to its cases.
    /// 部门收件箱: only a department the person works in (his own, or one he
    /// heads), its rows as he may see them.
    pub fn department_inbox(&self, actor: &User, department_id: i64, query: &CaseQuery) -> Result<CasePage> {
        if !self.departments_of(actor.id)?.contains(&department_id) {
            return Err(AppError::new(ErrorCode::Forbidden, "只能查看本部门的收件箱"));
        }
        let mut page = self.department_cases(department_id, query)?;
        page.rows = self.rows_shown_to(actor, std::mem::take(&mut page.rows))?;
        Ok(page)
    }

    /// The departments whose 收件箱 the person may open.
    pub fn inbox_departments(&self, actor: &User) -> Result<Vec<Department>> {
        let mine = self.departments_of(actor.id)?;
        Ok(self.departments()?.into_iter().filter(|d| mine.contains(&d.id)).collect())
    }

    pub fn department_cases(&self, department_id: i64, query: &CaseQuery) -> Result<CasePage> {
        if !self.departments()?.iter().any(|d| d.id == department_id) {
            return Err(AppError::not_found("部门"));
        }
        self.case_page(&CaseQuery { department_ids: vec![department_id], ..query.clone() })
    }

    /// Only the head of the case's department: the one set as its 部门负责人,
    /// or a 部门负责人 whose account belongs to it.
    fn check_head_of_case_department(&self, case: &Case, account: &Account, step: Step) -> Result<()> {
        let Some(dept) = case.fields.department_id else {
            return Err(AppError::new(ErrorCode::WrongState, "案件尚未分派到部门"));
        };
        let head = self.store().department_head(dept)?;
        if head == Some(account.id) || (account.roles.contains(&Role::DeptHead) && account.department_id == Some(dept)) {
            return Ok(());
        }
        let name = case.department_name.clone().unwrap_or_default();
        Err(AppError::new(ErrorCode::Forbidden, format!("只有{name}的部门负责人可以{}", step.label())))
    }

    /// Only the case department's own people (its members and its head), or
    /// 质量管理部, who rules on responsibility in any department.
    fn check_member_of_case_department(&self, case: &Case, account: &Account, step: Step) -> Result<()> {
        let Some(dept) = case.fields.department_id else {
            return Err(AppError::new(ErrorCode::WrongState, "案件尚未分派到部门"));
        };
        if account.roles.contains(&Role::Quality) || account.department_id == Some(dept) {
            return Ok(());
        }
        if self.store().department_head(dept)? == Some(account.id) {
            return Ok(());
        }
        let name = case.department_name.clone().unwrap_or_default();
        Err(AppError::new(ErrorCode::Forbidden, format!("只有{name}的人员或质量管理部可以{}", step.label())))
    }

    /// 接收分派: the department head takes the case on; it is investigated.
    pub fn accept_routing(&self, actor: &User, case_id: i64, version: i64) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::AcceptRouting, |case, account| {
            self.check_head_of_case_department(case, account, Step::AcceptRouting)?;
            Ok(StepWrite { effect: StepEffect::None, changes: vec![], reason: None })
        })
    }

    /// 退回分派: not this department's matter; back to customer service,
    /// with the reason, to be routed again.
    pub fn return_routing(&self, actor: &User, case_id: i64, version: i64, reason: &str) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::ReturnRouting, |case, account| {
            self.check_head_of_case_department(case, account, Step::ReturnRouting)?;
            let reason = validate::reason("reason", "退回原因", reason)?;
            Ok(StepWrite {
                effect: StepEffect::Unroute,
                changes: change("departmentId", id_or_empty(case.fields.department_id), "").into_iter().collect(),
                reason: Some(reason),
            })
        })
    }

    // ---- 调查 ----------------------------------------------------------

    /// 调查: cause analysis, measures, responsibility ratios (合计 100%) and
    /// corrective/preventive actions. Saved again and again while the case
    /// is being investigated; each save replaces the previous one.
    pub fn record_investigation(&self, actor: &User, case_id: i64, version: i64, inv: Investigation) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::Investigate, |case, _| {
            let inv = self.check_investigation(inv)?;
            let old = self.store().investigation(case.id)?;
            let (old_cause, old_measures, old_resp, old_actions) = match &old {
                Some(o) => (o.cause_analysis.clone(), o.measures.clone(), responsibilities_text(&o.responsibilities), actions_text(&o.actions)),
                None => Default::default(),
            };
            let changes = [
                change("causeAnalysis", old_cause, inv.cause_analysis.clone()),
                change("measures", old_measures, inv.measures.clone()),
                change("responsibilities", old_resp, responsibilities_text(&inv.responsibilities)),
                change("actions", old_actions, actions_text(&inv.actions)),
            ];
            let changes: Vec<FieldChange> = changes.into_iter().flatten().collect();
            if changes.is_empty() && old.is_some() {
                return Err(AppError::invalid("causeAnalysis", "调查内容没有变化"));
            }
            Ok(StepWrite { effect: StepEffect::Investigate(inv), changes, reason: None })
        })
    }

    fn check_investigation(&self, inv: Investigation) -> Result<Investigation> {
        let cause_analysis = validate::required("causeAnalysis", "原因分析", &inv.cause_analysis, validate::limits::LONG)?;
        let measures = validate::optional("measures", "处理措施", &inv.measures, validate::limits::LONG)?;
        let departments = self.departments()?;
        let mut responsibilities = Vec::new();
        for (i, r) in inv.responsibilities.into_iter().enumerate() {
            if !departments.iter().any(|d| d.id == r.department_id) {
                return Err(AppError::invalid(&format!("responsibilities[{i}].departmentId"), format!("第 {} 行的责任部门不存在", i + 1)));
            }
            if !(1..=100).contains(&r.ratio_percent) {
                return Err(AppError::invalid(
                    &format!("responsibilities[{i}].ratioPercent"),
                    format!("第 {} 行的责任比例应在 1% 至 100% 之间", i + 1),
                ));
            }
            let person = validate::optional(&format!("responsibilities[{i}].person"), "责任人", &r.person, validate::limits::NAME)?;
            responsibilities.push(Responsibility { person, ..r });
        }
        let total: u32 = responsibilities.iter().map(|r| r.ratio_percent as u32).sum();
        if !responsibilities.is_empty() && total != 100 {
            return Err(AppError::invalid("responsibilities", format!("责任比例合计须为 100%（现为 {total}%）")));
        }
        let mut actions = Vec::new();
        for (i, a) in inv.actions.into_iter().enumerate() {
            let description = validate::required(&format!("actions[{i}].description"), "措施内容", &a.description, validate::limits::REASON)?;
            let owner = validate::required(&format!("actions[{i}].owner"), "措施负责人", &a.owner, validate::limits::NAME)?;
            actions.push(CorrectiveAction { description, owner, ..a });
        }
        Ok(Investigation { cause_analysis, measures, responsibilities, actions })
    }

    pub fn investigation(&self, case_id: i64) -> Result<Option<Investigation>> {
        self.case(case_id)?;
        self.store().investigation(case_id)
    }

    // ---- 方案 and 审批 -------------------------------------------------

    /// 提出方案: the resolution lines and the department's opinion, sent for
    /// approval at the level its offered amount needs (核决权限).
    pub fn propose(&self, actor: &User, case_id: i64, version: i64, p: Proposal) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::Propose, |case, _| {
            if p.lines.is_empty() {
                return Err(AppError::invalid("lines", "请至少填写一项处理方式"));
            }
            for (i, line) in p.lines.iter().enumerate() {
                line.validate(i)?;
            }
            let opinion = validate::required("opinion", "部门意见", &p.opinion, validate::limits::LONG)?;
            let (offered_fen, loss_fen) = loss::totals(&p.lines);
            if offered_fen > validate::MAX_FEN {
                return Err(AppError::invalid("lines", "方案金额合计超出上限"));
            }
            let required_level = self.thresholds()?.required_level(offered_fen);
            // A new proposal replaces the one before (sent back, or changed
            // after approval): the audit shows the amounts it replaced.
            let before = self.store().resolution(case.id)?;
            let (old_offered, old_loss, old_level) = match &before {
                Some(r) => (r.offered_fen.to_string(), r.loss_fen.to_string(), r.required_level.code().to_string()),
                None => Default::default(),
            };
            Ok(StepWrite {
                changes: vec![
                    FieldChange { field: "offeredFen", old: old_offered, new: offered_fen.to_string() },
                    FieldChange { field: "lossFen", old: old_loss, new: loss_fen.to_string() },
                    FieldChange { field: "requiredLevel", old: old_level, new: required_level.code().into() },
                ],
                effect: StepEffect::Propose { lines: p.lines.clone(), opinion: opinion.clone(), offered_fen, loss_fen, required_level },
                reason: Some(opinion),
            })
        })
    }

    /// The case's current resolution (the newest proposal).
    pub fn resolution(&self, case_id: i64) -> Result<Option<Resolution>> {
        self.case(case_id)?;
        Ok(self.store().resolution(case_id)?.map(Resolution::with_line_losses))
    }

    /// Every approval decision on the case, oldest first.
    pub fn approvals(&self, case_id: i64) -> Result<Vec<Approval>> {
        self.case(case_id)?;
        self.store().approvals(case_id)
    }

    fn current_resolution(&self, case: &Case) -> Result<Resolution> {
        self.store()
            .resolution(case.id)?
            .ok_or_else(|| AppError::new(ErrorCode::WrongState, format!("案件 {} 没有待审批的方案", case.case_no)))
    }

    /// 审批通过, within the approver's 核决权限 and never his own proposal.
    /// An amount above the admin's `confirm_above_fen` is approved only
    /// `confirmed`: unconfirmed, it is refused (CONFIRMATION_NEEDED) with the
    /// amount, and the screen asks the approver once more.
    pub fn approve(&self, actor: &User, case_id: i64, version: i64, comment: &str, confirmed: bool) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::Approve, |case, _| {
            let resolution = self.current_resolution(case)?;
            let thresholds = self.thresholds()?;
            let comment = validate::optional("comment", "审批意见", comment, validate::limits::REASON)?;
            if thresholds.needs_confirmation(resolution.offered_fen) && !confirmed {
                return Err(AppError::new(
                    ErrorCode::ConfirmationNeeded,
                    format!(
                        "方案金额 {} 超过 {}，请再次确认：确定审批通过案件 {} 吗？",
                        format_fen(resolution.offered_fen),
                        format_fen(thresholds.confirm_above_fen),
                        case.case_no
                    ),
                ));
            }
            Ok(StepWrite {
                effect: StepEffect::Decide {
                    resolution_id: resolution.id,
                    decision: ApprovalDecision::Approved,
                    comment: comment.clone(),
                    required_level: thresholds.required_level(resolution.offered_fen),
                },
                changes: vec![],
                reason: optional_text(comment),
            })
        })
    }

    /// 退回: the approver sends the proposal back to the department, saying why.
    pub fn send_back(&self, actor: &User, case_id: i64, version: i64, comment: &str) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::SendBack, |case, _| {
            let resolution = self.current_resolution(case)?;
            let comment = validate::reason("comment", "退回意见", comment)?;
            Ok(StepWrite {
                effect: StepEffect::Decide {
                    resolution_id: resolution.id,
                    decision: ApprovalDecision::SentBack,
                    comment: comment.clone(),
                    required_level: self.thresholds()?.required_level(resolution.offered_fen),
                },
                changes: vec![],
                reason: Some(comment),
            })
        })
    }

    /// The active agents a case can be handed to (转交).
    pub fn agents(&self) -> Result<Vec<User>> {
        let accounts = self.store().accounts()?;
        Ok(accounts.into_iter().filter(|a| a.active && a.roles.contains(&Role::Agent)).map(|a| User { id: a.id, name: a.name }).collect())
    }

    /// 转交: the receiving agent (or his head, or an admin) hands the case to
    /// another active agent, with a reason; the timeline records it. The
    /// new agent owns it from now on (首问负责制), and holds it if the old
    /// one did.
    pub fn transfer(&self, actor: &User, case_id: i64, version: i64, to_user_id: i64, reason: &str) -> Result<Case> {
        let reason = validate::reason("reason", "转交原因", reason)?;
        let to = self.successor(to_user_id, "toUserId")?;
        self.take_step(actor, case_id, version, Step::Transfer, |case, _| transfer_write(case, &to, reason))
    }

    /// 领取: the agent becomes the case's 首问受理人 and 经办人; the timeline
    /// says who took it from whom.
    pub fn claim(&self, actor: &User, case_id: i64, version: i64) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::Claim, |case, account| transfer_write(case, account, "领取".to_string()))
    }

    /// Whether a case waits for an agent to take it: its receiver is no
    /// active agent (someone else registered it, or its agent left).
    pub(crate) fn is_unclaimed(&self, case: &Case) -> Result<bool> {
        Ok(!self.store().account(case.receiver_id)?.is_some_and(|a| a.active && a.roles.contains(&Role::Agent)))
    }

    fn check_unclaimed(&self, case: &Case) -> Result<()> {
        if self.is_unclaimed(case)? {
            return Ok(());
        }
        Err(AppError::new(ErrorCode::WrongState, format!("案件 {} 已由{}负责，不能领取", case.case_no, case.receiver_name)))
    }

    /// Those whose registered cases wait to be claimed: every account that is
    /// not an active agent.
    pub(crate) fn not_agents(&self) -> Result<Vec<i64>> {
        Ok(self.store().accounts()?.into_iter().filter(|a| !(a.active && a.roles.contains(&Role::Agent))).map(|a| a.id).collect())
    }

    /// An active agent who can take cases over, or a message naming `field`.
    fn successor(&self, user_id: i64, field: &str) -> Result<Account> {
        let to = self.store().account(user_id)?.ok_or_else(|| AppError::invalid(field, "请选择接手的客服专员"))?;
        if !to.active || !to.roles.contains(&Role::Agent) {
            return Err(AppError::invalid(field, format!("{} 不是在岗的客服专员，不能接手案件", to.name)));
        }
        Ok(to)
    }

    /// 停用 an agent: his open cases go to `successor` (转交, each on its
    /// timeline) in the transaction that switches him off; without one the
    /// admin is asked who takes them.
    pub(crate) fn handover_on_deactivation(&self, actor: &User, leaving: &Account, successor: Option<i64>) -> Result<Vec<CaseStep>> {
        let open = self.store().open_cases_received_by(leaving.id)?;
        if open.is_empty() {
            return Ok(vec![]);
        }
        let Some(successor) = successor else {
            return Err(AppError::invalid(
                "successorId",
                format!("{} 还有 {} 件未结案件，请选择接手的客服专员", leaving.name, open.len()),
            ));
        };
        if successor == leaving.id {
            return Err(AppError::invalid("successorId", "接手人不能是被停用的人"));
        }
        let to = self.successor(successor, "successorId")?;
        let reason = format!("{} 停用，案件转交 {}", leaving.name, to.name);
        open.into_iter()
            .map(|id| {
                let case = self.case(id)?;
                let write = transfer_write(&case, &to, reason.clone())?;
                self.step_write(&case, case.version, Step::Transfer, case.status, write, actor.id)
            })
            .collect()
    }

    /// 待我审批: proposed cases within the actor's authority that he did not
    /// propose himself, oldest proposal first. Empty for a non-approver.
    pub fn approval_queue(&self, actor: &User) -> Result<Vec<ApprovalItem>> {
        let roles = self.roles_of(actor.id)?;
        match ApproverLevel::of(&roles) {
            Some(level) => {
                let mut queue = self.store().approval_queue(&level.and_below(), actor.id)?;
                let viewer = self.viewer(actor)?;
                for item in &mut queue {
                    item.resolution = item.resolution.clone().with_line_losses();
                    self.mark_due(std::slice::from_mut(&mut item.case));
                    item.case = self.row_for(&viewer, item.case.clone())?;
                }
                Ok(queue)
            }
            None => Ok(vec![]),
        }
    }

    // ---- 答复, 执行, 回访, 结案 ----------------------------------------

    /// 答复: the customer is told the approved resolution (the note says
    /// what). Accepted → 已答复. Rejected → this round is closed as it
    /// stands and, in the same transaction, a new round is registered by the
    /// actor: the same customer and complaint, linked to this case.
    pub fn answer(&self, actor: &User, case_id: i64, version: i64, a: CustomerAnswer) -> Result<Answered> {
        let step = if a.accepted { Step::AnswerAccepted } else { Step::AnswerRejected };
        let case = self.take_step(actor, case_id, version, step, |case, _| {
            let note = validate::required("note", "答复内容", &a.note, validate::limits::LONG)?;
            let effect = if a.accepted { StepEffect::None } else { StepEffect::NewRound(Box::new(self.next_round_insert(actor, case))) };
            Ok(StepWrite { effect, changes: vec![], reason: Some(note) })
        })?;
        let next_round = match a.accepted {
            true => None,
            false => self.store().next_round(case.id)?.map(|id| self.case(id)).transpose()?,
        };
        Ok(Answered { case, next_round })
    }

    /// The new round of a rejected answer: the customer's and the
    /// complaint's fields as they stand, received now by `actor`, back at
    /// 已登记 with no department (it is assessed and routed again).
    fn next_round_insert(&self, actor: &User, case: &Case) -> CaseInsert {
        let now = self.now();
        CaseInsert {
            fields: CaseFields { received_at: now, department_id: None, ..case.fields.clone() },
            period: numbering::period(now),
            status: CaseStatus::Registered,
            receiver_id: actor.id,
            handler_id: actor.id,
            validity: None,
            malicious: false,
            repeat_of_id: None,
            parent_case_id: Some(case.id),
            round: case.round + 1,
            void_reason: None,
            at: now,
            audit_action: "new_round",
        }
    }

    /// The round that followed this case, if its customer rejected the answer.
    pub fn next_round(&self, case_id: i64) -> Result<Option<Case>> {
        self.case(case_id)?;
        self.store().next_round(case_id)?.map(|id| self.case(id)).transpose()
    }

    /// 执行: the resolution was carried out (certificates or return slips
    /// issued, rework done); the note says what was done.
    pub fn execute(&self, actor: &User, case_id: i64, version: i64, note: &str) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::Execute, |_, _| {
            let note = validate::required("note", "执行情况", note, validate::limits::LONG)?;
            Ok(StepWrite { effect: StepEffect::None, changes: vec![], reason: Some(note) })
        })
    }

    /// 回访: when, how (phone / in person), how satisfied, remarks; who
    /// recorded it is the actor. A visit cannot lie in the future nor
    /// before the complaint was received.
    pub fn follow_up(&self, actor: &User, case_id: i64, version: i64, f: FollowUp) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::FollowUp, |case, _| {
            if f.visited_at > self.now() {
                return Err(AppError::invalid("visitedAt", "回访时间不能晚于现在"));
            }
            if f.visited_at < case.fields.received_at {
                return Err(AppError::invalid("visitedAt", "回访时间不能早于受理时间"));
            }
            let remarks = validate::optional("remarks", "回访备注", &f.remarks, validate::limits::LONG)?;
            Ok(StepWrite {
                changes: vec![
                    FieldChange { field: "visitedAt", old: String::new(), new: f.visited_at.to_rfc3339() },
                    FieldChange { field: "visitMethod", old: String::new(), new: f.method.code().into() },
                    FieldChange { field: "satisfaction", old: String::new(), new: f.satisfaction.code().into() },
                ],
                effect: StepEffect::FollowUp { visited_at: f.visited_at, method: f.method, satisfaction: f.satisfaction, remarks: remarks.clone() },
                reason: optional_text(remarks),
            })
        })
    }

    /// 回访 records of a case, oldest first.
    pub fn follow_ups(&self, case_id: i64) -> Result<Vec<FollowUpRecord>> {
        self.case(case_id)?;
        self.store().follow_ups(case_id)
    }

    /// 结案: the case is archived (已结案), with an optional summary.
    pub fn close(&self, actor: &User, case_id: i64, version: i64, summary: &str) -> Result<Case> {
        self.take_step(actor, case_id, version, Step::Close, |_, _| {
            let summary = validate::optional("summary", "结案总结", summary, validate::limits::LONG)?;
            Ok(StepWrite { effect: StepEffect::None, changes: vec![], reason: optional_text(summary) })
        })
    }

    // ---- 分派规则 (admin) ----------------------------------------------

    /// Every routing rule, active or not, oldest first.
    pub fn routing_rules(&self) -> Result<Vec<RoutingRule>> {
        self.store().routing_rules()
    }

    fn check_rule(&self, rule: RoutingRule) -> Result<RoutingRule> {
        self.check_department(Some(rule.department_id))?;
        let item_prefix = validate::optional("itemPrefix", "料号前缀", &rule.item_prefix, validate::limits::SHORT)?;
        let mut keywords: Vec<String> = Vec::new();
        for k in &rule.keywords {
            let k = validate::optional("keywords", "关键词", k, validate::limits::KEYWORD)?;
            if !k.is_empty() && !keywords.contains(&k) {
                keywords.push(k);
            }
        }
        Ok(RoutingRule { item_prefix, keywords, ..rule })
    }

    /// 新建分派规则 (admin). The id given is ignored.
    pub fn create_routing_rule(&self, actor: &User, rule: RoutingRule) -> Result<RoutingRule> {
        self.require_admin(actor)?;
        let rule = self.check_rule(rule)?;
        let id = self.store().insert_routing_rule(&rule, Stamp { actor_id: actor.id, at: self.now() })?;
        Ok(RoutingRule { id, ..rule })
    }

    /// 修改分派规则 (admin); a rule no longer wanted is made inactive, not deleted.
    pub fn update_routing_rule(&self, actor: &User, rule: RoutingRule) -> Result<RoutingRule> {
        self.require_admin(actor)?;
        let rule = self.check_rule(rule)?;
        self.store().update_routing_rule(&rule, Stamp { actor_id: actor.id, at: self.now() })?;
        Ok(rule)
    }
}
