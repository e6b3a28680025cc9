//! A private PostgreSQL cluster run from the system binaries, for `whetstone serve` without
//! `DATABASE_URL` and for the test suite.
//!
//! Layout under the data directory: `postgres/` (the cluster, created by `initdb` on first start
//! and reused after), `postgres-run/` (the Unix socket and the server log) and `postgres.password`
//! (the generated password of the `whetstone` role, mode 0600). The server listens on 127.0.0.1 at
//! a free port; local socket connections are trusted (the socket directory is private), TCP
//! connections need the password.
//!
//! PostgreSQL refuses to run as root, so when this process is root the cluster belongs to the
//! unprivileged `postgres` user and `initdb`/`pg_ctl` run with its uid and gid.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// The database role that owns everything in the embedded cluster.
pub const SUPERUSER: &str = "whetstone";

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "PostgreSQL server programs (initdb, pg_ctl, postgres) were not found on PATH or under \
         {searched}/*/bin. Install them (Debian/Ubuntu: `apt-get install postgresql`), or set \
         DATABASE_URL to use an existing PostgreSQL server."
    )]
    BinariesNotFound { searched: String },
    #[error(
        "running as root, but there is no unprivileged `postgres` user to run PostgreSQL as \
         (PostgreSQL refuses to run as root). Install the `postgresql` package, which creates it, \
         run as a normal user, or set DATABASE_URL."
    )]
    NoUnprivilegedUser,
    #[error(
        "the `postgres` user cannot reach {dir}: {blocker} is not searchable by it. Set \
         WHETSTONE_DATA_DIR to a directory it can reach (for example under /var/lib or /srv), \
         or set DATABASE_URL."
    )]
    Unreachable { dir: PathBuf, blocker: PathBuf },
    #[error(
        "{path} exists but is not a PostgreSQL cluster; move it away or choose another WHETSTONE_DATA_DIR"
    )]
    NotACluster { path: PathBuf },
    #[error("{path} is missing; delete {cluster} to create a fresh cluster")]
    PasswordMissing { path: PathBuf, cluster: PathBuf },
    #[error("{action} failed: {detail}")]
    Command { action: String, detail: String },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

fn io_err(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> EmbeddedError {
    let context = context.into();
    move |source| EmbeddedError::Io { context, source }
}

/// The directory holding `initdb`, `pg_ctl` and `postgres`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgBinaries {
    pub bin_dir: PathBuf,
}

const PROGRAMS: [&str; 3] = ["initdb", "pg_ctl", "postgres"];

impl PgBinaries {
    /// Finds the server programs on `PATH`, then under `/usr/lib/postgresql/*/bin` (newest first).
    pub fn find() -> Result<PgBinaries, EmbeddedError> {
        PgBinaries::find_in(std::env::var_os("PATH"), Path::new("/usr/lib/postgresql"))
    }

    /// [`PgBinaries::find`] with an explicit `PATH` value and versions directory.
    pub fn find_in(
        path: Option<OsString>,
        versions_root: &Path,
    ) -> Result<PgBinaries, EmbeddedError> {
        let complete = |dir: &Path| PROGRAMS.iter().all(|p| is_executable(&dir.join(p)));
        if let Some(path) = path {
            for dir in std::env::split_paths(&path) {
                // Follow symlinks (`/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb`):
                // pg_ctl finds `postgres` next to its real location.
                let Ok(initdb) = fs::canonicalize(dir.join("initdb")) else {
                    continue;
                };
                if let Some(real_dir) = initdb.parent()
                    && complete(real_dir)
                {
                    return Ok(PgBinaries {
                        bin_dir: real_dir.to_path_buf(),
                    });
                }
            }
        }
        let mut versions: Vec<(Vec<u32>, PathBuf)> = fs::read_dir(versions_root)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                let version: Option<Vec<u32>> = name.split('.').map(|p| p.parse().ok()).collect();
                Some((version?, entry.path().join("bin")))
            })
            .collect();
        versions.sort_by(|a, b| b.0.cmp(&a.0));
        versions
            .into_iter()
            .map(|(_, dir)| dir)
            .find(|dir| complete(dir))
            .map(|bin_dir| PgBinaries { bin_dir })
            .ok_or_else(|| EmbeddedError::BinariesNotFound {
                searched: versions_root.display().to_string(),
            })
    }

    fn program(&self, name: &str) -> PathBuf {
        self.bin_dir.join(name)
    }
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Which OS user runs the cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunAs {
    /// The current (non-root) user.
    CurrentUser,
    /// Another user (when this process is root).
    User { uid: u32, gid: u32 },
}

