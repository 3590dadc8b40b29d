//! 普遍性问题 in SQLite: the rule's check inside a case write's IMMEDIATE
//! transaction (`check_case`), the alerts' reads, and their lifecycle steps.
//!
//! The candidate queries repeat the partial indexes' conditions
//! (`validity = 'valid' AND parent_case_id IS NULL AND repeat_of_id IS
//! NULL`, migration 017) literally: SQLite uses a partial index only when
//! the query's WHERE implies its condition, so a parameter would not do.
//! Writers are serialised by the IMMEDIATE transaction, so two desks cannot
//! both miss a trip or raise the same alert twice.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::rows::{audit, coded, coded_opt, time};
use super::{from_millis, millis, SqliteStore};
use crate::codes::*;
use crate::error::{AppError, Result};
use crate::model::CorrectiveAction;
use crate::store::systemic::*;
use crate::store::Stamp;

const SUBJECT: &str = "SELECT id, item_no, department_id, cause_type, received_at FROM cases
    WHERE id = ?1 AND validity = 'valid' AND parent_case_id IS NULL AND repeat_of_id IS NULL AND status <> 'voided'";

/// A candidate an alert of the same subject closed or dismissed is settled:
/// it never raises again (found through `systemic_alert_cases_by_case`).
pub(crate) const ITEM_CANDIDATES: &str = "SELECT id, received_at, status FROM cases
    WHERE item_no = ?1 AND validity = 'valid' AND parent_case_id IS NULL AND repeat_of_id IS NULL
      AND received_at >= ?2 AND received_at <= ?3
      AND NOT EXISTS (SELECT 1 FROM systemic_alert_cases ac JOIN systemic_alerts a ON a.id = ac.alert_id
          WHERE ac.case_id = cases.id AND a.kind = 'item' AND a.subject_key = ?1 AND a.state IN ('closed', 'dismissed'))";

pub(crate) const CAUSE_CANDIDATES: &str = "SELECT id, received_at, status FROM cases
    WHERE department_id = ?1 AND cause_type = ?2 AND validity = 'valid' AND parent_case_id IS NULL AND repeat_of_id IS NULL
      AND received_at >= ?3 AND received_at <= ?4
      AND NOT EXISTS (SELECT 1 FROM systemic_alert_cases ac JOIN systemic_alerts a ON a.id = ac.alert_id
          WHERE ac.case_id = cases.id AND a.kind = 'cause_department' AND a.subject_key = ?5 AND a.state IN ('closed', 'dismissed'))";

const ALERTS: &str = "SELECT a.id, a.kind, a.item_no, a.department_id, d.name, a.cause_type, a.threshold, a.window_days, a.state, a.version,
        a.raised_at, r.name, a.trigger_case_id, a.action_kind, a.action_description, a.action_owner, a.action_due_date,
        ack.name, a.acknowledged_at, a.verification_note, ver.name, a.verified_at, a.closing_note, clo.name, a.closed_at,
        a.dismiss_reason, dis.name, a.dismissed_at
    FROM systemic_alerts a JOIN users r ON r.id = a.raised_by
    LEFT JOIN departments d ON d.id = a.department_id
    LEFT JOIN users ack ON ack.id = a.acknowledged_by LEFT JOIN users ver ON ver.id = a.verified_by
    LEFT JOIN users clo ON clo.id = a.closed_by LEFT JOIN users dis ON dis.id = a.dismissed_by
    WHERE (?1 = '[]' OR a.state IN (SELECT value FROM json_each(?1))) AND (?2 IS NULL OR a.id = ?2)
    ORDER BY a.raised_at DESC, a.id DESC LIMIT ?3";

const CASES: &str = "SELECT alert_id, id, case_no, received_at, status, joined_at, total FROM (
        SELECT ac.alert_id, c.id, c.case_no, c.received_at, c.status, ac.joined_at,
            count(*) OVER (PARTITION BY ac.alert_id) AS total,
            row_number() OVER (PARTITION BY ac.alert_id ORDER BY c.received_at DESC, c.id DESC) AS n
        FROM systemic_alert_cases ac JOIN cases c ON c.id = ac.case_id
        WHERE ac.alert_id IN (SELECT value FROM json_each(?1))
    ) linked
    WHERE ?2 IS NULL OR n <= ?2
    ORDER BY alert_id, received_at, id";

