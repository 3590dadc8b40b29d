//! 普遍性问题 (issue 13 item 4, seed 000 第五篇): valid complaints on one
//! 料号, or one cause within one department, reaching the rule's threshold
//! within its window raise an alert to 质量管理部 and the managers, in the
//! same write as the step that tripped it; later ones join it; it is
//! acknowledged with a corrective action, verified and closed (or dismissed
//! with a reason), each step audited, nothing deleted.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::office::*;
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::model::*;
use complaintdesk_core::systemic::*;
use complaintdesk_core::ErrorCode;

const ITEM: &str = "PCB-4L-1.6-0345";

/// 09:00 in Beijing on a day of October 2026.
fn october(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, day, 1, 0, 0).unwrap()
}

/// A different customer's complaint received at `at`, on `item` (may be empty).
fn register(o: &Office, n: u32, item: &str, at: DateTime<Utc>) -> Case {
    let mut f = fields(o.t.clock.now());
    f.received_at = at;
    f.customer_name = format!("客户{n}");
    f.customer_phone = format!("139 0000 {:04}", 1000 + n);
    f.content = format!("第{n}位客户反映阻焊脱落");
    f.item_no = item.into();
    f.nature = None;
    f.cause_type = None;
    o.t.desk.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap()
}

fn assess(o: &Office, case: &Case, valid: bool, cause: CauseType) -> Case {
    let a = if valid {
        Assessment { cause_type: Some(cause), ..valid_quality() }
    } else {
        Assessment {
            valid: false,
            nature: None,
            cause_type: None,
            severity: Severity::Normal,
            malicious: false,
            explanation: "客户自行损坏，已向客户说明".into(),
        }
    };
    o.t.desk.assess(&o.agent, case.id, case.version, a).unwrap().case
}

/// Registered and assessed valid (出品质量) on `item`: no department yet.
fn item_complaint(o: &Office, n: u32, item: &str, at: DateTime<Utc>) -> Case {
    let case = register(o, n, item, at);
    assess(o, &case, true, CauseType::Product)
}

/// Registered with no 料号, assessed valid with `cause`, routed to `department`.
fn department_complaint(o: &Office, n: u32, cause: CauseType, department: i64, at: DateTime<Utc>) -> Case {
    let case = register(o, n, "", at);
    let case = assess(o, &case, true, cause);
    o.t.desk.route(&o.agent, case.id, case.version, department, "").unwrap()
}

fn alerts(o: &Office) -> Vec<SystemicAlert> {
    o.t.desk.systemic_alerts(&o.quality_head, &SystemicQuery::default()).unwrap().alerts
}

fn case_numbers(a: &SystemicAlert) -> Vec<String> {
    a.cases.iter().map(|c| c.case_no.clone()).collect()
}

fn numbers(cases: &[&Case]) -> Vec<String> {
    cases.iter().map(|c| c.case_no.clone()).collect()
}

#[test]
fn two_valid_complaints_on_a_part_raise_nothing_and_the_third_raises_an_alert_with_all_three() {
    let o = office();
    let a = item_complaint(&o, 1, ITEM, october(1));
    let b = item_complaint(&o, 2, ITEM, october(10));
    assert!(alerts(&o).is_empty(), "two complaints are not yet systemic");
    // The third is registered, then assessed: the assessment trips the rule.
    let c = register(&o, 3, ITEM, october(20));
    assert!(alerts(&o).is_empty(), "not yet assessed: validity unknown");
    let c = assess(&o, &c, true, CauseType::Product);

    let list = alerts(&o);
    assert_eq!(list.len(), 1);
    let alert = &list[0];
    assert_eq!(alert.kind, SystemicKind::Item);
    assert_eq!(alert.item_no.as_deref(), Some(ITEM));
    assert_eq!(alert.state, SystemicState::Open);
    assert_eq!((alert.threshold, alert.window_days), (3, 30));
    assert_eq!(alert.trigger_case_id, c.id);
    assert_eq!(alert.raised_by_name, "张敏");
    assert_eq!(case_numbers(alert), numbers(&[&a, &b, &c]));
    assert_eq!(subject_text(alert), format!("料号 {ITEM}"));
    // Raised in the assessment's own write, with its audit lines.
    let lines = audit_lines(&o.t, "systemic_alert", alert.id);
    assert_eq!(lines[0], "systemic_raise state:  → open by 张敏");
    assert_eq!(lines[2], format!("systemic_raise cases:  → {},{},{} by 张敏", a.case_no, b.case_no, c.case_no));
}

