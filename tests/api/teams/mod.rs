//! Teams and leaderboards end to end: membership, roles, invites, privacy, the points rule,
//! windows, ties and the viewer's row, against a real PostgreSQL database per test. This file
//! holds the helpers: a bearer-token API client per user, and graded answers written with SQL
//! in the shape the solo flow stores them (interview, item, answer).

mod board;
mod invites;
mod membership;
mod pages;
mod points;
mod privacy;
mod sessions;
mod solo_flow;

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::TestApp;

/// A user of the JSON API.
pub struct User {
    pub id: Uuid,
    token: String,
    address: String,
    client: reqwest::Client,
}

impl User {
    pub async fn register(app: &TestApp, name: &str) -> User {
        let token = app.bearer_token_for(name).await;
        let id = sqlx::query_scalar!("SELECT id FROM users WHERE username = $1", name)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        User {
            id,
            token,
            address: app.address.clone(),
            client: reqwest::Client::new(),
        }
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let res = req.bearer_auth(&self.token).send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
        };
        (status, value)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let url = format!("{}{path}", self.address);
        self.send(self.client.get(url)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let url = format!("{}{path}", self.address);
        self.send(self.client.post(url).json(&body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let url = format!("{}{path}", self.address);
        self.send(self.client.put(url).json(&body)).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        let url = format!("{}{path}", self.address);
        self.send(self.client.delete(url)).await
    }

    /// Creates a team and returns its id.
    pub async fn create_team(&self, name: &str) -> Uuid {
        let (status, body) = self.post("/api/v1/teams", json!({ "name": name })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_str().unwrap().parse().unwrap()
    }

    /// Makes a fresh invite for `team` and returns its code.
    pub async fn invite(&self, team: Uuid) -> String {
        let (status, body) = self
            .post(&format!("/api/v1/teams/{team}/invite"), json!({}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["code"].as_str().unwrap().to_string()
    }

    pub async fn join(&self, code: &str) -> (StatusCode, Value) {
        self.post("/api/v1/teams/join", json!({ "code": code }))
            .await
    }

    /// The board as JSON (`query` like `window=all&topic=caching`).
    pub async fn board(&self, team: Uuid, query: &str) -> Value {
        let (status, body) = self
            .get(&format!("/api/v1/teams/{team}/leaderboard?{query}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }
}

/// A team of `owner` plus `others`, who joined with an invite.
pub async fn team_of(owner: &User, others: &[&User]) -> Uuid {
    let team = owner.create_team("Platform").await;
    let code = owner.invite(team).await;
    for u in others {
        let (status, body) = u.join(&code).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    team
}

/// A graded answer as the solo flow stores it.
pub struct Answer<'a> {
    pub user: Uuid,
    pub question: &'a str,
    pub topic: &'a str,
    pub difficulty: &'a str,
    pub score: Option<f32>,
    pub flags: &'a [&'a str],
    pub source: &'a str,
    pub at: DateTime<Utc>,
}

impl<'a> Answer<'a> {
    /// A solo, unflagged answer on a medium caching question, now.
    pub fn new(user: Uuid, question: &'a str, score: f32) -> Answer<'a> {
        Answer {
            user,
            question,
            topic: "caching",
            difficulty: "medium",
            score: Some(score),
            flags: &[],
            source: "solo",
            at: Utc::now(),
        }
    }

    pub fn days_ago(mut self, days: i64) -> Self {
        self.at = Utc::now() - Duration::days(days);
        self
    }

    pub fn topic(mut self, topic: &'a str) -> Self {
        self.topic = topic;
        self
    }

    pub fn difficulty(mut self, difficulty: &'a str) -> Self {
        self.difficulty = difficulty;
        self
    }

    pub fn flags(mut self, flags: &'a [&'a str]) -> Self {
        self.flags = flags;
        self
    }

    pub fn source(mut self, source: &'a str) -> Self {
        self.source = source;
        self
    }

    /// Writes the interview, its item and the answer (the leaderboard trigger fires).
    pub async fn insert(&self, pool: &PgPool) {
        let interview = Uuid::new_v4();
        let item = Uuid::new_v4();
        let kind = if self.source == "solo" {
            "solo"
        } else {
            "session"
        };
        sqlx::query!(
            "INSERT INTO interviews (id, user_id, kind, topics, difficulty, minutes_per_question,
                                     created_at)
             VALUES ($1, $2, $3, ARRAY[$4], $5, 10, $6)",
            interview,
            self.user,
            kind,
            self.topic,
            self.difficulty,
            self.at
        )
        .execute(pool)
        .await
        .unwrap();
        sqlx::query!(
            "INSERT INTO interview_items (id, interview_id, position, question_id, minutes, state,
                                          started_at, deadline)
             VALUES ($1, $2, 0, $3, 10, 'submitted', $4, $4::timestamptz + interval '10 minutes')",
            item,
            interview,
            self.question,
            self.at
        )
        .execute(pool)
        .await
        .unwrap();
        let flags: Vec<String> = self.flags.iter().map(|f| f.to_string()).collect();
        sqlx::query!(
            "INSERT INTO answers (id, item_id, source, user_id, question_id, topic, difficulty,
                                  body, submitted_at, score, flags, grader_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'an answer', $8, $9, $10, 'test')",
            Uuid::new_v4(),
            item,
            self.source,
            self.user,
            self.question,
            self.topic,
            self.difficulty,
            self.at,
            self.score,
            &flags
        )
        .execute(pool)
        .await
        .unwrap();
    }
}

/// The row of `name` in a board's `rows` or `viewer`.
pub fn row<'v>(board: &'v Value, name: &str) -> &'v Value {
    board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .chain(board["viewer"].as_object().map(|_| &board["viewer"]))
        .find(|r| r["username"] == name)
        .unwrap_or_else(|| panic!("no row for {name} in {board}"))
}

/// What the SQL points rule (`leaderboard_points_for`, the only copy of the rule) gives a score
/// on a question of `difficulty`.
pub async fn points_for(pool: &PgPool, score: f32, difficulty: &str) -> i32 {
    sqlx::query_scalar!(
        r#"SELECT leaderboard_points_for($1, $2) AS "p!""#,
        score,
        difficulty
    )
    .fetch_one(pool)
    .await
    .unwrap()
}
