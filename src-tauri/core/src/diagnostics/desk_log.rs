//! The desk's own log, `logs/complaintdesk.log` in its data folder: when
//! the app started and on which version, how long each command took and
//! the stable code of each refusal or failure, and panics. It is for IT and
//! support, who may send it anywhere, so it never holds personal data: a
//! command is logged by its name, its duration and its error's `code` and
//! `field` (never its `message`, which may quote what staff typed), and
//! any text the program did not write itself goes through `scrub`.
//!
//! Only this log writes to the file: nothing is wired to the `log` or
//! `tracing` facades, whose messages from other crates (a driver's query
//! parameters, say) we could not vouch for.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};

use super::rotating_file::RotatingFile;
use super::scrub::scrub;
use crate::error::{AppError, ErrorCode};

/// The log folder's name inside the data folder.
pub const LOG_DIR: &str = "logs";
pub const LOG_FILE: &str = "complaintdesk.log";
/// Five files of 1 MiB: weeks of a desk's commands, 5 MiB at most.
pub const MAX_BYTES: u64 = 1024 * 1024;
pub const KEEP_OLDER: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

impl Level {
    fn word(self) -> &'static str {
        match self {
            Level::Info => "INFO ",
            Level::Warn => "WARN ",
            Level::Error => "ERROR",
        }
    }
}

pub struct DeskLog {
    file: Mutex<RotatingFile>,
}

impl DeskLog {
    /// `data_dir/logs/complaintdesk.log`, rotated at `MAX_BYTES`.
    pub fn open(data_dir: &Path) -> std::io::Result<DeskLog> {
        DeskLog::open_sized(&log_dir(data_dir).join(LOG_FILE), MAX_BYTES, KEEP_OLDER)
    }

    pub fn open_sized(path: &Path, max_bytes: u64, keep: usize) -> std::io::Result<DeskLog> {
        Ok(DeskLog { file: Mutex::new(RotatingFile::open(path, max_bytes, keep)?) })
    }

    pub fn path(&self) -> PathBuf {
        self.lock().path().to_path_buf()
    }

    /// A command that answered: its name and how long it took.
    pub fn command_done(&self, command: &str, took: Duration) {
        self.write(Level::Info, &format!("command {} {}ms ok", safe_word(command), took.as_millis()));
    }

    /// A command that was refused or failed: its name, how long it took and
    /// the error's code and field. The message is left out on purpose.
    pub fn command_failed(&self, command: &str, took: Duration, error: &AppError) {
        let field = error.field.as_deref().map(|f| format!(" field={}", safe_word(f))).unwrap_or_default();
        let code = code_word(error.code);
        self.write(level_of(error.code), &format!("command {} {}ms {code}{field}", safe_word(command), took.as_millis()));
    }

    /// Something the shell says (start, the database it opened). The text
    /// is scrubbed all the same, in case a path holds a person's name.
    pub fn note(&self, level: Level, text: &str) {
        self.write(level, &scrub(text));
    }

    /// A failure outside a command (start-up, a timer), by its code only.
    pub fn failure(&self, what: &str, error: &AppError) {
        self.write(level_of(error.code), &format!("{} {}", safe_word(what), code_word(error.code)));
    }

    /// A panic: where it happened and its scrubbed message.
    pub fn panic(&self, location: &str, thread: &str, message: &str) {
        self.write(
            Level::Error,
            &format!("panic in thread {} at {}: {}", safe_word(thread), scrub(location), scrub(message)),
        );
    }

    fn write(&self, level: Level, text: &str) {
        self.write_at(Utc::now(), level, text)
    }

