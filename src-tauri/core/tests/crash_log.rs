//! A panic, with the hook the shell installs at start: the log says where it
//! happened without what staff typed, and the next start is told once. In a
//! test binary of its own because the panic hook is process-wide.

use std::sync::Arc;

use complaintdesk_core::diagnostics::{install_panic_hook, take_crash_notice, DeskLog};

#[test]
fn a_panic_is_logged_without_personal_data_and_told_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(DeskLog::open(dir.path()).unwrap());
    install_panic_hook(log.clone(), dir.path());

    let worker = std::thread::Builder::new()
        .name("register".into())
        .spawn(|| {
            let customer = "司马相如 13987654321";
            panic!("cannot register {customer}: quota");
        })
        .unwrap();
    assert!(worker.join().is_err(), "the thread panicked");
    let _ = std::panic::take_hook(); // back to the default for the rest of the run

    let text = std::fs::read_to_string(log.path()).unwrap();
    let line = text.lines().find(|l| l.contains("panic")).expect("the panic is logged");
    assert!(line.contains(" ERROR panic in thread register at "), "{line}");
    assert!(line.contains("tests/crash_log.rs:"), "the source place is kept: {line}");
    assert!(line.ends_with("cannot register ? #: quota"), "{line}");
    assert!(!text.contains("司马相如") && !text.contains("13987654321"));

    let notice = take_crash_notice(dir.path()).expect("the next start is told");
    assert!(notice.place.contains("crash_log.rs"), "{notice:?}");
    assert!(notice.at.is_some());
    assert_eq!(notice.log_dir, dir.path().join("logs").display().to_string());
    assert_eq!(take_crash_notice(dir.path()), None, "and only once");
}