#[test]
fn the_window_is_thirty_calendar_days_and_the_thirty_first_is_outside() {
    let o = office();
    // 1 Oct and 30 Oct (23:30 Beijing) are within the 30 days 1–30 Oct …
    item_complaint(&o, 1, ITEM, october(1));
    item_complaint(&o, 2, ITEM, october(15));
    // … but 31 Oct 00:30 Beijing (30 Oct 16:30 UTC) is the 31st day.
    let day_31 = Utc.with_ymd_and_hms(2026, 10, 30, 16, 30, 0).unwrap();
    item_complaint(&o, 4, ITEM, day_31);
    assert!(alerts(&o).is_empty(), "1 Oct to 31 Oct spans 31 days");
    // One more on 30 Oct 23:30 Beijing: 1, 15 and 30 Oct are within 30 days.
    item_complaint(&o, 3, ITEM, october(30) + Duration::hours(14) + Duration::minutes(30));
    let list = alerts(&o);
    assert_eq!(list.len(), 1);
    // 1–30 Oct holds 1, 15 and 30 Oct; 2–31 Oct as many (15, 30, 31 Oct): the earlier window is linked.
    assert_eq!(list[0].cases.len(), 3);
    assert!(!list[0].cases.iter().any(|c| c.received_at == day_31));
}

#[test]
fn invalid_complaints_do_not_count() {
    let o = office();
    item_complaint(&o, 1, ITEM, october(1));
    item_complaint(&o, 2, ITEM, october(2));
    let third = register(&o, 3, ITEM, october(3));
    assess(&o, &third, false, CauseType::Product);
    assert!(alerts(&o).is_empty(), "an invalid complaint is not a third");
    item_complaint(&o, 4, ITEM, october(4));
    assert_eq!(alerts(&o).len(), 1);
    assert_eq!(alerts(&o)[0].cases.len(), 3);
}

#[test]
fn the_same_cause_in_one_department_raises_an_alert_but_not_across_departments() {
    let o = office();
    let a = department_complaint(&o, 1, CauseType::Service, SALES_DEPT, october(1));
    let b = department_complaint(&o, 2, CauseType::Service, SALES_DEPT, october(5));
    // The same cause in another department, and another cause in the same one, do not count.
    department_complaint(&o, 3, CauseType::Service, ENGINEERING, october(6));
    department_complaint(&o, 4, CauseType::Negligence, SALES_DEPT, october(7));
    assert!(alerts(&o).is_empty());
    // The routing of the third 服务质量 complaint to 业务部 trips it.
    let c = department_complaint(&o, 5, CauseType::Service, SALES_DEPT, october(8));
    let list = alerts(&o);
    assert_eq!(list.len(), 1);
    let alert = &list[0];
    assert_eq!(alert.kind, SystemicKind::CauseDepartment);
    assert_eq!((alert.department_id, alert.cause_type), (Some(SALES_DEPT), Some(CauseType::Service)));
    assert_eq!(subject_text(alert), "业务部 · 服务质量");
    assert_eq!(case_numbers(alert), numbers(&[&a, &b, &c]));
}

#[test]
fn later_matching_cases_join_the_open_alert_instead_of_raising_another() {
    let o = office();
    for n in 1..=3 {
        item_complaint(&o, n, ITEM, october(n));
    }
    let alert = &alerts(&o)[0];
    // A fourth, seven weeks later, still joins while the alert is open.
    let d = item_complaint(&o, 4, ITEM, october(1) + Duration::days(49));
    let list = alerts(&o);
    assert_eq!(list.len(), 1, "one alert per 料号 while it is open");
    assert_eq!(list[0].id, alert.id);
    assert_eq!(list[0].cases.len(), 4);
    assert_eq!(list[0].cases[3].case_no, d.case_no);
    assert!(audit_lines(&o.t, "systemic_alert", alert.id).contains(&format!("systemic_join case:  → {} by 张敏", d.case_no)));
    // A later step on a linked case does not link it twice.
    o.t.desk.route(&o.agent, d.id, d.version, SALES_DEPT, "").unwrap();
    assert_eq!(alerts(&o).iter().find(|a| a.kind == SystemicKind::Item).unwrap().cases.len(), 4);
    // The store refuses a second active alert for the same subject outright.
    let dup = o.t.db.execute(&format!(
        "INSERT INTO systemic_alerts (kind, subject_key, item_no, threshold, window_days, state, raised_at, raised_by, trigger_case_id)
         VALUES ('item', '{ITEM}', '{ITEM}', 3, 30, 'open', 0, {}, {})",
        o.agent.id, d.id
    ));
    assert!(dup.is_err(), "the one-active index refuses a duplicate");
}

