//! 客户投诉案件统计表 [002 第三篇 (九)10]: every month, before the 10th, the
//! 总经理室 gathers the cases closed in the month before into one table,
//! which the departments concerned (those found responsible, and 制造部,
//! 质量管理部, 研发部) confirm. The table is a document like the others:
//! its own number, its paper frozen when issued, 补打, 作废.
//!
//! Which cases a month's table lists: those closed in the month that no
//! live table lists, and, marked 补入, those closed in an earlier month
//! after that month's table was issued (a table may be drawn up on the
//! month's last working day, and a case may close after it). A case
//! closed in a month no table was ever issued for (before the desk kept
//! tables) is never pulled in. A round the customer rejected is not listed:
//! the round that settles the matter is.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codes::*;
use crate::desk::Desk;
use crate::documents::IssuedDocument;
use crate::error::{AppError, ErrorCode, Result};
use crate::model::*;
use crate::stats::{statement_line, StatementLine};
use crate::store::stats::{CaseFact, FactPeriod, StatsBasis};
use crate::store::statements::{ConfirmationInsert, StatementCase, StoredStatement};

/// The department whose people draw up the table [002 第三篇 (九)10].
pub const GENERAL_OFFICE: &str = "总经理室";
/// Departments that confirm every table, besides those found responsible.
const ALWAYS_CONFIRM: [&str; 3] = ["制造部", "质量管理部", "研发部"];
/// The table is due before this day of the next month.
pub const DUE_DAY: u32 = 10;
/// How far back a late case is looked for.
const LATE_MONTHS: i32 = 12;

/// One line of the table: a closed case, when it closed, and whether it
/// is listed late (补入: closed in an earlier month, after that month's
/// table was issued).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementEntry {
    pub line: StatementLine,
    /// 结案日期 (China time).
    pub closed_on: String,
    pub late: bool,
}

/// A line of the totals by department, cause or resolution type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementTotal {
    pub label: String,
    #[ts(type = "number")]
    pub cases: u64,
    #[ts(type = "number")]
    pub loss_fen: i64,
}

/// A department's confirmation, as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementConfirmation {
    #[ts(type = "number")]
    pub department_id: i64,
    pub department_name: String,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// The 统计表 screen for a month: the table as it stands (issued, or what
/// issuing it now would list), with what this person may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthStatement {
    /// YYYY-MM
    pub month: String,
    pub lines: Vec<StatementEntry>,
    pub by_department: Vec<StatementTotal>,
    pub by_cause: Vec<StatementTotal>,
    pub by_resolution: Vec<StatementTotal>,
    #[ts(type = "number")]
    pub total_loss_fen: i64,
    /// The month's live table, once issued.
    pub document: Option<IssuedDocument>,
    /// The departments asked to confirm it, and those that did.
    pub confirming: Vec<Department>,
    pub confirmations: Vec<StatementConfirmation>,
    pub may_issue: bool,
    /// The departments this person may confirm for (their head).
    #[ts(type = "number[]")]
    pub may_confirm: Vec<i64>,
}

/// 工作台's reminder to the 总经理室: last month's table is not issued yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementDue {
    pub month: String,
    /// The day it is due by (the 10th).
    pub due_on: NaiveDate,
    pub overdue: bool,
}

/// "2026-11" → (2026, 11), or a message naming the field.
pub fn parse_month(text: &str) -> Result<(i32, u32)> {
    let bad = || AppError::invalid("month", format!("月份应写成 2026-11 这样（现为“{}”）", text.trim()));
    let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(2000..=2200).contains(&y) || !(1..=12).contains(&m) {
        return Err(bad());
    }
    Ok((y, m))
}

fn month_text(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

/// The month `delta` months from (y, m).
fn shift(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let n = y * 12 + (m as i32 - 1) + delta;
    (n.div_euclid(12), n.rem_euclid(12) as u32 + 1)
}

/// Midnight (China time) starting the month, in UTC.
fn month_start(y: i32, m: u32) -> DateTime<Utc> {
    crate::stats::china_midnight(NaiveDate::from_ymd_opt(y, m, 1).expect("a month from parse_month or shift"))
}

/// The month (China time) a time falls in.
fn month_of(at: DateTime<Utc>) -> (i32, u32) {
    let local = at.with_timezone(&crate::numbering::china());
    (local.year(), local.month())
}

fn china_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&crate::numbering::china()).date_naive()
}

