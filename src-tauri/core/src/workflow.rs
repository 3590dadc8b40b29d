//! The case lifecycle as an explicit state machine (DOMAIN.md section 3):
//! 登记 → 评估 → 分派 → 调查 → 方案 → 审批 → 答复 → 执行 → 回访 → 结案.
//! `next_status` is the only place that knows which step may follow which;
//! `check_role` says who may take a step. Both refuse with a message that
//! says why, and the caller then writes nothing.

use crate::codes::{CaseStatus, Role};
use crate::error::{AppError, ErrorCode, Result};

/// What someone does to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// 评估: valid or not, nature, cause, severity, malicious flag.
    Assess { valid: bool },
    /// 分派 (or 改派) to the responsible department.
    Route,
    /// The department head takes the routed case on.
    AcceptRouting,
    /// The department head sends it back to customer service (wrong department).
    ReturnRouting,
    /// 调查: cause analysis, measures, responsibility (the step stays open).
    Investigate,
    /// 方案: the proposed resolution, sent for approval.
    Propose,
    Approve,
    /// 退回: the approver sends the proposal back to the department.
    SendBack,
    /// 答复: the customer accepts the approved resolution.
    AnswerAccepted,
    /// 答复: the customer rejects it; the matter goes on in a new, linked round.
    AnswerRejected,
    /// 执行: certificates issued, goods returned, rework done.
    Execute,
    /// 转交: the receiving agent hands the case to another agent (首问负责制).
    Transfer,
    /// 领取: an agent takes on a registered case nobody at the desk owns
    /// (registered by someone who is no agent, or whose agent left).
    Claim,
    /// 回访
    FollowUp,
    /// 结案
    Close,
    /// 作废: a wrong registration.
    Void,
}

impl Step {
    pub fn label(self) -> &'static str {
        match self {
            Step::Assess { .. } => "评估",
            Step::Route => "分派",
            Step::AcceptRouting => "接收分派",
            Step::ReturnRouting => "退回分派",
            Step::Investigate => "记录调查",
            Step::Propose => "提出方案",
            Step::Approve => "审批通过",
            Step::SendBack => "审批退回",
            Step::AnswerAccepted | Step::AnswerRejected => "答复客户",
            Step::Execute => "执行",
            Step::FollowUp => "回访",
            Step::Close => "结案",
            Step::Void => "作废",
            Step::Transfer => "转交",
            Step::Claim => "领取",
        }
    }

    /// The roles that may take this step (the approver's amount authority
    /// is checked separately, see `authority`).
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Step::Assess { .. } | Step::Route | Step::AnswerAccepted | Step::AnswerRejected => &[Agent],
            Step::FollowUp | Step::Close | Step::Void | Step::Transfer | Step::Claim => &[Agent],
            Step::AcceptRouting | Step::ReturnRouting => &[DeptHead],
            Step::Investigate | Step::Propose => &[Handler, DeptHead, Quality],
            Step::Approve | Step::SendBack => &[SalesManager, ViceGm, Gm],
            Step::Execute => &[Agent, Handler, DeptHead],
        }
    }
}

/// The status a case reaches by `step`, or why the step does not fit now.
pub fn next_status(from: CaseStatus, step: Step) -> Result<CaseStatus> {
    use CaseStatus::*;
    let to = match (from, step) {
        (Registered | Assessed, Step::Assess { valid: true }) => Some(Assessed),
        // An invalid complaint is explained to the customer and closed.
        (Registered | Assessed, Step::Assess { valid: false }) => Some(Closed),
        (Assessed | Routed | Investigating, Step::Route) => Some(Routed),
        (Routed, Step::AcceptRouting) => Some(Investigating),
        (Routed, Step::ReturnRouting) => Some(Assessed),
        (Investigating, Step::Investigate) => Some(Investigating),
        (Investigating, Step::Propose) => Some(Proposed),
        // A changed proposal after approval (before the customer is answered)
        // needs approving again: the earlier approval no longer counts.
        (Approved, Step::Propose) => Some(Proposed),
        (Proposed, Step::Approve) => Some(Approved),
        (Proposed, Step::SendBack) => Some(Investigating),
        (Approved, Step::AnswerAccepted) => Some(Answered),
        // The rejected round is closed as it stands; a new case carries on.
        (Approved, Step::AnswerRejected) => Some(Closed),
        (Answered, Step::Execute) => Some(Executed),
        (Executed, Step::FollowUp) => Some(FollowedUp),
        (FollowedUp, Step::Close) => Some(Closed),
        (Registered | Assessed | Routed | Investigating | Proposed, Step::Void) => Some(Voided),
        // Handing a case on does not move it.
        (open, Step::Transfer) if open.is_open() => Some(open),
        (Registered, Step::Claim) => Some(Registered),
        _ => None,
    };
    to.ok_or_else(|| {
        AppError::new(ErrorCode::WrongState, format!("案件当前为「{}」，不能{}", from.label(), step.label()))
    })
}

