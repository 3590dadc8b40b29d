//! A panic leaves two things behind: a line in the log (where, and the
//! scrubbed message: see `DeskLog::panic`) and a marker file beside it. The
//! next start takes the marker and tells the person once that the app went
//! down and where the details are, so a crash is not silently forgotten and
//! IT is not asked about it without the log.
//!
//! The marker is written at every panic, also one in a worker thread that
//! the app survived: the person is told at the next start either way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::desk_log::{log_dir, DeskLog};
use super::scrub::scrub;
use super::CrashNotice;

pub const MARKER_FILE: &str = "crashed.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Marker {
    at: DateTime<Utc>,
    /// Source file and line of the panic (never its message).
    place: String,
}

pub fn marker_path(data_dir: &Path) -> PathBuf {
    log_dir(data_dir).join(MARKER_FILE)
}

/// Logs every panic and leaves the marker. In a debug build the default
/// hook still prints the panic to the terminal for the developer; a release
/// build prints nothing beyond the log, whose text is scrubbed.
pub fn install_panic_hook(log: Arc<DeskLog>, data_dir: &Path) {
    let marker = marker_path(data_dir);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info.location().map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column())).unwrap_or_else(|| "?".into());
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let thread = std::thread::current().name().unwrap_or("unnamed").to_string();
        log.panic(&place, &thread, &message);
        leave_marker(&marker, Utc::now(), &place);
        if cfg!(debug_assertions) {
            previous(info);
        }
    }));
}

fn leave_marker(path: &Path, at: DateTime<Utc>, place: &str) {
    let marker = Marker { at, place: scrub(place) };
    if let Ok(text) = serde_json::to_string(&marker) {
        let _ = std::fs::write(path, text);
    }
}

/// At start: the last run's crash, if any, once (the marker is removed).
/// An unreadable marker still counts as a crash, without its time.
pub fn take_crash_notice(data_dir: &Path) -> Option<CrashNotice> {
    let path = marker_path(data_dir);
    let text = std::fs::read_to_string(&path).ok()?;
    let _ = std::fs::remove_file(&path);
    let marker: Option<Marker> = serde_json::from_str(&text).ok();
    Some(CrashNotice {
        at: marker.as_ref().map(|m| m.at.to_rfc3339_opts(SecondsFormat::Secs, true)),
        place: marker.map(|m| m.place).unwrap_or_default(),
        log_dir: log_dir(data_dir).display().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_is_told_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(log_dir(dir.path())).unwrap();
        assert_eq!(take_crash_notice(dir.path()), None, "no crash, nothing to say");
        let at = DateTime::parse_from_rfc3339("2025-05-06T07:08:09Z").unwrap().with_timezone(&Utc);
        leave_marker(&marker_path(dir.path()), at, "src/desk.rs:10:5");
        let notice = take_crash_notice(dir.path()).unwrap();
        assert_eq!(notice.at.as_deref(), Some("2025-05-06T07:08:09Z"));
        assert_eq!(notice.place, "src/desk.rs:10:5");
        assert_eq!(notice.log_dir, dir.path().join("logs").display().to_string());
        assert_eq!(take_crash_notice(dir.path()), None, "told once");
    }

    #[test]
    fn a_garbled_marker_still_reports_the_crash() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(log_dir(dir.path())).unwrap();
        std::fs::write(marker_path(dir.path()), "{half").unwrap();
        let notice = take_crash_notice(dir.path()).unwrap();
        assert_eq!((notice.at, notice.place.as_str()), (None, ""));
    }
}
