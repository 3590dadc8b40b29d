//! 迁移到服务器: moves a single desk's SQLite file up to the department's
//! PostgreSQL server, keeping every id, number and audit line.
//!
//! What is copied: every table of the SQLite file, found in `sqlite_master`
//! (so a table a later migration adds is not forgotten), except the FTS5
//! search index (`case_text`, `case_bigrams` and their shadow tables), which
//! the server keeps as `case_search` and which is built here from each
//! case with the core's `search::document`, as the server store writes it.
//! The table lists of both sides must match exactly (a table on one side
//! only is an error, not a silent skip), and so must each table's columns
//! and primary key.
//!
//! How:
//! - The SQLite file is opened read-only and read in one read transaction,
//!   a consistent snapshot; nothing is ever written to it (no migration: a
//!   file of an earlier version is refused, to be opened once by this
//!   version of the desk first).
//! - The target is connected with `PgStore::connect`, which gives an empty
//!   database the schema and its seed rows. Everything then happens in ONE
//!   transaction, which takes every table's lock first (EXCLUSIVE: desks
//!   connected meanwhile may read the empty database, not write it), checks
//!   that the database is empty (only the seeded tables hold rows), deletes
//!   the seed rows (departments, deadline policies, calendar years,
//!   settings with the new key: the copy brings the desk's own, so its
//!   documents still verify), and copies each table with binary COPY, in
//!   foreign-key order (users↔departments, whose keys are deferrable, are
//!   checked at commit; a table's references to itself are checked at the
//!   end of its one COPY statement).
//! - Values are converted by the PostgreSQL column type: bigint ← INTEGER,
//!   boolean ← 0/1, bytea ← BLOB, text ← TEXT. Anything else (a REAL, a
//!   text in an integer column, a 2 in a flag) is an error naming table,
//!   column and row: nothing is guessed.
//! - Every identity sequence is restarted after the largest copied id
//!   (`ALTER TABLE … RESTART`, which unlike `setval` is rolled back with
//!   the transaction), so new cases, documents and audit lines continue the
//!   numbering; case and document numbers come from `case_counters`, which
//!   is copied.
//! - Before commit, each table is read back from the server and its row
//!   count and a SHA-256 over its rows (each value rendered canonically,
//!   rows in primary-key order, text keys in byte order on both sides) are
//!   compared with those of the SQLite rows; any difference rolls the whole
//!   move back and names the table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use postgres::binary_copy::{BinaryCopyInWriter, BinaryCopyOutIter, BinaryCopyOutRow};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{Client, Transaction};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use complaintdesk_core::error::{AppError, ErrorCode, Result};
use complaintdesk_core::search;
use complaintdesk_core::sqlite::LATEST_VERSION as SQLITE_LATEST_VERSION;

use crate::{PgConfig, PgStore};

pub use complaintdesk_core::database::{MoveReport, TableReport};

/// "KSTD", SQLite's `application_id` of our files (private to the core's
/// sqlite module, which refuses any other).
const SQLITE_APPLICATION_ID: i64 = 0x4B53_5444;

/// SQLite's full-text tables, replaced on the server by `case_search`.
const SQLITE_SEARCH_TABLES: &[&str] = &["case_text", "case_bigrams"];

/// Server tables with no SQLite counterpart: the schema marker, and the
/// search index built here.
const SERVER_ONLY_TABLES: &[&str] = &["complaintdesk_schema", "case_search"];

/// The tables the server's schema seeds; an empty server has rows only in
/// these, and the copy replaces them.
const SEEDED_TABLES: &[&str] = &["departments", "deadline_policies", "calendar_years", "settings"];

/// How what an empty server holds is named when refusing one that is not.
const NAMED_TABLES: &[(&str, &str)] = &[("cases", "件案件"), ("users", "个用户"), ("audit_log", "条审计记录"), ("documents", "份文书")];

/// How long to wait for a desk that is using the server to let go.
const LOCK_TIMEOUT: &str = "10s";

/// Copies the single-desk SQLite database at `sqlite_path` into the empty
/// PostgreSQL database `target`, in one transaction, verified before commit.
/// The SQLite file is only read. A target that already holds cases, people,
/// audit lines or documents is refused untouched (`ErrorCode::Validation`,
/// field `target`).
pub fn copy_sqlite_to_server(sqlite_path: &Path, target: &PgConfig) -> Result<MoveReport> {
    let started = Instant::now();
    let side_files_before = side_files(sqlite_path).iter().any(|f| f.exists());
    let result = copy(sqlite_path, target);
    if !side_files_before {
        tidy_side_files(sqlite_path);
    }
    let mut report = result?;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

fn copy(sqlite_path: &Path, target: &PgConfig) -> Result<MoveReport> {
    let conn = open_source(sqlite_path)?;
    // One read transaction: every read below sees the same snapshot, even if
    // a desk still had the file open and wrote to it meanwhile.
    let snapshot = conn.unchecked_transaction().map_err(source_error)?;
    let tables = source_tables(&snapshot)?;
    let store = PgStore::connect(target)?;
    store.with_client(|client| move_into(client, &snapshot, &tables, target))?
}

/// SQLite's write-ahead log and its index, beside a WAL-mode file.
fn side_files(path: &Path) -> [std::path::PathBuf; 2] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    [with("-wal"), with("-shm")]
}

