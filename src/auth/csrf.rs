//! CSRF tokens: a signed double-submit cookie, bound to the login session when there is one.
//!
//! Every browser gets a random CSRF id in an HttpOnly cookie (`wt_csrf`). The token a form (or an
//! `X-CSRF-Token` header) must carry is `HMAC-SHA256(key, id ‖ binding)`, where `binding` is the
//! `jti` of the login token in the cookie, or empty when nobody is logged in. The server
//! recomputes it from the cookie and compares in constant time ([`subtle`]). So:
//! - another site cannot read the token (same-origin policy) and cannot compute it (no key);
//! - a cookie planted by a sibling subdomain is useless without a matching HMAC;
//! - a token taken from one login session does not work in another (binding to `jti`).
//!
//! The key is derived from the application secret, so CSRF tokens and JWTs never share a key.
//! This module is pure; the middleware that enforces it is [`crate::web::csrf`].

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Name of the form field that carries the token.
pub const FORM_FIELD: &str = "csrf_token";
/// Name of the header that carries the token (for scripts and htmx).
pub const HEADER: &str = "X-CSRF-Token";

/// The key CSRF tokens are signed with.
#[derive(Clone)]
pub struct CsrfKey([u8; 32]);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey(..)")
    }
}

impl CsrfKey {
    /// Derives the CSRF key from the application secret (domain-separated from JWT signing).
    pub fn derive(app_secret: &[u8]) -> Self {
        let mut mac = HmacSha256::new_from_slice(app_secret).expect("HMAC accepts any key length");
        mac.update(b"whetstone csrf key v1");
        Self(mac.finalize().into_bytes().into())
    }

    /// The token for a browser's CSRF id and session binding.
    pub fn token(&self, csrf_id: &str, binding: &str) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(csrf_id, binding))
    }

    /// Whether `presented` is the right token for this id and binding (constant time).
    pub fn verify(&self, csrf_id: &str, binding: &str, presented: &str) -> bool {
        if csrf_id.is_empty() {
            return false;
        }
        let Ok(given) = URL_SAFE_NO_PAD.decode(presented.trim()) else {
            return false;
        };
        let expected = self.mac(csrf_id, binding);
        given.len() == expected.len() && bool::from(given.ct_eq(&expected))
    }

    fn mac(&self, csrf_id: &str, binding: &str) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC accepts any key length");
        // Length-prefix the id so (id, binding) pairs cannot be shifted into each other.
        mac.update(&(csrf_id.len() as u64).to_be_bytes());
        mac.update(csrf_id.as_bytes());
        mac.update(binding.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// A fresh random CSRF id for the cookie (256 bits, URL-safe base64).
pub fn new_csrf_id() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether a cookie value looks like an id we issued (so junk is replaced, not trusted).
pub fn is_well_formed_id(id: &str) -> bool {
    id.len() == 43 && URL_SAFE_NO_PAD.decode(id).is_ok_and(|b| b.len() == 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CsrfKey {
        CsrfKey::derive(b"application secret for tests")
    }

    #[test]
    fn token_verifies_for_same_id_and_binding() {
        let k = key();
        let id = new_csrf_id();
        let t = k.token(&id, "jti-1");
        assert!(k.verify(&id, "jti-1", &t));
    }

    #[test]
    fn wrong_id_binding_key_or_token_fails() {
        let k = key();
        let id = new_csrf_id();
        let t = k.token(&id, "jti-1");
        assert!(!k.verify(&new_csrf_id(), "jti-1", &t), "other browser");
        assert!(!k.verify(&id, "jti-2", &t), "other login session");
        assert!(!k.verify(&id, "", &t), "logged-out binding");
        assert!(!CsrfKey::derive(b"other secret").verify(&id, "jti-1", &t));
        assert!(!k.verify(&id, "jti-1", ""));
        assert!(!k.verify(&id, "jti-1", "not base64 !!"));
        assert!(!k.verify(&id, "jti-1", &t[..t.len() - 2]), "truncated");
        let mut flipped = t.clone().into_bytes();
        flipped[0] = if flipped[0] == b'A' { b'B' } else { b'A' };
        assert!(!k.verify(&id, "jti-1", &String::from_utf8(flipped).unwrap()));
    }

    #[test]
    fn empty_id_never_verifies() {
        let k = key();
        let t = k.token("", "");
        assert!(!k.verify("", "", &t));
    }

    #[test]
    fn id_and_binding_cannot_be_shifted() {
        let k = key();
        assert_ne!(k.token("ab", "c"), k.token("a", "bc"));
    }

    #[test]
    fn csrf_key_differs_from_the_app_secret_it_came_from() {
        let secret = [7u8; 32];
        assert_ne!(CsrfKey::derive(&secret).0, secret);
    }

    #[test]
    fn ids_are_random_and_well_formed() {
        let a = new_csrf_id();
        let b = new_csrf_id();
        assert_ne!(a, b);
        assert!(is_well_formed_id(&a));
        assert!(!is_well_formed_id("short"));
        assert!(!is_well_formed_id(&"!".repeat(43)));
    }
}
