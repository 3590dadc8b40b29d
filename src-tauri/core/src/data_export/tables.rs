//! 导出全部数据's other files: every document (documents.csv, its record as
//! JSON and its PDF), 会计科's ledger marks, people, departments, the audit
//! log, and the department's other records as JSON (统计表, 奖罚, 普遍性问题,
//! routing rules, time limits, the holiday calendar).

use std::fs;

use serde::Serialize;
use serde_json::{json, Value};

use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::ledger::LEDGER_KINDS;
use crate::store::{LedgerFilter, SystemicFilter};

use super::columns::{AUDIT_COLUMNS, DEPARTMENT_COLUMNS, DOCUMENT_COLUMNS, LEDGER_MARK_COLUMNS, PEOPLE_COLUMNS};
use super::csv_file::CsvFile;
use super::{safe_name, yes_no, yuan, Archive, AUDIT_PAGE, PAGE};

/// The JSON files of the department's other records, with what each holds.
pub const JSON_FILES: &[(&str, &str, &str)] = &[
    ("statements.json", "客户投诉案件统计表：每月一份（含作废的），所列案件（late = 补入）及各部门的确认", "monthly statements: cases listed, confirmations"),
    ("penalty_notices.json", "奖罚通知单：月份、状态、内容（body）、审批与作废", "penalty notices (奖罚)"),
    ("store_fines.json", "门店罚款", "store fines"),
    ("systemic_alerts.json", "普遍性问题预警及其案件（最多 500 条最新的）", "systemic-problem alerts with their cases"),
    ("routing_rules.json", "分派规则", "routing rules"),
    ("deadline_policies.json", "时效规则", "deadline policies"),
    ("calendar_years.json", "工作日历（每年的节假日文件）", "working-day calendar, one holiday file per year"),
];

pub(super) fn json_error(e: serde_json::Error) -> AppError {
    AppError::new(ErrorCode::Storage, format!("导出的内容无法写成 JSON：{e}"))
}

fn write_json(archive: &Archive, relative: &str, value: &impl Serialize) -> Result<()> {
    fs::write(archive.path(relative), serde_json::to_vec_pretty(value).map_err(json_error)?)?;
    Ok(())
}

/// Text stored as JSON (a document's paper, a notice's body) as a value;
/// as a string if it is not JSON, so nothing is dropped.
fn stored_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

impl Desk {
    /// Every issued document, by id, voided ones too; `Ok(false)` when cancelled.
    pub(super) fn write_documents(&self, archive: &mut Archive) -> Result<bool> {
        fs::create_dir_all(archive.path("documents"))?;
        let mut documents = CsvFile::create(&archive.path("documents.csv"), DOCUMENT_COLUMNS)?;
        let mut marks = CsvFile::create(&archive.path("ledger_marks.csv"), LEDGER_MARK_COLUMNS)?;
        let mut after = 0;
        loop {
            let page = self.store().documents_after(after, PAGE)?;
            let Some(last) = page.last().map(|d| d.document.id) else { break };
            for stored in page {
                if archive.cancelled() {
                    return Ok(false);
                }
                let (stored, pdf) = crate::documents::archived(stored)?;
                let doc = &stored.document;
                let number = safe_name(&doc.number);
                let pdf_path = format!("documents/{number}.pdf");
                fs::write(archive.path(&pdf_path), pdf)?;
                let ledger = if LEDGER_KINDS.contains(&doc.kind) {
                    let filter = LedgerFilter { kinds: vec![doc.kind], document_id: Some(doc.id), ..LedgerFilter::default() };
                    self.store().ledger_rows(&filter)?.into_iter().next()
                } else {
                    None
                };
                for mark in ledger.iter().flat_map(|row| &row.marks) {
                    marks.row(&[
                        mark.id.to_string(),
                        doc.number.clone(),
                        doc.case_no.clone().unwrap_or_default(),
                        mark.mark.label().to_string(),
                        mark.voucher_no.clone(),
                        mark.voucher_date.format("%Y-%m-%d").to_string(),
                        mark.by_name.clone(),
                        archive.zone.iso(mark.at),
                        mark.void_reason.clone().unwrap_or_default(),
                        mark.voided_by_name.clone().unwrap_or_default(),
                        mark.voided_at.map(|at| archive.zone.iso(at)).unwrap_or_default(),
                    ])?;
                }
                let record = json!({
                    "document": doc,
                    "voided": doc.voided_at.is_some(),
                    "reminderId": stored.reminder_id,
                    "codeVersion": stored.code_version,
                    "paper": stored_json(&stored.paper),
                    "ledger": ledger,
                    "pdf": pdf_path,
                });
                write_json(archive, &format!("documents/{number}.json"), &record)?;
                let printed: Vec<String> = doc.printed_copies.iter().map(|c| c.to_string()).collect();
                documents.row(&[
                    doc.id.to_string(),
                    doc.number.clone(),
                    doc.kind.code().to_string(),
                    doc.kind.label().to_string(),
                    doc.case_no.clone().unwrap_or_default(),
                    doc.amount_fen.map(|f| f.to_string()).unwrap_or_default(),
                    doc.amount_fen.map(yuan).unwrap_or_default(),
                    doc.payee.clone().unwrap_or_default(),
                    doc.verification_code.clone(),
                    doc.issued_by_name.clone(),
                    archive.zone.iso(doc.issued_at),
                    printed.join("|"),
                    yes_no(doc.voided_at.is_some()),
                    doc.void_reason.clone().unwrap_or_default(),
                    doc.voided_by_name.clone().unwrap_or_default(),
                    doc.voided_at.map(|at| archive.zone.iso(at)).unwrap_or_default(),
                    pdf_path,
                ])?;
                archive.outcome.documents += 1;
            }
            after = last;
        }
        documents.finish()?;
        marks.finish()?;
        Ok(true)
    }

