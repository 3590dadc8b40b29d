//! 统计 (issue 13 item 1) against a hand-computed month: November 2026 at a
//! mall (答复 within 48 hours of receipt), five cases walked through the real
//! workflow on the days they happened.
//!
//! | case | received    | what happens                                        | closed       |
//! |------|-------------|-----------------------------------------------------|--------------|
//! | A    | 11-02 09:40 | PCB, 业务部 60% / 质量管理部 40%, 赔偿 ¥1,000, answered 11-03 (on time), 满意 | 11-06 09:40 (4 days) |
//! | C    | 11-03 09:40 | 二次投诉 of A, PCB, 业务部 70% / 质量管理部 30%, 退货 7 × ¥10.01, answered 11-06 (late, reason given), 不满意 | 11-13 09:40 (10 days) |
//! | B    | 11-10 09:40 | invalid (误会), not routed                            | 11-10 10:00 |
//! | D    | 11-25 09:40 | assessed, still open                                 | —            |
//! | E    | 11-28 09:40 | invalid, but only on 12-02                            | 12-02        |
//!
//! Closed in November: A, C, B. Days to close 4, 10 and 20 minutes: median 4.0,
//! p90 (3rd of 3) 10.0. Loss: A ¥1,000.00; C 20% of ¥70.07 = 1,401 fen.
//! Shares: 业务部 60,000 + 980.7→981 = 60,981; 质量管理部 40,000 + 420.3→420 = 40,420
//! (the leftover fen to the larger remainder, .7); they add up to 101,401.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::office::*;
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::loss::ResolutionLine;
use complaintdesk_core::model::*;
use complaintdesk_core::stats::{Statistics, StatsQuery, Tally};
use complaintdesk_core::store::StatsBasis;
use complaintdesk_core::ErrorCode;

/// Beijing wall-clock time.
fn beijing(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap() - Duration::hours(8)
}

struct Month {
    o: Office,
    a: Case,
    c: Case,
    b: Case,
}

fn return_of(quantity: i64, unit_price_fen: i64) -> Proposal {
    Proposal {
        lines: vec![ResolutionLine {
            kind: ResolutionType::Return,
            quantity,
            unit_price_fen,
            amount_fen: 0,
            transport_fen: 0,
            note: "整批退货".into(),
        }],
        opinion: "同意退货".into(),
    }
}

/// Registered at `at` (received 20 minutes before), routed to 业务部,
/// investigated with `ratios`, proposed and approved.
fn approved(o: &Office, at: DateTime<Utc>, ratios: &[(i64, &str, u8)], proposal: Proposal) -> Case {
    let d = &o.t.desk;
    o.t.clock.set(at);
    let case = pcb_case(o);
    let case = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().case;
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    let case = d.record_investigation(&o.head, case.id, case.version, investigation(ratios)).unwrap();
    let case = d.propose(&o.head, case.id, case.version, proposal).unwrap();
    d.approve(&o.vice_gm, case.id, case.version, "同意", true).unwrap()
}

/// Answered at `answered`, executed and visited the next day, closed at `closed`.
fn settle(o: &Office, case: Case, answered: DateTime<Utc>, satisfaction: Satisfaction, closed: DateTime<Utc>) -> Case {
    let d = &o.t.desk;
    o.t.clock.set(answered);
    let case = d.answer(&o.agent, case.id, case.version, CustomerAnswer { accepted: true, note: "客户同意方案".into() }).unwrap().case;
    o.t.clock.set(answered + Duration::days(1));
    let case = d.execute(&o.head, case.id, case.version, "已执行").unwrap();
    let visit = FollowUp { visited_at: o.t.clock.now(), method: VisitMethod::Phone, satisfaction, remarks: String::new() };
    let case = d.follow_up(&o.agent, case.id, case.version, visit).unwrap();
    o.t.clock.set(closed);
    d.close(&o.agent, case.id, case.version, "").unwrap()
}

fn invalid() -> Assessment {
    Assessment {
        valid: false,
        nature: Some(Nature::NonQuality),
        cause_type: Some(CauseType::Misunderstanding),
        severity: Severity::Normal,
        malicious: false,
        explanation: "客户误解了保修条款，已当面解释".into(),
    }
}

fn registered(o: &Office, at: DateTime<Utc>) -> Case {
    o.t.clock.set(at);
    o.t.desk.register_case(&o.agent, new_case(at)).unwrap()
}

