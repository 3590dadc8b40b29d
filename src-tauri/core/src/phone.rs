//! Phone numbers as staff type them. Mainland numbers by our own rules:
//! mobiles (138 1234 5678, +86 13812345678), landlines with area code
//! (010-12345678, 0755 1234567), extensions (转 123, ext 123, -123) and
//! 400/800 service numbers. Numbers outside the mainland (a country code
//! other than 86: +1 305 555 1234, +44 20 7946 0958, 852 9123 4567, a
//! Taiwan mobile 0912-345-678) are checked with the `phonenumber` crate,
//! libphonenumber's metadata, and kept in its international format
//! (+1 305-555-1234), so they are never taken for a mainland mobile.
//! `normalize` returns one canonical spelling so a customer is found again
//! however the number was typed.

use phonenumber::country::Id;
use phonenumber::Mode;

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
    if let Some(number) = outside_mainland(main, &digits) {
        return Ok(with_extension(number?, &ext_digits));
    }
    if main.trim_start().starts_with('+') || digits.starts_with("0086") {
        digits = digits.trim_start_matches("00").strip_prefix("86").unwrap_or(&digits).to_string();
        // Written internationally a landline drops its trunk 0 (+86 10 1234 5678).
        if !is_mobile(&digits) && !digits.starts_with(['0', '4', '8']) {
            digits.insert(0, '0');
        }
    } else if digits.len() == 13 && digits.starts_with("861") {
        digits = digits[2..].to_string();
    }

    if ext.is_empty() {
        if let Ok(number) = parse_main(&digits) {
            return Ok(number);
        }
        if let Some(number) = taiwan_mobile(&digits) {
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

/// A number written with a country code other than 86 (`+1 …`, `00852 …`,
/// or 852/853/886 without the plus, which no mainland number starts with),
/// checked and spelt in international format; `None` when the number is
/// not written so.
fn outside_mainland(main: &str, digits: &str) -> Option<Result<String, String>> {
    let international = if main.trim_start().starts_with('+') {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest
    } else if ["852", "853", "886"].iter().any(|code| digits.starts_with(code)) {
        digits
    } else {
        return None;
    };
    if international.starts_with("86") {
        return None;
    }
    Some(match phonenumber::parse(None, format!("+{international}")) {
        Ok(number) if number.is_valid() => Ok(number.format().mode(Mode::International).to_string()),
        _ => Err(format!(
            "号码 +{international} 不是有效的境外电话：请写国家或地区代码和完整号码，如 +1 305 555 1234、+852 9123 4567"
        )),
    })
}

/// A Taiwan mobile as written there (0912-345-678): ten digits from 09,
/// which is no mainland number (an 09xx area code is followed by 7–8).
fn taiwan_mobile(digits: &str) -> Option<String> {
    if !(digits.len() == 10 && digits.starts_with("09")) {
        return None;
    }
    let number = phonenumber::parse(Some(Id::TW), digits).ok().filter(|n| n.is_valid())?;
    Some(number.format().mode(Mode::International).to_string())
}

fn with_extension(number: String, ext_digits: &str) -> String {
    if ext_digits.is_empty() { number } else { format!("{number} 转{ext_digits}") }
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
    fn numbers_outside_the_mainland_keep_their_country_code() {
        for (typed, kept) in [
            ("+1 305 555 1234", "+1 305-555-1234"),
            ("+1 (305) 555-1234", "+1 305-555-1234"),
            ("001 305 555 1234", "+1 305-555-1234"),
            ("+44 20 7946 0958", "+44 20 7946 0958"),
            ("+81 3-1234-5678", "+81 3-1234-5678"),
            ("+852 9123 4567", "+852 9123 4567"),
            ("(852) 2345 6789", "+852 2345 6789"),
            ("852-91234567", "+852 9123 4567"),
            ("+853 6612 3456", "+853 6612 3456"),
            ("+886 912 345 678", "+886 912 345 678"),
            ("0912-345-678", "+886 912 345 678"),
            ("+886 2 2345 6789", "+886 2 2345 6789"),
            ("+44 20 7946 0958 ext 12", "+44 20 7946 0958 转12"),
        ] {
            assert_eq!(normalize(typed).as_deref(), Ok(kept), "{typed}");
        }
        // A mainland number written with +86 is still a mainland number.
        assert_eq!(normalize("+86 10 1234 5678").as_deref(), Ok("010-12345678"));
        assert_eq!(normalize("+86 755 1234567").as_deref(), Ok("0755-1234567"));
        assert_eq!(normalize("+86 400 123 4567").as_deref(), Ok("400-123-4567"));
        // A foreign number that cannot be is refused, naming what to write.
        let err = normalize("+44 20 7946").unwrap_err();
        assert!(err.contains("+442079") && err.contains("国家或地区代码"), "{err}");
        assert!(normalize("+1 555").is_err());
        // Eight bare digits are still a landline without its area code.
        assert!(normalize("91234567").unwrap_err().contains("区号"));
    }

    #[test]
    fn masking_keeps_head_and_tail() {
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("010-12345678"), "010-****5678");
    }
}
