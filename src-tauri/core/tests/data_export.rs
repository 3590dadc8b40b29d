//! 导出全部数据 (issue 14 item 3): a small office's data written to a folder
//! and read back as someone leaving the app would: cases.csv's header and
//! rows, money in fen and yuan, a case's JSON with its whole timeline, an
//! attachment's bytes, a printed and voided document with its PDF, the
//! README naming every file; a non-empty folder and a non-admin refused; a
//! cancelled export leaves its folder marked incomplete.
//! Runs on SQLite and, with COMPLAINTDESK_TEST_BACKEND=postgres, on PostgreSQL.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use base64::Engine;
use common::office::*;
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::data_export::{CASE_COLUMNS, INCOMPLETE_MARKER};
use complaintdesk_core::documents::DocumentRequest;
use complaintdesk_core::export::Watch;
use complaintdesk_core::model::*;
use complaintdesk_core::ErrorCode;

/// The office's data: the story's approved ¥120,000.00 case with a photo
/// and a printed, then voided, handling form; and a case voided at once.
struct Fixture {
    o: Office,
    approved: Case,
    voided: Case,
    photo: Vec<u8>,
    form_no: String,
}

fn fixture() -> Fixture {
    let o = office();
    let approved = approved_case(&o);
    let photo: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let input = NewAttachment {
        case_id: approved.id,
        file_name: "现场照片.jpg".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(&photo),
        note: "阻焊脱落处".into(),
    };
    o.t.desk.add_attachment(&o.agent, input).unwrap();
    let request = DocumentRequest { kind: DocumentKind::HandlingForm, case_id: Some(approved.id), reminder_id: None, query: None, filter_text: String::new() };
    let form = o.t.desk.issue_document(&o.agent, request).unwrap();
    o.t.desk.document_pdf(&o.agent, &form.number, &[], OutputTarget::Export).unwrap();
    o.t.desk.void_document(&o.admin, &form.number, "联次填写有误，重新开具").unwrap();
    let other = o.t.desk.register_case(&o.agent, other_case(o.t.clock.now(), "李娜", "13912345678", "重复登记")).unwrap();
    let voided = o.t.desk.void_case(&o.agent, other.id, other.version, "重复登记，已合并").unwrap();
    Fixture { o, approved, voided, photo, form_no: form.number }
}

fn run(f: &Fixture, who: &User, folder: &Path, cancel: &AtomicBool) -> complaintdesk_core::Result<complaintdesk_core::data_export::DataExportOutcome> {
    let mut progress = |_: u64, _: Option<u64>| {};
    f.o.t.desk.export_all_data(who, folder, Watch { cancel, progress: &mut progress })
}

