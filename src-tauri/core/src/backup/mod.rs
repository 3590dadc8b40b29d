//! 备份与恢复 (single-desk mode): the SQLite file copied into a backups
//! folder — beside the database, or one the admin chose — once a day by the
//! shell and whenever an admin asks (立即备份); old automatic copies rotated
//! away (`rotation`); a restore that checks the chosen file, says what it
//! holds, keeps the current database aside (renamed, never deleted) and is
//! audited in the restored database. A server database is backed up by IT on
//! the server: the desk only shows when the server last archived.
//!
//! Who may: admins only, checked here; the daily backup and the start-up
//! health check need no one (the shell runs them).

pub mod rotation;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, ErrorCode, Result};
use crate::model::User;
use crate::sqlite::backup as file;
use crate::store::ServerBackup;
use crate::Desk;

/// The admin's backups folder; absent = `backups` beside the database.
pub const BACKUP_FOLDER_KEY: &str = "backup_folder";
const DEFAULT_FOLDER: &str = "backups";

/// One backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub name: String,
    pub path: String,
    pub taken_at: DateTime<Utc>,
    /// 立即备份 (kept until deleted by hand), else the daily one (rotated).
    pub manual: bool,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

/// What a checked backup holds, shown before the restore is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupContents {
    pub path: String,
    /// From the file's name, or its modification time for a file of another name.
    pub taken_at: Option<DateTime<Utc>>,
    #[ts(type = "number")]
    pub cases: u64,
    pub last_case_no: Option<String>,
    pub newest_case_at: Option<DateTime<Utc>>,
    #[ts(type = "number")]
    pub schema_version: i64,
}

/// The 备份与恢复 panel of 系统管理.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupOverview {
    /// False on a server database: IT backs it up, the desk does not.
    pub local: bool,
    /// Where backups go ("" on a server).
    pub folder: String,
    /// The folder is the default one beside the database.
    pub default_folder: bool,
    /// Newest first.
    pub backups: Vec<BackupFile>,
    /// Team mode: when the server last archived, if it says.
    pub server_last_backup: Option<DateTime<Utc>>,
    /// Team mode: why the server's backup time cannot be shown.
    pub server_note: Option<String>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreReport {
    pub contents: BackupContents,
    /// Where the database that was replaced now is.
    pub aside_file: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum HealthState {
    /// The check has not finished yet.
    Checking,
    Ok,
    /// `PRAGMA quick_check` found damage: restore the latest good backup.
    Damaged,
    /// A server database: checked by the server, not here.
    NotChecked,
}

/// The start-up check of the database file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseHealth {
    pub state: HealthState,
    pub problems: Vec<String>,
    /// The newest backup, offered for the restore.
    pub latest_backup: Option<BackupFile>,
}

impl DatabaseHealth {
    pub fn checking() -> DatabaseHealth {
        DatabaseHealth { state: HealthState::Checking, problems: vec![], latest_backup: None }
    }
}

impl Desk {
    /// The backups folder, `None` on a server.
    pub fn backup_folder(&self) -> Result<Option<PathBuf>> {
        let Some(db) = self.store().database_file() else { return Ok(None) };
        let chosen = self.store().setting(BACKUP_FOLDER_KEY)?.filter(|f| !f.trim().is_empty());
        Ok(Some(match chosen {
            Some(folder) => PathBuf::from(folder),
            None => default_folder(&db),
        }))
    }