fn month() -> Month {
    let o = office();
    o.t.desk.set_organisation_type(&o.admin, OrgType::Mall).unwrap();
    let d = &o.t.desk;

    let a = approved(&o, beijing(11, 2, 10, 0), &[(SALES_DEPT, "", 60), (QUALITY_DEPT, "", 40)], compensation(1_000));
    let a = settle(&o, a, beijing(11, 3, 10, 0), Satisfaction::Satisfied, beijing(11, 6, 9, 40));

    let c = approved(&o, beijing(11, 3, 10, 0), &[(SALES_DEPT, "", 70), (QUALITY_DEPT, "", 30)], return_of(7, 1_001));
    o.t.clock.set(beijing(11, 6, 10, 0));
    let c = d.answer(&o.agent, c.id, c.version, CustomerAnswer { accepted: true, note: "客户同意退货".into() }).unwrap().case;
    let reply = d.case_deadlines(c.id).unwrap().into_iter().find(|s| s.stage == DeadlineStage::Reply).unwrap();
    d.explain_late(&o.agent, c.id, reply.id, "客户出差，无法联系").unwrap();
    let c = {
        let c = d.case(c.id).unwrap();
        o.t.clock.set(beijing(11, 9, 10, 0));
        let c = d.execute(&o.head, c.id, c.version, "已退货").unwrap();
        let visit = FollowUp { visited_at: o.t.clock.now(), method: VisitMethod::Phone, satisfaction: Satisfaction::Unsatisfied, remarks: String::new() };
        let c = d.follow_up(&o.agent, c.id, c.version, visit).unwrap();
        o.t.clock.set(beijing(11, 13, 9, 40));
        d.close(&o.agent, c.id, c.version, "").unwrap()
    };

    let b = registered(&o, beijing(11, 10, 10, 0));
    let b = d.assess(&o.agent, b.id, b.version, invalid()).unwrap().case;

    let dd = registered(&o, beijing(11, 25, 10, 0));
    d.assess(&o.agent, dd.id, dd.version, valid_quality()).unwrap();

    let e = registered(&o, beijing(11, 28, 10, 0));
    o.t.clock.set(beijing(12, 2, 10, 0));
    d.assess(&o.agent, e.id, e.version, invalid()).unwrap();

    o.t.clock.set(beijing(12, 7, 10, 0));
    Month { o, a, c, b }
}

fn november(basis: StatsBasis) -> StatsQuery {
    StatsQuery { basis, from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), department_id: None }
}

fn counts(tallies: &[Tally]) -> Vec<(String, u64)> {
    tallies.iter().map(|t| (t.label.clone(), t.count)).collect()
}

fn amounts(tallies: &[Tally]) -> Vec<(String, i64)> {
    tallies.iter().map(|t| (t.label.clone(), t.amount_fen)).collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(l, c)| (l.to_string(), *c)).collect()
}

fn stats_of(m: &Month, who: &User, q: StatsQuery) -> Statistics {
    m.o.t.desk.statistics(who, q).unwrap()
}

