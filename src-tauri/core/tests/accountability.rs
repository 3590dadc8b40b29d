//! 奖罚 (issue 13 item 3), on both backends: the module switched on in
//! 系统管理; the 总经理室 proposes November's penalties from the cases
//! closed in November; the 总经理 sends back, then approves; the notice is
//! issued as a 《奖罚通知单》 in three copies; store fines fall due and are
//! marked paid; December carries what November's cap left; every step
//! audited, nothing deleted. The tables' boundaries are unit-tested in
//! `accountability::rules`.

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::office::*;
use common::*;
use complaintdesk_core::accountability::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::documents::DocumentRequest;
use complaintdesk_core::model::*;
use complaintdesk_core::ErrorCode;

const GM_OFFICE_DEPT: i64 = 13; // 总经理室

struct Company {
    o: Office,
    gm: User,
    secretary: User,
    accountant: User,
    store_head: User,
    store: i64,
}

fn company() -> Company {
    let o = office();
    let d = &o.t.desk;
    let gm = person(&o.t, &o.admin, "郑总", "zhengzong", &[Role::Gm], None);
    // A member of the department 总经理室 holding no manager's role.
    let secretary = person(&o.t, &o.admin, "吴秘书", "wumishu", &[Role::Agent], Some(GM_OFFICE_DEPT));
    let accountant = person(&o.t, &o.admin, "孙悦", "sunyue", &[Role::Accounting], None);
    let store = d.create_department(&o.admin, "东门店").unwrap().id;
    let store_head = person(&o.t, &o.admin, "周店长", "zhoudz", &[Role::DeptHead], Some(store));
    d.set_department_head(&o.admin, store, store_head.id).unwrap();
    Company { o, gm, secretary, accountant, store_head, store }
}

fn profile(department_id: i64, name: &str, base_points: u32, bonus_yuan: i64) -> PersonProfile {
    PersonProfile { department_id, name: name.into(), base_points, month_bonus_fen: bonus_yuan * YUAN }
}

fn switch_on(c: &Company) {
    let settings = AccountabilitySettings {
        enabled: true,
        rules: AccountabilityRules::default(),
        store_department_ids: vec![c.store],
        profiles: vec![
            profile(SALES_DEPT, "陈刚", 4, 8_000),
            profile(SALES_DEPT, "钱多", 2, 6_000),
            profile(SALES_DEPT, "孙丽", 2, 4_000),
            profile(c.store, "周店长", 3, 5_000),
            profile(c.store, "李经纪", 1, 3_000),
        ],
    };
    c.o.t.desk.save_accountability_settings(&c.o.admin, settings).unwrap();
}

/// A case walked to 已结案 now, with these responsibilities and a
/// compensation of `yuan` (its loss), approved by whoever may.
fn closed_case(c: &Company, channel: Channel, ratios: &[(i64, &str, u8)], yuan: i64) -> Case {
    let o = &c.o;
    let d = &o.t.desk;
    let mut f = fields(o.t.clock.now());
    f.channel = channel;
    f.customer_phone = format!("139{:08}", yuan);
    let case = d.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap();
    let case = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().case;
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "由业务部统一处理").unwrap();
    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    let case = d.record_investigation(&o.head, case.id, case.version, investigation(ratios)).unwrap();
    let case = d.propose(&o.head, case.id, case.version, compensation(yuan)).unwrap();
    let approver = match yuan {
        ..=100_000 => &o.sales_manager,
        100_001..=150_000 => &o.vice_gm,
        _ => &c.gm,
    };
    let case = d.approve(approver, case.id, case.version, "同意", true).unwrap();
    let case = d.answer(&o.agent, case.id, case.version, CustomerAnswer { accepted: true, note: "客户同意".into() }).unwrap().case;
    let case = d.execute(&o.agent, case.id, case.version, "已执行").unwrap();
    let visit = FollowUp { visited_at: o.t.clock.now(), method: VisitMethod::Phone, satisfaction: Satisfaction::Satisfied, remarks: "满意".into() };
    let case = d.follow_up(&o.agent, case.id, case.version, visit).unwrap();
    d.close(&o.agent, case.id, case.version, "结案").unwrap()
}

