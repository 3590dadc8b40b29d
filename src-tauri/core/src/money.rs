//! Money is integer fen. These only format it; nothing here is a float.

/// ¥12,345.00 (negative amounts as -¥12.50).
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let yuan = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{:02}", abs % 100)
}

#[cfg(test)]
mod tests {
    use super::format_fen;

    #[test]
    fn groups_thousands_and_keeps_fen_exact() {
        assert_eq!(format_fen(1_234_500), "¥12,345.00");
        assert_eq!(format_fen(5), "¥0.05");
        assert_eq!(format_fen(1_200_000_000), "¥12,000,000.00");
        assert_eq!(format_fen(-1250), "-¥12.50");
        assert_eq!(format_fen(99_999), "¥999.99");
    }
}

const DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
const GROUPS: [&str; 4] = ["", "万", "亿", "万亿"];

/// 人民币大写 as financial documents require: 壹万贰仟叁佰肆拾伍元整,
/// 壹佰元零伍分, 零元整. One 零 stands for any run of zeros inside the
/// amount; 整 closes an amount without 分.
pub fn chinese_capital(fen: i64) -> String {
    let sign = if fen < 0 { "负" } else { "" };
    let abs = fen.unsigned_abs();
    let (yuan, jiao, fen) = (abs / 100, (abs / 10) % 10, abs % 10);
    let mut out = String::from(sign);
    if yuan > 0 {
        out.push_str(&integer_capital(yuan));
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => {
            if yuan == 0 {
                out.push_str("零元");
            }
            out.push('整');
        }
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push_str(DIGITS[f as usize]);
            out.push('分');
        }
        (j, 0) => {
            out.push_str(DIGITS[j as usize]);
            out.push_str("角整");
        }
        (j, f) => {
            out.push_str(DIGITS[j as usize]);
            out.push('角');
            out.push_str(DIGITS[f as usize]);
            out.push('分');
        }
    }
    out
}

/// The yuan part: groups of four digits (万, 亿), zeros folded into one 零.
fn integer_capital(n: u64) -> String {
    let digits: Vec<u8> = n.to_string().bytes().map(|b| b - b'0').collect();
    let len = digits.len();
    let mut out = String::new();
    let mut zero_pending = false;
    let mut group_has_digit = false;
    for (i, &d) in digits.iter().enumerate() {
        let pos = len - 1 - i; // power of ten
        if d == 0 {
            zero_pending = !out.is_empty();
        } else {
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            out.push_str(DIGITS[d as usize]);
            out.push_str(UNITS[pos % 4]);
            group_has_digit = true;
        }
        if pos % 4 == 0 && pos > 0 {
            if group_has_digit {
                out.push_str(GROUPS[pos / 4]);
            }
            group_has_digit = false;
        }
    }
    out
}

#[cfg(test)]
mod capital_tests {
    use super::chinese_capital;

    #[test]
    fn writes_amounts_in_financial_capitals() {
        assert_eq!(chinese_capital(1_234_500), "壹万贰仟叁佰肆拾伍元整");
        assert_eq!(chinese_capital(12_000_000), "壹拾贰万元整");
        assert_eq!(chinese_capital(10_000), "壹佰元整");
        assert_eq!(chinese_capital(10_005), "壹佰元零伍分");
        assert_eq!(chinese_capital(10_050), "壹佰元伍角整");
        assert_eq!(chinese_capital(10_055), "壹佰元伍角伍分");
        assert_eq!(chinese_capital(100_100), "壹仟零壹元整");
        assert_eq!(chinese_capital(1_000_100), "壹万零壹元整");
        assert_eq!(chinese_capital(10_010_000), "壹拾万零壹佰元整");
        assert_eq!(chinese_capital(10_000_000_000), "壹亿元整");
        assert_eq!(chinese_capital(10_000_100_000), "壹亿零壹仟元整");
        assert_eq!(chinese_capital(0), "零元整");
        assert_eq!(chinese_capital(5), "伍分");
        assert_eq!(chinese_capital(50), "伍角整");
        assert_eq!(chinese_capital(12_000_000_00), "壹仟贰佰万元整");
    }
}
