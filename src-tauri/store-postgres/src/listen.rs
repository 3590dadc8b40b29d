//! Live between desks: a desk learns within moments that another desk
//! changed something, and who did, so its screens reload and an open
//! 案件详情 can say 此案件已被 某某 更新.
//!
//! Every change the app makes writes audit lines in its own transaction;
//! a trigger on `audit_log` (see the end of `migrations/001_schema.sql`)
//! sends `{"entity", "id", "actorId"}` on the channel [`CHANNEL`] for each.
//! PostgreSQL delivers a notification only when its transaction commits (a
//! refused or rolled-back action sends nothing) and folds identical ones of
//! one transaction (an edit of three fields is one notification).
//!
//! A [`Listener`] holds its own connection, apart from the store's: a
//! LISTENing session must stay idle to receive, and the store's connection
//! is busy with the desk's own reads and writes. Notifications sent while
//! the listener is cut off are lost for good (PostgreSQL keeps none for a
//! session that is gone), so after a reconnection it says
//! [`Change::Reconnected`] and the desk reloads what it shows.
//!
//! A loss is noticed at once when the server ends the connection (a restart,
//! a failover, a killed session). A network that silently drops everything
//! is noticed only by TCP keepalive, which the driver by default starts
//! after 2 hours idle (`connect::open` could set `keepalives_idle` lower).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use postgres::Client;
use serde::{Deserialize, Serialize};

use crate::config::PgConfig;
use crate::connect;

/// The channel the trigger notifies on.
pub const CHANNEL: &str = "complaintdesk_changes";

/// How long one wait for notifications lasts before the stop flag is looked
/// at again: the most `stop` waits for a listener that is connected.
const POLL: Duration = Duration::from_millis(200);
/// The first pause before reconnecting, doubled after each failure up to
/// `LAST_RETRY`: a server restarting is back in a second or two, and one
/// that is down for long is not asked more than every few seconds by each
/// desk.
const FIRST_RETRY: Duration = Duration::from_millis(500);
const LAST_RETRY: Duration = Duration::from_secs(5);

/// What the listener tells the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Change {
    /// Someone (`actor_id`, a user id) changed the record `entity`/`id`,
    /// as named in the audit log: `case` and its id for anything done to a
    /// case (its documents, attachments and workflow steps included),
    /// `customer`, `user`, `department`, `settings`, `routing_rule`,
    /// `calendar`, `deadline_policy`, or `document` for a document without
    /// a case. The desk's own changes come too.
    Record { entity: String, id: i64, actor_id: i64 },
    /// The listener was cut off and is connected again: notifications sent
    /// meanwhile are lost, so reload what is shown.
    Reconnected,
    /// The server cannot be reached (the listener keeps retrying). Said
    /// once per outage; `Reconnected` follows when it is back.
    Disconnected { message: String },
}

/// The trigger's payload.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Payload {
    entity: String,
    id: i64,
    actor_id: i64,
}

/// A thread listening for changes on its own connection until stopped.
pub struct Listener {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Listener {
    /// Connects and LISTENs before returning (so it may take up to the
    /// connect timeout when the server does not answer), so every change
    /// committed after `start` returns is reported; if the server could not
    /// be reached, `Disconnected` comes first and `Reconnected` once it is.
    /// `on_change` is called on the listener's thread, one change at a time;
    /// it should hand the change on and return (while it runs, nothing is
    /// read, and the server keeps the notifications queued for this session).
    pub fn start(config: &PgConfig, on_change: impl Fn(Change) + Send + 'static) -> Listener {
        let config = config.clone();
        let first = open_listening(&config);
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::Builder::new()
            .name("complaintdesk-listen".into())
            .spawn(move || run(&config, first, &stopped, &on_change))
            .expect("the listener's thread starts");
        Listener { stop, thread: Some(thread) }
    }

