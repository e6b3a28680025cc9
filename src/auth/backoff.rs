//! Login failures counted per (account, client address), with a growing backoff.
//!
//! Keyed on the pair, so failures from an attacker's address never slow the account's owner
//! down at another address: nobody can lock a victim out by guessing at their account. Each
//! pair gets a few free failures, then must wait a delay that doubles with every further failure
//! (up to a ceiling); a successful login clears the pair, and a pair idle for long enough is
//! forgotten. An attempt is counted as a failure when it starts and forgiven if it succeeds, so
//! concurrent guesses cannot all slip in before the first one is recorded. Guessing across many
//! accounts from one address is the per-address limit's job ([`super::rate_limit`]).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Forget idle pairs once this many are held.
const MAX_PAIRS_BEFORE_SWEEP: usize = 50_000;

/// How failures slow down further attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Failures allowed before any waiting.
    pub free_failures: u32,
    /// The wait after the first failure past the free ones; it doubles with each further one.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
    /// A pair with no failure for this long starts afresh.
    pub forget_after: Duration,
}

impl Default for Backoff {
    /// 5 free failures, then 2 s, 4 s, 8 s ... up to 15 minutes; forgotten after an idle hour.
    fn default() -> Self {
        Backoff {
            free_failures: 5,
            first_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(3600),
        }
    }
}

impl Backoff {
    /// The wait after `failures` failures in a row.
    pub fn delay_after(&self, failures: u32) -> Duration {
        if failures < self.free_failures {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free_failures).min(30);
        self.first_delay
            .saturating_mul(1u32 << doublings)
            .min(self.max_delay.max(self.first_delay))
    }
}

#[derive(Debug, Clone, Copy)]
struct Pair {
    failures: u32,
    last: Instant,
}

/// The failure counts of every (account, address) pair.
#[derive(Debug)]
pub struct LoginBackoff {
    rule: Backoff,
    pairs: Mutex<HashMap<(String, IpAddr), Pair>>,
}

impl LoginBackoff {
    pub fn new(rule: Backoff) -> LoginBackoff {
        LoginBackoff {
            rule,
            pairs: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a login attempt at `now`: `Err(wait)` while the pair must wait, else the attempt is
    /// counted as a failure until [`LoginBackoff::succeeded`] forgives it.
    pub fn begin(&self, account: &str, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut pairs = self.pairs.lock().unwrap_or_else(|e| e.into_inner());
        if pairs.len() > MAX_PAIRS_BEFORE_SWEEP {
            let forget = self.rule.forget_after;
            pairs.retain(|_, p| now.saturating_duration_since(p.last) < forget);
        }
        let pair = pairs.entry((account.to_owned(), addr)).or_insert(Pair {
            failures: 0,
            last: now,
        });
        if now.saturating_duration_since(pair.last) >= self.rule.forget_after {
            pair.failures = 0;
        }
        let ready_at = pair.last + self.rule.delay_after(pair.failures);
        if now < ready_at {
            return Err(ready_at - now);
        }
        pair.failures += 1;
        pair.last = now;
        Ok(())
    }

    /// The attempt begun for this pair succeeded: its failures are forgotten.
    pub fn succeeded(&self, account: &str, addr: IpAddr) {
        let mut pairs = self.pairs.lock().unwrap_or_else(|e| e.into_inner());
        pairs.remove(&(account.to_owned(), addr));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn rule() -> Backoff {
        Backoff {
            free_failures: 3,
            first_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(60),
            forget_after: Duration::from_secs(600),
        }
    }

    #[test]
    fn the_delay_doubles_up_to_the_ceiling() {
        let r = rule();
        let delays: Vec<u64> = (0..12).map(|f| r.delay_after(f).as_secs()).collect();
        assert_eq!(delays, [0, 0, 0, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
        assert_eq!(r.delay_after(u32::MAX), Duration::from_secs(60));
    }

    #[test]
    fn failures_back_off_for_the_pair_only() {
        let b = LoginBackoff::new(rule());
        let t0 = Instant::now();
        let attacker = ip("203.0.113.9");
        for _ in 0..3 {
            assert!(b.begin("alice", attacker, t0).is_ok());
        }
        assert_eq!(b.begin("alice", attacker, t0), Err(Duration::from_secs(2)));
        // the owner at another address, and other accounts at the attacker's, are not slowed
        assert!(b.begin("alice", ip("198.51.100.4"), t0).is_ok());
        assert!(b.begin("bob", attacker, t0).is_ok());
        // after the wait, one more try; the next wait is twice as long
        let t1 = t0 + Duration::from_secs(2);
        assert!(b.begin("alice", attacker, t1).is_ok());
        assert_eq!(
            b.begin("alice", attacker, t1 + Duration::from_secs(1)),
            Err(Duration::from_secs(3))
        );
    }

    #[test]
    fn success_and_idle_time_clear_the_pair() {
        let b = LoginBackoff::new(rule());
        let t0 = Instant::now();
        let home = ip("::1");
        for _ in 0..3 {
            assert!(b.begin("carol", home, t0).is_ok());
        }
        assert!(b.begin("carol", home, t0).is_err());
        b.succeeded("carol", home);
        for _ in 0..3 {
            assert!(b.begin("carol", home, t0).is_ok());
        }
        assert!(b.begin("carol", home, t0).is_err());
        let later = t0 + Duration::from_secs(600);
        for _ in 0..3 {
            assert!(b.begin("carol", home, later).is_ok());
        }
        assert!(b.begin("carol", home, later).is_err());
    }
}
