//! 客户投诉案件统计表 in SQLite: the table's document and the cases it lists
//! in one IMMEDIATE transaction (which also keeps two desks from issuing the
//! same month at once), confirmations appended with their audit line on the
//! document.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::rows::audit;
use super::{from_millis, millis, SqliteStore};
use crate::error::{AppError, ErrorCode, Result};
use crate::store::statements::*;
use crate::store::ComposeDocument;

fn live_number(tx: &Connection, month: &str) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT d.number FROM statements s JOIN documents d ON d.id = s.document_id WHERE s.month = ?1 AND d.voided_at IS NULL",
            [month],
            |r| r.get(0),
        )
        .optional()?)
}

fn insert_statement(tx: &Transaction, s: &StatementInsert, compose: &ComposeDocument) -> Result<i64> {
    if let Some(number) = live_number(tx, &s.month)? {
        return Err(statement_exists(&s.month, &number));
    }
    let mut listed = tx.prepare_cached(
        "SELECT count(*) FROM statement_cases sc JOIN documents d ON d.id = sc.document_id
         WHERE sc.case_id = ?1 AND d.voided_at IS NULL",
    )?;
    for c in &s.cases {
        if listed.query_row([c.case_id], |r| r.get::<_, i64>(0))? > 0 {
            return Err(statement_cases_changed());
        }
    }
    let id = super::documents::insert_document(tx, &s.document, compose)?;
    tx.execute("INSERT INTO statements (document_id, month) VALUES (?1, ?2)", params![id, s.month])?;
    let mut add = tx.prepare_cached("INSERT INTO statement_cases (document_id, case_id, late) VALUES (?1, ?2, ?3)")?;
    for c in &s.cases {
        add.execute(params![id, c.case_id, c.late])?;
    }
    Ok(id)
}

fn read_statements(conn: &Connection, where_clause: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<StoredStatement>> {
    let mut found: Vec<StoredStatement> = conn
        .prepare(&format!("SELECT s.document_id, s.month FROM statements s WHERE {where_clause} ORDER BY s.document_id"))?
        .query_map(args, |r| {
            Ok(StoredStatement { document_id: r.get(0)?, month: r.get(1)?, cases: Vec::new(), confirmations: Vec::new() })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut cases = conn.prepare_cached("SELECT case_id, late FROM statement_cases WHERE document_id = ?1 ORDER BY case_id")?;
    let mut confirmations = conn.prepare_cached(
        "SELECT k.department_id, p.name, u.name, k.at FROM statement_confirmations k
         JOIN departments p ON p.id = k.department_id JOIN users u ON u.id = k.by_user
         WHERE k.document_id = ?1 ORDER BY k.id",
    )?;
    for s in &mut found {
        s.cases = cases
            .query_map([s.document_id], |r| Ok(StatementCase { case_id: r.get(0)?, late: r.get(1)? }))?
            .collect::<rusqlite::Result<_>>()?;
        s.confirmations = confirmations
            .query_map([s.document_id], |r| {
                Ok(StoredConfirmation { department_id: r.get(0)?, department_name: r.get(1)?, by_name: r.get(2)?, at: from_millis(r.get(3)?) })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(found)
}

fn unlisted_closed_cases(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<(i64, DateTime<Utc>)>> {
    let rows: Vec<(i64, i64)> = conn
        .prepare_cached(
            // `+c.status`: the period, not the status (every closed case
            // of ten years), picks the rows; cases_closed carries both.
            "SELECT c.id, c.closed_at FROM cases c
             WHERE c.closed_at >= ?1 AND c.closed_at < ?2 AND +c.status = 'closed'
               AND NOT EXISTS (SELECT 1 FROM statement_cases sc JOIN documents d ON d.id = sc.document_id
                               WHERE sc.case_id = c.id AND d.voided_at IS NULL)
             ORDER BY c.closed_at, c.id",
        )?
        .query_map(params![millis(from), millis(to)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().map(|(id, at)| (id, from_millis(at))).collect())
}

fn insert_confirmation(tx: &Transaction, k: &ConfirmationInsert) -> Result<()> {
    let (number, live): (String, bool) = tx
        .query_row("SELECT number, voided_at IS NULL FROM documents WHERE id = ?1", [k.document_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| AppError::not_found("统计表"))?;
    if !live {
        return Err(AppError::new(ErrorCode::Voided, format!("统计表 {number} 已作废，不能再确认")));
    }
    let department: String = tx.query_row("SELECT name FROM departments WHERE id = ?1", [k.department_id], |r| r.get(0))?;
    let done: Option<String> = tx
        .query_row(
            "SELECT u.name FROM statement_confirmations k JOIN users u ON u.id = k.by_user WHERE k.document_id = ?1 AND k.department_id = ?2",
            params![k.document_id, k.department_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(by) = done {
        return Err(already_confirmed(&department, &by));
    }
    tx.execute(
        "INSERT INTO statement_confirmations (document_id, department_id, by_user, at) VALUES (?1, ?2, ?3, ?4)",
        params![k.document_id, k.department_id, k.by.actor_id, millis(k.by.at)],
    )?;
    audit(tx, k.by.at, k.by.actor_id, "document", k.document_id, "confirm_statement", Some("department"), None, Some(&department), None)
}

impl StatementStore for SqliteStore {
    fn insert_statement(&self, insert: &StatementInsert, compose: &ComposeDocument) -> Result<i64> {
        self.write(|tx| insert_statement(tx, insert, compose))
    }

    fn statements(&self, from: &str, to: &str) -> Result<Vec<StoredStatement>> {
        self.read(|c| read_statements(c, "s.month >= ?1 AND s.month <= ?2", &[&from, &to]))
    }

    fn statement(&self, document_id: i64) -> Result<Option<StoredStatement>> {
        self.read(|c| Ok(read_statements(c, "s.document_id = ?1", &[&document_id])?.pop()))
    }

    fn unlisted_closed_cases(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<(i64, DateTime<Utc>)>> {
        self.read(|c| unlisted_closed_cases(c, from, to))
    }

    fn insert_confirmation(&self, insert: &ConfirmationInsert) -> Result<()> {
        self.write(|tx| insert_confirmation(tx, insert))
    }
}
