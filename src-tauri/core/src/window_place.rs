//! Where the main window was, so the next start opens it there
//! (`window.json` in the data folder, per workstation like the
//! preferences). What was saved is checked against the screens there are
//! now: a window last seen on a monitor that has since been unplugged, or
//! a file with nonsense in it, must never open where nobody can reach it.
//! All in physical pixels, as the window system reports them.

use std::path::Path;

use serde::{Deserialize, Serialize};

pub const WINDOW_FILE: &str = "window.json";

/// The window's outer position and inner size when last seen unmaximised,
/// and whether it was maximised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowPlace {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub maximized: bool,
}

/// A monitor's work area (without task bars), primary first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// What to apply at start: `position` is `None` only when no screen is
/// known (the shell then lets the window system centre the window).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fitted {
    pub position: Option<(i32, i32)>,
    pub width: u32,
    pub height: u32,
    pub maximized: bool,
}

/// Smaller than this is not a window anyone meant to keep.
const MIN_WIDTH: u32 = 400;
const MIN_HEIGHT: u32 = 300;
/// The strip at the window's top that must be on a screen to drag it.
const TITLE_BAR: i64 = 32;
/// How much of that strip must be visible, across and down.
const GRIP_WIDTH: i64 = 120;
const GRIP_HEIGHT: i64 = 16;

/// The saved place as it can be used on these screens: its size no larger
/// than the screen it is on, moved inside that screen if it hung over an
/// edge; on no screen, centred on the first (primary) screen instead.
pub fn fit(saved: WindowPlace, screens: &[Screen]) -> Option<Fitted> {
    if saved.width < MIN_WIDTH || saved.height < MIN_HEIGHT {
        return None;
    }
    let Some(screen) = screens.iter().find(|s| title_bar_on(&saved, s)) else {
        // Centred here rather than by the window system, which centres by
        // the size the window had before it was resized.
        let Some(first) = screens.first() else {
            return Some(Fitted { position: None, width: saved.width, height: saved.height, maximized: saved.maximized });
        };
        let (width, height) = (saved.width.min(first.width), saved.height.min(first.height));
        let x = first.x + ((first.width - width) / 2) as i32;
        let y = first.y + ((first.height - height) / 2) as i32;
        return Some(Fitted { position: Some((x, y)), width, height, maximized: saved.maximized });
    };
    let width = saved.width.min(screen.width);
    let height = saved.height.min(screen.height);
    let x = saved.x.min(screen.x + screen.width as i32 - width as i32).max(screen.x);
    let y = saved.y.min(screen.y + screen.height as i32 - height as i32).max(screen.y);
    Some(Fitted { position: Some((x, y)), width, height, maximized: saved.maximized })
}

fn title_bar_on(place: &WindowPlace, screen: &Screen) -> bool {
    let (left, top) = (place.x as i64, place.y as i64);
    let (right, bottom) = (left + place.width as i64, top + TITLE_BAR);
    let (s_left, s_top) = (screen.x as i64, screen.y as i64);
    let (s_right, s_bottom) = (s_left + screen.width as i64, s_top + screen.height as i64);
    let across = right.min(s_right) - left.max(s_left);
    let down = bottom.min(s_bottom) - top.max(s_top);
    across >= GRIP_WIDTH && down >= GRIP_HEIGHT
}

/// The saved place, or `None` (first start, or a file that does not parse).
pub fn load(data_dir: &Path) -> Option<WindowPlace> {
    let text = std::fs::read_to_string(data_dir.join(WINDOW_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Written to a temporary file first, so a crash never leaves half of it.
pub fn save(data_dir: &Path, place: &WindowPlace) -> std::io::Result<()> {
    let path = data_dir.join(WINDOW_FILE);
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec(place).expect("plain data serialises"))?;
    std::fs::rename(&tmp, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAPTOP: Screen = Screen { x: 0, y: 0, width: 1920, height: 1040 };
    const RIGHT_MONITOR: Screen = Screen { x: 1920, y: 0, width: 2560, height: 1400 };

    fn place(x: i32, y: i32, width: u32, height: u32) -> WindowPlace {
        WindowPlace { x, y, width, height, maximized: false }
    }

    #[test]
    fn a_window_on_a_screen_opens_where_it_was() {
        let fitted = fit(place(2100, 80, 1400, 900), &[LAPTOP, RIGHT_MONITOR]).unwrap();
        assert_eq!(fitted, Fitted { position: Some((2100, 80)), width: 1400, height: 900, maximized: false });
    }

    #[test]
    fn a_window_whose_monitor_was_unplugged_is_centred_on_what_is_left() {
        // Last seen on the right monitor, which is gone today.
        let fitted = fit(place(2100, 80, 2400, 1300), &[LAPTOP]).unwrap();
        assert_eq!(fitted, Fitted { position: Some((0, 0)), width: 1920, height: 1040, maximized: false });
        let smaller = fit(place(2100, 80, 1280, 820), &[LAPTOP, Screen { x: -1280, y: 0, width: 1280, height: 1024 }]).unwrap();
        assert_eq!(smaller.position, Some((320, 110)), "centred on the primary screen, listed first");
    }

    #[test]
    fn a_window_hanging_over_an_edge_is_moved_inside() {
        // Its title bar is 200 px on the laptop: reachable, but most of it is off.
        let fitted = fit(place(1720, 900, 1280, 820), &[LAPTOP]).unwrap();
        assert_eq!(fitted.position, Some((640, 220)));
    }

    #[test]
    fn a_title_bar_above_the_screen_or_a_sliver_does_not_count() {
        // Only 40 px across the screen's right edge: cannot be grabbed.
        assert_eq!(fit(place(1880, 100, 1280, 820), &[LAPTOP]).unwrap().position, Some((320, 110)));
        // The title bar is above the top of every screen.
        assert_eq!(fit(place(100, -500, 1280, 820), &[LAPTOP]).unwrap().position, Some((320, 110)));
    }

    #[test]
    fn maximised_is_kept_and_nonsense_sizes_are_dropped() {
        let maximised = WindowPlace { maximized: true, ..place(10, 10, 1280, 820) };
        assert!(fit(maximised, &[LAPTOP]).unwrap().maximized);
        assert_eq!(fit(place(10, 10, 0, 0), &[LAPTOP]), None);
        assert_eq!(fit(place(10, 10, 120, 5000), &[LAPTOP]), None);
    }

    #[test]
    fn no_screens_known_keeps_the_size_and_centres() {
        assert_eq!(fit(place(10, 10, 1280, 820), &[]).unwrap(), Fitted { position: None, width: 1280, height: 820, maximized: false });
    }

    #[test]
    fn saved_and_read_back_and_a_broken_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), None);
        let saved = WindowPlace { maximized: true, ..place(-1200, 40, 1100, 700) };
        save(dir.path(), &saved).unwrap();
        assert_eq!(load(dir.path()), Some(saved));
        std::fs::write(dir.path().join(WINDOW_FILE), "{\"x\":").unwrap();
        assert_eq!(load(dir.path()), None);
    }
}
