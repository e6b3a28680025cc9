//! Database access: small functions over a `PgPool` or a transaction, checked at compile time.

pub mod answers;
pub mod interviews;
pub mod questions;
