//! Photos and letters kept with a case, in the database, never deleted.

mod common;

use base64::Engine;
use common::*;
use complaintdesk_core::model::NewAttachment;
use complaintdesk_core::ErrorCode;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn a_photo_is_kept_with_its_case_and_shows_in_the_timeline() {
    let t = desk();
    let case = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    let photo: Vec<u8> = (0..=255u8).cycle().take(50_000).collect();
    let added = t
        .desk
        .add_attachment(&t.agent, NewAttachment {
            case_id: case.id,
            file_name: "天花板霉斑.JPG".into(),
            content_base64: b64(&photo),
            note: "客户微信发来".into(),
        })
        .unwrap();
    assert_eq!((added.media_type.as_str(), added.size, added.added_by_name.as_str()), ("image/jpeg", 50_000, "李娜"));
    assert_eq!(t.desk.attachments(case.id).unwrap(), vec![added.clone()]);

    let back = t.desk.attachment_content(added.id).unwrap();
    assert_eq!(back.file_name, "天花板霉斑.JPG");
    assert_eq!(base64::engine::general_purpose::STANDARD.decode(back.content_base64).unwrap(), photo);

    let last = t.desk.case_timeline(case.id).unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.new_value.as_deref()), ("attach", Some("天花板霉斑.JPG")));
}

#[test]
fn unreadable_empty_or_huge_files_are_refused_and_nothing_is_kept() {
    let t = desk();
    let case = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    let attach = |name: &str, content: String| {
        t.desk.add_attachment(&t.agent, NewAttachment { case_id: case.id, file_name: name.into(), content_base64: content, note: String::new() })
    };
    assert_eq!(attach("a.png", "不是base64".into()).unwrap_err().field.as_deref(), Some("content"));
    assert_eq!(attach("a.png", String::new()).unwrap_err().message, "附件是空文件");
    assert_eq!(attach(" ", b64(b"x")).unwrap_err().message, "请填写文件名");
    let huge = vec![0u8; complaintdesk_core::attachments::MAX_BYTES + 1];
    assert_eq!(attach("scan.pdf", b64(&huge)).unwrap_err().message, "附件不能超过 20 MB");
    assert!(t.desk.attachments(case.id).unwrap().is_empty());

    t.desk.void_case(&t.agent, case.id, case.version, "重复登记").unwrap();
    assert_eq!(attach("late.png", b64(b"x")).unwrap_err().code, ErrorCode::Voided);
}

#[test]
fn the_database_refuses_deleting_an_attachment() {
    let t = desk();
    let case = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    let a = NewAttachment { case_id: case.id, file_name: "信.pdf".into(), content_base64: b64(b"%PDF-1.4"), note: String::new() };
    t.desk.add_attachment(&t.agent, a).unwrap();
    assert!(t.db.execute("DELETE FROM attachments").is_err());
    assert_eq!(t.db.query_text("SELECT count(*) FROM attachments"), "1");
}
