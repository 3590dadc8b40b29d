//! 文书: issued documents (what they say, stored once), their outputs and
//! voiding.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::*;
use crate::error::{AppError, ErrorCode, Result};

use super::Stamp;

/// An issued document as the screens list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssuedDocument {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub kind: DocumentKind,
    #[ts(type = "number | null")]
    pub case_id: Option<i64>,
    pub case_no: Option<String>,
    #[ts(type = "number | null")]
    pub amount_fen: Option<i64>,
    pub verification_code: String,
    /// Whom a certificate pays, as printed on it (the customer's name);
    /// `None` for other documents and for those issued before schema 12.
    pub payee: Option<String>,
    /// The copies (联), in order; empty when the document has none.
    pub copies: Vec<String>,
    /// Copies already output (1-based; 0 for a document without copies).
    pub printed_copies: Vec<u8>,
    pub issued_by_name: String,
    pub issued_at: DateTime<Utc>,
    pub void_reason: Option<String>,
    pub voided_by_name: Option<String>,
    pub voided_at: Option<DateTime<Utc>>,
}

/// A document as stored: the list entry and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub document: IssuedDocument,
    pub reminder_id: Option<i64>,
    pub paper: String,
    /// Which `code::compute` scheme made its verification code.
    pub code_version: i64,
}

/// How a new document is numbered.
#[derive(Debug, Clone)]
pub enum DocumentNumber {
    /// PREFIX-YYMM-NNNN, the month's next serial of that prefix.
    Serial(&'static str),
    /// A number the document already has (a 催办单 prints under its own).
    Fixed(String),
}

/// A document to store; what it says is written once its number is known.
#[derive(Debug, Clone)]
pub struct DocumentInsert {
    pub kind: DocumentKind,
    pub number: DocumentNumber,
    pub case_id: Option<i64>,
    pub reminder_id: Option<i64>,
    pub amount_fen: Option<i64>,
    pub payee: Option<String>,
    /// The version of the case the paper was written from: a case changed
    /// meanwhile (a new proposal superseding the approval a certificate
    /// pays) refuses the insert, so no paper vouches for what no longer stands.
    pub case_version: Option<i64>,
    /// YYMM of the number (China time).
    pub period: String,
    pub by: Stamp,
}

/// The case changed between reading it for the paper and issuing it.
pub fn case_changed(case_no: &str) -> AppError {
    AppError::new(ErrorCode::StaleEdit, format!("案件 {case_no} 刚被他人修改，文书没有开具：请刷新后再开具。"))
}

/// The live documents of a case that a write voids with it, because what
/// they vouch for no longer stands (the approval they came from was
/// superseded), with the reason each is voided for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superseded {
    pub kinds: Vec<DocumentKind>,
    pub reason: String,
}

/// Given the number, what the document says (`Paper` as JSON) and its verification code.
pub type ComposeDocument<'a> = dyn Fn(&str) -> Result<(String, String)> + 'a;

/// 文书.
pub trait DocumentStore: Send + Sync {
    /// Numbers the document, asks `compose` what it says, and stores it with
    /// a line on the case's timeline. Refuses (WRONG_STATE) a second live
    /// document of the same kind for the same case.
    fn insert_document(&self, insert: &DocumentInsert, compose: &ComposeDocument) -> Result<i64>;
    fn document_by_id(&self, id: i64) -> Result<Option<StoredDocument>>;
    fn document(&self, number: &str) -> Result<Option<StoredDocument>>;
    fn document_by_code(&self, code: &str) -> Result<Option<StoredDocument>>;
    /// The case's documents, oldest first.
    fn case_documents(&self, case_id: i64) -> Result<Vec<StoredDocument>>;
    /// Records one output of each copy; returns, per copy, whether it had
    /// been output before (a reprint).
    fn record_outputs(&self, document_id: i64, copies: &[u8], target: OutputTarget, by: Stamp) -> Result<Vec<bool>>;
    fn void_document(&self, document_id: i64, reason: &str, by: Stamp) -> Result<()>;
}
