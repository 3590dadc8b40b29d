//! The IPC surface: one thin command per user action. Each resolves who is
//! acting and hands the work to the core's `Desk`; errors go back to the UI
//! as `{code, message, field}`.

use complaintdesk_core::authority::Thresholds;
use complaintdesk_core::calendar::HolidayYear;
use complaintdesk_core::codes::{OrgType, Role};
use complaintdesk_core::deadlines::{CaseDeadline, Dashboard, DeadlinePolicy, Reminder};
use complaintdesk_core::documents::{CaseDocuments, DocumentPreview, DocumentRequest, IssuedDocument, Verification};
use complaintdesk_core::ledger::{LedgerMarkInput, LedgerPage, LedgerQuery, LedgerRow};
use complaintdesk_core::statement::MonthStatement;
use complaintdesk_core::accountability::{AccountabilityAccess, AccountabilityBoard, AccountabilitySettings, PenaltyNotice, StoreFine};
use complaintdesk_core::codes::OutputTarget;
use complaintdesk_core::model::*;
use complaintdesk_core::routing::RoutingRule;
use complaintdesk_core::AppError;
use tauri::State;

use complaintdesk_core::database::{DatabaseStatus, MoveReport, ServerDatabase};

use crate::state::{AppState, Chosen};

type Reply<T> = std::result::Result<T, AppError>;

/// Runs a command's work off the async runtime's worker, timed in the log
/// (see `logging::off_runtime`).
use crate::logging::off_runtime;

#[tauri::command(async)]
pub fn app_info(state: State<AppState>) -> Reply<AppInfo> {
    off_runtime(|| {
        let desk = state.desk().ok();
        let session = state.session();
        let needs_first_admin = desk.map(|d| d.needs_first_admin()).transpose()?.unwrap_or(false);
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: state.data_dir.display().to_string(),
            db_path: state.db_path.display().to_string(),
            schema_version: desk.map(|d| d.store().schema_version()).transpose()?.unwrap_or(0),
            startup_error: state.startup_error(),
            needs_first_admin,
            current_user: session.as_ref().map(|s| s.user.clone()),
            session,
            case_count: match desk {
                Some(d) if needs_first_admin => Some(d.store().case_count()?),
                _ => None,
            },
            demo_data: desk.map(|d| d.is_demo()).transpose()?.unwrap_or(false),
            time_zone: desk.map(|d| d.time_zone()).transpose()?.unwrap_or_default().name().to_string(),
            lock_policy: desk.map(|d| d.lock_policy()).transpose()?.unwrap_or_default(),
            database: state.database_status(),
            demo_accounts: desk.map(|d| d.demo_accounts()).transpose()?.flatten(),
            goods_fields: desk.map(|d| d.organisation_type()).transpose()?.unwrap_or(complaintdesk_core::deadlines::DEFAULT_ORG_TYPE).deals_in_goods(),
        })
    })
}

// ---- which database: 本机数据库 or 连接服务器 ---------------------------------

#[tauri::command(async)]
pub fn database_status(state: State<AppState>) -> Reply<DatabaseStatus> {
    off_runtime(|| {
        Ok(state.database_status())
    })
}

/// Before a database is open (first start, or the chosen one failed to
/// open) anyone at the desk may choose; afterwards only a 系统管理员.
fn may_change_database(state: &AppState) -> Reply<()> {
    if !state.desk_is_open() {
        return Ok(());
    }
    let actor = state.actor()?;
    state.desk()?.check_may_change_database(&actor)
}

/// 测试连接: connects and checks the database without changing it.
#[tauri::command(async)]
pub fn test_server_connection(state: State<AppState>, server: ServerDatabase, password: String) -> Reply<String> {
    off_runtime(|| {
        may_change_database(&state)?;
        let server = server.cleaned()?;
        complaintdesk_postgres::test_connection(&crate::state::pg_config(&server, Some(password)))
    })
}

