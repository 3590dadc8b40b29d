//! The case workflow in PostgreSQL, function for function as
//! `core::sqlite::workflow`: one step = one transaction (status, the step's
//! rows, audit lines), routing rules, and the reads of what the steps
//! recorded.
//!
//! What differs from SQLite, and why: SQLite runs one write at a time;
//! PostgreSQL does not, so a step locks its case row (`cases::current` is
//! `SELECT ... FOR UPDATE`) before it checks version and status. Two desks
//! stepping the same case at once run one after the other: the first wins,
//! the second then sees the new version and gets the stale-edit error,
//! having written nothing. An edit of a routing rule locks the rule's row
//! likewise before comparing it (its audit line's old value is the one it
//! replaced). The approval queue's level list is one array parameter
//! (`= ANY($3)`) instead of a `?` per level.

use postgres::Row;

use complaintdesk_core::authority::ApproverLevel;
use complaintdesk_core::codes::*;
use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::loss::ResolutionLine;
use complaintdesk_core::model::*;
use complaintdesk_core::routing::RoutingRule;
use complaintdesk_core::store::{CaseStep, Stamp, StepEffect};

use crate::cases::{current, sheet_row, stale, ROW_COLUMNS, ROW_COLUMN_COUNT, ROW_JOINS};
use crate::rows::{all, audit, coded, coded_opt, get, millis, time};
use crate::sql::Sql;
use crate::Db;

/// A stored value this version cannot read, as a storage error.
fn unreadable(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::Storage, format!("数据库操作失败，已撤销本次操作：{what}：{e}"))
}

pub fn apply_step(c: &mut impl Sql, s: &CaseStep) -> Result<()> {
    // Locks the case row until the step commits (see the module doc).
    let (case_no, version, status, _) = current(c, s.case_id)?;
    if version != s.expected_version {
        return Err(stale(&case_no));
    }
    if status != s.from {
        return Err(AppError::new(ErrorCode::WrongState, format!("案件 {case_no} 当前为「{}」，请刷新后再操作。", status.label())));
    }
    c.execute(
        "UPDATE cases SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
        &[&s.to.code(), &millis(s.at), &s.case_id, &s.expected_version],
    )
    .db()?;
    if s.to == CaseStatus::Closed && s.from != CaseStatus::Closed {
        // When it closed, for the statistics by closing date (migration 8).
        c.execute("UPDATE cases SET closed_at = $1 WHERE id = $2", &[&millis(s.at), &s.case_id]).db()?;
    }
    match &s.effect {
        StepEffect::None => {}
        StepEffect::Assess { validity, malicious, nature, cause_type, severity } => {
            c.execute(
                "UPDATE cases SET validity = $1, malicious = $2, nature = $3, cause_type = $4, severity = $5 WHERE id = $6",
                &[&validity.code(), malicious, &nature.map(Nature::code), &cause_type.map(CauseType::code), &severity.code(), &s.case_id],
            )
            .db()?;
        }
        StepEffect::Route { department_id, proposed_department_id, reason } => {
            c.execute(
                "INSERT INTO case_routes (case_id, department_id, proposed_department_id, reason, actor_id, at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[&s.case_id, department_id, proposed_department_id, reason, &s.actor_id, &millis(s.at)],
            )
            .db()?;
            c.execute("UPDATE cases SET department_id = $1 WHERE id = $2", &[department_id, &s.case_id]).db()?;
        }
        StepEffect::Unroute => {
            c.execute("UPDATE cases SET department_id = NULL WHERE id = $1", &[&s.case_id]).db()?;
        }
        StepEffect::Transfer { receiver_id, handler_id } => {
            c.execute(
                "UPDATE cases SET receiver_id = $1, handler_id = coalesce($2, handler_id) WHERE id = $3",
                &[receiver_id, handler_id, &s.case_id],
            )
            .db()?;
        }
        StepEffect::Investigate(inv) => write_investigation(c, s, inv)?,
        StepEffect::Propose { lines, opinion, offered_fen, loss_fen, required_level } => {
            let row = c
                .query_one(
                    "INSERT INTO case_resolutions (case_id, opinion, offered_fen, loss_fen, required_level, proposer_id, proposed_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    &[&s.case_id, opinion, offered_fen, loss_fen, &required_level.code(), &s.actor_id, &millis(s.at)],
                )
                .db()?;
            let id: i64 = get(&row, 0)?;
            for (i, l) in lines.iter().enumerate() {
                c.execute(
                    "INSERT INTO resolution_lines (resolution_id, seq, kind, quantity, unit_price_fen, amount_fen, transport_fen, note)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    &[&id, &(i as i64), &l.kind.code(), &l.quantity, &l.unit_price_fen, &l.amount_fen, &l.transport_fen, &l.note],
                )
                .db()?;
            }
        }
        StepEffect::Decide { resolution_id, decision, comment, required_level } => {
            c.execute(
                "INSERT INTO case_approvals (case_id, resolution_id, approver_id, at, decision, comment, required_level)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[&s.case_id, resolution_id, &s.actor_id, &millis(s.at), &decision.code(), comment, &required_level.code()],
            )
            .db()?;
        }
        StepEffect::NewRound(next) => {
            if next.parent_case_id != Some(s.case_id) {
                return Err(AppError::new(ErrorCode::Storage, "新一轮案件未关联原案件"));
            }
            crate::cases::insert(c, next)?;
        }
        StepEffect::FollowUp { visited_at, method, satisfaction, remarks } => {
            c.execute(
                "INSERT INTO case_follow_ups (case_id, visited_at, method, satisfaction, remarks, actor_id, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[&s.case_id, &millis(*visited_at), &method.code(), &satisfaction.code(), remarks, &s.actor_id, &millis(s.at)],
            )
            .db()?;
        }
    }
    if s.from != s.to || s.changes.is_empty() {
        audit(c, s.at, s.actor_id, "case", s.case_id, s.action, Some("status"), Some(s.from.code()), Some(s.to.code()), s.reason.as_deref())?;
    }
    // Without a status line (a step that keeps the status, such as 转交),
    // the reason goes on the first change.
    let status_line = s.from != s.to || s.changes.is_empty();
    for (i, ch) in s.changes.iter().enumerate() {
        let reason = if i == 0 && !status_line { s.reason.as_deref() } else { None };
        audit(c, s.at, s.actor_id, "case", s.case_id, s.action, Some(ch.field), Some(&ch.old), Some(&ch.new), reason)?;
    }
    crate::deadlines::write_step(c, s.case_id, s.at, &s.deadlines)
}

