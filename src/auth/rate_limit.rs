//! Rate limits for login and registration (governor 0.10, GCRA) per client address, per account
//! name for registration, and the login backoff per (account, address) ([`super::backoff`]).
//!
//! Login has no limit per account alone: one would let anyone lock the owner out by failing at
//! their account from elsewhere. Address limits count every attempt, successful or not; the
//! account key is the normalised (lowercased, trimmed) name typed, whether or not such an account
//! exists, so limits do not reveal which accounts exist. A refusal carries how long to wait, for the `Retry-After` header. Choosing the
//! client address (peer address, or `X-Forwarded-For` behind a trusted proxy) is the web layer's
//! job: see [`crate::web::login::client_ip`].

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use super::backoff::{Backoff, LoginBackoff};

/// Forget idle keys once a limiter holds more than this many.
const MAX_KEYS_BEFORE_SWEEP: usize = 50_000;

/// A burst of `burst` attempts, then one more every `every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub burst: u32,
    pub every: Duration,
}

impl Limit {
    /// Parses `BURST/PERIOD`, e.g. `300/1s` (a burst of 300, then one more every second) or
    /// `50/500ms`. `None` when it is not of that shape, the burst is 0 or the period is 0.
    pub fn parse(text: &str) -> Option<Limit> {
        let (burst, period) = text.trim().split_once('/')?;
        let burst: u32 = burst.trim().parse().ok().filter(|b| *b > 0)?;
        let period = period.trim();
        let every = if let Some(ms) = period.strip_suffix("ms") {
            Duration::from_millis(ms.trim().parse().ok()?)
        } else {
            Duration::from_secs(period.strip_suffix('s')?.trim().parse().ok()?)
        };
        (!every.is_zero()).then_some(Limit { burst, every })
    }

    fn quota(self) -> Quota {
        let every = self.every.max(Duration::from_millis(1));
        Quota::with_period(every)
            .expect("period is non-zero")
            .allow_burst(NonZeroU32::new(self.burst.max(1)).expect("burst is at least 1"))
    }
}

/// The limits for login and registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthLimits {
    pub login_per_address: Limit,
    /// Failed logins per (account, address).
    pub login_backoff: Backoff,
    pub register_per_address: Limit,
    pub register_per_account: Limit,
}

impl Default for AuthLimits {
    /// Login: 20 attempts per address then one every 3 s; per (account, address), 5 failures
    /// then a wait from 2 s doubling up to 15 minutes ([`Backoff::default`]). Registration: 10 per address then one every 30 s; 5 per account name then one every 12 s.
    fn default() -> Self {
        Self {
            login_per_address: Limit {
                burst: 20,
                every: Duration::from_secs(3),
            },
            login_backoff: Backoff::default(),
            register_per_address: Limit {
                burst: 10,
                every: Duration::from_secs(30),
            },
            register_per_account: Limit {
                burst: 5,
                every: Duration::from_secs(12),
            },
        }
    }
}

impl AuthLimits {
    /// The same bursts with every limit refilling one attempt per `every`, and the login
    /// backoff waiting `every` after the free failures.
    pub fn with_refill_every(self, every: Duration) -> Self {
        let slow = |limit: Limit| Limit { every, ..limit };
        Self {
            login_per_address: slow(self.login_per_address),
            login_backoff: Backoff {
                first_delay: every,
                max_delay: every.max(self.login_backoff.max_delay),
                ..self.login_backoff
            },
            register_per_address: slow(self.register_per_address),
            register_per_account: slow(self.register_per_account),
        }
    }
}

/// A refused attempt: which limit refused it and how long until the next one is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many attempts for this {scope}; retry in {retry_after_secs} s")]
pub struct Refused {
    pub scope: Scope,
    pub retry_after_secs: u64,
}

/// What a limit was keyed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Address,
    Account,
    /// Failed logins at one account from one address.
    AccountFromAddress,
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Scope::Address => "address",
            Scope::Account => "account",
            Scope::AccountFromAddress => "account from your address",
        })
    }
}

