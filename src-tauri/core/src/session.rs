//! A signed-in session at one desk and its idle lock (自动锁定): after the
//! desk's lock time without the person's input (keyboard, mouse: the screen
//! reports it with `note_activity`), the session ends and the next command
//! is refused until someone signs in again. Commands themselves do not
//! count: the screens poll (危机提醒, 工作台), and a desk left alone must
//! still lock. Time comes from the caller, so the rule is tested without
//! waiting.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

    /// The person used the desk at `now`.
    pub fn touch(&mut self, now: DateTime<Utc>) {
        self.last_active = now;
    }
}

/// The acting user of a desk's (possibly absent) session: ends a session
/// that has been idle too long, or whose account the administrator has
/// deactivated since (`still_active` asks the database, so it holds at every
/// desk of a shared server), and says so. A temporary password allows
/// nothing but changing it (`password_changer`).
pub fn actor(
    session: &mut Option<Session>,
    now: DateTime<Utc>,
    lock_after_minutes: u32,
    still_active: impl FnOnce(&User) -> Result<bool>,
) -> Result<User> {
    let user = password_changer(session, now, lock_after_minutes, still_active)?;
    if session.as_ref().is_some_and(|s| s.signed_in.must_change_password) {
        return Err(AppError::new(ErrorCode::PasswordChangeRequired, "请先修改密码：系统管理员设置的是临时密码，只能用于首次登录"));
    }
    Ok(user)
}

/// The person changing his password: the checks of `actor` but the
/// temporary password, the one thing he may do before he has chosen his own.
pub fn password_changer(
    session: &mut Option<Session>,
    now: DateTime<Utc>,
    lock_after_minutes: u32,
    still_active: impl FnOnce(&User) -> Result<bool>,
) -> Result<User> {
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
    if !still_active(&current.signed_in.user)? {
        *session = None;
        return Err(AppError::new(ErrorCode::NoCurrentUser, "账号已停用，已退出登录；如有疑问请联系系统管理员"));
    }
    Ok(current.signed_in.user.clone())
}

/// His own password chosen: the session goes on as any other.
pub fn password_changed(session: &mut Option<Session>) {
    if let Some(s) = session.as_mut() {
        s.signed_in.must_change_password = false;
    }
}

/// The person's input at the desk: keeps the session open, unless it has
/// already locked (then he signs in again, as for any command).
pub fn note_activity(session: &mut Option<Session>, now: DateTime<Utc>, lock_after_minutes: u32) -> Result<()> {
    password_changer(session, now, lock_after_minutes, |_| Ok(true))?;
    if let Some(current) = session.as_mut() {
        current.touch(now);
    }
    Ok(())
}

/// 自动锁定 as the admin allows it: the longest idle time a desk may choose
/// (default 15 minutes), and whether "never" (0) is allowed at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LockPolicy {
    pub max_minutes: u32,
    pub never_allowed: bool,
}

/// Setting: the policy as JSON (one key, so it changes in one write).
pub const LOCK_POLICY_KEY: &str = "lock_policy";
/// The longest the admin may allow: a working day.
pub const LOCK_MAX_LIMIT: u32 = 480;

impl Default for LockPolicy {
    fn default() -> Self {
        LockPolicy { max_minutes: 15, never_allowed: false }
    }
}

impl LockPolicy {
    /// The lock time in force for what a desk chose (0 = never).
    pub fn effective(&self, chosen: u32) -> u32 {
        match chosen {
            0 if self.never_allowed => 0,
            0 => self.max_minutes,
            n => n.min(self.max_minutes),
        }
    }

    /// A desk's choice, refused beyond what the admin allows.
    pub fn check(&self, chosen: u32) -> Result<()> {
        if chosen == 0 && !self.never_allowed {
            return Err(AppError::invalid("lockAfterMinutes", "系统管理员不允许设为“从不锁定”"));
        }
        if chosen > self.max_minutes {
            return Err(AppError::invalid(
                "lockAfterMinutes",
                format!("自动锁定最长 {} 分钟（系统管理员设置）", self.max_minutes),
            ));
        }
        Ok(())
    }
}

