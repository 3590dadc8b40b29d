//! Cases in PostgreSQL: insert with numbering, edit with optimistic
//! concurrency, void, read, and the tracking sheet's page query.
//!
//! What differs from SQLite, and why:
//! - Concurrency: SQLite's BEGIN IMMEDIATE serialised every write, so its
//!   version/status check before an edit or a void could not be overtaken.
//!   Here `current` reads the case row `FOR UPDATE`: a second desk editing
//!   or stepping the same case waits until the first commits, then sees
//!   its new version (and is refused as stale) — the same outcome.
//! - Search: one `case_search` row per case (`doc` for terms of three or
//!   more characters, matched with ILIKE and answered by the pg_trgm index;
//!   `runs` for one- and two-character terms, matched with
//!   `search_grams(runs) @> codes` and answered by that expression's GIN
//!   index) instead of two contentless FTS5 tables. Beside them the row
//!   holds the sheet's filter and sort keys (migration 12), so a search is
//!   counted, filtered and sorted on that narrow table alone; a common term
//!   near the top of a sorted sheet is found by walking the order's index
//!   instead (`walked_page`), as on SQLite.
//!   It is written with one upsert, so there is no separate unindex step,
//!   and no `reindex_all` (PostgreSQL starts at the final schema).
//! - Ordering: SQLite sorts NULLs first ascending and compares text byte by
//!   byte; PostgreSQL sorts NULLs last ascending and compares text by the
//!   database's collation. The sheet says `NULLS FIRST`/`NULLS LAST` for the
//!   keys that can be NULL and `COLLATE "C"` (byte order, as SQLite's
//!   BINARY) for names, so pages come out in exactly SQLite's order.
//! - The sheet's list filters bind one array each (`= ANY($n)`) instead of
//!   one parameter per item.

use postgres::types::ToSql;
use postgres::Row;

use complaintdesk_core::codes::*;
use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::model::*;
use complaintdesk_core::numbering;
use complaintdesk_core::privacy::PersonalData;
use complaintdesk_core::search::{self, Term};
use complaintdesk_core::store::{
    CaseInsert, CaseUpdate, CaseVoid, SheetBatch, SheetCursor, SortValue, Stamp, Stretch, COUNT_CAP, MAX_PAGE_SIZE, MAX_WALK_ROWS,
};

use crate::rows::{self, coded, coded_opt, millis, next_serial, time};
use crate::sql::Sql;
use crate::Db;

/// A case's own fields as statement parameters, in the order both `insert`
/// and `update` list them: received_at, channel, customer_id, then the
/// customer and the complaint up to sample_note (22 in all). It holds what
/// has to be converted (times, codes, the delivery date) so the statements
/// can borrow it.
struct FieldParams<'a> {
    f: &'a CaseFields,
    /// `None` in an edit that keeps the customer.
    customer_id: Option<i64>,
    received_at: i64,
    channel: &'static str,
    delivery: Option<String>,
    market: Option<&'static str>,
    nature: Option<&'static str>,
    cause_type: Option<&'static str>,
    severity: &'static str,
}

impl<'a> FieldParams<'a> {
    fn new(f: &'a CaseFields, customer_id: Option<i64>) -> FieldParams<'a> {
        FieldParams {
            f,
            customer_id,
            received_at: millis(f.received_at),
            channel: f.channel.code(),
            delivery: f.delivery_date.map(|d| d.to_string()),
            market: f.market.map(Market::code),
            nature: f.nature.map(Nature::code),
            cause_type: f.cause_type.map(CauseType::code),
            severity: f.severity.code(),
        }
    }

    fn list(&self) -> Vec<&(dyn ToSql + Sync)> {
        let f = self.f;
        vec![
            &self.received_at,
            &self.channel,
            &self.customer_id,
            &f.customer_name,
            &f.customer_phone,
            &f.customer_address,
            &f.customer_org,
            &f.content,
            &f.customer_request,
            &f.claim_amount_fen,
            &f.order_no,
            &f.item_no,
            &f.quantity,
            &self.delivery,
            &f.defective_quantity,
            &self.market,
            &self.nature,
            &self.cause_type,
            &self.severity,
            &f.department_id,
            &f.sample_kept,
            &f.sample_note,
        ]
    }
}

pub fn insert(c: &mut impl Sql, case: &CaseInsert) -> Result<i64> {
    let f = &case.fields;
    let customer_id = rows::upsert_customer(
        c,
        &f.customer_name,
        &f.customer_phone,
        &f.customer_address,
        &f.customer_org,
        case.receiver_id,
        case.at,
    )?;
    let serial = next_serial(c, &case.period)?;
    let case_no = numbering::case_no(&case.period, serial);
    let fields = FieldParams::new(f, Some(customer_id));
    let (status, validity, at) = (case.status.code(), case.validity.map(Validity::code), millis(case.at));
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&case_no, &status];
    params.extend(fields.list());
    params.extend::<[&(dyn ToSql + Sync); 9]>([
        &case.receiver_id,
        &case.handler_id,
        &validity,
        &case.malicious,
        &case.repeat_of_id,
        &case.void_reason,
        &at,
        &case.parent_case_id,
        &case.round,
    ]);
    let row = c
        .query_one(
            "INSERT INTO cases (case_no, status, received_at, channel, customer_id, customer_name, customer_phone,
                customer_address, customer_org, content, customer_request, claim_amount_fen, order_no, item_no,
                quantity, delivery_date, defective_quantity, market, nature, cause_type, severity, department_id,
                sample_kept, sample_note, receiver_id, handler_id, validity, malicious, repeat_of_id, void_reason,
                created_at, updated_at, parent_case_id, round)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $31, $32, $33)
             RETURNING id",
            &params,
        )
        .db()?;
    let id: i64 = rows::get(&row, 0)?;
    if case.status == CaseStatus::Closed {
        // A case stored closed (demo, import) closed when it was stored.
        c.execute("UPDATE cases SET closed_at = $1 WHERE id = $2", &[&millis(case.at), &id]).db()?;
    }
    index(c, id, &case_no, f)?;
    rows::audit(c, case.at, case.receiver_id, "case", id, case.audit_action, None, None, Some(&case_no), None)?;
    Ok(id)
}

