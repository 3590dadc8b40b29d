//! 迁移到服务器: a single desk's SQLite file, with demo data and cases taken
//! through the whole workflow, moved to an empty PostgreSQL database; then
//! compared row by row, and used from a desk on the server.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use complaintdesk_core::authority::Thresholds;
use complaintdesk_core::clock::{Clock, FixedClock};
use complaintdesk_core::codes::*;
use complaintdesk_core::documents::{DocumentRequest, IssuedDocument};
use complaintdesk_core::loss::ResolutionLine;
use complaintdesk_core::demo_import::{DemoImporter, DEMO_DAYS};
use complaintdesk_core::model::*;
use complaintdesk_core::routing::RoutingRule;
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::{Desk, ErrorCode};
use complaintdesk_postgres::cluster::Cluster;
use complaintdesk_postgres::move_up::{copy_sqlite_to_server, MoveReport};
use complaintdesk_postgres::{PgConfig, PgStore};
use rusqlite::types::Value;

const DEMO_CASES: usize = 3000;
const YUAN: i64 = 100;
const ENGINEERING: i64 = 2; // 工程维修部
const QUALITY_DEPT: i64 = 8; // 质量管理部
const SALES_DEPT: i64 = 10; // 业务部
const ADMIN_PASSWORD: &str = "Kefu@2026!";

// ---- the desk to move (after core/tests/common) -------------------------------

/// 2026-11-23 10:00 in Beijing.
fn monday_morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
}

struct Office {
    desk: Desk,
    clock: Arc<FixedClock>,
    admin: User,
    agent: User,
    head: User,
    vice_gm: User,
}

fn person(desk: &Desk, admin: &User, name: &str, login: &str, roles: &[Role], department_id: Option<i64>) -> User {
    let new = NewUser { name: name.into(), login: login.into(), password: "chushi-mima-1".into(), roles: roles.to_vec(), department_id };
    let account = desk.create_account(admin, new).unwrap();
    User { id: account.id, name: account.name }
}

fn open_desk(path: &Path, clock: &Arc<FixedClock>) -> Desk {
    Desk::new(Box::new(SqliteStore::open(path).unwrap()), Box::new(clock.clone()))
}

fn server_desk(config: &PgConfig, clock: &Arc<FixedClock>) -> Desk {
    Desk::new(Box::new(PgStore::connect(config).unwrap()), Box::new(clock.clone()))
}

/// A desk with its people, routing rules and settings.
fn office(path: &Path) -> Office {
    let clock = Arc::new(FixedClock::new(monday_morning()));
    let desk = open_desk(path, &clock);
    let admin = desk.create_first_admin("王强", "admin", ADMIN_PASSWORD).unwrap();
    let agent = person(&desk, &admin, "张敏", "zhangmin", &[Role::Agent], Some(1));
    let head = person(&desk, &admin, "陈刚", "chengang", &[Role::Handler, Role::DeptHead], Some(SALES_DEPT));
    person(&desk, &admin, "赵丽", "zhaoli", &[Role::DeptHead, Role::Quality], Some(QUALITY_DEPT));
    person(&desk, &admin, "刘洋", "liuyang", &[Role::SalesManager], Some(SALES_DEPT));
    let vice_gm = person(&desk, &admin, "周杰", "zhoujie", &[Role::ViceGm], None);
    desk.set_department_head(&admin, SALES_DEPT, head.id).unwrap();
    let rule = |nature, item_prefix: &str, keywords: &[&str], department_id| RoutingRule {
        id: 0,
        nature,
        cause_type: None,
        channel: None,
        item_prefix: item_prefix.into(),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        department_id,
        priority: 0,
        active: true,
    };
    desk.create_routing_rule(&admin, rule(Some(Nature::Quality), "PCB-", &[], SALES_DEPT)).unwrap();
    desk.create_routing_rule(&admin, rule(None, "", &["漏水"], ENGINEERING)).unwrap();
    desk.set_organisation_type(&admin, OrgType::Property).unwrap();
    desk.set_thresholds(&admin, Thresholds { sales_manager_max_fen: 100_000 * YUAN, vice_gm_max_fen: 150_000 * YUAN, ..Thresholds::default() }).unwrap();
    desk.create_department(&admin, "投诉中心").unwrap();
    let year = desk.calendar_years().unwrap().pop().unwrap();
    desk.save_calendar_year(&admin, &year.to_json()).unwrap();
    let mut policy = desk.deadline_policies().unwrap().remove(0);
    policy.name = format!("{}（本店）", policy.name);
    desk.update_deadline_policy(&admin, policy).unwrap();
    Office { desk, clock, admin, agent, head, vice_gm }
}

