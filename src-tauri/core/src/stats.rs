//! 统计 (issue 13 item 1): every figure of a period, computed here from the
//! store's case facts (`store::stats`) by pure functions, the same for both
//! backends. Who sees what is decided here too: 总经理, 副总经理, 质量管理部
//! and administrators see every department; anyone else only the cases his
//! own department handled.
//!
//! Definitions (each figure's drill-down `StatsSlice` selects exactly the
//! cases it counts, see the store's sheet query):
//! - A period is whole days in China time, `from`..=`to`; its cases are those
//!   closed in it (the seed's basis) or received in it.
//! - Money counts the approved resolution (its newest proposal, approved)
//!   of each case, except a round the customer rejected (`continued`): the
//!   next round settles the matter and counts it.
//! - A department's share of a case's loss is the loss × its ratio ÷ 100,
//!   rounded down to the fen; the fen left over go one each to the largest
//!   remainders (the earlier line on a tie), so the shares add up to the
//!   case's loss exactly. A case with no responsibility recorded counts as
//!   未定责.
//! - A stage is judged when it was done, or is still open past its due time
//!   at the period's end (or now, if earlier): late if done after due, or
//!   still open past it. A case is on time when none of its judged stages
//!   was late (not judged when none was).
//! - Days to close: (closed − received) in days; the median of an even
//!   count is the mean of the two middle values; p90 is the nearest rank
//!   (the ⌈0.9·n⌉-th smallest). Shown to 0.1 day.
//! - Satisfaction counts the latest follow-up of each case; the rate is
//!   (满意 + 基本满意) ÷ all answers.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::*;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::User;
use crate::numbering::china;
use crate::store::{CaseFact, FactPeriod, FlowCount, StatsBasis};
use crate::Desk;

/// What the 统计 screen asks for: whole days `from`..=`to` (China time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatsQuery {
    pub basis: StatsBasis,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// One department only (a manager's choice; others get their own anyway).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub department_id: Option<i64>,
}

/// Which dimension a drill-down slices by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatsDimension {
    /// The handling department (value: its id).
    Department,
    Cause,
    Nature,
    Severity,
    Channel,
    Status,
    /// A kind of the approved resolution.
    Resolution,
    /// The latest follow-up's answer.
    Satisfaction,
    /// A department bearing responsibility (value: its id).
    Responsible,
}

/// Which cases of the period a figure counts, apart from its dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatsSet {
    /// The period's cases by its basis.
    Period,
    /// Received in the period.
    Opened,
    /// Closed in the period.
    Closed,
    /// Received before its end and not closed by then.
    OpenAtEnd,
    /// Later rounds received in the period.
    NewRounds,
    /// 二次投诉 received in the period.
    Repeats,
}

/// The cases behind one figure: the tracking sheet's drill-down filter
/// (`CaseQuery.stats`), applied by the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatsSlice {
    pub basis: StatsBasis,
    pub from: DateTime<Utc>,
    /// Exclusive.
    pub to: DateTime<Utc>,
    pub set: StatsSet,
    /// The department-only view (the handling department).
    #[ts(type = "number | null")]
    pub scope_department_id: Option<i64>,
    pub dimension: Option<StatsDimension>,
    /// The dimension's value: a code or a department id; empty for "none"
    /// (未分派, 未分类, no resolution, no follow-up, 未定责).
    #[serde(default)]
    pub value: String,
    /// Only cases with a stage judged late (of `late_stage`, if set), judged at `judged_at`.
    #[serde(default)]
    pub late: bool,
    #[serde(default)]
    pub late_stage: Option<DeadlineStage>,
    pub judged_at: DateTime<Utc>,
    /// What the sheet's tag says.
    pub label: String,
}

/// One count with the cases behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Figure {
    #[ts(type = "number")]
    pub count: u64,
    pub slice: StatsSlice,
}

