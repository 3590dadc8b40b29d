//! The case workflow in SQLite: one step = one transaction (status, the
//! step's rows, audit lines), routing rules, and the reads of what the
//! steps recorded.

use rusqlite::types::Type;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use super::cases::{current, sheet_row, stale, ROW_COLUMNS, ROW_COLUMN_COUNT, ROW_JOINS};
use super::millis;
use super::rows::{audit, coded, coded_opt, time};
use crate::authority::ApproverLevel;
use crate::codes::*;
use crate::error::{AppError, ErrorCode, Result};
use crate::loss::ResolutionLine;
use crate::model::*;
use crate::routing::RoutingRule;
use crate::store::{CaseStep, Stamp, StepEffect};

pub fn apply_step(tx: &Transaction, s: &CaseStep) -> Result<()> {
    let (case_no, version, status, _) = current(tx, s.case_id)?;
    if version != s.expected_version {
        return Err(stale(&case_no));
    }
    if status != s.from {
        return Err(AppError::new(ErrorCode::WrongState, format!("案件 {case_no} 当前为「{}」，请刷新后再操作。", status.label())));
    }
    tx.execute(
        "UPDATE cases SET status = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3 AND version = ?4",
        params![s.to.code(), millis(s.at), s.case_id, s.expected_version],
    )?;
    if s.to == CaseStatus::Closed && s.from != CaseStatus::Closed {
        // When it closed, for the statistics by closing date (migration 17).
        tx.execute("UPDATE cases SET closed_at = ?1 WHERE id = ?2", params![millis(s.at), s.case_id])?;
    }
    match &s.effect {
        StepEffect::None => {}
        StepEffect::Assess { validity, malicious, nature, cause_type, severity } => {
            tx.execute(
                "UPDATE cases SET validity = ?1, malicious = ?2, nature = ?3, cause_type = ?4, severity = ?5 WHERE id = ?6",
                params![validity.code(), malicious, nature.map(Nature::code), cause_type.map(CauseType::code), severity.code(), s.case_id],
            )?;
        }
        StepEffect::Route { department_id, proposed_department_id, reason } => {
            tx.execute(
                "INSERT INTO case_routes (case_id, department_id, proposed_department_id, reason, actor_id, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![s.case_id, department_id, proposed_department_id, reason, s.actor_id, millis(s.at)],
            )?;
            tx.execute("UPDATE cases SET department_id = ?1 WHERE id = ?2", params![department_id, s.case_id])?;
        }
        StepEffect::Unroute => {
            tx.execute("UPDATE cases SET department_id = NULL WHERE id = ?1", [s.case_id])?;
        }
        StepEffect::Transfer { receiver_id, handler_id } => {
            tx.execute(
                "UPDATE cases SET receiver_id = ?1, handler_id = coalesce(?2, handler_id) WHERE id = ?3",
                params![receiver_id, handler_id, s.case_id],
            )?;
        }
        StepEffect::Investigate(inv) => write_investigation(tx, s, inv)?,
        StepEffect::Propose { lines, opinion, offered_fen, loss_fen, required_level } => {
            tx.execute(
                "INSERT INTO case_resolutions (case_id, opinion, offered_fen, loss_fen, required_level, proposer_id, proposed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![s.case_id, opinion, offered_fen, loss_fen, required_level.code(), s.actor_id, millis(s.at)],
            )?;
            let id = tx.last_insert_rowid();
            let mut stmt = tx.prepare_cached(
                "INSERT INTO resolution_lines (resolution_id, seq, kind, quantity, unit_price_fen, amount_fen, transport_fen, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (i, l) in lines.iter().enumerate() {
                stmt.execute(params![id, i as i64, l.kind.code(), l.quantity, l.unit_price_fen, l.amount_fen, l.transport_fen, l.note])?;
            }
        }
        StepEffect::Decide { resolution_id, decision, comment, required_level } => {
            tx.execute(
                "INSERT INTO case_approvals (case_id, resolution_id, approver_id, at, decision, comment, required_level)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![s.case_id, resolution_id, s.actor_id, millis(s.at), decision.code(), comment, required_level.code()],
            )?;
        }
        StepEffect::NewRound(next) => {
            if next.parent_case_id != Some(s.case_id) {
                return Err(AppError::new(ErrorCode::Storage, "新一轮案件未关联原案件"));
            }
            super::cases::insert(tx, next)?;
        }
        StepEffect::FollowUp { visited_at, method, satisfaction, remarks } => {
            tx.execute(
                "INSERT INTO case_follow_ups (case_id, visited_at, method, satisfaction, remarks, actor_id, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![s.case_id, millis(*visited_at), method.code(), satisfaction.code(), remarks, s.actor_id, millis(s.at)],
            )?;
        }
    }
    if s.from != s.to || s.changes.is_empty() {
        audit(tx, s.at, s.actor_id, "case", s.case_id, s.action, Some("status"), Some(s.from.code()), Some(s.to.code()), s.reason.as_deref())?;
    }
    // Without a status line (a step that keeps the status, such as 转交),
    // the reason goes on the first change.
    let status_line = s.from != s.to || s.changes.is_empty();
    for (i, c) in s.changes.iter().enumerate() {
        let reason = if i == 0 && !status_line { s.reason.as_deref() } else { None };
        audit(tx, s.at, s.actor_id, "case", s.case_id, s.action, Some(c.field), Some(&c.old), Some(&c.new), reason)?;
    }
    super::deadlines::write_step(tx, s.case_id, s.at, &s.deadlines)
}

