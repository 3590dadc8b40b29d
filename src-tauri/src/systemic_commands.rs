//! 普遍性问题's commands (issue 13 item 4), kept beside `commands.rs` in
//! the same thin shape: who is acting, then one `Desk` call (the core
//! checks who may see, set the rule and act on an alert).

use complaintdesk_core::systemic::{
    SystemicAcknowledgeInput, SystemicDetail, SystemicList, SystemicQuery, SystemicRule, SystemicRuleView, SystemicStepInput,
};
use complaintdesk_core::AppError;
use tauri::State;

use crate::state::AppState;

type Reply<T> = std::result::Result<T, AppError>;

use crate::logging::off_runtime;

#[tauri::command(async)]
pub fn systemic_rule(state: State<AppState>) -> Reply<SystemicRuleView> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.systemic_rule(&actor)
    })
}

#[tauri::command(async)]
pub fn set_systemic_rule(state: State<AppState>, rule: SystemicRule) -> Reply<SystemicRuleView> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.set_systemic_rule(&actor, rule)
    })
}

#[tauri::command(async)]
pub fn systemic_alerts(state: State<AppState>, query: SystemicQuery) -> Reply<SystemicList> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.systemic_alerts(&actor, &query)
    })
}

#[tauri::command(async)]
pub fn systemic_alert(state: State<AppState>, alert_id: i64) -> Reply<SystemicDetail> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.systemic_alert(&actor, alert_id)
    })
}

#[tauri::command(async)]
pub fn acknowledge_systemic(state: State<AppState>, input: SystemicAcknowledgeInput) -> Reply<SystemicDetail> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.acknowledge_systemic(&actor, input)
    })
}

#[tauri::command(async)]
pub fn verify_systemic(state: State<AppState>, input: SystemicStepInput) -> Reply<SystemicDetail> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.verify_systemic(&actor, input)
    })
}

#[tauri::command(async)]
pub fn close_systemic(state: State<AppState>, input: SystemicStepInput) -> Reply<SystemicDetail> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.close_systemic(&actor, input)
    })
}

#[tauri::command(async)]
pub fn dismiss_systemic(state: State<AppState>, input: SystemicStepInput) -> Reply<SystemicDetail> {
    off_runtime(|| {
        let actor = state.actor()?;
        state.desk()?.dismiss_systemic(&actor, input)
    })
}