#[tauri::command(async)]
pub fn choose_local_database(app: tauri::AppHandle, state: State<AppState>) -> Reply<DatabaseStatus> {
    off_runtime(|| {
        may_change_database(&state)?;
        chosen(&app, state.choose_local()?)
    })
}

/// 连接: saves the server and its password once a connection worked.
#[tauri::command(async)]
pub fn connect_server(app: tauri::AppHandle, state: State<AppState>, server: ServerDatabase, password: String) -> Reply<DatabaseStatus> {
    off_runtime(|| {
        may_change_database(&state)?;
        chosen(&app, state.choose_server(&server, &password)?)
    })
}

/// 迁移到服务器 (系统管理员, on 本机数据库): the report of what was copied;
/// the desk uses the server from its next start (`restart_app`).
#[tauri::command(async)]
pub fn move_to_server(state: State<AppState>, server: ServerDatabase, password: String) -> Reply<MoveReport> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.check_may_change_database(&actor)?;
        state.move_to_server(&server, &password)
    })
}

/// Restarts the app (after 迁移到服务器, to open the server).
#[tauri::command(async)]
pub fn restart_app(app: tauri::AppHandle) {
    app.restart()
}

/// A desk that had a database restarts, so the new store is opened cleanly.
fn chosen(app: &tauri::AppHandle, chosen: Chosen) -> Reply<DatabaseStatus> {
    match chosen {
        Chosen::Opened(status) => {
            crate::live::start(app);
            Ok(status)
        }
        Chosen::RestartNeeded => app.restart(),
    }
}

/// 首次启动: sets up the administrator and signs him in.
#[tauri::command(async)]
pub fn create_first_admin(state: State<AppState>, name: String, login: String, password: String) -> Reply<SignedIn> {
    off_runtime(|| {
        let desk = state.desk()?;
        desk.create_first_admin(&name, &login, &password)?;
        let signed_in = desk.sign_in(&login, &password)?;
        state.start_session(signed_in, &login)
    })
}

#[tauri::command(async)]
pub fn sign_in(state: State<AppState>, login: String, password: String) -> Reply<SignedIn> {
    off_runtime(|| {
        let signed_in = state.desk()?.sign_in(&login, &password)?;
        state.start_session(signed_in, &login)
    })
}

#[tauri::command(async)]
pub fn sign_out(state: State<AppState>) -> Reply<()> {
    off_runtime(|| {
        state.end_session();
        Ok(())
    })
}

#[tauri::command(async)]
pub fn change_password(state: State<AppState>, old_password: String, new_password: String) -> Reply<()> {
    off_runtime(|| {
        let actor = state.password_changer()?;
        state.desk()?.change_password(&actor, &old_password, &new_password)?;
        state.password_changed();
        Ok(())
    })
}

#[tauri::command(async)]
pub fn get_preferences(state: State<AppState>) -> Reply<Preferences> {
    off_runtime(|| {
        Ok(state.prefs())
    })
}

/// Saves this desk's language, columns and lock time.
#[tauri::command(async)]
pub fn save_preferences(state: State<AppState>, prefs: Preferences) -> Reply<Preferences> {
    off_runtime(|| {
        // The lock time within what the admin allows (before a database is open, nothing to check).
        if let Ok(desk) = state.desk() {
            if prefs.lock_after_minutes != state.prefs().lock_after_minutes {
                desk.lock_policy()?.check(prefs.lock_after_minutes)?;
            }
        }
        state.save_prefs(prefs)
    })
}

/// 自动锁定 (admin): the longest lock time a desk may choose, and whether "never" is allowed.
#[tauri::command(async)]
pub fn set_lock_policy(state: State<AppState>, policy: complaintdesk_core::session::LockPolicy) -> Reply<complaintdesk_core::session::LockPolicy> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.set_lock_policy(&actor, policy)
    })
}

/// The person typed or clicked: keeps this desk's session from locking
/// (the screen sends it at most every half minute).
#[tauri::command(async)]
pub fn note_activity(state: State<AppState>) -> Reply<()> {
    off_runtime(|| state.note_activity())
}

