//! Time is injected so tests (and later the deadline engine) never depend
//! on today's date.

use std::sync::Mutex;

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved.
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap() = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// A shared clock: the test (or the app's time-travel setting) keeps one
/// handle and moves it, the desk reads through the other.
impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

/// The system time moved by an offset kept in a file, read at every call:
/// end-to-end tests point the real app at it (`COMPLAINTDESK_CLOCK_FILE`)
/// and write "+49h" (or "-30m", "+2d") to jump past a deadline. A missing
/// or unreadable file means no offset.
pub struct OffsetFileClock(pub std::path::PathBuf);

/// "+49h", "-30m", "+2d", "90s" → the offset; `None` when it is not one.
pub fn parse_offset(text: &str) -> Option<chrono::Duration> {
    let text = text.trim();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let unit = rest.chars().last()?;
    let amount: i64 = rest[..rest.len() - unit.len_utf8()].parse().ok()?;
    let amount = sign * amount;
    match unit {
        'd' => Some(chrono::Duration::days(amount)),
        'h' => Some(chrono::Duration::hours(amount)),
        'm' => Some(chrono::Duration::minutes(amount)),
        's' => Some(chrono::Duration::seconds(amount)),
        _ => None,
    }
}

impl Clock for OffsetFileClock {
    fn now(&self) -> DateTime<Utc> {
        let offset = std::fs::read_to_string(&self.0).ok().and_then(|t| parse_offset(&t)).unwrap_or_default();
        Utc::now() + offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_read_from_the_file_at_every_call() {
        assert_eq!(parse_offset("+49h"), Some(chrono::Duration::hours(49)));
        assert_eq!(parse_offset(" -30m\n"), Some(chrono::Duration::minutes(-30)));
        assert_eq!(parse_offset("2d"), Some(chrono::Duration::days(2)));
        assert_eq!(parse_offset("soon"), None);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("clock");
        let clock = OffsetFileClock(file.clone());
        assert!((clock.now() - Utc::now()).num_seconds().abs() < 5, "no file: system time");
        std::fs::write(&file, "+49h").unwrap();
        let moved = clock.now() - Utc::now() - chrono::Duration::hours(49);
        assert!(moved.num_seconds().abs() < 5, "moved at once by 49 hours");
    }
}
