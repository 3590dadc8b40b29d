//! The embedded default store: one SQLite file (WAL, foreign keys,
//! synchronous=FULL). Opening never harms a file it does not understand:
//! a file that is not a database, belongs to another program, or was written
//! by a newer version is refused before anything is written.

mod attachments;
mod cases;
mod data_export;
mod deadlines;
mod documents;
mod accountability;
pub mod backup;
mod ledger;
mod migrations;
mod people;
mod rows;
mod stats;
mod statements;
mod systemic;
mod workflow;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::authority::ApproverLevel;
use crate::codes::Role;
use crate::routing::RoutingRule;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::*;
use crate::store::*;

pub use migrations::LATEST_VERSION;

/// "KSTD" — marks the file as ours, so a foreign SQLite file is refused.
const APPLICATION_ID: i64 = 0x4B53_5444;

pub struct SqliteStore {
    conn: Mutex<Connection>,
    /// A second connection for the reads that split in two (`read_twice`),
    /// opened the first time one is asked for.
    helper: Mutex<Option<Connection>>,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens (or creates) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = open_connection(path)?;
        Ok(SqliteStore { conn: Mutex::new(conn), helper: Mutex::new(None), path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one IMMEDIATE transaction: the write lock is taken at
    /// once, so two processes on one file queue instead of deadlocking.
    fn write<T>(&self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }

    /// Like `read`, with a second connection to the same file for work
    /// that reads two halves at once (none if it cannot be opened: the
    /// halves are then read one after the other).
    fn read_twice<T>(&self, f: impl FnOnce(&Connection, Option<&mut Connection>) -> Result<T>) -> Result<T> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let mut helper = self.helper.lock().unwrap_or_else(|p| p.into_inner());
        if helper.is_none() {
            *helper = connect(&self.path).and_then(|c| set_up(&c, &self.path).map(|()| c)).ok();
        }
        f(&conn, helper.as_mut())
    }

    /// Direct access for benchmarks that compare with raw SQL.
    pub fn with_connection<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }
}

/// Every connection's settings. Reads go through a memory map of up to 2 GB
/// (SQLite's ceiling): a million cases are about 2 GB, and 统计 of a year
/// reads a few hundred MB of it. Copying those pages through read() into
/// each connection's cache took longer than the statistics themselves;
/// mapped pages are the OS's file cache, shared and not counted as the
/// process's own memory. So the page cache (the process's own memory) is
/// kept to 16 MB a connection: at 64 MB the app grew by 70 MB over an hour
/// of work, and the benchmark's pages and 统计 were no faster.
fn set_up(conn: &Connection, path: &Path) -> Result<()> {
    for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL", "PRAGMA cache_size = -16384", "PRAGMA mmap_size = 2147418112"] {
        conn.query_row(pragma, [], |_| Ok(())).optional().map_err(|e| open_failed(path, e))?;
    }
    cases::add_in_matches(conn).map_err(|e| open_failed(path, e))?;
    Ok(())
}

/// Opens (or creates) a database file as the store uses it: refused if not
/// ours or too new, WAL, the settings, the schema brought up to date.
fn open_connection(path: &Path) -> Result<Connection> {
    let conn = connect(path)?;
    check_ours(&conn, path)?;
    use_wal(&conn, path)?;
    set_up(&conn, path)?;
    let mut conn = conn;
    migrations::run(&mut conn)?;
    Ok(conn)
}

/// How long a statement waits for another desk's write before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

fn connect(path: &Path) -> Result<Connection> {
    let flags = if path.exists() {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| open_failed(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| open_failed(path, e))?;
    Ok(conn)
}

/// Switches the file to WAL. The switch needs the file to itself and, unlike
/// other statements, gives up at once instead of waiting out the busy
/// timeout, so a desk opening a new file while another desk does the same
/// tries again until the switch is made (by either of them).
fn use_wal(conn: &Connection, path: &Path) -> Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        let mode = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
        match mode {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Err(e) if is_busy(&e) && std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5))
            }
            Ok(mode) => {
                return Err(AppError::new(
                    ErrorCode::DbOpenFailed,
                    format!("无法打开数据库文件 {}：不能使用 WAL 日志（{mode}）。文件未被改动。", path.display()),
                ))
            }
            Err(e) => return Err(open_failed(path, e)),
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

