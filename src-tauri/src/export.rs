//! 导出 commands: a list written to an .xlsx or CSV file the user picks in
//! the save-as dialog (`print::ask_save_path_for`; `COMPLAINTDESK_EXPORT_DIR`
//! in end-to-end tests), with `export-progress` events to the window while
//! it runs and `cancel_export` to stop it (the core then leaves no file).
//! What goes in the file, and who may have it, is decided by the core.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use complaintdesk_core::export::{
    ExportFormat, ExportOutcome, ExportProgress, Watch, APPROVAL_QUEUE_TITLE, LEDGER_TITLE, MY_WORK_TITLE, SHEET_TITLE, STATEMENT_TITLE,
    STATS_TITLE,
};
use complaintdesk_core::ledger::LedgerQuery;
use complaintdesk_core::model::{CaseQuery, User};
use complaintdesk_core::{AppError, Desk};
use tauri::{Emitter, State};

use crate::state::AppState;

type Reply<T> = std::result::Result<T, AppError>;

/// The event the window's progress bar listens to.
pub(crate) const PROGRESS_EVENT: &str = "export-progress";

/// A progress event at most every this many rows (and at the start and end):
/// a million rows need not be a million events.
pub(crate) const PROGRESS_EVERY_ROWS: u64 = 2_000;

/// The exports running now, by the screen's id, with their 取消 flags.
#[derive(Default)]
pub struct Exports {
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

impl Exports {
    pub(crate) fn start(&self, id: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.running.lock().unwrap_or_else(|e| e.into_inner()).insert(id.to_string(), flag.clone());
        flag
    }

    pub(crate) fn end(&self, id: &str) {
        self.running.lock().unwrap_or_else(|e| e.into_inner()).remove(id);
    }

    fn cancel(&self, id: &str) -> bool {
        match self.running.lock().unwrap_or_else(|e| e.into_inner()).get(id) {
            Some(flag) => {
                flag.store(true, std::sync::atomic::Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// Asks where to save, then runs `write` with a watch that reports progress
/// to the window and listens for 取消. Any other table's command (the
/// statistics, the monthly table) goes through here too: build a
/// `complaintdesk_core::export::Table` in the core and `write` it.
pub(crate) fn run_export(
    app: &tauri::AppHandle,
    state: &AppState,
    exports: &Exports,
    export_id: &str,
    title: &str,
    format: ExportFormat,
    write: impl FnOnce(&Desk, &User, &Path, Watch) -> complaintdesk_core::Result<Option<u64>>,
) -> Reply<ExportOutcome> {
    tokio::task::block_in_place(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let name = desk.export_file_name(title, format)?;
        let (filter, extension) = match format {
            ExportFormat::Xlsx => ("Excel", "xlsx"),
            ExportFormat::Csv => ("CSV", "csv"),
        };
        let Some(path) = crate::print::ask_save_path_for(app, &name, filter, &[extension]) else {
            return Ok(ExportOutcome { path: None, rows: 0, cancelled: false });
        };
        let cancel = exports.start(export_id);
        let mut last = None;
        let mut progress = |written: u64, total: Option<u64>| {
            let due = last.is_none_or(|l: u64| written >= l + PROGRESS_EVERY_ROWS || Some(written) == total);
            if due {
                last = Some(written);
                let _ = app.emit(PROGRESS_EVENT, ExportProgress { export_id: export_id.to_string(), written, total });
            }
        };
        let result = write(desk, &actor, &path, Watch { cancel: &cancel, progress: &mut progress });
        exports.end(export_id);
        Ok(match result? {
            Some(rows) => ExportOutcome { path: Some(path.display().to_string()), rows, cancelled: false },
            None => ExportOutcome { path: None, rows: 0, cancelled: true },
        })
    })
}

/// 导出 of the tracking sheet: every case of the filter, in its order.
#[tauri::command(async)]
pub fn export_sheet(
    app: tauri::AppHandle,
    state: State<AppState>,
    exports: State<Exports>,
    export_id: String,
    query: CaseQuery,
    format: ExportFormat,
) -> Reply<ExportOutcome> {
    run_export(&app, &state, &exports, &export_id, SHEET_TITLE, format, |desk, actor, path, watch| {
        desk.export_sheet(actor, &query, path, format, watch)
    })
}

#[tauri::command(async)]
pub fn export_my_work(app: tauri::AppHandle, state: State<AppState>, exports: State<Exports>, export_id: String, format: ExportFormat) -> Reply<ExportOutcome> {
    run_export(&app, &state, &exports, &export_id, MY_WORK_TITLE, format, |desk, actor, path, watch| desk.export_my_work(actor, path, format, watch))
}

#[tauri::command(async)]
pub fn export_approval_queue(
    app: tauri::AppHandle,
    state: State<AppState>,
    exports: State<Exports>,
    export_id: String,
    format: ExportFormat,
) -> Reply<ExportOutcome> {
    run_export(&app, &state, &exports, &export_id, APPROVAL_QUEUE_TITLE, format, |desk, actor, path, watch| {
        desk.export_approval_queue(actor, path, format, watch)
    })
}

#[tauri::command(async)]
pub fn export_ledger(
    app: tauri::AppHandle,
    state: State<AppState>,
    exports: State<Exports>,
    export_id: String,
    query: LedgerQuery,
    format: ExportFormat,
) -> Reply<ExportOutcome> {
    run_export(&app, &state, &exports, &export_id, LEDGER_TITLE, format, |desk, actor, path, watch| {
        desk.export_ledger(actor, &query, path, format, watch)
    })
}

/// 取消: the export stops before its next batch and removes its file.
/// `false` when it had already finished.
#[tauri::command(async)]
pub fn cancel_export(state: State<AppState>, exports: State<Exports>, export_id: String) -> Reply<bool> {
    tokio::task::block_in_place(|| {
        state.actor()?;
        Ok(exports.cancel(&export_id))
    })
}

/// 导出 of a month's 客户投诉案件统计表 (its lines, as on screen and paper).
#[tauri::command(async)]
pub fn export_statement(
    app: tauri::AppHandle,
    state: State<AppState>,
    exports: State<Exports>,
    export_id: String,
    month: String,
    format: ExportFormat,
) -> Reply<ExportOutcome> {
    let title = format!("{STATEMENT_TITLE}{}", month.trim());
    run_export(&app, &state, &exports, &export_id, &title, format, |desk, actor, path, watch| desk.export_statement(actor, &month, path, format, watch))
}

/// 导出 of a period's 统计 (every figure and breakdown, one row each).
#[tauri::command(async)]
pub fn export_statistics(
    app: tauri::AppHandle,
    state: State<AppState>,
    exports: State<Exports>,
    export_id: String,
    query: complaintdesk_core::stats::StatsQuery,
    format: ExportFormat,
) -> Reply<ExportOutcome> {
    run_export(&app, &state, &exports, &export_id, STATS_TITLE, format, |desk, actor, path, watch| desk.export_statistics(actor, query, path, format, watch))
}
