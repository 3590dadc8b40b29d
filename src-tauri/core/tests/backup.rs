//! 备份与恢复: a backup taken while another desk registers cases restores
//! every case committed before it began; damaged, foreign and too-new files
//! are refused with the current database untouched; the restored database
//! opens with its cases and the restore's audit line; a damaged live file is
//! found by the start-up check. On PostgreSQL the desk backs up nothing and
//! says so (IT backs the server up).

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::Duration;
use common::*;
use complaintdesk_core::backup::HealthState;
use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::model::*;
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::{Desk, ErrorCode};

fn admin_desk() -> (TestDesk, User) {
    let t = desk();
    let admin = t.desk.create_first_admin("王强", "admin", "Kefu@2026!").unwrap();
    (t, admin)
}

fn db_path(t: &TestDesk) -> PathBuf {
    match &t.db {
        TestDb::Sqlite(path) => path.clone(),
        TestDb::Postgres(_) => unreachable!("SQLite only"),
    }
}

fn register(t: &TestDesk, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let input = other_case(t.desk.now(), "刘芳", &format!("1391234{:04}", i), "空调不制冷，维修两次仍未解决");
            t.desk.register_case(&t.agent, input).unwrap().case_no
        })
        .collect()
}

/// Every case number on the sheet, oldest first.
fn case_numbers(desk: &Desk) -> Vec<String> {
    let mut numbers = Vec::new();
    for page in 1.. {
        let rows = desk.case_page(&CaseQuery { page, page_size: 200, include_voided: true, ..CaseQuery::default() }).unwrap().rows;
        if rows.is_empty() {
            break;
        }
        numbers.extend(rows.into_iter().map(|r| r.case_no));
    }
    numbers.sort();
    numbers
}

/// The page of `table_or_index` that SQLite's dbstat names at `which`
/// (0 = its root), as a 1-based page number.
fn page_of(path: &Path, name: &str, which: usize) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT pageno FROM dbstat WHERE name = ?1 ORDER BY path").unwrap();
    let pages: Vec<i64> = stmt.query_map([name], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
    pages[which]
}

/// Overwrites one page of a (closed) database file with garbage.
fn overwrite_page(path: &Path, page: i64) {
    use std::io::{Seek, SeekFrom, Write};
    let size: i64 = rusqlite::Connection::open(path).unwrap().query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(((page - 1) * size) as u64)).unwrap();
    let garbage: Vec<u8> = (0..size).map(|i| (i * 37 % 251) as u8).collect();
    f.write_all(&garbage).unwrap();
    f.sync_all().unwrap();
}

/// The database file's bytes (with its WAL), to show a refusal changed nothing.
fn bytes_of(path: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    (std::fs::read(path).unwrap(), std::fs::read(PathBuf::from(wal)).ok())
}

fn files_beside(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn a_backup_taken_during_a_registration_burst_restores_every_case_committed_before_it() {
    if on_postgres() {
        return;
    }
    let (t, admin) = admin_desk();
    let committed = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let burst = {
        let (db, committed, stop) = (t.db.clone(), committed.clone(), stop.clone());
        std::thread::spawn(move || {
            let desk = Desk::new(db.open(), Box::new(SystemClock));
            let agent = desk.create_user("张敏").unwrap();
            let mut numbers = Vec::new();
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let input = other_case(desk.now(), "张敏", &format!("137{:08}", i), "登记高峰中的投诉");
                numbers.push(desk.register_case(&agent, input).unwrap().case_no);
                committed.store(numbers.len(), Ordering::SeqCst);
            }
            numbers
        })
    };
    while committed.load(Ordering::SeqCst) < 30 {
        std::thread::yield_now();
    }
    let before = committed.load(Ordering::SeqCst);
    let backup = t.desk.back_up_now(&admin).unwrap();
    let after = committed.load(Ordering::SeqCst);
    while committed.load(Ordering::SeqCst) < after + 20 {
        std::thread::yield_now();
    }
    stop.store(true, Ordering::SeqCst);
    let registered = burst.join().unwrap();

    assert!(backup.manual);
    assert!(backup.name.starts_with("complaintdesk-20261123-100000-manual"), "{}", backup.name);
    assert_eq!(PathBuf::from(&backup.path).parent().unwrap(), db_path(&t).parent().unwrap().join("backups"));

    let contents = t.desk.inspect_backup(&admin, &backup.path).unwrap();
    let cases = contents.cases as usize;
    assert!(cases >= before && cases <= after, "{before} ≤ {cases} ≤ {after}");
    assert_eq!(contents.last_case_no.as_deref(), Some(registered[cases - 1].as_str()));

    t.clock.set(monday_morning() + Duration::minutes(30));
    let report = t.desk.restore_backup(&admin, &backup.path).unwrap();
    assert_eq!(report.contents, contents);
    // The restored desk holds exactly the cases committed before the backup, in order, no gap.
    assert_eq!(case_numbers(&t.desk), registered[..cases].to_vec());
    assert!(registered.len() >= cases + 20, "cases registered after the backup are not in it");
    // Audited in the restored database: who, when, which file, where the old one went.
    let audit = t.desk.store().audit_of("database", 0).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0].action.as_str(), audit[0].actor_name.as_str()), ("restore", "王强"));
    assert_eq!(audit[0].at, monday_morning() + Duration::minutes(30));
    assert_eq!(audit[0].new_value.as_deref(), Some(backup.path.as_str()));
    assert_eq!(audit[0].old_value.as_deref(), Some(report.aside_file.as_str()));
    // The replaced database is kept aside, whole.
    assert!(report.aside_file.ends_with("complaintdesk.before-restore-20261123-103000.sqlite3"), "{}", report.aside_file);
    let aside = Desk::new(Box::new(SqliteStore::open(Path::new(&report.aside_file)).unwrap()), Box::new(SystemClock));
    assert_eq!(case_numbers(&aside), registered);
    // The desk keeps working on the restored file, and it opens afresh.
    let next = register(&t, 1);
    drop(aside);
    let reopened = Desk::new(Box::new(SqliteStore::open(&db_path(&t)).unwrap()), Box::new(SystemClock));
    let on_file = case_numbers(&reopened);
    assert!(on_file.contains(&next[0]));
    assert_eq!(on_file.len(), cases + 1);
}

