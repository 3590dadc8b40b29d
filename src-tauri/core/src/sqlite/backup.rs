//! The SQLite side of 备份与恢复: a consistent copy of the live file
//! (`VACUUM INTO` on a connection of its own — a read snapshot in WAL, so it
//! neither waits for nor blocks the desk's writes, and never a copy of a file
//! being written), what a restore checks in a file and reads from it, the
//! restored copy prepared beside the database, and the swap itself.
//!
//! One file operation at a time in this process (`FILE_WORK`): a backup, a
//! health check and a restore never overlap, so the swap never pulls the
//! file from under another connection of ours.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use super::{from_millis, millis, open_connection, SqliteStore, APPLICATION_ID, BUSY_TIMEOUT, LATEST_VERSION};
use crate::error::{AppError, ErrorCode, Result};
use crate::store::BackupStore;

static FILE_WORK: Mutex<()> = Mutex::new(());

fn file_work() -> std::sync::MutexGuard<'static, ()> {
    FILE_WORK.lock().unwrap_or_else(|p| p.into_inner())
}

/// Writes a consistent copy of the database `db` to `dest`: to
/// `dest.part` first, synced, then renamed, so a crash leaves no file that
/// looks like a backup but is not one.
pub fn snapshot(db: &Path, dest: &Path) -> Result<()> {
    let _one = file_work();
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io_failed(dir, e))?;
    }
    let part = with_suffix(dest, ".part");
    let _ = std::fs::remove_file(&part);
    let conn = read_only(db).map_err(|e| AppError::new(ErrorCode::Storage, format!("无法读取数据库 {}：{e}", db.display())))?;
    let written = conn.execute("VACUUM INTO ?1", [part.to_string_lossy()]);
    drop(conn);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&part);
        return Err(AppError::new(ErrorCode::Storage, format!("备份失败（{}）：{e}", dest.display())));
    }
    std::fs::File::open(&part).and_then(|f| f.sync_all()).map_err(|e| io_failed(&part, e))?;
    std::fs::rename(&part, dest).map_err(|e| io_failed(dest, e))
}

/// What a backup file holds, once it has passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileContents {
    pub schema_version: i64,
    pub cases: u64,
    /// The last case registered (highest id).
    pub last_case_no: Option<String>,
    /// The latest 受理时间 among its cases.
    pub newest_case_at: Option<DateTime<Utc>>,
}

/// Checks a file chosen to restore from — ours (application_id), a schema
/// this build can open, `PRAGMA integrity_check` clean — and reads what it
/// holds. Anything else is BACKUP_REFUSED with a message saying why; the
/// file is only read.
pub fn inspect(path: &Path) -> Result<FileContents> {
    let _one = file_work();
    if !path.is_file() {
        return Err(refused(path, "找不到该文件"));
    }
    let conn = read_only(path).map_err(|e| refused(path, &damage(&e)))?;
    let (app_id, version): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| refused(path, &damage(&e)))?;
    if app_id != APPLICATION_ID || version < 1 {
        return Err(refused(path, "它不是客诉台的数据库"));
    }
    if version > LATEST_VERSION {
        return Err(refused(
            path,
            &format!("它由更新版本的客诉台写入（结构版本 {version}，本程序最高支持 {LATEST_VERSION}），请先升级客诉台"),
        ));
    }
    let problems = check(&conn, "PRAGMA integrity_check(5)").map_err(|e| refused(path, &damage(&e)))?;
    if !problems.is_empty() {
        return Err(refused(path, &format!("文件已损坏（{}）", problems.join("；"))));
    }
    conn.query_row(
        "SELECT (SELECT count(*) FROM cases),
                (SELECT case_no FROM cases ORDER BY id DESC LIMIT 1),
                (SELECT max(received_at) FROM cases)",
        [],
        |r| {
            Ok(FileContents {
                schema_version: version,
                cases: r.get::<_, i64>(0)? as u64,
                last_case_no: r.get(1)?,
                newest_case_at: r.get::<_, Option<i64>>(2)?.map(from_millis),
            })
        },
    )
    .map_err(|e| refused(path, &damage(&e)))
}

/// `PRAGMA quick_check` of the live file on a connection of its own: the
/// problems found, none when the file is sound. A file that cannot even be
/// read answers with the reason as its one problem.
pub fn quick_check(db: &Path) -> Vec<String> {
    let _one = file_work();
    match read_only(db).and_then(|conn| check(&conn, "PRAGMA quick_check(5)")) {
        Ok(problems) => problems,
        Err(e) => vec![damage(&e)],
    }
}

/// Who restored which file, written into the restored database.
pub struct RestoreAudit<'a> {
    pub at: DateTime<Utc>,
    pub login: Option<&'a str>,
    pub name: &'a str,
    pub backup_file: &'a str,
    pub aside_file: &'a str,
}

