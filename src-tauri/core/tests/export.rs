//! 导出 (issue 13 item 5): the tracking sheet, 我的待办, 待我审批 and the
//! 会计台账 written to .xlsx and CSV and read back as a user would open them:
//! Chinese headers, every row of the filter (not only the page), money as
//! numbers formatted ¥#,##0.00, dates as dates, phones masked for whoever
//! does not handle the case; a cancelled export leaves no file.
//! Runs on SQLite and, with COMPLAINTDESK_TEST_BACKEND=postgres, on PostgreSQL.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use common::office::*;
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::documents::DocumentRequest;
use complaintdesk_core::export::{Cell, Column, ColumnKind, ExportFormat, Table, TableHead, Watch};
use complaintdesk_core::ledger::LedgerQuery;
use complaintdesk_core::model::*;
use complaintdesk_core::ErrorCode;

const SHEET_HEADERS: [&str; 16] = [
    "案件编号", "受理时间", "客户", "联系电话", "渠道", "性质", "原因类型", "严重程度", "责任部门", "状态", "经办人", "时效截止", "超时",
    "二次投诉", "轮次", "投诉内容概要",
];

/// Phone cases: more than one export batch (200), so the export must page.
const PHONE_CASES: usize = 205;
const LETTER_CASES: usize = 10;

/// The office with 205 phone complaints and 10 letters, all registered by its agent.
fn office_with_cases() -> Office {
    let o = office();
    for i in 0..PHONE_CASES + LETTER_CASES {
        let mut case = other_case(o.t.clock.now(), &format!("客户{i}"), &format!("139{i:08}"), "楼上卫生间漏水");
        case.fields.channel = if i < PHONE_CASES { Channel::Phone } else { Channel::Letter };
        o.t.desk.register_case(&o.agent, case).unwrap();
    }
    o
}

fn phone_calls() -> CaseQuery {
    CaseQuery { channels: vec![Channel::Phone], page_size: 50, ..CaseQuery::default() }
}

fn no_cancel() -> AtomicBool {
    AtomicBool::new(false)
}

fn ignore(_: u64, _: Option<u64>) {}

fn out(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// Every row of the file's first sheet (header first), as calamine reads it.
fn read_rows(path: &Path) -> (String, Vec<Vec<Data>>) {
    let mut book: Xlsx<_> = open_workbook(path).expect("an .xlsx Excel opens");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    (name, range.rows().map(|r| r.to_vec()).collect())
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    }
}

fn headers(row: &[Data]) -> Vec<String> {
    row.iter().map(text).collect()
}

/// A part of the .xlsx package as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&element[start..start + element[start..].find('"')?])
}

/// The number format Excel shows a cell in (`G2`): the cell's style in the
/// sheet, its numFmtId in styles.xml, and that id's formatCode.
fn number_format(path: &Path, cell: &str) -> String {
    let sheet = part(path, "xl/worksheets/sheet1.xml");
    let at = sheet.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("no cell {cell}"));
    let element = &sheet[at..at + sheet[at..].find('>').unwrap()];
    let style: usize = attribute(element, "s").expect("the cell has a style").parse().unwrap();
    let styles = part(path, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(style + 1).expect("the style exists");
    let id = attribute(&format!(" {xf}"), "numFmtId").unwrap().to_string();
    let numfmt = styles.split("<numFmt ").skip(1).find(|f| attribute(&format!(" {f}"), "numFmtId") == Some(id.as_str())).expect("a custom format");
    attribute(&format!(" {numfmt}"), "formatCode").unwrap().to_string()
}