fn require_department(c: &mut impl Sql, id: i64, field: &str) -> Result<()> {
    let found = c.query_opt("SELECT id FROM departments WHERE id = $1", &[&id]).db()?;
    found.map(|_| ()).ok_or_else(|| AppError::invalid(field, "所选部门不存在"))
}

fn write_investigation(c: &mut impl Sql, s: &CaseStep, inv: &Investigation) -> Result<()> {
    c.execute(
        "INSERT INTO case_investigations (case_id, cause_analysis, measures, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (case_id) DO UPDATE SET cause_analysis = excluded.cause_analysis, measures = excluded.measures,
            updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        &[&s.case_id, &inv.cause_analysis, &inv.measures, &s.actor_id, &millis(s.at)],
    )
    .db()?;
    c.execute("DELETE FROM case_responsibilities WHERE case_id = $1", &[&s.case_id]).db()?;
    c.execute("DELETE FROM case_actions WHERE case_id = $1", &[&s.case_id]).db()?;
    for (i, r) in inv.responsibilities.iter().enumerate() {
        require_department(c, r.department_id, &format!("responsibilities[{i}].departmentId"))?;
        c.execute(
            "INSERT INTO case_responsibilities (case_id, seq, department_id, person, ratio_percent) VALUES ($1, $2, $3, $4, $5)",
            &[&s.case_id, &(i as i64), &r.department_id, &r.person, &i64::from(r.ratio_percent)],
        )
        .db()?;
    }
    for (i, a) in inv.actions.iter().enumerate() {
        c.execute(
            "INSERT INTO case_actions (case_id, seq, kind, description, owner, due_date) VALUES ($1, $2, $3, $4, $5, $6)",
            &[&s.case_id, &(i as i64), &a.kind.code(), &a.description, &a.owner, &a.due_date.to_string()],
        )
        .db()?;
    }
    Ok(())
}