#[test]
fn the_rule_is_set_by_quality_and_each_kind_can_be_switched_off() {
    let o = office();
    let shown = o.t.desk.systemic_rule(&o.vice_gm).unwrap();
    assert_eq!(shown.rule, SystemicRule::default());
    assert!(!shown.may_edit, "managers see the rule, 质量管理部 sets it");
    let off = SystemicRule {
        item: SystemicKindRule { enabled: false, threshold: 3, window_days: 30 },
        cause_department: SystemicKindRule { enabled: true, threshold: 2, window_days: 7 },
    };
    let refused = o.t.desk.set_systemic_rule(&o.vice_gm, off).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    let bad = SystemicRule { item: SystemicKindRule { enabled: true, threshold: 1, window_days: 0 }, ..off };
    let refused = o.t.desk.set_systemic_rule(&o.quality_head, bad).unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("item.threshold"));
    assert_eq!(o.t.desk.set_systemic_rule(&o.quality_head, off).unwrap().rule, off);
    assert_eq!(o.t.desk.set_systemic_rule(&o.admin, off).unwrap().rule, off, "administrators too");

    // 料号 switched off: three on one part raise nothing; two 服务质量 in 业务部 within 7 days do.
    for n in 1..=3 {
        item_complaint(&o, n, ITEM, october(n));
    }
    assert!(alerts(&o).is_empty());
    department_complaint(&o, 4, CauseType::Service, SALES_DEPT, october(1));
    department_complaint(&o, 5, CauseType::Service, SALES_DEPT, october(8));
    assert!(alerts(&o).is_empty(), "1 and 8 Oct are 8 days");
    department_complaint(&o, 6, CauseType::Service, SALES_DEPT, october(7));
    let list = alerts(&o);
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].threshold, list[0].window_days), (2, 7));
}

fn action(due: &str) -> CorrectiveAction {
    CorrectiveAction {
        kind: ActionKind::Corrective,
        description: "阻焊前处理线增加附着力抽检，回访使用同批次板的客户".into(),
        owner: "制造部 孙伟".into(),
        due_date: due.parse::<NaiveDate>().unwrap(),
    }
}

fn step(alert: &SystemicAlert, note: &str) -> SystemicStepInput {
    SystemicStepInput { alert_id: alert.id, version: alert.version, note: note.into() }
}

