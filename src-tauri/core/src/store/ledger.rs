//! 会计台账: accounting's marks on the issued certificates and return slips
//! (已付, then 已核销, each with its voucher), kept like the audit log:
//! appended, never changed except to be voided with a reason.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::*;
use crate::error::Result;

use super::Stamp;

/// One mark accounting put on a document, voided or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerMarkRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub mark: LedgerMark,
    /// 传票号
    pub voucher_no: String,
    /// 传票日期
    pub voucher_date: NaiveDate,
    pub by_name: String,
    pub at: DateTime<Utc>,
    pub void_reason: Option<String>,
    pub voided_by_name: Option<String>,
    pub voided_at: Option<DateTime<Utc>>,
}

/// A line of the ledger: an issued certificate or return slip, where it
/// stands, and every mark it has had (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerRow {
    #[ts(type = "number")]
    pub document_id: i64,
    pub number: String,
    pub kind: DocumentKind,
    #[ts(type = "number | null")]
    pub case_id: Option<i64>,
    pub case_no: Option<String>,
    /// Whom the document pays, as printed on it (for one issued before the
    /// payee was stored, the case's customer name).
    pub payee: Option<String>,
    #[ts(type = "number")]
    pub amount_fen: i64,
    pub issued_by_name: String,
    pub issued_at: DateTime<Utc>,
    pub state: LedgerState,
    pub void_reason: Option<String>,
    pub voided_by_name: Option<String>,
    pub voided_at: Option<DateTime<Utc>>,
    pub marks: Vec<LedgerMarkRecord>,
}

impl LedgerRow {
    /// The latest mark not voided, if any.
    pub fn live_mark(&self) -> Option<&LedgerMarkRecord> {
        self.marks.iter().rev().find(|m| m.voided_at.is_none())
    }

    /// Where the document stands: 已作废 once voided, else its latest live
    /// mark, else 待入账. Stores call this when they read a row.
    pub fn settle(&mut self) {
        self.state = if self.voided_at.is_some() {
            LedgerState::Voided
        } else {
            match self.live_mark().map(|m| m.mark) {
                None => LedgerState::Pending,
                Some(LedgerMark::Paid) => LedgerState::Paid,
                Some(LedgerMark::WrittenOff) => LedgerState::WrittenOff,
            }
        };
    }
}

/// Which documents to read; the state is judged by the desk.
#[derive(Debug, Clone, Default)]
pub struct LedgerFilter {
    pub kinds: Vec<DocumentKind>,
    /// Issued at or after.
    pub from: Option<DateTime<Utc>>,
    /// Issued before.
    pub to: Option<DateTime<Utc>>,
    /// A LIKE pattern (`like_pattern`) matched against the number, the case
    /// number and the payee, ignoring ASCII case; empty: no search.
    pub pattern: String,
    pub document_id: Option<i64>,
}

/// `%text%` with LIKE's own characters escaped by `\`.
pub fn like_pattern(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A new mark. `after` is the document's latest live mark the desk decided
/// on: the store refuses (STALE_EDIT) if that changed meanwhile, and
/// (VOIDED) a voided document.
#[derive(Debug, Clone)]
pub struct LedgerMarkInsert {
    pub document_id: i64,
    pub mark: LedgerMark,
    pub voucher_no: String,
    pub voucher_date: NaiveDate,
    pub after: Option<i64>,
    /// The state before, for the audit lines.
    pub from: LedgerState,
    /// The voucher as the audit lines write it (传票号 and date).
    pub voucher: String,
    pub by: Stamp,
}

/// A mark voided with a reason. The store refuses (VOIDED) a mark already
/// voided and (WRONG_STATE) one that is not its document's latest live mark.
#[derive(Debug, Clone)]
pub struct LedgerMarkVoid {
    pub mark_id: i64,
    pub reason: String,
    /// The states before and after, and the voided mark's voucher, for the audit lines.
    pub from: LedgerState,
    pub to: LedgerState,
    pub voucher: String,
    pub by: Stamp,
}

/// 会计台账. Each write is one transaction with its audit lines on the
/// document's case (its timeline shows them): the document's number
/// (`documentNo`), the state before and after (`ledgerState`, the void's
/// reason with it) and the voucher (`voucher`, new when marked, old when
/// voided).
pub trait LedgerStore: Send + Sync {
    /// The documents of the filter, in the order they were issued, each
    /// with its marks and its state.
    fn ledger_rows(&self, filter: &LedgerFilter) -> Result<Vec<LedgerRow>>;
    fn insert_ledger_mark(&self, insert: &LedgerMarkInsert) -> Result<i64>;
    fn void_ledger_mark(&self, void: &LedgerMarkVoid) -> Result<()>;
}

/// The refusal when the document's marks changed since the desk read them.
pub fn ledger_changed(number: &str) -> crate::error::AppError {
    crate::error::AppError::new(
        crate::error::ErrorCode::StaleEdit,
        format!("{number} 的入账状态刚被他人修改，本次没有登记：请刷新后再操作。"),
    )
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn a_search_is_matched_anywhere_and_like_characters_as_themselves() {
        assert_eq!(like_pattern("  "), "");
        assert_eq!(like_pattern(" ZR-2611 "), "%ZR-2611%");
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