// ---- routing rules ------------------------------------------------------

const RULE_COLUMNS: &str =
    "SELECT id, nature, cause_type, channel, item_prefix, keywords, department_id, priority, active FROM routing_rules";

fn rule_row(r: &Row) -> Result<RoutingRule> {
    let keywords: String = get(r, 5)?;
    let priority: i64 = get(r, 7)?;
    Ok(RoutingRule {
        id: get(r, 0)?,
        nature: coded_opt(r, 1)?,
        cause_type: coded_opt(r, 2)?,
        channel: coded_opt(r, 3)?,
        item_prefix: get(r, 4)?,
        keywords: serde_json::from_str(&keywords).map_err(|e| unreadable("分派规则的关键词", e))?,
        department_id: get(r, 6)?,
        priority: i32::try_from(priority).map_err(|e| unreadable("分派规则的优先级", e))?,
        active: get(r, 8)?,
    })
}

pub fn routing_rules(c: &mut impl Sql) -> Result<Vec<RoutingRule>> {
    let rows = c.query(&format!("{RULE_COLUMNS} ORDER BY id"), &[]).db()?;
    all(rows, rule_row)
}

fn rule_json(rule: &RoutingRule) -> String {
    serde_json::to_string(rule).unwrap_or_default()
}

fn keywords_json(rule: &RoutingRule) -> String {
    serde_json::to_string(&rule.keywords).unwrap_or_else(|_| "[]".into())
}

pub fn insert_routing_rule(c: &mut impl Sql, rule: &RoutingRule, by: Stamp) -> Result<i64> {
    require_department(c, rule.department_id, "departmentId")?;
    let row = c
        .query_one(
            "INSERT INTO routing_rules (nature, cause_type, channel, item_prefix, keywords, department_id, priority, active)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[
                &rule.nature.map(Nature::code),
                &rule.cause_type.map(CauseType::code),
                &rule.channel.map(Channel::code),
                &rule.item_prefix,
                &keywords_json(rule),
                &rule.department_id,
                &i64::from(rule.priority),
                &rule.active,
            ],
        )
        .db()?;
    let id: i64 = get(&row, 0)?;
    let stored = RoutingRule { id, ..rule.clone() };
    audit(c, by.at, by.actor_id, "routing_rule", id, "create", None, None, Some(&rule_json(&stored)), None)?;
    Ok(id)
}

pub fn update_routing_rule(c: &mut impl Sql, rule: &RoutingRule, by: Stamp) -> Result<()> {
    // SQLite reads every rule and picks this one; here only this one is
    // read, and locked, so two desks editing it at once run in turn.
    let old = c.query_opt(&format!("{RULE_COLUMNS} WHERE id = $1 FOR UPDATE"), &[&rule.id]).db()?;
    let old = rule_row(&old.ok_or_else(|| AppError::not_found("分派规则"))?)?;
    require_department(c, rule.department_id, "departmentId")?;
    if &old == rule {
        return Ok(());
    }
    c.execute(
        "UPDATE routing_rules SET nature = $1, cause_type = $2, channel = $3, item_prefix = $4, keywords = $5,
            department_id = $6, priority = $7, active = $8 WHERE id = $9",
        &[
            &rule.nature.map(Nature::code),
            &rule.cause_type.map(CauseType::code),
            &rule.channel.map(Channel::code),
            &rule.item_prefix,
            &keywords_json(rule),
            &rule.department_id,
            &i64::from(rule.priority),
            &rule.active,
            &rule.id,
        ],
    )
    .db()?;
    audit(c, by.at, by.actor_id, "routing_rule", rule.id, "edit", None, Some(&rule_json(&old)), Some(&rule_json(rule)), None)
}

// ---- reads --------------------------------------------------------------

