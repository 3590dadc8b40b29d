//! 文书 (issue 5): the documents are read back from the PDF bytes, as a
//! user would read the printed page.

mod common;

use common::office::*;
use common::*;
use complaintdesk_core::codes::*;
use complaintdesk_core::documents::{DocumentRequest, IssuedDocument};
use complaintdesk_core::model::*;
use complaintdesk_core::ErrorCode;

fn request(kind: DocumentKind, case_id: i64) -> DocumentRequest {
    DocumentRequest { kind, case_id: Some(case_id), reminder_id: None, query: None, filter_text: String::new() }
}

fn issue(o: &Office, who: &User, kind: DocumentKind, case_id: i64) -> IssuedDocument {
    o.t.desk.issue_document(who, request(kind, case_id)).unwrap()
}

/// Set COMPLAINTDESK_DUMP_PDF to a folder to keep every PDF a test prints
/// (to look at them: `pdftoppm -png -r 60 file.pdf out`).
fn output(o: &Office, who: &User, number: &str, copies: &[u8]) -> Vec<u8> {
    let file = o.t.desk.document_pdf(who, number, copies, OutputTarget::Export).unwrap();
    if let Some(dir) = std::env::var_os("COMPLAINTDESK_DUMP_PDF") {
        let name = format!("{}-{}", copies.iter().map(u8::to_string).collect::<String>(), file.file_name);
        std::fs::write(std::path::Path::new(&dir).join(name), &file.bytes).unwrap();
    }
    file.bytes
}

fn code_of(r: Result<impl std::fmt::Debug, complaintdesk_core::AppError>) -> ErrorCode {
    r.expect_err("refused").code
}

/// The office as the PCB maker it is: its 折让 and 赔款 go on the 销货折让证明单.
fn manufacturer(o: &Office) {
    o.t.desk.set_organisation_type(&o.admin, OrgType::Manufacturing).unwrap();
}

#[test]
fn the_handling_form_of_an_approved_case_prints_every_field_both_amounts_and_its_copy() {
    let o = office();
    let case = approved_case(&o);
    let doc = issue(&o, &o.agent, DocumentKind::HandlingForm, case.id);
    assert!(doc.number.starts_with("CL-") && doc.number.ends_with("-0001"), "{}", doc.number);
    assert_eq!(doc.copies.len(), 5);

    let pdf = output(&o, &o.agent, &doc.number, &[1, 4]);
    let pages = pages_text(&pdf);
    let all = pages.join("\n");
    for expected in [
        "客户抱怨处理表",
        doc.number.as_str(),
        case.case_no.as_str(),
        "深圳华星电子",
        "0755",
        "四层板阻焊脱落，整批 5000 片无法贴片",
        "赔偿停线损失",
        "PCB-4L-1.6-0345",
        "品质异常",
        "分派至 业务部",
        "阻焊前处理微蚀不足，附着力下降",
        "整批退回重做，赔偿停线损失",
        "微蚀线增加每班两次附着力测试",
        "责任在我方，同意按客户实际损失赔偿",
        "¥120,000.00",
        "壹拾贰万元整",
        "周杰",
        "同意赔偿",
        "开具人：张敏",
        &format!("验证码：{}", doc.verification_code),
        "质量管理部：",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
    }
    // Copy 1 then copy 4, each label on every page of its copy.
    let copy1: Vec<_> = pages.iter().filter(|p| p.contains("第一联 质量管理部")).collect();
    let copy4: Vec<_> = pages.iter().filter(|p| p.contains("第四联 会计科")).collect();
    assert!(!copy1.is_empty() && copy1.len() == copy4.len() && copy1.len() * 2 == pages.len(), "{pages:?}");
    assert!(!all.contains("补打"));

    // The bundled font is embedded, subset to the glyphs used.
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("+NotoSansSC-Regular") && raw.contains("+NotoSansSC-Bold"), "subset fonts named XXXXXX+NotoSansSC");
    assert!(raw.contains("/FontFile2"), "the font program is embedded");
    assert!(pdf.len() < 100 * 1024, "{} bytes", pdf.len());
}

