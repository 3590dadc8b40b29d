//! Issued documents in PostgreSQL: numbered inside the issuing transaction,
//! never changed except to be voided (the `documents_only_voided` trigger),
//! each output recorded.
//!
//! The same statements as `core::sqlite::documents`, function for function;
//! this installation's key is made at migration time by `seed::create_key`.
//! What differs from SQLite, and why: SQLite runs one write at a time, here
//! each write locks what it decides on before reading it:
//! - `insert_document` locks the case row first (`SELECT … FOR UPDATE`), so
//!   two desks issuing the same kind for one case run one after the other
//!   and the second finds the first one's live document, as in SQLite (the
//!   partial unique index `documents_one_live` stands behind that check; a
//!   document without a case has no such rule). The number is inserted with
//!   ON CONFLICT (number) DO NOTHING, so a number taken meanwhile gets the
//!   same WRONG_STATE error as one taken before.
//! - `record_outputs` and `void_document` lock the document row first: the
//!   first output of a copy is the original however many desks print it at
//!   once, and a document is voided once.
//! - The copies already output are aggregated with `array_agg` (SQLite's
//!   `group_concat`, read back as a string).

use postgres::types::ToSql;
use postgres::Row;

use complaintdesk_core::codes::*;
use complaintdesk_core::documents::{IssuedDocument, StoredDocument};
use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::store::{ComposeDocument, DocumentInsert, DocumentNumber, Stamp, Superseded};

use crate::rows::{all, audit, coded, get, millis, next_serial, time, time_opt};
use crate::sql::Sql;
use crate::Db;

/// A case's document is audited on the case (its timeline shows it); the
/// tracking sheet, which has no case, on the document itself.
fn audited_on(case_id: Option<i64>, document_id: i64) -> (&'static str, i64) {
    case_id.map_or(("document", document_id), |c| ("case", c))
}

/// The document's number and case, its row locked until the caller's
/// transaction ends (only writes ask).
fn number_and_case(c: &mut impl Sql, document_id: i64) -> Result<(String, Option<i64>)> {
    let row = c.query_one("SELECT number, case_id FROM documents WHERE id = $1 FOR UPDATE", &[&document_id]).db()?;
    Ok((get(&row, 0)?, get(&row, 1)?))
}

fn number_taken(number: &str) -> AppError {
    AppError::new(ErrorCode::WrongState, format!("编号 {number} 已经用过（作废的编号不再使用）"))
}

pub fn insert_document(c: &mut impl Sql, d: &DocumentInsert, compose: &ComposeDocument) -> Result<i64> {
    if let Some(case_id) = d.case_id {
        // Serialises issuing on this case (see the module comment), and
        // with any step on it, which locks the row the same way.
        let row = c.query_one("SELECT case_no, version FROM cases WHERE id = $1 FOR UPDATE", &[&case_id]).db()?;
        let (case_no, now): (String, i64) = (get(&row, 0)?, get(&row, 1)?);
        if d.case_version.is_some_and(|version| version != now) {
            return Err(complaintdesk_core::store::case_changed(&case_no));
        }
    }
    let number = match &d.number {
        DocumentNumber::Fixed(n) => n.clone(),
        DocumentNumber::Serial(prefix) => {
            let counter = format!("{prefix}{}", d.period);
            let serial = next_serial(c, &counter)?;
            format!("{prefix}-{}-{serial:04}", d.period)
        }
    };
    if let Some(case_id) = d.case_id {
        let live = c
            .query_opt(
                "SELECT number FROM documents WHERE kind = $1 AND case_id = $2 AND coalesce(reminder_id, 0) = coalesce($3::BIGINT, 0)
                 AND voided_at IS NULL",
                &[&d.kind.code(), &case_id, &d.reminder_id],
            )
            .db()?;
        if let Some(live) = live {
            let live: String = get(&live, 0)?;
            return Err(AppError::new(
                ErrorCode::WrongState,
                format!("本案已开具{} {live}：需要再打一份请用“补打”，内容有误请先作废再重新开具", d.kind.label()),
            ));
        }
    }
    let taken: i64 = get(&c.query_one("SELECT count(*) FROM documents WHERE number = $1", &[&number]).db()?, 0)?;
    if taken > 0 {
        return Err(number_taken(&number));
    }
    let (paper, code) = compose(&number)?;
    let inserted = c
        .query_opt(
            "INSERT INTO documents (number, kind, case_id, reminder_id, amount_fen, verification_code, paper, issued_by, issued_at,
                 payee, code_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (number) DO NOTHING RETURNING id",
            &[
                &number,
                &d.kind.code(),
                &d.case_id,
                &d.reminder_id,
                &d.amount_fen,
                &code,
                &paper,
                &d.by.actor_id,
                &millis(d.by.at),
                &d.payee,
                &complaintdesk_core::documents::code::VERSION,
            ],
        )
        .db()?;
    let id: i64 = match inserted {
        Some(row) => get(&row, 0)?,
        None => return Err(number_taken(&number)),
    };
    let (entity, entity_id) = audited_on(d.case_id, id);
    audit(c, d.by.at, d.by.actor_id, entity, entity_id, "issue_document", Some("documentNo"), None, Some(&number), Some(d.kind.label()))?;
    Ok(id)
}

