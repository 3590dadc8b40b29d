//! 登录保护: failed sign-ins for a login slow the next attempt down (a
//! single typo costs nothing; then 1, 2 and 4 seconds) and the fifth in a
//! row locks the account for 15 minutes,
//! until then or until an administrator unlocks it. Decided from the
//! account's sign-in history in the audit log, so every desk of a shared
//! database sees the same count.

use chrono::{DateTime, Duration, Utc};

use crate::model::AuditEntry;

/// Failed sign-ins in a row that lock the account.
pub const FAILURES_TO_LOCK: u32 = 5;
/// How long a lock lasts.
pub const LOCK_MINUTES: i64 = 15;

/// The audit actions of the sign-in history.
pub const SIGNED_IN: &str = "sign_in";
pub const FAILED: &str = "sign_in_failed";
pub const LOCKED: &str = "sign_in_locked";
pub const UNLOCKED: &str = "sign_in_unlocked";
/// The right password of a deactivated account (counts neither way).
pub const INACTIVE: &str = "sign_in_inactive";

/// Whether a sign-in may be tried now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Open { failures: u32 },
    /// Too soon after the last failure.
    Wait { seconds: i64 },
    Locked { until: DateTime<Utc> },
}

/// The gate at `now`, from the account's audit lines (oldest first; lines
/// other than the sign-in history are ignored). A success or an unlock
/// starts the count afresh, and so does a lock that has run out.
pub fn gate(history: &[AuditEntry], now: DateTime<Utc>) -> Gate {
    let mut failures = 0;
    let mut last_failure: Option<DateTime<Utc>> = None;
    let mut locked_until: Option<DateTime<Utc>> = None;
    for line in history {
        match line.action.as_str() {
            SIGNED_IN | UNLOCKED => {
                failures = 0;
                locked_until = None;
            }
            FAILED => {
                if locked_until.is_some_and(|until| line.at >= until) {
                    failures = 0;
                    locked_until = None;
                }
                failures += 1;
                last_failure = Some(line.at);
                if failures == FAILURES_TO_LOCK {
                    locked_until = Some(line.at + Duration::minutes(LOCK_MINUTES));
                }
            }
            _ => {}
        }
    }
    match (locked_until, last_failure) {
        (Some(until), _) if now < until => Gate::Locked { until },
        (Some(_), _) => Gate::Open { failures: 0 },
        (None, Some(at)) if failures > 1 => {
            let wait = Duration::seconds(1 << (failures - 2).min(3));
            let left = (at + wait - now).num_milliseconds();
            if left > 0 {
                Gate::Wait { seconds: (left + 999) / 1000 }
            } else {
                Gate::Open { failures }
            }
        }
        _ => Gate::Open { failures },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn line(action: &str, at: DateTime<Utc>) -> AuditEntry {
        AuditEntry {
            id: 0,
            at,
            actor_id: 1,
            actor_name: "李娜".into(),
            entity: "user".into(),
            entity_id: 1,
            action: action.into(),
            field: None,
            old_value: None,
            new_value: None,
            reason: None,
        }
    }

    #[test]
    fn each_failure_waits_longer_and_the_fifth_locks_for_fifteen_minutes() {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap();
        let mut history = vec![line(SIGNED_IN, t0)];
        assert_eq!(gate(&history, t0), Gate::Open { failures: 0 });
        let mut at = t0;
        at += Duration::seconds(60);
        history.push(line(FAILED, at));
        assert_eq!(gate(&history, at), Gate::Open { failures: 1 }, "one typo costs nothing");
        for (n, wait) in [(2, 1), (3, 2), (4, 4)] {
            at += Duration::seconds(60);
            history.push(line(FAILED, at));
            assert_eq!(gate(&history, at), Gate::Wait { seconds: wait }, "after failure {n}");
            assert_eq!(gate(&history, at + Duration::seconds(wait)), Gate::Open { failures: n });
        }
        at += Duration::seconds(60);
        history.push(line(FAILED, at));
        let until = at + Duration::minutes(15);
        assert_eq!(gate(&history, at + Duration::minutes(14)), Gate::Locked { until });
        // The lock runs out: the count starts afresh.
        assert_eq!(gate(&history, until), Gate::Open { failures: 0 });
        history.push(line(FAILED, until + Duration::seconds(1)));
        assert_eq!(gate(&history, until + Duration::seconds(1)), Gate::Open { failures: 1 });
    }

    #[test]
    fn a_success_or_an_unlock_starts_the_count_afresh() {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap();
        let later = |s| t0 + Duration::seconds(s);
        let mut history: Vec<AuditEntry> = (0..5).map(|i| line(FAILED, later(i * 20))).collect();
        assert!(matches!(gate(&history, later(200)), Gate::Locked { .. }));
        history.push(line(UNLOCKED, later(210)));
        assert_eq!(gate(&history, later(211)), Gate::Open { failures: 0 });
        history.extend((0..3).map(|i| line(FAILED, later(300 + i * 20))));
        history.push(line(SIGNED_IN, later(400)));
        history.push(line(FAILED, later(500)));
        assert_eq!(gate(&history, later(510)), Gate::Open { failures: 1 }, "only the failure after the success counts");
    }
}