#[test]
fn a_reprint_says_补打_and_otherwise_prints_what_was_issued() {
    let o = office();
    let case = approved_case(&o);
    let doc = issue(&o, &o.agent, DocumentKind::HandlingForm, case.id);
    let first = pages_text(&output(&o, &o.agent, &doc.number, &[1])).join("\n");

    // The case moves on; the issued form does not.
    let d = &o.t.desk;
    let case = d.case(case.id).unwrap();
    let answer = CustomerAnswer { accepted: true, note: "客户同意".into() };
    d.answer(&o.agent, case.id, case.version, answer).unwrap();

    let again = pages_text(&output(&o, &o.head, &doc.number, &[1])).join("\n");
    assert!(again.contains("补打") && again.contains("陈刚"), "{again}");
    for line in first.lines() {
        assert!(again.contains(line), "the reprint lost {line:?}");
    }
    assert!(!again.contains("客户同意"));
    // Copy 2 was never printed: it is an original.
    let copy2 = pages_text(&output(&o, &o.agent, &doc.number, &[2])).join("\n");
    assert!(!copy2.contains("补打"));
    let listed = d.case_documents(&o.agent, case.id).unwrap().documents;
    assert_eq!(listed[0].printed_copies, vec![1, 2]);
    let timeline: Vec<String> = d.case_timeline(case.id).unwrap().into_iter().map(|a| a.action).collect();
    assert!(timeline.contains(&"issue_document".into()) && timeline.contains(&"reprint_document".into()));
}

#[test]
fn certificates_are_issued_only_for_an_approved_resolution_of_their_type() {
    let o = office();
    let proposed = proposed_case(&o, 80_000, &o.head);
    let refused = o.t.desk.issue_document(&o.agent, request(DocumentKind::AllowanceCertificate, proposed.id));
    let err = refused.unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongState);
    assert!(err.message.contains("尚未核准"), "{}", err.message);
    assert!(o.t.desk.case_documents(&o.agent, proposed.id).unwrap().documents.is_empty(), "nothing half-written");

    manufacturer(&o);
    let case = approved_case(&o);
    let offered = o.t.desk.case_documents(&o.agent, case.id).unwrap().issuable;
    assert!(offered.contains(&DocumentKind::AllowanceCertificate), "{offered:?}");
    assert!(!offered.contains(&DocumentKind::ReturnSlip), "the resolution has no return");
    assert_eq!(code_of(o.t.desk.issue_document(&o.agent, request(DocumentKind::ReturnSlip, case.id))), ErrorCode::WrongState);

    let cert = issue(&o, &o.agent, DocumentKind::AllowanceCertificate, case.id);
    assert_eq!(cert.amount_fen, Some(120_000 * YUAN));
    let text = pages_text(&output(&o, &o.agent, &cert.number, &[])).join("\n");
    for expected in ["销货折让证明单", "¥120,000.00", "壹拾贰万元整", "第一联 业务部存", "第二联 会计科作账", "客户签章：", "周杰"] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // One live certificate per case and kind.
    assert_eq!(code_of(o.t.desk.issue_document(&o.agent, request(DocumentKind::AllowanceCertificate, case.id))), ErrorCode::WrongState);
    // The vice GM approves; he does not issue certificates of his own accord? He may: managers may. 质量 may not.
    let quality_only = person(&o.t, &o.admin, "孙莉", "sunli", &[Role::Quality], None);
    assert_eq!(code_of(o.t.desk.issue_document(&quality_only, request(DocumentKind::RefundCertificate, case.id))), ErrorCode::Forbidden);
}

