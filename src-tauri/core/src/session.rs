//! A signed-in session at one desk and its idle lock (自动锁定): after the
//! desk's lock time without any action, the session ends and the next
//! action is refused until someone signs in again. Time comes from the
//! caller, so the rule is tested without waiting.

use chrono::{DateTime, Duration, Utc};

use crate::error::{AppError, ErrorCode, Result};
use crate::model::{SignedIn, User};

pub struct Session {
    pub signed_in: SignedIn,
    last_active: DateTime<Utc>,
}

impl Session {
    pub fn start(signed_in: SignedIn, now: DateTime<Utc>) -> Session {
        Session { signed_in, last_active: now }
    }

    /// Whether the session has been idle too long at `now`; 0 minutes never locks.
    pub fn is_locked(&self, now: DateTime<Utc>, lock_after_minutes: u32) -> bool {
        lock_after_minutes > 0 && now - self.last_active > Duration::minutes(i64::from(lock_after_minutes))
    }

    /// The user, counting this as activity.
    pub fn touch(&mut self, now: DateTime<Utc>) -> User {
        self.last_active = now;
        self.signed_in.user.clone()
    }
}

/// The acting user of a desk's (possibly absent) session: ends a session
/// that has been idle too long and says so.
pub fn actor(session: &mut Option<Session>, now: DateTime<Utc>, lock_after_minutes: u32) -> Result<User> {
    let Some(current) = session.as_mut() else {
        return Err(AppError::new(ErrorCode::NoCurrentUser, "请先登录"));
    };
    if current.is_locked(now, lock_after_minutes) {
        *session = None;
        return Err(AppError::new(
            ErrorCode::SessionLocked,
            format!("已超过 {lock_after_minutes} 分钟未操作，已自动锁定，请重新登录"),
        ));
    }
    Ok(current.touch(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn signed_in() -> SignedIn {
        SignedIn { user: User { id: 1, name: "李娜".into() }, roles: vec![], department_id: None }
    }

    #[test]
    fn activity_keeps_the_session_and_idleness_locks_it() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        let mut session = Some(Session::start(signed_in(), t0));
        assert_eq!(actor(&mut session, t0 + Duration::minutes(14), 15).unwrap().name, "李娜");
        // 14 + 15 minutes later: still within 15 of the last action.
        assert!(actor(&mut session, t0 + Duration::minutes(29), 15).is_ok());
        let err = actor(&mut session, t0 + Duration::minutes(45), 15).unwrap_err();
        assert_eq!(err.code, ErrorCode::SessionLocked);
        assert_eq!(err.message, "已超过 15 分钟未操作，已自动锁定，请重新登录");
        assert!(session.is_none(), "the locked session is gone");
        assert_eq!(actor(&mut session, t0 + Duration::minutes(46), 15).unwrap_err().code, ErrorCode::NoCurrentUser);
    }

    #[test]
    fn zero_minutes_never_locks() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        let mut session = Some(Session::start(signed_in(), t0));
        assert!(actor(&mut session, t0 + Duration::days(3), 0).is_ok());
    }
}