/// A read-only connection to a WAL-mode file creates SQLite's `-wal` (empty)
/// and `-shm` beside it and may not remove them when it closes. When they
/// were not there before and the log is still empty, they are handed back
/// to SQLite to remove: a connection that may write opens the file, reads
/// the schema and closes, and SQLite, finding itself the last connection
/// and nothing in the log, deletes both without writing to the database
/// file (exactly what a desk does when it is closed). If a desk has the file
/// open meanwhile, SQLite leaves them to it. Best effort: nothing here
/// fails the move.
fn tidy_side_files(path: &Path) {
    let [wal, shm] = side_files(path);
    let empty_log = std::fs::metadata(&wal).is_ok_and(|m| m.len() == 0);
    if !empty_log || !shm.exists() {
        return;
    }
    let Ok(conn) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX) else {
        return;
    };
    let _ = conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()));
    let _ = conn.close();
}

// ---- the SQLite side ---------------------------------------------------------

/// Opens the file read-only and checks it is ours, intact and at the
/// latest version, without writing anything.
fn open_source(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(AppError::invalid("sqlitePath", format!("找不到数据库文件 {}。", path.display())));
    }
    let open_failed = |e: rusqlite::Error| {
        AppError::new(ErrorCode::DbOpenFailed, format!("无法打开数据库文件 {}：{e}。文件未被改动。", path.display()))
    };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(open_failed)?;
    conn.busy_timeout(Duration::from_secs(10)).map_err(open_failed)?;
    let pragma = |name: &str| conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0)).map_err(open_failed);
    let app_id = pragma("application_id")?;
    let version = pragma("user_version")?;
    if app_id != SQLITE_APPLICATION_ID {
        return Err(AppError::new(
            ErrorCode::DbOpenFailed,
            format!("{} 不是客诉台的数据库文件，不能迁移；文件未被改动。", path.display()),
        ));
    }
    if version > SQLITE_LATEST_VERSION {
        return Err(AppError::new(
            ErrorCode::DbTooNew,
            format!(
                "数据库文件 {} 由更新版本的客诉台写入（结构版本 {version}，本程序最高支持 {SQLITE_LATEST_VERSION}）。请升级客诉台后再迁移；文件未被改动。",
                path.display()
            ),
        ));
    }
    if version < SQLITE_LATEST_VERSION {
        return Err(AppError::invalid(
            "sqlitePath",
            format!(
                "数据库文件 {} 是旧版本客诉台的（结构版本 {version}，当前为 {SQLITE_LATEST_VERSION}）。请先用本版本的客诉台打开它一次（会自动升级），再迁移到服务器；文件未被改动。",
                path.display()
            ),
        ));
    }
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(open_failed)?;
    if check != "ok" {
        return Err(AppError::new(
            ErrorCode::DbOpenFailed,
            format!("数据库文件 {} 已损坏（{check}），不能迁移。请先从备份恢复；文件未被改动。", path.display()),
        ));
    }
    Ok(conn)
}

fn source_error(e: rusqlite::Error) -> AppError {
    AppError::new(ErrorCode::Storage, format!("读取本地数据库文件失败：{e}。服务器数据库未被改动。"))
}

/// A table of the SQLite file: its columns and primary key, in order.
struct SourceTable {
    name: String,
    columns: Vec<String>,
    primary_key: Vec<String>,
}

/// The tables to copy, in the order they were created, found in the
/// schema itself: every ordinary table but SQLite's own, the search index
/// and its shadow tables. An unknown virtual table is an error: the move
/// would not know how to rebuild it on the server.
fn source_tables(conn: &Connection) -> Result<Vec<SourceTable>> {
    let listed: Vec<(String, String)> = {
        let mut stmt = conn.prepare("SELECT name, type FROM pragma_table_list WHERE schema = 'main'").map_err(source_error)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(source_error)?;
        rows.collect::<rusqlite::Result<_>>().map_err(source_error)?
    };
    let kind_of: BTreeMap<String, String> = listed.into_iter().collect();
    let names: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
            .map_err(source_error)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(source_error)?;
        rows.collect::<rusqlite::Result<_>>().map_err(source_error)?
    };
    let mut tables = Vec::new();
    for name in names {
        if name.starts_with("sqlite_") {
            continue;
        }
        match kind_of.get(&name).map(String::as_str) {
            Some("table") => {}
            Some("shadow") => continue,
            Some("virtual") if SQLITE_SEARCH_TABLES.contains(&name.as_str()) => continue,
            other => {
                return Err(AppError::new(
                    ErrorCode::Storage,
                    format!(
                        "本地数据库中的表 {name}（{}）不知如何迁移到服务器，迁移未进行。请升级客诉台。",
                        other.unwrap_or("未知类型")
                    ),
                ))
            }
        }
        // Belt and braces: a shadow table of the search index whatever the
        // pragma says.
        if SQLITE_SEARCH_TABLES.iter().any(|v| name.starts_with(&format!("{v}_"))) {
            continue;
        }
        let mut stmt = conn.prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid").map_err(source_error)?;
        let info: Vec<(String, i64)> = stmt
            .query_map([&name], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(source_error)?
            .collect::<rusqlite::Result<_>>()
            .map_err(source_error)?;
        let mut keyed: Vec<(i64, String)> = info.iter().filter(|(_, pk)| *pk > 0).map(|(c, pk)| (*pk, c.clone())).collect();
        keyed.sort();
        tables.push(SourceTable {
            columns: info.into_iter().map(|(c, _)| c).collect(),
            primary_key: keyed.into_iter().map(|(_, c)| c).collect(),
            name,
        });
    }
    Ok(tables)
}