fn fields(now: DateTime<Utc>) -> CaseFields {
    CaseFields {
        received_at: now - Duration::minutes(20),
        channel: Channel::Phone,
        customer_name: "王秀英".into(),
        customer_phone: "138 1234 5678".into(),
        customer_address: "3栋2单元501".into(),
        customer_org: String::new(),
        content: "楼上卫生间漏水，天花板发霉，已反映三次无人处理".into(),
        customer_request: "尽快维修并赔偿损失".into(),
        claim_amount_fen: Some(150_000),
        order_no: String::new(),
        item_no: String::new(),
        quantity: None,
        delivery_date: None,
        defective_quantity: None,
        market: None,
        nature: Some(Nature::NonQuality),
        cause_type: Some(CauseType::Service),
        severity: Severity::Normal,
        department_id: None,
        sample_kept: false,
        sample_note: String::new(),
    }
}

/// A PCB customer's quality complaint, registered by the agent.
fn pcb_case(o: &Office) -> Case {
    let mut f = fields(o.clock.now());
    f.customer_name = "深圳华星电子".into();
    f.customer_phone = "0755 8888 6666".into();
    f.content = "四层板阻焊脱落，整批 5000 片无法贴片".into();
    f.customer_request = "赔偿停线损失".into();
    f.item_no = "PCB-4L-1.6-0345".into();
    f.nature = None;
    f.cause_type = None;
    f.sample_kept = true;
    f.sample_note = "留样 20 片".into();
    o.desk.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap()
}

/// Registered, assessed, routed to 业务部, accepted, investigated, proposed
/// and approved by the 副总经理 (¥120,000.00).
fn approved_case(o: &Office) -> Case {
    let d = &o.desk;
    let case = pcb_case(o);
    let assessment = Assessment {
        valid: true,
        nature: Some(Nature::Quality),
        cause_type: Some(CauseType::Product),
        severity: Severity::Important,
        malicious: false,
        explanation: String::new(),
    };
    let case = d.assess(&o.agent, case.id, case.version, assessment).unwrap().case;
    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    let case = d.accept_routing(&o.head, case.id, case.version).unwrap();
    let investigation = Investigation {
        cause_analysis: "阻焊前处理微蚀不足，附着力下降".into(),
        measures: "整批退回重做，赔偿停线损失".into(),
        responsibilities: vec![Responsibility { department_id: SALES_DEPT, person: "孙伟".into(), ratio_percent: 100 }],
        actions: vec![CorrectiveAction {
            kind: ActionKind::Corrective,
            description: "微蚀线增加每班两次附着力测试".into(),
            owner: "制造部 孙伟".into(),
            due_date: "2026-12-15".parse().unwrap(),
        }],
    };
    let case = d.record_investigation(&o.head, case.id, case.version, investigation).unwrap();
    let proposal = Proposal {
        lines: vec![ResolutionLine {
            kind: ResolutionType::Compensation,
            quantity: 0,
            unit_price_fen: 0,
            amount_fen: 120_000 * YUAN,
            transport_fen: 0,
            note: "停线损失赔偿".into(),
        }],
        opinion: "责任在我方，同意按客户实际损失赔偿".into(),
    };
    let case = d.propose(&o.head, case.id, case.version, proposal).unwrap();
    d.approve(&o.vice_gm, case.id, case.version, "同意赔偿", true).unwrap()
}

fn request(kind: DocumentKind, case_id: Option<i64>, reminder_id: Option<i64>) -> DocumentRequest {
    DocumentRequest { kind, case_id, reminder_id, query: None, filter_text: String::new() }
}

/// Standard base64, for an attachment's content as the screen sends it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What the test checks after the move.
struct Story {
    clock: Arc<FixedClock>,
    admin: User,
    agent: User,
    vice_gm: User,
    approved: Case,
    handling_form: IssuedDocument,
    voided_certificate: IssuedDocument,
}

