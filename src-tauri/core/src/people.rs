//! People and roles (DOMAIN.md section 1): accounts with a login and an
//! argon2 password, the roles a person holds, department heads, and the
//! shared settings the admin keeps (核决权限 thresholds).
//!
//! Who may do what is decided here, in Rust: managing people and settings
//! is for a 系统管理员, read from the store each time (never trusted from
//! the screen). Every change is one store write with its audit lines. A
//! password or its hash is never logged, audited or returned.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::authority::Thresholds;
use crate::codes::Role;
use crate::desk::Desk;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::{Account, Department, DepartmentInfo, NewUser, SignedIn, UnknownSignIn, User};
use crate::store::{AccountInsert, Stamp};
use crate::validate;

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Settings key of the approval thresholds (JSON of `Thresholds`).
pub const THRESHOLDS_KEY: &str = "approval_thresholds";

/// An argon2id hash (PHC string) with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::new(ErrorCode::Storage, format!("密码加密失败：{e}")))
}

/// Whether `password` matches `hash` (argon2 compares in constant time).
/// A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Checked when the login is unknown, so a wrong login takes as long as a
/// wrong password and cannot be told apart by timing either.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a password of anyone").unwrap_or_default())
}

fn sign_in_failed() -> AppError {
    AppError::new(ErrorCode::SignInFailed, "用户名或密码错误")
}

fn sign_in_locked(until: chrono::DateTime<chrono::Utc>, zone: crate::time_zone::OrgZone) -> AppError {
    AppError::new(
        ErrorCode::SignInFailed,
        format!(
            "连续 {} 次密码错误，账号已锁定 {} 分钟（至 {}）；请稍后再试，或请系统管理员解锁",
            crate::sign_in_guard::FAILURES_TO_LOCK,
            crate::sign_in_guard::LOCK_MINUTES,
            zone.minute(until)
        ),
    )
}

/// Passwords people pick first (the top of the leaked-password lists,
/// Chinese ones included) that the letter-and-digit rule lets through.
const COMMON_PASSWORDS: &[&str] = &[
    "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword1", "pass1234", "pass123456",
    "abc12345", "abc123456", "abcd1234", "abcd12345", "a1234567", "a12345678", "a123456789", "aa123456",
    "aa12345678", "asd123456", "asdf1234", "zxc123456", "qwe123456", "qwer1234", "qwerty12", "qwerty123",
    "qwerty1234", "1qaz2wsx", "1q2w3e4r", "1q2w3e4r5t", "1234qwer", "123456abc", "123456aa", "12345678a",
    "123456789a", "qq123456", "woaini1314", "woaini520", "woaini123", "iloveyou1", "admin123", "admin1234",
    "admin888", "admin12345", "test1234", "test12345", "welcome1", "letmein1", "sunshine1", "superman1",
    "dragon123", "monkey123", "football1", "baseball1", "trustno1", "master123", "changeme1", "kefu1234",
];

/// Passwords are taken as typed (not trimmed): 8 to 128 characters, with a
/// letter and a digit, neither the login nor one everybody tries first.
pub fn check_password(field: &str, password: &str, login: &str) -> Result<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(field, format!("密码至少 {MIN_PASSWORD_CHARS} 位")));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid(field, format!("密码最多 {MAX_PASSWORD_CHARS} 位")));
    }
    if !password.chars().any(char::is_alphabetic) || !password.chars().any(char::is_numeric) {
        return Err(AppError::invalid(field, "密码须同时包含字母和数字"));
    }
    let lower = password.to_lowercase();
    if !login.trim().is_empty() && lower == login.trim().to_lowercase() {
        return Err(AppError::invalid(field, "密码不能与用户名相同"));
    }
    if COMMON_PASSWORDS.contains(&lower.as_str()) {
        return Err(AppError::invalid(field, "这个密码太常见，容易被猜中，请换一个"));
    }
    Ok(())
}