/// Reads the header only; refuses foreign or newer files before any write.
/// One statement, so the three values come from one snapshot: read one by
/// one, they could straddle another desk's first migration (tables but no
/// mark yet) and call a new file foreign.
fn check_ours(conn: &Connection, path: &Path) -> Result<()> {
    let (version, app_id, tables): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT application_id FROM pragma_application_id),
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| open_failed(path, e))?;
    if (app_id != 0 && app_id != APPLICATION_ID) || (app_id == 0 && tables > 0) {
        return Err(AppError::new(
            ErrorCode::DbOpenFailed,
            format!("{} 不是客诉台的数据库文件。为保护该文件，程序没有改动它。", path.display()),
        ));
    }
    if version > LATEST_VERSION {
        return Err(AppError::new(
            ErrorCode::DbTooNew,
            format!(
                "数据库文件 {} 由更新版本的客诉台写入（结构版本 {version}，本程序最高支持 {LATEST_VERSION}）。请升级客诉台后再打开；文件未被改动。",
                path.display()
            ),
        ));
    }
    Ok(())
}

fn open_failed(path: &Path, e: rusqlite::Error) -> AppError {
    AppError::new(
        ErrorCode::DbOpenFailed,
        format!("无法打开数据库文件 {}：{e}。文件未被改动。", path.display()),
    )
}

pub(crate) fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub(crate) fn from_millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

impl SettingsStore for SqliteStore {
    fn schema_version(&self) -> Result<i64> {
        self.read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        self.read(|c| people::setting(c, key))
    }

    fn put_setting(&self, key: &str, value: &str, by: Stamp) -> Result<()> {
        self.write(|tx| people::put_setting(tx, key, value, by))
    }
}

impl PeopleStore for SqliteStore {
    fn users(&self) -> Result<Vec<User>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached("SELECT id, name FROM users ORDER BY id")?;
            let rows = stmt.query_map([], |r| Ok(User { id: r.get(0)?, name: r.get(1)? }))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn user(&self, id: i64) -> Result<Option<User>> {
        self.read(|c| {
            Ok(c.query_row("SELECT id, name FROM users WHERE id = ?1", [id], |r| {
                Ok(User { id: r.get(0)?, name: r.get(1)? })
            })
            .optional()?)
        })
    }

