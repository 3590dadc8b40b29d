//! 客户投诉案件统计表 in PostgreSQL: the same statements as
//! `core::sqlite::statements`. What differs from SQLite, and why: SQLite
//! runs one write at a time; here issuing a table takes a transaction-long
//! advisory lock first, so two desks issuing tables at once (the same month,
//! or two months that would both list a late case) run one after the other
//! and the second sees the first's table. A confirmation locks the
//! document row, as voiding does, and the unique (document, department)
//! stands behind the check.

use chrono::{DateTime, Utc};

use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::store::statements::*;
use complaintdesk_core::store::ComposeDocument;

use crate::rows::{all, audit, get, millis, time};
use crate::sql::Sql;
use crate::{Db, PgStore};

/// "KSTB" as an advisory lock key: only issuing a statement takes it.
const STATEMENT_LOCK: i64 = 0x4B53_5442;

fn insert_statement(c: &mut impl Sql, s: &StatementInsert, compose: &ComposeDocument) -> Result<i64> {
    c.execute("SELECT pg_advisory_xact_lock($1)", &[&STATEMENT_LOCK]).db()?;
    let live = c
        .query_opt(
            "SELECT d.number FROM statements s JOIN documents d ON d.id = s.document_id WHERE s.month = $1 AND d.voided_at IS NULL",
            &[&s.month],
        )
        .db()?;
    if let Some(row) = live {
        return Err(statement_exists(&s.month, &get::<String>(&row, 0)?));
    }
    let ids: Vec<i64> = s.cases.iter().map(|c| c.case_id).collect();
    let listed: i64 = get(
        &c.query_one(
            "SELECT count(*) FROM statement_cases sc JOIN documents d ON d.id = sc.document_id
             WHERE sc.case_id = ANY($1) AND d.voided_at IS NULL",
            &[&ids],
        )
        .db()?,
        0,
    )?;
    if listed > 0 {
        return Err(statement_cases_changed());
    }
    let id = crate::documents::insert_document(c, &s.document, compose)?;
    c.execute("INSERT INTO statements (document_id, month) VALUES ($1, $2)", &[&id, &s.month]).db()?;
    let late: Vec<bool> = s.cases.iter().map(|c| c.late).collect();
    c.execute(
        "INSERT INTO statement_cases (document_id, case_id, late) SELECT $1, * FROM unnest($2::BIGINT[], $3::BOOLEAN[])",
        &[&id, &ids, &late],
    )
    .db()?;
    Ok(id)
}

fn read_statements(c: &mut impl Sql, by_id: Option<i64>, from: &str, to: &str) -> Result<Vec<StoredStatement>> {
    let found = c
        .query(
            "SELECT s.document_id, s.month FROM statements s
             WHERE ($1::BIGINT IS NULL AND s.month >= $2 AND s.month <= $3) OR s.document_id = $1
             ORDER BY s.document_id",
            &[&by_id, &from, &to],
        )
        .db()?;
    let mut statements = all(found, |r| {
        Ok(StoredStatement { document_id: get(r, 0)?, month: get(r, 1)?, cases: Vec::new(), confirmations: Vec::new() })
    })?;
    for s in &mut statements {
        let cases = c.query("SELECT case_id, late FROM statement_cases WHERE document_id = $1 ORDER BY case_id", &[&s.document_id]).db()?;
        s.cases = all(cases, |r| Ok(StatementCase { case_id: get(r, 0)?, late: get(r, 1)? }))?;
        let confirmations = c
            .query(
                "SELECT k.department_id, p.name, u.name, k.at FROM statement_confirmations k
                 JOIN departments p ON p.id = k.department_id JOIN users u ON u.id = k.by_user
                 WHERE k.document_id = $1 ORDER BY k.id",
                &[&s.document_id],
            )
            .db()?;
        s.confirmations = all(confirmations, |r| {
            Ok(StoredConfirmation { department_id: get(r, 0)?, department_name: get(r, 1)?, by_name: get(r, 2)?, at: time(r, 3)? })
        })?;
    }
    Ok(statements)
}

fn unlisted_closed_cases(c: &mut impl Sql, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<(i64, DateTime<Utc>)>> {
    let rows = c
        .query(
            "SELECT c.id, c.closed_at FROM cases c
             WHERE c.closed_at >= $1 AND c.closed_at < $2 AND c.status = 'closed'
               AND NOT EXISTS (SELECT 1 FROM statement_cases sc JOIN documents d ON d.id = sc.document_id
                               WHERE sc.case_id = c.id AND d.voided_at IS NULL)
             ORDER BY c.closed_at, c.id",
            &[&millis(from), &millis(to)],
        )
        .db()?;
    all(rows, |r| Ok((get(r, 0)?, time(r, 1)?)))
}

fn insert_confirmation(c: &mut impl Sql, k: &ConfirmationInsert) -> Result<()> {
    let row = c
        .query_opt("SELECT number, voided_at IS NULL FROM documents WHERE id = $1 FOR UPDATE", &[&k.document_id])
        .db()?
        .ok_or_else(|| AppError::not_found("统计表"))?;
    let (number, live): (String, bool) = (get(&row, 0)?, get(&row, 1)?);
    if !live {
        return Err(AppError::new(ErrorCode::Voided, format!("统计表 {number} 已作废，不能再确认")));
    }
    let department: String = get(&c.query_one("SELECT name FROM departments WHERE id = $1", &[&k.department_id]).db()?, 0)?;
    let done = c
        .query_opt(
            "SELECT u.name FROM statement_confirmations k JOIN users u ON u.id = k.by_user WHERE k.document_id = $1 AND k.department_id = $2",
            &[&k.document_id, &k.department_id],
        )
        .db()?;
    if let Some(row) = done {
        return Err(already_confirmed(&department, &get::<String>(&row, 0)?));
    }
    c.execute(
        "INSERT INTO statement_confirmations (document_id, department_id, by_user, at) VALUES ($1, $2, $3, $4)",
        &[&k.document_id, &k.department_id, &k.by.actor_id, &millis(k.by.at)],
    )
    .db()?;
    audit(c, k.by.at, k.by.actor_id, "document", k.document_id, "confirm_statement", Some("department"), None, Some(&department), None)
}

impl StatementStore for PgStore {
    fn insert_statement(&self, insert: &StatementInsert, compose: &ComposeDocument) -> Result<i64> {
        self.write(|tx| insert_statement(tx, insert, compose))
    }

    fn statements(&self, from: &str, to: &str) -> Result<Vec<StoredStatement>> {
        self.read(|c| read_statements(c, None, from, to))
    }

    fn statement(&self, document_id: i64) -> Result<Option<StoredStatement>> {
        self.read(|c| Ok(read_statements(c, Some(document_id), "", "")?.pop()))
    }

    fn unlisted_closed_cases(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<(i64, DateTime<Utc>)>> {
        self.read(|c| unlisted_closed_cases(c, from, to))
    }

    fn insert_confirmation(&self, insert: &ConfirmationInsert) -> Result<()> {
        self.write(|tx| insert_confirmation(tx, insert))
    }
}
