//! The tracking-sheet benchmark (not a test): builds a database of realistic
//! cases, then times what staff do all day through the core (`Desk`) and the
//! same work as raw SQL on the same file, and prints a table of p50/p95.
//!
//!     cargo run --release -p complaintdesk-core --example bench -- [--cases 1000000] [--samples 200] [--db PATH]
//!
//! The database is kept (default `bench-data/bench-<cases>.sqlite3`) and
//! reused by the next run; delete it to rebuild.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::codes::*;
use complaintdesk_core::demo::DemoGenerator;
use complaintdesk_core::demo_import::DemoImporter;
use complaintdesk_core::model::*;
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::Desk;
use rusqlite::{params, Connection};

struct Args {
    cases: usize,
    samples: usize,
    db: PathBuf,
}

fn args() -> Args {
    let mut cases = 1_000_000;
    let mut samples = 200;
    let mut db = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--cases" => cases = value.parse().expect("--cases N"),
            "--samples" => samples = value.parse().expect("--samples N"),
            "--db" => db = Some(PathBuf::from(value)),
            other => panic!("unknown flag {other}"),
        }
    }
    let db = db.unwrap_or_else(|| PathBuf::from(format!("bench-data/bench-{cases}.sqlite3")));
    Args { cases, samples, db }
}

/// Fills the file up to `cases` cases in batches of 10,000 (one
/// transaction each), spread over ten years like a long-used desk.
fn build(desk: &Desk, cases: usize) {
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

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64) * p).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

struct Row {
    what: String,
    core: (Duration, Duration),
    raw: (Duration, Duration),
    target_p95_ms: f64,
}

type Timing = (Duration, Duration);

