//! The question browser: `GET /questions` searches the bank by text with topic and difficulty
//! filters, paginated, and marks for a signed-in user the questions they answered with their best
//! score; `GET /questions/{id}` shows one question with its rating in plain words and the user's
//! record on it; `POST /questions/{id}/practise` starts a one-question interview on it ("try
//! again" once answered).

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::questions::{ReferenceHtml, Search};
use crate::routes::solo::pretty_topic;
use crate::solo;
use crate::startup::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::respond::ok_page as render;
use crate::web::user::{CurrentUser, MaybeUser};
use crate::web::{AppError, Layout};

/// Questions per page.
pub const PAGE_SIZE: i64 = 20;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/questions", web::get().to(list))
        .route("/questions/{id}", web::get().to(show))
        .route("/questions/{id}/practise", web::post().to(practise));
}

fn layout(user: &MaybeUser, csrf: &CsrfToken) -> Layout {
    match &user.0 {
        Some(u) => Layout::signed_in(&u.user, &csrf.0, "questions"),
        None => Layout {
            csrf: csrf.0.clone(),
            ..Layout::anonymous()
        }
        .with_active("questions"),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct BrowseQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub difficulty: String,
    #[serde(default)]
    pub page: Option<u32>,
}

pub struct Row {
    pub id: String,
    pub prompt: String,
    pub topic: String,
    pub difficulty: String,
    /// The signed-in user's record on it, when they answered it.
    pub record: Option<Record>,
}

/// A user's record on a question: how often they answered it and their best score.
pub struct Record {
    pub attempts: i64,
    pub best: String,
    pub best_item: uuid::Uuid,
}

impl Record {
    fn of(r: &crate::db::answers::QuestionRecord) -> Record {
        Record {
            attempts: r.attempts,
            best: crate::routes::solo::score_text(r.best),
            best_item: r.best_item,
        }
    }

    /// `once`, `twice`, `3 times`.
    pub fn times(&self) -> String {
        match self.attempts {
            1 => "once".into(),
            2 => "twice".into(),
            n => format!("{n} times"),
        }
    }
}

pub struct SelectOption {
    pub value: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "questions/list.html")]
struct ListPage {
    layout: Layout,
    q: String,
    topics: Vec<SelectOption>,
    difficulties: Vec<SelectOption>,
    rows: Vec<Row>,
    total: i64,
    page: u32,
    pages: u32,
    prev_link: Option<String>,
    next_link: Option<String>,
}

fn page_link(query: &BrowseQuery, page: u32) -> String {
    let pairs = [
        ("q", query.q.as_str()),
        ("topic", query.topic.as_str()),
        ("difficulty", query.difficulty.as_str()),
        ("page", &page.to_string()),
    ];
    let kept: Vec<(&str, &str)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    format!(
        "/questions?{}",
        serde_urlencoded::to_string(kept).unwrap_or_default()
    )
}