    /// 备份与恢复 (admin): the folder and its backups, or the server's last backup.
    pub fn backup_overview(&self, actor: &User) -> Result<BackupOverview> {
        self.require_admin(actor)?;
        let Some(folder) = self.backup_folder()? else {
            let (server_last_backup, server_note) = match self.store().server_backup() {
                Ok(ServerBackup::LastArchived(at)) => (Some(at), None),
                Ok(ServerBackup::Unknown(why)) => (None, Some(why)),
                Err(e) => (None, Some(e.message)),
            };
            return Ok(BackupOverview {
                local: false,
                folder: String::new(),
                default_folder: false,
                backups: vec![],
                server_last_backup,
                server_note,
            });
        };
        let default = self.store().database_file().map(|db| default_folder(&db)) == Some(folder.clone());
        Ok(BackupOverview {
            local: true,
            folder: folder.display().to_string(),
            default_folder: default,
            backups: self.backups()?,
            server_last_backup: None,
            server_note: None,
        })
    }

    /// 备份位置 (admin): a folder of his choice (made if missing, and it
    /// must take a file), or `None`/empty for the default beside the database.
    pub fn set_backup_folder(&self, actor: &User, folder: Option<&str>) -> Result<BackupOverview> {
        self.require_admin(actor)?;
        self.local_database()?;
        let folder = folder.map(str::trim).unwrap_or("");
        if !folder.is_empty() {
            let path = Path::new(folder);
            if !path.is_absolute() {
                return Err(AppError::invalid("folder", "请选择一个完整的文件夹路径"));
            }
            check_writable(path).map_err(|e| AppError::invalid("folder", format!("不能在 {folder} 中保存备份：{e}")))?;
        }
        self.store().put_setting(BACKUP_FOLDER_KEY, folder, self.stamp(actor))?;
        self.backup_overview(actor)
    }

