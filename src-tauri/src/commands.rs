//! The IPC surface: one thin command per user action. Each resolves who is
//! acting and hands the work to the core's `Desk`; errors go back to the UI
//! as `{code, message, field}`.

use complaintdesk_core::authority::Thresholds;
use complaintdesk_core::calendar::HolidayYear;
use complaintdesk_core::codes::{OrgType, Role};
use complaintdesk_core::deadlines::{CaseDeadline, Dashboard, DeadlinePolicy, Reminder};
use complaintdesk_core::documents::{CaseDocuments, DocumentPreview, DocumentRequest, IssuedDocument, Verification};
use complaintdesk_core::codes::OutputTarget;
use complaintdesk_core::model::*;
use complaintdesk_core::routing::RoutingRule;
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

// ---- the case workflow: each step checked in the core (role, state,
// department, authority) and written as one audited transaction ----------

#[tauri::command(async)]
pub fn case_workflow(state: State<AppState>, id: i64) -> Reply<CaseWorkflow> {
    let actor = state.actor()?;
    state.desk()?.case_workflow(&actor, id)
}

#[tauri::command(async)]
pub fn assess_case(state: State<AppState>, id: i64, version: i64, assessment: Assessment) -> Reply<Assessed> {
    let actor = state.actor()?;
    state.desk()?.assess(&actor, id, version, assessment)
}

#[tauri::command(async)]
pub fn route_case(state: State<AppState>, id: i64, version: i64, department_id: i64, reason: String) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.route(&actor, id, version, department_id, &reason)
}

#[tauri::command(async)]
pub fn accept_routing(state: State<AppState>, id: i64, version: i64) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.accept_routing(&actor, id, version)
}

#[tauri::command(async)]
pub fn return_routing(state: State<AppState>, id: i64, version: i64, reason: String) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.return_routing(&actor, id, version, &reason)
}

#[tauri::command(async)]
pub fn record_investigation(state: State<AppState>, id: i64, version: i64, investigation: Investigation) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.record_investigation(&actor, id, version, investigation)
}

#[tauri::command(async)]
pub fn propose_resolution(state: State<AppState>, id: i64, version: i64, proposal: Proposal) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.propose(&actor, id, version, proposal)
}

#[tauri::command(async)]
pub fn approve_resolution(state: State<AppState>, id: i64, version: i64, comment: String) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.approve(&actor, id, version, &comment)
}

#[tauri::command(async)]
pub fn send_back_resolution(state: State<AppState>, id: i64, version: i64, comment: String) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.send_back(&actor, id, version, &comment)
}

#[tauri::command(async)]
pub fn answer_customer(state: State<AppState>, id: i64, version: i64, answer: CustomerAnswer) -> Reply<Answered> {
    let actor = state.actor()?;
    state.desk()?.answer(&actor, id, version, answer)
}

#[tauri::command(async)]
pub fn execute_resolution(state: State<AppState>, id: i64, version: i64, note: String) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.execute(&actor, id, version, &note)
}

#[tauri::command(async)]
pub fn record_follow_up(state: State<AppState>, id: i64, version: i64, follow_up: FollowUp) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.follow_up(&actor, id, version, follow_up)
}

#[tauri::command(async)]
pub fn close_case(state: State<AppState>, id: i64, version: i64, summary: String) -> Reply<Case> {
    let actor = state.actor()?;
    state.desk()?.close(&actor, id, version, &summary)
}

#[tauri::command(async)]
pub fn my_work(state: State<AppState>) -> Reply<Vec<WorkGroup>> {
    let actor = state.actor()?;
    state.desk()?.my_work(&actor)
}

#[tauri::command(async)]
pub fn approval_queue(state: State<AppState>) -> Reply<Vec<ApprovalItem>> {
    let actor = state.actor()?;
    state.desk()?.approval_queue(&actor)
}

#[tauri::command(async)]
pub fn department_inbox(state: State<AppState>, department_id: i64, query: CaseQuery) -> Reply<CasePage> {
    state.actor()?;
    state.desk()?.department_cases(department_id, &query)
}

