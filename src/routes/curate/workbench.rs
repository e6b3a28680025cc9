//! The workbench of one question: `GET /curate/questions/{id}` (cases, agreement per criterion
//! with links to the answers, the rubric editor, versions), `POST .../cases` (upload CSV or JSON
//! lines), `POST .../try` (the draft against the cases, nothing saved) and `POST .../rubric`
//! (save the draft as a new version, with a reason).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::{layout, see_other};
use crate::curation::agreement::Agreement;
use crate::curation::draft::{self, CriterionForm};
use crate::curation::workbench::{self, Bench, Evaluation, Tried};
use crate::db;
use crate::routes::solo::score_text;
use crate::rubric::Rubric;
use crate::startup::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::user::Curator;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/curate/questions/{id}", web::get().to(show))
        .route("/curate/questions/{id}/cases", web::post().to(upload))
        .route("/curate/questions/{id}/try", web::post().to(try_draft))
        .route("/curate/questions/{id}/rubric", web::post().to(save));
}

pub struct CaseRow {
    pub number: usize,
    pub source: String,
    pub answer: String,
    pub human: String,
    pub score: String,
    pub expected: String,
}

pub struct CriterionRow {
    pub id: String,
    pub label: String,
    pub right: usize,
    pub over: usize,
    pub under: usize,
}

pub struct Summary {
    pub scored: usize,
    pub spearman: String,
    pub mae: String,
}

pub struct ChangeRow {
    pub number: usize,
    pub human: String,
    pub before: String,
    pub after: String,
    pub verdicts: String,
}

pub struct TryView {
    pub before: Summary,
    pub after: Summary,
    pub changes: Vec<ChangeRow>,
    pub golden: Vec<String>,
    /// Verdicts matching the labels, before and after.
    pub right_before: usize,
    pub right_after: usize,
}

pub struct VersionRow {
    pub id: i64,
    pub author: String,
    pub reason: String,
    pub created_at: crate::present::LocalTime,
}

