//! The SQLite side: the desk's file, and the raw twins on a second
//! connection with the store's settings.

use std::path::PathBuf;

use chrono::Utc;
use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::codes::*;
use complaintdesk_core::model::*;
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::Desk;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};

use crate::sheet::{severity, Filter, Sheet};
use crate::{Args, Backend, Raw};

pub struct SqliteBackend {
    pub path: PathBuf,
}

impl SqliteBackend {
    pub fn new(args: &Args) -> SqliteBackend {
        let path = args.db.clone().unwrap_or_else(|| PathBuf::from(format!("bench-data/bench-{}.sqlite3", args.cases)));
        SqliteBackend { path }
    }
}

impl Backend for SqliteBackend {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn desk(&self) -> Desk {
        Desk::new(Box::new(SqliteStore::open(&self.path).unwrap()), Box::new(SystemClock))
    }

    fn raw(&self) -> Box<dyn Raw> {
        let conn = Connection::open(&self.path).unwrap();
        // The store's connection settings.
        conn.execute_batch("PRAGMA cache_size = -16384; PRAGMA mmap_size = 2147418112; PRAGMA synchronous = FULL;").unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
        // The store's function for a search's walk: bit `id` of a blob of matches.
        conn.create_scalar_function("in_matches", 2, FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC, |ctx| {
            let bits = ctx.get_raw(0).as_blob().unwrap_or_default();
            let id = ctx.get::<i64>(1)? as usize;
            Ok(bits.get(id / 8).is_some_and(|b| b & (1 << (id % 8)) != 0))
        })
        .unwrap();
        Box::new(SqliteRaw { conn })
    }

    fn fill(&self, cases: usize) {
        crate::build(&self.desk(), cases);
        complete_closed_cases(&self.path);
    }

    fn describe(&self) -> String {
        format!("SQLite {} (file {}, synchronous=FULL, WAL)", rusqlite::version(), self.path.display())
    }
}

/// The built cases are rows of `cases` only; 统计 also reads what the
/// workflow records for a closed case. Give every closed case those
/// records, set-based (once: a file that has them is left alone), so the
/// statistics read as much as they would on a real case base: one or two
/// responsibility lines, an approved resolution with one line, three time
/// limits (some late) and a follow-up.
fn complete_closed_cases(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    let done: i64 = conn.query_row("SELECT count(*) FROM case_deadlines", [], |r| r.get(0)).unwrap();
    if done > 0 {
        return;
    }
    let start = std::time::Instant::now();
    const DAY: i64 = 86_400_000;
    let closed = "FROM cases WHERE closed_at IS NOT NULL";
    let someone = "(SELECT min(id) FROM users)";
    conn.execute_batch(&format!(
        "BEGIN;
         INSERT INTO case_responsibilities (case_id, seq, department_id, person, ratio_percent)
             SELECT id, 1, coalesce(department_id, 9), '', CASE WHEN id % 3 = 0 THEN 70 ELSE 100 END {closed};
         INSERT INTO case_responsibilities (case_id, seq, department_id, person, ratio_percent)
             SELECT id, 2, 8, '', 30 {closed} AND id % 3 = 0;
         INSERT INTO case_resolutions (id, case_id, opinion, offered_fen, loss_fen, required_level, proposer_id, proposed_at)
             SELECT id, id, '按规定处理', (id % 50) * 10000, (id % 50) * 12000, 'sales_manager', {someone}, closed_at - 3 * {DAY} {closed};
         INSERT INTO resolution_lines (resolution_id, seq, kind, quantity, unit_price_fen, amount_fen, transport_fen, note)
             SELECT id, 1, CASE id % 4 WHEN 0 THEN 'compensation' WHEN 1 THEN 'allowance' WHEN 2 THEN 'return' ELSE 'goodwill' END,
                 1, (id % 50) * 10000, (id % 50) * 10000, 0, '' {closed};
         INSERT INTO case_approvals (case_id, resolution_id, approver_id, at, decision, comment, required_level)
             SELECT id, id, {someone}, closed_at - 2 * {DAY}, 'approved', '', 'sales_manager' {closed};
         INSERT INTO case_deadlines (case_id, stage, policy_id, amount, unit, started_at, due_at, done_at, late_reason)
             SELECT id, 'route', 3, 12, 'hours', received_at, received_at + {DAY} / 2, received_at + (id % 20) * 3600000,
                 CASE WHEN id % 20 > 12 THEN '周末无人分派' ELSE '' END {closed};
         INSERT INTO case_deadlines (case_id, stage, policy_id, amount, unit, started_at, due_at, done_at, late_reason)
             SELECT id, 'investigate', 3, 3, 'calendar_days', received_at, received_at + 3 * {DAY}, received_at + (id % 5) * {DAY}, '' {closed};
         INSERT INTO case_deadlines (case_id, stage, policy_id, amount, unit, started_at, due_at, done_at, late_reason)
             SELECT id, 'whole', 3, 13, 'calendar_days', received_at, received_at + 13 * {DAY}, closed_at, '' {closed};
         INSERT INTO case_follow_ups (case_id, visited_at, method, satisfaction, remarks, actor_id, recorded_at)
             SELECT id, closed_at - 3600000, 'phone',
                 CASE id % 10 WHEN 0 THEN 'unsatisfied' WHEN 1 THEN 'fairly_satisfied' WHEN 2 THEN 'fairly_satisfied' ELSE 'satisfied' END,
                 '', {someone}, closed_at - 3600000 {closed};
         COMMIT;"
    ))
    .unwrap();
    println!("gave the closed cases their workflow records in {:.0} s", start.elapsed().as_secs_f64());
}

