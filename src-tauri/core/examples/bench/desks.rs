//! Many desks at once: each thread is a desk with its own connection that,
//! for the whole run and without pause, registers a case and then reads
//! the pages a person looks at between registrations.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::Utc;
use complaintdesk_core::demo::DemoGenerator;
use complaintdesk_core::model::*;

use crate::sheet::{Filter, Sheet};
use crate::{ms, percentile, terms, Backend};

/// What each desk does in turn, after each registration.
fn reads() -> Vec<(&'static str, Sheet, usize)> {
    vec![
        ("unfiltered sheet, page 1", Sheet::new(SortField::CaseNo, true, Filter::None, 1), 0),
        ("filtered + sorted page", Sheet::new(SortField::ReceivedAt, true, Filter::OpenOfSeverity, 1), 0),
        ("sheet by 客户, page 1", Sheet::new(SortField::CustomerName, false, Filter::None, 1), 0),
        ("2-character search", Sheet::new(SortField::CaseNo, true, Filter::None, 1), 2),
    ]
}

pub fn run(backend: &dyn Backend, contents: &[String], desks: usize, length: Duration) {
    let words = terms(contents, 2, 1000);
    let names: Vec<&str> = std::iter::once("register one case").chain(reads().iter().map(|r| r.0)).collect();
    // Per operation, every desk's times.
    let times: Mutex<Vec<Vec<Duration>>> = Mutex::new(vec![Vec::new(); names.len()]);
    let started = Instant::now();
    std::thread::scope(|s| {
        for n in 0..desks {
            let (times, words) = (&times, &words);
            s.spawn(move || {
                let desk = backend.desk();
                let agent = desk.create_user(&format!("并发坐席{n:02}")).unwrap();
                let mut generator = DemoGenerator::new(1000 + n as u64);
                let reads = reads();
                let mut mine: Vec<Vec<Duration>> = vec![Vec::new(); reads.len() + 1];
                let mut i = n;
                while started.elapsed() < length {
                    let case = NewCase { fields: generator.next_case(Utc::now(), 30).fields, related_case_id: None };
                    let t = Instant::now();
                    desk.register_case(&agent, case).unwrap();
                    mine[0].push(t.elapsed());
                    for (k, (_, sheet, len)) in reads.iter().enumerate() {
                        let search = if *len > 0 { words[i % words.len()].as_str() } else { "" };
                        let t = Instant::now();
                        std::hint::black_box(desk.case_page(&sheet.query(search, i)).unwrap());
                        mine[k + 1].push(t.elapsed());
                    }
                    i += desks;
                }
                let mut all = times.lock().unwrap();
                for (k, t) in mine.into_iter().enumerate() {
                    all[k].extend(t);
                }
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut times = times.into_inner().unwrap();
    println!();
    println!(
        "{desks} desks at once for {elapsed:.0} s (one thread and connection each, no pause: a registration, then one of each read, again)"
    );
    println!("| operation | count | per second | p50 | p95 | max |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut total = 0;
    for (name, t) in names.iter().zip(times.iter_mut()) {
        t.sort();
        total += t.len();
        println!(
            "| {name} | {} | {:.1} | {:.2} ms | {:.2} ms | {:.2} ms |",
            t.len(),
            t.len() as f64 / elapsed,
            ms(percentile(t, 0.50)),
            ms(percentile(t, 0.95)),
            ms(*t.last().unwrap())
        );
    }
    println!("| all operations | {total} | {:.1} | | | |", total as f64 / elapsed);
}