/// November's two cases: a PCB loss of 200,000 元, 60 % 钱多's and 40 % 业务部's
/// as a whole; a media exposure of agent 李经纪 of 东门店 costing 2,000 元.
fn november(c: &Company) -> (Case, Case) {
    let pcb = closed_case(c, Channel::Phone, &[(SALES_DEPT, "钱多", 60), (SALES_DEPT, "", 40)], 200_000);
    let media = closed_case(c, Channel::Media, &[(c.store, "李经纪", 100)], 2_000);
    (pcb, media)
}

fn december_second(c: &Company) {
    c.o.t.clock.set(Utc.with_ymd_and_hms(2026, 12, 2, 2, 0, 0).unwrap());
}

fn who<'a>(body: &'a PenaltyBody, name: &str) -> &'a PersonPenalty {
    body.people.iter().find(|p| p.person == name).unwrap_or_else(|| panic!("{name} not in {:?}", body.people))
}

#[test]
fn the_module_refuses_everything_while_switched_off() {
    let c = company();
    let d = &c.o.t.desk;
    let access = d.accountability_access(&c.gm).unwrap();
    assert_eq!((access.enabled, access.may_open), (false, false));
    assert_eq!(d.accountability_board(&c.gm, "2026-11").unwrap_err().code, ErrorCode::ModuleOff);
    assert_eq!(d.propose_penalties(&c.o.vice_gm, "2026-11").unwrap_err().code, ErrorCode::ModuleOff);
    assert_eq!(d.mark_store_fine_paid(&c.accountant, 1).unwrap_err().code, ErrorCode::ModuleOff);
    // The administrator may still read and switch it on; nobody else.
    assert!(!d.accountability_settings(&c.o.admin).unwrap().enabled);
    assert_eq!(d.accountability_settings(&c.gm).unwrap_err().code, ErrorCode::Forbidden);
    switch_on(&c);
    // The switch, the rules and the people are one setting, audited with who changed it.
    let lines = audit_lines(&c.o.t, "settings", 0);
    assert!(lines.iter().any(|l| l.contains(" accountability: ") && l.contains("\"enabled\":true") && l.ends_with("by 王强")), "{lines:?}");
    assert!(d.accountability_access(&c.gm).unwrap().may_open);
    // On, it is still only for the 总经理室, the 总经理, 会计科 and the administrator.
    assert!(!d.accountability_access(&c.o.agent).unwrap().may_open);
    assert_eq!(d.accountability_board(&c.o.agent, "2026-11").unwrap_err().code, ErrorCode::Forbidden);
    assert!(d.accountability_access(&c.secretary).unwrap().may_open);
}

#[test]
fn bad_settings_are_refused_naming_the_field() {
    let c = company();
    let mut s = AccountabilitySettings::default();
    s.profiles.push(profile(SALES_DEPT, "钱多", 2, -1));
    s.rules.deduction_cap_percent = 0;
    let err = c.o.t.desk.save_accountability_settings(&c.o.admin, s).unwrap_err();
    let mut fields: Vec<String> = err.field.into_iter().chain(err.others.into_iter().map(|o| o.field)).collect();
    fields.sort();
    assert_eq!(fields, vec!["profiles.0.monthBonusFen".to_string(), "rules.deductionCapPercent".to_string()]);
}

