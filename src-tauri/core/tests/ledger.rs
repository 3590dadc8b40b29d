//! 会计台账 (issue 12 item 6): accounting marks each issued certificate
//! 已付 and 已核销 with its voucher, sees what is still to be booked, and
//! prints the list; each mark audited on the case, nothing deleted.

mod common;

use chrono::Duration;
use common::office::*;
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::documents::{DocumentRequest, IssuedDocument};
use complaintdesk_core::ledger::{LedgerMarkInput, LedgerPage, LedgerQuery, LedgerRow};
use complaintdesk_core::model::*;
use complaintdesk_core::store::{LedgerMarkInsert, Stamp};
use complaintdesk_core::ErrorCode;

struct Books {
    o: Office,
    accountant: User,
}

fn books() -> Books {
    let o = office();
    let accountant = person(&o.t, &o.admin, "孙悦", "sunyue", &[Role::Accounting], None);
    Books { o, accountant }
}

/// The office's payable certificate (退款/折扣凭证 for a property company) of a new approved ¥120,000.00 case.
fn certificate(b: &Books) -> (Case, IssuedDocument) {
    let case = approved_case(&b.o);
    let request = DocumentRequest {
        kind: DocumentKind::RefundCertificate,
        case_id: Some(case.id),
        reminder_id: None,
        query: None,
        filter_text: String::new(),
    };
    let doc = b.o.t.desk.issue_document(&b.o.agent, request).unwrap();
    (case, doc)
}

fn query(state: Option<LedgerState>) -> LedgerQuery {
    LedgerQuery { state, ..LedgerQuery::default() }
}

fn ledger(b: &Books, state: Option<LedgerState>) -> LedgerPage {
    b.o.t.desk.ledger(&b.accountant, &query(state)).unwrap()
}

fn numbers(page: &LedgerPage) -> Vec<String> {
    page.rows.iter().map(|r| r.number.clone()).collect()
}

fn input(doc: &IssuedDocument, mark: LedgerMark, voucher_no: &str, date: &str) -> LedgerMarkInput {
    LedgerMarkInput { document_id: doc.id, mark, voucher_no: voucher_no.into(), voucher_date: date.into() }
}

fn mark(b: &Books, doc: &IssuedDocument, mark: LedgerMark, voucher_no: &str, date: &str) -> LedgerRow {
    b.o.t.desk.mark_ledger(&b.accountant, input(doc, mark, voucher_no, date)).unwrap()
}

fn count(b: &Books, page: &LedgerPage, state: LedgerState) -> u64 {
    let _ = b;
    page.counts.iter().find(|c| c.state == state).unwrap().count
}

/// Rows of ledger_marks and audit lines: a refusal changes neither.
fn written(b: &Books) -> (String, String) {
    (b.o.t.db.query_text("SELECT count(*) FROM ledger_marks"), b.o.t.db.query_text("SELECT count(*) FROM audit_log"))
}

