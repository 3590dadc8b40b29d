//! Validation of what staff type, in Rust so no screen can skip it.
//! Each refusal names the field (camelCase, as the form knows it) and says
//! in Chinese what to fix. Returns the fields cleaned: text trimmed, phone
//! normalised.

use chrono::{DateTime, Duration, Utc};

use crate::error::{AppError, Result};
use crate::model::CaseFields;
use crate::phone;

/// Money above this is a typing error, not a claim (¥100 亿).
pub const MAX_FEN: i64 = 1_000_000_000_000;

/// The longest text of each kind of field, in characters (an emoji or 𠮷
/// is one). The forms show them as counters: `TEXT_LIMITS` in the UI's
/// generated types, written from `ALL` (`ts_export`).
pub mod limits {
    /// A person's or a department's name: 姓名, 责任人, 措施负责人, 部门名称.
    pub const NAME: usize = 30;
    /// 路由关键词, one of them.
    pub const KEYWORD: usize = 30;
    /// 联系电话 as typed, extension included.
    pub const PHONE: usize = 40;
    /// 客户姓名, 订单编号, 料号, 料号前缀, a policy's name.
    pub const SHORT: usize = 50;
    /// 单位.
    pub const ORG: usize = 100;
    /// 地址/房号, 文件名, 附件说明.
    pub const ADDRESS: usize = 200;
    /// A reason, comment or note: 作废原因, 审批意见, 措施内容, 样品说明, 方案行说明 …
    pub const REASON: usize = 500;
    /// 客户要求.
    pub const REQUEST: usize = 1000;
    /// 投诉内容概要, 原因分析, 处理措施, 部门意见, 答复内容, 执行情况, 回访备注, 结案总结.
    pub const LONG: usize = 2000;

    /// Each kind by the name the UI knows it by.
    pub const ALL: [(&str, usize); 9] = [
        ("name", NAME),
        ("keyword", KEYWORD),
        ("phone", PHONE),
        ("short", SHORT),
        ("org", ORG),
        ("address", ADDRESS),
        ("reason", REASON),
        ("request", REQUEST),
        ("long", LONG),
    ];
}

/// What was pasted, as it should be kept: full-width digits and Latin
/// letters (１３８, ＰＯ) become ordinary ones, so they are found and
/// printed like any other, and invisible characters that only move or hide
/// text (zero-width spaces and joiners, direction controls, the byte-order
/// mark, other control characters, variation selectors) are dropped. Full-width punctuation
/// (，。－) is Chinese writing and stays.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn is_invisible(c: char) -> bool {
    // Variation selectors only choose a glyph variant (a coloured emoji):
    // no font here draws them, and the character they follow prints.
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
        || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
        || (c.is_control() && c != '\n' && c != '\t')
}

pub fn case_fields(mut f: CaseFields, now: DateTime<Utc>) -> Result<CaseFields> {
    // The texts are checked all together, so an empty form hears of every
    // missing field at once, not one per try.
    let mut problems = Vec::new();
    let mut keep = |checked: Result<String>, kept: &mut String| match checked {
        Ok(text) => *kept = text,
        Err(e) => problems.push(e),
    };
    keep(required("customerName", "客户姓名", &f.customer_name, limits::SHORT), &mut f.customer_name);
    let phone = if f.customer_phone.chars().count() > limits::PHONE {
        Err(AppError::invalid("customerPhone", format!("联系电话最多 {} 个字", limits::PHONE)))
    } else {
        phone::normalize(&clean(&f.customer_phone)).map_err(|m| AppError::invalid("customerPhone", m))
    };
    keep(phone, &mut f.customer_phone);
    keep(optional("customerAddress", "地址/房号", &f.customer_address, limits::ADDRESS), &mut f.customer_address);
    keep(optional("customerOrg", "单位", &f.customer_org, limits::ORG), &mut f.customer_org);
    keep(required("content", "投诉内容概要", &f.content, limits::LONG), &mut f.content);
    keep(required("customerRequest", "客户要求", &f.customer_request, limits::REQUEST), &mut f.customer_request);
    keep(optional("orderNo", "订单编号", &f.order_no, limits::SHORT), &mut f.order_no);
    keep(optional("itemNo", "料号", &f.item_no, limits::SHORT), &mut f.item_no);
    keep(optional("sampleNote", "样品/附件说明", &f.sample_note, limits::REASON), &mut f.sample_note);
    if let Some(refused) = AppError::all_of(problems) {
        return Err(refused);
    }

    // A few minutes of clock difference between workstations is normal.
    if f.received_at > now + Duration::minutes(5) {
        return Err(AppError::invalid("receivedAt", "受理时间不能晚于当前时间"));
    }
    if f.received_at == DateTime::UNIX_EPOCH {
        return Err(AppError::invalid("receivedAt", "请填写受理时间"));
    }
    if f.received_at.timestamp() < 946_684_800 {
        return Err(AppError::invalid("receivedAt", "受理时间不能早于 2000 年"));
    }
    if let Some(fen) = f.claim_amount_fen {
        money("claimAmountFen", "客户索赔金额", fen)?;
    }
    non_negative("quantity", "数量", f.quantity)?;
    non_negative("defectiveQuantity", "不良数量", f.defective_quantity)?;
    if let (Some(total), Some(bad)) = (f.quantity, f.defective_quantity) {
        if bad > total {
            return Err(AppError::invalid("defectiveQuantity", "不良数量不能大于数量"));
        }
    }
    Ok(f)
}