fn subject(r: &Row) -> rusqlite::Result<SystemicSubject> {
    Ok(SystemicSubject {
        case_id: r.get(0)?,
        item_no: r.get(1)?,
        department_id: r.get(2)?,
        cause_type: coded_opt(r, 3)?,
        received_at: time(r, 4)?,
    })
}

fn candidates(tx: &Connection, key: &SystemicKey, from: i64, to: i64) -> Result<Vec<(i64, chrono::DateTime<chrono::Utc>)>> {
    let row = |r: &Row| -> rusqlite::Result<(i64, chrono::DateTime<chrono::Utc>, String)> { Ok((r.get(0)?, time(r, 1)?, r.get(2)?)) };
    let found: Vec<_> = match key {
        SystemicKey::Item(item) => tx.prepare_cached(ITEM_CANDIDATES)?.query_map(params![item, from, to], row)?.collect::<rusqlite::Result<_>>()?,
        SystemicKey::CauseDepartment { department_id, cause_type } => tx
            .prepare_cached(CAUSE_CANDIDATES)?
            .query_map(params![department_id, cause_type.code(), from, to, key.text()], row)?
            .collect::<rusqlite::Result<_>>()?,
    };
    // Voided cases are left out here rather than in the index: a void is rare.
    Ok(found.into_iter().filter(|(_, _, status)| status != CaseStatus::Voided.code()).map(|(id, at, _)| (id, at)).collect())
}

fn active_alert(tx: &Connection, key: &SystemicKey) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT id FROM systemic_alerts WHERE kind = ?1 AND subject_key = ?2 AND state IN ('open', 'acknowledged', 'verified')")?
        .query_row(params![key.kind().code(), key.text()], |r| r.get(0))
        .optional()?)
}

fn case_no(tx: &Connection, case_id: i64) -> Result<String> {
    Ok(tx.query_row("SELECT case_no FROM cases WHERE id = ?1", [case_id], |r| r.get(0))?)
}

/// Links the case to the active alert, with an audit line, unless it already is.
fn join(tx: &Transaction, alert_id: i64, case_id: i64, by: Stamp) -> Result<()> {
    let added = tx.execute(
        "INSERT INTO systemic_alert_cases (alert_id, case_id, joined_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![alert_id, case_id, millis(by.at)],
    )?;
    if added == 1 {
        audit(tx, by.at, by.actor_id, "systemic_alert", alert_id, "systemic_join", Some("case"), None, Some(&case_no(tx, case_id)?), None)?;
    }
    Ok(())
}

fn raise(tx: &Transaction, key: &SystemicKey, rule: &SystemicKindRule, trigger: i64, case_ids: &[i64], by: Stamp) -> Result<()> {
    let (item_no, department_id, cause_type) = match key {
        SystemicKey::Item(item) => (Some(item.as_str()), None, None),
        SystemicKey::CauseDepartment { department_id, cause_type } => (None, Some(*department_id), Some(cause_type.code())),
    };
    tx.execute(
        "INSERT INTO systemic_alerts (kind, subject_key, item_no, department_id, cause_type, threshold, window_days, state, raised_at, raised_by, trigger_case_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9, ?10)",
        params![key.kind().code(), key.text(), item_no, department_id, cause_type, rule.threshold, rule.window_days, millis(by.at), by.actor_id, trigger],
    )?;
    let alert_id = tx.last_insert_rowid();
    let mut numbers = Vec::new();
    for &case_id in case_ids {
        tx.execute(
            "INSERT INTO systemic_alert_cases (alert_id, case_id, joined_at) VALUES (?1, ?2, ?3)",
            params![alert_id, case_id, millis(by.at)],
        )?;
        numbers.push(case_no(tx, case_id)?);
    }
    let line = |field: &str, old: Option<&str>, new: Option<&str>| {
        audit(tx, by.at, by.actor_id, "systemic_alert", alert_id, "systemic_raise", Some(field), old, new, None)
    };
    line("state", None, Some(SystemicState::Open.code()))?;
    line("subject", None, Some(&format!("{}:{}", key.kind().code(), key.text())))?;
    line("cases", None, Some(&numbers.join(",")))
}

