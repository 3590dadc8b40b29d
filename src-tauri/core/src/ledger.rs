//! 会计台账: 会计科's list of every issued certificate and return slip
//! (销货折让证明单, 成品退货单, 退款/折扣凭证) — number, case, payee, amount,
//! issuer, where it stands — on which accounting marks each 已付 and then
//! 已核销, with the voucher's (传票) number and date, and sees what is
//! still to be booked (待入账: issued, live and not yet 已核销).
//!
//! A mark is appended, never changed; a wrong one is voided with a reason
//! (the latest live one only, so the state steps back one mark at a time).
//! A voided document reads 已作废 and takes no new mark. Only 会计科 marks;
//! 会计科 and the administrator see the ledger. Each mark and each void is
//! one transaction with its audit lines on the document's case.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::*;
use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::User;
use crate::store::{LedgerFilter, LedgerMarkInsert, LedgerMarkVoid};
use crate::validate;

pub use crate::store::ledger::{LedgerMarkRecord, LedgerRow};

/// The documents accounting books.
pub const LEDGER_KINDS: [DocumentKind; 3] =
    [DocumentKind::AllowanceCertificate, DocumentKind::ReturnSlip, DocumentKind::RefundCertificate];

/// The ledger's filter and page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerQuery {
    /// `None`: every state.
    #[serde(default)]
    pub state: Option<LedgerState>,
    /// "2026-11": issued that month, the month in the document's number
    /// (China time); empty: any month.
    #[serde(default)]
    pub month: String,
    /// Part of the number, the case number or the customer's name.
    #[serde(default)]
    pub search: String,
    #[serde(default = "first_page")]
    pub page: u32,
    #[serde(default = "default_page_size")]
    pub page_size: u32,
}

fn first_page() -> u32 {
    1
}

fn default_page_size() -> u32 {
    50
}

impl Default for LedgerQuery {
    fn default() -> Self {
        LedgerQuery { state: None, month: String::new(), search: String::new(), page: 1, page_size: default_page_size() }
    }
}

/// How many documents of the month and search stand in a state, and their amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerCount {
    pub state: LedgerState,
    #[ts(type = "number")]
    pub count: u64,
    #[ts(type = "number")]
    pub amount_fen: i64,
}

/// A page of the ledger, with the totals of the whole filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerPage {
    pub rows: Vec<LedgerRow>,
    /// Documents matching the filter (every page).
    #[ts(type = "number")]
    pub total: u64,
    /// Their amount, in fen.
    #[ts(type = "number")]
    pub total_fen: i64,
    /// Each state's count and amount for the month and search (the state tabs).
    pub counts: Vec<LedgerCount>,
    /// Whether the signed-in person may mark (会计科).
    pub may_mark: bool,
    /// Today in the organisation's zone, by the desk's clock (the voucher date's default and limit).
    pub today: NaiveDate,
}

/// 登记已付 / 登记核销: the document, the mark and its voucher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerMarkInput {
    #[ts(type = "number")]
    pub document_id: i64,
    pub mark: LedgerMark,
    /// 传票号
    pub voucher_no: String,
    /// 传票日期, YYYY-MM-DD.
    pub voucher_date: String,
}

/// The ledger prints at most this many rows at a time.
pub const LEDGER_PRINT_ROWS: usize = 1000;

const MAX_PAGE_SIZE: u32 = 200;

/// "2026-11" → the first instants of that month and the next, China time.
fn month_range(month: &str) -> Result<(Option<DateTime<Utc>>, Option<DateTime<Utc>>)> {
    let month = month.trim();
    if month.is_empty() {
        return Ok((None, None));
    }
    let bad = || AppError::invalid("month", format!("月份「{month}」应写作 2026-11 这样的年-月"));
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").map_err(|_| bad())?;
    let next = first.checked_add_months(chrono::Months::new(1)).ok_or_else(bad)?;
    let start = |d: NaiveDate| {
        crate::numbering::china().from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight")).single().expect("fixed offset").with_timezone(&Utc)
    };
    Ok((Some(start(first)), Some(start(next))))
}

/// The voucher as the audit lines and the printed ledger write it.
fn voucher_text(voucher_no: &str, date: NaiveDate) -> String {
    format!("{voucher_no}（{date}）")
}

impl Desk {
    /// 会计科 and the administrator see the ledger; only 会计科 marks.
    fn ledger_roles(&self, actor: &User) -> Result<(bool, bool)> {
        let roles = self.roles_of(actor.id)?;
        let marks = roles.contains(&Role::Accounting);
        Ok((marks || roles.contains(&Role::Admin), marks))
    }

    /// Refuses anyone else; whether `actor` may mark.
    pub(crate) fn require_ledger(&self, actor: &User) -> Result<bool> {
        let (sees, marks) = self.ledger_roles(actor)?;
        if !sees {
            return Err(AppError::new(ErrorCode::Forbidden, "会计台账只对会计科和系统管理员开放"));
        }
        Ok(marks)
    }

