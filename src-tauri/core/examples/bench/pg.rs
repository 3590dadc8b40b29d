//! The PostgreSQL side: a cluster the bench starts in `bench-data/pg`
//! (kept between runs, so the million cases are loaded once), reached over
//! TCP on 127.0.0.1, and the raw twins on a plain `postgres` connection.
//!
//! The database is loaded by 迁移到服务器 (`move_up`, binary COPY) from the
//! SQLite benchmark file of the same size, built first if missing: one
//! registration at a time over the network would take the best part of an
//! hour, and this way both backends hold the very same cases.

use chrono::Utc;
use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::codes::*;
use complaintdesk_core::model::*;
use complaintdesk_core::search;
use complaintdesk_core::Desk;
use complaintdesk_postgres::cluster::Cluster;
use complaintdesk_postgres::{PgConfig, PgStore};
use postgres::types::ToSql;
use postgres::{Client, NoTls};

use crate::sheet::{severity, Filter, Sheet};
use crate::{Args, Backend, Raw};

pub struct PgBackend {
    cluster: Cluster,
    config: PgConfig,
    sqlite: crate::sqlite::SqliteBackend,
}

impl PgBackend {
    pub fn new(args: &Args) -> PgBackend {
        let cluster = Cluster::kept_in(&args.pg_dir);
        let dbname = format!("bench_{}", args.cases);
        let config = cluster.config(&dbname);
        PgBackend { cluster, config, sqlite: crate::sqlite::SqliteBackend::new(args) }
    }

    fn create_database(&self) {
        let dbname = &self.config.dbname;
        self.cluster.psql("postgres", &format!("DROP DATABASE IF EXISTS {dbname}"));
        self.cluster.psql(
            "postgres",
            &format!("CREATE DATABASE {dbname} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"),
        );
    }

    fn case_count(&self) -> Option<usize> {
        let dbname = &self.config.dbname;
        if self.cluster.psql("postgres", &format!("SELECT count(*) FROM pg_database WHERE datname = '{dbname}'")) == "0" {
            return None;
        }
        let marked = self.cluster.psql(dbname, "SELECT to_regclass('public.cases') IS NOT NULL");
        (marked == "t").then(|| self.cluster.psql(dbname, "SELECT count(*) FROM cases").parse().unwrap())
    }

    fn client(&self) -> Client {
        let mut pg = postgres::Config::new();
        pg.host(&self.config.hosts[0]).port(self.config.port).user(&self.config.user).dbname(&self.config.dbname);
        // As the store's connections (`connect.rs`).
        pg.options("-c plan_cache_mode=force_custom_plan -c jit=off");
        pg.connect(NoTls).unwrap()
    }
}

impl Backend for PgBackend {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn desk(&self) -> Desk {
        Desk::new(Box::new(PgStore::connect(&self.config).unwrap()), Box::new(SystemClock))
    }

    fn raw(&self) -> Box<dyn Raw> {
        Box::new(PgRaw { client: self.client() })
    }

    fn describe(&self) -> String {
        let version = self.cluster.psql("postgres", "SHOW server_version");
        let settings = self.cluster.psql(
            "postgres",
            "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
             WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem')",
        );
        format!("PostgreSQL {version} on 127.0.0.1:{} (TCP loopback; {settings})", self.config.port)
    }

    fn fill(&self, cases: usize) {
        if let Some(have) = self.case_count().filter(|have| *have >= cases) {
            println!("using existing database with {have} cases");
            return;
        }
        self.sqlite.fill(cases);
        self.create_database();
        let started = std::time::Instant::now();
        let report = complaintdesk_postgres::move_up::copy_sqlite_to_server(&self.sqlite.path, &self.config).unwrap();
        println!("copied {} to the server in {:.1?} ({} search rows)", self.sqlite.path.display(), started.elapsed(), report.search_rows);
        // A million rows just written: the statistics and visibility map
        // autovacuum would have made by the time anyone reads them.
        let started = std::time::Instant::now();
        self.client().batch_execute("VACUUM ANALYZE").unwrap();
        println!("VACUUM ANALYZE in {:.1?}", started.elapsed());
    }
}

struct PgRaw {
    client: Client,
}

fn rank<T: Coded>(column: &str) -> String {
    let arms: String = T::all().iter().enumerate().map(|(i, v)| format!(" WHEN '{}' THEN {i}", v.code())).collect();
    format!("CASE {column}{arms} END")
}

