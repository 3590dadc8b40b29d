//! The export benchmark (not a test): the tracking sheet of every case
//! exported to .xlsx through the desk, as 导出 Excel does (walked through the
//! sheet query by a keyset cursor, 200 rows a batch, masked for the person, streamed by
//! rust_xlsxwriter in constant-memory mode), at each size asked for. Each
//! export runs in a fresh process of its own, so that its peak memory
//! (VmHWM from /proc/self/status) is the export's and not the build's.
//!
//!     cargo run --release -p complaintdesk-core --example export_bench -- [--rows 100000,1000000] [--dir bench-data]
//!
//! The databases (`<dir>/export-<rows>.sqlite3`) are built once through the
//! store's `insert_cases` with the demo generator, spread over ten years as
//! in the sheet benchmark, and kept for the next run; delete them to rebuild.
//! (Building a million takes about half an hour; a copy of the sheet
//! benchmark's `bench-1000000.sqlite3` under this name serves as well.)
//! Targets: 100,000 rows ≤ 10 s under 200 MB; 1,000,000 ≤ 90 s in constant memory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use chrono::Utc;
use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::demo_import::DemoImporter;
use complaintdesk_core::export::{ExportFormat, Watch};
use complaintdesk_core::model::CaseQuery;
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::Desk;

fn value(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn open(path: &Path) -> Desk {
    Desk::new(Box::new(SqliteStore::open(path).expect("the bench database opens")), Box::new(SystemClock))
}

/// Fills the database up to `cases` cases, 10,000 per transaction.
fn build(path: &Path, cases: usize) {
    let desk = open(path);
    let have = desk.store().case_count().unwrap() as usize;
    if have >= cases {
        return;
    }
    let started = Instant::now();
    let mut importer = DemoImporter::new(desk.store(), 20261207, Utc::now(), 3650).unwrap();
    let mut done = have;
    while done < cases {
        let n = (cases - done).min(10_000);
        desk.store().insert_cases(&importer.batch(n).unwrap()).unwrap();
        done += n;
    }
    eprintln!("built {cases} cases in {:.1?}", started.elapsed());
}

/// A line of /proc/self/status in MB (`VmHWM`: the peak resident memory
/// so far; `RssAnon`: heap and stacks now; `RssFile`: file pages now, which
/// include the database pages SQLite reads through mmap, up to its mmap_size).
fn status_mb(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with(&format!("{key}:")))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    kb / 1024.0
}

fn peak_mb() -> f64 {
    status_mb("VmHWM")
}

/// The child: one export of the whole sheet, reported as one line
/// `rows seconds peak_mb before_mb bytes`.
fn export_once(db: &Path, out: &Path) {
    let desk = open(db);
    let actor = desk.create_user("导出基准").unwrap();
    let before = peak_mb();
    let started = Instant::now();
    let cancel = AtomicBool::new(false);
    // When each batch was written: the walk by cursor should cost the same
    // at every batch (paging by OFFSET made each page dearer than the one
    // before); the first and last 10,000 rows show whether it does.
    let mut marks: Vec<(u64, f64)> = Vec::new();
    let mut progress = |written: u64, _: Option<u64>| marks.push((written, started.elapsed().as_secs_f64()));
    let rows = desk
        .export_sheet(&actor, &CaseQuery::default(), out, ExportFormat::Xlsx, Watch { cancel: &cancel, progress: &mut progress })
        .unwrap()
        .expect("not cancelled");
    let seconds = started.elapsed().as_secs_f64();
    let at = |written: u64| marks.iter().find(|(w, _)| *w >= written).map_or(seconds, |(_, t)| *t);
    let first = at(10_000);
    let last_batches = marks.last().map_or(0.0, |(_, t)| *t) - at(rows.saturating_sub(10_000));
    let bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!(
        "{rows} {seconds:.2} {:.1} {before:.1} {bytes} {first:.3} {last_batches:.3} {:.1} {:.1}",
        peak_mb(),
        status_mb("RssAnon"),
        status_mb("RssFile")
    );
}

fn main() {
    if let (Some(db), Some(out)) = (value("--child-db"), value("--child-out")) {
        export_once(Path::new(&db), Path::new(&out));
        return;
    }
    let sizes: Vec<usize> = value("--rows").unwrap_or_else(|| "100000,1000000".into()).split(',').map(|s| s.parse().expect("--rows N,M")).collect();
    let dir = PathBuf::from(value("--dir").unwrap_or_else(|| "bench-data".into()));
    std::fs::create_dir_all(&dir).unwrap();
    let targets = |n: usize| if n <= 100_000 { (10.0, Some(200.0)) } else { (90.0, None) };

    println!("| cases | rows exported | time | rows/s | first 10k rows | last 10k rows | peak memory (VmHWM) | before export | heap at end (RssAnon) | file pages at end (RssFile) | .xlsx | target | pass |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|:---:|");
    for n in sizes {
        let db = dir.join(format!("export-{n}.sqlite3"));
        build(&db, n);
        let out = dir.join(format!("export-{n}.xlsx"));
        let child = Command::new(std::env::current_exe().unwrap())
            .args(["--child-db", db.to_str().unwrap(), "--child-out", out.to_str().unwrap()])
            .output()
            .expect("the export process runs");
        assert!(child.status.success(), "{}", String::from_utf8_lossy(&child.stderr));
        let line = String::from_utf8_lossy(&child.stdout).trim().to_string();
        let f: Vec<f64> = line.split_whitespace().map(|v| v.parse().unwrap()).collect();
        let (rows, seconds, peak, before, bytes, first, last, anon, file) = (f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
        let (max_s, max_mb) = targets(n);
        let pass = seconds <= max_s && max_mb.is_none_or(|m| peak <= m);
        let target = match max_mb {
            Some(mb) => format!("≤ {max_s:.0} s, < {mb:.0} MB"),
            None => format!("≤ {max_s:.0} s, constant memory"),
        };
        println!(
            "| {n} | {rows:.0} | {seconds:.1} s | {:.0} | {first:.2} s | {last:.2} s | {peak:.0} MB | {before:.0} MB | {anon:.0} MB | {file:.0} MB | {:.1} MB | {target} | {} |",
            rows / seconds,
            bytes / 1_048_576.0,
            if pass { "yes" } else { "NO" }
        );
        let _ = std::fs::remove_file(&out);
    }
}
