//! 时效 as the desk lives it: a case gets its policy at assessment, each
//! stage's due time is computed through the working-day calendar when the
//! stage starts, an overdue case is seen in the sheet, on the dashboard and
//! by the department it escalates to, and a 催办单 is recorded. The clock is
//! injected: nothing here depends on today's date.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::office::person;
use common::*;
use complaintdesk_core::calendar::HolidayYear;
use complaintdesk_core::codes::*;
use complaintdesk_core::deadlines::StageLimit;
use complaintdesk_core::documents::DocumentRequest;
use complaintdesk_core::loss::ResolutionLine;
use complaintdesk_core::model::*;
use complaintdesk_core::ErrorCode;

const SALES_DEPT: i64 = 10; // 业务部
const ADMIN_HR: i64 = 12; // 行政人事部

struct Desk {
    t: TestDesk,
    admin: User,
    agent: User,
    head: User,
    hr: User,
    vice_gm: User,
}

/// Beijing wall-clock time.
fn beijing(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap() - Duration::hours(8)
}

fn office(org: OrgType, now: DateTime<Utc>) -> Desk {
    let t = desk();
    t.clock.set(now);
    let admin = t.desk.create_first_admin("王强", "admin", "Kefu@2026!").unwrap();
    let agent = person(&t, &admin, "张敏", "zhangmin", &[Role::Agent], Some(1));
    let head = person(&t, &admin, "陈刚", "chengang", &[Role::Handler, Role::DeptHead], Some(SALES_DEPT));
    let hr = person(&t, &admin, "孙丽", "sunli", &[Role::Handler], Some(ADMIN_HR));
    let vice_gm = person(&t, &admin, "周杰", "zhoujie", &[Role::ViceGm], None);
    t.desk.set_organisation_type(&admin, org).unwrap();
    Desk { t, admin, agent, head, hr, vice_gm }
}

/// Registered (received 20 minutes ago) and assessed valid by the agent.
fn assessed(o: &Desk, market: Option<Market>) -> Case {
    let mut f = fields(o.t.clock.now());
    f.market = market;
    let case = o.t.desk.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap();
    let a = Assessment {
        valid: true,
        nature: Some(Nature::NonQuality),
        cause_type: Some(CauseType::Service),
        severity: Severity::Normal,
        malicious: false,
        explanation: String::new(),
    };
    o.t.desk.assess(&o.agent, case.id, case.version, a).unwrap().case
}

fn stages(o: &Desk, case_id: i64) -> Vec<(DeadlineStage, DateTime<Utc>, bool)> {
    o.t.desk.case_deadlines(case_id).unwrap().into_iter().map(|d| (d.stage, d.due_at, d.done_at.is_some())).collect()
}

fn overdue_sheet(o: &Desk) -> Vec<String> {
    let q = CaseQuery { due: Some(DueFilter::Overdue), ..CaseQuery::default() };
    o.t.desk.case_page(&q).unwrap().rows.into_iter().map(|r| r.case_no).collect()
}

