//! Where a printed document's PDF goes: a file the user picks (save-as
//! dialog) or the system's PDF viewer, which prints it.

use std::path::PathBuf;

use complaintdesk_core::{print_folder, AppError, ErrorCode};
use tauri::Manager;
use tauri_plugin_dialog::DialogExt;

/// End-to-end tests cannot click a native dialog: with this set, exports go
/// straight into that folder under the suggested name.
pub(crate) const EXPORT_DIR_ENV: &str = "COMPLAINTDESK_EXPORT_DIR";

/// The path the user chose for a PDF, or `None` if he cancelled.
pub fn ask_save_path(app: &tauri::AppHandle, file_name: &str) -> Option<PathBuf> {
    ask_save_path_for(app, file_name, "PDF", &["pdf"])
}

/// The path the user chose for a file of one kind (`filter` names it in
/// the dialog), or `None` if he cancelled.
pub fn ask_save_path_for(app: &tauri::AppHandle, file_name: &str, filter: &str, extensions: &[&str]) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(EXPORT_DIR_ENV) {
        return Some(PathBuf::from(dir).join(file_name));
    }
    app.dialog()
        .file()
        .set_file_name(file_name)
        .add_filter(filter, extensions)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

/// This user's private folder for the PDFs the viewer prints, in his own
/// cache folder (`print_folder`).
pub fn print_dir(app: &tauri::AppHandle) -> Result<PathBuf, AppError> {
    let cache = app.path().app_cache_dir().map_err(|e| AppError::new(ErrorCode::Io, format!("找不到本用户的缓存文件夹：{e}")))?;
    print_folder::private_print_dir(&cache)
}

/// At start: the PDFs printed last time are gone.
pub fn clear_print_dir(app: &tauri::AppHandle) {
    if let Ok(cache) = app.path().app_cache_dir() {
        print_folder::clear_print_dir(&cache);
    }
}

/// Writes the PDF into `dir` and opens it in the system viewer.
pub fn open_in_viewer(dir: &std::path::Path, file_name: &str, bytes: &[u8]) -> Result<PathBuf, AppError> {
    let path = dir.join(file_name);
    std::fs::write(&path, bytes)?;
    tauri_plugin_opener::open_path(&path, None::<&str>)
        .map_err(|e| AppError::new(ErrorCode::Io, format!("无法打开系统的 PDF 查看器：{e}。文件已保存在 {}", path.display())))?;
    Ok(path)
}