/// The rule's check after a write to `case_id`, in that write's
/// transaction: for each subject the case has, join the active alert, or
/// raise one when the valid complaints around it reach the threshold.
pub fn check_case(tx: &Transaction, case_id: i64, by: Stamp) -> Result<()> {
    let stored: Option<String> = tx
        .query_row("SELECT value FROM settings WHERE key = ?1", [SYSTEMIC_RULE_KEY], |r| r.get(0))
        .optional()?;
    let rule = SystemicRule::from_setting(stored.as_deref())?;
    let Some(subject) = tx.prepare_cached(SUBJECT)?.query_row([case_id], subject).optional()? else { return Ok(()) };
    for key in subject.keys(&rule) {
        if let Some(alert_id) = active_alert(tx, &key)? {
            join(tx, alert_id, case_id, by)?;
            continue;
        }
        let kind_rule = rule.of(key.kind());
        let (from, to) = candidate_range(&kind_rule, subject.received_at);
        let found = candidates(tx, &key, millis(from), millis(to))?;
        // Not among them: settled by a closed or dismissed alert.
        if !found.iter().any(|&(id, _)| id == case_id) {
            continue;
        }
        if let Some(case_ids) = tripped(&kind_rule, &subject, &found) {
            raise(tx, &key, &kind_rule, case_id, &case_ids, by)?;
        }
    }
    Ok(())
}

fn alert(r: &Row) -> rusqlite::Result<SystemicAlert> {
    let kind: Option<ActionKind> = coded_opt(r, 13)?;
    let due: Option<String> = r.get(16)?;
    let action = match (kind, r.get::<_, Option<String>>(14)?, r.get::<_, Option<String>>(15)?, due) {
        (Some(kind), Some(description), Some(owner), Some(due)) => Some(CorrectiveAction {
            kind,
            description,
            owner,
            due_date: due.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(16, rusqlite::types::Type::Text, Box::new(e)))?,
        }),
        _ => None,
    };
    let at = |i: usize| -> rusqlite::Result<Option<chrono::DateTime<chrono::Utc>>> { Ok(r.get::<_, Option<i64>>(i)?.map(from_millis)) };
    Ok(SystemicAlert {
        id: r.get(0)?,
        kind: coded(r, 1)?,
        item_no: r.get(2)?,
        department_id: r.get(3)?,
        department_name: r.get(4)?,
        cause_type: coded_opt(r, 5)?,
        threshold: r.get(6)?,
        window_days: r.get(7)?,
        state: coded(r, 8)?,
        version: r.get(9)?,
        raised_at: time(r, 10)?,
        raised_by_name: r.get(11)?,
        trigger_case_id: r.get(12)?,
        action,
        acknowledged_by_name: r.get(17)?,
        acknowledged_at: at(18)?,
        verification_note: r.get(19)?,
        verified_by_name: r.get(20)?,
        verified_at: at(21)?,
        closing_note: r.get(22)?,
        closed_by_name: r.get(23)?,
        closed_at: at(24)?,
        dismiss_reason: r.get(25)?,
        dismissed_by_name: r.get(26)?,
        dismissed_at: at(27)?,
        case_count: 0,
        cases: Vec::new(),
    })
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain values")
}

pub fn systemic_alerts(conn: &Connection, f: &SystemicFilter) -> Result<Vec<SystemicAlert>> {
    let states: Vec<&str> = f.states.iter().map(|s| s.code()).collect();
    let mut alerts: Vec<SystemicAlert> = conn
        .prepare_cached(ALERTS)?
        .query_map(params![json(&states), f.alert_id, SYSTEMIC_ALERTS_READ], alert)?
        .collect::<rusqlite::Result<_>>()?;
    let ids: Vec<i64> = alerts.iter().map(|a| a.id).collect();
    let mut cases: HashMap<i64, (i64, Vec<SystemicAlertCase>)> = HashMap::new();
    let mut stmt = conn.prepare_cached(CASES)?;
    let rows = stmt.query_map(params![json(&ids), f.cases_per_alert], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(6)?,
            SystemicAlertCase { case_id: r.get(1)?, case_no: r.get(2)?, received_at: time(r, 3)?, status: coded(r, 4)?, joined_at: time(r, 5)? },
        ))
    })?;
    for row in rows {
        let (alert_id, total, case) = row?;
        let entry = cases.entry(alert_id).or_default();
        entry.0 = total;
        entry.1.push(case);
    }
    for a in &mut alerts {
        (a.case_count, a.cases) = cases.remove(&a.id).unwrap_or_default();
    }
    Ok(alerts)
}

