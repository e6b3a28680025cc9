//! Shared arrangements for the solo-interview tests: a small question bank with rubrics and
//! reference answers, logged-in browsers and API tokens.

#![allow(dead_code)] // Each test file uses a different subset.

use reqwest::StatusCode;
use reqwest::header::LOCATION;
use sqlx::PgPool;
use uuid::Uuid;
use whetstone::corpus::Difficulty;
use whetstone::rubric::{Criterion, Rubric};

use crate::helpers::{TestApp, csrf_token_at, post_form_at};

pub const PASSWORD: &str = "a good long password";

/// One question of the fixture bank.
pub struct Fixture {
    pub id: &'static str,
    pub topic: &'static str,
    pub difficulty: Difficulty,
    pub prompt: &'static str,
    pub chain: Option<(&'static str, i32, Option<&'static str>)>,
}

/// 13 questions: caching (easy 3, medium 2, hard 2), databases (easy 2, medium 1, hard 1), and a
/// follow-up chain of three links in `reliability`.
pub fn fixtures() -> Vec<Fixture> {
    use Difficulty::*;
    let plain = |id, topic, difficulty, prompt| Fixture {
        id,
        topic,
        difficulty,
        prompt,
        chain: None,
    };
    vec![
        plain("c-e1", "caching", Easy, "What is a cache and why use one?"),
        plain(
            "c-e2",
            "caching",
            Easy,
            "What does a cache hit ratio tell you?",
        ),
        plain("c-e3", "caching", Easy, "What is a TTL on a cache entry?"),
        plain(
            "c-m1",
            "caching",
            Medium,
            "How would you invalidate a distributed cache?",
        ),
        plain(
            "c-m2",
            "caching",
            Medium,
            "Compare write-through and write-back caching.",
        ),
        plain(
            "c-h1",
            "caching",
            Hard,
            "Design a cache for a global news site.",
        ),
        plain(
            "c-h2",
            "caching",
            Hard,
            "How do you avoid a cache stampede?",
        ),
        plain("d-e1", "databases", Easy, "What is an index in a database?"),
        plain("d-e2", "databases", Easy, "What is a primary key?"),
        plain(
            "d-m1",
            "databases",
            Medium,
            "When would you shard a database?",
        ),
        plain(
            "d-h1",
            "databases",
            Hard,
            "Design the storage for a chat app.",
        ),
        Fixture {
            id: "r-1",
            topic: "reliability",
            difficulty: Medium,
            prompt: "How do you make a service highly available?",
            chain: Some(("r-1", 0, Some("r-2"))),
        },
        Fixture {
            id: "r-2",
            topic: "reliability",
            difficulty: Medium,
            prompt: "Now the primary region fails: what happens?",
            chain: Some(("r-1", 1, Some("r-3"))),
        },
        Fixture {
            id: "r-3",
            topic: "reliability",
            difficulty: Medium,
            prompt: "How do you test that failover works?",
            chain: Some(("r-1", 2, None)),
        },
    ]
}

fn criterion(id: &str, label: &str, terms: &[&str], hint: &str, probe: &str) -> Criterion {
    Criterion {
        id: id.into(),
        label: label.into(),
        weight: 1.0,
        terms: terms.iter().map(|t| t.to_string()).collect(),
        phase: None,
        subject: None,
        expects: hint.into(),
        wrong: Vec::new(),
        probe: probe.into(),
    }
}

/// A wrong claim the fixture rubric catches, and its correction.
pub const WRONG_CLAIM: &str = "The cache is the source of truth for every value.";
pub const CORRECTION: &str =
    "The database stays the source of truth; the cache holds copies that can be lost or stale.";

