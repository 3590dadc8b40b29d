//! 时效 (DOMAIN.md section 4): deadline policies, the due time of each
//! stage of a case, escalation and 催办单.
//!
//! A policy gives time limits per stage (`DeadlineStage`); a case gets its
//! policy when it is assessed valid, from the organisation type (a setting)
//! and the case's market. A stage is open while the case's status is in the
//! stage's span (`span`); when a step moves the case into a span, the stage
//! starts and its due time is computed through the working-day calendar and
//! stored; when a step moves it out, the stage is done. These writes ride on
//! the step's own transaction (`CaseStep::deadlines`). Due times are never
//! recomputed: editing a policy changes stages started afterwards.

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::{HolidayYear, WorkCalendar};
use crate::codes::*;
use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::*;
use crate::numbering::china;
use crate::validate;

pub use crate::store::deadlines::{CaseDeadline, DeadlinePolicy, DeadlineStart, DeadlineWrites, DepartmentCount, Reminder, StageLimit};

/// Settings key of the organisation type (`OrgType` code).
pub const ORG_TYPE_KEY: &str = "organisation_type";
/// Until the admin chooses: the seed documents' most common desk.
pub const DEFAULT_ORG_TYPE: OrgType = OrgType::Property;

/// 工作台 (dashboard): what is due for me and what is burning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub now: DateTime<Utc>,
    /// Cases waiting for me (我的待办) that are past due …
    pub my_overdue: Vec<CaseRow>,
    /// … due before the end of today (Beijing) …
    pub my_due_today: Vec<CaseRow>,
    /// … or before the end of this week (Sunday).
    pub my_due_this_week: Vec<CaseRow>,
    /// Open 严重/危机 cases.
    pub crisis: Vec<CaseRow>,
    /// Open overdue cases by responsible department, most first.
    pub overdue_by_department: Vec<DepartmentCount>,
    /// Overdue cases escalated to a department I belong to.
    pub escalated: Vec<CaseRow>,
    /// For the 总经理室: last month's 统计表 is still to be issued.
    pub statement_due: Option<crate::statement::StatementDue>,
    /// Active 普遍性问题 with their cases, for 质量管理部, the managers and
    /// administrators (empty for everyone else; `systemic`).
    pub systemic_alerts: Vec<crate::systemic::SystemicAlert>,
}

/// A desktop notification to show: a stage of mine due within the hour or
/// gone overdue (each shown once per person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueNotice {
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_no: String,
    pub stage: DeadlineStage,
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
}

/// A desktop notice of work that has just reached someone: a case routed
/// to the department he heads (待受理), or a resolution waiting for his
/// approval (待审批). Each is shown once per person and per arrival: a
/// resolution sent back and proposed again arrives again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArrivalNotice {
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_no: String,
    /// `ToAccept` or `ToApprove`.
    pub kind: WorkKind,
    /// The department it was routed to, for `ToAccept`.
    pub department_name: Option<String>,
}

/// How soon before its due time a stage is announced.
pub const NOTICE_AHEAD_MINUTES: i64 = 60;

/// The statuses during which a stage runs.
pub fn span(stage: DeadlineStage) -> &'static [CaseStatus] {
    use CaseStatus::*;
    match stage {
        // Until the customer is told the outcome.
        DeadlineStage::Reply => &[Assessed, Routed, Investigating, Proposed, Approved],
        DeadlineStage::Route => &[Assessed],
        DeadlineStage::Investigate => &[Routed, Investigating],
        DeadlineStage::Approve => &[Proposed],
        DeadlineStage::Whole => &[Assessed, Routed, Investigating, Proposed, Approved, Answered, Executed, FollowedUp],
    }
}

/// Reply and whole-case limits run from receipt ("48小时内答复", "5个工作日内
/// 解决"); the other stages from the moment the case is handed to them.
fn counts_from_receipt(stage: DeadlineStage) -> bool {
    matches!(stage, DeadlineStage::Reply | DeadlineStage::Whole)
}

/// The due time of a limit started at `start`.
pub fn due(calendar: &WorkCalendar, start: DateTime<Utc>, limit: StageLimit) -> DateTime<Utc> {
    match limit.unit {
        LimitUnit::Hours => calendar.add_hours(start, limit.amount as i64),
        LimitUnit::CalendarDays => calendar.add_calendar_days(start, limit.amount as i64),
        LimitUnit::WorkingDays => calendar.add_working_days(start, limit.amount),
    }
}

