//! The shared server store: the core's repository interface on PostgreSQL
//! (13 or newer), for a department whose people work at their own desks.
//! It behaves exactly as the embedded SQLite store: the same numbering,
//! optimistic versions, one transaction per user action, append-only rules
//! enforced by the database's own triggers, the same search results.
//!
//! Every module below holds the SQL of one area as free functions over
//! `sql::Sql` (a connection for reads, a transaction for writes, each with
//! the connection's prepared statements); `store.rs` wires them to the
//! core's traits.

pub mod cluster;
mod config;
mod connect;
pub mod listen;
mod migrations;
pub mod move_up;
mod rows;
mod seed;
mod sql;
mod store;

mod attachments;
mod backup;
mod cases;
mod data_export;
mod deadlines;
mod documents;
mod accountability;
mod ledger;
mod stats;
mod people;
mod statements;
mod systemic;
mod workflow;

pub use config::{PgConfig, TlsMode};
pub use listen::{Change, Listener};
pub use migrations::LATEST_VERSION;
pub use store::PgStore;

use complaintdesk_core::error::{AppError, ErrorCode};

/// Gives an empty database the schema of `version` and no later one, as an
/// earlier build of the app left it (for migration tests).
pub fn create_at_version(config: &PgConfig, version: i64) -> complaintdesk_core::Result<()> {
    let mut client = connect::open(config)?;
    migrations::migrate_to(&mut client, &config.dbname, version)
}

/// 测试连接: connects and checks that the database is empty or ours and not
/// newer than this build, without changing anything (an empty database is
/// not set up just for a test). Returns what the desk says on success.
pub fn test_connection(config: &PgConfig) -> complaintdesk_core::Result<String> {
    let mut client = connect::open(config)?;
    let version = migrations::check_ours(&mut client, &config.dbname)?;
    let server = config.describe();
    Ok(if version == 0 {
        format!("连接成功：服务器 {server}。这是一个空数据库，连接时将在其中建立客诉台的表。")
    } else if version < LATEST_VERSION {
        format!("连接成功：服务器 {server} 上的客诉台数据库（结构版本 {version}，连接时将升级到 {LATEST_VERSION}）。")
    } else {
        format!("连接成功：服务器 {server} 上的客诉台数据库（结构版本 {version}）。")
    })
}

/// The error of a failed statement, as the core reports storage failures
/// (the transaction is rolled back when it is dropped). A lost connection
/// is `ServerUnreachable`, so the window says the server is gone rather
/// than that the action was wrong; the statement timeout says so plainly.
pub(crate) fn db_error(e: postgres::Error) -> AppError {
    if session_ended(&e) {
        return connection_lost();
    }
    if let Some(db) = e.as_db_error() {
        if *db.code() == postgres::error::SqlState::QUERY_CANCELED {
            return AppError::new(
                ErrorCode::Storage,
                format!("服务器在 {} 秒内没有完成本次操作，已撤销，请稍后重试。", connect::STATEMENT_TIMEOUT.as_secs()),
            );
        }
        return AppError::new(ErrorCode::Storage, format!("数据库操作失败，已撤销本次操作：{}", db.message()));
    }
    AppError::new(ErrorCode::Storage, format!("数据库操作失败，已撤销本次操作：{e}"))
}

/// Whether the server's session is over: the socket closed, or the server
/// ended it with a FATAL error (pg_terminate_backend, a shutdown, an idle
/// timeout). The client may read that FATAL as the answer to its next
/// statement before it has noticed the socket close, so `is_closed` alone
/// is not yet true then.
pub(crate) fn session_ended(e: &postgres::Error) -> bool {
    use postgres::error::Severity;
    e.is_closed()
        || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
        || e.as_db_error().is_some_and(|db| matches!(db.parsed_severity(), Some(Severity::Fatal | Severity::Panic)))
}

/// What an action meets when the connection to the server is gone.
pub(crate) fn connection_lost() -> AppError {
    AppError::new(ErrorCode::ServerUnreachable, "与服务器的连接中断，本次操作没有完成；连接恢复后请再提交一次。")
}

/// `.db()?` turns a driver error into the core's error.
pub(crate) trait Db<T> {
    fn db(self) -> complaintdesk_core::Result<T>;
}

impl<T> Db<T> for std::result::Result<T, postgres::Error> {
    fn db(self) -> complaintdesk_core::Result<T> {
        self.map_err(db_error)
    }
}