pub fn update(c: &mut impl Sql, u: &CaseUpdate) -> Result<()> {
    // Locks the case row: the check below holds until this transaction ends.
    let (case_no, version, status, old_phone) = current(c, u.id)?;
    if status == CaseStatus::Voided {
        return Err(voided(&case_no));
    }
    if version != u.expected_version {
        return Err(stale(&case_no));
    }
    let f = &u.fields;
    let customer_id = if f.customer_phone != old_phone {
        Some(rows::upsert_customer(
            c,
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
    let fields = FieldParams::new(f, customer_id);
    let at = millis(u.at);
    let mut params = fields.list();
    params.extend::<[&(dyn ToSql + Sync); 3]>([&at, &u.id, &u.expected_version]);
    c.execute(
        "UPDATE cases SET received_at = $1, channel = $2, customer_id = coalesce($3, customer_id),
            customer_name = $4, customer_phone = $5, customer_address = $6, customer_org = $7, content = $8,
            customer_request = $9, claim_amount_fen = $10, order_no = $11, item_no = $12, quantity = $13,
            delivery_date = $14, defective_quantity = $15, market = $16, nature = $17, cause_type = $18,
            severity = $19, department_id = $20, sample_kept = $21, sample_note = $22,
            version = version + 1, updated_at = $23
         WHERE id = $24 AND version = $25",
        &params,
    )
    .db()?;
    index(c, u.id, &case_no, f)?;
    for change in &u.changes {
        let why = u.reason.as_ref().filter(|(field, _)| *field == change.field).map(|(_, reason)| reason.as_str());
        rows::audit(c, u.at, u.actor_id, "case", u.id, "edit", Some(change.field), Some(&change.old), Some(&change.new), why)?;
    }
    Ok(())
}

pub fn void(c: &mut impl Sql, v: &CaseVoid) -> Result<()> {
    // Locks the case row, as in `update`.
    let (case_no, version, status, _) = current(c, v.id)?;
    if status == CaseStatus::Voided {
        return Err(voided(&case_no));
    }
    if version != v.expected_version {
        return Err(stale(&case_no));
    }
    c.execute(
        "UPDATE cases SET status = $1, void_reason = $2, version = version + 1, updated_at = $3 WHERE id = $4",
        &[&CaseStatus::Voided.code(), &v.reason, &millis(v.at), &v.id],
    )
    .db()?;
    rows::audit(c, v.at, v.actor_id, "case", v.id, "void", Some("status"), Some(status.code()), Some(CaseStatus::Voided.code()), Some(&v.reason))?;
    Ok(())
}

/// The case's number, version, status and phone, with its row locked
/// (`FOR UPDATE`) until the caller's transaction ends: every step that
/// checks a case's version or status before changing it reads it here, so
/// two desks acting on one case take turns, as under SQLite's single writer.
pub(crate) fn current(c: &mut impl Sql, id: i64) -> Result<(String, i64, CaseStatus, String)> {
    let row = c
        .query_opt("SELECT case_no, version, status, customer_phone FROM cases WHERE id = $1 FOR UPDATE", &[&id])
        .db()?
        .ok_or_else(|| AppError::not_found("案件"))?;
    Ok((rows::get(&row, 0)?, rows::get(&row, 1)?, coded(&row, 2)?, rows::get(&row, 3)?))
}

pub(crate) fn stale(case_no: &str) -> AppError {
    AppError::stale_case(case_no)
}

pub(crate) fn voided(case_no: &str) -> AppError {
    AppError::new(ErrorCode::Voided, format!("案件 {case_no} 已作废，不能再修改。"))
}

/// Writes (or replaces) the case's search row: its text and runs, and the
/// sheet's keys as the case holds them now (a trigger keeps them so when
/// the case changes; migration 12).
fn index(c: &mut impl Sql, id: i64, case_no: &str, f: &CaseFields) -> Result<()> {
    let doc = search::document(case_no, &f.customer_name, &f.customer_phone, &f.content);
    c.execute(
        "INSERT INTO case_search (id, status, severity, channel, cause_type, department_id, handler_id, received_at,
            customer_name, department_name, handler_name, doc, runs)
         SELECT id, status, severity, channel, cause_type, department_id, handler_id, received_at,
            customer_name, department_name, handler_name, $2::text, $3::text
         FROM cases WHERE id = $1
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, severity = excluded.severity,
            channel = excluded.channel, cause_type = excluded.cause_type, department_id = excluded.department_id,
            handler_id = excluded.handler_id, received_at = excluded.received_at,
            customer_name = excluded.customer_name, department_name = excluded.department_name,
            handler_name = excluded.handler_name, doc = excluded.doc, runs = excluded.runs",
        &[&id, &doc.text, &doc.runs],
    )
    .db()?;
    Ok(())
}

/// The code of a one- or two-character gram in the index of
/// `search_grams(runs)`: a character's code point, a pair (a, b) as
/// (a + 1) × 0x110000 + b (above every code point, and one code per pair).
/// Anything else (a query term that lower-casing made longer) is -1, which
/// no case holds, as no case held such a gram before. Migration 12's
/// `search_grams` computes the same in SQL.
pub(crate) fn gram_code(gram: &str) -> i64 {
    let mut chars = gram.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(a), None, _) => a as i64,
        (Some(a), Some(b), None) => (a as i64 + 1) * 0x110000 + b as i64,
        _ => -1,
    }
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

fn case_row(r: &Row) -> Result<Case> {
    let delivery: Option<String> = rows::get(r, 16)?;
    Ok(Case {
        id: rows::get(r, 0)?,
        case_no: rows::get(r, 1)?,
        version: rows::get(r, 2)?,
        status: coded(r, 3)?,
        fields: CaseFields {
            received_at: time(r, 4)?,
            channel: coded(r, 5)?,
            customer_name: rows::get(r, 6)?,
            customer_phone: rows::get(r, 7)?,
            customer_address: rows::get(r, 8)?,
            customer_org: rows::get(r, 9)?,
            content: rows::get(r, 10)?,
            customer_request: rows::get(r, 11)?,
            claim_amount_fen: rows::get(r, 12)?,
            order_no: rows::get(r, 13)?,
            item_no: rows::get(r, 14)?,
            quantity: rows::get(r, 15)?,
            delivery_date: delivery.and_then(|d| d.parse().ok()),
            defective_quantity: rows::get(r, 17)?,
            market: coded_opt(r, 18)?,
            nature: coded_opt(r, 19)?,
            cause_type: coded_opt(r, 20)?,
            severity: coded(r, 21)?,
            department_id: rows::get(r, 22)?,
            sample_kept: rows::get(r, 23)?,
            sample_note: rows::get(r, 24)?,
        },
        customer_id: rows::get(r, 25)?,
        receiver_id: rows::get(r, 26)?,
        receiver_name: rows::get(r, 27)?,
        handler_id: rows::get(r, 28)?,
        handler_name: rows::get(r, 29)?,
        department_name: rows::get(r, 30)?,
        validity: coded_opt(r, 31)?,
        malicious: rows::get(r, 32)?,
        repeat_of_id: rows::get(r, 33)?,
        repeat_of_no: rows::get(r, 34)?,
        void_reason: rows::get(r, 35)?,
        created_at: time(r, 36)?,
        updated_at: time(r, 37)?,
        parent_case_id: rows::get(r, 38)?,
        parent_case_no: rows::get(r, 39)?,
        round: rows::get(r, 40)?,
        personal_data: PersonalData::Full,
    })
}

pub fn get(c: &mut impl Sql, id: i64) -> Result<Option<Case>> {
    let row = c.query_opt(&format!("SELECT {CASE_COLUMNS} WHERE c.id = $1"), &[&id]).db()?;
    row.as_ref().map(case_row).transpose()
}

pub(crate) const ROW_COLUMNS: &str = "c.id, c.case_no, c.received_at, c.customer_name, c.customer_phone, c.channel,
    c.nature, c.cause_type, c.severity, d.name, c.status, h.name, c.content, c.repeat_of_id IS NOT NULL,
    (SELECT min(dl.due_at) FROM case_deadlines dl
      WHERE dl.case_id = c.id AND dl.done_at IS NULL AND c.status NOT IN ('closed', 'voided')),
    c.receiver_id, c.handler_id, c.department_id, c.round,
    EXISTS (SELECT 1 FROM cases nr WHERE nr.parent_case_id = c.id)";

/// How many columns `ROW_COLUMNS` selects (a query may select more after them).
pub(crate) const ROW_COLUMN_COUNT: usize = 20;

pub(crate) const ROW_JOINS: &str = "JOIN users h ON h.id = c.handler_id LEFT JOIN departments d ON d.id = c.department_id";

pub(crate) fn sheet_row(r: &Row) -> Result<CaseRow> {
    Ok(CaseRow {
        id: rows::get(r, 0)?,
        case_no: rows::get(r, 1)?,
        received_at: time(r, 2)?,
        customer_name: rows::get(r, 3)?,
        customer_phone: rows::get(r, 4)?,
        channel: coded(r, 5)?,
        nature: coded_opt(r, 6)?,
        cause_type: coded_opt(r, 7)?,
        severity: coded(r, 8)?,
        department_name: rows::get(r, 9)?,
        status: coded(r, 10)?,
        handler_name: rows::get(r, 11)?,
        content: rows::get(r, 12)?,
        is_repeat: rows::get(r, 13)?,
        due_at: rows::time_opt(r, 14)?,
        // Decided by the desk, which holds the clock.
        overdue: false,
        receiver_id: rows::get(r, 15)?,
        handler_id: rows::get(r, 16)?,
        department_id: rows::get(r, 17)?,
        round: rows::get(r, 18)?,
        continued: rows::get(r, 19)?,
        // As stored; the desk masks it for the person reading.
        personal_data: PersonalData::Full,
    })
}

pub fn of_customer(c: &mut impl Sql, customer_id: i64, limit: u32) -> Result<Vec<CaseRow>> {
    let rows = c
        .query(
            &format!(
                "SELECT {ROW_COLUMNS} FROM cases c {ROW_JOINS}
                 WHERE c.customer_id = $1 ORDER BY c.received_at DESC, c.id DESC LIMIT $2"
            ),
            &[&customer_id, &i64::from(limit)],
        )
        .db()?;
    rows::all(rows, sheet_row)
}

pub fn unacknowledged_crises(c: &mut impl Sql, user_id: i64) -> Result<Vec<CaseRow>> {
    let rows = c
        .query(
            &format!(
                "SELECT {ROW_COLUMNS} FROM cases c {ROW_JOINS}
                 WHERE c.severity = 'critical' AND c.status NOT IN ('closed', 'voided')
                   AND NOT EXISTS (SELECT 1 FROM crisis_acks a WHERE a.case_id = c.id AND a.user_id = $1)
                 ORDER BY c.id"
            ),
            &[&user_id],
        )
        .db()?;
    rows::all(rows, sheet_row)
}

/// As on SQLite: the last downgrade from 严重/危机 of each open case that is
/// not critical again, not acknowledged by the user since.
pub fn downgrade_notices(c: &mut impl Sql, user_id: i64) -> Result<Vec<DowngradeNotice>> {
    let rows = c
        .query(
            &format!(
                "SELECT {ROW_COLUMNS}, a.new_value, u.name, coalesce(a.reason, ''), a.at
                 FROM (SELECT entity_id AS case_id, max(id) AS line FROM audit_log
                       WHERE entity = 'case' AND field = 'severity' AND old_value = 'critical' GROUP BY entity_id) last
                 JOIN cases c ON c.id = last.case_id {ROW_JOINS}
                 JOIN audit_log a ON a.id = last.line
                 JOIN users u ON u.id = a.actor_id
                 WHERE c.severity <> 'critical' AND c.status NOT IN ('closed', 'voided')
                   AND NOT EXISTS (SELECT 1 FROM audit_log k WHERE k.entity = 'case' AND k.entity_id = c.id
                                   AND k.id > last.line AND k.action = 'acknowledge_downgrade' AND k.actor_id = $1)
                 ORDER BY last.line"
            ),
            &[&user_id],
        )
        .db()?;
    rows.iter()
        .map(|r| {
            let n = ROW_COLUMN_COUNT;
            Ok(DowngradeNotice {
                case: sheet_row(r)?,
                to: coded(r, n)?,
                by_name: rows::get(r, n + 1)?,
                reason: rows::get(r, n + 2)?,
                at: time(r, n + 3)?,
            })
        })
        .collect()
}

pub fn acknowledge_downgrade(c: &mut impl Sql, case_id: i64, by: Stamp) -> Result<()> {
    let (case_no, _, _, _) = current(c, case_id)?;
    rows::audit(c, by.at, by.actor_id, "case", case_id, "acknowledge_downgrade", None, None, Some(&case_no), None)
}

pub fn acknowledge_crisis(c: &mut impl Sql, case_id: i64, by: Stamp) -> Result<()> {
    let (case_no, _, _, _) = current(c, case_id)?;
    // Two desks acknowledging at once: the second's insert does nothing
    // (and writes no audit line), as the primary key decides.
    let added = c
        .execute(
            "INSERT INTO crisis_acks (case_id, user_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&case_id, &by.actor_id, &millis(by.at)],
        )
        .db()?;
    if added == 1 {
        rows::audit(c, by.at, by.actor_id, "case", case_id, "acknowledge_crisis", None, None, Some(&case_no), None)?;
    }
    Ok(())
}

pub fn record_reveal(c: &mut impl Sql, case_id: i64, by: Stamp) -> Result<()> {
    let (case_no, _, _, _) = current(c, case_id)?;
    rows::audit(c, by.at, by.actor_id, "case", case_id, "reveal_personal_data", None, None, Some(&case_no), None)
}

pub fn open_cases_received_by(c: &mut impl Sql, user_id: i64) -> Result<Vec<i64>> {
    let rows = c
        .query("SELECT id FROM cases WHERE receiver_id = $1 AND status NOT IN ('closed', 'voided') ORDER BY id", &[&user_id])
        .db()?;
    rows.iter().map(|r| rows::get(r, 0)).collect()
}

/// The parameters of a query being built; `bind` numbers them `$1, $2, …`.
#[derive(Default)]
struct Params(Vec<Box<dyn ToSql + Sync>>);

impl Params {
    fn bind(&mut self, value: impl ToSql + Sync + 'static) -> String {
        self.0.push(Box::new(value));
        format!("${}", self.0.len())
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0.iter().map(|b| b.as_ref()).collect()
    }
}

/// The FROM and WHERE of a sheet query and its parameters.
struct Selection {
    from: &'static str,
    where_sql: String,
    params: Params,
    searching: bool,
    /// `Searched::Probed`: the search's conditions as one boolean
    /// expression on the case `c` (not in `where_sql`).
    probe: Option<String>,
}

/// Where a search's conditions are checked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Searched {
    /// On `case_search` alone, read as `c`: it holds every key the sheet
    /// filters and sorts on, under the case's own names (migration 12).
    Narrow,
    /// On `cases c` joined with its search row `cs`: a statistics slice
    /// filters on more of the case than the search row holds.
    Joined,
    /// On `cases c`, each case's search row looked up by id (`probe`): a
    /// walk of a sort column's index that checks the cases it passes.
    Probed,
}