impl crate::Desk {
    pub fn lock_policy(&self) -> Result<LockPolicy> {
        Ok(self.store().setting(LOCK_POLICY_KEY)?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
    }

    /// 自动锁定 (admin): the longest lock time desks may choose, and whether "never" is allowed.
    pub fn set_lock_policy(&self, actor: &User, policy: LockPolicy) -> Result<LockPolicy> {
        self.require_admin(actor)?;
        if policy.max_minutes == 0 || policy.max_minutes > LOCK_MAX_LIMIT {
            return Err(AppError::invalid("maxMinutes", format!("最长锁定时间应在 1 至 {LOCK_MAX_LIMIT} 分钟之间")));
        }
        let json = serde_json::to_string(&policy).map_err(|e| AppError::new(ErrorCode::Storage, e.to_string()))?;
        self.store().put_setting(LOCK_POLICY_KEY, &json, self.stamp(actor))?;
        Ok(policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_desk_locks_no_later_than_the_admin_allows() {
        let p = LockPolicy::default();
        assert_eq!((p.effective(5), p.effective(60), p.effective(0)), (5, 15, 15), "never is not allowed by default");
        assert_eq!(p.check(60).unwrap_err().field.as_deref(), Some("lockAfterMinutes"));
        assert!(p.check(0).unwrap_err().message.contains("从不锁定"));
        assert!(p.check(15).is_ok());
        let lax = LockPolicy { max_minutes: 60, never_allowed: true };
        assert_eq!((lax.effective(0), lax.effective(45)), (0, 45));
        assert!(lax.check(0).is_ok());
    }
    use chrono::TimeZone;

    fn active(_: &User) -> Result<bool> {
        Ok(true)
    }

    fn signed_in() -> SignedIn {
        SignedIn { user: User { id: 1, name: "李娜".into() }, roles: vec![], department_id: None, must_change_password: false, sees_statements: false }
    }

    #[test]
    fn activity_keeps_the_session_and_idleness_locks_it() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        let mut session = Some(Session::start(signed_in(), t0));
        assert_eq!(actor(&mut session, t0 + Duration::minutes(14), 15, active).unwrap().name, "李娜");
        note_activity(&mut session, t0 + Duration::minutes(14), 15).unwrap();
        // 14 + 15 minutes later: still within 15 of the last input.
        assert!(actor(&mut session, t0 + Duration::minutes(29), 15, active).is_ok());
        let err = actor(&mut session, t0 + Duration::minutes(45), 15, active).unwrap_err();
        assert_eq!(err.code, ErrorCode::SessionLocked);
        assert_eq!(err.message, "已超过 15 分钟未操作，已自动锁定，请重新登录");
        assert!(session.is_none(), "the locked session is gone");
        assert_eq!(actor(&mut session, t0 + Duration::minutes(46), 15, active).unwrap_err().code, ErrorCode::NoCurrentUser);
    }

    #[test]
    fn a_deactivated_account_is_signed_out_at_its_next_action() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        let mut session = Some(Session::start(signed_in(), t0));
        let err = actor(&mut session, t0 + Duration::minutes(1), 15, |_| Ok(false)).unwrap_err();
        assert_eq!(err.code, ErrorCode::NoCurrentUser);
        assert!(err.message.contains("账号已停用"), "{}", err.message);
        assert!(session.is_none(), "the session is gone");
    }

    #[test]
    fn commands_alone_do_not_keep_the_session_open() {
        // The screens poll every half minute; without input the desk still locks.
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        let mut session = Some(Session::start(signed_in(), t0));
        for seconds in (30..=15 * 60).step_by(30) {
            assert!(actor(&mut session, t0 + Duration::seconds(seconds), 15, active).is_ok(), "{seconds} s");
        }
        let err = actor(&mut session, t0 + Duration::minutes(15) + Duration::seconds(30), 15, active).unwrap_err();
        assert_eq!(err.code, ErrorCode::SessionLocked);
        // Input after the lock does not reopen it.
        let late = note_activity(&mut session, t0 + Duration::minutes(16), 15).unwrap_err();
        assert_eq!(late.code, ErrorCode::NoCurrentUser);
    }

    #[test]
    fn zero_minutes_never_locks() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        let mut session = Some(Session::start(signed_in(), t0));
        assert!(actor(&mut session, t0 + Duration::days(3), 0, active).is_ok());
    }
}