#[tauri::command(async)]
pub fn crisis_alerts(state: State<AppState>) -> Reply<Vec<CaseRow>> {
    let actor = state.actor()?;
    state.desk()?.crisis_alerts(&actor)
}

#[tauri::command(async)]
pub fn acknowledge_crisis(state: State<AppState>, case_id: i64) -> Reply<()> {
    let actor = state.actor()?;
    state.desk()?.acknowledge_crisis(&actor, case_id)
}

// ---- administration: the core refuses anyone but a 系统管理员 -------------

#[tauri::command(async)]
pub fn list_accounts(state: State<AppState>) -> Reply<Vec<Account>> {
    let actor = state.actor()?;
    state.desk()?.accounts(&actor)
}

#[tauri::command(async)]
pub fn create_account(state: State<AppState>, new_user: NewUser) -> Reply<Account> {
    let actor = state.actor()?;
    state.desk()?.create_account(&actor, new_user)
}

#[tauri::command(async)]
pub fn set_user_roles(state: State<AppState>, user_id: i64, roles: Vec<Role>) -> Reply<Account> {
    let actor = state.actor()?;
    state.desk()?.update_user_roles(&actor, user_id, &roles)
}

#[tauri::command(async)]
pub fn set_user_department(state: State<AppState>, user_id: i64, department_id: Option<i64>) -> Reply<Account> {
    let actor = state.actor()?;
    state.desk()?.set_user_department(&actor, user_id, department_id)
}

#[tauri::command(async)]
pub fn set_user_active(state: State<AppState>, user_id: i64, active: bool) -> Reply<Account> {
    let actor = state.actor()?;
    state.desk()?.set_user_active(&actor, user_id, active)
}

#[tauri::command(async)]
pub fn reset_password(state: State<AppState>, user_id: i64, new_password: String) -> Reply<()> {
    let actor = state.actor()?;
    state.desk()?.reset_password(&actor, user_id, &new_password)
}

#[tauri::command(async)]
pub fn department_infos(state: State<AppState>) -> Reply<Vec<DepartmentInfo>> {
    let actor = state.actor()?;
    state.desk()?.department_infos(&actor)
}

#[tauri::command(async)]
pub fn create_department(state: State<AppState>, name: String) -> Reply<Department> {
    let actor = state.actor()?;
    state.desk()?.create_department(&actor, &name)
}

#[tauri::command(async)]
pub fn set_department_head(state: State<AppState>, department_id: i64, user_id: i64) -> Reply<()> {
    let actor = state.actor()?;
    state.desk()?.set_department_head(&actor, department_id, user_id)
}

#[tauri::command(async)]
pub fn get_thresholds(state: State<AppState>) -> Reply<Thresholds> {
    state.actor()?;
    state.desk()?.thresholds()
}

#[tauri::command(async)]
pub fn set_thresholds(state: State<AppState>, thresholds: Thresholds) -> Reply<Thresholds> {
    let actor = state.actor()?;
    state.desk()?.set_thresholds(&actor, thresholds)
}

#[tauri::command(async)]
pub fn list_routing_rules(state: State<AppState>) -> Reply<Vec<RoutingRule>> {
    state.actor()?;
    state.desk()?.routing_rules()
}

#[tauri::command(async)]
pub fn create_routing_rule(state: State<AppState>, rule: RoutingRule) -> Reply<RoutingRule> {
    let actor = state.actor()?;
    state.desk()?.create_routing_rule(&actor, rule)
}

#[tauri::command(async)]
pub fn update_routing_rule(state: State<AppState>, rule: RoutingRule) -> Reply<RoutingRule> {
    let actor = state.actor()?;
    state.desk()?.update_routing_rule(&actor, rule)
}

// ---- 时效: deadlines, calendar, escalation ------------------------------

#[tauri::command(async)]
pub fn dashboard(state: State<AppState>) -> Reply<Dashboard> {
    let actor = state.actor()?;
    state.desk()?.dashboard(&actor)
}

