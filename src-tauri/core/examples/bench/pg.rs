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
        tx.execute("INSERT INTO case_search (case_id, doc, grams) VALUES ($1, $2, $3)", &[&id as &(dyn ToSql + Sync), &doc.text, &doc.short_grams]).unwrap();
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
        let mut clauses: Vec<String> = Vec::new();
        let mut params: Vec<Box<dyn ToSql + Sync>> = Vec::new();
        let from = match search.chars().count() {
            0 => "cases c",
            1 | 2 => {
                params.push(Box::new(vec![search.to_string()]));
                clauses.push(format!("cs.grams @> ${}::text[]", params.len()));
                "cases c JOIN case_search cs ON cs.case_id = c.id"
            }
            _ => {
                params.push(Box::new(format!("%{search}%")));
                clauses.push(format!("cs.doc ILIKE ${} ESCAPE '\\'", params.len()));
                "cases c JOIN case_search cs ON cs.case_id = c.id"
            }
        };
        match sheet.filter {
            Filter::None => clauses.push("c.status <> 'voided'".into()),
            Filter::OpenOfSeverity => {
                params.push(Box::new(vec!["registered", "assessed", "routed", "investigating"]));
                clauses.push(format!("c.status = ANY(${}::text[])", params.len()));
                params.push(Box::new(vec![severity(i).code()]));
                clauses.push(format!("c.severity = ANY(${}::text[])", params.len()));
            }
        }
        let where_sql = format!("WHERE {}", clauses.join(" AND "));
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
        let offset = (sheet.page as i64 - 1) * 50;
        // Without a search the count goes on as far as the page reaches.
        let cap = if search.is_empty() { 10_000.max(offset + 50) } else { 10_000 };
        let total: i64 = self
            .client
            .query_one(&format!("SELECT count(*) FROM (SELECT 1 FROM {from} {where_sql} LIMIT {}) m", cap + 1), &refs)
            .unwrap()
            .get(0);
        let dir = if sheet.descending { "DESC" } else { "ASC" };
        let key = key(sheet.sort);
        let outer_order = match &key {
            Some((_, nullable)) => format!("{}, p.id {dir}", term("p.k", *nullable, dir)),
            None => format!("p.id {dir}"),
        };
        let inner_key = key.as_ref().map(|(k, _)| format!(", {k} AS k")).unwrap_or_default();
        // Few cases: fetched by their filter in a subquery planned on its own, then sorted.
        let page_ids = if total <= cap {
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
        let rows = self
            .client
            .query(
                &format!(
                    "SELECT c.id, c.case_no, c.received_at, c.customer_name, c.customer_phone, c.channel, c.nature, c.cause_type,
                        c.severity, d.name, c.status, h.name, substr(c.content, 1, 80), c.repeat_of_id IS NOT NULL,
                        (SELECT min(dl.due_at) FROM case_deadlines dl WHERE dl.case_id = c.id AND dl.done_at IS NULL AND c.status NOT IN ('closed', 'voided'))
                     FROM ({page_ids}) p
                     JOIN cases c ON c.id = p.id JOIN users h ON h.id = c.handler_id LEFT JOIN departments d ON d.id = c.department_id
                     ORDER BY {outer_order}"
                ),
                &refs,
            )
            .unwrap();
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
