//! Invite codes: random, shown once, stored only as a SHA-256 hash.
//!
//! A code is 20 characters of Crockford base32 (100 random bits), grouped as `XXXXX-XXXXX-...`
//! for reading aloud. Input is normalised before hashing: case, spaces and dashes do not matter,
//! and a whole join link (`.../teams/join/<code>`) is accepted too.

use rand::Rng;
use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LEN: usize = 20;

/// Invite lifetimes a team admin can choose, in days.
pub const EXPIRY_CHOICES: [i64; 4] = [1, 7, 30, 90];
pub const DEFAULT_EXPIRY_DAYS: i64 = 7;

/// A fresh code, grouped for display.
pub fn generate() -> String {
    let mut rng = rand::rng();
    let raw: String = (0..LEN)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    group(&raw)
}

fn group(raw: &str) -> String {
    raw.as_bytes()
        .chunks(5)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The code in `input` (a code or a join link), normalised, or `None` when it cannot be one.
pub fn normalise(input: &str) -> Option<String> {
    let input = input.trim();
    let tail = input.rsplit('/').next().unwrap_or(input);
    let code: String = tail
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    (code.len() == LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// The SHA-256 of a normalised code: what the database stores and looks up.
pub fn hash(normalised: &str) -> Vec<u8> {
    Sha256::digest(normalised.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_grouped_normalisable_and_distinct() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), LEN + 3);
        assert_eq!(a.matches('-').count(), 3);
        let n = normalise(&a).unwrap();
        assert_eq!(n, a.replace('-', ""));
    }

    #[test]
    fn input_forgives_case_dashes_links_and_lookalikes() {
        let code = "ABCDE-FGHJK-MNPQR-STVWX";
        let want = normalise(code).unwrap();
        assert_eq!(
            normalise("abcde fghjk mnpqr stvwx").as_deref(),
            Some(want.as_str())
        );
        assert_eq!(
            normalise("http://127.0.0.1:8080/teams/join/ABCDE-FGHJK-MNPQR-STVWX").as_deref(),
            Some(want.as_str())
        );
        assert_eq!(
            normalise("0o1il-00000-00000-0000A").as_deref(),
            Some(concat!("00111", "00000", "00000", "0000A"))
        );
        assert_eq!(
            hash(&want),
            hash(&normalise(" abcdefghjkmnpqrstvwx ").unwrap())
        );
    }

    #[test]
    fn malformed_codes_are_refused() {
        assert_eq!(normalise(""), None);
        assert_eq!(normalise("ABC"), None);
        assert_eq!(
            normalise("ABCDE-FGHJK-MNPQR-STVWU"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(normalise("ABCDE-FGHJK-MNPQR-STVWXY"), None);
    }
}
