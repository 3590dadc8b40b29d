//! The tracking sheet: search (including one- and two-character Chinese),
//! filters, sorting and paging, all answered by the store.

mod common;

use chrono::Duration;
use common::office::*;
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::demo_import::{DemoImporter, DEMO_DAYS};
use complaintdesk_core::model::*;
use complaintdesk_core::ErrorCode;

fn three_cases(t: &TestDesk) -> Vec<Case> {
    let now = t.clock.now();
    let mut a = other_case(now - Duration::hours(3), "王秀英", "13812345678", "楼上卫生间漏水，天花板发霉");
    a.fields.severity = Severity::Important;
    a.fields.channel = Channel::Visit;
    let mut b = other_case(now - Duration::hours(2), "欧阳淼", "010-87654321转12", "退款申请三周仍未到账");
    b.fields.cause_type = Some(CauseType::Negligence);
    let mut c = other_case(now - Duration::hours(1), "陳嘉堃", "0755-1234567", "菜品中有异物，要求退款");
    c.fields.severity = Severity::Critical;
    c.fields.cause_type = Some(CauseType::Product);
    [a, b, c].into_iter().map(|x| t.desk.register_case(&t.agent, x).unwrap()).collect()
}

#[test]
fn two_chinese_characters_find_the_content() {
    let t = desk();
    let cases = three_cases(&t);
    assert_eq!(search(&t, "漏水"), vec![cases[0].case_no.clone()]);
    // Newest first: both refund cases.
    assert_eq!(search(&t, "退款"), vec![cases[2].case_no.clone(), cases[1].case_no.clone()]);
    assert!(search(&t, "电梯").is_empty());
}

#[test]
fn one_character_longer_phrases_names_phones_and_numbers_are_found() {
    let t = desk();
    let cases = three_cases(&t);
    let no = |i: usize| cases[i].case_no.clone();
    assert_eq!(search(&t, "霉"), vec![no(0)], "one character, last in its run");
    assert_eq!(search(&t, "淼"), vec![no(1)], "a rare character in a name");
    assert_eq!(search(&t, "陳嘉堃"), vec![no(2)], "a Traditional name");
    assert_eq!(search(&t, "天花板"), vec![no(0)]);
    assert_eq!(search(&t, "5678"), vec![no(0)], "the end of a mobile");
    assert_eq!(search(&t, "87654321"), vec![no(1)], "a landline without area code");
    assert_eq!(search(&t, "01087654321"), vec![no(1)], "a landline typed without dash");
    assert_eq!(search(&t, &no(2)), vec![no(2)], "the case number");
    assert_eq!(search(&t, "退款 异物"), vec![no(2)], "every term must match");
    assert_eq!(search(&t, "\"漏水"), vec![no(0)], "quotes are text, not syntax");
}

#[test]
fn an_edit_is_searchable_at_once() {
    let t = desk();
    let cases = three_cases(&t);
    let mut fields = cases[0].fields.clone();
    fields.content = "电梯停在两层之间".into();
    t.desk.update_case(&t.agent, CaseEdit { id: cases[0].id, version: cases[0].version, fields, severity_reason: None }).unwrap();
    assert!(search(&t, "漏水").is_empty());
    assert_eq!(search(&t, "电梯"), vec![cases[0].case_no.clone()]);
}

#[test]
fn a_page_carries_the_whole_summary_and_the_words_it_searched_for() {
    let t = desk();
    // The match lies far beyond the start: the sheet shows a snippet around it.
    let content = format!("{}，最后发现天花板漏水", "楼上住户长期装修噪音扰民".repeat(12));
    let case = t.desk.register_case(&t.agent, other_case(t.clock.now(), "王秀英", "13812345678", &content)).unwrap();
    let page = t.desk.case_page(&CaseQuery { search: " 漏水  “天花板” 漏水 ".into(), ..CaseQuery::default() }).unwrap();
    assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [case.id]);
    assert_eq!(page.rows[0].content, content, "投诉内容概要 in full, for the snippet and the tooltip");
    assert_eq!(page.search_terms, ["漏水", "天花板"], "each term once, as the search split it");
    assert!(t.desk.case_page(&CaseQuery::default()).unwrap().search_terms.is_empty());
}

