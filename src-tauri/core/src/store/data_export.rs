//! 导出全部数据: the reads that walk a whole database in pages, by id, so an
//! export of a million cases holds one page at a time (keyset paging: each
//! page starts after the last id of the one before, never with an OFFSET
//! that rereads what came before).

use crate::documents::StoredDocument;
use crate::error::Result;
use crate::model::AuditEntry;

use super::Stamp;

/// The audit log's entity of 导出全部数据's lines (entity id: the admin's user id).
pub const DATA_EXPORT_ENTITY: &str = "data_export";

/// The whole-database reads of 导出全部数据, and its audit lines.
pub trait DataExportStore: Send + Sync {
    /// The ids of the cases after `after`, ascending, at most `limit`
    /// (voided cases too).
    fn case_ids_after(&self, after: i64, limit: u32) -> Result<Vec<i64>>;
    /// Every audit line after id `after`, ascending, at most `limit`.
    fn audit_lines_after(&self, after: i64, limit: u32) -> Result<Vec<AuditEntry>>;
    /// Every issued document after id `after` (voided ones too, those of no
    /// case too), ascending, at most `limit`.
    fn documents_after(&self, after: i64, limit: u32) -> Result<Vec<StoredDocument>>;
    /// An audit line on `DATA_EXPORT_ENTITY`: `action` ("export_all_data" when
    /// it starts, "export_all_data_end" when it ends), the folder as the new
    /// value and how it ended as the reason.
    fn record_data_export(&self, action: &str, folder: &str, reason: Option<&str>, by: Stamp) -> Result<()>;
}