#[test]
fn damaged_foreign_and_too_new_files_are_refused_and_the_database_untouched() {
    if on_postgres() {
        return;
    }
    let (t, admin) = admin_desk();
    let numbers = register(&t, 40);
    let backup = t.desk.back_up_now(&admin).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let copy = |name: &str| {
        let path = dir.path().join(name);
        std::fs::copy(&backup.path, &path).unwrap();
        path
    };

    let damaged = copy("damaged.sqlite3");
    overwrite_page(&damaged, page_of(&damaged, "cases", 1));
    let headless = copy("headless.sqlite3");
    overwrite_page(&headless, 1);
    let newer = copy("newer.sqlite3");
    rusqlite::Connection::open(&newer).unwrap().execute_batch("PRAGMA user_version = 999").unwrap();
    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE cases (id INTEGER PRIMARY KEY, case_no TEXT)").unwrap();
    let text = dir.path().join("notes.sqlite3");
    std::fs::write(&text, "这不是数据库".repeat(200)).unwrap();

    let before = bytes_of(&db_path(&t));
    let files = files_beside(&db_path(&t));
    for (file, why) in [
        (&damaged, "文件已损坏"),
        (&headless, "不是数据库文件"),
        (&newer, "更新版本"),
        (&foreign, "不是客诉台的数据库"),
        (&text, "不是数据库文件"),
        (&db_path(&t), "正在使用的数据库本身"),
    ] {
        let path = file.display().to_string();
        let e = t.desk.inspect_backup(&admin, &path).unwrap_err();
        assert_eq!(e.code, ErrorCode::BackupRefused, "{path}: {e}");
        assert!(e.message.contains(why), "{path}: {}", e.message);
        assert!(e.message.contains("当前数据库未改动"));
        assert_eq!(t.desk.restore_backup(&admin, &path).unwrap_err().code, ErrorCode::BackupRefused);
    }
    assert_eq!(bytes_of(&db_path(&t)), before, "the database file is as it was");
    assert_eq!(files_beside(&db_path(&t)), files, "nothing set aside, nothing left behind");
    assert_eq!(case_numbers(&t.desk), numbers);
    // The good backup is still accepted.
    assert_eq!(t.desk.inspect_backup(&admin, &backup.path).unwrap().cases, 40);
}