#[test]
fn the_sheet_exports_every_row_of_its_filter_with_chinese_headers_dates_and_a_frozen_filtered_header() {
    let o = office_with_cases();
    let d = &o.t.desk;
    let dir = tempfile::tempdir().unwrap();
    let path = out(&dir, "跟进表.xlsx");
    let screen = d.sheet(&o.agent, &phone_calls()).unwrap();
    assert_eq!((screen.total, screen.rows.len()), (PHONE_CASES as u64, 50), "the screen shows one page of 50");

    let mut seen = Vec::new();
    let written = d
        .export_sheet(&o.agent, &phone_calls(), &path, ExportFormat::Xlsx, Watch { cancel: &no_cancel(), progress: &mut |w, t| seen.push((w, t)) })
        .unwrap();
    assert_eq!(written, Some(PHONE_CASES as u64));
    assert_eq!(seen, vec![(0, Some(205)), (200, Some(205)), (205, Some(205))], "progress after each batch");

    let (sheet_name, rows) = read_rows(&path);
    assert_eq!(sheet_name, "跟进表");
    assert_eq!(headers(&rows[0]), SHEET_HEADERS);
    assert_eq!(rows.len(), 1 + PHONE_CASES, "the header and every phone case, none of the letters");
    // In the sheet's order (newest number first), every case once.
    let numbers: Vec<String> = rows[1..].iter().map(|r| text(&r[0])).collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    sorted.reverse();
    sorted.dedup();
    assert_eq!(numbers, sorted);
    assert_eq!(numbers[0], screen.rows[0].case_no);
    assert!(rows[1..].iter().all(|r| text(&r[4]) == "电话"));
    // 受理时间: received 01:40 UTC = 09:40 in Beijing, a real date-time.
    let received = &rows[1][1];
    assert!(received.is_datetime(), "受理时间 is a date, not text: {received:?}");
    assert_eq!(received.as_datetime(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(9, 40, 0));
    assert_eq!(number_format(&path, "B2"), "yyyy-mm-dd hh:mm");
    assert_eq!(text(&rows[1][9]), "已登记");
    assert_eq!(rows[1][14], Data::Float(1.0), "轮次 is a number");

    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("state=\"frozen\"") && sheet.contains("topLeftCell=\"A2\""), "the header row is frozen");
    assert!(sheet.contains("<autoFilter ref=\"A1:P206\"/>"), "the filter covers the header and every row");
    // 楼上卫生间漏水 is seven CJK characters: fourteen units and three for the filter arrow
    // (Excel stores 17 as 17.7109375, the column's padding included).
    assert!(sheet.contains("<col min=\"16\" max=\"16\" width=\"17.7109375\""), "{}", &sheet[sheet.find("<cols>").unwrap()..sheet.find("</cols>").unwrap()]);
}

#[test]
fn phones_are_masked_for_someone_not_handling_the_case() {
    let o = office_with_cases();
    let d = &o.t.desk;
    let accountant = person(&o.t, &o.admin, "孙悦", "sunyue", &[Role::Accounting], None);
    let dir = tempfile::tempdir().unwrap();
    let phone_of_case_7 = |who: &User, name: &str| {
        let path = out(&dir, name);
        d.export_sheet(who, &phone_calls(), &path, ExportFormat::Xlsx, Watch { cancel: &no_cancel(), progress: &mut ignore }).unwrap();
        let (_, rows) = read_rows(&path);
        let row = rows.iter().find(|r| text(&r[2]) == "客户7").expect("客户7 is exported").clone();
        text(&row[3])
    };
    assert_eq!(phone_of_case_7(&o.agent, "agent.xlsx"), "13900000007", "the agent received it");
    assert_eq!(phone_of_case_7(&accountant, "accounting.xlsx"), "139****0007", "会计科 does not handle it");
}

#[test]
fn the_approval_queue_exports_amounts_as_money_for_the_approver_only() {
    let o = office();
    let d = &o.t.desk;
    let case = proposed_case(&o, 120_000, &o.head);
    let dir = tempfile::tempdir().unwrap();
    let path = out(&dir, "待我审批.xlsx");
    let written = d.export_approval_queue(&o.vice_gm, &path, ExportFormat::Xlsx, Watch { cancel: &no_cancel(), progress: &mut ignore }).unwrap();
    assert_eq!(written, Some(1));
    let (name, rows) = read_rows(&path);
    assert_eq!(name, "待我审批");
    assert_eq!(
        headers(&rows[0]),
        ["案件编号", "受理时间", "客户", "联系电话", "责任部门", "严重程度", "给客户的金额", "损失金额", "审批权限", "提出人", "提出时间", "部门意见"]
    );
    assert_eq!(text(&rows[1][0]), case.case_no);
    assert_eq!(text(&rows[1][3]), case.fields.customer_phone, "the proposal waits for him: the phone in full");
    assert_eq!(rows[1][6], Data::Float(120_000.0), "¥120,000.00 as a number of yuan");
    assert_eq!(number_format(&path, "G2"), "¥#,##0.00");
    assert_eq!(text(&rows[1][8]), "副总经理");
    assert_eq!(text(&rows[1][9]), "陈刚");

    // The 营业经理 may not approve ¥120,000: his export has the header alone.
    let path = out(&dir, "营业经理.xlsx");
    let written = d.export_approval_queue(&o.sales_manager, &path, ExportFormat::Xlsx, Watch { cancel: &no_cancel(), progress: &mut ignore }).unwrap();
    assert_eq!(written, Some(0));
    assert_eq!(read_rows(&path).1.len(), 1);
}

