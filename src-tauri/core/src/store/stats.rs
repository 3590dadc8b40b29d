//! 统计: what a period's statistics are computed from. The store hands over
//! one `CaseFact` per case of the period (by closing or by receipt date),
//! with everything a figure needs read in a few set queries, and the
//! period's flow counts (opened, closed, still open at its end); every
//! figure is then computed in `crate::stats`, once for both backends.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::*;
use crate::error::Result;

/// Which date puts a case into a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatsBasis {
    /// 结案日期: the seed's monthly count of the cases closed in the month.
    Closed,
    /// 受理日期
    Received,
}

/// A period as the store reads it: `from` inclusive, `to` exclusive (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactPeriod {
    pub basis: StatsBasis,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// One department's share of a case's responsibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactShare {
    pub department_id: i64,
    /// The person named on the line (empty: the department as a whole).
    pub person: String,
    pub ratio_percent: u8,
}

/// One stage of a case's time limits, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactStage {
    pub stage: DeadlineStage,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    /// 超时原因 given for it (empty: none given).
    pub late_reason: String,
}

/// What the statistics need of one case (voided cases are never facts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFact {
    pub id: i64,
    pub case_no: String,
    /// 1 for a first complaint; a later round of a rejected answer is 2, 3 …
    pub round: i64,
    /// Marked 二次投诉 (a repeat of an earlier, recent case).
    pub repeat: bool,
    /// The customer rejected this round's answer and a next round carries
    /// the matter on: its approved resolution was not given, so it counts
    /// no money here (the round that settles it does).
    pub continued: bool,
    pub received_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub status: CaseStatus,
    pub customer_name: String,
    /// 料号 and 订单号 (empty for organisations without goods).
    pub item_no: String,
    pub order_no: String,
    pub channel: Channel,
    pub nature: Option<Nature>,
    pub cause_type: Option<CauseType>,
    pub severity: Severity,
    pub validity: Option<Validity>,
    /// Marked 恶意投诉.
    pub malicious: bool,
    /// The handling department (the one routed to).
    pub department_id: Option<i64>,
    /// 客户索赔金额
    pub claimed_fen: Option<i64>,
    /// The approved resolution (the newest one, if it was approved): its
    /// kinds in line order without repeats, offered amount and loss by the 核算基准.
    pub resolution_types: Vec<ResolutionType>,
    pub approved_fen: Option<i64>,
    pub loss_fen: i64,
    /// Investigation.responsibilities, in their order.
    pub responsibilities: Vec<FactShare>,
    /// Time limits, oldest first.
    pub stages: Vec<FactStage>,
    /// The latest follow-up's answer.
    pub satisfaction: Option<Satisfaction>,
}

/// A department's flow over a period (whatever the basis): cases received
/// in it, closed in it, still open at its end, new rounds and 二次投诉
/// received in it. Voided cases are not counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowCount {
    pub department_id: Option<i64>,
    pub opened: u64,
    pub closed: u64,
    pub open_at_end: u64,
    pub new_rounds: u64,
    pub repeats: u64,
}

/// A resolution's kinds from the stores' comma-separated list (in line
/// order), each once.
pub fn resolution_kinds(list: Option<&str>) -> Vec<ResolutionType> {
    let mut kinds = Vec::new();
    for kind in list.unwrap_or("").split(',').filter_map(ResolutionType::from_code) {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds
}

/// 统计.
pub trait StatsStore: Send + Sync {
    /// The period's cases (not voided) by its basis date, in id order.
    fn case_facts(&self, period: &FactPeriod) -> Result<Vec<CaseFact>>;
    /// The period's flow, one row per department (none: not routed).
    fn period_flow(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<FlowCount>>;
    /// Both of the above, as 统计 needs them (a store may read them at once).
    fn facts_and_flow(&self, period: &FactPeriod) -> Result<(Vec<CaseFact>, Vec<FlowCount>)> {
        Ok((self.case_facts(period)?, self.period_flow(period.from, period.to)?))
    }
}
