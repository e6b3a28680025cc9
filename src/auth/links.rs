//! Shared-link tokens of interviewer-led sessions (candidate and report links) and the guard
//! against guessing them. No web framework here: the routes hand it the client address.
//!
//! A token is 256 random bits (base64url, 43 characters), shown to the interviewer once; the
//! database keeps only its SHA-256. Lookups that find no link count against the client address
//! ([`LinkGuard`]); past the limit, further misses get 429, so tokens cannot be enumerated.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// How long a fresh candidate or report link lasts.
pub const LINK_LIFETIME: chrono::Duration = chrono::Duration::days(14);

/// A fresh random token (256 bits, base64url without padding).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of a token, as stored.
pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether `token` looks like one of ours (cheap check before touching the database).
pub fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Counts link lookups that found nothing, per client address.
#[derive(Debug)]
pub struct LinkGuard {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl Default for LinkGuard {
    /// 10 misses per address, then one more every 6 s.
    fn default() -> Self {
        LinkGuard::new(10, Duration::from_secs(6))
    }
}

impl LinkGuard {
    pub fn new(burst: u32, every: Duration) -> LinkGuard {
        let quota = Quota::with_period(every)
            .expect("period is non-zero")
            .allow_burst(NonZeroU32::new(burst.max(1)).expect("burst >= 1"));
        LinkGuard {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// Records a miss from `addr`: `Err(seconds to wait)` once the address is over its limit.
    pub fn miss(&self, addr: IpAddr) -> Result<(), u64> {
        if self.limiter.len() > 50_000 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&addr).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_well_formed_and_hashed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert!(well_formed(&a), "{a}");
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_eq!(hash(&a).len(), 32);
        assert_ne!(hash(&a), hash(&b));
        assert!(!well_formed("short"));
        assert!(!well_formed(&format!("{}!", &a[..42])));
    }

    #[test]
    fn misses_are_limited_per_address() {
        let guard = LinkGuard::new(3, Duration::from_secs(60));
        let one: IpAddr = "10.0.0.1".parse().unwrap();
        let two: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert!(guard.miss(one).is_ok());
        }
        let wait = guard.miss(one).unwrap_err();
        assert!((1..=60).contains(&wait), "{wait}");
        assert!(guard.miss(two).is_ok());
    }
}
