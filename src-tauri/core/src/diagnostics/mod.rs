//! What a desktop app owes IT: a log of errors and timings that holds no
//! personal data (`desk_log`, rotated by `rotating_file`, foreign text
//! cleaned by `scrub`), a crash that is written down and told at the next
//! start (`crash`), and 设置 → 关于 (`AboutDesk`). The shell wires these to
//! Tauri; nothing here knows of it.

pub mod crash;
pub mod desk_log;
pub mod rotating_file;
pub mod scrub;

use serde::Serialize;
use ts_rs::TS;

use crate::database::DatabaseStatus;

pub use crash::{install_panic_hook, take_crash_notice};
pub use desk_log::{command_name, log_dir, DeskLog, Level};

/// 设置 → 关于: which build, which database (a server by host and database
/// name, never its password) and where the log is, to read or send to IT.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutDesk {
    pub version: String,
    pub database: DatabaseStatus,
    /// How many cases the database holds.
    #[ts(type = "number")]
    pub case_count: u64,
    pub data_dir: String,
    pub log_dir: String,
    pub log_file: String,
}

/// The last run ended in a crash (see `crash`): told once at the next start.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CrashNotice {
    /// When it happened (UTC, RFC 3339); `None` if the marker was unreadable.
    pub at: Option<String>,
    /// Source file and line, for IT.
    pub place: String,
    pub log_dir: String,
}
