//! Validation of registration input, with one message per field for the form and the API.

use super::common_passwords;
use super::password::MAX_PASSWORD_BYTES;

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest email accepted, in characters.
pub const MAX_EMAIL_CHARS: usize = 254;

/// Registration input as typed.
#[derive(Debug, Clone, Default)]
pub struct Registration<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub password_confirm: &'a str,
}

/// Field errors; all `None` means the input is acceptable.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FieldErrors {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_confirm: Option<String>,
}

impl FieldErrors {
    /// Whether there is no error at all.
    pub fn is_empty(&self) -> bool {
        self.username.is_none()
            && self.email.is_none()
            && self.password.is_none()
            && self.password_confirm.is_none()
    }
}

/// Checks a username: 3 to 32 characters from `A-Z a-z 0-9 _ . -`.
pub fn username(u: &str) -> Option<String> {
    let n = u.chars().count();
    if !(3..=32).contains(&n) {
        return Some("Username must be 3 to 32 characters long.".into());
    }
    if !u
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Some("Username may contain only letters, digits, '_', '.' and '-'.".into());
    }
    None
}

/// Checks an email loosely: one `@` with text on both sides, a dot in the domain, no spaces or
/// control characters, at most 254 characters. Anything else is stored exactly as typed.
pub fn email(e: &str) -> Option<String> {
    if e.is_empty() {
        return Some("Email is required.".into());
    }
    if e.chars().count() > MAX_EMAIL_CHARS {
        return Some(format!(
            "Email must be at most {MAX_EMAIL_CHARS} characters."
        ));
    }
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    (!ok).then(|| "Enter an email address like name@example.com.".into())
}

/// The message for a password on the common-password list.
pub const COMMON_PASSWORD: &str = "This password is one of the most commonly used passwords, \
     which attackers try first. Choose another (a few unrelated words make a strong one).";

/// Checks a new password and its confirmation: length, and not on the common-password list.
pub fn password(p: &str, confirm: &str) -> (Option<String>, Option<String>) {
    let first = if p.chars().count() < MIN_PASSWORD_CHARS {
        Some(format!(
            "Password must be at least {MIN_PASSWORD_CHARS} characters long."
        ))
    } else if p.len() > MAX_PASSWORD_BYTES {
        Some(format!(
            "Password must be at most {MAX_PASSWORD_BYTES} bytes long."
        ))
    } else if common_passwords::is_common(p) {
        Some(COMMON_PASSWORD.to_string())
    } else {
        None
    };
    let second = (p != confirm).then(|| "The two passwords do not match.".to_string());
    (first, second)
}

/// Checks a whole registration. The username and email are checked as given (callers trim
/// surrounding whitespace first, if they want to).
pub fn registration(r: &Registration<'_>) -> FieldErrors {
    let (password, password_confirm) = password(r.password, r.password_confirm);
    FieldErrors {
        username: username(r.username),
        email: email(r.email),
        password,
        password_confirm,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(username("bob"), None);
        assert_eq!(username("A.b_c-9"), None);
        assert_eq!(username(&"x".repeat(32)), None);
        assert!(username("ab").unwrap().contains("3 to 32"));
        assert!(username(&"x".repeat(33)).unwrap().contains("3 to 32"));
        assert!(username("<script>").unwrap().contains("only letters"));
        assert!(username("bob'; DROP TABLE users;--").is_some());
        assert!(username("with space").is_some());
        assert!(username("émile").unwrap().contains("only letters"));
        assert!(
            username("a@b").is_some(),
            "no @ so login names never look like emails"
        );
    }

    #[test]
    fn emails() {
        assert_eq!(email("a@b.co"), None);
        assert_eq!(email("o'brien+<tag>@example.com"), None, "stored as typed");
        assert!(email("").unwrap().contains("required"));
        assert!(email("no-at.example.com").is_some());
        assert!(email("@example.com").is_some());
        assert!(email("a@localhost").is_some());
        assert!(email("a@b@c.com").is_some());
        assert!(email("a b@c.com").is_some());
        assert!(email("a@.com").is_some());
        assert!(email(&format!("{}@example.com", "x".repeat(250))).is_some());
    }

    #[test]
    fn passwords() {
        assert_eq!(password("0123456789x", "0123456789x"), (None, None));
        let (p, c) = password("short", "short");
        assert!(p.unwrap().contains("at least 10"));
        assert_eq!(c, None);
        let (p, c) = password("0123456789x", "0123456780x");
        assert_eq!(p, None);
        assert!(c.unwrap().contains("do not match"));
        let long = "x".repeat(MAX_PASSWORD_BYTES + 1);
        assert!(password(&long, &long).0.unwrap().contains("at most"));
        // On the common-password list, in any case.
        let (p, c) = password("QWERTYUIOP", "QWERTYUIOP");
        assert_eq!(p.as_deref(), Some(COMMON_PASSWORD));
        assert_eq!(c, None);
        assert!(password("0123456789", "0123456789").0.is_some());
        // Ten characters, more bytes: counted in characters.
        assert_eq!(password("ééééééééé1", "ééééééééé1"), (None, None));
    }

    #[test]
    fn registration_collects_every_field_error() {
        let e = registration(&Registration {
            username: "x",
            email: "nope",
            password: "short",
            password_confirm: "other",
        });
        assert!(e.username.is_some() && e.email.is_some());
        assert!(e.password.is_some() && e.password_confirm.is_some());
        assert!(!e.is_empty());
        let ok = registration(&Registration {
            username: "alice",
            email: "alice@example.com",
            password: "long enough pw",
            password_confirm: "long enough pw",
        });
        assert!(ok.is_empty());
    }
}