/// A login: 3–30 letters, digits, `.`, `_` or `-`; returned trimmed.
pub fn check_login(login: &str) -> Result<String> {
    let login = login.trim();
    if login.is_empty() {
        return Err(AppError::invalid("login", "请填写用户名"));
    }
    if !(3..=30).contains(&login.chars().count()) {
        return Err(AppError::invalid("login", "用户名应为 3 至 30 个字符"));
    }
    if !login.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        return Err(AppError::invalid("login", "用户名只能使用英文字母、数字和 . _ -"));
    }
    Ok(login.to_string())
}

/// At least one role; duplicates dropped, in `Role::ALL` order.
fn check_roles(roles: &[Role]) -> Result<Vec<Role>> {
    let roles: Vec<Role> = Role::ALL.iter().copied().filter(|r| roles.contains(r)).collect();
    if roles.is_empty() {
        return Err(AppError::invalid("roles", "请至少选择一个角色"));
    }
    Ok(roles)
}

fn check_name(name: &str) -> Result<String> {
    validate::required("name", "姓名", name, validate::limits::NAME)
}

impl Desk {
    pub(crate) fn stamp(&self, actor: &User) -> Stamp {
        Stamp { actor_id: actor.id, at: self.now() }
    }

    /// Refuses anyone who is not an active 系统管理员.
    pub(crate) fn require_admin(&self, actor: &User) -> Result<()> {
        let account = self.store().account(actor.id)?;
        match account {
            Some(a) if a.active && a.roles.contains(&Role::Admin) => Ok(()),
            Some(a) if !a.active => Err(AppError::new(ErrorCode::Forbidden, "账号已停用")),
            _ => Err(AppError::new(ErrorCode::Forbidden, "只有系统管理员可以管理人员、部门和设置")),
        }
    }

    pub(crate) fn account_of(&self, user_id: i64) -> Result<Account> {
        self.store().account(user_id)?.ok_or_else(|| AppError::not_found("用户"))
    }

    /// Refuses a change that would leave no active admin who can sign in.
    fn keep_an_admin(&self, losing_admin: i64, field: &str) -> Result<()> {
        let others = self
            .store()
            .accounts()?
            .into_iter()
            .any(|a| a.id != losing_admin && a.active && a.has_password && a.roles.contains(&Role::Admin));
        if others {
            Ok(())
        } else {
            Err(AppError::invalid(field, "至少要保留一名在用的系统管理员"))
        }
    }

    /// True until the first admin has been set up (no user has a password):
    /// the app then shows the first-start screen instead of sign-in.
    pub fn needs_first_admin(&self) -> Result<bool> {
        Ok(!self.store().accounts()?.iter().any(|a| a.has_password))
    }

    /// 首次启动: the first 系统管理员, possible only while no user has a
    /// password. A user of that name picked before sign-in existed becomes
    /// this admin, keeping his cases.
    pub fn create_first_admin(&self, name: &str, login: &str, password: &str) -> Result<User> {
        if !self.needs_first_admin()? {
            return Err(AppError::new(ErrorCode::Forbidden, "系统管理员已经设置过，请用已有账号登录"));
        }
        let name = check_name(name)?;
        let login = check_login(login)?;
        check_password("password", password, &login)?;
        self.store().insert_account(&AccountInsert {
            name,
            login,
            password_hash: hash_password(password)?,
            roles: vec![Role::Admin],
            department_id: None,
            actor_id: None,
            first_admin: true,
            at: self.now(),
        })
    }