#[tauri::command(async)]
pub fn load_demo_data(state: State<AppState>) -> Reply<u64> {
    off_runtime(|| {
        // Only someone signed in may fill the shared database.
        let actor = state.actor()?;
        state.desk()?.load_demo_data(&actor, DEMO_CASES)
    })
}

const DEMO_CASES: usize = 360;

#[tauri::command(async)]
pub fn list_departments(state: State<AppState>) -> Reply<Vec<Department>> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.departments()
    })
}

#[tauri::command(async)]
pub fn register_case(state: State<AppState>, input: NewCase) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.register_case(&actor, input)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn update_case(state: State<AppState>, edit: CaseEdit) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.update_case(&actor, edit)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn void_case(state: State<AppState>, id: i64, version: i64, reason: String) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.void_case(&actor, id, version, &reason)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn get_case(state: State<AppState>, id: i64) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        desk.shown_to(&actor, desk.case(id)?)
    })
}

#[tauri::command(async)]
pub fn list_cases(state: State<AppState>, query: CaseQuery) -> Reply<CasePage> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.sheet(&actor, &query)
    })
}

#[tauri::command(async)]
pub fn case_timeline(state: State<AppState>, id: i64) -> Reply<Vec<AuditEntry>> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.case_timeline(id)
    })
}

#[tauri::command(async)]
pub fn customer_history(state: State<AppState>, phone: String) -> Reply<CustomerHistory> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.customer_history_for(&actor, &phone)
    })
}

#[tauri::command(async)]
pub fn add_attachment(state: State<AppState>, input: NewAttachment) -> Reply<Attachment> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.add_attachment(&actor, input)
    })
}

#[tauri::command(async)]
pub fn list_attachments(state: State<AppState>, case_id: i64) -> Reply<Vec<Attachment>> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.attachments(case_id)
    })
}

#[tauri::command(async)]
pub fn attachment_content(state: State<AppState>, id: i64) -> Reply<AttachmentContent> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.attachment_content(id)
    })
}

#[tauri::command(async)]
pub fn save_attachment(state: State<AppState>, id: i64, path: String) -> Reply<()> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.export_attachment(id, std::path::Path::new(&path))
    })
}

// ---- the case workflow: each step checked in the core (role, state,
// department, authority) and written as one audited transaction ----------

#[tauri::command(async)]
pub fn case_workflow(state: State<AppState>, id: i64) -> Reply<CaseWorkflow> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.case_workflow(&actor, id)
    })
}

#[tauri::command(async)]
pub fn assess_case(state: State<AppState>, id: i64, version: i64, assessment: Assessment) -> Reply<Assessed> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.assess(&actor, id, version, assessment)
    })
}

#[tauri::command(async)]
pub fn route_case(state: State<AppState>, id: i64, version: i64, department_id: i64, reason: String) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.route(&actor, id, version, department_id, &reason)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn accept_routing(state: State<AppState>, id: i64, version: i64) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.accept_routing(&actor, id, version)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn return_routing(state: State<AppState>, id: i64, version: i64, reason: String) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.return_routing(&actor, id, version, &reason)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn record_investigation(state: State<AppState>, id: i64, version: i64, investigation: Investigation) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.record_investigation(&actor, id, version, investigation)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn propose_resolution(state: State<AppState>, id: i64, version: i64, proposal: Proposal) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.propose(&actor, id, version, proposal)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn approve_resolution(state: State<AppState>, id: i64, version: i64, comment: String, confirmed: bool) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.approve(&actor, id, version, &comment, confirmed)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn send_back_resolution(state: State<AppState>, id: i64, version: i64, comment: String) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.send_back(&actor, id, version, &comment)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn answer_customer(state: State<AppState>, id: i64, version: i64, answer: CustomerAnswer) -> Reply<Answered> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.answer(&actor, id, version, answer)
    })
}