#[test]
fn novembers_penalties_are_proposed_sent_back_approved_and_issued_in_three_copies() {
    let c = company();
    switch_on(&c);
    let d = &c.o.t.desk;
    let (pcb, media) = november(&c);
    december_second(&c);

    let board = d.accountability_board(&c.o.vice_gm, "2026-11").unwrap();
    assert!(board.may_propose && !board.may_decide && !board.may_mark_paid);
    let draft = &board.draft;
    // 钱多: 60 % of 200,000 = 120,000 → 小过一次 (800 × 2 基点 = 1,600), plus
    // 20,000 of the department's 80,000 (2 of 8 基点); cap 3,000 of 6,000.
    let qian = who(draft, "钱多");
    assert_eq!(qian.sanctions.iter().map(|s| (s.case_no.clone(), s.sanction, s.fen)).collect::<Vec<_>>(), vec![(pcb.case_no.clone(), Sanction::MinorDemerit1, 1_600 * YUAN)]);
    assert_eq!((qian.economic_fen, qian.due_fen, qian.deducted_fen, qian.carry_fen), (140_000 * YUAN, 141_600 * YUAN, 3_000 * YUAN, 138_600 * YUAN));
    // 陈刚, the head: 40,000 (4 of 8 基点) and 申诫二次 as 钱多's supervisor (800).
    let chen = who(draft, "陈刚");
    assert_eq!(chen.sanctions[0].sanction, Sanction::Reprimand2);
    assert_eq!(chen.sanctions[0].supervisor_of.as_deref(), Some("钱多"));
    assert_eq!((chen.economic_fen, chen.due_fen, chen.deducted_fen, chen.carry_fen), (40_000 * YUAN, 40_800 * YUAN, 4_000 * YUAN, 36_800 * YUAN));
    let sun = who(draft, "孙丽");
    assert!(sun.sanctions.is_empty());
    assert_eq!((sun.economic_fen, sun.deducted_fen, sun.carry_fen), (20_000 * YUAN, 2_000 * YUAN, 18_000 * YUAN));
    // 李经纪: 2,000 → 悔过书 + 200; 2,200 due, 1,500 (half of 3,000) taken.
    let li = who(draft, "李经纪");
    assert_eq!((li.sanctions[0].sanction, li.sanctions[0].fen), (Sanction::Repentance, 200 * YUAN));
    assert_eq!((li.due_fen, li.deducted_fen, li.carry_fen), (2_200 * YUAN, 1_500 * YUAN, 700 * YUAN));
    assert_eq!(draft.deducted_fen, 10_500 * YUAN);
    // The store: head and agent share 500 for the agent, 500 for the media exposure.
    let fines: Vec<(String, StoreFineKind, i64)> = draft.store_fines.iter().map(|f| (f.payer.clone(), f.kind, f.amount_fen)).collect();
    assert_eq!(
        fines,
        vec![
            ("周店长".to_string(), StoreFineKind::AgentComplaint, 250 * YUAN),
            ("李经纪".to_string(), StoreFineKind::AgentComplaint, 250 * YUAN),
            ("全店".to_string(), StoreFineKind::MediaExposure, 500 * YUAN),
        ]
    );
    assert!(draft.store_fines.iter().all(|f| f.case_no.as_deref() == Some(media.case_no.as_str())));

    // Who may do what.
    assert_eq!(d.propose_penalties(&c.o.head, "2026-11").unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.propose_penalties(&c.secretary, "2026-12").unwrap_err().field.as_deref(), Some("month"));
    let first = d.propose_penalties(&c.secretary, "2026-11").unwrap();
    assert_eq!(first.state, PenaltyState::Proposed);
    assert_eq!(first.total_fen, 11_500 * YUAN);
    assert_eq!(d.propose_penalties(&c.o.vice_gm, "2026-11").unwrap_err().code, ErrorCode::WrongState);
    assert_eq!(d.decide_penalties(&c.o.vice_gm, first.id, true, "").unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.decide_penalties(&c.gm, first.id, false, " ").unwrap_err().field.as_deref(), Some("note"));
    let back = d.decide_penalties(&c.gm, first.id, false, "陈刚的基点数有误，请核对").unwrap();
    assert_eq!((back.state, back.decided_by_name.as_deref()), (PenaltyState::SentBack, Some("郑总")));
    assert_eq!(d.issue_penalty_notice(&c.o.vice_gm, first.id).unwrap_err().code, ErrorCode::WrongState);

    let second = d.propose_penalties(&c.o.vice_gm, "2026-11").unwrap();
    assert_eq!(d.issue_penalty_notice(&c.o.vice_gm, second.id).unwrap_err().code, ErrorCode::WrongState);
    d.decide_penalties(&c.gm, second.id, true, "同意").unwrap();
    assert_eq!(d.issue_penalty_notice(&c.gm, second.id).unwrap_err().code, ErrorCode::Forbidden);
    let issued = d.issue_penalty_notice(&c.o.vice_gm, second.id).unwrap();
    assert_eq!(issued.state, PenaltyState::Issued);
    let number = issued.document_no.clone().unwrap();
    assert_eq!(number, "JF-2612-0001");

    // Printed: three copies, 自存, 会计单位, 罚扣部门; a second output says 补打.
    let pdf = d.document_pdf(&c.gm, &number, &[], OutputTarget::Export).unwrap();
    if let Some(dir) = std::env::var_os("COMPLAINTDESK_DUMP_PDF") {
        std::fs::write(std::path::Path::new(&dir).join(&pdf.file_name), &pdf.bytes).unwrap();
    }
    let pages = pages_text(&pdf.bytes).join("\n");
    for expected in ["奖罚通知单", "第一联 自存", "第二联 会计单位", "第三联 罚扣部门", "钱多", "小过一次", "主管连带：钱多", "东门店", "媒体曝光属实", "郑总", "2026-12-05"] {
        assert!(pages.contains(expected), "missing {expected:?} in:\n{pages}");
    }
    let again = pages_text(&d.document_pdf(&c.gm, &number, &[2], OutputTarget::Export).unwrap().bytes).join("\n");
    assert!(again.contains("补打"), "{again}");
    // Not for those the module does not admit, and voided only with its notice.
    assert_eq!(d.document_pdf(&c.o.agent, &number, &[], OutputTarget::Export).unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.void_document(&c.o.admin, &number, "重开").unwrap_err().code, ErrorCode::WrongState);
    // Only the 奖罚 flow issues one: not the documents' own 开具.
    let request = DocumentRequest { kind: DocumentKind::PenaltyNotice, case_id: None, reminder_id: None, query: None, filter_text: String::new() };
    assert_eq!(d.issue_document(&c.o.vice_gm, request).unwrap_err().field.as_deref(), Some("kind"));

    // 人事公布: each sanction of the issued notice.
    let board = d.accountability_board(&c.gm, "2026-11").unwrap();
    let mut announced: Vec<(String, Sanction)> = board.announcements.iter().map(|a| (a.person.clone(), a.sanction)).collect();
    announced.sort();
    let mut expected =
        vec![("李经纪".to_string(), Sanction::Repentance), ("钱多".to_string(), Sanction::MinorDemerit1), ("陈刚".to_string(), Sanction::Reprimand2)];
    expected.sort();
    assert_eq!(announced, expected);
    assert!(board.announcements.iter().all(|a| a.document_no == number));

    let lines = audit_lines(&c.o.t, "penalty_notice", second.id);
    assert_eq!(
        lines,
        vec![
            "propose_penalties month:  → 2026-11 by 周杰".to_string(),
            "propose_penalties totalFen:  → 1150000 by 周杰".to_string(),
            "propose_penalties penaltyState:  → proposed by 周杰".to_string(),
            "decide_penalties penaltyState: proposed → approved by 郑总".to_string(),
            format!("issue_penalties documentNo:  → {number} by 周杰"),
            "issue_penalties penaltyState: approved → issued by 周杰".to_string(),
        ]
    );
    let _ = &c.store_head;
}

