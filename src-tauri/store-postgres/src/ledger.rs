//! 会计台账 in PostgreSQL: the same statements as `core::sqlite::ledger`,
//! function for function. What differs from SQLite, and why:
//! - A write locks the document row first (`SELECT … FOR UPDATE`, as
//!   outputs and voiding do), so two desks marking or voiding on one
//!   document run one after the other and the second finds the first's mark
//!   (the partial unique index `ledger_marks_one_live` stands behind that).
//! - The search is ILIKE (SQLite's LIKE ignores ASCII case by itself).
//! - The document ids of the marks' query are an array (`= ANY`), SQLite's
//!   a JSON list.

use std::collections::HashMap;

use postgres::Row;

use complaintdesk_core::codes::*;
use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::store::ledger::{ledger_changed, LedgerMarkRecord, LedgerRow};
use complaintdesk_core::store::{LedgerFilter, LedgerMarkInsert, LedgerMarkVoid, LedgerStore};

use crate::rows::{all, audit, coded, get, millis, time, time_opt};
use crate::sql::Sql;
use crate::{Db, PgStore};

const ROWS: &str = "SELECT d.id, d.number, d.kind, d.case_id, c.case_no, coalesce(d.payee, c.customer_name), coalesce(d.amount_fen, 0),
        u.name, d.issued_at, d.void_reason, v.name, d.voided_at
    FROM documents d JOIN users u ON u.id = d.issued_by LEFT JOIN users v ON v.id = d.voided_by
    LEFT JOIN cases c ON c.id = d.case_id
    WHERE d.kind = ANY($1)
      AND ($2::BIGINT IS NULL OR d.issued_at >= $2) AND ($3::BIGINT IS NULL OR d.issued_at < $3) AND ($4::BIGINT IS NULL OR d.id = $4)
      AND ($5 = '' OR d.number ILIKE $5 ESCAPE '\\' OR coalesce(c.case_no, '') ILIKE $5 ESCAPE '\\'
           OR coalesce(d.payee, c.customer_name, '') ILIKE $5 ESCAPE '\\')
    ORDER BY d.issued_at, d.id";

const MARKS: &str = "SELECT m.id, m.document_id, m.mark, m.voucher_no, m.voucher_date, u.name, m.at, m.void_reason, v.name, m.voided_at
    FROM ledger_marks m JOIN users u ON u.id = m.by_user LEFT JOIN users v ON v.id = m.voided_by
    WHERE m.document_id = ANY($1)
    ORDER BY m.document_id, m.id";

fn row(r: &Row) -> Result<LedgerRow> {
    Ok(LedgerRow {
        document_id: get(r, 0)?,
        number: get(r, 1)?,
        kind: coded(r, 2)?,
        case_id: get(r, 3)?,
        case_no: get(r, 4)?,
        payee: get(r, 5)?,
        amount_fen: get(r, 6)?,
        issued_by_name: get(r, 7)?,
        issued_at: time(r, 8)?,
        state: LedgerState::Pending,
        void_reason: get(r, 9)?,
        voided_by_name: get(r, 10)?,
        voided_at: time_opt(r, 11)?,
        marks: Vec::new(),
    })
}

fn mark(r: &Row) -> Result<(i64, LedgerMarkRecord)> {
    let date: String = get(r, 4)?;
    Ok((
        get(r, 1)?,
        LedgerMarkRecord {
            id: get(r, 0)?,
            mark: coded(r, 2)?,
            voucher_no: get(r, 3)?,
            voucher_date: date
                .parse()
                .map_err(|e| AppError::new(ErrorCode::Storage, format!("传票日期无法读取（{date}）：{e}")))?,
            by_name: get(r, 5)?,
            at: time(r, 6)?,
            void_reason: get(r, 7)?,
            voided_by_name: get(r, 8)?,
            voided_at: time_opt(r, 9)?,
        },
    ))
}

pub fn ledger_rows(c: &mut impl Sql, f: &LedgerFilter) -> Result<Vec<LedgerRow>> {
    let kinds: Vec<&str> = f.kinds.iter().map(|k| k.code()).collect();
    let found = c
        .query(ROWS, &[&kinds, &f.from.map(millis), &f.to.map(millis), &f.document_id, &f.pattern])
        .db()?;
    let mut rows = all(found, row)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.document_id).collect();
    let mut marks: HashMap<i64, Vec<LedgerMarkRecord>> = HashMap::new();
    for (document_id, m) in all(c.query(MARKS, &[&ids]).db()?, mark)? {
        marks.entry(document_id).or_default().push(m);
    }
    for r in &mut rows {
        r.marks = marks.remove(&r.document_id).unwrap_or_default();
        r.settle();
    }
    Ok(rows)
}