#[test]
fn a_mall_case_is_due_48_hours_after_receipt_and_then_overdue_everywhere() {
    let o = office(OrgType::Mall, beijing(2026, 11, 20, 16, 0));
    let case = assessed(&o, None);
    let received = case.fields.received_at;
    assert_eq!(stages(&o, case.id), vec![(DeadlineStage::Reply, received + Duration::hours(48), false)]);
    let deadline = &o.t.desk.case_deadlines(case.id).unwrap()[0];
    assert_eq!((deadline.policy_name.as_str(), deadline.limit.amount, deadline.limit.unit), ("商场服务台：48小时内答复", 48, LimitUnit::Hours));

    // A minute before: due, not overdue; the sheet shows the due time.
    o.t.clock.set(received + Duration::hours(48) - Duration::minutes(1));
    let page = o.t.desk.case_page(&CaseQuery::default()).unwrap();
    assert_eq!((page.rows[0].due_at, page.rows[0].overdue, page.now), (Some(received + Duration::hours(48)), false, o.t.clock.now()));
    assert!(overdue_sheet(&o).is_empty());
    let due_today = CaseQuery { due: Some(DueFilter::DueToday), ..CaseQuery::default() };
    assert_eq!(o.t.desk.case_page(&due_today).unwrap().total, 1, "Sunday 15:59 Beijing: due today");

    // The clock passes the due time: overdue in the sheet, on the dashboards, escalated.
    o.t.clock.set(received + Duration::hours(48) + Duration::minutes(1));
    assert!(o.t.desk.case_page(&CaseQuery::default()).unwrap().rows[0].overdue);
    assert_eq!(overdue_sheet(&o), vec![case.case_no.clone()]);
    let mine = o.t.desk.dashboard(&o.agent).unwrap();
    assert_eq!(mine.my_overdue.iter().map(|r| r.id).collect::<Vec<_>>(), vec![case.id]);
    assert!(mine.my_overdue[0].overdue);
    assert_eq!(mine.overdue_by_department.len(), 1);
    assert_eq!((mine.overdue_by_department[0].department_name.as_deref(), mine.overdue_by_department[0].count), (None, 1));
    assert!(mine.escalated.is_empty(), "the agent is not in 行政人事部");
    let hr = o.t.desk.dashboard(&o.hr).unwrap();
    assert_eq!(hr.escalated.iter().map(|r| r.id).collect::<Vec<_>>(), vec![case.id], "escalated to 行政人事部");

    // Answering the customer finishes the stage; it stays late, with its lateness kept.
    let case = o.t.desk.case(case.id).unwrap();
    let case = o.t.desk.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    assert!(o.t.desk.case_deadlines(case.id).unwrap()[0].overdue, "routing does not answer the customer");
    assert_eq!(o.t.desk.case_deadlines(case.id).unwrap()[0].late_minutes, 1);
}

#[test]
fn property_five_working_days_jump_the_spring_festival_break() {
    // Friday 2026-02-13, the last working day before the break (14 Feb is a make-up Saturday).
    let o = office(OrgType::Property, beijing(2026, 2, 13, 10, 0));
    let case = assessed(&o, None);
    // Working days after the 13th: 14 (make-up Sat), then the break 15–23, then 24, 25, 26, 27.
    let end_of_27th = beijing(2026, 2, 27, 23, 59) + Duration::seconds(59);
    assert_eq!(stages(&o, case.id), vec![(DeadlineStage::Whole, end_of_27th, false)]);
    o.t.clock.set(beijing(2026, 2, 24, 9, 0));
    assert!(overdue_sheet(&o).is_empty(), "during and just after the break it is not yet due");
    o.t.clock.set(beijing(2026, 2, 28, 0, 1));
    assert_eq!(overdue_sheet(&o), vec![case.case_no]);
}

fn compensation(yuan: i64) -> Proposal {
    let line = ResolutionLine {
        kind: ResolutionType::Compensation,
        quantity: 0,
        unit_price_fen: 0,
        amount_fen: yuan * 100,
        transport_fen: 0,
        note: String::new(),
    };
    Proposal { lines: vec![line], opinion: "同意赔偿".into() }
}

