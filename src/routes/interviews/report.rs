//! The read-only report behind a report link: `/report/{token}` (HTML that prints well),
//! `/report/{token}/report.json` and `/report/{token}/report.csv`. It shows the session, its
//! questions and the scorecard, never the interviewer's private notes.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{link, render};
use crate::db::overrides::{self, Override};
use crate::db::{scorecards, sessions};
use crate::startup::AppState;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/report/{token}", web::get().to(html))
        .route("/report/{token}/report.json", web::get().to(json))
        .route("/report/{token}/report.csv", web::get().to(csv));
}

/// The report's content, also its JSON export.
#[derive(Debug, Serialize)]
pub struct Report {
    pub title: String,
    pub candidate: Option<String>,
    pub state: String,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub recommendation: Option<String>,
    pub recommendation_label: Option<String>,
    pub summary: String,
    pub questions: Vec<ReportQuestion>,
}

#[derive(Debug, Serialize)]
pub struct ReportQuestion {
    pub position: i32,
    pub question_id: Option<String>,
    pub prompt: String,
    pub topic: Option<String>,
    pub difficulty: Option<String>,
    pub minutes: i32,
    /// The candidate's submitted answer, the grader's score and band, once answered.
    pub answer: Option<String>,
    pub score: Option<f32>,
    pub band: Option<String>,
    /// The interviewer's overall score override and its reason, if any (the automatic score
    /// is kept in `score`).
    pub human_score: Option<f32>,
    pub human_reason: Option<String>,
    /// Per-criterion overrides.
    pub criterion_overrides: Vec<Override>,
}

async fn load(state: &AppState, req: &HttpRequest, token: &str) -> Result<Report, AppError> {
    let link = link(state, req, token, "report").await?;
    let pool = &state.pool;
    let session = sessions::get(pool, link.session_id)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such interview session."))?;
    let (progress, overrides) = match session.interview_id {
        Some(interview) => (
            sessions::progress(pool, interview).await?,
            overrides::for_interview(pool, interview).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let questions = sessions::questions(pool, session.id)
        .await?
        .into_iter()
        .map(|q| {
            let p = progress.iter().find(|p| p.position == q.position);
            let overall = overrides
                .iter()
                .find(|o| o.position == q.position && o.criterion.is_none());
            ReportQuestion {
                answer: p.and_then(|p| p.answer.clone()),
                score: p.and_then(|p| p.score),
                band: p.and_then(|p| p.band.clone()),
                human_score: overall.map(|o| o.score),
                human_reason: overall.map(|o| o.reason.clone()),
                criterion_overrides: overrides
                    .iter()
                    .filter(|o| o.position == q.position && o.criterion.is_some())
                    .cloned()
                    .collect(),
                position: q.position,
                question_id: q.question_id,
                prompt: q.prompt,
                topic: q.topic,
                difficulty: q.difficulty,
                minutes: q.minutes,
            }
        })
        .collect();
    let candidate = sessions::candidate(pool, session.id)
        .await?
        .map(|c| c.display_name);
    Ok(Report {
        title: session.title,
        candidate,
        state: session.state,
        started_at: session.started_at,
        finished_at: session.finished_at,
        recommendation_label: session
            .recommendation
            .as_deref()
            .and_then(scorecards::recommendation_label)
            .map(str::to_owned),
        recommendation: session.recommendation,
        summary: session.summary,
        questions,
    })
}

#[derive(Template)]
#[template(path = "interviews/report.html")]
struct ReportPage {
    layout: Layout,
    token: String,
    report: Report,
}

async fn html(
    state: web::Data<AppState>,
    req: HttpRequest,
    layout: Layout,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let report = load(&state, &req, &token).await?;
    render(&ReportPage {
        layout,
        token: token.into_inner(),
        report,
    })
}

async fn json(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(load(&state, &req, &token).await?))
}

async fn csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let report = load(&state, &req, &token).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"interview-report.csv\"",
        ))
        .body(to_csv(&report)))
}

/// One row per question, then the scorecard as a last row.
pub fn to_csv(report: &Report) -> String {
    let mut out = String::from(
        "position,question_id,prompt,topic,difficulty,minutes,answer,score,human_score,override_reason\n",
    );
    let num = |v: Option<f32>| v.map(|s| format!("{s:.1}")).unwrap_or_default();
    for q in &report.questions {
        let row = [
            (q.position + 1).to_string(),
            q.question_id.clone().unwrap_or_default(),
            q.prompt.clone(),
            q.topic.clone().unwrap_or_default(),
            q.difficulty.clone().unwrap_or_default(),
            q.minutes.to_string(),
            q.answer.clone().unwrap_or_default(),
            num(q.score),
            num(q.human_score),
            q.human_reason.clone().unwrap_or_default(),
        ];
        push_row(&mut out, &row);
    }
    let scorecard = [
        "recommendation".to_owned(),
        report.recommendation.clone().unwrap_or_default(),
        report.summary.clone(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ];
    push_row(&mut out, &scorecard);
    out
}

fn push_row(out: &mut String, fields: &[String]) {
    let quoted: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&quoted.join(","));
    out.push('\n');
}

/// A CSV field (RFC 4180 quoting); a leading `=`, `+`, `-` or `@` is prefixed with `'` so
/// spreadsheets do not run it as a formula.
fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\"\nthen"), "\"say \"\"hi\"\"\nthen\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("-1"), "'-1");
    }
}
