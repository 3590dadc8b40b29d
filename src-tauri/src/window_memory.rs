//! The main window opens where it was left (core `window_place`: saved in
//! `window.json` in the data folder, fitted to the screens there are now).
//! The place is noted as the window moves and is resized, and written at
//! most once a second while that goes on and always when it closes, so a
//! desk that is switched off without closing the app keeps it too.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use complaintdesk_core::window_place::{self, Screen, WindowPlace};
use tauri::{Manager, PhysicalPosition, PhysicalSize, Runtime, WebviewWindow, Window, WindowEvent};

pub const MAIN: &str = "main";
const WRITE_EVERY: Duration = Duration::from_secs(1);

pub struct WindowMemory {
    data_dir: PathBuf,
    last: Mutex<Option<WindowPlace>>,
    written: Mutex<Option<Instant>>,
}

impl WindowMemory {
    pub fn new(data_dir: PathBuf) -> WindowMemory {
        let last = window_place::load(&data_dir);
        WindowMemory { data_dir, last: Mutex::new(last), written: Mutex::new(None) }
    }

    /// At start: the saved place, checked against today's screens.
    pub fn restore<R: Runtime>(&self, window: &WebviewWindow<R>) {
        let Some(saved) = *self.last.lock().unwrap() else { return };
        let Some(fitted) = window_place::fit(saved, &screens(window)) else { return };
        let _ = window.set_size(PhysicalSize::new(fitted.width, fitted.height));
        match fitted.position {
            Some((x, y)) => {
                let _ = window.set_position(PhysicalPosition::new(x, y));
            }
            None => {
                let _ = window.center();
            }
        }
        if fitted.maximized {
            let _ = window.maximize();
        }
    }

    /// Every event of the main window: moves and resizes are noted, a close writes.
    pub fn on_event<R: Runtime>(&self, window: &Window<R>, event: &WindowEvent) {
        if window.label() != MAIN {
            return;
        }
        match event {
            WindowEvent::Moved(_) | WindowEvent::Resized(_) => {
                self.note(window);
                let due = self.written.lock().unwrap().is_none_or(|at| at.elapsed() >= WRITE_EVERY);
                if due {
                    self.write();
                }
            }
            WindowEvent::CloseRequested { .. } | WindowEvent::Destroyed => {
                self.note(window);
                self.write();
            }
            _ => {}
        }
    }

    /// A minimised window's position means nothing; a maximised one keeps
    /// the place it had before, to come back to when unmaximised.
    fn note<R: Runtime>(&self, window: &Window<R>) {
        if window.is_minimized().unwrap_or(false) {
            return;
        }
        let maximized = window.is_maximized().unwrap_or(false);
        let mut last = self.last.lock().unwrap();
        if maximized {
            if let Some(place) = last.as_mut() {
                place.maximized = true;
                return;
            }
        }
        let (Ok(position), Ok(size)) = (window.outer_position(), window.inner_size()) else { return };
        *last = Some(WindowPlace { x: position.x, y: position.y, width: size.width, height: size.height, maximized });
    }

    fn write(&self) {
        let Some(place) = *self.last.lock().unwrap() else { return };
        if let Err(e) = window_place::save(&self.data_dir, &place) {
            crate::logging::note(complaintdesk_core::diagnostics::Level::Warn, &format!("window place not saved: {}", e.kind()));
        }
        *self.written.lock().unwrap() = Some(Instant::now());
    }
}

/// The monitors' work areas, the primary one first (a window that fits on
/// no screen any more is sized for it).
fn screens<R: Runtime>(window: &WebviewWindow<R>) -> Vec<Screen> {
    let primary = window.primary_monitor().ok().flatten().map(|m| *m.position());
    let mut monitors = window.available_monitors().unwrap_or_default();
    monitors.sort_by_key(|m| Some(*m.position()) != primary);
    monitors
        .iter()
        .map(|m| {
            let area = m.work_area();
            Screen { x: area.position.x, y: area.position.y, width: area.size.width, height: area.size.height }
        })
        .collect()
}

/// Brings the main window forward (a second start of the app lands here).
pub fn bring_forward<R: Runtime, M: Manager<R>>(app: &M) {
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