/// A realistic desk: demo cases, and cases taken through every step — an
/// approved one with an issued and printed document (and a voided one), an
/// attachment, a closed one with its follow-up, a rejected one with its new
/// round, a repeat, a voided case, an acknowledged crisis, an overdue case
/// with its 催办单 and its notice, desktop notices.
fn build_desk(path: &Path) -> Story {
    let o = office(path);
    let d = &o.desk;
    let started = Instant::now();
    assert_eq!(d.load_demo_data(&o.admin, DEMO_CASES).unwrap(), DEMO_CASES as u64);
    eprintln!("demo data: {DEMO_CASES} cases loaded into SQLite in {:?}", started.elapsed());

    // Someone tried a login no account has.
    assert_eq!(d.sign_in("zhangsan", "Kefu@2025!").unwrap_err().code, ErrorCode::SignInFailed);

    let approved = approved_case(&o);
    let handling_form = d.issue_document(&o.agent, request(DocumentKind::HandlingForm, Some(approved.id), None)).unwrap();
    d.document_pdf(&o.agent, &handling_form.number, &[1, 4], OutputTarget::Export).unwrap();
    d.document_pdf(&o.agent, &handling_form.number, &[1], OutputTarget::Viewer).unwrap(); // 补打
    let voided_certificate = d.issue_document(&o.agent, request(DocumentKind::RefundCertificate, Some(approved.id), None)).unwrap();
    d.void_document(&o.agent, &voided_certificate.number, "金额有误，重新开具").unwrap();
    let photo: Vec<u8> = (0..=255u8).chain([0, 0, 255, 0xD8, 0xFF]).collect();
    d.add_attachment(
        &o.agent,
        NewAttachment { case_id: approved.id, file_name: "阻焊脱落.jpg".into(), content_base64: base64(&photo), note: "客户现场照片".into() },
    )
    .unwrap();

    // 答复 → 执行 → 回访 → 结案.
    let closed = approved_case(&o);
    let answer = CustomerAnswer { accepted: true, note: "已电话告知客户赔偿方案，客户同意".into() };
    let closed = d.answer(&o.agent, closed.id, closed.version, answer).unwrap().case;
    o.clock.set(o.clock.now() + Duration::days(1));
    let closed = d.execute(&o.head, closed.id, closed.version, "赔款已汇出，整批板已退回重做").unwrap();
    o.clock.set(o.clock.now() + Duration::days(1));
    let visit = FollowUp {
        visited_at: o.clock.now() - Duration::hours(1),
        method: VisitMethod::Phone,
        satisfaction: Satisfaction::Satisfied,
        remarks: "客户确认赔款已到账，对处理结果满意".into(),
    };
    let closed = d.follow_up(&o.agent, closed.id, closed.version, visit).unwrap();
    d.close(&o.agent, closed.id, closed.version, "已结案").unwrap();
    // China time's month of that 结案, for 奖罚 below.
    let closed_month = (o.clock.now() + Duration::hours(8)).format("%Y-%m").to_string();
    // 会计台账: its certificate paid, written off, and that mark voided.
    let accountant = person(d, &o.admin, "孙悦", "sunyue", &[Role::Accounting], None);
    let paid = d.issue_document(&o.agent, request(DocumentKind::RefundCertificate, Some(closed.id), None)).unwrap();
    let voucher = |mark, no: &str| complaintdesk_core::ledger::LedgerMarkInput {
        document_id: paid.id,
        mark,
        voucher_no: no.into(),
        voucher_date: o.clock.now().format("%Y-%m-%d").to_string(),
    };
    d.mark_ledger(&accountant, voucher(LedgerMark::Paid, "记-118")).unwrap();
    let row = d.mark_ledger(&accountant, voucher(LedgerMark::WrittenOff, "转-5")).unwrap();
    d.void_ledger_mark(&accountant, paid.id, row.marks[1].id, "传票号录错").unwrap();

    // Rejected: a new round linked to this one.
    let rejected = approved_case(&o);
    let answer = CustomerAnswer { accepted: false, note: "客户不接受 12 万元，要求赔偿 20 万元".into() };
    let answered = d.answer(&o.agent, rejected.id, rejected.version, answer).unwrap();
    assert!(answered.next_round.is_some(), "a new round");

    // A repeat of the approved case, a voided case, a crisis a manager has seen.
    let mut f = fields(o.clock.now());
    f.customer_phone = "0755 8888 6666".into();
    f.customer_name = "深圳华星电子".into();
    f.content = "上次的阻焊问题又出现了".into();
    d.register_case(&o.agent, NewCase { fields: f, related_case_id: Some(approved.id) }).unwrap();
    let wrong = d.register_case(&o.agent, NewCase { fields: fields(o.clock.now()), related_case_id: None }).unwrap();
    d.void_case(&o.agent, wrong.id, wrong.version, "重复登记").unwrap();
    let mut f = fields(o.clock.now());
    f.severity = Severity::Critical;
    f.customer_phone = "139 0000 1111".into();
    f.content = "煤气管道泄漏，住户已报警".into();
    let crisis = d.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap();
    d.acknowledge_crisis(&o.vice_gm, crisis.id).unwrap();

    // Two weeks on, the approved case is overdue: a 催办单 and its notice,
    // and the desktop notices its people were shown.
    o.clock.set(o.clock.now() + Duration::days(12));
    let reminder = d.issue_reminder(&o.vice_gm, approved.id, "请今日内答复客户").unwrap();
    d.issue_document(&o.vice_gm, request(DocumentKind::ReminderNotice, Some(approved.id), Some(reminder.id))).unwrap();
    for who in [&o.agent, &o.head, &o.vice_gm] {
        d.due_notices(who).unwrap();
    }
    // 普遍性问题 the demo raised: the manager was told, and takes one on.
    assert!(!d.systemic_notices(&o.vice_gm).unwrap().is_empty(), "the demo's cases raise alerts");
    let alert = d.systemic_alerts(&o.vice_gm, &Default::default()).unwrap().alerts.remove(0);
    let action = CorrectiveAction {
        kind: ActionKind::Corrective,
        description: "同类产品客户主动回访".into(),
        owner: "质量管理部 赵丽".into(),
        due_date: o.clock.now().date_naive() + Duration::days(30),
    };
    let input = complaintdesk_core::systemic::SystemicAcknowledgeInput { alert_id: alert.id, version: alert.version, action };
    d.acknowledge_systemic(&o.vice_gm, input).unwrap();
    for phone in ["186 0000 0001", "186 0000 0002"] {
        let mut f = fields(o.clock.now());
        f.customer_phone = phone.into();
        d.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap();
    }

    // 奖罚 of the closing's month, now over (two weeks on, in December): switched on (业务部 as a 门店, so the closed
    // case brings a store fine), proposed by the 副总经理, approved by the
    // 总经理, issued, one fine paid; a first proposal sent back.
    use complaintdesk_core::accountability::{AccountabilitySettings, PersonProfile};
    let settings = AccountabilitySettings {
        enabled: true,
        store_department_ids: vec![SALES_DEPT],
        profiles: vec![PersonProfile { department_id: SALES_DEPT, name: "孙伟".into(), base_points: 2, month_bonus_fen: 600_000 }],
        ..AccountabilitySettings::default()
    };
    d.save_accountability_settings(&o.admin, settings).unwrap();
    let gm = person(d, &o.admin, "郑总", "zhengzong", &[Role::Gm], None);
    let sent_back = d.propose_penalties(&o.vice_gm, &closed_month).unwrap();
    d.decide_penalties(&gm, sent_back.id, false, "基点数待核").unwrap();
    let notice = d.propose_penalties(&o.vice_gm, &closed_month).unwrap();
    d.decide_penalties(&gm, notice.id, true, "同意").unwrap();
    d.issue_penalty_notice(&o.vice_gm, notice.id).unwrap();
    let fines = d.accountability_board(&accountant, &closed_month).unwrap().store_fines;
    d.mark_store_fine_paid(&accountant, fines[0].id).unwrap();
    // The month's 客户投诉案件统计表: issued by the 副总经理, confirmed by 业务部's head.
    let table = d.issue_statement(&o.vice_gm, &closed_month).unwrap();
    d.confirm_statement(&o.head, table.id, SALES_DEPT).unwrap();

    Story { clock: o.clock.clone(), admin: o.admin, agent: o.agent, vice_gm: o.vice_gm, approved, handling_form, voided_certificate }
}

