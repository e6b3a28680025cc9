//! Runtime configuration: [`Settings`] read from environment variables with sensible defaults.
//!
//! Every variable is documented in the README. Tests build [`Settings`] directly (all fields are
//! public) or with [`Settings::for_tests`]. The JWT secret, when `WHETSTONE_JWT_SECRET` is unset, is
//! generated once and kept in `<data_dir>/jwt_secret` (mode 0600); it is never hard-coded.

use std::fmt;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rand::RngCore;

use crate::auth::rate_limit::{AuthLimits, Limit};

/// Default of `WHETSTONE_DB_ACQUIRE_TIMEOUT_MS`.
pub const DEFAULT_DB_ACQUIRE_TIMEOUT: Duration = Duration::from_millis(1000);
/// Default of `WHETSTONE_BODY_TIMEOUT_SECS`.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable, multi-line, for a terminal.
    Pretty,
    /// One JSON object per line, for log collectors.
    Json,
}

/// A secret that never shows up in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret value. Call only where the secret is used.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// Everything the server needs to know at start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `DATABASE_URL`; `None` means "start the embedded cluster" (only `whetstone serve` does that).
    /// A [`Secret`]: the URL usually carries the database password, and settings are logged.
    pub database_url: Option<Secret>,
    /// `WHETSTONE_HOST`, default `127.0.0.1`.
    pub host: String,
    /// `WHETSTONE_PORT`, default 8080; 0 picks a free port (tests).
    pub port: u16,
    /// `WHETSTONE_DATA_DIR`, default `./data`: embedded cluster, JWT secret.
    pub data_dir: PathBuf,
    /// `WHETSTONE_CORPUS_DIR`, default `corpus`.
    pub corpus_dir: PathBuf,
    /// `WHETSTONE_RUBRICS_DIR`, default `rubrics`.
    pub rubrics_dir: PathBuf,
    /// `WHETSTONE_STATIC_DIR`, default `static`: served under `/static/`.
    pub static_dir: PathBuf,
    /// `WHETSTONE_JWT_SECRET`, or the generated secret kept in `<data_dir>/jwt_secret`.
    pub jwt_secret: Secret,
    /// `WHETSTONE_PUBLIC_URL`: the address users reach the app at (`https://whetstone.example`,
    /// no trailing slash). Shared links (candidate, report, team invite) are built from it, never
    /// from the request's `Host` header. Unset: the proxy's forwarded host when `trust_proxy` is
    /// set, else the address the server listens on.
    pub public_url: Option<String>,
    /// `WHETSTONE_SECURE_COOKIES`: mark cookies `Secure` (serve behind HTTPS). Defaults to true
    /// when `public_url` is `https://`.
    pub secure_cookies: bool,
    /// `WHETSTONE_TRUST_PROXY`: take the client address for rate limits from `X-Forwarded-For`
    /// (only behind a reverse proxy that sets it; otherwise clients could pick their address).
    pub trust_proxy: bool,
    /// Login and registration rate limits: built-in defaults, with the per-address limits set by
    /// `WHETSTONE_LOGIN_LIMIT_PER_ADDRESS` and `WHETSTONE_REGISTER_LIMIT_PER_ADDRESS` (`BURST/PERIOD`,
    /// e.g. `300/1s`, for a classroom behind one address). Tests use a slow refill so that a slow
    /// machine cannot refill a bucket in the middle of a test.
    pub auth_limits: crate::auth::rate_limit::AuthLimits,
    /// `WHETSTONE_DB_ACQUIRE_TIMEOUT_MS`, default 1000: how long a request waits for a database
    /// connection (including opening one) before it is answered 503: the database is down, or
    /// every connection is busy.
    pub db_acquire_timeout: Duration,
    /// `WHETSTONE_BODY_TIMEOUT_SECS`, default 10: how long a client may take to send a request
    /// body once its head has arrived; slower bodies are answered 408 and the connection closed.
    pub body_timeout: Duration,
    /// `WHETSTONE_LOG_FORMAT`: `pretty` (default) or `json`.
    pub log_format: LogFormat,
    /// `RUST_LOG`, default `info`.
    pub log_filter: String,
}

