//! Appeals and flags from the feedback page (issue 17): `POST /practice/items/{id}/appeal`
//! ("I was right" / "that is not what I said" on one criterion, with an optional comment) and
//! `POST /practice/items/{id}/flag` ("Report a problem" with the question). Both go back to the
//! feedback page, which shows the appeal's state. The history page lists the user's appeals
//! ([`mine`]).

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use super::see_other;
use super::view::score_text;
use crate::curation;
use crate::db;
use crate::startup::AppState;
use crate::web::AppError;
use crate::web::user::CurrentUser;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/practice/items/{id}/appeal", web::post().to(appeal))
        .route("/practice/items/{id}/flag", web::post().to(flag));
}

#[derive(Debug, serde::Deserialize)]
struct AppealForm {
    criterion: String,
    kind: String,
    #[serde(default)]
    comment: String,
}

async fn appeal(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    form: web::Form<AppealForm>,
) -> Result<HttpResponse, AppError> {
    let item = id.into_inner();
    curation::appeals::appeal(
        &state.pool,
        user.user.id,
        item,
        &form.criterion,
        &form.kind,
        &form.comment,
    )
    .await?;
    Ok(see_other(format!(
        "/practice/items/{item}/feedback?appealed=1#criteria"
    )))
}

#[derive(Debug, serde::Deserialize)]
struct FlagForm {
    kind: String,
    #[serde(default)]
    reason: String,
}

async fn flag(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    form: web::Form<FlagForm>,
) -> Result<HttpResponse, AppError> {
    let item = id.into_inner();
    curation::flags::flag(&state.pool, user.user.id, item, &form.kind, &form.reason).await?;
    Ok(see_other(format!(
        "/practice/items/{item}/feedback?flagged=1"
    )))
}

/// An appeal or flag as its author's history page lists it.
pub struct MineRow {
    pub link: Option<String>,
    pub what: String,
    pub state: String,
    pub detail: String,
}

/// The user's latest appeals, then flags, for the history page.
pub async fn mine(pool: &sqlx::PgPool, user_id: Uuid) -> Result<Vec<MineRow>, AppError> {
    let mut rows: Vec<MineRow> = db::appeals::of_user(pool, user_id, 10)
        .await?
        .into_iter()
        .map(|a| {
            let detail = match (a.state.as_str(), a.remedy.as_deref()) {
                ("open", _) => "A curator will look at it.".to_string(),
                ("accepted", Some("terms")) => format!(
                    "Accepted: the rubric now credits your wording; your answer was regraded from {} to {}.",
                    score_text(a.score),
                    score_text(a.new_score)
                ),
                ("accepted", _) => format!(
                    "Accepted: the verdict was changed for your answer; regraded from {} to {}.",
                    score_text(a.score),
                    score_text(a.new_score)
                ),
                _ => format!("Rejected: {}", a.reason),
            };
            MineRow {
                link: Some(format!("/practice/items/{}/feedback", a.item_id)),
                what: format!(
                    "“{}”{} on {}",
                    a.label,
                    if a.kind == "misread" { " (that is not what I said)" } else { "" },
                    a.prompt.unwrap_or_else(|| "a question".into())
                ),
                state: a.state,
                detail,
            }
        })
        .collect();
    rows.extend(db::flags::of_user(pool, user_id, 5).await?.into_iter().map(
        |(what, kind, state, resolution)| MineRow {
            link: None,
            what: format!("{}: {what}", curation::flags::kind_title(&kind)),
            detail: if resolution.is_empty() {
                String::new()
            } else {
                resolution
            },
            state,
        },
    ));
    Ok(rows)
}