// ---- reading both sides, independently of the module under test -------------

/// The tables that hold data in the SQLite file: every table in
/// sqlite_master but SQLite's own, the virtual (FTS5) tables and theirs.
fn sqlite_tables(conn: &rusqlite::Connection) -> Vec<(String, Vec<String>)> {
    let query = |sql: &str| -> Vec<(String, String)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let all = query("SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table'");
    let virtuals: Vec<String> = all.iter().filter(|(_, sql)| sql.starts_with("CREATE VIRTUAL TABLE")).map(|(n, _)| n.clone()).collect();
    all.into_iter()
        .map(|(name, _)| name)
        .filter(|n| !n.starts_with("sqlite_") && !virtuals.iter().any(|v| n == v || n.starts_with(&format!("{v}_"))))
        .map(|name| {
            let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)").unwrap();
            let columns = stmt.query_map([&name], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
            (name, columns)
        })
        .collect()
}

/// Rows as SQLite values, in an order both sides share (the rows' own
/// rendering), so no collation decides.
type Rows = Vec<Vec<Value>>;

fn sorted(mut rows: Rows) -> Rows {
    rows.sort_by_cached_key(|r| format!("{r:?}"));
    rows
}

fn sqlite_rows(conn: &rusqlite::Connection, table: &str, columns: &[String]) -> Rows {
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {table}", columns.join(", "))).unwrap();
    let rows = stmt
        .query_map([], |r| (0..columns.len()).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>())
        .unwrap();
    sorted(rows.map(Result::unwrap).collect())
}

