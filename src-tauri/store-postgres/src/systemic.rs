//! 普遍性问题 in PostgreSQL: the same statements as `core::sqlite::systemic`,
//! function for function. What differs from SQLite, and why:
//! - PostgreSQL does not serialise writers. Two desks assessing the second
//!   and third complaint on one 料号 at once would each count two and raise
//!   nothing; so the check takes a transaction-level advisory lock on the
//!   subject (`pg_advisory_xact_lock`) before it reads, and the second
//!   desk, once the first commits, counts three (READ COMMITTED: each
//!   statement sees what committed before it). The raise itself is
//!   `ON CONFLICT DO NOTHING` behind the partial unique index
//!   `systemic_alerts_one_active`, so it could never fail a case's step.
//! - A lifecycle step locks the alert row (`FOR UPDATE` through its
//!   versioned UPDATE) as SQLite's IMMEDIATE transaction does.
//! - Lists are arrays (`= ANY`), SQLite's JSON lists.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use postgres::Row;

use complaintdesk_core::codes::*;
use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::model::CorrectiveAction;
use complaintdesk_core::store::systemic::*;
use complaintdesk_core::store::Stamp;

use crate::rows::{all, audit, coded, coded_opt, get, millis, time, time_opt};
use crate::sql::Sql;
use crate::{Db, PgStore};

/// The first key of the subjects' advisory locks ("SY"); the second is the subject's hash.
const LOCK_SPACE: i32 = 0x5359;

const SUBJECT: &str = "SELECT id, item_no, department_id, cause_type, received_at FROM cases
    WHERE id = $1 AND validity = 'valid' AND parent_case_id IS NULL AND repeat_of_id IS NULL AND status <> 'voided'";

const ITEM_CANDIDATES: &str = "SELECT id, received_at, status FROM cases
    WHERE item_no = $1 AND validity = 'valid' AND parent_case_id IS NULL AND repeat_of_id IS NULL
      AND received_at >= $2 AND received_at <= $3
      AND NOT EXISTS (SELECT 1 FROM systemic_alert_cases ac JOIN systemic_alerts a ON a.id = ac.alert_id
          WHERE ac.case_id = cases.id AND a.kind = 'item' AND a.subject_key = $1 AND a.state IN ('closed', 'dismissed'))";

const CAUSE_CANDIDATES: &str = "SELECT id, received_at, status FROM cases
    WHERE department_id = $1 AND cause_type = $2 AND validity = 'valid' AND parent_case_id IS NULL AND repeat_of_id IS NULL
      AND received_at >= $3 AND received_at <= $4
      AND NOT EXISTS (SELECT 1 FROM systemic_alert_cases ac JOIN systemic_alerts a ON a.id = ac.alert_id
          WHERE ac.case_id = cases.id AND a.kind = 'cause_department' AND a.subject_key = $5 AND a.state IN ('closed', 'dismissed'))";

const ALERTS: &str = "SELECT a.id, a.kind, a.item_no, a.department_id, d.name, a.cause_type, a.threshold, a.window_days, a.state, a.version,
        a.raised_at, r.name, a.trigger_case_id, a.action_kind, a.action_description, a.action_owner, a.action_due_date,
        ack.name, a.acknowledged_at, a.verification_note, ver.name, a.verified_at, a.closing_note, clo.name, a.closed_at,
        a.dismiss_reason, dis.name, a.dismissed_at
    FROM systemic_alerts a JOIN users r ON r.id = a.raised_by
    LEFT JOIN departments d ON d.id = a.department_id
    LEFT JOIN users ack ON ack.id = a.acknowledged_by LEFT JOIN users ver ON ver.id = a.verified_by
    LEFT JOIN users clo ON clo.id = a.closed_by LEFT JOIN users dis ON dis.id = a.dismissed_by
    WHERE (cardinality($1::TEXT[]) = 0 OR a.state = ANY($1)) AND ($2::BIGINT IS NULL OR a.id = $2)
    ORDER BY a.raised_at DESC, a.id DESC LIMIT $3";

