//! 时效 in PostgreSQL: the calendar's years, deadline policies, each case's
//! stages (written within the workflow step's transaction) and 催办单.
//!
//! The same statements as `core::sqlite::deadlines`, function for function.
//! The calendar's shipped years are written at migration time by
//! `seed::seed_calendar`. What differs from SQLite, and why:
//! - SQLite runs one write at a time; here a write that reads and then
//!   decides locks what it read: `put_calendar_year` inserts the new year
//!   with ON CONFLICT DO NOTHING (an import waits on a concurrent one) or
//!   locks the existing year before comparing, `update_deadline_policy`
//!   locks the policy it edits and maps a name taken meanwhile by another
//!   desk (the UNIQUE name, after the check in code) to the same
//!   VALIDATION error on `name`, `explain_late` locks the stage row.
//! - `escalated_cases` takes the department ids as one BIGINT[] (`= ANY`)
//!   instead of a list of `?`; `overdue_by_department` orders department
//!   names as SQLite does (bytewise, the unrouted NULL first), whatever
//!   the database's collation.

use chrono::{DateTime, Utc};
use postgres::error::SqlState;
use postgres::Row;

use complaintdesk_core::codes::*;
use complaintdesk_core::deadlines::{CaseDeadline, DeadlinePolicy, DeadlineWrites, DepartmentCount, Reminder, StageLimit};
use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::model::CaseRow;
use complaintdesk_core::store::{ReminderInsert, Stamp, StoredDeadline};

use crate::cases::{sheet_row, ROW_COLUMNS, ROW_JOINS};
use crate::rows::{all, audit, coded, coded_opt, get, millis, next_serial, time, time_opt};
use crate::sql::Sql;
use crate::Db;

pub fn calendar_years(c: &mut impl Sql) -> Result<Vec<String>> {
    let rows = c.query("SELECT json FROM calendar_years ORDER BY year", &[]).db()?;
    all(rows, |r| get(r, 0))
}

/// A year not there yet is inserted (a concurrent import of the same year
/// waits on it, then finds it and edits it); an existing year is locked
/// before it is compared, so two edits at once are audited one after the
/// other, each with the json it replaced.
pub fn put_calendar_year(c: &mut impl Sql, year: i32, json: &str, by: Stamp) -> Result<()> {
    let year = i64::from(year);
    let at = millis(by.at);
    let imported = c
        .execute(
            "INSERT INTO calendar_years (year, json, updated_at, updated_by) VALUES ($1, $2, $3, $4)
             ON CONFLICT (year) DO NOTHING",
            &[&year, &json, &at, &by.actor_id],
        )
        .db()?;
    if imported == 1 {
        return audit(c, by.at, by.actor_id, "calendar", year, "import", Some("days"), None, Some(json), None);
    }
    let old: String = get(&c.query_one("SELECT json FROM calendar_years WHERE year = $1 FOR UPDATE", &[&year]).db()?, 0)?;
    if old == json {
        return Ok(());
    }
    c.execute(
        "UPDATE calendar_years SET json = $2, updated_at = $3, updated_by = $4 WHERE year = $1",
        &[&year, &json, &at, &by.actor_id],
    )
    .db()?;
    audit(c, by.at, by.actor_id, "calendar", year, "edit", Some("days"), Some(&old), Some(json), None)
}

/// Copied from `core::sqlite::deadlines` (private there).
fn limits_json(limits: &[StageLimit]) -> String {
    serde_json::to_string(limits).unwrap_or_else(|_| "[]".into())
}

fn policy_row(r: &Row) -> Result<DeadlinePolicy> {
    let limits: String = get(r, 4)?;
    Ok(DeadlinePolicy {
        id: get(r, 0)?,
        name: get(r, 1)?,
        org_type: coded(r, 2)?,
        market: coded_opt(r, 3)?,
        limits: serde_json::from_str(&limits)
            .map_err(|e| AppError::new(ErrorCode::Storage, format!("数据库操作失败，已撤销本次操作：{e}")))?,
        escalation_department_id: get(r, 5)?,
        active: get(r, 6)?,
    })
}

const POLICY_COLUMNS: &str = "id, name, org_type, market, limits, escalation_department_id, active";

pub fn deadline_policies(c: &mut impl Sql) -> Result<Vec<DeadlinePolicy>> {
    let rows = c.query(&format!("SELECT {POLICY_COLUMNS} FROM deadline_policies ORDER BY id"), &[]).db()?;
    all(rows, policy_row)
}

fn unique_violation(e: &postgres::Error, constraint: &str) -> bool {
    e.as_db_error().is_some_and(|d| d.code() == &SqlState::UNIQUE_VIOLATION && d.constraint() == Some(constraint))
}