    /// 登录. A wrong login and a wrong password get the same refusal. Every
    /// attempt on an account is recorded with this workstation's name, and
    /// failures in a row slow it down and then lock it (`sign_in_guard`).
    /// A deactivated account is told so only after the right password, and
    /// the password is checked the same way either way.
    pub fn sign_in(&self, login: &str, password: &str) -> Result<SignedIn> {
        use crate::sign_in_guard::{self as guard, Gate};
        let found = self.store().credentials_by_login(login.trim())?;
        let Some(credentials) = found else {
            verify_password(password, dummy_hash());
            let login: String = login.trim().chars().take(100).collect();
            let attempt = UnknownSignIn { at: self.now(), login, workstation: self.workstation().to_string() };
            self.store().record_unknown_sign_in(&attempt)?;
            return Err(sign_in_failed());
        };
        let id = credentials.user.id;
        let now = self.now();
        let by = Stamp { actor_id: id, at: now };
        match guard::gate(&self.store().audit_of("user", id)?, now) {
            Gate::Locked { until } => return Err(sign_in_locked(until, self.time_zone()?)),
            Gate::Wait { seconds } => {
                return Err(AppError::new(ErrorCode::SignInFailed, format!("登录失败后请稍候：{seconds} 秒后再试")));
            }
            Gate::Open { failures } => {
                let right = match credentials.password_hash.as_deref() {
                    Some(hash) => verify_password(password, hash),
                    None => {
                        // No password yet: as long as a wrong one, and refused alike.
                        verify_password(password, dummy_hash());
                        false
                    }
                };
                if !right {
                    let locks = failures + 1 >= guard::FAILURES_TO_LOCK;
                    let actions: &[&str] = if locks { &[guard::FAILED, guard::LOCKED] } else { &[guard::FAILED] };
                    self.store().record_sign_in(id, actions, self.workstation(), by)?;
                    return Err(match locks {
                        true => sign_in_locked(now + chrono::Duration::minutes(guard::LOCK_MINUTES), self.time_zone()?),
                        false => sign_in_failed(),
                    });
                }
            }
        }
        if !credentials.active {
            self.store().record_sign_in(id, &[guard::INACTIVE], self.workstation(), by)?;
            return Err(AppError::new(ErrorCode::Forbidden, "账号已停用，请联系系统管理员"));
        }
        self.store().record_sign_in(id, &[guard::SIGNED_IN], self.workstation(), by)?;
        Ok(SignedIn {
            roles: self.store().roles_of(credentials.user.id)?,
            department_id: credentials.department_id,
            must_change_password: self.has_temporary_password(id)?,
            sees_statements: self.require_statements(&credentials.user).is_ok(),
            user: credentials.user,
        })
    }

    /// A password someone else set (新建人员, 重置密码) is temporary: its
    /// owner chooses his own at his next sign-in. Read from the account's
    /// audit lines: who set the password last.
    pub fn has_temporary_password(&self, user_id: i64) -> Result<bool> {
        let audit = self.store().audit_of("user", user_id)?;
        let last = audit.iter().rev().find(|a| matches!(a.action.as_str(), "set_password" | "reset_password" | "change_password"));
        Ok(last.is_some_and(|a| a.actor_id != user_id))
    }

    /// Whether the account may still act (it exists and is not deactivated).
    pub fn is_active(&self, user_id: i64) -> Result<bool> {
        Ok(self.store().account(user_id)?.is_some_and(|a| a.active))
    }

    pub fn roles_of(&self, user_id: i64) -> Result<Vec<Role>> {
        self.store().roles_of(user_id)
    }

    /// Every account, for the admin's 人员管理 screen.
    pub fn accounts(&self, actor: &User) -> Result<Vec<Account>> {
        self.require_admin(actor)?;
        self.store().accounts()
    }

    /// 新建人员 (admin). Named `create_account` because `create_user(name)`
    /// is the pick-by-name first-start path that stays until sign-in ships.
    pub fn create_account(&self, actor: &User, new: NewUser) -> Result<Account> {
        self.require_admin(actor)?;
        let name = check_name(&new.name)?;
        let login = check_login(&new.login)?;
        check_password("password", &new.password, &login)?;
        let roles = check_roles(&new.roles)?;
        let user = self.store().insert_account(&AccountInsert {
            name,
            login,
            password_hash: hash_password(&new.password)?,
            roles,
            department_id: new.department_id,
            actor_id: Some(actor.id),
            first_admin: false,
            at: self.now(),
        })?;
        self.account_of(user.id)
    }

