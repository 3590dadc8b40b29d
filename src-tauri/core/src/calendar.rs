//! 工作日历: which days are working days in China, and the deadlines
//! (时效) that count them.
//!
//! A day is a working day when it is Monday–Friday and not a public holiday
//! (休), or when it is a 调休 make-up working day (班) — a Saturday or Sunday
//! the State Council moved work to. The holidays are data, one file per year
//! taken from that year's notice (国务院办公厅关于XXXX年部分节假日安排的通知,
//! 国办发明电); 2020–2026 are shipped in `data/holidays/`, and the admin can
//! edit a year or import a new one in the same format. A year the calendar
//! has no file for falls back to plain Monday–Friday; `covers` tells the
//! caller, so a screen can warn that next year's notice is still missing.
//!
//! # The holiday file
//!
//! ```json
//! {
//!   "year": 2026,
//!   "source": "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）",
//!   "days": [
//!     {"date": "2026-01-01", "name": "元旦", "off": true},
//!     {"date": "2026-01-04", "name": "元旦", "off": false}
//!   ]
//! }
//! ```
//!
//! - `year`: the calendar year; every `date` must fall in it. A holiday
//!   period that crosses New Year is split between the two years' files (a
//!   weekend day of it may be left out: it is a day off anyway).
//! - `source`: where the dates come from — the notice and its number.
//! - `days`: only the days that differ from plain Monday–Friday, each date
//!   once, in any order. `date` is `YYYY-MM-DD`; `name` the festival
//!   (元旦, 春节, 国庆节、中秋节, …), never empty; `off: true` is a day off
//!   (休: a holiday on a weekday, or a weekend day inside the holiday, which
//!   may be listed or not), `off: false` a make-up working day (班), which
//!   must be a Saturday or a Sunday.
//!
//! `HolidayYear::parse` refuses a file that breaks any of these rules with
//! an error naming the field and the day.
//!
//! # Time and deadlines
//!
//! Times are `DateTime<Utc>` in and out, as everywhere in the core; business
//! days are Beijing days (UTC+8, `numbering::china`): a complaint received
//! at 23:30 Beijing time on Thursday was received on Thursday, whatever the
//! clock of the machine says. Three kinds of deadline, all from the moment
//! of receipt (or of hand-over, for a step):
//!
//! - `add_hours` — plain elapsed hours ("48小时内答复"): nights, weekends
//!   and holidays all count.
//! - `add_calendar_days` — the same Beijing time of day N days later
//!   ("15天内"): weekends and holidays count.
//! - `add_working_days` — "N个工作日内": the day of receipt is not counted,
//!   whatever time it arrived and whether or not it is a working day;
//!   counting starts with the first working day after it, skipping weekends
//!   and holidays and counting make-up Saturdays/Sundays; the deadline is
//!   the end of the N-th working day, 23:59:59 Beijing time. A case
//!   received on Friday with a 5-working-day limit is due at the end of the
//!   next Friday; one received during the Spring Festival is due at the end
//!   of the 5th working day after the break. N = 0 means "by the end of
//!   today's business": the end of the day of receipt if it is a working
//!   day, else the end of the next working day.
//!
//! `working_days_between` counts the other way ("逾期N个工作日").

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Result};
use crate::numbering::china;

/// One year of holidays and make-up days, as published by the State Council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HolidayYear {
    pub year: i32,
    /// The notice the dates come from, with its document number.
    pub source: String,
    /// Sorted by date, each date once.
    pub days: Vec<HolidayDay>,
}

/// A day that differs from plain Monday–Friday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HolidayDay {
    pub date: NaiveDate,
    /// The festival: 元旦, 春节, …
    pub name: String,
    /// `true`: a day off (休). `false`: a make-up working day (班) on a weekend.
    pub off: bool,
}

/// The file as written, before its dates are checked one by one (so a bad
/// date is reported as a bad date, not as a JSON syntax error).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawYear {
    pub year: i32,
    #[serde(default)]
    pub source: String,
    pub days: Vec<RawDay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDay {
    pub date: String,
    pub name: String,
    pub off: bool,
}

/// Years a holiday file may describe.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

