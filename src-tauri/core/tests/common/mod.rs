//! Shared set-up for the core's integration tests: a desk on a fresh
//! database, with a clock the test controls.
//!
//! These tests are the repository contract: they run on the embedded SQLite
//! store by default and on PostgreSQL with `COMPLAINTDESK_TEST_BACKEND=postgres`
//! (each test gets a fresh database in a throwaway cluster this process
//! starts; see `complaintdesk_postgres::cluster`).
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
pub use complaintdesk_core::clock::{Clock, FixedClock};
use complaintdesk_core::codes::*;
use complaintdesk_core::model::*;
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::store::Store;
use complaintdesk_core::Desk;
use complaintdesk_postgres::cluster::Cluster;
use complaintdesk_postgres::{PgConfig, PgStore};

pub mod office;

/// One test's database, on the backend under test. Any number of stores
/// (desks) can be opened on it, as several workstations would.
#[derive(Clone)]
pub enum TestDb {
    Sqlite(PathBuf),
    Postgres(PgConfig),
}

/// The backend this run tests.
pub fn on_postgres() -> bool {
    std::env::var("COMPLAINTDESK_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

impl TestDb {
    /// A fresh, empty database; a SQLite file lives in `dir`.
    pub fn fresh(dir: &std::path::Path) -> TestDb {
        if on_postgres() {
            TestDb::Postgres(Cluster::shared().create_database())
        } else {
            TestDb::Sqlite(dir.join("complaintdesk.sqlite3"))
        }
    }

    /// Another connection to the database (another workstation).
    pub fn open(&self) -> Box<dyn Store> {
        match self {
            TestDb::Sqlite(path) => Box::new(SqliteStore::open(path).unwrap()),
            TestDb::Postgres(config) => Box::new(PgStore::connect(config).unwrap()),
        }
    }

    /// Runs one SQL statement behind the app's back (to check what the
    /// database itself refuses); the error text if it fails.
    pub fn execute(&self, sql: &str) -> std::result::Result<u64, String> {
        match self {
            TestDb::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).unwrap();
                conn.execute(sql, []).map(|n| n as u64).map_err(|e| e.to_string())
            }
            TestDb::Postgres(config) => {
                let store = PgStore::connect(config).unwrap();
                store.with_client(|c| c.execute(sql, &[]).map_err(|e| e.to_string())).unwrap()
            }
        }
    }

    /// The first column of the first row, read as text.
    pub fn query_text(&self, sql: &str) -> String {
        match self {
            TestDb::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).unwrap();
                conn.query_row(&format!("SELECT CAST(({sql}) AS TEXT)"), [], |r| r.get(0)).unwrap()
            }
            TestDb::Postgres(config) => {
                let store = PgStore::connect(config).unwrap();
                store.with_client(|c| c.query_one(&format!("SELECT CAST(({sql}) AS TEXT)"), &[]).unwrap().get(0)).unwrap()
            }
        }
    }

    /// The database as a string a child process can open (`from_env_string`).
    pub fn to_env_string(&self) -> String {
        match self {
            TestDb::Sqlite(path) => format!("sqlite:{}", path.display()),
            TestDb::Postgres(config) => format!("postgres:{}", serde_json::to_string(config).unwrap()),
        }
    }

    pub fn from_env_string(s: &str) -> TestDb {
        match s.split_once(':') {
            Some(("sqlite", path)) => TestDb::Sqlite(PathBuf::from(path)),
            Some(("postgres", json)) => TestDb::Postgres(serde_json::from_str(json).unwrap()),
            _ => panic!("not a test database: {s}"),
        }
    }
}

pub struct TestDesk {
    pub desk: Desk,
    pub clock: Arc<FixedClock>,
    pub agent: User,
    pub db: TestDb,
    _dir: tempfile::TempDir,
}

impl TestDesk {
    /// A second workstation on the same database, with the same clock.
    pub fn another_desk(&self) -> Desk {
        Desk::new(self.db.open(), Box::new(self.clock.clone()))
    }
}

/// 2026-11-23 10:00 in Beijing.
pub fn monday_morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
}

pub fn desk() -> TestDesk {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::fresh(dir.path());
    let clock = Arc::new(FixedClock::new(monday_morning()));
    let desk = Desk::new(db.open(), Box::new(clock.clone()));
    let agent = desk.create_user("李娜").unwrap();
    TestDesk { desk, clock, agent, db, _dir: dir }
}

pub fn fields(now: DateTime<Utc>) -> CaseFields {
    CaseFields {
        received_at: now - Duration::minutes(20),
        channel: Channel::Phone,
        customer_name: "王秀英".into(),
        customer_phone: "138 1234 5678".into(),
        customer_address: "3栋2单元501".into(),
        customer_org: String::new(),
        content: "楼上卫生间漏水，天花板发霉，已反映三次无人处理".into(),
        customer_request: "尽快维修并赔偿损失".into(),
        claim_amount_fen: Some(150_000),
        order_no: String::new(),
        item_no: String::new(),
        quantity: None,
        delivery_date: None,
        defective_quantity: None,
        market: None,
        nature: Some(Nature::NonQuality),
        cause_type: Some(CauseType::Service),
        severity: Severity::Normal,
        department_id: None,
        sample_kept: false,
        sample_note: String::new(),
    }
}

pub fn new_case(now: DateTime<Utc>) -> NewCase {
    NewCase { fields: fields(now), related_case_id: None }
}

/// A different customer with different content.
pub fn other_case(now: DateTime<Utc>, name: &str, phone: &str, content: &str) -> NewCase {
    let mut f = fields(now);
    f.customer_name = name.into();
    f.customer_phone = phone.into();
    f.content = content.into();
    NewCase { fields: f, related_case_id: None }
}

pub fn all_cases() -> CaseQuery {
    CaseQuery { include_voided: true, ..CaseQuery::default() }
}

pub fn search(t: &TestDesk, text: &str) -> Vec<String> {
    let page = t.desk.case_page(&CaseQuery { search: text.into(), ..CaseQuery::default() }).unwrap();
    page.rows.into_iter().map(|r| r.case_no).collect()
}

/// The text of each page of a PDF, as a reader extracts it.
pub fn pages_text(pdf: &[u8]) -> Vec<String> {
    let doc = printpdf::PdfDocument::parse(pdf, &printpdf::PdfParseOptions::default(), &mut Vec::new()).expect("a readable PDF");
    doc.extract_text().into_iter().map(|page| page.join("\n")).collect()
}

/// A record's audit lines as "action field: old → new by 谁".
pub fn audit_lines(t: &TestDesk, entity: &str, id: i64) -> Vec<String> {
    t.desk
        .store()
        .audit_of(entity, id)
        .unwrap()
        .into_iter()
        .map(|a| match a.field {
            Some(f) => format!("{} {f}: {} → {} by {}", a.action, a.old_value.unwrap_or_default(), a.new_value.unwrap_or_default(), a.actor_name),
            None => format!("{} by {}", a.action, a.actor_name),
        })
        .collect()
}