#[test]
fn manufacturing_steps_each_get_their_own_limit_and_keep_how_late_they_were() {
    let start = beijing(2026, 11, 23, 9, 0);
    let o = office(OrgType::Manufacturing, start);
    let d = &o.t.desk;
    let case = assessed(&o, Some(Market::Foreign));
    let received = case.fields.received_at;
    assert_eq!(
        stages(&o, case.id),
        vec![(DeadlineStage::Route, start + Duration::hours(12), false), (DeadlineStage::Whole, received + Duration::days(17), false)],
        "foreign: 17 days for the whole case, half a day to route"
    );

    // Routed after 2 hours: on time; the department has 7 days (foreign).
    o.t.clock.set(start + Duration::hours(2));
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    let inv = Investigation { cause_analysis: "包装破损".into(), measures: String::new(), responsibilities: vec![], actions: vec![] };
    let case = d.record_investigation(&o.head, case.id, case.version, inv).unwrap();

    // The policy is edited meanwhile: the running stage keeps its due time.
    let mut policy = d.deadline_policies().unwrap().into_iter().find(|p| p.name == "制造业·国外：17天结案").unwrap();
    policy.limits = vec![
        StageLimit { stage: DeadlineStage::Investigate, amount: 5, unit: LimitUnit::CalendarDays },
        StageLimit { stage: DeadlineStage::Approve, amount: 2, unit: LimitUnit::WorkingDays },
        StageLimit { stage: DeadlineStage::Whole, amount: 17, unit: LimitUnit::CalendarDays },
    ];
    assert_eq!(d.update_deadline_policy(&o.agent, policy.clone()).unwrap_err().code, ErrorCode::Forbidden);
    d.update_deadline_policy(&o.admin, policy).unwrap();
    let investigate = d.case_deadlines(case.id).unwrap().into_iter().find(|x| x.stage == DeadlineStage::Investigate).unwrap();
    assert_eq!(investigate.due_at, start + Duration::hours(2) + Duration::days(7));

    // Proposed a day late: the stage is done, late by one day; approval now gets the edited 2 working days.
    o.t.clock.set(start + Duration::hours(2) + Duration::days(8));
    let case = d.propose(&o.head, case.id, case.version, compensation(500)).unwrap();
    let all = d.case_deadlines(case.id).unwrap();
    let investigate = all.iter().find(|x| x.stage == DeadlineStage::Investigate).unwrap();
    assert_eq!((investigate.done_at.is_some(), investigate.late_minutes, investigate.overdue), (true, 24 * 60, false));
    let approve = all.iter().find(|x| x.stage == DeadlineStage::Approve).unwrap();
    assert_eq!((approve.limit.amount, approve.limit.unit), (2, LimitUnit::WorkingDays));
    assert_eq!(approve.due_at, beijing(2026, 12, 3, 23, 59) + Duration::seconds(59), "Tue 1 Dec 11:00 + 2 working days");

    // The late stage asks for its reason, once; an on-time one needs none.
    let route = all.iter().find(|x| x.stage == DeadlineStage::Route).unwrap();
    assert_eq!(d.explain_late(&o.head, case.id, route.id, "x").unwrap_err().code, ErrorCode::WrongState);
    assert_eq!(d.explain_late(&o.head, case.id, investigate.id, " ").unwrap_err().field.as_deref(), Some("reason"));
    let explained = d.explain_late(&o.head, case.id, investigate.id, "等待客户寄回样品").unwrap();
    assert_eq!(explained.late_reason, "等待客户寄回样品");
    // Written by the side that was late: 调查处理 is the department's, not customer service's.
    let not_theirs = d.explain_late(&o.agent, case.id, investigate.id, "部门拖延").unwrap_err();
    assert_eq!(not_theirs.code, ErrorCode::Forbidden);
    assert!(not_theirs.message.contains("责任部门"), "{}", not_theirs.message);
    // Changeable until the case closes, every version kept in the timeline.
    let changed = d.explain_late(&o.head, case.id, investigate.id, "等待客户寄回样品，客户晚寄三天").unwrap();
    assert_eq!(changed.late_reason, "等待客户寄回样品，客户晚寄三天");
    let versions: Vec<String> =
        d.case_timeline(case.id).unwrap().into_iter().filter(|a| a.action == "explain_late").filter_map(|a| a.new_value).collect();
    assert_eq!(versions, vec!["等待客户寄回样品".to_string(), "等待客户寄回样品，客户晚寄三天".to_string()]);
    assert_eq!(d.case_workflow(&o.head, case.id).unwrap().explainable_deadline_ids, vec![investigate.id]);
    assert!(d.case_workflow(&o.agent, case.id).unwrap().explainable_deadline_ids.is_empty());

    // Sent back: approval is done, a new investigation stage starts.
    let case = d.send_back(&o.vice_gm, case.id, case.version, "请补充损失清单").unwrap();
    let open: Vec<DeadlineStage> = d.case_deadlines(case.id).unwrap().into_iter().filter(|x| x.done_at.is_none()).map(|x| x.stage).collect();
    assert_eq!(open, vec![DeadlineStage::Whole, DeadlineStage::Investigate]);

    // Once the case has ended, the reason stays as it was.
    d.void_case(&o.agent, case.id, case.version, "客户撤回投诉").unwrap();
    let ended = d.explain_late(&o.head, case.id, investigate.id, "再改一次").unwrap_err();
    assert_eq!(ended.code, ErrorCode::WrongState);
    assert!(ended.message.contains("超时原因不能再修改"), "{}", ended.message);
    assert!(d.case_workflow(&o.head, case.id).unwrap().explainable_deadline_ids.is_empty());
}