    fn write_at(&self, at: DateTime<Utc>, level: Level, text: &str) {
        let line = format!("{} {} {text}", at.to_rfc3339_opts(SecondsFormat::Millis, true), level.word());
        // A log that cannot be written must not stop the desk's work.
        let _ = self.lock().write_line(&line);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, RotatingFile> {
        // A panic while writing (the hook writes too) must not poison the log.
        self.file.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The command a closure was written in, from its type's name
/// (`complaintdesk_lib::commands::list_cases::{{closure}}` → `list_cases`),
/// so every command is timed under its own name without naming itself.
pub fn command_name(closure_type: &str) -> &str {
    let mut path = closure_type;
    while let Some(outer) = path.strip_suffix("::{{closure}}") {
        path = outer;
    }
    // Generic arguments of the closure's type, if the compiler shows any.
    let path = path.split('<').next().unwrap_or(path);
    path.rsplit("::").next().filter(|name| !name.is_empty()).unwrap_or("command")
}

pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(LOG_DIR)
}

/// A refusal a person can fix is a warning; the desk failing is an error.
fn level_of(code: ErrorCode) -> Level {
    match code {
        ErrorCode::Storage | ErrorCode::Io | ErrorCode::DbOpenFailed | ErrorCode::DbTooNew | ErrorCode::ServerUnreachable
        | ErrorCode::MissingGlyph => Level::Error,
        _ => Level::Warn,
    }
}

/// The code as it crosses IPC (`VALIDATION`, `NOT_FOUND` …).
fn code_word(code: ErrorCode) -> String {
    serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_else(|| "UNKNOWN".into())
}

/// Command, field and thread names are identifiers; anything else in them is dropped.
fn safe_word(word: &str) -> String {
    let kept: String = word.chars().filter(|c| c.is_ascii_alphanumeric() || "_-.:".contains(*c)).take(80).collect();
    if kept.is_empty() { "?".into() } else { kept }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_in(dir: &Path) -> DeskLog {
        DeskLog::open(dir).unwrap()
    }

    fn text(log: &DeskLog) -> String {
        std::fs::read_to_string(log.path()).unwrap()
    }

    #[test]
    fn the_log_lives_in_the_data_folders_logs() {
        let dir = tempfile::tempdir().unwrap();
        let log = log_in(dir.path());
        assert_eq!(log.path(), dir.path().join("logs").join("complaintdesk.log"));
    }

    #[test]
    fn a_command_refused_with_a_customers_name_and_phone_logs_only_its_code() {
        let dir = tempfile::tempdir().unwrap();
        let log = log_in(dir.path());
        let refusal = AppError::invalid(
            "customerPhone",
            "客户 欧阳娜娜 的电话 13912345678 与 Li Lei (li.lei@example.cn) 的相同",
        );
        log.command_failed("register_case", Duration::from_millis(7), &refusal);
        log.command_done("list_cases", Duration::from_millis(12));
        let text = text(&log);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with(" WARN  command register_case 7ms VALIDATION field=customerPhone"), "{}", lines[0]);
        assert!(lines[1].ends_with(" INFO  command list_cases 12ms ok"), "{}", lines[1]);
        for personal in ["欧阳娜娜", "13912345678", "Li Lei", "li.lei@example.cn", "客户"] {
            assert!(!text.contains(personal), "{personal} leaked into the log: {text}");
        }
    }

    #[test]
    fn storage_failures_are_errors_and_lines_start_with_utc_time() {
        let dir = tempfile::tempdir().unwrap();
        let log = log_in(dir.path());
        let at = DateTime::parse_from_rfc3339("2025-03-04T05:06:07.089Z").unwrap().with_timezone(&Utc);
        log.write_at(at, Level::Info, "started");
        log.failure("open_database", &AppError::new(ErrorCode::DbOpenFailed, "无法打开 /home/张三/客诉.sqlite3"));
        let text = text(&log);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "2025-03-04T05:06:07.089Z INFO  started");
        assert!(lines[1].ends_with(" ERROR open_database DB_OPEN_FAILED"), "{}", lines[1]);
        assert!(!text.contains("张三"));
    }

    #[test]
    fn a_panic_is_logged_with_its_place_and_without_what_staff_typed() {
        let dir = tempfile::tempdir().unwrap();
        let log = log_in(dir.path());
        log.panic(
            "src/commands.rs:120:9",
            "tokio-runtime-worker",
            r#"called `Option::unwrap()` on a `None` value; case "张伟 13812345678 漏水""#,
        );
        let text = text(&log);
        assert!(
            text.trim_end().ends_with(
                r#"ERROR panic in thread tokio-runtime-worker at src/commands.rs:120:9: called `Option::unwrap()` on a `None` value; case "…""#
            ),
            "{text}"
        );
    }

    #[test]
    fn a_closure_is_named_after_the_function_it_is_in() {
        assert_eq!(command_name("complaintdesk_lib::commands::list_cases::{{closure}}"), "list_cases");
        assert_eq!(command_name("complaintdesk_lib::export::export_sheet::{{closure}}::{{closure}}"), "export_sheet");
        assert_eq!(command_name("odd"), "odd");
        assert_eq!(command_name(""), "command");
        let here = command_name(std::any::type_name_of_val(&|| ()));
        assert_eq!(here, "a_closure_is_named_after_the_function_it_is_in", "the compiler names closures as we expect");
    }

    #[test]
    fn an_odd_command_name_cannot_smuggle_text_in() {
        let dir = tempfile::tempdir().unwrap();
        let log = log_in(dir.path());
        log.command_done("list_cases 张三 13812345678\nfake line", Duration::from_millis(1));
        let text = text(&log);
        assert_eq!(text.lines().count(), 1);
        assert!(!text.contains("张三"));
    }
}
