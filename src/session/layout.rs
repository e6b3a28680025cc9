//! Filling the page chrome: `Layout` is an extractor, so a page handler takes `layout: Layout`
//! and gets the logged-in user's name and the CSRF token for the header's log-out form.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev};

use super::csrf::CsrfToken;
use super::user::resolve;
use crate::web::{AppError, Layout};

impl Layout {
    /// The chrome for this request: who is logged in, and the CSRF token.
    pub async fn for_request(req: &HttpRequest) -> Result<Layout, AppError> {
        let user = resolve(req).await?;
        let csrf = CsrfToken::for_request(req)?.0;
        Ok(match user {
            Some(u) => Layout::signed_in(&u.user, &csrf, ""),
            None => Layout {
                csrf,
                ..Layout::anonymous()
            },
        })
    }
}

impl FromRequest for Layout {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Layout::for_request(&req).await })
    }
}
