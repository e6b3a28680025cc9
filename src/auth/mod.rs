//! Authentication building blocks with no web framework or database in them: password hashing,
//! login tokens, CSRF tokens, shared-link tokens, login/registration rate limits, the login
//! backoff and the common-password list. The web side (cookies, extractors, middleware) lives in
//! [`crate::web`] (`login`, `user`, `csrf`); persistence in [`crate::db::users`].

pub mod backoff;
pub mod common_passwords;
pub mod csrf;
pub mod links;
pub mod password;
pub mod rate_limit;
pub mod token;
pub mod validate;
