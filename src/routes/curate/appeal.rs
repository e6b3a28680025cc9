//! `GET /curate/appeals/{id}`: one appeal with the answer's evidence for the criterion
//! highlighted, the criterion's terms, and the forms to accept it (add a phrase to the terms, or
//! fix the verdict for this answer only) or reject it with a reason.
//! `POST /curate/appeals/{id}/accept` and `/reject`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::queue::evidence_html;
use super::{layout, see_other};
use crate::curation::appeals::{self, Remedy};
use crate::db;
use crate::routes::solo::score_text;
use crate::startup::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::user::Curator;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/curate/appeals/{id}", web::get().to(show))
        .route("/curate/appeals/{id}/accept", web::post().to(accept))
        .route("/curate/appeals/{id}/reject", web::post().to(reject));
}

#[derive(Template)]
#[template(path = "curate/appeal.html")]
struct AppealPage {
    layout: Layout,
    id: Uuid,
    question_id: String,
    prompt: String,
    label: String,
    criterion: String,
    kind: String,
    verdict: String,
    comment: String,
    username: String,
    score: String,
    same: i64,
    answer_html: String,
    terms: Vec<String>,
    expects: String,
    state: String,
    remedy: String,
    phrase: String,
    expected: String,
    reason: String,
    new_score: String,
    verdicts: [&'static str; 4],
    suggested: String,
}

async fn show(
    state: web::Data<AppState>,
    curator: Curator,
    csrf: CsrfToken,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let a = db::appeals::get(&state.pool, id.into_inner())
        .await?
        .ok_or_else(|| AppError::not_found("There is no such appeal."))?;
    let rubric = crate::solo::load_rubric(&state.pool, &a.question_id).await?;
    let criterion = rubric
        .as_ref()
        .and_then(|r| r.criteria.iter().find(|c| c.id == a.criterion));
    let page = AppealPage {
        layout: layout(&curator, &csrf),
        id: a.id,
        prompt: a.prompt.clone().unwrap_or_else(|| a.question_id.clone()),
        answer_html: evidence_html(&a.answer_body, &a.judgment, &a.criterion, &a.comment),
        // the words the comment quotes, offered as the phrase to add
        suggested: crate::curation::quote::quoted(&a.answer_body, &a.comment)
            .map(|(s, e)| a.answer_body[s..e].to_lowercase())
            .unwrap_or_default(),
        terms: criterion.map(|c| c.terms.clone()).unwrap_or_default(),
        expects: criterion.map(|c| c.expects.clone()).unwrap_or_default(),
        question_id: a.question_id,
        label: a.label,
        criterion: a.criterion,
        kind: a.kind,
        verdict: a.verdict,
        comment: a.comment,
        username: a.username,
        score: score_text(a.score),
        same: a.same,
        state: a.state,
        remedy: a.remedy.unwrap_or_default(),
        phrase: a.phrase.unwrap_or_default(),
        expected: a.expected.unwrap_or_default(),
        reason: a.reason,
        new_score: score_text(a.new_score),
        verdicts: ["met", "partial", "missed", "contradicted"],
    };
    crate::routes::solo::render_page(StatusCode::OK, &page)
}

#[derive(Debug, serde::Deserialize)]
struct AcceptForm {
    #[serde(default)]
    remedy: String,
    #[serde(default)]
    phrase: String,
    #[serde(default)]
    expected: String,
    #[serde(default)]
    reason: String,
}

async fn accept(
    state: web::Data<AppState>,
    curator: Curator,
    id: web::Path<Uuid>,
    form: web::Form<AcceptForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let expected = appeals::verdict(&form.expected)?;
    let remedy = match form.remedy.as_str() {
        "terms" => Remedy::Terms {
            phrase: form.phrase.clone(),
            expected,
        },
        "verdict" => Remedy::Verdict(expected),
        other => {
            return Err(AppError::bad_request(format!(
                "{other:?} is not a way to accept an appeal (terms or verdict)."
            )));
        }
    };
    appeals::accept(
        &state.pool,
        &state.grader,
        curator.0.user.id,
        id,
        remedy,
        &form.reason,
    )
    .await?;
    Ok(see_other(format!("/curate/appeals/{id}")))
}

#[derive(Debug, serde::Deserialize)]
struct RejectForm {
    #[serde(default)]
    reason: String,
}

async fn reject(
    state: web::Data<AppState>,
    curator: Curator,
    id: web::Path<Uuid>,
    form: web::Form<RejectForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    appeals::reject(&state.pool, curator.0.user.id, id, &form.reason).await?;
    Ok(see_other(format!("/curate/appeals/{id}")))
}
