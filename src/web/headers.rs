//! Security headers on every response: pages, JSON, error pages and static files.
//!
//! The Content-Security-Policy allows scripts, styles, images and connections from this site
//! only: no inline `<script>`, no `on*=` handlers, no `style=` attributes, no `javascript:`
//! links (templates keep scripts in `static/*.js` and styles in `static/style.css`; a test walks
//! every template for them). Pages cannot be framed (`frame-ancestors 'none'` and
//! `X-Frame-Options: DENY`), forms post only here, and browsers get no camera, microphone,
//! location or payment access.

use actix_web::middleware::DefaultHeaders;

/// The Content-Security-Policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Browser features no page needs.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), \
     usb=(), serial=(), bluetooth=(), interest-cohort=()";

/// HSTS for sites served over HTTPS: one year, subdomains included.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// Every security header; `https` adds `Strict-Transport-Security`.
pub fn security_headers(https: bool) -> Vec<(&'static str, &'static str)> {
    let mut headers = vec![
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ];
    if https {
        headers.push(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY));
    }
    headers
}

/// The middleware that adds [`security_headers`] to every response that lacks them.
pub fn middleware(https: bool) -> DefaultHeaders {
    security_headers(https)
        .into_iter()
        .fold(DefaultHeaders::new(), |m, h| m.add(h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_policy_forbids_inline_script_and_framing() {
        assert!(CONTENT_SECURITY_POLICY.starts_with("default-src 'self'"));
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
        assert!(CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
        let names: Vec<_> = security_headers(false).iter().map(|h| h.0).collect();
        assert!(!names.contains(&"Strict-Transport-Security"));
        let names: Vec<_> = security_headers(true).iter().map(|h| h.0).collect();
        assert!(names.contains(&"Strict-Transport-Security"));
    }

    /// Everything in a template the policy would block.
    fn inline_code(html: &str) -> Vec<String> {
        let mut found = Vec::new();
        // a <script> must load a file and hold nothing itself
        let script = regex::Regex::new(r"(?is)<script\b([^>]*)>(.*?)</script>").unwrap();
        for c in script.captures_iter(html) {
            if !c[1].contains("src=") || !c[2].trim().is_empty() {
                found.push(c[0].to_string());
            }
        }
        for rule in [
            r"(?i)<script\b[^>]*>\s*$",
            r#"(?i)\son[a-z]+\s*="#,
            r"(?i)\sstyle\s*=",
            r"(?i)javascript:",
            r"(?i)<style\b",
        ] {
            let re = regex::Regex::new(rule).unwrap();
            found.extend(re.find_iter(html).map(|m| m.as_str().to_string()));
        }
        found
    }

    /// Everything in a script that would need `unsafe-eval` or `unsafe-inline`.
    fn unsafe_script(js: &str) -> Vec<String> {
        let re = regex::Regex::new(
            r#"(?i)\beval\s*\(|new\s+Function\s*\(|setAttribute\(\s*["'](style|on[a-z]+)["']|javascript:|\.innerHTML\s*=|set(Timeout|Interval)\(\s*["']"#,
        )
        .unwrap();
        re.find_iter(js).map(|m| m.as_str().to_string()).collect()
    }

    #[test]
    fn the_checker_finds_inline_code() {
        assert!(!inline_code("<script>alert(1)</script>").is_empty());
        assert!(!inline_code("<a href=\"javascript:x()\">").is_empty());
        assert!(!inline_code("<b onclick=\"x()\">").is_empty());
        assert!(!inline_code("<span style=\"width: 3%\">").is_empty());
        assert!(!inline_code("<style>p{}</style>").is_empty());
        assert!(inline_code("<script src=\"/static/a.js\" defer></script>").is_empty());
        assert!(inline_code("<p class=\"onboarding\">").is_empty());
        assert!(!unsafe_script("el.innerHTML = x;").is_empty());
        assert!(!unsafe_script("setTimeout(\"go()\", 5)").is_empty());
        assert!(!unsafe_script("el.setAttribute('onclick', f)").is_empty());
        assert!(unsafe_script("setTimeout(check, 2000); el.textContent = x;").is_empty());
    }

    #[test]
    fn no_template_or_script_needs_what_the_policy_blocks() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("templates"), root.join("static")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("html" | "js")
                ) {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 20, "found {} files", files.len());
        let mut problems = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let found = if path.extension().is_some_and(|e| e == "js") {
                unsafe_script(&text)
            } else {
                inline_code(&text)
            };
            for found in found {
                problems.push(format!("{}: {found}", path.display()));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