pub fn case_routes(c: &mut impl Sql, case_id: i64) -> Result<Vec<CaseRoute>> {
    let rows = c
        .query(
            "SELECT r.id, r.department_id, d.name, r.proposed_department_id, r.reason, r.actor_id, u.name, r.at
             FROM case_routes r JOIN departments d ON d.id = r.department_id JOIN users u ON u.id = r.actor_id
             WHERE r.case_id = $1 ORDER BY r.id",
            &[&case_id],
        )
        .db()?;
    all(rows, |r| {
        Ok(CaseRoute {
            id: get(r, 0)?,
            department_id: get(r, 1)?,
            department_name: get(r, 2)?,
            proposed_department_id: get(r, 3)?,
            reason: get(r, 4)?,
            actor_id: get(r, 5)?,
            actor_name: get(r, 6)?,
            at: time(r, 7)?,
        })
    })
}

pub fn investigation(c: &mut impl Sql, case_id: i64) -> Result<Option<Investigation>> {
    let head = c
        .query_opt("SELECT cause_analysis, measures FROM case_investigations WHERE case_id = $1", &[&case_id])
        .db()?;
    let Some(head) = head else { return Ok(None) };
    let (cause_analysis, measures): (String, String) = (get(&head, 0)?, get(&head, 1)?);
    let rows = c
        .query(
            "SELECT department_id, person, ratio_percent FROM case_responsibilities WHERE case_id = $1 ORDER BY seq",
            &[&case_id],
        )
        .db()?;
    let responsibilities = all(rows, |r| {
        let ratio: i64 = get(r, 2)?;
        Ok(Responsibility {
            department_id: get(r, 0)?,
            person: get(r, 1)?,
            ratio_percent: u8::try_from(ratio).map_err(|e| unreadable("责任比例", e))?,
        })
    })?;
    let rows = c
        .query("SELECT kind, description, owner, due_date FROM case_actions WHERE case_id = $1 ORDER BY seq", &[&case_id])
        .db()?;
    let actions = all(rows, |r| {
        let due: String = get(r, 3)?;
        Ok(CorrectiveAction {
            kind: coded(r, 0)?,
            description: get(r, 1)?,
            owner: get(r, 2)?,
            due_date: due.parse().map_err(|e| unreadable("措施的完成日期", e))?,
        })
    })?;
    Ok(Some(Investigation { cause_analysis, measures, responsibilities, actions }))
}

fn level(r: &Row, idx: usize) -> Result<ApproverLevel> {
    let code: String = get(r, idx)?;
    ApproverLevel::from_code(&code).ok_or_else(|| unreadable("审批级别", format!("unknown level {code:?}")))
}

const RESOLUTION_COLUMNS: &str = "s.id, s.case_id, s.opinion, s.offered_fen, s.loss_fen, s.required_level, s.proposer_id,
    pu.name, s.proposed_at";

/// A resolution from `RESOLUTION_COLUMNS` starting at `at`; lines are read after.
fn resolution_row(r: &Row, at: usize) -> Result<Resolution> {
    Ok(Resolution {
        id: get(r, at)?,
        case_id: get(r, at + 1)?,
        lines: vec![],
        opinion: get(r, at + 2)?,
        offered_fen: get(r, at + 3)?,
        loss_fen: get(r, at + 4)?,
        required_level: level(r, at + 5)?,
        proposer_id: get(r, at + 6)?,
        proposer_name: get(r, at + 7)?,
        proposed_at: time(r, at + 8)?,
        // Worked out by the desk (`Resolution::with_line_losses`), not stored.
        line_loss_fen: vec![],
    })
}

fn lines_of(c: &mut impl Sql, resolution_id: i64) -> Result<Vec<ResolutionLine>> {
    let rows = c
        .query(
            "SELECT kind, quantity, unit_price_fen, amount_fen, transport_fen, note FROM resolution_lines
             WHERE resolution_id = $1 ORDER BY seq",
            &[&resolution_id],
        )
        .db()?;
    all(rows, |r| {
        Ok(ResolutionLine {
            kind: coded(r, 0)?,
            quantity: get(r, 1)?,
            unit_price_fen: get(r, 2)?,
            amount_fen: get(r, 3)?,
            transport_fen: get(r, 4)?,
            note: get(r, 5)?,
        })
    })
}