/// A reason (作废原因 and the like): required, at most `max` characters.
pub fn reason(field: &str, label: &str, text: &str) -> Result<String> {
    required(field, label, text, limits::REASON)
}

pub fn required(field: &str, label: &str, text: &str, max: usize) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(field, format!("请填写{label}")));
    }
    optional(field, label, text, max)
}

/// Text that may be printed: cleaned, at most `max` characters, and every
/// character one the bundled fonts can draw, so that a case never holds
/// text its handling form cannot print once the case is closed.
pub fn optional(field: &str, label: &str, text: &str, max: usize) -> Result<String> {
    let text = unprinted(field, label, text, max)?;
    printable(field, label, &text)?;
    Ok(text)
}

/// Text that is never printed (a file name): cleaned and at most `max`
/// characters, in any script.
pub fn unprinted(field: &str, label: &str, text: &str, max: usize) -> Result<String> {
    let cleaned = clean(text);
    let text = cleaned.trim();
    if text.chars().count() > max {
        return Err(AppError::invalid(field, format!("{label}最多 {max} 个字")));
    }
    Ok(text.to_string())
}

/// Refuses a character no bundled font has, naming it and the field.
pub fn printable(field: &str, label: &str, text: &str) -> Result<()> {
    match crate::pdf::unprintable(text) {
        None => Ok(()),
        Some(chars) => Err(AppError::invalid(
            field,
            format!("{label}中的{chars}无法打印，打印出来会是空框：请改用常用字，或用文字写明（如“左土右吉”）"),
        )),
    }
}

/// A money field, refused as the forms say it before sending (金额不能为负,
/// 金额过大), `label` naming the amount ("客户索赔金额", "第 2 行的单价").
pub fn money(field: &str, label: &str, fen: i64) -> Result<()> {
    if fen < 0 {
        return Err(AppError::invalid(field, format!("{label}不能为负")));
    }
    if fen > MAX_FEN {
        return Err(AppError::invalid(field, format!("{label}过大（上限 100 亿元）")));
    }
    Ok(())
}

