//! Login tokens: HS256 JSON Web Tokens (jsonwebtoken 11, `rust_crypto` backend).
//!
//! Claims: `sub` (user id), `jti` (a random token id), `iat`, `exp`, and `ver`, the user's
//! `token_version` when the token was issued.
//!
//! # Revocation
//! A signature and an expiry are not enough: logging out has to make the token useless even
//! though it is still well signed and unexpired. Two server-side facts decide that, both checked
//! by [`check_current`] after [`TokenKeys::decode`] (the database lookup is one query, in
//! `db::users::token_state`):
//! - **Log out (this token)** inserts the token's `jti` into `revoked_tokens(jti, user_id,
//!   expires_at)`. Rows are only needed until the token would have expired anyway, so expired
//!   rows are purged whenever a token is revoked; the table stays as small as the number of
//!   logouts within one token lifetime.
//! - **Log out everywhere** increments the user's `token_version`; every token carrying an older
//!   `ver` is refused, without having to know their ids.
//!
//! A deny-list was chosen over a sessions table (an allow-list keyed by `jti`) because it needs
//! no write on login and nothing to clean up for tokens that simply expire.

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The claims inside a login token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user's id.
    pub sub: Uuid,
    /// This token's id, used to revoke it alone.
    pub jti: Uuid,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// The user's `token_version` at issue time.
    pub ver: i32,
}

impl Claims {
    /// When the token expires.
    pub fn expires_at(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.exp, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

/// Why a token was refused. All of them mean "not logged in" to the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("token has expired")]
    Expired,
    #[error("token signature or format is invalid")]
    Invalid,
    #[error("token has been revoked")]
    Revoked,
    #[error("token could not be signed: {0}")]
    Signing(String),
}

/// Signing and verification keys plus the token lifetime.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    lifetime: Duration,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

impl TokenKeys {
    /// Keys from a secret (at least 32 bytes of randomness is expected) and a token lifetime.
    pub fn new(secret: &[u8], lifetime: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub", "jti"]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            lifetime,
        }
    }

    /// How long a freshly issued token is valid.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// Issues a token for `user_id` at `token_version`, valid from `now` for the lifetime.
    pub fn issue(
        &self,
        user_id: Uuid,
        token_version: i32,
        now: DateTime<Utc>,
    ) -> Result<(String, Claims), TokenError> {
        let claims = Claims {
            sub: user_id,
            jti: Uuid::new_v4(),
            iat: now.timestamp(),
            exp: (now + self.lifetime).timestamp(),
            ver: token_version,
        };
        let token = self.encode(&claims)?;
        Ok((token, claims))
    }

    /// Signs arbitrary claims (tests use this to make expired tokens).
    pub fn encode(&self, claims: &Claims) -> Result<String, TokenError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|e| TokenError::Signing(e.to_string()))
    }

    /// Checks signature, algorithm and expiry and returns the claims. Revocation is checked
    /// separately with [`check_current`].
    pub fn decode(&self, token: &str) -> Result<Claims, TokenError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

/// Decides whether decoded `claims` are still honoured, given the user's current
/// `token_version` and whether the token's id is on the revoked list.
pub fn check_current(
    claims: &Claims,
    current_version: i32,
    jti_revoked: bool,
) -> Result<(), TokenError> {
    if jti_revoked || claims.ver != current_version {
        return Err(TokenError::Revoked);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(b"0123456789abcdef0123456789abcdef", Duration::hours(1))
    }

    #[test]
    fn issued_token_decodes_to_its_claims() {
        let k = keys();
        let user = Uuid::new_v4();
        let (tok, claims) = k.issue(user, 3, Utc::now()).unwrap();
        let back = k.decode(&tok).unwrap();
        assert_eq!(back, claims);
        assert_eq!(back.sub, user);
        assert_eq!(back.ver, 3);
        assert_eq!(back.exp - back.iat, 3600);
    }

    #[test]
    fn every_token_gets_its_own_id() {
        let k = keys();
        let u = Uuid::new_v4();
        let (_, a) = k.issue(u, 0, Utc::now()).unwrap();
        let (_, b) = k.issue(u, 0, Utc::now()).unwrap();
        assert_ne!(a.jti, b.jti);
    }

    #[test]
    fn tampered_payload_is_invalid() {
        let k = keys();
        let (tok, claims) = k.issue(Uuid::new_v4(), 0, Utc::now()).unwrap();
        let mut evil = claims.clone();
        evil.sub = Uuid::new_v4();
        let evil_payload = keys().encode(&evil).unwrap();
        let parts: Vec<&str> = tok.split('.').collect();
        let evil_parts: Vec<&str> = evil_payload.split('.').collect();
        let forged = format!("{}.{}.{}", parts[0], evil_parts[1], parts[2]);
        assert_eq!(k.decode(&forged), Err(TokenError::Invalid));
    }

    #[test]
    fn token_signed_with_another_secret_is_invalid() {
        let other = TokenKeys::new(b"another secret of thirty-two byt", Duration::hours(1));
        let (tok, _) = other.issue(Uuid::new_v4(), 0, Utc::now()).unwrap();
        assert_eq!(keys().decode(&tok), Err(TokenError::Invalid));
    }

    #[test]
    fn garbage_and_alg_none_are_invalid() {
        let k = keys();
        assert_eq!(k.decode(""), Err(TokenError::Invalid));
        assert_eq!(k.decode("a.b.c"), Err(TokenError::Invalid));
        // An unsigned token claiming alg "none".
        let header = base64_url(br#"{"alg":"none","typ":"JWT"}"#);
        let body = base64_url(
            format!(
                r#"{{"sub":"{}","jti":"{}","iat":0,"exp":9999999999,"ver":0}}"#,
                Uuid::new_v4(),
                Uuid::new_v4()
            )
            .as_bytes(),
        );
        assert_eq!(
            k.decode(&format!("{header}.{body}.")),
            Err(TokenError::Invalid)
        );
    }

    fn base64_url(b: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
    }

    #[test]
    fn expired_token_is_expired() {
        let k = keys();
        let now = Utc::now();
        let claims = Claims {
            sub: Uuid::new_v4(),
            jti: Uuid::new_v4(),
            iat: (now - Duration::hours(2)).timestamp(),
            exp: (now - Duration::minutes(1)).timestamp(),
            ver: 0,
        };
        let tok = k.encode(&claims).unwrap();
        assert_eq!(k.decode(&tok), Err(TokenError::Expired));
    }

    #[test]
    fn revocation_by_version_or_jti() {
        let k = keys();
        let (_, c) = k.issue(Uuid::new_v4(), 2, Utc::now()).unwrap();
        assert_eq!(check_current(&c, 2, false), Ok(()));
        assert_eq!(check_current(&c, 3, false), Err(TokenError::Revoked));
        assert_eq!(check_current(&c, 2, true), Err(TokenError::Revoked));
    }

    #[test]
    fn expires_at_matches_exp() {
        let k = keys();
        let (_, c) = k.issue(Uuid::new_v4(), 0, Utc::now()).unwrap();
        assert_eq!(c.expires_at().timestamp(), c.exp);
    }
}