#[tauri::command(async)]
pub fn execute_resolution(state: State<AppState>, id: i64, version: i64, note: String) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.execute(&actor, id, version, &note)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn record_follow_up(state: State<AppState>, id: i64, version: i64, follow_up: FollowUp) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.follow_up(&actor, id, version, follow_up)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn close_case(state: State<AppState>, id: i64, version: i64, summary: String) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.close(&actor, id, version, &summary)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn my_work(state: State<AppState>) -> Reply<Vec<WorkGroup>> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.my_work(&actor)
    })
}

#[tauri::command(async)]
pub fn approval_queue(state: State<AppState>) -> Reply<Vec<ApprovalItem>> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.approval_queue(&actor)
    })
}

#[tauri::command(async)]
pub fn department_inbox(state: State<AppState>, department_id: i64, query: CaseQuery) -> Reply<CasePage> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.department_inbox(&actor, department_id, &query)
    })
}

/// The active agents a case can be handed to (转交).
#[tauri::command(async)]
pub fn list_agents(state: State<AppState>) -> Reply<Vec<User>> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.agents()
    })
}

/// 转交: the case to another agent, with a reason.
/// 领取: the signed-in agent takes a registered case no agent owns.
#[tauri::command(async)]
pub fn claim_case(state: State<AppState>, id: i64, version: i64) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.claim(&actor, id, version)?;
        desk.shown_to(&actor, case)
    })
}

#[tauri::command(async)]
pub fn transfer_case(state: State<AppState>, id: i64, version: i64, to_user_id: i64, reason: String) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let case = desk.transfer(&actor, id, version, to_user_id, &reason)?;
        desk.shown_to(&actor, case)
    })
}

/// The departments whose 收件箱 this person may open (his own, those he heads).
#[tauri::command(async)]
pub fn inbox_departments(state: State<AppState>) -> Reply<Vec<Department>> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.inbox_departments(&actor)
    })
}

/// 显示完整信息: the case with its customer's data in full, recorded on its timeline.
#[tauri::command(async)]
pub fn reveal_personal_data(state: State<AppState>, case_id: i64) -> Reply<Case> {
    off_runtime(|| {
        let actor = state.actor()?;
        // In full: not passed through shown_to, which would mask it again.
        state.desk()?.reveal_personal_data(&actor, case_id)
    })
}

#[tauri::command(async)]
pub fn crisis_alerts(state: State<AppState>) -> Reply<Vec<CaseRow>> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.crisis_alerts(&actor)
    })
}

#[tauri::command(async)]
pub fn acknowledge_crisis(state: State<AppState>, case_id: i64) -> Reply<()> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.acknowledge_crisis(&actor, case_id)
    })
}

#[tauri::command(async)]
pub fn downgrade_notices(state: State<AppState>) -> Reply<Vec<DowngradeNotice>> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.downgrade_notices(&actor)
    })
}

#[tauri::command(async)]
pub fn acknowledge_downgrade(state: State<AppState>, case_id: i64) -> Reply<()> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.acknowledge_downgrade(&actor, case_id)
    })
}

// ---- administration: the core refuses anyone but a 系统管理员 -------------

#[tauri::command(async)]
pub fn list_accounts(state: State<AppState>) -> Reply<Vec<Account>> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.accounts(&actor)
    })
}

#[tauri::command(async)]
pub fn create_account(state: State<AppState>, new_user: NewUser) -> Reply<Account> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.create_account(&actor, new_user)
    })
}

#[tauri::command(async)]
pub fn set_user_roles(state: State<AppState>, user_id: i64, roles: Vec<Role>) -> Reply<Account> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.update_user_roles(&actor, user_id, &roles)
    })
}

#[tauri::command(async)]
pub fn set_user_department(state: State<AppState>, user_id: i64, department_id: Option<i64>) -> Reply<Account> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.set_user_department(&actor, user_id, department_id)
    })
}

