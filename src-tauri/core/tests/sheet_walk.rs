//! The sheet walked by a cursor (what 导出 reads): batch after batch, the
//! rows after the last one in the sheet's own order, exactly the rows the
//! numbered pages show, in the same order — every sort column (with ties,
//! and NULLs where a case has no cause type or department), both
//! directions, with filters and a search.
//!
//! Runs on SQLite and, with COMPLAINTDESK_TEST_BACKEND=postgres, on PostgreSQL.

mod common;

use chrono::Duration;
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::demo_import::{DemoImporter, DEMO_DAYS};
use complaintdesk_core::model::*;
use complaintdesk_core::store::{SheetCursor, SortValue, MAX_PAGE_SIZE, MAX_WALK_ROWS};
use complaintdesk_core::Desk;

/// Demo cases, plus a dozen received at the same minute, half of them with
/// neither cause type nor department: ties on every column and NULLs at
/// the edge of the walk's batches.
fn sheet_of_many() -> TestDesk {
    let t = desk();
    let mut importer = DemoImporter::new(t.desk.store(), 13, t.clock.now(), DEMO_DAYS).unwrap();
    t.desk.store().insert_cases(&importer.batch(900).unwrap()).unwrap();
    let same_minute = t.clock.now() - Duration::hours(5);
    for i in 0..12 {
        let mut case = other_case(same_minute, "同一客户", &format!("1390000{i:04}"), "同一时刻登记的漏水投诉");
        if i % 2 == 0 {
            case.fields.cause_type = None;
        }
        t.desk.register_case(&t.agent, case).unwrap();
    }
    t
}

/// Every row of the query by its numbered pages, as the sheet shows them.
fn by_pages(desk: &Desk, q: &CaseQuery) -> Vec<i64> {
    let mut ids = Vec::new();
    for page in 1.. {
        let rows = desk.case_page(&CaseQuery { page, page_size: MAX_PAGE_SIZE, ..q.clone() }).unwrap().rows;
        ids.extend(rows.iter().map(|r| r.id));
        if rows.len() < MAX_PAGE_SIZE as usize {
            return ids;
        }
    }
    unreachable!()
}

/// Every row of the query walked by the cursor, `batch` rows a step.
fn by_cursor(desk: &Desk, q: &CaseQuery, batch: u32) -> Vec<i64> {
    let (mut ids, mut after): (Vec<i64>, Option<SheetCursor>) = (Vec::new(), None);
    loop {
        let step = desk.case_rows_after(q, after.as_ref(), batch).unwrap();
        assert!(step.rows.len() <= batch as usize);
        ids.extend(step.rows.iter().map(|r| r.id));
        if step.rows.len() < batch as usize {
            return ids;
        }
        after = step.next;
        assert!(after.is_some(), "a full step says where the next one starts");
    }
}

