//! Backup file names and which automatic backups to keep: the newest copy
//! of each of the last 30 days that have one, and, older than those, the
//! newest copy (the month-end state) of each of the 12 months before. Pure
//! functions over file names, so the rule is tested without files.
//!
//! 立即备份 copies carry `-manual` and are never removed automatically: an
//! admin takes one on purpose (before a risky change) and deletes it himself.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

pub const DAILY_KEPT: usize = 30;
pub const MONTHLY_KEPT: usize = 12;

const PREFIX: &str = "complaintdesk-";
const MANUAL: &str = "-manual";
pub const EXTENSION: &str = ".sqlite3";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// What a backup's file name says: when it was taken (the organisation's
/// local time) and whether an admin asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupName {
    pub taken: NaiveDateTime,
    pub manual: bool,
}

/// `complaintdesk-20261123-100000.sqlite3`, or `…-manual.sqlite3`.
pub fn file_name(taken: NaiveDateTime, manual: bool) -> String {
    format!("{PREFIX}{}{}{EXTENSION}", taken.format(STAMP), if manual { MANUAL } else { "" })
}

/// `None` for anything that is not one of our backup names (a `.part` being
/// written, a file the admin put there).
pub fn parse_name(name: &str) -> Option<BackupName> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(EXTENSION)?;
    let (stamp, manual) = match rest.strip_suffix(MANUAL) {
        Some(stamp) => (stamp, true),
        None => (rest, false),
    };
    let taken = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some(BackupName { taken, manual })
}

/// Whether one of `names` was taken on `day` (automatic or manual): the
/// daily backup is then already done.
pub fn has_backup_on(names: &[String], day: NaiveDate) -> bool {
    names.iter().filter_map(|n| parse_name(n)).any(|b| b.taken.date() == day)
}

/// The automatic backups among `names` that fall outside the 30 daily and
/// 12 monthly copies, oldest first. Manual copies and foreign names are
/// never in it.
pub fn to_remove(names: &[String]) -> Vec<String> {
    let mut automatic: Vec<(NaiveDateTime, &String)> = names
        .iter()
        .filter_map(|n| parse_name(n).filter(|b| !b.manual).map(|b| (b.taken, n)))
        .collect();
    automatic.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(a.1)));

    let mut kept: HashSet<&String> = HashSet::new();
    let mut days: Vec<NaiveDate> = Vec::new();
    for (taken, name) in &automatic {
        let day = taken.date();
        if days.last() == Some(&day) {
            continue; // an older copy of a day already kept
        }
        if days.len() == DAILY_KEPT {
            break;
        }
        days.push(day);
        kept.insert(name);
    }
    // Month-end copies only from before the daily span, so a month's copy
    // is never a second copy of a day already kept.
    let oldest_daily = days.last().copied();
    let mut months: Vec<(i32, u32)> = Vec::new();
    for (taken, name) in &automatic {
        if oldest_daily.is_some_and(|d| taken.date() >= d) {
            continue;
        }
        let month = (taken.year(), taken.month());
        if months.last() == Some(&month) {
            continue;
        }
        if months.len() == MONTHLY_KEPT {
            break;
        }
        months.push(month);
        kept.insert(name);
    }
    automatic.into_iter().rev().filter(|(_, n)| !kept.contains(n)).map(|(_, n)| n.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveTime};

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap())
    }

    /// One automatic backup at 09:00 on every day from `first` to `last`.
    fn daily(first: NaiveDate, last: NaiveDate) -> Vec<String> {
        first.iter_days().take_while(|d| *d <= last).map(|d| file_name(d.and_hms_opt(9, 0, 0).unwrap(), false)).collect()
    }

    fn kept(names: &[String]) -> Vec<String> {
        let gone: HashSet<String> = to_remove(names).into_iter().collect();
        let mut kept: Vec<String> = names.iter().filter(|n| !gone.contains(*n)).cloned().collect();
        kept.sort();
        kept
    }

    #[test]
    fn names_round_trip() {
        let taken = at(2026, 11, 23, 10);
        assert_eq!(file_name(taken, false), "complaintdesk-20261123-100000.sqlite3");
        assert_eq!(file_name(taken, true), "complaintdesk-20261123-100000-manual.sqlite3");
        assert_eq!(parse_name("complaintdesk-20261123-100000-manual.sqlite3"), Some(BackupName { taken, manual: true }));
        assert_eq!(parse_name("complaintdesk-20261123-100000.sqlite3"), Some(BackupName { taken, manual: false }));
        assert_eq!(parse_name("complaintdesk-20261123-100000.sqlite3.part"), None);
        assert_eq!(parse_name("complaintdesk-20261323-100000.sqlite3"), None, "month 13");
        assert_eq!(parse_name("notes.sqlite3"), None);
    }

    #[test]
    fn a_long_history_keeps_exactly_30_days_and_12_month_ends() {
        // 2025-01-01 … 2026-11-23, one backup a day.
        let names = daily(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let kept = kept(&names);
        assert_eq!(kept.len(), 30 + 12);
        let expected_days = daily(NaiveDate::from_ymd_opt(2026, 10, 25).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        // Month ends before 2026-10-25: Oct 24 (October's newest before the
        // daily span), then Sep 30 back to Nov 30 of 2025.
        let mut expected: Vec<String> = [
            (2025, 11, 30), (2025, 12, 31), (2026, 1, 31), (2026, 2, 28), (2026, 3, 31), (2026, 4, 30),
            (2026, 5, 31), (2026, 6, 30), (2026, 7, 31), (2026, 8, 31), (2026, 9, 30), (2026, 10, 24),
        ]
        .iter()
        .map(|&(y, m, d)| file_name(at(y, m, d, 9), false))
        .chain(expected_days)
        .collect();
        expected.sort();
        assert_eq!(kept, expected);
        assert_eq!(to_remove(&names).first().unwrap(), "complaintdesk-20250101-090000.sqlite3", "oldest first");
    }

    #[test]
    fn a_day_keeps_its_newest_copy_and_manual_copies_stay() {
        let mut names = daily(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        names.push(file_name(at(2026, 11, 23, 18), false));
        names.push(file_name(at(2026, 1, 5, 11), true));
        names.push("readme.txt".into());
        assert_eq!(to_remove(&names), vec![file_name(at(2026, 11, 23, 9), false)]);
    }

    #[test]
    fn gaps_count_days_that_have_a_backup() {
        // A backup every third day for 200 days: 30 daily copies reach back 88 days.
        let first = NaiveDate::from_ymd_opt(2026, 5, 7).unwrap();
        let names: Vec<String> = (0..67).map(|i| file_name((first + Duration::days(3 * i)).and_hms_opt(9, 0, 0).unwrap(), false)).collect();
        let kept = kept(&names);
        let newest_30: HashSet<&String> = names.iter().rev().take(30).collect();
        assert!(newest_30.iter().all(|n| kept.contains(n)));
        // Before them (2026-05-07 … 2026-08-23): the newest of Aug, Jul, Jun, May.
        assert_eq!(kept.len(), 30 + 4);
    }

    #[test]
    fn has_backup_on_counts_manual_copies() {
        let names = vec![file_name(at(2026, 11, 23, 10), true)];
        assert!(has_backup_on(&names, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()));
        assert!(!has_backup_on(&names, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()));
    }
}