/// Server rows back as SQLite would hold them: booleans as 0/1.
fn server_rows(client: &mut postgres::Client, table: &str, columns: &[String]) -> Rows {
    let rows = client.query(&format!("SELECT {} FROM {table}", columns.join(", ")), &[]).unwrap();
    let rows = rows
        .iter()
        .map(|row| {
            (0..columns.len())
                .map(|i| {
                    let ty = row.columns()[i].type_().clone();
                    let value = match ty.name() {
                        "int8" => row.get::<_, Option<i64>>(i).map(Value::Integer),
                        "bool" => row.get::<_, Option<bool>>(i).map(|b| Value::Integer(i64::from(b))),
                        "bytea" => row.get::<_, Option<Vec<u8>>>(i).map(Value::Blob),
                        "text" => row.get::<_, Option<String>>(i).map(Value::Text),
                        other => panic!("{table}.{}: unexpected server type {other}", columns[i]),
                    };
                    value.unwrap_or(Value::Null)
                })
                .collect()
        })
        .collect();
    sorted(rows)
}

/// Every row of every public table and every sequence, as text: to see
/// that a refused move changed nothing at all.
fn server_state(config: &PgConfig) -> BTreeMap<String, Vec<String>> {
    let store = PgStore::connect(config).unwrap();
    store
        .with_client(|c| {
            let tables: Vec<String> = c
                .query("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'", &[])
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            let mut state: BTreeMap<String, Vec<String>> = tables
                .into_iter()
                .map(|t| {
                    let rows = c.query(&format!("SELECT x::text FROM {t} x ORDER BY 1"), &[]).unwrap();
                    (t, rows.iter().map(|r| r.get(0)).collect())
                })
                .collect();
            let sequences = c
                .query("SELECT sequencename || ' ' || coalesce(last_value::text, '-') FROM pg_sequences WHERE schemaname = 'public'", &[])
                .unwrap();
            state.insert("(sequences)".into(), sequences.iter().map(|r| r.get(0)).collect());
            state
        })
        .unwrap()
}

fn case_nos(page: &CasePage) -> Vec<String> {
    page.rows.iter().map(|r| r.case_no.clone()).collect()
}

/// The pages the sheet shows, sorted and filtered several ways.
fn sheet_queries() -> Vec<CaseQuery> {
    let mut queries = vec![CaseQuery::default(), CaseQuery { include_voided: true, page_size: 200, ..CaseQuery::default() }];
    for sort in [SortField::ReceivedAt, SortField::CustomerName, SortField::Department, SortField::Status, SortField::Handler, SortField::Severity] {
        for descending in [false, true] {
            queries.push(CaseQuery { sort, descending, page: 2, page_size: 100, ..CaseQuery::default() });
        }
    }
    queries.push(CaseQuery { statuses: vec![CaseStatus::Approved, CaseStatus::Closed], ..CaseQuery::default() });
    queries.push(CaseQuery { severities: vec![Severity::Critical], include_voided: true, ..CaseQuery::default() });
    queries.push(CaseQuery { department_ids: vec![SALES_DEPT, ENGINEERING], ..CaseQuery::default() });
    queries.push(CaseQuery { due: Some(DueFilter::Overdue), ..CaseQuery::default() });
    queries
}

// ---- the tests -----------------------------------------------------------------