/// The document's number, case and whether it is live, its row locked
/// until the transaction ends.
fn locked_document(c: &mut impl Sql, document_id: i64) -> Result<(String, Option<i64>, bool)> {
    let row = c
        .query_opt("SELECT number, case_id, voided_at IS NULL FROM documents WHERE id = $1 FOR UPDATE", &[&document_id])
        .db()?
        .ok_or_else(|| AppError::not_found("文书"))?;
    Ok((get(&row, 0)?, get(&row, 1)?, get(&row, 2)?))
}

fn latest_live(c: &mut impl Sql, document_id: i64) -> Result<Option<i64>> {
    let row = c
        .query_opt(
            "SELECT id FROM ledger_marks WHERE document_id = $1 AND voided_at IS NULL ORDER BY id DESC LIMIT 1",
            &[&document_id],
        )
        .db()?;
    row.map(|r| get(&r, 0)).transpose()
}

/// A case's document is audited on the case, as its other document lines.
fn audited_on(case_id: Option<i64>, document_id: i64) -> (&'static str, i64) {
    case_id.map_or(("document", document_id), |c| ("case", c))
}

pub fn insert_ledger_mark(c: &mut impl Sql, m: &LedgerMarkInsert) -> Result<i64> {
    let (number, case_id, live) = locked_document(c, m.document_id)?;
    if !live {
        return Err(AppError::new(ErrorCode::Voided, format!("{number} 已作废，不能入账")));
    }
    if latest_live(c, m.document_id)? != m.after {
        return Err(ledger_changed(&number));
    }
    let row = c
        .query_one(
            "INSERT INTO ledger_marks (document_id, mark, voucher_no, voucher_date, by_user, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[&m.document_id, &m.mark.code(), &m.voucher_no, &m.voucher_date.to_string(), &m.by.actor_id, &millis(m.by.at)],
        )
        .db()?;
    let id: i64 = get(&row, 0)?;
    let (entity, entity_id) = audited_on(case_id, m.document_id);
    for (field, old, new) in [
        ("documentNo", None, Some(number.as_str())),
        ("ledgerState", Some(m.from.code()), Some(m.mark.code())),
        ("voucher", None, Some(m.voucher.as_str())),
    ] {
        audit(c, m.by.at, m.by.actor_id, entity, entity_id, "ledger_mark", Some(field), old, new, None)?;
    }
    Ok(id)
}

pub fn void_ledger_mark(c: &mut impl Sql, v: &LedgerMarkVoid) -> Result<()> {
    let found = c.query_opt("SELECT document_id FROM ledger_marks WHERE id = $1", &[&v.mark_id]).db()?;
    let Some(found) = found else { return Err(AppError::not_found("入账记录")) };
    let document_id: i64 = get(&found, 0)?;
    let (number, case_id, _) = locked_document(c, document_id)?;
    // Read again under the document's lock: another desk may have voided it meanwhile.
    let live: bool = get(&c.query_one("SELECT voided_at IS NULL FROM ledger_marks WHERE id = $1", &[&v.mark_id]).db()?, 0)?;
    if !live {
        return Err(AppError::new(ErrorCode::Voided, "这条入账记录已经作废"));
    }
    if latest_live(c, document_id)? != Some(v.mark_id) {
        return Err(AppError::new(ErrorCode::WrongState, format!("{number} 之后还有入账记录：请先作废最近的一条")));
    }
    c.execute(
        "UPDATE ledger_marks SET void_reason = $1, voided_by = $2, voided_at = $3 WHERE id = $4 AND voided_at IS NULL",
        &[&v.reason, &v.by.actor_id, &millis(v.by.at), &v.mark_id],
    )
    .db()?;
    let (entity, entity_id) = audited_on(case_id, document_id);
    for (field, old, new, reason) in [
        ("documentNo", None, Some(number.as_str()), None),
        ("ledgerState", Some(v.from.code()), Some(v.to.code()), Some(v.reason.as_str())),
        ("voucher", Some(v.voucher.as_str()), None, None),
    ] {
        audit(c, v.by.at, v.by.actor_id, entity, entity_id, "void_ledger_mark", Some(field), old, new, reason)?;
    }
    Ok(())
}

impl LedgerStore for PgStore {
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