pub fn resolution(c: &mut impl Sql, case_id: i64) -> Result<Option<Resolution>> {
    let row = c
        .query_opt(
            &format!(
                "SELECT {RESOLUTION_COLUMNS} FROM case_resolutions s JOIN users pu ON pu.id = s.proposer_id
                 WHERE s.case_id = $1 ORDER BY s.id DESC LIMIT 1"
            ),
            &[&case_id],
        )
        .db()?;
    let Some(row) = row else { return Ok(None) };
    let mut found = resolution_row(&row, 0)?;
    found.lines = lines_of(c, found.id)?;
    Ok(Some(found))
}

pub fn approvals(c: &mut impl Sql, case_id: i64) -> Result<Vec<Approval>> {
    let rows = c
        .query(
            "SELECT a.id, a.resolution_id, a.approver_id, u.name, a.at, a.decision, a.comment, a.required_level
             FROM case_approvals a JOIN users u ON u.id = a.approver_id WHERE a.case_id = $1 ORDER BY a.id",
            &[&case_id],
        )
        .db()?;
    all(rows, |r| {
        Ok(Approval {
            id: get(r, 0)?,
            resolution_id: get(r, 1)?,
            approver_id: get(r, 2)?,
            approver_name: get(r, 3)?,
            at: time(r, 4)?,
            decision: coded(r, 5)?,
            comment: get(r, 6)?,
            required_level: level(r, 7)?,
        })
    })
}

pub fn approval_queue(c: &mut impl Sql, levels: &[ApproverLevel], not_proposed_by: i64) -> Result<Vec<ApprovalItem>> {
    if levels.is_empty() {
        return Ok(vec![]);
    }
    let codes: Vec<&str> = levels.iter().map(|l| l.code()).collect();
    // The newest resolution of each proposed case is the one waiting.
    let rows = c
        .query(
            &format!(
                "SELECT {ROW_COLUMNS}, {RESOLUTION_COLUMNS}
                 FROM cases c {ROW_JOINS}
                 JOIN case_resolutions s ON s.id = (SELECT max(id) FROM case_resolutions WHERE case_id = c.id)
                 JOIN users pu ON pu.id = s.proposer_id
                 WHERE c.status = $1 AND s.proposer_id <> $2 AND s.required_level = ANY($3)
                 ORDER BY s.proposed_at, s.id"
            ),
            &[&CaseStatus::Proposed.code(), &not_proposed_by, &codes],
        )
        .db()?;
    // sheet_row reads ROW_COLUMNS; the resolution follows.
    let items = all(rows, |r| Ok(ApprovalItem { case: sheet_row(r)?, resolution: resolution_row(r, ROW_COLUMN_COUNT)? }))?;
    items
        .into_iter()
        .map(|mut item| {
            item.resolution.lines = lines_of(c, item.resolution.id)?;
            Ok(item)
        })
        .collect()
}

pub fn follow_ups(c: &mut impl Sql, case_id: i64) -> Result<Vec<FollowUpRecord>> {
    let rows = c
        .query(
            "SELECT f.id, f.case_id, f.visited_at, f.method, f.satisfaction, f.remarks, f.actor_id, u.name, f.recorded_at
             FROM case_follow_ups f JOIN users u ON u.id = f.actor_id WHERE f.case_id = $1 ORDER BY f.id",
            &[&case_id],
        )
        .db()?;
    all(rows, |r| {
        Ok(FollowUpRecord {
            id: get(r, 0)?,
            case_id: get(r, 1)?,
            visited_at: time(r, 2)?,
            method: coded(r, 3)?,
            satisfaction: coded(r, 4)?,
            remarks: get(r, 5)?,
            actor_id: get(r, 6)?,
            actor_name: get(r, 7)?,
            recorded_at: time(r, 8)?,
        })
    })
}

pub fn next_round(c: &mut impl Sql, case_id: i64) -> Result<Option<i64>> {
    let row = c.query_opt("SELECT id FROM cases WHERE parent_case_id = $1", &[&case_id]).db()?;
    row.as_ref().map(|r| get(r, 0)).transpose()
}
