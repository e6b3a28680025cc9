//! The address of this site in links that leave it (candidate and report links, team invites).
//!
//! A request's `Host` and `X-Forwarded-Host` headers are chosen by whoever sends the request: a
//! link built from them can point at another site (a poisoned link the owner then shares). So
//! links use `WHETSTONE_PUBLIC_URL`; without it, the forwarded host only behind a trusted proxy
//! (`WHETSTONE_TRUST_PROXY`), else the address the server listens on.

use actix_web::HttpRequest;

use crate::config::Settings;

/// `scheme://host[:port][/prefix]` of this site, without a trailing slash.
pub fn public_base(req: &HttpRequest, settings: &Settings) -> String {
    if let Some(url) = &settings.public_url {
        return url.clone();
    }
    if settings.trust_proxy {
        let conn = req.connection_info();
        return format!("{}://{}", conn.scheme(), conn.host());
    }
    format!("http://{}", req.app_config().local_addr())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn settings() -> Settings {
        Settings::for_tests("postgres://unused".into())
    }

    fn hostile() -> HttpRequest {
        TestRequest::default()
            .insert_header(("Host", "evil.example"))
            .insert_header(("X-Forwarded-Host", "evil.example"))
            .insert_header(("X-Forwarded-Proto", "https"))
            .to_http_request()
    }

    #[test]
    fn the_configured_public_url_wins_over_any_header() {
        let mut s = settings();
        s.public_url = Some("https://ws.example".into());
        s.trust_proxy = true;
        assert_eq!(public_base(&hostile(), &s), "https://ws.example");
    }

    #[test]
    fn request_headers_are_ignored_without_a_trusted_proxy() {
        let base = public_base(&hostile(), &settings());
        assert!(!base.contains("evil"), "{base}");
        assert!(base.starts_with("http://"), "{base}");
    }

    #[test]
    fn a_trusted_proxy_supplies_the_host() {
        let mut s = settings();
        s.trust_proxy = true;
        assert_eq!(public_base(&hostile(), &s), "https://evil.example");
    }
}