/// Copies the (checked) backup to `prepared`, brings its schema up to this
/// build's, carries the live database's counters over (a case or document
/// numbered after the backup keeps its number to itself: the restored desk
/// goes on from the highest number handed out) and writes the restore's
/// audit line into it. The backup is only read; the live database `live`
/// only read, and only for its counters.
pub fn prepare(backup: &Path, prepared: &Path, live: &Path, audit: &RestoreAudit) -> Result<()> {
    let _one = file_work();
    // A damaged live file may not give its counters: the restore goes on without them.
    let counters = live_counters(live).unwrap_or_default();
    for stale in [prepared.to_path_buf(), with_suffix(prepared, "-wal"), with_suffix(prepared, "-shm")] {
        let _ = std::fs::remove_file(stale);
    }
    std::fs::copy(backup, prepared).map_err(|e| io_failed(prepared, e))?;
    let written = (|| {
        let mut conn = open_connection(prepared)?;
        let tx = conn.transaction()?;
        for (period, last_serial) in &counters {
            tx.execute(
                "INSERT INTO case_counters (period, last_serial) VALUES (?1, ?2)
                 ON CONFLICT (period) DO UPDATE SET last_serial = max(last_serial, excluded.last_serial)",
                params![period, last_serial],
            )?;
        }
        let actor = restoring_user(&tx, audit)?;
        super::rows::audit(
            &tx,
            audit.at,
            actor,
            "database",
            0,
            "restore",
            None,
            Some(audit.aside_file),
            Some(audit.backup_file),
            Some(&format!("{} 从备份恢复", audit.name)),
        )?;
        tx.commit()?;
        conn.close().map_err(|(_, e)| AppError::from(e))?;
        std::fs::File::open(prepared).and_then(|f| f.sync_all()).map_err(|e| io_failed(prepared, e))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(prepared);
    }
    written
}

fn live_counters(live: &Path) -> rusqlite::Result<Vec<(String, i64)>> {
    let conn = read_only(live)?;
    let mut stmt = conn.prepare("SELECT period, last_serial FROM case_counters")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// The restoring admin as a user of the restored database: his account
/// there (same login, else same name); if the backup predates him, a user
/// row with his name and no login, so the audit line still names him.
fn restoring_user(tx: &rusqlite::Transaction, audit: &RestoreAudit) -> Result<i64> {
    if let Some(login) = audit.login {
        if let Some(id) = tx.query_row("SELECT id FROM users WHERE login = ?1", [login], |r| r.get(0)).optional()? {
            return Ok(id);
        }
    }
    if let Some(id) = tx.query_row("SELECT id FROM users WHERE name = ?1", [audit.name], |r| r.get(0)).optional()? {
        return Ok(id);
    }
    tx.execute("INSERT INTO users (name, created_at) VALUES (?1, ?2)", params![audit.name, millis(audit.at)])?;
    Ok(tx.last_insert_rowid())
}

impl BackupStore for SqliteStore {
    fn database_file(&self) -> Option<PathBuf> {
        Some(self.path.clone())
    }

    fn replace_database(&self, prepared: &Path, aside: &Path) -> Result<()> {
        let _one = file_work();
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        // The second reader is closed too (it opens again on the file that
        // is there next time it is needed): the last connection must go.
        *self.helper.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let current = std::mem::replace(&mut *conn, Connection::open_in_memory()?);
        if let Err((current, e)) = current.close() {
            *conn = current;
            return Err(e.into());
        }
        let reopen = |conn: &mut Connection| -> Result<()> {
            *conn = open_connection(&self.path)?;
            Ok(())
        };
        // The last connection's close folds the WAL in and removes it; if it
        // is still there, another program has the file open.
        if with_suffix(&self.path, "-wal").exists() || with_suffix(&self.path, "-shm").exists() {
            reopen(&mut conn)?;
            return Err(AppError::new(
                ErrorCode::WrongState,
                "数据库文件正被另一个程序（另一个客诉台窗口？）使用，不能恢复。请关闭它后再试；当前数据库未改动。",
            ));
        }
        if let Err(e) = std::fs::rename(&self.path, aside) {
            reopen(&mut conn)?;
            return Err(io_failed(aside, e));
        }
        let restored = std::fs::rename(prepared, &self.path).map_err(|e| io_failed(&self.path, e)).and_then(|()| open_connection(&self.path));
        match restored {
            Ok(restored) => {
                *conn = restored;
                Ok(())
            }
            Err(e) => {
                // Put the current database back where it was.
                if self.path.exists() {
                    let _ = std::fs::rename(&self.path, prepared);
                }
                std::fs::rename(aside, &self.path).map_err(|e| io_failed(&self.path, e))?;
                reopen(&mut conn)?;
                Err(e)
            }
        }
    }
}

fn read_only(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// The rows of an integrity or quick check other than "ok".
fn check(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(pragma)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let lines = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// A reading error in words a person can act on.
fn damage(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => "它不是数据库文件，或文件头已损坏".into(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => format!("文件已损坏（{e}）"),
        _ => format!("无法读取（{e}）"),
    }
}

fn refused(path: &Path, why: &str) -> AppError {
    AppError::new(ErrorCode::BackupRefused, format!("不能从 {} 恢复：{why}。当前数据库未改动。", path.display()))
}

fn io_failed(path: &Path, e: std::io::Error) -> AppError {
    AppError::new(ErrorCode::Io, format!("文件读写失败（{}）：{e}", path.display()))
}

/// `name.sqlite3` → `name.sqlite3<suffix>` (SQLite's -wal/-shm, our .part).
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
