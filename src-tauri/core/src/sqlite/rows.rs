//! Small row helpers shared by the SQLite store: coded values, audit lines,
//! customers.

use chrono::{DateTime, Utc};
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{from_millis, millis};
use crate::codes::Coded;
use crate::error::Result;
use crate::model::{AuditEntry, Customer};

/// Decodes a stored code; a value this version does not know is an error,
/// not a silent default.
pub fn coded<T: Coded>(row: &Row, idx: usize) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    T::from_code(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, format!("unknown code {text:?}").into())
    })
}

pub fn coded_opt<T: Coded>(row: &Row, idx: usize) -> rusqlite::Result<Option<T>> {
    match row.get::<_, Option<String>>(idx)? {
        None => Ok(None),
        Some(_) => coded(row, idx).map(Some),
    }
}

pub fn time(row: &Row, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    Ok(from_millis(row.get(idx)?))
}

#[allow(clippy::too_many_arguments)]
pub fn audit(
    conn: &Connection,
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
    let mut stmt = conn.prepare_cached(
        "INSERT INTO audit_log (at, actor_id, entity, entity_id, action, field, old_value, new_value, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    stmt.execute(params![millis(at), actor_id, entity, entity_id, action, field, old_value, new_value, reason])?;
    Ok(())
}

pub fn audit_of(conn: &Connection, entity: &str, id: i64) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.at, a.actor_id, u.name, a.entity, a.entity_id, a.action, a.field, a.old_value, a.new_value, a.reason
         FROM audit_log a JOIN users u ON u.id = a.actor_id
         WHERE a.entity = ?1 AND a.entity_id = ?2 ORDER BY a.id",
    )?;
    let rows = stmt.query_map(params![entity, id], audit_entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One audit line of a query selecting `a.id, a.at, a.actor_id, u.name,
/// a.entity, a.entity_id, a.action, a.field, a.old_value, a.new_value, a.reason`.
pub fn audit_entry(r: &Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: time(r, 1)?,
        actor_id: r.get(2)?,
        actor_name: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        action: r.get(6)?,
        field: r.get(7)?,
        old_value: r.get(8)?,
        new_value: r.get(9)?,
        reason: r.get(10)?,
    })
}

fn customer_row(r: &Row) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        address: r.get(3)?,
        org: r.get(4)?,
        created_at: time(r, 5)?,
    })
}

pub fn customer_by_phone(conn: &Connection, phone: &str) -> Result<Option<Customer>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, phone, address, org, created_at FROM customers WHERE phone = ?1")?;
    Ok(stmt.query_row([phone], customer_row).optional()?)
}

/// The customer with this phone, created if new, with name, address and
/// unit brought up to what was just typed (each change audited).
pub fn upsert_customer(
    conn: &Connection,
    name: &str,
    phone: &str,
    address: &str,
    org: &str,
    actor_id: i64,
    at: DateTime<Utc>,
) -> Result<i64> {
    let Some(existing) = customer_by_phone(conn, phone)? else {
        conn.prepare_cached("INSERT INTO customers (name, phone, address, org, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![name, phone, address, org, millis(at)])?;
        let id = conn.last_insert_rowid();
        audit(conn, at, actor_id, "customer", id, "create", None, None, Some(name), None)?;
        return Ok(id);
    };
    let updates = [("name", &existing.name, name), ("address", &existing.address, address), ("org", &existing.org, org)];
    for (column, old, new) in updates {
        if !new.is_empty() && old != new {
            conn.execute(&format!("UPDATE customers SET {column} = ?1 WHERE id = ?2"), params![new, existing.id])?;
            audit(conn, at, actor_id, "customer", existing.id, "edit", Some(column), Some(old), Some(new), None)?;
        }
    }
    Ok(existing.id)
}

/// The next serial under `counter` (a month, or a prefix and a month),
/// taken inside the caller's transaction so two desks never get the same.
pub fn next_serial(conn: &Connection, counter: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO case_counters (period, last_serial) VALUES (?1, 1)
             ON CONFLICT (period) DO UPDATE SET last_serial = last_serial + 1
             RETURNING last_serial",
        )?
        .query_row([counter], |row| row.get(0))?)
}
