//! 客户投诉案件统计表 (issue 13 item 2): the 总经理室 gathers a month's
//! closed cases into one table, with each department's share of the loss,
//! issues it as a document and the departments concerned confirm it; the
//! 工作台 reminds the 总经理室 until it is issued; a case closed after its
//! month's table was issued goes into the next one, marked.

mod common;

use common::office::*;
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::model::*;
use complaintdesk_core::statement::{responsibility_text, MonthStatement};
use complaintdesk_core::ErrorCode;

const MANUFACTURING: i64 = 9; // 制造部
const GENERAL_OFFICE: i64 = 13; // 总经理室

struct Books {
    o: Office,
    /// 总经理室's 宋洁, who draws up the table.
    clerk: User,
    /// 制造部's head.
    works_head: User,
}

fn books() -> Books {
    let o = office();
    let clerk = person(&o.t, &o.admin, "宋洁", "songjie", &[Role::Handler], Some(GENERAL_OFFICE));
    let works_head = person(&o.t, &o.admin, "孙伟", "sunwei", &[Role::Handler, Role::DeptHead], Some(MANUFACTURING));
    Books { o, clerk, works_head }
}

fn table(b: &Books, who: &User, month: &str) -> MonthStatement {
    b.o.t.desk.month_statement(who, month).unwrap()
}

fn totals(t: &[complaintdesk_core::statement::StatementTotal]) -> Vec<(String, u64, i64)> {
    t.iter().map(|t| (t.label.clone(), t.cases, t.loss_fen)).collect()
}

#[test]
fn a_months_table_lists_its_closed_cases_with_each_departments_share_and_is_issued_and_confirmed() {
    let b = books();
    let (o, d) = (&b.o, &b.o.t.desk);
    // Received Monday 23 November 09:40.
    let shared = closed_case(&b.o, &[(SALES_DEPT, "", 60), (MANUFACTURING, "", 40)], 1_000, beijing(2026, 11, 25, 15));
    let sales = closed_case(&b.o, &[(SALES_DEPT, "", 100)], 2_000, beijing(2026, 11, 30, 23));
    let december = closed_case(&b.o, &[(SALES_DEPT, "", 100)], 500, beijing(2026, 12, 1, 9));
    o.t.clock.set(beijing(2026, 12, 2, 9));

    // The 总经理室 is reminded on the 2nd; the agent is not.
    let due = d.dashboard(&b.clerk).unwrap().statement_due.expect("reminded");
    assert_eq!((due.month.as_str(), due.due_on.to_string().as_str(), due.overdue), ("2026-11", "2026-12-10", false));
    assert_eq!(d.dashboard(&o.agent).unwrap().statement_due, None);

    let t = table(&b, &b.clerk, "2026-11");
    let numbers: Vec<&str> = t.lines.iter().map(|l| l.line.case_no.as_str()).collect();
    assert_eq!(numbers, vec![shared.case_no.as_str(), sales.case_no.as_str()], "December's {} is not November's", december.case_no);
    let first = &t.lines[0];
    assert_eq!(
        (responsibility_text(&first.line).as_str(), first.line.loss_fen, first.line.days_to_close, first.closed_on.as_str(), first.late),
        ("业务部 60%、制造部 40%", 1_000 * YUAN, Some(2.2), "2026-11-25", false)
    );
    assert_eq!(first.line.product, "PCB-4L-1.6-0345");
    assert_eq!(t.total_loss_fen, 3_000 * YUAN);
    assert_eq!(totals(&t.by_department), vec![("业务部".into(), 2, 2_600 * YUAN), ("制造部".into(), 1, 400 * YUAN)]);
    assert_eq!(totals(&t.by_cause), vec![("出品质量".into(), 2, 3_000 * YUAN)]);
    assert_eq!(totals(&t.by_resolution), vec![("索赔/赔偿".into(), 2, 3_000 * YUAN)]);
    let confirming: Vec<&str> = t.confirming.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(confirming, vec!["质量管理部", "制造部", "业务部"]);
    assert!(t.may_issue && t.document.is_none() && t.may_confirm.is_empty());

    // Only the 总经理室 (and the 总经理 / 副总经理) issue it.
    assert_eq!(d.issue_statement(&o.agent, "2026-11").unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.month_statement(&o.agent, "2026-11").unwrap_err().code, ErrorCode::Forbidden);
    let doc = d.issue_statement(&b.clerk, "2026-11").unwrap();
    assert_eq!((doc.number.as_str(), doc.kind, doc.issued_by_name.as_str()), ("TJ-2612-0001", DocumentKind::MonthlyStatement, "宋洁"));
    assert_eq!(d.dashboard(&b.clerk).unwrap().statement_due, None, "issued: no more reminder");
    let again = d.issue_statement(&b.clerk, "2026-11").unwrap_err();
    assert_eq!((again.code, again.message.contains("TJ-2612-0001")), (ErrorCode::WrongState, true));

    // The paper: landscape lines, the totals, a signature line for each confirming department.
    let pdf = d.document_pdf(&b.clerk, &doc.number, &[], OutputTarget::Export).unwrap().bytes;
    if let Some(dir) = std::env::var_os("COMPLAINTDESK_DUMP_PDF") {
        std::fs::write(std::path::Path::new(&dir).join("statement.pdf"), &pdf).unwrap();
    }
    let text = pages_text(&pdf).join("\n");
    for expected in ["客户投诉案件统计表", "TJ-2612-0001", "2026年11月", &shared.case_no, "业务部 60%、制造部 40%", "¥2,600.00", "制造部主管确认", "总经理核准"] {
        assert!(text.contains(expected), "the table prints {expected}:\n{text}");
    }

    // Each head confirms for his own department, once; the table records who.
    let t = table(&b, &o.head, "2026-11");
    assert_eq!((t.may_issue, t.may_confirm.clone()), (false, vec![SALES_DEPT]));
    assert_eq!(d.confirm_statement(&o.head, doc.id, MANUFACTURING).unwrap_err().code, ErrorCode::Forbidden);
    let t = d.confirm_statement(&o.head, doc.id, SALES_DEPT).unwrap();
    let by: Vec<(&str, &str)> = t.confirmations.iter().map(|k| (k.department_name.as_str(), k.by_name.as_str())).collect();
    assert_eq!(by, vec![("业务部", "陈刚")]);
    assert_eq!(d.confirm_statement(&o.head, doc.id, SALES_DEPT).unwrap_err().code, ErrorCode::WrongState);
    d.confirm_statement(&b.works_head, doc.id, MANUFACTURING).unwrap();
    let t = d.confirm_statement(&o.quality_head, doc.id, QUALITY_DEPT).unwrap();
    assert_eq!(t.confirmations.len(), 3);
    assert!(audit_lines(&o.t, "document", doc.id).iter().any(|l| l.contains("confirm_statement") && l.contains("业务部") && l.contains("陈刚")));
}