/// 责任部门及比例 as printed: "业务部 60%、制造部 40%".
pub fn responsibility_text(line: &StatementLine) -> String {
    line.responsibilities.iter().map(|r| format!("{} {}%", r.department_name, r.ratio_percent)).collect::<Vec<_>>().join("、")
}

fn entry(fact: &CaseFact, late: bool, names: &BTreeMap<i64, String>, now: DateTime<Utc>) -> StatementEntry {
    StatementEntry { line: statement_line(fact, names, now), closed_on: china_day(fact.closed_at.unwrap_or(fact.received_at)).to_string(), late }
}

/// The totals of the lines: each department's share of the losses (by
/// ratio), cases and loss by cause and by resolution type.
fn totals(entries: &[StatementEntry]) -> (Vec<StatementTotal>, Vec<StatementTotal>, Vec<StatementTotal>) {
    let mut by_department: BTreeMap<String, StatementTotal> = BTreeMap::new();
    let mut by_cause: BTreeMap<String, StatementTotal> = BTreeMap::new();
    let mut by_resolution: BTreeMap<String, StatementTotal> = BTreeMap::new();
    let add = |map: &mut BTreeMap<String, StatementTotal>, label: &str, loss_fen: i64| {
        let t = map.entry(label.to_string()).or_insert_with(|| StatementTotal { label: label.to_string(), cases: 0, loss_fen: 0 });
        t.cases += 1;
        t.loss_fen += loss_fen;
    };
    for l in entries.iter().map(|e| &e.line) {
        if l.responsibilities.is_empty() {
            add(&mut by_department, "未判定责任", l.loss_fen);
        }
        for r in &l.responsibilities {
            add(&mut by_department, &r.department_name, r.loss_share_fen);
        }
        add(&mut by_cause, l.cause_type.map_or("未判定", |c| c.label()), l.loss_fen);
        if l.resolution_types.is_empty() {
            add(&mut by_resolution, "无", 0);
        }
        for (i, t) in l.resolution_types.iter().enumerate() {
            // The loss is the case's, counted once: on its first resolution type.
            add(&mut by_resolution, t.label(), if i == 0 { l.loss_fen } else { 0 });
        }
    }
    let sorted = |m: BTreeMap<String, StatementTotal>| {
        let mut v: Vec<StatementTotal> = m.into_values().collect();
        v.sort_by(|a, b| b.cases.cmp(&a.cases).then(b.loss_fen.cmp(&a.loss_fen)).then(a.label.cmp(&b.label)));
        v
    };
    (sorted(by_department), sorted(by_cause), sorted(by_resolution))
}

/// What a month's table lists: its cases (late ones marked) with their facts.
struct Listing {
    cases: Vec<StatementCase>,
    facts: Vec<CaseFact>,
}

impl Desk {
    /// Whether the person draws up the tables: the 总经理室's people, the
    /// 总经理 and 副总经理.
    fn drafts_statements(&self, actor: &User) -> Result<bool> {
        let roles = self.roles_of(actor.id)?;
        if roles.iter().any(|r| matches!(r, Role::Gm | Role::ViceGm)) {
            return Ok(true);
        }
        let office = self.departments()?.into_iter().find(|d| d.name == GENERAL_OFFICE).map(|d| d.id);
        Ok(office.is_some_and(|o| self.departments_of(actor.id).is_ok_and(|mine| mine.contains(&o))))
    }

    /// The departments `actor` heads (the set head, or a 部门负责人 of it).
    fn headed_departments(&self, actor: &User) -> Result<Vec<i64>> {
        let account = self.store().account(actor.id)?.ok_or_else(|| AppError::not_found("用户"))?;
        let mut ids = Vec::new();
        for d in self.departments()? {
            let set_head = self.store().department_head(d.id)? == Some(actor.id);
            if set_head || (account.roles.contains(&Role::DeptHead) && account.department_id == Some(d.id)) {
                ids.push(d.id);
            }
        }
        Ok(ids)
    }

