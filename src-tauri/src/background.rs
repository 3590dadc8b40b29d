//! Threads for work nobody waits for (the start-up database check and the
//! day's backup). They start with the window's page, while
//! WebKit draws the sign-in screen and then the 跟进表, and the check reads
//! the whole database file: on a two-core workstation they took a core from
//! the window. So they run at a lower priority, and yield to it.

/// Spawns `work` on a thread of its own at a low priority.
pub fn spawn<F: FnOnce() + Send + 'static>(work: F) {
    std::thread::spawn(move || {
        lower_this_threads_priority();
        work()
    });
}

/// Linux gives every thread its own nice value (`setpriority` of the
/// calling thread's id). Elsewhere the thread keeps the normal priority.
#[cfg(target_os = "linux")]
fn lower_this_threads_priority() {
    // SAFETY: plain system calls on this thread's own id.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_this_threads_priority() {}