    /// 设置角色 (admin): replaces the person's roles.
    pub fn update_user_roles(&self, actor: &User, user_id: i64, roles: &[Role]) -> Result<Account> {
        self.require_admin(actor)?;
        let current = self.account_of(user_id)?;
        let roles = check_roles(roles)?;
        if current.roles.contains(&Role::Admin) && !roles.contains(&Role::Admin) {
            self.keep_an_admin(user_id, "roles")?;
        }
        self.store().set_roles(user_id, &roles, self.stamp(actor))?;
        self.account_of(user_id)
    }

    /// 所属部门 (admin): the department whose cases the person works on.
    pub fn set_user_department(&self, actor: &User, user_id: i64, department_id: Option<i64>) -> Result<Account> {
        self.require_admin(actor)?;
        self.account_of(user_id)?;
        self.store().set_department(user_id, department_id, self.stamp(actor))?;
        self.account_of(user_id)
    }

    /// Departments with their heads, for the admin's 部门管理.
    pub fn department_infos(&self, actor: &User) -> Result<Vec<DepartmentInfo>> {
        self.require_admin(actor)?;
        self.departments()?
            .into_iter()
            .map(|d| Ok(DepartmentInfo { head: self.department_head(d.id)?, id: d.id, name: d.name }))
            .collect()
    }

    /// 停用 / 启用 (admin). Nobody is deleted: his cases and audit lines stay.
    pub fn set_user_active(&self, actor: &User, user_id: i64, active: bool, successor: Option<i64>) -> Result<Account> {
        self.require_admin(actor)?;
        let current = self.account_of(user_id)?;
        let mut handover = Vec::new();
        if !active && current.active {
            if user_id == actor.id {
                return Err(AppError::invalid("active", "不能停用自己的账号"));
            }
            if current.roles.contains(&Role::Admin) {
                self.keep_an_admin(user_id, "active")?;
            }
            // 首问负责制: his open cases need an owner before he goes.
            handover = self.handover_on_deactivation(actor, &current, successor)?;
        }
        self.store().set_active(user_id, active, &handover, self.stamp(actor))?;
        self.account_of(user_id)
    }

    /// 解除锁定 (admin): the account's failed sign-ins are forgiven at once.
    pub fn unlock_sign_in(&self, actor: &User, user_id: i64) -> Result<Account> {
        self.require_admin(actor)?;
        self.account_of(user_id)?;
        self.store().record_sign_in(user_id, &[crate::sign_in_guard::UNLOCKED], self.workstation(), self.stamp(actor))?;
        self.account_of(user_id)
    }

    /// The latest sign-ins with a login no account has (admin), newest first.
    pub fn unknown_sign_ins(&self, actor: &User) -> Result<Vec<UnknownSignIn>> {
        self.require_admin(actor)?;
        self.store().unknown_sign_ins(200)
    }

    /// 重置密码 (admin), also how a person picked by name gets his first password.
    pub fn reset_password(&self, actor: &User, user_id: i64, new_password: &str) -> Result<()> {
        self.require_admin(actor)?;
        let account = self.account_of(user_id)?;
        check_password("newPassword", new_password, account.login.as_deref().unwrap_or(""))?;
        self.store().set_password_hash(user_id, &hash_password(new_password)?, "reset_password", self.stamp(actor))
    }

    /// 修改密码: a person changes his own, giving the old one.
    pub fn change_password(&self, actor: &User, old_password: &str, new_password: &str) -> Result<()> {
        let credentials = self.store().credentials(actor.id)?.ok_or_else(|| AppError::not_found("用户"))?;
        if !credentials.active {
            return Err(AppError::new(ErrorCode::Forbidden, "账号已停用"));
        }
        let Some(hash) = credentials.password_hash.as_deref() else {
            return Err(AppError::new(ErrorCode::Forbidden, "您还没有密码，请联系系统管理员设置"));
        };
        if !verify_password(old_password, hash) {
            return Err(AppError::invalid("oldPassword", "原密码不正确"));
        }
        let login = self.account_of(actor.id)?.login.unwrap_or_default();
        check_password("newPassword", new_password, &login)?;
        self.store().set_password_hash(actor.id, &hash_password(new_password)?, "change_password", self.stamp(actor))
    }

