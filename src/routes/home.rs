//! The home page at `/`: for a visitor, what Whetstone is; for a signed-in user, where they
//! stand (the interview to resume, the latest scores, the topic to practise next).

use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::present::LocalTime;
use crate::routes::solo::{pretty_topic, score_text};
use crate::solo::progress::{self, Progress};
use crate::startup::AppState;
use crate::web::respond::ok_page as render;
use crate::web::user::MaybeUser;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(index));
}

#[derive(Template)]
#[template(path = "home/index.html")]
struct HomePage {
    layout: Layout,
}

/// The interview to resume.
pub struct Resume {
    pub id: Uuid,
    pub started: LocalTime,
    pub topics: String,
    pub answered: i64,
    pub total: i64,
}

/// One of the latest answers.
pub struct RecentRow {
    pub item_id: Uuid,
    pub prompt: String,
    pub topic: String,
    pub score: String,
    pub at: LocalTime,
}

/// The topic to practise next.
pub struct NextTopic {
    pub slug: String,
    pub name: String,
    pub average: String,
    pub answers: i64,
}

#[derive(Template)]
#[template(path = "home/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    username: String,
    resume: Option<Resume>,
    recent: Vec<RecentRow>,
    next_topic: Option<NextTopic>,
    answered: i64,
    /// Review cards due now.
    reviews_due: i64,
}

impl DashboardPage {
    fn new(layout: Layout, username: String, p: Progress) -> DashboardPage {
        DashboardPage {
            layout,
            username,
            resume: p.in_progress.map(|iv| Resume {
                id: iv.id,
                started: LocalTime::minute(iv.created_at),
                topics: if iv.topics.is_empty() {
                    "all topics".into()
                } else {
                    iv.topics
                        .iter()
                        .map(|t| pretty_topic(t))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                answered: iv.answered,
                total: iv.total,
            }),
            recent: p
                .recent
                .into_iter()
                .map(|a| RecentRow {
                    item_id: a.item_id,
                    prompt: a.prompt.unwrap_or(a.question_id),
                    topic: pretty_topic(&a.topic),
                    score: score_text(a.score),
                    at: LocalTime::minute(a.submitted_at),
                })
                .collect(),
            next_topic: p.next_topic.map(|t| NextTopic {
                name: pretty_topic(&t.topic),
                slug: t.topic,
                average: format!("{:.1}", t.average),
                answers: t.answers,
            }),
            answered: p.answered,
            reviews_due: 0,
        }
    }
}

async fn index(
    state: web::Data<AppState>,
    user: MaybeUser,
    layout: Layout,
) -> Result<HttpResponse, AppError> {
    let Some(user) = user.0 else {
        return render(&HomePage { layout });
    };
    let p = progress::progress(&state.pool, user.user.id).await?;
    let mut page = DashboardPage::new(layout, user.user.username, p);
    page.reviews_due = crate::reviews::service::due_count(&state.pool, user.user.id).await?;
    render(&page)
}
