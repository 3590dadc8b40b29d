//! The printing benchmark (not a test): times the 《客户抱怨处理表》 of a
//! fully worked case — laid out and rendered alone, and through the desk
//! (read, record the output, render) — then issues and prints 1,000 forms
//! in a batch, and prints a table with the sizes.
//!
//!     cargo run --release -p complaintdesk-core --example print_bench -- [--samples 200] [--batch 1000]

use std::time::{Duration, Instant};

use chrono::Utc;
use complaintdesk_core::clock::SystemClock;
use complaintdesk_core::codes::*;
use complaintdesk_core::documents::DocumentRequest;
use complaintdesk_core::loss::ResolutionLine;
use complaintdesk_core::model::*;
use complaintdesk_core::pdf::{self, Marks, Paper};
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::Desk;

const SALES_DEPT: i64 = 10; // 业务部 in the shipped departments

fn flag(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map_or(default, |v| v.parse().expect("a number"))
}

fn person(desk: &Desk, admin: &User, name: &str, login: &str, roles: &[Role], department_id: Option<i64>) -> User {
    let new = NewUser { name: name.into(), login: login.into(), password: "chushi-mima-1".into(), roles: roles.to_vec(), department_id };
    let account = desk.create_account(admin, new).unwrap();
    User { id: account.id, name: account.name }
}

fn fields(n: usize) -> CaseFields {
    CaseFields {
        received_at: Utc::now() - chrono::Duration::hours(30),
        channel: Channel::Phone,
        customer_name: format!("深圳华星电子有限公司第{n}分厂"),
        customer_phone: format!("0755 8888 {:04}", n % 10_000),
        customer_address: "深圳市宝安区福永街道凤凰第一工业区 A3 栋".into(),
        customer_org: "采购部".into(),
        content: "四层板阻焊脱落，整批 5000 片无法贴片；客户产线因此停线两天，要求我方派员到厂确认并给出书面改善报告。".repeat(3),
        customer_request: "赔偿停线损失，退回不良品并补送合格品".into(),
        claim_amount_fen: Some(15_000_000),
        order_no: format!("PO-2026-{n:06}"),
        item_no: "PCB-4L-1.6-0345".into(),
        quantity: Some(5000),
        delivery_date: Some("2026-11-02".parse().unwrap()),
        defective_quantity: Some(1200),
        market: Some(Market::Domestic),
        nature: None,
        cause_type: None,
        severity: Severity::Normal,
        department_id: None,
        sample_kept: true,
        sample_note: "异常样品 20 片已留存质量管理部".into(),
    }
}

struct Office {
    desk: Desk,
    agent: User,
    head: User,
    vice_gm: User,
}