impl RunAs {
    /// The current user, or `postgres` from /etc/passwd when running as root.
    pub fn detect() -> Result<RunAs, EmbeddedError> {
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            return Ok(RunAs::CurrentUser);
        }
        let passwd = fs::read_to_string("/etc/passwd").map_err(io_err("reading /etc/passwd"))?;
        match passwd_entry(&passwd, "postgres") {
            Some((uid, gid)) if uid != 0 => Ok(RunAs::User { uid, gid }),
            _ => Err(EmbeddedError::NoUnprivilegedUser),
        }
    }
}

/// The uid and gid of `user` in the text of an /etc/passwd file.
pub fn passwd_entry(passwd: &str, user: &str) -> Option<(u32, u32)> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        if fields.next()? != user {
            return None;
        }
        let _password = fields.next()?;
        let uid = fields.next()?.parse().ok()?;
        let gid = fields.next()?.parse().ok()?;
        Some((uid, gid))
    })
}

/// Where clusters go when the data directory is out of the `postgres` user's reach.
pub const DEFAULT_FALLBACK_BASE: &str = "/var/lib/whetstone/clusters";

/// How to run the cluster.
#[derive(Debug, Clone, Default)]
pub struct EmbeddedOptions {
    /// Turn off fsync and friends: much faster, loses data on a crash. For tests only.
    pub unsafe_fast: bool,
    /// When running as root and the data directory sits under a private directory (such as
    /// `/root`), the cluster's own directories go under `<fallback_base>/<hash of the data dir>`
    /// instead. Default: [`DEFAULT_FALLBACK_BASE`].
    pub fallback_base: Option<PathBuf>,
}

/// A running private cluster. Stopped by [`EmbeddedPostgres::stop`] or on drop.
#[derive(Debug)]
pub struct EmbeddedPostgres {
    bins: PgBinaries,
    run_as: RunAs,
    pgdata: PathBuf,
    run_dir: PathBuf,
    port: u16,
    password: String,
    created: bool,
    adopted: bool,
    running: bool,
}

impl EmbeddedPostgres {
    /// Starts (creating on first use) the cluster under `data_dir`.
    pub fn start(
        data_dir: &Path,
        options: EmbeddedOptions,
    ) -> Result<EmbeddedPostgres, EmbeddedError> {
        let bins = PgBinaries::find()?;
        let run_as = RunAs::detect()?;
        EmbeddedPostgres::start_with(bins, run_as, data_dir, options)
    }

