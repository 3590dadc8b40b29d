//! What the shell holds while running: where its files are, which database
//! this desk uses and the desk over it (or why it could not open, or that
//! none has been chosen yet), this workstation's preferences, and who is
//! signed in here.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use complaintdesk_core::clock::{Clock, OffsetFileClock, SystemClock};
use complaintdesk_core::database::{DatabaseChoice, DatabaseStatus, DbTls, MoveReport, ServerDatabase, PASSWORD_IN_FILE};
use complaintdesk_core::model::{Preferences, SignedIn, User};
use complaintdesk_core::session::{self, Session};
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::{prefs, AppError, Desk, ErrorCode, Result};
use complaintdesk_postgres::{PgConfig, PgStore, TlsMode};

use crate::credentials::{self, Kept};

pub const DB_FILE: &str = "complaintdesk.sqlite3";
/// Which database this desk uses (`DatabaseChoice`'s JSON; never the password).
pub const DATABASE_FILE: &str = "database.json";
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

/// What choosing a database led to.
pub enum Chosen {
    /// No desk was open and the new one is open now (or the desk already
    /// uses the chosen database).
    Opened(DatabaseStatus),
    /// A desk was open: the choice is saved and the app must restart to use it.
    RestartNeeded,
}

pub struct AppState {
    pub data_dir: PathBuf,
    pub db_path: PathBuf,
    /// What `database.json` says (a desk from before it existed, with only
    /// the SQLite file, counts as local); `None` until a database is chosen.
    choice: Mutex<Option<DatabaseChoice>>,
    /// The desk, once a database is open. Set once: changing the database
    /// of an open desk restarts the app.
    desk: OnceLock<Desk>,
    /// Why the chosen database could not be opened. The app then shows it
    /// and does nothing else: the file is never touched.
    startup_error: Mutex<Option<AppError>>,
    /// Set when the server's password is kept in a file, not the OS store.
    password_warning: Mutex<Option<String>>,
    /// The server the open desk uses, for its change listener (see `live`).
    server: OnceLock<PgConfig>,
    /// One change of database at a time.
    choosing: Mutex<()>,
    prefs: Mutex<Preferences>,
    session: Mutex<Option<Session>>,
}

impl AppState {
    pub fn open(data_dir: PathBuf) -> AppState {
        let db_path = data_dir.join(DB_FILE);
        let prefs = Mutex::new(prefs::load(&data_dir.join(PREFS_FILE)));
        let state = AppState {
            data_dir,
            db_path,
            choice: Mutex::new(None),
            desk: OnceLock::new(),
            startup_error: Mutex::new(None),
            password_warning: Mutex::new(None),
            server: OnceLock::new(),
            choosing: Mutex::new(()),
            prefs,
            session: Mutex::new(None),
        };
        let choice = match read_choice(&state.data_dir) {
            Ok(Some(choice)) => Some(choice),
            // Desks from before the choice existed keep their SQLite file.
            Ok(None) if state.db_path.exists() => Some(DatabaseChoice::Local),
            Ok(None) => None,
            Err(e) => {
                *state.startup_error.lock().unwrap() = Some(e);
                return state;
            }
        };
        let opened = match &choice {
            None => return state,
            Some(DatabaseChoice::Local) => open_local(&state.data_dir, &state.db_path),
            Some(DatabaseChoice::Server { server }) => {
                let password = credentials::load(&state.data_dir, &account(server));
                if matches!(password, Some((_, Kept::File))) {
                    *state.password_warning.lock().unwrap() = Some(PASSWORD_IN_FILE.to_string());
                }
                let config = pg_config(server, password.map(|(p, _)| p));
                let opened = PgStore::connect(&config).map(store_desk);
                if opened.is_ok() {
                    let _ = state.server.set(config);
                }
                opened
            }
        };
        *state.choice.lock().unwrap() = choice;
        match opened {
            Ok(desk) => {
                let _ = state.desk.set(desk);
            }
            Err(e) => *state.startup_error.lock().unwrap() = Some(e),
        }
        state
    }

    pub fn startup_error(&self) -> Option<AppError> {
        self.startup_error.lock().unwrap().clone()
    }

    pub fn desk(&self) -> Result<&Desk> {
        if let Some(desk) = self.desk.get() {
            return Ok(desk);
        }
        Err(self.startup_error().unwrap_or_else(|| {
            AppError::new(ErrorCode::DbOpenFailed, "尚未选择数据库：请先选择本机数据库或连接服务器")
        }))
    }

    /// True once a database is open (changing it then needs an admin).
    pub fn desk_is_open(&self) -> bool {
        self.desk.get().is_some()
    }

    /// Which database this desk uses, as the start screen and 设置 show it.
    pub fn database_status(&self) -> DatabaseStatus {
        match &*self.choice.lock().unwrap() {
            None => DatabaseStatus::none(),
            Some(DatabaseChoice::Local) => DatabaseStatus::local(&self.db_path),
            Some(DatabaseChoice::Server { server }) => {
                DatabaseStatus::server(server, self.password_warning.lock().unwrap().clone())
            }
        }
    }

