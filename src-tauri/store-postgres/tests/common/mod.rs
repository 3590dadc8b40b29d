//! Shared set-up of the PostgreSQL store's own tests: desks on a test
//! cluster, a raw connection behind the app's back, waiting for a
//! condition with a deadline, and a burst of registrations that keeps
//! going while a test breaks the server under it.
#![allow(dead_code)]

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::codes::*;
use complaintdesk_core::error::ErrorCode;
use complaintdesk_core::model::*;
use complaintdesk_core::Desk;
use complaintdesk_postgres::cluster::Cluster;
use complaintdesk_postgres::{PgConfig, PgStore};

/// A desk on the database, as a workstation opens it.
pub fn desk_on(config: &PgConfig) -> Desk {
    Desk::new(Box::new(PgStore::connect(config).expect("the desk connects")), Box::new(SystemClock))
}

/// A plain connection as the superuser, not through the store: what an
/// IT person (or a program that is not ours) could do to the tables.
pub fn raw_client(config: &PgConfig) -> postgres::Client {
    let mut pg = postgres::Config::new();
    pg.host(&config.hosts[0]).port(config.port).user(&config.user).dbname(&config.dbname);
    pg.connect(postgres::NoTls).expect("a raw connection")
}

/// Calls `done` until it says yes; panics, naming `what`, if `timeout`
/// passes first. Returns how long it took.
pub fn wait_until(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    loop {
        if done() {
            return start.elapsed();
        }
        if start.elapsed() > timeout {
            panic!("gave up after {timeout:?} waiting until {what}");
        }
        // A poll interval, not a wait for the condition itself.
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The `n`th customer's complaint: its own name and mobile number, so no
/// case is taken for a repeat of another.
pub fn complaint(n: usize) -> NewCase {
    let now = chrono::Utc::now();
    NewCase {
        fields: CaseFields {
            received_at: now - chrono::Duration::minutes(5),
            channel: Channel::Phone,
            customer_name: format!("客户{n}"),
            customer_phone: format!("139{:08}", n),
            customer_address: "3栋2单元501".into(),
            customer_org: String::new(),
            content: format!("楼上卫生间漏水第{n}次，天花板发霉"),
            customer_request: "尽快维修".into(),
            claim_amount_fen: None,
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
        },
        related_case_id: None,
    }
}

/// A registration that failed: what the desk said and how long it took.
#[derive(Debug, Clone)]
pub struct Failure {
    pub code: ErrorCode,
    pub message: String,
    pub took: Duration,
}

#[derive(Default)]
pub struct Progress {
    /// Case numbers the desk acknowledged (register_case returned Ok).
    pub acknowledged: Mutex<Vec<String>>,
    pub failures: Mutex<Vec<Failure>>,
    stop: AtomicBool,
}

impl Progress {
    pub fn acknowledged(&self) -> usize {
        self.acknowledged.lock().unwrap().len()
    }
    pub fn failures(&self) -> usize {
        self.failures.lock().unwrap().len()
    }
    pub fn failures_since(&self, from: usize) -> Vec<Failure> {
        self.failures.lock().unwrap()[from..].to_vec()
    }
}

/// One agent registering cases one after another on one desk, for as long
/// as the test needs: every failure is counted and the next case tried, as
/// a person at the desk would (the desk itself is never re-created).
pub struct Burst {
    pub progress: Arc<Progress>,
    thread: Option<JoinHandle<Desk>>,
}

impl Burst {
    /// Runs until `finish`, or until a minute has passed (so a broken
    /// test ends instead of hanging).
    pub fn start(desk: Desk) -> Burst {
        let progress = Arc::new(Progress::default());
        let p = progress.clone();
        let thread = std::thread::spawn(move || {
            let agent = desk.create_user("李娜").expect("the agent is created");
            let end = Instant::now() + Duration::from_secs(60);
            let mut n = 0;
            while !p.stop.load(Ordering::Relaxed) && Instant::now() < end {
                n += 1;
                let start = Instant::now();
                match desk.register_case(&agent, complaint(n)) {
                    Ok(case) => p.acknowledged.lock().unwrap().push(case.case_no),
                    Err(e) => {
                        p.failures.lock().unwrap().push(Failure {
                            code: e.code,
                            message: e.message,
                            took: start.elapsed(),
                        });
                        // A person tries again a moment later; without the pause
                        // the loop would spin through thousands of failed connects
                        // and starve the server that is starting up.
                        std::thread::sleep(Duration::from_millis(10));
                    }
                }
            }
            desk
        });
        Burst { progress, thread: Some(thread) }
    }

    /// Ends the burst and returns the acknowledged case numbers and the
    /// desk, still open; a panic in the desk's thread fails the test here.
    pub fn finish(mut self) -> (Vec<String>, Desk) {
        self.progress.stop.store(true, Ordering::Relaxed);
        let desk = self.thread.take().unwrap().join().expect("the desk's thread did not panic");
        (self.progress.acknowledged.lock().unwrap().clone(), desk)
    }
}

impl Drop for Burst {
    fn drop(&mut self) {
        self.progress.stop.store(true, Ordering::Relaxed);
    }
}

/// What an IT person checks after an incident: no number handed out twice,
/// no gap in the numbering, and every stored case complete — its
/// 'register' audit line and its search row, nothing half-written.
/// Returns the stored case numbers.
pub fn check_every_case_is_whole(cluster: &Cluster, db: &str) -> HashSet<String> {
    let stored: Vec<String> = lines(&cluster.psql(db, "SELECT case_no FROM cases ORDER BY id"));
    let unique: HashSet<String> = stored.iter().cloned().collect();
    assert_eq!(unique.len(), stored.len(), "a case number was stored twice: {stored:?}");
    // Numbers come from case_counters inside the registering transaction,
    // so a rolled-back registration leaves no gap.
    let handed_out = cluster.psql(db, "SELECT coalesce(sum(last_serial), 0) FROM case_counters");
    assert_eq!(handed_out, stored.len().to_string(), "numbers handed out vs cases stored");
    let without_register_line = cluster.psql(
        db,
        "SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM audit_log a
             WHERE a.entity = 'case' AND a.entity_id = c.id AND a.action = 'register') <> 1",
    );
    assert_eq!(without_register_line, "0", "cases without exactly one 'register' audit line");
    let case_lines = cluster.psql(db, "SELECT count(*) FROM audit_log WHERE entity = 'case'");
    assert_eq!(case_lines, stored.len().to_string(), "audit lines of cases (one 'register' each)");
    let orphan_lines = cluster.psql(
        db,
        "SELECT count(*) FROM audit_log a WHERE a.entity = 'case' AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = a.entity_id)",
    );
    assert_eq!(orphan_lines, "0", "audit lines of cases that are not stored");
    let unsearchable = cluster
        .psql(db, "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_search s WHERE s.id = c.id)");
    assert_eq!(unsearchable, "0", "cases without their search row");
    unique
}

/// The errors a user may see when the server is away: the desk could not
/// reach the server (and names it), or the action was undone.
pub fn assert_clear(failure: &Failure) {
    match failure.code {
        // The connection is gone (the message says which server when reconnecting failed).
        ErrorCode::ServerUnreachable => assert!(failure.message.starts_with("与服务器的连接中断"), "{failure:?}"),
        ErrorCode::Storage => assert!(failure.message.starts_with("数据库操作失败，已撤销本次操作"), "{failure:?}"),
        _ => panic!("unexpected error code: {failure:?}"),
    }
    // Reaching no server takes at most the connect timeout (5 s); a lost
    // connection is noticed at once.
    assert!(failure.took < Duration::from_secs(10), "a registration hung for {:?}: {failure:?}", failure.took);
}

pub fn lines(text: &str) -> Vec<String> {
    text.lines().filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// `pg_dump` of the whole database (schema and rows): two dumps are equal
/// when nothing in it changed.
pub fn dump(cluster: &Cluster, db: &str) -> String {
    let out = Command::new(cluster.bin("pg_dump"))
        .arg("-h")
        .arg(cluster.socket_dir())
        .arg("-p")
        .arg(cluster.port().to_string())
        .args(["-U", "postgres", "--no-sync", "-d", db])
        .env_remove("PGHOST")
        .env_remove("PGPORT")
        .env_remove("PGDATABASE")
        .env_remove("PGUSER")
        .stdin(Stdio::null())
        .output()
        .expect("pg_dump runs");
    assert!(out.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
    // Newer pg_dump versions wrap the script in \restrict <random key>.
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .collect::<Vec<_>>()
        .join("\n")
}