#[test]
fn an_alert_is_acknowledged_with_a_corrective_action_verified_and_closed_by_quality_or_managers_only() {
    let o = office();
    for n in 1..=3 {
        item_complaint(&o, n, ITEM, october(n));
    }
    let alert = alerts(&o).remove(0);
    let d = &o.t.desk;

    // Neither an agent, nor a department head, nor the administrator acts on it.
    let ack = SystemicAcknowledgeInput { alert_id: alert.id, version: alert.version, action: action("2026-12-15") };
    assert_eq!(d.acknowledge_systemic(&o.agent, ack.clone()).unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.acknowledge_systemic(&o.head, ack.clone()).unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.acknowledge_systemic(&o.admin, ack.clone()).unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.systemic_alerts(&o.agent, &SystemicQuery::default()).unwrap_err().code, ErrorCode::Forbidden);
    // Verifying before acknowledging is refused; so is a due date before today (23 Nov).
    assert_eq!(d.verify_systemic(&o.quality_head, step(&alert, "有效")).unwrap_err().code, ErrorCode::WrongState);
    let early = SystemicAcknowledgeInput { action: action("2026-11-22"), ..ack.clone() };
    assert_eq!(d.acknowledge_systemic(&o.quality_head, early).unwrap_err().field.as_deref(), Some("action.dueDate"));

    let acked = d.acknowledge_systemic(&o.quality_head, ack.clone()).unwrap().alert;
    assert_eq!(acked.state, SystemicState::Acknowledged);
    assert_eq!(acked.action, Some(action("2026-12-15")));
    assert_eq!(acked.acknowledged_by_name.as_deref(), Some("赵丽"));
    // The same click again, on the old version, is stale.
    assert_eq!(d.acknowledge_systemic(&o.vice_gm, ack).unwrap_err().code, ErrorCode::StaleEdit);
    // Verification needs its note.
    assert_eq!(d.verify_systemic(&o.vice_gm, step(&acked, " ")).unwrap_err().field.as_deref(), Some("note"));
    o.t.clock.set(o.t.clock.now() + Duration::days(20));
    let verified = d.verify_systemic(&o.vice_gm, step(&acked, "抽检三周无脱落，回访 12 家客户无新问题")).unwrap().alert;
    assert_eq!(verified.state, SystemicState::Verified);
    assert_eq!(verified.verified_by_name.as_deref(), Some("周杰"));
    assert_eq!(verified.verified_at, Some(o.t.clock.now()));
    // A verified alert is closed, not dismissed.
    assert_eq!(d.dismiss_systemic(&o.quality_head, step(&verified, "误报")).unwrap_err().code, ErrorCode::WrongState);
    let closed = d.close_systemic(&o.quality_head, step(&verified, "")).unwrap();
    assert_eq!(closed.alert.state, SystemicState::Closed);
    assert!(closed.alert.closed_at.is_some());
    let history: Vec<String> = audit_lines(&o.t, "systemic_alert", alert.id).into_iter().skip(3).collect();
    assert_eq!(
        history,
        vec![
            "systemic_acknowledge state: open → acknowledged by 赵丽".to_string(),
            "systemic_acknowledge actionKind:  → corrective by 赵丽".into(),
            "systemic_acknowledge actionDescription:  → 阻焊前处理线增加附着力抽检，回访使用同批次板的客户 by 赵丽".into(),
            "systemic_acknowledge actionOwner:  → 制造部 孙伟 by 赵丽".into(),
            "systemic_acknowledge actionDueDate:  → 2026-12-15 by 赵丽".into(),
            "systemic_verify state: acknowledged → verified by 周杰".into(),
            "systemic_close state: verified → closed by 赵丽".into(),
        ]
    );
    assert_eq!(closed.history.len(), 10);

    // Closed: its cases are settled; a fourth complaint alone raises nothing new.
    item_complaint(&o, 4, ITEM, october(4));
    assert_eq!(alerts(&o).len(), 1);
    // Nothing is ever deleted.
    assert!(o.t.db.execute("DELETE FROM systemic_alerts").is_err());
    assert!(o.t.db.execute("DELETE FROM systemic_alert_cases").is_err());
    assert!(o.t.db.execute("UPDATE systemic_alerts SET state = 'open', version = version + 1").is_err(), "the state only moves forward");
}

#[test]
fn an_alert_raised_wrongly_is_dismissed_with_a_reason_and_kept() {
    let o = office();
    for n in 1..=3 {
        item_complaint(&o, n, ITEM, october(n));
    }
    let alert = alerts(&o).remove(0);
    let d = &o.t.desk;
    assert_eq!(d.dismiss_systemic(&o.quality_head, step(&alert, "")).unwrap_err().field.as_deref(), Some("note"));
    let dismissed = d.dismiss_systemic(&o.quality_head, step(&alert, "三单为同一经销商重复转报，实为一件")).unwrap().alert;
    assert_eq!(dismissed.state, SystemicState::Dismissed);
    assert_eq!(dismissed.dismiss_reason.as_deref(), Some("三单为同一经销商重复转报，实为一件"));
    let list = d.systemic_alerts(&o.vice_gm, &SystemicQuery { state: Some(SystemicState::Dismissed) }).unwrap();
    assert_eq!(list.alerts.len(), 1, "kept, listed under 已撤销");
    assert_eq!(list.counts.iter().find(|c| c.state == SystemicState::Dismissed).unwrap().count, 1);
    assert!(audit_lines(&o.t, "systemic_alert", alert.id).contains(&"systemic_dismiss state: open → dismissed by 赵丽".to_string()));
    // A step on one of its cases does not raise it again.
    let case = o.t.desk.case(alert.cases[0].case_id).unwrap();
    o.t.desk.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    assert!(alerts(&o).iter().all(|a| a.kind != SystemicKind::Item || a.state == SystemicState::Dismissed));
}

