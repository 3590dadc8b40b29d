//! 导出全部数据 (系统管理): the admin picks a new, empty folder
//! (`COMPLAINTDESK_EXPORT_DIR`/客诉台全部数据 in end-to-end tests), and the
//! core writes everything into it, with `export-progress` events counting
//! cases and `cancel_export` to stop it (the folder then stays marked
//! incomplete). Who may, and what is written, is decided by the core.

use std::path::PathBuf;

use complaintdesk_core::data_export::DataExportOutcome;
use complaintdesk_core::export::{ExportProgress, Watch};
use complaintdesk_core::AppError;
use tauri::{Emitter, State};
use tauri_plugin_dialog::DialogExt;

use crate::export::{Exports, PROGRESS_EVENT, PROGRESS_EVERY_ROWS};
use crate::state::AppState;

type Reply<T> = std::result::Result<T, AppError>;

/// The folder the admin chose, or `None` if he closed the chooser.
fn ask_folder(app: &tauri::AppHandle) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(crate::print::EXPORT_DIR_ENV) {
        return Some(PathBuf::from(dir).join("客诉台全部数据"));
    }
    app.dialog().file().set_title("选择一个新的空文件夹").blocking_pick_folder().and_then(|p| p.into_path().ok())
}

#[tauri::command(async)]
pub fn export_all_data(app: tauri::AppHandle, state: State<AppState>, exports: State<Exports>, export_id: String) -> Reply<DataExportOutcome> {
    tokio::task::block_in_place(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let Some(folder) = ask_folder(&app) else {
            return Ok(DataExportOutcome::not_started());
        };
        let cancel = exports.start(&export_id);
        let mut last = None;
        let mut progress = |written: u64, total: Option<u64>| {
            if last.is_none_or(|l: u64| written >= l + PROGRESS_EVERY_ROWS / 10 || Some(written) == total) {
                last = Some(written);
                let _ = app.emit(PROGRESS_EVENT, ExportProgress { export_id: export_id.clone(), written, total });
            }
        };
        let result = desk.export_all_data(&actor, &folder, Watch { cancel: &cancel, progress: &mut progress });
        exports.end(&export_id);
        result
    })
}
