//! Customers' personal data (issue 11, item 1): in full for those handling
//! the case, masked for everyone else, revealed on request and recorded.
//! Runs on SQLite and, with COMPLAINTDESK_TEST_BACKEND=postgres, on PostgreSQL.

mod common;

use common::office::*;
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::model::*;
use complaintdesk_core::privacy::{mask_phone, shorten_address, PersonalData};
use complaintdesk_core::ErrorCode;

fn accountant(o: &Office) -> User {
    person(&o.t, &o.admin, "孙悦", "sunyue", &[Role::Accounting], None)
}

/// The phone the sheet shows `who` for the case, and how.
fn sheet_phone(o: &Office, who: &User, case_id: i64, search: &str) -> (String, PersonalData) {
    let page = o.t.desk.sheet(who, &CaseQuery { search: search.into(), ..all_cases() }).unwrap();
    let row = page.rows.into_iter().find(|r| r.id == case_id).expect("the case is listed");
    (row.customer_phone, row.personal_data)
}

fn with_address(o: &Office, case: Case) -> Case {
    let mut fields = case.fields.clone();
    fields.customer_address = "广东省深圳市南山区科技园路1号".into();
    o.t.desk.update_case(&o.agent, CaseEdit { id: case.id, version: case.version, fields, severity_reason: None }).unwrap()
}

#[test]
fn the_people_handling_a_case_see_its_customer_in_full_and_everyone_else_masked() {
    let o = office();
    let d = &o.t.desk;
    let case = with_address(&o, pcb_case(&o));
    let full = case.fields.customer_phone.clone();
    let masked = mask_phone(&full);
    assert_ne!(full, masked);
    let acct = accountant(&o);

    // The receiver sees it in full, in the sheet and in search.
    assert_eq!(sheet_phone(&o, &o.agent, case.id, ""), (full.clone(), PersonalData::Full));
    assert_eq!(sheet_phone(&o, &o.agent, case.id, "华星").0, full);
    // 会计科 does not handle it: masked in the sheet, in search and in the case itself.
    assert_eq!(sheet_phone(&o, &acct, case.id, ""), (masked.clone(), PersonalData::Masked));
    assert_eq!(sheet_phone(&o, &acct, case.id, "华星").0, masked);
    assert_eq!(sheet_phone(&o, &acct, case.id, &full[full.len() - 4..]).0, masked, "a phone fragment finds it, masked");
    let seen = d.case_workflow(&acct, case.id).unwrap().case;
    assert_eq!((seen.fields.customer_phone.as_str(), seen.personal_data), (masked.as_str(), PersonalData::Masked));
    assert_eq!(seen.fields.customer_address, "广东省深圳市南山区****");
    assert_eq!(seen.fields.customer_address, shorten_address(&case.fields.customer_address));
    // 业务部 before the case reaches it: masked.
    assert_eq!(sheet_phone(&o, &o.head, case.id, "").1, PersonalData::Masked);

    // Routed to 业务部: its people see it in full while it is with them.
    let case = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().case;
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    assert_eq!(sheet_phone(&o, &o.head, case.id, "").0, full);
    assert_eq!(sheet_phone(&o, &o.sales_manager, case.id, "").0, full, "a member of 业务部");
    let inbox = d.department_inbox(&o.head, SALES_DEPT, &all_cases()).unwrap();
    assert_eq!(inbox.rows.iter().find(|r| r.id == case.id).unwrap().customer_phone, full);
    assert_eq!(sheet_phone(&o, &acct, case.id, "").0, masked);

    // The 副总经理 sees it in full while the proposal waits for him, not after.
    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    let case = d.record_investigation(&o.head, case.id, case.version, investigation(&[(SALES_DEPT, "", 100)])).unwrap();
    assert_eq!(sheet_phone(&o, &o.vice_gm, case.id, "").1, PersonalData::Masked, "nothing waits for him yet");
    let case = d.propose(&o.head, case.id, case.version, compensation(120_000)).unwrap();
    let queue = d.approval_queue(&o.vice_gm).unwrap();
    assert_eq!(queue[0].case.customer_phone, full);
    assert_eq!(d.case_workflow(&o.vice_gm, case.id).unwrap().case.fields.customer_phone, full);
    d.approve(&o.vice_gm, case.id, case.version, "同意", true).unwrap();
    assert_eq!(sheet_phone(&o, &o.vice_gm, case.id, "").0, masked);
}