#[tauri::command(async)]
pub fn set_user_active(state: State<AppState>, user_id: i64, active: bool, successor_id: Option<i64>) -> Reply<Account> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.set_user_active(&actor, user_id, active, successor_id)
    })
}

#[tauri::command(async)]
pub fn reset_password(state: State<AppState>, user_id: i64, new_password: String) -> Reply<()> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.reset_password(&actor, user_id, &new_password)
    })
}

/// 解除锁定 (admin): an account locked by failed sign-ins may sign in again.
#[tauri::command(async)]
pub fn unlock_sign_in(state: State<AppState>, user_id: i64) -> Reply<Account> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.unlock_sign_in(&actor, user_id)
    })
}

/// 未知账号登录 (admin): sign-ins with a login no account has, newest first.
#[tauri::command(async)]
pub fn unknown_sign_ins(state: State<AppState>) -> Reply<Vec<UnknownSignIn>> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.unknown_sign_ins(&actor)
    })
}

#[tauri::command(async)]
pub fn department_infos(state: State<AppState>) -> Reply<Vec<DepartmentInfo>> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.department_infos(&actor)
    })
}

#[tauri::command(async)]
pub fn create_department(state: State<AppState>, name: String) -> Reply<Department> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.create_department(&actor, &name)
    })
}

#[tauri::command(async)]
pub fn set_department_head(state: State<AppState>, department_id: i64, user_id: i64) -> Reply<()> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.set_department_head(&actor, department_id, user_id)
    })
}

#[tauri::command(async)]
pub fn get_thresholds(state: State<AppState>) -> Reply<Thresholds> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.thresholds()
    })
}

#[tauri::command(async)]
pub fn set_thresholds(state: State<AppState>, thresholds: Thresholds) -> Reply<Thresholds> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.set_thresholds(&actor, thresholds)
    })
}

#[tauri::command(async)]
pub fn list_routing_rules(state: State<AppState>) -> Reply<Vec<RoutingRule>> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.routing_rules()
    })
}

#[tauri::command(async)]
pub fn create_routing_rule(state: State<AppState>, rule: RoutingRule) -> Reply<RoutingRule> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.create_routing_rule(&actor, rule)
    })
}

#[tauri::command(async)]
pub fn update_routing_rule(state: State<AppState>, rule: RoutingRule) -> Reply<RoutingRule> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.update_routing_rule(&actor, rule)
    })
}

// ---- 时效: deadlines, calendar, escalation ------------------------------

#[tauri::command(async)]
pub fn dashboard(state: State<AppState>) -> Reply<Dashboard> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.dashboard(&actor)
    })
}

#[tauri::command(async)]
pub fn explain_late(state: State<AppState>, case_id: i64, deadline_id: i64, reason: String) -> Reply<CaseDeadline> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.explain_late(&actor, case_id, deadline_id, &reason)
    })
}

#[tauri::command(async)]
pub fn issue_reminder(state: State<AppState>, case_id: i64, note: String) -> Reply<Reminder> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.issue_reminder(&actor, case_id, &note)
    })
}

#[tauri::command(async)]
pub fn calendar_years(state: State<AppState>) -> Reply<Vec<HolidayYear>> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.calendar_years()
    })
}

#[tauri::command(async)]
pub fn save_calendar_year(state: State<AppState>, json: String) -> Reply<HolidayYear> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.save_calendar_year(&actor, &json)
    })
}

#[tauri::command(async)]
pub fn import_calendar_notice(state: State<AppState>, text: String, year: i32) -> Reply<HolidayYear> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.import_calendar_notice(&actor, &text, year)
    })
}

#[tauri::command(async)]
pub fn deadline_policies(state: State<AppState>) -> Reply<Vec<DeadlinePolicy>> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.deadline_policies()
    })
}

#[tauri::command(async)]
pub fn update_deadline_policy(state: State<AppState>, policy: DeadlinePolicy) -> Reply<DeadlinePolicy> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.update_deadline_policy(&actor, policy)
    })
}