#[test]
fn walking_by_cursor_lists_exactly_the_numbered_pages_for_every_order_filter_and_direction() {
    let t = sheet_of_many();
    let everything = by_pages(&t.desk, &all_cases());
    assert_eq!(everything.len(), 912, "every case, voided ones too");
    let rows = t.desk.case_page(&CaseQuery { page_size: MAX_PAGE_SIZE, sort: SortField::CauseType, descending: false, ..all_cases() }).unwrap();
    assert!(rows.rows.iter().any(|r| r.cause_type.is_none()), "the fixture has cases without a cause type");
    let by_department = t.desk.case_page(&CaseQuery { page_size: MAX_PAGE_SIZE, sort: SortField::Department, descending: false, ..all_cases() }).unwrap();
    assert!(by_department.rows.iter().any(|r| r.department_name.is_none()), "and without a department");

    let filters = [
        ("everything", all_cases()),
        ("open, not voided", CaseQuery { statuses: CaseStatus::all().iter().copied().filter(|s| s.is_open()).collect(), ..CaseQuery::default() }),
        ("important or critical", CaseQuery { severities: vec![Severity::Important, Severity::Critical], ..CaseQuery::default() }),
        // Codes apart in their natural order: a range of the sort key holds others between them.
        ("registered or closed", CaseQuery { statuses: vec![CaseStatus::Registered, CaseStatus::Closed], ..CaseQuery::default() }),
        ("two cause types", CaseQuery { cause_types: vec![CauseType::all()[0], CauseType::all()[2]], ..CaseQuery::default() }),
        ("a search", CaseQuery { search: "漏水".into(), ..CaseQuery::default() }),
        ("a month by phone", CaseQuery {
            channels: vec![Channel::Phone],
            received_from: Some(t.clock.now() - Duration::days(30)),
            received_to: Some(t.clock.now()),
            ..CaseQuery::default()
        }),
    ];
    let mut compared = 0;
    for (name, filter) in &filters {
        // Every order holds the same cases (a filter on the sorted column
        // also bounds its sort key on PostgreSQL).
        let mut cases = by_pages(&t.desk, &CaseQuery { sort: SortField::CaseNo, ..filter.clone() });
        cases.sort();
        assert!(!cases.is_empty(), "{name}: some cases");
        for sort in SortField::ALL {
            for descending in [false, true] {
                let q = CaseQuery { sort, descending, ..filter.clone() };
                let pages = by_pages(&t.desk, &q);
                let mut same = pages.clone();
                same.sort();
                assert_eq!(same, cases, "{name}, {sort:?}, descending: {descending}: the filter's cases");
                assert_eq!(by_cursor(&t.desk, &q, 37), pages, "{name}, {sort:?}, descending: {descending}, 37 a step");
                assert_eq!(by_cursor(&t.desk, &q, MAX_WALK_ROWS), pages, "{name}, {sort:?}, descending: {descending}, one step");
                compared += pages.len();
            }
        }
    }
    assert!(compared > 912 * 18, "the filters were not empty: {compared} rows compared");
}

/// One row at a time through the NULLs of a nullable column and out the
/// other side: every boundary of the walk is a step's boundary.
#[test]
fn a_walk_one_row_a_step_crosses_the_nulls_both_ways() {
    let t = sheet_of_many();
    for sort in [SortField::CauseType, SortField::Department] {
        for descending in [false, true] {
            let q = CaseQuery { sort, descending, received_from: Some(t.clock.now() - Duration::days(3)), ..all_cases() };
            let pages = by_pages(&t.desk, &q);
            assert!(pages.len() > 12, "{sort:?}: the fixture's same-minute cases and more");
            assert_eq!(by_cursor(&t.desk, &q, 1), pages, "{sort:?}, descending: {descending}");
        }
    }
}

/// The cursor is the last row's key as the sheet sorted by it, not a row
/// to look up again: a walk goes on after it even when that row changes
/// meanwhile, neither repeating the rows before it nor losing those after.
#[test]
fn a_row_edited_during_a_walk_does_not_move_the_walk() {
    let t = sheet_of_many();
    // The twelve same-minute cases: one customer's name, so ordered by number.
    let q = CaseQuery { search: "同一时刻".into(), sort: SortField::CustomerName, descending: false, ..CaseQuery::default() };
    let pages = by_pages(&t.desk, &q);
    assert_eq!(pages.len(), 12);
    let first = t.desk.case_rows_after(&q, None, 5).unwrap();
    assert_eq!(first.rows.iter().map(|r| r.id).collect::<Vec<_>>(), pages[..5]);
    let cursor = first.next.clone().unwrap();
    assert_eq!(cursor, SheetCursor { key: SortValue::Text("同一客户".into()), id: pages[4] });
    // The fifth row's customer is renamed to sort before all the others.
    let case = t.desk.case(pages[4]).unwrap();
    let mut fields = case.fields.clone();
    fields.customer_name = "A客户".into();
    t.desk.update_case(&t.agent, CaseEdit { id: case.id, version: case.version, fields, severity_reason: None }).unwrap();
    let rest = t.desk.case_rows_after(&q, Some(&cursor), 10).unwrap();
    assert_eq!(rest.rows.iter().map(|r| r.id).collect::<Vec<_>>(), pages[5..]);
    assert_eq!(rest.next, Some(SheetCursor { key: SortValue::Text("同一客户".into()), id: pages[11] }));
}