fn require_department(tx: &Connection, id: i64, field: &str) -> Result<()> {
    let found: Option<i64> = tx.query_row("SELECT id FROM departments WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    found.map(|_| ()).ok_or_else(|| AppError::invalid(field, "所选部门不存在"))
}

fn write_investigation(tx: &Transaction, s: &CaseStep, inv: &Investigation) -> Result<()> {
    tx.execute(
        "INSERT INTO case_investigations (case_id, cause_analysis, measures, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (case_id) DO UPDATE SET cause_analysis = excluded.cause_analysis, measures = excluded.measures,
            updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        params![s.case_id, inv.cause_analysis, inv.measures, s.actor_id, millis(s.at)],
    )?;
    tx.execute("DELETE FROM case_responsibilities WHERE case_id = ?1", [s.case_id])?;
    tx.execute("DELETE FROM case_actions WHERE case_id = ?1", [s.case_id])?;
    for (i, r) in inv.responsibilities.iter().enumerate() {
        require_department(tx, r.department_id, &format!("responsibilities[{i}].departmentId"))?;
        tx.execute(
            "INSERT INTO case_responsibilities (case_id, seq, department_id, person, ratio_percent) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![s.case_id, i as i64, r.department_id, r.person, r.ratio_percent],
        )?;
    }
    for (i, a) in inv.actions.iter().enumerate() {
        tx.execute(
            "INSERT INTO case_actions (case_id, seq, kind, description, owner, due_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![s.case_id, i as i64, a.kind.code(), a.description, a.owner, a.due_date.to_string()],
        )?;
    }
    Ok(())
}

// ---- routing rules ------------------------------------------------------

fn rule_row(r: &Row) -> rusqlite::Result<RoutingRule> {
    let keywords: String = r.get(5)?;
    Ok(RoutingRule {
        id: r.get(0)?,
        nature: coded_opt(r, 1)?,
        cause_type: coded_opt(r, 2)?,
        channel: coded_opt(r, 3)?,
        item_prefix: r.get(4)?,
        keywords: serde_json::from_str(&keywords)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(5, Type::Text, Box::new(e)))?,
        department_id: r.get(6)?,
        priority: r.get(7)?,
        active: r.get(8)?,
    })
}

pub fn routing_rules(conn: &Connection) -> Result<Vec<RoutingRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, nature, cause_type, channel, item_prefix, keywords, department_id, priority, active
         FROM routing_rules ORDER BY id",
    )?;
    let rows = stmt.query_map([], rule_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn rule_json(rule: &RoutingRule) -> String {
    serde_json::to_string(rule).unwrap_or_default()
}

pub fn insert_routing_rule(tx: &Transaction, rule: &RoutingRule, by: Stamp) -> Result<i64> {
    require_department(tx, rule.department_id, "departmentId")?;
    tx.execute(
        "INSERT INTO routing_rules (nature, cause_type, channel, item_prefix, keywords, department_id, priority, active)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            rule.nature.map(Nature::code),
            rule.cause_type.map(CauseType::code),
            rule.channel.map(Channel::code),
            rule.item_prefix,
            serde_json::to_string(&rule.keywords).unwrap_or_else(|_| "[]".into()),
            rule.department_id,
            rule.priority,
            rule.active,
        ],
    )?;
    let id = tx.last_insert_rowid();
    let stored = RoutingRule { id, ..rule.clone() };
    audit(tx, by.at, by.actor_id, "routing_rule", id, "create", None, None, Some(&rule_json(&stored)), None)?;
    Ok(id)
}