// ---- the server side ---------------------------------------------------------

/// How a server column's values are carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    BigInt,
    Boolean,
    Bytea,
    Text,
}

impl Kind {
    /// From `information_schema.columns.data_type`.
    fn of(data_type: &str) -> Option<Kind> {
        match data_type {
            "bigint" => Some(Kind::BigInt),
            "boolean" => Some(Kind::Boolean),
            "bytea" => Some(Kind::Bytea),
            "text" => Some(Kind::Text),
            _ => None,
        }
    }

    fn pg_type(self) -> Type {
        match self {
            Kind::BigInt => Type::INT8,
            Kind::Boolean => Type::BOOL,
            Kind::Bytea => Type::BYTEA,
            Kind::Text => Type::TEXT,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::BigInt => "整数 (bigint)",
            Kind::Boolean => "是/否 (boolean，本地应为 0 或 1)",
            Kind::Bytea => "二进制 (bytea)",
            Kind::Text => "文本 (text)",
        }
    }

    /// A NULL of this type, for binary COPY (which checks each value's type).
    fn null(self) -> &'static (dyn ToSql + Sync) {
        match self {
            Kind::BigInt => &None::<i64>,
            Kind::Boolean => &None::<bool>,
            Kind::Bytea => &None::<&[u8]>,
            Kind::Text => &None::<&str>,
        }
    }
}

struct Column {
    name: String,
    kind: Kind,
}

/// One table to copy: the server's columns (named as in SQLite), its
/// primary key, its identity column.
struct Plan {
    name: String,
    columns: Vec<Column>,
    primary_key: Vec<String>,
    identity: Option<String>,
}

impl Plan {
    fn column_list(&self) -> String {
        self.columns.iter().map(|c| ident(&c.name)).collect::<Vec<_>>().join(", ")
    }

    fn kind_of(&self, column: &str) -> Kind {
        self.columns.iter().find(|c| c.name == column).map(|c| c.kind).unwrap_or(Kind::BigInt)
    }

