//! What waits for the signed-in person: 我的待办 grouped by what he is to
//! do next, and the 危机 alerts every manager must see at once.
//!
//! 我的待办 follows who does which step (`workflow::Step::roles`): the agent
//! who received a case (首问负责制, he is its 经办人) assesses, routes,
//! answers, follows up and closes it; the department's head accepts what is
//! routed to it; its people investigate and propose; approvers see their
//! queue (`approval_queue`).

use crate::codes::{CaseStatus, Role, WorkKind};
use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::*;
use crate::store::Stamp;

/// Rows listed per group; the group's total says how many there are.
pub const WORK_GROUP_ROWS: u32 = 50;

/// Who is alerted to a 严重/危机 case: the managers (DOMAIN.md section 3,
/// "notifies top management at once").
pub const CRISIS_ROLES: &[Role] = &[Role::DeptHead, Role::SalesManager, Role::ViceGm, Role::Gm];

/// Which cases a group lists: by 经办人 or by department.
enum Owner {
    Handler(i64),
    /// Cases whose 经办人 is any of these.
    Receivers(Vec<i64>),
    Departments(Vec<i64>),
}

impl Desk {
    /// 我的待办: only the groups that hold something, in the order of the
    /// lifecycle; each oldest case first.
    pub fn my_work(&self, actor: &User) -> Result<Vec<WorkGroup>> {
        let mut groups = Vec::new();
        for (kind, query) in self.work_lists(actor)? {
            let Some(query) = query else {
                self.push_approvals(actor, &mut groups)?;
                continue;
            };
            let page = self.case_page(&query)?;
            if page.total > 0 {
                groups.push(WorkGroup { kind, rows: self.rows_shown_to(actor, page.rows)?, total: page.total });
            }
        }
        Ok(groups)
    }

    /// The lists of 我的待办 this person has, in the order of the
    /// lifecycle, each as the sheet query of its first page (the export
    /// pages on); 待我审批 is the approval queue (`None`).
    pub(crate) fn work_lists(&self, actor: &User) -> Result<Vec<(WorkKind, Option<CaseQuery>)>> {
        let account = self.store().account(actor.id)?.ok_or_else(|| AppError::not_found("用户"))?;
        let has = |role: Role| account.roles.contains(&role);
        let mine = || Owner::Handler(actor.id);
        let member_of = self.departments_of(actor.id)?;
        let headed: Vec<i64> = member_of
            .iter()
            .copied()
            .filter(|d| self.store().department_head(*d).ok().flatten() == Some(actor.id) || has(Role::DeptHead))
            .collect();
        let in_departments = |ids: &Vec<i64>| (!ids.is_empty()).then(|| Owner::Departments(ids.clone()));

        let agent = has(Role::Agent);
        let department_person = has(Role::Handler) || has(Role::DeptHead) || has(Role::Quality);
        // Registered cases no agent owns wait for one to take them (领取).
        let unowned = if agent { self.not_agents()? } else { vec![] };
        let wanted: Vec<(WorkKind, CaseStatus, Option<Owner>)> = vec![
            (WorkKind::ToClaim, CaseStatus::Registered, (!unowned.is_empty()).then(|| Owner::Receivers(unowned.clone()))),
            (WorkKind::ToAssess, CaseStatus::Registered, agent.then(mine)),
            (WorkKind::ToRoute, CaseStatus::Assessed, agent.then(mine)),
            (WorkKind::ToAccept, CaseStatus::Routed, if has(Role::DeptHead) { in_departments(&headed) } else { None }),
            (WorkKind::ToInvestigate, CaseStatus::Investigating, if department_person { in_departments(&member_of) } else { None }),
            (WorkKind::ToAnswer, CaseStatus::Approved, agent.then(mine)),
            (
                WorkKind::ToExecute,
                CaseStatus::Answered,
                if agent { Some(mine()) } else if department_person { in_departments(&member_of) } else { None },
            ),
            (WorkKind::ToFollowUp, CaseStatus::Executed, agent.then(mine)),
            (WorkKind::ToClose, CaseStatus::FollowedUp, agent.then(mine)),
        ];

        let mut lists = Vec::new();
        for (kind, status, owner) in wanted {
            if kind == WorkKind::ToAnswer {
                // 审批 comes between 调查/方案 and 答复 in the lifecycle.
                lists.push((WorkKind::ToApprove, None));
            }
            let Some(owner) = owner else { continue };
            let (handler_ids, department_ids) = match owner {
                Owner::Handler(id) => (vec![id], vec![]),
                Owner::Receivers(ids) => (ids, vec![]),
                Owner::Departments(ids) => (vec![], ids),
            };
            let query = CaseQuery {
                statuses: vec![status],
                handler_ids,
                department_ids,
                sort: SortField::ReceivedAt,
                descending: false,
                page: 1,
                page_size: WORK_GROUP_ROWS,
                ..CaseQuery::default()
            };
            lists.push((kind, Some(query)));
        }
        Ok(lists)
    }