type Keyed<K, C> =
    RateLimiter<K, DefaultKeyedStateStore<K>, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// Keyed limiters for login and registration, generic over the clock for tests.
#[derive(Debug)]
pub struct AuthLimiter<C: Clock = DefaultClock> {
    clock: C,
    login_address: Keyed<IpAddr, C>,
    login_backoff: LoginBackoff,
    register_address: Keyed<IpAddr, C>,
    register_account: Keyed<String, C>,
}

impl AuthLimiter<DefaultClock> {
    /// Limiters on the real clock.
    pub fn new(limits: AuthLimits) -> Self {
        Self::with_clock(limits, DefaultClock::default())
    }
}

impl<C: Clock + Clone> AuthLimiter<C> {
    /// Limiters on the given clock.
    pub fn with_clock(limits: AuthLimits, clock: C) -> Self {
        Self {
            login_address: keyed(limits.login_per_address, &clock),
            login_backoff: LoginBackoff::new(limits.login_backoff),
            register_address: keyed(limits.register_per_address, &clock),
            register_account: keyed(limits.register_per_account, &clock),
            clock,
        }
    }

    /// Counts a login attempt from `addr` for the account named `account`: against the
    /// address's limit, and as a failure of the pair until [`AuthLimiter::login_succeeded`].
    pub fn check_login(&self, addr: IpAddr, account: &str) -> Result<(), Refused> {
        self.one(&self.login_address, &addr, Scope::Address)?;
        self.login_backoff
            .begin(&normalise(account), addr, Instant::now())
            .map_err(|wait| Refused {
                scope: Scope::AccountFromAddress,
                retry_after_secs: whole_seconds(wait),
            })
    }

    /// The login counted by [`AuthLimiter::check_login`] succeeded: the pair's failures are
    /// forgotten.
    pub fn login_succeeded(&self, addr: IpAddr, account: &str) {
        self.login_backoff.succeeded(&normalise(account), addr);
    }

    /// Counts a registration attempt from `addr` for the account name `account`.
    pub fn check_register(&self, addr: IpAddr, account: &str) -> Result<(), Refused> {
        self.one(&self.register_address, &addr, Scope::Address)?;
        self.one(&self.register_account, &normalise(account), Scope::Account)
    }

    fn one<K: Hash + Eq + Clone>(
        &self,
        limiter: &Keyed<K, C>,
        key: &K,
        scope: Scope,
    ) -> Result<(), Refused> {
        if limiter.len() > MAX_KEYS_BEFORE_SWEEP {
            limiter.retain_recent();
        }
        limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            Refused {
                scope,
                retry_after_secs: whole_seconds(wait),
            }
        })
    }
}

/// `wait` in seconds, rounded up.
fn whole_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

fn keyed<K: Hash + Eq + Clone, C: Clock + Clone>(limit: Limit, clock: &C) -> Keyed<K, C> {
    RateLimiter::new(limit.quota(), Default::default(), clock.clone())
}

