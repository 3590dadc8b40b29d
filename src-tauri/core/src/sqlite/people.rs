//! Accounts, roles, department heads and shared settings in SQLite. Each
//! write runs inside the caller's transaction with its audit lines; a
//! password hash is written and read here but never audited.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::millis;
use super::rows::{audit, time};
use crate::codes::Role;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::{Account, Department, UnknownSignIn, User};
use crate::store::{AccountInsert, Credentials, Stamp};

fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

fn number(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn roles_of(conn: &Connection, user_id: i64) -> Result<Vec<Role>> {
    let mut stmt = conn.prepare_cached("SELECT role FROM user_roles WHERE user_id = ?1")?;
    let codes = stmt.query_map([user_id], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    // Unknown codes (from a newer version) are left out rather than granted.
    Ok(Role::ALL.iter().copied().filter(|r| codes.iter().any(|c| c == r.code())).collect())
}

fn write_roles(tx: &Transaction, user_id: i64, roles: &[Role]) -> Result<()> {
    tx.execute("DELETE FROM user_roles WHERE user_id = ?1", [user_id])?;
    let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (?1, ?2)")?;
    for role in roles {
        stmt.execute(params![user_id, role.code()])?;
    }
    Ok(())
}

fn login_taken(tx: &Transaction, login: &str, except: Option<i64>) -> Result<()> {
    let other: Option<i64> = tx
        .query_row("SELECT id FROM users WHERE login = ?1 AND id IS NOT ?2", params![login, except], |r| r.get(0))
        .optional()?;
    match other {
        Some(_) => Err(AppError::invalid("login", format!("用户名 {login} 已被使用，请换一个"))),
        None => Ok(()),
    }
}

fn check_department(tx: &Transaction, department_id: Option<i64>) -> Result<()> {
    if let Some(id) = department_id {
        let found: Option<i64> = tx.query_row("SELECT id FROM departments WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        if found.is_none() {
            return Err(AppError::invalid("departmentId", "所选部门不存在"));
        }
    }
    Ok(())
}

pub fn insert_account(tx: &Transaction, a: &AccountInsert) -> Result<User> {
    if a.first_admin {
        let with_password: i64 =
            tx.query_row("SELECT count(*) FROM users WHERE password_hash IS NOT NULL", [], |r| r.get(0))?;
        if with_password > 0 {
            return Err(AppError::new(ErrorCode::Forbidden, "系统管理员已经设置过，请用已有账号登录"));
        }
    }
    check_department(tx, a.department_id)?;
    let same_name: Option<(i64, Option<String>)> = tx
        .query_row("SELECT id, password_hash FROM users WHERE name = ?1", [&a.name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, action) = match same_name {
        // Taken over at first start: a user picked by name, with no password.
        Some((id, None)) if a.first_admin => {
            login_taken(tx, &a.login, Some(id))?;
            tx.execute(
                "UPDATE users SET login = ?1, password_hash = ?2, department_id = ?3, active = 1 WHERE id = ?4",
                params![a.login, a.password_hash, a.department_id, id],
            )?;
            (id, "activate_account")
        }
        Some(_) => return Err(AppError::invalid("name", format!("已有名为 {} 的用户，请加以区分（如 {}2）", a.name, a.name))),
        None => {
            login_taken(tx, &a.login, None)?;
            tx.execute(
                "INSERT INTO users (name, created_at, login, password_hash, department_id, active)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1)",
                params![a.name, millis(a.at), a.login, a.password_hash, a.department_id],
            )?;
            (tx.last_insert_rowid(), "create")
        }
    };
    let old_roles = roles_of(tx, id)?;
    let mut roles = old_roles.clone();
    for role in &a.roles {
        if !roles.contains(role) {
            roles.push(*role);
        }
    }
    let roles: Vec<Role> = Role::ALL.iter().copied().filter(|r| roles.contains(r)).collect();
    write_roles(tx, id, &roles)?;

    let actor = a.actor_id.unwrap_or(id);
    audit(tx, a.at, actor, "user", id, action, None, None, Some(&a.name), None)?;
    audit(tx, a.at, actor, "user", id, "edit", Some("login"), None, Some(&a.login), None)?;
    audit(tx, a.at, actor, "user", id, "edit", Some("roles"), Some(&roles_text(&old_roles)), Some(&roles_text(&roles)), None)?;
    if a.department_id.is_some() {
        audit(tx, a.at, actor, "user", id, "edit", Some("departmentId"), None, Some(&number(a.department_id)), None)?;
    }
    audit(tx, a.at, actor, "user", id, "set_password", None, None, None, None)?;
    Ok(User { id, name: a.name.clone() })
}

fn credentials_row(r: &Row) -> rusqlite::Result<Credentials> {
    Ok(Credentials {
        user: User { id: r.get(0)?, name: r.get(1)? },
        password_hash: r.get(2)?,
        active: r.get(3)?,
        department_id: r.get(4)?,
    })
}

pub fn credentials_by_login(conn: &Connection, login: &str) -> Result<Option<Credentials>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, password_hash, active, department_id FROM users WHERE login = ?1")?;
    Ok(stmt.query_row([login], credentials_row).optional()?)
}

pub fn credentials(conn: &Connection, user_id: i64) -> Result<Option<Credentials>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, password_hash, active, department_id FROM users WHERE id = ?1")?;
    Ok(stmt.query_row([user_id], credentials_row).optional()?)
}

const ACCOUNT_COLUMNS: &str =
    "SELECT id, name, login, department_id, active, password_hash IS NOT NULL FROM users";

fn account_rows(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Account>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params, |r| {
            Ok(Account {
                id: r.get(0)?,
                name: r.get(1)?,
                login: r.get(2)?,
                roles: vec![],
                department_id: r.get(3)?,
                active: r.get(4)?,
                has_password: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|mut a| {
            a.roles = roles_of(conn, a.id)?;
            Ok(a)
        })
        .collect()
}

pub fn accounts(conn: &Connection) -> Result<Vec<Account>> {
    account_rows(conn, &format!("{ACCOUNT_COLUMNS} ORDER BY id"), [])
}

pub fn account(conn: &Connection, user_id: i64) -> Result<Option<Account>> {
    Ok(account_rows(conn, &format!("{ACCOUNT_COLUMNS} WHERE id = ?1"), [user_id])?.pop())
}

fn require_user(tx: &Transaction, user_id: i64) -> Result<()> {
    let found: Option<i64> = tx.query_row("SELECT id FROM users WHERE id = ?1", [user_id], |r| r.get(0)).optional()?;
    found.map(|_| ()).ok_or_else(|| AppError::not_found("用户"))
}

pub fn set_roles(tx: &Transaction, user_id: i64, roles: &[Role], by: Stamp) -> Result<()> {
    require_user(tx, user_id)?;
    let old = roles_of(tx, user_id)?;
    let new: Vec<Role> = Role::ALL.iter().copied().filter(|r| roles.contains(r)).collect();
    if old == new {
        return Ok(());
    }
    write_roles(tx, user_id, &new)?;
    audit(tx, by.at, by.actor_id, "user", user_id, "edit", Some("roles"), Some(&roles_text(&old)), Some(&roles_text(&new)), None)
}

pub fn set_active(tx: &Transaction, user_id: i64, active: bool, by: Stamp) -> Result<()> {
    let old: Option<bool> =
        tx.query_row("SELECT active FROM users WHERE id = ?1", [user_id], |r| r.get(0)).optional()?;
    let old = old.ok_or_else(|| AppError::not_found("用户"))?;
    if old == active {
        return Ok(());
    }
    tx.execute("UPDATE users SET active = ?1 WHERE id = ?2", params![active, user_id])?;
    audit(tx, by.at, by.actor_id, "user", user_id, "edit", Some("active"), Some(&old.to_string()), Some(&active.to_string()), None)
}

pub fn record_sign_in(tx: &Transaction, user_id: i64, actions: &[&str], workstation: &str, by: Stamp) -> Result<()> {
    for action in actions {
        audit(tx, by.at, by.actor_id, "user", user_id, action, Some("workstation"), None, Some(workstation), None)?;
    }
    Ok(())
}

pub fn record_unknown_sign_in(tx: &Transaction, a: &UnknownSignIn) -> Result<()> {
    tx.execute(
        "INSERT INTO unknown_sign_ins (at, login, workstation) VALUES (?1, ?2, ?3)",
        params![millis(a.at), a.login, a.workstation],
    )?;
    Ok(())
}

pub fn unknown_sign_ins(conn: &Connection, limit: u32) -> Result<Vec<UnknownSignIn>> {
    let mut stmt = conn.prepare_cached("SELECT at, login, workstation FROM unknown_sign_ins ORDER BY id DESC LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| Ok(UnknownSignIn { at: time(r, 0)?, login: r.get(1)?, workstation: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn set_department(tx: &Transaction, user_id: i64, department_id: Option<i64>, by: Stamp) -> Result<()> {
    check_department(tx, department_id)?;
    let old: Option<Option<i64>> =
        tx.query_row("SELECT department_id FROM users WHERE id = ?1", [user_id], |r| r.get(0)).optional()?;
    let old = old.ok_or_else(|| AppError::not_found("用户"))?;
    if old == department_id {
        return Ok(());
    }
    tx.execute("UPDATE users SET department_id = ?1 WHERE id = ?2", params![department_id, user_id])?;
    audit(tx, by.at, by.actor_id, "user", user_id, "edit", Some("departmentId"), Some(&number(old)), Some(&number(department_id)), None)
}

pub fn set_password_hash(tx: &Transaction, user_id: i64, hash: &str, action: &str, by: Stamp) -> Result<()> {
    require_user(tx, user_id)?;
    tx.execute("UPDATE users SET password_hash = ?1 WHERE id = ?2", params![hash, user_id])?;
    audit(tx, by.at, by.actor_id, "user", user_id, action, None, None, None, None)
}

pub fn insert_department(tx: &Transaction, name: &str, by: Stamp) -> Result<Department> {
    let found: Option<i64> = tx.query_row("SELECT id FROM departments WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    if found.is_some() {
        return Err(AppError::invalid("name", format!("部门 {name} 已存在")));
    }
    tx.execute("INSERT INTO departments (name) VALUES (?1)", [name])?;
    let id = tx.last_insert_rowid();
    audit(tx, by.at, by.actor_id, "department", id, "create", None, None, Some(name), None)?;
    Ok(Department { id, name: name.to_string() })
}

pub fn set_department_head(tx: &Transaction, department_id: i64, user_id: Option<i64>, by: Stamp) -> Result<()> {
    let old: Option<Option<i64>> = tx
        .query_row("SELECT head_user_id FROM departments WHERE id = ?1", [department_id], |r| r.get(0))
        .optional()?;
    let old = old.ok_or_else(|| AppError::not_found("部门"))?;
    if let Some(user_id) = user_id {
        require_user(tx, user_id)?;
    }
    if old == user_id {
        return Ok(());
    }
    tx.execute("UPDATE departments SET head_user_id = ?1 WHERE id = ?2", params![user_id, department_id])?;
    audit(tx, by.at, by.actor_id, "department", department_id, "edit", Some("headUserId"), Some(&number(old)), Some(&number(user_id)), None)
}

pub fn department_head(conn: &Connection, department_id: i64) -> Result<Option<i64>> {
    let head: Option<Option<i64>> = conn
        .query_row("SELECT head_user_id FROM departments WHERE id = ?1", [department_id], |r| r.get(0))
        .optional()?;
    head.ok_or_else(|| AppError::not_found("部门"))
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// The audit id of every setting: settings are one record, told apart by field.
pub const SETTINGS_ID: i64 = 0;

pub fn put_setting(tx: &Transaction, key: &str, value: &str, by: Stamp) -> Result<()> {
    let old = setting(tx, key)?;
    if old.as_deref() == Some(value) {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    audit(tx, by.at, by.actor_id, "settings", SETTINGS_ID, "edit", Some(key), old.as_deref(), Some(value), None)
}