#[test]
fn store_fines_fall_due_in_three_days_and_are_marked_paid_by_accounting() {
    let c = company();
    switch_on(&c);
    let d = &c.o.t.desk;
    november(&c);
    december_second(&c);
    let notice = d.propose_penalties(&c.o.vice_gm, "2026-11").unwrap();
    d.decide_penalties(&c.gm, notice.id, true, "").unwrap();
    d.issue_penalty_notice(&c.o.vice_gm, notice.id).unwrap();

    let fines = d.accountability_board(&c.accountant, "2026-11").unwrap().store_fines;
    assert_eq!(fines.len(), 3);
    assert!(fines.iter().all(|f| f.due_date.to_string() == "2026-12-05" && !f.overdue && f.paid_at.is_none()));
    assert_eq!(d.mark_store_fine_paid(&c.o.vice_gm, fines[0].id).unwrap_err().code, ErrorCode::Forbidden);
    let paid = d.mark_store_fine_paid(&c.accountant, fines[0].id).unwrap();
    assert_eq!(paid.paid_by_name.as_deref(), Some("孙悦"));
    assert_eq!(d.mark_store_fine_paid(&c.accountant, fines[0].id).unwrap_err().code, ErrorCode::WrongState);

    // On the 6th the unpaid ones are overdue; the paid one is not.
    c.o.t.clock.set(c.o.t.clock.now() + Duration::days(4));
    let fines = d.accountability_board(&c.accountant, "2026-11").unwrap().store_fines;
    assert_eq!(fines.iter().map(|f| f.overdue).collect::<Vec<_>>(), vec![false, true, true]);

    // A notice with a fine paid is not voided; nothing is ever deleted.
    assert_eq!(d.void_penalty_notice(&c.gm, notice.id, "重算").unwrap_err().code, ErrorCode::WrongState);
    assert!(c.o.t.db.execute("DELETE FROM store_fines").is_err());
    assert!(c.o.t.db.execute("DELETE FROM penalty_notices").is_err());
    assert!(c.o.t.db.execute("UPDATE penalty_notices SET body = '{}'").is_err());
    assert!(c.o.t.db.execute("UPDATE store_fines SET amount_fen = 1").is_err());
}

