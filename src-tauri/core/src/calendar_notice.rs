//! 粘贴通知原文: the State Council's notice of the year's holidays, as
//! published (国务院办公厅关于2026年部分节假日安排的通知), read into a
//! holiday year. Each numbered section (一、元旦：…) names a festival; in
//! it, a clause that says 放假 gives the days off (a range 1月1日至3日, or
//! single days), a clause that says 上班 the make-up working days. The
//! year then passes the same checks as a file (`HolidayYear::check`), so a
//! make-up day on a weekday or a date of another year is refused the same way.

use chrono::NaiveDate;

use crate::calendar::{HolidayYear, RawDay, RawYear};
use crate::error::{AppError, Result};

const FIELD: &str = "noticeText";

/// Reads the pasted notice. The year is the one the notice names
/// (关于2026年…); `year` is used when the title was not pasted.
pub fn read_notice(text: &str, year: i32) -> Result<HolidayYear> {
    let text = crate::validate::clean(text).replace(':', "：");
    let year = named_year(&text).unwrap_or(year);
    let plain = without_brackets(&text);
    let mut days = Vec::new();
    for (name, body) in sections(&plain) {
        for clause in body.split(['。', '；', ';', '，', ',', '\n']) {
            let off = if clause.contains("上班") {
                false
            } else if clause.contains("放假") || clause.contains("休息") {
                true
            } else {
                continue;
            };
            for date in clause_dates(clause, year)? {
                days.push(RawDay { date: date.format("%Y-%m-%d").to_string(), name: name.clone(), off });
            }
        }
    }
    if days.is_empty() {
        return Err(AppError::invalid(FIELD, "没有从通知中读出放假或上班的日期：请粘贴通知正文中“一、元旦：……”起的各条"));
    }
    HolidayYear::check(RawYear { year, source: source(&text), days })
}

/// 2026 of "关于2026年部分节假日安排的通知", the first four digits before 年.
fn named_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年').then(|| w[..4].iter().collect::<String>().parse().ok())?
    })
}

/// The title (up to its 通知, even when the body runs on in the same line),
/// with the document number when it stands elsewhere.
fn source(text: &str) -> String {
    let title = text.lines().find_map(|l| l.find("通知").map(|at| l[..at + "通知".len()].trim())).unwrap_or("").to_string();
    let number = text.find("国办发").and_then(|at| text[at..].find('号').map(|end| &text[at..at + end + '号'.len_utf8()]));
    match number {
        Some(n) if !title.contains(n) && !title.is_empty() => format!("{title}（{n}）"),
        _ => title,
    }
}

