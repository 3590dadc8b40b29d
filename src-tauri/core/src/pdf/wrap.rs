//! Line breaking for Chinese text by measured glyph advances, with the
//! line-start and line-end rules of Chinese typesetting (避头尾): no closing
//! punctuation at the start of a line, no opening punctuation at its end.
//! Latin words and numbers (an amount, an order number) stay whole unless a
//! single one is wider than the line.

use super::fonts::text_width_mm;

/// Never at the start of a line.
const CLOSING: &str = "，。、；：？！）」』》〉】〕”’…—,.;:?!)]}%·";
/// Never at the end of a line.
const OPENING: &str = "（「『《〈【〔“‘([{¥￥$";

fn is_closing(c: char) -> bool {
    CLOSING.contains(c)
}

fn is_opening(c: char) -> bool {
    OPENING.contains(c)
}

/// Characters that hold a Latin word or a number together.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | ':' | '-' | '/' | '@' | '_' | '#' | '+' | '%')
}

/// Breaks `text` into lines no wider than `width_mm` at `size_pt`.
/// Explicit line breaks are kept; an empty text is one empty line.
pub fn wrap(text: &str, width_mm: f32, size_pt: f32, bold: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.replace("\r\n", "\n").replace('\t', " ").split('\n') {
        wrap_paragraph(paragraph, width_mm, size_pt, bold, &mut lines);
    }
    lines
}

/// The units a line may break between: a Latin word, or one other character.
fn units(paragraph: &str) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let mut in_word = false;
    for c in paragraph.chars() {
        let word = is_word_char(c);
        if word && in_word {
            units.last_mut().expect("a word in progress").push(c);
        } else {
            units.push(c.to_string());
        }
        in_word = word;
    }
    units
}

fn wrap_paragraph(paragraph: &str, width: f32, size: f32, bold: bool, lines: &mut Vec<String>) {
    let measure = |s: &str| text_width_mm(s, size, bold);
    let mut units = units(paragraph);
    let starts_closing = |u: &String| u.chars().next().is_some_and(is_closing);
    let ends_opening = |u: &String| u.chars().last().is_some_and(is_opening);
    let mut start = 0;
    loop {
        // A space that falls at a break is dropped.
        while start < units.len() && units[start] == " " && !lines.is_empty() {
            start += 1;
        }
        let mut end = start;
        let mut used = 0.0;
        while end < units.len() && used + measure(&units[end]) <= width {
            used += measure(&units[end]);
            end += 1;
        }
        if end == start && end < units.len() {
            // One word wider than the line: cut it where it must be cut.
            let (head, tail) = split_to_fit(&units[start], width, &measure);
            units[start] = tail;
            units.insert(start, head);
            continue;
        }
        if end < units.len() {
            // Move the break back until the next line does not start with
            // closing punctuation and this one does not end with opening.
            let bad = |b: usize| starts_closing(&units[b]) || ends_opening(&units[b - 1]);
            let mut b = end;
            while b > start + 1 && bad(b) {
                b -= 1;
            }
            if bad(b) {
                // Nothing to move back: let the closing marks hang past the edge.
                b = end;
                while b < units.len() && starts_closing(&units[b]) {
                    b += 1;
                }
            }
            end = b;
        }
        lines.push(units[start..end].concat().trim_end().to_string());
        start = end;
        if start >= units.len() {
            return;
        }
    }
}

/// The longest head of `word` that fits (at least one character), and the rest.
fn split_to_fit(word: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> (String, String) {
    let chars: Vec<char> = word.chars().collect();
    let mut n = 1;
    while n < chars.len() && measure(&chars[..=n].iter().collect::<String>()) <= width {
        n += 1;
    }
    (chars[..n].iter().collect(), chars[n..].iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line fits, except that closing marks may hang past the edge
    /// when nothing else can go down with them.
    fn fits(lines: &[String], width: f32) {
        for l in lines {
            let body = l.trim_end_matches(is_closing);
            assert!(text_width_mm(body, 10.0, false) <= width + 0.01, "too wide: {l}");
        }
    }

    #[test]
    fn fills_lines_by_measured_width() {
        // 3.528 mm per ideograph at 10 pt: 10 fit in 36 mm, the 11th does not.
        let lines = wrap("一二三四五六七八九十甲乙丙", 36.0, 10.0, false);
        assert_eq!(lines, vec!["一二三四五六七八九十", "甲乙丙"]);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // The comma would start line 2: the character before it comes down with it.
        let lines = wrap("一二三四五六七八九十，甲乙", 36.0, 10.0, false);
        assert_eq!(lines, vec!["一二三四五六七八九", "十，甲乙"]);
        for text in ["客户要求退货。并赔偿损失；", "货到后发现（破损）严重，需要更换！", "「质量问题」，已确认。"] {
            for width in [10.0, 14.0, 17.7, 21.2, 24.8] {
                let lines = wrap(text, width, 10.0, false);
                fits(&lines, width);
                for l in &lines[1..] {
                    assert!(!l.starts_with(is_closing), "{text} at {width}: {lines:?}");
                }
                for l in &lines[..lines.len() - 1] {
                    assert!(!l.ends_with(is_opening), "{text} at {width}: {lines:?}");
                }
                assert_eq!(lines.concat(), text, "nothing lost");
            }
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        let lines = wrap("一二三四五六七八九（十）", 36.0, 10.0, false);
        assert_eq!(lines, vec!["一二三四五六七八九", "（十）"]);
    }

    #[test]
    fn keeps_numbers_whole_and_breaks_at_spaces() {
        let lines = wrap("金额 ¥12,345.00 已付", 20.0, 10.0, false);
        assert!(lines.iter().any(|l| l.contains("12,345.00")), "{lines:?}");
        let lines = wrap("order PO-2026-000123 item A100", 30.0, 10.0, false);
        assert!(lines.iter().any(|l| l.contains("PO-2026-000123")), "{lines:?}");
        assert!(lines.iter().all(|l| !l.starts_with(' ')));
    }

    #[test]
    fn keeps_explicit_breaks_and_cuts_an_overlong_word() {
        assert_eq!(wrap("第一行\n第二行", 100.0, 10.0, false), vec!["第一行", "第二行"]);
        let lines = wrap("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20.0, 10.0, false);
        assert!(lines.len() > 1);
        fits(&lines, 20.0);
        assert_eq!(lines.concat(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    }
}