#[test]
fn a_voided_notice_takes_its_document_and_fines_and_the_month_is_proposed_again() {
    let c = company();
    switch_on(&c);
    let d = &c.o.t.desk;
    november(&c);
    december_second(&c);
    let notice = d.propose_penalties(&c.o.vice_gm, "2026-11").unwrap();
    d.decide_penalties(&c.gm, notice.id, true, "").unwrap();
    let issued = d.issue_penalty_notice(&c.o.vice_gm, notice.id).unwrap();
    assert_eq!(d.void_penalty_notice(&c.gm, notice.id, " ").unwrap_err().field.as_deref(), Some("reason"));
    let voided = d.void_penalty_notice(&c.gm, notice.id, "陈刚基点数录错").unwrap();
    assert_eq!((voided.state, voided.void_reason.as_deref()), (PenaltyState::Voided, Some("陈刚基点数录错")));
    let number = issued.document_no.unwrap();
    assert_eq!(d.document_pdf(&c.gm, &number, &[], OutputTarget::Export).unwrap_err().code, ErrorCode::Voided);
    let fines = d.accountability_board(&c.accountant, "2026-11").unwrap().store_fines;
    assert!(fines.iter().all(|f| f.voided && !f.overdue));
    assert_eq!(d.mark_store_fine_paid(&c.accountant, fines[0].id).unwrap_err().code, ErrorCode::Voided);
    // The month may be proposed again; the voided notice stays listed.
    d.propose_penalties(&c.o.vice_gm, "2026-11").unwrap();
    let states: Vec<PenaltyState> = d.accountability_board(&c.gm, "2026-11").unwrap().notices.iter().map(|n| n.state).collect();
    assert_eq!(states, vec![PenaltyState::Voided, PenaltyState::Proposed]);
}

/// December carries what November's cap left, and ranks the year's stores.
#[test]
fn december_carries_novembers_rest_and_fines_the_years_top_store() {
    let c = company();
    switch_on(&c);
    let d = &c.o.t.desk;
    november(&c);
    december_second(&c);
    let notice = d.propose_penalties(&c.o.vice_gm, "2026-11").unwrap();
    d.decide_penalties(&c.gm, notice.id, true, "").unwrap();
    d.issue_penalty_notice(&c.o.vice_gm, notice.id).unwrap();

    c.o.t.clock.set(Utc.with_ymd_and_hms(2027, 1, 4, 2, 0, 0).unwrap());
    let draft = d.accountability_board(&c.o.vice_gm, "2026-12").unwrap().draft;
    // 孙丽 owed 18,000 after November; 2,000 (half her 4,000) now, 16,000 on.
    let sun = who(&draft, "孙丽");
    assert_eq!((sun.carried_fen, sun.economic_fen, sun.deducted_fen, sun.carry_fen), (18_000 * YUAN, 0, 2_000 * YUAN, 16_000 * YUAN));
    let li = who(&draft, "李经纪");
    assert_eq!((li.carried_fen, li.deducted_fen, li.carry_fen), (700 * YUAN, 700 * YUAN, 0));
    // 东门店 had the year's only store complaint: first place, 3,000 元.
    let ranked: Vec<(String, i64)> =
        draft.store_fines.iter().filter(|f| f.kind == StoreFineKind::YearlyRank).map(|f| (f.department_name.clone(), f.amount_fen)).collect();
    assert_eq!(ranked, vec![("东门店".to_string(), 3_000 * YUAN)]);

    // December issued, January carries on from it: a third month of 2,000.
    let december = d.propose_penalties(&c.o.vice_gm, "2026-12").unwrap();
    d.decide_penalties(&c.gm, december.id, true, "").unwrap();
    d.issue_penalty_notice(&c.o.vice_gm, december.id).unwrap();
    c.o.t.clock.set(Utc.with_ymd_and_hms(2027, 2, 3, 2, 0, 0).unwrap());
    let january = d.accountability_board(&c.o.vice_gm, "2027-01").unwrap().draft;
    let sun = who(&january, "孙丽");
    assert_eq!((sun.carried_fen, sun.deducted_fen, sun.carry_fen), (16_000 * YUAN, 2_000 * YUAN, 14_000 * YUAN));
    // 李经纪 paid off in December: nothing carried, not listed; January has no ranking.
    assert!(january.people.iter().all(|p| p.person != "李经纪"));
    assert!(january.store_fines.is_empty());
}