    /// 本机数据库: opened now if no desk is open yet, otherwise saved for the restart.
    pub fn choose_local(&self) -> Result<Chosen> {
        let _one = self.choosing.lock().unwrap();
        if self.desk_is_open() && *self.choice.lock().unwrap() == Some(DatabaseChoice::Local) {
            return Ok(Chosen::Opened(self.database_status()));
        }
        if self.desk_is_open() {
            write_choice(&self.data_dir, &DatabaseChoice::Local)?;
            return Ok(Chosen::RestartNeeded);
        }
        let desk = open_local(&self.data_dir, &self.db_path)?;
        write_choice(&self.data_dir, &DatabaseChoice::Local)?;
        Ok(Chosen::Opened(self.opened(DatabaseChoice::Local, desk, None)))
    }

    /// 连接服务器: connects (setting up an empty database), then saves the
    /// password and the choice. Nothing is saved when the connection fails.
    pub fn choose_server(&self, server: &ServerDatabase, password: &str) -> Result<Chosen> {
        let _one = self.choosing.lock().unwrap();
        let server = server.cleaned()?;
        let config = pg_config(&server, Some(password.to_string()));
        let store = PgStore::connect(&config)?;
        let kept = credentials::save(&self.data_dir, &account(&server), password)?;
        let choice = DatabaseChoice::Server { server };
        write_choice(&self.data_dir, &choice)?;
        let warning = (kept == Kept::File).then(|| PASSWORD_IN_FILE.to_string());
        if self.desk_is_open() {
            // The open desk keeps its store until the restart opens the new one.
            drop(store);
            return Ok(Chosen::RestartNeeded);
        }
        let _ = self.server.set(config);
        Ok(Chosen::Opened(self.opened(choice, store_desk(store), warning)))
    }

    /// 迁移到服务器: copies this desk's SQLite file into the empty server
    /// database (the file is only read, and stays as it was), then saves the
    /// server and its password as this desk's database for the next start.
    /// Nothing is saved when the copy is refused or fails.
    pub fn move_to_server(&self, server: &ServerDatabase, password: &str) -> Result<MoveReport> {
        let _one = self.choosing.lock().unwrap();
        if *self.choice.lock().unwrap() != Some(DatabaseChoice::Local) || !self.desk_is_open() {
            return Err(AppError::new(ErrorCode::WrongState, "只有使用本机数据库的工作站才能迁移到服务器"));
        }
        let server = server.cleaned()?;
        let report = complaintdesk_postgres::move_up::copy_sqlite_to_server(
            &self.db_path,
            &pg_config(&server, Some(password.to_string())),
        )?;
        credentials::save(&self.data_dir, &account(&server), password)?;
        write_choice(&self.data_dir, &DatabaseChoice::Server { server })?;
        Ok(report)
    }

    /// The server the open desk works on; `None` on 本机数据库 or before a
    /// database is open.
    pub fn server(&self) -> Option<&PgConfig> {
        self.server.get()
    }

    fn opened(&self, choice: DatabaseChoice, desk: Desk, warning: Option<String>) -> DatabaseStatus {
        *self.choice.lock().unwrap() = Some(choice);
        *self.password_warning.lock().unwrap() = warning;
        *self.startup_error.lock().unwrap() = None;
        let _ = self.desk.set(desk);
        self.database_status()
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

    /// This desk's lock time, no longer than the admin allows (`LockPolicy`).
    fn lock_minutes(&self) -> u32 {
        let chosen = self.prefs().lock_after_minutes;
        match self.desk().and_then(|d| d.lock_policy()) {
            Ok(policy) => policy.effective(chosen),
            // No database yet (or it cannot be read): the strictest default.
            Err(_) => complaintdesk_core::session::LockPolicy::default().effective(chosen),
        }
    }

    /// Who is signed in and not locked, without counting as activity (for
    /// the notification timer).
    pub fn unlocked_user(&self) -> Option<User> {
        let minutes = self.lock_minutes();
        let session = self.session.lock().unwrap();
        session.as_ref().filter(|s| !s.is_locked(chrono::Utc::now(), minutes)).map(|s| s.signed_in.user.clone())
    }

    /// The signed-in user, for every command that reads or changes data;
    /// every change is recorded in his name. A session idle longer than this
    /// desk's lock time ends here (see core `session`).
    pub fn actor(&self) -> Result<User> {
        let minutes = self.lock_minutes();
        let desk = self.desk()?;
        session::actor(&mut self.session.lock().unwrap(), chrono::Utc::now(), minutes, |user| desk.is_active(user.id))
    }

    /// The signed-in user changing his password: allowed even while his
    /// password is a temporary one, which every other command refuses.
    pub fn password_changer(&self) -> Result<User> {
        let minutes = self.lock_minutes();
        let desk = self.desk()?;
        session::password_changer(&mut self.session.lock().unwrap(), chrono::Utc::now(), minutes, |user| desk.is_active(user.id))
    }

    /// His own password is set: the session is no longer held to 修改密码.
    pub fn password_changed(&self) {
        session::password_changed(&mut self.session.lock().unwrap());
    }

    /// The person's input at the desk (keyboard, mouse), which alone keeps
    /// the session from locking.
    pub fn note_activity(&self) -> Result<()> {
        let minutes = self.lock_minutes();
        session::note_activity(&mut self.session.lock().unwrap(), chrono::Utc::now(), minutes)
    }
}

fn store_desk<S: complaintdesk_core::store::Store + 'static>(store: S) -> Desk {
    Desk::new(Box::new(store), desk_clock()).with_workstation(&workstation_name())
}

