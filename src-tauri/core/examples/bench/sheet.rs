//! The sheet's combinations: every sortable column, ascending and
//! descending, alone, with a filter and with a 1-, 2- and 3-character
//! search, on page 1 and page 1,000.

use std::time::Duration;

use complaintdesk_core::codes::*;
use complaintdesk_core::model::*;
use complaintdesk_core::Desk;

use crate::{ms, terms, time_pair, Raw, Timing};

/// The filter of a combination: none (voided cases hidden, as the sheet
/// opens), or the desk's most common question, open cases of one severity
/// (the severity changes from sample to sample).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    None,
    OpenOfSeverity,
}

pub const OPEN: [CaseStatus; 4] = [CaseStatus::Registered, CaseStatus::Assessed, CaseStatus::Routed, CaseStatus::Investigating];
pub const SEVERITIES: [Severity; 3] = [Severity::Important, Severity::Normal, Severity::Critical];

#[derive(Clone)]
pub struct Sheet {
    pub sort: SortField,
    pub descending: bool,
    pub filter: Filter,
    pub page: u32,
}

impl Sheet {
    pub fn new(sort: SortField, descending: bool, filter: Filter, page: u32) -> Sheet {
        Sheet { sort, descending, filter, page }
    }

    /// The query of sample `i`.
    pub fn query(&self, search: &str, i: usize) -> CaseQuery {
        let mut q = CaseQuery { search: search.to_string(), sort: self.sort, descending: self.descending, page: self.page, ..CaseQuery::default() };
        if self.filter == Filter::OpenOfSeverity {
            q.statuses = OPEN.to_vec();
            q.severities = vec![severity(i)];
        }
        q
    }
}

pub fn severity(i: usize) -> Severity {
    SEVERITIES[i % SEVERITIES.len()]
}

pub const SORTS: [(SortField, &str); 9] = [
    (SortField::CaseNo, "案件编号"),
    (SortField::ReceivedAt, "受理时间"),
    (SortField::CustomerName, "客户"),
    (SortField::Channel, "渠道"),
    (SortField::CauseType, "原因类型"),
    (SortField::Severity, "严重程度"),
    (SortField::Department, "责任部门"),
    (SortField::Status, "状态"),
    (SortField::Handler, "经办人"),
];

struct Cell {
    sort: &'static str,
    #[allow(dead_code)]
    descending: bool,
    variant: &'static str,
    page: u32,
    search: bool,
    core: Timing,
    raw: Timing,
}

impl Cell {
    fn target(&self) -> f64 {
        if self.search {
            100.0
        } else {
            20.0
        }
    }

    fn passes(&self) -> bool {
        ms(self.core.1) <= self.target() && ms(self.raw.1) <= self.target()
    }
}

/// Runs every combination with `samples` samples each and prints the full
/// matrix, then one line per sort column with its worst p95s.
pub fn matrix(desk: &Desk, raw: &mut dyn Raw, contents: &[String], samples: usize) {
    let words: Vec<Vec<String>> = (1..=3).map(|len| terms(contents, len, samples + 1)).collect();
    let none = vec![String::new(); samples + 1];
    let variants: [(&str, Filter, &Vec<String>); 5] = [
        ("alone", Filter::None, &none),
        ("filter", Filter::OpenOfSeverity, &none),
        ("search 1", Filter::None, &words[0]),
        ("search 2", Filter::None, &words[1]),
        ("search 3", Filter::None, &words[2]),
    ];
    let mut cells = Vec::new();
    println!();
    println!("sheet matrix ({samples} samples per cell; targets: page ≤ 20 ms p95, search ≤ 100 ms p95)");
    println!("| sort | dir | variant | page | core p50 | core p95 | raw p50 | raw p95 | target | pass |");
    println!("|---|---|---|---:|---:|---:|---:|---:|---:|:---:|");
    for (sort, label) in SORTS {
        for descending in [false, true] {
            for (variant, filter, words) in &variants {
                for page in [1, 1000] {
                    let sheet = Sheet::new(sort, descending, *filter, page);
                    let (core, raw_time) = time_pair(
                        samples,
                        |i| {
                            std::hint::black_box(desk.case_page(&sheet.query(&words[i], i)).unwrap());
                        },
                        |i| raw.page(&sheet, &words[i], i),
                    );
                    let cell = Cell { sort: label, descending, variant, page, search: !words[0].is_empty(), core, raw: raw_time };
                    println!(
                        "| {} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | ≤ {:.0} | {} |",
                        cell.sort,
                        if descending { "desc" } else { "asc" },
                        cell.variant,
                        cell.page,
                        ms(core.0),
                        ms(core.1),
                        ms(raw_time.0),
                        ms(raw_time.1),
                        cell.target(),
                        if cell.passes() { "yes" } else { "**NO**" }
                    );
                    cells.push(cell);
                }
            }
        }
    }

    println!();
    println!("sheet matrix, worst p95 per sort column (asc/desc × page 1/1,000; sheet = alone and filtered, search = 1-, 2-, 3-character)");
    println!("| sort | sheet core p95 | sheet raw p95 | search core p95 | search raw p95 | pass (≤ 20 / ≤ 100 ms) |");
    println!("|---|---:|---:|---:|---:|:---:|");
    let worst = |cells: &[&Cell], f: fn(&Cell) -> Duration| cells.iter().map(|c| f(c)).max().unwrap_or_default();
    for (_, label) in SORTS {
        let sheet: Vec<&Cell> = cells.iter().filter(|c| c.sort == label && !c.search).collect();
        let search: Vec<&Cell> = cells.iter().filter(|c| c.sort == label && c.search).collect();
        let all_pass = sheet.iter().chain(search.iter()).all(|c| c.passes());
        println!(
            "| {label} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {} |",
            ms(worst(&sheet, |c| c.core.1)),
            ms(worst(&sheet, |c| c.raw.1)),
            ms(worst(&search, |c| c.core.1)),
            ms(worst(&search, |c| c.raw.1)),
            if all_pass { "yes" } else { "**NO**" }
        );
    }
    let failed = cells.iter().filter(|c| !c.passes()).count();
    println!("{} of {} combinations meet their target", cells.len() - failed, cells.len());
}
