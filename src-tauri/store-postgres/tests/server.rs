//! Opening a server database, as an IT person sets one up: an empty one is
//! made ours, someone else's or a newer one is refused untouched, desks
//! starting together migrate it once, and the append-only rules hold
//! against anyone with a SQL prompt, not just against the app.

mod common;

use std::sync::{Arc, Barrier};

use common::*;
use complaintdesk_core::calendar;
use complaintdesk_core::codes::*;
use complaintdesk_core::documents::{DocumentRequest, DOCUMENT_KEY};
use complaintdesk_core::error::ErrorCode;
use complaintdesk_core::model::*;
use complaintdesk_postgres::cluster::Cluster;
use complaintdesk_postgres::{create_at_version, PgConfig, PgStore, LATEST_VERSION};
use postgres::error::SqlState;

fn db(config: &PgConfig) -> &str {
    &config.dbname
}

/// The tables, functions and extensions in the database's public schema.
fn objects(cluster: &Cluster, db: &str) -> String {
    cluster.psql(
        db,
        "SELECT 'table ' || relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
         UNION ALL SELECT 'function ' || proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public'
         UNION ALL SELECT 'extension ' || extname FROM pg_extension
         ORDER BY 1",
    )
}

#[test]
fn a_server_address_may_name_its_own_port_and_old_settings_still_read() {
    let config =
        |hosts: &[&str]| PgConfig { hosts: hosts.iter().map(|h| h.to_string()).collect(), ..PgConfig::default() };
    let endpoints =
        config(&["db1.example.com", "db2.example.com:5433", "10.0.0.7:6432", "[fd00::2]:5434", "fd00::3", "[fd00::4]"])
            .endpoints()
            .unwrap();
    assert_eq!(
        endpoints,
        vec![
            ("db1.example.com".to_string(), None),
            ("db2.example.com".to_string(), Some(5433)),
            ("10.0.0.7".to_string(), Some(6432)),
            ("fd00::2".to_string(), Some(5434)),
            ("fd00::3".to_string(), None),
            ("fd00::4".to_string(), None),
        ]
    );
    assert_eq!(
        config(&["/run/postgresql", "/tmp/sock:5433"]).endpoints().unwrap(),
        vec![("/run/postgresql".to_string(), None), ("/tmp/sock".to_string(), Some(5433))]
    );
    for bad in ["db:abc", "db:0", "db:70000", "[fd00::2", "[fd00::2]5433"] {
        let err = config(&[bad]).endpoints().err().unwrap_or_else(|| panic!("{bad} accepted"));
        assert_eq!(err.code, ErrorCode::Validation, "{bad}: {err:?}");
        assert_eq!(err.field.as_deref(), Some("hosts"));
        assert!(err.message.contains(bad), "{bad}: {}", err.message);
    }
    // On screen: one port for all, as before, or each host's own.
    assert_eq!(config(&["db1", "db2"]).describe(), "db1,db2:5432/complaintdesk");
    assert_eq!(config(&["db1", "db2:5433"]).describe(), "db1:5432,db2:5433/complaintdesk");
    // Settings saved before hosts could carry a port read the same.
    let saved = r#"{"hosts":["db1","db2"],"port":5432,"dbname":"kesu","user":"kefu","tls":"require"}"#;
    let read: PgConfig = serde_json::from_str(saved).unwrap();
    assert_eq!(read.hosts, ["db1", "db2"]);
    assert_eq!(read.endpoints().unwrap(), vec![("db1".to_string(), None), ("db2".to_string(), None)]);
    let again: PgConfig = serde_json::from_str(&serde_json::to_string(&read).unwrap()).unwrap();
    assert_eq!(again, read);
    // A bad address is refused before any connection is tried.
    let err = PgStore::connect(&config(&["db:abc"])).err().unwrap();
    assert_eq!(err.code, ErrorCode::Validation, "{err:?}");
}

