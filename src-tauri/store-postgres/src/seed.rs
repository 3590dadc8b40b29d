//! The Rust steps of the schema migration, run in its transaction after
//! `migrations/001_schema.sql`: what SQLite's migrations 008 and 009 do
//! after their SQL (`core::sqlite::deadlines::seed_calendar`,
//! `core::sqlite::documents::create_key`), written the same way, so both
//! stores start with the same calendar and a key of their own.

use chrono::Utc;

use complaintdesk_core::calendar;
use complaintdesk_core::documents::{code, DOCUMENT_KEY};
use complaintdesk_core::Result;

use crate::Db;

/// The shipped holiday years, as the calendar module reads them, marked as
/// shipped (no editor). A year already there is left as it is.
pub fn seed_calendar(tx: &mut postgres::Transaction<'_>) -> Result<()> {
    let now: i64 = Utc::now().timestamp_millis();
    for year in calendar::shipped_years() {
        tx.execute(
            "INSERT INTO calendar_years (year, json, updated_at, updated_by) VALUES ($1, $2, $3, NULL)
             ON CONFLICT (year) DO NOTHING",
            &[&i64::from(year.year), &year.to_json(), &now],
        )
        .db()?;
    }
    Ok(())
}

/// This installation's document verification key, made once: an existing
/// key is never replaced (documents already issued are checked with it).
pub fn create_key(tx: &mut postgres::Transaction<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        &[&DOCUMENT_KEY, &code::new_key()],
    )
    .db()?;
    Ok(())
}
