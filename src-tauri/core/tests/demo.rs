//! 载入演示数据: a demo department that lived through its cases. Every demo
//! case reached its status by the real workflow steps (its timeline says
//! so, step by step), valid assessed cases carry their 时效, and each demo
//! person signs in with the demo password to find his own day.

mod common;

use common::*;
use complaintdesk_core::stats::StatsQuery;
use complaintdesk_core::store::StatsBasis;
use complaintdesk_core::authority::ApproverLevel;
use complaintdesk_core::codes::*;
use complaintdesk_core::demo_story::DEMO_PASSWORD;
use complaintdesk_core::model::*;
use complaintdesk_core::ErrorCode;

const CASES: usize = 360;

/// The status changes of a case's audit log, as (action, from, to).
fn status_steps(t: &TestDesk, case_id: i64) -> Vec<(String, String, String)> {
    t.desk
        .store()
        .audit_of("case", case_id)
        .unwrap()
        .into_iter()
        .filter(|a| a.field.as_deref() == Some("status"))
        .map(|a| (a.action, a.old_value.unwrap_or_default(), a.new_value.unwrap_or_default()))
        .collect()
}

#[test]
fn every_demo_case_reached_its_status_by_real_steps_and_each_demo_person_finds_his_day() {
    let t = desk();
    let admin = t.desk.create_first_admin("系统管理员", "admin", "Admin2026").unwrap();
    // Only the administrator fills a database with demo people and cases.
    assert_eq!(t.desk.load_demo_data(&t.agent, 10).unwrap_err().code, ErrorCode::Forbidden);
    let offered = t.desk.demo_accounts().unwrap().expect("an empty database offers the demo and names its people");
    assert_eq!(t.desk.load_demo_data(&admin, CASES).unwrap(), CASES as u64);
    assert!(t.desk.is_demo().unwrap());
    let accounts = t.desk.demo_accounts().unwrap().unwrap();
    assert_eq!((accounts.password.as_str(), accounts.people.len()), (DEMO_PASSWORD, offered.people.len()));
    let vice = accounts.people.iter().find(|p| p.login == "zhengguoping").unwrap();
    assert_eq!((vice.name.as_str(), vice.roles.as_slice()), ("郑国平", [Role::ViceGm].as_slice()));

    let mut rows = Vec::new();
    for page in 1.. {
        let p = t.desk.case_page(&CaseQuery { page, page_size: 200, include_voided: true, ..CaseQuery::default() }).unwrap();
        let last = p.rows.len() < 200;
        rows.extend(p.rows);
        if last {
            break;
        }
    }
    // A rejected answer opens a second round, so there may be a few more cases than generated.
    assert!(rows.len() >= CASES, "{} cases", rows.len());

    let mut seen = std::collections::HashSet::new();
    for row in &rows {
        seen.insert(row.status);
        let lines = t.desk.store().audit_of("case", row.id).unwrap();
        // A case begins with its registration, or as the next round of a rejected answer.
        assert!(["register", "new_round"].contains(&lines[0].action.as_str()), "{} begins with {}", row.case_no, lines[0].action);
        // Each status change follows from the one before, from 已登记 to where the case stands.
        let steps = status_steps(&t, row.id);
        let mut status = CaseStatus::Registered.code().to_string();
        if lines[0].action == "new_round" {
            status = steps.first().map(|(_, from, _)| from.clone()).unwrap_or_else(|| row.status.code().to_string());
        }
        for (action, from, to) in &steps {
            assert_eq!(from, &status, "{}: {action} from {from}, but the case stood at {status}", row.case_no);
            assert!(action != "demo", "{}: a status set by hand, not by a step", row.case_no);
            status = to.clone();
        }
        assert_eq!(status, row.status.code(), "{}: its timeline ends where the case stands", row.case_no);
        // Every line was written at or after the case was received, in order.
        assert!(lines.windows(2).all(|w| w[0].at <= w[1].at), "{}: timeline in time order", row.case_no);
        assert!(lines[0].at >= row.received_at, "{}", row.case_no);

        let valid_and_assessed = steps.iter().any(|(action, _, to)| action == "assess" && to == "assessed");
        if valid_and_assessed {
            assert!(!t.desk.case_deadlines(row.id).unwrap().is_empty(), "{}: 时效 from the policy chosen at assessment", row.case_no);
        }
    }
    for status in [
        CaseStatus::Registered,
        CaseStatus::Assessed,
        CaseStatus::Routed,
        CaseStatus::Investigating,
        CaseStatus::Proposed,
        CaseStatus::Closed,
        CaseStatus::Voided,
    ] {
        assert!(seen.contains(&status), "some demo case stands at {}", status.label());
    }
    // Some cases were routed to the wrong department first, returned, and routed again.
    assert!(rows.iter().any(|r| status_steps(&t, r.id).iter().any(|(a, _, _)| a == "return_routing")));

    // Each demo person signs in with the demo password, without being asked to change it.
    let sign_in = |login: &str| {
        let s = t.desk.sign_in(login, DEMO_PASSWORD).unwrap();
        assert!(!s.must_change_password, "{login}");
        s.user
    };
    // The 副总经理 and the 总经理 find proposals in 待我审批, some for their own level.
    let vice_gm = sign_in("zhengguoping");
    let queue = t.desk.approval_queue(&vice_gm).unwrap();
    assert!(queue.iter().any(|i| i.resolution.required_level == ApproverLevel::ViceGm), "the 副总经理 has a case of his level");
    let gm = sign_in("wangjianhua");
    assert!(t.desk.approval_queue(&gm).unwrap().iter().any(|i| i.resolution.required_level == ApproverLevel::Gm));
    // An agent's 工作台 has overdue cases of his own; the overdue are counted by department.
    let dashboards: Vec<_> = ["chensiyuan", "wangtingting", "zhangzhiqiang", "liujiayi", "huangjunjie", "zhouxuemei", "wuhao"]
        .into_iter()
        .map(|login| t.desk.dashboard(&sign_in(login)).unwrap())
        .collect();
    assert!(dashboards.iter().any(|d| !d.my_overdue.is_empty()), "some agent has overdue cases");
    // On a working morning each agent has a fresh case falling due today.
    assert!(dashboards.iter().all(|d| !d.my_due_today.is_empty()), "{:?}", dashboards.iter().map(|d| d.my_due_today.len()).collect::<Vec<_>>());
    assert!(!dashboards[0].overdue_by_department.is_empty());
    // 会计科 finds the certificates issued for approved amounts: some still to
    // book, some paid with the execution, some written off at closing.
    let accountant = sign_in("hejing");
    let ledger = t.desk.ledger(&accountant, &complaintdesk_core::ledger::LedgerQuery::default()).unwrap();
    let count = |state: LedgerState| ledger.counts.iter().find(|c| c.state == state).map_or(0, |c| c.count);
    assert!(
        count(LedgerState::Pending) > 0 && count(LedgerState::Paid) > 0 && count(LedgerState::WrittenOff) > 0,
        "{:?}",
        ledger.counts
    );
    // A department head finds routed cases waiting in 部门收件箱.
    let routed = rows.iter().find(|r| r.status == CaseStatus::Routed).unwrap();
    let department_id = routed.department_id.unwrap();
    let heads = t.desk.store().accounts().unwrap();
    let head = heads.iter().find(|a| t.desk.store().department_head(department_id).unwrap() == Some(a.id)).unwrap();
    let head = sign_in(head.login.as_deref().unwrap());
    let inbox = t.desk.department_inbox(&head, department_id, &CaseQuery::default()).unwrap();
    assert!(inbox.rows.iter().any(|r| r.id == routed.id));
    // The 总经理's 统计 of the demo's half year looks like a working
    // department's: most cases closed on time, some late, days to close that vary.
    let today = t.clock.now().date_naive();
    let half_year = StatsQuery { basis: StatsBasis::Closed, from: today - chrono::Duration::days(180), to: today, department_id: None };
    let stats = t.desk.statistics(&gm, half_year).unwrap();
    let rate = stats.on_time.rate.expect("closed cases are judged");
    assert!((55.0..98.0).contains(&rate), "on time {rate}%");
    let (median, p90) = (stats.days_median.unwrap(), stats.days_p90.unwrap());
    assert!(median < p90 && median < 7.0, "days to close: median {median}, p90 {p90}");
}