#[test]
fn an_overdue_case_gets_a_numbered_reminder_from_the_escalation_department_or_a_manager() {
    let o = office(OrgType::Mall, beijing(2026, 11, 23, 9, 0));
    let d = &o.t.desk;
    let case = assessed(&o, None);
    assert_eq!(d.issue_reminder(&o.hr, case.id, "").unwrap_err().code, ErrorCode::WrongState, "not overdue yet");

    o.t.clock.set(o.t.clock.now() + Duration::hours(49));
    let actions = d.case_workflow(&o.hr, case.id).unwrap().actions;
    assert!(actions.contains(&CaseAction::Remind));
    assert!(!d.case_workflow(&o.agent, case.id).unwrap().actions.contains(&CaseAction::Remind));
    assert_eq!(d.issue_reminder(&o.agent, case.id, "").unwrap_err().code, ErrorCode::Forbidden);

    let first = d.issue_reminder(&o.hr, case.id, "请今日内答复客户").unwrap();
    assert_eq!((first.reminder_no.as_str(), first.stage, first.issued_by_name.as_str()), ("CB-2611-0001", Some(DeadlineStage::Reply), "孙丽"));
    let second = d.issue_reminder(&o.vice_gm, case.id, "").unwrap();
    assert_eq!(second.reminder_no, "CB-2611-0002");
    assert_eq!(d.reminders(case.id).unwrap().len(), 2);
    assert_eq!(d.case_timeline(case.id).unwrap().pop().unwrap().action, "remind");

    // The 催办单 prints under its reminder's number, for whoever may remind.
    let request = DocumentRequest {
        kind: DocumentKind::ReminderNotice,
        case_id: Some(case.id),
        reminder_id: Some(first.id),
        query: None,
        filter_text: String::new(),
    };
    assert_eq!(d.issue_document(&o.agent, request.clone()).unwrap_err().code, ErrorCode::Forbidden);
    let notice = d.issue_document(&o.hr, request.clone()).unwrap();
    assert_eq!(notice.number, "CB-2611-0001");
    let pdf = d.document_pdf(&o.hr, &notice.number, &[1], OutputTarget::Export).unwrap().bytes;
    let text = pages_text(&pdf).join("\n");
    for expected in ["催办单", case.case_no.as_str(), "请今日内答复客户", "第一联 责任部门", "孙丽", "答复"] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert_eq!(d.issue_document(&o.hr, request).unwrap_err().code, ErrorCode::WrongState, "one notice per reminder");
}

#[test]
fn an_invalid_complaint_or_an_unknown_policy_starts_no_clock() {
    let o = office(OrgType::Mall, beijing(2026, 11, 23, 9, 0));
    let case = o.t.desk.register_case(&o.agent, new_case(o.t.clock.now())).unwrap();
    let invalid = Assessment {
        valid: false,
        nature: None,
        cause_type: None,
        severity: Severity::Normal,
        malicious: false,
        explanation: "非本商场售出商品".into(),
    };
    o.t.desk.assess(&o.agent, case.id, case.version, invalid).unwrap();
    assert!(stages(&o, case.id).is_empty());
    assert!(o.t.desk.case_page(&CaseQuery::default()).unwrap().rows[0].due_at.is_none());
}

