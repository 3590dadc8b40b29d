//! 客诉台 ComplaintDesk desktop shell. It only wires Tauri to the core:
//! finds the data directory, opens the log and the database, registers the
//! commands.

mod allocator;
mod background;
mod backup;
mod commands;
mod credentials;
mod data_export;
mod desktop_commands;
mod export;
mod live;
mod logging;
mod notices;
mod print;
mod rendering;
mod single_instance;
mod state;
mod systemic_commands;
mod window_memory;

use std::path::PathBuf;

use tauri::Manager;

/// Tests and portable installs point the app at another data directory.
const DATA_DIR_ENV: &str = "COMPLAINTDESK_DATA_DIR";

/// End-to-end tests of the crash notice: the app panics right after the log
/// is open, as a crash would (there is no other way to crash it on purpose).
const PANIC_AT_START_ENV: &str = "COMPLAINTDESK_TEST_PANIC_AT_START";

/// Work that reads the whole database file starts once the window has its
/// page: started with the app, it took the disk and a core from WebKit while
/// the first screen was being drawn. (The print fonts are parsed at their
/// first use, not here: 65 ms then, where holding them from the start cost
/// every desk 58 MB whether it printed or not.)
fn after_first_page(app: &tauri::AppHandle) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The start-up check (quick_check reads every page) and the day's backup.
        backup::start(app.clone());
    });
}

pub fn run() {
    // First, while the process has one thread: the environment WebKit's web process inherits.
    rendering::size_javascript_heap();
    allocator::hold_less_memory();
    let data_dir_override = std::env::var_os(DATA_DIR_ENV);
    tauri::Builder::default()
        // First: a second start must hand over before anything else is set up.
        .plugin(single_instance::plugin(data_dir_override.as_deref()))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            let data_dir = match &data_dir_override {
                Some(dir) => PathBuf::from(dir),
                None => app.path().app_data_dir()?,
            };
            std::fs::create_dir_all(&data_dir)?;
            // The last run's crash marker is taken before this run could leave one.
            app.manage(desktop_commands::LastCrash(std::sync::Mutex::new(
                complaintdesk_core::diagnostics::take_crash_notice(&data_dir),
            )));
            logging::start(&data_dir);
            if std::env::var_os(PANIC_AT_START_ENV).is_some() {
                panic!("test crash at start (customer 测试 13800000000)");
            }
            let memory = window_memory::WindowMemory::new(data_dir.clone());
            if let Some(window) = app.get_webview_window(window_memory::MAIN) {
                rendering::draw_without_gl(&window);
                memory.restore(&window);
            }
            app.manage(memory);
            let opening = std::time::Instant::now();
            let state = state::AppState::open(data_dir);
            match state.startup_error() {
                Some(e) => logging::failure("open_database", &e),
                None => logging::note(
                    complaintdesk_core::diagnostics::Level::Info,
                    &format!("database {:?} opened in {}ms", state.database_status().mode, opening.elapsed().as_millis()),
                ),
            }
            app.manage(state);
            app.manage(live::Live::default());
            app.manage(export::Exports::default());
            app.manage(backup::Health::default());
            print::clear_print_dir(app.handle());
            notices::start(app.handle().clone());
            live::start(app.handle());
            Ok(())
        })
        .on_page_load(|webview, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                after_first_page(webview.app_handle());
            }
        })
        .on_window_event(|window, event| {
            if let Some(memory) = window.try_state::<window_memory::WindowMemory>() {
                memory.on_event(window, event);
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::database_status,
            commands::test_server_connection,
            commands::choose_local_database,
            commands::connect_server,
            commands::move_to_server,
            commands::restart_app,
            commands::create_first_admin,
            commands::sign_in,
            commands::sign_out,
            commands::change_password,
            commands::get_preferences,
            commands::save_preferences,
            commands::load_demo_data,
            commands::note_activity,
            commands::list_departments,
            commands::register_case,
            commands::update_case,
            commands::void_case,
            commands::get_case,
            commands::list_cases,
            commands::case_timeline,
            commands::customer_history,
            commands::add_attachment,
            commands::list_attachments,
            commands::attachment_content,
            commands::save_attachment,
            commands::case_workflow,
            commands::assess_case,
            commands::route_case,
            commands::accept_routing,
            commands::return_routing,
            commands::record_investigation,
            commands::propose_resolution,
            commands::approve_resolution,
            commands::send_back_resolution,
            commands::answer_customer,
            commands::execute_resolution,
            commands::record_follow_up,
            commands::close_case,
            commands::my_work,
            commands::approval_queue,
            commands::department_inbox,
            commands::inbox_departments,
            commands::list_agents,
            commands::transfer_case,
            commands::claim_case,
            commands::get_organisation_name,
            commands::set_organisation_name,
            commands::reveal_personal_data,
            commands::crisis_alerts,
            commands::acknowledge_crisis,
            commands::downgrade_notices,
            commands::acknowledge_downgrade,
            commands::list_accounts,
            commands::create_account,
            commands::set_user_roles,
            commands::set_user_department,
            commands::set_user_active,
            commands::reset_password,
            commands::unlock_sign_in,
            commands::unknown_sign_ins,
            commands::department_infos,
            commands::create_department,
            commands::set_department_head,
            commands::get_thresholds,
            commands::set_thresholds,
            commands::list_routing_rules,
            commands::create_routing_rule,
            commands::update_routing_rule,
            commands::dashboard,
            commands::explain_late,
            commands::issue_reminder,
            commands::calendar_years,
            commands::save_calendar_year,
            commands::import_calendar_notice,
            commands::deadline_policies,
            commands::update_deadline_policy,
            commands::get_organisation_type,
            commands::set_organisation_type,
            commands::set_time_zone,
            commands::set_lock_policy,
            commands::personal_data_roles,
            commands::set_personal_data_roles,
            commands::issue_document,
            commands::case_documents,
            commands::document_preview,
            commands::export_document,
            commands::open_document,
            commands::void_document,
            commands::verify_document,
            commands::ledger,
            commands::statistics,
            commands::mark_ledger,
            commands::void_ledger_mark,
            commands::issue_ledger,
            commands::month_statement,
            commands::issue_statement,
            commands::confirm_statement,
            commands::accountability_access,
            commands::accountability_settings,
            commands::save_accountability_settings,
            commands::accountability_board,
            commands::propose_penalties,
            commands::decide_penalties,
            commands::issue_penalty_notice,
            commands::void_penalty_notice,
            commands::mark_store_fine_paid,
            systemic_commands::systemic_rule,
            systemic_commands::set_systemic_rule,
            systemic_commands::systemic_alerts,
            systemic_commands::systemic_alert,
            systemic_commands::acknowledge_systemic,
            systemic_commands::verify_systemic,
            systemic_commands::close_systemic,
            systemic_commands::dismiss_systemic,
            export::export_sheet,
            export::export_my_work,
            export::export_approval_queue,
            export::export_ledger,
            export::export_statement,
            export::export_statistics,
            export::cancel_export,
            data_export::export_all_data,
            desktop_commands::about_desk,
            desktop_commands::open_log_folder,
            desktop_commands::take_crash_notice,
            backup::database_health,
            backup::backup_overview,
            backup::set_backup_folder,
            backup::back_up_now,
            backup::inspect_backup,
            backup::restore_backup,
        ])
        .run(tauri::generate_context!())
        .expect("error while running ComplaintDesk");
}