/// The curated rubric every fixture question gets: eviction, expiry, invalidation (with a wrong
/// claim), replication.
pub fn rubric_for(f: &Fixture) -> Rubric {
    let mut invalidation = criterion(
        "invalidation",
        "Invalidation on write",
        &["cache invalidation", "invalidate"],
        "Writes must not leave old values behind.",
        "A value changes in the database. How does the cache find out?",
    );
    invalidation.wrong.push(whetstone::rubric::Misconception {
        pattern: "cache (is|as) (the)? source of truth".into(),
        example: WRONG_CLAIM.into(),
        correction: CORRECTION.into(),
    });
    Rubric {
        id: f.id.into(),
        prompt: f.prompt.into(),
        topic: f.topic.into(),
        difficulty: f.difficulty,
        sources: vec![f.id.into()],
        origin: whetstone::rubric::Origin::Curated,
        note: String::new(),
        criteria: vec![
            criterion(
                "eviction",
                "Eviction policy",
                &["eviction policy", "LRU", "least recently used"],
                "Memory is finite: say what leaves the cache first.",
                "The cache is full and a new key arrives. What leaves, and why that one?",
            ),
            criterion(
                "ttl",
                "Expiry (TTL)",
                &["time to live", "TTL", "expiry"],
                "Stale data must age out.",
                "How long may a cached value live, and what decides it?",
            ),
            invalidation,
            criterion(
                "replication",
                "Replicas of each cache node",
                &["replication", "replica"],
                "One copy is one failure away from loss.",
                "A cache node dies. What happens to the keys it held?",
            ),
        ],
        // the chain's next question, as the import sets it
        followup: fixtures()
            .iter()
            .find(|n| f.chain.and_then(|(_, _, next)| next) == Some(n.id))
            .map(|n| n.prompt.to_string())
            .unwrap_or_default(),
    }
}

/// Inserts the fixture bank (questions, reference answers, rubrics).
pub async fn seed_bank(pool: &PgPool) {
    for (n, f) in fixtures().iter().enumerate() {
        let (chain_id, depth, next) = match f.chain {
            Some((c, d, n)) => (Some(c), Some(d), n),
            None => (None, None, None),
        };
        sqlx::query(
            "INSERT INTO questions (id, prompt, section, topic, difficulty, rating, chain_id,
                                    chain_depth, chain_next)
             VALUES ($1, $2, 'Fixtures', $3, $4, $5, $6, $7, $8)",
        )
        .bind(f.id)
        .bind(f.prompt)
        .bind(f.topic)
        .bind(f.difficulty.as_str())
        .bind(1000 + n as i32)
        .bind(chain_id)
        .bind(depth)
        .bind(next)
        .execute(pool)
        .await
        .expect("inserting a fixture question");
        sqlx::query(
            "INSERT INTO reference_answers (question_id, position, source_key, markdown, html)
             VALUES ($1, 0, $1, 'Use an **LRU** eviction policy.',
                     '<p>Use an <strong>LRU</strong> eviction policy.</p>')",
        )
        .bind(f.id)
        .execute(pool)
        .await
        .expect("inserting a reference answer");
        sqlx::query("INSERT INTO rubrics (question_id, rubric) VALUES ($1, $2)")
            .bind(f.id)
            .bind(serde_json::to_value(rubric_for(f)).unwrap())
            .execute(pool)
            .await
            .expect("inserting a rubric");
    }
}

/// A logged-in user's browser.
pub struct User {
    pub name: String,
    pub b: reqwest::Client,
    pub address: String,
}

impl User {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.b.get(self.url(path)).send().await.unwrap()
    }

    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        (r.status(), r.text().await.unwrap())
    }

    pub async fn csrf(&self) -> String {
        csrf_token_at(&self.b, &self.url("/practice")).await
    }

    /// Posts a form with the CSRF token of the practice page added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        post_form_at(&self.b, &self.url("/practice"), &self.url(path), fields).await
    }

    /// Starts an interview through the form; returns its id and the first item's id.
    pub async fn start(&self, fields: &[(&str, &str)]) -> (Uuid, Uuid) {
        let r = self.post("/practice", fields).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "dealing succeeds");
        let interview: Uuid = location(&r)
            .trim_start_matches("/practice/interviews/")
            .trim_end_matches("/next")
            .parse()
            .unwrap();
        (interview, self.follow_to_item(&r).await)
    }

    /// [`User::start`], then opens the first item's answer page (which starts its clock).
    pub async fn start_and_open(&self, fields: &[(&str, &str)]) -> (Uuid, Uuid) {
        let (interview, item) = self.start(fields).await;
        self.open(item).await;
        (interview, item)
    }

    /// Follows a redirect to an interview's `next` step, which redirects to the item to answer;
    /// returns that item's id.
    pub async fn follow_to_item(&self, r: &reqwest::Response) -> Uuid {
        let r = self.get(&location(r)).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        location(&r)
            .trim_start_matches("/practice/items/")
            .parse()
            .unwrap()
    }

    /// Opens the answer page of an item (which starts its clock).
    pub async fn open(&self, item: Uuid) -> String {
        let (status, html) = self.page(&format!("/practice/items/{item}")).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        html
    }

    /// Posts `fields` to an item's `action` (`draft`, `submit`, `followup`).
    pub async fn item_post(
        &self,
        item: Uuid,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let path = format!("/practice/items/{item}/{action}");
        self.post(&path, fields).await
    }

    /// Autosaves `body` as the item's draft.
    pub async fn save_draft(&self, item: Uuid, body: &str) -> reqwest::Response {
        self.item_post(item, "draft", &[("body", body)]).await
    }

    /// Submits `body` as the item's answer.
    pub async fn submit(&self, item: Uuid, body: &str) -> reqwest::Response {
        self.item_post(item, "submit", &[("body", body)]).await
    }

    /// The status and body of an item's feedback page.
    pub async fn feedback(&self, item: Uuid) -> (StatusCode, String) {
        self.page(&format!("/practice/items/{item}/feedback")).await
    }
}