/// A database of version 1 (before the sheet's sort indexes) keeps its
/// cases through migration 2, which copies each case's 经办人 and 责任部门
/// names into it; the sheet then sorts by them, and later writes keep the
/// copies in step.
#[test]
fn a_version_1_database_migrates_with_its_cases_sortable_by_name() {
    let cluster = Cluster::shared();
    let config = cluster.create_database();
    create_at_version(&config, 1).unwrap();
    cluster.psql(
        db(&config),
        "INSERT INTO users (id, name, created_at) VALUES (101, '老员工', 0), (102, '新员工', 0);
         INSERT INTO customers (id, name, phone, created_at) VALUES (1, '刘芳', '13900002222', 0);
         INSERT INTO cases (case_no, status, received_at, channel, customer_id, customer_name, customer_phone,
            customer_address, customer_org, content, customer_request, order_no, item_no, severity,
            sample_kept, sample_note, receiver_id, handler_id, department_id, created_at, updated_at)
         VALUES ('2510-0001', 'registered', 1760000000000, 'phone', 1, '刘芳', '13900002222', '', '',
            '电梯困人二十分钟', '要求道歉', '', '', 'normal', FALSE, '', 101, 101, 2, 1760000000000, 1760000000000),
                ('2510-0002', 'registered', 1760000000000, 'phone', 1, '刘芳', '13900002222', '', '',
            '电梯困人二十分钟', '要求道歉', '', '', 'normal', FALSE, '', 102, 102, NULL, 1760000000000, 1760000000000);",
    );
    let store = PgStore::connect(&config).unwrap();
    use complaintdesk_core::store::{CaseStore, SettingsStore};
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(
        cluster.psql(db(&config), "SELECT case_no || ' ' || handler_name || ' ' || coalesce(department_name, '-') FROM cases ORDER BY id"),
        "2510-0001 老员工 工程维修部\n2510-0002 新员工 -"
    );
    let sorted = |sort, descending| {
        let page = store.case_page(&CaseQuery { sort, descending, ..CaseQuery::default() }).unwrap();
        page.rows.iter().map(|r| r.case_no.clone()).collect::<Vec<_>>()
    };
    // Byte order, as SQLite's BINARY: 新 (U+65B0) before 老 (U+8001).
    assert_eq!(sorted(SortField::Handler, false), ["2510-0002", "2510-0001"]);
    // No department sorts first ascending, as on SQLite.
    assert_eq!(sorted(SortField::Department, false), ["2510-0002", "2510-0001"]);
    assert_eq!(sorted(SortField::Department, true), ["2510-0001", "2510-0002"]);
    // A later change of department is copied in the same statement.
    cluster.psql(db(&config), "UPDATE cases SET department_id = 1 WHERE case_no = '2510-0002'");
    assert_eq!(cluster.psql(db(&config), "SELECT department_name FROM cases WHERE case_no = '2510-0002'"), "客服部");
}

#[test]
fn an_empty_database_is_migrated_and_marked_as_ours() {
    let cluster = Cluster::shared();
    let config = cluster.create_database();

    let store = PgStore::connect(&config).unwrap();

    use complaintdesk_core::store::SettingsStore;
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(
        cluster.psql(db(&config), "SELECT app || ' ' || version FROM complaintdesk_schema"),
        format!("complaintdesk {LATEST_VERSION}")
    );
    let tables = objects(cluster, db(&config));
    for table in ["cases", "audit_log", "attachments", "documents", "case_search", "calendar_years"] {
        assert!(tables.lines().any(|l| l == format!("table {table}")), "no table {table} in:\n{tables}");
    }
    assert!(tables.lines().any(|l| l == "extension pg_trgm"), "{tables}");

    // Opening it again changes nothing.
    let before = dump(cluster, db(&config));
    drop(PgStore::connect(&config).unwrap());
    assert_eq!(dump(cluster, db(&config)), before);
}

