//! Live between desks: what one desk changes, another desk's listener
//! hears within 2 seconds, with who changed it; a refused or rolled-back
//! action is heard by nobody; a listener cut off from the server says so,
//! comes back by itself, and says that too (so the desk reloads).
//!
//! The test that stops a server starts a cluster of its own.

mod common;

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::{complaint, raw_client};
use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::error::ErrorCode;
use complaintdesk_core::model::CaseEdit;
use complaintdesk_core::Desk;
use complaintdesk_postgres::cluster::Cluster;
use complaintdesk_postgres::{Change, Listener, PgConfig, PgStore};

/// The promise to the people at the desks.
const WITHIN: Duration = Duration::from_secs(2);
/// How long nothing must come for "nothing was sent" (a notification,
/// when there is one, takes milliseconds).
const QUIET: Duration = Duration::from_secs(1);

/// A workstation: its own connection, as the app opens it.
fn desk(config: &PgConfig) -> Desk {
    Desk::new(Box::new(PgStore::connect(config).expect("the desk connects")), Box::new(SystemClock))
}

/// What a listener heard, each with the moment it was heard.
type Heard = Receiver<(Instant, Change)>;

/// A listener whose changes go into a channel.
fn listen(config: &PgConfig) -> (Listener, Heard) {
    let (tx, rx) = mpsc::channel();
    let listener = Listener::start(config, move |change| {
        // The test may have ended and dropped the receiver.
        let _ = tx.send((Instant::now(), change));
    });
    (listener, rx)
}

fn record(entity: &str, id: i64, actor_id: i64) -> Change {
    Change::Record { entity: entity.into(), id, actor_id }
}

/// The next change, waiting at most until `deadline`.
fn next_before(heard: &Heard, deadline: Instant, what: &str) -> (Instant, Change) {
    let left = deadline.saturating_duration_since(Instant::now());
    match heard.recv_timeout(left) {
        Ok(change) => change,
        Err(RecvTimeoutError::Timeout) => panic!("nothing heard in time while waiting for {what}"),
        Err(RecvTimeoutError::Disconnected) => panic!("the listener's thread ended while waiting for {what}"),
    }
}

/// Waits until `want` is heard, at most `within` after `since`; returns when
/// it was heard and what was heard before it.
fn wait_for(heard: &Heard, want: &Change, since: Instant, within: Duration) -> (Instant, Vec<Change>) {
    let mut before = Vec::new();
    loop {
        let (at, change) = next_before(heard, since + within, &format!("{want:?} (heard before it: {before:?})"));
        if &change == want {
            return (at, before);
        }
        before.push(change);
    }
}

/// Nothing is heard for `QUIET`.
fn assert_quiet(heard: &Heard, after: &str) {
    match heard.recv_timeout(QUIET) {
        Err(RecvTimeoutError::Timeout) => {}
        Ok((_, change)) => panic!("{after}, the listener heard {change:?}"),
        Err(RecvTimeoutError::Disconnected) => panic!("the listener's thread ended"),
    }
}

#[test]
fn a_change_at_one_desk_is_heard_at_the_other_with_who_made_it_and_a_refused_one_is_not() {
    let config = Cluster::shared().create_database();
    let desk_a = desk(&config);
    let desk_b = desk(&config);
    let agent = desk_a.create_user("李娜").unwrap();
    let (listener, heard) = listen(&config);

    // 登记 at A: B hears the new case, by A's agent; the customer it
    // created comes first, in the order of the audit lines.
    let started = Instant::now();
    let case = desk_a.register_case(&agent, complaint(1)).unwrap();
    let (at, before) = wait_for(&heard, &record("case", case.id, agent.id), started, WITHIN);
    assert_eq!(before, vec![record("customer", case.customer_id, agent.id)]);
    eprintln!("registration heard {:?} after the call started", at - started);
    assert_quiet(&heard, "after the registration's two records");
    // What B reloads has it.
    assert_eq!(desk_b.case(case.id).unwrap().case_no, case.case_no);

    // An edit of three fields is three audit lines in one transaction:
    // heard once.
    let mut fields = case.fields.clone();
    fields.content = "楼上卫生间漏水，天花板发霉，墙面起皮".into();
    fields.customer_request = "三天内维修并赔偿粉刷费用".into();
    fields.sample_note = "现场照片已存".into();
    let started = Instant::now();
    let edited = desk_a.update_case(&agent, CaseEdit { id: case.id, version: case.version, fields, severity_reason: None }).unwrap();
    let (at, before) = wait_for(&heard, &record("case", case.id, agent.id), started, WITHIN);
    assert_eq!(before, vec![]);
    eprintln!("edit heard {:?} after the call started", at - started);
    assert_quiet(&heard, "after the edit's one record");
    assert_eq!(desk_b.case(case.id).unwrap().version, edited.version);

    // A stale edit (made on the version before) is refused: nothing is sent.
    let mut late = case.fields.clone();
    late.customer_request = "退款".into();
    let err = desk_a.update_case(&agent, CaseEdit { id: case.id, version: case.version, fields: late, severity_reason: None }).unwrap_err();
    assert_eq!(err.code, ErrorCode::StaleEdit, "{err:?}");
    assert_quiet(&heard, "after a refused edit");

    // B's own people are heard too, by their own id: a colleague created at
    // B; then the case's receiver voids it there (only he may, 首问负责制).
    let colleague = desk_b.create_user("王芳").unwrap();
    let started = Instant::now();
    wait_for(&heard, &record("user", colleague.id, colleague.id), started, WITHIN);
    let started = Instant::now();
    desk_b.void_case(&agent, case.id, edited.version, "重复登记").unwrap();
    wait_for(&heard, &record("case", case.id, agent.id), started, WITHIN);

    let started = Instant::now();
    listener.stop();
    assert!(started.elapsed() < Duration::from_secs(1), "stop took {:?}", started.elapsed());
}