    pub(crate) fn require_statements(&self, actor: &User) -> Result<()> {
        let roles = self.roles_of(actor.id)?;
        let sees = self.drafts_statements(actor)?
            || roles.iter().any(|r| matches!(r, Role::Quality | Role::Admin))
            || !self.headed_departments(actor)?.is_empty();
        if !sees {
            return Err(AppError::new(ErrorCode::Forbidden, "客户投诉案件统计表只对总经理室、质量管理部和部门负责人开放"));
        }
        Ok(())
    }

    /// The facts of the cases closed from `from` to the end of month (y, m),
    /// keyed by id.
    fn closed_facts(&self, from: DateTime<Utc>, y: i32, m: u32) -> Result<BTreeMap<i64, CaseFact>> {
        let (ny, nm) = shift(y, m, 1);
        let period = FactPeriod { basis: StatsBasis::Closed, from, to: month_start(ny, nm) };
        Ok(self.store().case_facts(&period)?.into_iter().map(|f| (f.id, f)).collect())
    }

    /// What issuing the month's table now would list.
    fn listing(&self, y: i32, m: u32) -> Result<Listing> {
        let (ly, lm) = shift(y, m, -LATE_MONTHS);
        let (ny, nm) = shift(y, m, 1);
        let earlier = self.store().statements(&month_text(ly, lm), &month_text(y, m))?;
        let tabled: Vec<String> = self.live(earlier)?.into_iter().map(|(s, _)| s.month).filter(|t| *t != month_text(y, m)).collect();
        let this_month = month_start(y, m);
        // Late cases can only come from a month that has a table: look no
        // further back than the earliest such month.
        let from = tabled.iter().filter_map(|t| parse_month(t).ok()).map(|(ty, tm)| month_start(ty, tm)).min().unwrap_or(this_month);
        let unlisted = self.store().unlisted_closed_cases(from, month_start(ny, nm))?;
        let (cases, closed): (Vec<StatementCase>, Vec<DateTime<Utc>>) = unlisted
            .iter()
            .filter_map(|(id, closed_at)| {
                let late = *closed_at < this_month;
                let (cy, cm) = month_of(*closed_at);
                (!late || tabled.contains(&month_text(cy, cm))).then_some((StatementCase { case_id: *id, late }, *closed_at))
            })
            .unzip();
        // Listed in closing order: the first is the earliest.
        let from = closed.first().copied().unwrap_or(this_month);
        let mut facts = self.closed_facts(from.min(this_month), y, m)?;
        let (cases, facts): (Vec<StatementCase>, Vec<CaseFact>) =
            cases.into_iter().filter_map(|c| facts.remove(&c.case_id).filter(|f| !f.continued).map(|f| (c, f))).unzip();
        Ok(Listing { cases, facts })
    }

    /// The listing of an issued table: the cases it lists, as they are now.
    fn issued_listing(&self, statement: &StoredStatement) -> Result<Listing> {
        let (y, m) = parse_month(&statement.month)?;
        // Only a table with late cases reaches back before its month.
        let (fy, fm) = if statement.cases.iter().any(|c| c.late) { shift(y, m, -LATE_MONTHS) } else { (y, m) };
        let mut facts = self.closed_facts(month_start(fy, fm), y, m)?;
        let cases: Vec<StatementCase> = statement.cases.iter().filter(|c| facts.contains_key(&c.case_id)).copied().collect();
        let facts = cases.iter().filter_map(|c| facts.remove(&c.case_id)).collect();
        Ok(Listing { cases, facts })
    }

    /// The statements with their documents, live ones only.
    fn live(&self, statements: Vec<StoredStatement>) -> Result<Vec<(StoredStatement, IssuedDocument)>> {
        let mut out = Vec::new();
        for s in statements {
            let doc = self.store().document_by_id(s.document_id)?.ok_or_else(|| AppError::not_found("统计表"))?.document;
            if doc.voided_at.is_none() {
                out.push((s, doc));
            }
        }
        Ok(out)
    }

