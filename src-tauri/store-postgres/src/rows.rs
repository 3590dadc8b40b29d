//! Small row helpers shared by the PostgreSQL store: decoding coded values
//! and times, audit lines, customers, serial numbers.

use chrono::{DateTime, Utc};
use postgres::types::FromSql;
use postgres::Row;

use complaintdesk_core::codes::Coded;
use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::model::{AuditEntry, Customer};

use crate::sql::Sql;
use crate::Db;

pub fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub fn from_millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// A column of a row; a type mismatch is an error, never a panic.
pub fn get<'a, T: FromSql<'a>>(row: &'a Row, idx: usize) -> Result<T> {
    row.try_get(idx).db()
}

/// Decodes a stored code; a value this version does not know is an error,
/// not a silent default.
pub fn coded<T: Coded>(row: &Row, idx: usize) -> Result<T> {
    let text: String = get(row, idx)?;
    T::from_code(&text).ok_or_else(|| AppError::new(ErrorCode::Storage, format!("数据库中有本程序不认识的代码 {text:?}")))
}

pub fn coded_opt<T: Coded>(row: &Row, idx: usize) -> Result<Option<T>> {
    match get::<Option<String>>(row, idx)? {
        None => Ok(None),
        Some(_) => coded(row, idx).map(Some),
    }
}

pub fn time(row: &Row, idx: usize) -> Result<DateTime<Utc>> {
    Ok(from_millis(get(row, idx)?))
}

pub fn time_opt(row: &Row, idx: usize) -> Result<Option<DateTime<Utc>>> {
    Ok(get::<Option<i64>>(row, idx)?.map(from_millis))
}

/// Maps every row with `f`.
pub fn all<T>(rows: Vec<Row>, f: impl Fn(&Row) -> Result<T>) -> Result<Vec<T>> {
    rows.iter().map(f).collect()
}

#[allow(clippy::too_many_arguments)]
pub fn audit(
    c: &mut impl Sql,
    at: DateTime<Utc>,
    actor_id: i64,
    entity: &str,
    entity_id: i64,
    action: &str,
    field: Option<&str>,
    old_value: Option<&str>,
    new_value: Option<&str>,
    reason: Option<&str>,
) -> Result<()> {
    c.execute(
        "INSERT INTO audit_log (at, actor_id, entity, entity_id, action, field, old_value, new_value, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[&millis(at), &actor_id, &entity, &entity_id, &action, &field, &old_value, &new_value, &reason],
    )
    .db()?;
    Ok(())
}

pub fn audit_of(c: &mut impl Sql, entity: &str, id: i64) -> Result<Vec<AuditEntry>> {
    let rows = c
        .query(
            "SELECT a.id, a.at, a.actor_id, u.name, a.entity, a.entity_id, a.action, a.field, a.old_value, a.new_value, a.reason
             FROM audit_log a JOIN users u ON u.id = a.actor_id
             WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.id",
            &[&entity, &id],
        )
        .db()?;
    all(rows, audit_entry)
}

/// One audit line of a query selecting `a.id, a.at, a.actor_id, u.name,
/// a.entity, a.entity_id, a.action, a.field, a.old_value, a.new_value, a.reason`.
pub fn audit_entry(r: &Row) -> Result<AuditEntry> {
    Ok(AuditEntry {
        id: get(r, 0)?,
        at: time(r, 1)?,
        actor_id: get(r, 2)?,
        actor_name: get(r, 3)?,
        entity: get(r, 4)?,
        entity_id: get(r, 5)?,
        action: get(r, 6)?,
        field: get(r, 7)?,
        old_value: get(r, 8)?,
        new_value: get(r, 9)?,
        reason: get(r, 10)?,
    })
}

fn customer_row(r: &Row) -> Result<Customer> {
    Ok(Customer {
        id: get(r, 0)?,
        name: get(r, 1)?,
        phone: get(r, 2)?,
        address: get(r, 3)?,
        org: get(r, 4)?,
        created_at: time(r, 5)?,
    })
}

pub fn customer_by_phone(c: &mut impl Sql, phone: &str) -> Result<Option<Customer>> {
    let row = c
        .query_opt("SELECT id, name, phone, address, org, created_at FROM customers WHERE phone = $1", &[&phone])
        .db()?;
    row.as_ref().map(customer_row).transpose()
}

/// The customer with this phone, created if new, with name, address and
/// unit brought up to what was just typed (each change audited). Two desks
/// registering the same new phone at once: the second waits on the unique
/// phone, then finds the first one's customer.
pub fn upsert_customer(
    c: &mut impl Sql,
    name: &str,
    phone: &str,
    address: &str,
    org: &str,
    actor_id: i64,
    at: DateTime<Utc>,
) -> Result<i64> {
    let inserted = c
        .query_opt(
            "INSERT INTO customers (name, phone, address, org, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (phone) DO NOTHING RETURNING id",
            &[&name, &phone, &address, &org, &millis(at)],
        )
        .db()?;
    if let Some(row) = inserted {
        let id: i64 = get(&row, 0)?;
        audit(c, at, actor_id, "customer", id, "create", None, None, Some(name), None)?;
        return Ok(id);
    }
    let row = c
        .query_one("SELECT id, name, phone, address, org, created_at FROM customers WHERE phone = $1 FOR UPDATE", &[&phone])
        .db()?;
    let existing = customer_row(&row)?;
    let updates = [("name", &existing.name, name), ("address", &existing.address, address), ("org", &existing.org, org)];
    for (column, old, new) in updates {
        if !new.is_empty() && old != new {
            c.execute(&format!("UPDATE customers SET {column} = $1 WHERE id = $2"), &[&new, &existing.id]).db()?;
            audit(c, at, actor_id, "customer", existing.id, "edit", Some(column), Some(old), Some(new), None)?;
        }
    }
    Ok(existing.id)
}

/// The next serial under `counter` (a month, or a prefix and a month),
/// taken inside the caller's transaction: the counter row stays locked
/// until it commits, so two desks never get the same serial, and a rolled
/// back registration gives its serial back (no gaps).
pub fn next_serial(c: &mut impl Sql, counter: &str) -> Result<i64> {
    let row = c
        .query_one(
            "INSERT INTO case_counters (period, last_serial) VALUES ($1, 1)
             ON CONFLICT (period) DO UPDATE SET last_serial = case_counters.last_serial + 1
             RETURNING last_serial",
            &[&counter],
        )
        .db()?;
    get(&row, 0)
}
