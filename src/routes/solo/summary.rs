//! `GET /practice/interviews/{id}`: one interview's questions, their state and scores.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::layout;
use super::view::{pretty_topic, render, score_text};
use crate::db;
use crate::startup::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/practice/interviews/{id}", web::get().to(show));
}

pub struct ItemRow {
    pub item_id: Uuid,
    pub number: i32,
    pub prompt: String,
    pub topic: String,
    pub difficulty: String,
    pub state: String,
    pub score: String,
    pub band: String,
    pub answered: bool,
}

#[derive(Template)]
#[template(path = "solo/summary.html")]
struct SummaryPage {
    layout: Layout,
    interview_id: Uuid,
    created_at: crate::present::LocalTime,
    finished: bool,
    difficulty: String,
    minutes: i32,
    rows: Vec<ItemRow>,
    average: String,
    answered: usize,
}

async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let interview = db::interviews::get_owned(&state.pool, id.into_inner(), user.user.id)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such interview."))?;
    let items = db::interviews::items(&state.pool, interview.id).await?;
    let answers = db::answers::for_interview(&state.pool, interview.id).await?;
    let ids: Vec<String> = items.iter().map(|i| i.question_id.clone()).collect();
    let questions = db::questions::get_many(&state.pool, &ids).await?;
    let rows: Vec<ItemRow> = items
        .iter()
        .map(|i| {
            let q = questions.iter().find(|q| q.id == i.question_id);
            let a = answers.iter().find(|a| a.item_id == i.id);
            ItemRow {
                item_id: i.id,
                number: i.position + 1,
                prompt: i
                    .prompt
                    .clone()
                    .or_else(|| q.map(|q| q.prompt.clone()))
                    .unwrap_or_else(|| i.question_id.clone()),
                topic: if i.followup_of.is_some() && q.is_none() {
                    "Follow-up".to_string()
                } else {
                    q.map(|q| pretty_topic(&q.topic)).unwrap_or_default()
                },
                difficulty: q.map(|q| q.difficulty.clone()).unwrap_or_default(),
                state: i.state.as_str().replace('_', " "),
                score: score_text(a.and_then(|a| a.score)),
                band: a.and_then(|a| a.band.clone()).unwrap_or_default(),
                answered: a.is_some(),
            }
        })
        .collect();
    let scores: Vec<f32> = answers.iter().filter_map(|a| a.score).collect();
    let average = if scores.is_empty() {
        None
    } else {
        Some(scores.iter().sum::<f32>() / scores.len() as f32)
    };
    let page = SummaryPage {
        layout: layout(&user, &csrf, "practice"),
        interview_id: interview.id,
        created_at: crate::present::LocalTime::minute(interview.created_at),
        finished: interview.finished_at.is_some(),
        difficulty: interview.difficulty,
        minutes: interview.minutes_per_question,
        answered: answers.len(),
        rows,
        average: score_text(average),
    };
    render(StatusCode::OK, &page)
}