const CASES: &str = "SELECT alert_id, id, case_no, received_at, status, joined_at, total FROM (
        SELECT ac.alert_id, c.id, c.case_no, c.received_at, c.status, ac.joined_at,
            count(*) OVER (PARTITION BY ac.alert_id) AS total,
            row_number() OVER (PARTITION BY ac.alert_id ORDER BY c.received_at DESC, c.id DESC) AS n
        FROM systemic_alert_cases ac JOIN cases c ON c.id = ac.case_id
        WHERE ac.alert_id = ANY($1)
    ) linked
    WHERE $2::BIGINT IS NULL OR n <= $2
    ORDER BY alert_id, received_at, id";

fn subject(r: &Row) -> Result<SystemicSubject> {
    Ok(SystemicSubject {
        case_id: get(r, 0)?,
        item_no: get(r, 1)?,
        department_id: get(r, 2)?,
        cause_type: coded_opt(r, 3)?,
        received_at: time(r, 4)?,
    })
}

fn candidates(c: &mut impl Sql, key: &SystemicKey, from: i64, to: i64) -> Result<Vec<(i64, DateTime<Utc>)>> {
    let rows = match key {
        SystemicKey::Item(item) => c.query(ITEM_CANDIDATES, &[item, &from, &to]).db()?,
        SystemicKey::CauseDepartment { department_id, cause_type } => {
            c.query(CAUSE_CANDIDATES, &[department_id, &cause_type.code(), &from, &to, &key.text()]).db()?
        }
    };
    let found = all(rows, |r| Ok((get::<i64>(r, 0)?, time(r, 1)?, get::<String>(r, 2)?)))?;
    // Voided cases are left out here rather than in the index: a void is rare.
    Ok(found.into_iter().filter(|(_, _, status)| status != CaseStatus::Voided.code()).map(|(id, at, _)| (id, at)).collect())
}

fn active_alert(c: &mut impl Sql, key: &SystemicKey) -> Result<Option<i64>> {
    let row = c
        .query_opt(
            "SELECT id FROM systemic_alerts WHERE kind = $1 AND subject_key = $2 AND state IN ('open', 'acknowledged', 'verified')",
            &[&key.kind().code(), &key.text()],
        )
        .db()?;
    row.map(|r| get(&r, 0)).transpose()
}

fn case_no(c: &mut impl Sql, case_id: i64) -> Result<String> {
    get(&c.query_one("SELECT case_no FROM cases WHERE id = $1", &[&case_id]).db()?, 0)
}

/// Links the case to the active alert, with an audit line, unless it already is.
fn join(c: &mut impl Sql, alert_id: i64, case_id: i64, by: Stamp) -> Result<()> {
    let added = c
        .execute(
            "INSERT INTO systemic_alert_cases (alert_id, case_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&alert_id, &case_id, &millis(by.at)],
        )
        .db()?;
    if added == 1 {
        let number = case_no(c, case_id)?;
        audit(c, by.at, by.actor_id, "systemic_alert", alert_id, "systemic_join", Some("case"), None, Some(&number), None)?;
    }
    Ok(())
}

/// Raises the alert, or — should another desk have raised it meanwhile — joins that one.
fn raise(c: &mut impl Sql, key: &SystemicKey, rule: &SystemicKindRule, trigger: i64, case_ids: &[i64], by: Stamp) -> Result<()> {
    let (item_no, department_id, cause_type) = match key {
        SystemicKey::Item(item) => (Some(item.as_str()), None, None),
        SystemicKey::CauseDepartment { department_id, cause_type } => (None, Some(*department_id), Some(cause_type.code())),
    };
    let raised = c
        .query_opt(
            "INSERT INTO systemic_alerts (kind, subject_key, item_no, department_id, cause_type, threshold, window_days, state, raised_at, raised_by, trigger_case_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id",
            &[
                &key.kind().code(),
                &key.text(),
                &item_no,
                &department_id,
                &cause_type,
                &i64::from(rule.threshold),
                &i64::from(rule.window_days),
                &millis(by.at),
                &by.actor_id,
                &trigger,
            ],
        )
        .db()?;
    let Some(raised) = raised else {
        let alert_id = active_alert(c, key)?.ok_or_else(|| AppError::new(ErrorCode::Storage, "普遍性问题未能记录"))?;
        return join(c, alert_id, trigger, by);
    };
    let alert_id: i64 = get(&raised, 0)?;
    let mut numbers = Vec::new();
    for &case_id in case_ids {
        c.execute(
            "INSERT INTO systemic_alert_cases (alert_id, case_id, joined_at) VALUES ($1, $2, $3)",
            &[&alert_id, &case_id, &millis(by.at)],
        )
        .db()?;
        numbers.push(case_no(c, case_id)?);
    }
    let subject = format!("{}:{}", key.kind().code(), key.text());
    for (field, new) in [("state", SystemicState::Open.code()), ("subject", subject.as_str()), ("cases", numbers.join(",").as_str())] {
        audit(c, by.at, by.actor_id, "systemic_alert", alert_id, "systemic_raise", Some(field), None, Some(new), None)?;
    }
    Ok(())
}