const SELECT: &str = "SELECT d.id, d.number, d.kind, d.case_id, c.case_no, d.amount_fen, d.verification_code, u.name, d.issued_at,
        d.void_reason, v.name, d.voided_at, d.reminder_id, d.paper,
        (SELECT array_agg(DISTINCT o.copy) FROM document_outputs o WHERE o.document_id = d.id), d.payee, d.code_version
    FROM documents d JOIN users u ON u.id = d.issued_by LEFT JOIN users v ON v.id = d.voided_by
    LEFT JOIN cases c ON c.id = d.case_id";

fn stored(r: &Row) -> Result<StoredDocument> {
    let printed: Option<Vec<i64>> = get(r, 14)?;
    // As SQLite's parse of each copy: one that is not a u8 is left out.
    let mut printed_copies: Vec<u8> = printed.unwrap_or_default().into_iter().filter_map(|c| u8::try_from(c).ok()).collect();
    printed_copies.sort_unstable();
    Ok(StoredDocument {
        document: IssuedDocument {
            id: get(r, 0)?,
            number: get(r, 1)?,
            kind: coded(r, 2)?,
            case_id: get(r, 3)?,
            case_no: get(r, 4)?,
            amount_fen: get(r, 5)?,
            verification_code: get(r, 6)?,
            payee: get(r, 15)?,
            copies: Vec::new(),
            printed_copies,
            issued_by_name: get(r, 7)?,
            issued_at: time(r, 8)?,
            void_reason: get(r, 9)?,
            voided_by_name: get(r, 10)?,
            voided_at: time_opt(r, 11)?,
        },
        reminder_id: get(r, 12)?,
        paper: get(r, 13)?,
        code_version: get(r, 16)?,
    })
}

fn one(c: &mut impl Sql, filter: &str, value: &(dyn ToSql + Sync)) -> Result<Option<StoredDocument>> {
    c.query_opt(&format!("{SELECT} WHERE {filter}"), &[value]).db()?.as_ref().map(stored).transpose()
}

pub fn document_by_id(c: &mut impl Sql, id: i64) -> Result<Option<StoredDocument>> {
    one(c, "d.id = $1", &id)
}

pub fn document(c: &mut impl Sql, number: &str) -> Result<Option<StoredDocument>> {
    one(c, "d.number = $1", &number)
}

pub fn document_by_code(c: &mut impl Sql, code: &str) -> Result<Option<StoredDocument>> {
    one(c, "d.verification_code = $1", &code)
}

pub fn case_documents(c: &mut impl Sql, case_id: i64) -> Result<Vec<StoredDocument>> {
    let rows = c.query(&format!("{SELECT} WHERE d.case_id = $1 ORDER BY d.id"), &[&case_id]).db()?;
    all(rows, stored)
}

