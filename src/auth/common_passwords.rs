//! The list of common passwords new passwords are checked against.
//!
//! `common-passwords.txt` holds the 10,000 most common entries (the first 10,000 lines, most
//! common first) of the list Django ships as `django/contrib/auth/common-passwords.txt.gz`
//! (Django 5.2, BSD-3-Clause): Royce Williams' list of 20,000 passwords from public breach
//! corpora, lowercased and deduplicated. Only entries at least as long as the minimum length
//! can ever match, but the list is kept whole so a later change of that minimum needs no new list.

use std::collections::HashSet;
use std::sync::LazyLock;

static LIST: &str = include_str!("common-passwords.txt");

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| LIST.lines().filter(|l| !l.is_empty()).collect());

/// How many passwords the list holds.
pub fn count() -> usize {
    COMMON.len()
}

/// Whether `password` is on the list, ignoring case and surrounding whitespace.
pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.trim().to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_ten_thousand_lowercase_passwords() {
        assert_eq!(count(), 10_000);
        assert!(LIST.lines().all(|l| l == l.to_lowercase()));
    }

    #[test]
    fn common_passwords_are_found_in_any_case() {
        for p in [
            "password",
            "1234567890",
            "QwertyUiop",
            " basketball ",
            "password12",
        ] {
            assert!(is_common(p), "{p}");
        }
        for p in ["a good long password", "correct horse battery staple", ""] {
            assert!(!is_common(p), "{p}");
        }
    }
}