#[test]
fn the_dashboard_shows_open_alerts_to_quality_and_the_managers_only() {
    let o = office();
    let cases: Vec<Case> = (1..=3).map(|n| item_complaint(&o, n, ITEM, october(n))).collect();
    let board = o.t.desk.dashboard(&o.quality_head).unwrap();
    assert_eq!(board.systemic_alerts.len(), 1);
    assert_eq!(board.systemic_alerts[0].cases.iter().map(|c| c.case_id).collect::<Vec<_>>(), cases.iter().map(|c| c.id).collect::<Vec<_>>());
    assert_eq!(board.systemic_alerts[0].case_count, 3);
    // An alert left open keeps collecting: the board shows its latest ten, and how many in all.
    let later: Vec<Case> = (4..=12).map(|n| item_complaint(&o, n, ITEM, october(n))).collect();
    let board = o.t.desk.dashboard(&o.quality_head).unwrap();
    let alert = &board.systemic_alerts[0];
    assert_eq!(alert.case_count, 12);
    assert_eq!(alert.cases.len(), 10);
    assert_eq!(alert.cases[0].case_id, cases[2].id, "the oldest two are left out");
    assert_eq!(alert.cases[9].case_id, later[8].id);
    let detail = o.t.desk.systemic_alert(&o.quality_head, alert.id).unwrap();
    assert_eq!(detail.alert.cases.len(), 12, "the alert itself names every case");
    assert_eq!(o.t.desk.dashboard(&o.vice_gm).unwrap().systemic_alerts.len(), 1);
    assert!(o.t.desk.dashboard(&o.agent).unwrap().systemic_alerts.is_empty(), "an agent is not told");
    assert!(o.t.desk.dashboard(&o.head).unwrap().systemic_alerts.is_empty());
    // Acknowledged is still open work; dismissed is gone from the board.
    let alert = &board.systemic_alerts[0];
    let ack = SystemicAcknowledgeInput { alert_id: alert.id, version: alert.version, action: action("2026-12-15") };
    let acked = o.t.desk.acknowledge_systemic(&o.vice_gm, ack).unwrap().alert;
    assert_eq!(o.t.desk.dashboard(&o.quality_head).unwrap().systemic_alerts[0].state, SystemicState::Acknowledged);
    o.t.desk.dismiss_systemic(&o.vice_gm, step(&acked, "同一批次已召回，另案处理")).unwrap();
    assert!(o.t.desk.dashboard(&o.quality_head).unwrap().systemic_alerts.is_empty());
}

#[test]
fn a_new_alert_is_a_desktop_notice_once_for_quality_and_each_manager() {
    let o = office();
    for n in 1..=3 {
        item_complaint(&o, n, ITEM, october(n));
    }
    let d = &o.t.desk;
    let texts = |u: &User| d.systemic_notices(u).unwrap().into_iter().map(|n| n.text).collect::<Vec<_>>();
    let told = format!("料号 {ITEM}：30 天内 3 件有效投诉，请确认并制定纠正措施");
    assert_eq!(texts(&o.quality_head), vec![told.clone()]);
    assert!(texts(&o.quality_head).is_empty(), "once");
    assert_eq!(texts(&o.vice_gm), vec![told]);
    assert!(texts(&o.agent).is_empty());
    assert!(texts(&o.admin).is_empty(), "the administrator looks, he is not told");
}

#[test]
fn an_edit_that_puts_a_third_complaint_on_the_part_raises_the_alert() {
    let o = office();
    let a = item_complaint(&o, 1, ITEM, october(1));
    let b = item_complaint(&o, 2, ITEM, october(2));
    let c = item_complaint(&o, 3, "PCB-4L-1.6-0346", october(3));
    assert!(alerts(&o).is_empty());
    // The agent corrects the 料号 the third customer gave.
    let mut fields = c.fields.clone();
    fields.item_no = ITEM.into();
    let c = o.t.desk.update_case(&o.agent, CaseEdit { id: c.id, version: c.version, fields, severity_reason: None }).unwrap();
    let list = alerts(&o);
    assert_eq!(list.len(), 1);
    assert_eq!(case_numbers(&list[0]), numbers(&[&a, &b, &c]));
    assert_eq!(list[0].trigger_case_id, c.id);
}
