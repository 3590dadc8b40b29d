//! A bare Tauri 2 app: one window showing one static page, built with the
//! same toolchain, crates and profile as 客诉台, for the start-up and
//! memory comparison of `tests/bench/startup.mjs` (README, "Start-up and
//! memory"). Build: `cargo build --release -p complaintdesk --example bare
//! --features custom-protocol`.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!("examples/bare/tauri.conf.json"))
        .expect("the bare app runs");
}
