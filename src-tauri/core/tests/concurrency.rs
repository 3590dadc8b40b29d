//! Case numbers are never duplicated, even with two connections or two
//! processes registering on one database file at the same moment.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use common::*;
use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::model::*;
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::Desk;

const PER_WRITER: usize = 60;

fn register_many(path: &Path, who: &str) {
    let desk = Desk::new(Box::new(SqliteStore::open(path).unwrap()), Box::new(SystemClock));
    let agent = desk.create_user(who).unwrap();
    for i in 0..PER_WRITER {
        let input = other_case(desk.now(), who, &format!("1370000{:04}", i), "并发登记测试");
        desk.register_case(&agent, input).unwrap();
    }
}

fn assert_unique_numbers(path: &Path, expected: usize) {
    let desk = Desk::new(Box::new(SqliteStore::open(path).unwrap()), Box::new(SystemClock));
    let page = desk.case_page(&CaseQuery { page_size: 200, ..CaseQuery::default() }).unwrap();
    assert_eq!(page.total as usize, expected);
    let numbers: HashSet<String> = page.rows.iter().map(|r| r.case_no.clone()).collect();
    assert_eq!(numbers.len(), expected, "every number unique");
    let mut serials: Vec<u32> = numbers.iter().map(|n| n[5..].parse().unwrap()).collect();
    serials.sort();
    assert_eq!(serials, (1..=expected as u32).collect::<Vec<_>>(), "no gaps, no repeats");
}

#[test]
fn two_connections_in_one_process() {
    let dir = tempfile::tempdir().unwrap();
    let path = Arc::new(dir.path().join("shared.sqlite3"));
    SqliteStore::open(&path).unwrap();
    let writers: Vec<_> = ["甲", "乙"]
        .into_iter()
        .map(|who| {
            let path = path.clone();
            std::thread::spawn(move || register_many(&path, who))
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    assert_unique_numbers(&path, 2 * PER_WRITER);
}

/// Runs in a child process started by `two_processes`; skipped otherwise.
#[test]
fn child_registers_cases() {
    if let Some(path) = std::env::var_os("COMPLAINTDESK_CHILD_DB") {
        register_many(Path::new(&path), &std::env::var("COMPLAINTDESK_CHILD_NAME").unwrap());
    }
}

#[test]
fn two_processes_on_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.sqlite3");
    SqliteStore::open(&path).unwrap();
    let children: Vec<_> = ["丙", "丁"]
        .into_iter()
        .map(|who| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "child_registers_cases", "--nocapture"])
                .env("COMPLAINTDESK_CHILD_DB", &path)
                .env("COMPLAINTDESK_CHILD_NAME", who)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert_unique_numbers(&path, 2 * PER_WRITER);
}
