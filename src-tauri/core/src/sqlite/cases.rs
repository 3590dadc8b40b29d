//! Cases in SQLite: insert with numbering, edit with optimistic
//! concurrency, void, read, and the tracking sheet's page query.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use super::rows::{self, coded, coded_opt, next_serial, time};
use super::millis;
use crate::codes::*;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::*;
use crate::numbering;
use crate::privacy::PersonalData;
use crate::search::{self, Term};
use crate::store::{CaseInsert, CaseUpdate, CaseVoid, SheetBatch, SheetCursor, SortValue, Stretch, COUNT_CAP, MAX_PAGE_SIZE, MAX_WALK_ROWS};

pub fn insert(tx: &Transaction, case: &CaseInsert) -> Result<i64> {
    let f = &case.fields;
    let customer_id = rows::upsert_customer(
        tx,
        &f.customer_name,
        &f.customer_phone,
        &f.customer_address,
        &f.customer_org,
        case.receiver_id,
        case.at,
    )?;
    let serial = next_serial(tx, &case.period)?;
    let case_no = numbering::case_no(&case.period, serial);
    tx.prepare_cached(
        "INSERT INTO cases (case_no, status, received_at, channel, customer_id, customer_name, customer_phone,
            customer_address, customer_org, content, customer_request, claim_amount_fen, order_no, item_no,
            quantity, delivery_date, defective_quantity, market, nature, cause_type, severity, department_id,
            sample_kept, sample_note, receiver_id, handler_id, validity, malicious, repeat_of_id, void_reason,
            created_at, updated_at, parent_case_id, round)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
            ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?31, ?32, ?33)",
    )?
    .execute(params![
        case_no,
        case.status.code(),
        millis(f.received_at),
        f.channel.code(),
        customer_id,
        f.customer_name,
        f.customer_phone,
        f.customer_address,
        f.customer_org,
        f.content,
        f.customer_request,
        f.claim_amount_fen,
        f.order_no,
        f.item_no,
        f.quantity,
        f.delivery_date.map(|d| d.to_string()),
        f.defective_quantity,
        f.market.map(Market::code),
        f.nature.map(Nature::code),
        f.cause_type.map(CauseType::code),
        f.severity.code(),
        f.department_id,
        f.sample_kept,
        f.sample_note,
        case.receiver_id,
        case.handler_id,
        case.validity.map(Validity::code),
        case.malicious,
        case.repeat_of_id,
        case.void_reason,
        millis(case.at),
        case.parent_case_id,
        case.round,
    ])?;
    let id = tx.last_insert_rowid();
    if case.status == CaseStatus::Closed {
        // A case stored closed (demo, import) closed when it was stored.
        tx.execute("UPDATE cases SET closed_at = ?1 WHERE id = ?2", params![millis(case.at), id])?;
    }
    index(tx, id, &case_no, f)?;
    rows::audit(tx, case.at, case.receiver_id, "case", id, case.audit_action, None, None, Some(&case_no), None)?;
    Ok(id)
}

pub fn update(tx: &Transaction, u: &CaseUpdate) -> Result<()> {
    let (case_no, version, status, old_phone) = current(tx, u.id)?;
    if status == CaseStatus::Voided {
        return Err(voided(&case_no));
    }
    if version != u.expected_version {
        return Err(stale(&case_no));
    }
    let f = &u.fields;
    let customer_id = if f.customer_phone != old_phone {
        Some(rows::upsert_customer(
            tx,
            &f.customer_name,
            &f.customer_phone,
            &f.customer_address,
            &f.customer_org,
            u.actor_id,
            u.at,
        )?)
    } else {
        None
    };
    tx.prepare_cached(
        "UPDATE cases SET received_at = ?1, channel = ?2, customer_id = coalesce(?3, customer_id),
            customer_name = ?4, customer_phone = ?5, customer_address = ?6, customer_org = ?7, content = ?8,
            customer_request = ?9, claim_amount_fen = ?10, order_no = ?11, item_no = ?12, quantity = ?13,
            delivery_date = ?14, defective_quantity = ?15, market = ?16, nature = ?17, cause_type = ?18,
            severity = ?19, department_id = ?20, sample_kept = ?21, sample_note = ?22,
            version = version + 1, updated_at = ?23
         WHERE id = ?24 AND version = ?25",
    )?
    .execute(params![
        millis(f.received_at),
        f.channel.code(),
        customer_id,
        f.customer_name,
        f.customer_phone,
        f.customer_address,
        f.customer_org,
        f.content,
        f.customer_request,
        f.claim_amount_fen,
        f.order_no,
        f.item_no,
        f.quantity,
        f.delivery_date.map(|d| d.to_string()),
        f.defective_quantity,
        f.market.map(Market::code),
        f.nature.map(Nature::code),
        f.cause_type.map(CauseType::code),
        f.severity.code(),
        f.department_id,
        f.sample_kept,
        f.sample_note,
        millis(u.at),
        u.id,
        u.expected_version,
    ])?;
    unindex(tx, u.id)?;
    index(tx, u.id, &case_no, f)?;
    for change in &u.changes {
        let why = u.reason.as_ref().filter(|(field, _)| *field == change.field).map(|(_, reason)| reason.as_str());
        rows::audit(tx, u.at, u.actor_id, "case", u.id, "edit", Some(change.field), Some(&change.old), Some(&change.new), why)?;
    }
    Ok(())
}

pub fn void(tx: &Transaction, v: &CaseVoid) -> Result<()> {
    let (case_no, version, status, _) = current(tx, v.id)?;
    if status == CaseStatus::Voided {
        return Err(voided(&case_no));
    }
    if version != v.expected_version {
        return Err(stale(&case_no));
    }
    tx.execute(
        "UPDATE cases SET status = ?1, void_reason = ?2, version = version + 1, updated_at = ?3 WHERE id = ?4",
        params![CaseStatus::Voided.code(), v.reason, millis(v.at), v.id],
    )?;
    rows::audit(tx, v.at, v.actor_id, "case", v.id, "void", Some("status"), Some(status.code()), Some(CaseStatus::Voided.code()), Some(&v.reason))?;
    Ok(())
}

pub(super) fn current(tx: &Transaction, id: i64) -> Result<(String, i64, CaseStatus, String)> {
    tx.query_row("SELECT case_no, version, status, customer_phone FROM cases WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?, coded(r, 2)?, r.get(3)?))
    })
    .optional()?
    .ok_or_else(|| AppError::not_found("案件"))
}

pub(super) fn stale(case_no: &str) -> AppError {
    AppError::stale_case(case_no)
}

pub(super) fn voided(case_no: &str) -> AppError {
    AppError::new(ErrorCode::Voided, format!("案件 {case_no} 已作废，不能再修改。"))
}

