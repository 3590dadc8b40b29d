//! Accounts, roles, department heads and shared settings in PostgreSQL,
//! function for function as `core::sqlite::people` (plus the few user and
//! department reads SQLite writes inline in `sqlite/mod.rs`). Each write
//! runs inside the caller's transaction with its audit lines; a password
//! hash is written and read here but never audited.
//!
//! What differs from SQLite, and why: SQLite runs one write at a time, so a
//! write may read, decide, then write. PostgreSQL runs desks side by side
//! (READ COMMITTED), so every write here first locks what it decides on:
//! - creating a user (`insert_account`, and `ensure_user` when the name is
//!   new) takes `LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`, which queues
//!   it behind (and holds off) every other write of `users`: the "any user
//!   with a password yet?" check of the first admin, the name and login
//!   checks and the "login = name unless taken" choice all see every
//!   committed account and none in flight. Two desks creating the first
//!   admin at once: one succeeds, the other gets FORBIDDEN and writes nothing.
//!   Reads and foreign-key checks of `users` are not held up by it.
//! - a change that compares with the current value (roles, active,
//!   department, department head) locks that user's or department's row
//!   first (`FOR UPDATE`), so the second of two desks sees the first's result
//!   (a repeated change is a no-op, the audit's old value is what it replaced).
//! - a new department or setting is inserted with `ON CONFLICT DO NOTHING`,
//!   so a name or key taken by a desk at the same moment gives the same
//!   answer as one taken before (VALIDATION / an update of the stored value).

use chrono::{DateTime, Utc};
use postgres::Row;

use complaintdesk_core::codes::Role;
use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::model::{Account, Department, UnknownSignIn, User};
use complaintdesk_core::store::{AccountInsert, Credentials, Stamp};

use crate::rows::{all, audit, get, millis, time};
use crate::sql::Sql;
use crate::Db;

fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