struct SqliteRaw {
    conn: Connection,
}

/// A coded column in its natural order, as the store writes it.
fn rank<T: Coded>(column: &str) -> String {
    let arms: String = T::all().iter().enumerate().map(|(i, v)| format!(" WHEN '{}' THEN {i}", v.code())).collect();
    format!("CASE {column}{arms} END")
}

/// The sort key of the page's id query (none: by number alone).
fn key(sort: SortField) -> Option<String> {
    match sort {
        SortField::CaseNo => None,
        SortField::ReceivedAt => Some("c.received_at".into()),
        SortField::CustomerName => Some("c.customer_name".into()),
        SortField::Channel => Some(rank::<Channel>("c.channel")),
        SortField::CauseType => Some(rank::<CauseType>("c.cause_type")),
        SortField::Severity => Some(rank::<Severity>("c.severity")),
        SortField::Department => Some("c.department_name".into()),
        SortField::Status => Some(rank::<CaseStatus>("c.status")),
        SortField::Handler => Some("c.handler_name".into()),
    }
}

impl Raw for SqliteRaw {
    fn register(&mut self, f: &CaseFields, actor: i64, i: usize) {
        let conn = &self.conn;
        let phone = format!("1990000{:04}", i % 10_000);
        let earlier: Vec<i64> = conn
            .prepare_cached(
                "SELECT c.id FROM cases c JOIN customers u ON u.id = c.customer_id WHERE u.phone = ?1 ORDER BY c.received_at DESC LIMIT 50",
            )
            .unwrap()
            .query_map([&phone], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        std::hint::black_box(earlier);
        let tx = conn.unchecked_transaction().unwrap();
        let now = Utc::now().timestamp_millis();
        tx.execute(
            "INSERT INTO customers (name, phone, address, org, created_at) VALUES (?1, ?2, '', '', ?3) ON CONFLICT (phone) DO NOTHING",
            params![f.customer_name, phone, now],
        )
        .unwrap();
        let customer: i64 = tx.query_row("SELECT id FROM customers WHERE phone = ?1", [&phone], |r| r.get(0)).unwrap();
        let serial: i64 = tx
            .query_row(
                "INSERT INTO case_counters (period, last_serial) VALUES ('RAW', 1) ON CONFLICT (period) DO UPDATE SET last_serial = last_serial + 1 RETURNING last_serial",
                [],
                |r| r.get(0),
            )
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
        tx.execute(
            "INSERT INTO audit_log (at, actor_id, entity, entity_id, action, new_value) VALUES (?1, ?2, 'case', ?3, 'register', ?4)",
            params![now, actor, id, case_no],
        )
        .unwrap();
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

    fn page(&mut self, sheet: &Sheet, search: &str, i: usize) {
        // The full-text table drives a search: one term here, three or more
        // characters in the trigram index, fewer in the bigram one (one
        // character as a prefix).
        let mut values: Vec<Value> = Vec::new();
        let mut clauses: Vec<String> = Vec::new();
        let index = match search.chars().count() {
            0 => None,
            1 | 2 => Some("case_bigrams"),
            _ => Some("case_text"),
        };
        let from = match index {
            Some(table) => {
                clauses.push(format!("{table} MATCH ?"));
                let star = if search.chars().count() == 1 { "*" } else { "" };
                values.push(Value::Text(format!("\"{search}\"{star}")));
                format!("{table} CROSS JOIN cases c INDEXED BY cases_sheet_keys ON c.id = {table}.rowid")
            }
            None => "cases c".into(),
        };
        match sheet.filter {
            Filter::None => clauses.push("c.status <> 'voided'".into()),
            Filter::OpenOfSeverity => {
                clauses.push("c.status IN ('registered', 'assessed', 'routed', 'investigating') AND c.severity IN (?)".into());
                values.push(Value::Text(severity(i).code().into()));
            }
        }
        let where_sql = format!("WHERE {}", clauses.join(" AND "));
        let offset = (sheet.page as usize - 1) * 50;
        // Without a search the count goes on as far as the page reaches.
        let cap = if index.is_none() { 10_000.max(offset + 50) } else { 10_000 };
        // A search without filters, sorted by a column or deeper than the
        // count reaches: its matches less the voided cases, taken once as a
        // set of ids, are the cases counted (the store's rule).
        let exact = index.is_some() && sheet.filter == Filter::None && (key(sheet.sort).is_some() || offset + 50 > 10_000);
        let cases: i64 = self.conn.query_row("SELECT max(id) FROM cases", [], |r| r.get(0)).unwrap();
        let match_set = |conn: &Connection, table: &str| {
            let mut matches = vec![0u8; cases as usize / 8 + 1];
            let mut n = 0u64;
            let mut stmt = conn.prepare_cached(&format!("SELECT rowid FROM {table} WHERE {table} MATCH ?1")).unwrap();
            let mut rows = stmt.query([&values[0]]).unwrap();
            while let Some(r) = rows.next().unwrap() {
                let id = r.get::<_, i64>(0).unwrap() as usize;
                matches[id / 8] |= 1 << (id % 8);
                n += 1;
            }
            if exact {
                let mut stmt = conn.prepare_cached("SELECT id FROM cases WHERE status = 'voided'").unwrap();
                let mut rows = stmt.query([]).unwrap();
                while let Some(r) = rows.next().unwrap() {
                    let id = r.get::<_, i64>(0).unwrap() as usize;
                    if matches[id / 8] & (1 << (id % 8)) != 0 {
                        matches[id / 8] &= !(1 << (id % 8));
                        n -= 1;
                    }
                }
            }
            (matches, n)
        };
        let mut exact_set = index.filter(|_| exact).map(|table| match_set(&self.conn, table));
        let total: i64 = match &exact_set {
            Some((_, n)) => *n as i64,
            None => self
                .conn
                .prepare_cached(&format!("SELECT count(*) FROM (SELECT 1 FROM {from} {where_sql} LIMIT {})", cap + 1))
                .unwrap()
                .query_row(params_from_iter(values.iter()), |r| r.get(0))
                .unwrap(),
        };
        let dir = if sheet.descending { "DESC" } else { "ASC" };
        let number = index.map(|t| format!("{t}.rowid")).unwrap_or_else(|| "c.id".into());
        // Few cases: found by their filter and sorted, not picked out of a sort index.
        let few = total as usize <= cap;
        let key = key(sheet.sort);
        if few && offset as i64 >= total {
            // Past the last case counted: an empty page, as the store answers it.
            std::hint::black_box(total);
            return;
        }
        // Many matches: by number the page is counted off the set (when
        // exact), by a column the column's index is walked keeping the
        // matches, from the nearer end, when that reads fewer entries.
        if let (false, Some(table)) = (few, index) {
            let (matches, n) = exact_set.take().unwrap_or_else(|| match_set(&self.conn, table));
            let offset = offset as u64;
            if offset >= n {
                std::hint::black_box(total);
                return;
            }
            let end = (offset + 50).min(n);
            let ids: Option<Vec<i64>> = match &key {
                None if exact => {
                    let mut ids: Vec<i64> = (0..matches.len() * 8).filter(|&id| matches[id / 8] & (1 << (id % 8)) != 0).map(|id| id as i64).collect();
                    if sheet.descending {
                        ids.reverse();
                    }
                    Some(ids.into_iter().skip(offset as usize).take(50).collect())
                }
                None => None,
                Some(k) => {
                    let reversed = exact && n - offset < end;
                    let (skip, take) = if reversed { (n - end, end - offset) } else { (offset, 50) };
                    let walked = ((skip + take) * cases as u64 / n).min(cases as u64);
                    (walked <= 20 * n).then(|| {
                        let dir = if sheet.descending != reversed { "DESC" } else { "ASC" };
                        let filters = format!("WHERE {}", clauses[1..].join(" AND "));
                        let mut ids: Vec<i64> = self
                            .conn
                            .prepare_cached(&format!(
                                "SELECT c.id FROM cases c {filters} AND in_matches(?, c.id) ORDER BY {k} {dir}, c.id {dir} LIMIT {take} OFFSET {skip}"
                            ))
                            .unwrap()
                            .query_map(params_from_iter(values[1..].iter().cloned().chain([Value::Blob(matches)])), |r| r.get(0))
                            .unwrap()
                            .map(Result::unwrap)
                            .collect();
                        if reversed {
                            ids.reverse();
                        }
                        ids
                    })
                }
            };
            if let Some(ids) = ids {
                let mut stmt = self
                    .conn
                    .prepare_cached(
                        "SELECT c.id, c.case_no, c.received_at, c.customer_name, c.customer_phone, c.channel, c.nature, c.cause_type,
                            c.severity, d.name, c.status, h.name, substr(c.content, 1, 80), c.repeat_of_id IS NOT NULL,
                            (SELECT min(dl.due_at) FROM case_deadlines dl WHERE dl.case_id = c.id AND dl.done_at IS NULL AND c.status NOT IN ('closed', 'voided'))
                         FROM json_each(?1) p JOIN cases c ON c.id = p.value JOIN users h ON h.id = c.handler_id
                         LEFT JOIN departments d ON d.id = c.department_id ORDER BY p.key",
                    )
                    .unwrap();
                let list = serde_json::to_string(&ids).unwrap();
                let n = stmt.query_map([list], |_| Ok(())).unwrap().count();
                std::hint::black_box((total, n));
                return;
            }
        }
        let plus = if few && (key.is_some() || index.is_none()) { "+" } else { "" };
        let (inner_key, inner_order, outer_order) = match key {
            Some(k) => (format!(", {k} AS k"), format!("{plus}{k} {dir}, {number} {dir}"), format!("p.k {dir}, p.id {dir}")),
            None => (String::new(), format!("{plus}{number} {dir}"), format!("p.id {dir}")),
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT c.id, c.case_no, c.received_at, c.customer_name, c.customer_phone, c.channel, c.nature, c.cause_type,
                    c.severity, d.name, c.status, h.name, substr(c.content, 1, 80), c.repeat_of_id IS NOT NULL,
                    (SELECT min(dl.due_at) FROM case_deadlines dl WHERE dl.case_id = c.id AND dl.done_at IS NULL AND c.status NOT IN ('closed', 'voided'))
                 FROM (SELECT c.id AS id{inner_key} FROM {from} {where_sql} ORDER BY {inner_order} LIMIT 50 OFFSET {offset}) p
                 JOIN cases c ON c.id = p.id JOIN users h ON h.id = c.handler_id LEFT JOIN departments d ON d.id = c.department_id
                 ORDER BY {outer_order}"
            ))
            .unwrap();
        let mut rows = stmt.query(params_from_iter(values.iter())).unwrap();
        let mut n = 0;
        while rows.next().unwrap().is_some() {
            n += 1;
        }
        std::hint::black_box((total, n));
    }

    fn contents(&mut self) -> Vec<String> {
        let mut stmt = self.conn.prepare("SELECT content FROM cases WHERE id % 997 = 1 LIMIT 400").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }
}