#[test]
fn a_voided_document_is_never_output_again_and_its_number_is_not_reused() {
    let o = office();
    let case = approved_case(&o);
    let cert = issue(&o, &o.agent, DocumentKind::RefundCertificate, case.id);
    output(&o, &o.agent, &cert.number, &[]);

    let outsider = person(&o.t, &o.admin, "孙莉", "sunli", &[Role::Quality], None);
    assert_eq!(code_of(o.t.desk.void_document(&outsider, &cert.number, "金额有误")), ErrorCode::Forbidden);
    assert_eq!(o.t.desk.void_document(&o.agent, &cert.number, " ").unwrap_err().field.as_deref(), Some("reason"));
    let voided = o.t.desk.void_document(&o.agent, &cert.number, "金额有误，重新开具").unwrap();
    assert_eq!(voided.void_reason.as_deref(), Some("金额有误，重新开具"));

    let err = o.t.desk.document_pdf(&o.agent, &cert.number, &[], OutputTarget::Viewer).unwrap_err();
    assert_eq!(err.code, ErrorCode::Voided);
    assert!(err.message.contains("已作废"), "{}", err.message);
    let preview = o.t.desk.document_preview(&o.agent, &cert.number, &[1]).unwrap();
    assert!(preview.pages[0].contains("作 废") && preview.pages[0].contains("金额有误，重新开具"));

    let again = issue(&o, &o.agent, DocumentKind::RefundCertificate, case.id);
    assert_ne!(again.number, cert.number);
    assert!(again.number.ends_with("-0002"), "{}", again.number);
    let verdict = o.t.desk.verify_document(&cert.verification_code).unwrap();
    assert!(!verdict.genuine && verdict.message.contains("已作废"), "{}", verdict.message);
}

#[test]
fn the_verification_code_tells_accounting_what_a_certificate_was_issued_for() {
    let o = office();
    manufacturer(&o);
    let case = approved_case(&o);
    let cert = issue(&o, &o.agent, DocumentKind::AllowanceCertificate, case.id);
    // Typed from paper: lower case, no dashes.
    let typed = cert.verification_code.to_lowercase().replace('-', " ");
    let verdict = o.t.desk.verify_document(&typed).unwrap();
    assert!(verdict.genuine, "{}", verdict.message);
    for expected in ["真实有效", "销货折让证明单", cert.number.as_str(), case.case_no.as_str(), "¥120,000.00", "壹拾贰万元整", "张敏"] {
        assert!(verdict.message.contains(expected), "{expected:?} in {}", verdict.message);
    }
    assert_eq!(verdict.customer_name.as_deref(), Some("深圳华星电子"));

    let mut other = cert.verification_code.clone().into_bytes();
    other[0] = if other[0] == b'A' { b'B' } else { b'A' };
    let unknown = o.t.desk.verify_document(std::str::from_utf8(&other).unwrap()).unwrap();
    assert!(!unknown.genuine && unknown.document.is_none() && unknown.message.contains("查无"));
    assert_eq!(o.t.desk.verify_document("12345").unwrap_err().field.as_deref(), Some("code"));
}

#[test]
fn emoji_and_a_rare_name_print_and_a_character_no_font_has_is_refused_at_entry() {
    let o = office();
    let mut f = fields(o.t.clock.now());
    f.customer_name = "𠮷田".into();
    f.content = "楼上漏水😡，天花板一直滴水👎".into();
    let case = o.t.desk.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap();
    let doc = issue(&o, &o.agent, DocumentKind::HandlingForm, case.id);
    let pdf = output(&o, &o.agent, &doc.number, &[1]);
    let text = pages_text(&pdf).join("").replace('\n', "");
    assert!(text.contains("𠮷田") && text.contains("楼上漏水😡，天花板一直滴水👎"), "{text}");
    let fonts = String::from_utf8_lossy(&pdf).to_string();
    assert!(fonts.contains("NotoEmoji") && fonts.contains("NotoSansJP"), "the fallback faces are embedded");

    // What no font has never gets into a case, so it can never block a form.
    let before = o.t.desk.case_page(&all_cases()).unwrap().total;
    let mut f = fields(o.t.clock.now());
    f.customer_name = "𠀀先生".into();
    let err = o.t.desk.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Validation, Some("customerName")));
    assert!(err.message.contains("「𠀀」(U+20000)") && err.message.contains("无法打印"), "{}", err.message);
    assert_eq!(o.t.desk.case_page(&all_cases()).unwrap().total, before, "nothing registered");
}