    /// 新建部门 (admin).
    pub fn create_department(&self, actor: &User, name: &str) -> Result<Department> {
        self.require_admin(actor)?;
        let name = validate::required("name", "部门名称", name, validate::limits::NAME)?;
        self.store().insert_department(&name, self.stamp(actor))
    }

    /// 设置部门负责人 (admin): an active person holding the 部门负责人 role.
    pub fn set_department_head(&self, actor: &User, department_id: i64, user_id: i64) -> Result<()> {
        self.require_admin(actor)?;
        self.store().department_head(department_id)?;
        let head = self.store().account(user_id)?.ok_or_else(|| AppError::invalid("userId", "所选人员不存在"))?;
        if !head.active {
            return Err(AppError::invalid("userId", format!("{} 的账号已停用", head.name)));
        }
        if !head.roles.contains(&Role::DeptHead) {
            return Err(AppError::invalid(
                "userId",
                format!("{} 没有「{}」角色，请先为其加上该角色", head.name, Role::DeptHead.label()),
            ));
        }
        self.store().set_department_head(department_id, Some(user_id), self.stamp(actor))
    }

    /// The department's 部门负责人, if one is set.
    pub fn department_head(&self, department_id: i64) -> Result<Option<User>> {
        match self.store().department_head(department_id)? {
            Some(id) => Ok(self.store().user(id)?),
            None => Ok(None),
        }
    }

    /// 核决权限 thresholds in force: the admin's, or the seed defaults.
    pub fn thresholds(&self) -> Result<Thresholds> {
        match self.store().setting(THRESHOLDS_KEY)? {
            None => Ok(Thresholds::default()),
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| AppError::new(ErrorCode::Storage, format!("核决权限设置无法读取：{e}"))),
        }
    }

    /// 设置核决权限 (admin).
    pub fn set_thresholds(&self, actor: &User, thresholds: Thresholds) -> Result<Thresholds> {
        self.require_admin(actor)?;
        let thresholds = thresholds.validate()?;
        let json = serde_json::to_string(&thresholds)
            .map_err(|e| AppError::new(ErrorCode::Storage, format!("核决权限设置无法保存：{e}")))?;
        self.store().put_setting(THRESHOLDS_KEY, &json, self.stamp(actor))?;
        Ok(thresholds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct hors", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn logins_and_passwords_are_checked_with_the_field_named() {
        assert_eq!(check_login("  li.na_01 ").unwrap(), "li.na_01");
        for bad in ["", "ab", "李娜", "li na", &"a".repeat(31)] {
            assert_eq!(check_login(bad).unwrap_err().field.as_deref(), Some("login"), "{bad:?}");
        }
        let short = check_password("password", "abc1234", "lina").unwrap_err();
        assert_eq!((short.field.as_deref(), short.message.as_str()), (Some("password"), "密码至少 8 位"));
        assert!(check_password("password", "kefu-mima-2026", "lina").is_ok());
        assert!(check_password("password", "客服部密码2026", "lina").is_ok(), "Chinese characters are letters");
        for (weak, why) in [
            ("12345678", "字母和数字"),
            ("密码八个汉字够长", "字母和数字"),
            ("abcdefgh", "字母和数字"),
            ("Zhangwei2026", "用户名"),
            ("Password123", "太常见"),
            ("woaini1314", "太常见"),
            ("1qaz2wsx", "太常见"),
        ] {
            let err = check_password("newPassword", weak, "zhangwei2026").unwrap_err();
            assert_eq!(err.field.as_deref(), Some("newPassword"), "{weak}");
            assert!(err.message.contains(why), "{weak}: {}", err.message);
        }
    }
}