#[tauri::command(async)]
pub fn explain_late(state: State<AppState>, case_id: i64, deadline_id: i64, reason: String) -> Reply<CaseDeadline> {
    let actor = state.actor()?;
    state.desk()?.explain_late(&actor, case_id, deadline_id, &reason)
}

#[tauri::command(async)]
pub fn issue_reminder(state: State<AppState>, case_id: i64, note: String) -> Reply<Reminder> {
    let actor = state.actor()?;
    state.desk()?.issue_reminder(&actor, case_id, &note)
}

#[tauri::command(async)]
pub fn calendar_years(state: State<AppState>) -> Reply<Vec<HolidayYear>> {
    state.actor()?;
    state.desk()?.calendar_years()
}

#[tauri::command(async)]
pub fn save_calendar_year(state: State<AppState>, json: String) -> Reply<HolidayYear> {
    let actor = state.actor()?;
    state.desk()?.save_calendar_year(&actor, &json)
}

#[tauri::command(async)]
pub fn deadline_policies(state: State<AppState>) -> Reply<Vec<DeadlinePolicy>> {
    state.actor()?;
    state.desk()?.deadline_policies()
}

#[tauri::command(async)]
pub fn update_deadline_policy(state: State<AppState>, policy: DeadlinePolicy) -> Reply<DeadlinePolicy> {
    let actor = state.actor()?;
    state.desk()?.update_deadline_policy(&actor, policy)
}

#[tauri::command(async)]
pub fn get_organisation_type(state: State<AppState>) -> Reply<OrgType> {
    state.actor()?;
    state.desk()?.organisation_type()
}

#[tauri::command(async)]
pub fn set_organisation_type(state: State<AppState>, org_type: OrgType) -> Reply<OrgType> {
    let actor = state.actor()?;
    state.desk()?.set_organisation_type(&actor, org_type)
}

// ---- 文书: the core lays out and renders; here the PDF only goes to a file ----

#[tauri::command(async)]
pub fn issue_document(state: State<AppState>, request: DocumentRequest) -> Reply<IssuedDocument> {
    let actor = state.actor()?;
    state.desk()?.issue_document(&actor, request)
}

#[tauri::command(async)]
pub fn case_documents(state: State<AppState>, case_id: i64) -> Reply<CaseDocuments> {
    let actor = state.actor()?;
    state.desk()?.case_documents(&actor, case_id)
}

#[tauri::command(async)]
pub fn document_preview(state: State<AppState>, number: String, copies: Vec<u8>) -> Reply<DocumentPreview> {
    state.actor()?;
    state.desk()?.document_preview(&number, &copies)
}

/// 导出 PDF: asks where to save first, so a cancelled dialog records no output.
#[tauri::command(async)]
pub fn export_document(app: tauri::AppHandle, state: State<AppState>, number: String, copies: Vec<u8>) -> Reply<Option<String>> {
    let actor = state.actor()?;
    let desk = state.desk()?;
    let name = desk.document_file_name(&number)?;
    let Some(path) = crate::print::ask_save_path(&app, &name) else { return Ok(None) };
    let file = desk.document_pdf(&actor, &number, &copies, OutputTarget::Export)?;
    std::fs::write(&path, &file.bytes)?;
    Ok(Some(path.display().to_string()))
}

/// 打印: writes the PDF to a temporary file and opens the system viewer on it.
#[tauri::command(async)]
pub fn open_document(state: State<AppState>, number: String, copies: Vec<u8>) -> Reply<String> {
    let actor = state.actor()?;
    let file = state.desk()?.document_pdf(&actor, &number, &copies, OutputTarget::Viewer)?;
    let path = crate::print::open_in_viewer(&file.file_name, &file.bytes)?;
    Ok(path.display().to_string())
}

#[tauri::command(async)]
pub fn void_document(state: State<AppState>, number: String, reason: String) -> Reply<IssuedDocument> {
    let actor = state.actor()?;
    state.desk()?.void_document(&actor, &number, &reason)
}

#[tauri::command(async)]
pub fn verify_document(state: State<AppState>, code: String) -> Reply<Verification> {
    state.actor()?;
    state.desk()?.verify_document(&code)
}