#[test]
fn long_content_continues_on_the_next_page_under_the_repeated_header() {
    let o = office();
    let mut f = fields(o.t.clock.now());
    f.content = "客户反映：".to_string() + &"楼上卫生间漏水，天花板发霉（已三次报修），至今无人处理。".repeat(71);
    f.customer_request = "尽快维修并赔偿损失。".repeat(30);
    let case = o.t.desk.register_case(&o.agent, NewCase { fields: f, related_case_id: None }).unwrap();
    let doc = issue(&o, &o.agent, DocumentKind::HandlingForm, case.id);
    let pages = pages_text(&output(&o, &o.agent, &doc.number, &[3]));
    assert!(pages.len() >= 2, "{} page(s)", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&doc.number) && page.contains("第三联 业务部门"), "page {i} lacks the header");
        assert!(page.contains(&format!("第 {} 页 / 共 {} 页", i + 1, pages.len())));
        assert!(!page.lines().any(|l| l.starts_with('，') || l.starts_with('。') || l.starts_with('）')), "page {i}");
    }
    // The title and the label of the split field both say it continues.
    assert!(pages[1].contains("客户抱怨处理表（续）"), "{}", pages[1]);
    let label = pages[1].replace('\n', "");
    assert!(label.contains("投诉内容概要（续）"), "{}", pages[1]);
}