#[test]
fn filters_combine_and_sorting_follows_the_natural_order() {
    let t = desk();
    let cases = three_cases(&t);
    let query = |q: CaseQuery| -> Vec<String> { t.desk.case_page(&q).unwrap().rows.into_iter().map(|r| r.case_no).collect() };

    let by_severity = query(CaseQuery { sort: SortField::Severity, descending: true, ..CaseQuery::default() });
    assert_eq!(by_severity, vec![cases[2].case_no.clone(), cases[0].case_no.clone(), cases[1].case_no.clone()]);

    // Sorting by a name from another table (责任部门, 经办人) works too.
    let departments = t.desk.departments().unwrap();
    let mut fields = cases[1].fields.clone();
    fields.department_id = Some(departments.iter().find(|d| d.name == "餐饮部").unwrap().id);
    t.desk.update_case(&t.agent, CaseEdit { id: cases[1].id, version: cases[1].version, fields, severity_reason: None }).unwrap();
    let by_department = query(CaseQuery { sort: SortField::Department, descending: true, ..CaseQuery::default() });
    assert_eq!(by_department[0], cases[1].case_no, "the only case with a department sorts first, descending");
    let by_handler = query(CaseQuery { sort: SortField::Handler, ..CaseQuery::default() });
    assert_eq!(by_handler.len(), 3);

    let urgent = query(CaseQuery { severities: vec![Severity::Important, Severity::Critical], ..CaseQuery::default() });
    assert_eq!(urgent.len(), 2);
    let urgent_refunds = query(CaseQuery {
        severities: vec![Severity::Important, Severity::Critical],
        search: "退款".into(),
        ..CaseQuery::default()
    });
    assert_eq!(urgent_refunds, vec![cases[2].case_no.clone()]);
    let visits = query(CaseQuery { channels: vec![Channel::Visit], ..CaseQuery::default() });
    assert_eq!(visits, vec![cases[0].case_no.clone()]);
    let negligence = query(CaseQuery { cause_types: vec![CauseType::Negligence], ..CaseQuery::default() });
    assert_eq!(negligence, vec![cases[1].case_no.clone()]);

    let now = t.clock.now();
    let last_90_minutes = query(CaseQuery { received_from: Some(now - Duration::minutes(90)), ..CaseQuery::default() });
    assert_eq!(last_90_minutes, vec![cases[2].case_no.clone()]);
    let before = query(CaseQuery { received_to: Some(now - Duration::minutes(90)), ..CaseQuery::default() });
    assert_eq!(before.len(), 2);
    let registered = query(CaseQuery { statuses: vec![CaseStatus::Registered], ..CaseQuery::default() });
    assert_eq!(registered.len(), 3);
    assert!(query(CaseQuery { statuses: vec![CaseStatus::Closed], ..CaseQuery::default() }).is_empty());
}

#[test]
fn pages_are_cut_in_the_database_with_the_total_over_all_pages() {
    let t = desk();
    for i in 0..7 {
        let input = other_case(t.clock.now() - Duration::minutes(i), &format!("客户{i}"), &format!("1390000000{i}"), "噪音扰民");
        t.desk.register_case(&t.agent, input).unwrap();
    }
    let page = |n| t.desk.case_page(&CaseQuery { page: n, page_size: 3, ..CaseQuery::default() }).unwrap();
    let (p1, p3) = (page(1), page(3));
    assert_eq!((p1.total, p1.rows.len(), p3.rows.len()), (7, 3, 1));
    assert_eq!(p1.rows[0].customer_name, "客户6", "newest number first");
    assert_eq!(p3.rows[0].customer_name, "客户0");
    assert!(!p1.total_capped);

    // By 受理时间 instead: 客户0 was received last.
    let by_time = t.desk.case_page(&CaseQuery { sort: SortField::ReceivedAt, page_size: 3, ..CaseQuery::default() }).unwrap();
    assert_eq!(by_time.rows[0].customer_name, "客户0");
    let searched = t
        .desk
        .case_page(&CaseQuery { search: "噪音".into(), sort: SortField::ReceivedAt, descending: false, ..CaseQuery::default() })
        .unwrap();
    assert_eq!(searched.rows.first().unwrap().customer_name, "客户6", "oldest receipt first");
}

