//! 奖罚: the month's penalty notices (proposed, decided, issued as a
//! 《奖罚通知单》, or voided) and the store fines an issued notice imposes.
//! The cases the penalties are computed from are the statistics' case facts
//! (`store::stats`), read by the closing time's index.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::accountability::rules::StoreFineKind;
use crate::error::Result;

use super::{ComposeDocument, DocumentInsert, Stamp};

/// Where a notice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PenaltyState {
    /// 待总经理核准
    Proposed,
    /// 总经理退回 (final: the 总经理室 proposes again)
    SentBack,
    /// 已核准, waiting to be issued
    Approved,
    /// 已开具《奖罚通知单》
    Issued,
    Voided,
}

impl PenaltyState {
    pub const ALL: [PenaltyState; 5] =
        [PenaltyState::Proposed, PenaltyState::SentBack, PenaltyState::Approved, PenaltyState::Issued, PenaltyState::Voided];

    pub fn code(self) -> &'static str {
        match self {
            PenaltyState::Proposed => "proposed",
            PenaltyState::SentBack => "sent_back",
            PenaltyState::Approved => "approved",
            PenaltyState::Issued => "issued",
            PenaltyState::Voided => "voided",
        }
    }

    pub fn from_code(code: &str) -> Option<PenaltyState> {
        PenaltyState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PenaltyState::Proposed => "待总经理核准",
            PenaltyState::SentBack => "已退回",
            PenaltyState::Approved => "已核准",
            PenaltyState::Issued => "已开具",
            PenaltyState::Voided => "已作废",
        }
    }

    /// A notice that still counts for its month (one at a time).
    pub fn is_live(self) -> bool {
        matches!(self, PenaltyState::Proposed | PenaltyState::Approved | PenaltyState::Issued)
    }
}

/// A notice as stored; `body` is the `PenaltyBody` JSON the desk reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PenaltyNoticeRecord {
    pub id: i64,
    pub month: String,
    pub state: PenaltyState,
    pub body: String,
    pub total_fen: i64,
    pub proposed_by_name: String,
    pub proposed_at: DateTime<Utc>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub document_id: Option<i64>,
    pub document_no: Option<String>,
    pub void_reason: Option<String>,
    pub voided_by_name: Option<String>,
    pub voided_at: Option<DateTime<Utc>>,
}

/// A new proposal. The store refuses (WRONG_STATE) a second live notice
/// for the month.
#[derive(Debug, Clone)]
pub struct PenaltyNoticeInsert {
    pub month: String,
    pub body: String,
    pub total_fen: i64,
    pub by: Stamp,
}

/// A decision or a void: the state the desk saw (`from`), the one it
/// moves to, and the note (the decision's comment, the void's reason).
/// The store refuses (STALE_EDIT) a notice no longer in `from`. Voiding an
/// issued notice voids its document in the same write.
#[derive(Debug, Clone)]
pub struct PenaltyNoticeChange {
    pub notice_id: i64,
    pub from: PenaltyState,
    pub to: PenaltyState,
    pub note: String,
    pub by: Stamp,
}

/// A fine to record when the notice is issued.
#[derive(Debug, Clone)]
pub struct StoreFineInsert {
    pub department_id: i64,
    pub payer: String,
    pub kind: StoreFineKind,
    pub case_no: Option<String>,
    pub amount_fen: i64,
    pub due_date: NaiveDate,
}

/// A store fine as the 奖罚 screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoreFine {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub notice_id: i64,
    pub month: String,
    #[ts(type = "number")]
    pub department_id: i64,
    pub department_name: String,
    pub payer: String,
    pub kind: StoreFineKind,
    pub case_no: Option<String>,
    #[ts(type = "number")]
    pub amount_fen: i64,
    pub due_date: NaiveDate,
    pub paid_by_name: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    /// Its notice was voided: nothing is owed.
    pub voided: bool,
    /// Unpaid past its due date (judged by the desk's clock).
    #[serde(default)]
    pub overdue: bool,
}

/// 奖罚's records. Each write is one transaction with its audit lines on
/// entity `penalty_notice` (the notice's id).
pub trait AccountabilityStore: Send + Sync {
    /// Every notice of the months (`None`: all), by month then id.
    fn penalty_notices(&self, month: Option<&str>) -> Result<Vec<PenaltyNoticeRecord>>;
    fn penalty_notice(&self, id: i64) -> Result<Option<PenaltyNoticeRecord>>;
    fn insert_penalty_notice(&self, insert: &PenaltyNoticeInsert) -> Result<i64>;
    fn change_penalty_notice(&self, change: &PenaltyNoticeChange) -> Result<()>;
    /// 开具: an approved notice gets its document (numbered, composed as
    /// `insert_document` does) and its store fines, and reads 已开具 — all
    /// in one transaction; refuses (STALE_EDIT) a notice no longer approved.
    fn issue_penalty_notice(&self, notice_id: i64, document: &DocumentInsert, compose: &ComposeDocument, fines: &[StoreFineInsert]) -> Result<i64>;
    /// Fines of notices of a month whose text starts with `month_prefix`
    /// ("2026" for a year), by id.
    fn store_fines(&self, month_prefix: &str) -> Result<Vec<StoreFine>>;
    /// 已缴: refuses (WRONG_STATE) a fine already paid or whose notice was voided.
    fn mark_store_fine_paid(&self, fine_id: i64, by: Stamp) -> Result<()>;
}