#[test]
fn a_month_by_closing_date_counts_money_time_and_satisfaction_as_computed_by_hand() {
    let m = month();
    let s = stats_of(&m, &m.o.vice_gm, november(StatsBasis::Closed));
    assert!(s.all_departments);
    assert_eq!(s.cases.count, 3);
    assert_eq!((s.opened.count, s.closed.count, s.open_at_end.count), (5, 3, 2), "D and E were open on 11-30");
    // C is the same customer's same matter while A was open: the desk marked it 二次投诉.
    assert_eq!(m.o.t.desk.case(m.c.id).unwrap().repeat_of_id, Some(m.a.id));
    assert_eq!((s.new_rounds.count, s.repeats.count), (0, 1));
    assert_eq!(counts(&s.by_department), pairs(&[("业务部", 2), ("未分派", 1)]));
    assert_eq!(counts(&s.by_cause), pairs(&[("出品质量", 2), ("误会", 1)]));
    assert_eq!(counts(&s.by_nature), pairs(&[("品质异常", 2), ("非品质异常", 1)]));
    assert_eq!(counts(&s.by_severity), pairs(&[("一般", 1), ("重要", 2)]));
    assert_eq!(counts(&s.by_channel), pairs(&[("电话", 3)]));
    assert_eq!(counts(&s.by_status), pairs(&[("已结案", 3)]));
    assert_eq!(counts(&s.by_resolution), pairs(&[("索赔/赔偿", 1), ("退货", 1)]));
    assert_eq!(amounts(&s.by_resolution), vec![("索赔/赔偿".to_string(), 100_000), ("退货".to_string(), 1_401)]);

    assert_eq!((s.claimed_fen, s.approved_fen, s.loss_fen), (450_000, 100_000 + 7_007, 101_401));
    assert_eq!(amounts(&s.loss_by_department), vec![("业务部".to_string(), 60_981), ("质量管理部".to_string(), 40_420)]);
    assert_eq!(s.loss_by_department.iter().map(|t| t.amount_fen).sum::<i64>(), s.loss_fen, "shares add up to the loss");

    assert_eq!((s.days_median, s.days_p90), (Some(4.0), Some(10.0)));
    assert_eq!((s.on_time.judged, s.on_time.on_time, s.on_time.rate), (2, 1, Some(50.0)), "B had no time limit (invalid)");
    let stages: Vec<_> = s.on_time_by_stage.iter().map(|r| (r.label.as_str(), r.judged, r.on_time, r.rate)).collect();
    assert_eq!(stages, vec![("答复客户", 2, 1, Some(50.0))]);
    let departments: Vec<_> = s.on_time_by_department.iter().map(|r| (r.label.as_str(), r.judged, r.rate)).collect();
    assert_eq!(departments, vec![("业务部", 2, Some(50.0))]);
    assert_eq!((s.overdue.len(), s.overdue_total), (1, 1));
    assert_eq!((s.overdue[0].case_no.as_str(), s.overdue[0].stage, s.overdue[0].late_reason.as_str()), (m.c.case_no.as_str(), DeadlineStage::Reply, "客户出差，无法联系"));

    assert_eq!(counts(&s.satisfaction), pairs(&[("满意", 1), ("基本满意", 0), ("不满意", 1)]));
    assert_eq!(s.satisfaction_rate, Some(50.0));
    let by_dept: Vec<_> = s.satisfaction_by_department.iter().map(|r| (r.label.as_str(), r.satisfied, r.unsatisfied, r.rate)).collect();
    assert_eq!(by_dept, vec![("业务部", 1, 1, Some(50.0))]);

    assert_eq!(s.months, vec!["2026-11"]);
    let trend: Vec<_> = s.trend.iter().map(|t| (t.label.as_str(), t.counts.clone())).collect();
    assert_eq!(trend, vec![("出品质量", vec![2]), ("误会", vec![1])]);
    let pareto: Vec<_> = s.pareto.iter().map(|p| (p.tally.label.as_str(), p.cumulative)).collect();
    assert_eq!(pareto, vec![("出品质量", 66.7), ("误会", 100.0)]);
    let _ = (&m.a, &m.b);
}

#[test]
fn by_receipt_date_the_month_holds_every_case_received_in_it() {
    let m = month();
    let s = stats_of(&m, &m.o.quality_head, november(StatsBasis::Received));
    assert_eq!(s.cases.count, 5);
    assert_eq!(counts(&s.by_status), pairs(&[("已评估", 1), ("已结案", 4)]), "E is closed by now (12-02)");
    // December by closing date holds E only.
    let december = StatsQuery {
        basis: StatsBasis::Closed,
        from: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        department_id: None,
    };
    let s = stats_of(&m, &m.o.quality_head, december);
    assert_eq!((s.cases.count, s.opened.count, s.closed.count, s.open_at_end.count), (1, 0, 1, 1));
}

