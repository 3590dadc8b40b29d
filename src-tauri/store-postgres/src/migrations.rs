//! Schema migrations, embedded in the binary and run at connect time. The
//! version lives in `complaintdesk_schema` (which also marks the database
//! as ours). Several desks starting at once take a session advisory lock,
//! so exactly one migrates while the others wait and then find it done.

use postgres::Client;

use complaintdesk_core::error::{AppError, ErrorCode, Result};

use crate::Db;

struct Migration {
    sql: &'static str,
    /// Work SQL cannot do (seed data computed in Rust).
    then: Option<fn(&mut postgres::Transaction<'_>) -> Result<()>>,
}

/// Version 1 is the whole schema as SQLite has it at its version 9; each
/// later one follows a SQLite migration (2 = SQLite's 10, 3 = SQLite's 12,
/// 4–6 = SQLite's 13–15).
const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("../migrations/001_schema.sql"),
        then: Some(|tx| {
            crate::seed::seed_calendar(tx)?;
            crate::seed::create_key(tx)
        }),
    },
    Migration { sql: include_str!("../migrations/002_sheet_order.sql"), then: None },
    Migration { sql: include_str!("../migrations/003_one_payable_certificate.sql"), then: None },
    Migration { sql: include_str!("../migrations/004_downgrade_notices.sql"), then: None },
    Migration { sql: include_str!("../migrations/005_unknown_sign_ins.sql"), then: None },
    Migration { sql: include_str!("../migrations/006_ledger_marks.sql"), then: None },
    Migration { sql: include_str!("../migrations/007_hospitality.sql"), then: None },
    Migration { sql: include_str!("../migrations/008_stats.sql"), then: None },
    Migration { sql: include_str!("../migrations/009_monthly_statements.sql"), then: None },
    Migration { sql: include_str!("../migrations/010_accountability.sql"), then: None },
    Migration { sql: include_str!("../migrations/011_systemic_alerts.sql"), then: None },
    Migration { sql: "", then: Some(narrow_search) },
    Migration { sql: include_str!("../migrations/013_sheet_severity.sql"), then: None },
];

/// Migration 12 (`012_narrow_search.sql`): its first part makes the narrow
/// table, `fill_narrow_search` copies the rows, its second part replaces the
/// old table with it.
fn narrow_search(tx: &mut postgres::Transaction<'_>) -> Result<()> {
    const SQL: &str = include_str!("../migrations/012_narrow_search.sql");
    const FILL: &str = "-- fill_narrow_search: the rows, from the old table and the cases.";
    let (before, after) = SQL.split_once(FILL).expect("012_narrow_search.sql marks where the rows are copied");
    tx.batch_execute(before).db()?;
    fill_narrow_search(tx)?;
    tx.batch_execute(after).db()?;
    Ok(())
}

/// Every case's search row in the narrow table: its keys from `cases`, its
/// text from the old table and the runs the core makes of that text
/// (`SearchDoc::runs`), in id order, 10,000 at a time (read through a portal,
/// written by binary COPY).
fn fill_narrow_search(tx: &mut postgres::Transaction<'_>) -> Result<()> {
    use postgres::binary_copy::BinaryCopyInWriter;
    use postgres::types::Type;
    const COLUMNS: &str = "id, status, severity, channel, cause_type, department_id, handler_id, received_at, customer_name,
        department_name, handler_name, doc, runs";
    let portal = tx
        .bind(
            "SELECT c.id, c.status, c.severity, c.channel, c.cause_type, c.department_id, c.handler_id, c.received_at,
                c.customer_name, c.department_name, c.handler_name, s.doc
             FROM case_search s JOIN cases c ON c.id = s.case_id ORDER BY c.id",
            &[],
        )
        .db()?;
    let (int8, text) = (Type::INT8, Type::TEXT);
    let types =
        [int8.clone(), text.clone(), text.clone(), text.clone(), text.clone(), int8.clone(), int8.clone(), int8, text.clone(), text.clone(), text.clone(), text.clone(), text];
    loop {
        let rows = tx.query_portal(&portal, 10_000).db()?;
        if rows.is_empty() {
            return Ok(());
        }
        let sink = tx.copy_in(&format!("COPY case_search_narrow ({COLUMNS}) FROM STDIN (FORMAT binary)")).db()?;
        let mut writer = BinaryCopyInWriter::new(sink, &types);
        for r in &rows {
            let doc: String = r.try_get(11).db()?;
            let runs = complaintdesk_core::search::runs_of(&doc);
            let mut values: Vec<Box<dyn postgres::types::ToSql + Sync>> = Vec::with_capacity(13);
            values.push(Box::new(r.try_get::<_, i64>(0).db()?));
            for i in 1..=4 {
                values.push(Box::new(r.try_get::<_, Option<String>>(i).db()?));
            }
            values.push(Box::new(r.try_get::<_, Option<i64>>(5).db()?));
            values.push(Box::new(r.try_get::<_, i64>(6).db()?));
            values.push(Box::new(r.try_get::<_, i64>(7).db()?));
            for i in 8..=10 {
                values.push(Box::new(r.try_get::<_, Option<String>>(i).db()?));
            }
            values.push(Box::new(doc));
            values.push(Box::new(runs));
            let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
            writer.write(&refs).db()?;
        }
        writer.finish().db()?;
    }
}

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// "KSTD" as an advisory lock key: only our migrations take it.
const MIGRATION_LOCK: i64 = 0x4B53_5444;
const APP: &str = "complaintdesk";

