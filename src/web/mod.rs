//! The web boundary shared by every page: the error type, page chrome, middleware and extractor
//! configuration. Routes live in [`crate::routes`].

pub mod error;
pub mod extract;
pub mod headers;
pub mod layout;
pub mod links;
pub mod middleware;
pub mod respond;

pub use error::AppError;
pub use layout::Layout;

#[cfg(test)]
mod stylesheet_check;
