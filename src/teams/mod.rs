//! Teams: creating them, invites, membership and roles, and reading their leaderboards.
//!
//! [`roles`] and [`invite`] are pure rules; [`service`] checks them and calls [`crate::db::teams`]
//! and [`crate::db::leaderboard`]. Pages and the JSON API both go through [`service`]. A team is
//! visible to its members only: to anyone else every team URL is a 404, so ids do not leak.

pub mod invite;
pub mod roles;
pub mod service;

pub use roles::Role;
pub use service::TeamError;

/// Longest team name, in characters.
pub const MAX_NAME: usize = 64;

/// A team name, trimmed, or why it is not acceptable.
pub fn validate_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("A team needs a name.".into());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("A team name has at most {MAX_NAME} characters."));
    }
    if name.chars().any(char::is_control) {
        return Err("A team name cannot contain control characters.".into());
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(validate_name("  Platform  ").unwrap(), "Platform");
        assert!(validate_name("   ").is_err());
        assert!(validate_name(&"x".repeat(65)).is_err());
        assert!(validate_name(&"é".repeat(64)).is_ok());
        assert!(validate_name("a\u{7}b").is_err());
    }
}
