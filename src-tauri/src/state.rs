//! What the shell holds while running: where its files are, the desk (or
//! why it could not open), this workstation's preferences, and who is
//! signed in here.

use std::path::PathBuf;
use std::sync::Mutex;

use complaintdesk_core::clock::{Clock, OffsetFileClock, SystemClock};
use complaintdesk_core::model::{Preferences, SignedIn, User};
use complaintdesk_core::session::{self, Session};
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::{prefs, AppError, Desk, Result};

pub const DB_FILE: &str = "complaintdesk.sqlite3";
/// End-to-end tests move the desk's clock through this file (see core `clock::OffsetFileClock`).
const CLOCK_FILE_ENV: &str = "COMPLAINTDESK_CLOCK_FILE";

/// The system clock, or the offset-file clock when a test asks for it.
fn desk_clock() -> Box<dyn Clock> {
    match std::env::var_os(CLOCK_FILE_ENV) {
        Some(path) => Box::new(OffsetFileClock(PathBuf::from(path))),
        None => Box::new(SystemClock),
    }
}
const PREFS_FILE: &str = "preferences.json";

pub struct AppState {
    pub data_dir: PathBuf,
    pub db_path: PathBuf,
    /// The desk, or the reason the database could not be opened. On error
    /// the app shows it and does nothing else: the file is never touched.
    desk: std::result::Result<Desk, AppError>,
    prefs: Mutex<Preferences>,
    session: Mutex<Option<Session>>,
}

impl AppState {
    pub fn open(data_dir: PathBuf) -> AppState {
        let db_path = data_dir.join(DB_FILE);
        // A data directory on a network share is refused before the database is opened.
        let desk = complaintdesk_core::data_dir::check_local(&data_dir)
            .and_then(|()| SqliteStore::open(&db_path))
            .map(|store| Desk::new(Box::new(store), desk_clock()));
        let prefs = Mutex::new(prefs::load(&data_dir.join(PREFS_FILE)));
        AppState { data_dir, db_path, desk, prefs, session: Mutex::new(None) }
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

    /// Starts a session (after sign-in) and remembers the login for next time.
    pub fn start_session(&self, signed_in: SignedIn, login: &str) -> Result<SignedIn> {
        *self.session.lock().unwrap() = Some(Session::start(signed_in.clone(), chrono::Utc::now()));
        self.save_prefs(Preferences { last_login: login.trim().to_string(), ..self.prefs() })?;
        Ok(signed_in)
    }

    pub fn end_session(&self) {
        *self.session.lock().unwrap() = None;
    }

    /// The session as it stands, without counting as activity.
    pub fn session(&self) -> Option<SignedIn> {
        self.session.lock().unwrap().as_ref().map(|s| s.signed_in.clone())
    }

    /// Who is signed in and not locked, without counting as activity (for
    /// the notification timer).
    pub fn unlocked_user(&self) -> Option<User> {
        let minutes = self.prefs().lock_after_minutes;
        let session = self.session.lock().unwrap();
        session.as_ref().filter(|s| !s.is_locked(chrono::Utc::now(), minutes)).map(|s| s.signed_in.user.clone())
    }

    /// The signed-in user, for every command that reads or changes data;
    /// every change is recorded in his name. A session idle longer than this
    /// desk's lock time ends here (see core `session`).
    pub fn actor(&self) -> Result<User> {
        let minutes = self.prefs().lock_after_minutes;
        session::actor(&mut self.session.lock().unwrap(), chrono::Utc::now(), minutes)
    }
}