/// The rule's check after a write to `case_id`, in that write's
/// transaction (see `core::sqlite::systemic::check_case`).
pub fn check_case(c: &mut impl Sql, case_id: i64, by: Stamp) -> Result<()> {
    let stored = c.query_opt("SELECT value FROM settings WHERE key = $1", &[&SYSTEMIC_RULE_KEY]).db()?;
    let stored: Option<String> = stored.map(|r| get(&r, 0)).transpose()?;
    let rule = SystemicRule::from_setting(stored.as_deref())?;
    let Some(found) = c.query_opt(SUBJECT, &[&case_id]).db()? else { return Ok(()) };
    let subject = subject(&found)?;
    for key in subject.keys(&rule) {
        let lock = format!("{}:{}", key.kind().code(), key.text());
        c.execute("SELECT pg_advisory_xact_lock($1, hashtext($2))", &[&LOCK_SPACE, &lock]).db()?;
        if let Some(alert_id) = active_alert(c, &key)? {
            join(c, alert_id, case_id, by)?;
            continue;
        }
        let kind_rule = rule.of(key.kind());
        let (from, to) = candidate_range(&kind_rule, subject.received_at);
        let found = candidates(c, &key, millis(from), millis(to))?;
        // Not among them: settled by a closed or dismissed alert.
        if !found.iter().any(|&(id, _)| id == case_id) {
            continue;
        }
        if let Some(case_ids) = tripped(&kind_rule, &subject, &found) {
            raise(c, &key, &kind_rule, case_id, &case_ids, by)?;
        }
    }
    Ok(())
}

fn alert(r: &Row) -> Result<SystemicAlert> {
    let kind: Option<ActionKind> = coded_opt(r, 13)?;
    let action = match (kind, get::<Option<String>>(r, 14)?, get::<Option<String>>(r, 15)?, get::<Option<String>>(r, 16)?) {
        (Some(kind), Some(description), Some(owner), Some(due)) => Some(CorrectiveAction {
            kind,
            description,
            owner,
            due_date: due.parse().map_err(|e| AppError::new(ErrorCode::Storage, format!("完成期限无法读取（{due}）：{e}")))?,
        }),
        _ => None,
    };
    Ok(SystemicAlert {
        id: get(r, 0)?,
        kind: coded(r, 1)?,
        item_no: get(r, 2)?,
        department_id: get(r, 3)?,
        department_name: get(r, 4)?,
        cause_type: coded_opt(r, 5)?,
        threshold: get::<i64>(r, 6)? as u32,
        window_days: get::<i64>(r, 7)? as u32,
        state: coded(r, 8)?,
        version: get(r, 9)?,
        raised_at: time(r, 10)?,
        raised_by_name: get(r, 11)?,
        trigger_case_id: get(r, 12)?,
        action,
        acknowledged_by_name: get(r, 17)?,
        acknowledged_at: time_opt(r, 18)?,
        verification_note: get(r, 19)?,
        verified_by_name: get(r, 20)?,
        verified_at: time_opt(r, 21)?,
        closing_note: get(r, 22)?,
        closed_by_name: get(r, 23)?,
        closed_at: time_opt(r, 24)?,
        dismiss_reason: get(r, 25)?,
        dismissed_by_name: get(r, 26)?,
        dismissed_at: time_opt(r, 27)?,
        case_count: 0,
        cases: Vec::new(),
    })
}