#[test]
fn a_case_closed_after_its_months_table_was_issued_goes_into_the_next_table_marked() {
    let b = books();
    let (o, d) = (&b.o, &b.o.t.desk);
    let early = closed_case(&b.o, &[(SALES_DEPT, "", 100)], 1_000, beijing(2026, 11, 27, 10));
    // The table is drawn up on the month's last day …
    o.t.clock.set(beijing(2026, 11, 30, 16));
    d.issue_statement(&b.clerk, "2026-11").unwrap();
    // … and one more case closes that evening.
    o.t.clock.set(beijing(2026, 11, 30, 17));
    let evening = closed_case(&b.o, &[(MANUFACTURING, "", 100)], 800, beijing(2026, 11, 30, 20));
    let december = closed_case(&b.o, &[(SALES_DEPT, "", 100)], 300, beijing(2026, 12, 15, 10));

    o.t.clock.set(beijing(2027, 1, 4, 9));
    let t = table(&b, &b.clerk, "2026-12");
    let lines: Vec<(&str, bool)> = t.lines.iter().map(|l| (l.line.case_no.as_str(), l.late)).collect();
    assert_eq!(lines, vec![(evening.case_no.as_str(), true), (december.case_no.as_str(), false)]);
    let november = table(&b, &b.clerk, "2026-11");
    let listed: Vec<&str> = november.lines.iter().map(|l| l.line.case_no.as_str()).collect();
    assert_eq!(listed, vec![early.case_no.as_str()], "the issued table keeps what it listed");

    let doc = d.issue_statement(&b.clerk, "2026-12").unwrap();
    let text = pages_text(&d.document_pdf(&b.clerk, &doc.number, &[], OutputTarget::Export).unwrap().bytes).join("\n");
    assert!(text.contains(&format!("{}（补入）", evening.case_no)), "{text}");
    assert!(text.contains("补入件数"), "{text}");
}

#[test]
fn a_voided_table_frees_its_cases_for_the_table_issued_in_its_place_and_nothing_is_deleted() {
    let b = books();
    let (o, d) = (&b.o, &b.o.t.desk);
    let case = closed_case(&b.o, &[(SALES_DEPT, "", 100)], 1_000, beijing(2026, 11, 25, 10));
    o.t.clock.set(beijing(2026, 12, 3, 9));
    let first = d.issue_statement(&b.clerk, "2026-11").unwrap();
    assert!(d.confirm_statement(&o.agent, first.id, SALES_DEPT).is_err());
    d.void_document(&b.clerk, &first.number, "漏列责任比例，重新开具").unwrap();

    let t = table(&b, &b.clerk, "2026-11");
    assert!(t.document.is_none() && t.may_issue);
    assert_eq!(t.lines.iter().map(|l| l.line.case_no.as_str()).collect::<Vec<_>>(), vec![case.case_no.as_str()]);
    assert_eq!(d.dashboard(&b.clerk).unwrap().statement_due.map(|d| d.month), Some("2026-11".into()));
    assert_eq!(d.confirm_statement(&o.head, first.id, SALES_DEPT).unwrap_err().code, ErrorCode::Voided);

    let second = d.issue_statement(&b.clerk, "2026-11").unwrap();
    assert_eq!(second.number, "TJ-2612-0002");
    assert_eq!(table(&b, &b.clerk, "2026-11").document.map(|d| d.number), Some(second.number.clone()));
    d.confirm_statement(&o.head, second.id, SALES_DEPT).unwrap();

    // The month to come cannot be tabled yet, and a month must read like 2026-11.
    assert_eq!(d.issue_statement(&b.clerk, "2027-01").unwrap_err().field.as_deref(), Some("month"));
    assert_eq!(d.month_statement(&b.clerk, "11/2026").unwrap_err().field.as_deref(), Some("month"));
    let nothing = d.issue_statement(&b.clerk, "2026-10").unwrap_err();
    assert_eq!(nothing.code, ErrorCode::WrongState);

    for sql in ["DELETE FROM statement_cases", "UPDATE statement_cases SET late = late", "DELETE FROM statements", "DELETE FROM statement_confirmations"] {
        assert!(o.t.db.execute(sql).is_err(), "{sql} is refused by the database");
    }
}
