//! The web side of authentication: who is making this request, and may they do this.
//!
//! - [`AuthState`] (the `auth` field of [`crate::startup::AppState`]) holds the token keys, the
//!   CSRF key, the rate limiters and the cookie settings.
//! - [`credential`] finds the login token a request carries (bearer header or cookie); the
//!   cookies themselves are made by [`AuthState`].
//! - [`client_ip`] picks the address rate limits are keyed on; [`safe_next`] where to go after
//!   logging in.
//!
//! Beside it in [`crate::web`]: [`super::user`] (the `CurrentUser`, `MaybeUser` and `Curator`
//! extractors), [`super::csrf`] (the CSRF middleware and the `CsrfToken` extractor) and
//! [`super::layout`] (the page chrome, filled from the request).

use std::net::IpAddr;

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::header;
use actix_web::{HttpRequest, web};

use crate::auth::csrf::CsrfKey;
use crate::auth::rate_limit::{AuthLimiter, AuthLimits};
use crate::auth::token::TokenKeys;
use crate::config::Settings;
use crate::startup::AppState;

/// Name of the cookie that holds the login token.
pub const AUTH_COOKIE: &str = "wt_session";
/// Name of the cookie that holds the browser's CSRF id.
pub const CSRF_COOKIE: &str = "wt_csrf";

/// How long a login token (and its cookie) lasts.
pub const TOKEN_LIFETIME: chrono::Duration = chrono::Duration::days(7);

/// Everything the authentication code needs at request time.
#[derive(Debug)]
pub struct AuthState {
    pub keys: TokenKeys,
    pub csrf: CsrfKey,
    pub limiter: AuthLimiter,
    /// Mark cookies `Secure` (serve over HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_proxy: bool,
}

impl AuthState {
    /// State from the application secret and settings.
    pub fn new(
        secret: &[u8],
        token_lifetime: chrono::Duration,
        limits: AuthLimits,
        secure_cookies: bool,
        trust_proxy: bool,
    ) -> Self {
        crate::auth::password::warm_up();
        Self {
            keys: TokenKeys::new(secret, token_lifetime),
            csrf: CsrfKey::derive(secret),
            limiter: AuthLimiter::new(limits),
            secure_cookies,
            trust_proxy,
        }
    }

    /// State from the settings: the JWT secret, `secure_cookies`, `trust_proxy`, rate limits.
    pub fn from_settings(settings: &Settings) -> Self {
        Self::new(
            settings.jwt_secret.expose().as_bytes(),
            TOKEN_LIFETIME,
            settings.auth_limits,
            settings.secure_cookies,
            settings.trust_proxy,
        )
    }

    /// The login cookie for a freshly issued token.
    pub fn login_cookie(&self, token: &str) -> Cookie<'static> {
        Cookie::build(AUTH_COOKIE, token.to_owned())
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure_cookies)
            .max_age(time::Duration::seconds(self.keys.lifetime().num_seconds()))
            .finish()
    }

    /// A cookie that removes the login cookie.
    pub fn logout_cookie(&self) -> Cookie<'static> {
        let mut c = self.login_cookie("");
        c.make_removal();
        c
    }

    /// The CSRF id cookie (lives as long as the browser session).
    pub fn csrf_cookie(&self, id: &str) -> Cookie<'static> {
        Cookie::build(CSRF_COOKIE, id.to_owned())
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure_cookies)
            .finish()
    }
}

/// The app state of a request (registered by [`crate::startup`]).
pub fn app_state(req: &HttpRequest) -> &web::Data<AppState> {
    req.app_data::<web::Data<AppState>>()
        .expect("AppState is registered as app data")
}

/// Where a request's login token came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer <token>`: sent deliberately, so exempt from CSRF checks.
    Bearer(String),
    /// The login cookie: sent by the browser on its own, so state changes need a CSRF token.
    Cookie(String),
    None,
}

/// The credential a request carries. An `Authorization` header wins over the cookie, so a
/// bearer request never acts with the browser's ambient cookie.
pub fn credential(req: &HttpRequest) -> Credential {
    if let Some(h) = req.headers().get(header::AUTHORIZATION) {
        let value = h.to_str().unwrap_or("").trim();
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .unwrap_or("");
        return Credential::Bearer(token.trim().to_owned());
    }
    match req.cookie(AUTH_COOKIE) {
        Some(c) if !c.value().is_empty() => Credential::Cookie(c.value().to_owned()),
        _ => Credential::None,
    }
}

/// The client address rate limits are keyed on: the peer address, or, when `trust_proxy` is
/// set, the right-most address in `X-Forwarded-For` (the one our own proxy appended; entries
/// further left are whatever the client claimed).
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> IpAddr {
    let peer = req
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    if !trust_proxy {
        return peer;
    }
    req.headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer)
}

/// Whether a request is for the JSON API (errors as JSON, 401 instead of a redirect).
pub fn is_api(req: &HttpRequest) -> bool {
    crate::web::middleware::is_api_path(req.path())
}

/// A safe place to go after logging in: a local path, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn bearer_header_wins_over_cookie() {
        let req = TestRequest::default()
            .insert_header((header::AUTHORIZATION, "Bearer abc"))
            .cookie(Cookie::new(AUTH_COOKIE, "xyz"))
            .to_http_request();
        assert_eq!(credential(&req), Credential::Bearer("abc".into()));
        let req = TestRequest::default()
            .cookie(Cookie::new(AUTH_COOKIE, "xyz"))
            .to_http_request();
        assert_eq!(credential(&req), Credential::Cookie("xyz".into()));
        let req = TestRequest::default()
            .insert_header((header::AUTHORIZATION, "Basic Zm9vOmJhcg=="))
            .to_http_request();
        assert_eq!(credential(&req), Credential::Bearer(String::new()));
        assert_eq!(
            credential(&TestRequest::default().to_http_request()),
            Credential::None
        );
    }

    #[test]
    fn client_ip_trusts_forwarded_for_only_when_told() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.1:5000".parse().unwrap())
            .insert_header(("X-Forwarded-For", "1.2.3.4, 203.0.113.7"))
            .to_http_request();
        assert_eq!(
            client_ip(&req, false),
            "10.0.0.1".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client_ip(&req, true),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        let junk = TestRequest::default()
            .peer_addr("10.0.0.1:5000".parse().unwrap())
            .insert_header(("X-Forwarded-For", "garbage"))
            .to_http_request();
        assert_eq!(
            client_ip(&junk, true),
            "10.0.0.1".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(safe_next(Some("/interviews/3?x=1")), "/interviews/3?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_when_configured() {
        let state = AuthState::new(
            b"0123456789abcdef0123456789abcdef",
            chrono::Duration::hours(2),
            AuthLimits::default(),
            true,
            false,
        );
        let c = state.login_cookie("tok");
        assert_eq!(c.http_only(), Some(true));
        assert_eq!(c.same_site(), Some(SameSite::Lax));
        assert_eq!(c.secure(), Some(true));
        assert_eq!(c.path(), Some("/"));
        assert_eq!(c.max_age(), Some(time::Duration::hours(2)));
        let gone = state.logout_cookie();
        assert_eq!(gone.value(), "");
        assert_eq!(gone.max_age(), Some(time::Duration::ZERO));
    }
}
