//! Registering, editing and voiding cases, as staff would check them.

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::model::*;
use complaintdesk_core::ErrorCode;

#[test]
fn a_registration_gets_the_months_next_number_and_is_recorded() {
    let t = desk();
    let first = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    let second = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    assert_eq!(first.case_no, "2611-0001");
    assert_eq!(second.case_no, "2611-0002");
    assert_eq!(first.status, CaseStatus::Registered);
    assert_eq!(first.receiver_name, "李娜");
    assert_eq!(first.handler_name, "李娜");
    assert_eq!(first.fields.customer_phone, "13812345678", "phone is stored normalised");
    assert_eq!(first.fields.claim_amount_fen, Some(150_000));

    // The serial restarts with the month (China time).
    t.clock.set(Utc.with_ymd_and_hms(2026, 11, 30, 16, 30, 0).unwrap());
    let december = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    assert_eq!(december.case_no, "2612-0001");

    let timeline = t.desk.case_timeline(first.id).unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].action, "register");
    assert_eq!(timeline[0].actor_name, "李娜");
    assert_eq!(timeline[0].new_value.as_deref(), Some("2611-0001"));
}

#[test]
fn a_refused_registration_names_the_field_and_leaves_nothing_behind() {
    let t = desk();
    let mut input = new_case(t.clock.now());
    input.fields.customer_phone = "  ".into();
    let err = t.desk.register_case(&t.agent, input).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("customerPhone"));
    assert_eq!(err.message, "请填写联系电话");
    assert_eq!(t.desk.store().case_count().unwrap(), 0);
    assert!(!t.desk.store().has_cases().unwrap());
    assert!(t.desk.customer_history("13812345678").unwrap().customer.is_none(), "no customer half-written");

    // The refused attempt did not use up a number.
    let ok = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    assert_eq!(ok.case_no, "2611-0001");
    assert!(t.desk.store().has_cases().unwrap());
}

#[test]
fn a_department_that_does_not_exist_is_refused() {
    let t = desk();
    let mut input = new_case(t.clock.now());
    input.fields.department_id = Some(9999);
    let err = t.desk.register_case(&t.agent, input).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("departmentId"));
}

#[test]
fn an_edit_is_audited_field_by_field() {
    let t = desk();
    let case = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    let engineering = t.desk.departments().unwrap().into_iter().find(|d| d.name == "工程维修部").unwrap();
    t.clock.set(t.clock.now() + Duration::minutes(5));
    let mut fields = case.fields.clone();
    fields.severity = Severity::Important;
    fields.department_id = Some(engineering.id);
    fields.claim_amount_fen = Some(200_000);
    let edited = t.desk.update_case(&t.agent, CaseEdit { id: case.id, version: case.version, fields, severity_reason: None }).unwrap();
    assert_eq!(edited.version, case.version + 1);
    assert_eq!(edited.department_name.as_deref(), Some("工程维修部"));

    let edits: Vec<_> = t.desk.case_timeline(case.id).unwrap().into_iter().filter(|e| e.action == "edit").collect();
    let seen: Vec<_> = edits
        .iter()
        .map(|e| (e.field.clone().unwrap(), e.old_value.clone().unwrap(), e.new_value.clone().unwrap()))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("claimAmountFen".into(), "150000".into(), "200000".into()),
            ("severity".into(), "normal".into(), "important".into()),
            ("departmentId".into(), String::new(), engineering.id.to_string()),
        ]
    );
    assert!(edits.iter().all(|e| e.at == t.clock.now() && e.actor_name == "李娜"));
}

#[test]
fn a_stale_edit_is_refused_and_changes_nothing() {
    let t = desk();
    let case = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    // The same agent at his other workstation (only those handling a case edit it).
    let other_desk = t.another_desk();

    let mut mine = case.fields.clone();
    mine.customer_request = "要求赔偿".into();
    let mut theirs = case.fields.clone();
    theirs.customer_request = "要求道歉".into();

    other_desk.update_case(&t.agent, CaseEdit { id: case.id, version: case.version, fields: theirs, severity_reason: None }).unwrap();
    let err = t.desk.update_case(&t.agent, CaseEdit { id: case.id, version: case.version, fields: mine, severity_reason: None }).unwrap_err();
    assert_eq!(err.code, ErrorCode::StaleEdit);
    assert!(err.message.contains("已被他人修改"), "{}", err.message);
    assert_eq!(t.desk.case(case.id).unwrap().fields.customer_request, "要求道歉");
}

#[test]
fn a_wrong_registration_is_voided_with_a_reason_never_deleted() {
    let t = desk();
    let case = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();

    let err = t.desk.void_case(&t.agent, case.id, case.version, " ").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("reason"));

    let voided = t.desk.void_case(&t.agent, case.id, case.version, "重复登记").unwrap();
    assert_eq!(voided.status, CaseStatus::Voided);
    assert_eq!(voided.void_reason.as_deref(), Some("重复登记"));

    // Still there, hidden from the sheet by default, and frozen.
    assert_eq!(t.desk.case_page(&CaseQuery::default()).unwrap().total, 0);
    assert_eq!(t.desk.case_page(&all_cases()).unwrap().total, 1);
    let edit = CaseEdit { id: case.id, version: voided.version, fields: voided.fields.clone(), severity_reason: None };
    assert_eq!(t.desk.update_case(&t.agent, edit).unwrap_err().code, ErrorCode::Voided);
    assert_eq!(t.desk.void_case(&t.agent, case.id, voided.version, "再作废").unwrap_err().code, ErrorCode::Voided);

    let last = t.desk.case_timeline(case.id).unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.reason.as_deref()), ("void", Some("重复登记")));
}