#[tauri::command(async)]
pub fn get_organisation_type(state: State<AppState>) -> Reply<OrgType> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.organisation_type()
    })
}

/// 单位名称, as a 答复函 signs off with it.
#[tauri::command(async)]
pub fn get_organisation_name(state: State<AppState>) -> Reply<String> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.organisation_name()
    })
}

#[tauri::command(async)]
pub fn set_organisation_name(state: State<AppState>, name: String) -> Reply<String> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.set_organisation_name(&actor, &name)
    })
}

#[tauri::command(async)]
pub fn set_organisation_type(state: State<AppState>, org_type: OrgType) -> Reply<OrgType> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.set_organisation_type(&actor, org_type)
    })
}

/// 查看客户信息: the roles that may ask to see customers' data in full.
#[tauri::command(async)]
pub fn personal_data_roles(state: State<AppState>) -> Reply<Vec<Role>> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.personal_data_roles()
    })
}

#[tauri::command(async)]
pub fn set_personal_data_roles(state: State<AppState>, roles: Vec<Role>) -> Reply<Vec<Role>> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.set_personal_data_roles(&actor, &roles)
    })
}

/// 时区 (admin): the organisation's time zone; the answer is the zone in force.
#[tauri::command(async)]
pub fn set_time_zone(state: State<AppState>, time_zone: String) -> Reply<String> {
    off_runtime(|| {
        let actor = state.actor()?;
        Ok(state.desk()?.set_time_zone(&actor, &time_zone)?.name().to_string())
    })
}

// ---- 文书: the core lays out and renders; here the PDF only goes to a file ----

#[tauri::command(async)]
pub fn issue_document(state: State<AppState>, request: DocumentRequest) -> Reply<IssuedDocument> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.issue_document(&actor, request)
    })
}

#[tauri::command(async)]
pub fn case_documents(state: State<AppState>, case_id: i64) -> Reply<CaseDocuments> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.case_documents(&actor, case_id)
    })
}

#[tauri::command(async)]
pub fn document_preview(state: State<AppState>, number: String, copies: Vec<u8>) -> Reply<DocumentPreview> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.document_preview(&actor, &number, &copies)
    })
}

/// 导出 PDF: asks where to save first, so a cancelled dialog records no
/// output; the output is recorded once the file is written.
#[tauri::command(async)]
pub fn export_document(app: tauri::AppHandle, state: State<AppState>, number: String, copies: Vec<u8>) -> Reply<Option<String>> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let name = desk.document_file_name(&number)?;
        let Some(path) = crate::print::ask_save_path(&app, &name) else { return Ok(None) };
        let prepared = desk.prepare_output(&actor, &number, &copies, OutputTarget::Export)?;
        std::fs::write(&path, &prepared.file.bytes)?;
        desk.record_output(&actor, &prepared)?;
        Ok(Some(path.display().to_string()))
    })
}

/// 打印: writes the PDF into this user's private print folder and opens the
/// system viewer on it; recorded once the viewer opened.
#[tauri::command(async)]
pub fn open_document(app: tauri::AppHandle, state: State<AppState>, number: String, copies: Vec<u8>) -> Reply<String> {
    off_runtime(|| {
        let actor = state.actor()?;
        let desk = state.desk()?;
        let prepared = desk.prepare_output(&actor, &number, &copies, OutputTarget::Viewer)?;
        let path = crate::print::open_in_viewer(&crate::print::print_dir(&app)?, &prepared.file.file_name, &prepared.file.bytes)?;
        desk.record_output(&actor, &prepared)?;
        Ok(path.display().to_string())
    })
}

#[tauri::command(async)]
pub fn void_document(state: State<AppState>, number: String, reason: String) -> Reply<IssuedDocument> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.void_document(&actor, &number, &reason)
    })
}

#[tauri::command(async)]
pub fn verify_document(state: State<AppState>, code: String) -> Reply<Verification> {
    off_runtime(|| {
        state.actor()?;
        state.desk()?.verify_document(&code)
    })
}