/// The policy is locked while it is compared and written (two edits at
/// once are audited in turn); the name is checked in code as in SQLite,
/// and a name another desk takes meanwhile fails the UNIQUE name with the
/// same error.
pub fn update_deadline_policy(c: &mut impl Sql, p: &DeadlinePolicy, by: Stamp) -> Result<()> {
    let old = c
        .query_opt(&format!("SELECT {POLICY_COLUMNS} FROM deadline_policies WHERE id = $1 FOR UPDATE"), &[&p.id])
        .db()?
        .as_ref()
        .map(policy_row)
        .transpose()?
        .ok_or_else(|| AppError::not_found("时效政策"))?;
    let name_taken = || AppError::invalid("name", format!("已有名为「{}」的时效政策", p.name));
    let taken = c.query_opt("SELECT id FROM deadline_policies WHERE name = $1 AND id <> $2", &[&p.name, &p.id]).db()?;
    if taken.is_some() {
        return Err(name_taken());
    }
    let updated = c.execute(
        "UPDATE deadline_policies SET name = $1, org_type = $2, market = $3, limits = $4, escalation_department_id = $5, active = $6
         WHERE id = $7",
        &[
            &p.name,
            &p.org_type.code(),
            &p.market.map(Market::code),
            &limits_json(&p.limits),
            &p.escalation_department_id,
            &p.active,
            &p.id,
        ],
    );
    match updated {
        Err(e) if unique_violation(&e, "deadline_policies_name_key") => return Err(name_taken()),
        other => other.db()?,
    };
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
    audit(c, by.at, by.actor_id, "deadline_policy", p.id, "edit", Some("policy"), Some(&text(&old)), Some(&text(p)), None)
}

/// A workflow step's deadline writes (inside its transaction, which has
/// already locked the case row, so no other step touches these stages).
pub(crate) fn write_step(c: &mut impl Sql, case_id: i64, at: DateTime<Utc>, w: &DeadlineWrites) -> Result<()> {
    for stage in &w.finish {
        c.execute(
            "UPDATE case_deadlines SET done_at = $1 WHERE case_id = $2 AND stage = $3 AND done_at IS NULL",
            &[&millis(at), &case_id, &stage.code()],
        )
        .db()?;
    }
    for s in &w.start {
        c.execute(
            "INSERT INTO case_deadlines (case_id, stage, policy_id, amount, unit, started_at, due_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &case_id,
                &s.stage.code(),
                &s.policy_id,
                &i64::from(s.limit.amount),
                &s.limit.unit.code(),
                &millis(s.started_at),
                &millis(s.due_at),
            ],
        )
        .db()?;
    }
    Ok(())
}

pub fn case_deadlines(c: &mut impl Sql, case_id: i64) -> Result<Vec<StoredDeadline>> {
    let rows = c
        .query(
            "SELECT d.id, d.stage, p.name, d.amount, d.unit, d.started_at, d.due_at, d.done_at, d.late_reason, d.policy_id
             FROM case_deadlines d JOIN deadline_policies p ON p.id = d.policy_id
             WHERE d.case_id = $1 ORDER BY d.id",
            &[&case_id],
        )
        .db()?;
    all(rows, |r| {
        let stage: DeadlineStage = coded(r, 1)?;
        let amount: i64 = get(r, 3)?;
        let amount = u32::try_from(amount)
            .map_err(|_| AppError::new(ErrorCode::Storage, format!("数据库中的时限 {amount} 超出范围")))?;
        Ok(StoredDeadline {
            deadline: CaseDeadline {
                id: get(r, 0)?,
                stage,
                policy_name: get(r, 2)?,
                limit: StageLimit { stage, amount, unit: coded(r, 4)? },
                started_at: time(r, 5)?,
                due_at: time(r, 6)?,
                done_at: time_opt(r, 7)?,
                late_reason: get(r, 8)?,
                overdue: false,
                late_minutes: 0,
            },
            policy_id: get(r, 9)?,
        })
    })
}

/// The stage row is locked while its reason is checked and written: a
/// second desk explaining the same stage waits, then finds it explained.
pub fn explain_late(c: &mut impl Sql, case_id: i64, deadline_id: i64, reason: &str, by: Stamp) -> Result<()> {
    let row = c
        .query_opt(
            "SELECT stage FROM case_deadlines WHERE id = $1 AND case_id = $2 FOR UPDATE",
            &[&deadline_id, &case_id],
        )
        .db()?;
    let stage: String = match row {
        Some(r) => get(&r, 0)?,
        None => return Err(AppError::not_found("时效记录")),
    };
    c.execute("UPDATE case_deadlines SET late_reason = $1 WHERE id = $2", &[&reason, &deadline_id]).db()?;
    audit(c, by.at, by.actor_id, "case", case_id, "explain_late", Some("lateReason"), Some(&stage), Some(reason), None)
}