#[test]
fn the_database_itself_refuses_deleting_cases_or_rewriting_the_audit_log() {
    let t = desk();
    t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    assert!(t.db.execute("DELETE FROM cases").is_err());
    assert!(t.db.execute("UPDATE audit_log SET actor_id = 99").is_err());
    assert!(t.db.execute("DELETE FROM audit_log").is_err());
    if on_postgres() {
        // TRUNCATE skips row triggers; its own trigger refuses it.
        assert!(t.db.execute("TRUNCATE audit_log").is_err());
        assert!(t.db.execute("TRUNCATE cases CASCADE").is_err());
    }
    assert_eq!(t.db.query_text("SELECT count(*) FROM audit_log WHERE entity = 'case'"), "1");
    assert_eq!(t.db.query_text("SELECT count(*) FROM cases"), "1");
    // So is the record of sign-ins with a login no account has.
    t.desk.sign_in("nobody", "whatever-1").unwrap_err();
    assert!(t.db.execute("UPDATE unknown_sign_ins SET login = 'x'").is_err());
    assert!(t.db.execute("DELETE FROM unknown_sign_ins").is_err());
    assert_eq!(t.db.query_text("SELECT login FROM unknown_sign_ins"), "nobody");
}

#[test]
fn a_known_phone_shows_the_customers_history_and_flags_a_second_complaint() {
    let t = desk();
    let first = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    assert!(first.repeat_of_id.is_none());

    // However the number is typed, it is the same customer.
    let history = t.desk.customer_history("+86 138-1234-5678").unwrap();
    assert_eq!(history.customer.as_ref().unwrap().name, "王秀英");
    assert_eq!(history.cases.len(), 1);
    assert_eq!(history.open_or_recent_ids, vec![first.id]);

    t.clock.set(t.clock.now() + Duration::days(3));
    let second = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    assert_eq!(second.repeat_of_id, Some(first.id));
    assert_eq!(second.repeat_of_no.as_deref(), Some("2611-0001"));
    let rows = t.desk.case_page(&CaseQuery::default()).unwrap().rows;
    assert!(rows.iter().find(|r| r.id == second.id).unwrap().is_repeat);

    // A different matter (another cause type) of the same customer is not a repeat.
    let mut other = new_case(t.clock.now());
    other.fields.cause_type = Some(CauseType::Product);
    assert!(t.desk.register_case(&t.agent, other).unwrap().repeat_of_id.is_none());

    // A stranger's case cannot be linked as the earlier one.
    let stranger = t.desk.register_case(&t.agent, other_case(t.clock.now(), "赵强", "13900001111", "停车位被占")).unwrap();
    let mut linked = new_case(t.clock.now());
    linked.related_case_id = Some(stranger.id);
    assert_eq!(t.desk.register_case(&t.agent, linked).unwrap_err().field.as_deref(), Some("relatedCaseId"));
}

/// A 国外 customer (or one in Hong Kong, Macau, Taiwan) is registered with
/// his own number, kept in international format, never turned into a
/// mainland mobile, and found again by it however it is typed.
#[test]
fn a_customer_abroad_is_registered_with_his_own_number_and_found_by_it() {
    let t = desk();
    for (typed, kept, again) in [
        ("+44 20 7946 0958", "+44 20 7946 0958", "0044 20 7946 0958"),
        ("+1 305 555 1234", "+1 305-555-1234", "+1 (305) 555-1234"),
        ("(852) 2345 6789", "+852 2345 6789", "+852 23456789"),
    ] {
        let case = t.desk.register_case(&t.agent, other_case(t.clock.now(), "Mr Smith", typed, "货物外箱破损")).unwrap();
        assert_eq!(case.fields.customer_phone, kept, "{typed}");
        let history = t.desk.customer_history(again).unwrap();
        assert_eq!(history.cases.iter().map(|c| c.id).collect::<Vec<_>>(), vec![case.id], "{again} finds {kept}");
    }
    let found = t.desk.case_page(&CaseQuery { search: "7946".into(), ..CaseQuery::default() }).unwrap();
    assert_eq!(found.rows.iter().map(|r| r.customer_phone.as_str()).collect::<Vec<_>>(), vec!["+44 20 7946 0958"]);
}

#[test]
fn a_closed_old_case_is_history_but_not_a_reason_to_flag() {
    let t = desk();
    let first = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    t.desk.void_case(&t.agent, first.id, first.version, "测试").unwrap();
    t.clock.set(t.clock.now() + Duration::days(40));
    let history = t.desk.customer_history("13812345678").unwrap();
    assert_eq!(history.cases.len(), 1);
    assert!(history.open_or_recent_ids.is_empty());
    assert!(t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap().repeat_of_id.is_none());
}