#[derive(Template)]
#[template(path = "curate/workbench.html")]
struct BenchPage {
    layout: Layout,
    question_id: String,
    prompt: String,
    cases: Vec<CaseRow>,
    total_cases: usize,
    filter: String,
    summary: Summary,
    criteria: Vec<CriterionRow>,
    form: Vec<CriterionForm>,
    errors: Vec<String>,
    tried: Option<TryView>,
    versions: Vec<VersionRow>,
    upload_errors: Vec<String>,
    notice: String,
    reason: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Filter {
    criterion: Option<String>,
    outcome: Option<String>,
    uploaded: Option<usize>,
    saved: Option<i64>,
}

fn summary(a: &Agreement) -> Summary {
    Summary {
        scored: a.scored,
        spearman: a.spearman.map_or_else(|| "–".into(), |s| format!("{s:.3}")),
        mae: a.mae.map_or_else(|| "–".into(), |m| format!("{m:.2}")),
    }
}

fn right_count(a: &Agreement) -> usize {
    a.criteria.iter().map(|c| c.right.len()).sum()
}

fn excerpt(text: &str) -> String {
    let t: String = text.chars().take(220).collect();
    if t.len() < text.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// What a page needs beyond the bench: a draft and its problems, a try, upload errors.
#[derive(Default)]
struct Extra {
    draft: Option<Rubric>,
    errors: Vec<String>,
    tried: Option<Tried>,
    upload_errors: Vec<String>,
    reason: String,
}

async fn page(
    state: &AppState,
    curator: &Curator,
    csrf: &CsrfToken,
    bench: &Bench,
    filter: &Filter,
    extra: Extra,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let rubric = &bench.rubric;
    let Evaluation { graded, agreement } = workbench::evaluate(&state.grader, rubric, &bench.cases);
    let selected: Option<&Vec<usize>> = filter.criterion.as_ref().and_then(|id| {
        let c = agreement.criteria.iter().find(|c| c.id == *id)?;
        match filter.outcome.as_deref() {
            Some("right") => Some(&c.right),
            Some("over") => Some(&c.over),
            Some("under") => Some(&c.under),
            _ => None,
        }
    });
    let cases = bench
        .cases
        .iter()
        .zip(&graded)
        .enumerate()
        .filter(|(i, _)| selected.is_none_or(|s| s.contains(i)))
        .map(|(i, (c, g))| CaseRow {
            number: i + 1,
            source: c.source.clone(),
            answer: excerpt(&c.answer),
            human: score_text(c.human),
            score: format!("{:.1}", g.score),
            expected: c
                .expected
                .iter()
                .map(|(id, v)| {
                    let got = g
                        .verdicts
                        .iter()
                        .find(|(g, _)| g == id)
                        .map(|(_, v)| v.as_str());
                    format!("{id}: {} (rubric: {})", v.as_str(), got.unwrap_or("–"))
                })
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect();
    let criteria = rubric
        .criteria
        .iter()
        .zip(&agreement.criteria)
        .map(|(c, a)| CriterionRow {
            id: c.id.clone(),
            label: c.label.clone(),
            right: a.right.len(),
            over: a.over.len(),
            under: a.under.len(),
        })
        .collect();
    let tried = extra.tried.map(|t| {
        let changes = t
            .before
            .graded
            .iter()
            .zip(&t.after.graded)
            .enumerate()
            .filter_map(|(i, (b, a))| {
                let verdicts: Vec<String> = b
                    .verdicts
                    .iter()
                    .filter_map(|(id, vb)| {
                        let va = a.verdicts.iter().find(|(x, _)| x == id)?.1;
                        (va != *vb).then(|| format!("{id}: {} → {}", vb.as_str(), va.as_str()))
                    })
                    .collect();
                (b.score != a.score || !verdicts.is_empty()).then(|| ChangeRow {
                    number: i + 1,
                    human: score_text(b.human),
                    before: format!("{:.1}", b.score),
                    after: format!("{:.1}", a.score),
                    verdicts: verdicts.join("; "),
                })
            })
            .collect();
        TryView {
            before: summary(&t.before.agreement),
            after: summary(&t.after.agreement),
            right_before: right_count(&t.before.agreement),
            right_after: right_count(&t.after.agreement),
            changes,
            golden: t
                .golden
                .iter()
                .map(|f| match &f.criterion {
                    Some(c) => format!("{c}: {}", f.message),
                    None => f.message.clone(),
                })
                .collect(),
        }
    });
    let versions = db::rubric_versions::of_question(&state.pool, &rubric.id)
        .await?
        .into_iter()
        .map(|v| VersionRow {
            id: v.id,
            author: v.author.unwrap_or_else(|| "rubrics/ files".into()),
            reason: v.reason,
            created_at: crate::present::LocalTime::minute(v.created_at),
        })
        .collect();
    let notice = match (filter.uploaded, filter.saved) {
        (Some(n), _) => format!("{n} cases uploaded."),
        (_, Some(v)) => format!("Saved as version {v}; the previous version is kept below."),
        _ => String::new(),
    };
    let filter_text = match (&filter.criterion, &filter.outcome, selected) {
        (Some(c), Some(o), Some(_)) => format!("{c}: {o}"),
        _ => String::new(),
    };
    let view = BenchPage {
        layout: layout(curator, csrf),
        question_id: rubric.id.clone(),
        prompt: rubric.prompt.clone(),
        total_cases: bench.cases.len(),
        cases,
        filter: filter_text,
        summary: summary(&agreement),
        criteria,
        form: draft::form_of(extra.draft.as_ref().unwrap_or(rubric)),
        errors: extra.errors,
        tried,
        versions,
        upload_errors: extra.upload_errors,
        notice,
        reason: extra.reason,
    };
    crate::routes::solo::render_page(status, &view)
}

/// The workbench again after a form was posted, with no case filter: what the form left in
/// `extra`, answered with `status` (400 when the form is refused).
async fn after_post(
    state: &AppState,
    curator: &Curator,
    csrf: &CsrfToken,
    bench: &Bench,
    extra: Extra,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    page(
        state,
        curator,
        csrf,
        bench,
        &Filter::default(),
        extra,
        status,
    )
    .await
}

async fn show(
    state: web::Data<AppState>,
    curator: Curator,
    csrf: CsrfToken,
    id: web::Path<String>,
    filter: web::Query<Filter>,
) -> Result<HttpResponse, AppError> {
    let bench = workbench::load(&state.pool, &id).await?;
    page(
        &state,
        &curator,
        &csrf,
        &bench,
        &filter,
        Extra::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, serde::Deserialize)]
struct UploadForm {
    #[serde(default)]
    cases: String,
}

async fn upload(
    state: web::Data<AppState>,
    curator: Curator,
    csrf: CsrfToken,
    id: web::Path<String>,
    form: web::Form<UploadForm>,
) -> Result<HttpResponse, AppError> {
    let bench = workbench::load(&state.pool, &id).await?;
    match workbench::upload(&state.pool, curator.0.user.id, &bench.rubric, &form.cases).await {
        Ok(n) => Ok(see_other(format!(
            "/curate/questions/{}?uploaded={n}#cases",
            *id
        ))),
        Err(Ok(rows)) => {
            let extra = Extra {
                upload_errors: rows.iter().map(ToString::to_string).collect(),
                ..Extra::default()
            };
            after_post(
                &state,
                &curator,
                &csrf,
                &bench,
                extra,
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(Err(e)) => Err(e.into()),
    }
}

/// The draft of the editor's fields, or the page showing its problems (400).
async fn read_draft(
    state: &AppState,
    curator: &Curator,
    csrf: &CsrfToken,
    bench: &Bench,
    fields: &[(String, String)],
) -> Result<Result<Rubric, HttpResponse>, AppError> {
    match draft::read(&bench.rubric, fields) {
        Ok(d) => Ok(Ok(d)),
        Err(errors) => {
            let extra = Extra {
                errors,
                reason: field(fields, "reason"),
                ..Extra::default()
            };
            let res =
                after_post(state, curator, csrf, bench, extra, StatusCode::BAD_REQUEST).await?;
            Ok(Err(res))
        }
    }
}

fn field(fields: &[(String, String)], name: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

async fn try_draft(
    state: web::Data<AppState>,
    curator: Curator,
    csrf: CsrfToken,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let bench = workbench::load(&state.pool, &id).await?;
    let draft = match read_draft(&state, &curator, &csrf, &bench, &form).await? {
        Ok(d) => d,
        Err(res) => return Ok(res),
    };
    let tried = workbench::try_draft(&state.pool, &state.grader, &bench, &draft).await?;
    let extra = Extra {
        draft: Some(draft),
        tried: Some(tried),
        reason: field(&form, "reason"),
        ..Extra::default()
    };
    after_post(&state, &curator, &csrf, &bench, extra, StatusCode::OK).await
}

async fn save(
    state: web::Data<AppState>,
    curator: Curator,
    csrf: CsrfToken,
    id: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let bench = workbench::load(&state.pool, &id).await?;
    let draft = match read_draft(&state, &curator, &csrf, &bench, &form).await? {
        Ok(d) => d,
        Err(res) => return Ok(res),
    };
    let reason = field(&form, "reason");
    match workbench::save(&state.pool, curator.0.user.id, &draft, &reason).await {
        Ok(v) => Ok(see_other(format!("/curate/questions/{}?saved={v}", *id))),
        // the draft stays in the editor
        Err(crate::curation::CurationError::Invalid(m)) => {
            let extra = Extra {
                draft: Some(draft),
                errors: vec![m],
                reason,
                ..Extra::default()
            };
            after_post(
                &state,
                &curator,
                &csrf,
                &bench,
                extra,
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