/// Builds the selection: the same filters as SQLite's. With a search, every
/// term must match.
fn select(q: &CaseQuery) -> Selection {
    select_as(q, if q.stats.is_none() { Searched::Narrow } else { Searched::Joined })
}

fn select_as(q: &CaseQuery, how: Searched) -> Selection {
    let mut clauses: Vec<String> = Vec::new();
    let mut params = Params::default();

    let (mut substrings, mut short) = (Vec::new(), Vec::new());
    for term in search::plan(&q.search) {
        match term {
            Term::Trigram(t) => substrings.push(t),
            Term::Short(t) => short.push(t),
        }
    }
    let searching = !substrings.is_empty() || !short.is_empty();
    let alias = match how {
        Searched::Narrow => "c",
        Searched::Joined => "cs",
        Searched::Probed => "s",
    };
    let mut conditions = Vec::new();
    for t in substrings {
        // Case-insensitive substring, as FTS5's trigram tokenizer finds it.
        let p = params.bind(format!("%{}%", like_escape(&t)));
        conditions.push(format!("{alias}.doc ILIKE {p} ESCAPE '\\'"));
    }
    if !short.is_empty() && how != Searched::Probed {
        let codes: Vec<i64> = short.iter().map(|t| gram_code(t)).collect();
        let p = params.bind(codes);
        conditions.push(format!("search_grams({alias}.runs) @> {p}::bigint[]"));
    }
    // One case: its grams are what its runs hold (`SearchDoc::runs`).
    for t in short.iter().filter(|_| how == Searched::Probed) {
        if gram_code(t) < 0 {
            conditions.push("false".into());
        } else {
            let p = params.bind(t.clone());
            conditions.push(format!("position({p}::text IN {alias}.runs) > 0"));
        }
    }
    let (from, probe) = match (searching, how) {
        (false, _) => ("cases c", None),
        (true, Searched::Narrow) => ("case_search c", None),
        (true, Searched::Joined) => ("cases c JOIN case_search cs ON cs.id = c.id", None),
        (true, Searched::Probed) => {
            ("cases c", Some(format!("coalesce((SELECT {} FROM case_search s WHERE s.id = c.id), false)", conditions.join(" AND "))))
        }
    };
    if how != Searched::Probed {
        clauses.append(&mut conditions);
    }

    fn any_of<T: Coded>(column: &str, items: &[T], clauses: &mut Vec<String>, params: &mut Params) {
        if items.is_empty() {
            return;
        }
        let codes: Vec<&'static str> = items.iter().map(|i| i.code()).collect();
        let p = params.bind(codes);
        clauses.push(format!("{column} = ANY({p}::text[])"));
    }
    any_of("c.status", &q.statuses, &mut clauses, &mut params);
    any_of("c.severity", &q.severities, &mut clauses, &mut params);
    any_of("c.channel", &q.channels, &mut clauses, &mut params);
    any_of("c.cause_type", &q.cause_types, &mut clauses, &mut params);
    if !q.department_ids.is_empty() {
        let p = params.bind(q.department_ids.clone());
        clauses.push(format!("c.department_id = ANY({p}::bigint[])"));
    }
    if !q.handler_ids.is_empty() {
        let p = params.bind(q.handler_ids.clone());
        clauses.push(format!("c.handler_id = ANY({p}::bigint[])"));
    }
    if let Some(w) = q.due_window {
        let from = params.bind(w.from.map(millis).unwrap_or(i64::MIN));
        let to = params.bind(millis(w.to));
        clauses.push(format!(
            "c.status NOT IN ('closed', 'voided') AND c.id IN (SELECT case_id FROM case_deadlines
              WHERE done_at IS NULL AND due_at >= {from} AND due_at < {to})"
        ));
    }
    if q.statuses.is_empty() && !q.include_voided {
        clauses.push("c.status <> 'voided'".into());
    }
    if let Some(from) = q.received_from {
        let p = params.bind(millis(from));
        clauses.push(format!("c.received_at >= {p}"));
    }
    if let Some(to) = q.received_to {
        let p = params.bind(millis(to));
        clauses.push(format!("c.received_at < {p}"));
    }
    if let Some(slice) = &q.stats {
        clauses.extend(crate::stats::slice_clauses(slice, &mut |v| match v {
            crate::stats::Bound::Int(i) => params.bind(i),
            crate::stats::Bound::Text(t) => params.bind(t),
        }));
    }
    clauses.extend(sorted_column_range(q));
    let where_sql = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    Selection { from, where_sql, params, searching, probe }
}

