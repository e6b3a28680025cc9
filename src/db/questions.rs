//! Reading the question bank for practice: dealing candidates, one question with its reference
//! answers and rubric, and the browser's search.

use sqlx::{PgExecutor, PgPool};

use crate::corpus::Difficulty;
use crate::dealer::Candidate;

/// A question as the practice pages show it.
#[derive(Debug, Clone)]
pub struct QuestionRow {
    pub id: String,
    pub prompt: String,
    pub section: String,
    pub topic: String,
    pub difficulty: String,
    pub rating: i32,
    pub chain_id: Option<String>,
    pub chain_depth: Option<i32>,
    pub chain_next: Option<String>,
}

/// A reference answer, as sanitised HTML rendered at import.
#[derive(Debug, Clone)]
pub struct ReferenceHtml {
    pub source_key: String,
    pub html: String,
}

/// Every live (not retired) question that has a rubric, as the dealer sees it: solo interviews
/// deal only questions the grader can grade.
pub async fn candidates(pool: &PgPool) -> Result<Vec<Candidate>, sqlx::Error> {
    bank_candidates(pool, true).await
}

/// Every live question as the dealer sees it, with a rubric or not (an interviewer judges a
/// session's answers too, as the bank picker offers every question).
pub async fn all_candidates(pool: &PgPool) -> Result<Vec<Candidate>, sqlx::Error> {
    bank_candidates(pool, false).await
}

async fn bank_candidates(
    pool: &PgPool,
    gradable_only: bool,
) -> Result<Vec<Candidate>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT q.id, q.topic, q.difficulty, q.chain_id FROM questions q
         WHERE NOT q.retired
           AND (NOT $1 OR EXISTS (SELECT 1 FROM rubrics r WHERE r.question_id = q.id))
         ORDER BY q.id",
        gradable_only
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Candidate {
                difficulty: Difficulty::parse(&r.difficulty)?,
                id: r.id,
                topic: r.topic,
                chain: r.chain_id,
            })
        })
        .collect())
}

pub async fn get<'e>(
    executor: impl PgExecutor<'e>,
    id: &str,
) -> Result<Option<QuestionRow>, sqlx::Error> {
    sqlx::query_as!(
        QuestionRow,
        "SELECT id, prompt, section, topic, difficulty, rating, chain_id, chain_depth, chain_next
         FROM questions WHERE id = $1",
        id
    )
    .fetch_optional(executor)
    .await
}

/// Several questions by id, in no particular order.
pub async fn get_many(pool: &PgPool, ids: &[String]) -> Result<Vec<QuestionRow>, sqlx::Error> {
    sqlx::query_as!(
        QuestionRow,
        "SELECT id, prompt, section, topic, difficulty, rating, chain_id, chain_depth, chain_next
         FROM questions WHERE id = ANY($1)",
        ids
    )
    .fetch_all(pool)
    .await
}

pub async fn reference_answers(
    pool: &PgPool,
    question_id: &str,
) -> Result<Vec<ReferenceHtml>, sqlx::Error> {
    sqlx::query_as!(
        ReferenceHtml,
        "SELECT source_key, html FROM reference_answers WHERE question_id = $1 ORDER BY position",
        question_id
    )
    .fetch_all(pool)
    .await
}

/// The stored rubric of a question, as JSON (see `rubric::Rubric`).
pub async fn rubric_json<'e>(
    executor: impl PgExecutor<'e>,
    question_id: &str,
) -> Result<Option<serde_json::Value>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT rubric FROM rubrics WHERE question_id = $1",
        question_id
    )
    .fetch_optional(executor)
    .await
}

/// Topics present in the bank with their live question counts, by slug.
pub async fn topic_counts(pool: &PgPool) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT topic, COUNT(*) AS "n!" FROM questions WHERE NOT retired
           GROUP BY topic ORDER BY topic"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.topic, r.n)).collect())
}

/// The browser's filter. Empty strings mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Search {
    pub text: String,
    pub topic: String,
    pub difficulty: String,
    pub limit: i64,
    pub offset: i64,
}

/// A page of questions, each row with the count of all rows that matched.
struct Counted {
    id: String,
    prompt: String,
    section: String,
    topic: String,
    difficulty: String,
    rating: i32,
    chain_id: Option<String>,
    chain_depth: Option<i32>,
    chain_next: Option<String>,
    total: i64,
}

impl Counted {
    /// The questions of a page and the count of all that matched (0 for an empty page).
    fn split(rows: Vec<Counted>) -> (Vec<QuestionRow>, i64) {
        let total = rows.first().map(|r| r.total).unwrap_or(0);
        let questions = rows
            .into_iter()
            .map(|r| QuestionRow {
                id: r.id,
                prompt: r.prompt,
                section: r.section,
                topic: r.topic,
                difficulty: r.difficulty,
                rating: r.rating,
                chain_id: r.chain_id,
                chain_depth: r.chain_depth,
                chain_next: r.chain_next,
            })
            .collect();
        (questions, total)
    }
}

/// Questions matching the search (full-text on prompt, section and topic, or a substring of the
/// prompt), best match first, and the total count. With search text the query reads the
/// full-text index and the prompt's trigram index; without, the topic filter.
pub async fn search(pool: &PgPool, s: &Search) -> Result<(Vec<QuestionRow>, i64), sqlx::Error> {
    let text = s.text.trim();
    if text.is_empty() {
        return browse(pool, s).await;
    }
    let pattern = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let rows = sqlx::query_as!(
        Counted,
        r#"SELECT id, prompt, section, topic, difficulty, rating, chain_id, chain_depth, chain_next,
                  COUNT(*) OVER () AS "total!"
           FROM questions
           WHERE (search @@ websearch_to_tsquery('english', $1) OR prompt ILIKE $2)
             AND NOT retired
             AND ($3 = '' OR topic = $3)
             AND ($4 = '' OR difficulty = $4)
           ORDER BY ts_rank(search, websearch_to_tsquery('english', $1)) DESC, topic, rating, id
           LIMIT $5 OFFSET $6"#,
        text,
        pattern,
        s.topic,
        s.difficulty,
        s.limit,
        s.offset
    )
    .fetch_all(pool)
    .await?;
    Ok(Counted::split(rows))
}

/// [`search`] without search text: the filters only, in topic order.
async fn browse(pool: &PgPool, s: &Search) -> Result<(Vec<QuestionRow>, i64), sqlx::Error> {
    let rows = sqlx::query_as!(
        Counted,
        r#"SELECT id, prompt, section, topic, difficulty, rating, chain_id, chain_depth, chain_next,
                  COUNT(*) OVER () AS "total!"
           FROM questions
           WHERE NOT retired
             AND ($1 = '' OR topic = $1)
             AND ($2 = '' OR difficulty = $2)
           ORDER BY topic, rating, id
           LIMIT $3 OFFSET $4"#,
        s.topic,
        s.difficulty,
        s.limit,
        s.offset
    )
    .fetch_all(pool)
    .await?;
    Ok(Counted::split(rows))
}