pub fn systemic_step(tx: &Transaction, s: &SystemicStep) -> Result<()> {
    let at = millis(s.by.at);
    let (from, to, version, id) = (s.from.code(), s.to.code(), s.expected_version, s.alert_id);
    let changed = match &s.effect {
        SystemicEffect::Acknowledge(a) => tx.execute(
            "UPDATE systemic_alerts SET state = ?1, version = version + 1, action_kind = ?2, action_description = ?3, action_owner = ?4,
                 action_due_date = ?5, acknowledged_by = ?6, acknowledged_at = ?7
             WHERE id = ?8 AND version = ?9 AND state = ?10",
            params![to, a.kind.code(), a.description, a.owner, due_text(a.due_date), s.by.actor_id, at, id, version, from],
        )?,
        SystemicEffect::Verify { note } => tx.execute(
            "UPDATE systemic_alerts SET state = ?1, version = version + 1, verification_note = ?2, verified_by = ?3, verified_at = ?4
             WHERE id = ?5 AND version = ?6 AND state = ?7",
            params![to, note, s.by.actor_id, at, id, version, from],
        )?,
        SystemicEffect::Close { note } => tx.execute(
            "UPDATE systemic_alerts SET state = ?1, version = version + 1, closing_note = ?2, closed_by = ?3, closed_at = ?4
             WHERE id = ?5 AND version = ?6 AND state = ?7",
            params![to, note, s.by.actor_id, at, id, version, from],
        )?,
        SystemicEffect::Dismiss { reason } => tx.execute(
            "UPDATE systemic_alerts SET state = ?1, version = version + 1, dismiss_reason = ?2, dismissed_by = ?3, dismissed_at = ?4
             WHERE id = ?5 AND version = ?6 AND state = ?7",
            params![to, reason, s.by.actor_id, at, id, version, from],
        )?,
    };
    if changed == 0 {
        let exists: Option<i64> = tx.query_row("SELECT id FROM systemic_alerts WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        return Err(match exists {
            None => AppError::not_found("普遍性问题"),
            Some(_) => systemic_changed(),
        });
    }
    for (field, old, new, reason) in step_lines(s) {
        audit(tx, s.by.at, s.by.actor_id, "systemic_alert", id, step_action(s), Some(field), old.as_deref(), new.as_deref(), reason.as_deref())?;
    }
    Ok(())
}

impl SystemicStore for SqliteStore {
    fn systemic_alerts(&self, filter: &SystemicFilter) -> Result<Vec<SystemicAlert>> {
        self.read(|c| systemic_alerts(c, filter))
    }

    fn systemic_step(&self, step: &SystemicStep) -> Result<()> {
        self.write(|tx| systemic_step(tx, step))
    }

    fn mark_systemic_notified(&self, user_id: i64, alert_id: i64, at: chrono::DateTime<chrono::Utc>) -> Result<bool> {
        self.write(|tx| {
            let added = tx.execute(
                "INSERT INTO systemic_notices (user_id, alert_id, at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                params![user_id, alert_id, millis(at)],
            )?;
            Ok(added == 1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule's two questions go through their partial indexes, never a scan
    /// of the cases (1,000,000 of them at the benchmark's size).
    #[test]
    fn the_candidate_queries_use_the_systemic_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("systemic.sqlite3")).unwrap();
        store.with_connection(|c| {
            let plan = |sql: &str| -> String {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
                let n = stmt.parameter_count();
                let values: Vec<rusqlite::types::Value> = (0..n).map(|_| rusqlite::types::Value::Integer(0)).collect();
                let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| r.get::<_, String>(3)).unwrap();
                rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
            };
            assert!(plan(ITEM_CANDIDATES).contains("USING INDEX cases_systemic_item"), "{}", plan(ITEM_CANDIDATES));
            assert!(plan(CAUSE_CANDIDATES).contains("USING INDEX cases_systemic_cause"), "{}", plan(CAUSE_CANDIDATES));
        });
    }
}
