//! The web boundary shared by every page: the error type, who is asking (the login cookie and
//! token in [`login`], the user extractors in [`user`]), the CSRF check ([`csrf`]), the page
//! chrome, middleware and extractor configuration. Routes live in [`crate::routes`].

pub mod csrf;
pub mod error;
pub mod extract;
pub mod headers;
pub mod layout;
pub mod links;
pub mod login;
pub mod middleware;
pub mod respond;
pub mod user;

pub use error::AppError;
pub use layout::Layout;

#[cfg(test)]
mod stylesheet_check;