#[test]
fn accounting_marks_a_certificate_paid_then_written_off_and_each_mark_is_on_the_case_timeline() {
    let b = books();
    let (case, doc) = certificate(&b);
    // A handling form is not booked: only certificates and return slips are listed.
    let form = DocumentRequest { kind: DocumentKind::HandlingForm, case_id: Some(case.id), reminder_id: None, query: None, filter_text: String::new() };
    b.o.t.desk.issue_document(&b.o.agent, form).unwrap();

    let pending = ledger(&b, Some(LedgerState::Pending));
    assert_eq!(numbers(&pending), vec![doc.number.clone()]);
    let row = &pending.rows[0];
    assert_eq!((row.kind, row.case_no.as_deref(), row.payee.as_deref()), (DocumentKind::RefundCertificate, Some(case.case_no.as_str()), Some("深圳华星电子")));
    assert_eq!((row.amount_fen, row.issued_by_name.as_str(), row.state), (120_000 * YUAN, "张敏", LedgerState::Pending));
    assert_eq!((pending.total, pending.total_fen), (1, 120_000 * YUAN));
    assert!(pending.may_mark);
    assert_eq!(pending.today.to_string(), "2026-11-23");

    let paid = mark(&b, &doc, LedgerMark::Paid, "记-118", "2026-11-23");
    assert_eq!(paid.state, LedgerState::Paid);
    assert_eq!((paid.marks.len(), paid.marks[0].voucher_no.as_str(), paid.marks[0].by_name.as_str()), (1, "记-118", "孙悦"));
    // It left the list of what is still to be booked, and shows as paid.
    let after = ledger(&b, Some(LedgerState::Pending));
    assert!(after.rows.is_empty() && after.total_fen == 0);
    assert_eq!((count(&b, &after, LedgerState::Pending), count(&b, &after, LedgerState::Paid)), (0, 1));
    assert_eq!(numbers(&ledger(&b, Some(LedgerState::Paid))), vec![doc.number.clone()]);

    let done = mark(&b, &doc, LedgerMark::WrittenOff, " 转-55 ", "2026-11-23");
    assert_eq!(done.state, LedgerState::WrittenOff);
    assert_eq!(done.marks[1].voucher_no, "转-55");
    assert_eq!(numbers(&ledger(&b, Some(LedgerState::WrittenOff))), vec![doc.number.clone()]);
    assert_eq!(numbers(&ledger(&b, None)), vec![doc.number.clone()]);

    let timeline = timeline(&b.o, case.id);
    for line in [
        format!("ledger_mark documentNo:  → {} by 孙悦", doc.number),
        "ledger_mark ledgerState: pending → paid by 孙悦".to_string(),
        "ledger_mark voucher:  → 记-118（2026-11-23） by 孙悦".to_string(),
        "ledger_mark ledgerState: paid → written_off by 孙悦".to_string(),
        "ledger_mark voucher:  → 转-55（2026-11-23） by 孙悦".to_string(),
    ] {
        assert!(timeline.contains(&line), "missing {line:?} in {timeline:#?}");
    }
}

#[test]
fn only_accounting_marks_and_a_refused_mark_writes_nothing() {
    let b = books();
    let (_, doc) = certificate(&b);
    let d = &b.o.t.desk;
    let before = written(&b);

    // Others do not see the ledger; the administrator sees it but does not book.
    assert_eq!(d.ledger(&b.o.agent, &query(None)).unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.ledger(&b.o.vice_gm, &query(None)).unwrap_err().code, ErrorCode::Forbidden);
    let seen = d.ledger(&b.o.admin, &query(None)).unwrap();
    assert!(!seen.may_mark && seen.rows.len() == 1);
    for who in [&b.o.admin, &b.o.agent, &b.o.head] {
        let err = d.mark_ledger(who, input(&doc, LedgerMark::Paid, "记-1", "2026-11-23")).unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden, "{}", who.name);
    }

    // An empty form names both fields at once.
    let err = d.mark_ledger(&b.accountant, input(&doc, LedgerMark::Paid, " ", "")).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("voucherNo")));
    assert_eq!(err.others.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(), vec!["voucherDate"]);
    let date_err = |date: &str| {
        let err = d.mark_ledger(&b.accountant, input(&doc, LedgerMark::Paid, "记-1", date)).unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("voucherDate")), "{date}: {}", err.message);
        err.message
    };
    assert!(date_err("2026-11-24").contains("晚于今天"));
    assert!(date_err("2026-11-22").contains("早于退款/折扣凭证的开具日期 2026-11-23"));
    assert!(date_err("23/11/2026").contains("2026-11-23 这样的日期"));
    assert_eq!(written(&b), before, "a refused mark writes nothing");

    mark(&b, &doc, LedgerMark::Paid, "记-1", "2026-11-23");
    let err = d.mark_ledger(&b.accountant, input(&doc, LedgerMark::Paid, "记-2", "2026-11-23")).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongState);
    assert!(err.message.contains("已付") && err.message.contains("记-1"), "{}", err.message);
    mark(&b, &doc, LedgerMark::WrittenOff, "转-1", "2026-11-23");
    for again in [LedgerMark::Paid, LedgerMark::WrittenOff] {
        assert_eq!(d.mark_ledger(&b.accountant, input(&doc, again, "转-2", "2026-11-23")).unwrap_err().code, ErrorCode::WrongState);
    }

    // The store itself refuses a mark decided on marks that have changed since.
    let stale = LedgerMarkInsert {
        document_id: doc.id,
        mark: LedgerMark::Paid,
        voucher_no: "记-3".into(),
        voucher_date: "2026-11-23".parse().unwrap(),
        after: None,
        from: LedgerState::Pending,
        voucher: "记-3（2026-11-23）".into(),
        by: Stamp { actor_id: b.accountant.id, at: b.o.t.clock.now() },
    };
    assert_eq!(b.o.t.another_desk().store().insert_ledger_mark(&stale).unwrap_err().code, ErrorCode::StaleEdit);
    assert_eq!(d.ledger_row(&b.accountant, doc.id).unwrap().marks.len(), 2);
}