/// Which stages a move `from` → `to` finishes and starts, under `policy`.
pub fn transitions(
    policy: Option<&DeadlinePolicy>,
    calendar: &WorkCalendar,
    case: &Case,
    from: CaseStatus,
    to: CaseStatus,
    now: DateTime<Utc>,
) -> DeadlineWrites {
    let mut writes = DeadlineWrites::default();
    for stage in DeadlineStage::ALL.iter().copied() {
        let (was, is) = (span(stage).contains(&from), span(stage).contains(&to));
        if was && !is {
            writes.finish.push(stage);
        }
        if !was && is {
            let Some(policy) = policy else { continue };
            let Some(limit) = policy.limits.iter().find(|l| l.stage == stage).copied() else { continue };
            let started_at = if counts_from_receipt(stage) { case.fields.received_at } else { now };
            writes.start.push(DeadlineStart { stage, policy_id: policy.id, limit, started_at, due_at: due(calendar, started_at, limit) });
        }
    }
    writes
}

/// The policy for a case: active, of the organisation type, for its market
/// (domestic when none is recorded), else one for any market.
pub fn choose_policy(policies: &[DeadlinePolicy], org: OrgType, market: Option<Market>) -> Option<&DeadlinePolicy> {
    let market = market.unwrap_or(Market::Domestic);
    let candidates = || policies.iter().filter(|p| p.active && p.org_type == org);
    candidates().find(|p| p.market == Some(market)).or_else(|| candidates().find(|p| p.market.is_none()))
}

/// The end of the Beijing day of `now`, and of its week (Sunday).
fn end_of_today_and_week(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = now.with_timezone(&china()).date_naive();
    let tomorrow = today + Duration::days(1);
    let next_monday = today + Duration::days(7 - today.weekday().num_days_from_monday() as i64);
    let start_of = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).unwrap().and_local_timezone(china()).unwrap().with_timezone(&Utc);
    (start_of(tomorrow), start_of(next_monday))
}

impl Desk {
    /// The working-day calendar as kept in the database.
    pub fn calendar(&self) -> Result<WorkCalendar> {
        let years = self.store().calendar_years()?.iter().map(|json| HolidayYear::parse(json)).collect::<Result<Vec<_>>>()?;
        Ok(WorkCalendar::new(years))
    }

    /// Every year of the calendar, oldest first.
    pub fn calendar_years(&self) -> Result<Vec<HolidayYear>> {
        Ok(self.calendar()?.years().cloned().collect())
    }

    /// 导入/修改 a year of the calendar (admin): the whole year's file; it
    /// replaces the year as kept. Deadlines already computed stay.
    pub fn save_calendar_year(&self, actor: &User, json: &str) -> Result<HolidayYear> {
        self.require_admin(actor)?;
        self.keep_calendar_year(actor, HolidayYear::parse(json)?)
    }

    /// 粘贴通知原文 (admin): the State Council's notice as published, read
    /// into the year it names (`year` when its title was not pasted) and
    /// kept like an imported file.
    pub fn import_calendar_notice(&self, actor: &User, text: &str, year: i32) -> Result<HolidayYear> {
        self.require_admin(actor)?;
        self.keep_calendar_year(actor, crate::calendar_notice::read_notice(text, year)?)
    }

    fn keep_calendar_year(&self, actor: &User, year: HolidayYear) -> Result<HolidayYear> {
        self.store().put_calendar_year(year.year, &year.to_json(), self.stamp(actor))?;
        Ok(year)
    }

    pub fn organisation_type(&self) -> Result<OrgType> {
        Ok(self.store().setting(ORG_TYPE_KEY)?.and_then(|c| OrgType::from_code(&c)).unwrap_or(DEFAULT_ORG_TYPE))
    }

    /// 机构类型 (admin): decides which policies new assessments get.
    pub fn set_organisation_type(&self, actor: &User, org: OrgType) -> Result<OrgType> {
        self.require_admin(actor)?;
        self.store().put_setting(ORG_TYPE_KEY, org.code(), self.stamp(actor))?;
        Ok(org)
    }

    pub fn deadline_policies(&self) -> Result<Vec<DeadlinePolicy>> {
        self.store().deadline_policies()
    }