#[test]
fn the_database_of_another_program_is_refused_and_left_untouched() {
    let cluster = Cluster::shared();
    let config = cluster.create_database();
    cluster.psql(
        db(&config),
        "CREATE TABLE invoices (id BIGINT PRIMARY KEY, customer TEXT NOT NULL, amount_fen BIGINT NOT NULL);
         INSERT INTO invoices VALUES (1, '深圳华星电子', 1200000), (2, '王秀英', 35000);",
    );
    let objects_before = objects(cluster, db(&config));
    let before = dump(cluster, db(&config));

    let err = PgStore::connect(&config).err().expect("refused");

    assert_eq!(err.code, ErrorCode::DbOpenFailed, "{err:?}");
    assert!(err.message.contains("不是客诉台的数据库") && err.message.contains(&config.dbname), "{}", err.message);
    assert!(err.message.contains("没有改动"), "the message says nothing was changed: {}", err.message);
    assert_eq!(
        cluster.psql(db(&config), "SELECT id || ' ' || customer || ' ' || amount_fen FROM invoices ORDER BY id"),
        "1 深圳华星电子 1200000\n2 王秀英 35000"
    );
    // Nothing created: no marker, no tables, no extension, no function.
    assert_eq!(objects(cluster, db(&config)), objects_before);
    assert!(
        !objects_before.contains("complaintdesk_schema") && !objects_before.contains("pg_trgm"),
        "{objects_before}"
    );
    assert_eq!(dump(cluster, db(&config)), before);
}

#[test]
fn a_database_written_by_a_newer_version_is_refused_with_a_request_to_upgrade() {
    let cluster = Cluster::shared();
    let config = cluster.create_database();
    drop(PgStore::connect(&config).unwrap());
    cluster.psql(db(&config), &format!("UPDATE complaintdesk_schema SET version = {}", LATEST_VERSION + 1));
    let before = dump(cluster, db(&config));

    let err = PgStore::connect(&config).err().expect("refused");

    assert_eq!(err.code, ErrorCode::DbTooNew, "{err:?}");
    assert!(err.message.contains("请升级客诉台"), "{}", err.message);
    assert!(
        err.message.contains(&format!("本程序 {}", env!("CARGO_PKG_VERSION"))),
        "names the app's version: {}",
        err.message
    );
    assert!(err.message.contains(&format!("结构版本 {}", LATEST_VERSION + 1)), "{}", err.message);
    assert_eq!(dump(cluster, db(&config)), before, "nothing changed");
    assert_eq!(cluster.psql(db(&config), "SELECT version FROM complaintdesk_schema"), (LATEST_VERSION + 1).to_string());
}

#[test]
fn a_desk_already_open_stops_at_a_database_a_newer_version_took_over() {
    // Another workstation was upgraded and migrated the server while this
    // one was open; when this desk next reconnects it must not write.
    let cluster = Cluster::shared();
    let config = cluster.create_database();
    let desk = desk_on(&config);
    let agent = desk.create_user("李娜").unwrap();
    desk.register_case(&agent, complaint(1)).unwrap();
    cluster.psql(db(&config), &format!("UPDATE complaintdesk_schema SET version = {}", LATEST_VERSION + 1));
    cluster.psql(
        db(&config),
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'complaintdesk'",
    );
    wait_until("the server let the connection go", std::time::Duration::from_secs(10), || {
        cluster.psql(
            db(&config),
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'complaintdesk'",
        ) == "0"
    });

    // The desk finds its connection cut, opens a new one, checks the
    // database again and stops there, from the first click on.
    for n in 2..4 {
        let err = desk.register_case(&agent, complaint(n)).expect_err("refused");
        assert_eq!(err.code, ErrorCode::DbTooNew, "{err:?}");
        assert!(err.message.contains("请升级客诉台"), "{err:?}");
    }
    assert_eq!(cluster.psql(db(&config), "SELECT count(*) FROM cases"), "1");
}