#[test]
fn a_desk_moves_to_the_server_with_every_row_and_works_there_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("complaintdesk.sqlite3");
    let story = build_desk(&path);
    let clock = story.clock.clone();
    // The desk is closed (as it is when its user moves it): the file alone.
    let before = std::fs::read(&path).unwrap();
    let files_before = dir_listing(dir.path());
    let config = Cluster::shared().create_database();

    let started = Instant::now();
    let report = copy_sqlite_to_server(&path, &config).unwrap();
    let took = started.elapsed();
    let cases = report.tables.iter().find(|t| t.name == "cases").unwrap().rows;
    let total: u64 = report.tables.iter().map(|t| t.rows).sum();
    eprintln!(
        "moved {cases} cases ({total} rows in {} tables, {} KiB file) in {took:?} (report: {} ms)",
        report.tables.len(),
        before.len() / 1024,
        report.elapsed_ms
    );
    for t in &report.tables {
        eprintln!("  {:<22} {:>6} rows  {}", t.name, t.rows, &t.checksum_hex[..16]);
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "the SQLite file is untouched");
    assert_eq!(dir_listing(dir.path()), files_before, "and nothing is left beside it");

    // Every table, row by row, read independently of the move.
    let conn = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables = sqlite_tables(&conn);
    // 36 since 统计表 (statements, statement_cases, statement_confirmations), 奖罚
    // (penalty_notices, store_fines) and 普遍性问题 (systemic_alerts, systemic_alert_cases, systemic_notices).
    assert_eq!(tables.len(), 36, "{:?}", tables.iter().map(|t| &t.0).collect::<Vec<_>>());
    let reported: Vec<&str> = report.tables.iter().map(|t| t.name.as_str()).collect();
    let mut expected: Vec<&str> = tables.iter().map(|t| t.0.as_str()).collect();
    expected.sort();
    let mut got = reported.clone();
    got.sort();
    assert_eq!(got, expected, "the report names every table");
    assert!(reported.iter().position(|t| *t == "customers") < reported.iter().position(|t| *t == "cases"), "{reported:?}");
    assert_eq!(report.search_rows, cases);
    let pg = PgStore::connect(&config).unwrap();
    pg.with_client(|client| {
        for (table, columns) in &tables {
            let local = sqlite_rows(&conn, table, columns);
            assert!(!local.is_empty(), "the story leaves no table empty: {table}");
            let server = server_rows(client, table, columns);
            assert_eq!(server.len(), local.len(), "{table}: row count");
            for (l, s) in local.iter().zip(&server) {
                assert_eq!(s, l, "{table}: a row differs");
            }
            let rows = report.tables.iter().find(|t| &t.name == table).unwrap().rows;
            assert_eq!(rows, local.len() as u64, "{table}: the report's count");
        }
        let search: i64 = client.query_one("SELECT count(*) FROM case_search", &[]).unwrap().get(0);
        assert_eq!(search as u64, cases);
    })
    .unwrap();
    drop(conn);

    // The same desk on the server: same pages, same searches, same people.
    let copy = dir.path().join("compare.sqlite3");
    std::fs::copy(&path, &copy).unwrap();
    let local = open_desk(&copy, &clock);
    let server = server_desk(&config, &clock);
    for query in sheet_queries() {
        let (l, s) = (local.case_page(&query).unwrap(), server.case_page(&query).unwrap());
        assert!(!l.rows.is_empty(), "{query:?} shows something");
        assert_eq!(s, l, "{query:?}");
    }
    for term in ["王", "漏水", "天花板", "阻焊", "0755", "王 漏水"] {
        let query = CaseQuery { search: term.into(), include_voided: true, page_size: 500, ..CaseQuery::default() };
        let (l, s) = (local.case_page(&query).unwrap(), server.case_page(&query).unwrap());
        assert!(!l.rows.is_empty(), "{term:?} finds something");
        assert_eq!(case_nos(&s), case_nos(&l), "search {term:?}");
        assert_eq!(s, l, "search {term:?}");
    }
    let id = story.approved.id;
    assert_eq!(server.case(id).unwrap(), local.case(id).unwrap());
    assert_eq!(server.case_timeline(id).unwrap(), local.case_timeline(id).unwrap());
    assert_eq!(server.case_workflow(&story.agent, id).unwrap(), local.case_workflow(&story.agent, id).unwrap());
    assert_eq!(server.case_documents(&story.agent, id).unwrap(), local.case_documents(&story.agent, id).unwrap());
    assert_eq!(server.attachments(id).unwrap(), local.attachments(id).unwrap());
    assert_eq!(server.reminders(id).unwrap(), local.reminders(id).unwrap());
    assert_eq!(server.case_deadlines(id).unwrap(), local.case_deadlines(id).unwrap());
    assert_eq!(server.accounts(&story.admin).unwrap(), local.accounts(&story.admin).unwrap());
    assert_eq!(server.deadline_policies().unwrap(), local.deadline_policies().unwrap());
    assert_eq!(server.calendar_years().unwrap(), local.calendar_years().unwrap());
    assert_eq!(server.thresholds().unwrap(), local.thresholds().unwrap());
    assert_eq!(server.routing_rules().unwrap(), local.routing_rules().unwrap());
    assert_eq!(server.dashboard(&story.vice_gm).unwrap(), local.dashboard(&story.vice_gm).unwrap());
    let attachment = server.attachments(id).unwrap().remove(0);
    assert_eq!(server.attachment_content(attachment.id).unwrap(), local.attachment_content(attachment.id).unwrap());

    // The admin signs in with his password; a wrong one is refused. Each
    // attempt is an audit line, so the desk makes the same two and the
    // audit ids below stay in step.
    for desk in [&server, &local] {
        let signed_in = desk.sign_in("admin", ADMIN_PASSWORD).unwrap();
        assert_eq!((signed_in.user.id, signed_in.roles.clone()), (story.admin.id, vec![Role::Admin]));
        assert_eq!(desk.sign_in("admin", "Kefu@2025!").unwrap_err().code, ErrorCode::SignInFailed);
    }

    // The issued document verifies with the desk's own key; the voided one says so.
    let verdict = server.verify_document(&story.handling_form.verification_code).unwrap();
    assert!(verdict.genuine && verdict.message.contains("真实有效"), "{}", verdict.message);
    assert!(verdict.message.contains(&story.handling_form.number), "{}", verdict.message);
    let voided = server.verify_document(&story.voided_certificate.verification_code).unwrap();
    assert!(!voided.genuine && voided.message.contains("已作废"), "{}", voided.message);
    let number = &story.handling_form.number;
    let preview = server.document_preview(&story.agent, number, &[1, 4]).unwrap();
    assert_eq!(preview, local.document_preview(&story.agent, number, &[1, 4]).unwrap(), "a reprint says what was issued");
    assert!(preview.pages.iter().all(|p| p.contains("补打")), "copies 1 and 4 were printed on the desk");
    for desk in [&server, &local] {
        assert!(desk.document_pdf(&story.agent, number, &[2], OutputTarget::Viewer).unwrap().bytes.starts_with(b"%PDF"));
    }

    // Numbers and ids go on where the desk left them, on both.
    // December's third case: two were registered on the desk this month.
    let new_case = || NewCase { fields: fields(clock.now()), related_case_id: None };
    let (l, s) = (local.register_case(&story.agent, new_case()).unwrap(), server.register_case(&story.agent, new_case()).unwrap());
    assert_eq!(s.case_no, "2612-0003");
    assert_eq!((&s.case_no, s.id), (&l.case_no, l.id));
    assert_eq!(server.case_timeline(s.id).unwrap(), local.case_timeline(l.id).unwrap(), "audit ids go on too");
    let (l, s) = (
        local.issue_reminder(&story.vice_gm, id, "再次催办").unwrap(),
        server.issue_reminder(&story.vice_gm, id, "再次催办").unwrap(),
    );
    assert_eq!((&s.reminder_no, s.id), (&l.reminder_no, l.id));
    assert!(s.reminder_no.ends_with("-0002"), "{}", s.reminder_no);
    let reissue = |desk: &Desk| desk.issue_document(&story.agent, request(DocumentKind::RefundCertificate, Some(id), None)).unwrap();
    let (l, s) = (reissue(&local), reissue(&server));
    assert_eq!((&s.number, s.id), (&l.number, l.id));
    let photo = |desk: &Desk| {
        let input = NewAttachment { case_id: id, file_name: "补充.png".into(), content_base64: base64(b"\x89PNG"), note: String::new() };
        desk.add_attachment(&story.agent, input).unwrap().id
    };
    assert_eq!(photo(&server), photo(&local));
    drop((local, server, pg));

    // A second move into the now non-empty server is refused and changes nothing.
    let state = server_state(&config);
    let err = copy_sqlite_to_server(&path, &config).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("target")), "{}", err.message);
    for expected in ["不是空的", &format!("{} 件案件", cases + 1), "个用户", "条审计记录", "份文书", "未被改动"] {
        assert!(err.message.contains(expected), "{expected:?} in {}", err.message);
    }
    assert_eq!(server_state(&config), state, "the server is unchanged");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the SQLite file is still untouched");
}