pub fn insert_reminder(c: &mut impl Sql, r: &ReminderInsert) -> Result<i64> {
    let period = format!("CB{}", r.period);
    let serial = next_serial(c, &period)?;
    let number = format!("CB-{}-{serial:04}", r.period);
    let row = c
        .query_one(
            "INSERT INTO reminders (reminder_no, case_id, deadline_id, to_department_id, note, issued_by, issued_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[&number, &r.case_id, &r.deadline_id, &r.to_department_id, &r.note, &r.by.actor_id, &millis(r.by.at)],
        )
        .db()?;
    let id: i64 = get(&row, 0)?;
    audit(c, r.by.at, r.by.actor_id, "case", r.case_id, "remind", Some("reminderNo"), None, Some(&number), Some(&r.note))?;
    Ok(id)
}

pub fn reminders(c: &mut impl Sql, case_id: i64) -> Result<Vec<Reminder>> {
    let rows = c
        .query(
            "SELECT r.id, r.reminder_no, r.case_id, c.case_no, d.stage, d.due_at, dep.name, r.note, u.name, r.issued_at
             FROM reminders r JOIN cases c ON c.id = r.case_id JOIN users u ON u.id = r.issued_by
             LEFT JOIN case_deadlines d ON d.id = r.deadline_id LEFT JOIN departments dep ON dep.id = r.to_department_id
             WHERE r.case_id = $1 ORDER BY r.id",
            &[&case_id],
        )
        .db()?;
    all(rows, |r| {
        Ok(Reminder {
            id: get(r, 0)?,
            reminder_no: get(r, 1)?,
            case_id: get(r, 2)?,
            case_no: get(r, 3)?,
            stage: coded_opt(r, 4)?,
            due_at: time_opt(r, 5)?,
            to_department_name: get(r, 6)?,
            note: get(r, 7)?,
            issued_by_name: get(r, 8)?,
            issued_at: time(r, 9)?,
        })
    })
}

/// The open cases with a stage past `now` (a subquery for the reads below).
/// No DISTINCT, as in the SQLite store: `IN` needs none.
const OVERDUE_CASES: &str = "SELECT dl.case_id FROM case_deadlines dl WHERE dl.done_at IS NULL AND dl.due_at < $1";

/// PostgreSQL wants the department's name grouped too (it is one per
/// department id, so the groups are SQLite's); names sort bytewise as in
/// SQLite (COLLATE "C") with the unrouted cases' NULL first, as SQLite
/// puts NULLs first.
pub fn overdue_by_department(c: &mut impl Sql, now: DateTime<Utc>) -> Result<Vec<DepartmentCount>> {
    let rows = c
        .query(
            &format!(
                "SELECT c.department_id, d.name, count(*) AS n
                 FROM cases c LEFT JOIN departments d ON d.id = c.department_id
                 WHERE c.id IN ({OVERDUE_CASES}) AND c.status NOT IN ('closed', 'voided')
                 GROUP BY c.department_id, d.name ORDER BY n DESC, d.name COLLATE \"C\" NULLS FIRST"
            ),
            &[&millis(now)],
        )
        .db()?;
    all(rows, |r| {
        Ok(DepartmentCount { department_id: get(r, 0)?, department_name: get(r, 1)?, count: get::<i64>(r, 2)? as u64 })
    })
}

pub fn escalated_cases(c: &mut impl Sql, department_ids: &[i64], now: DateTime<Utc>, limit: u32) -> Result<Vec<CaseRow>> {
    if department_ids.is_empty() {
        return Ok(vec![]);
    }
    let rows = c
        .query(
            &format!(
                "SELECT {ROW_COLUMNS} FROM cases c {ROW_JOINS}
                 WHERE c.id IN ({OVERDUE_CASES}) AND c.status NOT IN ('closed', 'voided')
                   AND (SELECT p.escalation_department_id FROM case_deadlines f JOIN deadline_policies p ON p.id = f.policy_id
                        WHERE f.case_id = c.id ORDER BY f.id LIMIT 1) = ANY($2)
                 ORDER BY c.id LIMIT $3"
            ),
            &[&millis(now), &department_ids, &i64::from(limit)],
        )
        .db()?;
    all(rows, sheet_row)
}

/// Already shown: the primary key (user, stage, kind) refuses the row.
pub fn mark_notified(c: &mut impl Sql, user_id: i64, deadline_id: i64, kind: &str, at: DateTime<Utc>) -> Result<bool> {
    let added = c
        .execute(
            "INSERT INTO deadline_notices (user_id, deadline_id, kind, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[&user_id, &deadline_id, &kind, &millis(at)],
        )
        .db()?;
    Ok(added == 1)
}
