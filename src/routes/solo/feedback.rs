//! `GET /practice/items/{id}/feedback`: the judgment of one answer, with the answer's evidence
//! highlighted per criterion, the gaps, the follow-up and the reference answers.
//! `POST /practice/items/{id}/followup`: add the follow-up as the next question of the interview
//! (see `solo::followup`) and open it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::view::{pretty_topic, render, score_text};
use super::{layout, see_other};
use crate::db;
use crate::db::questions::ReferenceHtml;
use crate::grader::{Breakdown, Judgment, Verdict};
use crate::present::{Highlight, highlight_answer};
use crate::solo;
use crate::startup::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/practice/items/{id}/feedback", web::get().to(show))
        .route("/practice/items/{id}/followup", web::post().to(followup));
}

pub struct CriterionView {
    pub color: usize,
    /// The criterion id (appeals name it).
    pub id: String,
    /// The state of the latest appeal of this verdict (`open`, `accepted`, `rejected`), or empty.
    pub appeal: String,
    pub label: String,
    pub verdict: &'static str,
    pub hint: String,
    pub quotes: Vec<String>,
    /// For a contradicted criterion: what is true instead.
    pub correction: String,
    /// The design phase, titled ("Deep dives"), when the rubric gives one.
    pub phase: String,
}

/// The arithmetic behind the score, as the page explains it.
pub struct BreakdownView {
    /// "5 of 7 concepts, one wrong claim".
    pub counts: String,
    pub lines: Vec<(String, String)>,
}

impl BreakdownView {
    pub fn of(b: &Breakdown) -> BreakdownView {
        let mut lines = vec![
            (
                "Concepts covered (weighted)".to_string(),
                format!(
                    "{:.0}% = {:.1} of 10 points",
                    b.coverage * 100.0,
                    b.coverage_points
                ),
            ),
            (
                "Depth of explanation".to_string(),
                format!("\u{d7} {:.2}", b.depth),
            ),
            (
                "Reference vocabulary (a minor signal)".to_string(),
                format!(
                    "{:.1} of 10 points, weighing {:.0}%",
                    b.similarity_points,
                    Breakdown::SIMILARITY_SHARE * 100.0
                ),
            ),
        ];
        if b.relevance < 1.0 {
            lines.push((
                "Part of the answer about something else".to_string(),
                format!("\u{d7} {:.2}", b.relevance),
            ));
        }
        if b.penalty > 0.0 {
            lines.push((
                "Wrong claims".to_string(),
                format!("\u{2212} {:.1} points", b.penalty),
            ));
        }
        if let Some(cap) = b.cap {
            lines.push((
                format!("Capped: {}", cap.flag.title()),
                format!("at most {:.1}", cap.max),
            ));
        }
        lines.push(("Score".to_string(), format!("{:.1} / 10", b.score)));
        BreakdownView {
            counts: b.describe(),
            lines,
        }
    }
}

pub struct GapView {
    pub label: String,
    pub why: String,
}

pub struct FollowupView {
    pub text: String,
    /// Whether "Answer it now" can add it to the interview (a chain link or a criterion's probe).
    pub answerable: bool,
}

#[derive(Template)]
#[template(path = "solo/feedback.html")]
struct FeedbackPage {
    layout: Layout,
    item_id: Uuid,
    interview_id: Uuid,
    question_id: String,
    number: i32,
    total: usize,
    has_next: bool,
    prompt: String,
    /// For a follow-up: the question it follows.
    parent_prompt: Option<String>,
    topic: String,
    difficulty: String,
    graded: bool,
    score: String,
    score_pct: u32,
    band: String,
    timed_out: bool,
    submitted_at: crate::present::LocalTime,
    summary: String,
    strengths: Vec<String>,
    gaps: Vec<GapView>,
    flags: Vec<String>,
    criteria: Vec<CriterionView>,
    answer_html: String,
    answer_empty: bool,
    followup: Option<FollowupView>,
    references: Vec<ReferenceHtml>,
    breakdown: Option<BreakdownView>,
    /// "Report a problem": the kinds of problem, and whether one was just reported/appealed.
    flag_kinds: &'static [(&'static str, &'static str)],
    flagged: bool,
    appealed: bool,
}

/// `?appealed=1` / `?flagged=1` after an appeal or a report.
#[derive(Debug, serde::Deserialize)]
struct Notice {
    #[serde(default)]
    appealed: Option<String>,
    #[serde(default)]
    flagged: Option<String>,
}

pub fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Partial => "partial",
        Verdict::Missed => "missed",
        Verdict::Contradicted => "contradicted",
    }
}

/// The judgment stored with an answer, if it was graded and is readable.
pub fn parse_judgment(value: Option<&serde_json::Value>) -> Option<Judgment> {
    value.and_then(|v| serde_json::from_value(v.clone()).ok())
}