#[test]
fn notifications_take_milliseconds() {
    let config = Cluster::shared().create_database();
    let desk_a = desk(&config);
    let agent = desk_a.create_user("李娜").unwrap();
    let mut case = desk_a.register_case(&agent, complaint(1)).unwrap();
    let (_listener, heard) = listen(&config);

    // Measured from just before the edit's call (which also reads the case
    // back after committing): an upper bound of commit → heard.
    let mut took = Vec::new();
    for n in 0..20 {
        let mut fields = case.fields.clone();
        fields.sample_note = format!("第{n}次补充");
        let started = Instant::now();
        case = desk_a.update_case(&agent, CaseEdit { id: case.id, version: case.version, fields, severity_reason: None }).unwrap();
        let (at, before) = wait_for(&heard, &record("case", case.id, agent.id), started, WITHIN);
        assert_eq!(before, vec![]);
        took.push(at - started);
    }
    took.sort();
    eprintln!("edit → heard at the other desk: min {:?}, median {:?}, max {:?}", took[0], took[took.len() / 2], took[took.len() - 1]);
}

#[test]
fn only_committed_audit_lines_are_sent_and_foreign_payloads_are_skipped() {
    let config = Cluster::shared().create_database();
    let desk_a = desk(&config);
    let agent = desk_a.create_user("李娜").unwrap();
    // Started after the agent was created: what was committed before is not heard.
    let (_listener, heard) = listen(&config);

    let mut raw = raw_client(&config);
    let line = "INSERT INTO audit_log (at, actor_id, entity, entity_id, action) VALUES (0, $1, 'case', 99, 'test')";
    // A transaction that writes an audit line and is rolled back sends nothing.
    let mut tx = raw.transaction().unwrap();
    tx.execute(line, &[&agent.id]).unwrap();
    tx.rollback().unwrap();
    // Anyone may NOTIFY on the channel; what is not our payload is skipped.
    raw.batch_execute("NOTIFY complaintdesk_changes, 'not json'; NOTIFY complaintdesk_changes, '{\"entity\": \"case\"}'")
        .unwrap();
    assert_quiet(&heard, "after a rolled-back audit line and two foreign payloads");

    // Whoever writes the line (here not the app), it is heard at commit.
    let started = Instant::now();
    raw.execute(line, &[&agent.id]).unwrap();
    let (_, before) = wait_for(&heard, &record("case", 99, agent.id), started, WITHIN);
    assert_eq!(before, vec![]);
}

#[test]
fn a_listener_cut_off_from_the_server_says_so_and_comes_back_by_itself() {
    let cluster = Cluster::start();
    let config = cluster.create_database();
    let desk = desk(&config);
    let agent = desk.create_user("李娜").unwrap();
    let (listener, heard) = listen(&config);

    cluster.stop();
    let (_, change) = next_before(&heard, Instant::now() + Duration::from_secs(5), "Disconnected");
    let Change::Disconnected { message } = change else { panic!("expected Disconnected, heard {change:?}") };
    assert!(!message.is_empty());
    eprintln!("cut off: {message}");

    // A listener started while the server is away says so at once, and
    // keeps trying as the first one does.
    let (late_listener, late) = listen(&config);
    let (_, change) = next_before(&late, Instant::now() + WITHIN, "Disconnected (late)");
    let Change::Disconnected { message } = change else { panic!("expected Disconnected, heard {change:?}") };
    eprintln!("could not connect: {message}");

    // While it is away the retries (after 0.5 s, 1 s, 2 s…) fail quietly:
    // Disconnected is said once.
    assert_quiet(&heard, "while the server is away");

    cluster.start_again();
    let back = Instant::now();
    // The pause between attempts is at most 5 s, plus starting up.
    let (at, change) = next_before(&heard, back + Duration::from_secs(15), "Reconnected");
    assert_eq!(change, Change::Reconnected);
    eprintln!("reconnected {:?} after the server was started again", at - back);
    let (_, change) = next_before(&late, back + Duration::from_secs(15), "Reconnected (late)");
    assert_eq!(change, Change::Reconnected);

    // The desk's own connection was cut too; its first call after may be
    // refused (a write is never retried), the next one reconnects.
    let _ = desk.users();
    let started = Instant::now();
    let case = desk.register_case(&agent, complaint(1)).unwrap();
    wait_for(&heard, &record("case", case.id, agent.id), started, WITHIN);
    wait_for(&late, &record("case", case.id, agent.id), started, WITHIN);

    let started = Instant::now();
    listener.stop();
    drop(late_listener);
    assert!(started.elapsed() < Duration::from_secs(1), "stopping took {:?}", started.elapsed());
}