fn number(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Serialises every write of `users` with this transaction (see the module
/// doc). Only inside a transaction (every write is one).
fn lock_users(c: &mut impl Sql) -> Result<()> {
    c.batch_execute("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE").db()
}

fn user_row(r: &Row) -> Result<User> {
    Ok(User { id: get(r, 0)?, name: get(r, 1)? })
}

// ---- users and departments (inline in SQLite's mod.rs) -----------------------

pub fn users(c: &mut impl Sql) -> Result<Vec<User>> {
    let rows = c.query("SELECT id, name FROM users ORDER BY id", &[]).db()?;
    all(rows, user_row)
}

pub fn user(c: &mut impl Sql, id: i64) -> Result<Option<User>> {
    let row = c.query_opt("SELECT id, name FROM users WHERE id = $1", &[&id]).db()?;
    row.as_ref().map(user_row).transpose()
}

fn user_id_by_name(c: &mut impl Sql, name: &str) -> Result<Option<i64>> {
    let row = c.query_opt("SELECT id FROM users WHERE name = $1", &[&name]).db()?;
    row.as_ref().map(|r| get(r, 0)).transpose()
}

pub fn ensure_user(c: &mut impl Sql, name: &str, at: DateTime<Utc>) -> Result<User> {
    let id = match user_id_by_name(c, name)? {
        Some(id) => id,
        None => {
            // A new name: look again under the users lock, so a desk adding
            // the same name (or an account with this login) at the same
            // moment is either seen here or waits for this one.
            lock_users(c)?;
            match user_id_by_name(c, name)? {
                Some(id) => id,
                None => {
                    // The name is also the login, unless someone already signs in with it.
                    let row = c
                        .query_one(
                            "INSERT INTO users (name, created_at, login)
                             VALUES ($1, $2, CASE WHEN EXISTS (SELECT 1 FROM users WHERE login = $1) THEN NULL ELSE $1 END)
                             RETURNING id",
                            &[&name, &millis(at)],
                        )
                        .db()?;
                    let id: i64 = get(&row, 0)?;
                    // A new user is recorded as created by himself: there is
                    // no sign-in yet to say who else did it.
                    audit(c, at, id, "user", id, "create", None, None, Some(name), None)?;
                    id
                }
            }
        }
    };
    Ok(User { id, name: name.to_string() })
}

pub fn departments(c: &mut impl Sql) -> Result<Vec<Department>> {
    let rows = c.query("SELECT id, name FROM departments WHERE active ORDER BY id", &[]).db()?;
    all(rows, |r| Ok(Department { id: get(r, 0)?, name: get(r, 1)? }))
}

// ---- accounts and roles -----------------------------------------------------

pub fn roles_of(c: &mut impl Sql, user_id: i64) -> Result<Vec<Role>> {
    let rows = c.query("SELECT role FROM user_roles WHERE user_id = $1", &[&user_id]).db()?;
    let codes = all(rows, |r| get::<String>(r, 0))?;
    // Unknown codes (from a newer version) are left out rather than granted.
    Ok(Role::ALL.iter().copied().filter(|r| codes.iter().any(|c| c == r.code())).collect())
}

fn write_roles(c: &mut impl Sql, user_id: i64, roles: &[Role]) -> Result<()> {
    c.execute("DELETE FROM user_roles WHERE user_id = $1", &[&user_id]).db()?;
    for role in roles {
        c.execute("INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING", &[&user_id, &role.code()])
            .db()?;
    }
    Ok(())
}

fn login_taken(c: &mut impl Sql, login: &str, except: Option<i64>) -> Result<()> {
    let other = c
        .query_opt("SELECT id FROM users WHERE login = $1 AND id IS DISTINCT FROM $2", &[&login, &except])
        .db()?;
    match other {
        Some(_) => Err(AppError::invalid("login", format!("用户名 {login} 已被使用，请换一个"))),
        None => Ok(()),
    }
}

fn check_department(c: &mut impl Sql, department_id: Option<i64>) -> Result<()> {
    if let Some(id) = department_id {
        let found = c.query_opt("SELECT id FROM departments WHERE id = $1", &[&id]).db()?;
        if found.is_none() {
            return Err(AppError::invalid("departmentId", "所选部门不存在"));
        }
    }
    Ok(())
}

pub fn insert_account(c: &mut impl Sql, a: &AccountInsert) -> Result<User> {
    // First, before any check: from here on no other desk writes users
    // until this transaction ends (see the module doc).
    lock_users(c)?;
    if a.first_admin {
        let row = c.query_one("SELECT count(*) FROM users WHERE password_hash IS NOT NULL", &[]).db()?;
        let with_password: i64 = get(&row, 0)?;
        if with_password > 0 {
            return Err(AppError::new(ErrorCode::Forbidden, "系统管理员已经设置过，请用已有账号登录"));
        }
    }
    check_department(c, a.department_id)?;
    let same_name = c.query_opt("SELECT id, password_hash FROM users WHERE name = $1", &[&a.name]).db()?;
    let same_name: Option<(i64, Option<String>)> =
        same_name.as_ref().map(|r| Ok::<_, AppError>((get(r, 0)?, get(r, 1)?))).transpose()?;
    let (id, action) = match same_name {
        // Taken over at first start: a user picked by name, with no password.
        Some((id, None)) if a.first_admin => {
            login_taken(c, &a.login, Some(id))?;
            c.execute(
                "UPDATE users SET login = $1, password_hash = $2, department_id = $3, active = TRUE WHERE id = $4",
                &[&a.login, &a.password_hash, &a.department_id, &id],
            )
            .db()?;
            (id, "activate_account")
        }
        Some(_) => return Err(AppError::invalid("name", format!("已有名为 {} 的用户，请加以区分（如 {}2）", a.name, a.name))),
        None => {
            login_taken(c, &a.login, None)?;
            let row = c
                .query_one(
                    "INSERT INTO users (name, created_at, login, password_hash, department_id, active)
                     VALUES ($1, $2, $3, $4, $5, TRUE) RETURNING id",
                    &[&a.name, &millis(a.at), &a.login, &a.password_hash, &a.department_id],
                )
                .db()?;
            (get(&row, 0)?, "create")
        }
    };
    let old_roles = roles_of(c, id)?;
    let mut roles = old_roles.clone();
    for role in &a.roles {
        if !roles.contains(role) {
            roles.push(*role);
        }
    }
    let roles: Vec<Role> = Role::ALL.iter().copied().filter(|r| roles.contains(r)).collect();
    write_roles(c, id, &roles)?;

    let actor = a.actor_id.unwrap_or(id);
    audit(c, a.at, actor, "user", id, action, None, None, Some(&a.name), None)?;
    audit(c, a.at, actor, "user", id, "edit", Some("login"), None, Some(&a.login), None)?;
    audit(c, a.at, actor, "user", id, "edit", Some("roles"), Some(&roles_text(&old_roles)), Some(&roles_text(&roles)), None)?;
    if a.department_id.is_some() {
        audit(c, a.at, actor, "user", id, "edit", Some("departmentId"), None, Some(&number(a.department_id)), None)?;
    }
    audit(c, a.at, actor, "user", id, "set_password", None, None, None, None)?;
    Ok(User { id, name: a.name.clone() })
}

fn credentials_row(r: &Row) -> Result<Credentials> {
    Ok(Credentials {
        user: User { id: get(r, 0)?, name: get(r, 1)? },
        password_hash: get(r, 2)?,
        active: get(r, 3)?,
        department_id: get(r, 4)?,
    })
}

pub fn credentials_by_login(c: &mut impl Sql, login: &str) -> Result<Option<Credentials>> {
    let row = c
        .query_opt("SELECT id, name, password_hash, active, department_id FROM users WHERE login = $1", &[&login])
        .db()?;
    row.as_ref().map(credentials_row).transpose()
}

pub fn credentials(c: &mut impl Sql, user_id: i64) -> Result<Option<Credentials>> {
    let row = c
        .query_opt("SELECT id, name, password_hash, active, department_id FROM users WHERE id = $1", &[&user_id])
        .db()?;
    row.as_ref().map(credentials_row).transpose()
}

const ACCOUNT_COLUMNS: &str =
    "SELECT id, name, login, department_id, active, password_hash IS NOT NULL FROM users";

fn account_rows(c: &mut impl Sql, rows: Vec<Row>) -> Result<Vec<Account>> {
    let accounts = all(rows, |r| {
        Ok(Account {
            id: get(r, 0)?,
            name: get(r, 1)?,
            login: get(r, 2)?,
            roles: vec![],
            department_id: get(r, 3)?,
            active: get(r, 4)?,
            has_password: get(r, 5)?,
        })
    })?;
    accounts
        .into_iter()
        .map(|mut a| {
            a.roles = roles_of(c, a.id)?;
            Ok(a)
        })
        .collect()
}

pub fn accounts(c: &mut impl Sql) -> Result<Vec<Account>> {
    let rows = c.query(&format!("{ACCOUNT_COLUMNS} ORDER BY id"), &[]).db()?;
    account_rows(c, rows)
}

pub fn account(c: &mut impl Sql, user_id: i64) -> Result<Option<Account>> {
    let rows = c.query(&format!("{ACCOUNT_COLUMNS} WHERE id = $1"), &[&user_id]).db()?;
    Ok(account_rows(c, rows)?.pop())
}

fn require_user(c: &mut impl Sql, user_id: i64) -> Result<()> {
    let found = c.query_opt("SELECT id FROM users WHERE id = $1", &[&user_id]).db()?;
    found.map(|_| ()).ok_or_else(|| AppError::not_found("用户"))
}

pub fn set_roles(c: &mut impl Sql, user_id: i64, roles: &[Role], by: Stamp) -> Result<()> {
    // The user's row is locked: two desks changing his roles at once run
    // one after the other (the second compares with the first's result).
    let found = c.query_opt("SELECT id FROM users WHERE id = $1 FOR UPDATE", &[&user_id]).db()?;
    if found.is_none() {
        return Err(AppError::not_found("用户"));
    }
    let old = roles_of(c, user_id)?;
    let new: Vec<Role> = Role::ALL.iter().copied().filter(|r| roles.contains(r)).collect();
    if old == new {
        return Ok(());
    }
    write_roles(c, user_id, &new)?;
    audit(c, by.at, by.actor_id, "user", user_id, "edit", Some("roles"), Some(&roles_text(&old)), Some(&roles_text(&new)), None)
}

pub fn set_active(c: &mut impl Sql, user_id: i64, active: bool, by: Stamp) -> Result<()> {
    // Locked: the value compared with is the one this update replaces.
    let old = c.query_opt("SELECT active FROM users WHERE id = $1 FOR UPDATE", &[&user_id]).db()?;
    let old: bool = get(&old.ok_or_else(|| AppError::not_found("用户"))?, 0)?;
    if old == active {
        return Ok(());
    }
    c.execute("UPDATE users SET active = $1 WHERE id = $2", &[&active, &user_id]).db()?;
    audit(c, by.at, by.actor_id, "user", user_id, "edit", Some("active"), Some(&old.to_string()), Some(&active.to_string()), None)
}

pub fn record_unknown_sign_in(c: &mut impl Sql, a: &UnknownSignIn) -> Result<()> {
    c.execute(
        "INSERT INTO unknown_sign_ins (at, login, workstation) VALUES ($1, $2, $3)",
        &[&millis(a.at), &a.login, &a.workstation],
    )
    .db()?;
    Ok(())
}

pub fn unknown_sign_ins(c: &mut impl Sql, limit: u32) -> Result<Vec<UnknownSignIn>> {
    let rows = c
        .query("SELECT at, login, workstation FROM unknown_sign_ins ORDER BY id DESC LIMIT $1", &[&(limit as i64)])
        .db()?;
    rows.iter()
        .map(|r| Ok(UnknownSignIn { at: time(r, 0)?, login: get(r, 1)?, workstation: get(r, 2)? }))
        .collect()
}

pub fn record_sign_in(c: &mut impl Sql, user_id: i64, actions: &[&str], workstation: &str, by: Stamp) -> Result<()> {
    for action in actions {
        audit(c, by.at, by.actor_id, "user", user_id, action, Some("workstation"), None, Some(workstation), None)?;
    }
    Ok(())
}

pub fn set_department(c: &mut impl Sql, user_id: i64, department_id: Option<i64>, by: Stamp) -> Result<()> {
    check_department(c, department_id)?;
    // Locked: the value compared with is the one this update replaces.
    let old = c.query_opt("SELECT department_id FROM users WHERE id = $1 FOR UPDATE", &[&user_id]).db()?;
    let old: Option<i64> = get(&old.ok_or_else(|| AppError::not_found("用户"))?, 0)?;
    if old == department_id {
        return Ok(());
    }
    c.execute("UPDATE users SET department_id = $1 WHERE id = $2", &[&department_id, &user_id]).db()?;
    audit(c, by.at, by.actor_id, "user", user_id, "edit", Some("departmentId"), Some(&number(old)), Some(&number(department_id)), None)
}

pub fn set_password_hash(c: &mut impl Sql, user_id: i64, hash: &str, action: &str, by: Stamp) -> Result<()> {
    require_user(c, user_id)?;
    c.execute("UPDATE users SET password_hash = $1 WHERE id = $2", &[&hash, &user_id]).db()?;
    audit(c, by.at, by.actor_id, "user", user_id, action, None, None, None, None)
}

pub fn insert_department(c: &mut impl Sql, name: &str, by: Stamp) -> Result<Department> {
    let taken = || AppError::invalid("name", format!("部门 {name} 已存在"));
    let found = c.query_opt("SELECT id FROM departments WHERE name = $1", &[&name]).db()?;
    if found.is_some() {
        return Err(taken());
    }
    // A desk adding the same name at this moment: this insert waits for it
    // and, once it has committed, inserts nothing: the same refusal.
    let row = c
        .query_opt("INSERT INTO departments (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id", &[&name])
        .db()?;
    let id: i64 = get(&row.ok_or_else(taken)?, 0)?;
    audit(c, by.at, by.actor_id, "department", id, "create", None, None, Some(name), None)?;
    Ok(Department { id, name: name.to_string() })
}

pub fn set_department_head(c: &mut impl Sql, department_id: i64, user_id: Option<i64>, by: Stamp) -> Result<()> {
    // Locked: the value compared with is the one this update replaces.
    let old = c.query_opt("SELECT head_user_id FROM departments WHERE id = $1 FOR UPDATE", &[&department_id]).db()?;
    let old: Option<i64> = get(&old.ok_or_else(|| AppError::not_found("部门"))?, 0)?;
    if let Some(user_id) = user_id {
        require_user(c, user_id)?;
    }
    if old == user_id {
        return Ok(());
    }
    c.execute("UPDATE departments SET head_user_id = $1 WHERE id = $2", &[&user_id, &department_id]).db()?;
    audit(c, by.at, by.actor_id, "department", department_id, "edit", Some("headUserId"), Some(&number(old)), Some(&number(user_id)), None)
}

pub fn department_head(c: &mut impl Sql, department_id: i64) -> Result<Option<i64>> {
    let row = c.query_opt("SELECT head_user_id FROM departments WHERE id = $1", &[&department_id]).db()?;
    get(&row.ok_or_else(|| AppError::not_found("部门"))?, 0)
}

// ---- settings -----------------------------------------------------------------

pub fn setting(c: &mut impl Sql, key: &str) -> Result<Option<String>> {
    let row = c.query_opt("SELECT value FROM settings WHERE key = $1", &[&key]).db()?;
    row.as_ref().map(|r| get(r, 0)).transpose()
}

/// The audit id of every setting: settings are one record, told apart by field.
pub const SETTINGS_ID: i64 = 0;

pub fn put_setting(c: &mut impl Sql, key: &str, value: &str, by: Stamp) -> Result<()> {
    // A new key is inserted; a key already there (or inserted by a desk at
    // this moment, which this waits for) is locked, then compared and
    // updated, so the audit's old value is always the one replaced.
    let inserted = c
        .query_opt("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key", &[&key, &value])
        .db()?;
    let old = if inserted.is_some() {
        None
    } else {
        let row = c.query_one("SELECT value FROM settings WHERE key = $1 FOR UPDATE", &[&key]).db()?;
        let old: String = get(&row, 0)?;
        if old == value {
            return Ok(());
        }
        c.execute("UPDATE settings SET value = $1 WHERE key = $2", &[&value, &key]).db()?;
        Some(old)
    };
    audit(c, by.at, by.actor_id, "settings", SETTINGS_ID, "edit", Some(key), old.as_deref(), Some(value), None)
}
