//! `GET /practice`: the start form; `POST /practice`: deal an interview and go to its first question.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::view::{pretty_topic, render};
use super::{layout, see_other};
use crate::db;
use crate::dealer::{DifficultyChoice, MAX_QUESTIONS};
use crate::solo::{self, MAX_MINUTES, SoloError, StartSettings};
use crate::startup::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/practice", web::get().to(show))
        .route("/practice", web::post().to(start));
}

pub struct TopicChoice {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub count: i64,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "solo/start.html")]
struct StartPage {
    layout: Layout,
    topics: Vec<TopicChoice>,
    difficulty: String,
    count: usize,
    minutes: i32,
    max_questions: usize,
    max_minutes: i32,
    error: Option<String>,
}

/// The form's fields, parsed from a urlencoded body (`topic` may repeat).
#[derive(Debug, Default)]
struct StartForm {
    topics: Vec<String>,
    difficulty: String,
    count: String,
    minutes: String,
}

fn parse_form(body: &[u8]) -> Result<StartForm, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|e| AppError::bad_request(format!("The form is malformed: {e}.")))?;
    let mut form = StartForm::default();
    for (k, v) in pairs {
        match k.as_str() {
            "topic" => form.topics.push(v),
            "difficulty" => form.difficulty = v,
            "count" => form.count = v,
            "minutes" => form.minutes = v,
            _ => {}
        }
    }
    Ok(form)
}

fn settings(form: &StartForm) -> Result<StartSettings, AppError> {
    let difficulty = DifficultyChoice::parse(&form.difficulty).ok_or_else(|| {
        AppError::bad_request(format!(
            "Difficulty {}.",
            DifficultyChoice::unknown(&form.difficulty)
        ))
    })?;
    let count: usize = form.count.trim().parse().map_err(|_| {
        AppError::bad_request(format!(
            "The number of questions must be a whole number from 1 to {MAX_QUESTIONS}, not {:?}.",
            form.count
        ))
    })?;
    let minutes: i32 = form.minutes.trim().parse().map_err(|_| {
        AppError::bad_request(format!(
            "Minutes per question must be a whole number from 1 to {MAX_MINUTES}, not {:?}.",
            form.minutes
        ))
    })?;
    Ok(StartSettings {
        topics: form.topics.clone(),
        difficulty,
        count,
        minutes,
    })
}

async fn page(
    state: &AppState,
    layout: Layout,
    form: &StartForm,
    error: Option<String>,
) -> Result<StartPage, AppError> {
    let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
    for c in db::questions::candidates(&state.pool).await? {
        *counts.entry(c.topic).or_default() += 1;
    }
    let topics = counts
        .into_iter()
        .map(|(slug, count)| TopicChoice {
            name: pretty_topic(&slug),
            description: crate::corpus::topics::topic(&slug)
                .map(|t| t.description.to_string())
                .unwrap_or_default(),
            checked: form.topics.contains(&slug),
            slug,
            count,
        })
        .collect();
    Ok(StartPage {
        layout,
        topics,
        difficulty: if form.difficulty.is_empty() {
            "mixed".into()
        } else {
            form.difficulty.clone()
        },
        count: form.count.parse().unwrap_or(3),
        minutes: form.minutes.parse().unwrap_or(10),
        max_questions: MAX_QUESTIONS,
        max_minutes: MAX_MINUTES,
        error,
    })
}

async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
) -> Result<HttpResponse, AppError> {
    let p = page(
        &state,
        layout(&user, &csrf, "practice"),
        &StartForm::default(),
        None,
    )
    .await?;
    render(StatusCode::OK, &p)
}

async fn start(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let form = parse_form(&body)?;
    let settings = settings(&form)?;
    match solo::start_interview(&state.pool, user.user.id, &settings, rand::random()).await {
        Ok(id) => Ok(see_other(format!("/practice/interviews/{id}/next"))),
        Err(e @ (SoloError::Deal(_) | SoloError::Invalid(_))) => {
            // Show the form again, filled in, with what is wrong.
            let message = AppError::from(e).to_string();
            let p = page(
                &state,
                layout(&user, &csrf, "practice"),
                &form,
                Some(message),
            )
            .await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
        Err(e) => Err(e.into()),
    }
}
