//! What may reach the log from text we do not control (a panic's message):
//! anything that could be a customer's name, phone, address or the words of
//! a case is taken out. The log is read by IT and sent to support, so it
//! holds only what the program itself says.
//!
//! The rules, in order:
//! - text in double quotes (how `{:?}` shows a `String`: an error's message,
//!   a field's value) becomes `"…"`;
//! - every character outside printable ASCII becomes `?` (a run of them one
//!   `?`): Chinese names, addresses and case texts go, the program's own
//!   English words (`called Option::unwrap()`) stay;
//! - a number of 5 or more digits becomes `#`, separators and all (phones,
//!   ID and account numbers; line numbers and small counts stay);
//! - an `@` word (an e-mail address) becomes `<email>`;
//! - the result is cut to `MAX_CHARS`.

/// Enough for a panic's own words; a dump of a record is cut off.
pub const MAX_CHARS: usize = 300;

/// A run of at least this many digits could be a phone or an ID number.
const LONG_NUMBER: usize = 5;

pub fn scrub(text: &str) -> String {
    let unquoted = drop_quoted(text);
    let ascii = only_ascii(&unquoted);
    let numbers = mask_long_numbers(&ascii);
    let mails = mask_emails(&numbers);
    cut(&mails, MAX_CHARS)
}

/// `"..."` → `"…"`, honouring `\"` inside (Debug output escapes them).
fn drop_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        out.push_str("\"…\"");
        let mut escaped = false;
        for inner in chars.by_ref() {
            match inner {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => break,
                _ => {}
            }
        }
    }
    out
}

fn only_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let keep = c.is_ascii_graphic() || c == ' ' || c == '…';
        if keep {
            out.push(c);
        } else if !out.ends_with('?') {
            out.push(if c.is_whitespace() { ' ' } else { '?' });
        }
    }
    out
}

/// A number written with separators (`138-1234-5678`, `138 1234 5678`,
/// `(010) 8888 6666`) counts as one: its digits together decide.
fn mask_long_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = 0;
        let mut end = i;
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                digits += 1;
                i += 1;
                end = i;
            } else if "- ().".contains(chars[i]) && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit() || "( ".contains(*c)) {
                i += 1;
            } else {
                break;
            }
        }
        if digits >= LONG_NUMBER {
            out.push('#');
        } else {
            out.extend(&chars[start..end]);
        }
        i = end;
    }
    out
}

fn mask_emails(text: &str) -> String {
    text.split(' ')
        .map(|word| if word.contains('@') { "<email>" } else { word })
        .collect::<Vec<_>>()
        .join(" ")
}

fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_debug_printed_error_loses_its_message() {
        let panic = r#"called `Result::unwrap()` on an `Err` value: AppError { code: Validation, message: "客户 Zhang San 的电话 13812345678 已登记", field: Some("customerPhone") }"#;
        let scrubbed = scrub(panic);
        assert_eq!(
            scrubbed,
            r#"called `Result::unwrap()` on an `Err` value: AppError { code: Validation, message: "…", field: Some("…") }"#
        );
    }

    #[test]
    fn names_phones_and_mail_outside_quotes_are_masked() {
        let scrubbed = scrub("no customer 王小明 at +86 138-1234-5678 or 13812345678, (010) 8888 6666, mail li.si@example.cn, line 42");
        assert_eq!(scrubbed, "no customer ? at +# or #, (#, mail <email> line 42");
    }

    #[test]
    fn an_escaped_quote_does_not_end_the_quoted_text() {
        assert_eq!(scrub(r#"bad "a \" 13812345678 张三" end"#), r#"bad "…" end"#);
    }

    #[test]
    fn long_text_is_cut() {
        let long = "x".repeat(1000);
        let scrubbed = scrub(&long);
        assert_eq!(scrubbed.chars().count(), MAX_CHARS + 1);
        assert!(scrubbed.ends_with('…'));
    }

    #[test]
    fn the_programs_own_words_stay() {
        let own = "index out of bounds: the len is 3 but the index is 7";
        assert_eq!(scrub(own), own);
    }
}
