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
    let session = state.session();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir.display().to_string(),
        db_path: state.db_path.display().to_string(),
        schema_version: desk.map(|d| d.store().schema_version()).transpose()?.unwrap_or(0),
        startup_error: state.startup_error(),
        needs_first_admin: desk.map(|d| d.needs_first_admin()).transpose()?.unwrap_or(false),
        current_user: session.as_ref().map(|s| s.user.clone()),
        session,
        case_count: desk.map(|d| d.store().case_count()).transpose()?.unwrap_or(0),
    })
}

/// 首次启动: sets up the administrator and signs him in.
#[tauri::command(async)]
pub fn create_first_admin(state: State<AppState>, name: String, login: String, password: String) -> Reply<SignedIn> {
    let desk = state.desk()?;
    desk.create_first_admin(&name, &login, &password)?;
    let signed_in = desk.sign_in(&login, &password)?;
    state.start_session(signed_in, &login)
}

#[tauri::command(async)]
pub fn sign_in(state: State<AppState>, login: String, password: String) -> Reply<SignedIn> {
    let signed_in = state.desk()?.sign_in(&login, &password)?;
    state.start_session(signed_in, &login)
}

#[tauri::command(async)]
pub fn sign_out(state: State<AppState>) -> Reply<()> {
    state.end_session();
    Ok(())
}

#[tauri::command(async)]
pub fn change_password(state: State<AppState>, old_password: String, new_password: String) -> Reply<()> {
    let actor = state.actor()?;
    state.desk()?.change_password(&actor, &old_password, &new_password)
}

#[tauri::command(async)]
pub fn get_preferences(state: State<AppState>) -> Reply<Preferences> {
    Ok(state.prefs())
}

/// Saves this desk's language, columns and lock time.
#[tauri::command(async)]
pub fn save_preferences(state: State<AppState>, prefs: Preferences) -> Reply<Preferences> {
    state.save_prefs(prefs)
}

#[tauri::command(async)]
pub fn load_demo_data(state: State<AppState>) -> Reply<u64> {
    // Only someone signed in may fill the shared database.
    state.actor()?;
    state.desk()?.load_demo_data(DEMO_CASES)
}

const DEMO_CASES: usize = 360;

#[tauri::command(async)]
pub fn list_departments(state: State<AppState>) -> Reply<Vec<Department>> {
    state.actor()?;
    state.desk()?.departments()
}

#[tauri::command(async)]
pub fn register_case(state: State<AppState>, input: NewCase) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.register_case(&actor, input)
}

#[tauri::command(async)]
pub fn update_case(state: State<AppState>, edit: CaseEdit) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.update_case(&actor, edit)
}

#[tauri::command(async)]
pub fn void_case(state: State<AppState>, id: i64, version: i64, reason: String) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.void_case(&actor, id, version, &reason)
}

#[tauri::command(async)]
pub fn get_case(state: State<AppState>, id: i64) -> Reply<Case> {
    state.actor()?;
    state.desk()?.case(id)
}

#[tauri::command(async)]
pub fn list_cases(state: State<AppState>, query: CaseQuery) -> Reply<CasePage> {
    state.actor()?;
    state.desk()?.case_page(&query)
}

#[tauri::command(async)]
pub fn case_timeline(state: State<AppState>, id: i64) -> Reply<Vec<AuditEntry>> {
    state.actor()?;
    state.desk()?.case_timeline(id)
}

#[tauri::command(async)]
pub fn customer_history(state: State<AppState>, phone: String) -> Reply<CustomerHistory> {
    state.actor()?;
    state.desk()?.customer_history(&phone)
}


#[tauri::command(async)]
pub fn add_attachment(state: State<AppState>, input: NewAttachment) -> Reply<Attachment> {
    let actor = state.actor()?;
    state.desk()?.add_attachment(&actor, input)
}

#[tauri::command(async)]
pub fn list_attachments(state: State<AppState>, case_id: i64) -> Reply<Vec<Attachment>> {
    state.actor()?;
    state.desk()?.attachments(case_id)
}

#[tauri::command(async)]
pub fn attachment_content(state: State<AppState>, id: i64) -> Reply<AttachmentContent> {
    state.actor()?;
    state.desk()?.attachment_content(id)
}

#[tauri::command(async)]
pub fn save_attachment(state: State<AppState>, id: i64, path: String) -> Reply<()> {
    state.actor()?;
    state.desk()?.export_attachment(id, std::path::Path::new(&path))
}
