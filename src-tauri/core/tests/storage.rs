//! Opening the SQLite database file: migrations from every earlier version,
//! and files that must be refused without being touched. (The server
//! database's twins are in the complaintdesk-postgres crate's tests.)

mod common;

use common::*;
use complaintdesk_core::model::*;
use complaintdesk_core::sqlite::{create_at_version, SqliteStore, LATEST_VERSION};
use complaintdesk_core::store::*;
use complaintdesk_core::{Desk, ErrorCode};

/// A user, a customer and case 2510-0001 (with `status`) written as every
/// schema version had them, before the app's own steps.
fn insert_old_case(conn: &rusqlite::Connection, status: &str) {
    conn.execute_batch(&format!(
        "INSERT INTO users (id, name, created_at) VALUES (1, '老员工', 0);
         INSERT INTO customers (id, name, phone, created_at) VALUES (1, '刘芳', '13900002222', 0);
         INSERT INTO cases (case_no, status, received_at, channel, customer_id, customer_name, customer_phone,
            customer_address, customer_org, content, customer_request, order_no, item_no, severity,
            sample_kept, sample_note, receiver_id, handler_id, created_at, updated_at)
         VALUES ('2510-0001', '{status}', 1760000000000, 'phone', 1, '刘芳', '13900002222', '', '',
            '电梯困人二十分钟', '要求道歉', '', '', 'normal', 0, '', 1, 1, 1760000000000, 1760000000000);"
    ))
    .unwrap();
}

fn pragma(path: &std::path::Path, name: &str) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, rusqlite::types::Value>(0))
        .map(|v| format!("{v:?}"))
        .unwrap()
}

#[test]
fn an_empty_file_gets_the_whole_schema_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(store.departments().unwrap().first().unwrap().name, "客服部");
    assert!(pragma(&path, "journal_mode").contains("wal"));
    store.with_connection(|c| {
        let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!((fk, sync), (1, 2), "foreign keys on, synchronous=FULL");
    });
}

/// Each earlier schema version, with a case written the way that version
/// wrote it, opens, migrates and keeps the case (and makes it searchable).
#[test]
fn every_earlier_version_migrates_with_its_data() {
    for version in 1..LATEST_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        create_at_version(&path, version).unwrap();
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            insert_old_case(&conn, "registered");
            // From version 4 on, a user picked by name got his name as login.
            if version >= 4 {
                conn.execute("UPDATE users SET login = name WHERE id = 1", []).unwrap();
            }
            // From version 2 on, the app indexed each case it stored.
            if version >= 2 {
                let id = conn.last_insert_rowid();
                let doc = complaintdesk_core::search::document("2510-0001", "刘芳", "13900002222", "电梯困人二十分钟");
                conn.execute("INSERT INTO case_text (rowid, doc) VALUES (?1, ?2)", rusqlite::params![id, doc.text]).unwrap();
                conn.execute("INSERT INTO case_bigrams (rowid, grams) VALUES (?1, ?2)", rusqlite::params![id, doc.bigrams])
                    .unwrap();
            }
        }
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION, "from version {version}");
        let found = store.case_page(&CaseQuery { search: "困人".into(), ..CaseQuery::default() }).unwrap();
        assert_eq!(found.rows.len(), 1, "from version {version}: the old case is searchable");
        assert_eq!(found.rows[0].case_no, "2510-0001");
        // Version 11 rebuilds the short-term index with a one-character prefix index.
        let one = store.case_page(&CaseQuery { search: "梯".into(), ..CaseQuery::default() }).unwrap();
        assert_eq!(one.rows.iter().map(|r| r.case_no.as_str()).collect::<Vec<_>>(), ["2510-0001"], "from version {version}");
        // Version 10 copies the 经办人's name into the case, for the sheet's sort index.
        let handler: String = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("SELECT handler_name FROM cases", [], |r| r.get(0))
            .unwrap();
        assert_eq!(handler, "老员工", "from version {version}");
        // People (version 4): the old user signs in by his name once the
        // admin gives him a password; until then he has none and no roles.
        let old_user = store.account(1).unwrap().unwrap();
        assert_eq!(
            (old_user.name.as_str(), old_user.login.as_deref(), old_user.active, old_user.has_password),
            ("老员工", Some("老员工"), true, false),
            "from version {version}"
        );
        assert!(old_user.roles.is_empty());
        assert_eq!(store.department_head(1).unwrap(), None);
        assert_eq!(store.setting("approval_thresholds").unwrap(), None);
        // Workflow (version 5): no rules yet, and the old case has no history of steps.
        let old_case = found.rows[0].id;
        assert!(store.routing_rules().unwrap().is_empty());
        assert!(store.case_routes(old_case).unwrap().is_empty());
        assert_eq!(store.resolution(old_case).unwrap(), None);
    }
}

