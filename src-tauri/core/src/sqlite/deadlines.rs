//! 时效 in SQLite: the calendar's years, deadline policies, each case's
//! stages (written within the workflow step's transaction) and 催办单.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use super::cases::{sheet_row, ROW_COLUMNS, ROW_JOINS};
use super::rows::{audit, coded, coded_opt, next_serial, time};
use super::{from_millis, millis};
use crate::calendar;
use crate::codes::*;
use crate::deadlines::{CaseDeadline, DeadlinePolicy, DeadlineWrites, DepartmentCount, Reminder, StageLimit};
use crate::error::{AppError, Result};
use crate::model::CaseRow;
use crate::store::{ReminderInsert, Stamp, StoredDeadline};

/// Migration 008: the shipped years, as the calendar module reads them.
pub fn seed_calendar(tx: &Transaction) -> Result<()> {
    let now = millis(Utc::now());
    for year in calendar::shipped_years() {
        tx.execute(
            "INSERT OR IGNORE INTO calendar_years (year, json, updated_at, updated_by) VALUES (?1, ?2, ?3, NULL)",
            params![year.year, year.to_json(), now],
        )?;
    }
    Ok(())
}

pub fn calendar_years(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT json FROM calendar_years ORDER BY year")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn put_calendar_year(tx: &Transaction, year: i32, json: &str, by: Stamp) -> Result<()> {
    let old: Option<String> =
        tx.query_row("SELECT json FROM calendar_years WHERE year = ?1", [year], |r| r.get(0)).optional()?;
    if old.as_deref() == Some(json) {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO calendar_years (year, json, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (year) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![year, json, millis(by.at), by.actor_id],
    )?;
    let action = if old.is_some() { "edit" } else { "import" };
    audit(tx, by.at, by.actor_id, "calendar", year as i64, action, Some("days"), old.as_deref(), Some(json), None)
}

fn limits_json(limits: &[StageLimit]) -> String {
    serde_json::to_string(limits).unwrap_or_else(|_| "[]".into())
}

fn policy_row(r: &Row) -> rusqlite::Result<DeadlinePolicy> {
    let limits: String = r.get(4)?;
    Ok(DeadlinePolicy {
        id: r.get(0)?,
        name: r.get(1)?,
        org_type: coded(r, 2)?,
        market: coded_opt(r, 3)?,
        limits: serde_json::from_str(&limits)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e)))?,
        escalation_department_id: r.get(5)?,
        active: r.get(6)?,
    })
}

const POLICY_COLUMNS: &str = "id, name, org_type, market, limits, escalation_department_id, active";