    /// Every audit line, oldest first; `Ok(false)` when cancelled.
    pub(super) fn write_audit_log(&self, archive: &mut Archive) -> Result<bool> {
        let mut file = CsvFile::create(&archive.path("audit_log.csv"), AUDIT_COLUMNS)?;
        let mut after = 0;
        loop {
            if archive.cancelled() {
                return Ok(false);
            }
            let lines = self.store().audit_lines_after(after, AUDIT_PAGE)?;
            let Some(last) = lines.last().map(|l| l.id) else { break };
            for line in lines {
                file.row(&[
                    line.id.to_string(),
                    archive.zone.iso(line.at),
                    line.actor_id.to_string(),
                    line.actor_name,
                    line.entity,
                    line.entity_id.to_string(),
                    line.action,
                    line.field.unwrap_or_default(),
                    line.old_value.unwrap_or_default(),
                    line.new_value.unwrap_or_default(),
                    line.reason.unwrap_or_default(),
                ])?;
                archive.outcome.audit_lines += 1;
            }
            after = last;
        }
        file.finish()?;
        Ok(true)
    }

    /// People, departments and the records of a few rows a month, whole.
    pub(super) fn write_tables(&self, archive: &mut Archive) -> Result<()> {
        let store = self.store();
        let departments = store.departments()?;
        let accounts = store.accounts()?;
        let name_of_user = |id: i64| accounts.iter().find(|a| a.id == id).map(|a| a.name.clone()).unwrap_or_default();
        let name_of_department = |id: Option<i64>| {
            id.and_then(|id| departments.iter().find(|d| d.id == id)).map(|d| d.name.clone()).unwrap_or_default()
        };

        let mut people = CsvFile::create(&archive.path("people.csv"), PEOPLE_COLUMNS)?;
        for a in &accounts {
            let roles: Vec<&str> = a.roles.iter().map(|r| r.label()).collect();
            people.row(&[
                a.id.to_string(),
                a.name.clone(),
                a.login.clone().unwrap_or_default(),
                roles.join("|"),
                a.department_id.map(|d| d.to_string()).unwrap_or_default(),
                name_of_department(a.department_id),
                yes_no(a.active),
                yes_no(a.has_password),
            ])?;
        }
        people.finish()?;

        let mut file = CsvFile::create(&archive.path("departments.csv"), DEPARTMENT_COLUMNS)?;
        for d in &departments {
            let head = store.department_head(d.id)?;
            file.row(&[
                d.id.to_string(),
                d.name.clone(),
                head.map(|h| h.to_string()).unwrap_or_default(),
                head.map(name_of_user).unwrap_or_default(),
            ])?;
        }
        file.finish()?;

        let statements: Vec<Value> = store
            .statements("0000-01", "9999-12")?
            .into_iter()
            .map(|s| {
                json!({
                    "month": s.month,
                    "documentId": s.document_id,
                    "cases": s.cases.iter().map(|c| json!({"caseId": c.case_id, "late": c.late})).collect::<Vec<_>>(),
                    "confirmations": s.confirmations.iter().map(|c| json!({
                        "departmentId": c.department_id,
                        "department": c.department_name,
                        "by": c.by_name,
                        "at": c.at,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        write_json(archive, "statements.json", &statements)?;

        let notices: Vec<Value> = store
            .penalty_notices(None)?
            .into_iter()
            .map(|n| {
                json!({
                    "id": n.id,
                    "month": n.month,
                    "state": n.state.code(),
                    "stateLabel": n.state.label(),
                    "body": stored_json(&n.body),
                    "totalFen": n.total_fen,
                    "proposedBy": n.proposed_by_name,
                    "proposedAt": n.proposed_at,
                    "decidedBy": n.decided_by_name,
                    "decidedAt": n.decided_at,
                    "decisionNote": n.decision_note,
                    "documentId": n.document_id,
                    "documentNo": n.document_no,
                    "voidReason": n.void_reason,
                    "voidedBy": n.voided_by_name,
                    "voidedAt": n.voided_at,
                })
            })
            .collect();
        write_json(archive, "penalty_notices.json", &notices)?;
        write_json(archive, "store_fines.json", &store.store_fines("")?)?;
        write_json(archive, "systemic_alerts.json", &store.systemic_alerts(&SystemicFilter::default())?)?;
        write_json(archive, "routing_rules.json", &store.routing_rules()?)?;
        write_json(archive, "deadline_policies.json", &store.deadline_policies()?)?;
        let years: Vec<Value> = store.calendar_years()?.iter().map(|y| stored_json(y)).collect();
        write_json(archive, "calendar_years.json", &years)?;
        Ok(())
    }
}