fn index(conn: &Connection, id: i64, case_no: &str, f: &CaseFields) -> Result<()> {
    let doc = search::document(case_no, &f.customer_name, &f.customer_phone, &f.content);
    index_text(conn, id, &doc)?;
    index_bigrams(conn, id, &doc)
}

fn index_text(conn: &Connection, id: i64, doc: &search::SearchDoc) -> Result<()> {
    conn.prepare_cached("INSERT INTO case_text (rowid, doc) VALUES (?1, ?2)")?.execute(params![id, doc.text])?;
    Ok(())
}

fn index_bigrams(conn: &Connection, id: i64, doc: &search::SearchDoc) -> Result<()> {
    conn.prepare_cached("INSERT INTO case_bigrams (rowid, grams) VALUES (?1, ?2)")?.execute(params![id, doc.bigrams])?;
    Ok(())
}

fn unindex(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM case_text WHERE rowid = ?1")?.execute([id])?;
    conn.prepare_cached("DELETE FROM case_bigrams WHERE rowid = ?1")?.execute([id])?;
    Ok(())
}

/// Migration 2's Rust step: index the cases that existed before search did.
pub fn reindex_all(tx: &Transaction) -> Result<()> {
    each_search_doc(tx, |id, doc| {
        index_text(tx, id, doc)?;
        index_bigrams(tx, id, doc)
    })
}

/// Fills a new, empty short-term index (migration 11 made it anew).
pub fn reindex_bigrams(tx: &Transaction) -> Result<()> {
    each_search_doc(tx, |id, doc| index_bigrams(tx, id, doc))
}

/// Every case's id and search document, for the migrations that fill an index.
fn each_search_doc(tx: &Transaction, mut f: impl FnMut(i64, &search::SearchDoc) -> Result<()>) -> Result<()> {
    let mut stmt = tx.prepare("SELECT id, case_no, customer_name, customer_phone, content FROM cases")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (case_no, name, phone, content): (String, String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        f(r.get(0)?, &search::document(&case_no, &name, &phone, &content))?;
    }
    Ok(())
}

const CASE_COLUMNS: &str = "c.id, c.case_no, c.version, c.status, c.received_at, c.channel, c.customer_name,
    c.customer_phone, c.customer_address, c.customer_org, c.content, c.customer_request, c.claim_amount_fen,
    c.order_no, c.item_no, c.quantity, c.delivery_date, c.defective_quantity, c.market, c.nature, c.cause_type,
    c.severity, c.department_id, c.sample_kept, c.sample_note, c.customer_id, c.receiver_id, r.name,
    c.handler_id, h.name, d.name, c.validity, c.malicious, c.repeat_of_id, p.case_no, c.void_reason,
    c.created_at, c.updated_at, c.parent_case_id, pr.case_no, c.round
    FROM cases c
    JOIN users r ON r.id = c.receiver_id
    JOIN users h ON h.id = c.handler_id
    LEFT JOIN departments d ON d.id = c.department_id
    LEFT JOIN cases p ON p.id = c.repeat_of_id
    LEFT JOIN cases pr ON pr.id = c.parent_case_id";

