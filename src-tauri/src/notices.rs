//! Desktop notifications from a Rust timer: once a minute, the signed-in
//! (and not locked) user is told of his stages due within the hour or gone
//! overdue. The core records each notice as shown, so none repeats.

use std::time::Duration;

use complaintdesk_core::deadlines::DueNotice;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(60);

pub fn start(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(EVERY);
        tick(&app);
    });
}

fn text(n: &DueNotice) -> String {
    let due = n.due_at.with_timezone(&chrono::Local).format("%m-%d %H:%M");
    if n.overdue {
        format!("{}「{}」已超时（应于 {due} 完成）", n.case_no, n.stage.label())
    } else {
        format!("{}「{}」将于 {due} 到期", n.case_no, n.stage.label())
    }
}

fn tick(app: &AppHandle) {
    let state = app.state::<AppState>();
    let (Some(actor), Ok(desk)) = (state.unlocked_user(), state.desk()) else { return };
    // A failed read is tried again next minute; nothing is marked shown.
    let Ok(notices) = desk.due_notices(&actor) else { return };
    for n in notices {
        // No notification service (a bare X server, say) is not an error of ours.
        let _ = app.notification().builder().title("时效提醒 · 客诉台").body(text(&n)).show();
    }
}
