//! 导出全部数据 in SQLite: cases, audit lines and documents in pages by id.

use rusqlite::{params, Connection};

use super::rows::{audit, audit_entry};
use super::SqliteStore;
use crate::documents::StoredDocument;
use crate::error::Result;
use crate::model::AuditEntry;
use crate::store::data_export::DATA_EXPORT_ENTITY;
use crate::store::{DataExportStore, Stamp};

fn case_ids_after(conn: &Connection, after: i64, limit: u32) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM cases WHERE id > ?1 ORDER BY id LIMIT ?2")?;
    let ids = stmt.query_map(params![after, limit], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

fn audit_lines_after(conn: &Connection, after: i64, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.at, a.actor_id, u.name, a.entity, a.entity_id, a.action, a.field, a.old_value, a.new_value, a.reason
         FROM audit_log a JOIN users u ON u.id = a.actor_id
         WHERE a.id > ?1 ORDER BY a.id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit], audit_entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl DataExportStore for SqliteStore {
    fn case_ids_after(&self, after: i64, limit: u32) -> Result<Vec<i64>> {
        self.read(|c| case_ids_after(c, after, limit))
    }

    fn audit_lines_after(&self, after: i64, limit: u32) -> Result<Vec<AuditEntry>> {
        self.read(|c| audit_lines_after(c, after, limit))
    }

    fn documents_after(&self, after: i64, limit: u32) -> Result<Vec<StoredDocument>> {
        self.read(|c| super::documents::documents_after(c, after, limit))
    }

    fn record_data_export(&self, action: &str, folder: &str, reason: Option<&str>, by: Stamp) -> Result<()> {
        self.write(|tx| audit(tx, by.at, by.actor_id, DATA_EXPORT_ENTITY, by.actor_id, action, None, None, Some(folder), reason))
    }
}