async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    id: web::Path<Uuid>,
    notice: web::Query<Notice>,
) -> Result<HttpResponse, AppError> {
    let item = solo::owned_item(&state.pool, id.into_inner(), user.user.id).await?;
    let Some(answer) = db::answers::for_item(&state.pool, item.id).await? else {
        // Not answered yet (or being graded): the answer page knows what to show.
        return Ok(see_other(format!("/practice/items/{}", item.id)));
    };
    // a probe follow-up stands for the question it follows: its page, references and topic
    let question = solo::followup::bank_question(&state.pool, &item).await?;
    let bank_id = question
        .as_ref()
        .map_or_else(|| item.question_id.clone(), |q| q.id.clone());
    let items = db::interviews::items(&state.pool, item.interview_id).await?;
    let references = db::questions::reference_answers(&state.pool, &bank_id).await?;
    let judgment = parse_judgment(answer.judgment.as_ref());
    let appeals = db::appeals::of_answer(&state.pool, answer.id).await?;

    let (criteria, highlights): (Vec<CriterionView>, Vec<Highlight>) = judgment
        .as_ref()
        .map(|j| {
            j.criteria
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    (
                        CriterionView {
                            color: i % 8,
                            id: c.id.clone(),
                            appeal: appeals
                                .iter()
                                .find(|(id, _)| *id == c.id)
                                .map(|(_, s)| s.clone())
                                .unwrap_or_default(),
                            label: c.label.clone(),
                            verdict: verdict_label(c.verdict),
                            hint: c.expects.clone(),
                            quotes: c.evidence.iter().map(|e| e.quote.clone()).collect(),
                            correction: c.correction.clone(),
                            phase: c.phase.map(|p| p.title().to_string()).unwrap_or_default(),
                        },
                        Highlight {
                            label: c.label.clone(),
                            ranges: c.evidence.iter().map(|e| (e.start, e.end)).collect(),
                        },
                    )
                })
                .unzip()
        })
        .unwrap_or_default();

    // the follow-up the judgment chose: the probe of the most important gap, or the chain's next
    // question after an answer that covered its own well; either can be answered now
    let followup = match judgment.as_ref() {
        Some(j) if !j.followup.trim().is_empty() => Some(FollowupView {
            text: j.followup.clone(),
            answerable: solo::followup::available(&state.pool, &item, j)
                .await?
                .is_some(),
        }),
        _ => None,
    };
    let parent_prompt = solo::followup::parent_prompt(&state.pool, &item).await?;

    let score = answer.score;
    let page = FeedbackPage {
        layout: layout(&user, &csrf, "practice"),
        item_id: item.id,
        interview_id: item.interview_id,
        question_id: bank_id,
        number: item.position + 1,
        total: items.len(),
        has_next: items.iter().any(|i| !i.is_done()),
        prompt: item
            .prompt
            .clone()
            .or_else(|| question.as_ref().map(|q| q.prompt.clone()))
            .unwrap_or_else(|| item.question_id.clone()),
        parent_prompt,
        topic: pretty_topic(&answer.topic),
        difficulty: answer.difficulty.clone(),
        graded: judgment.is_some(),
        score: score_text(score),
        score_pct: score.map_or(0, |s| (s.clamp(0.0, 10.0) * 10.0).round() as u32),
        band: answer.band.clone().unwrap_or_else(|| "ungraded".into()),
        timed_out: answer.timed_out,
        submitted_at: crate::present::LocalTime::minute(answer.submitted_at),
        summary: judgment
            .as_ref()
            .map(|j| j.summary.clone())
            .unwrap_or_default(),
        strengths: judgment
            .as_ref()
            .map(|j| j.strengths.clone())
            .unwrap_or_default(),
        gaps: judgment
            .as_ref()
            .map(|j| {
                j.gaps
                    .iter()
                    .map(|g| GapView {
                        label: g.label.clone(),
                        why: g.why.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        flags: judgment
            .as_ref()
            .map(|j| j.flags.iter().map(|f| f.title().to_string()).collect())
            .unwrap_or_else(|| answer.flags.iter().map(|f| f.replace('_', " ")).collect()),
        criteria,
        answer_html: highlight_answer(&answer.body, &highlights),
        answer_empty: answer.body.trim().is_empty(),
        followup,
        references,
        breakdown: judgment
            .as_ref()
            .filter(|j| j.breakdown.criteria > 0)
            .map(|j| BreakdownView::of(&j.breakdown)),
        flag_kinds: &crate::curation::flags::KINDS,
        flagged: notice.flagged.is_some(),
        appealed: notice.appealed.is_some(),
    };
    render(StatusCode::OK, &page)
}

async fn followup(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let next = solo::followup::start(&state.pool, user.user.id, id.into_inner()).await?;
    Ok(see_other(format!("/practice/items/{next}")))
}