impl HolidayYear {
    /// Reads and checks a holiday file (the format in the module comment).
    pub fn parse(json: &str) -> Result<HolidayYear> {
        let raw: RawYear = serde_json::from_str(json).map_err(|e| {
            AppError::invalid("holidayFile", format!("节假日文件格式不正确（第{}行第{}列）：{e}", e.line(), e.column()))
        })?;
        Self::check(raw)
    }

    /// The checks every year passes, however it was written (a file, a
    /// notice read by `calendar_notice`).
    pub(crate) fn check(raw: RawYear) -> Result<HolidayYear> {
        if !YEARS.contains(&raw.year) {
            return Err(AppError::invalid(
                "year",
                format!("年份 {} 不正确，应在{}至{}之间", raw.year, YEARS.start(), YEARS.end()),
            ));
        }
        let mut days: Vec<HolidayDay> = Vec::with_capacity(raw.days.len());
        for (i, day) in raw.days.into_iter().enumerate() {
            let row = i + 1;
            let text = day.date.trim();
            let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                AppError::invalid("date", format!("第{row}条的日期“{text}”不正确，应为 YYYY-MM-DD 格式的真实日期"))
            })?;
            if date.year() != raw.year {
                return Err(AppError::invalid(
                    "date",
                    format!("第{row}条的日期 {date} 不属于 {} 年，请放到 {} 年的文件中", raw.year, date.year()),
                ));
            }
            let name = day.name.trim().to_string();
            if name.is_empty() {
                return Err(AppError::invalid("name", format!("第{row}条（{date}）没有填写节日名称")));
            }
            if !day.off && !is_weekend(date) {
                return Err(AppError::invalid(
                    "off",
                    format!(
                        "第{row}条：{date}（{}）标为调休上班，但调休上班日只能是周六或周日",
                        weekday_zh(date.weekday())
                    ),
                ));
            }
            days.push(HolidayDay { date, name, off: day.off });
        }
        days.sort_by_key(|d| d.date);
        if let Some(w) = days.windows(2).find(|w| w[0].date == w[1].date) {
            return Err(AppError::invalid("date", format!("日期 {} 重复出现，每天只能列一次", w[0].date)));
        }
        Ok(HolidayYear { year: raw.year, source: raw.source.trim().to_string(), days })
    }

    /// The file text for this year (for export; `parse` reads it back).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a holiday year always serialises")
    }
}

/// The years shipped with the app, from the State Council notices.
pub fn shipped_years() -> Vec<HolidayYear> {
    const FILES: [(i32, &str); 7] = [
        (2020, include_str!("../data/holidays/2020.json")),
        (2021, include_str!("../data/holidays/2021.json")),
        (2022, include_str!("../data/holidays/2022.json")),
        (2023, include_str!("../data/holidays/2023.json")),
        (2024, include_str!("../data/holidays/2024.json")),
        (2025, include_str!("../data/holidays/2025.json")),
        (2026, include_str!("../data/holidays/2026.json")),
    ];
    FILES
        .iter()
        .map(|(year, text)| {
            let parsed = HolidayYear::parse(text).unwrap_or_else(|e| panic!("shipped holidays {year}: {e}"));
            assert_eq!(parsed.year, *year, "shipped holidays file {year}.json");
            parsed
        })
        .collect()
}

/// Working days and deadlines over a set of holiday years.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    years: BTreeMap<i32, HolidayYear>,
    days: HashMap<NaiveDate, HolidayDay>,
}

impl WorkCalendar {
    /// A calendar of these years. When a year comes twice the later one
    /// wins whole, so `shipped_years()` followed by the admin's years gives
    /// the admin's version of an edited year.
    pub fn new(years: impl IntoIterator<Item = HolidayYear>) -> Self {
        let mut by_year = BTreeMap::new();
        for y in years {
            by_year.insert(y.year, y);
        }
        let days = by_year.values().flat_map(|y| y.days.iter().map(|d| (d.date, d.clone()))).collect();
        WorkCalendar { years: by_year, days }
    }

    /// The calendar of the shipped years alone.
    pub fn shipped() -> Self {
        WorkCalendar::new(shipped_years())
    }

