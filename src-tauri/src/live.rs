//! Live between desks: on a server database, a listener (its own
//! connection, see `complaintdesk_postgres::listen`) hears every change
//! committed by any desk. Each is handed to the window as the `desk-change`
//! event, with the name of who made it, so the screens reload and an open
//! 案件详情 can say 此案件已被 某某 更新; a change to a case also wakes the
//! notice timer, so a case routed to someone's department or waiting for
//! his approval is announced at once. On 本机数据库 nothing listens: the
//! desk is the only one writing.

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::OnceLock;

use complaintdesk_core::database::DeskChange;
use complaintdesk_postgres::{Change, Listener};
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// The event the window listens to (`ui/src/ipc` `onDeskChange`).
pub const EVENT: &str = "desk-change";

/// The running listener, kept for the app's lifetime.
#[derive(Default)]
pub struct Live(OnceLock<Listener>);

/// Starts listening if the open desk is on a server (once; later calls do
/// nothing).
pub fn start(app: &AppHandle) {
    let state = app.state::<AppState>();
    let Some(config) = state.server() else { return };
    let live = app.state::<Live>();
    if live.0.get().is_some() {
        return;
    }
    let (send, receive) = mpsc::channel::<Change>();
    let forwarder = app.clone();
    std::thread::Builder::new()
        .name("complaintdesk-live".into())
        .spawn(move || forward(&forwarder, receive))
        .expect("the live thread starts");
    // The listener's callback only hands the change on: reading the name
    // of who made it is a query, and the listener must get back to listening.
    let listener = Listener::start(config, move |change| {
        let _ = send.send(change);
    });
    let _ = live.0.set(listener);
}

/// Turns each change into the window's event, naming who made it.
fn forward(app: &AppHandle, changes: mpsc::Receiver<Change>) {
    let mut names: HashMap<i64, String> = HashMap::new();
    for change in changes {
        let event = match change {
            Change::Record { entity, id, actor_id } => {
                if entity == "case" {
                    crate::notices::wake(app);
                }
                let actor_name = names.entry(actor_id).or_insert_with(|| name_of(app, actor_id)).clone();
                DeskChange::Record { entity, id, actor_id, actor_name }
            }
            Change::Disconnected { message } => DeskChange::Disconnected { message },
            Change::Reconnected => {
                crate::notices::wake(app);
                DeskChange::Reconnected
            }
        };
        // No window (closing) is nothing to report.
        let _ = app.emit(EVENT, event);
    }
}

/// The user's name, or 其他用户 if it cannot be read just now.
fn name_of(app: &AppHandle, user_id: i64) -> String {
    let state = app.state::<AppState>();
    let user = state.desk().ok().and_then(|desk| desk.store().user(user_id).ok().flatten());
    user.map(|u| u.name).unwrap_or_else(|| "其他用户".to_string())
}
