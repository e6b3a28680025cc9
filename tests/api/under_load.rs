//! Behaviour that keeps the server healthy under load: request bodies have a deadline, an
//! unreachable database answers 503 at once instead of queueing requests, and the per-address
//! login/registration limits can be raised for a classroom behind one address.

use std::time::Duration;

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use whetstone::auth::rate_limit::Limit;
use whetstone::config::Settings;
use whetstone::startup::{Application, pool_options};

use crate::helpers::spawn_app_with;

/// Sends a request head announcing `body`, then the body one byte every `pause`; returns all the
/// server sent until it closed the connection (or a minute passed: then the test fails).
async fn trickle(port: u16, body: &'static str, pause: Duration) -> String {
    let stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = format!(
        "POST /api/v1/auth/token HTTP/1.1\r\nHost: localhost\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    write.write_all(head.as_bytes()).await.unwrap();
    let writer = tokio::spawn(async move {
        for byte in body.bytes() {
            tokio::time::sleep(pause).await;
            if write.write_all(&[byte]).await.is_err() {
                return;
            }
        }
        // keep the connection open for writing: the server decides when it ends
        tokio::time::sleep(Duration::from_secs(120)).await;
        drop(write);
    });
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), read.read_to_end(&mut answer))
        .await
        .expect("the server answered and closed the connection within a minute")
        .unwrap();
    writer.abort();
    String::from_utf8_lossy(&answer).into_owned()
}

const LOGIN: &str = r#"{"login": "nobody", "password": "a good long password"}"#;

#[tokio::test]
async fn a_body_trickling_past_the_deadline_is_answered_408_and_the_connection_closed() {
    let app = spawn_app_with(|s| s.body_timeout = Duration::from_secs(1)).await;
    // one byte every 300 ms: the 55-byte body would take 16 s to arrive
    let answer = trickle(app.port, LOGIN, Duration::from_millis(300)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    assert!(
        answer.contains("The request body did not arrive within 1 second"),
        "{answer}"
    );
    // the server still serves others
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_body_that_arrives_in_time_is_read_normally() {
    let app = spawn_app_with(|s| s.body_timeout = Duration::from_secs(30)).await;
    // a pause between bytes far under the deadline: the request goes through (unknown account)
    let answer = trickle(app.port, LOGIN, Duration::from_millis(5)).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
}

/// An app whose database does not exist on this machine: nothing listens on its port.
async fn app_without_database() -> (String, Settings) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port(); // the listener is dropped: connections to the port are refused
    let url = format!("postgres://whetstone@127.0.0.1:{port}/whetstone");
    let mut settings = Settings::for_tests(url.clone());
    settings.db_acquire_timeout = Duration::from_millis(200);
    let pool = pool_options(settings.db_acquire_timeout)
        .connect_lazy(&url)
        .unwrap();
    let app = Application::build_with_pool(settings.clone(), pool).unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    (address, settings)
}

#[tokio::test]
async fn an_unreachable_database_is_a_503_that_says_so() {
    let (address, settings) = app_without_database().await;
    let client = reqwest::Client::new();

    let page = client
        .get(format!("{address}/questions/001-4"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("The database is unavailable right now"),
        "{html}"
    );

    // a signed-in API request: the account lookup itself cannot reach the database
    let keys = whetstone::auth::token::TokenKeys::new(
        settings.jwt_secret.expose().as_bytes(),
        chrono::Duration::hours(1),
    );
    let token = keys
        .issue(uuid::Uuid::new_v4(), 0, chrono::Utc::now())
        .unwrap()
        .0;
    let api = client
        .get(format!("{address}/api/v1/interviews"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["status"], 503);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Nothing you saved before is lost"),
        "{body}"
    );
    // the process is up, and says the database is not
    let ready = client
        .get(format!("{address}/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let health = client
        .get(format!("{address}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

async fn register(client: &reqwest::Client, address: &str, name: &str) -> StatusCode {
    client
        .post(format!("{address}/api/v1/auth/register"))
        .json(&serde_json::json!({
            "username": name,
            "email": format!("{name}@example.com"),
            "password": "a good long password",
        }))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_classroom_behind_one_address_can_be_given_a_larger_registration_limit() {
    let app = spawn_app_with(|s| {
        s.auth_limits.register_per_address = Limit {
            burst: 12,
            every: Duration::from_secs(3600),
        }
    })
    .await;
    let client = reqwest::Client::new();
    // more than the default burst of 10 from one address
    for i in 0..12 {
        assert_eq!(
            register(&client, &app.address, &format!("pupil{i}")).await,
            StatusCode::CREATED,
            "pupil {i}"
        );
    }
    let refused = client
        .post(app.url("/api/v1/auth/register"))
        .json(&serde_json::json!({
            "username": "pupil12",
            "email": "pupil12@example.com",
            "password": "a good long password",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
}