fn refused_untouched(path: &std::path::Path, code: ErrorCode, words: &str) {
    let before = std::fs::read(path).unwrap();
    let err = SqliteStore::open(path).err().expect("must be refused");
    assert_eq!(err.code, code);
    assert!(err.message.contains(words), "{}", err.message);
    assert!(err.message.contains("未被改动") || err.message.contains("没有改动"), "{}", err.message);
    assert_eq!(std::fs::read(path).unwrap(), before, "the file is never touched");
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("complaintdesk.sqlite3");
    {
        let desk = Desk::new(Box::new(SqliteStore::open(&path).unwrap()), Box::new(FixedClock::new(monday_morning())));
        let agent = desk.create_user("李娜").unwrap();
        desk.register_case(&agent, new_case(monday_morning())).unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = {};", LATEST_VERSION + 1)).unwrap();
    }
    refused_untouched(&path, ErrorCode::DbTooNew, "更新版本");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("complaintdesk.sqlite3");
    std::fs::write(&path, "这不是数据库 — just some text that someone saved here ".repeat(100)).unwrap();
    refused_untouched(&path, ErrorCode::DbOpenFailed, "无法打开");
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&path).unwrap().execute_batch("CREATE TABLE invoices (id INTEGER)").unwrap();
    refused_untouched(&path, ErrorCode::DbOpenFailed, "不是客诉台的数据库");
}

/// Two desks opening the same brand-new file at the same moment both get
/// the whole schema: neither is refused as busy (switching to WAL) nor as
/// a foreign file (reading the header while the other's first migration
/// commits). Repeated, since the race is narrow.
#[test]
fn two_desks_opening_a_new_file_at_once_both_succeed() {
    use std::sync::{Arc, Barrier};
    for round in 0..200 {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(dir.path().join("new.sqlite3"));
        let barrier = Arc::new(Barrier::new(2));
        let desks: Vec<_> = (0..2)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    SqliteStore::open(&path).map(|store| store.schema_version().unwrap())
                })
            })
            .collect();
        for desk in desks {
            match desk.join().unwrap() {
                Ok(version) => assert_eq!(version, LATEST_VERSION, "round {round}"),
                Err(e) => panic!("round {round}: {e:?}"),
            }
        }
    }
}

/// A certificate issued before schema 12 (its code vouched for number,
/// case, amount and date only) still verifies after the upgrade, and one
/// whose amount was altered in the file does not.
#[test]
fn a_certificate_issued_before_version_12_still_verifies() {
    use complaintdesk_core::documents::code;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    create_at_version(&path, 11).unwrap();
    let issued_at = 1_760_000_000_000_i64; // 2025-10-09, China time
    let codes: Vec<String> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        insert_old_case(&conn, "approved");
        let key: String = conn.query_row("SELECT value FROM settings WHERE key = 'document_key'", [], |r| r.get(0)).unwrap();
        let vouched = |number: &'static str, amount: i64| code::Vouched {
            number,
            kind: "",
            case_no: "2510-0001",
            amount_fen: Some(amount),
            payee: "",
            date: "2025-10-09",
        };
        let genuine = code::compute(key.as_bytes(), 1, &vouched("PZ-2510-0001", 50_000));
        // The second one's amount was changed in the file after it was issued.
        let altered = code::compute(key.as_bytes(), 1, &vouched("ZR-2510-0001", 50_000));
        for (number, kind, code, amount) in
            [("PZ-2510-0001", "refund_certificate", &genuine, 50_000), ("ZR-2510-0001", "allowance_certificate", &altered, 500_000)]
        {
            let paper = complaintdesk_core::pdf::Paper {
                title: "退款/折扣凭证".into(),
                landscape: false,
                number: number.into(),
                meta: vec![],
                blocks: vec![],
                signatures: vec![],
                copies: vec![],
                verification_code: Some(code.clone()),
            };
            conn.execute(
                "INSERT INTO documents (number, kind, case_id, amount_fen, verification_code, paper, issued_by, issued_at)
                 VALUES (?1, ?2, 1, ?3, ?4, ?5, 1, ?6)",
                rusqlite::params![number, kind, amount, code, serde_json::to_string(&paper).unwrap(), issued_at],
            )
            .unwrap();
        }
        vec![genuine, altered]
    };
    let desk = Desk::new(Box::new(SqliteStore::open(&path).unwrap()), Box::new(FixedClock::new(monday_morning())));
    let first = desk.verify_document(&codes[0]).unwrap();
    assert!(first.genuine, "{}", first.message);
    assert!(first.message.contains("PZ-2510-0001") && first.message.contains("¥500.00"), "{}", first.message);
    let second = desk.verify_document(&codes[1]).unwrap();
    assert!(!second.genuine && second.message.contains("不符"), "{}", second.message);
}