fn case_row(r: &Row) -> rusqlite::Result<Case> {
    let delivery: Option<String> = r.get(16)?;
    Ok(Case {
        id: r.get(0)?,
        case_no: r.get(1)?,
        version: r.get(2)?,
        status: coded(r, 3)?,
        fields: CaseFields {
            received_at: time(r, 4)?,
            channel: coded(r, 5)?,
            customer_name: r.get(6)?,
            customer_phone: r.get(7)?,
            customer_address: r.get(8)?,
            customer_org: r.get(9)?,
            content: r.get(10)?,
            customer_request: r.get(11)?,
            claim_amount_fen: r.get(12)?,
            order_no: r.get(13)?,
            item_no: r.get(14)?,
            quantity: r.get(15)?,
            delivery_date: delivery.and_then(|d| d.parse().ok()),
            defective_quantity: r.get(17)?,
            market: coded_opt(r, 18)?,
            nature: coded_opt(r, 19)?,
            cause_type: coded_opt(r, 20)?,
            severity: coded(r, 21)?,
            department_id: r.get(22)?,
            sample_kept: r.get(23)?,
            sample_note: r.get(24)?,
        },
        customer_id: r.get(25)?,
        receiver_id: r.get(26)?,
        receiver_name: r.get(27)?,
        handler_id: r.get(28)?,
        handler_name: r.get(29)?,
        department_name: r.get(30)?,
        validity: coded_opt(r, 31)?,
        malicious: r.get(32)?,
        repeat_of_id: r.get(33)?,
        repeat_of_no: r.get(34)?,
        void_reason: r.get(35)?,
        created_at: time(r, 36)?,
        updated_at: time(r, 37)?,
        parent_case_id: r.get(38)?,
        parent_case_no: r.get(39)?,
        round: r.get(40)?,
        personal_data: PersonalData::Full,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Case>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {CASE_COLUMNS} WHERE c.id = ?1"))?;
    Ok(stmt.query_row([id], case_row).optional()?)
}

pub(super) const ROW_COLUMNS: &str = "c.id, c.case_no, c.received_at, c.customer_name, c.customer_phone, c.channel,
    c.nature, c.cause_type, c.severity, d.name, c.status, h.name, c.content, c.repeat_of_id IS NOT NULL,
    (SELECT min(dl.due_at) FROM case_deadlines dl
      WHERE dl.case_id = c.id AND dl.done_at IS NULL AND c.status NOT IN ('closed', 'voided')),
    c.receiver_id, c.handler_id, c.department_id, c.round,
    EXISTS (SELECT 1 FROM cases nr WHERE nr.parent_case_id = c.id)";

/// How many columns `ROW_COLUMNS` selects (a query may select more after them).
pub(super) const ROW_COLUMN_COUNT: usize = 20;

pub(super) const ROW_JOINS: &str = "JOIN users h ON h.id = c.handler_id LEFT JOIN departments d ON d.id = c.department_id";

pub(super) fn sheet_row(r: &Row) -> rusqlite::Result<CaseRow> {
    Ok(CaseRow {
        id: r.get(0)?,
        case_no: r.get(1)?,
        received_at: time(r, 2)?,
        customer_name: r.get(3)?,
        customer_phone: r.get(4)?,
        channel: coded(r, 5)?,
        nature: coded_opt(r, 6)?,
        cause_type: coded_opt(r, 7)?,
        severity: coded(r, 8)?,
        department_name: r.get(9)?,
        status: coded(r, 10)?,
        handler_name: r.get(11)?,
        content: r.get(12)?,
        is_repeat: r.get(13)?,
        due_at: r.get::<_, Option<i64>>(14)?.map(super::from_millis),
        // Decided by the desk, which holds the clock.
        overdue: false,
        receiver_id: r.get(15)?,
        handler_id: r.get(16)?,
        department_id: r.get(17)?,
        round: r.get(18)?,
        continued: r.get(19)?,
        // As stored; the desk masks it for the person reading.
        personal_data: PersonalData::Full,
    })
}

pub fn of_customer(conn: &Connection, customer_id: i64, limit: u32) -> Result<Vec<CaseRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM cases c {ROW_JOINS}
         WHERE c.customer_id = ?1 ORDER BY c.received_at DESC, c.id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![customer_id, limit], sheet_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn unacknowledged_crises(conn: &Connection, user_id: i64) -> Result<Vec<CaseRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM cases c {ROW_JOINS}
         WHERE c.severity = 'critical' AND c.status NOT IN ('closed', 'voided')
           AND NOT EXISTS (SELECT 1 FROM crisis_acks a WHERE a.case_id = c.id AND a.user_id = ?1)
         ORDER BY c.id"
    ))?;
    let rows = stmt.query_map([user_id], sheet_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The last downgrade from 严重/危机 of each case (the partial index
/// `audit_severity_downgrades` finds those lines: without statistics the
/// planner would rather read every case line of the log, so it is named),
/// on open cases that are
/// not critical again, that the user has not acknowledged since.
pub fn downgrade_notices(conn: &Connection, user_id: i64) -> Result<Vec<DowngradeNotice>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS}, a.new_value, u.name, coalesce(a.reason, ''), a.at
         FROM (SELECT entity_id AS case_id, max(id) AS line FROM audit_log INDEXED BY audit_severity_downgrades
               WHERE entity = 'case' AND field = 'severity' AND old_value = 'critical' GROUP BY entity_id) last
         JOIN cases c ON c.id = last.case_id {ROW_JOINS}
         JOIN audit_log a ON a.id = last.line
         JOIN users u ON u.id = a.actor_id
         WHERE c.severity <> 'critical' AND c.status NOT IN ('closed', 'voided')
           AND NOT EXISTS (SELECT 1 FROM audit_log k WHERE k.entity = 'case' AND k.entity_id = c.id
                           AND k.id > last.line AND k.action = 'acknowledge_downgrade' AND k.actor_id = ?1)
         ORDER BY last.line"
    ))?;
    let rows = stmt.query_map([user_id], |r| {
        let n = ROW_COLUMN_COUNT;
        Ok(DowngradeNotice {
            case: sheet_row(r)?,
            to: coded(r, n)?,
            by_name: r.get(n + 1)?,
            reason: r.get(n + 2)?,
            at: time(r, n + 3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn acknowledge_downgrade(tx: &Transaction, case_id: i64, by: crate::store::Stamp) -> Result<()> {
    let (case_no, _, _, _) = current(tx, case_id)?;
    rows::audit(tx, by.at, by.actor_id, "case", case_id, "acknowledge_downgrade", None, None, Some(&case_no), None)
}

pub fn acknowledge_crisis(tx: &Transaction, case_id: i64, by: crate::store::Stamp) -> Result<()> {
    let (case_no, _, _, _) = current(tx, case_id)?;
    let added = tx.execute(
        "INSERT INTO crisis_acks (case_id, user_id, at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![case_id, by.actor_id, millis(by.at)],
    )?;
    if added == 1 {
        rows::audit(tx, by.at, by.actor_id, "case", case_id, "acknowledge_crisis", None, None, Some(&case_no), None)?;
    }
    Ok(())
}

pub fn record_reveal(tx: &Transaction, case_id: i64, by: crate::store::Stamp) -> Result<()> {
    let (case_no, _, _, _) = current(tx, case_id)?;
    rows::audit(tx, by.at, by.actor_id, "case", case_id, "reveal_personal_data", None, None, Some(&case_no), None)
}

pub fn open_cases_received_by(conn: &Connection, user_id: i64) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM cases WHERE receiver_id = ?1 AND status NOT IN ('closed', 'voided') ORDER BY id")?;
    let ids = stmt.query_map([user_id], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// The FROM and WHERE of a sheet query, its parameters, and the full-text
/// table that drives it (if the search box is used).
struct Selection {
    from: String,
    where_sql: String,
    values: Vec<Value>,
    /// Each full-text table used and its MATCH expression; the first
    /// drives the query.
    searches: Vec<(&'static str, String)>,
}

impl Selection {
    fn driving_index(&self) -> Option<&'static str> {
        self.searches.first().map(|(table, _)| *table)
    }
}

/// Builds the selection. With a search, the first full-text index is the
/// outer loop (`FROM case_text JOIN cases`), so results stream in rowid
/// order and a page or a capped count stops early however common the term.
fn select(q: &CaseQuery) -> Selection {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();

    // All terms for one index go into one MATCH (FTS5 ANDs them).
    let (mut trigram, mut bigram) = (Vec::new(), Vec::new());
    for term in search::plan(&q.search) {
        match term {
            Term::Trigram(t) => trigram.push(fts5_phrase(&t)),
            // One character is a prefix query: any bigram starting with it,
            // or the character alone at the end of a run. The index keeps
            // one-character prefixes (migration 11), so this is one list.
            Term::Short(t) if t.chars().count() == 1 => bigram.push(format!("{}*", fts5_phrase(&t))),
            Term::Short(t) => bigram.push(fts5_phrase(&t)),
        }
    }
    let mut searches: Vec<(&'static str, String)> = Vec::new();
    if !trigram.is_empty() {
        searches.push(("case_text", trigram.join(" ")));
    }
    if !bigram.is_empty() {
        searches.push(("case_bigrams", bigram.join(" ")));
    }
    let driving_index = searches.first().map(|(table, _)| *table);
    // With a search, each match is looked up by id to check the filters and
    // read its sort key: in `cases_sheet_keys`, a tenth of the row's size,
    // rather than the row (CROSS JOIN keeps the full-text table outside).
    let from = match driving_index {
        Some(table) => format!("{table} CROSS JOIN cases c INDEXED BY cases_sheet_keys ON c.id = {table}.rowid"),
        None => "cases c".to_string(),
    };
    for (i, (table, expr)) in searches.iter().enumerate() {
        if i == 0 {
            clauses.push(format!("{table} MATCH ?"));
        } else {
            clauses.push(format!("c.id IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)"));
        }
        values.push(Value::Text(expr.clone()));
    }

    fn any_of<T: Coded>(column: &str, items: &[T], clauses: &mut Vec<String>, values: &mut Vec<Value>) {
        if items.is_empty() {
            return;
        }
        clauses.push(format!("{column} IN ({})", vec!["?"; items.len()].join(", ")));
        values.extend(items.iter().map(|i| Value::Text(i.code().to_string())));
    }
    any_of("c.status", &q.statuses, &mut clauses, &mut values);
    any_of("c.severity", &q.severities, &mut clauses, &mut values);
    any_of("c.channel", &q.channels, &mut clauses, &mut values);
    any_of("c.cause_type", &q.cause_types, &mut clauses, &mut values);
    if !q.department_ids.is_empty() {
        clauses.push(format!("c.department_id IN ({})", vec!["?"; q.department_ids.len()].join(", ")));
        values.extend(q.department_ids.iter().map(|id| Value::Integer(*id)));
    }
    if !q.handler_ids.is_empty() {
        clauses.push(format!("c.handler_id IN ({})", vec!["?"; q.handler_ids.len()].join(", ")));
        values.extend(q.handler_ids.iter().map(|id| Value::Integer(*id)));
    }
    if let Some(w) = q.due_window {
        clauses.push(
            "c.status NOT IN ('closed', 'voided') AND c.id IN (SELECT case_id FROM case_deadlines
              WHERE done_at IS NULL AND due_at >= ? AND due_at < ?)"
                .into(),
        );
        values.push(Value::Integer(w.from.map(millis).unwrap_or(i64::MIN)));
        values.push(Value::Integer(millis(w.to)));
    }
    if q.statuses.is_empty() && !q.include_voided {
        clauses.push("c.status <> 'voided'".into());
    }
    if let Some(from) = q.received_from {
        clauses.push("c.received_at >= ?".into());
        values.push(Value::Integer(millis(from)));
    }
    if let Some(to) = q.received_to {
        clauses.push("c.received_at < ?".into());
        values.push(Value::Integer(millis(to)));
    }
    if let Some(slice) = &q.stats {
        clauses.extend(super::stats::slice_clauses(slice, &mut |v| {
            values.push(match v {
                super::stats::Bound::Int(i) => Value::Integer(i),
                super::stats::Bound::Text(t) => Value::Text(t),
            });
            "?".to_string()
        }));
    }
    let where_sql = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    Selection { from, where_sql, values, searches }
}

/// An FTS5 string literal: double quotes, inner quotes doubled.
fn fts5_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// Orders coded columns by their natural order (一般 < 重要 < 严重), not
/// alphabetically by code.
fn rank<T: Coded>(column: &str) -> String {
    let arms: String = T::all().iter().enumerate().map(|(i, v)| format!(" WHEN '{}' THEN {i}", v.code())).collect();
    format!("CASE {column}{arms} END")
}

/// How a page is ordered: an optional sort key, then the case number.
/// Every key has an index in exactly this order (migration 10), so a page
/// of the unfiltered sheet is read off an index, whatever the column.
struct Order {
    /// The sort column as an SQL expression, unless sorting by number.
    key: Option<String>,
    /// The case number (rowid), from the full-text table when it drives the
    /// query so FTS5 hands rows over already sorted.
    by_number: String,
    dir: &'static str,
}

/// The sort key of each sortable column (none: by number alone). 经办人 and
/// 责任部门 are the names copied into the case, which an index can hold.
pub(super) fn sort_key(sort: SortField) -> Option<String> {
    match sort {
        SortField::CaseNo => None,
        SortField::ReceivedAt => Some("c.received_at".to_string()),
        SortField::CustomerName => Some("c.customer_name".to_string()),
        SortField::Channel => Some(rank::<Channel>("c.channel")),
        SortField::CauseType => Some(rank::<CauseType>("c.cause_type")),
        SortField::Severity => Some(rank::<Severity>("c.severity")),
        SortField::Department => Some("c.department_name".to_string()),
        SortField::Status => Some(rank::<CaseStatus>("c.status")),
        SortField::Handler => Some("c.handler_name".to_string()),
    }
}

fn order(q: &CaseQuery, driving_index: Option<&str>) -> Order {
    let by_number = match driving_index {
        Some(table) => format!("{table}.rowid"),
        None => "c.id".to_string(),
    };
    Order { key: sort_key(q.sort), by_number, dir: if q.descending { "DESC" } else { "ASC" } }
}

pub fn page(conn: &Connection, q: &CaseQuery) -> Result<CasePage> {
    let sel = select(q);
    // Without a search the count is read off an index, so it goes on as far
    // as a deep page reaches: then `few` below also knows when the page lies
    // beyond the last case of a filter (nothing to walk an index for).
    let cap = match sel.driving_index() {
        None => COUNT_CAP.max(q.page.max(1) as u64 * q.page_size.clamp(1, MAX_PAGE_SIZE) as u64),
        Some(_) => COUNT_CAP,
    };
    // A search of the sheet without filters: its matches, less the voided
    // cases, are exactly the cases its pages are cut from, counted as they
    // are taken (the count below looks each one up). Taking them all costs
    // about 0.08 µs a match, so it is done when the page needs them: sorted
    // by a column, or deeper than the count reaches. Page 1 by number of a
    // term in half the cases is read off the full-text index in order, 50
    // matches, after the capped count (12 ms instead of 45).
    let reach = q.page.max(1) as u64 * q.page_size.clamp(1, MAX_PAGE_SIZE) as u64;
    let takes_all = sort_key(q.sort).is_some() || reach > COUNT_CAP;
    let exact = if !sel.searches.is_empty() && takes_all && only_hides_voided(q) { Some(Matches::exact(conn, q, &sel)?) } else { None };
    let counted: u64 = match &exact {
        Some(matches) => matches.count,
        None => conn
            .prepare_cached(&format!("SELECT count(*) FROM (SELECT 1 FROM {} {} LIMIT {})", sel.from, sel.where_sql, cap + 1))?
            .query_row(params_from_iter(sel.values.iter()), |r| r.get::<_, i64>(0))?
            .max(0) as u64,
    };
    let few = counted <= cap;
    let rows = if few && page_offset(q) >= counted {
        // Past the last case counted: nothing to sort.
        vec![]
    } else if few || sel.searches.is_empty() {
        sorted_page(conn, q, &sel, few)?
    } else {
        many_matches_page(conn, q, &sel, exact)?
    };
    Ok(CasePage {
        rows,
        total: counted.min(COUNT_CAP),
        total_capped: counted > COUNT_CAP,
        // The desk sets its own clock's time and the search terms (`Desk::case_page`).
        now: chrono::DateTime::UNIX_EPOCH,
        search_terms: vec![],
    })
}

/// Whether a column's sort key can be NULL (a case without cause type or
/// department): SQLite places those first ascending, last descending.
fn key_nullable(sort: SortField) -> bool {
    matches!(sort, SortField::CauseType | SortField::Department)
}

/// The sheet walked by a cursor (`CaseStore::case_rows_after`): the rows
/// after `after` in the query's order, stretch by stretch (`Stretch::rest`),
/// each stretch one range of the sort column's index (migration 10), so a
/// step costs the same at the millionth row as at the first.
pub fn rows_after(conn: &Connection, q: &CaseQuery, after: Option<&SheetCursor>, limit: u32) -> Result<SheetBatch> {
    let limit = limit.clamp(1, MAX_WALK_ROWS) as usize;
    let mut batch = SheetBatch { rows: Vec::with_capacity(limit), next: None };
    for stretch in Stretch::rest(after, q.descending, key_nullable(q.sort)) {
        let want = limit - batch.rows.len();
        if want == 0 {
            break;
        }
        let (rows, last) = stretch_rows(conn, q, stretch, want)?;
        batch.rows.extend(rows);
        batch.next = last.or(batch.next);
    }
    Ok(batch)
}

/// Up to `want` rows of one stretch of a walk, and the last one's cursor.
fn stretch_rows(conn: &Connection, q: &CaseQuery, stretch: Stretch, want: usize) -> Result<(Vec<CaseRow>, Option<SheetCursor>)> {
    let (ids, values) = stretch_ids(q, stretch, want);
    let dir = if q.descending { "DESC" } else { "ASC" };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS}, p.k
         FROM ({ids}) p
         JOIN cases c ON c.id = p.id {ROW_JOINS}
         ORDER BY p.k {dir}, p.id {dir}"
    ))?;
    let keyed = sort_key(q.sort).is_some();
    let mut rows = stmt.query(params_from_iter(values.iter()))?;
    let (mut out, mut last) = (Vec::with_capacity(want), None);
    while let Some(r) = rows.next()? {
        let row = sheet_row(r)?;
        let key = match (keyed, r.get::<_, Value>(ROW_COLUMN_COUNT)?) {
            (false, _) => SortValue::NoKey,
            (true, Value::Integer(i)) => SortValue::Int(i),
            (true, Value::Text(t)) => SortValue::Text(t),
            (true, _) => SortValue::Null,
        };
        last = Some(SheetCursor { key, id: row.id });
        out.push(row);
    }
    Ok((out, last))
}

/// The ids (and sort keys, as `k`) of one stretch of a walk, and the
/// query's parameters: the sheet's selection, the stretch's range of the
/// sort key and number, in the sheet's order.
fn stretch_ids(q: &CaseQuery, stretch: Stretch, want: usize) -> (String, Vec<Value>) {
    let mut sel = select(q);
    let o = order(q, sel.driving_index());
    let (dir, beyond) = if q.descending { ("DESC", "<") } else { ("ASC", ">") };
    let key = o.key.clone().unwrap_or_else(|| "NULL".to_string());
    let number = &o.by_number;
    let mut bind = |value: &SortValue| {
        sel.values.push(match value {
            SortValue::Int(i) => Value::Integer(*i),
            SortValue::Text(t) => Value::Text(t.clone()),
            // Not a cursor this store hands out for this order: nothing matches it.
            SortValue::NoKey | SortValue::Null => Value::Null,
        });
    };
    let condition = match stretch {
        Stretch::All => None,
        Stretch::TiesAfter(_, id) | Stretch::NullsAfter(id) if o.key.is_none() => {
            bind(&SortValue::Int(id));
            Some(format!("{number} {beyond} ?"))
        }
        Stretch::TiesAfter(value, id) => {
            bind(value);
            bind(&SortValue::Int(id));
            Some(format!("{key} = ? AND {number} {beyond} ?"))
        }
        Stretch::Beyond(value) => {
            bind(value);
            Some(format!("{key} {beyond} ?"))
        }
        Stretch::NullsAfter(id) => {
            bind(&SortValue::Int(id));
            Some(format!("{key} IS NULL AND {number} {beyond} ?"))
        }
        Stretch::Nulls => Some(format!("{key} IS NULL")),
        Stretch::NotNull => Some(format!("{key} IS NOT NULL")),
    };
    let where_sql = match (condition, sel.where_sql.is_empty()) {
        (None, _) => sel.where_sql.clone(),
        (Some(c), true) => format!("WHERE {c}"),
        (Some(c), false) => format!("{} AND {c}", sel.where_sql),
    };
    // Within one key the order is the number's (said so, as SQLite does not
    // see that an expression held equal to one value needs no sorting).
    let order_by = match (&o.key, stretch) {
        (Some(key), Stretch::All | Stretch::Beyond(_) | Stretch::NotNull) => format!("{key} {dir}, {number} {dir}"),
        _ => format!("{number} {dir}"),
    };
    (format!("SELECT c.id AS id, {key} AS k FROM {} {where_sql} ORDER BY {order_by} LIMIT {want}", sel.from), sel.values)
}

/// The page's rows, in two steps: `page_ids`, then the rows of those ids.
fn sorted_page(conn: &Connection, q: &CaseQuery, sel: &Selection, few: bool) -> Result<Vec<CaseRow>> {
    let dir = if q.descending { "DESC" } else { "ASC" };
    let outer_key = if sort_key(q.sort).is_some() { format!("p.k {dir}, ") } else { String::new() };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS}
         FROM ({}) p
         JOIN cases c ON c.id = p.id {ROW_JOINS}
         ORDER BY {outer_key}p.id {dir}",
        page_ids(q, sel, few),
    ))?;
    let rows = stmt.query_map(params_from_iter(sel.values.iter()), sheet_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The rows of `ids`, in that order.
fn rows_of(conn: &Connection, ids: &[i64]) -> Result<Vec<CaseRow>> {
    let list = serde_json::to_string(ids).map_err(|e| AppError::new(ErrorCode::Storage, e.to_string()))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS}
         FROM json_each(?1) p
         JOIN cases c ON c.id = p.value {ROW_JOINS}
         ORDER BY p.key"
    ))?;
    let rows = stmt.query_map([list], sheet_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A page of a search with more matches than the count's cap.
/// - By case number without a set of matches (`exact`, taken by `page`), the
///   full-text index hands the matches over in order: the page is read off it.
/// - By case number with one, the page is counted off the set itself.
/// - By a column, the column's index is walked keeping the matches
///   (`walked_page_ids`), from whichever end of the order is nearer the
///   page when the set is exact, or the matches are all sorted when that
///   reads less.
///
/// A page past the last match is empty without a query.
fn many_matches_page(conn: &Connection, q: &CaseQuery, sel: &Selection, exact: Option<Matches>) -> Result<Vec<CaseRow>> {
    let (matches, exact) = match exact {
        Some(matches) => (matches, true),
        // By number the full-text index hands the matches over in order.
        None if sort_key(q.sort).is_none() => return sorted_page(conn, q, sel, false),
        None => (Matches::of(conn, &sel.searches)?, false),
    };
    let (offset, size) = (page_offset(q), q.page_size.clamp(1, MAX_PAGE_SIZE) as u64);
    if offset >= matches.count {
        // Past the last match (other filters only take some away): a term
        // in 40,000 cases sorted them all for page 1,000.
        return Ok(vec![]);
    }
    let walk = match sort_key(q.sort) {
        None => return rows_of(conn, &matches.ids_in_order(offset, size, q.descending)),
        Some(key) => Walk::nearer_end(q, &matches, exact, key),
    };
    let cases = conn.query_row("SELECT coalesce(max(id), 0) FROM cases", [], |r| r.get::<_, i64>(0))?.max(0) as u64;
    if walk.entries(cases, &matches) <= WALK_ENTRIES_PER_SORTED_MATCH * matches.count {
        rows_of(conn, &walked_page_ids(conn, &walk, &matches)?)
    } else {
        sorted_page(conn, q, sel, false)
    }
}

/// Whether the query's only condition besides its search is hiding (or
/// showing) the voided cases: any filter adds a clause to the selection.
fn only_hides_voided(q: &CaseQuery) -> bool {
    select(&CaseQuery { search: String::new(), include_voided: true, ..q.clone() }).where_sql.is_empty()
}

/// How many index entries the walk passes in the time sorting takes for
/// one match: sorting looks every match up (1.3–5 µs each at a million
/// cases, so a term in 80,000 cases costs over 100 ms whatever the page),
/// while the walk, inside SQLite (`in_matches`), passes an entry in
/// 0.05–0.1 µs.
const WALK_ENTRIES_PER_SORTED_MATCH: u64 = 20;

/// How many rows come before the query's page.
fn page_offset(q: &CaseQuery) -> u64 {
    (q.page.max(1) as u64 - 1) * q.page_size.clamp(1, MAX_PAGE_SIZE) as u64
}

/// A walk of a sort column's index for a page of a search's matches: the
/// query's order, or the reverse order from the far end when the matches
/// are counted exactly and the page lies nearer that end (page 1,000 of a
/// term in 60,000 cases is 9,000 matches from the end: 150,000 entries
/// walked instead of 850,000).
struct Walk {
    query: CaseQuery,
    key: String,
    /// Matches skipped and kept, in the walk's own direction.
    offset: u64,
    size: u64,
    reversed: bool,
}

impl Walk {
    fn nearer_end(q: &CaseQuery, matches: &Matches, exact: bool, key: String) -> Walk {
        let (offset, size) = (page_offset(q), q.page_size.clamp(1, MAX_PAGE_SIZE) as u64);
        let end = (offset + size).min(matches.count);
        if exact && matches.count - offset < end {
            let query = CaseQuery { descending: !q.descending, ..q.clone() };
            Walk { query, key, offset: matches.count - end, size: end - offset, reversed: true }
        } else {
            Walk { query: q.clone(), key, offset, size, reversed: false }
        }
    }

    /// About how many entries of the index it passes: the matches are
    /// taken as spread evenly over the cases.
    fn entries(&self, cases: u64, matches: &Matches) -> u64 {
        ((self.offset + self.size).saturating_mul(cases) / matches.count.max(1)).min(cases)
    }

    /// The statement and its values but the last, the matches' bits.
    fn sql(&self) -> (String, Vec<Value>) {
        let unsearched = select(&CaseQuery { search: String::new(), ..self.query.clone() });
        let dir = if self.query.descending { "DESC" } else { "ASC" };
        let kept = if unsearched.where_sql.is_empty() { "WHERE" } else { "AND" };
        let sql = format!(
            "SELECT c.id FROM {} {} {kept} in_matches(?, c.id) ORDER BY {key} {dir}, c.id {dir} LIMIT {} OFFSET {}",
            unsearched.from,
            unsearched.where_sql,
            self.size,
            self.offset,
            key = self.key,
        );
        (sql, unsearched.values)
    }
}

/// The ids of a page of a search sorted by a column, found by walking the
/// column's index and keeping the matches. The set of matches goes to
/// SQLite whole (`in_matches`, a blob of bits), so the walk, its other
/// filters and the offset all stay inside SQLite: handing every entry over
/// to be checked here cost twice as much.
fn walked_page_ids(conn: &Connection, walk: &Walk, matches: &Matches) -> Result<Vec<i64>> {
    let (sql, values) = walk.sql();
    let mut stmt = conn.prepare_cached(&sql)?;
    let values = values.into_iter().chain([Value::Blob(matches.bits.clone())]);
    let mut ids: Vec<i64> = stmt.query_map(params_from_iter(values), |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if walk.reversed {
        ids.reverse();
    }
    Ok(ids)
}

/// `in_matches(bits, id)`: whether bit `id` of the blob `bits` is set (bit
/// `id % 8` of byte `id / 8`), the set of a search's matches as
/// `Matches` holds it. Every connection of the store has it.
pub(super) fn add_in_matches(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function("in_matches", 2, FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC, |ctx| {
        let bits = ctx.get_raw(0).as_blob().unwrap_or_default();
        let id = ctx.get::<i64>(1)?;
        Ok(Matches::bit_of(bits, id))
    })
}

/// The ids that every full-text condition of a search matches, one bit each.
struct Matches {
    bits: Vec<u8>,
    count: u64,
}

impl Matches {
    fn of(conn: &Connection, searches: &[(&'static str, String)]) -> Result<Matches> {
        let mut result: Option<Matches> = None;
        for (table, expr) in searches {
            let mut these = Matches { bits: Vec::new(), count: 0 };
            let mut stmt = conn.prepare_cached(&format!("SELECT rowid FROM {table} WHERE {table} MATCH ?1"))?;
            let mut rows = stmt.query([expr])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                if result.as_ref().is_none_or(|earlier| Matches::bit_of(&earlier.bits, id)) {
                    these.insert(id);
                }
            }
            result = Some(these);
        }
        Ok(result.unwrap_or(Matches { bits: Vec::new(), count: 0 }))
    }

    fn insert(&mut self, id: i64) {
        let (byte, bit) = (id as usize / 8, id as usize % 8);
        if byte >= self.bits.len() {
            self.bits.resize(byte + 1, 0);
        }
        if self.bits[byte] & (1 << bit) == 0 {
            self.bits[byte] |= 1 << bit;
            self.count += 1;
        }
    }

    /// The matches of a search of the sheet without filters (`only_hides_voided`),
    /// the voided cases taken out unless shown.
    fn exact(conn: &Connection, q: &CaseQuery, sel: &Selection) -> Result<Matches> {
        let mut matches = Matches::of(conn, &sel.searches)?;
        if !q.include_voided {
            matches.remove_voided(conn)?;
        }
        Ok(matches)
    }

    /// Takes the voided cases out (few: read off `cases_status`).
    fn remove_voided(&mut self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare_cached("SELECT id FROM cases WHERE status = 'voided'")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if Matches::bit_of(&self.bits, id) {
                self.bits[id as usize / 8] &= !(1 << (id as usize % 8));
                self.count -= 1;
            }
        }
        Ok(())
    }

    /// `size` ids after the first `offset`, in number order (a case's id
    /// follows its number), counted off the bits.
    fn ids_in_order(&self, offset: u64, size: u64, descending: bool) -> Vec<i64> {
        let bytes: Box<dyn Iterator<Item = (usize, &u8)>> =
            if descending { Box::new(self.bits.iter().enumerate().rev()) } else { Box::new(self.bits.iter().enumerate()) };
        let bits: [usize; 8] = if descending { [7, 6, 5, 4, 3, 2, 1, 0] } else { [0, 1, 2, 3, 4, 5, 6, 7] };
        bytes
            .flat_map(|(byte, b)| bits.into_iter().filter(move |bit| b & (1 << bit) != 0).map(move |bit| (byte * 8 + bit) as i64))
            .skip(offset as usize)
            .take(size as usize)
            .collect()
    }

    fn bit_of(bits: &[u8], id: i64) -> bool {
        id >= 0 && bits.get(id as usize / 8).is_some_and(|b| b & (1 << (id as usize % 8)) != 0)
    }
}

/// The page's ids (and sort keys, as `k`), the first of a page's two steps:
/// an index answers it without reading a single case row (a sort column's
/// index, `cases_status` for "open cases of one severity", or
/// `cases_sheet_keys` for the matches of a search); then the fifty rows
/// themselves are read. LIMIT and OFFSET are written in (integers we
/// computed) so the planner sees them.
///
/// `few`: the count found at most `COUNT_CAP` cases (or no more than
/// reach the page). Sorting those few is then cheap, while walking a sort column's index to pick them out may
/// mean reading all of it (a deep page of a rare filter reads a million
/// entries to find nothing), so the key is written `+key`, which SQLite
/// cannot match to an index: it finds the few by their filter and sorts.
/// With many, walking the index finds a page's cases early.
fn page_ids(q: &CaseQuery, sel: &Selection, few: bool) -> String {
    let size = q.page_size.clamp(1, MAX_PAGE_SIZE) as i64;
    let offset = (q.page.max(1) as i64 - 1) * size;
    let o = order(q, sel.driving_index());
    let dir = o.dir;
    // A search hands its matches over in number order already.
    let plus = if few && (o.key.is_some() || sel.driving_index().is_none()) { "+" } else { "" };
    let (inner_key, inner_order) = match &o.key {
        Some(key) => (format!(", {key} AS k"), format!("{plus}{key} {dir}, {} {dir}", o.by_number)),
        None => (String::new(), format!("{plus}{} {dir}", o.by_number)),
    };
    format!(
        "SELECT c.id AS id{inner_key} FROM {} {} ORDER BY {inner_order} LIMIT {size} OFFSET {offset}",
        sel.from, sel.where_sql
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walking a sort column's index for a search's matches gives exactly
    /// the page that sorting all the matches gives: every order, either way
    /// round, every page (past the last one too), with and without filters,
    /// for common and rare terms and for terms of both indexes at once.
    #[test]
    fn a_walked_search_page_is_the_sorted_page() {
        use crate::store::{CaseStore, PeopleStore};
        let dir = tempfile::tempdir().unwrap();
        let store = crate::sqlite::SqliteStore::open(&dir.path().join("walk.sqlite3")).unwrap();
        let start = chrono::DateTime::from_timestamp(1_760_000_000, 0).unwrap();
        let agents = [store.ensure_user("李娜", start).unwrap().id, store.ensure_user("王强", start).unwrap().id];
        let departments: Vec<Option<i64>> =
            std::iter::once(None).chain(store.departments().unwrap().iter().map(|d| Some(d.id))).collect();
        let names = ["王秀英", "欧阳淼", "陳嘉堃", "刘芳", "张伟", "王秀英"];
        let contents = ["楼上卫生间漏水，客户很不满意", "客户反映退款未到账", "水管漏水，天花板发霉", "客户投诉物业费", "停水三天"];
        let batch: Vec<CaseInsert> = (0..240usize)
            .map(|i| {
                let mut f = CaseFields {
                    received_at: start + chrono::Duration::minutes(((i * 37) % 240) as i64),
                    channel: Channel::all()[i % Channel::all().len()],
                    customer_name: names[i % names.len()].into(),
                    customer_phone: format!("1380000{:04}", i),
                    customer_address: String::new(),
                    customer_org: String::new(),
                    content: contents[(i * 7) % contents.len()].into(),
                    customer_request: String::new(),
                    claim_amount_fen: None,
                    order_no: String::new(),
                    item_no: String::new(),
                    quantity: None,
                    delivery_date: None,
                    defective_quantity: None,
                    market: None,
                    nature: None,
                    cause_type: if i % 4 == 0 { None } else { Some(CauseType::all()[i % CauseType::all().len()]) },
                    severity: Severity::all()[i % Severity::all().len()],
                    department_id: departments[i % departments.len()],
                    sample_kept: false,
                    sample_note: String::new(),
                };
                if i % 11 == 0 {
                    f.content.push_str("，天花板");
                }
                let voided = i % 9 == 0;
                CaseInsert {
                    fields: f,
                    period: "2510".into(),
                    status: if voided { CaseStatus::Voided } else { CaseStatus::Registered },
                    receiver_id: agents[i % 2],
                    handler_id: agents[(i / 2) % 2],
                    validity: None,
                    malicious: false,
                    repeat_of_id: None,
                    parent_case_id: None,
                    round: 1,
                    void_reason: voided.then(|| "登记错误".to_string()),
                    at: start,
                    audit_action: "register",
                }
            })
            .collect();
        store.insert_cases(&batch).unwrap();
        let mut walked_rows = 0;
        let mut reversed_walks = 0;
        store.with_connection(|conn| {
            for search in ["漏水", "水", "客户", "天花板", "客户 漏水", "漏 天花板"] {
                for filter in [None, Some(Severity::Important)] {
                    for sort in SortField::ALL {
                        for descending in [false, true] {
                            for page in [1, 2, 5, 20, 30] {
                                let q = CaseQuery {
                                    search: search.into(),
                                    severities: filter.into_iter().collect(),
                                    include_voided: page == 2,
                                    sort,
                                    descending,
                                    page,
                                    page_size: 7,
                                    ..CaseQuery::default()
                                };
                                let what = format!("{search} {filter:?} {sort:?} desc={descending} page {page}");
                                let sel = select(&q);
                                let ids = |rows: Vec<CaseRow>| rows.iter().map(|r| r.id).collect::<Vec<i64>>();
                                let sorted = ids(sorted_page(conn, &q, &sel, true).unwrap());
                                // However the store answers it (the cheaper way for this size).
                                let exact = only_hides_voided(&q);
                                assert_eq!(exact, filter.is_none(), "{what}");
                                let matches = || if exact { Matches::exact(conn, &q, &sel) } else { Matches::of(conn, &sel.searches) }.unwrap();
                                assert_eq!(ids(many_matches_page(conn, &q, &sel, exact.then(matches)).unwrap()), sorted, "{what}");
                                // And each way on its own.
                                let matches = matches();
                                if exact {
                                    let all = sorted_page(conn, &CaseQuery { page: 1, page_size: 1000, ..q.clone() }, &sel, true).unwrap();
                                    assert_eq!(matches.count, all.len() as u64, "{what}: counted exactly");
                                }
                                if page_offset(&q) >= matches.count {
                                    assert!(sorted.is_empty(), "{what}: past the last match");
                                    continue;
                                }
                                let Some(key) = sort_key(sort) else {
                                    if exact {
                                        assert_eq!(matches.ids_in_order(page_offset(&q), 7, descending), sorted, "{what}: counted off the set");
                                    }
                                    continue;
                                };
                                for walk in [Walk::nearer_end(&q, &matches, exact, key.clone()), Walk::nearer_end(&q, &matches, false, key)] {
                                    let walked = walked_page_ids(conn, &walk, &matches).unwrap();
                                    assert_eq!(walked, sorted, "{what}: walked, reversed {}", walk.reversed);
                                    let rows = ids(rows_of(conn, &walked).unwrap());
                                    assert_eq!(rows, walked, "the rows come in the walked order");
                                    walked_rows += walked.len();
                                    reversed_walks += walk.reversed as usize;
                                }
                            }
                        }
                    }
                }
            }
        });
        assert!(walked_rows > 3000, "the pages compared were mostly not empty: {walked_rows} rows");
        assert!(reversed_walks > 20, "deep pages were walked from the far end: {reversed_walks}");
    }

    /// Every stretch of a walk of the unfiltered sheet, in every order and
    /// either way round, is one range of a covering index: no sort, and
    /// nothing read before the cursor.
    #[test]
    fn every_step_of_a_walk_is_a_range_of_a_covering_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::sqlite::SqliteStore::open(&dir.path().join("walk-plan.sqlite3")).unwrap();
        let (int, text) = (SortValue::Int(1), SortValue::Text("王".into()));
        store.with_connection(|conn| {
            for sort in SortField::ALL {
                let value = match sort {
                    SortField::CaseNo => &SortValue::NoKey,
                    SortField::CustomerName | SortField::Department | SortField::Handler => &text,
                    _ => &int,
                };
                for descending in [false, true] {
                    let q = CaseQuery { sort, descending, ..CaseQuery::default() };
                    let stretches =
                        [Stretch::TiesAfter(value, 500), Stretch::Beyond(value), Stretch::NullsAfter(500), Stretch::Nulls, Stretch::NotNull];
                    // The NULL stretches come only in a walk by a column that has NULLs.
                    let stretches = match sort {
                        SortField::CaseNo => &stretches[..1],
                        _ if key_nullable(sort) => &stretches[..],
                        _ => &stretches[..2],
                    };
                    for &stretch in stretches {
                        let (sql, values) = stretch_ids(&q, stretch, 200);
                        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
                        let plan: Vec<String> =
                            stmt.query_map(params_from_iter(values.iter()), |r| r.get::<_, String>(3)).unwrap().map(|r| r.unwrap()).collect();
                        let plan = plan.join("; ");
                        let what = format!("{sort:?} desc={descending} {stretch:?}");
                        assert!(!plan.contains("TEMP B-TREE"), "{what} sorts: {plan}");
                        // Past the NULLs an expression's index is walked from its start, skipping
                        // them: once in a walk, at the step that leaves them.
                        if stretch != Stretch::NotNull {
                            assert!(plan.starts_with("SEARCH c USING"), "{what} reads more than its range: {plan}");
                        }
                        if sort != SortField::CaseNo {
                            assert!(plan.contains("COVERING INDEX cases_sheet_"), "{what}: {plan}");
                        }
                    }
                }
            }
        });
    }

    /// Every order of the unfiltered sheet, either way round and on a deep
    /// page, is read off an index (migration 10): no sort of the whole
    /// sheet, and no case row read for the voided check.
    #[test]
    fn every_order_of_the_sheet_is_read_off_a_covering_index() {
        /// SQLite's plan for the statement, its steps joined by "; ".
        fn plan_of(conn: &Connection, sql: &str, values: &[Value]) -> String {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let steps = stmt.query_map(params_from_iter(values.iter()), |r| r.get::<_, String>(3)).unwrap();
            steps.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
        }

        let dir = tempfile::tempdir().unwrap();
        let store = crate::sqlite::SqliteStore::open(&dir.path().join("plan.sqlite3")).unwrap();
        store.with_connection(|conn| {
            for sort in SortField::ALL {
                for descending in [false, true] {
                    let q = CaseQuery { sort, descending, page: 1000, ..CaseQuery::default() };
                    let sel = select(&q);
                    // As for a full sheet (more cases than the count's cap).
                    let plan = plan_of(conn, &page_ids(&q, &sel, false), &sel.values);
                    assert!(!plan.contains("TEMP B-TREE"), "{sort:?} desc={descending} sorts: {plan}");
                    assert!(plan.contains("COVERING INDEX cases_sheet_"), "{sort:?} desc={descending}: {plan}");
                    // A search's walk of the same order (`walked_page_ids`), likewise.
                    if let Some(key) = sort_key(sort) {
                        let walk = Walk { query: CaseQuery { search: "漏水".into(), ..q.clone() }, key, offset: 49_950, size: 50, reversed: false };
                        let (sql, mut values) = walk.sql();
                        values.push(Value::Blob(vec![0xff; 8]));
                        let plan = plan_of(conn, &sql, &values);
                        assert!(!plan.contains("TEMP B-TREE"), "walk {sort:?} desc={descending} sorts: {plan}");
                        assert!(plan.contains("COVERING INDEX cases_sheet_"), "walk {sort:?} desc={descending}: {plan}");
                    }
                }
            }
        });
    }
}
