//! Chinese phone numbers as staff type them: mobiles (138 1234 5678,
//! +86 13812345678), landlines with area code (010-12345678, 0755 1234567),
//! extensions (转 123, ext 123, -123) and 400/800 service numbers.
//! `normalize` returns one canonical spelling so a customer is found again
//! however the number was typed.

/// Why a number was refused; the message names the problem for the agent.
pub fn normalize(input: &str) -> Result<String, String> {
    let text = input.trim();
    if text.is_empty() {
        return Err("请填写联系电话".into());
    }
    let (main, ext) = split_extension(text);
    let ext = ext.unwrap_or("");
    let ext_digits: String = ext.chars().filter(|c| c.is_ascii_digit()).collect();
    if text != main && (ext_digits.is_empty() || ext_digits.len() > 6 || ext_digits.len() != ext.chars().count()) {
        return Err("联系电话的分机号应为 1–6 位数字".into());
    }
    if let Some(bad) = main.chars().find(|c| !(c.is_ascii_digit() || " -()（）—+.".contains(*c))) {
        return Err(format!("联系电话中不能有“{bad}”：请只填数字，分机可写“转123”"));
    }
    let groups: Vec<&str> = main.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).collect();
    let mut digits: String = groups.concat();
    if main.trim_start().starts_with('+') || digits.starts_with("0086") {
        digits = digits.trim_start_matches("00").strip_prefix("86").unwrap_or(&digits).to_string();
    } else if digits.len() == 13 && digits.starts_with("861") {
        digits = digits[2..].to_string();
    }

    if ext.is_empty() {
        if let Ok(number) = parse_main(&digits) {
            return Ok(number);
        }
        // "010-12345678-123": the last group is an extension.
        if groups.len() >= 3 {
            let last = groups[groups.len() - 1];
            let head = &digits[..digits.len() - last.len()];
            if last.len() <= 6 && head.starts_with('0') {
                if let Ok(number) = parse_main(head) {
                    return Ok(format!("{number}-{last}"));
                }
            }
        }
        return parse_main(&digits);
    }
    let number = parse_main(&digits)?;
    if is_mobile(&digits) {
        return Err("手机号没有分机号".into());
    }
    Ok(format!("{number}-{ext_digits}"))
}

/// Only the digits, for searching "12345678" in "010-12345678".
pub fn digits_of(normalized: &str) -> String {
    normalized.chars().filter(|c| c.is_ascii_digit()).collect()
}

/// Masked for lists shown to people who do not handle the case: 138****5678.
pub fn mask(normalized: &str) -> String {
    let chars: Vec<char> = normalized.chars().collect();
    if chars.len() < 7 {
        return normalized.to_string();
    }
    let keep_head = 3;
    let keep_tail = 4;
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i >= keep_head && i < chars.len() - keep_tail && c.is_ascii_digit() { '*' } else { *c })
        .collect()
}

/// The number before an extension marker, and what follows the marker.
fn split_extension(text: &str) -> (&str, Option<&str>) {
    for marker in ["转", "分机", "ext.", "ext", "EXT", "Ext", "x", "X", "#", "＃"] {
        if let Some(pos) = text.find(marker) {
            return (&text[..pos], Some(text[pos + marker.len()..].trim()));
        }
    }
    (text, None)
}

fn is_mobile(digits: &str) -> bool {
    digits.len() == 11 && digits.starts_with('1') && matches!(digits.as_bytes()[1], b'3'..=b'9')
}

fn parse_main(digits: &str) -> Result<String, String> {
    if is_mobile(digits) {
        return Ok(digits.to_string());
    }
    if digits.len() <= 8 && !digits.starts_with('0') {
        return Err("固定电话请带区号，如 010-12345678".into());
    }
    if digits.starts_with('1') {
        return Err("手机号应为 1 开头的 11 位数字".into());
    }
    if (digits.starts_with("400") || digits.starts_with("800")) && digits.len() == 10 {
        return Ok(format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..]));
    }
    if !digits.starts_with('0') {
        return Err("固定电话请带区号，如 010-12345678；手机号为 11 位".into());
    }
    // 010 and 02x are three-digit area codes, the rest have four.
    let area_len = if matches!(digits.as_bytes().get(1), Some(b'1') | Some(b'2')) { 3 } else { 4 };
    if digits.len() <= area_len {
        return Err("固定电话缺少号码：区号后应有 7–8 位".into());
    }
    let (area, local) = digits.split_at(area_len);
    if !(7..=8).contains(&local.len()) || local.starts_with('0') {
        return Err(format!("固定电话号码位数不对：区号 {area} 后应为 7–8 位号码"));
    }
    Ok(format!("{area}-{local}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_in_the_ways_people_type_them() {
        for typed in ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "8613812345678", "0086 13812345678"] {
            assert_eq!(normalize(typed).as_deref(), Ok("13812345678"), "{typed}");
        }
    }

    #[test]
    fn landlines_need_an_area_code() {
        assert_eq!(normalize("010-12345678").as_deref(), Ok("010-12345678"));
        assert_eq!(normalize("(0755) 1234567").as_deref(), Ok("0755-1234567"));
        assert_eq!(normalize("021 8765 4321").as_deref(), Ok("021-87654321"));
        assert!(normalize("12345678").unwrap_err().contains("区号"));
        assert!(normalize("010-123").is_err());
    }

    #[test]
    fn extensions() {
        assert_eq!(normalize("010-12345678转123").as_deref(), Ok("010-12345678-123"));
        assert_eq!(normalize("010-12345678 ext 8").as_deref(), Ok("010-12345678-8"));
        assert_eq!(normalize("0755-1234567-6001").as_deref(), Ok("0755-1234567-6001"));
        assert!(normalize("13812345678转1").is_err());
        assert!(normalize("010-12345678转").is_err());
    }

    #[test]
    fn service_numbers_and_rubbish() {
        assert_eq!(normalize("400-123-4567").as_deref(), Ok("400-123-4567"));
        assert_eq!(normalize("").unwrap_err(), "请填写联系电话");
        assert!(normalize("1381234567").is_err(), "ten digits is not a mobile");
        assert!(normalize("138abc45678").unwrap_err().contains("a"));
    }

    #[test]
    fn masking_keeps_head_and_tail() {
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("010-12345678"), "010-****5678");
    }
}
