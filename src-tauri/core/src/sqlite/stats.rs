//! 统计 in SQLite: a period's case facts in five set queries, each a range
//! of the period column's index (`cases_closed` or `cases_received`) joined
//! to one kind of row (the case, responsibilities, the approved resolution,
//! time limits, follow-ups), put together per case here: no query per case.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};

use super::rows::{coded, coded_opt, time};
use super::{from_millis, millis, SqliteStore};
use crate::error::Result;
use crate::stats::{StatsDimension, StatsSet, StatsSlice};
use crate::store::stats::resolution_kinds;
use crate::store::{CaseFact, FactPeriod, FactShare, FactStage, FlowCount, StatsBasis, StatsStore};

/// The period's condition on `cases c` (?1 from, ?2 to).
fn range(basis: StatsBasis) -> &'static str {
    match basis {
        StatsBasis::Closed => "c.closed_at >= ?1 AND c.closed_at < ?2",
        StatsBasis::Received => "c.received_at >= ?1 AND c.received_at < ?2 AND c.status <> 'voided'",
    }
}

fn fact(r: &Row) -> rusqlite::Result<CaseFact> {
    Ok(CaseFact {
        id: r.get(0)?,
        case_no: r.get(1)?,
        round: r.get(2)?,
        repeat: r.get(3)?,
        continued: r.get(4)?,
        received_at: time(r, 5)?,
        closed_at: r.get::<_, Option<i64>>(6)?.map(from_millis),
        status: coded(r, 7)?,
        customer_name: r.get(8)?,
        item_no: r.get(9)?,
        order_no: r.get(10)?,
        channel: coded(r, 11)?,
        nature: coded_opt(r, 12)?,
        cause_type: coded_opt(r, 13)?,
        severity: coded(r, 14)?,
        validity: coded_opt(r, 15)?,
        department_id: r.get(16)?,
        claimed_fen: r.get(17)?,
        malicious: r.get(18)?,
        resolution_types: Vec::new(),
        approved_fen: None,
        loss_fen: 0,
        responsibilities: Vec::new(),
        stages: Vec::new(),
        satisfaction: None,
    })
}

/// The period's facts. The cases and their time limits are read on `conn`
/// while `other` (a second connection to the same file, when there is
/// one) reads responsibilities, resolutions and follow-ups at the same
/// time: a year is a few hundred thousand rows, and on two cores the two
/// halves take about as long as either.
pub fn case_facts(conn: &Connection, other: Option<&mut Connection>, p: &FactPeriod) -> Result<Vec<CaseFact>> {
    Ok(facts_and_flow(conn, other, p, false)?.0)
}

/// The facts, and the period's flow when `with_flow` (read beside the
/// cases and time limits, which are the lighter half).
fn facts_and_flow(conn: &Connection, other: Option<&mut Connection>, p: &FactPeriod, with_flow: bool) -> Result<(Vec<CaseFact>, Vec<FlowCount>)> {
    let first_half = || -> Result<(Vec<CaseFact>, Vec<FlowCount>)> {
        let facts = cases_and_stages(conn, p)?;
        let flow = if with_flow { period_flow(conn, p.from, p.to)? } else { Vec::new() };
        Ok((facts, flow))
    };
    let (first, more) = match other {
        Some(other) => std::thread::scope(|s| {
            // `&mut`: a connection may be used by one thread at a time.
            let more = s.spawn(move || more_facts(other, p));
            let first = first_half();
            (first, more.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        }),
        None => (first_half(), more_facts(conn, p)),
    };
    let (cases, flow) = first?;
    let mut facts = cases;
    let at: HashMap<i64, usize> = facts.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    for (case_id, add) in more? {
        // A case closed between the two reads is not in the period's facts.
        if let Some(&i) = at.get(&case_id) {
            add.apply(&mut facts[i]);
        }
    }
    Ok((facts, flow))
}

/// What the second half reads for one case.
enum More {
    Share(FactShare),
    Approved { offered_fen: i64, loss_fen: i64, kinds: Option<String> },
    Satisfaction(crate::codes::Satisfaction),
}

impl More {
    fn apply(self, f: &mut CaseFact) {
        match self {
            More::Share(share) => f.responsibilities.push(share),
            More::Approved { offered_fen, loss_fen, kinds } => {
                f.approved_fen = Some(offered_fen);
                f.loss_fen = loss_fen;
                f.resolution_types = resolution_kinds(kinds.as_deref());
            }
            // In id order, so the latest follow-up's answer stays.
            More::Satisfaction(answer) => f.satisfaction = Some(answer),
        }
    }
}

/// Runs `sql` over the period (?1 from, ?2 to), one item per row.
fn rows_of<T>(conn: &Connection, p: &FactPeriod, sql: &str, f: impl FnMut(&Row) -> rusqlite::Result<T>) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![millis(p.from), millis(p.to)], f)?.collect::<rusqlite::Result<Vec<T>>>()?;
    Ok(rows)
}