    /// 修改时效政策 (admin). Stages already started keep their due time.
    pub fn update_deadline_policy(&self, actor: &User, policy: DeadlinePolicy) -> Result<DeadlinePolicy> {
        self.require_admin(actor)?;
        let name = validate::required("name", "政策名称", &policy.name, validate::limits::SHORT)?;
        for (i, limit) in policy.limits.iter().enumerate() {
            if limit.amount == 0 || limit.amount > 1000 {
                return Err(AppError::invalid(&format!("limits[{i}].amount"), format!("第 {} 行的时限应在 1 至 1000 之间", i + 1)));
            }
            if policy.limits[..i].iter().any(|l| l.stage == limit.stage) {
                return Err(AppError::invalid(&format!("limits[{i}].stage"), format!("「{}」重复设置了时限", limit.stage.label())));
            }
        }
        self.check_department(policy.escalation_department_id)?;
        let policy = DeadlinePolicy { name, ..policy };
        self.store().update_deadline_policy(&policy, self.stamp(actor))?;
        Ok(policy)
    }

    /// What a step from `from` to `to` does to the case's deadlines; a valid
    /// assessment gives the case its policy.
    pub(crate) fn deadline_writes(&self, case: &Case, to: CaseStatus) -> Result<DeadlineWrites> {
        let from = case.status;
        let starts = DeadlineStage::ALL.iter().any(|s| !span(*s).contains(&from) && span(*s).contains(&to));
        let policies = if starts { self.store().deadline_policies()? } else { vec![] };
        let existing = self.store().case_deadlines(case.id)?;
        let policy = match existing.first() {
            Some(first) => policies.iter().find(|p| p.id == first.policy_id),
            None => choose_policy(&policies, self.organisation_type()?, case.fields.market),
        };
        let calendar = if starts { self.calendar()? } else { WorkCalendar::new([]) };
        Ok(transitions(policy, &calendar, case, from, to, self.now()))
    }

    /// The case's stages, oldest first, with whether each is overdue now.
    pub fn case_deadlines(&self, case_id: i64) -> Result<Vec<CaseDeadline>> {
        let case = self.case(case_id)?;
        let now = self.now();
        Ok(self
            .store()
            .case_deadlines(case_id)?
            .into_iter()
            .map(|d| {
                let open = d.deadline.done_at.is_none() && case.status.is_open();
                let end = d.deadline.done_at.unwrap_or(now);
                let late_minutes = if open || d.deadline.done_at.is_some() { (end - d.deadline.due_at).num_minutes().max(0) } else { 0 };
                CaseDeadline { overdue: open && d.deadline.due_at < now, late_minutes, ..d.deadline }
            })
            .collect())
    }