/// The sort key (none: by number alone) and whether it may be NULL.
/// Names compare byte by byte, as on SQLite.
fn key(sort: SortField) -> Option<(String, bool)> {
    match sort {
        SortField::CaseNo => None,
        SortField::ReceivedAt => Some(("c.received_at".into(), false)),
        SortField::CustomerName => Some(("c.customer_name COLLATE \"C\"".into(), false)),
        SortField::Channel => Some((rank::<Channel>("c.channel"), false)),
        SortField::CauseType => Some((rank::<CauseType>("c.cause_type"), true)),
        SortField::Severity => Some((rank::<Severity>("c.severity"), false)),
        SortField::Department => Some(("c.department_name COLLATE \"C\"".into(), true)),
        SortField::Status => Some((rank::<CaseStatus>("c.status"), false)),
        SortField::Handler => Some(("c.handler_name COLLATE \"C\"".into(), false)),
    }
}

/// The codes of one- and two-character grams in `case_search.grams`
/// (`complaintdesk_postgres::cases::gram_code`).
fn gram_codes(grams: &[String]) -> Vec<i64> {
    grams
        .iter()
        .map(|g| {
            let mut chars = g.chars();
            match (chars.next(), chars.next(), chars.next()) {
                (Some(a), None, _) => a as i64,
                (Some(a), Some(b), None) => (a as i64 + 1) * 0x110000 + b as i64,
                _ => -1,
            }
        })
        .collect()
}

/// SQLite's places for NULLs: first ascending, last descending.
fn term(expr: &str, nullable: bool, dir: &str) -> String {
    match (nullable, dir) {
        (false, _) => format!("{expr} {dir}"),
        (true, "ASC") => format!("{expr} ASC NULLS FIRST"),
        (true, _) => format!("{expr} {dir} NULLS LAST"),
    }
}