fn non_negative(field: &str, label: &str, value: Option<i64>) -> Result<()> {
    match value {
        Some(v) if v < 0 => Err(AppError::invalid(field, format!("{label}不能为负数"))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::*;
    use crate::error::ErrorCode;

    pub fn sample(now: DateTime<Utc>) -> CaseFields {
        CaseFields {
            received_at: now - Duration::hours(1),
            channel: Channel::Phone,
            customer_name: " 王秀英 ".into(),
            customer_phone: "138 1234 5678".into(),
            customer_address: "3栋2单元501".into(),
            customer_org: String::new(),
            content: "楼上卫生间漏水".into(),
            customer_request: "尽快维修".into(),
            claim_amount_fen: Some(50_000),
            order_no: String::new(),
            item_no: String::new(),
            quantity: None,
            delivery_date: None,
            defective_quantity: None,
            market: None,
            nature: None,
            cause_type: None,
            severity: Severity::Normal,
            department_id: None,
            sample_kept: false,
            sample_note: String::new(),
        }
    }

    fn refusal(f: CaseFields) -> (String, String) {
        let e = case_fields(f, Utc::now()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        (e.field.unwrap(), e.message)
    }

    #[test]
    fn cleans_a_good_registration() {
        let f = case_fields(sample(Utc::now()), Utc::now()).unwrap();
        assert_eq!(f.customer_name, "王秀英");
        assert_eq!(f.customer_phone, "13812345678");
    }

    #[test]
    fn each_required_field_is_named_in_chinese() {
        let now = Utc::now();
        type Blank = fn(&mut CaseFields);
        let cases: [(Blank, &str, &str); 4] = [
            (|f| f.customer_name = "  ".into(), "customerName", "请填写客户姓名"),
            (|f| f.customer_phone = String::new(), "customerPhone", "请填写联系电话"),
            (|f| f.content = String::new(), "content", "请填写投诉内容概要"),
            (|f| f.customer_request = String::new(), "customerRequest", "请填写客户要求"),
        ];
        for (blank, field, message) in cases {
            let mut f = sample(now);
            blank(&mut f);
            assert_eq!(refusal(f), (field.to_string(), message.to_string()));
        }
    }

    #[test]
    fn pasted_text_is_cleaned_not_refused() {
        let now = Utc::now();
        let mut f = sample(now);
        f.customer_phone = "１３８ １２３４ ５６７８".into();
        f.customer_name = "\u{FEFF}王\u{200B}秀英\u{202E}".into();
        f.order_no = "ＰＯ－２０２６ａ".into();
        f.content = "楼上漏水，\u{200D}天花板\u{2066}滴水。\n第二行\u{0007}".into();
        let f = case_fields(f, now).unwrap();
        assert_eq!(f.customer_phone, "13812345678");
        assert_eq!(f.customer_name, "王秀英");
        assert_eq!(f.order_no, "PO－2026a", "full-width punctuation is Chinese writing and stays");
        assert_eq!(f.content, "楼上漏水，天花板滴水。\n第二行");
    }

    #[test]
    fn emoji_and_rare_names_from_wechat_are_kept_and_what_cannot_print_is_refused_by_name() {
        let now = Utc::now();
        let mut f = sample(now);
        f.customer_name = "𠮷田".into();
        f.content = "楼上漏水😡 ❤\u{FE0F}👍🏻😂🙏🇨🇳 #\u{FE0F}\u{20E3} 搭𨋢坏了".into();
        let f = case_fields(f, now).unwrap();
        assert_eq!(f.customer_name, "𠮷田");
        // The emoji presentation selector only picks a coloured glyph: it is dropped.
        assert_eq!(f.content, "楼上漏水😡 ❤👍🏻😂🙏🇨🇳 #\u{20E3} 搭𨋢坏了");
        assert!(crate::pdf::unprintable(&f.content).is_none());

        let mut f = sample(now);
        f.customer_name = "𠀀先生".into();
        let (field, message) = refusal(f);
        assert_eq!(field, "customerName");
        assert!(message.contains("客户姓名") && message.contains("「𠀀」(U+20000)") && message.contains("无法打印"), "{message}");
        let mut f = sample(now);
        f.content = "ขอบคุณ 客户说".into();
        assert_eq!(refusal(f).0, "content");

        // Limits count characters: 2,000 emoji fit 投诉内容概要, one more does not.
        let mut f = sample(now);
        f.content = "😡".repeat(limits::LONG);
        assert!(case_fields(f, now).is_ok());
        let mut f = sample(now);
        f.content = "😡".repeat(limits::LONG + 1);
        assert_eq!(refusal(f), ("content".into(), "投诉内容概要最多 2000 个字".into()));
    }

    /// An empty form hears of every missing field at once, not one per try.
    #[test]
    fn an_empty_form_names_every_missing_field_at_once() {
        let now = Utc::now();
        let mut f = sample(now);
        f.customer_name = " ".into();
        f.customer_phone = String::new();
        f.content = String::new();
        f.customer_request = String::new();
        let e = case_fields(f, now).unwrap_err();
        assert_eq!((e.code, e.field.as_deref(), e.message.as_str()), (ErrorCode::Validation, Some("customerName"), "请填写客户姓名"));
        let others: Vec<(&str, &str)> = e.others.iter().map(|p| (p.field.as_str(), p.message.as_str())).collect();
        assert_eq!(
            others,
            [("customerPhone", "请填写联系电话"), ("content", "请填写投诉内容概要"), ("customerRequest", "请填写客户要求")]
        );
        // One problem is one field, with nothing else.
        let mut f = sample(now);
        f.content = String::new();
        assert!(case_fields(f, now).unwrap_err().others.is_empty());
    }

    /// Every text field of the case holds exactly its limit (the form's
    /// counter) and is refused one character beyond, naming the field.
    #[test]
    fn every_text_field_of_a_case_has_its_limit() {
        let now = Utc::now();
        type Set = fn(&mut CaseFields, String);
        let fields: [(&str, usize, Set); 8] = [
            ("customerName", limits::SHORT, |f, v| f.customer_name = v),
            ("customerAddress", limits::ADDRESS, |f, v| f.customer_address = v),
            ("customerOrg", limits::ORG, |f, v| f.customer_org = v),
            ("content", limits::LONG, |f, v| f.content = v),
            ("customerRequest", limits::REQUEST, |f, v| f.customer_request = v),
            ("orderNo", limits::SHORT, |f, v| f.order_no = v),
            ("itemNo", limits::SHORT, |f, v| f.item_no = v),
            ("sampleNote", limits::REASON, |f, v| f.sample_note = v),
        ];
        for (field, limit, set) in fields {
            let mut f = sample(now);
            set(&mut f, "字".repeat(limit));
            assert!(case_fields(f, now).is_ok(), "{field} holds {limit}");
            let mut f = sample(now);
            set(&mut f, "字".repeat(limit + 1));
            let (named, message) = refusal(f);
            assert_eq!(named, field);
            assert!(message.contains(&format!("最多 {limit} 个字")), "{field}: {message}");
        }
        let mut f = sample(now);
        f.customer_phone = "1".repeat(limits::PHONE + 1);
        assert_eq!(refusal(f).0, "customerPhone");
    }

    #[test]
    fn numbers_and_times_are_checked() {
        let now = Utc::now();
        let mut f = sample(now);
        f.customer_phone = "12345678".into();
        assert_eq!(refusal(f).0, "customerPhone");

        // Money says what is wrong, as the forms do: not a range to decode.
        let mut f = sample(now);
        f.claim_amount_fen = Some(-1);
        assert_eq!(refusal(f), ("claimAmountFen".into(), "客户索赔金额不能为负".into()));
        let mut f = sample(now);
        f.claim_amount_fen = Some(MAX_FEN + 1);
        assert_eq!(refusal(f), ("claimAmountFen".into(), "客户索赔金额过大（上限 100 亿元）".into()));
        let mut f = sample(now);
        f.claim_amount_fen = Some(MAX_FEN);
        assert!(case_fields(f, now).is_ok(), "¥100 亿 itself is allowed");

        let mut f = sample(now);
        f.quantity = Some(10);
        f.defective_quantity = Some(11);
        assert_eq!(refusal(f), ("defectiveQuantity".into(), "不良数量不能大于数量".into()));

        let mut f = sample(now);
        f.received_at = now + Duration::hours(2);
        assert_eq!(refusal(f).0, "receivedAt");

        // What a cleared date picker sends.
        let mut json = serde_json::to_value(sample(now)).unwrap();
        json["receivedAt"] = "".into();
        let f: CaseFields = serde_json::from_value(json).unwrap();
        assert_eq!(refusal(f), ("receivedAt".into(), "请填写受理时间".into()));

        let mut f = sample(now);
        f.content = "漏".repeat(2001);
        assert_eq!(refusal(f), ("content".into(), "投诉内容概要最多 2000 个字".into()));
    }
}