async fn list(
    state: web::Data<AppState>,
    user: MaybeUser,
    csrf: CsrfToken,
    query: web::Query<BrowseQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    if query.q.chars().count() > 200 {
        return Err(AppError::bad_request(
            "The search text is limited to 200 characters.",
        ));
    }
    if !query.difficulty.is_empty() && crate::corpus::Difficulty::parse(&query.difficulty).is_none()
    {
        return Err(AppError::bad_request(format!(
            "Difficulty must be easy, medium or hard, not {:?}.",
            query.difficulty
        )));
    }
    let page = query.page.unwrap_or(1).max(1);
    let search = Search {
        text: query.q.clone(),
        topic: query.topic.clone(),
        difficulty: query.difficulty.clone(),
        limit: PAGE_SIZE,
        offset: (i64::from(page) - 1) * PAGE_SIZE,
    };
    let found = state.bank.search(&state.pool, &search).await?;
    let (questions, total) = (&found.0, found.1);
    if questions.is_empty() && page > 1 {
        // past the last page: an empty page counts nothing, so ask for the first one's count
        let first = Search {
            offset: 0,
            limit: 1,
            ..search
        };
        let total = state.bank.search(&state.pool, &first).await?.1;
        let last = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1) as u32;
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, page_link(&query, last)))
            .finish());
    }
    let mut records = match &user.0 {
        Some(u) => {
            let ids: Vec<String> = questions.iter().map(|q| q.id.clone()).collect();
            solo::progress::records(&state.pool, u.user.id, &ids).await?
        }
        None => Default::default(),
    };
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1) as u32;
    let topics = state
        .bank
        .topic_counts(&state.pool)
        .await?
        .iter()
        .map(|(slug, _)| SelectOption {
            name: pretty_topic(slug),
            selected: *slug == query.topic,
            value: slug.clone(),
        })
        .collect();
    let difficulties = ["easy", "medium", "hard"]
        .into_iter()
        .map(|d| SelectOption {
            value: d.into(),
            name: d.into(),
            selected: d == query.difficulty,
        })
        .collect();
    let p = ListPage {
        layout: layout(&user, &csrf),
        q: query.q.clone(),
        topics,
        difficulties,
        rows: questions
            .iter()
            .map(|q| Row {
                record: records.remove(&q.id).as_ref().map(Record::of),
                id: q.id.clone(),
                prompt: q.prompt.clone(),
                topic: pretty_topic(&q.topic),
                difficulty: q.difficulty.clone(),
            })
            .collect(),
        total,
        page,
        pages,
        prev_link: (page > 1).then(|| page_link(&query, page - 1)),
        next_link: (page < pages).then(|| page_link(&query, page + 1)),
    };
    render(&p)
}

#[derive(Template)]
#[template(path = "questions/show.html")]
struct ShowPage<'a> {
    layout: Layout,
    id: &'a str,
    prompt: &'a str,
    section: &'a str,
    topic: String,
    topic_slug: &'a str,
    difficulty: &'a str,
    rating_words: String,
    learned_words: String,
    chain: Option<String>,
    record: Option<Record>,
    references: &'a [ReferenceHtml],
    logged_in: bool,
}

async fn show(
    state: web::Data<AppState>,
    user: MaybeUser,
    csrf: CsrfToken,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let cached = state
        .bank
        .question(&state.pool, &id)
        .await?
        .ok_or_else(|| AppError::not_found("There is no question with that id."))?;
    let q = &cached.question;
    let record = match &user.0 {
        Some(u) => solo::progress::records(&state.pool, u.user.id, std::slice::from_ref(&q.id))
            .await?
            .remove(&q.id)
            .as_ref()
            .map(Record::of),
        None => None,
    };
    // not with the bank: a learned rating moves with every first attempt (kept a few seconds)
    let learned = state.learned.get(&state.pool, &q.id).await?;
    let p = ShowPage {
        record,
        logged_in: user.0.is_some(),
        layout: layout(&user, &csrf),
        chain: q.chain_depth.map(|d| {
            if d == 0 {
                "Opens a follow-up chain".to_string()
            } else {
                format!("Follow-up, depth {d}")
            }
        }),
        id: &q.id,
        prompt: &q.prompt,
        section: &q.section,
        topic: pretty_topic(&q.topic),
        topic_slug: &q.topic,
        difficulty: &q.difficulty,
        rating_words: crate::present::rating_in_words(q.rating),
        learned_words: crate::present::learned_rating_in_words(
            learned.map(|l| (l.rating.rating, l.rating.deviation, l.games)),
        ),
        references: &cached.references,
    };
    render(&p)
}

#[derive(Deserialize)]
struct PractiseForm {
    minutes: i32,
}

async fn practise(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
    form: web::Form<PractiseForm>,
) -> Result<HttpResponse, AppError> {
    let interview = solo::start_single(&state.pool, user.user.id, &id, form.minutes).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((
            header::LOCATION,
            format!("/practice/interviews/{interview}/next"),
        ))
        .finish())
}