/// The period's cases, each with its time limits (oldest first), in id order.
fn cases_and_stages(conn: &Connection, p: &FactPeriod) -> Result<Vec<CaseFact>> {
    let range = range(p.basis);
    let mut facts = rows_of(
        conn,
        p,
        &format!(
            "SELECT c.id, c.case_no, c.round, c.repeat_of_id IS NOT NULL,
                EXISTS (SELECT 1 FROM cases n WHERE n.parent_case_id = c.id),
                c.received_at, c.closed_at, c.status, c.customer_name, c.item_no, c.order_no, c.channel,
                c.nature, c.cause_type, c.severity, c.validity, c.department_id, c.claim_amount_fen, c.malicious
             FROM cases c WHERE {range}"
        ),
        fact,
    )?;
    // In id order, sorted here: SQLite would sort a year's rows in a temporary b-tree.
    facts.sort_unstable_by_key(|f| f.id);
    let at: HashMap<i64, usize> = facts.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    let stages = rows_of(
        conn,
        p,
        &format!(
            "SELECT d.case_id, d.id, d.stage, d.due_at, d.done_at, d.late_reason FROM cases c JOIN case_deadlines d ON d.case_id = c.id
             WHERE {range}"
        ),
        |r| {
            let stage = FactStage { stage: coded(r, 2)?, due_at: time(r, 3)?, done_at: r.get::<_, Option<i64>>(4)?.map(from_millis), late_reason: r.get(5)? };
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, stage))
        },
    )?;
    // Oldest first: by id, sorted here for the same reason.
    let mut stages = stages;
    stages.sort_unstable_by_key(|(case_id, id, _)| (*case_id, *id));
    for (case_id, _, stage) in stages {
        if let Some(&i) = at.get(&case_id) {
            facts[i].stages.push(stage);
        }
    }
    Ok(facts)
}

/// Responsibility lines, the approved resolution and the latest
/// follow-up's answer of the period's cases, in the order they apply.
fn more_facts(conn: &Connection, p: &FactPeriod) -> Result<Vec<(i64, More)>> {
    let range = range(p.basis);
    let mut more = rows_of(
        conn,
        p,
        &format!(
            "SELECT r.case_id, r.department_id, r.ratio_percent, r.person FROM cases c JOIN case_responsibilities r ON r.case_id = c.id
             WHERE {range} ORDER BY r.case_id, r.seq"
        ),
        |r| Ok((r.get(0)?, More::Share(FactShare { department_id: r.get(1)?, ratio_percent: r.get(2)?, person: r.get(3)? }))),
    )?;
    // The newest resolution, when it was approved (a later proposal needs approving again).
    more.extend(rows_of(
        conn,
        p,
        &format!(
            "SELECT c.id, res.offered_fen, res.loss_fen,
                (SELECT group_concat(kind, ',') FROM (SELECT kind FROM resolution_lines WHERE resolution_id = res.id ORDER BY seq))
             FROM cases c JOIN case_resolutions res ON res.id = (SELECT max(x.id) FROM case_resolutions x WHERE x.case_id = c.id)
             WHERE {range} AND EXISTS (SELECT 1 FROM case_approvals a WHERE a.case_id = res.case_id AND a.resolution_id = res.id AND a.decision = 'approved')"
        ),
        |r| Ok((r.get(0)?, More::Approved { offered_fen: r.get(1)?, loss_fen: r.get(2)?, kinds: r.get(3)? })),
    )?);
    more.extend(rows_of(
        conn,
        p,
        &format!(
            "SELECT u.case_id, u.satisfaction FROM cases c JOIN case_follow_ups u ON u.case_id = c.id
             WHERE {range} ORDER BY u.case_id, u.id"
        ),
        |r| Ok((r.get(0)?, More::Satisfaction(coded(r, 1)?))),
    )?);
    Ok(more)
}