#[test]
fn 质量管理部_sees_it_masked_and_显示完整信息_is_recorded_on_the_timeline() {
    let o = office();
    let d = &o.t.desk;
    let case = pcb_case(&o);
    let full = case.fields.customer_phone.clone();
    let acct = accountant(&o);

    let seen = d.case_workflow(&o.quality_head, case.id).unwrap().case;
    assert_eq!((seen.fields.customer_phone, seen.personal_data), (mask_phone(&full), PersonalData::OnRequest));
    let shown = d.reveal_personal_data(&o.quality_head, case.id).unwrap();
    assert_eq!(shown.fields.customer_phone, full);
    let last = d.case_timeline(case.id).unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.actor_name.as_str()), ("reveal_personal_data", "赵丽"));

    // 会计科 may not ask, until the admin grants its role 查看客户信息.
    let before = d.case_timeline(case.id).unwrap().len();
    let refused = d.reveal_personal_data(&acct, case.id).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert_eq!(d.case_timeline(case.id).unwrap().len(), before, "a refusal writes nothing");
    assert_eq!(d.set_personal_data_roles(&o.agent, &[Role::Accounting]).unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.set_personal_data_roles(&o.admin, &[Role::Accounting]).unwrap(), vec![Role::Accounting]);
    assert_eq!(d.case_workflow(&acct, case.id).unwrap().case.personal_data, PersonalData::OnRequest);
    assert_eq!(d.reveal_personal_data(&acct, case.id).unwrap().fields.customer_phone, full);
    let reveals = d.case_timeline(case.id).unwrap().into_iter().filter(|a| a.action == "reveal_personal_data").count();
    assert_eq!(reveals, 2);
}

#[test]
fn a_full_number_typed_at_registration_finds_the_customer_but_his_cases_stay_masked() {
    let o = office();
    let d = &o.t.desk;
    let case = with_address(&o, pcb_case(&o));
    let other_agent = person(&o.t, &o.admin, "黄蓉", "huangrong", &[Role::Agent], Some(1));
    let history = d.customer_history_for(&other_agent, "0755 8888 6666").unwrap();
    let customer = history.customer.expect("二次投诉 still finds the customer");
    assert_eq!(customer.name, "深圳华星电子");
    assert_eq!(history.cases.len(), 1);
    assert_eq!(history.cases[0].customer_phone, mask_phone(&case.fields.customer_phone));
    assert_eq!(history.open_or_recent_ids, vec![case.id]);
    // The receiver sees his own case in full.
    let own = d.customer_history_for(&o.agent, "0755 8888 6666").unwrap();
    assert_eq!(own.cases[0].customer_phone, case.fields.customer_phone);
}

#[test]
fn an_edit_saved_from_a_masked_form_keeps_the_customers_data() {
    let o = office();
    let d = &o.t.desk;
    let case = with_address(&o, pcb_case(&o));
    // The admin may edit any case but does not handle this one: his form is masked.
    let seen = d.case_workflow(&o.admin, case.id).unwrap().case;
    assert_eq!(seen.personal_data, PersonalData::Masked);
    let mut fields = seen.fields.clone();
    fields.content = "四层板阻焊脱落，整批 5000 片无法贴片（客户补充：另有 200 片起泡）".into();
    d.update_case(&o.admin, CaseEdit { id: case.id, version: seen.version, fields, severity_reason: None }).unwrap();
    let stored = d.case(case.id).unwrap();
    assert_eq!(stored.fields.customer_phone, case.fields.customer_phone);
    assert_eq!(stored.fields.customer_address, "广东省深圳市南山区科技园路1号");
    assert!(stored.fields.content.contains("起泡"));
}

