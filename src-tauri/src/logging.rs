//! The desk's log (core `diagnostics`) for the whole shell: opened at
//! start in the data folder, with the panic hook, and every command's
//! duration and error code written through `timed`, which the commands'
//! `off_runtime` calls. Before the log is open (or if it cannot be opened)
//! nothing is written and the commands run all the same.

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use complaintdesk_core::diagnostics::{self, DeskLog, Level};
use complaintdesk_core::AppError;

static LOG: OnceLock<Arc<DeskLog>> = OnceLock::new();

/// Opens `logs/complaintdesk.log` and installs the panic hook. A log that
/// cannot be opened (a read-only folder) is said on stderr and skipped.
pub fn start(data_dir: &Path) {
    match DeskLog::open(data_dir) {
        Ok(log) => {
            let log = Arc::new(log);
            diagnostics::install_panic_hook(log.clone(), data_dir);
            log.note(Level::Info, &format!("start version {} on {}", env!("CARGO_PKG_VERSION"), std::env::consts::OS));
            let _ = LOG.set(log);
        }
        Err(e) => eprintln!("ComplaintDesk: cannot open the log in {}: {e}", data_dir.display()),
    }
}

pub fn log() -> Option<&'static DeskLog> {
    LOG.get().map(|log| &**log)
}

pub fn note(level: Level, text: &str) {
    if let Some(log) = log() {
        log.note(level, text);
    }
}

pub fn failure(what: &str, error: &AppError) {
    if let Some(log) = log() {
        log.failure(what, error);
    }
}

/// Runs a command's work off the async runtime's worker (commands run on
/// Tauri's tokio runtime, and the PostgreSQL store's synchronous client
/// drives its own runtime, which must not be started inside another one),
/// and logs how long it took and, if it failed, its error's code. The
/// command's name is the function the closure was written in.
pub fn off_runtime<T, F: FnOnce() -> Result<T, AppError>>(work: F) -> Result<T, AppError> {
    let began = Instant::now();
    let result = tokio::task::block_in_place(work);
    if let Some(log) = log() {
        let command = diagnostics::command_name(std::any::type_name::<F>());
        match &result {
            Ok(_) => log.command_done(command, began.elapsed()),
            Err(e) => log.command_failed(command, began.elapsed(), e),
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_cases_like_a_command<F: FnOnce() -> Result<(), AppError>>(_: F) -> &'static str {
        diagnostics::command_name(std::any::type_name::<F>())
    }

    #[test]
    fn a_commands_closure_is_named_after_the_command() {
        fn register_case() -> &'static str {
            list_cases_like_a_command(|| Ok(()))
        }
        assert_eq!(register_case(), "register_case");
    }
}
