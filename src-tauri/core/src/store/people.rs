//! People: users, accounts with their password hashes, roles, departments
//! and their heads.

use chrono::{DateTime, Utc};

use crate::codes::Role;
use crate::error::Result;
use crate::model::*;

use super::Stamp;

/// A new account with a password. The store refuses a login or a name
/// already taken (VALIDATION on `login` / `name`).
#[derive(Clone)]
pub struct AccountInsert {
    pub name: String,
    pub login: String,
    /// argon2 PHC string, never the password.
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub department_id: Option<i64>,
    /// Who creates it; `None` when the account records itself as its
    /// creator (the first admin, when there is nobody else).
    pub actor_id: Option<i64>,
    /// The first admin: refused (FORBIDDEN) once any user has a password,
    /// checked inside the transaction. An existing user of the same name
    /// without a password (picked by name before sign-in existed) is taken
    /// over instead of duplicated, so his cases stay his.
    pub first_admin: bool,
    pub at: DateTime<Utc>,
}

impl std::fmt::Debug for AccountInsert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountInsert").field("name", &self.name).field("login", &self.login).finish_non_exhaustive()
    }
}

/// What sign-in checks. Stays inside the core: the hash never crosses IPC.
#[derive(Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: Option<String>,
    pub active: bool,
    pub department_id: Option<i64>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("user", &self.user).field("active", &self.active).finish_non_exhaustive()
    }
}

/// People and departments.
pub trait PeopleStore: Send + Sync {
    fn users(&self) -> Result<Vec<User>>;
    fn user(&self, id: i64) -> Result<Option<User>>;
    /// Creates the user, or returns the existing one of that name.
    fn ensure_user(&self, name: &str, at: DateTime<Utc>) -> Result<User>;
    fn departments(&self) -> Result<Vec<Department>>;
    fn insert_account(&self, account: &AccountInsert) -> Result<User>;
    /// By login, exactly as stored.
    fn credentials_by_login(&self, login: &str) -> Result<Option<Credentials>>;
    fn credentials(&self, user_id: i64) -> Result<Option<Credentials>>;
    fn accounts(&self) -> Result<Vec<Account>>;
    fn account(&self, user_id: i64) -> Result<Option<Account>>;
    /// In `Role::ALL` order.
    fn roles_of(&self, user_id: i64) -> Result<Vec<Role>>;
    /// Replaces the user's roles (audited as one "roles" change).
    fn set_roles(&self, user_id: i64, roles: &[Role], by: Stamp) -> Result<()>;
    /// Switches the account on or off; `handover` (the 转交 of his open
    /// cases, when he is switched off) is applied in the same transaction.
    fn set_active(&self, user_id: i64, active: bool, handover: &[crate::store::CaseStep], by: Stamp) -> Result<()>;
    /// `action` is audited: "set_password", "reset_password", "change_password".
    fn set_department(&self, user_id: i64, department_id: Option<i64>, by: Stamp) -> Result<()>;
    fn set_password_hash(&self, user_id: i64, hash: &str, action: &str, by: Stamp) -> Result<()>;
    /// The lines one sign-in attempt adds to an account's history (sign_in,
    /// sign_in_failed, sign_in_locked, sign_in_unlocked …), each with the
    /// workstation it came from, in one transaction.
    fn record_sign_in(&self, user_id: i64, actions: &[&str], workstation: &str, by: Stamp) -> Result<()>;
    /// A sign-in with a login no account has: when, the login, where.
    fn record_unknown_sign_in(&self, attempt: &UnknownSignIn) -> Result<()>;
    /// The latest such attempts, newest first.
    fn unknown_sign_ins(&self, limit: u32) -> Result<Vec<UnknownSignIn>>;
    /// Refuses a name already taken (VALIDATION on `name`).
    fn insert_department(&self, name: &str, by: Stamp) -> Result<Department>;
    fn set_department_head(&self, department_id: i64, user_id: Option<i64>, by: Stamp) -> Result<()>;
    fn department_head(&self, department_id: i64) -> Result<Option<i64>>;
}