#[test]
fn a_huge_result_is_counted_up_to_the_cap() {
    let t = desk();
    // Bulk cases, as the benchmark builds them (the demo's workflow walk would take minutes).
    let mut importer = DemoImporter::new(t.desk.store(), 7, t.clock.now(), DEMO_DAYS).unwrap();
    // 10,800: enough that "1" and "1 0" below (in about 99 % and 97 % of
    // them) match more than the cap, voided cases hidden.
    t.desk.store().insert_cases(&importer.batch(10_800).unwrap()).unwrap();
    let everything = t.desk.case_page(&all_cases()).unwrap();
    assert_eq!((everything.total, everything.total_capped), (10_000, true));
    assert_eq!(everything.rows.len(), 50);
    let critical = t.desk.case_page(&CaseQuery { severities: vec![Severity::Critical], ..all_cases() }).unwrap();
    assert!(!critical.total_capped && critical.total > 0 && critical.total < 10_000);
    assert!(critical.rows.iter().all(|r| r.severity == Severity::Critical));

    // A search with more matches than the cap ("1": nearly every case number
    // and phone has one), sorted by every column both ways: its first two pages
    // are the first hundred rows of the whole sorted result, walked by
    // cursor. (Both stores may answer such a page by walking the column's
    // index and checking the cases they pass; this is what they must find.)
    for search in ["1", "1 0"] {
        for sort in SortField::ALL {
            for descending in [false, true] {
                let q = CaseQuery { search: search.into(), sort, descending, ..CaseQuery::default() };
                let first = t.desk.case_page(&q).unwrap();
                assert!(first.total_capped, "{search:?} matches more than the cap");
                let second = t.desk.case_page(&CaseQuery { page: 2, ..q.clone() }).unwrap();
                let paged: Vec<i64> = first.rows.iter().chain(&second.rows).map(|r| r.id).collect();
                let walked: Vec<i64> = t.desk.case_rows_after(&q, None, 100).unwrap().rows.iter().map(|r| r.id).collect();
                assert_eq!(paged, walked, "{search:?} by {sort:?}, descending {descending}");
            }
        }
    }

    // The end of such a search, or of the whole sheet: its last page holds
    // the last rows of the whole sorted result, and a page past it (the next,
    // or page 1,000) is empty. So do the pages deeper than the count reaches:
    // SQLite counts a search's off the set of matches (by number) or walks an
    // index from the nearer end (by a column); PostgreSQL walks the sheet's
    // sort index without counting as deep as the page.
    for (search, sort) in ["1", ""].into_iter().flat_map(|s| [SortField::CaseNo, SortField::CustomerName, SortField::Status].map(|f| (s, f))) {
        let q = CaseQuery { search: search.into(), sort, descending: true, ..CaseQuery::default() };
        let (mut all, mut after) = (Vec::new(), None);
        loop {
            let batch = t.desk.case_rows_after(&q, after.as_ref(), 1000).unwrap();
            all.extend(batch.rows.iter().map(|r| r.id));
            match batch.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert!(all.len() > 10_000, "{search:?} by {sort:?}: {} rows", all.len());
        let last_page = all.len().div_ceil(50) as u32;
        let last: Vec<i64> = t.desk.case_page(&CaseQuery { page: last_page, ..q.clone() }).unwrap().rows.iter().map(|r| r.id).collect();
        assert_eq!(last, all[(last_page as usize - 1) * 50..], "{search:?} by {sort:?}: the last page");
        for page in [last_page / 2, last_page - 1] {
            let rows: Vec<i64> = t.desk.case_page(&CaseQuery { page, ..q.clone() }).unwrap().rows.iter().map(|r| r.id).collect();
            let from = (page as usize - 1) * 50;
            assert_eq!(rows, all[from..from + 50], "{search:?} by {sort:?}: page {page}");
        }
        for page in [last_page + 1, 1000] {
            let past = t.desk.case_page(&CaseQuery { page, ..q.clone() }).unwrap();
            assert!(past.rows.is_empty() && past.total_capped, "{search:?} by {sort:?}: page {page} is past the last case");
        }
    }
}

/// A search filters and sorts by what the case is now: its status, severity
/// and department after each step, voided or not.
#[test]
fn a_search_sees_each_case_as_its_workflow_left_it() {
    let o = office();
    let d = &o.t.desk;
    let case = pcb_case(&o);
    let other = pcb_case(&o);
    let found = |q: CaseQuery| -> Vec<i64> {
        let mut ids = Vec::new();
        for search in ["焊", "阻焊", "阻焊脱落"] {
            let rows: Vec<i64> = d.case_page(&CaseQuery { search: search.into(), ..q.clone() }).unwrap().rows.iter().map(|r| r.id).collect();
            ids.push(rows);
        }
        assert!(ids[0] == ids[1] && ids[1] == ids[2], "one, two and four characters: {ids:?}");
        ids.swap_remove(0)
    };
    let of_status = |status: CaseStatus| CaseQuery { statuses: vec![status], ..CaseQuery::default() };
    assert_eq!(found(of_status(CaseStatus::Registered)), [other.id, case.id]);

    let case = d.assess(&o.agent, case.id, case.version, valid_quality()).unwrap().case;
    assert_eq!(found(of_status(CaseStatus::Registered)), [other.id]);
    assert_eq!(found(of_status(CaseStatus::Assessed)), [case.id]);
    assert_eq!(found(CaseQuery { severities: vec![case.fields.severity], statuses: vec![CaseStatus::Assessed], ..CaseQuery::default() }), [case.id]);

    let case = d.route(&o.agent, case.id, case.version, SALES_DEPT, "").unwrap();
    assert_eq!(found(CaseQuery { department_ids: vec![SALES_DEPT], ..CaseQuery::default() }), [case.id]);
    let by_department = found(CaseQuery { sort: SortField::Department, descending: false, ..CaseQuery::default() });
    assert_eq!(by_department, [other.id, case.id], "no department first, then 业务部");

    d.void_case(&o.agent, other.id, other.version, "重复登记").unwrap();
    assert_eq!(found(CaseQuery::default()), [case.id], "voided cases hidden");
    assert_eq!(found(all_cases()), [other.id, case.id]);
}

/// Demo data goes only into a new, empty database, which is then marked as
/// a demo one; a database that holds a real case is refused untouched.
#[test]
fn demo_data_is_loaded_only_into_an_empty_database() {
    let t = desk();
    let admin = t.desk.create_first_admin("系统管理员", "admin", "Admin2026").unwrap();
    assert!(!t.desk.is_demo().unwrap());
    let real = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    let err = t.desk.load_demo_data(&admin, 50).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongState);
    assert!(err.message.contains("已有 1 件案件") && err.message.contains("空数据库"), "{}", err.message);
    assert_eq!(t.desk.case_page(&all_cases()).unwrap().rows.iter().map(|r| r.id).collect::<Vec<_>>(), [real.id]);
    assert!(!t.desk.is_demo().unwrap(), "nothing written");
    assert_eq!(t.desk.demo_accounts().unwrap(), None, "a database of real cases names no demo people");

    let empty = desk();
    let admin = empty.desk.create_first_admin("系统管理员", "admin", "Admin2026").unwrap();
    assert_eq!(empty.desk.load_demo_data(&admin, 50).unwrap(), 50);
    assert!(empty.desk.is_demo().unwrap());
    assert_eq!(empty.desk.load_demo_data(&admin, 50).unwrap_err().code, ErrorCode::WrongState, "not twice either");
}