/// Times `core(i)` and `raw(i)` for each sample, alternating which goes
/// first, so neither always finds the pages the other just read.
fn time_pair(samples: usize, mut core: impl FnMut(usize), mut raw: impl FnMut(usize)) -> (Timing, Timing) {
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

fn summary(mut times: Vec<Duration>) -> Timing {
    times.sort();
    (percentile(&times, 0.50), percentile(&times, 0.95))
}

/// Search terms people would type: pieces of real case contents.
fn terms(conn: &Connection, len: usize, count: usize) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT content FROM cases WHERE id % 997 = 1 LIMIT 400").unwrap();
    let contents: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
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

/// Raw SQL twin of a sheet query: the same statements (a count capped at
/// 10,001, the page's ids, then its rows), rows stepped but not turned into
/// structs. `key` is the sort column (none: by number, `number`).
fn raw_page(conn: &Connection, from: &str, where_sql: &str, key: Option<&str>, number: &str, offset: usize, args: &[&dyn rusqlite::ToSql]) {
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM (SELECT 1 FROM {from} {where_sql} LIMIT 10001)"))
        .unwrap()
        .query_row(args, |r| r.get(0))
        .unwrap();
    let (inner_key, inner_order, outer_order) = match key {
        Some(k) => (format!(", {k} AS k"), format!("{k} DESC, {number} DESC"), "p.k DESC, p.id DESC"),
        None => (String::new(), format!("{number} DESC"), "p.id DESC"),
    };
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT c.id, c.case_no, c.received_at, c.customer_name, c.customer_phone, c.channel, c.nature, c.cause_type,
                c.severity, d.name, c.status, h.name, substr(c.content, 1, 80), c.repeat_of_id IS NOT NULL
             FROM (SELECT c.id AS id{inner_key} FROM {from} {where_sql} ORDER BY {inner_order} LIMIT 50 OFFSET {offset}) p
             JOIN cases c ON c.id = p.id JOIN users h ON h.id = c.handler_id LEFT JOIN departments d ON d.id = c.department_id
             ORDER BY {outer_order}"
        ))
        .unwrap();
    let mut rows = stmt.query(args).unwrap();
    let mut n = 0;
    while rows.next().unwrap().is_some() {
        n += 1;
    }
    std::hint::black_box((total, n));
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
    if let Some(dir) = args.db.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let desk = Desk::new(Box::new(SqliteStore::open(&args.db).unwrap()), Box::new(SystemClock));
    build(&desk, args.cases);
    // The raw twin gets the same connection settings as the store.
    let raw = Connection::open(&args.db).unwrap();
    raw.execute_batch("PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456;").unwrap();
    let agent = desk.create_user("基准测试").unwrap();
    let mut rows = Vec::new();

    // 1. Registering one case (validation, customer, numbering, index, audit; fsync'd commit).
    let mut generator = DemoGenerator::new(7);
    let inputs: Vec<NewCase> = (0..=args.samples)
        .map(|_| NewCase { fields: generator.next_case(Utc::now(), 30).fields, related_case_id: None })
        .collect();
    let (core, raw_insert) = time_pair(
        args.samples,
        |i| {
        desk.register_case(&agent, inputs[i].clone()).unwrap();
    },
        |i| raw_register(&raw, &inputs[i].fields, agent.id, i),
    );
    rows.push(Row { what: "register one case".into(), core, raw: raw_insert, target_p95_ms: 10.0 });

    // 2. A filtered, sorted page of 50: open cases of one severity, latest received first.
    let open = [CaseStatus::Registered, CaseStatus::Assessed, CaseStatus::Routed, CaseStatus::Investigating];
    let severities = [Severity::Important, Severity::Normal, Severity::Critical];
    let (core, raw_time) = time_pair(
        args.samples,
        |i| {
        let query = CaseQuery {
            statuses: open.to_vec(),
            severities: vec![severities[i % 3]],
            sort: SortField::ReceivedAt,
            descending: true,
            ..CaseQuery::default()
        };
        std::hint::black_box(desk.case_page(&query).unwrap());
    },
        |i| {
        raw_page(
            &raw,
            "cases c",
            "WHERE c.status IN ('registered', 'assessed', 'routed', 'investigating') AND c.severity IN (?1)",
            Some("c.received_at"),
            "c.id",
            0,
            &[&severities[i % 3].code()],
        )
    },
    );
    rows.push(Row { what: "filtered + sorted page of 50".into(), core, raw: raw_time, target_p95_ms: 20.0 });

    // 3 and 4. Search: three characters (trigram index) and two (bigram index).
    for (len, index, target) in [(3usize, "case_text", 100.0), (2, "case_bigrams", 100.0)] {
        let words = terms(&raw, len, args.samples + 1);
        let (core, raw_time) = time_pair(
            args.samples,
            |i| {
            let query = CaseQuery { search: words[i].clone(), ..CaseQuery::default() };
            std::hint::black_box(desk.case_page(&query).unwrap());
        },
            |i| {
            let fts = format!("\"{}\"", words[i]);
            raw_page(
                &raw,
                &format!("{index} JOIN cases c ON c.id = {index}.rowid"),
                &format!("WHERE {index} MATCH ?1 AND c.status <> 'voided'"),
                None,
                &format!("{index}.rowid"),
                0,
                &[&fts],
            )
        },
        );
        rows.push(Row { what: format!("{len}-character search, page of 50"), core, raw: raw_time, target_p95_ms: target });
    }

    // 5. The sheet as it opens: no filter, newest number first.
    {
        let (core, raw_time) = time_pair(
            args.samples,
            |i| {
            let query = CaseQuery { page: 1 + (i % 5) as u32, ..CaseQuery::default() };
            std::hint::black_box(desk.case_page(&query).unwrap());
        },
            |i| {
            raw_page(&raw, "cases c", "WHERE c.status <> 'voided'", None, "c.id", 50 * (i % 5), &[])
        },
        );
        rows.push(Row { what: "unfiltered sheet, page of 50".into(), core, raw: raw_time, target_p95_ms: 20.0 });
    }

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!();
    println!("cases in database: {}   samples per row: {}   file: {}", desk.store().case_count().unwrap(), args.samples, args.db.display());
    println!("| operation | core p50 | core p95 | raw SQL p50 | raw SQL p95 | target p95 | core/raw p95 |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | ≤ {:.0} ms | {:.2}× |",
            r.what,
            ms(r.core.0),
            ms(r.core.1),
            ms(r.raw.0),
            ms(r.raw.1),
            r.target_p95_ms,
            ms(r.core.1) / ms(r.raw.1)
        );
    }
    println!(
        "memory: peak RSS {:.0} MB; now {:.0} MB private + {:.0} MB of the database file mapped (shared page cache, two connections)",
        status_mb("VmHWM:"),
        status_mb("RssAnon:"),
        status_mb("RssFile:")
    );
}