    /// [`EmbeddedPostgres::start`] with explicit binaries and user.
    pub fn start_with(
        bins: PgBinaries,
        run_as: RunAs,
        data_dir: &Path,
        options: EmbeddedOptions,
    ) -> Result<EmbeddedPostgres, EmbeddedError> {
        fs::create_dir_all(data_dir).map_err(io_err(format!("creating {}", data_dir.display())))?;
        let root = fs::canonicalize(data_dir)
            .map_err(io_err(format!("resolving {}", data_dir.display())))?;
        let fallback_base = options
            .fallback_base
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_FALLBACK_BASE));
        let home = cluster_home(&root, run_as, &fallback_base)?;
        let pgdata = home.join("postgres");
        let run_dir = home.join("postgres-run");
        let password_file = root.join("postgres.password");
        for dir in [&pgdata, &run_dir] {
            private_dir(dir, run_as)?;
        }
        let mut cluster = EmbeddedPostgres {
            bins,
            run_as,
            pgdata,
            run_dir,
            port: 0,
            password: String::new(),
            created: false,
            adopted: false,
            running: false,
        };
        if cluster.pgdata.join("PG_VERSION").exists() {
            cluster.password = fs::read_to_string(&password_file)
                .map_err(|_| EmbeddedError::PasswordMissing {
                    path: password_file.clone(),
                    cluster: cluster.pgdata.clone(),
                })?
                .trim()
                .to_string();
        } else {
            let not_empty = fs::read_dir(&cluster.pgdata)
                .map_err(io_err(format!("reading {}", cluster.pgdata.display())))?
                .next()
                .is_some();
            if not_empty {
                return Err(EmbeddedError::NotACluster {
                    path: cluster.pgdata.clone(),
                });
            }
            cluster.password = crate::config::random_hex(24);
            cluster.initdb(&password_file, &options)?;
            cluster.created = true;
        }
        if let Some(port) = cluster.adopt_running()? {
            tracing::info!(
                port,
                "reusing the PostgreSQL server already running on this cluster"
            );
            cluster.port = port;
            cluster.adopted = true;
            cluster.running = true;
            return Ok(cluster);
        }
        let mut last_error = None;
        for _ in 0..3 {
            cluster.port = free_port()?;
            cluster.write_conf(&options)?;
            match cluster.pg_ctl_start() {
                Ok(()) => {
                    cluster.running = true;
                    return Ok(cluster);
                }
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.expect("three attempts were made"))
    }

    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// True when this start ran `initdb` (false when an existing cluster was reused).
    pub fn created(&self) -> bool {
        self.created
    }

    /// True when the server was already running (left by a process that was killed, or started
    /// by another process) and this handle took it over.
    pub fn adopted(&self) -> bool {
        self.adopted
    }

    /// The directory of the cluster (`<data_dir>/postgres`).
    pub fn pgdata(&self) -> &Path {
        &self.pgdata
    }

    /// The connection URL of `database` for the `whetstone` role over TCP.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://{SUPERUSER}:{}@127.0.0.1:{}/{database}",
            self.password, self.port
        )
    }

    /// Stops the server (`pg_ctl -m fast stop`). Calling it again does nothing.
    pub fn stop(&mut self) -> Result<(), EmbeddedError> {
        if !self.running {
            return Ok(());
        }
        self.running = false;
        let output = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&self.pgdata)
            .args(["-m", "fast", "-w", "-t", "60", "stop"])
            .output()
            .map_err(io_err("running pg_ctl stop"))?;
        check_output("stopping PostgreSQL (pg_ctl stop)", &output, None)
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bins.program(program));
        if let RunAs::User { uid, gid } = self.run_as {
            cmd.uid(uid).gid(gid);
        }
        // Our own process group: a Ctrl-C in the terminal reaches us, not the server, so the
        // shutdown is orderly.
        cmd.process_group(0)
            .current_dir(self.pgdata.parent().unwrap_or(Path::new("/")))
            .env_remove("PGDATA")
            .env_remove("PGPORT")
            .env_remove("PGHOST")
            .env("LC_ALL", "C")
            .stdin(Stdio::null());
        cmd
    }

    fn initdb(&self, password_file: &Path, options: &EmbeddedOptions) -> Result<(), EmbeddedError> {
        // The password goes to initdb through a file only the cluster's user can read.
        let pwfile = self.run_dir.join("initdb.pw");
        write_private(&pwfile, &self.password, self.run_as)?;
        let mut cmd = self.command("initdb");
        cmd.arg("-D")
            .arg(&self.pgdata)
            .args(["-U", SUPERUSER, "-E", "UTF8", "--locale=C"])
            .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display()));
        if options.unsafe_fast {
            cmd.arg("--no-sync");
        }
        let output = cmd.output().map_err(io_err("running initdb"));
        let _ = fs::remove_file(&pwfile);
        check_output("creating the PostgreSQL cluster (initdb)", &output?, None)?;
        let conf = self.pgdata.join("postgresql.conf");
        let mut file = fs::OpenOptions::new()
            .append(true)
            .open(&conf)
            .map_err(io_err(format!("opening {}", conf.display())))?;
        writeln!(file, "\n# Added by whetstone: settings for this cluster.\ninclude_if_exists = 'whetstone.conf'")
            .map_err(io_err(format!("writing {}", conf.display())))?;
        write_private(password_file, &self.password, RunAs::CurrentUser)
    }

    fn write_conf(&self, options: &EmbeddedOptions) -> Result<(), EmbeddedError> {
        let quote = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', "''"));
        let mut conf = format!(
            "# Written by whetstone at every start; edit postgresql.conf instead.\n\
             listen_addresses = '127.0.0.1'\n\
             port = {}\n\
             unix_socket_directories = {}\n\
             unix_socket_permissions = 0700\n\
             max_connections = 200\n",
            self.port,
            quote(&self.run_dir)
        );
        if options.unsafe_fast {
            conf.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        write_private(&self.pgdata.join("whetstone.conf"), &conf, self.run_as)
    }

    fn pg_ctl_start(&self) -> Result<(), EmbeddedError> {
        let log = self.run_dir.join("postgres.log");
        let output = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&self.pgdata)
            .arg("-l")
            .arg(&log)
            .args(["-w", "-t", "60", "start"])
            .output()
            .map_err(io_err("running pg_ctl start"))?;
        check_output("starting PostgreSQL (pg_ctl start)", &output, Some(&log))?;
        // pg_ctl -w waited for the server to accept connections; check the TCP side too.
        TcpStream::connect_timeout(&([127, 0, 0, 1], self.port).into(), Duration::from_secs(5))
            .map_err(io_err(format!(
                "connecting to PostgreSQL on port {}",
                self.port
            )))?;
        Ok(())
    }

    /// Handles a `postmaster.pid` left behind: a live server of this cluster (after our process
    /// was killed) is adopted and its port returned; a stale file from a crash is removed.
    fn adopt_running(&self) -> Result<Option<u16>, EmbeddedError> {
        let pid_file = self.pgdata.join("postmaster.pid");
        let Ok(contents) = fs::read_to_string(&pid_file) else {
            return Ok(None);
        };
        let mut lines = contents.lines();
        let pid: Option<i32> = lines.next().and_then(|l| l.trim().parse().ok());
        let port: Option<u16> = lines.nth(2).and_then(|l| l.trim().parse().ok());
        if let (Some(pid), Some(port)) = (pid, port)
            && is_postgres_process(pid)
            && TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2))
                .is_ok()
        {
            return Ok(Some(port));
        }
        tracing::warn!(file = %pid_file.display(), "removing a stale postmaster.pid left by a crash");
        fs::remove_file(&pid_file).map_err(io_err(format!("removing {}", pid_file.display())))?;
        Ok(None)
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            tracing::error!(error = %e, "stopping the embedded PostgreSQL failed");
        }
    }
}

