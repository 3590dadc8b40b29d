//! Case numbers are never duplicated nor skipped, however many desks
//! register on one database at the same moment (threads with their own
//! connections, or separate processes), and of two desks deciding the same
//! case at once exactly one wins. Runs on both backends (see `common`).

mod common;

use std::collections::HashSet;
use std::sync::{Arc, Barrier};

use common::office::*;
use common::*;
use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::model::*;
use complaintdesk_core::{Desk, ErrorCode};

/// Registers `count` cases at a new desk as `who`; the numbers acknowledged.
fn register_many(db: &TestDb, who: &str, count: usize, start: Option<&Barrier>) -> Vec<String> {
    let desk = Desk::new(db.open(), Box::new(SystemClock));
    let agent = desk.create_user(who).unwrap();
    if let Some(barrier) = start {
        barrier.wait();
    }
    (0..count)
        .map(|i| {
            let input = other_case(desk.now(), who, &format!("137{:08}", i), "并发登记测试");
            desk.register_case(&agent, input).unwrap().case_no
        })
        .collect()
}

/// Every acknowledged number is stored, and the stored numbers are exactly
/// 0001 … N of one month: no duplicate, no gap.
fn assert_numbers(db: &TestDb, acknowledged: &[String]) {
    let desk = Desk::new(db.open(), Box::new(SystemClock));
    let mut stored = Vec::new();
    for page in 1.. {
        let rows = desk.case_page(&CaseQuery { page, page_size: 200, ..CaseQuery::default() }).unwrap().rows;
        if rows.is_empty() {
            break;
        }
        stored.extend(rows.into_iter().map(|r| r.case_no));
    }
    let unique: HashSet<&String> = stored.iter().collect();
    assert_eq!(unique.len(), stored.len(), "no number stored twice");
    let acknowledged_set: HashSet<&String> = acknowledged.iter().collect();
    assert_eq!(acknowledged_set.len(), acknowledged.len(), "no number handed out twice");
    assert_eq!(acknowledged_set, unique, "every acknowledged case is stored, and nothing else");
    let months: HashSet<&str> = stored.iter().map(|n| &n[..4]).collect();
    if months.len() == 1 {
        let mut serials: Vec<usize> = stored.iter().map(|n| n[5..].parse().unwrap()).collect();
        serials.sort();
        assert_eq!(serials, (1..=stored.len()).collect::<Vec<_>>(), "no gaps");
    }
}

#[test]
fn two_connections_in_one_process() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path());
    drop(db.open());
    let writers: Vec<_> = ["甲", "乙"]
        .into_iter()
        .map(|who| {
            let db = db.clone();
            std::thread::spawn(move || register_many(&db, who, 60, None))
        })
        .collect();
    let acknowledged: Vec<String> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    assert_numbers(&db, &acknowledged);
}

/// Twenty workstations registering at once. On PostgreSQL, the team's
/// shared server, each registers 500; the embedded file is one desk's, so
/// there a smaller burst shows the same rule.
#[test]
fn twenty_desks_registering_at_once() {
    let per_desk = if on_postgres() { 500 } else { 25 };
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path());
    drop(db.open());
    let start = Arc::new(Barrier::new(20));
    let desks: Vec<_> = (0..20)
        .map(|i| {
            let (db, start) = (db.clone(), start.clone());
            std::thread::spawn(move || register_many(&db, &format!("坐席{i:02}"), per_desk, Some(&start)))
        })
        .collect();
    let acknowledged: Vec<String> = desks.into_iter().flat_map(|d| d.join().unwrap()).collect();
    assert_eq!(acknowledged.len(), 20 * per_desk);
    assert_numbers(&db, &acknowledged);
}

/// Runs in a child process started by `two_processes_on_one_database`; skipped otherwise.
#[test]
fn child_registers_cases() {
    if let Some(db) = std::env::var_os("COMPLAINTDESK_CHILD_DB") {
        let db = TestDb::from_env_string(db.to_str().unwrap());
        let numbers = register_many(&db, &std::env::var("COMPLAINTDESK_CHILD_NAME").unwrap(), 60, None);
        // On a line of its own: the harness has written "test … " before it.
        println!("\nACK {}", numbers.join(" "));
    }
}

#[test]
fn two_processes_on_one_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path());
    drop(db.open());
    let children: Vec<_> = ["丙", "丁"]
        .into_iter()
        .map(|who| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "child_registers_cases", "--nocapture", "--test-threads=1"])
                .env("COMPLAINTDESK_CHILD_DB", db.to_env_string())
                .env("COMPLAINTDESK_CHILD_NAME", who)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut acknowledged = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let line = text.lines().find_map(|l| l.strip_prefix("ACK ")).expect("the child's numbers");
        acknowledged.extend(line.split(' ').map(String::from));
    }
    assert_eq!(acknowledged.len(), 120);
    assert_numbers(&db, &acknowledged);
}

/// The 副总经理 and the 总经理 both open the ¥135,000 proposal and approve
/// it at the same moment at their own desks: one approval is recorded, the
/// other is refused as a stale edit and writes nothing.
#[test]
fn two_desks_approving_the_same_case_at_once() {
    let o = office();
    let gm = person(&o.t, &o.admin, "吴总", "wuzong", &[complaintdesk_core::codes::Role::Gm], None);
    let case = proposed_case(&o, 135_000, &o.head);
    let start = Arc::new(Barrier::new(2));
    let deciders: Vec<_> = [o.vice_gm.clone(), gm.clone()]
        .into_iter()
        .map(|approver| {
            let (desk, start) = (o.t.another_desk(), start.clone());
            let (id, version) = (case.id, case.version);
            std::thread::spawn(move || {
                start.wait();
                desk.approve(&approver, id, version, "同意", true).map(|c| c.status)
            })
        })
        .collect();
    let results: Vec<_> = deciders.into_iter().map(|d| d.join().unwrap()).collect();
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "exactly one approval wins: {results:?}");
    let lost = results.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert_eq!(lost.code, ErrorCode::StaleEdit, "{lost:?}");
    assert_eq!(o.t.desk.store().approvals(case.id).unwrap().len(), 1, "the refused approval wrote nothing");
    let approved = o.t.desk.case(case.id).unwrap();
    assert_eq!(approved.status, complaintdesk_core::codes::CaseStatus::Approved);
    assert_eq!(approved.version, case.version + 1);
}