pub fn period_flow(conn: &Connection, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<FlowCount>> {
    let mut by: HashMap<Option<i64>, FlowCount> = HashMap::new();
    let mut add = |sql: &str, f: &dyn Fn(&mut FlowCount, &Row) -> rusqlite::Result<()>| -> Result<()> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params![millis(from), millis(to)])?;
        while let Some(r) = rows.next()? {
            let department_id: Option<i64> = r.get(0)?;
            f(by.entry(department_id).or_insert_with(|| FlowCount { department_id, ..FlowCount::default() }), r)?;
        }
        Ok(())
    };
    add(
        "SELECT department_id, count(*), sum(round > 1), sum(repeat_of_id IS NOT NULL) FROM cases
         WHERE received_at >= ?1 AND received_at < ?2 AND status <> 'voided' GROUP BY department_id",
        &|c, r| {
            c.opened += r.get::<_, i64>(1)? as u64;
            c.new_rounds += r.get::<_, i64>(2)? as u64;
            c.repeats += r.get::<_, i64>(3)? as u64;
            Ok(())
        },
    )?;
    add("SELECT department_id, count(*) FROM cases INDEXED BY cases_closed WHERE closed_at >= ?1 AND closed_at < ?2 GROUP BY department_id", &|c, r| {
        c.closed += r.get::<_, i64>(1)? as u64;
        Ok(())
    })?;
    // Still open at the end: not closed yet, or closed after it: two ranges of
    // `cases_closed`, named because the planner would rather walk the
    // department index for the GROUP BY and read every case.
    for sql in [
        "SELECT department_id, count(*) FROM cases INDEXED BY cases_closed WHERE closed_at IS NULL AND received_at < ?2 AND status <> 'voided' AND ?1 <= ?2
         GROUP BY department_id",
        "SELECT department_id, count(*) FROM cases INDEXED BY cases_closed WHERE closed_at >= ?2 AND received_at < ?2 AND ?1 <= ?2 GROUP BY department_id",
    ] {
        add(sql, &|c, r| {
            c.open_at_end += r.get::<_, i64>(1)? as u64;
            Ok(())
        })?;
    }
    let mut flow: Vec<FlowCount> = by.into_values().collect();
    flow.sort_by_key(|c| c.department_id);
    Ok(flow)
}

impl StatsStore for SqliteStore {
    fn case_facts(&self, period: &FactPeriod) -> Result<Vec<CaseFact>> {
        self.read_twice(|c, other| case_facts(c, other, period))
    }

    fn period_flow(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<FlowCount>> {
        self.read(|c| period_flow(c, from, to))
    }

    fn facts_and_flow(&self, period: &FactPeriod) -> Result<(Vec<CaseFact>, Vec<FlowCount>)> {
        self.read_twice(|c, other| facts_and_flow(c, other, period, true))
    }
}

/// A value a drill-down's SQL binds.
pub(super) enum Bound {
    Int(i64),
    Text(String),
}

/// The tracking sheet's drill-down (`CaseQuery.stats`): the conditions that
/// select exactly the cases a figure of `crate::stats` counts. `bind` takes
/// each value and returns its placeholder.
pub(super) fn slice_clauses(s: &StatsSlice, bind: &mut dyn FnMut(Bound) -> String) -> Vec<String> {
    let mut clauses = Vec::new();
    // Each placeholder is used once (SQLite's `?` are numbered in order).
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