/// Refuses a database that is not ours or is newer than this build, then
/// brings it up to `target` (tests build earlier versions).
pub fn run(client: &mut Client, dbname: &str) -> Result<()> {
    migrate_to(client, dbname, LATEST_VERSION)
}

pub fn migrate_to(client: &mut Client, dbname: &str, target: i64) -> Result<()> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK]).db()?;
    let result = migrate_locked(client, dbname, target);
    let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]).db();
    result.and(unlocked.map(|_| ()))
}

fn migrate_locked(client: &mut Client, dbname: &str, target: i64) -> Result<()> {
    let mut version = check_ours(client, dbname)?;
    while version < target {
        let migration = &MIGRATIONS[version as usize];
        let mut tx = client.transaction().db()?;
        if version == 0 {
            tx.batch_execute(
                "CREATE TABLE complaintdesk_schema (
                     app     TEXT PRIMARY KEY CHECK (app = 'complaintdesk'),
                     version BIGINT NOT NULL
                 );
                 INSERT INTO complaintdesk_schema (app, version) VALUES ('complaintdesk', 0);",
            )
            .db()?;
        }
        tx.batch_execute(migration.sql).db()?;
        if let Some(step) = migration.then {
            step(&mut tx)?;
        }
        tx.execute("UPDATE complaintdesk_schema SET version = $1 WHERE app = $2", &[&(version + 1), &APP]).db()?;
        tx.commit().db()?;
        version += 1;
    }
    Ok(())
}

/// The schema version of a database that is ours (0 for an empty one).
/// Reads only: a foreign or newer database is refused untouched.
pub fn check_ours(client: &mut Client, dbname: &str) -> Result<i64> {
    let marked: bool = client
        .query_one("SELECT to_regclass('public.complaintdesk_schema') IS NOT NULL", &[])
        .db()?
        .get(0);
    if !marked {
        let tables: i64 = client
            .query_one(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')",
                &[],
            )
            .db()?
            .get(0);
        if tables > 0 {
            return Err(not_ours(dbname));
        }
        return Ok(0);
    }
    let row = client.query_opt("SELECT version FROM complaintdesk_schema WHERE app = $1", &[&APP]).db()?;
    let Some(row) = row else { return Err(not_ours(dbname)) };
    let version: i64 = row.get(0);
    if version > LATEST_VERSION {
        return Err(AppError::new(
            ErrorCode::DbTooNew,
            format!(
                "服务器数据库 {dbname} 由更新版本的客诉台写入（结构版本 {version}，本程序 {} 最高支持 {LATEST_VERSION}）。请升级客诉台后再连接；数据库未被改动。",
                env!("CARGO_PKG_VERSION")
            ),
        ));
    }
    Ok(version)
}

fn not_ours(dbname: &str) -> AppError {
    AppError::new(
        ErrorCode::DbOpenFailed,
        format!("服务器数据库 {dbname} 不是客诉台的数据库（其中已有其他程序的表）。为保护其中的数据，程序没有改动它。"),
    )
}