    fn push_approvals(&self, actor: &User, groups: &mut Vec<WorkGroup>) -> Result<()> {
        let queue = self.approval_queue(actor)?;
        if !queue.is_empty() {
            let total = queue.len() as u64;
            let rows = queue.into_iter().take(WORK_GROUP_ROWS as usize).map(|item| item.case).collect();
            groups.push(WorkGroup { kind: WorkKind::ToApprove, rows, total });
        }
        Ok(())
    }

    /// The departments a person works in: his own and those he heads.
    pub(crate) fn departments_of(&self, user_id: i64) -> Result<Vec<i64>> {
        let account = self.store().account(user_id)?.ok_or_else(|| AppError::not_found("用户"))?;
        let mut ids: Vec<i64> = account.department_id.into_iter().collect();
        for d in self.departments()? {
            if !ids.contains(&d.id) && self.store().department_head(d.id)? == Some(user_id) {
                ids.push(d.id);
            }
        }
        Ok(ids)
    }


    fn is_manager(&self, actor: &User) -> Result<bool> {
        let roles = self.roles_of(actor.id)?;
        Ok(roles.iter().any(|r| CRISIS_ROLES.contains(r)))
    }

    /// Open 严重/危机 cases this manager has not yet acknowledged; empty for
    /// anyone who is not a manager.
    pub fn crisis_alerts(&self, actor: &User) -> Result<Vec<CaseRow>> {
        if !self.is_manager(actor)? {
            return Ok(vec![]);
        }
        let mut rows = self.store().crisis_alerts(actor.id)?;
        self.mark_due(&mut rows);
        self.rows_shown_to(actor, rows)
    }

    /// 严重/危机 cases made less severe that this manager has not yet
    /// acknowledged, with who lowered them and why; empty for anyone who
    /// is not a manager.
    pub fn downgrade_notices(&self, actor: &User) -> Result<Vec<DowngradeNotice>> {
        if !self.is_manager(actor)? {
            return Ok(vec![]);
        }
        let notices = self.store().downgrade_notices(actor.id)?;
        let (mut rows, rest): (Vec<CaseRow>, Vec<_>) =
            notices.into_iter().map(|n| (n.case.clone(), (n.to, n.by_name, n.reason, n.at))).unzip();
        self.mark_due(&mut rows);
        let rows = self.rows_shown_to(actor, rows)?;
        Ok(rows
            .into_iter()
            .zip(rest)
            .map(|(case, (to, by_name, reason, at))| DowngradeNotice { case, to, by_name, reason, at })
            .collect())
    }

    /// 知道了 on a downgrade: it stops being shown to this manager (until
    /// the case is raised and lowered again).
    pub fn acknowledge_downgrade(&self, actor: &User, case_id: i64) -> Result<()> {
        if !self.is_manager(actor)? {
            return Err(AppError::new(ErrorCode::Forbidden, "只有管理人员会收到降级通知"));
        }
        if !self.store().downgrade_notices(actor.id)?.iter().any(|n| n.case.id == case_id) {
            let case = self.case(case_id)?;
            return Err(AppError::new(ErrorCode::WrongState, format!("案件 {} 没有待确认的降级通知", case.case_no)));
        }
        self.store().acknowledge_downgrade(case_id, Stamp { actor_id: actor.id, at: self.now() })
    }

    /// 知道了: the manager has seen the crisis case; it stops alerting him.
    pub fn acknowledge_crisis(&self, actor: &User, case_id: i64) -> Result<()> {
        if !self.is_manager(actor)? {
            return Err(AppError::new(ErrorCode::Forbidden, "只有管理人员会收到危机案件提醒"));
        }
        let case = self.case(case_id)?;
        if case.fields.severity != crate::codes::Severity::Critical {
            return Err(AppError::new(ErrorCode::WrongState, format!("案件 {} 不是严重/危机案件", case.case_no)));
        }
        self.store().acknowledge_crisis(case_id, Stamp { actor_id: actor.id, at: self.now() })
    }
}
