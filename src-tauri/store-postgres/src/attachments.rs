//! Attachments in PostgreSQL: kept as BYTEA beside their case, never
//! deleted (a trigger refuses it). As in SQLite; the new id comes back from
//! `RETURNING` instead of the last inserted rowid. Adding a file decides
//! nothing on what it reads, so nothing is locked.

use complaintdesk_core::error::Result;
use complaintdesk_core::model::Attachment;
use complaintdesk_core::store::AttachmentInsert;

use crate::rows::{self, millis, time};
use crate::sql::Sql;
use crate::Db;

pub fn insert(c: &mut impl Sql, a: &AttachmentInsert) -> Result<i64> {
    let row = c
        .query_one(
            "INSERT INTO attachments (case_id, file_name, media_type, size, content, note, added_at, added_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[&a.case_id, &a.file_name, &a.media_type, &(a.content.len() as i64), &a.content, &a.note, &millis(a.at), &a.actor_id],
        )
        .db()?;
    let id: i64 = rows::get(&row, 0)?;
    rows::audit(c, a.at, a.actor_id, "case", a.case_id, "attach", None, None, Some(&a.file_name), None)?;
    Ok(id)
}

pub fn of_case(c: &mut impl Sql, case_id: i64) -> Result<Vec<Attachment>> {
    let rows = c
        .query(
            "SELECT a.id, a.case_id, a.file_name, a.media_type, a.size, a.note, a.added_at, u.name
             FROM attachments a JOIN users u ON u.id = a.added_by WHERE a.case_id = $1 ORDER BY a.id",
            &[&case_id],
        )
        .db()?;
    rows::all(rows, |r| {
        Ok(Attachment {
            id: rows::get(r, 0)?,
            case_id: rows::get(r, 1)?,
            file_name: rows::get(r, 2)?,
            media_type: rows::get(r, 3)?,
            size: rows::get(r, 4)?,
            note: rows::get(r, 5)?,
            added_at: time(r, 6)?,
            added_by_name: rows::get(r, 7)?,
        })
    })
}

pub fn content(c: &mut impl Sql, id: i64) -> Result<Option<(String, String, Vec<u8>)>> {
    let row = c.query_opt("SELECT file_name, media_type, content FROM attachments WHERE id = $1", &[&id]).db()?;
    row.map(|r| Ok((rows::get(&r, 0)?, rows::get(&r, 1)?, rows::get(&r, 2)?))).transpose()
}