/// One bar of a breakdown: its key (code or department id; "" for none),
/// label, count and amount (the loss of a loss table, else 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    pub key: String,
    pub label: String,
    #[ts(type = "number")]
    pub count: u64,
    #[ts(type = "number")]
    pub amount_fen: i64,
    pub slice: StatsSlice,
}

/// On-time figures of a stage, a department or all cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OnTime {
    pub key: String,
    pub label: String,
    #[ts(type = "number")]
    pub judged: u64,
    #[ts(type = "number")]
    pub on_time: u64,
    /// Percent to 0.1; none when nothing was judged.
    pub rate: Option<f64>,
    /// The late ones.
    pub late_slice: StatsSlice,
}

/// How many late stages 统计 lists with their reasons.
pub const OVERDUE_LINES_SHOWN: usize = 100;

/// A late stage of a case and the reason given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverdueLine {
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_no: String,
    pub department_name: String,
    pub stage: DeadlineStage,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub late_reason: String,
}

/// Satisfaction of one department's cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SatisfactionRow {
    pub key: String,
    pub label: String,
    #[ts(type = "number")]
    pub satisfied: u64,
    #[ts(type = "number")]
    pub fairly_satisfied: u64,
    #[ts(type = "number")]
    pub unsatisfied: u64,
    pub rate: Option<f64>,
    pub slice: StatsSlice,
}

/// One cause's counts month by month (`Statistics.months`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendSeries {
    pub key: String,
    pub label: String,
    #[ts(type = "number[]")]
    pub counts: Vec<u64>,
}

/// A bar of the Pareto of causes (most first) with the running share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ParetoBar {
    pub tally: Tally,
    /// Percent of all cases counted so far, to 0.1.
    pub cumulative: f64,
}

/// Everything the 统计 screen shows for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Statistics {
    pub query: StatsQuery,
    /// Every department's figures (else only `scope_department_id`'s).
    pub all_departments: bool,
    #[ts(type = "number | null")]
    pub scope_department_id: Option<i64>,
    pub cases: Figure,
    pub opened: Figure,
    pub closed: Figure,
    pub open_at_end: Figure,
    pub new_rounds: Figure,
    pub repeats: Figure,
    pub by_department: Vec<Tally>,
    pub by_cause: Vec<Tally>,
    pub by_nature: Vec<Tally>,
    pub by_severity: Vec<Tally>,
    pub by_channel: Vec<Tally>,
    pub by_resolution: Vec<Tally>,
    pub by_status: Vec<Tally>,
    #[ts(type = "number")]
    pub claimed_fen: i64,
    #[ts(type = "number")]
    pub approved_fen: i64,
    #[ts(type = "number")]
    pub loss_fen: i64,
    /// Each responsible department's share of the loss (`amount_fen`), most first.
    pub loss_by_department: Vec<Tally>,
    pub days_median: Option<f64>,
    pub days_p90: Option<f64>,
    pub on_time: OnTime,
    pub on_time_by_stage: Vec<OnTime>,
    pub on_time_by_department: Vec<OnTime>,
    /// The latest late stages (by due time), at most `OVERDUE_LINES_SHOWN`:
    /// a year of a busy desk has tens of thousands, which no one reads on
    /// a screen (the sheet lists them all: `on_time.late_slice`).
    pub overdue: Vec<OverdueLine>,
    /// How many late stages there are in all.
    #[ts(type = "number")]
    pub overdue_total: u64,
    pub satisfaction: Vec<Tally>,
    pub satisfaction_rate: Option<f64>,
    pub satisfaction_by_department: Vec<SatisfactionRow>,
    /// "2026-11" …, the trend's months.
    pub months: Vec<String>,
    pub trend: Vec<TrendSeries>,
    pub pareto: Vec<ParetoBar>,
}

// ---- the arithmetic -------------------------------------------------------

