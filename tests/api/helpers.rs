//! Test harness: the app spawned on a random port on its own database (see [`crate::databases`]).
//! Browsers (cookie-keeping clients) load pages and post forms with the page's CSRF token through
//! [`TestApp::post_form`] and its `_in` variants; every other helper module builds on these.

use sqlx::{Connection, PgConnection, PgPool};
use whetstone::config::Settings;
use whetstone::startup::Application;

pub use crate::databases::{create_database, database_url};

/// A running app on its own database.
#[allow(dead_code)] // Not every test file uses every field.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    pub port: u16,
    /// A pool on the app's database, for arranging and checking state.
    pub pool: PgPool,
    /// A client that keeps cookies and does not follow redirects.
    pub client: reqwest::Client,
    pub db_name: String,
    pub settings: Settings,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Spawns the app after `customize` has adjusted its settings.
pub async fn spawn_app_with(customize: impl FnOnce(&mut Settings)) -> TestApp {
    if std::env::var_os("TEST_LOG").is_some() {
        whetstone::telemetry::init_tracing("debug", whetstone::config::LogFormat::Pretty);
    }
    let (db_name, url) = create_database().await;
    let mut settings = Settings::for_tests(url.clone());
    customize(&mut settings);
    let app = Application::build(settings.clone())
        .await
        .expect("building the application");
    let port = app.port();
    let pool = app.pool().clone();
    tokio::spawn(app.run_until_stopped());
    let client = browser();
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        pool,
        client,
        db_name,
        settings,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    /// Drops the app's database under it (connections are terminated): the database is gone.
    pub async fn drop_database(&self) {
        let mut conn = PgConnection::connect(&database_url("postgres"))
            .await
            .unwrap();
        let sql = format!(r#"DROP DATABASE "{}" WITH (FORCE)"#, self.db_name);
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .unwrap();
    }
}

/// Accounts for other tests: log `self.client` in, and post forms with their CSRF token.
#[allow(dead_code)] // Not every test file uses every helper.
impl TestApp {
    /// The password [`TestApp::register_and_log_in`] gives every account.
    pub const PASSWORD: &'static str = "a good long password";

    /// The CSRF token in the page at `path`, loaded with `self.client` (so it matches the
    /// client's cookies). Post it back as the `csrf_token` form field or the `X-CSRF-Token`
    /// header.
    pub async fn csrf_token(&self, path: &str) -> String {
        self.csrf_token_in(&self.client, path).await
    }

    /// The CSRF token in the page at `path`, loaded in `client` (another browser).
    pub async fn csrf_token_in(&self, client: &reqwest::Client, path: &str) -> String {
        csrf_token_at(client, &self.url(path)).await
    }

    /// Posts the form `fields` to `path` with `self.client`, adding the CSRF token of the page
    /// at `from` (the page the form is on).
    pub async fn post_form(
        &self,
        from: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        self.post_form_in(&self.client, from, path, fields).await
    }

    /// [`TestApp::post_form`] in `client` (another browser).
    pub async fn post_form_in(
        &self,
        client: &reqwest::Client,
        from: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        post_form_at(client, &self.url(from), &self.url(path), fields).await
    }

    /// The body of the page at `path`, loaded with `self.client`.
    pub async fn html(&self, path: &str) -> String {
        self.html_in(&self.client, path).await
    }

    /// The body of the page at `path`, loaded in `client`.
    pub async fn html_in(&self, client: &reqwest::Client, path: &str) -> String {
        let res = client.get(self.url(path)).send().await;
        res.expect("request failed").text().await.unwrap()
    }

    /// The JSON document at `path`, loaded with `self.client`.
    pub async fn json(&self, path: &str) -> serde_json::Value {
        self.json_in(&self.client, path).await
    }

    /// The JSON document at `path`, loaded in `client`.
    pub async fn json_in(&self, client: &reqwest::Client, path: &str) -> serde_json::Value {
        let res = client.get(self.url(path)).send().await;
        res.expect("request failed").json().await.unwrap()
    }

    /// The same app and database seen from a fresh browser (its own, empty cookie jar).
    pub fn another_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            port: self.port,
            pool: self.pool.clone(),
            client: browser(),
            db_name: self.db_name.clone(),
            settings: self.settings.clone(),
        }
    }

    /// Registers `username` (email `<username>@example.com`) through the form; `self.client`
    /// ends up logged in.
    /// The id of the account `username`.
    pub async fn user_id(&self, username: &str) -> uuid::Uuid {
        sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    pub async fn register_and_log_in(&self, username: &str) {
        self.register_in(&self.client, username).await;
    }

    /// [`TestApp::register_and_log_in`] in `client` (another browser).
    pub async fn register_in(&self, client: &reqwest::Client, username: &str) {
        let email = format!("{username}@example.com");
        let res = self
            .post_form_in(
                client,
                "/register",
                "/register",
                &[
                    ("username", username),
                    ("email", email.as_str()),
                    ("password", Self::PASSWORD),
                    ("password_confirm", Self::PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "registering {username}");
    }

    /// Registers `username` over the JSON API and returns its bearer token.
    pub async fn bearer_token_for(&self, username: &str) -> String {
        let res = reqwest::Client::new()
            .post(self.url("/api/v1/auth/register"))
            .json(&serde_json::json!({
                "username": username,
                "email": format!("{username}@example.com"),
                "password": Self::PASSWORD,
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "registering {username}");
        let body: serde_json::Value = res.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }
}

/// A browser: keeps cookies, does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The CSRF token embedded in a page's forms.
pub fn csrf_in(html: &str) -> String {
    let re = regex::Regex::new(r#"name="csrf_token" value="([^"]+)""#).unwrap();
    re.captures(html)
        .unwrap_or_else(|| panic!("no CSRF field in the page: {html}"))[1]
        .to_owned()
}

/// Loads the page at `url` in `client` and returns the CSRF token in its forms.
pub async fn csrf_token_at(client: &reqwest::Client, url: &str) -> String {
    let res = client.get(url).send().await.expect("request failed");
    csrf_in(&res.text().await.unwrap())
}

/// Posts the form `fields` to `url` in `client`, with the CSRF token of the page at `from_url`
/// added as the `csrf_token` field.
pub async fn post_form_at(
    client: &reqwest::Client,
    from_url: &str,
    url: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let token = csrf_token_at(client, from_url).await;
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    client
        .post(url)
        .form(&form)
        .send()
        .await
        .expect("request failed")
}

/// A pool on a fresh database with every migration applied (no app running).
pub async fn migrated_pool() -> PgPool {
    let (_name, url) = create_database().await;
    let pool = PgPool::connect(&url)
        .await
        .expect("connecting to the test database");
    whetstone::startup::MIGRATOR
        .run(&pool)
        .await
        .expect("migrating the test database");
    pool
}
