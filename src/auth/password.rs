//! Password hashing with argon2id (argon2 0.6, default parameters: 19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately slow, so the async helpers run it on dedicated hashing threads, one per
//! CPU: each hash takes 19 MiB, and a burst of registrations must not grow memory without bound
//! (the rest wait their turn in a queue; they would share the CPUs anyway). Verifying
//! a login for an unknown user checks the password against a precomputed dummy hash with the same
//! parameters, so "no such user" costs the same time as "wrong password" and response times do
//! not reveal which accounts exist.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

/// Longest password accepted, in bytes: argon2 copes with more, but there is no reason to.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// What can go wrong while hashing or checking a password (not a wrong password: that is
/// `Ok(false)`).
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("stored password hash is malformed: {0}")]
    Malformed(String),
    #[error("password hashing task failed: {0}")]
    Task(String),
}

/// A hash of a random password nobody knows, made with the same parameters as real hashes.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let secret: [u8; 32] = rand::random();
    hash_password(&hex::encode(secret)).expect("hashing a random password cannot fail")
});

/// Computes the dummy hash now (call at startup so the first unknown-user login is not slower).
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

/// Hashes `password` with argon2id and a fresh random salt into a PHC string.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Checks `password` against `stored`; with `None` (unknown user) it checks against the dummy
/// hash and returns `Ok(false)`, spending the same time as a real check.
pub fn verify_password(password: &str, stored: Option<&str>) -> Result<bool, PasswordError> {
    let (phc, known) = match stored {
        Some(s) => (s, true),
        None => (DUMMY_HASH.as_str(), false),
    };
    let parsed = PasswordHash::new(phc).map_err(|e| PasswordError::Malformed(e.to_string()))?;
    match Argon2::default().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(known),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(e) => Err(PasswordError::Hash(e.to_string())),
    }
}

/// A hash or a verification, run by a hashing thread.
type Job = Box<dyn FnOnce() + Send>;

/// The queue of the hashing threads: one per CPU, started on first use. Dedicated threads, not
/// tokio's blocking pool: the allocator keeps each thread's freed 19 MiB for reuse, so memory is
/// bounded by the number of hashing threads, not by how many threads ever hashed.
static HASHERS: LazyLock<Mutex<std::sync::mpsc::Sender<Job>>> = LazyLock::new(|| {
    keep_large_blocks_mapped();
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    for i in 0..threads {
        let rx = rx.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("argon2-{i}"))
            .spawn(move || {
                loop {
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    // a panicking job drops its reply channel; the thread serves on
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start a password hashing thread");
        }
    }
    Mutex::new(tx)
});

/// glibc raises its mmap threshold to the size of the largest block freed, so after the first
/// hash every 19 MiB block comes from a heap that is seldom trimmed, and a burst of 500
/// registrations left the process at 480 MB. A fixed threshold turns that adjustment off: large
/// blocks stay mmapped and go back to the system when freed (the same burst peaks at 85 MB).
fn keep_large_blocks_mapped() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before any hash runs.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// Hashes running now, and the most that ever ran at once (for the test of the bound).
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Runs `work` (a hash or a verification) on a hashing thread and waits for it without blocking
/// the async runtime.
async fn in_hash_slot<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, PasswordError> + Send + 'static,
) -> Result<T, PasswordError> {
    let (reply, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(now, Ordering::SeqCst);
        let outcome = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        let _ = reply.send(outcome);
    });
    HASHERS
        .lock()
        .map_err(|e| PasswordError::Task(e.to_string()))?
        .send(job)
        .map_err(|e| PasswordError::Task(e.to_string()))?;
    result
        .await
        .map_err(|_| PasswordError::Task("the hashing thread stopped".into()))?
}

/// [`hash_password`] on a hashing thread.
pub async fn hash_password_blocking(password: String) -> Result<String, PasswordError> {
    in_hash_slot(move || hash_password(&password)).await
}

/// [`verify_password`] on a hashing thread.
pub async fn verify_password_blocking(
    password: String,
    stored: Option<String>,
) -> Result<bool, PasswordError> {
    in_hash_slot(move || verify_password(&password, stored.as_deref())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_there_are_cpus() {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        let burst: Vec<_> = (0..cpus * 3)
            .map(|i| tokio::spawn(hash_password_blocking(format!("password number {i}"))))
            .collect();
        for h in burst {
            assert!(h.await.unwrap().unwrap().starts_with("$argon2id$"));
        }
        let peak = PEAK.load(Ordering::SeqCst);
        assert!(
            (1..=cpus).contains(&peak),
            "{peak} hashes at once on {cpus} CPUs"
        );
    }

    #[test]
    fn hash_is_argon2id_phc_and_salted() {
        let a = hash_password("correct horse battery").unwrap();
        let b = hash_password("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash gets its own salt");
    }

    #[test]
    fn right_password_verifies_wrong_one_does_not() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(verify_password("correct horse battery", Some(&h)).unwrap());
        assert!(!verify_password("correct horse batterz", Some(&h)).unwrap());
        assert!(!verify_password("", Some(&h)).unwrap());
    }

    #[test]
    fn unknown_user_never_verifies_even_with_the_dummy_password_shape() {
        assert!(!verify_password("anything at all", None).unwrap());
        assert!(!verify_password("", None).unwrap());
    }

    #[test]
    fn dummy_hash_uses_the_same_parameters_as_real_hashes() {
        let real = hash_password("x").unwrap();
        let params = |s: &str| s.split('$').take(4).collect::<Vec<_>>().join("$");
        assert_eq!(params(&DUMMY_HASH), params(&real));
    }

    #[test]
    fn malformed_stored_hash_is_an_error_not_a_match() {
        let err = verify_password("pw", Some("not a phc string")).unwrap_err();
        assert!(matches!(err, PasswordError::Malformed(_)));
    }

    #[tokio::test]
    async fn blocking_helpers_round_trip() {
        let h = hash_password_blocking("another good password".into())
            .await
            .unwrap();
        assert!(
            verify_password_blocking("another good password".into(), Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password_blocking("nope".into(), Some(h))
                .await
                .unwrap()
        );
    }
}