/// This computer's name, recorded with each sign-in (`hostname` answers on
/// Windows, macOS and Linux alike).
fn workstation_name() -> String {
    let from_env = std::env::var("COMPUTERNAME").ok().filter(|n| !n.trim().is_empty());
    let name = from_env.or_else(|| {
        let out = std::process::Command::new("hostname").output().ok()?;
        let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (!name.is_empty()).then_some(name)
    });
    name.unwrap_or_else(|| "未知计算机".to_string())
}

/// The SQLite file in the data directory; a directory on a network share
/// is refused before the database is opened.
fn open_local(data_dir: &Path, db_path: &Path) -> Result<Desk> {
    complaintdesk_core::data_dir::check_local(data_dir)?;
    SqliteStore::open(db_path).map(store_desk)
}

/// The credential store's name for a server's password.
fn account(server: &ServerDatabase) -> String {
    format!("{}@{}", server.user, server.describe())
}

/// The IPC shape as the PostgreSQL store's configuration.
pub fn pg_config(server: &ServerDatabase, password: Option<String>) -> PgConfig {
    PgConfig {
        hosts: server.hosts.clone(),
        port: server.port,
        dbname: server.dbname.clone(),
        user: server.user.clone(),
        password,
        tls: match server.tls {
            DbTls::Disable => TlsMode::Disable,
            DbTls::Prefer => TlsMode::Prefer,
            DbTls::Require => TlsMode::Require,
            DbTls::VerifyFull => TlsMode::VerifyFull,
        },
        ca_cert: server.ca_cert.as_ref().map(PathBuf::from),
    }
}

/// `database.json`, or `None` when there is none. A file that cannot be
/// read is an error: the desk must not silently fall back to another database.
fn read_choice(data_dir: &Path) -> Result<Option<DatabaseChoice>> {
    let path = data_dir.join(DATABASE_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(AppError::new(ErrorCode::DbOpenFailed, format!("无法读取 {}：{e}", path.display()))),
    };
    serde_json::from_str(&text).map(Some).map_err(|e| {
        AppError::new(ErrorCode::DbOpenFailed, format!("{} 不是有效的数据库设置：{e}", path.display()))
    })
}

fn write_choice(data_dir: &Path, choice: &DatabaseChoice) -> Result<()> {
    let path = data_dir.join(DATABASE_FILE);
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(choice).expect("plain data serialises");
    std::fs::write(&tmp, text + "\n").and_then(|()| std::fs::rename(&tmp, &path)).map_err(|e| {
        AppError::new(ErrorCode::Io, format!("无法保存数据库设置 {}：{e}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cd-state-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn an_empty_data_dir_asks_for_a_database() {
        let dir = temp_dir("none");
        let state = AppState::open(dir.clone());
        assert_eq!(state.database_status(), DatabaseStatus::none());
        assert!(state.desk().is_err());
        assert!(state.startup_error().is_none());
        assert!(!dir.join(DB_FILE).exists(), "nothing is created before the choice");
        let Chosen::Opened(status) = state.choose_local().unwrap() else { panic!("opened in place") };
        assert_eq!(status.description, format!("本机数据库 {}", dir.join(DB_FILE).display()));
        assert!(state.desk().is_ok());
        assert_eq!(read_choice(&dir).unwrap(), Some(DatabaseChoice::Local));
        // Choosing it again changes nothing.
        assert!(matches!(state.choose_local().unwrap(), Chosen::Opened(_)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_desk_from_before_the_choice_keeps_its_sqlite_file() {
        let dir = temp_dir("legacy");
        drop(SqliteStore::open(&dir.join(DB_FILE)).unwrap());
        let state = AppState::open(dir.clone());
        assert_eq!(state.database_status().mode, complaintdesk_core::database::DatabaseMode::Local);
        assert!(state.desk().is_ok());
        assert!(!dir.join(DATABASE_FILE).exists(), "opening writes no choice");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_broken_database_json_blocks_the_desk() {
        let dir = temp_dir("broken");
        std::fs::write(dir.join(DATABASE_FILE), "{\"mode\":\"cloud\"}").unwrap();
        let state = AppState::open(dir.clone());
        assert!(state.startup_error().unwrap().message.contains("不是有效的数据库设置"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
