//! `whetstone serve` as a user runs it: no DATABASE_URL, so it starts its own PostgreSQL, serves,
//! and stops everything on SIGTERM / Ctrl-C.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Starts `whetstone serve`; its log goes to `log`.
fn start_serve(data_dir: &Path, rubrics: &Path, log: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whetstone"))
        .arg("serve")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DATABASE_URL")
        .env("WHETSTONE_DATA_DIR", data_dir)
        .env("WHETSTONE_RUBRICS_DIR", rubrics)
        .env("WHETSTONE_PORT", "0")
        .env("WHETSTONE_LOG_FORMAT", "json")
        .env("RUST_LOG", "whetstone=info")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).unwrap())
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
    let rubrics = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics");
    let log = dir.path().join("serve.log");

    let (mut child, url) = start_serve(&data_dir, &rubrics, &log);
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

    // The bank was imported into the embedded cluster's `whetstone` database.
    let password = std::fs::read_to_string(data_dir.join("postgres.password")).unwrap();
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let port = pid.lines().nth(3).unwrap().trim();
    let db = format!(
        "postgres://whetstone:{}@127.0.0.1:{port}/whetstone",
        password.trim()
    );
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let questions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM questions WHERE EXISTS (SELECT 1 FROM bank_meta)")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(questions > 1000, "{questions}");
    pool.close().await;

    signal(&child, libc::SIGTERM);
    assert!(wait_exit(&mut child).success());
    assert!(!pid_file.exists(), "SIGTERM stops the cluster");
    let first_log = std::fs::read_to_string(&log).unwrap();
    assert!(first_log.contains("question bank imported"), "{first_log}");

    // Second start reuses the cluster and skips the import; Ctrl-C (SIGINT) stops it too.
    let (mut child, url) = start_serve(&data_dir, &rubrics, &log);
    let ready = client.get(format!("{url}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    signal(&child, libc::SIGINT);
    assert!(wait_exit(&mut child).success());
    assert!(!pid_file.exists(), "Ctrl-C stops the cluster");
    let second_log = std::fs::read_to_string(&log).unwrap();
    assert!(
        second_log.contains("question bank is up to date"),
        "{second_log}"
    );
    assert!(
        !second_log.contains("question bank imported"),
        "{second_log}"
    );
    // a clean stop logs no error (the deadline sweeper ends with the pool, before the cluster)
    for log in [&first_log, &second_log] {
        assert!(!log.contains("ERROR"), "{log}");
    }
}
