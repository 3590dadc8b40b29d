//! 会计台账 in SQLite: the certificates and return slips with their marks;
//! a mark is appended, or voided, in one IMMEDIATE transaction with its
//! audit line on the document's case.

use std::collections::HashMap;

use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::rows::{audit, coded, time};
use super::{from_millis, millis, SqliteStore};
use crate::codes::*;
use crate::error::{AppError, ErrorCode, Result};
use crate::store::ledger::{ledger_changed, LedgerMarkRecord, LedgerRow};
use crate::store::{LedgerFilter, LedgerMarkInsert, LedgerMarkVoid, LedgerStore};

const ROWS: &str = "SELECT d.id, d.number, d.kind, d.case_id, c.case_no, coalesce(d.payee, c.customer_name), coalesce(d.amount_fen, 0),
        u.name, d.issued_at, d.void_reason, v.name, d.voided_at
    FROM documents d JOIN users u ON u.id = d.issued_by LEFT JOIN users v ON v.id = d.voided_by
    LEFT JOIN cases c ON c.id = d.case_id
    WHERE d.kind IN (SELECT value FROM json_each(?1))
      AND (?2 IS NULL OR d.issued_at >= ?2) AND (?3 IS NULL OR d.issued_at < ?3) AND (?4 IS NULL OR d.id = ?4)
      AND (?5 = '' OR d.number LIKE ?5 ESCAPE '\\' OR coalesce(c.case_no, '') LIKE ?5 ESCAPE '\\'
           OR coalesce(d.payee, c.customer_name, '') LIKE ?5 ESCAPE '\\')
    ORDER BY d.issued_at, d.id";

const MARKS: &str = "SELECT m.id, m.document_id, m.mark, m.voucher_no, m.voucher_date, u.name, m.at, m.void_reason, v.name, m.voided_at
    FROM ledger_marks m JOIN users u ON u.id = m.by_user LEFT JOIN users v ON v.id = m.voided_by
    WHERE m.document_id IN (SELECT value FROM json_each(?1))
    ORDER BY m.document_id, m.id";

fn row(r: &Row) -> rusqlite::Result<LedgerRow> {
    Ok(LedgerRow {
        document_id: r.get(0)?,
        number: r.get(1)?,
        kind: coded(r, 2)?,
        case_id: r.get(3)?,
        case_no: r.get(4)?,
        payee: r.get(5)?,
        amount_fen: r.get(6)?,
        issued_by_name: r.get(7)?,
        issued_at: time(r, 8)?,
        state: LedgerState::Pending,
        void_reason: r.get(9)?,
        voided_by_name: r.get(10)?,
        voided_at: r.get::<_, Option<i64>>(11)?.map(from_millis),
        marks: Vec::new(),
    })
}

fn mark(r: &Row) -> rusqlite::Result<(i64, LedgerMarkRecord)> {
    let date: String = r.get(4)?;
    Ok((
        r.get(1)?,
        LedgerMarkRecord {
            id: r.get(0)?,
            mark: coded(r, 2)?,
            voucher_no: r.get(3)?,
            voucher_date: date.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(4, Type::Text, Box::new(e)))?,
            by_name: r.get(5)?,
            at: time(r, 6)?,
            void_reason: r.get(7)?,
            voided_by_name: r.get(8)?,
            voided_at: r.get::<_, Option<i64>>(9)?.map(from_millis),
        },
    ))
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain values")
}

