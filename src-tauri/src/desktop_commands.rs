//! 设置 → 关于 and the crash notice (issue 14 item 4), in the thin shape of
//! `commands.rs`: the facts come from the shell's state and the core's
//! `diagnostics`.

use std::sync::Mutex;

use complaintdesk_core::diagnostics::{log_dir, AboutDesk, CrashNotice};
use complaintdesk_core::{AppError, ErrorCode};
use tauri::State;

use crate::logging::off_runtime;
use crate::state::AppState;

type Reply<T> = std::result::Result<T, AppError>;

/// The last run's crash, taken from its marker at start (before the log
/// could write a new one), until the window asks for it.
pub struct LastCrash(pub Mutex<Option<CrashNotice>>);

/// 关于: version, database (never the server's password), log folder.
#[tauri::command(async)]
pub fn about_desk(state: State<AppState>) -> Reply<AboutDesk> {
    off_runtime(|| {
        state.actor()?;
        let logs = log_dir(&state.data_dir);
        Ok(AboutDesk {
            version: env!("CARGO_PKG_VERSION").to_string(),
            database: state.database_status(),
            case_count: state.desk()?.store().case_count()?,
            data_dir: state.data_dir.display().to_string(),
            log_file: logs.join(complaintdesk_core::diagnostics::desk_log::LOG_FILE).display().to_string(),
            log_dir: logs.display().to_string(),
        })
    })
}

/// 打开日志文件夹: the system's file manager on the log folder.
#[tauri::command(async)]
pub fn open_log_folder(state: State<AppState>) -> Reply<()> {
    off_runtime(|| {
        state.actor()?;
        let logs = log_dir(&state.data_dir);
        std::fs::create_dir_all(&logs)?;
        tauri_plugin_opener::open_path(&logs, None::<&str>).map_err(|e| {
            AppError::new(ErrorCode::Io, format!("无法打开文件夹 {}：{e}", logs.display()))
        })
    })
}

/// At start, before anyone signs in: the last run crashed (told once).
#[tauri::command(async)]
pub fn take_crash_notice(last: State<LastCrash>) -> Reply<Option<CrashNotice>> {
    off_runtime(|| Ok(last.0.lock().unwrap().take()))
}
