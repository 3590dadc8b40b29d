//! What the shell holds while running: where its files are, the desk (or
//! why it could not open), and this workstation's preferences.

use std::path::PathBuf;
use std::sync::Mutex;

use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::model::{Preferences, User};
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::{prefs, AppError, Desk, ErrorCode, Result};

pub const DB_FILE: &str = "complaintdesk.sqlite3";
const PREFS_FILE: &str = "preferences.json";

pub struct AppState {
    pub data_dir: PathBuf,
    pub db_path: PathBuf,
    /// The desk, or the reason the database could not be opened. On error
    /// the app shows it and does nothing else: the file is never touched.
    desk: std::result::Result<Desk, AppError>,
    prefs: Mutex<Preferences>,
}

impl AppState {
    pub fn open(data_dir: PathBuf) -> AppState {
        let db_path = data_dir.join(DB_FILE);
        let desk = SqliteStore::open(&db_path).map(|store| Desk::new(Box::new(store), Box::new(SystemClock)));
        let prefs = Mutex::new(prefs::load(&data_dir.join(PREFS_FILE)));
        AppState { data_dir, db_path, desk, prefs }
    }

    pub fn startup_error(&self) -> Option<AppError> {
        self.desk.as_ref().err().cloned()
    }

    pub fn desk(&self) -> Result<&Desk> {
        self.desk.as_ref().map_err(Clone::clone)
    }

    pub fn prefs(&self) -> Preferences {
        self.prefs.lock().unwrap().clone()
    }

    pub fn save_prefs(&self, new: Preferences) -> Result<Preferences> {
        prefs::save(&self.data_dir.join(PREFS_FILE), &new)?;
        *self.prefs.lock().unwrap() = new.clone();
        Ok(new)
    }

    /// The user working at this desk; every change is recorded in his name.
    pub fn current_user(&self) -> Result<User> {
        let id = self.prefs().current_user_id.ok_or_else(|| {
            AppError::new(ErrorCode::NoCurrentUser, "请先选择当前用户")
        })?;
        self.desk()?.user(id)
    }
}