/// Each line's share of `loss_fen` by its ratio, adding up to it exactly:
/// rounded down, the fen left over to the largest remainders (earlier line first).
pub fn split_by_ratio(loss_fen: i64, ratios: &[u8]) -> Vec<i64> {
    let whole: i64 = ratios.iter().map(|r| *r as i64).sum();
    if whole == 0 {
        return vec![0; ratios.len()];
    }
    let mut shares: Vec<i64> = ratios.iter().map(|r| loss_fen * *r as i64 / whole).collect();
    let mut order: Vec<usize> = (0..ratios.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(loss_fen * ratios[i] as i64 % whole), i));
    let left = loss_fen - shares.iter().sum::<i64>();
    for &i in order.iter().cycle().take(left.max(0) as usize) {
        shares[i] += 1;
    }
    shares
}

/// Percent to 0.1 (none of nothing).
fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Median and p90 (nearest rank) of `values`, to 0.1.
pub fn median_p90(values: &[f64]) -> (Option<f64>, Option<f64>) {
    if values.is_empty() {
        return (None, None);
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let n = v.len();
    let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
    let rank = (n * 9).div_ceil(10).max(1);
    (Some(tenth(median)), Some(tenth(v[rank - 1])))
}

/// Days from receipt to closing.
pub fn days_to_close(f: &CaseFact) -> Option<f64> {
    f.closed_at.map(|c| (c - f.received_at).num_minutes() as f64 / 1440.0)
}

/// The stages judged by `at` and whether each was late.
pub fn judged_stages(f: &CaseFact, at: DateTime<Utc>) -> Vec<(&crate::store::FactStage, bool)> {
    f.stages
        .iter()
        .filter_map(|s| match s.done_at {
            Some(done) => Some((s, done > s.due_at)),
            None if s.due_at < at => Some((s, true)),
            None => None,
        })
        .collect()
}

/// On time (no judged stage late), late, or not judged.
pub fn case_on_time(f: &CaseFact, at: DateTime<Utc>) -> Option<bool> {
    let judged = judged_stages(f, at);
    (!judged.is_empty()).then(|| judged.iter().all(|(_, late)| !late))
}

/// The approved resolution counts (not a rejected round's).
pub(crate) fn settled(f: &CaseFact) -> bool {
    !f.continued && f.approved_fen.is_some()
}

/// One line of the 《客户投诉案件统计表》: a case closed in the month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementLine {
    #[ts(type = "number")]
    pub case_id: i64,
    pub case_no: String,
    #[ts(type = "number")]
    pub round: i64,
    pub customer_name: String,
    /// 料号 (or 订单号 when there is none).
    pub product: String,
    pub cause_type: Option<CauseType>,
    pub responsibilities: Vec<StatementShare>,
    pub resolution_types: Vec<ResolutionType>,
    #[ts(type = "number")]
    pub loss_fen: i64,
    pub days_to_close: Option<f64>,
    pub on_time: Option<bool>,
}

/// A responsible department on a statement line, with its loss share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementShare {
    #[ts(type = "number")]
    pub department_id: i64,
    pub department_name: String,
    pub ratio_percent: u8,
    #[ts(type = "number")]
    pub loss_share_fen: i64,
}

/// The statement's line of a fact (`names`: department id → name; lateness judged at `at`).
pub fn statement_line(f: &CaseFact, names: &BTreeMap<i64, String>, at: DateTime<Utc>) -> StatementLine {
    let loss = if settled(f) { f.loss_fen } else { 0 };
    let ratios: Vec<u8> = f.responsibilities.iter().map(|r| r.ratio_percent).collect();
    let shares = split_by_ratio(loss, &ratios);
    StatementLine {
        case_id: f.id,
        case_no: f.case_no.clone(),
        round: f.round,
        customer_name: f.customer_name.clone(),
        product: if f.item_no.is_empty() { f.order_no.clone() } else { f.item_no.clone() },
        cause_type: f.cause_type,
        responsibilities: f
            .responsibilities
            .iter()
            .zip(shares)
            .map(|(r, share)| StatementShare {
                department_id: r.department_id,
                department_name: names.get(&r.department_id).cloned().unwrap_or_default(),
                ratio_percent: r.ratio_percent,
                loss_share_fen: share,
            })
            .collect(),
        resolution_types: if settled(f) { f.resolution_types.clone() } else { vec![] },
        loss_fen: loss,
        days_to_close: days_to_close(f).map(tenth),
        on_time: case_on_time(f, at),
    }
}