#[test]
fn a_department_sees_only_its_own_figures_and_managers_every_department() {
    let m = month();
    // The 业务部 head: A and C only, his own share of the loss only.
    let s = stats_of(&m, &m.o.head, november(StatsBasis::Closed));
    assert!(!s.all_departments);
    assert_eq!(s.scope_department_id, Some(SALES_DEPT));
    assert_eq!(s.cases.count, 2);
    assert_eq!(counts(&s.by_department), pairs(&[("业务部", 2)]));
    assert_eq!(amounts(&s.loss_by_department), vec![("业务部".to_string(), 60_981)]);
    assert_eq!((s.opened.count, s.closed.count), (2, 2), "the unrouted cases are not his");
    assert!(s.cases.slice.scope_department_id == Some(SALES_DEPT), "his drill-downs stay in his department");
    // Asking for another department is refused, in Rust.
    let q = StatsQuery { department_id: Some(QUALITY_DEPT), ..november(StatsBasis::Closed) };
    assert_eq!(m.o.t.desk.statistics(&m.o.head, q).unwrap_err().code, ErrorCode::Forbidden);
    // A manager may narrow to one department.
    let q = StatsQuery { department_id: Some(SALES_DEPT), ..november(StatsBasis::Closed) };
    assert_eq!(stats_of(&m, &m.o.vice_gm, q).cases.count, 2);
    // An agent of 客服部 (department 1) sees the unrouted? No: only cases 客服部 handled — none.
    assert_eq!(stats_of(&m, &m.o.agent, november(StatsBasis::Closed)).cases.count, 0);
    // Someone with no department sees nothing at all.
    let nobody = person(&m.o.t, &m.o.admin, "无部门", "wubumen", &[Role::Handler], None);
    assert_eq!(m.o.t.desk.statistics(&nobody, november(StatsBasis::Closed)).unwrap_err().code, ErrorCode::Forbidden);
    // A reversed period names its field.
    let bad = StatsQuery { from: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), ..november(StatsBasis::Closed) };
    assert_eq!(m.o.t.desk.statistics(&m.o.vice_gm, bad).unwrap_err().field.as_deref(), Some("to"));
}

#[test]
fn a_statement_line_carries_the_monthly_table_of_a_closed_case() {
    use complaintdesk_core::stats::statement_line;
    let m = month();
    let period = m.o.t.desk.stats_period(&november(StatsBasis::Closed)).unwrap();
    let facts = m.o.t.desk.store().case_facts(&period).unwrap();
    let names = m.o.t.desk.departments().unwrap().into_iter().map(|d| (d.id, d.name)).collect();
    let c = facts.iter().find(|f| f.id == m.c.id).unwrap();
    let line = statement_line(c, &names, period.to);
    assert_eq!((line.case_no.as_str(), line.customer_name.as_str(), line.product.as_str()), (m.c.case_no.as_str(), "深圳华星电子", "PCB-4L-1.6-0345"));
    assert_eq!((line.cause_type, line.resolution_types.clone(), line.loss_fen), (Some(CauseType::Product), vec![ResolutionType::Return], 1_401));
    let shares: Vec<_> = line.responsibilities.iter().map(|r| (r.department_name.as_str(), r.ratio_percent, r.loss_share_fen)).collect();
    assert_eq!(shares, vec![("业务部", 70, 981), ("质量管理部", 30, 420)]);
    assert_eq!((line.days_to_close, line.on_time), (Some(10.0), Some(false)));
}

/// The case numbers the tracking sheet lists for a drill-down.
fn drilled(m: &Month, slice: &complaintdesk_core::stats::StatsSlice) -> Vec<String> {
    let q = CaseQuery { stats: Some(slice.clone()), sort: SortField::CaseNo, descending: false, page_size: 200, ..CaseQuery::default() };
    m.o.t.desk.case_page(&q).unwrap().rows.into_iter().map(|r| r.case_no).collect()
}