#[test]
fn my_work_exports_every_case_of_each_list_not_only_the_fifty_shown() {
    let o = office_with_cases();
    let d = &o.t.desk;
    let groups = d.my_work(&o.agent).unwrap();
    let to_assess = groups.iter().find(|g| g.kind == WorkKind::ToAssess).unwrap();
    assert_eq!((to_assess.total, to_assess.rows.len()), (215, 50));
    let dir = tempfile::tempdir().unwrap();
    let path = out(&dir, "我的待办.xlsx");
    let written = d.export_my_work(&o.agent, &path, ExportFormat::Xlsx, Watch { cancel: &no_cancel(), progress: &mut ignore }).unwrap();
    assert_eq!(written, Some(215));
    let (_, rows) = read_rows(&path);
    assert_eq!(headers(&rows[0])[..3], ["待办事项", "案件编号", "受理时间"]);
    assert!(rows[1..].iter().all(|r| text(&r[0]) == "待评估"));
    // Oldest first, as the list: 客户0 was registered first.
    assert_eq!(text(&rows[1][3]), "客户0");
}

#[test]
fn the_ledger_exports_for_accounting_and_no_one_else() {
    let o = office();
    let d = &o.t.desk;
    let accountant = person(&o.t, &o.admin, "孙悦", "sunyue", &[Role::Accounting], None);
    let case = approved_case(&o);
    let request =
        DocumentRequest { kind: DocumentKind::RefundCertificate, case_id: Some(case.id), reminder_id: None, query: None, filter_text: String::new() };
    let doc = d.issue_document(&o.agent, request).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = out(&dir, "会计台账.xlsx");
    let refused = d.export_ledger(&o.agent, &LedgerQuery::default(), &path, ExportFormat::Xlsx, Watch { cancel: &no_cancel(), progress: &mut ignore }).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(!path.exists(), "a refused export writes nothing");

    let written = d.export_ledger(&accountant, &LedgerQuery::default(), &path, ExportFormat::Xlsx, Watch { cancel: &no_cancel(), progress: &mut ignore }).unwrap();
    assert_eq!(written, Some(1));
    let (_, rows) = read_rows(&path);
    assert_eq!(text(&rows[1][0]), doc.number);
    assert_eq!(text(&rows[1][2]), case.case_no);
    assert_eq!(rows[1][4], Data::Float(120_000.0));
    assert_eq!(number_format(&path, "E2"), "¥#,##0.00");
    assert_eq!(text(&rows[1][7]), "待入账");
}

#[test]
fn csv_has_a_bom_and_quotes_what_it_must() {
    let o = office();
    let d = &o.t.desk;
    let mut case = other_case(o.t.clock.now(), "王秀英", "13812345678", "漏水,天花板发霉；他说\"再不修就投诉\"");
    case.fields.claim_amount_fen = None;
    let case = d.register_case(&o.agent, case).unwrap();
    assert_eq!(case.fields.content, "漏水,天花板发霉；他说\"再不修就投诉\"", "stored as typed");
    let dir = tempfile::tempdir().unwrap();
    let path = out(&dir, "跟进表.csv");
    d.export_sheet(&o.agent, &CaseQuery::default(), &path, ExportFormat::Csv, Watch { cancel: &no_cancel(), progress: &mut ignore }).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a UTF-8 BOM, so Excel reads Chinese");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], SHEET_HEADERS.join(","));
    assert_eq!(
        lines[1],
        format!("{},2026-11-23 09:40,王秀英,13812345678,电话,非品质异常,服务质量,一般,,已登记,张敏,,,,1,\"漏水,天花板发霉；他说\"\"再不修就投诉\"\"\"", case.case_no)
    );
    assert_eq!(lines[2], "", "CRLF after the last row, nothing more");
}

