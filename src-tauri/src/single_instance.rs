//! One 客诉台 per workstation: a second start hands over to the running one,
//! which brings its window forward, and exits (tauri-plugin-single-instance).
//!
//! The plugin keys the instance on the app's identifier: one per user
//! session on Windows (a named mutex) and macOS (a socket). On Linux it is a
//! D-Bus name, and there an app started on another data folder
//! (`COMPLAINTDESK_DATA_DIR`: portable installs, end-to-end tests) gets a
//! name of its own, so desks with different folders never block each
//! other while a second start on the same folder still lands in the first.
//! Without a D-Bus session bus (a bare X server) the plugin lets every
//! start run.

use std::ffi::OsStr;

use tauri::plugin::TauriPlugin;
use tauri::Runtime;

use complaintdesk_core::diagnostics::Level;

pub fn plugin<R: Runtime>(data_dir_override: Option<&OsStr>) -> TauriPlugin<R> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| {
        crate::logging::note(Level::Info, "second start: the running window was brought forward");
        crate::window_memory::bring_forward(app);
    });
    match data_dir_override {
        Some(dir) => builder.dbus_id(folder_id(dir)).build(),
        None => builder.build(),
    }
}

/// `cn.complaintdesk.desk.d<hash of the folder>`: a valid D-Bus name
/// element (a letter first, then hex digits), the same for the same folder.
fn folder_id(dir: &OsStr) -> String {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let hash = dir.as_encoded_bytes().iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3));
    format!("cn.complaintdesk.desk.d{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_data_folder_has_its_own_stable_name() {
        let a = folder_id(OsStr::new("/tmp/complaintdesk-e2e-a"));
        assert_eq!(a, folder_id(OsStr::new("/tmp/complaintdesk-e2e-a")));
        assert_ne!(a, folder_id(OsStr::new("/tmp/complaintdesk-e2e-b")));
        assert!(a.starts_with("cn.complaintdesk.desk.d") && a.len() == "cn.complaintdesk.desk.d".len() + 16);
    }
}