/// Refuses a step the person's roles do not allow.
pub fn check_role(roles: &[Role], step: Step) -> Result<()> {
    let allowed = step.roles();
    if roles.iter().any(|r| allowed.contains(r)) {
        return Ok(());
    }
    let who: Vec<&str> = allowed.iter().map(|r| r.label()).collect();
    Err(AppError::new(ErrorCode::Forbidden, format!("只有{}可以{}", who.join("、"), step.label())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    #[test]
    fn a_case_travels_the_whole_way_from_registration_to_closing() {
        let path = [
            (Step::Assess { valid: true }, Assessed),
            (Step::Route, Routed),
            (Step::AcceptRouting, Investigating),
            (Step::Investigate, Investigating),
            (Step::Propose, Proposed),
            (Step::SendBack, Investigating),
            (Step::Propose, Proposed),
            (Step::Approve, Approved),
            (Step::AnswerAccepted, Answered),
            (Step::Execute, Executed),
            (Step::FollowUp, FollowedUp),
            (Step::Close, Closed),
        ];
        let mut status = Registered;
        for (step, expected) in path {
            status = next_status(status, step).unwrap();
            assert_eq!(status, expected, "after {}", step.label());
        }
    }

    #[test]
    fn side_roads_invalid_returned_rejected_voided() {
        assert_eq!(next_status(Registered, Step::Assess { valid: false }).unwrap(), Closed);
        assert_eq!(next_status(Routed, Step::ReturnRouting).unwrap(), Assessed);
        assert_eq!(next_status(Investigating, Step::Route).unwrap(), Routed, "改派");
        assert_eq!(next_status(Approved, Step::AnswerRejected).unwrap(), Closed);
        assert_eq!(next_status(Approved, Step::Propose).unwrap(), Proposed, "a changed proposal is approved again");
        assert!(next_status(Answered, Step::Propose).is_err(), "not once the customer has been answered");
        assert_eq!(next_status(Proposed, Step::Void).unwrap(), Voided);
    }

    #[test]
    fn illegal_steps_are_refused_with_the_reason() {
        let err = next_status(Registered, Step::Approve).unwrap_err();
        assert_eq!(err.code, ErrorCode::WrongState);
        assert_eq!(err.message, "案件当前为「已登记」，不能审批通过");
        for step in [Step::Route, Step::Propose, Step::Close, Step::Void, Step::Assess { valid: true }] {
            assert!(next_status(Closed, step).is_err(), "a closed case stays closed: {}", step.label());
            assert!(next_status(Voided, step).is_err(), "a voided case stays voided: {}", step.label());
        }
        assert!(next_status(Answered, Step::Void).is_err(), "an answered case is no longer a wrong registration");
        assert!(next_status(Approved, Step::Close).is_err(), "no closing before answer, execution and follow-up");
    }

    #[test]
    fn each_step_belongs_to_its_roles() {
        assert!(check_role(&[Role::Agent], Step::Assess { valid: true }).is_ok());
        assert!(check_role(&[Role::DeptHead], Step::Propose).is_ok());
        let err = check_role(&[Role::Agent], Step::Approve).unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden);
        assert_eq!(err.message, "只有业务部门经理、副总经理、总经理可以审批通过");
        assert!(check_role(&[Role::Handler], Step::AcceptRouting).is_err());
        assert!(check_role(&[Role::Admin], Step::Close).is_err(), "the admin configures, he does not handle cases");
    }
}
