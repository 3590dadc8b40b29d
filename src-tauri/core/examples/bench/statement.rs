//! The monthly close's 客户投诉案件统计表 (section `statement`): a month of
//! the benchmark's ten years gathered into the table, issued, and its PDF
//! rendered, through the core as the 总经理室 does it. Issuing lists the
//! month's cases for good, so each run takes the latest month not yet
//! tabled (the first run last month, the next the month before, …).

use std::time::Instant;

use chrono::{Datelike, Months, Utc};
use complaintdesk_core::codes::{OutputTarget, Role};
use complaintdesk_core::model::*;
use complaintdesk_core::Desk;

/// A 总经理 for the bench, made by the database's first administrator.
fn general_manager(desk: &Desk) -> User {
    let admin = match desk.store().accounts().unwrap().into_iter().find(|a| a.roles.contains(&Role::Admin)) {
        Some(a) => User { id: a.id, name: a.name },
        None => desk.create_first_admin("基准管理员", "bench-admin", "bench-admin-2026").unwrap(),
    };
    let login = format!("bench-gm-{}", Utc::now().timestamp_millis());
    let new = NewUser { name: login.clone(), login, password: "bench-gm-2026!".into(), roles: vec![Role::Gm], department_id: None };
    let account = desk.create_account(&admin, new).unwrap();
    User { id: account.id, name: account.name }
}

pub fn run(desk: &Desk) {
    let gm = general_manager(desk);
    let mut month = Utc::now().date_naive().with_day(1).unwrap() - Months::new(1);
    let table = loop {
        let text = month.format("%Y-%m").to_string();
        let t = desk.month_statement(&gm, &text).unwrap();
        if t.document.is_none() && !t.lines.is_empty() {
            break text;
        }
        month = month - Months::new(1);
    };
    let started = Instant::now();
    let preview = desk.month_statement(&gm, &table).unwrap();
    let gathered = started.elapsed();
    let started = Instant::now();
    let doc = desk.issue_statement(&gm, &table).unwrap();
    let issued = started.elapsed();
    let started = Instant::now();
    let pdf = desk.document_pdf(&gm, &doc.number, &[], OutputTarget::Export).unwrap();
    let rendered = started.elapsed();
    println!("\n客户投诉案件统计表 of {table}: {} closed cases, {} KB of PDF", preview.lines.len(), pdf.bytes.len() / 1024);
    println!("| step | time | target |");
    println!("|---|---|---|");
    println!("| gather the month (screen) | {gathered:.1?} | |");
    println!("| issue it (lines, paper, numbered, stored) | {issued:.1?} | |");
    println!("| render its PDF | {rendered:.1?} | |");
    println!("| issue + PDF | {:.1?} | ≤ 2 s for 2,000 cases |", issued + rendered);
}