fn dir_listing(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
}

/// A small desk: its admin, one case.
fn small_desk(path: &Path) -> Arc<FixedClock> {
    let clock = Arc::new(FixedClock::new(monday_morning()));
    let desk = open_desk(path, &clock);
    let admin = desk.create_first_admin("王强", "admin", ADMIN_PASSWORD).unwrap();
    desk.register_case(&admin, NewCase { fields: fields(clock.now()), related_case_id: None }).unwrap();
    clock
}

fn public_tables(config: &PgConfig) -> i64 {
    let n = Cluster::shared().psql(&config.dbname, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
    n.parse().unwrap()
}

#[test]
fn a_file_that_is_not_a_current_desk_is_refused_untouched_before_the_server_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let config = Cluster::shared().create_database();

    let missing = dir.path().join("nowhere.sqlite3");
    let err = copy_sqlite_to_server(&missing, &config).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation, "{}", err.message);
    assert!(!missing.exists(), "no file is created");

    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)").unwrap();
    let not_a_db = dir.path().join("notes.txt");
    std::fs::write(&not_a_db, "这不是数据库".repeat(200)).unwrap();
    let older = dir.path().join("older.sqlite3");
    complaintdesk_core::sqlite::create_at_version(&older, 5).unwrap();
    let newer = dir.path().join("newer.sqlite3");
    small_desk(&newer);
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch(&format!("PRAGMA user_version = {}", complaintdesk_core::sqlite::LATEST_VERSION + 1))
        .unwrap();

    for (file, code, words) in [
        (&foreign, ErrorCode::DbOpenFailed, "不是客诉台的数据库文件"),
        (&not_a_db, ErrorCode::DbOpenFailed, "无法打开"),
        (&older, ErrorCode::Validation, "旧版本"),
        (&newer, ErrorCode::DbTooNew, "更新版本"),
    ] {
        let bytes = std::fs::read(file).unwrap();
        let listing = dir_listing(dir.path());
        let err = copy_sqlite_to_server(file, &config).unwrap_err();
        assert_eq!(err.code, code, "{}: {}", file.display(), err.message);
        assert!(err.message.contains(words) && err.message.contains("未被改动"), "{}", err.message);
        assert_eq!(std::fs::read(file).unwrap(), bytes, "{} untouched", file.display());
        assert_eq!(dir_listing(dir.path()), listing);
    }
    assert_eq!(public_tables(&config), 0, "the server was not even connected to");
}