    /// Primary-key order, text compared byte by byte on both sides
    /// (SQLite's BINARY, PostgreSQL's "C"), so both list rows alike.
    fn order_by(&self, collate_text: &str) -> String {
        self.primary_key
            .iter()
            .map(|c| match self.kind_of(c) {
                Kind::Text => format!("{} COLLATE {collate_text}", ident(c)),
                _ => ident(c),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An identifier, quoted (the names come from the catalogs, but a name is
/// never pasted into SQL as it stands).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A failed statement on the server, with what the move was doing.
fn pg_error(doing: &str) -> impl Fn(postgres::Error) -> AppError + '_ {
    move |e| {
        let what = match e.as_db_error() {
            Some(db) if db.code().code() == "55P03" => {
                return AppError::new(
                    ErrorCode::Storage,
                    format!("服务器数据库正被其他客诉台使用（{doing}时无法锁定）。请先关闭连接该服务器的各个客诉台，再迁移；服务器数据库未被改动。"),
                )
            }
            Some(db) => match db.detail() {
                Some(detail) => format!("{}（{detail}）", db.message()),
                None => db.message().to_string(),
            },
            None => e.to_string(),
        };
        AppError::new(ErrorCode::Storage, format!("迁移失败（{doing}）：{what}。已全部撤销，服务器数据库未被改动。"))
    }
}

struct ServerSchema {
    /// Table → columns (name, information_schema data_type, identity).
    columns: BTreeMap<String, Vec<(String, String, bool)>>,
    primary_keys: BTreeMap<String, Vec<String>>,
    /// (table, referenced table, deferrable)
    foreign_keys: Vec<(String, String, bool)>,
}

fn server_schema(tx: &mut Transaction<'_>) -> Result<ServerSchema> {
    let e = pg_error("读取服务器数据库结构");
    let mut columns: BTreeMap<String, Vec<(String, String, bool)>> = BTreeMap::new();
    for row in tx
        .query(
            "SELECT c.relname::text, a.attname::text,
                    format_type(a.atttypid, NULL), a.attidentity <> ''
             FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
             ORDER BY c.relname, a.attnum",
            &[],
        )
        .map_err(&e)?
    {
        columns.entry(row.get(0)).or_default().push((row.get(1), row.get(2), row.get(3)));
    }
    let mut primary_keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in tx
        .query(
            "SELECT c.relname::text, a.attname::text
             FROM pg_index i
             JOIN pg_class c ON c.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
             WHERE i.indisprimary AND n.nspname = 'public'
             ORDER BY c.relname, k.ord",
            &[],
        )
        .map_err(&e)?
    {
        primary_keys.entry(row.get(0)).or_default().push(row.get(1));
    }
    let foreign_keys = tx
        .query(
            "SELECT src.relname::text, dst.relname::text, k.condeferrable
             FROM pg_constraint k
             JOIN pg_class src ON src.oid = k.conrelid
             JOIN pg_class dst ON dst.oid = k.confrelid
             JOIN pg_namespace n ON n.oid = src.relnamespace
             WHERE k.contype = 'f' AND n.nspname = 'public'",
            &[],
        )
        .map_err(&e)?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    Ok(ServerSchema { columns, primary_keys, foreign_keys })
}

/// Matches the SQLite tables with the server's: the same tables, each with
/// the same columns and primary key, every column of a type we carry.
fn plan(sources: &[SourceTable], schema: &ServerSchema) -> Result<Vec<Plan>> {
    let mismatch = |what: String| {
        AppError::new(
            ErrorCode::Storage,
            format!("本地数据库与服务器数据库的结构不一致：{what}。迁移未进行，服务器数据库未被改动。请确认两边是同一版本的客诉台。"),
        )
    };
    let local: BTreeSet<&str> = sources.iter().map(|t| t.name.as_str()).collect();
    let server: BTreeSet<&str> =
        schema.columns.keys().map(String::as_str).filter(|t| !SERVER_ONLY_TABLES.contains(t)).collect();
    let missing: Vec<&str> = local.difference(&server).copied().collect();
    if !missing.is_empty() {
        return Err(mismatch(format!("服务器上没有表 {}", missing.join("、"))));
    }
    let extra: Vec<&str> = server.difference(&local).copied().collect();
    if !extra.is_empty() {
        return Err(mismatch(format!("本地数据库没有服务器上的表 {}", extra.join("、"))));
    }
    let mut plans = Vec::new();
    for source in sources {
        let server_columns = &schema.columns[&source.name];
        let server_names: BTreeSet<&str> = server_columns.iter().map(|(c, _, _)| c.as_str()).collect();
        let local_names: BTreeSet<&str> = source.columns.iter().map(String::as_str).collect();
        if server_names != local_names {
            let only_local: Vec<&str> = local_names.difference(&server_names).copied().collect();
            let only_server: Vec<&str> = server_names.difference(&local_names).copied().collect();
            return Err(mismatch(format!(
                "表 {} 的列不同（仅本地有：{}；仅服务器有：{}）",
                source.name,
                if only_local.is_empty() { "无".into() } else { only_local.join("、") },
                if only_server.is_empty() { "无".into() } else { only_server.join("、") },
            )));
        }
        let server_pk = schema.primary_keys.get(&source.name).cloned().unwrap_or_default();
        if server_pk.is_empty() || server_pk != source.primary_key {
            return Err(mismatch(format!(
                "表 {} 的主键不同（本地：{}；服务器：{}）",
                source.name,
                source.primary_key.join(", "),
                server_pk.join(", ")
            )));
        }
        let mut columns = Vec::new();
        let mut identity = None;
        // In SQLite's order, which the server's schema keeps too.
        for name in &source.columns {
            let (_, data_type, is_identity) = server_columns.iter().find(|(c, _, _)| c == name).expect("same column set");
            let kind = Kind::of(data_type).ok_or_else(|| {
                mismatch(format!("服务器上表 {}.{} 的类型 {data_type} 不知如何从本地复制", source.name, name))
            })?;
            if *is_identity {
                identity = Some(name.clone());
            }
            columns.push(Column { name: name.clone(), kind });
        }
        plans.push(Plan { name: source.name.clone(), columns, primary_key: server_pk, identity });
    }
    Ok(plans)
}

/// The copy order: a table after every table it refers to, except through
/// deferrable keys (checked at commit) and references to itself (checked
/// at the end of its one COPY). Ties keep SQLite's creation order.
fn copy_order(plans: Vec<Plan>, foreign_keys: &[(String, String, bool)]) -> Result<Vec<Plan>> {
    let names: BTreeSet<String> = plans.iter().map(|p| p.name.clone()).collect();
    let mut needs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, to, deferrable) in foreign_keys {
        if !deferrable && from != to && names.contains(from) && names.contains(to) {
            needs.entry(from.as_str()).or_default().insert(to.as_str());
        }
    }
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut left = plans;
    let mut order = Vec::new();
    while !left.is_empty() {
        let ready = left.iter().position(|p| {
            needs.get(p.name.as_str()).is_none_or(|deps| deps.iter().all(|d| placed.contains(*d)))
        });
        let Some(i) = ready else {
            let stuck: Vec<&str> = left.iter().map(|p| p.name.as_str()).collect();
            return Err(AppError::new(
                ErrorCode::Storage,
                format!("服务器数据库的外键互相引用（{}），无法决定复制顺序。迁移未进行。", stuck.join("、")),
            ));
        };
        let plan = left.remove(i);
        placed.insert(plan.name.clone());
        order.push(plan);
    }
    Ok(order)
}

fn move_into(client: &mut Client, source: &Connection, sources: &[SourceTable], target: &PgConfig) -> Result<MoveReport> {
    let mut tx = client.transaction().map_err(pg_error("开始事务"))?;
    // A big desk copies for longer than a desk's statement may run.
    tx.batch_execute(&format!(
        "SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'; SET CONSTRAINTS ALL DEFERRED;"
    ))
    .map_err(pg_error("设置事务"))?;
    let schema = server_schema(&mut tx)?;
    let plans = copy_order(plan(sources, &schema)?, &schema.foreign_keys)?;

    // Every table, so no desk writes while we look and copy.
    let all: Vec<String> = schema.columns.keys().filter(|t| t.as_str() != "complaintdesk_schema").map(|t| ident(t)).collect();
    tx.batch_execute(&format!("LOCK TABLE {} IN EXCLUSIVE MODE", all.join(", "))).map_err(pg_error("锁定服务器数据库的表"))?;
    check_empty(&mut tx, &schema, target)?;

    for plan in plans.iter().rev().filter(|p| SEEDED_TABLES.contains(&p.name.as_str())) {
        tx.execute(&format!("DELETE FROM {}", ident(&plan.name)), &[])
            .map_err(pg_error(&format!("清除服务器预置的 {}", plan.name)))?;
    }

    let mut local = Vec::new();
    for plan in &plans {
        local.push(copy_table(&mut tx, source, plan)?);
    }
    let search_rows = build_search(&mut tx, source, &schema)?;

    // The deferred keys (users↔departments) are checked now, not at commit:
    // a dangling one is reported here, and no trigger event is left pending
    // (ALTER TABLE refuses to run while one is).
    tx.batch_execute("SET CONSTRAINTS ALL IMMEDIATE").map_err(pg_error("检查人员与部门的相互引用"))?;
    for plan in &plans {
        if let Some(id) = &plan.identity {
            restart_identity(&mut tx, plan, id)?;
        }
    }

    let mut tables = Vec::new();
    for (plan, (rows, checksum_hex)) in plans.iter().zip(local) {
        let (server_rows, server_checksum) = server_digest(&mut tx, plan)?;
        if server_rows != rows || server_checksum != checksum_hex {
            return Err(AppError::new(
                ErrorCode::Storage,
                format!(
                    "迁移校验失败：表 {} 在本地有 {rows} 行（校验和 {}…），写入服务器后读回 {server_rows} 行（校验和 {}…）。已全部撤销，服务器数据库未被改动。",
                    plan.name,
                    &checksum_hex[..12],
                    &server_checksum[..12]
                ),
            ));
        }
        tables.push(TableReport { name: plan.name.clone(), rows, checksum_hex });
    }
    let cases = tables.iter().find(|t| t.name == "cases").map_or(0, |t| t.rows);
    let indexed: i64 = tx
        .query_one("SELECT count(*) FROM case_search", &[])
        .map_err(pg_error("核对搜索索引"))?
        .get(0);
    if indexed as u64 != cases || search_rows != cases {
        return Err(AppError::new(
            ErrorCode::Storage,
            format!("迁移校验失败：{cases} 件案件，搜索索引却有 {indexed} 行。已全部撤销，服务器数据库未被改动。"),
        ));
    }
    tx.commit().map_err(pg_error("提交"))?;
    Ok(MoveReport { tables, search_rows, elapsed_ms: 0, server: target.describe() })
}

/// Refuses a server that holds anything but its seed rows, saying what it found.
fn check_empty(tx: &mut Transaction<'_>, schema: &ServerSchema, target: &PgConfig) -> Result<()> {
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for table in schema.columns.keys() {
        if SEEDED_TABLES.contains(&table.as_str()) || table == "complaintdesk_schema" {
            continue;
        }
        let n: i64 = tx
            .query_one(&format!("SELECT count(*) FROM {}", ident(table)), &[])
            .map_err(pg_error("检查服务器数据库是否为空"))?
            .get(0);
        if n > 0 {
            counts.insert(table, n);
        }
    }
    if counts.is_empty() {
        return Ok(());
    }
    // The four that say what the database is used for; the other tables by
    // name only when there is nothing else to say.
    let mut what: Vec<String> =
        NAMED_TABLES.iter().filter_map(|(t, words)| counts.get(t).map(|n| format!("{n} {words}"))).collect();
    let others: Vec<String> = counts
        .iter()
        .filter(|(t, _)| !NAMED_TABLES.iter().any(|(named, _)| named == *t))
        .map(|(t, n)| format!("表 {t} {n} 行"))
        .collect();
    if what.is_empty() {
        what = others;
    } else if !others.is_empty() {
        what.push(format!("另有 {} 张表中有数据", others.len()));
    }
    Err(AppError::invalid(
        "target",
        format!(
            "服务器数据库 {} 不是空的：其中已有 {}。迁移只能写入新建的空数据库，以免与服务器上已有的数据混在一起；服务器数据库未被改动。",
            target.describe(),
            what.join("、")
        ),
    ))
}

// ---- copying and checking ----------------------------------------------------

/// One value, as carried: read from SQLite or from the server, hashed the
/// same way, written with binary COPY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell<'a> {
    Null(Kind),
    Int(i64),
    Bool(bool),
    Bytes(&'a [u8]),
    Text(&'a str),
}

impl Cell<'_> {
    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        match self {
            Cell::Null(kind) => kind.null(),
            Cell::Int(v) => v,
            Cell::Bool(v) => v,
            Cell::Bytes(v) => v,
            Cell::Text(v) => v,
        }
    }
}

/// A SQLite value as the server column's type; what it was if it does not fit.
fn from_sqlite(value: ValueRef<'_>, kind: Kind) -> std::result::Result<Cell<'_>, String> {
    match (kind, value) {
        (_, ValueRef::Null) => Ok(Cell::Null(kind)),
        (Kind::BigInt, ValueRef::Integer(v)) => Ok(Cell::Int(v)),
        (Kind::Boolean, ValueRef::Integer(0)) => Ok(Cell::Bool(false)),
        (Kind::Boolean, ValueRef::Integer(1)) => Ok(Cell::Bool(true)),
        (Kind::Bytea, ValueRef::Blob(b)) => Ok(Cell::Bytes(b)),
        (Kind::Text, ValueRef::Text(t)) => std::str::from_utf8(t).map(Cell::Text).map_err(|_| "无效的 UTF-8 文本".to_string()),
        (_, ValueRef::Integer(v)) => Err(format!("整数 {v}")),
        (_, ValueRef::Real(v)) => Err(format!("小数 {v}")),
        (_, ValueRef::Text(t)) => Err(format!("文本 {:?}", String::from_utf8_lossy(t).chars().take(40).collect::<String>())),
        (_, ValueRef::Blob(b)) => Err(format!("{} 字节的二进制数据", b.len())),
    }
}

fn from_server<'a>(row: &'a BinaryCopyOutRow, i: usize, kind: Kind) -> std::result::Result<Cell<'a>, postgres::Error> {
    Ok(match kind {
        Kind::BigInt => row.try_get::<Option<i64>>(i)?.map_or(Cell::Null(kind), Cell::Int),
        Kind::Boolean => row.try_get::<Option<bool>>(i)?.map_or(Cell::Null(kind), Cell::Bool),
        Kind::Bytea => row.try_get::<Option<&[u8]>>(i)?.map_or(Cell::Null(kind), Cell::Bytes),
        Kind::Text => row.try_get::<Option<&str>>(i)?.map_or(Cell::Null(kind), Cell::Text),
    })
}

/// Row count and SHA-256 of a table's rows in primary-key order: each row
/// "R", then each value as a tag and its bytes (lengths before variable
/// ones), so no two different tables of rows render alike.
struct TableHash {
    sha: Sha256,
    rows: u64,
}

impl TableHash {
    fn new(plan: &Plan) -> TableHash {
        let mut sha = Sha256::new();
        sha.update(format!("{}({})\n", plan.name, plan.column_list()).as_bytes());
        TableHash { sha, rows: 0 }
    }