/// A filter on the coded column the sheet is sorted by, written again as a
/// range of that column's sort key, which its index (migration 2) can seek:
/// open cases of one severity (10,034 here, just past the count's cap)
/// sorted by 状态 descending walked the status index from the closed end,
/// past 900,000 closed cases first (0.7–1.4 s); the range starts the walk
/// at the open ones.
fn sorted_column_range(q: &CaseQuery) -> Option<String> {
    fn range<T: Coded>(column: &str, items: &[T]) -> Option<String> {
        let ranks = items.iter().filter_map(|i| T::all().iter().position(|v| v == i));
        let (low, high) = (ranks.clone().min()?, ranks.max()?);
        Some(format!("{} BETWEEN {low} AND {high}", rank::<T>(column)))
    }
    match q.sort {
        SortField::Status => range("c.status", &q.statuses),
        SortField::Severity => range("c.severity", &q.severities),
        SortField::Channel => range("c.channel", &q.channels),
        SortField::CauseType => range("c.cause_type", &q.cause_types),
        _ => None,
    }
}

/// A LIKE pattern's literal text: `%`, `_` and the escape `\` itself escaped.
fn like_escape(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for ch in term.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Orders coded columns by their natural order (一般 < 重要 < 严重), not
/// alphabetically by code. (A copy of the SQLite module's private helper.)
fn rank<T: Coded>(column: &str) -> String {
    let arms: String = T::all().iter().enumerate().map(|(i, v)| format!(" WHEN '{}' THEN {i}", v.code())).collect();
    format!("CASE {column}{arms} END")
}

/// How a page is ordered: an optional sort key, then the case number (id).
/// Every key has an index in exactly this order, NULLs placed alike
/// (migration 2), so a page of the unfiltered sheet is read off an index.
struct Order {
    /// The sort column as an SQL expression, unless sorting by number.
    key: Option<String>,
    /// The key may be NULL: placed as SQLite places NULLs (first ascending,
    /// last descending), where PostgreSQL's default is the opposite.
    nullable: bool,
    dir: &'static str,
}

impl Order {
    /// `ORDER BY` of one expression by this order's direction.
    fn term(&self, expr: &str, nullable: bool) -> String {
        match (nullable, self.dir) {
            (false, dir) => format!("{expr} {dir}"),
            (true, "ASC") => format!("{expr} ASC NULLS FIRST"),
            (true, dir) => format!("{expr} {dir} NULLS LAST"),
        }
    }
}

fn order(q: &CaseQuery) -> Order {
    // Names compare byte by byte (COLLATE "C"), as SQLite's BINARY does,
    // whatever the database's collation. 经办人 and 责任部门 are the names
    // copied into the case, which an index can hold.
    let (key, nullable) = match q.sort {
        SortField::CaseNo => (None, false),
        SortField::ReceivedAt => (Some("c.received_at".to_string()), false),
        SortField::CustomerName => (Some("c.customer_name COLLATE \"C\"".to_string()), false),
        SortField::Channel => (Some(rank::<Channel>("c.channel")), false),
        SortField::CauseType => (Some(rank::<CauseType>("c.cause_type")), true),
        SortField::Severity => (Some(rank::<Severity>("c.severity")), false),
        SortField::Department => (Some("c.department_name COLLATE \"C\"".to_string()), true),
        SortField::Status => (Some(rank::<CaseStatus>("c.status")), false),
        SortField::Handler => (Some("c.handler_name COLLATE \"C\"".to_string()), false),
    };
    Order { key, nullable, dir: if q.descending { "DESC" } else { "ASC" } }
}

pub fn page(c: &mut impl Sql, q: &CaseQuery) -> Result<CasePage> {
    let sel = select(q);
    let params = sel.params.refs();
    let size = q.page_size.clamp(1, MAX_PAGE_SIZE) as i64;
    let offset = (q.page.max(1) as i64 - 1) * size;
    // Without a search the count is read off an index, so it goes on as far
    // as a deep page reaches: then `few` also knows when the page lies
    // beyond the last case of a filter. (As in the SQLite store.) Not for
    // the sheet without a filter: its count and its page would walk the
    // same sort index, page 1,000 twice 50,000 entries (about 15 ms of
    // 20); a count past the cap already says the page is walked.
    let cap = if sel.searching || unfiltered(q) { COUNT_CAP } else { COUNT_CAP.max((offset + size) as u64) };
    // A search's matches are counted in a subquery of their own (`OFFSET 0`);
    // that alone does not plan them as all of them (the LIMIT's fraction is
    // passed down to it), so the count runs without sequential scans
    // (`without_seq_scan`): with the LIMIT in view the planner would hope to
    // meet 10,001 matches early reading the table.
    let count_sql = if sel.searching {
        format!("SELECT count(*) FROM (SELECT 1 FROM (SELECT 1 FROM {} {} OFFSET 0) s LIMIT {}) m", sel.from, sel.where_sql, cap + 1)
    } else {
        format!("SELECT count(*) FROM (SELECT 1 FROM {} {} LIMIT {}) m", sel.from, sel.where_sql, cap + 1)
    };
    let row = if sel.searching { without_seq_scan(c, |c| c.query_one(&count_sql, &params)) } else { c.query_one(&count_sql, &params).db() }?;
    let counted: i64 = rows::get(&row, 0)?;
    let few = counted as u64 <= cap;
    let o = order(q);
    let (inner_key, outer_order) = match &o.key {
        Some(key) => (format!(", {key} AS k"), format!("{}, {}", o.term("p.k", o.nullable), o.term("p.id", false))),
        None => (String::new(), o.term("p.id", false)),
    };
    let rows_of = |page_ids: &str| {
        format!(
            "SELECT {ROW_COLUMNS}
             FROM ({page_ids}) p
             JOIN cases c ON c.id = p.id {ROW_JOINS}
             ORDER BY {outer_order}"
        )
    };
    // A search's few matches all lie before a page this deep: it is empty.
    if sel.searching && few && offset >= counted {
        return Ok(CasePage {
            rows: vec![],
            total: counted as u64,
            total_capped: false,
            now: chrono::DateTime::UNIX_EPOCH,
            search_terms: vec![],
        });
    }
    // A search with many matches, near the top: walk the order's index
    // (`walked_page`), unless that gives up.
    if sel.searching && !few && (offset + size) * WALK_REACH <= WALK_BUDGET {
        let walk = select_as(q, Searched::Probed);
        let rows = c.query(&rows_of(&walked_page(&walk, &o, size, offset)), &walk.params.refs()).db()?;
        if rows.len() as i64 == size {
            return Ok(CasePage {
                rows: rows::all(rows, sheet_row)?,
                total: COUNT_CAP,
                total_capped: true,
                now: chrono::DateTime::UNIX_EPOCH,
                search_terms: vec![],
            });
        }
    }
    // Two steps: first the page's ids, which an index can often answer
    // without reading a single case row (a sort column's index, or
    // `cases_status` for "open cases of one severity"; a search's matches
    // with their keys from `case_search` alone), then the fifty rows
    // themselves. LIMIT and OFFSET are written in (integers we computed) so
    // the planner sees them.
    //
    // When the count found few cases, they are fetched by their filter
    // and sorted: the subquery with `OFFSET 0` is planned on its own, for
    // all its rows, so the planner cannot walk a sort column's index
    // hoping to meet them early (its estimate of how early is a guess, and a
    // wrong one reads the whole index). With many, walking finds a page soon.
    // A search's matches, many or few, are sorted the same way: walking
    // `case_search`'s own id index, the planner's other choice, computes
    // `search_grams` for every row it passes.
    let page_ids = if few || sel.searching {
        let order = match &o.key {
            Some(_) => format!("{}, {}", o.term("f.k", o.nullable), o.term("f.id", false)),
            None => o.term("f.id", false),
        };
        format!(
            "SELECT * FROM (SELECT c.id AS id{inner_key} FROM {} {} OFFSET 0) f ORDER BY {order} LIMIT {size} OFFSET {offset}",
            sel.from, sel.where_sql
        )
    } else {
        let order = match &o.key {
            Some(key) => format!("{}, {}", o.term(key, o.nullable), o.term("c.id", false)),
            None => o.term("c.id", false),
        };
        format!("SELECT c.id AS id{inner_key} FROM {} {} ORDER BY {order} LIMIT {size} OFFSET {offset}", sel.from, sel.where_sql)
    };
    let rows = c.query(&rows_of(&page_ids), &params).db()?;
    Ok(CasePage {
        rows: rows::all(rows, sheet_row)?,
        total: (counted as u64).min(COUNT_CAP),
        total_capped: counted as u64 > COUNT_CAP,
        // The desk sets its own clock's time and the search terms (`Desk::case_page`).
        now: chrono::DateTime::UNIX_EPOCH,
        search_terms: vec![],
    })
}

/// Runs a search's capped count with sequential scans off. The planner
/// prices ILIKE as cheap, so for a term it expects in a tenth of the cases
/// (顾客反: 110,000 estimated) it reads the table from the start until the
/// cap's 10,001 matches, checking each row's text on the way: 125,000 rows
/// at about 1.6 µs, 180–250 ms, where the trigram index finds them in 60 ms.
/// (The `OFFSET 0` subquery does not hide the LIMIT from it: the level
/// above has no join, sort or aggregate, so the LIMIT's fraction is passed
/// down.) Set for this statement only, and reset whatever it answers.
fn without_seq_scan<C: Sql, T>(c: &mut C, read: impl FnOnce(&mut C) -> std::result::Result<T, postgres::Error>) -> Result<T> {
    c.batch_execute("SET enable_seqscan = off").db()?;
    let answer = read(c);
    let reset = c.batch_execute("RESET enable_seqscan").db();
    let answer = answer.db()?;
    reset?;
    Ok(answer)
}

/// The sheet with no filter but the one that hides voided cases (or not
/// even that), searched or not.
fn unfiltered(q: &CaseQuery) -> bool {
    select(&CaseQuery { search: String::new(), include_voided: true, ..q.clone() }).where_sql.is_empty()
}

/// How many cases a walk passes at most before it gives up
/// (`walked_page`): about 5 µs each (the sort index's entry, then the
/// case's search row by id and its grams or text), so about 25 ms.
const WALK_BUDGET: i64 = 5_000;

/// A walk is tried for a page that 1 match in `WALK_REACH` cases fills
/// within the budget. A search that is walked has more than `COUNT_CAP`
/// matches, one in a hundred cases or more; the commonest terms (客户, 的,
/// 王) are in a quarter to a half of them.
const WALK_REACH: i64 = 20;

/// The ids (and keys) of a page of a search with many matches, found as
/// SQLite's `walked_page_ids` finds them: the order's own index (migration
/// 2) is walked in the sheet's order with the other filters, each case
/// passed is checked against the search by its `case_search` row, and the
/// walk stops when the page is full. Page 1 of a term in half the cases
/// reads about a hundred entries instead of sorting half a million
/// matches. The walk passes at most `WALK_BUDGET` cases: if the page is
/// not full by then (a term that is rarer where the order starts), it
/// comes back short and the caller sorts the matches instead.
fn walked_page(walk: &Selection, o: &Order, size: i64, offset: i64) -> String {
    let probe = walk.probe.as_deref().unwrap_or("true");
    let (key, inner_order, walk_order) = match &o.key {
        Some(key) => (
            format!(", {key} AS k"),
            format!("{}, {}", o.term(key, o.nullable), o.term("c.id", false)),
            format!("{}, {}", o.term("w.k", o.nullable), o.term("w.id", false)),
        ),
        None => (String::new(), o.term("c.id", false), o.term("w.id", false)),
    };
    let k = if o.key.is_some() { ", w.k AS k" } else { "" };
    format!(
        "SELECT w.id AS id{k} FROM (
            SELECT c.id AS id{key}, {probe} AS hit FROM {} {} ORDER BY {inner_order} LIMIT {WALK_BUDGET}
         ) w WHERE w.hit ORDER BY {walk_order} LIMIT {size} OFFSET {offset}",
        walk.from, walk.where_sql
    )
}

