//! The IPC surface: one thin command per user action. Each resolves who is
//! acting and hands the work to the core's `Desk`; errors go back to the UI
//! as `{code, message, field}`.

use complaintdesk_core::model::*;
use complaintdesk_core::AppError;
use tauri::State;

use crate::state::AppState;

type Reply<T> = std::result::Result<T, AppError>;

#[tauri::command(async)]
pub fn app_info(state: State<AppState>) -> Reply<AppInfo> {
    let desk = state.desk().ok();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir.display().to_string(),
        db_path: state.db_path.display().to_string(),
        schema_version: desk.map(|d| d.store().schema_version()).transpose()?.unwrap_or(0),
        startup_error: state.startup_error(),
        current_user: state.current_user().ok(),
        case_count: desk.map(|d| d.store().case_count()).transpose()?.unwrap_or(0),
    })
}

#[tauri::command(async)]
pub fn list_users(state: State<AppState>) -> Reply<Vec<User>> {
    state.desk()?.users()
}

#[tauri::command(async)]
pub fn create_user(state: State<AppState>, name: String) -> Reply<User> {
    state.desk()?.create_user(&name)
}

#[tauri::command(async)]
pub fn set_current_user(state: State<AppState>, user_id: i64) -> Reply<User> {
    let user = state.desk()?.user(user_id)?;
    state.save_prefs(Preferences { current_user_id: Some(user.id), ..state.prefs() })?;
    Ok(user)
}

#[tauri::command(async)]
pub fn get_preferences(state: State<AppState>) -> Reply<Preferences> {
    Ok(state.prefs())
}

/// Saves language and columns; who sits at the desk changes only through
/// `set_current_user`.
#[tauri::command(async)]
pub fn save_preferences(state: State<AppState>, prefs: Preferences) -> Reply<Preferences> {
    let current_user_id = state.prefs().current_user_id;
    state.save_prefs(Preferences { current_user_id, ..prefs })
}

#[tauri::command(async)]
pub fn load_demo_data(state: State<AppState>) -> Reply<u64> {
    // Only someone who has chosen who he is may fill the shared database.
    state.current_user()?;
    state.desk()?.load_demo_data(DEMO_CASES)
}

const DEMO_CASES: usize = 360;

#[tauri::command(async)]
pub fn list_departments(state: State<AppState>) -> Reply<Vec<Department>> {
    state.desk()?.departments()
}

#[tauri::command(async)]
pub fn register_case(state: State<AppState>, input: NewCase) -> Reply<Case> {
    let actor = state.current_user()?;
    state.desk()?.register_case(&actor, input)
}

#[tauri::command(async)]
pub fn update_case(state: State<AppState>, edit: CaseEdit) -> Reply<Case> {
    let actor = state.current_user()?;
    state.desk()?.update_case(&actor, edit)
}

#[tauri::command(async)]
pub fn void_case(state: State<AppState>, id: i64, version: i64, reason: String) -> Reply<Case> {
    let actor = state.current_user()?;
    state.desk()?.void_case(&actor, id, version, &reason)
}

#[tauri::command(async)]
pub fn get_case(state: State<AppState>, id: i64) -> Reply<Case> {
    state.desk()?.case(id)
}

#[tauri::command(async)]
pub fn list_cases(state: State<AppState>, query: CaseQuery) -> Reply<CasePage> {
    state.desk()?.case_page(&query)
}

#[tauri::command(async)]
pub fn case_timeline(state: State<AppState>, id: i64) -> Reply<Vec<AuditEntry>> {
    state.desk()?.case_timeline(id)
}

#[tauri::command(async)]
pub fn customer_history(state: State<AppState>, phone: String) -> Reply<CustomerHistory> {
    state.desk()?.customer_history(&phone)
}


#[tauri::command(async)]
pub fn add_attachment(state: State<AppState>, input: NewAttachment) -> Reply<Attachment> {
    let actor = state.current_user()?;
    state.desk()?.add_attachment(&actor, input)
}

#[tauri::command(async)]
pub fn list_attachments(state: State<AppState>, case_id: i64) -> Reply<Vec<Attachment>> {
    state.desk()?.attachments(case_id)
}

#[tauri::command(async)]
pub fn attachment_content(state: State<AppState>, id: i64) -> Reply<AttachmentContent> {
    state.desk()?.attachment_content(id)
}

#[tauri::command(async)]
pub fn save_attachment(state: State<AppState>, id: i64, path: String) -> Reply<()> {
    state.desk()?.export_attachment(id, std::path::Path::new(&path))
}