pub fn update_routing_rule(tx: &Transaction, rule: &RoutingRule, by: Stamp) -> Result<()> {
    let old = routing_rules(tx)?.into_iter().find(|r| r.id == rule.id).ok_or_else(|| AppError::not_found("分派规则"))?;
    require_department(tx, rule.department_id, "departmentId")?;
    if &old == rule {
        return Ok(());
    }
    tx.execute(
        "UPDATE routing_rules SET nature = ?1, cause_type = ?2, channel = ?3, item_prefix = ?4, keywords = ?5,
            department_id = ?6, priority = ?7, active = ?8 WHERE id = ?9",
        params![
            rule.nature.map(Nature::code),
            rule.cause_type.map(CauseType::code),
            rule.channel.map(Channel::code),
            rule.item_prefix,
            serde_json::to_string(&rule.keywords).unwrap_or_else(|_| "[]".into()),
            rule.department_id,
            rule.priority,
            rule.active,
            rule.id,
        ],
    )?;
    audit(tx, by.at, by.actor_id, "routing_rule", rule.id, "edit", None, Some(&rule_json(&old)), Some(&rule_json(rule)), None)
}

// ---- reads --------------------------------------------------------------

pub fn case_routes(conn: &Connection, case_id: i64) -> Result<Vec<CaseRoute>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.department_id, d.name, r.proposed_department_id, r.reason, r.actor_id, u.name, r.at
         FROM case_routes r JOIN departments d ON d.id = r.department_id JOIN users u ON u.id = r.actor_id
         WHERE r.case_id = ?1 ORDER BY r.id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(CaseRoute {
            id: r.get(0)?,
            department_id: r.get(1)?,
            department_name: r.get(2)?,
            proposed_department_id: r.get(3)?,
            reason: r.get(4)?,
            actor_id: r.get(5)?,
            actor_name: r.get(6)?,
            at: time(r, 7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn investigation(conn: &Connection, case_id: i64) -> Result<Option<Investigation>> {
    let head: Option<(String, String)> = conn
        .query_row("SELECT cause_analysis, measures FROM case_investigations WHERE case_id = ?1", [case_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((cause_analysis, measures)) = head else { return Ok(None) };
    let mut stmt = conn.prepare_cached(
        "SELECT department_id, person, ratio_percent FROM case_responsibilities WHERE case_id = ?1 ORDER BY seq",
    )?;
    let responsibilities = stmt
        .query_map([case_id], |r| Ok(Responsibility { department_id: r.get(0)?, person: r.get(1)?, ratio_percent: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt =
        conn.prepare_cached("SELECT kind, description, owner, due_date FROM case_actions WHERE case_id = ?1 ORDER BY seq")?;
    let actions = stmt
        .query_map([case_id], |r| {
            let due: String = r.get(3)?;
            Ok(CorrectiveAction {
                kind: coded(r, 0)?,
                description: r.get(1)?,
                owner: r.get(2)?,
                due_date: due.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(3, Type::Text, Box::new(e)))?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Investigation { cause_analysis, measures, responsibilities, actions }))
}

fn level(r: &Row, idx: usize) -> rusqlite::Result<ApproverLevel> {
    let code: String = r.get(idx)?;
    ApproverLevel::from_code(&code)
        .ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, format!("unknown level {code:?}").into()))
}

const RESOLUTION_COLUMNS: &str = "s.id, s.case_id, s.opinion, s.offered_fen, s.loss_fen, s.required_level, s.proposer_id,
    pu.name, s.proposed_at";

/// A resolution from `RESOLUTION_COLUMNS` starting at `at`; lines are read after.
fn resolution_row(r: &Row, at: usize) -> rusqlite::Result<Resolution> {
    Ok(Resolution {
        id: r.get(at)?,
        case_id: r.get(at + 1)?,
        lines: vec![],
        opinion: r.get(at + 2)?,
        offered_fen: r.get(at + 3)?,
        loss_fen: r.get(at + 4)?,
        required_level: level(r, at + 5)?,
        proposer_id: r.get(at + 6)?,
        proposer_name: r.get(at + 7)?,
        proposed_at: time(r, at + 8)?,
        // Worked out by the desk (`Resolution::with_line_losses`), not stored.
        line_loss_fen: vec![],
    })
}

fn lines_of(conn: &Connection, resolution_id: i64) -> Result<Vec<ResolutionLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, quantity, unit_price_fen, amount_fen, transport_fen, note FROM resolution_lines
         WHERE resolution_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([resolution_id], |r| {
        Ok(ResolutionLine {
            kind: coded(r, 0)?,
            quantity: r.get(1)?,
            unit_price_fen: r.get(2)?,
            amount_fen: r.get(3)?,
            transport_fen: r.get(4)?,
            note: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn resolution(conn: &Connection, case_id: i64) -> Result<Option<Resolution>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RESOLUTION_COLUMNS} FROM case_resolutions s JOIN users pu ON pu.id = s.proposer_id
         WHERE s.case_id = ?1 ORDER BY s.id DESC LIMIT 1"
    ))?;
    let Some(mut found) = stmt.query_row([case_id], |r| resolution_row(r, 0)).optional()? else { return Ok(None) };
    found.lines = lines_of(conn, found.id)?;
    Ok(Some(found))
}

pub fn approvals(conn: &Connection, case_id: i64) -> Result<Vec<Approval>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.resolution_id, a.approver_id, u.name, a.at, a.decision, a.comment, a.required_level
         FROM case_approvals a JOIN users u ON u.id = a.approver_id WHERE a.case_id = ?1 ORDER BY a.id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(Approval {
            id: r.get(0)?,
            resolution_id: r.get(1)?,
            approver_id: r.get(2)?,
            approver_name: r.get(3)?,
            at: time(r, 4)?,
            decision: coded(r, 5)?,
            comment: r.get(6)?,
            required_level: level(r, 7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn approval_queue(conn: &Connection, levels: &[ApproverLevel], not_proposed_by: i64) -> Result<Vec<ApprovalItem>> {
    if levels.is_empty() {
        return Ok(vec![]);
    }
    let marks = vec!["?"; levels.len()].join(", ");
    let mut values: Vec<rusqlite::types::Value> = vec![CaseStatus::Proposed.code().to_string().into(), not_proposed_by.into()];
    values.extend(levels.iter().map(|l| l.code().to_string().into()));
    // The newest resolution of each proposed case is the one waiting.
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS}, {RESOLUTION_COLUMNS}
         FROM cases c {ROW_JOINS}
         JOIN case_resolutions s ON s.id = (SELECT max(id) FROM case_resolutions WHERE case_id = c.id)
         JOIN users pu ON pu.id = s.proposer_id
         WHERE c.status = ?1 AND s.proposer_id <> ?2 AND s.required_level IN ({marks})
         ORDER BY s.proposed_at, s.id"
    ))?;
    // sheet_row reads ROW_COLUMNS; the resolution follows.
    let columns = ROW_COLUMN_COUNT;
    let rows = stmt
        .query_map(params_from_iter(values.iter()), |r| Ok(ApprovalItem { case: sheet_row(r)?, resolution: resolution_row(r, columns)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|mut item| {
            item.resolution.lines = lines_of(conn, item.resolution.id)?;
            Ok(item)
        })
        .collect()
}

pub fn follow_ups(conn: &Connection, case_id: i64) -> Result<Vec<FollowUpRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, f.case_id, f.visited_at, f.method, f.satisfaction, f.remarks, f.actor_id, u.name, f.recorded_at
         FROM case_follow_ups f JOIN users u ON u.id = f.actor_id WHERE f.case_id = ?1 ORDER BY f.id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(FollowUpRecord {
            id: r.get(0)?,
            case_id: r.get(1)?,
            visited_at: time(r, 2)?,
            method: coded(r, 3)?,
            satisfaction: coded(r, 4)?,
            remarks: r.get(5)?,
            actor_id: r.get(6)?,
            actor_name: r.get(7)?,
            recorded_at: time(r, 8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn next_round(conn: &Connection, case_id: i64) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT id FROM cases WHERE parent_case_id = ?1", [case_id], |r| r.get(0)).optional()?)
}
