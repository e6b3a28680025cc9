//! Persistence: small functions over a `PgPool`, one module per table group.

pub mod users;