pub fn ledger_rows(conn: &Connection, f: &LedgerFilter) -> Result<Vec<LedgerRow>> {
    let kinds: Vec<&str> = f.kinds.iter().map(|k| k.code()).collect();
    let mut rows: Vec<LedgerRow> = conn
        .prepare_cached(ROWS)?
        .query_map(
            params![json(&kinds), f.from.map(millis), f.to.map(millis), f.document_id, f.pattern],
            row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    let ids: Vec<i64> = rows.iter().map(|r| r.document_id).collect();
    let mut marks: HashMap<i64, Vec<LedgerMarkRecord>> = HashMap::new();
    for m in conn.prepare_cached(MARKS)?.query_map([json(&ids)], mark)? {
        let (document_id, m) = m?;
        marks.entry(document_id).or_default().push(m);
    }
    for r in &mut rows {
        r.marks = marks.remove(&r.document_id).unwrap_or_default();
        r.settle();
    }
    Ok(rows)
}

/// The document's number and case, refused if it is voided.
fn live_document(tx: &Transaction, document_id: i64) -> Result<(String, Option<i64>)> {
    let found: Option<(String, Option<i64>, bool)> = tx
        .query_row("SELECT number, case_id, voided_at IS NULL FROM documents WHERE id = ?1", [document_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    match found {
        None => Err(AppError::not_found("文书")),
        Some((number, _, false)) => Err(AppError::new(ErrorCode::Voided, format!("{number} 已作废，不能入账"))),
        Some((number, case_id, true)) => Ok((number, case_id)),
    }
}

fn latest_live(tx: &Transaction, document_id: i64) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT id FROM ledger_marks WHERE document_id = ?1 AND voided_at IS NULL ORDER BY id DESC LIMIT 1",
            [document_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// A case's document is audited on the case, as its other document lines.
fn audited_on(case_id: Option<i64>, document_id: i64) -> (&'static str, i64) {
    case_id.map_or(("document", document_id), |c| ("case", c))
}

pub fn insert_ledger_mark(tx: &Transaction, m: &LedgerMarkInsert) -> Result<i64> {
    let (number, case_id) = live_document(tx, m.document_id)?;
    if latest_live(tx, m.document_id)? != m.after {
        return Err(ledger_changed(&number));
    }
    tx.execute(
        "INSERT INTO ledger_marks (document_id, mark, voucher_no, voucher_date, by_user, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![m.document_id, m.mark.code(), m.voucher_no, m.voucher_date.to_string(), m.by.actor_id, millis(m.by.at)],
    )?;
    let id = tx.last_insert_rowid();
    let (entity, entity_id) = audited_on(case_id, m.document_id);
    let line = |field: &str, old: Option<&str>, new: Option<&str>| {
        audit(tx, m.by.at, m.by.actor_id, entity, entity_id, "ledger_mark", Some(field), old, new, None)
    };
    line("documentNo", None, Some(&number))?;
    line("ledgerState", Some(m.from.code()), Some(m.mark.code()))?;
    line("voucher", None, Some(&m.voucher))?;
    Ok(id)
}

pub fn void_ledger_mark(tx: &Transaction, v: &LedgerMarkVoid) -> Result<()> {
    let found: Option<(i64, bool)> = tx
        .query_row("SELECT document_id, voided_at IS NULL FROM ledger_marks WHERE id = ?1", [v.mark_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((document_id, live)) = found else { return Err(AppError::not_found("入账记录")) };
    if !live {
        return Err(AppError::new(ErrorCode::Voided, "这条入账记录已经作废"));
    }
    let (number, case_id): (String, Option<i64>) =
        tx.query_row("SELECT number, case_id FROM documents WHERE id = ?1", [document_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if latest_live(tx, document_id)? != Some(v.mark_id) {
        return Err(AppError::new(ErrorCode::WrongState, format!("{number} 之后还有入账记录：请先作废最近的一条")));
    }
    tx.execute(
        "UPDATE ledger_marks SET void_reason = ?1, voided_by = ?2, voided_at = ?3 WHERE id = ?4 AND voided_at IS NULL",
        params![v.reason, v.by.actor_id, millis(v.by.at), v.mark_id],
    )?;
    let (entity, entity_id) = audited_on(case_id, document_id);
    let line = |field: &str, old: Option<&str>, new: Option<&str>, reason: Option<&str>| {
        audit(tx, v.by.at, v.by.actor_id, entity, entity_id, "void_ledger_mark", Some(field), old, new, reason)
    };
    line("documentNo", None, Some(&number), None)?;
    line("ledgerState", Some(v.from.code()), Some(v.to.code()), Some(&v.reason))?;
    line("voucher", Some(&v.voucher), None, None)
}

impl LedgerStore for SqliteStore {
    fn ledger_rows(&self, filter: &LedgerFilter) -> Result<Vec<LedgerRow>> {
        self.read(|c| ledger_rows(c, filter))
    }

    fn insert_ledger_mark(&self, insert: &LedgerMarkInsert) -> Result<i64> {
        self.write(|tx| insert_ledger_mark(tx, insert))
    }

    fn void_ledger_mark(&self, void: &LedgerMarkVoid) -> Result<()> {
        self.write(|tx| void_ledger_mark(tx, void))
    }
}