#[test]
fn a_department_inbox_opens_only_for_its_own_people() {
    let o = office();
    let d = &o.t.desk;
    let acct = accountant(&o);
    assert!(d.inbox_departments(&acct).unwrap().is_empty());
    assert_eq!(d.department_inbox(&acct, SALES_DEPT, &all_cases()).unwrap_err().code, ErrorCode::Forbidden);
    let heads: Vec<i64> = d.inbox_departments(&o.head).unwrap().into_iter().map(|dep| dep.id).collect();
    assert_eq!(heads, vec![SALES_DEPT]);
    assert!(d.department_inbox(&o.head, SALES_DEPT, &all_cases()).is_ok());
    assert_eq!(d.department_inbox(&o.head, ENGINEERING, &all_cases()).unwrap_err().code, ErrorCode::Forbidden);
}

/// A case's documents print its customer's data: preview and output only for
/// those who may see it; an output counts once it happened, not before.
#[test]
fn a_cases_documents_go_only_to_those_who_may_see_it_and_count_once_output() {
    use complaintdesk_core::documents::DocumentRequest;
    let o = office();
    let d = &o.t.desk;
    let case = approved_case(&o);
    let request = DocumentRequest { kind: DocumentKind::HandlingForm, case_id: Some(case.id), reminder_id: None, query: None, filter_text: String::new() };
    let acct = accountant(&o);

    // Whoever sees the customer masked cannot issue the paper: it would print
    // 138****5678 for good and take the case's one 处理单.
    assert!(d.case_documents(&acct, case.id).unwrap().issuable.is_empty(), "nothing is offered to 会计科");
    assert!(d.case_documents(&o.quality_head, case.id).unwrap().issuable.is_empty(), "nor to 质量管理部");
    for who in [&acct, &o.quality_head] {
        assert_eq!(d.issue_document(who, request.clone()).unwrap_err().code, ErrorCode::Forbidden, "{} issues", who.name);
    }
    let doc = d.issue_document(&o.agent, request).unwrap();
    let printed_phone = pages_text(&d.prepare_output(&o.agent, &doc.number, &[1], OutputTarget::Export).unwrap().file.bytes).join("\n");
    let full = d.case_workflow(&o.agent, case.id).unwrap().case.fields.customer_phone;
    assert!(!full.contains('*') && printed_phone.contains(&full), "the handler's paper has the phone {full} in full");

    assert_eq!(d.document_preview(&acct, &doc.number, &[1]).unwrap_err().code, ErrorCode::Forbidden);
    // The screens offer 打印/预览 only where it will be granted.
    assert!(d.case_documents(&acct, case.id).unwrap().openable_ids.is_empty(), "会计科 is offered no preview");
    assert_eq!(d.case_documents(&o.quality_head, case.id).unwrap().openable_ids, vec![doc.id], "质量管理部 may ask");
    assert_eq!(d.case_documents(&o.agent, case.id).unwrap().openable_ids, vec![doc.id]);
    assert_eq!(d.prepare_output(&acct, &doc.number, &[1], OutputTarget::Export).err().map(|e| e.code), Some(ErrorCode::Forbidden));
    let reveals = |d: &complaintdesk_core::Desk| {
        d.case_timeline(case.id).unwrap().into_iter().filter(|a| a.action == "reveal_personal_data" && a.actor_name == "赵丽").count()
    };
    assert_eq!(reveals(d), 0);
    assert!(d.document_preview(&o.quality_head, &doc.number, &[1]).is_ok(), "质量管理部 may ask to see the case");
    assert_eq!(reveals(d), 1, "her look at the full paper is a 显示完整信息 on the timeline");

    // Made but not written (the save failed, the viewer did not open): not an output.
    let prepared = d.prepare_output(&o.agent, &doc.number, &[1], OutputTarget::Export).unwrap();
    assert!(!prepared.file.bytes.is_empty());
    let printed = |d: &complaintdesk_core::Desk| d.case_documents(&o.agent, case.id).unwrap().documents[0].printed_copies.clone();
    assert!(printed(d).is_empty());
    d.record_output(&o.agent, &prepared).unwrap();
    assert_eq!(printed(d), vec![1]);
    // The next output of copy 1 is a 补打.
    let again = d.prepare_output(&o.agent, &doc.number, &[1], OutputTarget::Export).unwrap();
    assert!(pages_text(&again.file.bytes).join("\n").contains("补打"));
}
