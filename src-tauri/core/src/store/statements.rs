//! 客户投诉案件统计表: the month's tables of closed cases, each an issued
//! document, with the cases it lists and the departments that confirmed it.
//! Appended, never changed; a table is voided by voiding its document,
//! which frees its cases for the table issued again in its place.

use chrono::{DateTime, Utc};

use crate::error::{AppError, ErrorCode, Result};

use super::{ComposeDocument, DocumentInsert, Stamp};

/// A case a table lists; `late` when it closed in an earlier month (after
/// that month's table was issued) and is listed here instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementCase {
    pub case_id: i64,
    pub late: bool,
}

/// A month's table to issue: its document and the cases it lists, written
/// in one transaction. The store refuses (WRONG_STATE) a second live table
/// for the month, and (STALE_EDIT) a case another live table took meanwhile.
#[derive(Debug, Clone)]
pub struct StatementInsert {
    /// YYYY-MM (China time).
    pub month: String,
    pub cases: Vec<StatementCase>,
    pub document: DocumentInsert,
}

/// One department's confirmation of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredConfirmation {
    pub department_id: i64,
    pub department_name: String,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// A table as stored: its month and document, live or voided, the cases it
/// lists and who confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredStatement {
    pub month: String,
    pub document_id: i64,
    pub cases: Vec<StatementCase>,
    pub confirmations: Vec<StoredConfirmation>,
}

/// A department confirming a live table (audited on the document). The
/// store refuses (VOIDED) a voided table and (WRONG_STATE) a second
/// confirmation by the same department.
#[derive(Debug, Clone)]
pub struct ConfirmationInsert {
    pub document_id: i64,
    pub department_id: i64,
    pub by: Stamp,
}

/// 客户投诉案件统计表.
pub trait StatementStore: Send + Sync {
    /// Numbers and stores the table's document with the cases it lists.
    fn insert_statement(&self, insert: &StatementInsert, compose: &ComposeDocument) -> Result<i64>;
    /// The tables of months `from..=to` (YYYY-MM), voided ones too, in the
    /// order they were issued.
    fn statements(&self, from: &str, to: &str) -> Result<Vec<StoredStatement>>;
    /// The table whose document this is.
    fn statement(&self, document_id: i64) -> Result<Option<StoredStatement>>;
    /// The cases closed at or after `from` and before `to` that no live
    /// table lists, with when each closed, oldest first.
    fn unlisted_closed_cases(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<(i64, DateTime<Utc>)>>;
    fn insert_confirmation(&self, insert: &ConfirmationInsert) -> Result<()>;
}

/// The refusal of a second live table for a month.
pub fn statement_exists(month: &str, number: &str) -> AppError {
    AppError::new(ErrorCode::WrongState, format!("{month} 的统计表已开具（{number}）：需要再打一份请用“补打”，内容有误请先作废再重新开具"))
}

/// A case of the table was listed by another table meanwhile.
pub fn statement_cases_changed() -> AppError {
    AppError::new(ErrorCode::StaleEdit, "刚有他人开具了统计表，本表没有开具：请刷新后再开具。")
}

pub fn already_confirmed(department: &str, by: &str) -> AppError {
    AppError::new(ErrorCode::WrongState, format!("{department} 已由 {by} 确认过这份统计表"))
}