/// The form for one easy question of five minutes, any topic.
pub const ONE_EASY: &[(&str, &str)] = &[("count", "1"), ("difficulty", "easy"), ("minutes", "5")];

pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get(LOCATION)
        .expect("a Location header")
        .to_str()
        .unwrap()
        .to_owned()
}

/// Creates the account `name` directly in the database (no password hashing: these tests are about
/// interviews, the accounts tests cover registration) and a login token signed with the app's
/// secret, exactly as a login would issue it.
async fn account_token(app: &TestApp, name: &str) -> String {
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO users (username, email, password_hash) VALUES ($1, $2, 'not-a-hash')
         RETURNING id",
    )
    .bind(name)
    .bind(format!("{name}@example.com"))
    .fetch_one(&app.pool)
    .await
    .expect("creating a test account");
    let keys = whetstone::auth::token::TokenKeys::new(
        app.settings.jwt_secret.expose().as_bytes(),
        chrono::Duration::hours(1),
    );
    keys.issue(id, 0, chrono::Utc::now()).unwrap().0
}

/// A browser logged in as a new account `name` (the login cookie in its jar).
pub async fn register(app: &TestApp, name: &str) -> User {
    let token = account_token(app, name).await;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let origin: reqwest::Url = app.address.parse().unwrap();
    jar.add_cookie_str(&format!("wt_session={token}; Path=/"), &origin);
    let b = reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    User {
        name: name.into(),
        b,
        address: app.address.clone(),
    }
}

/// A bearer token for a new account `name`.
pub async fn api_user(app: &TestApp, name: &str) -> String {
    account_token(app, name).await
}

/// Moves an item's deadline into the past, as if its time had run out.
pub async fn expire(pool: &PgPool, item: Uuid) {
    sqlx::query(
        "UPDATE interview_items SET deadline = now() - interval '1 second',
                started_at = now() - interval '10 minutes' WHERE id = $1",
    )
    .bind(item)
    .execute(pool)
    .await
    .unwrap();
}

pub async fn answer_count(pool: &PgPool, item: Uuid) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM answers WHERE item_id = $1")
        .bind(item)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// A good answer to the fixture rubric: it names every criterion.
pub const GOOD_ANSWER: &str = "Put an LRU eviction policy in front of the database, give every \
    entry a TTL so stale data ages out, invalidate keys on every write, and keep a replica of \
    each cache node so one failure loses nothing.";

/// A script on the JSON API with a bearer token (no cookies, does not follow redirects).
pub struct Api<'a> {
    pub app: &'a TestApp,
    pub token: String,
    pub c: reqwest::Client,
}

impl<'a> Api<'a> {
    /// A script sending `token`.
    pub fn with_token(app: &'a TestApp, token: &str) -> Self {
        Api {
            app,
            token: token.to_owned(),
            c: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    /// Sends a request (with a JSON body if given); returns the status and the JSON answer (a
    /// JSON string holding the text where the answer is not JSON).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let mut rb = self
            .c
            .request(method, self.app.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    pub async fn get(&self, path: &str) -> (StatusCode, serde_json::Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(
        &self,
        path: &str,
        body: serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn put(
        &self,
        path: &str,
        body: serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }
}

/// A script for a new account `name`.
pub async fn api<'a>(app: &'a TestApp, name: &str) -> Api<'a> {
    Api::with_token(app, &api_user(app, name).await)
}

/// The message of a JSON error answer.
pub fn error_message(e: &serde_json::Value) -> &str {
    e["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("not a JSON error: {e}"))
}
