//! 备份与恢复 in the shell: the commands of 系统管理's backup tab, and the
//! background thread that checks the database at start-up (`PRAGMA
//! quick_check`, reported to the window as `database-health`) and takes the
//! daily backup — at start-up when today's is missing, then looked for once
//! an hour — never on the window's thread. A damaged file is not backed up
//! (its copies would rotate the good ones away).

use std::sync::Mutex;
use std::time::Duration;

use complaintdesk_core::backup::{BackupContents, BackupFile, BackupOverview, DatabaseHealth, HealthState, RestoreReport};
use complaintdesk_core::AppError;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::state::AppState;

type Reply<T> = std::result::Result<T, AppError>;

fn off_runtime<T>(work: impl FnOnce() -> Reply<T>) -> Reply<T> {
    tokio::task::block_in_place(work)
}

/// The event the window hears when the start-up check has an answer.
const HEALTH_EVENT: &str = "database-health";
/// How often the thread looks whether today's backup is there.
const LOOK_EVERY: Duration = Duration::from_secs(60 * 60);

/// The latest answer of the database check.
pub struct Health(Mutex<DatabaseHealth>);

impl Default for Health {
    fn default() -> Self {
        Health(Mutex::new(DatabaseHealth::checking()))
    }
}

pub fn start(app: AppHandle) {
    crate::background::spawn(move || loop {
        check_health(&app);
        let state = app.state::<AppState>();
        let damaged = app.state::<Health>().0.lock().unwrap().state == HealthState::Damaged;
        if let (Ok(desk), false) = (state.desk(), damaged) {
            if let Err(e) = desk.daily_backup() {
                eprintln!("每日备份失败：{e}");
            }
        }
        std::thread::sleep(LOOK_EVERY);
    });
}

/// Runs the check (once per database: again only after a restore) and
/// tells the window.
fn check_health(app: &AppHandle) {
    let health = app.state::<Health>();
    if health.0.lock().unwrap().state != HealthState::Checking {
        return;
    }
    let state = app.state::<AppState>();
    let Ok(desk) = state.desk() else { return };
    let answer = desk.database_health();
    *health.0.lock().unwrap() = answer.clone();
    let _ = app.emit(HEALTH_EVENT, answer);
}

/// The start-up check's answer so far (`checking` until it has one).
#[tauri::command(async)]
pub fn database_health(health: State<Health>) -> DatabaseHealth {
    health.0.lock().unwrap().clone()
}

#[tauri::command(async)]
pub fn backup_overview(state: State<AppState>) -> Reply<BackupOverview> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.backup_overview(&actor)
    })
}

#[tauri::command(async)]
pub fn set_backup_folder(state: State<AppState>, folder: Option<String>) -> Reply<BackupOverview> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.set_backup_folder(&actor, folder.as_deref())
    })
}

#[tauri::command(async)]
pub fn back_up_now(state: State<AppState>) -> Reply<BackupFile> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.back_up_now(&actor)
    })
}

#[tauri::command(async)]
pub fn inspect_backup(state: State<AppState>, path: String) -> Reply<BackupContents> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.inspect_backup(&actor, &path)
    })
}

/// The restore, confirmed. The accounts of the restored database may differ
/// from the current one's, so the session ends: the admin signs in again.
#[tauri::command(async)]
pub fn restore_backup(app: AppHandle, state: State<AppState>, path: String) -> Reply<RestoreReport> {
    off_runtime(|| {
        let actor = state.actor()?;
        let report = state.desk()?.restore_backup(&actor, &path)?;
        state.end_session();
        *app.state::<Health>().0.lock().unwrap() = DatabaseHealth::checking();
        let app = app.clone();
        std::thread::spawn(move || check_health(&app));
        Ok(report)
    })
}
