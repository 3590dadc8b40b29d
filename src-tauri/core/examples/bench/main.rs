//! The tracking-sheet benchmark (not a test): builds a database of realistic
//! cases on SQLite or PostgreSQL, then times what staff do all day through
//! the core (`Desk`) and the same work as raw SQL on a second connection, and
//! prints tables of p50/p95 against the targets.
//!
//!     cargo run --release -p complaintdesk-core --example bench -- --backend sqlite|postgres \
//!         [--cases 1000000] [--samples 200] [--matrix-samples 12] [--desks 20] [--seconds 60] \
//!         [--only basic,matrix,desks,stats,dashboard,statement] [--stats-samples 20]
//!
//! SQLite: the file `bench-data/bench-<cases>.sqlite3` (`--db PATH`).
//! PostgreSQL: a cluster the bench starts itself, kept in `bench-data/pg`
//! (`--pg-dir DIR`) and stopped when the bench ends, database
//! `bench_<cases>`, reached over TCP on 127.0.0.1 with fsync and
//! synchronous_commit on (see `complaintdesk_postgres::cluster::Cluster::kept_in`).
//! Both are built through the store's own `insert_cases` and kept for the
//! next run; delete them to rebuild.
//!
//! Sections: `basic` (registration and the sheet's everyday pages),
//! `matrix` (every sort column, both directions, alone, filtered and with a
//! 1-, 2- and 3-character search, page 1 and page 1,000), `desks` (many
//! desks registering and paging at once, one thread and connection each),
//! `stats` (a month's and a year's 统计, every figure),
//! `dashboard` (the administrator's 工作台, whole and part by part),
//! `statement` (a month's 客户投诉案件统计表 issued and printed; asked for
//! by name only, as it lists that month's cases for good).

mod dashboard;
mod desks;
mod pg;
mod sheet;
mod sqlite;
mod statement;
mod stats;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use complaintdesk_core::demo::DemoGenerator;
use complaintdesk_core::demo_import::DemoImporter;
use complaintdesk_core::model::*;
use complaintdesk_core::Desk;

use sheet::{Filter, Sheet};

/// Which database the run is on, and how to open more connections to it.
pub trait Backend: Sync {
    fn name(&self) -> &'static str;
    /// A new desk with its own connection.
    fn desk(&self) -> Desk;
    /// A raw connection for the twins of the core's work.
    fn raw(&self) -> Box<dyn Raw>;
    /// What the run was on, for the table's heading.
    fn describe(&self) -> String;
    /// Makes sure the database holds `cases` cases (kept from an earlier
    /// run, or built now).
    fn fill(&self, cases: usize);
}

/// The raw-SQL twins: the same statements by hand, rows stepped but not
/// turned into structs.
pub trait Raw {
    /// Registration's reads and writes in one transaction.
    fn register(&mut self, fields: &CaseFields, actor: i64, i: usize);
    /// One sheet page (count capped at 10,001, then the page) of sample `i`.
    fn page(&mut self, sheet: &Sheet, search: &str, i: usize);
    /// Case contents to cut search terms from.
    fn contents(&mut self) -> Vec<String>;
}

pub struct Args {
    backend: String,
    cases: usize,
    samples: usize,
    matrix_samples: usize,
    desks: usize,
    seconds: u64,
    stats_samples: usize,
    only: Vec<String>,
    db: Option<PathBuf>,
    pg_dir: PathBuf,
}

