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
