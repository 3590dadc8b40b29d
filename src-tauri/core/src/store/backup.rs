//! What backup and restore need from the live store. Backups themselves are
//! files (see `sqlite::backup`); only swapping the open database for a
//! restored one needs the store, which holds the connection. A server
//! database is backed up by IT on the server: it only says when it last did.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::error::{AppError, ErrorCode, Result};

/// What a server says of its own backups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerBackup {
    /// The last WAL segment archived (`pg_stat_archiver.last_archived_time`).
    LastArchived(DateTime<Utc>),
    /// The server archives nothing, or does not let this account see it.
    Unknown(String),
}

pub trait BackupStore {
    /// The SQLite file this store works on; `None` on a server.
    fn database_file(&self) -> Option<PathBuf> {
        None
    }

    /// Puts `prepared` (a checked copy of a backup, already migrated and
    /// audited) in place of the open database, whose file is renamed to
    /// `aside` (never deleted), and reopens on it. On failure the current
    /// database is left (or put back) where it was.
    fn replace_database(&self, _prepared: &Path, _aside: &Path) -> Result<()> {
        Err(AppError::new(ErrorCode::WrongState, "服务器数据库由 IT 在服务器上备份和恢复，客诉台不恢复它"))
    }

    /// What the server says of its backups (team mode).
    fn server_backup(&self) -> Result<ServerBackup> {
        Ok(ServerBackup::Unknown("本机数据库没有服务器备份".into()))
    }
}