#[test]
fn a_cancelled_export_leaves_no_file() {
    let o = office_with_cases();
    let dir = tempfile::tempdir().unwrap();
    let path = out(&dir, "跟进表.xlsx");
    let cancel = AtomicBool::new(false);
    // 取消 pressed once the first batch is written.
    let mut press = |written: u64, _: Option<u64>| {
        if written > 0 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    for format in [ExportFormat::Xlsx, ExportFormat::Csv] {
        cancel.store(false, Ordering::Relaxed);
        let outcome = o.t.desk.export_sheet(&o.agent, &phone_calls(), &path, format, Watch { cancel: &cancel, progress: &mut press }).unwrap();
        assert_eq!(outcome, None);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(left.is_empty(), "nothing left behind: {left:?}");
    }
}

#[test]
fn any_table_exports_by_handing_it_over() {
    // As the statistics and the monthly table do: a table built in memory.
    let table = || Table {
        head: TableHead {
            title: "2026年11月客户投诉案件统计表".into(),
            columns: vec![
                Column::text("责任部门"),
                Column::new("案件数", ColumnKind::Integer),
                Column::new("损失金额", ColumnKind::MoneyFen),
                Column::new("结案日期", ColumnKind::Date),
            ],
        },
        rows: vec![
            vec![Cell::from("制造部"), Cell::Integer(3), Cell::MoneyFen(1_234_550), Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())],
            vec![Cell::from("合计"), Cell::Integer(3), Cell::MoneyFen(1_234_550), Cell::Empty],
        ],
    };
    let dir = tempfile::tempdir().unwrap();
    let path = out(&dir, "统计表.xlsx");
    assert_eq!(table().write(&path, ExportFormat::Xlsx, Watch { cancel: &no_cancel(), progress: &mut ignore }).unwrap(), Some(2));
    let (name, rows) = read_rows(&path);
    assert_eq!(name, "2026年11月客户投诉案件统计表");
    assert_eq!(headers(&rows[0]), ["责任部门", "案件数", "损失金额", "结案日期"]);
    assert_eq!((rows[1][1].clone(), rows[1][2].clone()), (Data::Float(3.0), Data::Float(12_345.5)));
    assert_eq!(number_format(&path, "C2"), "¥#,##0.00");
    assert_eq!(rows[1][3].as_date(), NaiveDate::from_ymd_opt(2026, 11, 30));
    assert_eq!(number_format(&path, "D2"), "yyyy-mm-dd");
    assert_eq!(rows[2][3], Data::Empty);

    let path = out(&dir, "统计表.csv");
    table().write(&path, ExportFormat::Csv, Watch { cancel: &no_cancel(), progress: &mut ignore }).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, "\u{feff}责任部门,案件数,损失金额,结案日期\r\n制造部,3,12345.50,2026-11-30\r\n合计,3,12345.50,\r\n");
}

#[test]
fn the_months_statement_and_a_periods_statistics_export_as_the_screens_show_them() {
    let o = office();
    let d = &o.t.desk;
    let clerk = person(&o.t, &o.admin, "宋洁", "songjie", &[Role::Handler], Some(13)); // 总经理室
    closed_case(&o, &[(SALES_DEPT, "", 60), (QUALITY_DEPT, "", 40)], 1_000, beijing(2026, 11, 25, 15));
    closed_case(&o, &[(SALES_DEPT, "", 100)], 2_000, beijing(2026, 11, 30, 10));
    o.t.clock.set(beijing(2026, 12, 2, 9));
    let dir = tempfile::tempdir().unwrap();
    let cancel = no_cancel();

    // 客户投诉案件统计表: a line per case, money as ¥ numbers, the closing day a date.
    let path = out(&dir, "statement.xlsx");
    let written = d.export_statement(&clerk, "2026-11", &path, ExportFormat::Xlsx, Watch { cancel: &cancel, progress: &mut ignore }).unwrap();
    assert_eq!(written, Some(2));
    let (sheet, rows) = read_rows(&path);
    assert_eq!(sheet, "客户投诉案件统计表2026-11");
    assert_eq!(
        headers(&rows[0]),
        ["序号", "案件编号", "补入", "客户", "产品/料号", "原因类别", "责任部门及比例", "处理方式", "损失金额", "结案日期", "结案天数", "时效"]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(text(&rows[1][6]), "业务部 60%、质量管理部 40%");
    assert_eq!(rows[1][8].get_float(), Some(1_000.0));
    assert_eq!(number_format(&path, "I2"), "¥#,##0.00");
    assert_eq!(rows[1][9].as_date(), NaiveDate::from_ymd_opt(2026, 11, 25));
    // Not for an agent, as the screen is not.
    let refused = d.export_statement(&o.agent, "2026-11", &out(&dir, "no.xlsx"), ExportFormat::Xlsx, Watch { cancel: &cancel, progress: &mut ignore });
    assert_eq!(refused.unwrap_err().code, ErrorCode::Forbidden);
    assert!(!out(&dir, "no.xlsx").exists());

    // 统计 of November: the figures, then each breakdown's rows, named by their table.
    let query = complaintdesk_core::stats::StatsQuery {
        basis: complaintdesk_core::store::StatsBasis::Closed,
        from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        department_id: None,
    };
    let path = out(&dir, "stats.csv");
    d.export_statistics(&o.vice_gm, query, &path, ExportFormat::Csv, Watch { cancel: &cancel, progress: &mut ignore }).unwrap();
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.starts_with("\u{feff}统计表,项目,件数,金额,比率\r\n"), "{csv}");
    assert!(csv.contains("概况,本期结案,2,,\r\n"), "{csv}");
    assert!(csv.contains("金额,损失金额,,3000.00,\r\n"), "{csv}");
    assert!(csv.contains("各部门损失分摊,业务部,2,2600.00,\r\n"), "{csv}");
}