// ---- 会计台账: 会计科 books the certificates (checked in the core) ---------------

#[tauri::command(async)]
pub fn ledger(state: State<AppState>, query: LedgerQuery) -> Reply<LedgerPage> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.ledger(&actor, &query)
    })
}

#[tauri::command(async)]
pub fn mark_ledger(state: State<AppState>, input: LedgerMarkInput) -> Reply<LedgerRow> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.mark_ledger(&actor, input)
    })
}

#[tauri::command(async)]
pub fn void_ledger_mark(state: State<AppState>, document_id: i64, mark_id: i64, reason: String) -> Reply<LedgerRow> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.void_ledger_mark(&actor, document_id, mark_id, &reason)
    })
}

/// 打印台账: the ledger as filtered becomes a document, printed like the sheet.
#[tauri::command(async)]
pub fn issue_ledger(state: State<AppState>, query: LedgerQuery) -> Reply<IssuedDocument> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.issue_ledger(&actor, &query)
    })
}

// ---- 统计: every figure of a period; who sees which department is decided in the core --

#[tauri::command(async)]
pub fn statistics(state: State<AppState>, query: complaintdesk_core::stats::StatsQuery) -> Reply<complaintdesk_core::stats::Statistics> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.statistics(&actor, query)
    })
}

// ---- 客户投诉案件统计表: the 总经理室 issues, department heads confirm (checked in the core)

#[tauri::command(async)]
pub fn month_statement(state: State<AppState>, month: String) -> Reply<MonthStatement> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.month_statement(&actor, &month)
    })
}

#[tauri::command(async)]
pub fn issue_statement(state: State<AppState>, month: String) -> Reply<IssuedDocument> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.issue_statement(&actor, &month)
    })
}

#[tauri::command(async)]
pub fn confirm_statement(state: State<AppState>, document_id: i64, department_id: i64) -> Reply<MonthStatement> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.confirm_statement(&actor, document_id, department_id)
    })
}

// ---- 奖罚: an optional module; who may do what, and whether it is on, is checked in the core ----

#[tauri::command(async)]
pub fn accountability_access(state: State<AppState>) -> Reply<AccountabilityAccess> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.accountability_access(&actor)
    })
}

#[tauri::command(async)]
pub fn accountability_settings(state: State<AppState>) -> Reply<AccountabilitySettings> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.accountability_settings(&actor)
    })
}

#[tauri::command(async)]
pub fn save_accountability_settings(state: State<AppState>, settings: AccountabilitySettings) -> Reply<AccountabilitySettings> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.save_accountability_settings(&actor, settings)
    })
}

#[tauri::command(async)]
pub fn accountability_board(state: State<AppState>, month: String) -> Reply<AccountabilityBoard> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.accountability_board(&actor, &month)
    })
}

#[tauri::command(async)]
pub fn propose_penalties(state: State<AppState>, month: String) -> Reply<PenaltyNotice> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.propose_penalties(&actor, &month)
    })
}

#[tauri::command(async)]
pub fn decide_penalties(state: State<AppState>, notice_id: i64, approve: bool, note: String) -> Reply<PenaltyNotice> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.decide_penalties(&actor, notice_id, approve, &note)
    })
}

#[tauri::command(async)]
pub fn issue_penalty_notice(state: State<AppState>, notice_id: i64) -> Reply<PenaltyNotice> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.issue_penalty_notice(&actor, notice_id)
    })
}

#[tauri::command(async)]
pub fn void_penalty_notice(state: State<AppState>, notice_id: i64, reason: String) -> Reply<PenaltyNotice> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.void_penalty_notice(&actor, notice_id, &reason)
    })
}

#[tauri::command(async)]
pub fn mark_store_fine_paid(state: State<AppState>, fine_id: i64) -> Reply<StoreFine> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.mark_store_fine_paid(&actor, fine_id)
    })
}