    /// Stops listening and waits for the thread: no `on_change` call comes
    /// after this returns. Takes up to `POLL`, or up to the connect timeout
    /// when a reconnection attempt is under way.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            // A panic in on_change ended the thread already; nothing to add.
            let _ = thread.join();
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.halt();
    }
}

/// The listener's thread: listen while connected; when cut off, say so
/// once, reconnect with a growing pause, and say when it is back.
fn run(config: &PgConfig, first: Result<Client, String>, stop: &AtomicBool, on_change: &dyn Fn(Change)) {
    let mut connected = first;
    loop {
        let message = match connected {
            Ok(mut client) => match listen(config, &mut client, stop, on_change) {
                Some(message) => message,
                None => return,
            },
            Err(message) => message,
        };
        on_change(Change::Disconnected { message });
        let Some(client) = reconnect(config, stop) else { return };
        on_change(Change::Reconnected);
        connected = Ok(client);
    }
}

/// A connection of our own, LISTENing.
fn open_listening(config: &PgConfig) -> Result<Client, String> {
    let mut client = connect::open(config).map_err(|e| e.message)?;
    // An idle_session_timeout set by the server's administrator (14+) would
    // cut this session, which is idle by design, every so often: each cut
    // would make every desk reload. Server versions without it skip this.
    client
        .batch_execute(&format!(
            "DO $$ BEGIN
                 IF current_setting('server_version_num')::int >= 140000 THEN SET idle_session_timeout = 0; END IF;
             END $$;
             LISTEN {CHANNEL}"
        ))
        .map_err(|e| lost(config, &e))?;
    Ok(client)
}

/// Reports each notification until the connection is lost (the reason is
/// returned) or `stop` is set (`None`). Waits in short steps so `stop` is
/// looked at regularly; a notification ends a wait at once.
fn listen(config: &PgConfig, client: &mut Client, stop: &AtomicBool, on_change: &dyn Fn(Change)) -> Option<String> {
    while !stop.load(Ordering::Relaxed) {
        let next = client.notifications().timeout_iter(POLL).next();
        match next {
            Ok(Some(notification)) => {
                // A payload not in our format was not sent by our trigger
                // (anyone may NOTIFY on any channel): it is skipped.
                if let Ok(p) = serde_json::from_str::<Payload>(notification.payload()) {
                    on_change(Change::Record { entity: p.entity, id: p.id, actor_id: p.actor_id });
                }
            }
            // A wait that ended without a notification: the time is up, or
            // the server closed the connection (the driver then says closed).
            Ok(None) if client.is_closed() => return Some(format!("与服务器 {} 的连接已断开。", config.describe())),
            Ok(None) => {}
            Err(e) => return Some(lost(config, &e)),
        }
    }
    None
}

/// Connects and LISTENs again, pausing longer after each failure; `None`
/// if stopped meanwhile.
fn reconnect(config: &PgConfig, stop: &AtomicBool) -> Option<Client> {
    let mut pause = FIRST_RETRY;
    loop {
        if !sleep_unless_stopped(pause, stop) {
            return None;
        }
        if let Ok(client) = open_listening(config) {
            return Some(client);
        }
        pause = (pause * 2).min(LAST_RETRY);
    }
}

/// Sleeps `pause` in `POLL` steps; false as soon as `stop` is set.
fn sleep_unless_stopped(pause: Duration, stop: &AtomicBool) -> bool {
    let mut left = pause;
    while !left.is_zero() {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        let nap = left.min(POLL);
        std::thread::sleep(nap);
        left -= nap;
    }
    !stop.load(Ordering::Relaxed)
}

/// Why the connection ended, as the server said it (e.g. that it is
/// shutting down) or as the driver saw it.
fn lost(config: &PgConfig, e: &postgres::Error) -> String {
    let server = config.describe();
    match e.as_db_error() {
        Some(db) => format!("与服务器 {server} 的连接已断开：{}", db.message()),
        None => format!("与服务器 {server} 的连接已断开：{e}"),
    }
}