/// The type a sort key's expression has here: a walk's cursor is bound as
/// that type (PostgreSQL infers a parameter's type from the expression it
/// is compared with, and the client checks the value against it).
#[derive(Clone, Copy)]
enum KeyType {
    /// A coded column's rank (CASE … THEN 0 …: integer).
    Rank,
    /// Milliseconds (BIGINT).
    Millis,
    Text,
}

fn key_type(sort: SortField) -> KeyType {
    match sort {
        SortField::ReceivedAt => KeyType::Millis,
        SortField::CustomerName | SortField::Department | SortField::Handler => KeyType::Text,
        _ => KeyType::Rank,
    }
}

/// The sheet walked by a cursor (`CaseStore::case_rows_after`): the rows
/// after `after` in the query's order, stretch by stretch (`Stretch::rest`).
/// Each stretch is one range of the sort column's index (migration 2 made
/// them with NULLs placed as the sheet places them), so a step costs the
/// same at the millionth row as at the first.
pub fn rows_after(c: &mut impl Sql, q: &CaseQuery, after: Option<&SheetCursor>, limit: u32) -> Result<SheetBatch> {
    let limit = limit.clamp(1, MAX_WALK_ROWS) as usize;
    let mut batch = SheetBatch { rows: Vec::with_capacity(limit), next: None };
    for stretch in Stretch::rest(after, q.descending, order(q).nullable) {
        let want = limit - batch.rows.len();
        if want == 0 {
            break;
        }
        let (rows, last) = stretch_rows(c, q, stretch, want)?;
        batch.rows.extend(rows);
        batch.next = last.or(batch.next);
    }
    Ok(batch)
}

