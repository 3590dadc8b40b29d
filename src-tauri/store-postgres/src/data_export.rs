//! 导出全部数据 on PostgreSQL: cases, audit lines and documents in pages by id.

use complaintdesk_core::documents::StoredDocument;
use complaintdesk_core::error::Result;
use complaintdesk_core::model::AuditEntry;

use complaintdesk_core::store::data_export::DATA_EXPORT_ENTITY;
use complaintdesk_core::store::Stamp;

use crate::rows::{all, audit, audit_entry, get};
use crate::sql::Sql;
use crate::Db;

pub fn case_ids_after(c: &mut impl Sql, after: i64, limit: u32) -> Result<Vec<i64>> {
    let rows = c.query("SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT $2", &[&after, &i64::from(limit)]).db()?;
    all(rows, |r| get(r, 0))
}

pub fn audit_lines_after(c: &mut impl Sql, after: i64, limit: u32) -> Result<Vec<AuditEntry>> {
    let rows = c
        .query(
            "SELECT a.id, a.at, a.actor_id, u.name, a.entity, a.entity_id, a.action, a.field, a.old_value, a.new_value, a.reason
             FROM audit_log a JOIN users u ON u.id = a.actor_id
             WHERE a.id > $1 ORDER BY a.id LIMIT $2",
            &[&after, &i64::from(limit)],
        )
        .db()?;
    all(rows, audit_entry)
}

pub fn documents_after(c: &mut impl Sql, after: i64, limit: u32) -> Result<Vec<StoredDocument>> {
    crate::documents::documents_after(c, after, limit)
}

pub fn record_data_export(c: &mut impl Sql, action: &str, folder: &str, reason: Option<&str>, by: Stamp) -> Result<()> {
    audit(c, by.at, by.actor_id, DATA_EXPORT_ENTITY, by.actor_id, action, None, None, Some(folder), reason)
}