/// A CSV file's rows (header first), RFC 4180, after its byte-order mark.
fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 with a BOM");
    let (mut rows, mut row, mut field, mut quoted, mut chars) = (Vec::new(), Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn everything_is_written_and_reads_back() {
    let f = fixture();
    let timeline = f.o.t.desk.store().audit_of("case", f.approved.id).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("客诉台导出");
    let outcome = run(&f, &f.o.admin, &folder, &AtomicBool::new(false)).unwrap();
    assert!(!outcome.cancelled);
    assert_eq!((outcome.cases, outcome.documents, outcome.attachments), (2, 1, 1));

    // cases.csv: the header, one row per case, money in fen and yuan.
    let rows = read_csv(&folder.join("cases.csv"));
    let header = &rows[0];
    assert_eq!(header.iter().map(String::as_str).collect::<Vec<_>>(), CASE_COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>());
    assert_eq!(rows.len(), 3, "the header and two cases, the voided one too");
    let approved = rows.iter().find(|r| r[1] == f.approved.case_no).unwrap();
    assert_eq!(approved[column(header, "方案金额(分)")], "12000000");
    assert_eq!(approved[column(header, "方案金额(元)")], "120000.00");
    assert_eq!(approved[column(header, "客户索赔金额(分)")], "150000");
    assert_eq!(approved[column(header, "客户索赔金额(元)")], "1500.00");
    assert_eq!(approved[column(header, "联系电话")], f.approved.fields.customer_phone, "not masked");
    assert!(approved[column(header, "受理时间")].ends_with("+08:00"), "ISO 8601 with the offset");
    let voided = rows.iter().find(|r| r[1] == f.voided.case_no).unwrap();
    assert_eq!(voided[column(header, "状态代码")], "voided");
    assert_eq!(voided[column(header, "作废原因")], "重复登记，已合并");

    // The case's JSON: its whole timeline, its approval, its documents.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join(format!("cases/{}.json", f.approved.case_no))).unwrap()).unwrap();
    assert_eq!(json["timeline"].as_array().unwrap().len(), timeline.len());
    assert_eq!(json["approvals"].as_array().unwrap().len(), 1);
    assert_eq!(json["resolution"]["offeredFen"], 12_000_000);
    assert_eq!(json["documents"][0]["voided"], true);

    // The attachment: the stored bytes, where the CSV and the JSON say.
    let attachments = read_csv(&folder.join("attachments.csv"));
    let file = &attachments[1][column(&attachments[0], "文件")];
    assert!(file.starts_with(&format!("attachments/{}/", f.approved.case_no)) && file.ends_with("现场照片.jpg"));
    assert_eq!(std::fs::read(folder.join(file)).unwrap(), f.photo);
    assert_eq!(json["attachments"][0]["file"], file.as_str());

    // The document: voided and marked, with its PDF.
    let documents = read_csv(&folder.join("documents.csv"));
    let form = &documents[1];
    assert_eq!(form[column(&documents[0], "文书编号")], f.form_no);
    assert_eq!(form[column(&documents[0], "已作废")], "是");
    assert_eq!(form[column(&documents[0], "已打印联次")], "1|2|3|4|5", "every copy was printed");
    let pdf = std::fs::read(folder.join(&form[column(&documents[0], "PDF")])).unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    // People without passwords; the audit log has the export's own start.
    let people = std::fs::read_to_string(folder.join("people.csv")).unwrap();
    assert!(people.contains("王强") && !people.contains("argon2"));
    let audit = read_csv(&folder.join("audit_log.csv"));
    assert!(audit.iter().any(|r| r[column(&audit[0], "动作")] == "export_all_data"));
    assert_eq!(audit.len() as u64 - 1, outcome.audit_lines);

    // The README names every file and folder written; the marker is gone.
    let readme = std::fs::read_to_string(folder.join("README.md")).unwrap();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let listed = if entry.path().is_dir() { format!("| {name}/ |") } else { format!("| {name} |") };
        assert!(readme.contains(&listed), "README does not list {name}");
    }
    assert!(!folder.join(INCOMPLETE_MARKER).exists());
    assert!(readme.contains("没有遮蔽") && readme.contains("English summary"));

    // And the export is on the audit log: who, where, how it ended.
    let ends = f.o.t.desk.store().audit_of("data_export", f.o.admin.id).unwrap();
    assert_eq!(ends.iter().map(|l| l.action.as_str()).collect::<Vec<_>>(), ["export_all_data", "export_all_data_end"]);
    assert!(ends[1].reason.as_deref().unwrap().starts_with("完成"));
}

#[test]
fn a_folder_that_holds_anything_is_refused() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("旧文件.txt"), "keep me").unwrap();
    let err = run(&f, &f.o.admin, dir.path(), &AtomicBool::new(false)).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("folder")));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing written beside it");
}

#[test]
fn only_an_administrator_may_export_everything() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("导出");
    for who in [&f.o.agent, &f.o.quality_head, &f.o.vice_gm] {
        assert_eq!(run(&f, who, &folder, &AtomicBool::new(false)).unwrap_err().code, ErrorCode::Forbidden);
    }
    assert!(!folder.exists());
}

#[test]
fn a_cancelled_export_leaves_its_folder_marked_incomplete() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("导出");
    let cancel = AtomicBool::new(false);
    // 取消 pressed as the first case is written.
    let mut progress = |written: u64, _: Option<u64>| {
        if written >= 1 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let outcome = f.o.t.desk.export_all_data(&f.o.admin, &folder, Watch { cancel: &cancel, progress: &mut progress }).unwrap();
    assert!(outcome.cancelled);
    assert_eq!(outcome.cases, 1);
    assert!(folder.join(INCOMPLETE_MARKER).exists());
    assert!(!folder.join("README.md").exists(), "no README: this is not an export to read");
    let ends = f.o.t.desk.store().audit_of("data_export", f.o.admin.id).unwrap();
    assert!(ends[1].reason.as_deref().unwrap().starts_with("已取消"));
}