    /// The lines of a listing, in its order.
    fn entries(&self, listing: &Listing) -> Result<Vec<StatementEntry>> {
        let names: BTreeMap<i64, String> = self.departments()?.into_iter().map(|d| (d.id, d.name)).collect();
        let now = self.now();
        Ok(listing.facts.iter().zip(&listing.cases).map(|(f, c)| entry(f, c.late, &names, now)).collect())
    }

    /// The departments asked to confirm: those found responsible in the
    /// table, and 制造部, 质量管理部, 研发部 where the organisation has them.
    fn confirming(&self, facts: &[CaseFact]) -> Result<Vec<Department>> {
        let responsible: Vec<i64> = facts.iter().flat_map(|f| f.responsibilities.iter().map(|s| s.department_id)).collect();
        Ok(self.departments()?.into_iter().filter(|d| responsible.contains(&d.id) || ALWAYS_CONFIRM.contains(&d.name.as_str())).collect())
    }

    /// The month's live table, once issued.
    fn live_statement(&self, y: i32, m: u32) -> Result<Option<(StoredStatement, IssuedDocument)>> {
        Ok(self.live(self.store().statements(&month_text(y, m), &month_text(y, m))?)?.pop())
    }

    /// The cases of a month's table: those the issued table lists (补入
    /// included), or, before issue, those issuing it now would list.
    pub(crate) fn month_facts(&self, month: &str) -> Result<Vec<CaseFact>> {
        let (y, m) = parse_month(month)?;
        Ok(match self.live_statement(y, m)? {
            Some((s, _)) => self.issued_listing(&s)?.facts,
            None => self.listing(y, m)?.facts,
        })
    }

    /// For 奖罚: the month's issued table (its number) and how many of the
    /// departments asked to confirm it did; `None` before it is issued.
    pub(crate) fn issued_table_of(&self, month: &str) -> Result<Option<crate::accountability::TableBasis>> {
        let (y, m) = parse_month(month)?;
        let Some((s, doc)) = self.live_statement(y, m)? else { return Ok(None) };
        let confirming = self.confirming(&self.issued_listing(&s)?.facts)?;
        let confirmed = confirming.iter().filter(|d| s.confirmations.iter().any(|k| k.department_id == d.id)).count();
        Ok(Some(crate::accountability::TableBasis { document_no: doc.number, confirming: confirming.len() as u32, confirmed: confirmed as u32 }))
    }

    /// 统计表 for a month: issued, or what issuing it now would list.
    pub fn month_statement(&self, actor: &User, month: &str) -> Result<MonthStatement> {
        self.require_statements(actor)?;
        let (y, m) = parse_month(month)?;
        let live = self.live_statement(y, m)?;
        let listing = match &live {
            Some((s, _)) => self.issued_listing(s)?,
            None => self.listing(y, m)?,
        };
        let lines = self.entries(&listing)?;
        let (by_department, by_cause, by_resolution) = totals(&lines);
        let confirming = self.confirming(&listing.facts)?;
        let headed = self.headed_departments(actor)?;
        let (document, confirmations) = match live {
            Some((s, doc)) => (
                Some(doc),
                s.confirmations
                    .into_iter()
                    .map(|k| StatementConfirmation { department_id: k.department_id, department_name: k.department_name, by_name: k.by_name, at: k.at })
                    .collect::<Vec<_>>(),
            ),
            None => (None, Vec::new()),
        };
        let may_confirm = match &document {
            Some(_) => confirming
                .iter()
                .filter(|d| headed.contains(&d.id) && !confirmations.iter().any(|k| k.department_id == d.id))
                .map(|d| d.id)
                .collect(),
            None => Vec::new(),
        };
        Ok(MonthStatement {
            month: month_text(y, m),
            total_loss_fen: lines.iter().map(|e| e.line.loss_fen).sum(),
            lines,
            by_department,
            by_cause,
            by_resolution,
            may_issue: document.is_none() && self.drafts_statements(actor)?,
            document,
            confirming,
            confirmations,
            may_confirm,
        })
    }

