//! The `stats` section: a month's and a year's 统计 (every figure, all
//! departments) through the core, against the targets (a month
//! ≤ 300 ms, a year ≤ 1 s at a million cases). The periods step back
//! through the database's history so no sample reuses the last one's pages.

use std::time::Instant;

use chrono::{Datelike, Months, NaiveDate, Utc};
use complaintdesk_core::stats::StatsQuery;
use complaintdesk_core::store::StatsBasis;
use complaintdesk_core::Desk;

use crate::{ms, summary, Timing};

/// The `i`-th period of `months` months, stepping back through the ten
/// years the bench's cases span (older periods have more cases closed
/// after them to step over for "still open at the end").
fn period(i: usize, months: u32) -> (NaiveDate, NaiveDate) {
    let today = Utc::now().date_naive();
    let this_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    let periods = (120 / months).max(1);
    let end = this_month - Months::new(months * ((i as u32 * 7) % periods));
    let from = end - Months::new(months);
    (from, end.pred_opt().unwrap())
}

fn time(desk: &Desk, samples: usize, months: u32, basis: StatsBasis) -> (Timing, usize) {
    let query = |i: usize| {
        let (from, to) = period(i, months);
        StatsQuery { basis, from, to, department_id: None }
    };
    let mut facts = 0;
    desk.statistics_of(query(0), None, true).unwrap(); // warm the statement caches
    let mut times = Vec::new();
    for i in 1..=samples {
        let start = Instant::now();
        let s = std::hint::black_box(desk.statistics_of(query(i), None, true).unwrap());
        times.push(start.elapsed());
        facts = facts.max(s.cases.count as usize);
    }
    (summary(times), facts)
}

pub fn run(desk: &Desk, samples: usize) {
    println!();
    println!("统计 ({samples} samples per row, every figure of every department)");
    println!("| period | cases in it (most) | p50 | p95 | target p95 | pass |");
    println!("|---|---:|---:|---:|---:|:---:|");
    for (what, months, basis, target) in [
        ("a month by closing date", 1, StatsBasis::Closed, 300.0),
        ("a month by receipt date", 1, StatsBasis::Received, 300.0),
        ("a year by closing date", 12, StatsBasis::Closed, 1000.0),
    ] {
        let ((p50, p95), facts) = time(desk, samples, months, basis);
        println!(
            "| {what} | {facts} | {:.1} ms | {:.1} ms | ≤ {target:.0} ms | {} |",
            ms(p50),
            ms(p95),
            if ms(p95) <= target { "yes" } else { "**NO**" }
        );
    }
}