#[test]
fn the_tracking_sheet_prints_the_filtered_cases_across_the_page() {
    let o = office();
    let d = &o.t.desk;
    let leak = d.register_case(&o.agent, new_case(o.t.clock.now())).unwrap();
    let pcb = pcb_case(&o);
    let query = CaseQuery { search: "漏水".into(), ..all_cases() };
    let sheet = d
        .issue_document(
            &o.agent,
            DocumentRequest { kind: DocumentKind::TrackingSheet, case_id: None, reminder_id: None, query: Some(query), filter_text: "搜索：漏水".into() },
        )
        .unwrap();
    assert!(sheet.number.starts_with("GZ-") && sheet.copies.is_empty());
    let text = pages_text(&output(&o, &o.agent, &sheet.number, &[])).join("\n");
    assert!(text.contains("客户意见与投诉处理跟进表") && text.contains("搜索：漏水"));
    assert!(text.contains(&leak.case_no) && !text.contains(&pcb.case_no), "{text}");
    let preview = d.document_preview(&o.agent, &sheet.number, &[]).unwrap();
    assert!(preview.pages[0].contains(r#"viewBox="0 0 297 210""#), "A4 landscape");
}

#[test]
fn a_return_slip_lists_what_comes_back_at_the_approved_price() {
    let o = office();
    let d = &o.t.desk;
    manufacturer(&o);
    let case = investigated_case(&o);
    let returned = complaintdesk_core::loss::ResolutionLine {
        kind: ResolutionType::Return,
        quantity: 1200,
        unit_price_fen: 1_600,
        amount_fen: 0,
        transport_fen: 0,
        note: "不良品退回".into(),
    };
    let proposal = Proposal { lines: vec![returned], opinion: "同意退回不良品".into() };
    let case = d.propose(&o.head, case.id, case.version, proposal).unwrap();
    let case = d.approve(&o.sales_manager, case.id, case.version, "同意退货", true).unwrap();

    let offered = d.case_documents(&o.agent, case.id).unwrap().issuable;
    assert!(offered.contains(&DocumentKind::ReturnSlip) && !offered.contains(&DocumentKind::AllowanceCertificate), "{offered:?}");
    let slip = issue(&o, &o.agent, DocumentKind::ReturnSlip, case.id);
    assert_eq!(slip.copies.len(), 4);
    let text = pages_text(&output(&o, &o.agent, &slip.number, &[2])).join("\n");
    for expected in [
        "成品退货单",
        "1200",
        "¥16.00",
        "¥19,200.00",
        "壹万玖仟贰佰元整",
        "¥3,840.00", // 损失金额: 20% of the value [002 核算基准]
        "整批退回重做",
        "第二联 成品仓储",
        "成品仓储签收：",
        "刘洋",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

/// One approved amount, one payable certificate: which one is decided by
/// the organisation type, and neither kind can be issued beside the other.
#[test]
fn one_approved_amount_gives_one_payable_certificate() {
    for (org, payable, other) in [
        (OrgType::Manufacturing, DocumentKind::AllowanceCertificate, DocumentKind::RefundCertificate),
        (OrgType::SalesBranch, DocumentKind::AllowanceCertificate, DocumentKind::RefundCertificate),
        (OrgType::Mall, DocumentKind::RefundCertificate, DocumentKind::AllowanceCertificate),
        (OrgType::Property, DocumentKind::RefundCertificate, DocumentKind::AllowanceCertificate),
    ] {
        let o = office();
        o.t.desk.set_organisation_type(&o.admin, org).unwrap();
        let case = approved_case(&o);
        let offered = o.t.desk.case_documents(&o.agent, case.id).unwrap().issuable;
        assert!(offered.contains(&payable) && !offered.contains(&other), "{org:?}: {offered:?}");
        let err = o.t.desk.issue_document(&o.agent, request(other, case.id)).unwrap_err();
        assert_eq!(err.code, ErrorCode::WrongState, "{org:?}");
        assert!(err.message.contains(payable.label()) && err.message.contains("不开具"), "{}", err.message);
        issue(&o, &o.agent, payable, case.id);
        let offered = o.t.desk.case_documents(&o.agent, case.id).unwrap().issuable;
        assert!(!offered.contains(&payable) && !offered.contains(&other), "{org:?}: {offered:?}");
    }

    // Today's case: a certificate of one kind, the organisation type changed,
    // then the other kind asked for the same ¥120,000.00. Refused: only the
    // first verifies.
    let o = office();
    manufacturer(&o);
    let case = approved_case(&o);
    let first = issue(&o, &o.agent, DocumentKind::AllowanceCertificate, case.id);
    o.t.desk.set_organisation_type(&o.admin, OrgType::Mall).unwrap();
    let err = o.t.desk.issue_document(&o.agent, request(DocumentKind::RefundCertificate, case.id)).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongState);
    assert!(err.message.contains(&first.number) && err.message.contains("只能开具一张"), "{}", err.message);
    let documents = o.t.desk.case_documents(&o.agent, case.id).unwrap().documents;
    assert_eq!(documents.iter().filter(|d| d.amount_fen.is_some()).count(), 1, "nothing half-written");
}

/// Live certificates of the approval a later step supersedes are voided in
/// that step, with the reason, and verification says so.
/// A certificate written from the case as it was, while someone proposed
/// again meanwhile (the approval it pays no longer stands), is not issued.
#[test]
fn a_certificate_written_before_a_concurrent_change_of_its_case_is_not_issued() {
    use complaintdesk_core::store::{DocumentInsert, DocumentNumber, Stamp};
    let o = office();
    let d = &o.t.desk;
    let read = approved_case(&o);
    d.propose(&o.head, read.id, read.version, compensation(100_000)).unwrap();
    let insert = |case_version: i64| DocumentInsert {
        kind: DocumentKind::RefundCertificate,
        number: DocumentNumber::Serial("TK".into()),
        case_id: Some(read.id),
        reminder_id: None,
        amount_fen: Some(120_000 * YUAN),
        payee: Some("深圳华星电子".into()),
        case_version: Some(case_version),
        period: "2611".into(),
        by: Stamp { actor_id: o.agent.id, at: o.t.clock.now() },
    };
    let compose = |_: &str| Ok(("{}".to_string(), "CODE".to_string()));
    let err = d.store().insert_document(&insert(read.version), &compose).unwrap_err();
    assert_eq!(err.code, ErrorCode::StaleEdit, "{err:?}");
    assert!(err.message.contains(&read.case_no) && err.message.contains("文书没有开具"), "{}", err.message);
    assert!(d.case_documents(&o.agent, read.id).unwrap().documents.is_empty(), "nothing issued");
}

#[test]
fn a_superseded_approval_voids_its_certificates() {
    // The approved resolution is proposed again.
    let o = office();
    let d = &o.t.desk;
    let case = approved_case(&o);
    let cert = issue(&o, &o.agent, DocumentKind::RefundCertificate, case.id);
    assert!(d.verify_document(&cert.verification_code).unwrap().genuine);
    let case = d.propose(&o.head, case.id, case.version, compensation(100_000)).unwrap();
    let verdict = d.verify_document(&cert.verification_code).unwrap();
    assert!(!verdict.genuine, "{}", verdict.message);
    assert!(verdict.message.contains("已作废") && verdict.message.contains("重新提出"), "{}", verdict.message);
    let voided = d.case_documents(&o.agent, case.id).unwrap().documents;
    assert!(voided[0].voided_at.is_some() && voided[0].void_reason.as_deref().unwrap().contains("不再有效"));
    assert!(timeline(&o, case.id).iter().any(|l| l.starts_with("void_document")), "{:?}", timeline(&o, case.id));
    // Approved again: a new certificate for the new amount.
    let case = d.approve(&o.vice_gm, case.id, case.version, "同意", true).unwrap();
    let again = issue(&o, &o.agent, DocumentKind::RefundCertificate, case.id);
    assert_eq!(again.amount_fen, Some(100_000 * YUAN));
    assert!(d.verify_document(&again.verification_code).unwrap().genuine);

    // The customer rejects the answer: a new round takes over.
    let answer = CustomerAnswer { accepted: false, note: "客户认为赔偿太少".into() };
    let answered = d.answer(&o.agent, case.id, case.version, answer).unwrap();
    assert!(answered.next_round.is_some());
    let verdict = d.verify_document(&again.verification_code).unwrap();
    assert!(!verdict.genuine && verdict.message.contains("客户不接受答复"), "{}", verdict.message);
    assert!(d.case_documents(&o.agent, case.id).unwrap().documents.iter().all(|doc| doc.voided_at.is_some()));

    // A step that does not supersede the approval leaves its certificate alone.
    let o = office();
    let case = approved_case(&o);
    let cert = issue(&o, &o.agent, DocumentKind::RefundCertificate, case.id);
    let answer = CustomerAnswer { accepted: true, note: "客户同意赔偿方案".into() };
    o.t.desk.answer(&o.agent, case.id, case.version, answer).unwrap();
    assert!(o.t.desk.verify_document(&cert.verification_code).unwrap().genuine);
}

/// 凭证验证 shows the paper as printed: the payee it was made out to, even
/// after the case's customer name is corrected, and the stored pages.
#[test]
fn verification_shows_what_was_printed_not_the_case_as_it_is_now() {
    let o = office();
    let d = &o.t.desk;
    let case = approved_case(&o);
    let cert = issue(&o, &o.agent, DocumentKind::RefundCertificate, case.id);
    assert_eq!(cert.payee.as_deref(), Some("深圳华星电子"));
    let mut fields = case.fields.clone();
    fields.customer_name = "深圳华星电子有限公司".into();
    d.update_case(&o.agent, CaseEdit { id: case.id, version: case.version, fields, severity_reason: None }).unwrap();

    let verdict = d.verify_document(&cert.verification_code).unwrap();
    assert!(verdict.genuine, "{}", verdict.message);
    assert_eq!(verdict.customer_name.as_deref(), Some("深圳华星电子"));
    assert!(verdict.message.contains("客户 深圳华星电子，"), "{}", verdict.message);
    assert!(!verdict.pages.is_empty());
    let printed = verdict.pages.join("\n");
    for expected in ["退款", cert.number.as_str(), "深圳华星电子"] {
        assert!(printed.contains(expected), "{expected:?} in {printed}");
    }
    assert!(!printed.contains("有限公司"), "the stored paper, not the edited case");
}

/// 时区: the paper is printed in the organisation's time zone (Asia/Shanghai
/// unless the admin sets another), never in the zone of the machine; what
/// was printed stays as printed, and its code still verifies, after the
/// setting changes.
#[test]
fn times_print_in_the_organisations_zone_and_stay_as_printed() {
    use chrono::TimeZone;
    let o = office();
    let d = &o.t.desk;
    let case = approved_case(&o);
    // 19:46 UTC on the 23rd is 03:46 on the 24th in Shanghai.
    o.t.clock.set(chrono::Utc.with_ymd_and_hms(2026, 11, 23, 19, 46, 0).unwrap());
    let cert = issue(&o, &o.agent, DocumentKind::RefundCertificate, case.id);
    let shanghai = pages_text(&output(&o, &o.agent, &cert.number, &[1])).join("\n");
    assert!(shanghai.contains("开具时间：2026-11-24 03:46"), "{shanghai}");
    assert_eq!(d.time_zone().unwrap().name(), "Asia/Shanghai");

    assert_eq!(code_of(d.set_time_zone(&o.agent, "Europe/London")), ErrorCode::Forbidden);
    let bad = d.set_time_zone(&o.admin, "Asia/Beijing").unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("timeZone"));
    assert_eq!(d.set_time_zone(&o.admin, "Europe/London").unwrap().name(), "Europe/London");

    let form = issue(&o, &o.agent, DocumentKind::HandlingForm, case.id);
    let london = pages_text(&output(&o, &o.agent, &form.number, &[1])).join("\n");
    assert!(london.contains("开具时间：2026-11-23 19:46"), "{london}");
    // 受理时间 on the same paper reads in the same zone.
    let received = d.time_zone().unwrap().minute(case.fields.received_at);
    assert!(london.contains(&received), "{received} in {london}");

    // The certificate issued before the change keeps its paper and its code.
    let verdict = d.verify_document(&cert.verification_code).unwrap();
    assert!(verdict.genuine, "{}", verdict.message);
    assert!(verdict.pages.join("\n").contains("2026-11-24 03:46"));
    assert!(verdict.message.contains("2026-11-23 由"), "the day in London: {}", verdict.message);
    let reprint = pages_text(&output(&o, &o.agent, &cert.number, &[1])).join("\n");
    assert!(reprint.contains("开具时间：2026-11-24 03:46") && reprint.contains("补打：2026-11-23 19:46"), "{reprint}");
    let audit = audit_lines(&o.t, "settings", 0);
    assert!(audit.iter().any(|l| l.contains("time_zone:  → Europe/London by")), "{audit:?}");
}

/// 《客户抱怨处理表》 of a closed case tells the whole story: the answer and
/// the customer's reaction, the execution, the follow-up and the closing
/// summary; a rejected answer is printed on the next round's form too.
#[test]
fn the_handling_form_of_a_closed_case_tells_the_whole_story() {
    let o = office();
    let d = &o.t.desk;
    let case = approved_case(&o);
    let case = d.answer(&o.agent, case.id, case.version, CustomerAnswer { accepted: true, note: "电话告知赔偿方案，客户同意".into() }).unwrap().case;
    let case = d.execute(&o.agent, case.id, case.version, "赔款已汇出，凭证交会计科").unwrap();
    o.t.clock.set(o.t.clock.now() + chrono::Duration::hours(2));
    let visit = FollowUp { visited_at: o.t.clock.now(), method: VisitMethod::Phone, satisfaction: Satisfaction::Satisfied, remarks: "客户满意".into() };
    let case = d.follow_up(&o.agent, case.id, case.version, visit).unwrap();
    d.close(&o.agent, case.id, case.version, "已赔偿并整改，客户满意，结案").unwrap();

    let doc = issue(&o, &o.agent, DocumentKind::HandlingForm, case.id);
    let all = pages_text(&output(&o, &o.agent, &doc.number, &[1])).join("\n");
    for expected in ["七、答复客户", "电话告知赔偿方案，客户同意", "客户接受", "八、执行", "赔款已汇出，凭证交会计科", "九、回访", "客户满意", "十、结案", "已赔偿并整改，客户满意，结案"] {
        assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
    }
    // "按分派规则分派" exactly when a rule proposed the department the case went to.
    let route = &d.case_routes(case.id).unwrap()[0];
    let by_rule = route.proposed_department_id == Some(route.department_id);
    assert_eq!((all.contains("按分派规则分派"), all.contains("人工分派")), (by_rule, !by_rule), "{all}");
}

#[test]
fn a_rejected_answer_is_printed_on_both_rounds() {
    let o = office();
    let d = &o.t.desk;
    let case = approved_case(&o);
    let answered = d.answer(&o.agent, case.id, case.version, CustomerAnswer { accepted: false, note: "客户认为赔偿偏低，要求重新核定".into() }).unwrap();
    let next = answered.next_round.unwrap();

    // Table cells wrap: read the text without its line breaks.
    let first = pages_text(&output(&o, &o.agent, &issue(&o, &o.agent, DocumentKind::HandlingForm, case.id).number, &[1])).join("").replace('\n', "");
    // (A wrapped cell loses the space at its line break.)
    assert!(first.contains("客户认为赔偿偏低") && first.contains("客户不接受，已转第 2") && first.contains(&format!("轮（{}）", next.case_no)), "{first}");
    let second = pages_text(&output(&o, &o.agent, &issue(&o, &o.agent, DocumentKind::HandlingForm, next.id).number, &[1])).join("").replace('\n', "");
    assert!(second.contains("上一轮答复（客户不接受）") && second.contains("客户认为赔偿偏低，要求重新核定"), "{second}");
}

/// 《答复函》: once the resolution is approved, a letter to the customer in
/// the organisation's name, with what he may know and nothing of the inside.
#[test]
fn a_reply_letter_tells_the_customer_the_answer_in_the_organisations_name() {
    let o = office();
    let d = &o.t.desk;
    // Only the administrator names the organisation.
    assert_eq!(d.set_organisation_name(&o.agent, "华星").unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(d.set_organisation_name(&o.admin, "  ").unwrap_err().field.as_deref(), Some("name"));
    d.set_organisation_name(&o.admin, "深圳华星电路有限公司").unwrap();

    // Not before the resolution is approved.
    let proposed = proposed_case(&o, 8_000, &o.head);
    assert!(!d.case_documents(&o.agent, proposed.id).unwrap().issuable.contains(&DocumentKind::ReplyLetter));
    assert_eq!(code_of(d.issue_document(&o.agent, request(DocumentKind::ReplyLetter, proposed.id))), ErrorCode::WrongState);

    let case = approved_case(&o);
    assert!(d.case_documents(&o.agent, case.id).unwrap().issuable.contains(&DocumentKind::ReplyLetter));
    let case = d.answer(&o.agent, case.id, case.version, CustomerAnswer { accepted: true, note: "赔偿停线损失 12 万元，三个工作日内汇出".into() }).unwrap().case;
    let letter = issue(&o, &o.agent, DocumentKind::ReplyLetter, case.id);
    assert!(letter.number.starts_with("DF-"), "{}", letter.number);
    let pdf = output(&o, &o.agent, &letter.number, &[]);
    // To look at it: KEEP_PDF_DIR=/tmp cargo test … , then pdftoppm.
    if let Ok(dir) = std::env::var("KEEP_PDF_DIR") {
        std::fs::write(std::path::Path::new(&dir).join("reply-letter.pdf"), &pdf).unwrap();
    }
    let text = pages_text(&pdf).join("").replace('\n', "");
    for expected in ["答复函", "尊敬的 深圳华星电子：", case.case_no.as_str(), "四层板阻焊脱落", "赔偿停线损失 12 万元，三个工作日内汇出", "深圳华星电路有限公司（盖章）"] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // Nothing of the inside: no loss, no responsibility, no approver.
    for inside in ["损失金额", "原因分析", "责任", "周杰", "核决"] {
        assert!(!text.contains(inside), "{inside:?} must not reach the customer:\n{text}");
    }
}

/// A property company repairs houses; it ships no goods: a 重修/维修 line is
/// carried out without a 成品退货单, which is neither offered nor issued.
#[test]
fn a_house_repair_gets_no_return_slip() {
    let o = office();
    let d = &o.t.desk;
    assert_eq!(d.organisation_type().unwrap(), OrgType::Property);
    let case = investigated_case(&o);
    let repair = complaintdesk_core::loss::ResolutionLine {
        kind: ResolutionType::Rework,
        quantity: 1,
        unit_price_fen: 80_000,
        amount_fen: 80_000,
        transport_fen: 0,
        note: "卫生间防水层重做".into(),
    };
    let case = d.propose(&o.head, case.id, case.version, Proposal { lines: vec![repair], opinion: "安排维修".into() }).unwrap();
    let case = d.approve(&o.sales_manager, case.id, case.version, "同意", true).unwrap();
    assert!(!d.case_documents(&o.agent, case.id).unwrap().issuable.contains(&DocumentKind::ReturnSlip));
    let refused = d.issue_document(&o.agent, request(DocumentKind::ReturnSlip, case.id)).unwrap_err();
    assert_eq!((refused.code, refused.message.as_str()), (ErrorCode::WrongState, "本单位为物业/地产，不经营成品，不开具成品退货单"));
}