    /// Whether the calendar has that year's holidays. Outside them only
    /// weekends are days off.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The years it holds, in order.
    pub fn years(&self) -> impl Iterator<Item = &HolidayYear> {
        self.years.values()
    }

    /// The holiday or make-up day on that date, if it is one.
    pub fn special_day(&self, date: NaiveDate) -> Option<&HolidayDay> {
        self.days.get(&date)
    }

    /// Monday–Friday and not a holiday, or a listed make-up day.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(day) => !day.off,
            None => !is_weekend(date),
        }
    }

    /// The first working day strictly after `date`.
    pub fn next_workday(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        loop {
            d = d.succ_opt().expect("date within chrono's range");
            if self.is_workday(d) {
                return d;
            }
        }
    }

    /// `hours` elapsed hours after `start`; holidays are not skipped.
    pub fn add_hours(&self, start: DateTime<Utc>, hours: i64) -> DateTime<Utc> {
        start + Duration::hours(hours)
    }

    /// The same Beijing time of day `days` days later; holidays are not skipped.
    pub fn add_calendar_days(&self, start: DateTime<Utc>, days: i64) -> DateTime<Utc> {
        let local = start.with_timezone(&china()).naive_local() + Duration::days(days);
        china().from_local_datetime(&local).single().expect("a fixed offset has no gaps").with_timezone(&Utc)
    }

    /// The end (23:59:59 Beijing time) of the `n`-th working day after the
    /// Beijing day of `start`; see the module comment for the rule.
    pub fn add_working_days(&self, start: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let received = beijing_date(start);
        let mut day = if n == 0 && self.is_workday(received) { received } else { self.next_workday(received) };
        for _ in 1..n {
            day = self.next_workday(day);
        }
        end_of_day(day)
    }

    /// The working days whose Beijing date is after `from`'s and not after
    /// `to`'s; negative when `to` is the earlier. With `from` a deadline
    /// and `to` the moment the work was done, it is "late by N working
    /// days"; `working_days_between(start, add_working_days(start, n)) == n`
    /// for n ≥ 1.
    pub fn working_days_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let (a, b) = (beijing_date(from), beijing_date(to));
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let count = lo.iter_days().skip(1).take_while(|d| *d <= hi).filter(|d| self.is_workday(*d)).count();
        sign * count as i64
    }
}

/// The Beijing calendar day of an instant.
pub fn beijing_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china()).date_naive()
}

