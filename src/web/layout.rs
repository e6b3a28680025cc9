//! [`Layout`]: what `templates/base.html` needs from every page (login state, active nav item).
//!
//! Every page struct has a `layout: Layout` field; the base template reads `layout.*`. `Layout`
//! is also an extractor: a page handler takes `layout: Layout` and gets the signed-in user's name
//! and the CSRF token for the header's log-out form.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev};

use super::AppError;
use super::csrf::CsrfToken;
use super::user::resolve;

/// The chrome around a page: who is logged in and which nav item is current.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The logged-in user's name, `None` when anonymous.
    pub user: Option<String>,
    /// CSRF token for the log-out form in the header (empty when anonymous).
    pub csrf: String,
    /// Which nav item to mark current: `practice`, `questions`, `history`, `interviews`, `teams`,
    /// or empty for none.
    pub active: &'static str,
    /// Whether the logged-in user is a curator (the header links the curator's queue).
    pub curator: bool,
}

impl Layout {
    /// An anonymous visitor with no nav item selected (error pages, the landing page).
    pub fn anonymous() -> Layout {
        Layout::default()
    }

    /// The chrome for signed-in `user`, with `csrf` for the log-out form and `active` marked.
    pub fn signed_in(user: &crate::db::users::User, csrf: &str, active: &'static str) -> Layout {
        Layout {
            user: Some(user.username.clone()),
            csrf: csrf.to_string(),
            active,
            curator: user.curator,
        }
    }

    /// Marks `item` as the current nav item.
    pub fn with_active(mut self, item: &'static str) -> Layout {
        self.active = item;
        self
    }
}

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
