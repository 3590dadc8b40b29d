//! 统计 in PostgreSQL: the same five set queries as `core::sqlite::stats`,
//! each a range of the period column's index joined to one kind of row.
//! What differs: the resolution's kinds are `string_agg`ed, counts of a
//! condition are `count(*) FILTER (…)`, and BIGINT columns are read as i64.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use postgres::Row;

use complaintdesk_core::error::Result;
use complaintdesk_core::stats::{StatsDimension, StatsSet, StatsSlice};
use complaintdesk_core::store::stats::resolution_kinds;
use complaintdesk_core::store::{CaseFact, FactPeriod, FactShare, FactStage, FlowCount, StatsBasis, StatsStore};

use crate::rows::{coded, coded_opt, get, millis, time, time_opt};
use crate::sql::Sql;
use crate::{Db, PgStore};

/// The period's condition on `cases c` ($1 from, $2 to).
fn range(basis: StatsBasis) -> &'static str {
    match basis {
        StatsBasis::Closed => "c.closed_at >= $1 AND c.closed_at < $2",
        StatsBasis::Received => "c.received_at >= $1 AND c.received_at < $2 AND c.status <> 'voided'",
    }
}

fn fact(r: &Row) -> Result<CaseFact> {
    Ok(CaseFact {
        id: get(r, 0)?,
        case_no: get(r, 1)?,
        round: get(r, 2)?,
        repeat: get(r, 3)?,
        continued: get(r, 4)?,
        received_at: time(r, 5)?,
        closed_at: time_opt(r, 6)?,
        status: coded(r, 7)?,
        customer_name: get(r, 8)?,
        item_no: get(r, 9)?,
        order_no: get(r, 10)?,
        channel: coded(r, 11)?,
        nature: coded_opt(r, 12)?,
        cause_type: coded_opt(r, 13)?,
        severity: coded(r, 14)?,
        validity: coded_opt(r, 15)?,
        department_id: get(r, 16)?,
        claimed_fen: get(r, 17)?,
        malicious: get(r, 18)?,
        resolution_types: Vec::new(),
        approved_fen: None,
        loss_fen: 0,
        responsibilities: Vec::new(),
        stages: Vec::new(),
        satisfaction: None,
    })
}

pub fn case_facts(c: &mut impl Sql, p: &FactPeriod) -> Result<Vec<CaseFact>> {
    let range = range(p.basis);
    let (from, to) = (millis(p.from), millis(p.to));
    let rows = c
        .query(
            &format!(
                "SELECT c.id, c.case_no, c.round, c.repeat_of_id IS NOT NULL,
                    EXISTS (SELECT 1 FROM cases n WHERE n.parent_case_id = c.id),
                    c.received_at, c.closed_at, c.status, c.customer_name, c.item_no, c.order_no, c.channel,
                    c.nature, c.cause_type, c.severity, c.validity, c.department_id, c.claim_amount_fen, c.malicious
                 FROM cases c WHERE {range} ORDER BY c.id"
            ),
            &[&from, &to],
        )
        .db()?;
    let mut facts: Vec<CaseFact> = rows.iter().map(fact).collect::<Result<_>>()?;
    let at: HashMap<i64, usize> = facts.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    let mut each = |c: &mut dyn FnMut(&str) -> Result<Vec<Row>>, sql: String, f: &mut dyn FnMut(&mut CaseFact, &Row) -> Result<()>| -> Result<()> {
        for r in c(&sql)? {
            if let Some(&i) = at.get(&get::<i64>(&r, 0)?) {
                f(&mut facts[i], &r)?;
            }
        }
        Ok(())
    };
    let mut query = |sql: &str| c.query(sql, &[&from, &to]).db();
    each(
        &mut query,
        format!(
            "SELECT r.case_id, r.department_id, r.ratio_percent, r.person FROM cases c JOIN case_responsibilities r ON r.case_id = c.id
             WHERE {range} ORDER BY r.case_id, r.seq"
        ),
        &mut |f, r| {
            let ratio: i64 = get(r, 2)?;
            f.responsibilities.push(FactShare { department_id: get(r, 1)?, ratio_percent: ratio.clamp(0, 100) as u8, person: get(r, 3)? });
            Ok(())
        },
    )?;
    // The newest resolution, when it was approved (a later proposal needs approving again).
    each(
        &mut query,
        format!(
            "SELECT c.id, res.offered_fen, res.loss_fen,
                (SELECT string_agg(l.kind, ',' ORDER BY l.seq) FROM resolution_lines l WHERE l.resolution_id = res.id)
             FROM cases c JOIN case_resolutions res ON res.id = (SELECT max(x.id) FROM case_resolutions x WHERE x.case_id = c.id)
             WHERE {range} AND EXISTS (SELECT 1 FROM case_approvals a WHERE a.case_id = res.case_id AND a.resolution_id = res.id AND a.decision = 'approved')"
        ),
        &mut |f, r| {
            f.approved_fen = Some(get(r, 1)?);
            f.loss_fen = get(r, 2)?;
            f.resolution_types = resolution_kinds(get::<Option<String>>(r, 3)?.as_deref());
            Ok(())
        },
    )?;
    each(
        &mut query,
        format!(
            "SELECT d.case_id, d.stage, d.due_at, d.done_at, d.late_reason FROM cases c JOIN case_deadlines d ON d.case_id = c.id
             WHERE {range} ORDER BY d.case_id, d.id"
        ),
        &mut |f, r| {
            f.stages.push(FactStage { stage: coded(r, 1)?, due_at: time(r, 2)?, done_at: time_opt(r, 3)?, late_reason: get(r, 4)? });
            Ok(())
        },
    )?;
    each(
        &mut query,
        format!(
            "SELECT u.case_id, u.satisfaction FROM cases c JOIN case_follow_ups u ON u.case_id = c.id
             WHERE {range} ORDER BY u.case_id, u.id"
        ),
        &mut |f, r| {
            f.satisfaction = Some(coded(r, 1)?);
            Ok(())
        },
    )?;
    Ok(facts)
}

