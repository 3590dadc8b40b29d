//! Desktop notifications from a Rust timer: once a minute, and at once when
//! another desk changed a case (see `live`), the signed-in (and not locked)
//! user is told of work that reached him (a case routed to his department,
//! a resolution waiting for his approval) and of his stages due within the
//! hour or gone overdue, and (质量管理部 and the managers) of a 普遍性问题
//! just raised. The core records each notice as shown, so none repeats.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

use complaintdesk_core::codes::WorkKind;
use complaintdesk_core::deadlines::{ArrivalNotice, DueNotice};
use complaintdesk_core::model::User;
use complaintdesk_core::time_zone::OrgZone;
use complaintdesk_core::Desk;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

const EVERY: Duration = Duration::from_secs(60);
/// More notices than this at one look are summed up in one.
const MOST_AT_ONCE: usize = 3;

/// Wakes the timer before its minute is up.
pub struct Wake(Mutex<Sender<()>>);

pub fn start(app: AppHandle) {
    let (wake, woken) = mpsc::channel();
    app.manage(Wake(Mutex::new(wake)));
    std::thread::spawn(move || loop {
        match woken.recv_timeout(EVERY) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        // A burst of changes is one look.
        while woken.try_recv().is_ok() {}
        tick(&app);
    });
}

/// Looks for notices now (a case changed on another desk).
pub fn wake(app: &AppHandle) {
    if let Some(wake) = app.try_state::<Wake>() {
        let _ = wake.0.lock().unwrap().send(());
    }
}

fn due_text(n: &DueNotice, zone: OrgZone) -> String {
    let due = zone.short(n.due_at);
    if n.overdue {
        format!("{}「{}」已超时（应于 {due} 完成）", n.case_no, n.stage.label())
    } else {
        format!("{}「{}」将于 {due} 到期", n.case_no, n.stage.label())
    }
}

fn arrival_text(n: &ArrivalNotice) -> String {
    match (n.kind, &n.department_name) {
        (WorkKind::ToApprove, _) => format!("{} 的处理方案等待您审批", n.case_no),
        (_, Some(department)) => format!("{} 已分派到{department}，等待受理", n.case_no),
        (_, None) => format!("{} 已分派到您的部门，等待受理", n.case_no),
    }
}

/// Every notice not shown yet, as (title, body).
fn pending(desk: &Desk, actor: &User) -> complaintdesk_core::Result<Vec<(&'static str, String)>> {
    let arrivals = desk.arrival_notices(actor)?.iter().map(|n| ("新的待办 · 客诉台", arrival_text(n))).collect::<Vec<_>>();
    let zone = desk.time_zone()?;
    let due = desk.due_notices(actor)?.iter().map(|n| ("时效提醒 · 客诉台", due_text(n, zone))).collect::<Vec<_>>();
    // 普遍性问题 just raised, for 质量管理部 and the managers (each once).
    let systemic = desk.systemic_notices(actor)?.into_iter().map(|n| ("普遍性问题 · 客诉台", n.text)).collect::<Vec<_>>();
    Ok(arrivals.into_iter().chain(due).chain(systemic).collect())
}

fn tick(app: &AppHandle) {
    let state = app.state::<AppState>();
    let (Some(actor), Ok(desk)) = (state.unlocked_user(), state.desk()) else { return };
    // A failed read is tried again next time; what was not read is not marked shown.
    let Ok(mut notices) = pending(desk, &actor) else { return };
    // Someone signing in to a full queue gets one notice, not a stack of them.
    if notices.len() > MOST_AT_ONCE {
        let summary = format!("您有 {} 条新的待办和时效提醒，请在「我的待办」中查看", notices.len());
        notices = vec![("客诉台", summary)];
    }
    for (title, body) in notices {
        // No notification service (a bare X server, say) is not an error of ours.
        let _ = app.notification().builder().title(title).body(body).show();
    }
}