impl Raw for PgRaw {
    fn register(&mut self, f: &CaseFields, actor: i64, i: usize) {
        let phone = format!("1990000{:04}", i % 10_000);
        let earlier = self
            .client
            .query(
                "SELECT c.id FROM cases c JOIN customers u ON u.id = c.customer_id WHERE u.phone = $1 ORDER BY c.received_at DESC LIMIT 50",
                &[&phone],
            )
            .unwrap();
        std::hint::black_box(earlier);
        let mut tx = self.client.transaction().unwrap();
        let now = Utc::now().timestamp_millis();
        tx.execute(
            "INSERT INTO customers (name, phone, address, org, created_at) VALUES ($1, $2, '', '', $3) ON CONFLICT (phone) DO NOTHING",
            &[&f.customer_name as &(dyn ToSql + Sync), &phone, &now],
        )
        .unwrap();
        let customer: i64 = tx.query_one("SELECT id FROM customers WHERE phone = $1", &[&phone]).unwrap().get(0);
        let serial: i64 = tx
            .query_one(
                "INSERT INTO case_counters (period, last_serial) VALUES ('RAW', 1)
                 ON CONFLICT (period) DO UPDATE SET last_serial = case_counters.last_serial + 1 RETURNING last_serial",
                &[],
            )
            .unwrap()
            .get(0);
        let case_no = format!("RAW-{serial:06}");
        let id: i64 = tx
            .query_one(
                "INSERT INTO cases (case_no, status, received_at, channel, customer_id, customer_name, customer_phone, customer_address,
                    customer_org, content, customer_request, order_no, item_no, severity, sample_kept, sample_note, receiver_id, handler_id,
                    created_at, updated_at)
                 VALUES ($1, 'registered', $2, $3, $4, $5, $6, '', '', $7, $8, '', '', $9, FALSE, '', $10, $10, $2, $2) RETURNING id",
                &[&case_no as &(dyn ToSql + Sync), &now, &f.channel.code(), &customer, &f.customer_name, &phone, &f.content, &f.customer_request, &f.severity.code(), &actor],
            )
            .unwrap()
            .get(0);
        let doc = search::document(&case_no, &f.customer_name, &phone, &f.content);
        tx.execute(
            "INSERT INTO case_search (id, status, severity, channel, cause_type, department_id, handler_id, received_at,
                customer_name, department_name, handler_name, doc, runs)
             SELECT id, status, severity, channel, cause_type, department_id, handler_id, received_at,
                customer_name, department_name, handler_name, $2::text, $3::text
             FROM cases WHERE id = $1",
            &[&id as &(dyn ToSql + Sync), &doc.text, &doc.runs],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO audit_log (at, actor_id, entity, entity_id, action, new_value) VALUES ($1, $2, 'case', $3, 'register', $4)",
            &[&now as &(dyn ToSql + Sync), &actor, &id, &case_no],
        )
        .unwrap();
        tx.commit().unwrap();
        let back = self
            .client
            .query_one(
                "SELECT c.case_no, r.name, h.name FROM cases c JOIN users r ON r.id = c.receiver_id
                 JOIN users h ON h.id = c.handler_id LEFT JOIN departments d ON d.id = c.department_id
                 LEFT JOIN cases p ON p.id = c.repeat_of_id WHERE c.id = $1",
                &[&id],
            )
            .unwrap();
        std::hint::black_box(back);
    }

    fn page(&mut self, sheet: &Sheet, search: &str, i: usize) {
        // A search reads `case_search` alone as `c` (it holds the sheet's keys);
        // its walk probes it case by case from `cases c` as `s`.
        let mut params: Vec<Box<dyn ToSql + Sync>> = Vec::new();
        // The terms are Chinese characters: one or two are a gram (its code, or found in the runs of one case).
        let condition = |alias: &str| match search.chars().count() {
            0 => None,
            1 | 2 if alias == "c" => Some(format!("search_grams({alias}.runs) @> $1::bigint[]")),
            1 | 2 => Some(format!("position($1::text IN {alias}.runs) > 0")),
            _ => Some(format!("{alias}.doc ILIKE $1 ESCAPE '\\'")),
        };
        // The walk's first parameter: the term itself where the others have its code.
        let walk_first: Box<dyn ToSql + Sync> = match search.chars().count() {
            0 => Box::new(0),
            1 | 2 => {
                params.push(Box::new(gram_codes(&[search.to_string()])));
                Box::new(search.to_string())
            }
            _ => {
                params.push(Box::new(format!("%{search}%")));
                Box::new(format!("%{search}%"))
            }
        };
        let mut filters: Vec<String> = Vec::new();
        match sheet.filter {
            Filter::None => filters.push("c.status <> 'voided'".into()),
            Filter::OpenOfSeverity => {
                params.push(Box::new(vec!["registered", "assessed", "routed", "investigating"]));
                filters.push(format!("c.status = ANY(${}::text[])", params.len()));
                params.push(Box::new(vec![severity(i).code()]));
                filters.push(format!("c.severity = ANY(${}::text[])", params.len()));
                // The filtered column the page is sorted by, as a range of its sort key (the store's rule).
                let rank_of = |all: &[&str], code: &str| all.iter().position(|c| *c == code).unwrap();
                match sheet.sort {
                    SortField::Status => {
                        let all: Vec<&str> = CaseStatus::all().iter().map(|s| s.code()).collect();
                        let ranks = ["registered", "assessed", "routed", "investigating"].map(|c| rank_of(&all, c));
                        let (low, high) = (ranks.iter().min().unwrap(), ranks.iter().max().unwrap());
                        filters.push(format!("{} BETWEEN {low} AND {high}", rank::<CaseStatus>("c.status")));
                    }
                    SortField::Severity => {
                        let all: Vec<&str> = Severity::all().iter().map(|s| s.code()).collect();
                        let r = rank_of(&all, severity(i).code());
                        filters.push(format!("{} BETWEEN {r} AND {r}", rank::<Severity>("c.severity")));
                    }
                    _ => {}
                }
            }
        }
        let (from, where_sql) = match condition("c") {
            None => ("cases c", format!("WHERE {}", filters.join(" AND "))),
            Some(cond) => ("case_search c", format!("WHERE {cond} AND {}", filters.join(" AND "))),
        };
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
        let offset = (sheet.page as i64 - 1) * 50;
        // With a filter and no search, the count goes on as far as the page reaches.
        let cap = if search.is_empty() && sheet.filter != Filter::None { 10_000.max(offset + 50) } else { 10_000 };
        // A search's count with sequential scans off (the store's `without_seq_scan`).
        if !search.is_empty() {
            self.client.batch_execute("SET enable_seqscan = off").unwrap();
        }
        let total: i64 = self
            .client
            .query_one(
                &if search.is_empty() {
                    format!("SELECT count(*) FROM (SELECT 1 FROM {from} {where_sql} LIMIT {}) m", cap + 1)
                } else {
                    format!("SELECT count(*) FROM (SELECT 1 FROM (SELECT 1 FROM {from} {where_sql} OFFSET 0) s LIMIT {}) m", cap + 1)
                },
                &refs,
            )
            .unwrap()
            .get(0);
        if !search.is_empty() {
            self.client.batch_execute("RESET enable_seqscan").unwrap();
        }
        if !search.is_empty() && total <= cap && offset >= total {
            std::hint::black_box(total);
            return;
        }
        let dir = if sheet.descending { "DESC" } else { "ASC" };
        let key = key(sheet.sort);
        let outer_order = match &key {
            Some((_, nullable)) => format!("{}, p.id {dir}", term("p.k", *nullable, dir)),
            None => format!("p.id {dir}"),
        };
        let inner_key = key.as_ref().map(|(k, _)| format!(", {k} AS k")).unwrap_or_default();
        let rows_sql = |page_ids: &str| {
            format!(
                "SELECT c.id, c.case_no, c.received_at, c.customer_name, c.customer_phone, c.channel, c.nature, c.cause_type,
                    c.severity, d.name, c.status, h.name, substr(c.content, 1, 80), c.repeat_of_id IS NOT NULL,
                    (SELECT min(dl.due_at) FROM case_deadlines dl WHERE dl.case_id = c.id AND dl.done_at IS NULL AND c.status NOT IN ('closed', 'voided'))
                 FROM ({page_ids}) p
                 JOIN cases c ON c.id = p.id JOIN users h ON h.id = c.handler_id LEFT JOIN departments d ON d.id = c.department_id
                 ORDER BY {outer_order}"
            )
        };
        // Many matches near the top: walk the order's index, probing each case's search row, 5,000 cases at most.
        if let Some(cond) = condition("s").filter(|_| total > cap && (offset + 50) * 20 <= 5_000) {
            let (inner_order, walk_order, k) = match &key {
                Some((k, nullable)) => (format!("{}, c.id {dir}", term(k, *nullable, dir)), format!("{}, w.id {dir}", term("w.k", *nullable, dir)), ", w.k AS k"),
                None => (format!("c.id {dir}"), format!("w.id {dir}"), ""),
            };
            let walk = format!(
                "SELECT w.id AS id{k} FROM (
                    SELECT c.id AS id{inner_key}, coalesce((SELECT {cond} FROM case_search s WHERE s.id = c.id), false) AS hit
                    FROM cases c WHERE {} ORDER BY {inner_order} LIMIT 5000
                 ) w WHERE w.hit ORDER BY {walk_order} LIMIT 50 OFFSET {offset}",
                filters.join(" AND ")
            );
            let walk_refs: Vec<&(dyn ToSql + Sync)> = std::iter::once(walk_first.as_ref()).chain(refs[1..].iter().copied()).collect();
            let rows = self.client.query(&rows_sql(&walk), &walk_refs).unwrap();
            if rows.len() == 50 {
                std::hint::black_box((total, rows.len()));
                return;
            }
        }
        // Few cases, or a search's matches: fetched by their filter in a subquery planned on its own, then sorted.
        let page_ids = if total <= cap || !search.is_empty() {
            let order = match &key {
                Some((_, nullable)) => format!("{}, f.id {dir}", term("f.k", *nullable, dir)),
                None => format!("f.id {dir}"),
            };
            format!("SELECT * FROM (SELECT c.id AS id{inner_key} FROM {from} {where_sql} OFFSET 0) f ORDER BY {order} LIMIT 50 OFFSET {offset}")
        } else {
            let order = match &key {
                Some((k, nullable)) => format!("{}, c.id {dir}", term(k, *nullable, dir)),
                None => format!("c.id {dir}"),
            };
            format!("SELECT c.id AS id{inner_key} FROM {from} {where_sql} ORDER BY {order} LIMIT 50 OFFSET {offset}")
        };
        let rows = self.client.query(&rows_sql(&page_ids), &refs).unwrap();
        std::hint::black_box((total, rows.len()));
    }

    fn contents(&mut self) -> Vec<String> {
        self.client
            .query("SELECT content FROM cases WHERE id % 997 = 1 ORDER BY id LIMIT 400", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    }
}