// ---- the figures ------------------------------------------------------------

/// Everything `compute` needs besides the facts.
pub struct StatsInput<'a> {
    pub query: StatsQuery,
    pub period: FactPeriod,
    /// Lateness is judged at the period's end, or now if earlier.
    pub judged_at: DateTime<Utc>,
    /// `None`: every department.
    pub scope: Option<i64>,
    pub all_departments: bool,
    pub names: &'a BTreeMap<i64, String>,
}

const UNROUTED: &str = "未分派";
const NONE: &str = "未分类";

struct Slicer<'a> {
    input: &'a StatsInput<'a>,
}

impl Slicer<'_> {
    fn slice(&self, set: StatsSet, dimension: Option<StatsDimension>, value: &str, label: String) -> StatsSlice {
        StatsSlice {
            basis: self.input.period.basis,
            from: self.input.period.from,
            to: self.input.period.to,
            set,
            scope_department_id: self.input.scope,
            dimension,
            value: value.to_string(),
            late: false,
            late_stage: None,
            judged_at: self.input.judged_at,
            label,
        }
    }

    fn department_name(&self, id: Option<i64>) -> String {
        match id {
            Some(id) => self.input.names.get(&id).cloned().unwrap_or_else(|| format!("部门 {id}")),
            None => UNROUTED.to_string(),
        }
    }

    /// Tallies of a dimension, in `order` (keys with no case left out unless `keep_all`).
    fn tallies(&self, dimension: StatsDimension, counts: BTreeMap<String, (u64, i64)>, order: Vec<(String, String)>, keep_all: bool) -> Vec<Tally> {
        order
            .into_iter()
            .filter_map(|(key, label)| {
                let (count, amount_fen) = counts.get(&key).copied().unwrap_or((0, 0));
                (keep_all || count > 0).then(|| Tally {
                    slice: self.slice(StatsSet::Period, Some(dimension), &key, label.clone()),
                    key,
                    label,
                    count,
                    amount_fen,
                })
            })
            .collect()
    }
}

fn coded_order<T: Coded>(none_label: Option<&str>) -> Vec<(String, String)> {
    let mut order: Vec<(String, String)> = T::all().iter().map(|v| (v.code().to_string(), v.label().to_string())).collect();
    if let Some(label) = none_label {
        order.push((String::new(), label.to_string()));
    }
    order
}

fn count_by<K: Into<String>>(facts: &[&CaseFact], key: impl Fn(&CaseFact) -> Vec<K>) -> BTreeMap<String, (u64, i64)> {
    let mut counts: BTreeMap<String, (u64, i64)> = BTreeMap::new();
    for f in facts {
        for k in key(f) {
            counts.entry(k.into()).or_default().0 += 1;
        }
    }
    counts
}