#[test]
fn a_written_off_mark_needs_a_voucher_date_not_before_the_payment() {
    let b = books();
    let (_, doc) = certificate(&b);
    b.o.t.clock.set(b.o.t.clock.now() + Duration::days(3));
    mark(&b, &doc, LedgerMark::Paid, "记-7", "2026-11-25");
    let err = b.o.t.desk.mark_ledger(&b.accountant, input(&doc, LedgerMark::WrittenOff, "转-7", "2026-11-24")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("voucherDate"));
    assert!(err.message.contains("早于已付的传票日期 2026-11-25"), "{}", err.message);
    // Booked straight away, with no payment first, is allowed too.
    let (_, other) = certificate(&b);
    assert_eq!(mark(&b, &other, LedgerMark::WrittenOff, "转-8", "2026-11-26").state, LedgerState::WrittenOff);
}

#[test]
fn a_wrong_mark_is_voided_with_a_reason_and_the_document_steps_back() {
    let b = books();
    let (case, doc) = certificate(&b);
    let d = &b.o.t.desk;
    let paid = mark(&b, &doc, LedgerMark::Paid, "记-118", "2026-11-23");
    let done = mark(&b, &doc, LedgerMark::WrittenOff, "转-5", "2026-11-23");
    let (paid_id, done_id) = (paid.marks[0].id, done.marks[1].id);

    // Only the latest live mark, only by 会计科, only with a reason.
    assert_eq!(d.void_ledger_mark(&b.accountant, doc.id, paid_id, "录错").unwrap_err().code, ErrorCode::WrongState);
    assert_eq!(d.void_ledger_mark(&b.o.admin, doc.id, done_id, "录错").unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.void_ledger_mark(&b.accountant, doc.id, done_id, "  ").unwrap_err().field.as_deref(), Some("reason"));

    let back = d.void_ledger_mark(&b.accountant, doc.id, done_id, "传票号录错，应为转-55").unwrap();
    assert_eq!(back.state, LedgerState::Paid);
    assert_eq!(back.marks.len(), 2, "the voided mark stays, marked voided");
    assert_eq!(back.marks[1].void_reason.as_deref(), Some("传票号录错，应为转-55"));
    assert_eq!(back.marks[1].voided_by_name.as_deref(), Some("孙悦"));
    assert_eq!(d.void_ledger_mark(&b.accountant, doc.id, done_id, "再次").unwrap_err().code, ErrorCode::Voided);

    // Booked again with the right voucher.
    let right = mark(&b, &doc, LedgerMark::WrittenOff, "转-55", "2026-11-23");
    assert_eq!((right.state, right.marks.len()), (LedgerState::WrittenOff, 3));
    let timeline = timeline(&b.o, case.id);
    assert!(timeline.contains(&"void_ledger_mark ledgerState: written_off → paid by 孙悦".to_string()), "{timeline:#?}");
    assert!(timeline.contains(&"void_ledger_mark voucher: 转-5（2026-11-23） →  by 孙悦".to_string()), "{timeline:#?}");
    let reason = d.case_timeline(case.id).unwrap().into_iter().find(|a| a.action == "void_ledger_mark" && a.field.as_deref() == Some("ledgerState"));
    assert_eq!(reason.unwrap().reason.as_deref(), Some("传票号录错，应为转-55"));

    // Voided back to the start: waiting to be booked again.
    let right = d.void_ledger_mark(&b.accountant, doc.id, right.marks[2].id, "核销撤回").unwrap();
    let start = d.void_ledger_mark(&b.accountant, doc.id, right.marks[0].id, "付款退回").unwrap();
    assert_eq!(start.state, LedgerState::Pending);
    assert_eq!(numbers(&ledger(&b, Some(LedgerState::Pending))), vec![doc.number.clone()]);
}