pub fn deadline_policies(conn: &Connection) -> Result<Vec<DeadlinePolicy>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {POLICY_COLUMNS} FROM deadline_policies ORDER BY id"))?;
    let rows = stmt.query_map([], policy_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn update_deadline_policy(tx: &Transaction, p: &DeadlinePolicy, by: Stamp) -> Result<()> {
    let old = tx
        .query_row(&format!("SELECT {POLICY_COLUMNS} FROM deadline_policies WHERE id = ?1"), [p.id], policy_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("时效政策"))?;
    let taken: Option<i64> = tx
        .query_row("SELECT id FROM deadline_policies WHERE name = ?1 AND id <> ?2", params![p.name, p.id], |r| r.get(0))
        .optional()?;
    if taken.is_some() {
        return Err(AppError::invalid("name", format!("已有名为「{}」的时效政策", p.name)));
    }
    tx.execute(
        "UPDATE deadline_policies SET name = ?1, org_type = ?2, market = ?3, limits = ?4, escalation_department_id = ?5, active = ?6
         WHERE id = ?7",
        params![p.name, p.org_type.code(), p.market.map(Market::code), limits_json(&p.limits), p.escalation_department_id, p.active, p.id],
    )?;
    let text = |v: &DeadlinePolicy| {
        format!(
            "{}|{}|{}|{}|{}|{}",
            v.name,
            v.org_type.code(),
            v.market.map(Market::code).unwrap_or(""),
            limits_json(&v.limits),
            v.escalation_department_id.map(|d| d.to_string()).unwrap_or_default(),
            v.active
        )
    };
    audit(tx, by.at, by.actor_id, "deadline_policy", p.id, "edit", Some("policy"), Some(&text(&old)), Some(&text(p)), None)
}

/// A workflow step's deadline writes (inside its transaction).
pub fn write_step(tx: &Transaction, case_id: i64, at: DateTime<Utc>, w: &DeadlineWrites) -> Result<()> {
    for stage in &w.finish {
        tx.execute(
            "UPDATE case_deadlines SET done_at = ?1 WHERE case_id = ?2 AND stage = ?3 AND done_at IS NULL",
            params![millis(at), case_id, stage.code()],
        )?;
    }
    for s in &w.start {
        tx.execute(
            "INSERT INTO case_deadlines (case_id, stage, policy_id, amount, unit, started_at, due_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![case_id, s.stage.code(), s.policy_id, s.limit.amount, s.limit.unit.code(), millis(s.started_at), millis(s.due_at)],
        )?;
    }
    Ok(())
}

pub fn case_deadlines(conn: &Connection, case_id: i64) -> Result<Vec<StoredDeadline>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.stage, p.name, d.amount, d.unit, d.started_at, d.due_at, d.done_at, d.late_reason, d.policy_id
         FROM case_deadlines d JOIN deadline_policies p ON p.id = d.policy_id
         WHERE d.case_id = ?1 ORDER BY d.id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        let stage: DeadlineStage = coded(r, 1)?;
        Ok(StoredDeadline {
            deadline: CaseDeadline {
                id: r.get(0)?,
                stage,
                policy_name: r.get(2)?,
                limit: StageLimit { stage, amount: r.get(3)?, unit: coded(r, 4)? },
                started_at: time(r, 5)?,
                due_at: time(r, 6)?,
                done_at: r.get::<_, Option<i64>>(7)?.map(from_millis),
                late_reason: r.get(8)?,
                overdue: false,
                late_minutes: 0,
            },
            policy_id: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn explain_late(tx: &Transaction, case_id: i64, deadline_id: i64, reason: &str, by: Stamp) -> Result<()> {
    let stage: Option<String> = tx
        .query_row(
            "SELECT stage FROM case_deadlines WHERE id = ?1 AND case_id = ?2",
            params![deadline_id, case_id],
            |r| r.get(0),
        )
        .optional()?;
    let stage = stage.ok_or_else(|| AppError::not_found("时效记录"))?;
    tx.execute("UPDATE case_deadlines SET late_reason = ?1 WHERE id = ?2", params![reason, deadline_id])?;
    audit(tx, by.at, by.actor_id, "case", case_id, "explain_late", Some("lateReason"), Some(&stage), Some(reason), None)
}

pub fn insert_reminder(tx: &Transaction, r: &ReminderInsert) -> Result<i64> {
    let period = format!("CB{}", r.period);
    let serial = next_serial(tx, &period)?;
    let number = format!("CB-{}-{serial:04}", r.period);
    tx.execute(
        "INSERT INTO reminders (reminder_no, case_id, deadline_id, to_department_id, note, issued_by, issued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![number, r.case_id, r.deadline_id, r.to_department_id, r.note, r.by.actor_id, millis(r.by.at)],
    )?;
    let id = tx.last_insert_rowid();
    audit(tx, r.by.at, r.by.actor_id, "case", r.case_id, "remind", Some("reminderNo"), None, Some(&number), Some(&r.note))?;
    Ok(id)
}

pub fn reminders(conn: &Connection, case_id: i64) -> Result<Vec<Reminder>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.reminder_no, r.case_id, c.case_no, d.stage, d.due_at, dep.name, r.note, u.name, r.issued_at
         FROM reminders r JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.issued_by
         LEFT JOIN case_deadlines d ON d.id = r.deadline_id LEFT JOIN departments dep ON dep.id = r.to_department_id
         WHERE r.case_id = ?1 ORDER BY r.id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(Reminder {
            id: r.get(0)?,
            reminder_no: r.get(1)?,
            case_id: r.get(2)?,
            case_no: r.get(3)?,
            stage: coded_opt(r, 4)?,
            due_at: r.get::<_, Option<i64>>(5)?.map(from_millis),
            to_department_name: r.get(6)?,
            note: r.get(7)?,
            issued_by_name: r.get(8)?,
            issued_at: time(r, 9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The open cases with a stage past `now` (a subquery for the reads below).
/// No DISTINCT: `IN` needs none, and with it SQLite walked every deadline in
/// case order (3 s at a million cases) instead of the open ones by due time.
const OVERDUE_CASES: &str = "SELECT dl.case_id FROM case_deadlines dl WHERE dl.done_at IS NULL AND dl.due_at < ?1";

pub fn overdue_by_department(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<DepartmentCount>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.department_id, d.name, count(*) AS n
         FROM cases c LEFT JOIN departments d ON d.id = c.department_id
         WHERE c.id IN ({OVERDUE_CASES}) AND c.status NOT IN ('closed', 'voided')
         GROUP BY c.department_id ORDER BY n DESC, d.name"
    ))?;
    let rows = stmt.query_map([millis(now)], |r| {
        Ok(DepartmentCount { department_id: r.get(0)?, department_name: r.get(1)?, count: r.get::<_, i64>(2)? as u64 })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn escalated_cases(conn: &Connection, department_ids: &[i64], now: DateTime<Utc>, limit: u32) -> Result<Vec<CaseRow>> {
    if department_ids.is_empty() {
        return Ok(vec![]);
    }
    let marks = vec!["?"; department_ids.len()].join(", ");
    let mut values: Vec<Value> = vec![Value::Integer(millis(now))];
    values.extend(department_ids.iter().map(|d| Value::Integer(*d)));
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS} FROM cases c {ROW_JOINS}
         WHERE c.id IN ({OVERDUE_CASES}) AND c.status NOT IN ('closed', 'voided')
           AND (SELECT p.escalation_department_id FROM case_deadlines f JOIN deadline_policies p ON p.id = f.policy_id
                WHERE f.case_id = c.id ORDER BY f.id LIMIT 1) IN ({marks})
         ORDER BY c.id LIMIT {limit}"
    ))?;
    let rows = stmt.query_map(params_from_iter(values.iter()), sheet_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn mark_notified(tx: &Transaction, user_id: i64, deadline_id: i64, kind: &str, at: DateTime<Utc>) -> Result<bool> {
    let added = tx.execute(
        "INSERT INTO deadline_notices (user_id, deadline_id, kind, at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        params![user_id, deadline_id, kind, millis(at)],
    )?;
    Ok(added == 1)
}
