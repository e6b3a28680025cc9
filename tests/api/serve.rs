//! `whetstone serve` as a user runs it: no DATABASE_URL, so it starts its own PostgreSQL, serves,
//! and stops everything on SIGTERM / Ctrl-C.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn start_serve(data_dir: &Path, extra: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whetstone"))
        .arg("serve")
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DATABASE_URL")
        .env("WHETSTONE_DATA_DIR", data_dir)
        .env("WHETSTONE_PORT", "0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("starting whetstone serve");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("Whetstone is running at ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();
    (child, url)
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: sending a signal to our own child process.
    let rc = unsafe { libc::kill(child.id() as i32, sig) };
    assert_eq!(rc, 0);
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    for _ in 0..300 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    panic!("whetstone serve did not exit within 30 s");
}

#[tokio::test]
async fn serve_runs_its_own_postgres_and_stops_it_on_sigterm_and_ctrl_c() {
    let dir = tempfile::Builder::new()
        .prefix("whetstone-serve-test-")
        .permissions(std::fs::Permissions::from_mode(0o755))
        .tempdir()
        .unwrap();
    let data_dir = dir.path().join("data");

    let (mut child, url) = start_serve(&data_dir, &["--no-import"]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let client = reqwest::Client::new();
    let ready = client.get(format!("{url}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let pid_file = data_dir.join("postgres/postmaster.pid");
    assert!(pid_file.exists(), "the embedded cluster runs");
    assert!(
        data_dir.join("jwt_secret").exists(),
        "a JWT secret was generated"
    );

    signal(&child, libc::SIGTERM);
    assert!(wait_exit(&mut child).success());
    assert!(!pid_file.exists(), "SIGTERM stops the cluster");

    // Second start reuses the cluster; Ctrl-C (SIGINT) stops it too.
    let (mut child, url) = start_serve(&data_dir, &["--no-import"]);
    let ready = client.get(format!("{url}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    signal(&child, libc::SIGINT);
    assert!(wait_exit(&mut child).success());
    assert!(!pid_file.exists(), "Ctrl-C stops the cluster");
}