#[test]
fn a_table_the_server_does_not_have_stops_the_move_and_a_bad_value_rolls_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    let clock = small_desk(&path);
    let config = Cluster::shared().create_database();
    let seeded = {
        PgStore::connect(&config).unwrap();
        server_state(&config)
    };

    // A table a later version added to SQLite only is not silently left behind.
    let extra = dir.path().join("extra.sqlite3");
    std::fs::copy(&path, &extra).unwrap();
    rusqlite::Connection::open(&extra).unwrap().execute_batch("CREATE TABLE case_tags (case_id INTEGER, tag TEXT)").unwrap();
    let err = copy_sqlite_to_server(&extra, &config).unwrap_err();
    assert!(err.message.contains("服务器上没有表 case_tags"), "{}", err.message);
    assert_eq!(server_state(&config), seeded);

    // A value that does not fit its column stops the copy half way: all of
    // it is rolled back, the seed rows are back, the key is the server's.
    let bad = dir.path().join("bad.sqlite3");
    std::fs::copy(&path, &bad).unwrap();
    rusqlite::Connection::open(&bad).unwrap().execute_batch("UPDATE cases SET sample_kept = 2").unwrap();
    let err = copy_sqlite_to_server(&bad, &config).unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage);
    for expected in ["cases", "sample_kept", "整数 2", "boolean", "未被改动"] {
        assert!(err.message.contains(expected), "{expected:?} in {}", err.message);
    }
    assert_eq!(server_state(&config), seeded, "rolled back, sequences included");

    // The same server then takes the good file.
    let report: MoveReport = copy_sqlite_to_server(&path, &config).unwrap();
    assert_eq!(report.tables.iter().find(|t| t.name == "cases").unwrap().rows, 1);
    let server = server_desk(&config, &clock);
    assert_eq!(server.sign_in("admin", ADMIN_PASSWORD).unwrap().user.name, "王强");
    let case = server.case_page(&CaseQuery::default()).unwrap().rows.remove(0);
    assert_eq!(case.case_no, "2611-0001");
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["tables"][0]["checksumHex"].as_str().unwrap().len() == 64 && json["searchRows"] == 1, "{json}");
}

/// How long a big desk takes to move (not run by default):
/// `COMPLAINTDESK_MOVE_CASES=100000 cargo test --release -p complaintdesk-postgres --test move_up -- --ignored --nocapture`
#[test]
#[ignore]
fn timing_of_a_big_desk() {
    let count: usize = std::env::var("COMPLAINTDESK_MOVE_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.sqlite3");
    {
        let clock = small_desk(&path);
        let desk = open_desk(&path, &clock);
        let started = Instant::now();
        // Straight through the importer, as the benchmark builds its cases:
        // the desk loads demo data only into an empty database.
        let mut importer = DemoImporter::new(desk.store(), 1, clock.now(), DEMO_DAYS).unwrap();
        let mut left = count;
        while left > 0 {
            let n = left.min(10_000);
            desk.store().insert_cases(&importer.batch(n).unwrap()).unwrap();
            left -= n;
        }
        eprintln!("{count} demo cases loaded into SQLite in {:?}", started.elapsed());
    }
    let bytes = std::fs::metadata(&path).unwrap().len();
    let config = Cluster::shared().create_database();
    let started = Instant::now();
    let report = copy_sqlite_to_server(&path, &config).unwrap();
    let rows: u64 = report.tables.iter().map(|t| t.rows).sum();
    eprintln!("moved {} cases ({rows} rows, {} MiB file) in {:?}", report.search_rows, bytes >> 20, started.elapsed());
}