#[test]
fn eight_desks_opening_an_empty_database_at_once_migrate_it_once() {
    let cluster = Cluster::shared();
    let config = cluster.create_database();
    let barrier = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let (config, barrier) = (config.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let desk = complaintdesk_core::Desk::new(
                    Box::new(PgStore::connect(&config)?),
                    Box::new(complaintdesk_core::clock::SystemClock),
                );
                let agent = desk.create_user(&format!("坐席{i}"))?;
                desk.register_case(&agent, complaint(i)).map(|c| c.case_no)
            })
        })
        .collect();
    let numbers: Vec<String> =
        threads.into_iter().map(|t| t.join().unwrap().expect("every desk opens and registers")).collect();

    let unique: std::collections::HashSet<_> = numbers.iter().collect();
    assert_eq!(unique.len(), 8, "{numbers:?}");
    let d = db(&config);
    assert_eq!(
        cluster.psql(d, "SELECT count(*) || ' ' || max(version) FROM complaintdesk_schema"),
        format!("1 {LATEST_VERSION}")
    );
    assert_eq!(cluster.psql(d, "SELECT count(*) FROM departments"), "13");
    assert_eq!(cluster.psql(d, "SELECT count(*) FROM deadline_policies"), "7", "the six seed presets and 餐饮/酒店");
    assert_eq!(
        cluster.psql(d, "SELECT count(*) || ' ' || count(DISTINCT year) FROM calendar_years"),
        format!("{0} {0}", calendar::shipped_years().len())
    );
    assert_eq!(cluster.psql(d, &format!("SELECT count(*) FROM settings WHERE key = '{DOCUMENT_KEY}'")), "1");
    assert_eq!(cluster.psql(d, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"), "1");
    assert_eq!(cluster.psql(d, "SELECT count(*) FROM cases"), "8");
}

/// The error of a statement the database refused, as SQLSTATE and message.
fn refused(client: &mut postgres::Client, sql: &str) -> String {
    let e = client.batch_execute(sql).err().unwrap_or_else(|| panic!("the database allowed: {sql}"));
    let db = e.as_db_error().unwrap_or_else(|| panic!("not the database's refusal: {e}"));
    assert_eq!(db.code(), &SqlState::RESTRICT_VIOLATION, "{sql}: {}", db.message());
    db.message().to_string()
}

#[test]
fn the_database_itself_refuses_to_delete_or_rewrite_cases_attachments_and_the_audit_log() {
    let cluster = Cluster::shared();
    let config = cluster.create_database();
    let desk = desk_on(&config);
    let agent = desk.create_user("李娜").unwrap();
    let case = desk.register_case(&agent, complaint(1)).unwrap();
    desk.add_attachment(
        &agent,
        NewAttachment {
            case_id: case.id,
            file_name: "漏水.txt".into(),
            content_base64: "5ryP5rC0".into(),
            note: String::new(),
        },
    )
    .unwrap();
    let counts = "SELECT (SELECT count(*) FROM cases) || ' ' || (SELECT count(*) FROM attachments) || ' '
                  || (SELECT count(*) FROM audit_log) || ' ' || (SELECT count(*) FROM case_search)";
    let before = cluster.psql(db(&config), counts);
    let audit_before = cluster.psql(db(&config), "SELECT id, action, coalesce(reason, '') FROM audit_log ORDER BY id");

    let mut raw = raw_client(&config);
    assert_eq!(refused(&mut raw, "DELETE FROM cases"), "cases are voided, never deleted");
    assert_eq!(
        refused(&mut raw, &format!("DELETE FROM cases WHERE id = {}", case.id)),
        "cases are voided, never deleted"
    );
    assert_eq!(refused(&mut raw, "DELETE FROM attachments"), "attachments are never deleted");
    assert_eq!(refused(&mut raw, "DELETE FROM audit_log"), "the audit log is append-only");
    assert_eq!(refused(&mut raw, "UPDATE audit_log SET reason = '改过了'"), "the audit log is append-only");
    assert_eq!(refused(&mut raw, "UPDATE audit_log SET actor_id = actor_id"), "the audit log is append-only");
    assert_eq!(refused(&mut raw, "TRUNCATE audit_log"), "the audit log is append-only");
    assert_eq!(refused(&mut raw, "TRUNCATE attachments"), "attachments are never deleted");
    desk.sign_in("nobody", "whatever-1").unwrap_err();
    assert_eq!(cluster.psql(db(&config), "SELECT login FROM unknown_sign_ins"), "nobody");
    assert_eq!(refused(&mut raw, "UPDATE unknown_sign_ins SET login = 'x'"), "the sign-in record is append-only");
    assert_eq!(refused(&mut raw, "DELETE FROM unknown_sign_ins"), "the sign-in record is append-only");
    assert_eq!(refused(&mut raw, "TRUNCATE unknown_sign_ins"), "the sign-in record is append-only");
    // CASCADE would empty every table that refers to cases as well; the
    // first append-only table among them refuses the whole statement.
    refused(&mut raw, "TRUNCATE cases CASCADE");
    refused(&mut raw, "TRUNCATE cases, attachments, audit_log CASCADE");

    assert_eq!(cluster.psql(db(&config), counts), before);
    assert_eq!(
        cluster.psql(db(&config), "SELECT id, action, coalesce(reason, '') FROM audit_log ORDER BY id"),
        audit_before
    );
    // The desk still reads the case and its attachment.
    assert_eq!(desk.case(case.id).unwrap().case_no, case.case_no);
    assert_eq!(desk.attachments(case.id).unwrap().len(), 1);
}

#[test]
fn an_issued_document_can_be_voided_but_not_otherwise_changed() {
    let cluster = Cluster::shared();
    let config = cluster.create_database();
    let desk = desk_on(&config);
    let admin = desk.create_first_admin("王强", "admin", "Kefu@2026!").unwrap();
    let account = desk
        .create_account(
            &admin,
            NewUser {
                name: "张敏".into(),
                login: "zhangmin".into(),
                password: "chushi-mima-1".into(),
                roles: vec![Role::Agent],
                department_id: Some(1),
            },
        )
        .unwrap();
    let agent = User { id: account.id, name: account.name };
    let case = desk.register_case(&agent, complaint(1)).unwrap();
    let request = DocumentRequest {
        kind: DocumentKind::HandlingForm,
        case_id: Some(case.id),
        reminder_id: None,
        query: None,
        filter_text: String::new(),
    };
    let doc = desk.issue_document(&agent, request).unwrap();
    let paper =
        format!("SELECT md5(paper) || ' ' || number || ' ' || verification_code FROM documents WHERE id = {}", doc.id);
    let paper_before = cluster.psql(db(&config), &paper);

    let mut raw = raw_client(&config);
    let id = doc.id;
    for sql in [
        format!("UPDATE documents SET paper = replace(paper, '{}', '某某') WHERE id = {id}", case.fields.customer_name),
        format!("UPDATE documents SET paper = '{{}}' WHERE id = {id}"),
        format!("UPDATE documents SET number = number || 'X' WHERE id = {id}"),
        format!("UPDATE documents SET amount_fen = 1 WHERE id = {id}"),
        format!("UPDATE documents SET issued_at = issued_at - 86400000 WHERE id = {id}"),
        format!("UPDATE documents SET verification_code = 'AAAA-BBBB-CCCC' WHERE id = {id}"),
    ] {
        assert_eq!(refused(&mut raw, &sql), "a document is only ever voided", "{sql}");
    }
    assert_eq!(refused(&mut raw, &format!("DELETE FROM documents WHERE id = {id}")), "documents are never deleted");
    assert_eq!(refused(&mut raw, "TRUNCATE documents CASCADE"), "documents are never deleted");
    assert_eq!(cluster.psql(db(&config), &paper), paper_before);

    // Voiding is the one change allowed, and the paper stays as issued.
    let voided = desk.void_document(&agent, &doc.number, "开错了案件").unwrap();
    assert!(voided.voided_at.is_some(), "{voided:?}");
    assert_eq!(cluster.psql(db(&config), &paper), paper_before);
    assert_eq!(cluster.psql(db(&config), &format!("SELECT void_reason FROM documents WHERE id = {id}")), "开错了案件");

    // A voided document is never changed again, not even its reason.
    assert_eq!(
        refused(&mut raw, &format!("UPDATE documents SET void_reason = '另一个原因' WHERE id = {id}")),
        "a document is only ever voided"
    );
    assert_eq!(
        refused(
            &mut raw,
            &format!("UPDATE documents SET voided_at = NULL, voided_by = NULL, void_reason = NULL WHERE id = {id}")
        ),
        "a document is only ever voided"
    );
    assert_eq!(cluster.psql(db(&config), &format!("SELECT void_reason FROM documents WHERE id = {id}")), "开错了案件");
}
