//! 工作台 (section `dashboard`): the dashboard of the database's first
//! administrator as one command, and each of its parts alone, so a slow
//! part is named; with the size of the answer the window receives.

use std::time::Instant;

use chrono::Utc;
use complaintdesk_core::codes::Role;
use complaintdesk_core::model::*;
use complaintdesk_core::Desk;

fn time<T>(samples: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut ms = Vec::new();
    let mut last = None;
    for _ in 0..samples {
        let started = Instant::now();
        last = Some(f());
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    let p95 = ms[((ms.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)];
    (ms[ms.len() / 2], p95, last.unwrap())
}

pub fn run(desk: &Desk, samples: usize) {
    let admin = desk.store().accounts().unwrap().into_iter().find(|a| a.roles.contains(&Role::Admin));
    let admin = match admin {
        Some(a) => User { id: a.id, name: a.name },
        None => desk.create_first_admin("基准管理员", "bench-admin", "bench-admin-2026").unwrap(),
    };
    let now = Utc::now();
    println!("\n工作台 of the administrator ({samples} samples)");
    println!("| part | p50 | p95 | what it holds |");
    println!("|---|---:|---:|---|");
    let row = |name: &str, (p50, p95, what): (f64, f64, String)| println!("| {name} | {p50:.1} ms | {p95:.1} ms | {what} |");
    row("dashboard (the command)", {
        let (a, b, d) = time(samples, || desk.dashboard(&admin).unwrap());
        (a, b, format!("{} KB of JSON", serde_json::to_vec(&d).unwrap().len() / 1024))
    });
    row("我的待办 (my_work)", {
        let (a, b, g) = time(samples, || desk.my_work(&admin).unwrap());
        (a, b, format!("{} rows", g.iter().map(|g| g.rows.len()).sum::<usize>()))
    });
    row("overdue by department", {
        let (a, b, v) = time(samples, || desk.store().overdue_by_department(now).unwrap());
        (a, b, format!("{} departments, {} cases", v.len(), v.iter().map(|d| d.count).sum::<u64>()))
    });
    row("escalated cases", {
        let (a, b, v) = time(samples, || desk.store().escalated_cases(&[], now, 50).unwrap());
        (a, b, format!("{} rows", v.len()))
    });
    row("statement due", {
        let (a, b, v) = time(samples, || desk.statement_due(&admin).unwrap());
        (a, b, format!("{v:?}"))
    });
    row("systemic alerts", {
        let (a, b, v) = time(samples, || desk.active_systemic_alerts(&admin).unwrap());
        (a, b, format!("{} alerts, {} cases listed", v.len(), v.iter().map(|a| a.cases.len()).sum::<usize>()))
    });
}