/// Raw SQL twin of registration: the same reads (the customer's earlier
/// cases, the new case read back) and writes in one transaction, without
/// the core's validation and decisions.
fn raw_register(conn: &Connection, f: &CaseFields, actor: i64, i: usize) {
    let phone = format!("1990000{:04}", i % 10_000);
    let earlier: Vec<i64> = conn
        .prepare_cached("SELECT c.id FROM cases c JOIN customers u ON u.id = c.customer_id WHERE u.phone = ?1 ORDER BY c.received_at DESC LIMIT 50")
        .unwrap()
        .query_map([&phone], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    std::hint::black_box(earlier);
    let tx = conn.unchecked_transaction().unwrap();
    let now = Utc::now().timestamp_millis();
    tx.execute("INSERT INTO customers (name, phone, address, org, created_at) VALUES (?1, ?2, '', '', ?3) ON CONFLICT (phone) DO NOTHING", params![f.customer_name, phone, now]).unwrap();
    let customer: i64 = tx.query_row("SELECT id FROM customers WHERE phone = ?1", [&phone], |r| r.get(0)).unwrap();
    let serial: i64 = tx
        .query_row("INSERT INTO case_counters (period, last_serial) VALUES ('RAW', 1) ON CONFLICT (period) DO UPDATE SET last_serial = last_serial + 1 RETURNING last_serial", [], |r| r.get(0))
        .unwrap();
    let case_no = format!("RAW-{serial:06}");
    tx.execute(
        "INSERT INTO cases (case_no, status, received_at, channel, customer_id, customer_name, customer_phone, customer_address,
            customer_org, content, customer_request, order_no, item_no, severity, sample_kept, sample_note, receiver_id, handler_id,
            created_at, updated_at)
         VALUES (?1, 'registered', ?2, ?3, ?4, ?5, ?6, '', '', ?7, ?8, '', '', ?9, 0, '', ?10, ?10, ?2, ?2)",
        params![case_no, now, f.channel.code(), customer, f.customer_name, phone, f.content, f.customer_request, f.severity.code(), actor],
    )
    .unwrap();
    let id = tx.last_insert_rowid();
    tx.execute("INSERT INTO case_text (rowid, doc) VALUES (?1, ?2)", params![id, f.content]).unwrap();
    tx.execute("INSERT INTO case_bigrams (rowid, grams) VALUES (?1, ?2)", params![id, f.content]).unwrap();
    tx.execute("INSERT INTO audit_log (at, actor_id, entity, entity_id, action, new_value) VALUES (?1, ?2, 'case', ?3, 'register', ?4)", params![now, actor, id, case_no]).unwrap();
    tx.commit().unwrap();
    let back: (String, String, String) = conn
        .prepare_cached(
            "SELECT c.case_no, r.name, h.name FROM cases c JOIN users r ON r.id = c.receiver_id
             JOIN users h ON h.id = c.handler_id LEFT JOIN departments d ON d.id = c.department_id
             LEFT JOIN cases p ON p.id = c.repeat_of_id WHERE c.id = ?1",
        )
        .unwrap()
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    std::hint::black_box(back);
}