/// A configuration problem, named after the variable that caused it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var}={value:?} is not valid: {reason}")]
    Invalid {
        var: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("cannot keep the JWT secret in {path}: {source}")]
    SecretFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Settings {
    /// Reads the process environment. Creates the data directory and the JWT secret file when needed.
    pub fn from_env() -> Result<Settings, ConfigError> {
        Settings::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Settings::from_env`] with variables taken from `lookup` (testable without touching the
    /// process environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let port = match get("WHETSTONE_PORT") {
            None => 8080,
            Some(v) => v.trim().parse::<u16>().map_err(|_| ConfigError::Invalid {
                var: "WHETSTONE_PORT",
                value: v.clone(),
                reason: "expected a port number 0-65535",
            })?,
        };
        let public_url = match get("WHETSTONE_PUBLIC_URL") {
            None => None,
            Some(v) => Some(parse_public_url(&v).ok_or(ConfigError::Invalid {
                var: "WHETSTONE_PUBLIC_URL",
                value: v.clone(),
                reason: "expected an http:// or https:// address with a host and no query, e.g. https://whetstone.example",
            })?),
        };
        let secure_cookies = match get("WHETSTONE_SECURE_COOKIES") {
            None => public_url.as_deref().is_some_and(is_https),
            Some(v) => parse_bool(&v).ok_or(ConfigError::Invalid {
                var: "WHETSTONE_SECURE_COOKIES",
                value: v.clone(),
                reason: "expected true/false, 1/0, yes/no or on/off",
            })?,
        };
        let trust_proxy = match get("WHETSTONE_TRUST_PROXY") {
            None => false,
            Some(v) => parse_bool(&v).ok_or(ConfigError::Invalid {
                var: "WHETSTONE_TRUST_PROXY",
                value: v.clone(),
                reason: "expected true/false, 1/0, yes/no or on/off",
            })?,
        };
        let log_format = match get("WHETSTONE_LOG_FORMAT") {
            None => LogFormat::Pretty,
            Some(v) => match v.trim().to_ascii_lowercase().as_str() {
                "pretty" => LogFormat::Pretty,
                "json" => LogFormat::Json,
                _ => {
                    return Err(ConfigError::Invalid {
                        var: "WHETSTONE_LOG_FORMAT",
                        value: v,
                        reason: "expected pretty or json",
                    });
                }
            },
        };
        let positive =
            |var: &'static str, default: u64| -> Result<u64, ConfigError> {
                match get(var) {
                    None => Ok(default),
                    Some(v) => v.trim().parse::<u64>().ok().filter(|n| *n > 0).ok_or(
                        ConfigError::Invalid {
                            var,
                            value: v.clone(),
                            reason: "expected a whole number greater than 0",
                        },
                    ),
                }
            };
        let db_acquire_timeout = Duration::from_millis(positive(
            "WHETSTONE_DB_ACQUIRE_TIMEOUT_MS",
            DEFAULT_DB_ACQUIRE_TIMEOUT.as_millis() as u64,
        )?);
        let body_timeout = Duration::from_secs(positive(
            "WHETSTONE_BODY_TIMEOUT_SECS",
            DEFAULT_BODY_TIMEOUT.as_secs(),
        )?);
        let limit = |var: &'static str, default: Limit| -> Result<Limit, ConfigError> {
            match get(var) {
                None => Ok(default),
                Some(v) => Limit::parse(&v).ok_or(ConfigError::Invalid {
                    var,
                    value: v.clone(),
                    reason: "expected BURST/PERIOD such as 300/1s or 50/500ms",
                }),
            }
        };
        let defaults = AuthLimits::default();
        let auth_limits = AuthLimits {
            login_per_address: limit(
                "WHETSTONE_LOGIN_LIMIT_PER_ADDRESS",
                defaults.login_per_address,
            )?,
            register_per_address: limit(
                "WHETSTONE_REGISTER_LIMIT_PER_ADDRESS",
                defaults.register_per_address,
            )?,
            ..defaults
        };
        let data_dir = PathBuf::from(get("WHETSTONE_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let jwt_secret = match get("WHETSTONE_JWT_SECRET") {
            Some(v) if v.len() < 32 => {
                return Err(ConfigError::Invalid {
                    var: "WHETSTONE_JWT_SECRET",
                    value: "[redacted]".into(),
                    reason: "must be at least 32 characters",
                });
            }
            Some(v) => Secret::new(v),
            None => load_or_create_secret(&data_dir)?,
        };
        Ok(Settings {
            database_url: get("DATABASE_URL").map(Secret::new),
            host: get("WHETSTONE_HOST").unwrap_or_else(|| "127.0.0.1".into()),
            port,
            data_dir,
            corpus_dir: get("WHETSTONE_CORPUS_DIR")
                .unwrap_or_else(|| "corpus".into())
                .into(),
            rubrics_dir: get("WHETSTONE_RUBRICS_DIR")
                .unwrap_or_else(|| "rubrics".into())
                .into(),
            static_dir: get("WHETSTONE_STATIC_DIR")
                .unwrap_or_else(|| "static".into())
                .into(),
            jwt_secret,
            public_url,
            secure_cookies,
            trust_proxy,
            auth_limits,
            db_acquire_timeout,
            body_timeout,
            log_format,
            log_filter: get("RUST_LOG").unwrap_or_else(|| "info".into()),
        })
    }

    /// Settings for an integration test: the given database, port 0, directories of this crate, a
    /// random JWT secret, no files written.
    pub fn for_tests(database_url: String) -> Settings {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        Settings {
            database_url: Some(Secret::new(database_url)),
            host: "127.0.0.1".into(),
            port: 0,
            data_dir: std::env::temp_dir(),
            corpus_dir: root.join("corpus"),
            rubrics_dir: root.join("rubrics"),
            static_dir: root.join("static"),
            jwt_secret: Secret::new(random_hex(32)),
            public_url: None,
            secure_cookies: false,
            trust_proxy: false,
            auth_limits: AuthLimits::default().with_refill_every(Duration::from_secs(3600)),
            // generous: test machines open connections slowly while many tests run at once
            db_acquire_timeout: Duration::from_secs(10),
            body_timeout: DEFAULT_BODY_TIMEOUT,
            log_format: LogFormat::Pretty,
            log_filter: "warn".into(),
        }
    }

    /// `host:port` to bind.
    pub fn bind_address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// `WHETSTONE_PUBLIC_URL` checked and without trailing slashes: `http(s)://host[:port][/path]`,
/// no query, fragment, credentials, whitespace or control characters.
pub fn parse_public_url(value: &str) -> Option<String> {
    let url = value.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\' | '@'));
    (clean && !host.is_empty() && !host.starts_with(':')).then(|| url.to_string())
}

/// Whether a (checked) public URL is served over HTTPS.
pub fn is_https(url: &str) -> bool {
    url.starts_with("https://")
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `n` random bytes from the OS generator, hex-encoded.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Reads `<data_dir>/jwt_secret`, or creates it (0600) with 64 random bytes when missing.
pub fn load_or_create_secret(data_dir: &Path) -> Result<Secret, ConfigError> {
    let path = data_dir.join("jwt_secret");
    let err = |source| ConfigError::SecretFile {
        path: path.clone(),
        source,
    };
    match fs::read_to_string(&path) {
        Ok(s) if s.trim().len() >= 32 => {
            // Tighten permissions in case the file was copied around.
            let mode = fs::metadata(&path).map_err(err)?.permissions().mode();
            if mode & 0o077 != 0 {
                fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).map_err(err)?;
            }
            return Ok(Secret::new(s.trim()));
        }
        Ok(_) => {
            return Err(err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the file is shorter than 32 characters; delete it to generate a new one",
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(err(e)),
    }
    fs::create_dir_all(data_dir).map_err(err)?;
    let secret = random_hex(64);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(err)?;
    file.write_all(secret.as_bytes()).map_err(err)?;
    file.sync_all().map_err(err)?;
    Ok(Secret::new(secret))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)], dir: &Path) -> Result<Settings, ConfigError> {
        let mut map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        map.entry("WHETSTONE_DATA_DIR".into())
            .or_insert_with(|| dir.display().to_string());
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_apply_when_variables_are_unset() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings(&[], dir.path()).unwrap();
        assert_eq!(s.host, "127.0.0.1");
        assert_eq!(s.port, 8080);
        assert_eq!(s.database_url, None);
        assert_eq!(s.corpus_dir, PathBuf::from("corpus"));
        assert_eq!(s.rubrics_dir, PathBuf::from("rubrics"));
        assert!(!s.secure_cookies);
        assert!(!s.trust_proxy);
        assert_eq!(s.log_format, LogFormat::Pretty);
        assert_eq!(s.log_filter, "info");
        assert_eq!(s.auth_limits, AuthLimits::default());
        assert_eq!(s.db_acquire_timeout, Duration::from_millis(1000));
        assert_eq!(s.body_timeout, Duration::from_secs(10));
    }

    #[test]
    fn variables_override_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings(
            &[
                ("DATABASE_URL", "postgres://u@h/db"),
                ("WHETSTONE_HOST", "0.0.0.0"),
                ("WHETSTONE_PORT", "0"),
                ("WHETSTONE_SECURE_COOKIES", "yes"),
                ("WHETSTONE_TRUST_PROXY", "on"),
                ("WHETSTONE_LOG_FORMAT", "JSON"),
                ("WHETSTONE_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
                ("RUST_LOG", "debug"),
                ("WHETSTONE_LOGIN_LIMIT_PER_ADDRESS", "300/1s"),
                ("WHETSTONE_REGISTER_LIMIT_PER_ADDRESS", "120/500ms"),
                ("WHETSTONE_DB_ACQUIRE_TIMEOUT_MS", "250"),
                ("WHETSTONE_BODY_TIMEOUT_SECS", "30"),
            ],
            dir.path(),
        )
        .unwrap();
        assert_eq!(
            s.database_url.as_ref().map(Secret::expose),
            Some("postgres://u@h/db")
        );
        assert_eq!(s.bind_address(), "0.0.0.0:0");
        assert!(s.secure_cookies);
        assert!(s.trust_proxy);
        assert_eq!(s.log_format, LogFormat::Json);
        assert_eq!(s.jwt_secret.expose(), "0123456789abcdef0123456789abcdef");
        assert_eq!(s.log_filter, "debug");
        assert!(!dir.path().join("jwt_secret").exists());
        let defaults = AuthLimits::default();
        assert_eq!(
            s.auth_limits.login_per_address,
            Limit {
                burst: 300,
                every: Duration::from_secs(1)
            }
        );
        assert_eq!(
            s.auth_limits.register_per_address,
            Limit {
                burst: 120,
                every: Duration::from_millis(500)
            }
        );
        assert_eq!(
            s.auth_limits.register_per_account,
            defaults.register_per_account
        );
        assert_eq!(s.db_acquire_timeout, Duration::from_millis(250));
        assert_eq!(s.body_timeout, Duration::from_secs(30));
    }

    #[test]
    fn an_https_public_url_makes_cookies_secure_unless_told_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings(
            &[("WHETSTONE_PUBLIC_URL", "https://ws.example/")],
            dir.path(),
        )
        .unwrap();
        assert_eq!(s.public_url.as_deref(), Some("https://ws.example"));
        assert!(s.secure_cookies);
        let s = settings(
            &[
                ("WHETSTONE_PUBLIC_URL", "https://ws.example"),
                ("WHETSTONE_SECURE_COOKIES", "false"),
            ],
            dir.path(),
        )
        .unwrap();
        assert!(!s.secure_cookies, "an explicit setting wins");
        let s = settings(
            &[("WHETSTONE_PUBLIC_URL", "http://10.0.0.5:8080")],
            dir.path(),
        )
        .unwrap();
        assert_eq!(s.public_url.as_deref(), Some("http://10.0.0.5:8080"));
        assert!(!s.secure_cookies);
    }

    #[test]
    fn public_urls_are_checked() {
        assert_eq!(
            parse_public_url(" https://a.example/whetstone/ ").as_deref(),
            Some("https://a.example/whetstone")
        );
        for bad in [
            "a.example",
            "ftp://a.example",
            "https://",
            "https:///path",
            "https://a.example/?x=1",
            "https://a.example/#top",
            "https://user@a.example",
            "https://a example",
            "https://:8080",
        ] {
            assert_eq!(parse_public_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn invalid_values_name_the_variable() {
        let dir = tempfile::tempdir().unwrap();
        for (var, value) in [
            ("WHETSTONE_PORT", "80000"),
            ("WHETSTONE_SECURE_COOKIES", "maybe"),
            ("WHETSTONE_TRUST_PROXY", "perhaps"),
            ("WHETSTONE_LOG_FORMAT", "xml"),
            ("WHETSTONE_JWT_SECRET", "short"),
            ("WHETSTONE_PUBLIC_URL", "ws.example"),
            ("WHETSTONE_LOGIN_LIMIT_PER_ADDRESS", "lots"),
            ("WHETSTONE_REGISTER_LIMIT_PER_ADDRESS", "0/1s"),
            ("WHETSTONE_DB_ACQUIRE_TIMEOUT_MS", "0"),
            ("WHETSTONE_BODY_TIMEOUT_SECS", "soon"),
        ] {
            let err = settings(&[(var, value)], dir.path()).unwrap_err();
            assert!(err.to_string().contains(var), "{err}");
        }
    }

    #[test]
    fn jwt_secret_is_generated_once_with_private_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested/data");
        let first = load_or_create_secret(&data).unwrap();
        let mode = fs::metadata(data.join("jwt_secret"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(first.expose().len(), 128);
        let second = load_or_create_secret(&data).unwrap();
        assert_eq!(first, second);
        let other = load_or_create_secret(&dir.path().join("elsewhere")).unwrap();
        assert_ne!(first, other);
        assert_eq!(format!("{first:?}"), "Secret([redacted])");
    }

    #[test]
    fn the_database_password_never_shows_in_logged_settings() {
        let s = Settings::for_tests("postgres://app:hunter2-secret@db.internal/whetstone".into());
        let logged = format!("{s:?}");
        assert!(!logged.contains("hunter2-secret"), "{logged}");
        assert!(
            logged.contains("database_url: Some(Secret([redacted]))"),
            "{logged}"
        );
    }

    #[test]
    fn a_truncated_secret_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("jwt_secret"), "abc").unwrap();
        let err = load_or_create_secret(dir.path()).unwrap_err();
        assert!(err.to_string().contains("jwt_secret"), "{err}");
    }
}
