//! Who may change a case (issue 11, item 1), decided here for every screen:
//!
//! - 首问负责制: the agent who received the case owns it until it closes.
//!   Only he, the head of his department or an admin takes the agent's
//!   steps (评估, 分派, 答复, 回访, 结案) and voids it.
//! - Editing: its receiver, its 经办人, the people of its department while
//!   it is open with them, the receiver's head and admins. The fields set
//!   at assessment (投诉性质, 投诉类别, 严重程度) only by those who may assess.

use crate::codes::{CaseStatus, Role, Severity};
use crate::error::{AppError, ErrorCode, Result};
use crate::model::{Account, Case, CaseFields};
use crate::workflow::Step;
use crate::Desk;

/// The steps that belong to the agent who received the case.
pub fn is_agents_step(step: Step) -> bool {
    step.roles() == [Role::Agent]
}

impl Desk {
    /// The receiver himself, the head of his department, or an admin.
    pub(crate) fn owns_as_receiver(&self, case: &Case, account: &Account) -> Result<bool> {
        if account.id == case.receiver_id || account.roles.contains(&Role::Admin) {
            return Ok(true);
        }
        let Some(receiver) = self.store().account(case.receiver_id)? else { return Ok(false) };
        let Some(dept) = receiver.department_id else { return Ok(false) };
        let head = self.store().department_head(dept)?;
        Ok(head == Some(account.id) || (account.roles.contains(&Role::DeptHead) && account.department_id == Some(dept)))
    }

    /// 首问负责制 for an agent's step (and for voiding).
    pub(crate) fn check_receiver_owns(&self, case: &Case, account: &Account, what: &str) -> Result<()> {
        if self.owns_as_receiver(case, account)? {
            return Ok(());
        }
        Err(AppError::new(
            ErrorCode::Forbidden,
            format!("首问负责制：案件 {} 由{}负责，只有他本人、他的部门负责人或系统管理员可以{what}", case.case_no, case.receiver_name),
        ))
    }

    /// Whether `account` may edit the case's registration.
    pub(crate) fn may_edit(&self, case: &Case, account: &Account) -> Result<bool> {
        if account.id == case.handler_id || self.owns_as_receiver(case, account)? {
            return Ok(true);
        }
        let with_department = case.status.is_open()
            && !matches!(case.status, CaseStatus::Registered | CaseStatus::Assessed)
            && case.fields.department_id.is_some_and(|d| account.department_id == Some(d));
        Ok(with_department)
    }

    /// 投诉性质, 投诉类别 and 严重程度 are the assessment's: an edit by someone
    /// who may not assess leaves them as they are or is refused naming them.
    pub(crate) fn check_assessment_fields(&self, case: &Case, edited: &CaseFields, account: &Account) -> Result<()> {
        let f = &case.fields;
        let changed = [
            ("nature", "投诉性质", f.nature != edited.nature),
            ("causeType", "投诉类别", f.cause_type != edited.cause_type),
            ("severity", "严重程度", f.severity != edited.severity),
        ];
        let Some((field, label, _)) = changed.into_iter().find(|c| c.2) else { return Ok(()) };
        if self.owns_as_receiver(case, account)? {
            return Ok(());
        }
        Err(AppError {
            field: Some(field.to_string()),
            ..AppError::new(ErrorCode::Forbidden, format!("{label}由评估确定，只有首问受理人、其部门负责人或系统管理员可以修改"))
        })
    }

    /// A case taken down from 严重/危机 leaves the managers' crisis alerts:
    /// that needs a reason, kept on the timeline's severity line.
    pub(crate) fn downgrade_reason(&self, case: &Case, edited: &CaseFields, reason: Option<&str>) -> Result<Option<String>> {
        if case.fields.severity != Severity::Critical || edited.severity == Severity::Critical {
            return Ok(None);
        }
        let reason = reason.unwrap_or("").trim();
        if reason.is_empty() {
            return Err(AppError::invalid(
                "severityReason",
                format!("严重程度从「{}」降为「{}」，请说明原因", case.fields.severity.label(), edited.severity.label()),
            ));
        }
        Ok(Some(crate::validate::reason("severityReason", "降级原因", reason)?))
    }

    pub(crate) fn check_may_edit(&self, case: &Case, account: &Account) -> Result<()> {
        if self.may_edit(case, account)? {
            return Ok(());
        }
        Err(AppError::new(
            ErrorCode::Forbidden,
            format!("案件 {} 只能由首问受理人、经办人、责任部门人员或系统管理员修改", case.case_no),
        ))
    }
}