#[test]
fn only_admins_back_up_and_restore() {
    let (t, admin) = admin_desk();
    let e = t.desk.back_up_now(&t.agent).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(t.desk.backup_overview(&t.agent).unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(t.desk.restore_backup(&t.agent, "/tmp/x.sqlite3").unwrap_err().code, ErrorCode::Forbidden);
    if on_postgres() {
        // Team mode: IT backs the server up; the desk says what it can see.
        let overview = t.desk.backup_overview(&admin).unwrap();
        assert!(!overview.local);
        assert!(overview.server_last_backup.is_some() || overview.server_note.is_some());
        assert_eq!(t.desk.back_up_now(&admin).unwrap_err().code, ErrorCode::WrongState);
        assert_eq!(t.desk.daily_backup().unwrap(), None);
        assert_eq!(t.desk.database_health().state, HealthState::NotChecked);
    }
}

#[test]
fn the_daily_backup_is_taken_once_a_day_and_rotated() {
    if on_postgres() {
        return;
    }
    let (t, admin) = admin_desk();
    register(&t, 3);
    let folder = db_path(&t).parent().unwrap().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    // 60 earlier daily copies (2026-09-24 … 2026-11-22) and an old manual one.
    for days_ago in 1..=60 {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() - Duration::days(days_ago);
        let name = complaintdesk_core::backup::rotation::file_name(day.and_hms_opt(10, 0, 0).unwrap(), false);
        std::fs::write(folder.join(name), b"").unwrap();
    }
    std::fs::write(folder.join("complaintdesk-20250101-080000-manual.sqlite3"), b"").unwrap();

    let taken = t.desk.daily_backup().unwrap().expect("none from today yet");
    assert_eq!(taken.name, "complaintdesk-20261123-100000.sqlite3");
    assert_eq!(t.desk.daily_backup().unwrap(), None, "one a day");
    let names: Vec<String> = t.desk.backup_overview(&admin).unwrap().backups.into_iter().map(|b| b.name).collect();
    // Today and the 29 days before (10-25 … 11-23), October 24 and September 30 as month ends, the manual copy.
    assert_eq!(names.len(), 30 + 2 + 1);
    assert_eq!(names[0], taken.name);
    assert_eq!(names[29], "complaintdesk-20261025-100000.sqlite3");
    assert_eq!(names[30], "complaintdesk-20261024-100000.sqlite3");
    assert_eq!(names[31], "complaintdesk-20260930-100000.sqlite3");
    assert_eq!(names[32], "complaintdesk-20250101-080000-manual.sqlite3");
    // The day's backup is a database with the cases.
    assert_eq!(t.desk.inspect_backup(&admin, &taken.path).unwrap().cases, 3);
}

#[test]
fn a_chosen_backup_folder_is_used_and_must_be_absolute() {
    if on_postgres() {
        return;
    }
    let (t, admin) = admin_desk();
    let elsewhere = tempfile::tempdir().unwrap();
    let folder = elsewhere.path().join("客诉台备份");
    let overview = t.desk.set_backup_folder(&admin, Some(&folder.display().to_string())).unwrap();
    assert!(!overview.default_folder);
    assert_eq!(overview.folder, folder.display().to_string());
    let taken = t.desk.back_up_now(&admin).unwrap();
    assert_eq!(PathBuf::from(&taken.path).parent().unwrap(), folder);
    let e = t.desk.set_backup_folder(&admin, Some("backups")).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("folder"));
    assert!(t.desk.set_backup_folder(&admin, None).unwrap().default_folder);
}

#[test]
fn a_damaged_database_still_opens_and_the_start_up_check_reports_it() {
    if on_postgres() {
        return;
    }
    let (t, admin) = admin_desk();
    register(&t, 300);
    let backup = t.desk.back_up_now(&admin).unwrap();
    assert_eq!(t.desk.database_health().state, HealthState::Ok);
    let path = db_path(&t);
    let TestDesk { desk, clock, agent, .. } = t;
    drop(desk);
    // One page in the middle of the case table overwritten, as a failing disk does.
    let page = page_of(&path, "cases", 5);
    overwrite_page(&path, page);

    // Today's behaviour the check is for: the file opens, shows its sheet and takes new cases.
    let desk = Desk::new(Box::new(SqliteStore::open(&path).unwrap()), Box::new(clock.clone()));
    assert_eq!(desk.case_page(&CaseQuery::default()).unwrap().rows.len(), 50);
    let after_backup = desk.register_case(&agent, new_case(desk.now())).unwrap().case_no;
    assert_eq!(after_backup, "2611-0301");
    // The check finds the damage and offers the newest backup.
    let health = desk.database_health();
    assert_eq!(health.state, HealthState::Damaged);
    assert!(!health.problems.is_empty());
    assert_eq!(health.latest_backup.as_ref().map(|b| &b.path), Some(&backup.path));
    // Restoring it gives a sound database with the backup's cases.
    clock.set(monday_morning() + Duration::hours(1));
    let report = desk.restore_backup(&admin, &backup.path).unwrap();
    assert_eq!(report.contents.cases, 300);
    assert_eq!(desk.database_health().state, HealthState::Ok);
    assert_eq!(case_numbers(&desk).len(), 300);
    // 2611-0301 stays the case in the set-aside file: the next case goes on after it.
    assert_eq!(desk.register_case(&agent, new_case(desk.now())).unwrap().case_no, "2611-0302");
}