fn is_postgres_process(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|comm| comm.trim() == "postgres" || comm.trim() == "postmaster")
        .unwrap_or(false)
}

/// A free TCP port on 127.0.0.1 (free when asked; the caller retries if it is taken meanwhile).
fn free_port() -> Result<u16, EmbeddedError> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(io_err("finding a free port"))?;
    Ok(listener
        .local_addr()
        .map_err(io_err("finding a free port"))?
        .port())
}

/// Creates `dir` (mode 0700) owned by the cluster's user.
fn private_dir(dir: &Path, run_as: RunAs) -> Result<(), EmbeddedError> {
    fs::create_dir_all(dir).map_err(io_err(format!("creating {}", dir.display())))?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .map_err(io_err(format!("setting permissions of {}", dir.display())))?;
    chown_to(dir, run_as)
}

fn chown_to(path: &Path, run_as: RunAs) -> Result<(), EmbeddedError> {
    if let RunAs::User { uid, gid } = run_as {
        std::os::unix::fs::chown(path, Some(uid), Some(gid)).map_err(io_err(format!(
            "giving {} to the postgres user",
            path.display()
        )))?;
    }
    Ok(())
}

/// Writes `contents` to `path` with mode 0600, owned by the cluster's user.
fn write_private(path: &Path, contents: &str, run_as: RunAs) -> Result<(), EmbeddedError> {
    let _ = fs::remove_file(path);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io_err(format!("creating {}", path.display())))?;
    file.write_all(contents.as_bytes())
        .map_err(io_err(format!("writing {}", path.display())))?;
    chown_to(path, run_as)
}

/// Where the cluster's directories go: under `root`, unless the cluster's user cannot reach it
/// (root running from a private home such as `/root/...`); then under
/// `<fallback_base>/<hash of root>`, noted in `<root>/postgres-location` for humans.
fn cluster_home(
    root: &Path,
    run_as: RunAs,
    fallback_base: &Path,
) -> Result<PathBuf, EmbeddedError> {
    use sha2::{Digest, Sha256};
    use std::os::unix::ffi::OsStrExt;
    let RunAs::User { uid, gid } = run_as else {
        return Ok(root.to_path_buf());
    };
    let blocker = match check_reachable(root, uid, gid) {
        Ok(()) => return Ok(root.to_path_buf()),
        Err(EmbeddedError::Unreachable { blocker, .. }) => blocker,
        Err(e) => return Err(e),
    };
    let digest = Sha256::digest(root.as_os_str().as_bytes());
    let home = fallback_base.join(hex::encode(&digest[..8]));
    fs::create_dir_all(&home).map_err(io_err(format!("creating {}", home.display())))?;
    fs::set_permissions(&home, fs::Permissions::from_mode(0o755))
        .map_err(io_err(format!("setting permissions of {}", home.display())))?;
    check_reachable(&home, uid, gid)?;
    tracing::warn!(
        data_dir = %root.display(),
        blocker = %blocker.display(),
        cluster = %home.display(),
        "the postgres user cannot reach the data directory; keeping the cluster elsewhere"
    );
    let note = format!(
        "The PostgreSQL cluster of this data directory lives in {} because the postgres user \
         cannot reach {} ({} is private).\n",
        home.display(),
        root.display(),
        blocker.display()
    );
    fs::write(root.join("postgres-location"), note).map_err(io_err(format!(
        "writing {}",
        root.join("postgres-location").display()
    )))?;
    Ok(home)
}