/// The text with every (…) and （…） removed: weekdays and lunar dates.
fn without_brackets(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| match c {
            '（' | '(' => {
                depth += 1;
                false
            }
            '）' | ')' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

/// The numbered sections: (festival, what follows its colon up to the next
/// section). A section starts wherever a number such as 一、 is followed by
/// a short name and a colon, so a notice pasted as one line (the title run
/// into 一、元旦：…) reads the same as one with its line breaks.
fn sections(text: &str) -> Vec<(String, String)> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let numeral = |c: char| NUMERALS.contains(c);
    let chars: Vec<char> = text.chars().collect();
    // (where the number starts, where the name starts, where its colon is)
    let mut starts: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if numeral(chars[i]) && (i == 0 || !numeral(chars[i - 1])) {
            let mut j = i;
            while j < chars.len() && numeral(chars[j]) {
                j += 1;
            }
            if chars.get(j) == Some(&'、') {
                let name_end = (j + 1..chars.len().min(j + 21)).find(|&k| matches!(chars[k], '：' | '。' | '，' | '\n'));
                if let Some(colon) = name_end.filter(|&k| chars[k] == '：' && k > j + 1) {
                    starts.push((i, j + 1, colon));
                    i = colon + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    starts
        .iter()
        .enumerate()
        .map(|(n, &(_, name, colon))| {
            let end = starts.get(n + 1).map_or(chars.len(), |next| next.0);
            (chars[name..colon].iter().collect::<String>().trim().to_string(), chars[colon + 1..end].iter().collect())
        })
        .collect()
}

/// The dates of one clause: 1月1日至3日 is three days, 1月26日、2月8日 two.
fn clause_dates(clause: &str, year: i32) -> Result<Vec<NaiveDate>> {
    let mut dates: Vec<NaiveDate> = Vec::new();
    let mut month: Option<u32> = None;
    let mut number: Option<u32> = None;
    let mut range = false;
    for c in clause.chars() {
        if let Some(d) = c.to_digit(10) {
            number = Some(number.unwrap_or(0) * 10 + d);
            continue;
        }
        match (c, number.take()) {
            ('月', Some(m)) => month = Some(m),
            ('日' | '号', Some(day)) => {
                let written = format!("{}月{day}日", month.map_or(String::from("?"), |m| m.to_string()));
                let date = month
                    .and_then(|m| NaiveDate::from_ymd_opt(year, m, day))
                    .ok_or_else(|| AppError::invalid(FIELD, format!("通知中的日期“{written}”不是 {year} 年的真实日期")))?;
                match dates.last() {
                    Some(&from) if range => {
                        if date <= from {
                            return Err(AppError::invalid(FIELD, format!("通知中的“至{written}”早于开始的日期 {from}")));
                        }
                        dates.extend(from.iter_days().skip(1).take_while(|d| *d <= date));
                    }
                    _ => dates.push(date),
                }
                range = false;
            }
            ('至' | '~' | '～' | '—' | '-', _) => range = true,
            _ => {}
        }
    }
    Ok(dates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::shipped_years;

    const NOTICE_2026: &str = "国务院办公厅关于2026年部分节假日安排的通知
国办发明电〔2025〕7号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。";

    fn shipped(year: i32) -> HolidayYear {
        shipped_years().into_iter().find(|y| y.year == year).unwrap()
    }

    #[test]
    fn the_2026_notice_reads_as_the_shipped_year() {
        let read = read_notice(NOTICE_2026, 2000).unwrap();
        let expected = shipped(2026);
        assert_eq!(read.year, 2026, "the year the title names");
        assert_eq!(read.days, expected.days);
        assert_eq!(read.source, expected.source);
    }

    #[test]
    fn a_range_across_months_a_single_day_and_fullwidth_digits() {
        // 2025: 春节 runs from January into February, 元旦 is one day, and
        // the text arrives on one line with full-width digits.
        let text = "一、元旦：１月１日（周三）放假1天，不调休。二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。三、清明节：4月4日（周五）至6日（周日）放假，共3天。四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。";
        let read = read_notice(text, 2025).unwrap();
        assert_eq!(read.year, 2025, "no title: the year chosen");
        assert_eq!(read.days, shipped(2025).days);
        assert_eq!(read.source, "");

        // The whole 2026 notice as one line, its title run into 一、元旦：
        // (a copy from a web page, or a field that drops line breaks).
        let one_line: String = NOTICE_2026.lines().collect();
        let read = read_notice(&one_line, 2000).unwrap();
        assert_eq!((read.days, read.source), (shipped(2026).days, shipped(2026).source));
    }

    #[test]
    fn what_cannot_be_a_holiday_year_is_refused_in_words() {
        let nothing = read_notice("各地区、各部门要妥善安排好值班工作。", 2026).unwrap_err();
        assert_eq!(nothing.field.as_deref(), Some(FIELD));
        assert!(nothing.message.contains("没有从通知中读出"), "{}", nothing.message);
        let no_such_day = read_notice("一、春节：2月30日放假。", 2026).unwrap_err();
        assert!(no_such_day.message.contains("2月30日"), "{}", no_such_day.message);
        // A make-up working day must be a weekend: 2026-01-05 is a Monday.
        let weekday = read_notice("一、元旦：1月1日至3日放假调休。1月5日（周一）上班。", 2026).unwrap_err();
        assert!(weekday.message.contains("2026-01-05") && weekday.message.contains("周六或周日"), "{}", weekday.message);
        let backwards = read_notice("一、元旦：1月3日至1日放假。", 2026).unwrap_err();
        assert!(backwards.message.contains("早于"), "{}", backwards.message);
    }
}