/// Registered, assessed, routed, investigated, proposed (¥120,000 with a return) and approved.
fn worked_case(o: &Office, n: usize) -> Case {
    let d = &o.desk;
    let case = d.register_case(&o.agent, NewCase { fields: fields(n), related_case_id: None }).unwrap();
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
    let inv = Investigation {
        cause_analysis: "阻焊前处理微蚀不足，附着力下降；当班未按规定做附着力测试。".into(),
        measures: "整批退回重做，赔偿停线损失；微蚀线增加每班两次附着力测试。".into(),
        responsibilities: vec![Responsibility { department_id: SALES_DEPT, person: String::new(), ratio_percent: 100 }],
        actions: vec![],
    };
    let case = d.record_investigation(&o.head, case.id, case.version, inv).unwrap();
    let line = |kind, quantity, unit_price_fen, amount_fen, note: &str| ResolutionLine {
        kind,
        quantity,
        unit_price_fen,
        amount_fen,
        transport_fen: 0,
        note: note.into(),
    };
    let proposal = Proposal {
        lines: vec![
            line(ResolutionType::Compensation, 0, 0, 10_000_000, "停线损失赔偿"),
            line(ResolutionType::Return, 1200, 1_600, 0, "不良品退回"),
        ],
        opinion: "责任在我方，同意按客户实际损失赔偿并退回不良品".into(),
    };
    let case = d.propose(&o.head, case.id, case.version, proposal).unwrap();
    d.approve(&o.vice_gm, case.id, case.version, "同意", true).unwrap()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let samples = flag("--samples", 200);
    let batch = flag("--batch", 1000);
    let dir = std::env::temp_dir().join(format!("complaintdesk-print-bench-{}", std::process::id()));
    let desk = Desk::new(Box::new(SqliteStore::open(&dir.join("bench.sqlite3")).unwrap()), Box::new(SystemClock));
    let admin = desk.create_first_admin("王强", "admin", "Kefu@2026!").unwrap();
    let agent = person(&desk, &admin, "张敏", "zhangmin", &[Role::Agent], Some(1));
    let head = person(&desk, &admin, "陈刚", "chengang", &[Role::Handler, Role::DeptHead], Some(SALES_DEPT));
    let vice_gm = person(&desk, &admin, "周杰", "zhoujie", &[Role::ViceGm], None);
    desk.set_department_head(&admin, SALES_DEPT, head.id).unwrap();
    let o = Office { desk, agent, head, vice_gm };

    let started = Instant::now();
    pdf::fonts::regular();
    pdf::fonts::bold();
    let font_load = started.elapsed();

    let request = |case_id| DocumentRequest {
        kind: DocumentKind::HandlingForm,
        case_id: Some(case_id),
        reminder_id: None,
        query: None,
        filter_text: String::new(),
    };
    let case = worked_case(&o, 0);
    let doc = o.desk.issue_document(&o.agent, request(case.id)).unwrap();
    let stored = o.desk.store().document(&doc.number).unwrap().unwrap();
    let paper: Paper = serde_json::from_str(&stored.paper).unwrap();
    let marks = [Marks { copy: Some(doc.copies[0].clone()), ..Marks::default() }];

    let mut render = Vec::with_capacity(samples);
    let mut size = 0;
    for _ in 0..samples {
        let t = Instant::now();
        size = pdf::pdf(&paper, &marks, doc.issued_at).len();
        render.push(t.elapsed());
    }
    let mut through_desk = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t = Instant::now();
        o.desk.document_pdf(&o.agent, &doc.number, &[1], OutputTarget::Export).unwrap();
        through_desk.push(t.elapsed());
    }
    render.sort();
    through_desk.sort();

    println!("preparing {batch} approved cases for the batch …");
    let cases: Vec<Case> = (1..=batch).map(|n| worked_case(&o, n)).collect();
    let started = Instant::now();
    let mut sizes = Vec::with_capacity(batch);
    for case in &cases {
        let doc = o.desk.issue_document(&o.agent, request(case.id)).unwrap();
        sizes.push(o.desk.document_pdf(&o.agent, &doc.number, &[1], OutputTarget::Export).unwrap().bytes.len());
    }
    let batch_time = started.elapsed();
    let five_copies = o.desk.document_pdf(&o.agent, &doc.number, &[], OutputTarget::Export).unwrap().bytes.len();

    println!();
    println!("| measurement | p50 | p95 | target |");
    println!("|---|---:|---:|---:|");
    println!("| one handling form, layout + PDF (in-process) | {} | {} | ≤ 15 ms p95 |", ms(percentile(&render, 0.5)), ms(percentile(&render, 0.95)));
    println!(
        "| one handling form through the desk (read, record output, layout + PDF) | {} | {} | ≤ 15 ms p95 |",
        ms(percentile(&through_desk, 0.5)),
        ms(percentile(&through_desk, 0.95))
    );
    println!("| {batch} forms issued and printed in a batch | {:.2} s total | | ≤ 15 s |", batch_time.as_secs_f64());
    println!("| size of one form (one copy) | {:.1} KB | max {:.1} KB | ≤ 100 KB |", size as f64 / 1024.0, sizes.iter().max().copied().unwrap_or(0) as f64 / 1024.0);
    println!("| size of one form, all five copies | {:.1} KB | | |", five_copies as f64 / 1024.0);
    println!("| font parse (both weights), once per process | {} | | |", ms(font_load));
    let _ = std::fs::remove_dir_all(&dir);
}
