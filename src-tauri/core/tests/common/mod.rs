//! Shared set-up for the core's integration tests: a desk on a fresh
//! database file in a temporary directory, with a clock the test controls.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
pub use complaintdesk_core::clock::{Clock, FixedClock};
use complaintdesk_core::codes::*;
use complaintdesk_core::model::*;
use complaintdesk_core::sqlite::SqliteStore;
use complaintdesk_core::Desk;

pub mod office;

pub struct TestDesk {
    pub desk: Desk,
    pub clock: Arc<FixedClock>,
    pub agent: User,
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

/// 2026-11-23 10:00 in Beijing.
pub fn monday_morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
}

pub fn desk() -> TestDesk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("complaintdesk.sqlite3");
    let clock = Arc::new(FixedClock::new(monday_morning()));
    let desk = Desk::new(Box::new(SqliteStore::open(&path).unwrap()), Box::new(clock.clone()));
    let agent = desk.create_user("李娜").unwrap();
    TestDesk { desk, clock, agent, path, _dir: dir }
}

pub fn fields(now: DateTime<Utc>) -> CaseFields {
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

pub fn new_case(now: DateTime<Utc>) -> NewCase {
    NewCase { fields: fields(now), related_case_id: None }
}

/// A different customer with different content.
pub fn other_case(now: DateTime<Utc>, name: &str, phone: &str, content: &str) -> NewCase {
    let mut f = fields(now);
    f.customer_name = name.into();
    f.customer_phone = phone.into();
    f.content = content.into();
    NewCase { fields: f, related_case_id: None }
}

pub fn all_cases() -> CaseQuery {
    CaseQuery { include_voided: true, ..CaseQuery::default() }
}

pub fn search(t: &TestDesk, text: &str) -> Vec<String> {
    let page = t.desk.case_page(&CaseQuery { search: text.into(), ..CaseQuery::default() }).unwrap();
    page.rows.into_iter().map(|r| r.case_no).collect()
}

/// The text of each page of a PDF, as a reader extracts it.
pub fn pages_text(pdf: &[u8]) -> Vec<String> {
    let doc = printpdf::PdfDocument::parse(pdf, &printpdf::PdfParseOptions::default(), &mut Vec::new()).expect("a readable PDF");
    doc.extract_text().into_iter().map(|page| page.join("\n")).collect()
}

/// A record's audit lines as "action field: old → new by 谁".
pub fn audit_lines(t: &TestDesk, entity: &str, id: i64) -> Vec<String> {
    t.desk
        .store()
        .audit_of(entity, id)
        .unwrap()
        .into_iter()
        .map(|a| match a.field {
            Some(f) => format!("{} {f}: {} → {} by {}", a.action, a.old_value.unwrap_or_default(), a.new_value.unwrap_or_default(), a.actor_name),
            None => format!("{} by {}", a.action, a.actor_name),
        })
        .collect()
}