#[test]
fn a_voided_certificate_reads_voided_and_takes_no_mark() {
    let b = books();
    let (_, doc) = certificate(&b);
    mark(&b, &doc, LedgerMark::Paid, "记-9", "2026-11-23");
    b.o.t.desk.void_document(&b.o.agent, &doc.number, "金额有误，重新开具").unwrap();

    let err = b.o.t.desk.mark_ledger(&b.accountant, input(&doc, LedgerMark::WrittenOff, "转-9", "2026-11-23")).unwrap_err();
    assert_eq!(err.code, ErrorCode::Voided);
    assert!(err.message.contains("已作废") && err.message.contains("金额有误"), "{}", err.message);
    let voided = ledger(&b, Some(LedgerState::Voided));
    assert_eq!(numbers(&voided), vec![doc.number.clone()]);
    assert_eq!(voided.rows[0].marks[0].voucher_no, "记-9", "what was paid on it stays in view");
    assert!(ledger(&b, Some(LedgerState::Paid)).rows.is_empty() && ledger(&b, Some(LedgerState::Pending)).rows.is_empty());
}

#[test]
fn the_database_refuses_to_delete_or_rewrite_a_mark() {
    let b = books();
    let (_, doc) = certificate(&b);
    let row = mark(&b, &doc, LedgerMark::Paid, "记-1", "2026-11-23");
    let id = row.marks[0].id;
    let db = &b.o.t.db;
    // (The PostgreSQL client's error text is only "db error": the trigger's words are checked on SQLite.)
    let refused = |sql: &str, why: &str| {
        let err = db.execute(sql).expect_err(sql);
        assert!(on_postgres() || err.contains(why), "{sql}: {err}");
    };
    refused(&format!("DELETE FROM ledger_marks WHERE id = {id}"), "ledger marks are never deleted");
    refused(&format!("UPDATE ledger_marks SET voucher_no = '记-2' WHERE id = {id}"), "a ledger mark is only ever voided");
    refused(&format!("UPDATE ledger_marks SET mark = 'written_off' WHERE id = {id}"), "a ledger mark is only ever voided");
    refused(&format!("UPDATE ledger_marks SET void_reason = 'x' WHERE id = {id}"), "a ledger mark is only ever voided");
    if on_postgres() {
        refused("TRUNCATE ledger_marks", "ledger marks are never deleted");
    }
    // A second live 已付 is refused by the database too.
    let at = b.o.t.clock.now().timestamp_millis();
    let twice = format!(
        "INSERT INTO ledger_marks (document_id, mark, voucher_no, voucher_date, by_user, at) VALUES ({}, 'paid', '记-3', '2026-11-23', {}, {at})",
        doc.id, b.accountant.id
    );
    assert!(db.execute(&twice).is_err());
    let kept = format!("SELECT mark || ' ' || voucher_no || ' ' || coalesce(void_reason, '-') FROM ledger_marks WHERE id = {id}");
    assert_eq!(db.query_text(&kept), "paid 记-1 -");
    assert_eq!(db.query_text("SELECT count(*) FROM ledger_marks"), "1");

    b.o.t.desk.void_ledger_mark(&b.accountant, doc.id, id, "录错").unwrap();
    refused(&format!("UPDATE ledger_marks SET void_reason = '改过' WHERE id = {id}"), "a ledger mark is only ever voided");
    assert_eq!(db.query_text(&format!("SELECT void_reason FROM ledger_marks WHERE id = {id}")), "录错");
}

