//! Attachments in SQLite: kept as BLOBs beside their case, never deleted.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::millis;
use super::rows::{self, time};
use crate::error::Result;
use crate::model::Attachment;
use crate::store::AttachmentInsert;

pub fn insert(tx: &Transaction, a: &AttachmentInsert) -> Result<i64> {
    tx.execute(
        "INSERT INTO attachments (case_id, file_name, media_type, size, content, note, added_at, added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![a.case_id, a.file_name, a.media_type, a.content.len() as i64, a.content, a.note, millis(a.at), a.actor_id],
    )?;
    let id = tx.last_insert_rowid();
    rows::audit(tx, a.at, a.actor_id, "case", a.case_id, "attach", None, None, Some(&a.file_name), None)?;
    Ok(id)
}

pub fn of_case(conn: &Connection, case_id: i64) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.case_id, a.file_name, a.media_type, a.size, a.note, a.added_at, u.name
         FROM attachments a JOIN users u ON u.id = a.added_by WHERE a.case_id = ?1 ORDER BY a.id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(Attachment {
            id: r.get(0)?,
            case_id: r.get(1)?,
            file_name: r.get(2)?,
            media_type: r.get(3)?,
            size: r.get(4)?,
            note: r.get(5)?,
            added_at: time(r, 6)?,
            added_by_name: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn content(conn: &Connection, id: i64) -> Result<Option<(String, String, Vec<u8>)>> {
    Ok(conn
        .query_row("SELECT file_name, media_type, content FROM attachments WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}