pub fn period_flow(c: &mut impl Sql, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<FlowCount>> {
    let mut by: HashMap<Option<i64>, FlowCount> = HashMap::new();
    let (from, to) = (millis(from), millis(to));
    let mut add = |c: &mut dyn FnMut(&str) -> Result<Vec<Row>>, sql: &str, f: &dyn Fn(&mut FlowCount, &Row) -> Result<()>| -> Result<()> {
        for r in c(sql)? {
            let department_id: Option<i64> = get(&r, 0)?;
            f(by.entry(department_id).or_insert_with(|| FlowCount { department_id, ..FlowCount::default() }), &r)?;
        }
        Ok(())
    };
    let mut query = |sql: &str| c.query(sql, &[&from, &to]).db();
    let n = |r: &Row, i: usize| get::<i64>(r, i).map(|v| v as u64);
    add(
        &mut query,
        "SELECT department_id, count(*), count(*) FILTER (WHERE round > 1), count(*) FILTER (WHERE repeat_of_id IS NOT NULL) FROM cases
         WHERE received_at >= $1 AND received_at < $2 AND status <> 'voided' GROUP BY department_id",
        &|c, r| {
            c.opened += n(r, 1)?;
            c.new_rounds += n(r, 2)?;
            c.repeats += n(r, 3)?;
            Ok(())
        },
    )?;
    add(
        &mut query,
        "SELECT department_id, count(*) FROM cases WHERE closed_at >= $1 AND closed_at < $2 GROUP BY department_id",
        &|c, r| {
            c.closed += n(r, 1)?;
            Ok(())
        },
    )?;
    // Still open at the end: not closed yet, or closed after it.
    for sql in [
        "SELECT department_id, count(*) FROM cases WHERE closed_at IS NULL AND received_at < $2 AND status <> 'voided' AND $1 <= $2
         GROUP BY department_id",
        "SELECT department_id, count(*) FROM cases WHERE closed_at >= $2 AND received_at < $2 AND $1 <= $2 GROUP BY department_id",
    ] {
        add(&mut query, sql, &|c, r| {
            c.open_at_end += n(r, 1)?;
            Ok(())
        })?;
    }
    let mut flow: Vec<FlowCount> = by.into_values().collect();
    flow.sort_by_key(|c| c.department_id);
    Ok(flow)
}

impl StatsStore for PgStore {
    fn case_facts(&self, period: &FactPeriod) -> Result<Vec<CaseFact>> {
        self.read(|c| case_facts(c, period))
    }

    fn period_flow(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<FlowCount>> {
        self.read(|c| period_flow(c, from, to))
    }
}

/// A value a drill-down's SQL binds.
pub(crate) enum Bound {
    Int(i64),
    Text(String),
}

/// The tracking sheet's drill-down (`CaseQuery.stats`): the conditions that
/// select exactly the cases a figure of `complaintdesk_core::stats` counts. `bind` takes
/// each value and returns its placeholder.
pub(crate) fn slice_clauses(s: &StatsSlice, bind: &mut dyn FnMut(Bound) -> String) -> Vec<String> {
    let mut clauses = Vec::new();
    // Each placeholder is bound at its use, as SQLite's must be (the same text).
    let (from, to) = (millis(s.from), millis(s.to));
    let received = |bind: &mut dyn FnMut(Bound) -> String| {
        format!("c.received_at >= {} AND c.received_at < {} AND c.status <> 'voided'", bind(Bound::Int(from)), bind(Bound::Int(to)))
    };
    clauses.push(match (s.set, s.basis) {
        (StatsSet::Period, StatsBasis::Closed) | (StatsSet::Closed, _) => {
            format!("c.closed_at >= {} AND c.closed_at < {}", bind(Bound::Int(from)), bind(Bound::Int(to)))
        }
        (StatsSet::Period, StatsBasis::Received) | (StatsSet::Opened, _) => received(bind),
        (StatsSet::OpenAtEnd, _) => format!(
            "c.received_at < {} AND c.status <> 'voided' AND (c.closed_at IS NULL OR c.closed_at >= {})",
            bind(Bound::Int(to)),
            bind(Bound::Int(to))
        ),
        (StatsSet::NewRounds, _) => format!("{} AND c.round > 1", received(bind)),
        (StatsSet::Repeats, _) => format!("{} AND c.repeat_of_id IS NOT NULL", received(bind)),
    });
    if let Some(d) = s.scope_department_id {
        clauses.push(format!("c.department_id = {}", bind(Bound::Int(d))));
    }
    // The newest resolution, approved, of a round that was not carried on.
    let settled = "NOT EXISTS (SELECT 1 FROM cases n WHERE n.parent_case_id = c.id)
        AND EXISTS (SELECT 1 FROM case_resolutions res WHERE res.id = (SELECT max(x.id) FROM case_resolutions x WHERE x.case_id = c.id)
            AND EXISTS (SELECT 1 FROM case_approvals a WHERE a.case_id = res.case_id AND a.resolution_id = res.id AND a.decision = 'approved')";
    let v = s.value.trim();
    let id = || v.parse::<i64>().unwrap_or(-1);
    let mut coded = |column: &str, clauses: &mut Vec<String>| {
        clauses.push(if v.is_empty() { format!("{column} IS NULL") } else { format!("{column} = {}", bind(Bound::Text(v.to_string()))) });
    };
    match s.dimension {
        None => {}
        Some(StatsDimension::Department) if v.is_empty() => clauses.push("c.department_id IS NULL".into()),
        Some(StatsDimension::Department) => clauses.push(format!("c.department_id = {}", bind(Bound::Int(id())))),
        Some(StatsDimension::Cause) => coded("c.cause_type", &mut clauses),
        Some(StatsDimension::Nature) => coded("c.nature", &mut clauses),
        Some(StatsDimension::Severity) => coded("c.severity", &mut clauses),
        Some(StatsDimension::Channel) => coded("c.channel", &mut clauses),
        Some(StatsDimension::Status) => coded("c.status", &mut clauses),
        Some(StatsDimension::Resolution) => {
            let kind = bind(Bound::Text(v.to_string()));
            clauses.push(format!(
                "{settled} AND EXISTS (SELECT 1 FROM resolution_lines l WHERE l.resolution_id = res.id AND l.kind = {kind}))"
            ));
        }
        Some(StatsDimension::Satisfaction) if v.is_empty() => {
            clauses.push("NOT EXISTS (SELECT 1 FROM case_follow_ups u WHERE u.case_id = c.id)".into())
        }
        Some(StatsDimension::Satisfaction) => clauses.push(format!(
            "(SELECT u.satisfaction FROM case_follow_ups u WHERE u.case_id = c.id ORDER BY u.id DESC LIMIT 1) = {}",
            bind(Bound::Text(v.to_string()))
        )),
        // The loss table: cases with a loss, shared by this department (or by none: 未定责).
        Some(StatsDimension::Responsible) => {
            let shared = if v.is_empty() {
                "NOT EXISTS (SELECT 1 FROM case_responsibilities r WHERE r.case_id = c.id)".to_string()
            } else {
                format!("EXISTS (SELECT 1 FROM case_responsibilities r WHERE r.case_id = c.id AND r.department_id = {})", bind(Bound::Int(id())))
            };
            clauses.push(format!("{settled} AND res.loss_fen > 0) AND {shared}"));
        }
    }
    if s.late {
        let stage = match s.late_stage {
            Some(st) => format!(" AND d.stage = {}", bind(Bound::Text(st.code().to_string()))),
            None => String::new(),
        };
        let at = bind(Bound::Int(millis(s.judged_at)));
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id{stage}
                AND ((d.done_at IS NOT NULL AND d.done_at > d.due_at) OR (d.done_at IS NULL AND d.due_at < {at})))"
        ));
    }
    clauses
}