fn id_key(id: Option<i64>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

/// Every figure of the period from its facts and flow.
pub fn compute(input: &StatsInput, facts: &[CaseFact], flow: &[FlowCount]) -> Statistics {
    let s = Slicer { input };
    let at = input.judged_at;
    let facts: Vec<&CaseFact> = facts.iter().filter(|f| input.scope.is_none_or(|d| f.department_id == Some(d))).collect();
    let flow: Vec<&FlowCount> = flow.iter().filter(|c| input.scope.is_none_or(|d| c.department_id == Some(d))).collect();
    let sum = |f: fn(&FlowCount) -> u64| flow.iter().map(|c| f(c)).sum::<u64>();
    let figure = |set: StatsSet, count: u64, label: &str| Figure { count, slice: s.slice(set, None, "", label.to_string()) };

    // Departments in the order they were set up; 未分派 last.
    let mut departments: Vec<(String, String)> = input.names.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
    departments.push((String::new(), UNROUTED.to_string()));

    let by_department = s.tallies(StatsDimension::Department, count_by(&facts, |f| vec![id_key(f.department_id)]), departments.clone(), false);
    let by_cause = s.tallies(StatsDimension::Cause, count_by(&facts, |f| vec![f.cause_type.map(|c| c.code()).unwrap_or("")]), coded_order::<CauseType>(Some(NONE)), false);
    let by_nature = s.tallies(StatsDimension::Nature, count_by(&facts, |f| vec![f.nature.map(|c| c.code()).unwrap_or("")]), coded_order::<Nature>(Some(NONE)), false);
    let by_severity = s.tallies(StatsDimension::Severity, count_by(&facts, |f| vec![f.severity.code()]), coded_order::<Severity>(None), false);
    let by_channel = s.tallies(StatsDimension::Channel, count_by(&facts, |f| vec![f.channel.code()]), coded_order::<Channel>(None), false);
    let by_status = s.tallies(StatsDimension::Status, count_by(&facts, |f| vec![f.status.code()]), coded_order::<CaseStatus>(None), false);
    let by_resolution = {
        let mut counts = count_by(&facts, |f| if settled(f) { f.resolution_types.iter().map(|t| t.code()).collect() } else { vec![] });
        for f in facts.iter().filter(|f| settled(f)) {
            // A case's loss goes to its first kind, so the column adds up to the total.
            if let Some(first) = f.resolution_types.first() {
                counts.entry(first.code().to_string()).or_default().1 += f.loss_fen;
            }
        }
        s.tallies(StatsDimension::Resolution, counts, coded_order::<ResolutionType>(None), false)
    };

    // Money.
    let claimed_fen = facts.iter().filter_map(|f| f.claimed_fen).sum();
    let approved_fen = facts.iter().filter(|f| settled(f)).filter_map(|f| f.approved_fen).sum();
    let loss_fen = facts.iter().filter(|f| settled(f)).map(|f| f.loss_fen).sum();
    let mut shares: BTreeMap<String, (u64, i64)> = BTreeMap::new();
    for f in facts.iter().filter(|f| settled(f) && f.loss_fen > 0) {
        if f.responsibilities.is_empty() {
            let e = shares.entry(String::new()).or_default();
            e.0 += 1;
            e.1 += f.loss_fen;
            continue;
        }
        let ratios: Vec<u8> = f.responsibilities.iter().map(|r| r.ratio_percent).collect();
        for (r, share) in f.responsibilities.iter().zip(split_by_ratio(f.loss_fen, &ratios)) {
            let e = shares.entry(r.department_id.to_string()).or_default();
            e.0 += 1;
            e.1 += share;
        }
    }
    if let Some(own) = input.scope {
        // The department-only view shows its own share, not the others'.
        shares.retain(|k, _| *k == own.to_string());
    }
    let mut responsible = departments.clone();
    if let Some(none) = responsible.last_mut() {
        none.1 = "未定责".to_string();
    }
    let mut loss_by_department = s.tallies(StatsDimension::Responsible, shares, responsible, false);
    loss_by_department.sort_by_key(|t| std::cmp::Reverse(t.amount_fen));

    // Time.
    let days: Vec<f64> = facts.iter().filter_map(|f| days_to_close(f)).collect();
    let (days_median, days_p90) = median_p90(&days);
    let late_slice = |dimension: Option<StatsDimension>, value: &str, stage: Option<DeadlineStage>, label: String| StatsSlice {
        late: true,
        late_stage: stage,
        ..s.slice(StatsSet::Period, dimension, value, label)
    };
    let on_time_row = |key: String, label: String, judged: u64, on_time: u64, late: StatsSlice| OnTime {
        key,
        label,
        judged,
        on_time,
        rate: percent(on_time, judged),
        late_slice: late,
    };
    let mut by_stage: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    let mut by_dept: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let (mut judged, mut punctual) = (0, 0);
    let mut overdue = Vec::new();
    for f in &facts {
        for (stage, late) in judged_stages(f, at) {
            let e = by_stage.entry(stage.stage.code()).or_default();
            e.0 += 1;
            e.1 += u64::from(!late);
            if late {
                overdue.push(OverdueLine {
                    case_id: f.id,
                    case_no: f.case_no.clone(),
                    department_name: s.department_name(f.department_id),
                    stage: stage.stage,
                    due_at: stage.due_at,
                    done_at: stage.done_at,
                    late_reason: stage.late_reason.clone(),
                });
            }
        }
        if let Some(ok) = case_on_time(f, at) {
            judged += 1;
            punctual += u64::from(ok);
            let e = by_dept.entry(id_key(f.department_id)).or_default();
            e.0 += 1;
            e.1 += u64::from(ok);
        }
    }
    let on_time = on_time_row(String::new(), "全部".into(), judged, punctual, late_slice(None, "", None, "超时案件".into()));
    let on_time_by_stage = DeadlineStage::ALL
        .iter()
        .filter_map(|st| {
            let (j, ok) = by_stage.get(st.code()).copied()?;
            Some(on_time_row(st.code().into(), st.label().into(), j, ok, late_slice(None, "", Some(*st), format!("{}超时", st.label()))))
        })
        .collect();
    let on_time_by_department = departments
        .iter()
        .filter_map(|(key, label)| {
            let (j, ok) = by_dept.get(key).copied()?;
            let slice = late_slice(Some(StatsDimension::Department), key, None, format!("{label} 超时案件"));
            Some(on_time_row(key.clone(), label.clone(), j, ok, slice))
        })
        .collect();

    // Satisfaction.
    let satisfaction = s.tallies(
        StatsDimension::Satisfaction,
        count_by(&facts, |f| f.satisfaction.map(|x| vec![x.code()]).unwrap_or_default()),
        coded_order::<Satisfaction>(None),
        true,
    );
    let rate_of = |fs: &[&&CaseFact]| {
        let answered = fs.iter().filter(|f| f.satisfaction.is_some()).count() as u64;
        let content = fs.iter().filter(|f| matches!(f.satisfaction, Some(Satisfaction::Satisfied | Satisfaction::FairlySatisfied))).count() as u64;
        percent(content, answered)
    };
    let satisfaction_rate = rate_of(&facts.iter().collect::<Vec<_>>());
    let satisfaction_by_department = departments
        .iter()
        .filter_map(|(key, label)| {
            let mine: Vec<&&CaseFact> = facts.iter().filter(|f| id_key(f.department_id) == *key && f.satisfaction.is_some()).collect();
            if mine.is_empty() {
                return None;
            }
            let n = |x: Satisfaction| mine.iter().filter(|f| f.satisfaction == Some(x)).count() as u64;
            Some(SatisfactionRow {
                key: key.clone(),
                label: label.clone(),
                satisfied: n(Satisfaction::Satisfied),
                fairly_satisfied: n(Satisfaction::FairlySatisfied),
                unsatisfied: n(Satisfaction::Unsatisfied),
                rate: rate_of(&mine),
                slice: s.slice(StatsSet::Period, Some(StatsDimension::Department), key, label.clone()),
            })
        })
        .collect();

    // Trend by cause, month by month of the basis date.
    let months = months_between(input.query.from, input.query.to);
    // The month's place in `months`, counted from the period's first month.
    let first_month = month_number(input.query.from);
    let month_index = |f: &CaseFact| {
        let at = match input.period.basis {
            StatsBasis::Closed => f.closed_at.unwrap_or(f.received_at),
            StatsBasis::Received => f.received_at,
        };
        usize::try_from(month_number(at.with_timezone(&china()).date_naive()) - first_month).ok().filter(|i| *i < months.len())
    };
    let trend = coded_order::<CauseType>(Some(NONE))
        .into_iter()
        .filter_map(|(key, label)| {
            let mut counts = vec![0u64; months.len()];
            for f in facts.iter().filter(|f| f.cause_type.map(|c| c.code()).unwrap_or("") == key) {
                if let Some(i) = month_index(f) {
                    counts[i] += 1;
                }
            }
            counts.iter().any(|c| *c > 0).then_some(TrendSeries { key, label, counts })
        })
        .collect();

    let mut pareto_bars = by_cause.clone();
    pareto_bars.sort_by_key(|t| std::cmp::Reverse(t.count));
    let total = facts.len() as u64;
    let mut running = 0;
    let pareto = pareto_bars
        .into_iter()
        .map(|tally| {
            running += tally.count;
            ParetoBar { cumulative: percent(running, total).unwrap_or(0.0), tally }
        })
        .collect();

    Statistics {
        query: input.query.clone(),
        all_departments: input.all_departments,
        scope_department_id: input.scope,
        cases: figure(StatsSet::Period, total, match input.period.basis {
            StatsBasis::Closed => "本期结案",
            StatsBasis::Received => "本期受理",
        }),
        opened: figure(StatsSet::Opened, sum(|c| c.opened), "本期受理"),
        closed: figure(StatsSet::Closed, sum(|c| c.closed), "本期结案"),
        open_at_end: figure(StatsSet::OpenAtEnd, sum(|c| c.open_at_end), "期末未结"),
        new_rounds: figure(StatsSet::NewRounds, sum(|c| c.new_rounds), "转入新一轮"),
        repeats: figure(StatsSet::Repeats, sum(|c| c.repeats), "二次投诉"),
        by_department,
        by_cause,
        by_nature,
        by_severity,
        by_channel,
        by_resolution,
        by_status,
        claimed_fen,
        approved_fen,
        loss_fen,
        loss_by_department,
        days_median,
        days_p90,
        on_time,
        on_time_by_stage,
        on_time_by_department,
        overdue_total: overdue.len() as u64,
        overdue: latest_overdue(overdue),
        satisfaction,
        satisfaction_rate,
        satisfaction_by_department,
        months,
        trend,
        pareto,
    }
}

/// The latest `OVERDUE_LINES_SHOWN` of `lines`, latest due first.
fn latest_overdue(mut lines: Vec<OverdueLine>) -> Vec<OverdueLine> {
    lines.sort_by(|a, b| b.due_at.cmp(&a.due_at).then_with(|| a.case_no.cmp(&b.case_no)));
    lines.truncate(OVERDUE_LINES_SHOWN);
    lines
}

/// Months since year 0: consecutive months are consecutive numbers.
fn month_number(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

/// "YYYY-MM" of each month from `from`'s to `to`'s.
fn months_between(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut months = Vec::new();
    let mut m = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).expect("first of month");
    while m <= to && months.len() < 240 {
        months.push(m.format("%Y-%m").to_string());
        m = m + Months::new(1);
    }
    months
}

/// Midnight starting `day` in China time, as UTC.
pub fn china_midnight(day: NaiveDate) -> DateTime<Utc> {
    china().from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight")).single().expect("fixed offset").with_timezone(&Utc)
}

/// The longest period the screen may ask for.
const MOST_DAYS: i64 = 366 * 10;

impl Desk {
    /// Whose figures `actor` sees: every department (`None`), or his own.
    pub fn stats_scope(&self, actor: &User) -> Result<Option<i64>> {
        let roles = self.store().roles_of(actor.id)?;
        if roles.iter().any(|r| matches!(r, Role::Gm | Role::ViceGm | Role::Quality | Role::Admin)) {
            return Ok(None);
        }
        let own = self.store().account(actor.id)?.and_then(|a| a.department_id);
        own.map(Some).ok_or_else(|| AppError::new(ErrorCode::Forbidden, "统计只显示本部门的数字：您还没有所属部门，请联系系统管理员"))
    }

    /// The period's store read: whole days in China time.
    pub fn stats_period(&self, query: &StatsQuery) -> Result<FactPeriod> {
        if query.to < query.from {
            return Err(AppError::invalid("to", "结束日期不能早于开始日期"));
        }
        if (query.to - query.from).num_days() >= MOST_DAYS {
            return Err(AppError::invalid("from", "统计期间最长十年"));
        }
        Ok(FactPeriod { basis: query.basis, from: china_midnight(query.from), to: china_midnight(query.to + chrono::Duration::days(1)) })
    }

    /// 统计: every figure of the period `actor` may see.
    pub fn statistics(&self, actor: &User, query: StatsQuery) -> Result<Statistics> {
        let own = self.stats_scope(actor)?;
        let scope = match (own, query.department_id) {
            (Some(own), Some(asked)) if asked != own => {
                return Err(AppError::new(ErrorCode::Forbidden, "您只能查看本部门的统计"));
            }
            (Some(own), _) => Some(own),
            (None, asked) => asked,
        };
        self.statistics_of(query, scope, own.is_none())
    }

    /// The figures of `scope` (none: every department), once who may see
    /// them is settled (the benchmark times this too).
    pub fn statistics_of(&self, query: StatsQuery, scope: Option<i64>, all_departments: bool) -> Result<Statistics> {
        let period = self.stats_period(&query)?;
        let names: BTreeMap<i64, String> = self.store().departments()?.into_iter().map(|d| (d.id, d.name)).collect();
        let (facts, flow) = self.store().facts_and_flow(&period)?;
        let input = StatsInput { query, period, judged_at: period.to.min(self.now()), scope, all_departments, names: &names };
        Ok(compute(&input, &facts, &flow))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screen_lists_the_latest_late_stages_only() {
        let day = |d: i64| DateTime::<Utc>::from_timestamp(1_790_000_000 + d * 86_400, 0).unwrap();
        let line = |n: i64| OverdueLine {
            case_id: n,
            case_no: format!("2609-{n:04}"),
            department_name: "业务部".into(),
            stage: DeadlineStage::Reply,
            due_at: day(n % 100),
            done_at: None,
            late_reason: String::new(),
        };
        let shown = latest_overdue((0..250).map(line).collect());
        assert_eq!(shown.len(), OVERDUE_LINES_SHOWN);
        // Days 50–99 hold two stages each (n and n + 100), days 0–49 three.
        assert_eq!((shown[0].due_at, shown[0].case_no.as_str(), shown[1].case_no.as_str()), (day(99), "2609-0099", "2609-0199"));
        assert_eq!((shown[98].case_no.as_str(), shown[99].case_no.as_str()), ("2609-0050", "2609-0150"));
        assert!(shown.windows(2).all(|w| w[0].due_at >= w[1].due_at));
        assert_eq!(latest_overdue(vec![line(3)]).len(), 1);
    }

    #[test]
    fn shares_add_up_to_the_loss_the_leftover_fen_to_the_largest_remainders() {
        assert_eq!(split_by_ratio(10_000, &[60, 40]), vec![6_000, 4_000]);
        // 100 fen in thirds: 33.33 each, the one fen left to the first.
        assert_eq!(split_by_ratio(100, &[34, 33, 33]), vec![34, 33, 33]);
        assert_eq!(split_by_ratio(1, &[50, 50]), vec![1, 0]);
        // 999 × 70% = 699.3, × 30% = 299.7: the leftover fen to the 30% line.
        assert_eq!(split_by_ratio(999, &[70, 30]), vec![699, 300]);
        assert_eq!(split_by_ratio(0, &[100]), vec![0]);
        assert_eq!(split_by_ratio(500, &[]), Vec::<i64>::new());
    }

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_middle_and_p90_the_nearest_rank() {
        assert_eq!(median_p90(&[]), (None, None));
        assert_eq!(median_p90(&[3.0]), (Some(3.0), Some(3.0)));
        assert_eq!(median_p90(&[4.0, 1.0, 2.0, 10.0]), (Some(3.0), Some(10.0)));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(median_p90(&ten), (Some(5.5), Some(9.0)));
    }
}