#[test]
fn the_admin_imports_a_new_year_of_the_calendar() {
    let o = office(OrgType::Property, beijing(2026, 11, 23, 9, 0));
    let d = &o.t.desk;
    let years: Vec<i32> = d.calendar_years().unwrap().iter().map(|y| y.year).collect();
    assert_eq!(years, (2020..=2026).collect::<Vec<_>>(), "shipped with the app, kept in the database");

    let json = r#"{"year": 2027, "source": "测试通知", "days": [{"date": "2027-01-01", "name": "元旦", "off": true}]}"#;
    assert_eq!(d.save_calendar_year(&o.agent, json).unwrap_err().code, ErrorCode::Forbidden);
    let bad = r#"{"year": 2027, "source": "", "days": [{"date": "2027-03-03", "name": "调休", "off": false}]}"#;
    assert_eq!(d.save_calendar_year(&o.admin, bad).unwrap_err().field.as_deref(), Some("off"));
    let saved: HolidayYear = d.save_calendar_year(&o.admin, json).unwrap();
    assert_eq!(saved.year, 2027);
    let calendar = d.calendar().unwrap();
    assert!(calendar.covers(2027));
    assert!(!calendar.is_workday("2027-01-01".parse().unwrap()));
    let audit = d.store().audit_of("calendar", 2027).unwrap();
    assert_eq!((audit.len(), audit[0].action.as_str(), audit[0].actor_name.as_str()), (1, "import", "王强"));

    // Or the notice's text as published, pasted: the year replaced as a whole.
    let notice = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n二、春节：2月6日（周六）至12日（周五）放假调休，共7天。2月20日（周六）上班。";
    assert_eq!(d.import_calendar_notice(&o.agent, notice, 2027).unwrap_err().code, ErrorCode::Forbidden);
    let weekday_work = "一、春节：2月22日（周一）上班。";
    assert_eq!(d.import_calendar_notice(&o.admin, weekday_work, 2027).unwrap_err().field.as_deref(), Some("off"));
    let read = d.import_calendar_notice(&o.admin, notice, 2020).unwrap();
    assert_eq!((read.year, read.source.as_str()), (2027, "国务院办公厅关于2027年部分节假日安排的通知"));
    assert_eq!(read.days.len(), 3 + 7 + 1);
    let calendar = d.calendar().unwrap();
    assert!(!calendar.is_workday("2027-02-08".parse().unwrap()), "a Monday of 春节");
    assert!(calendar.is_workday("2027-02-20".parse().unwrap()), "the make-up Saturday");
    assert_eq!(d.store().audit_of("calendar", 2027).unwrap().len(), 2);
}

#[test]
fn a_notice_comes_once_when_my_stage_is_due_within_the_hour_and_once_when_overdue() {
    let o = office(OrgType::Mall, beijing(2026, 11, 23, 9, 0));
    let case = assessed(&o, None);
    let due_at = case.fields.received_at + Duration::hours(48);
    assert!(o.t.desk.due_notices(&o.agent).unwrap().is_empty(), "two days to go");

    o.t.clock.set(due_at - Duration::minutes(59));
    let soon = o.t.desk.due_notices(&o.agent).unwrap();
    assert_eq!(soon.iter().map(|n| (n.case_no.as_str(), n.stage, n.overdue)).collect::<Vec<_>>(), vec![(case.case_no.as_str(), DeadlineStage::Reply, false)]);
    assert!(o.t.desk.due_notices(&o.agent).unwrap().is_empty(), "not repeated");
    assert!(o.t.desk.due_notices(&o.head).unwrap().is_empty(), "not his case");

    o.t.clock.set(due_at + Duration::minutes(1));
    let late = o.t.desk.due_notices(&o.agent).unwrap();
    assert_eq!(late.iter().map(|n| n.overdue).collect::<Vec<_>>(), vec![true]);
    assert!(o.t.desk.due_notices(&o.agent).unwrap().is_empty(), "not repeated");
}