    /// Today in the organisation's zone.
    fn org_today(&self) -> Result<NaiveDate> {
        self.org_day(self.now())
    }

    fn org_day(&self, at: DateTime<Utc>) -> Result<NaiveDate> {
        let day = self.time_zone()?.day(at);
        NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| AppError::new(ErrorCode::Storage, e.to_string()))
    }

    /// Every row of the query (state included, in issuing order) and each
    /// state's count for its month and search.
    pub(crate) fn ledger_matching(&self, actor: &User, query: &LedgerQuery) -> Result<(Vec<LedgerRow>, Vec<LedgerCount>)> {
        self.require_ledger(actor)?;
        let (from, to) = month_range(&query.month)?;
        let search = validate::clean(&query.search);
        let filter = LedgerFilter {
            kinds: LEDGER_KINDS.to_vec(),
            from,
            to,
            pattern: crate::store::ledger::like_pattern(&search),
            document_id: None,
        };
        let rows = self.store().ledger_rows(&filter)?;
        let counts = LedgerState::ALL
            .iter()
            .map(|&state| {
                let of = rows.iter().filter(|r| r.state == state);
                LedgerCount { state, count: of.clone().count() as u64, amount_fen: of.map(|r| r.amount_fen).sum() }
            })
            .collect();
        let rows = rows.into_iter().filter(|r| query.state.is_none_or(|s| r.state == s)).collect();
        Ok((rows, counts))
    }

    /// 会计台账: a page of the query, its totals and each state's count.
    pub fn ledger(&self, actor: &User, query: &LedgerQuery) -> Result<LedgerPage> {
        let (rows, counts) = self.ledger_matching(actor, query)?;
        let (_, may_mark) = self.ledger_roles(actor)?;
        let total = rows.len() as u64;
        let total_fen = rows.iter().map(|r| r.amount_fen).sum();
        let size = query.page_size.clamp(1, MAX_PAGE_SIZE) as usize;
        let skip = (query.page.max(1) as usize - 1).saturating_mul(size);
        let rows = rows.into_iter().skip(skip).take(size).collect();
        Ok(LedgerPage { rows, total, total_fen, counts, may_mark, today: self.org_today()? })
    }

    /// One document's ledger line.
    pub fn ledger_row(&self, actor: &User, document_id: i64) -> Result<LedgerRow> {
        self.require_ledger(actor)?;
        self.ledger_row_of(document_id)
    }

    fn ledger_row_of(&self, document_id: i64) -> Result<LedgerRow> {
        let filter = LedgerFilter { kinds: LEDGER_KINDS.to_vec(), document_id: Some(document_id), ..LedgerFilter::default() };
        self.store().ledger_rows(&filter)?.pop().ok_or_else(|| AppError::not_found("要入账的凭证"))
    }

    /// 登记已付 / 登记核销 (会计科): 已付 on a document waiting to be
    /// booked, 已核销 on one waiting or paid; the voucher's number and date
    /// are required, the date neither before the document was issued (nor
    /// before its 已付) nor after today.
    pub fn mark_ledger(&self, actor: &User, input: LedgerMarkInput) -> Result<LedgerRow> {
        if !self.require_ledger(actor)? {
            return Err(AppError::new(ErrorCode::Forbidden, "只有会计科可以登记已付、已核销"));
        }
        let voucher_no = validate::required("voucherNo", "传票号", &input.voucher_no, validate::limits::SHORT);
        let typed_date = input.voucher_date.trim();
        let voucher_date = if typed_date.is_empty() {
            Err(AppError::invalid("voucherDate", "请填写传票日期"))
        } else {
            NaiveDate::parse_from_str(typed_date, "%Y-%m-%d")
                .map_err(|_| AppError::invalid("voucherDate", format!("传票日期「{typed_date}」应写作 2026-11-23 这样的日期")))
        };
        let (voucher_no, voucher_date) = match (voucher_no, voucher_date) {
            (Ok(no), Ok(date)) => (no, date),
            (no, date) => {
                let problems = [no.err(), date.err()].into_iter().flatten().collect();
                return Err(AppError::all_of(problems).expect("a refusal"));
            }
        };
        let row = self.ledger_row_of(input.document_id)?;
        let label = row.kind.label();
        if row.state == LedgerState::Voided {
            return Err(AppError::new(
                ErrorCode::Voided,
                format!("{label} {} 已作废（{}），不能入账", row.number, row.void_reason.clone().unwrap_or_default()),
            ));
        }
        let live = row.live_mark().cloned();
        match (row.state, input.mark) {
            (LedgerState::Pending, _) | (LedgerState::Paid, LedgerMark::WrittenOff) => {}
            (state, _) => {
                let voucher = live.as_ref().map(|m| format!("，传票号 {}", m.voucher_no)).unwrap_or_default();
                return Err(AppError::new(
                    ErrorCode::WrongState,
                    format!("{label} {} {}{voucher}，不能再登记{}", row.number, state.label(), input.mark.label()),
                ));
            }
        }
        let today = self.org_today()?;
        if voucher_date > today {
            return Err(AppError::invalid("voucherDate", format!("传票日期 {voucher_date} 晚于今天（{today}）")));
        }
        let issued = self.org_day(row.issued_at)?;
        if voucher_date < issued {
            return Err(AppError::invalid("voucherDate", format!("传票日期 {voucher_date} 早于{label}的开具日期 {issued}")));
        }
        if let Some(paid) = live.as_ref().filter(|m| m.mark == LedgerMark::Paid) {
            if voucher_date < paid.voucher_date {
                return Err(AppError::invalid("voucherDate", format!("核销的传票日期 {voucher_date} 早于已付的传票日期 {}", paid.voucher_date)));
            }
        }
        self.store().insert_ledger_mark(&LedgerMarkInsert {
            document_id: row.document_id,
            mark: input.mark,
            voucher: voucher_text(&voucher_no, voucher_date),
            voucher_no,
            voucher_date,
            after: live.map(|m| m.id),
            from: row.state,
            by: self.stamp(actor),
        })?;
        self.ledger_row_of(row.document_id)
    }

    /// 作废入账记录 (会计科): the document's latest live mark, with a
    /// reason; the document then stands as before that mark.
    pub fn void_ledger_mark(&self, actor: &User, document_id: i64, mark_id: i64, reason: &str) -> Result<LedgerRow> {
        if !self.require_ledger(actor)? {
            return Err(AppError::new(ErrorCode::Forbidden, "只有会计科可以作废入账记录"));
        }
        let reason = validate::reason("reason", "作废原因", reason)?;
        let row = self.ledger_row_of(document_id)?;
        let mark = row.marks.iter().find(|m| m.id == mark_id).ok_or_else(|| AppError::not_found("入账记录"))?;
        if mark.voided_at.is_some() {
            return Err(AppError::new(ErrorCode::Voided, format!("{} 的这条入账记录已经作废", row.number)));
        }
        if row.live_mark().map(|m| m.id) != Some(mark_id) {
            return Err(AppError::new(ErrorCode::WrongState, format!("{} 之后还有入账记录：请先作废最近的一条", row.number)));
        }
        let state_of = |m: Option<&LedgerMarkRecord>| match m.map(|m| m.mark) {
            None => LedgerState::Pending,
            Some(LedgerMark::Paid) => LedgerState::Paid,
            Some(LedgerMark::WrittenOff) => LedgerState::WrittenOff,
        };
        let before = row.marks.iter().rev().filter(|m| m.voided_at.is_none()).nth(1);
        self.store().void_ledger_mark(&LedgerMarkVoid {
            mark_id,
            reason,
            from: state_of(Some(mark)),
            to: state_of(before),
            voucher: voucher_text(&mark.voucher_no, mark.voucher_date),
            by: self.stamp(actor),
        })?;
        self.ledger_row_of(document_id)
    }
}

