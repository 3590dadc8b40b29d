//! How free text is indexed and queried. Every backend has two indexes
//! behind the search box: a trigram index (SQLite's FTS5 trigram tokenizer,
//! PostgreSQL's pg_trgm) for terms of three or more characters, and an index
//! of our own for one- and two-character terms, which trigrams cannot find
//! (退款, 王). Both are fed from `SearchDoc`, and a query is split by `plan`,
//! so no store decides what is searchable.

use crate::phone;

/// What the search box can find for one case: its number, the customer's
/// name, the phone (as stored and as bare digits) and the content summary.
pub struct SearchDoc {
    /// Raw text for the trigram index.
    pub text: String,
    /// Space-separated bigram tokens for SQLite's short-term index.
    pub bigrams: String,
    /// The distinct one- and two-character grams, for an array index
    /// (PostgreSQL): a short term is found exactly when it is one of them.
    pub short_grams: Vec<String>,
    /// The same grams as one string (`runs_of`): each run of letters and
    /// digits lower-cased, one space between runs. A short term is one of
    /// `short_grams` exactly when it occurs in this string (PostgreSQL's
    /// store indexes the grams of it and checks single cases against it).
    pub runs: String,
}

pub fn document(case_no: &str, customer_name: &str, phone_no: &str, content: &str) -> SearchDoc {
    let text = format!("{case_no}\n{customer_name}\n{phone_no} {}\n{content}", phone::digits_of(phone_no));
    let bigrams = bigram_tokens(&text);
    let short_grams = short_grams(&text);
    let runs = runs_of(&text);
    SearchDoc { text, bigrams, short_grams, runs }
}

/// One whitespace-separated term of a query, and the index that answers it.
/// The text is raw: each store quotes it in its own query language.
#[derive(Debug, PartialEq, Eq)]
pub enum Term {
    /// Three or more characters, found as a substring (case-insensitive).
    Trigram(String),
    /// One or two letters or digits (lower-cased, punctuation dropped),
    /// found as a gram of the short-term index.
    Short(String),
}

/// Splits the search box into terms; all must match. Empty when there is
/// nothing searchable.
pub fn plan(query: &str) -> Vec<Term> {
    // Typed as stored: full-width digits and letters as ordinary ones (see `validate::clean`).
    crate::validate::clean(query)
        .split_whitespace()
        .filter_map(|raw| {
            // People type quotes to mean "this phrase"; every term is a phrase already.
            let raw: String = raw.chars().filter(|c| !"\"“”'‘’".contains(*c)).collect();
            let raw = raw.as_str();
            if raw.chars().count() >= 3 {
                return Some(Term::Trigram(raw.to_string()));
            }
            let kept: String = searchable_chars(raw).collect();
            (!kept.is_empty()).then_some(Term::Short(kept))
        })
        .collect()
}

/// The words a query looks for, as `plan` splits them, for the sheet to
/// mark where they occur (each found case-insensitively as a substring).
pub fn terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for term in plan(query) {
        let (Term::Trigram(t) | Term::Short(t)) = term;
        if !terms.contains(&t) {
            terms.push(t);
        }
    }
    terms
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

/// Every character and every pair of neighbouring characters inside each
/// run of letters and digits (lower-cased), each once: the same terms the
/// bigram tokens find, as array elements instead of prefix queries.
fn short_grams(text: &str) -> Vec<String> {
    let mut grams = std::collections::BTreeSet::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            prev = None;
            continue;
        }
        for lower in c.to_lowercase() {
            grams.insert(lower.to_string());
            if let Some(p) = prev {
                grams.insert(format!("{p}{lower}"));
            }
            prev = Some(lower);
        }
    }
    grams.into_iter().collect()
}

/// Each run of letters and digits, lower-cased as `short_grams` lowers it,
/// one space between runs: its characters other than the space, and its
/// neighbouring pairs without one, are exactly `short_grams`.
pub fn runs_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
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
                Term::Short("漏水".into()),
                Term::Short("王".into()),
                Term::Trigram("天花板".into()),
                Term::Trigram("2611-0001".into()),
                Term::Short("x".into()),
                Term::Short("漏水".into()),
            ]
        );
        assert!(plan("  ，").is_empty());
        assert_eq!(plan("１３８ ｐｃｂ"), vec![Term::Trigram("138".into()), Term::Trigram("pcb".into())]);
    }

    #[test]
    fn terms_are_the_planned_words_once_each() {
        assert_eq!(terms(" 漏水  \"天花板” 漏水 ｐｃｂ ，"), vec!["漏水", "天花板", "pcb"]);
        assert!(terms("   ").is_empty());
    }

    #[test]
    fn the_document_holds_phone_digits_too() {
        let doc = document("2611-0001", "王秀英", "010-12345678", "漏水");
        assert!(doc.text.contains("01012345678"));
        assert!(doc.bigrams.contains("秀英"));
        assert!(doc.short_grams.contains(&"秀英".to_string()));
        assert!(doc.short_grams.contains(&"王".to_string()));
    }

    #[test]
    fn the_runs_hold_exactly_the_short_grams() {
        for text in ["漏水了, OK 水", "", " ，", "İstanbul 2611-0001\n王秀英\n010-12345678 01012345678\n楼上ＡＢ漏水", "a", "ẞ ß Σσς"] {
            let doc = document("", "", "", text);
            assert!(!doc.runs.starts_with(' ') && !doc.runs.ends_with(' ') && !doc.runs.contains("  "), "{:?}", doc.runs);
            let chars: Vec<char> = doc.runs.chars().collect();
            let mut grams = std::collections::BTreeSet::new();
            for (i, c) in chars.iter().enumerate() {
                if *c != ' ' {
                    grams.insert(c.to_string());
                    if let Some(next) = chars.get(i + 1).filter(|n| **n != ' ') {
                        grams.insert(format!("{c}{next}"));
                    }
                }
            }
            assert_eq!(grams.into_iter().collect::<Vec<_>>(), doc.short_grams, "{text:?}");
        }
    }

    #[test]
    fn short_grams_are_every_char_and_pair_once() {
        let doc = document("", "", "", "漏水了, OK 水");
        let grams: Vec<&str> = doc.short_grams.iter().map(String::as_str).collect();
        for expected in ["漏", "水", "了", "漏水", "水了", "o", "k", "ok"] {
            assert!(grams.contains(&expected), "{expected} in {grams:?}");
        }
        assert!(!grams.contains(&"了o"), "no pair across punctuation");
        assert_eq!(grams.iter().filter(|g| **g == "水").count(), 1);
    }
}
