//! Cases and the tracking sheet: registration with numbering, edits,
//! voiding, the sheet's pages and search, customers, attachments, 危机 alerts.

use chrono::{DateTime, Utc};

use crate::codes::*;
use crate::error::Result;
use crate::model::*;

use super::Stamp;

/// The most rows one sheet page may ask for.
pub const MAX_PAGE_SIZE: u32 = 200;

/// The sheet counts matches up to this many; beyond, it says "10000+" (an
/// exact count of a million-row filter on every keystroke would cost more
/// than the page itself).
pub const COUNT_CAP: u64 = 10_000;

/// The most rows one step of a walk of the sheet (`CaseStore::case_rows_after`)
/// may ask for: more than a page, as nobody scrolls them; still a small,
/// constant amount of memory.
pub const MAX_WALK_ROWS: u32 = 1000;

/// A sort key's value as the store read it for the last row of a step of a
/// walk of the sheet (a rank for coded columns, milliseconds for times).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortValue {
    /// The sheet is sorted by case number alone: the id is the whole key.
    NoKey,
    /// The key is empty (no cause type, no department).
    Null,
    Int(i64),
    Text(String),
}

/// Where a walk of the sheet stopped: the last row's sort key and id. The
/// next step reads the rows after it in the query's order, so each step
/// costs the same however far the walk has gone (OFFSET would skip over all
/// the rows before it again), and rows edited meanwhile neither repeat nor
/// push others out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCursor {
    pub key: SortValue,
    pub id: i64,
}

/// One step of a walk: the rows, and where the next step starts (the last
/// row's cursor; `None` when there were no rows). Fewer rows than asked for
/// means the walk is at its end.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetBatch {
    pub rows: Vec<CaseRow>,
    pub next: Option<SheetCursor>,
}

/// The rest of a walk, as stretches of the sort key's order that an index
/// of (key, id) can each answer with one range. The rows after a cursor are
/// those of its own key with a later id, then those of a later key; split
/// so, rather than written `(key, id) > (?, ?)`, each part is a range even
/// where the key is an expression (SQLite uses a row value on an expression
/// index only as a filter, which would read every row before the cursor).
/// The sheet places NULL keys first ascending and last descending, and a
/// comparison never matches a NULL, so they are a stretch of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stretch<'a> {
    /// The whole sheet (no cursor yet).
    All,
    /// Rows of this key with an id after the cursor's (with
    /// `SortValue::NoKey`: every id after it).
    TiesAfter(&'a SortValue, i64),
    /// Rows of a key after this one in the sort direction (never NULL).
    Beyond(&'a SortValue),
    /// NULL keys with an id after the cursor's.
    NullsAfter(i64),
    /// Every NULL key.
    Nulls,
    /// Every key that is not NULL.
    NotNull,
}

impl Stretch<'_> {
    /// The stretches left after `after`, in the walk's order. `nullable`:
    /// the sort key can be NULL.
    pub fn rest(after: Option<&SheetCursor>, descending: bool, nullable: bool) -> Vec<Stretch<'_>> {
        let Some(cursor) = after else { return vec![Stretch::All] };
        match (&cursor.key, descending) {
            (SortValue::NoKey, _) => vec![Stretch::TiesAfter(&cursor.key, cursor.id)],
            (SortValue::Null, false) => vec![Stretch::NullsAfter(cursor.id), Stretch::NotNull],
            (SortValue::Null, true) => vec![Stretch::NullsAfter(cursor.id)],
            (key, true) if nullable => vec![Stretch::TiesAfter(key, cursor.id), Stretch::Beyond(key), Stretch::Nulls],
            (key, _) => vec![Stretch::TiesAfter(key, cursor.id), Stretch::Beyond(key)],
        }
    }
}

/// A case to store as new. The store assigns the number (`period` + the
/// month's next serial) and the customer record (found or created by phone)
/// inside its transaction.
#[derive(Debug, Clone)]
pub struct CaseInsert {
    pub fields: CaseFields,
    pub period: String,
    pub status: CaseStatus,
    pub receiver_id: i64,
    pub handler_id: i64,
    pub validity: Option<Validity>,
    pub malicious: bool,
    pub repeat_of_id: Option<i64>,
    /// A new round (答复 rejected): the case before it, and its round number.
    pub parent_case_id: Option<i64>,
    pub round: i64,
    pub void_reason: Option<String>,
    pub at: DateTime<Utc>,
    /// Audit action recorded for the insert: "register" or "demo".
    pub audit_action: &'static str,
}