#[test]
fn every_figure_opens_the_sheet_on_exactly_the_cases_it_counts() {
    let m = month();
    for (who, basis) in [(&m.o.vice_gm, StatsBasis::Closed), (&m.o.vice_gm, StatsBasis::Received), (&m.o.head, StatsBasis::Closed)] {
        let s = stats_of(&m, who, november(basis));
        let figures = [&s.cases, &s.opened, &s.closed, &s.open_at_end, &s.new_rounds, &s.repeats];
        for f in figures {
            assert_eq!(drilled(&m, &f.slice).len() as u64, f.count, "{} ({basis:?})", f.slice.label);
        }
        let tallies = [&s.by_department, &s.by_cause, &s.by_nature, &s.by_severity, &s.by_channel, &s.by_resolution, &s.by_status, &s.loss_by_department, &s.satisfaction];
        for t in tallies.into_iter().flatten() {
            assert_eq!(drilled(&m, &t.slice).len() as u64, t.count, "{} ({basis:?})", t.label);
        }
        for r in std::iter::once(&s.on_time).chain(&s.on_time_by_stage).chain(&s.on_time_by_department) {
            assert_eq!(drilled(&m, &r.late_slice).len() as u64, r.judged - r.on_time, "{} ({basis:?})", r.label);
        }
    }
    // And by name, the ones a reader checks.
    let s = stats_of(&m, &m.o.vice_gm, november(StatsBasis::Closed));
    let (a, b, c) = (m.a.case_no.clone(), m.b.case_no.clone(), m.c.case_no.clone());
    let find = |list: &[Tally], label: &str| list.iter().find(|t| t.label == label).unwrap().slice.clone();
    assert_eq!(drilled(&m, &s.cases.slice), vec![a.clone(), c.clone(), b.clone()]);
    assert_eq!(drilled(&m, &find(&s.by_cause, "误会")), vec![b.clone()]);
    assert_eq!(drilled(&m, &find(&s.by_department, "未分派")), vec![b.clone()]);
    assert_eq!(drilled(&m, &find(&s.loss_by_department, "质量管理部")), vec![a.clone(), c.clone()]);
    assert_eq!(drilled(&m, &find(&s.by_resolution, "退货")), vec![c.clone()]);
    assert_eq!(drilled(&m, &find(&s.satisfaction, "满意")), vec![a.clone()]);
    assert_eq!(drilled(&m, &s.on_time.late_slice), vec![c.clone()]);
    assert_eq!(drilled(&m, &s.repeats.slice), vec![c.clone()]);
    let open = drilled(&m, &s.open_at_end.slice);
    assert_eq!(open.len(), 2);
    assert!(!open.contains(&a) && !open.contains(&b) && !open.contains(&c));
    // Without a drill-down the sheet is as before: all five.
    assert_eq!(m.o.t.desk.case_page(&all_cases()).unwrap().total, 5);
}

/// A database of version 16 holds cases closed before `closed_at` existed:
/// version 17 takes each one's closing time from its audit line (or, for a
/// case stored closed without one, its last change), so they count in their
/// month by closing date.
#[test]
fn cases_closed_before_the_upgrade_count_in_the_month_they_closed() {
    use complaintdesk_core::sqlite::{create_at_version, SqliteStore};
    use complaintdesk_core::store::{FactPeriod, StatsStore};
    if on_postgres() {
        return; // a SQLite file's upgrade
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v16.sqlite3");
    create_at_version(&path, 16).unwrap();
    let received = beijing(11, 2, 9, 0).timestamp_millis();
    let closed = beijing(11, 20, 15, 0).timestamp_millis();
    let stored = beijing(10, 30, 8, 0).timestamp_millis();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO users (id, name, created_at) VALUES (1, '老员工', 0);
             INSERT INTO customers (id, name, phone, created_at) VALUES (1, '刘芳', '13900002222', 0);
             INSERT INTO cases (id, case_no, status, received_at, channel, customer_id, customer_name, customer_phone,
                customer_address, customer_org, content, customer_request, order_no, item_no, severity,
                sample_kept, sample_note, receiver_id, handler_id, created_at, updated_at)
             VALUES (1, '2611-0001', 'closed', {received}, 'phone', 1, '刘芳', '13900002222', '', '', '电梯困人', '道歉', '', '', 'normal',
                0, '', 1, 1, {received}, {closed}),
                    (2, '2610-0001', 'closed', {stored}, 'phone', 1, '刘芳', '13900002222', '', '', '门禁失灵', '维修', '', '', 'normal',
                0, '', 1, 1, {stored}, {stored}),
                    (3, '2611-0002', 'investigating', {received}, 'phone', 1, '刘芳', '13900002222', '', '', '漏水', '维修', '', '', 'normal',
                0, '', 1, 1, {received}, {received});
             INSERT INTO audit_log (at, actor_id, entity, entity_id, action, field, old_value, new_value)
             VALUES ({closed}, 1, 'case', 1, 'close', 'status', 'followed_up', 'closed');"
        ))
        .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let facts = |from: DateTime<Utc>, to: DateTime<Utc>| -> Vec<(String, Option<DateTime<Utc>>)> {
        store.case_facts(&FactPeriod { basis: StatsBasis::Closed, from, to }).unwrap().into_iter().map(|f| (f.case_no, f.closed_at)).collect()
    };
    assert_eq!(facts(beijing(11, 1, 0, 0), beijing(12, 1, 0, 0)), vec![("2611-0001".to_string(), Some(beijing(11, 20, 15, 0)))]);
    assert_eq!(facts(beijing(10, 1, 0, 0), beijing(11, 1, 0, 0)), vec![("2610-0001".to_string(), Some(beijing(10, 30, 8, 0)))]);
}