/// Every document after id `after`, by id (导出全部数据's pages).
pub fn documents_after(c: &mut impl Sql, after: i64, limit: u32) -> Result<Vec<StoredDocument>> {
    let rows = c.query(&format!("{SELECT} WHERE d.id > $1 ORDER BY d.id LIMIT $2"), &[&after, &i64::from(limit)]).db()?;
    all(rows, stored)
}

/// The document row is locked first (`number_and_case`), so whether a copy
/// was output before is decided one desk at a time.
pub fn record_outputs(c: &mut impl Sql, document_id: i64, copies: &[u8], target: OutputTarget, by: Stamp) -> Result<Vec<bool>> {
    let (number, case_id) = number_and_case(c, document_id)?;
    let mut reprints = Vec::with_capacity(copies.len());
    for &copy in copies {
        let before: i64 = get(
            &c.query_one(
                "SELECT count(*) FROM document_outputs WHERE document_id = $1 AND copy = $2",
                &[&document_id, &i64::from(copy)],
            )
            .db()?,
            0,
        )?;
        let reprint = before > 0;
        c.execute(
            "INSERT INTO document_outputs (document_id, copy, target, reprint, by_user, at) VALUES ($1, $2, $3, $4, $5, $6)",
            &[&document_id, &i64::from(copy), &target.code(), &reprint, &by.actor_id, &millis(by.at)],
        )
        .db()?;
        let (entity, entity_id) = audited_on(case_id, document_id);
        let action = if reprint { "reprint_document" } else { "print_document" };
        let what = if copy == 0 { target.label().to_string() } else { format!("{} 第{copy}联", target.label()) };
        audit(c, by.at, by.actor_id, entity, entity_id, action, Some("documentNo"), None, Some(&number), Some(&what))?;
        reprints.push(reprint);
    }
    Ok(reprints)
}

/// The document row is locked and checked first: a second desk voiding it
/// at the same time waits, then finds it voided (VOIDED, as in SQLite,
/// also for a document that does not exist).
pub fn void_document(c: &mut impl Sql, document_id: i64, reason: &str, by: Stamp) -> Result<()> {
    let row = c
        .query_opt("SELECT number, case_id, voided_at IS NULL FROM documents WHERE id = $1 FOR UPDATE", &[&document_id])
        .db()?;
    let voided = || AppError::new(ErrorCode::Voided, "这份文书已经作废");
    let Some(row) = row else { return Err(voided()) };
    if !get::<bool>(&row, 2)? {
        return Err(voided());
    }
    let (number, case_id): (String, Option<i64>) = (get(&row, 0)?, get(&row, 1)?);
    c.execute(
        "UPDATE documents SET void_reason = $1, voided_by = $2, voided_at = $3 WHERE id = $4 AND voided_at IS NULL",
        &[&reason, &by.actor_id, &millis(by.at), &document_id],
    )
    .db()?;
    let (entity, entity_id) = audited_on(case_id, document_id);
    audit(c, by.at, by.actor_id, entity, entity_id, "void_document", Some("documentNo"), None, Some(&number), Some(reason))
}

/// Voids the case's live documents of the superseded kinds, each with the
/// reason and its own audit line, in the caller's transaction (each row
/// locked by `void_document` as it is voided).
pub fn void_superseded(c: &mut impl Sql, case_id: i64, s: &Superseded, by: Stamp) -> Result<()> {
    let kinds: Vec<&str> = s.kinds.iter().map(|k| k.code()).collect();
    let rows = c
        .query("SELECT id FROM documents WHERE case_id = $1 AND voided_at IS NULL AND kind = ANY($2) ORDER BY id", &[&case_id, &kinds])
        .db()?;
    let ids: Vec<i64> = all(rows, |r| get(r, 0))?;
    for id in ids {
        void_document(c, id, &s.reason, by)?;
    }
    Ok(())
}