    fn ensure_user(&self, name: &str, at: DateTime<Utc>) -> Result<User> {
        self.write(|tx| {
            let found = tx
                .query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get::<_, i64>(0))
                .optional()?;
            let id = match found {
                Some(id) => id,
                None => {
                    // The name is also the login, unless someone already signs in with it.
                    tx.execute(
                        "INSERT INTO users (name, created_at, login)
                         VALUES (?1, ?2, CASE WHEN EXISTS (SELECT 1 FROM users WHERE login = ?1) THEN NULL ELSE ?1 END)",
                        params![name, millis(at)],
                    )?;
                    let id = tx.last_insert_rowid();
                    // A new user is recorded as created by himself: there is
                    // no sign-in yet to say who else did it.
                    rows::audit(tx, at, id, "user", id, "create", None, None, Some(name), None)?;
                    id
                }
            };
            Ok(User { id, name: name.to_string() })
        })
    }

    fn departments(&self) -> Result<Vec<Department>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached("SELECT id, name FROM departments WHERE active = 1 ORDER BY id")?;
            let rows = stmt.query_map([], |r| Ok(Department { id: r.get(0)?, name: r.get(1)? }))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn insert_account(&self, account: &AccountInsert) -> Result<User> {
        self.write(|tx| people::insert_account(tx, account))
    }

    fn credentials_by_login(&self, login: &str) -> Result<Option<Credentials>> {
        self.read(|c| people::credentials_by_login(c, login))
    }

    fn credentials(&self, user_id: i64) -> Result<Option<Credentials>> {
        self.read(|c| people::credentials(c, user_id))
    }

    fn accounts(&self) -> Result<Vec<Account>> {
        self.read(people::accounts)
    }

    fn account(&self, user_id: i64) -> Result<Option<Account>> {
        self.read(|c| people::account(c, user_id))
    }

    fn roles_of(&self, user_id: i64) -> Result<Vec<Role>> {
        self.read(|c| people::roles_of(c, user_id))
    }

    fn set_roles(&self, user_id: i64, roles: &[Role], by: Stamp) -> Result<()> {
        self.write(|tx| people::set_roles(tx, user_id, roles, by))
    }

    fn set_active(&self, user_id: i64, active: bool, handover: &[CaseStep], by: Stamp) -> Result<()> {
        self.write(|tx| {
            for step in handover {
                workflow::apply_step(tx, step)?;
            }
            people::set_active(tx, user_id, active, by)
        })
    }

    fn record_sign_in(&self, user_id: i64, actions: &[&str], workstation: &str, by: Stamp) -> Result<()> {
        self.write(|tx| people::record_sign_in(tx, user_id, actions, workstation, by))
    }

    fn record_unknown_sign_in(&self, attempt: &UnknownSignIn) -> Result<()> {
        self.write(|tx| people::record_unknown_sign_in(tx, attempt))
    }

    fn unknown_sign_ins(&self, limit: u32) -> Result<Vec<UnknownSignIn>> {
        self.read(|c| people::unknown_sign_ins(c, limit))
    }

    fn set_department(&self, user_id: i64, department_id: Option<i64>, by: Stamp) -> Result<()> {
        self.write(|tx| people::set_department(tx, user_id, department_id, by))
    }

    fn set_password_hash(&self, user_id: i64, hash: &str, action: &str, by: Stamp) -> Result<()> {
        self.write(|tx| people::set_password_hash(tx, user_id, hash, action, by))
    }

    fn insert_department(&self, name: &str, by: Stamp) -> Result<Department> {
        self.write(|tx| people::insert_department(tx, name, by))
    }

    fn set_department_head(&self, department_id: i64, user_id: Option<i64>, by: Stamp) -> Result<()> {
        self.write(|tx| people::set_department_head(tx, department_id, user_id, by))
    }

    fn department_head(&self, department_id: i64) -> Result<Option<i64>> {
        self.read(|c| people::department_head(c, department_id))
    }
}

impl CaseStore for SqliteStore {
    fn insert_case(&self, case: &CaseInsert) -> Result<i64> {
        self.write(|tx| {
            let id = cases::insert(tx, case)?;
            systemic::check_case(tx, id, Stamp { actor_id: case.receiver_id, at: case.at })?;
            Ok(id)
        })
    }

    fn insert_cases(&self, batch: &[CaseInsert]) -> Result<usize> {
        self.write(|tx| {
            for case in batch {
                cases::insert(tx, case)?;
            }
            Ok(batch.len())
        })
    }

    fn update_case(&self, update: &CaseUpdate) -> Result<()> {
        self.write(|tx| {
            cases::update(tx, update)?;
            systemic::check_case(tx, update.id, Stamp { actor_id: update.actor_id, at: update.at })
        })
    }

    fn void_case(&self, void: &CaseVoid) -> Result<()> {
        self.write(|tx| {
            cases::void(tx, void)?;
            documents::void_superseded(tx, void.id, &void.supersedes, Stamp { actor_id: void.actor_id, at: void.at })
        })
    }

    fn case(&self, id: i64) -> Result<Option<Case>> {
        self.read(|c| cases::get(c, id))
    }

    fn case_page(&self, query: &CaseQuery) -> Result<CasePage> {
        self.read(|c| cases::page(c, query))
    }

    fn case_rows_after(&self, query: &CaseQuery, after: Option<&SheetCursor>, limit: u32) -> Result<SheetBatch> {
        self.read(|c| cases::rows_after(c, query, after, limit))
    }