/// 23:59:59 Beijing time on `date`, as UTC.
pub fn end_of_day(date: NaiveDate) -> DateTime<Utc> {
    let last = NaiveTime::from_hms_opt(23, 59, 59).expect("valid time");
    china().from_local_datetime(&date.and_time(last)).single().expect("a fixed offset has no gaps").with_timezone(&Utc)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn weekday_zh(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

#[cfg(test)]
mod tests {
    //! Checked against the State Council notices. Every date is fixed; the
    //! "now" of a test comes from a `FixedClock`, never from today.

    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::error::ErrorCode;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// An instant given in Beijing time.
    fn beijing(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
        china().with_ymd_and_hms(y, m, d, h, min, s).unwrap().with_timezone(&Utc)
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::shipped()
    }

    fn assert_off(c: &WorkCalendar, from: NaiveDate, to: NaiveDate) {
        for d in from.iter_days().take_while(|d| *d <= to) {
            assert!(!c.is_workday(d), "{d} should be a day off");
        }
    }

    fn assert_workdays(c: &WorkCalendar, days: &[NaiveDate]) {
        for d in days {
            assert!(c.is_workday(*d), "{d} should be a working day");
        }
    }

    #[test]
    fn every_shipped_year_parses_and_names_its_notice() {
        let years = shipped_years();
        assert_eq!(years.iter().map(|y| y.year).collect::<Vec<_>>(), (2020..=2026).collect::<Vec<_>>());
        for y in &years {
            assert!(y.source.contains(&format!("{}年部分节假日安排", y.year)), "{}: {}", y.year, y.source);
            assert!(y.source.contains("国办发明电"), "{}: {}", y.year, y.source);
            assert!(!y.days.is_empty());
            // What `parse` reads back is what it wrote.
            assert_eq!(&HolidayYear::parse(&y.to_json()).unwrap(), y);
        }
        let c = cal();
        assert!((2020..=2026).all(|y| c.covers(y)));
        assert!(!c.covers(2019) && !c.covers(2027));
    }

    #[test]
    fn spring_festival_2024_from_the_notice() {
        // 国办发明电〔2023〕7号: 2月10日至17日放假调休，2月4日（星期日）、2月18日（星期日）上班.
        let c = cal();
        assert_eq!(date(2024, 2, 4).weekday(), Weekday::Sun);
        assert_eq!(date(2024, 2, 18).weekday(), Weekday::Sun);
        assert_workdays(&c, &[date(2024, 2, 4), date(2024, 2, 18)]);
        assert_off(&c, date(2024, 2, 10), date(2024, 2, 17));
        // 除夕 2月9日 was only "encouraged" as a day off: a working day.
        assert_workdays(&c, &[date(2024, 2, 9)]);
        assert_eq!(c.special_day(date(2024, 2, 12)).unwrap().name, "春节");
    }

    #[test]
    fn spring_festival_2020_with_its_extension() {
        // 国办发明电〔2019〕16号: 1月24日至30日, 1月19日（星期日）、2月1日（星期六）上班;
        // 国办发明电〔2020〕1号 extended the break to 2月2日, work from 2月3日.
        let c = cal();
        assert_off(&c, date(2020, 1, 24), date(2020, 2, 2));
        assert!(!c.is_workday(date(2020, 2, 1)), "the make-up Saturday was cancelled by the extension");
        assert_workdays(&c, &[date(2020, 1, 19), date(2020, 1, 23), date(2020, 2, 3)]);
    }

    #[test]
    fn other_days_from_the_notices() {
        let c = cal();
        // 2023 中秋节、国庆节: 9月29日至10月6日, 10月7日（星期六）、10月8日（星期日）上班.
        assert_off(&c, date(2023, 9, 29), date(2023, 10, 6));
        assert_workdays(&c, &[date(2023, 10, 7), date(2023, 10, 8)]);
        // 2023 元旦 ran from 2022-12-31; 1月2日 (Monday) off.
        assert!(!c.is_workday(date(2023, 1, 2)));
        // 2022 清明节: 4月2日（星期六）上班, 4月3日至5日.
        assert_workdays(&c, &[date(2022, 4, 2)]);
        assert_off(&c, date(2022, 4, 3), date(2022, 4, 5));
        // 2021 中秋节: 9月18日（星期六）上班; 国庆节 9月26日、10月9日上班.
        assert_workdays(&c, &[date(2021, 9, 18), date(2021, 9, 26), date(2021, 10, 9)]);
        // 2025 under the revised rules: 除夕 1月28日 off, 春节 to 2月4日,
        // 1月26日（周日）、2月8日（周六）上班; 劳动节 5月1日至5日, 4月27日上班;
        // 国庆节、中秋节 10月1日至8日, 9月28日、10月11日上班.
        assert_off(&c, date(2025, 1, 28), date(2025, 2, 4));
        assert_off(&c, date(2025, 5, 1), date(2025, 5, 5));
        assert_off(&c, date(2025, 10, 1), date(2025, 10, 8));
        assert_workdays(
            &c,
            &[date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)],
        );
        assert!(c.is_workday(date(2025, 1, 2)), "2025 元旦 is one day, no 调休");
        // 2026 (国办发明电〔2025〕7号): 元旦 1月1日至3日, 1月4日（周日）上班;
        // 春节 2月15日至23日, 2月14日（周六）、2月28日（周六）上班;
        // 劳动节 5月1日至5日, 5月9日上班; 国庆节 10月1日至7日, 9月20日（周日）、10月10日（周六）上班.
        assert_off(&c, date(2026, 1, 1), date(2026, 1, 3));
        assert_off(&c, date(2026, 2, 15), date(2026, 2, 23));
        assert_off(&c, date(2026, 5, 1), date(2026, 5, 5));
        assert_off(&c, date(2026, 6, 19), date(2026, 6, 21));
        assert_off(&c, date(2026, 9, 25), date(2026, 9, 27));
        assert_off(&c, date(2026, 10, 1), date(2026, 10, 7));
        assert_workdays(
            &c,
            &[
                date(2026, 1, 4),
                date(2026, 2, 14),
                date(2026, 2, 28),
                date(2026, 5, 9),
                date(2026, 9, 20),
                date(2026, 10, 10),
            ],
        );
        assert!(c.is_workday(date(2026, 10, 8)), "国庆 2026 ends on the 7th");
        // A plain week stays plain.
        assert_workdays(&c, &[date(2026, 3, 2), date(2026, 3, 6)]);
        assert!(!c.is_workday(date(2026, 3, 7)) && !c.is_workday(date(2026, 3, 8)));
    }

    #[test]
    fn working_days_per_year_in_the_shipped_data() {
        // Counted from the notices; guards the shipped files against a slip.
        let c = cal();
        let count =
            |y: i32| date(y, 1, 1).iter_days().take_while(|d| d.year() == y).filter(|d| c.is_workday(*d)).count();
        let counts: Vec<usize> = (2020..=2026).map(count).collect();
        assert_eq!(counts, vec![249, 250, 249, 249, 251, 248, 248]);
    }

    #[test]
    fn a_make_up_saturday_counts_as_a_workday() {
        let c = cal();
        let saturday = date(2026, 2, 28);
        assert_eq!(saturday.weekday(), Weekday::Sat);
        assert!(c.is_workday(saturday));
        assert!(!c.is_workday(date(2026, 3, 7)), "an ordinary Saturday is not");
        // One working day from Friday 27 February lands on that Saturday.
        let due = c.add_working_days(beijing(2026, 2, 27, 9, 0, 0), 1);
        assert_eq!(due, beijing(2026, 2, 28, 23, 59, 59));
        assert_eq!(c.next_workday(date(2026, 2, 27)), saturday);
    }

    #[test]
    fn five_working_days_before_the_spring_festival_land_after_the_break() {
        let c = cal();
        // Received at 10:00 on Friday 9 February 2024 (除夕, the last working
        // day before the break 10–17 Feb): Sun 18 (make-up), Mon 19, Tue 20,
        // Wed 21, Thu 22 → due at the end of Thursday 22 February.
        let clock = FixedClock::new(beijing(2024, 2, 9, 10, 0, 0));
        let due = c.add_working_days(clock.now(), 5);
        assert_eq!(due, beijing(2024, 2, 22, 23, 59, 59));
        assert_eq!(due.to_rfc3339(), "2024-02-22T15:59:59+00:00", "stored in UTC");

        // 2025: last working day Mon 27 Jan; break 28 Jan–4 Feb; Wed 5, Thu 6,
        // Fri 7, Sat 8 (make-up), Mon 10.
        clock.set(beijing(2025, 1, 27, 16, 30, 0));
        assert_eq!(c.add_working_days(clock.now(), 5), beijing(2025, 2, 10, 23, 59, 59));

        // 2020 with the extension: last working day Thu 23 Jan; off to 2 Feb; 3–7 Feb.
        clock.set(beijing(2020, 1, 23, 11, 0, 0));
        assert_eq!(c.add_working_days(clock.now(), 5), beijing(2020, 2, 7, 23, 59, 59));

        // 2026: from Fri 13 Feb the make-up Saturday 14 Feb is day 1, then
        // 24, 25, 26, 27 Feb; from that Saturday itself, 24–27 Feb and the
        // make-up Saturday 28 Feb.
        clock.set(beijing(2026, 2, 13, 9, 0, 0));
        assert_eq!(c.add_working_days(clock.now(), 5), beijing(2026, 2, 27, 23, 59, 59));
        clock.set(beijing(2026, 2, 14, 9, 0, 0));
        assert_eq!(c.add_working_days(clock.now(), 5), beijing(2026, 2, 28, 23, 59, 59));
    }

    #[test]
    fn the_day_of_receipt_is_the_beijing_day() {
        let c = cal();
        // 2024-02-08 15:00 UTC is 23:00 Thursday in Beijing: day 1 is Fri 9
        // Feb, then 18, 19, 20, 21 Feb.
        let thursday_night = Utc.with_ymd_and_hms(2024, 2, 8, 15, 0, 0).unwrap();
        assert_eq!(c.add_working_days(thursday_night, 5), beijing(2024, 2, 21, 23, 59, 59));
        // 2024-02-08 17:00 UTC is already 01:00 Friday in Beijing.
        let friday_early = Utc.with_ymd_and_hms(2024, 2, 8, 17, 0, 0).unwrap();
        assert_eq!(c.add_working_days(friday_early, 5), beijing(2024, 2, 22, 23, 59, 59));
    }

    #[test]
    fn a_deadline_starting_on_a_holiday_counts_from_the_next_working_day() {
        let c = cal();
        // Received Monday 12 Feb 2024, in the Spring Festival break: day 1 is
        // the make-up Sunday 18 Feb, day 5 Thursday 22 Feb.
        assert_eq!(c.add_working_days(beijing(2024, 2, 12, 10, 0, 0), 5), beijing(2024, 2, 22, 23, 59, 59));
        // Received on 3 October 2024: 8, 9, 10, 11 Oct and the make-up Saturday 12 Oct.
        assert_eq!(c.add_working_days(beijing(2024, 10, 3, 10, 0, 0), 5), beijing(2024, 10, 12, 23, 59, 59));
        // Received on an ordinary Saturday: Monday to Friday of the next week.
        assert_eq!(c.add_working_days(beijing(2026, 3, 7, 10, 0, 0), 5), beijing(2026, 3, 13, 23, 59, 59));
    }

    #[test]
    fn zero_working_days_is_the_end_of_todays_business() {
        let c = cal();
        assert_eq!(c.add_working_days(beijing(2026, 3, 4, 10, 0, 0), 0), beijing(2026, 3, 4, 23, 59, 59));
        // On a holiday: the end of the next working day.
        assert_eq!(c.add_working_days(beijing(2026, 10, 3, 10, 0, 0), 0), beijing(2026, 10, 8, 23, 59, 59));
    }

    #[test]
    fn hours_and_calendar_days_do_not_skip_holidays() {
        let c = cal();
        let start = beijing(2024, 2, 9, 10, 0, 0);
        // The mall's 48-hour reply falls in the middle of the break.
        assert_eq!(c.add_hours(start, 48), beijing(2024, 2, 11, 10, 0, 0));
        assert_eq!(c.add_hours(start, 0), start);
        // Calendar days keep the Beijing time of day, holiday or not.
        assert_eq!(c.add_calendar_days(start, 5), beijing(2024, 2, 14, 10, 0, 0));
        assert_eq!(c.add_calendar_days(beijing(2025, 9, 30, 18, 0, 0), 15), beijing(2025, 10, 15, 18, 0, 0));
        // 23:30 Beijing time is 15:30 UTC the same day; a day later is 23:30 again.
        assert_eq!(c.add_calendar_days(beijing(2025, 12, 31, 23, 30, 0), 1), beijing(2026, 1, 1, 23, 30, 0));
    }

    #[test]
    fn working_days_between_counts_lateness() {
        let c = cal();
        let received = beijing(2024, 2, 9, 10, 0, 0);
        let due = c.add_working_days(received, 5);
        assert_eq!(c.working_days_between(received, due), 5);
        // Done on Monday 26 Feb: Fri 23 and Mon 26 late (the weekend is not).
        assert_eq!(c.working_days_between(due, beijing(2024, 2, 26, 9, 0, 0)), 2);
        // Done on the due day, or before it.
        assert_eq!(c.working_days_between(due, beijing(2024, 2, 22, 18, 0, 0)), 0);
        assert_eq!(c.working_days_between(due, beijing(2024, 2, 20, 18, 0, 0)), -2);
    }

    #[test]
    fn a_working_day_deadline_is_always_the_end_of_a_working_day() {
        // Every start day of the shipped years, 1 to 15 working days.
        let c = cal();
        for start_day in date(2020, 1, 1).iter_days().take_while(|d| d.year() <= 2026) {
            let start = beijing(start_day.year(), start_day.month(), start_day.day(), 14, 0, 0);
            for n in 1..=15 {
                let due = c.add_working_days(start, n);
                let due_day = beijing_date(due);
                assert!(c.is_workday(due_day), "{start_day} + {n}: {due_day}");
                assert_eq!(due, end_of_day(due_day));
                assert_eq!(c.working_days_between(start, due), i64::from(n), "{start_day} + {n}");
            }
        }
    }

    #[test]
    fn years_outside_the_data_fall_back_to_monday_to_friday() {
        let c = cal();
        assert!(!c.covers(2027));
        assert!(c.is_workday(date(2027, 1, 1)), "no 2027 notice yet: a plain Friday");
        assert!(!c.is_workday(date(2027, 1, 2)));
        assert_eq!(
            WorkCalendar::default().add_working_days(beijing(2026, 2, 13, 9, 0, 0), 1),
            beijing(2026, 2, 16, 23, 59, 59)
        );
    }

    #[test]
    fn an_imported_year_replaces_the_shipped_one() {
        let edited = HolidayYear::parse(
            r#"{"year": 2026, "source": "本单位调整", "days": [{"date": "2026-03-02", "name": "厂庆", "off": true}]}"#,
        )
        .unwrap();
        let next = HolidayYear::parse(
            r#"{"year": 2027, "source": "测试", "days": [{"date": "2027-01-01", "name": "元旦", "off": true}]}"#,
        )
        .unwrap();
        let c = WorkCalendar::new(shipped_years().into_iter().chain([edited, next]));
        assert!(!c.is_workday(date(2026, 3, 2)));
        assert!(c.is_workday(date(2026, 2, 16)), "the edited year replaces the shipped 2026 whole");
        assert!(c.covers(2027) && !c.is_workday(date(2027, 1, 1)));
        assert_eq!(c.years().count(), 8);
    }

    fn refusal(json: &str) -> (String, String) {
        let e = HolidayYear::parse(json).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        (e.field.unwrap(), e.message)
    }

    #[test]
    fn a_bad_file_is_refused_naming_the_field() {
        let (field, message) = refusal("{\"year\": 2026, \"days\": [");
        assert_eq!(field, "holidayFile");
        assert!(message.contains("节假日文件格式不正确"), "{message}");

        // The public dataset's own format is not ours.
        let (field, _) =
            refusal(r#"{"year": 2026, "days": [{"name": "元旦", "date": "2026-01-01", "isOffDay": true}]}"#);
        assert_eq!(field, "holidayFile");

        let (field, message) =
            refusal(r#"{"year": 2026, "source": "x", "days": [{"date": "2025-12-31", "name": "元旦", "off": true}]}"#);
        assert_eq!(field, "date");
        assert!(message.contains("2025-12-31") && message.contains("2026"), "{message}");

        // 2026-03-04 is a Wednesday.
        let (field, message) =
            refusal(r#"{"year": 2026, "source": "x", "days": [{"date": "2026-03-04", "name": "春节", "off": false}]}"#);
        assert_eq!(field, "off");
        assert!(message.contains("2026-03-04") && message.contains("周三"), "{message}");

        let (field, message) = refusal(
            r#"{"year": 2026, "source": "x", "days": [
                {"date": "2026-01-01", "name": "元旦", "off": true},
                {"date": "2026-01-01", "name": "元旦", "off": true}]}"#,
        );
        assert_eq!(field, "date");
        assert!(message.contains("重复"), "{message}");

        let (field, _) =
            refusal(r#"{"year": 2026, "source": "x", "days": [{"date": "2026-01-01", "name": "  ", "off": true}]}"#);
        assert_eq!(field, "name");

        let (field, message) =
            refusal(r#"{"year": 2026, "source": "x", "days": [{"date": "2026-02-30", "name": "春节", "off": true}]}"#);
        assert_eq!(field, "date");
        assert!(message.contains("2026-02-30"), "{message}");

        let (field, _) = refusal(r#"{"year": 1900, "source": "x", "days": []}"#);
        assert_eq!(field, "year");
    }
}