/// Every ancestor of `dir` must be searchable by `uid`/`gid`, or PostgreSQL cannot open its files.
fn check_reachable(dir: &Path, uid: u32, gid: u32) -> Result<(), EmbeddedError> {
    use std::os::unix::fs::MetadataExt;
    for ancestor in dir.ancestors() {
        let meta =
            fs::metadata(ancestor).map_err(io_err(format!("reading {}", ancestor.display())))?;
        let mode = meta.mode();
        let searchable = if meta.uid() == uid {
            mode & 0o100 != 0
        } else if meta.gid() == gid {
            mode & 0o010 != 0
        } else {
            mode & 0o001 != 0
        };
        if !searchable {
            return Err(EmbeddedError::Unreachable {
                dir: dir.to_path_buf(),
                blocker: ancestor.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Turns a failed command into an error carrying its output (and the tail of `log`).
fn check_output(action: &str, output: &Output, log: Option<&Path>) -> Result<(), EmbeddedError> {
    if output.status.success() {
        return Ok(());
    }
    let mut detail = format!(
        "{}{}{}",
        output.status,
        if output.stderr.is_empty() { "" } else { ": " },
        String::from_utf8_lossy(&output.stderr).trim()
    );
    if let Some(log) = log
        && let Ok(text) = fs::read_to_string(log)
    {
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(15)..].join("\n");
        detail.push_str(&format!("\nlast lines of {}:\n{tail}", log.display()));
    }
    Err(EmbeddedError::Command {
        action: action.to_string(),
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_bin_dir(root: &Path, version: &str, programs: &[&str]) -> PathBuf {
        let dir = root.join(version).join("bin");
        fs::create_dir_all(&dir).unwrap();
        for p in programs {
            let path = dir.join(p);
            fs::write(&path, "#!/bin/sh\n").unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
        dir
    }

    #[test]
    fn missing_binaries_say_what_to_install_or_configure() {
        let dir = tempfile::tempdir().unwrap();
        let err = PgBinaries::find_in(Some(OsString::new()), &dir.path().join("none")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("apt-get install postgresql"), "{message}");
        assert!(message.contains("DATABASE_URL"), "{message}");
        assert!(message.contains("initdb"), "{message}");
    }

    #[test]
    fn newest_complete_version_wins() {
        let dir = tempfile::tempdir().unwrap();
        fake_bin_dir(dir.path(), "13", &PROGRAMS);
        let v16 = fake_bin_dir(dir.path(), "16", &PROGRAMS);
        // Version 17 lacks `postgres`: incomplete, skipped.
        fake_bin_dir(dir.path(), "17", &["initdb", "pg_ctl"]);
        fake_bin_dir(dir.path(), "9.6", &PROGRAMS);
        let found = PgBinaries::find_in(None, dir.path()).unwrap();
        assert_eq!(found.bin_dir, v16);
    }

    #[test]
    fn path_is_searched_first_and_symlinks_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let real = fake_bin_dir(&dir.path().join("lib"), "14", &PROGRAMS);
        fake_bin_dir(&dir.path().join("lib"), "16", &PROGRAMS);
        let on_path = dir.path().join("local-bin");
        fs::create_dir_all(&on_path).unwrap();
        std::os::unix::fs::symlink(real.join("initdb"), on_path.join("initdb")).unwrap();
        let path = std::env::join_paths([dir.path().join("empty"), on_path]).unwrap();
        let found = PgBinaries::find_in(Some(path), &dir.path().join("lib")).unwrap();
        assert_eq!(found.bin_dir, fs::canonicalize(real).unwrap());
    }

    #[test]
    fn passwd_lookup_reads_uid_and_gid() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n";
        assert_eq!(passwd_entry(passwd, "postgres"), Some((101, 104)));
        assert_eq!(passwd_entry(passwd, "root"), Some((0, 0)));
        assert_eq!(passwd_entry(passwd, "nobody"), None);
        assert_eq!(passwd_entry("postgres:x:abc:1:::\n", "postgres"), None);
    }

    #[test]
    fn unreachable_data_dir_is_reported_with_the_blocking_directory() {
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        let inner = locked.join("data");
        fs::create_dir_all(&inner).unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o700)).unwrap();
        // A uid/gid that owns nothing here: only the "other" bits count.
        let err = check_reachable(&inner, 65_000, 65_000);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        match err {
            Err(EmbeddedError::Unreachable { blocker, .. }) => assert_eq!(blocker, locked),
            other => panic!("expected Unreachable, got {other:?}"),
        }
    }

    fn world_searchable_tempdir() -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix("whetstone-pg-test-")
            .permissions(fs::Permissions::from_mode(0o755))
            .tempdir()
            .unwrap()
    }

    fn psql_select_one(cluster: &EmbeddedPostgres) -> String {
        let psql = cluster.bins.program("psql");
        let output = Command::new(psql)
            .args(["-X", "-A", "-t", "-c", "SELECT 40 + 2"])
            .arg(cluster.url("postgres"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    }

    #[test]
    fn cluster_starts_stops_and_is_reused() {
        let dir = world_searchable_tempdir();
        let fast = EmbeddedOptions {
            unsafe_fast: true,
            ..EmbeddedOptions::default()
        };
        let mut first = EmbeddedPostgres::start(dir.path(), fast.clone()).unwrap();
        assert!(first.created());
        assert_eq!(psql_select_one(&first), "42");
        let port = first.port();
        first.stop().unwrap();
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
        assert!(!first.pgdata().join("postmaster.pid").exists());
        drop(first);

        let second = EmbeddedPostgres::start(dir.path(), fast.clone()).unwrap();
        assert!(!second.created(), "the existing cluster is reused");
        assert_eq!(psql_select_one(&second), "42");
        let pid_file = second.pgdata().join("postmaster.pid");
        drop(second);
        assert!(!pid_file.exists(), "drop stops the server");

        // A crash leaves a postmaster.pid naming a dead process: it is cleaned up.
        fs::write(&pid_file, "999999999\n/x\n0\n5432\n").unwrap();
        let third = EmbeddedPostgres::start(dir.path(), fast.clone()).unwrap();
        assert!(!third.adopted());
        assert_eq!(psql_select_one(&third), "42");

        // A server left running (its owner was killed) is adopted, not started twice.
        let fourth = EmbeddedPostgres::start(dir.path(), fast).unwrap();
        assert!(fourth.adopted());
        assert_eq!(fourth.port(), third.port());
        assert_eq!(psql_select_one(&fourth), "42");
        drop(fourth);
        assert!(!pid_file.exists(), "the adopter stops it on drop");
        std::mem::forget(third);
    }

    #[test]
    fn a_private_data_dir_moves_the_cluster_to_the_fallback() {
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("home");
        let data = locked.join("app/data");
        fs::create_dir_all(&data).unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o700)).unwrap();
        let fallback = dir.path().join("fallback");
        // The temp dir itself must be reachable for the fallback check below.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let someone = RunAs::User {
            uid: 65_000,
            gid: 65_000,
        };
        let home = cluster_home(&data, someone, &fallback).unwrap();
        assert!(home.starts_with(&fallback), "{}", home.display());
        assert_eq!(
            home,
            cluster_home(&data, someone, &fallback).unwrap(),
            "stable"
        );
        let note = fs::read_to_string(data.join("postgres-location")).unwrap();
        assert!(note.contains(&home.display().to_string()), "{note}");
        // Reachable, or not root: the cluster stays in the data directory.
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(cluster_home(&data, someone, &fallback).unwrap(), data);
        assert_eq!(
            cluster_home(&data, RunAs::CurrentUser, &fallback).unwrap(),
            data
        );
    }

    #[test]
    fn a_foreign_directory_is_not_taken_over() {
        let dir = world_searchable_tempdir();
        fs::create_dir_all(dir.path().join("postgres")).unwrap();
        fs::write(dir.path().join("postgres/notes.txt"), "mine").unwrap();
        let err = EmbeddedPostgres::start(dir.path(), EmbeddedOptions::default()).unwrap_err();
        assert!(matches!(err, EmbeddedError::NotACluster { .. }), "{err}");
    }
}