    fn row(&mut self, cells: &[Cell<'_>]) {
        self.sha.update(b"R");
        for cell in cells {
            match *cell {
                Cell::Null(_) => self.sha.update(b"N"),
                Cell::Int(v) => {
                    self.sha.update(b"I");
                    self.sha.update(v.to_be_bytes());
                }
                Cell::Bool(v) => self.sha.update([b'B', u8::from(v)]),
                Cell::Bytes(v) => {
                    self.sha.update(b"X");
                    self.sha.update((v.len() as u64).to_be_bytes());
                    self.sha.update(v);
                }
                Cell::Text(v) => {
                    self.sha.update(b"T");
                    self.sha.update((v.len() as u64).to_be_bytes());
                    self.sha.update(v.as_bytes());
                }
            }
        }
        self.rows += 1;
    }

    fn finish(self) -> (u64, String) {
        let digest = self.sha.finalize();
        (self.rows, digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// Streams one table from SQLite into one binary COPY, hashing each row
/// as converted; returns its row count and checksum.
fn copy_table(tx: &mut Transaction<'_>, source: &Connection, plan: &Plan) -> Result<(u64, String)> {
    let columns = plan.column_list();
    let mut stmt = source
        .prepare(&format!("SELECT {columns} FROM {} ORDER BY {}", ident(&plan.name), plan.order_by("BINARY")))
        .map_err(source_error)?;
    let doing = format!("复制表 {}", plan.name);
    let sink = tx
        .copy_in(&format!("COPY {} ({columns}) FROM STDIN (FORMAT binary)", ident(&plan.name)))
        .map_err(pg_error(&doing))?;
    let types: Vec<Type> = plan.columns.iter().map(|c| c.kind.pg_type()).collect();
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let mut hash = TableHash::new(plan);
    let mut rows = stmt.query([]).map_err(source_error)?;
    while let Some(row) = rows.next().map_err(source_error)? {
        let mut cells: Vec<Cell<'_>> = Vec::with_capacity(plan.columns.len());
        for (i, column) in plan.columns.iter().enumerate() {
            let value = row.get_ref(i).map_err(source_error)?;
            let cell = from_sqlite(value, column.kind).map_err(|found| {
                let key: Vec<String> = plan
                    .primary_key
                    .iter()
                    .filter_map(|k| plan.columns.iter().position(|c| &c.name == k))
                    .map(|k| format!("{}={:?}", plan.columns[k].name, row.get_ref(k).map(|v| format!("{v:?}")).unwrap_or_default()))
                    .collect();
                AppError::new(
                    ErrorCode::Storage,
                    format!(
                        "本地数据库表 {} 中 {} 的一行，列 {} 的值是{found}，服务器上该列是{}，无法照原样复制。迁移未进行，服务器数据库未被改动。",
                        plan.name,
                        key.join("，"),
                        column.name,
                        column.kind.label()
                    ),
                )
            })?;
            cells.push(cell);
        }
        hash.row(&cells);
        let values: Vec<&(dyn ToSql + Sync)> = cells.iter().map(Cell::as_sql).collect();
        writer.write(&values).map_err(pg_error(&doing))?;
    }
    writer.finish().map_err(pg_error(&doing))?;
    Ok(hash.finish())
}

/// Reads a table back from the server, in the same order, and hashes it
/// the same way.
fn server_digest(tx: &mut Transaction<'_>, plan: &Plan) -> Result<(u64, String)> {
    let doing = format!("校验表 {}", plan.name);
    let reader = tx
        .copy_out(&format!(
            "COPY (SELECT {} FROM {} ORDER BY {}) TO STDOUT (FORMAT binary)",
            plan.column_list(),
            ident(&plan.name),
            plan.order_by("\"C\"")
        ))
        .map_err(pg_error(&doing))?;
    let types: Vec<Type> = plan.columns.iter().map(|c| c.kind.pg_type()).collect();
    let mut rows = BinaryCopyOutIter::new(reader, &types);
    let mut hash = TableHash::new(plan);
    while let Some(row) = rows.next().map_err(pg_error(&doing))? {
        let mut cells: Vec<Cell<'_>> = Vec::with_capacity(plan.columns.len());
        for (i, column) in plan.columns.iter().enumerate() {
            cells.push(from_server(&row, i, column.kind).map_err(pg_error(&doing))?);
        }
        hash.row(&cells);
    }
    Ok(hash.finish())
}

/// One `case_search` row per case, from the core's search document, as the
/// server store writes it when a case is registered or edited: the text,
/// its runs and the sheet's keys of the case (read from the same
/// source row as the case itself, then checked against the copied case).
fn build_search(tx: &mut Transaction<'_>, source: &Connection, schema: &ServerSchema) -> Result<u64> {
    let expected = [
        "id",
        "status",
        "severity",
        "channel",
        "cause_type",
        "department_id",
        "handler_id",
        "received_at",
        "customer_name",
        "department_name",
        "handler_name",
        "doc",
        "runs",
    ];
    let found: Vec<&str> = schema.columns.get("case_search").map(|c| c.iter().map(|(n, _, _)| n.as_str()).collect()).unwrap_or_default();
    if found != expected {
        return Err(AppError::new(
            ErrorCode::Storage,
            format!("服务器数据库的搜索索引 case_search 的列（{}）不是本程序认识的。迁移未进行。", found.join(", ")),
        ));
    }
    let doing = "建立搜索索引";
    // Its GIN indexes are built once, after the rows, not row by row (which
    // for 100 000 cases takes minutes): dropped here, and created again
    // below from their own definitions, all inside the transaction.
    let indexes: Vec<(String, String)> = tx
        .query(
            "SELECT i.relname::text, pg_get_indexdef(i.oid)
             FROM pg_index x
             JOIN pg_class i ON i.oid = x.indexrelid
             JOIN pg_class t ON t.oid = x.indrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = 'public' AND t.relname = 'case_search'
               AND NOT x.indisprimary AND NOT x.indisunique
             ORDER BY i.relname",
            &[],
        )
        .map_err(pg_error(doing))?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    for (name, _) in &indexes {
        tx.batch_execute(&format!("DROP INDEX {}", ident(name))).map_err(pg_error(doing))?;
    }
    let mut stmt = source
        .prepare(
            "SELECT id, case_no, customer_name, customer_phone, content, status, severity, channel, cause_type,
                department_id, handler_id, received_at, department_name, handler_name
             FROM cases ORDER BY id",
        )
        .map_err(source_error)?;
    let sink = tx
        .copy_in(&format!("COPY case_search ({}) FROM STDIN (FORMAT binary)", expected.join(", ")))
        .map_err(pg_error(doing))?;
    let (int8, text) = (Type::INT8, Type::TEXT);
    let types = [
        int8.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        int8.clone(),
        int8.clone(),
        int8.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text,
    ];
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let mut rows = stmt.query([]).map_err(source_error)?;
    let mut n = 0u64;
    while let Some(row) = rows.next().map_err(source_error)? {
        let id: i64 = row.get(0).map_err(source_error)?;
        let (case_no, name, phone, content): (String, String, String, String) =
            (row.get(1).map_err(source_error)?, row.get(2).map_err(source_error)?, row.get(3).map_err(source_error)?, row.get(4).map_err(source_error)?);
        let doc = search::document(&case_no, &name, &phone, &content);
        let keys: (String, String, String, Option<String>, Option<i64>, i64, i64, Option<String>, String) = (
            row.get(5).map_err(source_error)?,
            row.get(6).map_err(source_error)?,
            row.get(7).map_err(source_error)?,
            row.get(8).map_err(source_error)?,
            row.get(9).map_err(source_error)?,
            row.get(10).map_err(source_error)?,
            row.get(11).map_err(source_error)?,
            row.get(12).map_err(source_error)?,
            row.get(13).map_err(source_error)?,
        );
        writer
            .write(&[
                &id, &keys.0, &keys.1, &keys.2, &keys.3, &keys.4, &keys.5, &keys.6, &name, &keys.7, &keys.8, &doc.text, &doc.runs,
            ])
            .map_err(pg_error(doing))?;
        n += 1;
    }
    writer.finish().map_err(pg_error(doing))?;
    // The keys as the copied cases hold them (the server's own trigger named
    // 经办人 and 责任部门): normally this changes no row.
    tx.batch_execute(
        "UPDATE case_search s SET status = c.status, severity = c.severity, channel = c.channel,
            cause_type = c.cause_type, department_id = c.department_id, handler_id = c.handler_id,
            received_at = c.received_at, customer_name = c.customer_name,
            department_name = c.department_name, handler_name = c.handler_name
         FROM cases c
         WHERE c.id = s.id
           AND (s.status, s.severity, s.channel, s.cause_type, s.department_id, s.handler_id, s.received_at,
                s.customer_name, s.department_name, s.handler_name)
               IS DISTINCT FROM
               (c.status, c.severity, c.channel, c.cause_type, c.department_id, c.handler_id, c.received_at,
                c.customer_name, c.department_name, c.handler_name)",
    )
    .map_err(pg_error(doing))?;
    for (_, definition) in &indexes {
        tx.batch_execute(definition).map_err(pg_error(doing))?;
    }
    Ok(n)
}

/// The next id of a table is one past its largest copied id (1 if empty).
/// `RESTART` rather than `setval`: it is rolled back with the transaction.
fn restart_identity(tx: &mut Transaction<'_>, plan: &Plan, column: &str) -> Result<()> {
    let doing = format!("设置表 {} 的编号序列", plan.name);
    let max: Option<i64> = tx
        .query_one(&format!("SELECT max({}) FROM {}", ident(column), ident(&plan.name)), &[])
        .map_err(pg_error(&doing))?
        .get(0);
    let next = max.unwrap_or(0) + 1;
    tx.batch_execute(&format!("ALTER TABLE {} ALTER COLUMN {} RESTART WITH {next}", ident(&plan.name), ident(column)))
        .map_err(pg_error(&doing))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(name: &str) -> Plan {
        Plan { name: name.into(), columns: vec![], primary_key: vec![], identity: None }
    }

    fn names(plans: &[Plan]) -> Vec<&str> {
        plans.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn values_are_taken_only_as_their_column_says() {
        assert_eq!(from_sqlite(ValueRef::Integer(1), Kind::Boolean), Ok(Cell::Bool(true)));
        assert_eq!(from_sqlite(ValueRef::Integer(0), Kind::Boolean), Ok(Cell::Bool(false)));
        assert_eq!(from_sqlite(ValueRef::Integer(2), Kind::Boolean), Err("整数 2".into()));
        assert_eq!(from_sqlite(ValueRef::Null, Kind::Bytea), Ok(Cell::Null(Kind::Bytea)));
        assert_eq!(from_sqlite(ValueRef::Text(b"12"), Kind::BigInt), Err("文本 \"12\"".into()));
        assert_eq!(from_sqlite(ValueRef::Integer(12), Kind::Text), Err("整数 12".into()));
        assert_eq!(from_sqlite(ValueRef::Real(1.5), Kind::BigInt), Err("小数 1.5".into()));
        assert_eq!(from_sqlite(ValueRef::Blob(b"\0\xff"), Kind::Bytea), Ok(Cell::Bytes(b"\0\xff")));
        assert!(from_sqlite(ValueRef::Text(b"\xff"), Kind::Text).is_err());
    }

    #[test]
    fn rows_that_differ_never_hash_alike() {
        let hash = |rows: &[&[Cell<'_>]]| {
            let mut h = TableHash::new(&plan("t"));
            for row in rows {
                h.row(row);
            }
            h.finish()
        };
        let one = hash(&[&[Cell::Text("ab"), Cell::Text("")]]);
        assert_ne!(one, hash(&[&[Cell::Text("a"), Cell::Text("b")]]));
        assert_ne!(one, hash(&[&[Cell::Text("ab"), Cell::Null(Kind::Text)]]));
        assert_ne!(hash(&[&[Cell::Int(1)]]), hash(&[&[Cell::Bool(true)]]));
        assert_ne!(hash(&[&[Cell::Text("x")]]), hash(&[&[Cell::Bytes(b"x")]]));
        assert_ne!(hash(&[&[Cell::Int(1)], &[Cell::Int(2)]]), hash(&[&[Cell::Int(2)], &[Cell::Int(1)]]));
        assert_eq!(one, hash(&[&[Cell::Text("ab"), Cell::Text("")]]));
        assert_eq!(one.0, 1);
        assert_eq!(one.1.len(), 64);
    }

    #[test]
    fn tables_are_copied_after_what_they_refer_to_except_through_deferrable_keys() {
        let fk = |from: &str, to: &str, deferrable| (from.to_string(), to.to_string(), deferrable);
        let keys = [
            fk("users", "departments", true),
            fk("departments", "users", true),
            fk("cases", "customers", false),
            fk("cases", "users", false),
            fk("cases", "cases", false),
        ];
        let order = copy_order(vec![plan("users"), plan("departments"), plan("cases"), plan("customers")], &keys).unwrap();
        assert_eq!(names(&order), ["users", "departments", "customers", "cases"]);
        let cycle = [fk("a", "b", false), fk("b", "a", false)];
        let err = copy_order(vec![plan("a"), plan("b")], &cycle).map(|_| ()).unwrap_err();
        assert!(err.message.contains("a、b"), "{}", err.message);
    }
}
