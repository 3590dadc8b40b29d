//! The server going away under a desk that is working: stopped and started
//! again, a connection cut, the primary lost and a standby promoted. What
//! the people at the desks see: a clear error while it is away (no hang, no
//! crash), work carrying on by itself when it is back, and afterwards every
//! acknowledged case there, complete, under a number given once.
//!
//! Every test that stops a server starts a cluster of its own.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::*;
use complaintdesk_core::error::ErrorCode;
use complaintdesk_core::model::{CaseEdit, CaseQuery};
use complaintdesk_postgres::cluster::Cluster;
use complaintdesk_postgres::{PgConfig, PgStore};

/// Cases the burst must register once the server is back.
const AFTER: usize = 20;
/// How long the desk may take to carry on once a server is back.
const RESUME_WITHIN: Duration = Duration::from_secs(30);

fn assert_found_by_search(desk: &complaintdesk_core::Desk, case_no: &str) {
    let page = desk.case_page(&CaseQuery { search: case_no.into(), ..CaseQuery::default() }).unwrap();
    assert!(page.rows.iter().any(|r| r.case_no == case_no), "{case_no} is not found by searching for its number");
}

#[test]
fn registrations_fail_clearly_while_the_server_is_stopped_and_carry_on_by_themselves_after() {
    let cluster = Cluster::start();
    let config = cluster.create_database();
    let burst = Burst::start(desk_on(&config));
    let p = burst.progress.clone();

    wait_until("10 cases are acknowledged", Duration::from_secs(20), || p.acknowledged() >= 10);
    cluster.stop();
    let failed_before = p.failures();

    // While it is stopped every registration fails, each quickly and saying why.
    wait_until("3 registrations failed with the server stopped", Duration::from_secs(15), || {
        p.failures() >= failed_before + 3
    });
    let acknowledged_while_down = p.acknowledged();
    for failure in p.failures_since(failed_before) {
        assert_clear(&failure);
    }
    // The server is away: nothing more is acknowledged until it is back.
    wait_until("3 more registrations failed", Duration::from_secs(15), || p.failures() >= failed_before + 6);
    assert_eq!(p.acknowledged(), acknowledged_while_down, "a case was acknowledged while the server was stopped");
    let failures_down = p.failures_since(failed_before);
    assert!(
        failures_down.iter().any(|f| f.code == ErrorCode::ServerUnreachable && f.message.contains(&config.describe())),
        "once the connection is gone the desk says it cannot reach the server: {failures_down:?}"
    );

    cluster.start_again();
    let took =
        wait_until("the burst carries on", RESUME_WITHIN, || p.acknowledged() >= acknowledged_while_down + AFTER);
    eprintln!("{AFTER} more cases registered {took:?} after the server was back");
    let (acknowledged, desk) = burst.finish();
    let failures = p.failures();

    let unique: HashSet<&String> = acknowledged.iter().collect();
    assert_eq!(unique.len(), acknowledged.len(), "a number was acknowledged twice: {acknowledged:?}");
    let stored = check_every_case_is_whole(&cluster, &config.dbname);
    for case_no in &acknowledged {
        assert!(stored.contains(case_no), "acknowledged {case_no} is not in the database");
    }
    // A registration whose answer was lost may have been stored unacknowledged.
    assert!(
        stored.len() <= acknowledged.len() + failures,
        "{} stored, {} acknowledged",
        stored.len(),
        acknowledged.len()
    );
    assert_found_by_search(&desk, &acknowledged[0]);
    assert_found_by_search(&desk, acknowledged.last().unwrap());
}

