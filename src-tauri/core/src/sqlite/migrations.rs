//! Schema migrations, embedded in the binary and run at start-up. The
//! schema version is SQLite's `user_version`. Each migration runs in its own
//! IMMEDIATE transaction and re-reads the version inside it, so two
//! workstations starting at once do not migrate twice.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::Result;

struct Migration {
    sql: &'static str,
    /// Work SQL cannot do (filling an index from Rust-computed text).
    then: Option<fn(&Transaction) -> Result<()>>,
}

const MIGRATIONS: &[Migration] = &[
    Migration { sql: include_str!("../../migrations/001_cases.sql"), then: None },
    Migration { sql: include_str!("../../migrations/002_search.sql"), then: Some(super::cases::reindex_all) },
    Migration { sql: include_str!("../../migrations/003_attachments.sql"), then: None },
    Migration { sql: include_str!("../../migrations/004_people.sql"), then: None },
    Migration { sql: include_str!("../../migrations/005_workflow.sql"), then: None },
    Migration { sql: include_str!("../../migrations/006_closing.sql"), then: None },
    Migration { sql: include_str!("../../migrations/007_crisis.sql"), then: None },
    Migration { sql: include_str!("../../migrations/008_deadlines.sql"), then: Some(super::deadlines::seed_calendar) },
    Migration { sql: include_str!("../../migrations/009_documents.sql"), then: Some(super::documents::create_key) },
    Migration { sql: include_str!("../../migrations/010_sheet_order.sql"), then: None },
    Migration { sql: include_str!("../../migrations/011_one_character_search.sql"), then: Some(super::cases::reindex_bigrams) },
    Migration { sql: include_str!("../../migrations/012_one_payable_certificate.sql"), then: None },
    Migration { sql: include_str!("../../migrations/013_downgrade_notices.sql"), then: None },
    Migration { sql: include_str!("../../migrations/014_unknown_sign_ins.sql"), then: None },
    Migration { sql: include_str!("../../migrations/015_ledger_marks.sql"), then: None },
    Migration { sql: include_str!("../../migrations/016_hospitality.sql"), then: None },
    Migration { sql: include_str!("../../migrations/017_stats.sql"), then: None },
    Migration { sql: include_str!("../../migrations/018_monthly_statements.sql"), then: None },
    Migration { sql: include_str!("../../migrations/019_accountability.sql"), then: None },
    Migration { sql: include_str!("../../migrations/020_systemic_alerts.sql"), then: None },
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn run(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST_VERSION)
}

/// Applies migrations up to `target` (tests build every earlier version).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version >= target {
            return Ok(());
        }
        let migration = &MIGRATIONS[version as usize];
        if version == 0 {
            tx.execute_batch(&format!("PRAGMA application_id = {};", super::APPLICATION_ID))?;
        }
        tx.execute_batch(migration.sql)?;
        if let Some(step) = migration.then {
            step(&tx)?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {};", version + 1))?;
        tx.commit()?;
    }
}
