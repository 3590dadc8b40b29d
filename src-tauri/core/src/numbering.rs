//! Case numbers `YYMM-NNNN`: the month of registration (China time) and a
//! serial restarting each month [002: 月份流水编号]. The serial itself is
//! taken inside the registering transaction by the store, so two
//! workstations on one database never get the same number.

use chrono::{DateTime, FixedOffset, Utc};

/// Month boundaries follow the clock on the office wall (UTC+8).
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// "2611" for November 2026.
pub fn period(at: DateTime<Utc>) -> String {
    at.with_timezone(&china()).format("%y%m").to_string()
}

/// "2611-0007". Past 9,999 cases in a month the serial grows a digit
/// rather than wrap, so numbers stay unique.
pub fn case_no(period: &str, serial: i64) -> String {
    format!("{period}-{serial:04}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn month_follows_china_time() {
        // 2026-11-30 17:00 UTC is already 1 December in Beijing.
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap();
        assert_eq!(period(at), "2612");
        assert_eq!(case_no("2612", 7), "2612-0007");
        assert_eq!(case_no("2612", 12345), "2612-12345");
    }
}