/// One changed field, as the audit log keeps it (display values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// An edit of a case's fields, applied only if the case is still at
/// `expected_version` and not voided.
#[derive(Debug, Clone)]
pub struct CaseUpdate {
    pub id: i64,
    pub expected_version: i64,
    pub fields: CaseFields,
    pub changes: Vec<FieldChange>,
    /// Why one of the changes was made (a field, its reason), kept on that
    /// change's audit line: a downgrade from 严重/危机.
    pub reason: Option<(&'static str, String)>,
    pub actor_id: i64,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct CaseVoid {
    pub id: i64,
    pub expected_version: i64,
    pub reason: String,
    pub actor_id: i64,
    pub at: DateTime<Utc>,
    /// The case's live certificates, voided with it.
    pub supersedes: super::Superseded,
}

/// A file to keep with a case.
#[derive(Debug, Clone)]
pub struct AttachmentInsert {
    pub case_id: i64,
    pub file_name: String,
    pub media_type: String,
    pub content: Vec<u8>,
    pub note: String,
    pub actor_id: i64,
    pub at: DateTime<Utc>,
}

/// Cases and the sheet. Every write is one transaction.
pub trait CaseStore: Send + Sync {
    /// Stores one new case; returns its id.
    fn insert_case(&self, case: &CaseInsert) -> Result<i64>;
    /// Stores many new cases in one transaction (demo data, benchmarks).
    fn insert_cases(&self, cases: &[CaseInsert]) -> Result<usize>;
    fn update_case(&self, update: &CaseUpdate) -> Result<()>;
    fn void_case(&self, void: &CaseVoid) -> Result<()>;
    fn case(&self, id: i64) -> Result<Option<Case>>;
    fn case_page(&self, query: &CaseQuery) -> Result<CasePage>;
    /// The sheet walked by a cursor (the export): up to `limit` rows (at
    /// most `MAX_WALK_ROWS`) of `query`'s filter and search, after `after`
    /// (from the start without one) in `query`'s order, exactly as the
    /// numbered pages would list them. `page` and `page_size` are ignored
    /// and nothing is counted.
    fn case_rows_after(&self, query: &CaseQuery, after: Option<&SheetCursor>, limit: u32) -> Result<SheetBatch>;
    fn case_count(&self) -> Result<u64>;
    /// Whether the database holds any case (voided ones too), without
    /// counting them: at start-up, counting a million cold took 1.4 s.
    fn has_cases(&self) -> Result<bool>;
    /// The audit lines of one record, oldest first.
    fn audit_of(&self, entity: &str, id: i64) -> Result<Vec<AuditEntry>>;
    /// Keeps a file with a case (and audits it on the case); returns its id.
    fn insert_attachment(&self, attachment: &AttachmentInsert) -> Result<i64>;
    fn attachments(&self, case_id: i64) -> Result<Vec<Attachment>>;
    /// (file name, media type, bytes)
    fn attachment_content(&self, id: i64) -> Result<Option<(String, String, Vec<u8>)>>;
    fn customer_by_phone(&self, phone: &str) -> Result<Option<Customer>>;
    /// A customer's cases, newest first.
    fn customer_cases(&self, customer_id: i64, limit: u32) -> Result<Vec<CaseRow>>;
    /// Open 严重/危机 cases `user_id` has not acknowledged, oldest first.
    fn crisis_alerts(&self, user_id: i64) -> Result<Vec<CaseRow>>;
    /// Records that `by.actor_id` has seen the crisis (once; again is a no-op),
    /// with a line on the case's timeline.
    fn acknowledge_crisis(&self, case_id: i64, by: Stamp) -> Result<()>;
    /// Open cases whose severity was lowered from 严重/危机 and whose last
    /// such downgrade this user has not acknowledged, oldest first.
    fn downgrade_notices(&self, user_id: i64) -> Result<Vec<DowngradeNotice>>;
    /// The user has seen the case's last downgrade (an audit line).
    fn acknowledge_downgrade(&self, case_id: i64, by: Stamp) -> Result<()>;
    /// 显示完整信息: an audit line on the case (`reveal_personal_data`) saying
    /// who saw its customer's data in full, and when.
    fn record_reveal(&self, case_id: i64, by: Stamp) -> Result<()>;
    /// The open cases `user_id` received (首问受理人), oldest first.
    fn open_cases_received_by(&self, user_id: i64) -> Result<Vec<i64>>;
}