fn args() -> Args {
    let mut a = Args {
        backend: "sqlite".into(),
        cases: 1_000_000,
        samples: 200,
        matrix_samples: 12,
        desks: 20,
        seconds: 60,
        stats_samples: 20,
        only: vec!["basic".into(), "matrix".into(), "desks".into(), "stats".into(), "dashboard".into()],
        db: None,
        pg_dir: PathBuf::from("bench-data/pg"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--backend" => a.backend = value,
            "--cases" => a.cases = value.parse().expect("--cases N"),
            "--samples" => a.samples = value.parse().expect("--samples N"),
            "--matrix-samples" => a.matrix_samples = value.parse().expect("--matrix-samples N"),
            "--desks" => a.desks = value.parse().expect("--desks N"),
            "--seconds" => a.seconds = value.parse().expect("--seconds N"),
            "--stats-samples" => a.stats_samples = value.parse().expect("--stats-samples N"),
            "--only" => a.only = value.split(',').map(str::to_string).collect(),
            "--db" => a.db = Some(PathBuf::from(value)),
            "--pg-dir" => a.pg_dir = PathBuf::from(value),
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

/// Fills the database up to `cases` cases in batches of 10,000 (one
/// transaction each), spread over ten years like a long-used desk.
pub fn build(desk: &Desk, cases: usize) {
    let have = desk.store().case_count().unwrap() as usize;
    if have >= cases {
        println!("using existing database with {have} cases");
        return;
    }
    let started = Instant::now();
    let mut importer = DemoImporter::new(desk.store(), 20261123, Utc::now(), 3650).unwrap();
    let mut done = have;
    while done < cases {
        let n = (cases - done).min(10_000);
        let batch = importer.batch(n).unwrap();
        desk.store().insert_cases(&batch).unwrap();
        done += n;
        if done.is_multiple_of(100_000) || done == cases {
            eprintln!("  built {done} cases in {:.0?}", started.elapsed());
        }
    }
    println!("built {cases} cases in {:.1?}", started.elapsed());
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64) * p).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub type Timing = (Duration, Duration);

pub struct Row {
    what: String,
    core: Timing,
    raw: Timing,
    target_p95_ms: f64,
}

/// Times `core(i)` and `raw(i)` for each sample, alternating which goes
/// first, so neither always finds the pages the other just read.
pub fn time_pair(samples: usize, mut core: impl FnMut(usize), mut raw: impl FnMut(usize)) -> (Timing, Timing) {
    core(0); // warm the statement caches
    raw(0);
    let (mut core_times, mut raw_times) = (Vec::new(), Vec::new());
    for i in 1..=samples {
        let timed = |f: &mut dyn FnMut(usize), into: &mut Vec<Duration>| {
            let start = Instant::now();
            f(i);
            into.push(start.elapsed());
        };
        if i % 2 == 0 {
            timed(&mut core, &mut core_times);
            timed(&mut raw, &mut raw_times);
        } else {
            timed(&mut raw, &mut raw_times);
            timed(&mut core, &mut core_times);
        }
    }
    (summary(core_times), summary(raw_times))
}

pub fn summary(mut times: Vec<Duration>) -> Timing {
    times.sort();
    (percentile(&times, 0.50), percentile(&times, 0.95))
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Search terms people would type: pieces of real case contents, `len`
/// Chinese characters each.
pub fn terms(contents: &[String], len: usize, count: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut k = 0usize;
    while out.len() < count {
        let chars: Vec<char> = contents[k % contents.len()].chars().collect();
        let start = (k * 7) % chars.len().saturating_sub(len).max(1);
        let term: String = chars[start..(start + len).min(chars.len())].iter().collect();
        if term.chars().count() == len && term.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            out.push(term);
        }
        k += 1;
    }
    out
}

fn print_rows(title: &str, rows: &[Row]) {
    println!();
    println!("{title}");
    println!("| operation | core p50 | core p95 | raw SQL p50 | raw SQL p95 | target p95 | pass |");
    println!("|---|---:|---:|---:|---:|---:|:---:|");
    for r in rows {
        println!(
            "| {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | ≤ {:.0} ms | {} |",
            r.what,
            ms(r.core.0),
            ms(r.core.1),
            ms(r.raw.0),
            ms(r.raw.1),
            r.target_p95_ms,
            if ms(r.core.1) <= r.target_p95_ms && ms(r.raw.1) <= r.target_p95_ms { "yes" } else { "**NO**" }
        );
    }
}

/// Registration and the sheet's everyday pages, many samples each.
fn basic(backend: &dyn Backend, desk: &Desk, raw: &mut dyn Raw, agent: &User, args: &Args, contents: &[String]) -> Vec<Row> {
    let mut rows = Vec::new();
    let register_target = if backend.name() == "postgres" { 15.0 } else { 10.0 };

    // Registering one case (validation, customer, numbering, index, audit; durable commit).
    let mut generator = DemoGenerator::new(7);
    let inputs: Vec<NewCase> = (0..=args.samples)
        .map(|_| NewCase { fields: generator.next_case(Utc::now(), 30).fields, related_case_id: None })
        .collect();
    let (core, raw_time) = time_pair(
        args.samples,
        |i| {
            desk.register_case(agent, inputs[i].clone()).unwrap();
        },
        |i| raw.register(&inputs[i].fields, agent.id, i),
    );
    rows.push(Row { what: "register one case".into(), core, raw: raw_time, target_p95_ms: register_target });

    let everyday = [
        ("filtered + sorted page of 50 (open, one severity, by 受理时间)", Sheet::new(SortField::ReceivedAt, true, Filter::OpenOfSeverity, 1), 0, 20.0),
        ("3-character search, page of 50", Sheet::new(SortField::CaseNo, true, Filter::None, 1), 3, 100.0),
        ("2-character search, page of 50", Sheet::new(SortField::CaseNo, true, Filter::None, 1), 2, 100.0),
        ("unfiltered sheet, page of 50", Sheet::new(SortField::CaseNo, true, Filter::None, 1), 0, 20.0),
        ("unfiltered sheet by 受理时间, page 2,000", Sheet::new(SortField::ReceivedAt, true, Filter::None, 2000), 0, 20.0),
    ];
    for (what, sheet, len, target) in everyday {
        let words = if len > 0 { terms(contents, len, args.samples + 1) } else { vec![String::new(); args.samples + 1] };
        let (core, raw_time) = time_pair(
            args.samples,
            |i| {
                std::hint::black_box(desk.case_page(&sheet.query(&words[i], i)).unwrap());
            },
            |i| raw.page(&sheet, &words[i], i),
        );
        rows.push(Row { what: what.into(), core, raw: raw_time, target_p95_ms: target });
    }
    rows
}

/// A line of /proc/self/status in MB (Linux only).
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn main() {
    let args = args();
    std::fs::create_dir_all("bench-data").unwrap();
    let backend: Box<dyn Backend> = match args.backend.as_str() {
        "sqlite" => Box::new(sqlite::SqliteBackend::new(&args)),
        "postgres" => Box::new(pg::PgBackend::new(&args)),
        other => panic!("--backend sqlite|postgres, not {other}"),
    };
    backend.fill(args.cases);
    let desk = backend.desk();
    let mut raw = backend.raw();
    let agent = desk.create_user("基准测试").unwrap();
    let contents = raw.contents();
    println!("{}; cases in database: {}", backend.describe(), desk.store().case_count().unwrap());

    if args.only.iter().any(|s| s == "basic") {
        let rows = basic(&*backend, &desk, &mut *raw, &agent, &args, &contents);
        print_rows(&format!("everyday work ({} samples per row)", args.samples), &rows);
    }
    if args.only.iter().any(|s| s == "matrix") {
        sheet::matrix(&desk, &mut *raw, &contents, args.matrix_samples);
    }
    if args.only.iter().any(|s| s == "desks") {
        desks::run(&*backend, &contents, args.desks, Duration::from_secs(args.seconds));
    }
    if args.only.iter().any(|s| s == "stats") {
        stats::run(&desk, args.stats_samples);
    }
    if args.only.iter().any(|s| s == "dashboard") {
        dashboard::run(&desk, args.stats_samples);
    }
    if args.only.iter().any(|s| s == "statement") {
        statement::run(&desk);
    }
    println!(
        "memory of the bench process: peak RSS {:.0} MB; now {:.0} MB private + {:.0} MB of files mapped",
        status_mb("VmHWM:"),
        status_mb("RssAnon:"),
        status_mb("RssFile:")
    );
}
