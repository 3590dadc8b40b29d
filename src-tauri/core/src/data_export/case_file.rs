//! 导出全部数据's cases: cases.csv (one row each), cases/<案件编号>.json (the
//! case with its whole timeline and every record of its handling) and the
//! attachments' bytes under attachments/<案件编号>/, one case at a time.

use std::fs;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::desk::Desk;
use crate::error::{AppError, Result};
use crate::model::Case;

use super::columns::{ATTACHMENT_COLUMNS, CASE_COLUMNS};
use super::csv_file::CsvFile;
use super::tables::json_error;
use super::{safe_name, yes_no, yuan, Archive, PAGE};

/// The open files the cases are written to.
struct CaseFiles {
    cases: CsvFile,
    attachments: CsvFile,
}

impl Desk {
    /// Every case, by id; `Ok(false)` when cancelled.
    pub(super) fn write_cases(&self, archive: &mut Archive) -> Result<bool> {
        let total = self.store().case_count()?;
        fs::create_dir_all(archive.path("cases"))?;
        fs::create_dir_all(archive.path("attachments"))?;
        let mut files = CaseFiles {
            cases: CsvFile::create(&archive.path("cases.csv"), CASE_COLUMNS)?,
            attachments: CsvFile::create(&archive.path("attachments.csv"), ATTACHMENT_COLUMNS)?,
        };
        (archive.watch.progress)(0, Some(total));
        let mut after = 0;
        loop {
            let ids = self.store().case_ids_after(after, PAGE)?;
            let Some(&last) = ids.last() else { break };
            for id in ids {
                if archive.cancelled() {
                    return Ok(false);
                }
                self.write_case(archive, &mut files, id)?;
                archive.outcome.cases += 1;
                (archive.watch.progress)(archive.outcome.cases, Some(total.max(archive.outcome.cases)));
            }
            after = last;
        }
        files.cases.finish()?;
        files.attachments.finish()?;
        Ok(true)
    }

    fn write_case(&self, archive: &mut Archive, files: &mut CaseFiles, id: i64) -> Result<()> {
        let store = self.store();
        let case = store.case(id)?.ok_or_else(|| AppError::not_found("案件"))?;
        let resolution = store.resolution(id)?;
        let documents = store.case_documents(id)?;
        let attachments = store.attachments(id)?;

        let mut attachment_values = Vec::with_capacity(attachments.len());
        if !attachments.is_empty() {
            fs::create_dir_all(archive.path(&format!("attachments/{}", safe_name(&case.case_no))))?;
        }
        for attachment in &attachments {
            let (_, _, bytes) = store.attachment_content(attachment.id)?.ok_or_else(|| AppError::not_found("附件"))?;
            let relative = format!("attachments/{}/{}-{}", safe_name(&case.case_no), attachment.id, safe_name(&attachment.file_name));
            fs::write(archive.path(&relative), &bytes)?;
            let sha256 = hex(&Sha256::digest(&bytes));
            files.attachments.row(&[
                attachment.id.to_string(),
                case.case_no.clone(),
                relative.clone(),
                attachment.file_name.clone(),
                attachment.media_type.clone(),
                bytes.len().to_string(),
                sha256.clone(),
                attachment.note.clone(),
                archive.zone.iso(attachment.added_at),
                attachment.added_by_name.clone(),
            ])?;
            let mut value = serde_json::to_value(attachment).map_err(json_error)?;
            value["file"] = json!(relative);
            value["sha256"] = json!(sha256);
            attachment_values.push(value);
            archive.outcome.attachments += 1;
        }

        let offered_fen = resolution.as_ref().map(|r| r.offered_fen);
        files.cases.row(&case_row(archive, &case, offered_fen, attachments.len(), documents.len()))?;

        let document_values: Vec<Value> = documents
            .iter()
            .map(|d| {
                let number = safe_name(&d.document.number);
                json!({
                    "id": d.document.id,
                    "number": d.document.number,
                    "kind": d.document.kind,
                    "voided": d.document.voided_at.is_some(),
                    "record": format!("documents/{number}.json"),
                    "pdf": format!("documents/{number}.pdf"),
                })
            })
            .collect();
        let deadlines: Vec<Value> = store
            .case_deadlines(id)?
            .into_iter()
            .map(|d| {
                let mut value = serde_json::to_value(&d.deadline).unwrap_or(Value::Null);
                value["policyId"] = json!(d.policy_id);
                value
            })
            .collect();
        let record = json!({
            "case": case,
            "timeline": store.audit_of("case", id)?,
            "routes": store.case_routes(id)?,
            "investigation": store.investigation(id)?,
            "resolution": resolution,
            "approvals": store.approvals(id)?,
            "followUps": store.follow_ups(id)?,
            "deadlines": deadlines,
            "reminders": store.reminders(id)?,
            "documents": document_values,
            "attachments": attachment_values,
        });
        let path = archive.path(&format!("cases/{}.json", safe_name(&case.case_no)));
        fs::write(path, serde_json::to_vec_pretty(&record).map_err(json_error)?)?;
        Ok(())
    }
}

/// The case's row of cases.csv, in `CASE_COLUMNS` order.
fn case_row(archive: &Archive, case: &Case, offered_fen: Option<i64>, attachments: usize, documents: usize) -> Vec<String> {
    let f = &case.fields;
    let zone = &archive.zone;
    let text = |s: Option<String>| s.unwrap_or_default();
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    vec![
        case.id.to_string(),
        case.case_no.clone(),
        case.status.code().to_string(),
        case.status.label().to_string(),
        zone.iso(f.received_at),
        f.channel.label().to_string(),
        f.customer_name.clone(),
        f.customer_phone.clone(),
        f.customer_address.clone(),
        f.customer_org.clone(),
        f.content.clone(),
        f.customer_request.clone(),
        number(f.claim_amount_fen),
        f.claim_amount_fen.map(yuan).unwrap_or_default(),
        f.order_no.clone(),
        f.item_no.clone(),
        number(f.quantity),
        f.delivery_date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        number(f.defective_quantity),
        text(f.market.map(|m| m.label().to_string())),
        text(f.nature.map(|n| n.label().to_string())),
        text(f.cause_type.map(|c| c.label().to_string())),
        f.severity.label().to_string(),
        number(f.department_id),
        text(case.department_name.clone()),
        yes_no(f.sample_kept),
        f.sample_note.clone(),
        case.customer_id.to_string(),
        case.receiver_id.to_string(),
        case.receiver_name.clone(),
        case.handler_id.to_string(),
        case.handler_name.clone(),
        text(case.validity.map(|v| v.label().to_string())),
        yes_no(case.malicious),
        text(case.repeat_of_no.clone()),
        text(case.parent_case_no.clone()),
        case.round.to_string(),
        number(offered_fen),
        offered_fen.map(yuan).unwrap_or_default(),
        text(case.void_reason.clone()),
        zone.iso(case.created_at),
        zone.iso(case.updated_at),
        case.version.to_string(),
        attachments.to_string(),
        documents.to_string(),
    ]
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