/// The query in words, printed on the ledger ("状态：待入账；月份：2026-11；搜索：华星").
pub(crate) fn filter_text(query: &LedgerQuery) -> String {
    let mut parts = Vec::new();
    parts.push(format!("状态：{}", query.state.map_or("全部", |s| s.label())));
    if !query.month.trim().is_empty() {
        parts.push(format!("月份：{}", query.month.trim()));
    }
    let search = validate::clean(&query.search);
    if !search.trim().is_empty() {
        parts.push(format!("搜索：{}", search.trim()));
    }
    parts.join("；")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_the_month_of_the_number_in_china_time() {
        let (from, to) = month_range("2026-11").unwrap();
        assert_eq!(from.unwrap(), Utc.with_ymd_and_hms(2026, 10, 31, 16, 0, 0).unwrap());
        assert_eq!(to.unwrap(), Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap());
        let (_, to) = month_range("2026-12").unwrap();
        assert_eq!(to.unwrap(), Utc.with_ymd_and_hms(2026, 12, 31, 16, 0, 0).unwrap());
        assert_eq!(month_range(" ").unwrap(), (None, None));
        let err = month_range("2026-13").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("month"));
    }

    #[test]
    fn the_filter_reads_in_words() {
        let q = LedgerQuery { state: Some(LedgerState::Pending), month: "2026-11".into(), search: " 华星 ".into(), ..LedgerQuery::default() };
        assert_eq!(filter_text(&q), "状态：待入账；月份：2026-11；搜索：华星");
        assert_eq!(filter_text(&LedgerQuery::default()), "状态：全部");
    }
}
