//! Issued documents in SQLite: numbered inside the issuing transaction,
//! never changed except to be voided, each output recorded.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::rows::{audit, coded, next_serial, time};
use super::{from_millis, millis};
use crate::codes::*;
use crate::documents::{IssuedDocument, StoredDocument, DOCUMENT_KEY};
use crate::error::{AppError, ErrorCode, Result};
use crate::store::{ComposeDocument, DocumentInsert, DocumentNumber, Stamp, Superseded};

/// Migration 9: this installation's verification key, made once.
pub fn create_key(tx: &Transaction) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        params![DOCUMENT_KEY, crate::documents::code::new_key()],
    )?;
    Ok(())
}

/// A case's document is audited on the case (its timeline shows it); the
/// tracking sheet, which has no case, on the document itself.
fn audited_on(case_id: Option<i64>, document_id: i64) -> (&'static str, i64) {
    case_id.map_or(("document", document_id), |c| ("case", c))
}

fn number_and_case(conn: &Connection, document_id: i64) -> Result<(String, Option<i64>)> {
    Ok(conn.query_row("SELECT number, case_id FROM documents WHERE id = ?1", [document_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

pub fn insert_document(tx: &Transaction, d: &DocumentInsert, compose: &ComposeDocument) -> Result<i64> {
    let number = match &d.number {
        DocumentNumber::Fixed(n) => n.clone(),
        DocumentNumber::Serial(prefix) => {
            let counter = format!("{prefix}{}", d.period);
            let serial = next_serial(tx, &counter)?;
            format!("{prefix}-{}-{serial:04}", d.period)
        }
    };
    if let (Some(case_id), Some(version)) = (d.case_id, d.case_version) {
        let (case_no, now): (String, i64) =
            tx.query_row("SELECT case_no, version FROM cases WHERE id = ?1", [case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if now != version {
            return Err(crate::store::case_changed(&case_no));
        }
    }
    if let Some(case_id) = d.case_id {
        let live: Option<String> = tx
            .query_row(
                "SELECT number FROM documents WHERE kind = ?1 AND case_id = ?2 AND coalesce(reminder_id, 0) = coalesce(?3, 0)
                 AND voided_at IS NULL",
                params![d.kind.code(), case_id, d.reminder_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(live) = live {
            return Err(AppError::new(
                ErrorCode::WrongState,
                format!("本案已开具{} {live}：需要再打一份请用“补打”，内容有误请先作废再重新开具", d.kind.label()),
            ));
        }
    }
    let taken: bool = tx.query_row("SELECT count(*) FROM documents WHERE number = ?1", [&number], |r| r.get::<_, i64>(0))? > 0;
    if taken {
        return Err(AppError::new(ErrorCode::WrongState, format!("编号 {number} 已经用过（作废的编号不再使用）")));
    }
    let (paper, code) = compose(&number)?;
    tx.execute(
        "INSERT INTO documents (number, kind, case_id, reminder_id, amount_fen, verification_code, paper, issued_by, issued_at,
             payee, code_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            number,
            d.kind.code(),
            d.case_id,
            d.reminder_id,
            d.amount_fen,
            code,
            paper,
            d.by.actor_id,
            millis(d.by.at),
            d.payee,
            crate::documents::code::VERSION
        ],
    )?;
    let id = tx.last_insert_rowid();
    let (entity, entity_id) = audited_on(d.case_id, id);
    audit(tx, d.by.at, d.by.actor_id, entity, entity_id, "issue_document", Some("documentNo"), None, Some(&number), Some(d.kind.label()))?;
    Ok(id)
}

const SELECT: &str = "SELECT d.id, d.number, d.kind, d.case_id, c.case_no, d.amount_fen, d.verification_code, u.name, d.issued_at,
        d.void_reason, v.name, d.voided_at, d.reminder_id, d.paper,
        (SELECT group_concat(DISTINCT o.copy) FROM document_outputs o WHERE o.document_id = d.id), d.payee, d.code_version
    FROM documents d JOIN users u ON u.id = d.issued_by LEFT JOIN users v ON v.id = d.voided_by
    LEFT JOIN cases c ON c.id = d.case_id";

fn stored(r: &Row) -> rusqlite::Result<StoredDocument> {
    let printed: Option<String> = r.get(14)?;
    let mut printed_copies: Vec<u8> = printed.unwrap_or_default().split(',').filter_map(|c| c.parse().ok()).collect();
    printed_copies.sort_unstable();
    Ok(StoredDocument {
        document: IssuedDocument {
            id: r.get(0)?,
            number: r.get(1)?,
            kind: coded(r, 2)?,
            case_id: r.get(3)?,
            case_no: r.get(4)?,
            amount_fen: r.get(5)?,
            verification_code: r.get(6)?,
            payee: r.get(15)?,
            copies: Vec::new(),
            printed_copies,
            issued_by_name: r.get(7)?,
            issued_at: time(r, 8)?,
            void_reason: r.get(9)?,
            voided_by_name: r.get(10)?,
            voided_at: r.get::<_, Option<i64>>(11)?.map(from_millis),
        },
        reminder_id: r.get(12)?,
        paper: r.get(13)?,
        code_version: r.get(16)?,
    })
}

fn one(conn: &Connection, filter: &str, value: &dyn rusqlite::ToSql) -> Result<Option<StoredDocument>> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE {filter}"))?.query_row([value], stored).optional()?)
}

pub fn document_by_id(conn: &Connection, id: i64) -> Result<Option<StoredDocument>> {
    one(conn, "d.id = ?1", &id)
}

pub fn document(conn: &Connection, number: &str) -> Result<Option<StoredDocument>> {
    one(conn, "d.number = ?1", &number)
}

pub fn document_by_code(conn: &Connection, code: &str) -> Result<Option<StoredDocument>> {
    one(conn, "d.verification_code = ?1", &code)
}

pub fn case_documents(conn: &Connection, case_id: i64) -> Result<Vec<StoredDocument>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE d.case_id = ?1 ORDER BY d.id"))?;
    let rows = stmt.query_map([case_id], stored)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every document after id `after`, by id (导出全部数据's pages).
pub fn documents_after(conn: &Connection, after: i64, limit: u32) -> Result<Vec<StoredDocument>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE d.id > ?1 ORDER BY d.id LIMIT ?2"))?;
    let rows = stmt.query_map(params![after, limit], stored)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn record_outputs(tx: &Transaction, document_id: i64, copies: &[u8], target: OutputTarget, by: Stamp) -> Result<Vec<bool>> {
    let (number, case_id) = number_and_case(tx, document_id)?;
    let mut reprints = Vec::with_capacity(copies.len());
    for &copy in copies {
        let before: i64 = tx.query_row(
            "SELECT count(*) FROM document_outputs WHERE document_id = ?1 AND copy = ?2",
            params![document_id, copy],
            |r| r.get(0),
        )?;
        let reprint = before > 0;
        tx.execute(
            "INSERT INTO document_outputs (document_id, copy, target, reprint, by_user, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![document_id, copy, target.code(), reprint, by.actor_id, millis(by.at)],
        )?;
        let (entity, entity_id) = audited_on(case_id, document_id);
        let action = if reprint { "reprint_document" } else { "print_document" };
        let what = if copy == 0 { target.label().to_string() } else { format!("{} 第{copy}联", target.label()) };
        audit(tx, by.at, by.actor_id, entity, entity_id, action, Some("documentNo"), None, Some(&number), Some(&what))?;
        reprints.push(reprint);
    }
    Ok(reprints)
}

pub fn void_document(tx: &Transaction, document_id: i64, reason: &str, by: Stamp) -> Result<()> {
    let changed = tx.execute(
        "UPDATE documents SET void_reason = ?1, voided_by = ?2, voided_at = ?3 WHERE id = ?4 AND voided_at IS NULL",
        params![reason, by.actor_id, millis(by.at), document_id],
    )?;
    if changed == 0 {
        return Err(AppError::new(ErrorCode::Voided, "这份文书已经作废"));
    }
    let (number, case_id) = number_and_case(tx, document_id)?;
    let (entity, entity_id) = audited_on(case_id, document_id);
    audit(tx, by.at, by.actor_id, entity, entity_id, "void_document", Some("documentNo"), None, Some(&number), Some(reason))
}

/// Voids the case's live documents of the superseded kinds, each with the
/// reason and its own audit line, in the caller's transaction.
pub fn void_superseded(tx: &Transaction, case_id: i64, s: &Superseded, by: Stamp) -> Result<()> {
    let kinds: Vec<&str> = s.kinds.iter().map(|k| k.code()).collect();
    let ids: Vec<i64> = tx
        .prepare_cached("SELECT id FROM documents WHERE case_id = ?1 AND voided_at IS NULL AND kind IN (SELECT value FROM json_each(?2)) ORDER BY id")?
        .query_map(params![case_id, serde_json::to_string(&kinds).expect("codes")], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        void_document(tx, id, &s.reason, by)?;
    }
    Ok(())
}