    /// 开具统计表 (总经理室): the month's table becomes a document of its
    /// own number, listing its cases, in one transaction.
    pub fn issue_statement(&self, actor: &User, month: &str) -> Result<IssuedDocument> {
        if !self.drafts_statements(actor)? {
            return Err(AppError::new(ErrorCode::Forbidden, "客户投诉案件统计表由总经理室开具"));
        }
        let (y, m) = parse_month(month)?;
        if month_start(y, m) > self.now() {
            return Err(AppError::invalid("month", format!("{} 还没有到，不能开具它的统计表", month_text(y, m))));
        }
        if let Some((_, doc)) = self.live(self.store().statements(&month_text(y, m), &month_text(y, m))?)?.pop() {
            return Err(crate::store::statements::statement_exists(&month_text(y, m), &doc.number));
        }
        let listing = self.listing(y, m)?;
        if listing.cases.is_empty() {
            return Err(AppError::new(ErrorCode::WrongState, format!("{} 没有待列入统计表的结案案件", month_text(y, m))));
        }
        let lines = self.entries(&listing)?;
        let (by_department, by_cause, by_resolution) = totals(&lines);
        let confirming: Vec<String> = self.confirming(&listing.facts)?.into_iter().map(|d| d.name).collect();
        let month = month_text(y, m);
        let content = crate::documents::forms::StatementContent { month: month.clone(), lines, by_department, by_cause, by_resolution, confirming };
        self.issue_statement_document(actor, month, listing.cases, content)
    }

    /// 确认 by a department's head: his department agrees with the table's
    /// responsibilities and ratios.
    pub fn confirm_statement(&self, actor: &User, document_id: i64, department_id: i64) -> Result<MonthStatement> {
        self.require_statements(actor)?;
        let statement = self.store().statement(document_id)?.ok_or_else(|| AppError::not_found("统计表"))?;
        if !self.headed_departments(actor)?.contains(&department_id) {
            return Err(AppError::new(ErrorCode::Forbidden, "只有该部门的负责人可以确认统计表"));
        }
        let listing = self.issued_listing(&statement)?;
        if !self.confirming(&listing.facts)?.iter().any(|d| d.id == department_id) {
            return Err(AppError::invalid("departmentId", "这个部门不在本表的确认部门之列"));
        }
        self.store().insert_confirmation(&ConfirmationInsert { document_id, department_id, by: self.stamp(actor) })?;
        self.month_statement(actor, &statement.month)
    }

    /// The reminder on the 工作台 of the 总经理室: from the 1st of a month
    /// until last month's table is issued, if any case closed in it.
    pub fn statement_due(&self, actor: &User) -> Result<Option<StatementDue>> {
        if !self.drafts_statements(actor)? {
            return Ok(None);
        }
        let now = self.now();
        let (y, m) = month_of(now);
        let (py, pm) = shift(y, m, -1);
        let month = month_text(py, pm);
        if !self.live(self.store().statements(&month, &month)?)?.is_empty() {
            return Ok(None);
        }
        if self.store().unlisted_closed_cases(month_start(py, pm), month_start(y, m))?.is_empty() {
            return Ok(None);
        }
        let due_on = NaiveDate::from_ymd_opt(y, m, DUE_DAY).expect("the 10th exists");
        Ok(Some(StatementDue { month, due_on, overdue: china_day(now) >= due_on }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn months_parse_shift_and_start_in_china_time() {
        assert_eq!(parse_month("2026-11").unwrap(), (2026, 11));
        assert!(parse_month("2026-13").is_err());
        assert!(parse_month("11/2026").is_err());
        assert_eq!(shift(2026, 1, -1), (2025, 12));
        assert_eq!(shift(2026, 11, 2), (2027, 1));
        assert_eq!(shift(2026, 11, -12), (2025, 11));
        assert_eq!(month_start(2026, 12), Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap());
    }
}