/// Up to `want` rows of one stretch of a walk, and the last one's cursor.
fn stretch_rows(c: &mut impl Sql, q: &CaseQuery, stretch: Stretch, want: usize) -> Result<(Vec<CaseRow>, Option<SheetCursor>)> {
    let mut sel = select(q);
    let o = order(q);
    let kind = key_type(q.sort);
    let beyond = if q.descending { "<" } else { ">" };
    let mut bind = |value: &SortValue| match (value, kind) {
        (SortValue::Int(i), KeyType::Millis) => sel.params.bind(*i),
        (SortValue::Int(i), KeyType::Rank) => sel.params.bind(*i as i32),
        (SortValue::Text(t), KeyType::Text) => sel.params.bind(t.clone()),
        // Not a cursor this store hands out for this order: nothing matches it.
        _ => "NULL".to_string(),
    };
    let condition = match (stretch, &o.key) {
        (Stretch::All, _) => None,
        (Stretch::TiesAfter(_, id) | Stretch::NullsAfter(id), None) => Some(format!("c.id {beyond} {}", sel.params.bind(id))),
        (Stretch::TiesAfter(value, id), Some(key)) => {
            let v = bind(value);
            Some(format!("{key} = {v} AND c.id {beyond} {}", sel.params.bind(id)))
        }
        (Stretch::Beyond(value), Some(key)) => Some(format!("{key} {beyond} {}", bind(value))),
        (Stretch::NullsAfter(id), Some(key)) => Some(format!("{key} IS NULL AND c.id {beyond} {}", sel.params.bind(id))),
        (Stretch::Nulls, Some(key)) => Some(format!("{key} IS NULL")),
        (Stretch::NotNull, Some(key)) => Some(format!("{key} IS NOT NULL")),
        // Sorted by number alone, the walk is one stretch of ids.
        (Stretch::Beyond(_) | Stretch::Nulls, None) => Some("false".to_string()),
        (Stretch::NotNull, None) => None,
    };
    let where_sql = match (condition, sel.where_sql.is_empty()) {
        (None, _) => sel.where_sql.clone(),
        (Some(cond), true) => format!("WHERE {cond}"),
        (Some(cond), false) => format!("{} AND {cond}", sel.where_sql),
    };
    let (inner_key, inner_order, outer_order) = match &o.key {
        Some(key) => (
            format!(", {key} AS k"),
            format!("{}, {}", o.term(key, o.nullable), o.term("c.id", false)),
            format!("{}, {}", o.term("p.k", o.nullable), o.term("p.id", false)),
        ),
        None => (String::new(), o.term("c.id", false), o.term("p.id", false)),
    };
    let k = if o.key.is_some() { ", p.k" } else { "" };
    let params = sel.params.refs();
    let rows = c
        .query(
            &format!(
                "SELECT {ROW_COLUMNS}{k}
                 FROM (SELECT c.id AS id{inner_key} FROM {} {where_sql} ORDER BY {inner_order} LIMIT {want}) p
                 JOIN cases c ON c.id = p.id {ROW_JOINS}
                 ORDER BY {outer_order}",
                sel.from
            ),
            &params,
        )
        .db()?;
    let (mut out, mut last) = (Vec::with_capacity(rows.len()), None);
    for r in &rows {
        let row = sheet_row(r)?;
        let key = match (&o.key, kind) {
            (None, _) => SortValue::NoKey,
            (Some(_), KeyType::Millis) => rows::get::<Option<i64>>(r, ROW_COLUMN_COUNT)?.map_or(SortValue::Null, SortValue::Int),
            (Some(_), KeyType::Rank) => {
                rows::get::<Option<i32>>(r, ROW_COLUMN_COUNT)?.map_or(SortValue::Null, |i| SortValue::Int(i as i64))
            }
            (Some(_), KeyType::Text) => rows::get::<Option<String>>(r, ROW_COLUMN_COUNT)?.map_or(SortValue::Null, SortValue::Text),
        };
        last = Some(SheetCursor { key, id: row.id });
        out.push(row);
    }
    Ok((out, last))
}