    /// 超时原因: why a stage was (or is) late. Asked for every late stage;
    /// the reason can be given once and is then kept.
    pub fn explain_late(&self, actor: &User, case_id: i64, deadline_id: i64, reason: &str) -> Result<CaseDeadline> {
        let reason = validate::reason("reason", "超时原因", reason)?;
        let case = self.case(case_id)?;
        let deadline = self
            .case_deadlines(case_id)?
            .into_iter()
            .find(|d| d.id == deadline_id)
            .ok_or_else(|| AppError::not_found("时效记录"))?;
        if deadline.late_minutes == 0 {
            return Err(AppError::new(ErrorCode::WrongState, format!("「{}」没有超时，不需要说明原因", deadline.stage.label())));
        }
        if !case.status.is_open() {
            let ended = if case.status == CaseStatus::Voided { "已作废" } else { "已结案" };
            return Err(AppError::new(ErrorCode::WrongState, format!("案件 {} {ended}，超时原因不能再修改", case.case_no)));
        }
        if !self.may_explain_late(&self.account_of(actor.id)?, &case, deadline.stage)? {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!("「{}」的超时原因由{}填写", deadline.stage.label(), late_side(deadline.stage)),
            ));
        }
        if deadline.late_reason != reason {
            // Each version is its own audit line: the history of the reason.
            self.store().explain_late(case_id, deadline_id, &reason, self.stamp(actor))?;
        }
        self.case_deadlines(case_id)?.into_iter().find(|d| d.id == deadline_id).ok_or_else(|| AppError::not_found("时效记录"))
    }

    /// 逾期原因 is written by the side that was late: customer service for
    /// 答复 and 受理分派, the case's department (or 质量管理部) for 调查处理,
    /// the approvers for 审批, either customer service or the department for 结案.
    pub(crate) fn may_explain_late(&self, account: &Account, case: &Case, stage: DeadlineStage) -> Result<bool> {
        let department = || -> Result<bool> {
            let Some(dept) = case.fields.department_id else { return Ok(false) };
            Ok(account.roles.contains(&Role::Quality) || self.departments_of(account.id)?.contains(&dept))
        };
        Ok(match stage {
            DeadlineStage::Reply | DeadlineStage::Route => self.owns_as_receiver(case, account)?,
            DeadlineStage::Investigate => department()?,
            DeadlineStage::Approve => crate::authority::ApproverLevel::of(&account.roles).is_some(),
            DeadlineStage::Whole => self.owns_as_receiver(case, account)? || department()?,
        })
    }

    /// The late stages of the case whose reason `actor` may write now.
    pub fn explainable_deadlines(&self, actor: &User, case: &Case) -> Result<Vec<i64>> {
        if !case.status.is_open() {
            return Ok(vec![]);
        }
        let account = self.account_of(actor.id)?;
        let mut ids = Vec::new();
        for d in self.case_deadlines(case.id)? {
            if d.late_minutes > 0 && self.may_explain_late(&account, case, d.stage)? {
                ids.push(d.id);
            }
        }
        Ok(ids)
    }

    /// Whether `actor` may send a 催办单 for the case: a manager, or someone
    /// of the department the case's policy escalates to.
    pub(crate) fn may_remind(&self, actor: &User, case: &Case) -> Result<bool> {
        let roles = self.roles_of(actor.id)?;
        if roles.iter().any(|r| matches!(r, Role::SalesManager | Role::ViceGm | Role::Gm)) {
            return Ok(true);
        }
        let Some(first) = self.store().case_deadlines(case.id)?.into_iter().next() else { return Ok(false) };
        let policy = self.store().deadline_policies()?.into_iter().find(|p| p.id == first.policy_id);
        let Some(target) = policy.and_then(|p| p.escalation_department_id) else { return Ok(false) };
        Ok(self.departments_of(actor.id)?.contains(&target))
    }

    /// Whether the case has an open stage past due now.
    pub fn is_overdue(&self, case_id: i64) -> Result<bool> {
        Ok(self.case_deadlines(case_id)?.iter().any(|d| d.overdue))
    }

    /// 催办: a reminder to the department handling an overdue case (or to
    /// customer service while it is not routed), numbered CB-YYMM-NNNN.
    pub fn issue_reminder(&self, actor: &User, case_id: i64, note: &str) -> Result<Reminder> {
        let case = self.case(case_id)?;
        let overdue = self.case_deadlines(case_id)?.into_iter().find(|d| d.overdue);
        let Some(deadline) = overdue else {
            return Err(AppError::new(ErrorCode::WrongState, format!("案件 {} 没有超时的环节，不需要催办", case.case_no)));
        };
        if !self.may_remind(actor, &case)? {
            return Err(AppError::new(ErrorCode::Forbidden, "只有管理人员或超时案件的升级部门可以催办"));
        }
        let note = validate::optional("note", "催办说明", note, validate::limits::REASON)?;
        let id = self.store().insert_reminder(&crate::store::ReminderInsert {
            case_id,
            deadline_id: deadline.id,
            to_department_id: case.fields.department_id,
            note,
            period: crate::numbering::period(self.now()),
            by: self.stamp(actor),
        })?;
        self.store().reminders(case_id)?.into_iter().find(|r| r.id == id).ok_or_else(|| AppError::not_found("催办单"))
    }

    pub fn reminders(&self, case_id: i64) -> Result<Vec<Reminder>> {
        self.case(case_id)?;
        self.store().reminders(case_id)
    }

    /// Marks each row overdue by the desk's clock.
    pub(crate) fn mark_due(&self, rows: &mut [CaseRow]) {
        let now = self.now();
        for row in rows {
            row.overdue = row.due_at.is_some_and(|d| d < now);
        }
    }

    /// The due window of a sheet filter, by the desk's clock.
    pub(crate) fn due_window(&self, filter: DueFilter) -> DueWindow {
        let now = self.now();
        let (end_of_today, end_of_week) = end_of_today_and_week(now);
        match filter {
            DueFilter::Overdue => DueWindow { from: None, to: now },
            DueFilter::DueToday => DueWindow { from: Some(now), to: end_of_today },
            DueFilter::DueThisWeek => DueWindow { from: Some(now), to: end_of_week },
        }
    }

    /// The notifications `actor` has not seen yet: stages of the cases
    /// waiting for him (我的待办) due within the hour or overdue. Each is
    /// recorded as shown, so the same event never comes twice.
    pub fn due_notices(&self, actor: &User) -> Result<Vec<DueNotice>> {
        let now = self.now();
        let soon = now + Duration::minutes(NOTICE_AHEAD_MINUTES);
        let mut notices = Vec::new();
        let mut seen: Vec<i64> = Vec::new();
        for row in self.my_work(actor)?.into_iter().flat_map(|g| g.rows) {
            if seen.contains(&row.id) || row.due_at.is_none_or(|d| d > soon) {
                continue;
            }
            seen.push(row.id);
            for d in self.case_deadlines(row.id)? {
                if d.done_at.is_some() || d.due_at > soon {
                    continue;
                }
                let kind = if d.overdue { "overdue" } else { "due_soon" };
                if self.store().mark_notified(actor.id, d.id, kind, now)? {
                    notices.push(DueNotice { case_id: row.id, case_no: row.case_no.clone(), stage: d.stage, due_at: d.due_at, overdue: d.overdue });
                }
            }
        }
        Ok(notices)
    }

    /// The notices of work that reached `actor` since he was last told:
    /// cases routed to a department he heads and resolutions in his
    /// approval queue. An arrival is known by the stage it started (受理后的
    /// 部门调查处理, 方案审批), which is recorded as announced, so each comes once;
    /// a case whose policy sets no limit for that stage is not announced.
    pub fn arrival_notices(&self, actor: &User) -> Result<Vec<ArrivalNotice>> {
        let now = self.now();
        let to_accept = self.my_work(actor)?.into_iter().filter(|g| g.kind == WorkKind::ToAccept).flat_map(|g| g.rows);
        let arrived = to_accept
            .map(|row| (row, WorkKind::ToAccept, DeadlineStage::Investigate))
            .chain(self.my_approvals(actor)?.into_iter().map(|case| (case, WorkKind::ToApprove, DeadlineStage::Approve)));
        let mut notices = Vec::new();
        for (row, kind, stage) in arrived {
            let started = self.case_deadlines(row.id)?.into_iter().find(|d| d.stage == stage && d.done_at.is_none());
            let Some(deadline) = started else { continue };
            if self.store().mark_notified(actor.id, deadline.id, "arrived", now)? {
                let department_name = (kind == WorkKind::ToAccept).then(|| row.department_name.clone()).flatten();
                notices.push(ArrivalNotice { case_id: row.id, case_no: row.case_no, kind, department_name });
            }
        }
        Ok(notices)
    }

    /// The queue's resolutions that need exactly `actor`'s level: a 总经理
    /// may approve a 销售经理's, but is told only of those that wait for him.
    fn my_approvals(&self, actor: &User) -> Result<Vec<CaseRow>> {
        let Some(level) = crate::authority::ApproverLevel::of(&self.roles_of(actor.id)?) else { return Ok(vec![]) };
        let queue = self.approval_queue(actor)?.into_iter();
        Ok(queue.filter(|item| item.resolution.required_level == level).map(|item| item.case).collect())
    }

    /// 工作台.
    pub fn dashboard(&self, actor: &User) -> Result<Dashboard> {
        let now = self.now();
        let (end_of_today, end_of_week) = end_of_today_and_week(now);
        let mut mine: Vec<CaseRow> = Vec::new();
        for group in self.my_work(actor)? {
            for row in group.rows {
                if row.due_at.is_some() && !mine.iter().any(|r| r.id == row.id) {
                    mine.push(row);
                }
            }
        }
        mine.sort_by_key(|r| r.due_at);
        let pick = |ok: &dyn Fn(DateTime<Utc>) -> bool| mine.iter().filter(|r| r.due_at.is_some_and(ok)).cloned().collect::<Vec<_>>();
        let crisis = self.case_page(&CaseQuery {
            severities: vec![Severity::Critical],
            statuses: CaseStatus::ALL.iter().copied().filter(|s| s.is_open()).collect(),
            sort: SortField::ReceivedAt,
            descending: false,
            page: 1,
            page_size: 50,
            ..CaseQuery::default()
        })?;
        let mut escalated = self.store().escalated_cases(&self.departments_of(actor.id)?, now, 50)?;
        self.mark_due(&mut escalated);
        Ok(Dashboard {
            now,
            my_overdue: pick(&|d| d < now),
            my_due_today: pick(&|d| d >= now && d < end_of_today),
            my_due_this_week: pick(&|d| d >= now && d < end_of_week),
            crisis: crisis.rows,
            overdue_by_department: self.store().overdue_by_department(now)?,
            escalated,
            statement_due: self.statement_due(actor)?,
            systemic_alerts: self.active_systemic_alerts(actor)?,
        })
    }
}

/// Who writes the reason a stage was late, in words.
fn late_side(stage: DeadlineStage) -> &'static str {
    match stage {
        DeadlineStage::Reply | DeadlineStage::Route => "首问受理人或其部门负责人",
        DeadlineStage::Investigate => "责任部门",
        DeadlineStage::Approve => "审批人",
        DeadlineStage::Whole => "首问受理人或责任部门",
    }
}