#[test]
fn every_preset_gives_the_limits_of_its_seed_document() {
    let start = beijing(2026, 11, 23, 9, 0); // a Monday
    let hours = Duration::hours;
    let days = Duration::days;
    let end_of = |d: u32| beijing(2026, 11, d, 23, 59) + Duration::seconds(59);
    type Preset = (OrgType, Option<Market>, Vec<(DeadlineStage, Duration)>);
    let cases: Vec<Preset> = vec![
        (OrgType::Mall, None, vec![(DeadlineStage::Reply, hours(48))]),
        (OrgType::Hospitality, None, vec![(DeadlineStage::Reply, hours(24))]),
        (OrgType::Manufacturing, Some(Market::Domestic), vec![(DeadlineStage::Route, hours(12)), (DeadlineStage::Whole, days(13))]),
        (OrgType::Manufacturing, None, vec![(DeadlineStage::Route, hours(12)), (DeadlineStage::Whole, days(13))]),
        (OrgType::Manufacturing, Some(Market::Foreign), vec![(DeadlineStage::Route, hours(12)), (DeadlineStage::Whole, days(17))]),
        (OrgType::SalesBranch, Some(Market::Domestic), vec![(DeadlineStage::Whole, days(15))]),
        (OrgType::SalesBranch, Some(Market::Foreign), vec![(DeadlineStage::Whole, days(18))]),
    ];
    for (org, market, expected) in cases {
        let o = office(org, start);
        let case = assessed(&o, market);
        let received = case.fields.received_at;
        let got: Vec<(DeadlineStage, DateTime<Utc>)> = stages(&o, case.id).into_iter().map(|(s, due, _)| (s, due)).collect();
        let want: Vec<(DeadlineStage, DateTime<Utc>)> = expected
            .into_iter()
            .map(|(s, limit)| (s, if s == DeadlineStage::Route { start + limit } else { received + limit }))
            .collect();
        assert_eq!(got, want, "{org:?} {market:?}");
    }
    // Property: 5 working days from Monday 23 Nov → the end of Monday 30 Nov.
    let o = office(OrgType::Property, start);
    let case = assessed(&o, None);
    assert_eq!(stages(&o, case.id), vec![(DeadlineStage::Whole, end_of(30), false)]);
}

#[test]
fn a_case_routed_to_his_department_and_a_resolution_waiting_for_his_approval_are_announced_once() {
    let o = office(OrgType::Manufacturing, beijing(2026, 11, 23, 9, 0));
    let d = &o.t.desk;
    let case = assessed(&o, Some(Market::Foreign));
    assert!(d.arrival_notices(&o.head).unwrap().is_empty(), "not routed yet");

    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    let arrived = d.arrival_notices(&o.head).unwrap();
    let seen: Vec<_> = arrived.iter().map(|n| (n.case_no.as_str(), n.kind, n.department_name.as_deref())).collect();
    assert_eq!(seen, vec![(case.case_no.as_str(), WorkKind::ToAccept, Some("业务部"))]);
    assert!(d.arrival_notices(&o.head).unwrap().is_empty(), "not repeated");
    assert!(d.arrival_notices(&o.hr).unwrap().is_empty(), "another department");
    assert!(d.arrival_notices(&o.agent).unwrap().is_empty(), "the agent routed it himself");

    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    let inv = Investigation { cause_analysis: "包装破损".into(), measures: String::new(), responsibilities: vec![], actions: vec![] };
    let case = d.record_investigation(&o.head, case.id, case.version, inv).unwrap();
    let case = d.propose(&o.head, case.id, case.version, compensation(120_000)).unwrap();
    let waiting = d.arrival_notices(&o.vice_gm).unwrap();
    assert_eq!(waiting.iter().map(|n| (n.case_id, n.kind)).collect::<Vec<_>>(), vec![(case.id, WorkKind::ToApprove)]);
    assert!(d.arrival_notices(&o.vice_gm).unwrap().is_empty(), "not repeated");

    // Sent back and proposed again: it waits for him again, and he is told again.
    let case = d.send_back(&o.vice_gm, case.id, case.version, "请补充损失清单").unwrap();
    let case = d.propose(&o.head, case.id, case.version, compensation(120_000)).unwrap();
    assert_eq!(d.arrival_notices(&o.vice_gm).unwrap().iter().map(|n| n.case_id).collect::<Vec<_>>(), vec![case.id]);
}