    fn case_count(&self) -> Result<u64> {
        self.read(|c| Ok(c.query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0))? as u64))
    }

    fn has_cases(&self) -> Result<bool> {
        self.read(|c| Ok(c.query_row("SELECT EXISTS (SELECT 1 FROM cases)", [], |r| r.get::<_, bool>(0))?))
    }

    fn audit_of(&self, entity: &str, id: i64) -> Result<Vec<AuditEntry>> {
        self.read(|c| rows::audit_of(c, entity, id))
    }

    fn insert_attachment(&self, attachment: &AttachmentInsert) -> Result<i64> {
        self.write(|tx| attachments::insert(tx, attachment))
    }

    fn attachments(&self, case_id: i64) -> Result<Vec<Attachment>> {
        self.read(|c| attachments::of_case(c, case_id))
    }

    fn attachment_content(&self, id: i64) -> Result<Option<(String, String, Vec<u8>)>> {
        self.read(|c| attachments::content(c, id))
    }

    fn customer_by_phone(&self, phone: &str) -> Result<Option<Customer>> {
        self.read(|c| rows::customer_by_phone(c, phone))
    }

    fn customer_cases(&self, customer_id: i64, limit: u32) -> Result<Vec<CaseRow>> {
        self.read(|c| cases::of_customer(c, customer_id, limit))
    }

    fn crisis_alerts(&self, user_id: i64) -> Result<Vec<CaseRow>> {
        self.read(|c| cases::unacknowledged_crises(c, user_id))
    }

    fn downgrade_notices(&self, user_id: i64) -> Result<Vec<DowngradeNotice>> {
        self.read(|c| cases::downgrade_notices(c, user_id))
    }

    fn acknowledge_downgrade(&self, case_id: i64, by: Stamp) -> Result<()> {
        self.write(|tx| cases::acknowledge_downgrade(tx, case_id, by))
    }

    fn acknowledge_crisis(&self, case_id: i64, by: Stamp) -> Result<()> {
        self.write(|tx| cases::acknowledge_crisis(tx, case_id, by))
    }

    fn record_reveal(&self, case_id: i64, by: Stamp) -> Result<()> {
        self.write(|tx| cases::record_reveal(tx, case_id, by))
    }

    fn open_cases_received_by(&self, user_id: i64) -> Result<Vec<i64>> {
        self.read(|c| cases::open_cases_received_by(c, user_id))
    }
}

impl WorkflowStore for SqliteStore {
    fn follow_ups(&self, case_id: i64) -> Result<Vec<FollowUpRecord>> {
        self.read(|c| workflow::follow_ups(c, case_id))
    }

    fn next_round(&self, case_id: i64) -> Result<Option<i64>> {
        self.read(|c| workflow::next_round(c, case_id))
    }

    fn apply_step(&self, step: &CaseStep) -> Result<()> {
        self.write(|tx| {
            workflow::apply_step(tx, step)?;
            systemic::check_case(tx, step.case_id, Stamp { actor_id: step.actor_id, at: step.at })?;
            match &step.supersedes {
                Some(s) => documents::void_superseded(tx, step.case_id, s, Stamp { actor_id: step.actor_id, at: step.at }),
                None => Ok(()),
            }
        })
    }

    fn routing_rules(&self) -> Result<Vec<RoutingRule>> {
        self.read(workflow::routing_rules)
    }

    fn insert_routing_rule(&self, rule: &RoutingRule, by: Stamp) -> Result<i64> {
        self.write(|tx| workflow::insert_routing_rule(tx, rule, by))
    }

    fn update_routing_rule(&self, rule: &RoutingRule, by: Stamp) -> Result<()> {
        self.write(|tx| workflow::update_routing_rule(tx, rule, by))
    }

    fn case_routes(&self, case_id: i64) -> Result<Vec<CaseRoute>> {
        self.read(|c| workflow::case_routes(c, case_id))
    }

    fn investigation(&self, case_id: i64) -> Result<Option<Investigation>> {
        self.read(|c| workflow::investigation(c, case_id))
    }

    fn resolution(&self, case_id: i64) -> Result<Option<Resolution>> {
        self.read(|c| workflow::resolution(c, case_id))
    }