#[test]
fn a_desk_whose_connection_was_cut_while_idle_works_on_the_first_try() {
    // A server restart, a firewall dropping idle connections, or IT ending
    // sessions: the next click must not fail for the connection that died
    // while nobody was using it.
    let cluster = Cluster::shared();
    let config = cluster.create_database();
    let desk = desk_on(&config);
    let agent = desk.create_user("李娜").unwrap();
    let first = desk.register_case(&agent, complaint(1)).unwrap();
    let cut = || {
        let ended = cluster.psql(
            &config.dbname,
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = 'complaintdesk') t",
        );
        assert_eq!(ended, "1", "the desk's one connection was ended");
        wait_until("the server let the connection go", Duration::from_secs(10), || {
            cluster.psql(
                &config.dbname,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'complaintdesk'",
            ) == "0"
        });
    };

    cut();
    assert_eq!(desk.case(first.id).expect("a read after the cut").case_no, first.case_no);
    cut();
    let second = desk.register_case(&agent, complaint(2)).expect("a registration after the cut");
    cut();
    assert_eq!(desk.case_page(&CaseQuery::default()).expect("the sheet after the cut").total, 2);
    assert_ne!(first.case_no, second.case_no);
    check_every_case_is_whole(cluster, &config.dbname);
}

#[test]
fn a_statement_the_server_does_not_finish_in_time_is_cancelled_whole_and_says_so() {
    // Someone behind the desk's back holds the case's row (a stuck session,
    // a long report): the desk's edit waits for it no longer than its
    // statement timeout, then is rolled back whole with a plain message.
    let cluster = Cluster::shared();
    let config = cluster.create_database();
    let store = PgStore::connect(&config).unwrap();
    // The desk's own 30 s, shortened for the test on its session.
    store.with_client(|c| c.batch_execute("SET statement_timeout = 300")).unwrap().unwrap();
    let desk = complaintdesk_core::Desk::new(Box::new(store), Box::new(complaintdesk_core::clock::SystemClock));
    let agent = desk.create_user("李娜").unwrap();
    let case = desk.register_case(&agent, complaint(1)).unwrap();

    let mut holder = raw_client(&config);
    let mut held = holder.transaction().unwrap();
    held.execute("SELECT id FROM cases WHERE id = $1 FOR UPDATE", &[&case.id]).unwrap();
    let mut fields = case.fields.clone();
    fields.content = "客户补充：漏水已蔓延到楼下".into();
    let edit = || CaseEdit { id: case.id, version: case.version, fields: fields.clone(), severity_reason: None };
    let err = desk.update_case(&agent, edit()).unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage, "{err:?}");
    assert!(err.message.starts_with("服务器在 30 秒内没有完成本次操作，已撤销"), "{}", err.message);
    held.rollback().unwrap();

    // Nothing of the edit was written, and once the row is free it goes through.
    assert_eq!(desk.case(case.id).unwrap().version, case.version);
    assert_eq!(desk.case_timeline(case.id).unwrap().len(), 1, "only the registration");
    let edited = desk.update_case(&agent, edit()).unwrap();
    assert_eq!(edited.fields.content, "客户补充：漏水已蔓延到楼下");
}

/// Waits until `standby` has replayed everything `primary` has written.
fn wait_replayed(primary: &Cluster, standby: &Cluster) {
    let lsn = primary.psql("postgres", "SELECT pg_current_wal_lsn()");
    wait_until("the standby replayed the primary's changes", Duration::from_secs(20), || {
        standby.psql("postgres", &format!("SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn")) == "t"
    });
}

