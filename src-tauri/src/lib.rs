//! 客诉台 ComplaintDesk desktop shell. It only wires Tauri to the core:
//! finds the data directory, opens the database, registers the commands.

mod commands;
mod state;

use std::path::PathBuf;

use tauri::Manager;

/// Tests and portable installs point the app at another data directory.
const DATA_DIR_ENV: &str = "COMPLAINTDESK_DATA_DIR";

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let data_dir = match std::env::var_os(DATA_DIR_ENV) {
                Some(dir) => PathBuf::from(dir),
                None => app.path().app_data_dir()?,
            };
            std::fs::create_dir_all(&data_dir)?;
            app.manage(state::AppState::open(data_dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::create_first_admin,
            commands::sign_in,
            commands::sign_out,
            commands::change_password,
            commands::get_preferences,
            commands::save_preferences,
            commands::load_demo_data,
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
        ])
        .run(tauri::generate_context!())
        .expect("error while running ComplaintDesk");
}