/// A manufacturer has no stores to fine; its people's penalties stand as before.
#[test]
fn store_fines_are_only_for_property_organisations() {
    let c = company();
    switch_on(&c);
    let d = &c.o.t.desk;
    d.set_organisation_type(&c.o.admin, OrgType::Manufacturing).unwrap();
    november(&c);
    december_second(&c);
    let draft = d.accountability_board(&c.o.vice_gm, "2026-11").unwrap().draft;
    assert!(draft.store_fines.is_empty());
    assert_eq!(draft.deducted_fen, 10_500 * YUAN);
}

/// 8 o'clock on a day, China time.
fn beijing(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap() - Duration::hours(8)
}

fn case_nos(body: &PenaltyBody) -> Vec<String> {
    let mut nos: Vec<String> = body.shares.iter().map(|s| s.case_no.clone()).collect();
    nos.dedup();
    nos
}

/// The penalties follow the month's 统计表: a case that closed on 30
/// November after November's table was issued is listed 补入 in December's
/// table, so it is penalised in December, not November; the board names
/// the table it read and how many of its departments confirmed.
#[test]
fn a_case_listed_late_in_decembers_table_is_penalised_in_december_not_in_its_closing_month() {
    let c = company();
    switch_on(&c);
    let (o, d) = (&c.o, &c.o.t.desk);
    o.t.clock.set(beijing(2026, 11, 20, 10));
    let early = closed_case(&c, Channel::Phone, &[(SALES_DEPT, "钱多", 100)], 1_000);
    o.t.clock.set(beijing(2026, 11, 30, 16));
    let november_table = d.issue_statement(&c.secretary, "2026-11").unwrap();
    o.t.clock.set(beijing(2026, 11, 30, 17));
    let evening = closed_case(&c, Channel::Phone, &[(SALES_DEPT, "孙丽", 100)], 2_000);

    o.t.clock.set(beijing(2027, 1, 4, 9));
    // November reads its issued table, which does not list the evening case.
    let november = d.accountability_board(&c.secretary, "2026-11").unwrap();
    assert_eq!(november.table.as_ref().map(|t| t.document_no.as_str()), Some(november_table.number.as_str()));
    assert_eq!(case_nos(&november.draft), vec![early.case_no.clone()]);
    assert!(november.draft.people.iter().all(|p| p.person != "孙丽"));
    // December's table not issued yet: the cases closed in December (none).
    let december = d.accountability_board(&c.secretary, "2026-12").unwrap();
    assert_eq!(december.table, None);
    assert!(december.draft.shares.is_empty());

    let december_table = d.issue_statement(&c.secretary, "2026-12").unwrap();
    d.confirm_statement(&o.head, december_table.id, SALES_DEPT).unwrap();
    let asked = d.month_statement(&c.secretary, "2026-12").unwrap().confirming.len() as u32;
    assert!(asked >= 2, "业务部 and 质量管理部 at least");
    let december = d.accountability_board(&c.secretary, "2026-12").unwrap();
    assert_eq!(december.table, Some(TableBasis { document_no: december_table.number.clone(), confirming: asked, confirmed: 1 }));
    assert_eq!(case_nos(&december.draft), vec![evening.case_no.clone()]);
    // 孙丽: 2,000 → 悔过书 (200); 2,200 due, 2,000 (half of 4,000) taken.
    let sun = who(&december.draft, "孙丽");
    assert_eq!((sun.economic_fen, sun.sanctions[0].sanction, sun.deducted_fen, sun.carry_fen), (2_000 * YUAN, Sanction::Repentance, 2_000 * YUAN, 200 * YUAN));
    let notice = d.propose_penalties(&c.secretary, "2026-12").unwrap();
    assert_eq!(case_nos(&notice.body), vec![evening.case_no.clone()]);
    assert_eq!(case_nos(&d.accountability_board(&c.secretary, "2026-11").unwrap().draft), vec![early.case_no.clone()]);
}