fn connections_of_desks(cluster: &Cluster, db: &str) -> String {
    cluster.psql(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'complaintdesk'")
}

#[test]
fn with_a_standby_listed_first_the_desk_writes_to_the_primary_and_follows_a_failover_by_itself() {
    let primary = Cluster::start();
    let on_primary = primary.create_database();
    let db = on_primary.dbname.clone();
    let standby = Cluster::standby_of(&primary);
    assert_eq!(standby.psql("postgres", "SELECT pg_is_in_recovery()"), "t");

    // Both servers, the standby first, each with its own port.
    let config = PgConfig { hosts: vec![standby.host_and_port(), primary.host_and_port()], ..on_primary.clone() };
    assert_ne!(standby.port(), primary.port());
    assert!(
        config.describe().contains(&standby.port().to_string())
            && config.describe().contains(&primary.port().to_string())
    );

    // The standby alone cannot take the desk's writes, and the desk says so.
    let only_standby = PgConfig { hosts: vec![standby.host_and_port()], ..on_primary.clone() };
    let err = PgStore::connect(&only_standby).err().expect("a standby alone is refused");
    assert_eq!(err.code, ErrorCode::DbOpenFailed);
    assert!(err.message.contains("备库"), "says only a standby was found: {}", err.message);

    let desk = desk_on(&config);
    assert_eq!(connections_of_desks(&primary, &db), "1", "the desk is connected to the primary");
    assert_eq!(connections_of_desks(&standby, &db), "0");

    let burst = Burst::start(desk);
    let p = burst.progress.clone();
    wait_until("10 cases are acknowledged on the primary", Duration::from_secs(20), || p.acknowledged() >= 10);

    // Meanwhile the standby keeps up, and takes no writes of its own.
    let so_far: Vec<String> = p.acknowledged.lock().unwrap().clone();
    wait_replayed(&primary, &standby);
    let on_standby: HashSet<String> = lines(&standby.psql(&db, "SELECT case_no FROM cases")).into_iter().collect();
    for case_no in &so_far {
        assert!(on_standby.contains(case_no), "{case_no} is not on the standby");
    }
    let mut raw = raw_client(&PgConfig {
        hosts: vec![standby.socket_dir().display().to_string()],
        port: standby.port(),
        ..on_primary.clone()
    });
    let e = raw.batch_execute("UPDATE settings SET value = value").unwrap_err();
    assert_eq!(e.as_db_error().map(|d| d.code().code()), Some("25006"), "read_only_sql_transaction: {e}");
    drop(raw);

    // The primary goes away mid-burst. A clean stop hands the standby all
    // the primary's WAL first, so whatever the desk was told is stored
    // has been replicated.
    primary.stop();
    let failed_before = p.failures();
    wait_until("registrations fail with the primary gone", Duration::from_secs(15), || {
        p.failures() >= failed_before + 3
    });
    for failure in p.failures_since(failed_before) {
        assert_clear(&failure);
    }
    // The desk registers one case at a time: all it acknowledged before
    // these failures, it acknowledged on the primary.
    let acknowledged_on_primary: Vec<String> = p.acknowledged.lock().unwrap().clone();
    // What reached the standby: everything it received, once replayed.
    wait_until("the standby replayed all it received", Duration::from_secs(20), || {
        standby.psql("postgres", "SELECT pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn()") == "t"
    });
    let replicated: HashSet<String> = lines(&standby.psql(&db, "SELECT case_no FROM cases")).into_iter().collect();
    assert!(replicated.len() >= acknowledged_on_primary.len());

    // A standby alone takes none of the desk's writes.
    wait_until("3 more registrations failed", Duration::from_secs(15), || p.failures() >= failed_before + 6);
    assert_eq!(p.acknowledged(), acknowledged_on_primary.len(), "a case was acknowledged with no primary up");

    let promoting = Instant::now();
    standby.promote();
    let promoted_in = promoting.elapsed();
    assert_eq!(standby.psql("postgres", "SELECT pg_is_in_recovery()"), "f");
    let before_promotion = p.acknowledged();
    let took = wait_until("the same desk carries on on the promoted standby", RESUME_WITHIN, || {
        p.acknowledged() >= before_promotion + AFTER
    });
    eprintln!("promotion took {promoted_in:?}; {AFTER} more cases registered {took:?} after it");
    let (acknowledged, desk) = burst.finish();

    assert_eq!(connections_of_desks(&standby, &db), "1", "the desk is now connected to the promoted standby");
    let stored = check_every_case_is_whole(&standby, &db);
    for case_no in &acknowledged_on_primary {
        assert!(replicated.contains(case_no), "{case_no}, acknowledged before the failover, was not replicated");
        assert!(stored.contains(case_no), "{case_no}, acknowledged before the failover, is missing after it");
    }
    for case_no in &acknowledged {
        assert!(stored.contains(case_no), "acknowledged {case_no} is not in the database");
    }
    let unique: HashSet<&String> = acknowledged.iter().collect();
    assert_eq!(unique.len(), acknowledged.len(), "a number was given twice across the failover: {acknowledged:?}");
    assert!(acknowledged.len() > acknowledged_on_primary.len());
    assert_found_by_search(&desk, &acknowledged_on_primary[0]);
    assert_found_by_search(&desk, acknowledged.last().unwrap());
}
