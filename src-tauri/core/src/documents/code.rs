//! 验证码: a short keyed hash (HMAC-SHA256) of what a certificate is for —
//! its number, case, amount and date. The key is made once per
//! installation (stored in the database's settings, so every workstation
//! of the department checks the same codes) and never leaves it, so a
//! code cannot be made up or moved to another document.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Crockford's base 32: no I, L, O, U, so a code read aloud or typed from
/// paper is not mistaken.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 12 characters = 60 bits, printed as XXXX-XXXX-XXXX.
const LENGTH: usize = 12;

/// What the code vouches for.
pub struct Vouched<'a> {
    pub number: &'a str,
    /// The document kind's code (scheme 2 on).
    pub kind: &'a str,
    pub case_no: &'a str,
    pub amount_fen: Option<i64>,
    /// Whom a certificate pays, as printed (scheme 2 on; empty for others).
    pub payee: &'a str,
    /// YYYY-MM-DD, China time.
    pub date: &'a str,
}

/// The scheme new documents are issued under. Scheme 1 vouched for number,
/// case, amount and date; scheme 2 also for the kind and the payee, so a
/// code cannot be moved to another kind of paper or another name. A
/// document keeps the scheme it was issued under (`code_version`), so
/// papers issued before still verify.
pub const VERSION: i64 = 2;

pub fn compute(key: &[u8], version: i64, v: &Vouched) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    let amount = v.amount_fen.map(|a| a.to_string()).unwrap_or_default();
    let text = match version {
        1 => format!("{}|{}|{}|{}", v.number, v.case_no, amount, v.date),
        _ => format!("{version}|{}|{}|{}|{}|{}|{}", v.kind, v.number, v.case_no, amount, v.date, v.payee),
    };
    mac.update(text.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut bits: u128 = 0;
    for b in &digest[..10] {
        bits = (bits << 8) | *b as u128;
    }
    let mut code = String::with_capacity(LENGTH + 2);
    for i in 0..LENGTH {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        let index = (bits >> (80 - 5 * (i + 1))) & 31;
        code.push(ALPHABET[index as usize] as char);
    }
    code
}

/// A code as typed: any case, with or without dashes and spaces; O, I and L
/// read as 0, 1 and 1. `None` when it cannot be a code.
pub fn normalize(typed: &str) -> Option<String> {
    let mut chars = String::new();
    for c in typed.chars().filter(|c| !matches!(c, '-' | ' ' | '－' | '—')) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        chars.push(c);
    }
    if chars.len() != LENGTH {
        return None;
    }
    Some(chars.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).expect("ascii")).collect::<Vec<_>>().join("-"))
}

/// A fresh random key for this installation (hex).
pub fn new_key() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut key = [0u8; 32];
    OsRng.fill_bytes(&mut key);
    key.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vouched(amount: i64) -> Vouched<'static> {
        Vouched {
            number: "ZR-2611-0001",
            kind: "allowance_certificate",
            case_no: "2611-0007",
            amount_fen: Some(amount),
            payee: "张三",
            date: "2026-11-23",
        }
    }

    #[test]
    fn depends_on_the_key_and_on_every_vouched_field() {
        let code = compute(b"key one", VERSION, &vouched(1_234_500));
        assert_eq!(code.len(), 14);
        assert_eq!(code, compute(b"key one", VERSION, &vouched(1_234_500)), "stable");
        assert_ne!(code, compute(b"key two", VERSION, &vouched(1_234_500)), "another installation");
        assert_ne!(code, compute(b"key one", VERSION, &vouched(1_234_501)), "another amount");
        for other in [
            Vouched { case_no: "2611-0008", ..vouched(1_234_500) },
            Vouched { kind: "refund_certificate", ..vouched(1_234_500) },
            Vouched { payee: "李四", ..vouched(1_234_500) },
            Vouched { number: "ZR-2611-0002", ..vouched(1_234_500) },
            Vouched { date: "2026-11-24", ..vouched(1_234_500) },
        ] {
            assert_ne!(code, compute(b"key one", VERSION, &other));
        }
    }

    #[test]
    fn a_code_of_the_first_scheme_still_computes_as_issued() {
        // Scheme 1 did not vouch for kind and payee: documents issued then keep verifying.
        let first = compute(b"key one", 1, &vouched(1_234_500));
        assert_eq!(first, compute(b"key one", 1, &Vouched { kind: "", payee: "", ..vouched(1_234_500) }));
        assert_ne!(first, compute(b"key one", VERSION, &vouched(1_234_500)));
    }

    #[test]
    fn reads_a_code_as_people_type_it() {
        assert_eq!(normalize("abcd efgh jk01").as_deref(), Some("ABCD-EFGH-JK01"));
        assert_eq!(normalize("ABCD-EFGH-JKOl").as_deref(), Some("ABCD-EFGH-JK01"));
        assert_eq!(normalize("ABCD-EFGH"), None);
        assert_eq!(normalize("ABCD-EFGH-JKU1"), None, "U is not in the alphabet");
    }
}