    fn approvals(&self, case_id: i64) -> Result<Vec<Approval>> {
        self.read(|c| workflow::approvals(c, case_id))
    }

    fn approval_queue(&self, levels: &[ApproverLevel], not_proposed_by: i64) -> Result<Vec<ApprovalItem>> {
        self.read(|c| workflow::approval_queue(c, levels, not_proposed_by))
    }
}

impl DeadlineStore for SqliteStore {
    fn calendar_years(&self) -> Result<Vec<String>> {
        self.read(deadlines::calendar_years)
    }

    fn put_calendar_year(&self, year: i32, json: &str, by: Stamp) -> Result<()> {
        self.write(|tx| deadlines::put_calendar_year(tx, year, json, by))
    }

    fn deadline_policies(&self) -> Result<Vec<crate::deadlines::DeadlinePolicy>> {
        self.read(deadlines::deadline_policies)
    }

    fn update_deadline_policy(&self, policy: &crate::deadlines::DeadlinePolicy, by: Stamp) -> Result<()> {
        self.write(|tx| deadlines::update_deadline_policy(tx, policy, by))
    }

    fn case_deadlines(&self, case_id: i64) -> Result<Vec<crate::store::StoredDeadline>> {
        self.read(|c| deadlines::case_deadlines(c, case_id))
    }

    fn explain_late(&self, case_id: i64, deadline_id: i64, reason: &str, by: Stamp) -> Result<()> {
        self.write(|tx| deadlines::explain_late(tx, case_id, deadline_id, reason, by))
    }

    fn insert_reminder(&self, reminder: &crate::store::ReminderInsert) -> Result<i64> {
        self.write(|tx| deadlines::insert_reminder(tx, reminder))
    }

    fn reminders(&self, case_id: i64) -> Result<Vec<crate::deadlines::Reminder>> {
        self.read(|c| deadlines::reminders(c, case_id))
    }

    fn overdue_by_department(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<crate::deadlines::DepartmentCount>> {
        self.read(|c| deadlines::overdue_by_department(c, now))
    }

    fn escalated_cases(&self, department_ids: &[i64], now: chrono::DateTime<chrono::Utc>, limit: u32) -> Result<Vec<CaseRow>> {
        self.read(|c| deadlines::escalated_cases(c, department_ids, now, limit))
    }

    fn mark_notified(&self, user_id: i64, deadline_id: i64, kind: &str, at: chrono::DateTime<chrono::Utc>) -> Result<bool> {
        self.write(|tx| deadlines::mark_notified(tx, user_id, deadline_id, kind, at))
    }
}

impl DocumentStore for SqliteStore {
    fn insert_document(&self, insert: &DocumentInsert, compose: &ComposeDocument) -> Result<i64> {
        self.write(|tx| documents::insert_document(tx, insert, compose))
    }

    fn document_by_id(&self, id: i64) -> Result<Option<crate::documents::StoredDocument>> {
        self.read(|c| documents::document_by_id(c, id))
    }

    fn document(&self, number: &str) -> Result<Option<crate::documents::StoredDocument>> {
        self.read(|c| documents::document(c, number))
    }

    fn document_by_code(&self, code: &str) -> Result<Option<crate::documents::StoredDocument>> {
        self.read(|c| documents::document_by_code(c, code))
    }

    fn case_documents(&self, case_id: i64) -> Result<Vec<crate::documents::StoredDocument>> {
        self.read(|c| documents::case_documents(c, case_id))
    }

    fn record_outputs(&self, document_id: i64, copies: &[u8], target: crate::codes::OutputTarget, by: Stamp) -> Result<Vec<bool>> {
        self.write(|tx| documents::record_outputs(tx, document_id, copies, target, by))
    }

    fn void_document(&self, document_id: i64, reason: &str, by: Stamp) -> Result<()> {
        self.write(|tx| documents::void_document(tx, document_id, reason, by))
    }
}

/// Builds a database file at an earlier schema version, for migration tests.
#[doc(hidden)]
pub fn create_at_version(path: &Path, version: i64) -> Result<()> {
    let mut conn = connect(path)?;
    migrations::migrate_to(&mut conn, version)
}