    /// The backups in the folder, newest first (names of ours only).
    pub fn backups(&self) -> Result<Vec<BackupFile>> {
        let Some(folder) = self.backup_folder()? else { return Ok(vec![]) };
        let zone = self.time_zone()?;
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
            Err(e) => return Err(AppError::new(ErrorCode::Io, format!("无法读取备份文件夹 {}：{e}", folder.display()))),
        };
        let mut found: Vec<BackupFile> = entries
            .filter_map(|entry| {
                let entry = entry.ok()?;
                let name = entry.file_name().to_string_lossy().to_string();
                let parsed = rotation::parse_name(&name)?;
                let size_bytes = entry.metadata().ok().filter(|m| m.is_file())?.len();
                Some(BackupFile {
                    path: entry.path().display().to_string(),
                    name,
                    taken_at: zone.utc(parsed.taken),
                    manual: parsed.manual,
                    size_bytes,
                })
            })
            .collect();
        found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.name.cmp(&a.name)));
        Ok(found)
    }

    /// 立即备份 (admin): a copy now, kept until deleted by hand.
    pub fn back_up_now(&self, actor: &User) -> Result<BackupFile> {
        self.require_admin(actor)?;
        self.take_backup(true)
    }

    /// The daily backup (the shell, at start-up and once a day): taken when
    /// the folder has none from today (the organisation's day), then the
    /// automatic copies are rotated. `None` when today's was there already
    /// or the database is on a server.
    pub fn daily_backup(&self) -> Result<Option<BackupFile>> {
        let Some(folder) = self.backup_folder()? else { return Ok(None) };
        let today = self.time_zone()?.local(self.now()).date();
        let names: Vec<String> = self.backups()?.into_iter().map(|b| b.name).collect();
        if rotation::has_backup_on(&names, today) {
            return Ok(None);
        }
        let taken = self.take_backup(false)?;
        let names: Vec<String> = self.backups()?.into_iter().map(|b| b.name).collect();
        for old in rotation::to_remove(&names) {
            // A copy that cannot be removed now is tried again tomorrow.
            let _ = std::fs::remove_file(folder.join(old));
        }
        Ok(Some(taken))
    }

    fn take_backup(&self, manual: bool) -> Result<BackupFile> {
        let db = self.local_database()?;
        let folder = self.backup_folder()?.expect("a local database has a backups folder");
        let now = self.now();
        let name = rotation::file_name(self.time_zone()?.local(now), manual);
        let dest = folder.join(&name);
        file::snapshot(&db, &dest)?;
        let size_bytes = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
        Ok(BackupFile { path: dest.display().to_string(), name, taken_at: now, manual, size_bytes })
    }

    /// 从备份恢复, first step (admin): the file checked and what it holds.
    /// Refused (BACKUP_REFUSED) if damaged, foreign or too new.
    pub fn inspect_backup(&self, actor: &User, path: &str) -> Result<BackupContents> {
        self.require_admin(actor)?;
        let db = self.local_database()?;
        let path = Path::new(path);
        if same_file(path, &db) {
            return Err(AppError::new(ErrorCode::BackupRefused, "这是正在使用的数据库本身，请选择一个备份文件。当前数据库未改动。"));
        }
        let contents = file::inspect(path)?;
        let taken_at = match rotation::parse_name(&path.file_name().unwrap_or_default().to_string_lossy()) {
            Some(parsed) => Some(self.time_zone()?.utc(parsed.taken)),
            None => std::fs::metadata(path).and_then(|m| m.modified()).ok().map(DateTime::<Utc>::from),
        };
        Ok(BackupContents {
            path: path.display().to_string(),
            taken_at,
            cases: contents.cases,
            last_case_no: contents.last_case_no,
            newest_case_at: contents.newest_case_at,
            schema_version: contents.schema_version,
        })
    }

    /// 从备份恢复, confirmed (admin): the file checked again, copied beside
    /// the database with the restore's audit line (who, when, which file)
    /// written into it and the current counters carried over (no number
    /// handed out since the backup is handed out again), the current database renamed aside with a timestamp,
    /// and the desk reopened on the restored one. A refused file changes nothing.
    pub fn restore_backup(&self, actor: &User, path: &str) -> Result<RestoreReport> {
        let contents = self.inspect_backup(actor, path)?;
        let db = self.local_database()?;
        let account = self.account_of(actor.id)?;
        let now = self.now();
        let stamp = rotation::file_name(self.time_zone()?.local(now), false);
        let stamp = stamp.trim_start_matches("complaintdesk-").trim_end_matches(rotation::EXTENSION);
        let stem = db.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let aside = db.with_file_name(format!("{stem}.before-restore-{stamp}{}", rotation::EXTENSION));
        let prepared = file::with_suffix(&db, ".restoring");
        file::prepare(
            Path::new(path),
            &prepared,
            &db,
            &file::RestoreAudit {
                at: now,
                login: account.login.as_deref(),
                name: &account.name,
                backup_file: path,
                aside_file: &aside.display().to_string(),
            },
        )?;
        if let Err(e) = self.store().replace_database(&prepared, &aside) {
            let _ = std::fs::remove_file(&prepared);
            return Err(e);
        }
        Ok(RestoreReport { contents, aside_file: aside.display().to_string() })
    }

    /// The start-up check (`PRAGMA quick_check`), with the newest backup to
    /// offer when the file is damaged.
    pub fn database_health(&self) -> DatabaseHealth {
        let Some(db) = self.store().database_file() else {
            return DatabaseHealth { state: HealthState::NotChecked, problems: vec![], latest_backup: None };
        };
        let problems = file::quick_check(&db);
        let state = if problems.is_empty() { HealthState::Ok } else { HealthState::Damaged };
        let latest_backup = self.backups().ok().and_then(|b| b.into_iter().next());
        DatabaseHealth { state, problems, latest_backup }
    }

    fn local_database(&self) -> Result<PathBuf> {
        self.store().database_file().ok_or_else(|| {
            AppError::new(ErrorCode::WrongState, "服务器数据库由 IT 在服务器上备份和恢复，客诉台只显示服务器的备份时间")
        })
    }
}

fn default_folder(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join(DEFAULT_FOLDER)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Makes the folder if needed and writes (and removes) a probe file in it.
fn check_writable(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let probe = folder.join(".complaintdesk-probe");
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(probe)
}
