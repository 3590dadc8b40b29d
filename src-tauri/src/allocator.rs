//! How the app's processes hand memory back on Linux. glibc's malloc gives
//! every thread that allocates its own arena (up to eight per core) and keeps
//! what was freed in them: Tauri's, SQLite's and the statistics' threads each
//! kept tens of MB after their work, and it returns little of it by itself.
//! Measured at a million cases, 24 visits of 统计 left the app's own process
//! at 113 MB; with two arenas 86 MB, and with the trims below back at its
//! 38 MB after sign-in within the minute. Windows and macOS have their own
//! allocators and keep nothing of the kind.

/// How often freed heap memory goes back to the system: often enough that
/// what 统计 used is returned soon after the screen is shown.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// Limits this process to two malloc arenas, has WebKit's web and network
/// processes (which inherit the environment) do the same, and returns free
/// heap pages to the system every ten seconds (a few milliseconds on a
/// low-priority thread). Called first, while the process has one thread. A
/// `MALLOC_ARENA_MAX` IT sets for the app is kept (glibc read it at start).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn hold_less_memory() {
    if crate::rendering::set_for_web_process("MALLOC_ARENA_MAX", "2") {
        // SAFETY: mallopt and malloc_trim are glibc calls with no pointer arguments.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
    crate::background::spawn(|| loop {
        std::thread::sleep(TRIM_EVERY);
        // SAFETY: as above.
        unsafe {
            libc::malloc_trim(0);
        }
    });
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn hold_less_memory() {}
