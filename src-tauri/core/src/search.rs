//! How free text is indexed and queried. Two FTS5 indexes serve the search
//! box: a trigram index (SQLite's own tokenizer) for terms of three or more
//! characters, and a bigram index of our own for one- and two-character
//! terms, which trigrams cannot find (退款, 王). Both are fed from
//! `SearchDoc`, so the store never decides what is searchable.

use crate::phone;

/// What the search box can find for one case: its number, the customer's
/// name, the phone (as stored and as bare digits) and the content summary.
pub struct SearchDoc {
    /// Raw text for the trigram index.
    pub text: String,
    /// Space-separated bigram tokens for the short-term index.
    pub bigrams: String,
}

pub fn document(case_no: &str, customer_name: &str, phone_no: &str, content: &str) -> SearchDoc {
    let text = format!("{case_no}\n{customer_name}\n{phone_no} {}\n{content}", phone::digits_of(phone_no));
    let bigrams = bigram_tokens(&text);
    SearchDoc { text, bigrams }
}

/// One whitespace-separated term of a query, and the index that answers it.
#[derive(Debug, PartialEq, Eq)]
pub enum Term {
    /// An FTS5 query for the trigram index.
    Trigram(String),
    /// An FTS5 query for the bigram index.
    Bigram(String),
}

/// Splits the search box into terms; all must match. Empty when there is
/// nothing searchable.
pub fn plan(query: &str) -> Vec<Term> {
    query
        .split_whitespace()
        .filter_map(|raw| {
            // People type quotes to mean "this phrase"; every term is a phrase already.
            let raw: String = raw.chars().filter(|c| !"\"“”'‘’".contains(*c)).collect();
            let raw = raw.as_str();
            if raw.chars().count() >= 3 {
                return Some(Term::Trigram(quoted(raw)));
            }
            let kept: String = searchable_chars(raw).collect();
            match kept.chars().count() {
                0 => None,
                1 => Some(Term::Bigram(format!("{}*", quoted(&kept)))),
                _ => Some(Term::Bigram(quoted(&kept))),
            }
        })
        .collect()
}

/// An FTS5 string literal: double quotes, inner quotes doubled.
fn quoted(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

fn searchable_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase)
}

/// Every pair of neighbouring characters inside each run of letters and
/// digits, plus each run's last character alone, so that a one-character
/// query is a prefix query (`"水"*`) and a two-character query is one token.
fn bigram_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut prev: Option<char> = None;
    let push = |out: &mut String, token: &[char]| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(token.iter());
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                if let Some(p) = prev {
                    push(&mut out, &[p, lower]);
                }
                prev = Some(lower);
            }
        } else if let Some(p) = prev.take() {
            push(&mut out, &[p]);
        }
    }
    if let Some(p) = prev {
        push(&mut out, &[p]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_cover_every_pair_and_each_run_end() {
        assert_eq!(bigram_tokens("漏水了, OK"), "漏水 水了 了 ok k");
        assert_eq!(bigram_tokens("王"), "王");
    }

    #[test]
    fn terms_pick_their_index_by_length() {
        assert_eq!(
            plan(" 漏水  王 天花板 2611-0001 \"x “漏水”"),
            vec![
                Term::Bigram("\"漏水\"".into()),
                Term::Bigram("\"王\"*".into()),
                Term::Trigram("\"天花板\"".into()),
                Term::Trigram("\"2611-0001\"".into()),
                Term::Bigram("\"x\"*".into()),
                Term::Bigram("\"漏水\"".into()),
            ]
        );
        assert!(plan("  ，").is_empty());
    }

    #[test]
    fn the_document_holds_phone_digits_too() {
        let doc = document("2611-0001", "王秀英", "010-12345678", "漏水");
        assert!(doc.text.contains("01012345678"));
        assert!(doc.bigrams.contains("秀英"));
    }
}