/// The account key: trimmed and lowercased, as accounts are unique without regard to case.
pub fn normalise(account: &str) -> String {
    account.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    fn limits(burst: u32) -> AuthLimits {
        let l = Limit {
            burst,
            every: Duration::from_secs(10),
        };
        AuthLimits {
            login_per_address: Limit {
                burst: burst * 2,
                ..l
            },
            login_backoff: Backoff {
                free_failures: burst,
                first_delay: l.every,
                max_delay: l.every * 8,
                forget_after: Duration::from_secs(3600),
            },
            register_per_address: l,
            register_per_account: Limit {
                burst: burst * 2,
                ..l
            },
        }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn login_failures_count_per_account_and_address_ignoring_case() {
        let lim = AuthLimiter::with_clock(limits(3), FakeRelativeClock::default());
        let attacker = ip("10.0.0.1");
        assert!(lim.check_login(attacker, "Alice").is_ok());
        assert!(lim.check_login(attacker, "alice").is_ok());
        assert!(lim.check_login(attacker, " ALICE ").is_ok());
        let refused = lim.check_login(attacker, "alice").unwrap_err();
        assert_eq!(refused.scope, Scope::AccountFromAddress);
        assert_eq!(refused.retry_after_secs, 10);
        assert!(
            lim.check_login(ip("10.0.0.2"), "alice").is_ok(),
            "the owner elsewhere is not locked out"
        );
        assert!(
            lim.check_login(attacker, "bob").is_ok(),
            "other accounts unaffected"
        );
    }

    #[test]
    fn a_successful_login_clears_the_pair() {
        let lim = AuthLimiter::with_clock(limits(2), FakeRelativeClock::default());
        let home = ip("10.0.0.3");
        assert!(lim.check_login(home, "dana").is_ok());
        assert!(lim.check_login(home, "dana").is_ok());
        lim.login_succeeded(home, "DANA");
        assert!(lim.check_login(home, "dana").is_ok());
    }

    #[test]
    fn per_address_limit_counts_across_accounts() {
        let lim = AuthLimiter::with_clock(limits(2), FakeRelativeClock::default());
        for i in 0..4 {
            assert!(lim.check_login(ip("10.0.0.9"), &format!("user{i}")).is_ok());
        }
        let refused = lim.check_login(ip("10.0.0.9"), "user99").unwrap_err();
        assert_eq!(refused.scope, Scope::Address);
        assert!(lim.check_login(ip("10.0.0.8"), "user99").is_ok());
    }

    #[test]
    fn time_replenishes_attempts() {
        let clock = FakeRelativeClock::default();
        let lim = AuthLimiter::with_clock(limits(1), clock.clone());
        assert!(lim.check_register(ip("::1"), "carol").is_ok());
        let refused = lim.check_register(ip("::1"), "carol").unwrap_err();
        assert_eq!(refused.retry_after_secs, 10);
        clock.advance(Duration::from_millis(3500));
        assert_eq!(
            lim.check_register(ip("::1"), "carol")
                .unwrap_err()
                .retry_after_secs,
            7,
            "rounded up"
        );
        clock.advance(Duration::from_secs(7));
        assert!(lim.check_register(ip("::1"), "carol").is_ok());
    }

    #[test]
    fn login_and_registration_are_counted_separately() {
        let lim = AuthLimiter::with_clock(limits(1), FakeRelativeClock::default());
        assert!(lim.check_register(ip("10.1.1.1"), "dave").is_ok());
        assert_eq!(
            lim.check_register(ip("10.1.1.1"), "erin")
                .unwrap_err()
                .scope,
            Scope::Address
        );
        assert!(lim.check_login(ip("10.1.1.1"), "dave").is_ok());
    }

    #[test]
    fn limits_parse_from_burst_and_period() {
        assert_eq!(
            Limit::parse("300/1s"),
            Some(Limit {
                burst: 300,
                every: Duration::from_secs(1)
            })
        );
        assert_eq!(
            Limit::parse(" 50 / 500ms "),
            Some(Limit {
                burst: 50,
                every: Duration::from_millis(500)
            })
        );
        for bad in [
            "", "300", "300/", "/1s", "0/1s", "300/0s", "300/1", "300/1m", "-1/1s", "x/1s",
        ] {
            assert_eq!(Limit::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn default_limits_are_sane() {
        let d = AuthLimits::default();
        assert!(d.login_backoff.free_failures < d.login_per_address.burst);
        let lim = AuthLimiter::new(d);
        for _ in 0..d.login_backoff.free_failures {
            assert!(lim.check_login(ip("127.0.0.1"), "frank").is_ok());
        }
        assert!(lim.check_login(ip("127.0.0.1"), "frank").is_err());
    }

    #[test]
    fn slow_refill_keeps_the_bursts() {
        let d = AuthLimits::default();
        let slow = d.with_refill_every(Duration::from_secs(3600));
        assert_eq!(slow.login_per_address.burst, d.login_per_address.burst);
        assert_eq!(
            slow.register_per_account.burst,
            d.register_per_account.burst
        );
        assert_eq!(slow.login_backoff.first_delay, Duration::from_secs(3600));
        assert_eq!(
            slow.login_backoff.free_failures,
            d.login_backoff.free_failures
        );
    }
}