pub fn systemic_alerts(c: &mut impl Sql, f: &SystemicFilter) -> Result<Vec<SystemicAlert>> {
    let states: Vec<&str> = f.states.iter().map(|s| s.code()).collect();
    let mut alerts = all(c.query(ALERTS, &[&states, &f.alert_id, &SYSTEMIC_ALERTS_READ]).db()?, alert)?;
    let ids: Vec<i64> = alerts.iter().map(|a| a.id).collect();
    let mut cases: HashMap<i64, (i64, Vec<SystemicAlertCase>)> = HashMap::new();
    let rows = all(c.query(CASES, &[&ids, &f.cases_per_alert]).db()?, |r| {
        Ok((
            get::<i64>(r, 0)?,
            get::<i64>(r, 6)?,
            SystemicAlertCase { case_id: get(r, 1)?, case_no: get(r, 2)?, received_at: time(r, 3)?, status: coded(r, 4)?, joined_at: time(r, 5)? },
        ))
    })?;
    for (alert_id, total, case) in rows {
        let entry = cases.entry(alert_id).or_default();
        entry.0 = total;
        entry.1.push(case);
    }
    for a in &mut alerts {
        (a.case_count, a.cases) = cases.remove(&a.id).unwrap_or_default();
    }
    Ok(alerts)
}

pub fn systemic_step(c: &mut impl Sql, s: &SystemicStep) -> Result<()> {
    let at = millis(s.by.at);
    let (from, to, version, id) = (s.from.code(), s.to.code(), s.expected_version, s.alert_id);
    let changed = match &s.effect {
        SystemicEffect::Acknowledge(a) => c.execute(
            "UPDATE systemic_alerts SET state = $1, version = version + 1, action_kind = $2, action_description = $3, action_owner = $4,
                 action_due_date = $5, acknowledged_by = $6, acknowledged_at = $7
             WHERE id = $8 AND version = $9 AND state = $10",
            &[&to, &a.kind.code(), &a.description, &a.owner, &due_text(a.due_date), &s.by.actor_id, &at, &id, &version, &from],
        ),
        SystemicEffect::Verify { note } => c.execute(
            "UPDATE systemic_alerts SET state = $1, version = version + 1, verification_note = $2, verified_by = $3, verified_at = $4
             WHERE id = $5 AND version = $6 AND state = $7",
            &[&to, note, &s.by.actor_id, &at, &id, &version, &from],
        ),
        SystemicEffect::Close { note } => c.execute(
            "UPDATE systemic_alerts SET state = $1, version = version + 1, closing_note = $2, closed_by = $3, closed_at = $4
             WHERE id = $5 AND version = $6 AND state = $7",
            &[&to, note, &s.by.actor_id, &at, &id, &version, &from],
        ),
        SystemicEffect::Dismiss { reason } => c.execute(
            "UPDATE systemic_alerts SET state = $1, version = version + 1, dismiss_reason = $2, dismissed_by = $3, dismissed_at = $4
             WHERE id = $5 AND version = $6 AND state = $7",
            &[&to, reason, &s.by.actor_id, &at, &id, &version, &from],
        ),
    }
    .db()?;
    if changed == 0 {
        let exists = c.query_opt("SELECT id FROM systemic_alerts WHERE id = $1", &[&id]).db()?;
        return Err(match exists {
            None => AppError::not_found("普遍性问题"),
            Some(_) => systemic_changed(),
        });
    }
    for (field, old, new, reason) in step_lines(s) {
        audit(c, s.by.at, s.by.actor_id, "systemic_alert", id, step_action(s), Some(field), old.as_deref(), new.as_deref(), reason.as_deref())?;
    }
    Ok(())
}

impl complaintdesk_core::store::SystemicStore for PgStore {
    fn systemic_alerts(&self, filter: &SystemicFilter) -> Result<Vec<SystemicAlert>> {
        self.read(|c| systemic_alerts(c, filter))
    }

    fn systemic_step(&self, step: &SystemicStep) -> Result<()> {
        self.write(|tx| systemic_step(tx, step))
    }

    fn mark_systemic_notified(&self, user_id: i64, alert_id: i64, at: DateTime<Utc>) -> Result<bool> {
        self.write(|tx| {
            let added = tx
                .execute(
                    "INSERT INTO systemic_notices (user_id, alert_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    &[&user_id, &alert_id, &millis(at)],
                )
                .db()?;
            Ok(added == 1)
        })
    }
}