#[test]
fn the_ledger_filters_by_month_state_and_search_and_totals_in_figures() {
    let b = books();
    let (nov_case, november) = certificate(&b);
    b.o.t.clock.set(b.o.t.clock.now() + Duration::days(15)); // 2026-12-08
    let (_, december) = certificate(&b);
    mark(&b, &december, LedgerMark::Paid, "记-201", "2026-12-08");
    let d = &b.o.t.desk;
    let q = |state: Option<LedgerState>, month: &str, search: &str| {
        d.ledger(&b.accountant, &LedgerQuery { state, month: month.into(), search: search.into(), ..LedgerQuery::default() }).unwrap()
    };

    assert!(november.number.contains("-2611-") && december.number.contains("-2612-"));
    assert_eq!(numbers(&q(None, "2026-11", "")), vec![november.number.clone()]);
    assert_eq!(numbers(&q(None, "2026-12", "")), vec![december.number.clone()]);
    assert_eq!(numbers(&q(None, "", "")), vec![november.number.clone(), december.number.clone()], "in the order they were issued");
    let all = q(None, "", "");
    assert_eq!((all.total, all.total_fen), (2, 240_000 * YUAN));
    let pending = q(Some(LedgerState::Pending), "", "");
    assert_eq!((numbers(&pending), pending.total_fen), (vec![november.number.clone()], 120_000 * YUAN));
    let paid = all.counts.iter().find(|c| c.state == LedgerState::Paid).unwrap();
    assert_eq!((paid.count, paid.amount_fen), (1, 120_000 * YUAN));

    // By number (any case), case number or customer; LIKE's characters are only themselves.
    assert_eq!(numbers(&q(None, "", &november.number.to_lowercase())), vec![november.number.clone()]);
    assert_eq!(numbers(&q(None, "", &nov_case.case_no)), vec![november.number.clone()]);
    assert_eq!(q(None, "", "华星电子").total, 2);
    assert_eq!(q(None, "", "%").total, 0);
    assert_eq!(q(None, "2026-11", "华星").counts.iter().map(|c| c.count).sum::<u64>(), 1);

    let paged = d.ledger(&b.accountant, &LedgerQuery { page: 2, page_size: 1, ..LedgerQuery::default() }).unwrap();
    assert_eq!((numbers(&paged), paged.total), (vec![december.number.clone()], 2));
    let err = d.ledger(&b.accountant, &LedgerQuery { month: "2026年11月".into(), ..LedgerQuery::default() }).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("month"));
}

#[test]
fn the_ledger_prints_as_a_list_with_amounts_in_figures_and_capitals() {
    let b = books();
    let (case, doc) = certificate(&b);
    mark(&b, &doc, LedgerMark::Paid, "记-118", "2026-11-23");
    let d = &b.o.t.desk;

    let printed = d.issue_ledger(&b.accountant, &query(Some(LedgerState::Paid))).unwrap();
    assert_eq!(printed.kind, DocumentKind::Ledger);
    assert!(printed.number.starts_with("TZ-2611-") && printed.copies.is_empty(), "{}", printed.number);
    let file = d.document_pdf(&b.accountant, &printed.number, &[], OutputTarget::Export).unwrap();
    if let Some(dir) = std::env::var_os("COMPLAINTDESK_DUMP_PDF") {
        std::fs::write(std::path::Path::new(&dir).join(&file.file_name), &file.bytes).unwrap();
    }
    let text = pages_text(&file.bytes).join("\n");
    for expected in [
        "会计台账",
        "状态：已付",
        doc.number.as_str(),
        case.case_no.as_str(),
        "深圳华星电子",
        "¥120,000.00",
        "壹拾贰万元整",
        "已付",
        "记-118",
        "（2026-11-23）",
        "会计科负责人：",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(d.document_preview(&b.accountant, &printed.number, &[]).unwrap().pages[0].contains(r#"viewBox="0 0 297 210""#), "A4 landscape");

    // The ledger is 会计科's and the administrator's: nobody else prints or sees it.
    assert_eq!(d.issue_ledger(&b.o.agent, &query(None)).unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.document_preview(&b.o.agent, &printed.number, &[]).unwrap_err().code, ErrorCode::Forbidden);
    d.document_preview(&b.o.admin, &printed.number, &[]).unwrap();
    let through_documents = DocumentRequest { kind: DocumentKind::Ledger, case_id: None, reminder_id: None, query: None, filter_text: String::new() };
    assert_eq!(d.issue_document(&b.accountant, through_documents).unwrap_err().code, ErrorCode::Validation);
}
