//! The question bank in PostgreSQL: [`import`] writes questions, sources, reference answers
//! (markdown plus sanitised HTML) and rubrics in one transaction; [`status`] reads what was last
//! imported.
//!
//! Import is idempotent: questions are upserted by their stable id, rows whose content did not
//! change are left alone, questions that vanished from the input are marked retired (never deleted:
//! answers refer to them), and a question that comes back is un-retired. Every table is written with
//! one batched statement (`UNNEST` over arrays), so the whole corpus takes a handful of round trips.

use std::collections::HashSet;

use sqlx::PgPool;

use crate::corpus::Question;
use crate::markdown;
use crate::rubric::Rubric;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Questions in the input.
    pub questions: usize,
    /// New questions.
    pub inserted: usize,
    /// Existing questions whose fields changed (or that came back from retirement).
    pub updated: usize,
    /// Existing questions left exactly as they were.
    pub unchanged: usize,
    /// Questions no longer in the input, newly marked retired.
    pub retired: usize,
    /// Rubrics in the input.
    pub rubrics: usize,
    /// Rubrics inserted or changed.
    pub rubrics_changed: usize,
    pub sources: usize,
    pub answers: usize,
}

/// Why an import was refused. Nothing is written when any of these happens.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("question {id:?} is invalid: {reason}")]
    InvalidQuestion { id: String, reason: String },
    #[error("question id {0:?} appears more than once")]
    DuplicateQuestion(String),
    #[error("source {key:?} is claimed by both {first:?} and {second:?}")]
    DuplicateSource {
        key: String,
        first: String,
        second: String,
    },
    #[error("there are two rubrics for question {0:?}")]
    DuplicateRubric(String),
    #[error("rubric {0:?} names no question of the corpus")]
    OrphanRubric(String),
    #[error("rubric {id:?} is invalid: {reason}")]
    InvalidRubric { id: String, reason: String },
    #[error("database error during import: {0}")]
    Database(#[from] sqlx::Error),
}

/// What the database holds about the last import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankStatus {
    pub content_hash: String,
    /// Live (not retired) questions.
    pub questions: i64,
}

/// Columns of the `questions` upsert, one vector per column.
#[derive(Default)]
struct QuestionColumns {
    id: Vec<String>,
    prompt: Vec<String>,
    section: Vec<String>,
    topic: Vec<String>,
    tags: Vec<String>,
    difficulty: Vec<String>,
    rating: Vec<i32>,
    see_also: Vec<String>,
    chain_id: Vec<String>,
    chain_depth: Vec<i32>,
    chain_parent: Vec<String>,
    chain_next: Vec<String>,
}

#[derive(Default)]
struct SourceColumns {
    key: Vec<String>,
    question_id: Vec<String>,
    position: Vec<i32>,
    file: Vec<String>,
    line: Vec<i32>,
}

#[derive(Default)]
struct AnswerColumns {
    question_id: Vec<String>,
    position: Vec<i32>,
    source_key: Vec<String>,
    markdown: Vec<String>,
    html: Vec<String>,
}

fn invalid(id: &str, reason: impl Into<String>) -> ImportError {
    ImportError::InvalidQuestion {
        id: id.to_string(),
        reason: reason.into(),
    }
}

fn to_i32(id: &str, what: &str, value: usize) -> Result<i32, ImportError> {
    i32::try_from(value).map_err(|_| invalid(id, format!("{what} {value} is out of range")))
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).expect("a list of strings serialises")
}

/// Checks the input and lays it out in columns. Pure: no database.
fn columns(
    questions: &[Question],
) -> Result<(QuestionColumns, SourceColumns, AnswerColumns), ImportError> {
    let mut q = QuestionColumns::default();
    let mut s = SourceColumns::default();
    let mut a = AnswerColumns::default();
    let mut ids = HashSet::new();
    let mut source_owner = std::collections::HashMap::new();
    for question in questions {
        let id = question.id.as_str();
        if id.trim().is_empty() {
            return Err(invalid(id, "the id is empty"));
        }
        if !ids.insert(id) {
            return Err(ImportError::DuplicateQuestion(id.to_string()));
        }
        if question.prompt.trim().is_empty() {
            return Err(invalid(id, "the prompt is empty"));
        }
        if question.topic.trim().is_empty() {
            return Err(invalid(id, "the topic is empty"));
        }
        q.id.push(id.to_string());
        q.prompt.push(question.prompt.clone());
        q.section.push(question.section.clone());
        q.topic.push(question.topic.clone());
        q.tags.push(json_list(&question.tags));
        q.difficulty.push(question.difficulty.as_str().to_string());
        q.rating.push(question.rating);
        q.see_also.push(json_list(&question.see_also));
        match &question.chain {
            Some(link) => {
                if link.chain.is_empty() {
                    return Err(invalid(id, "the chain id is empty"));
                }
                q.chain_id.push(link.chain.clone());
                q.chain_depth
                    .push(to_i32(id, "chain depth", link.depth as usize)?);
                q.chain_parent.push(link.parent.clone().unwrap_or_default());
                q.chain_next.push(link.next.clone().unwrap_or_default());
            }
            None => {
                // Sentinels turned into NULL by the SQL (ids are never empty, depths never -1).
                q.chain_id.push(String::new());
                q.chain_depth.push(-1);
                q.chain_parent.push(String::new());
                q.chain_next.push(String::new());
            }
        }
        for (position, source) in question.sources.iter().enumerate() {
            if let Some(first) = source_owner.insert(source.key.as_str(), id) {
                return Err(ImportError::DuplicateSource {
                    key: source.key.clone(),
                    first: first.to_string(),
                    second: id.to_string(),
                });
            }
            s.key.push(source.key.clone());
            s.question_id.push(id.to_string());
            s.position.push(to_i32(id, "source position", position)?);
            s.file.push(source.file.clone());
            s.line.push(to_i32(id, "source line", source.line)?);
        }
        for (position, answer) in question.answers.iter().enumerate() {
            a.question_id.push(id.to_string());
            a.position.push(to_i32(id, "answer position", position)?);
            a.source_key.push(answer.source.clone());
            a.markdown.push(answer.markdown.clone());
            a.html.push(markdown::to_safe_html(&answer.markdown));
        }
    }
    Ok((q, s, a))
}

/// Checks the rubrics against the question ids and serialises them.
fn rubric_columns(
    rubrics: &[Rubric],
    question_ids: &HashSet<&str>,
) -> Result<(Vec<String>, Vec<String>), ImportError> {
    let mut ids = Vec::with_capacity(rubrics.len());
    let mut json = Vec::with_capacity(rubrics.len());
    let mut seen = HashSet::new();
    for rubric in rubrics {
        if !seen.insert(rubric.id.as_str()) {
            return Err(ImportError::DuplicateRubric(rubric.id.clone()));
        }
        if !question_ids.contains(rubric.id.as_str()) {
            return Err(ImportError::OrphanRubric(rubric.id.clone()));
        }
        let text = serde_json::to_string(rubric).map_err(|e| ImportError::InvalidRubric {
            id: rubric.id.clone(),
            reason: e.to_string(),
        })?;
        ids.push(rubric.id.clone());
        json.push(text);
    }
    Ok((ids, json))
}

/// Imports `questions` and `rubrics` in one transaction and records `content_hash` (the hash of
/// the files they were read from). On any error nothing is written.
pub async fn import(
    pool: &PgPool,
    questions: &[Question],
    rubrics: &[Rubric],
    content_hash: &str,
) -> Result<ImportReport, ImportError> {
    let (q, s, a) = columns(questions)?;
    let question_ids: HashSet<&str> = q.id.iter().map(String::as_str).collect();
    let (rubric_ids, rubric_json) = rubric_columns(rubrics, &question_ids)?;

    let mut tx = pool.begin().await?;
    // One importer at a time; a concurrent second import waits and then finds nothing to do.
    sqlx::query!("LOCK TABLE questions IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;

    let written = sqlx::query!(
        r#"
        INSERT INTO questions AS q (id, prompt, section, topic, tags, difficulty, rating, see_also,
                                    chain_id, chain_depth, chain_parent, chain_next, retired)
        SELECT i.id, i.prompt, i.section, i.topic,
               ARRAY(SELECT jsonb_array_elements_text(i.tags::jsonb)),
               i.difficulty, i.rating,
               ARRAY(SELECT jsonb_array_elements_text(i.see_also::jsonb)),
               NULLIF(i.chain_id, ''), NULLIF(i.chain_depth, -1),
               NULLIF(i.chain_parent, ''), NULLIF(i.chain_next, ''), FALSE
        FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                    $7::int4[], $8::text[], $9::text[], $10::int4[], $11::text[], $12::text[])
             AS i(id, prompt, section, topic, tags, difficulty, rating, see_also,
                  chain_id, chain_depth, chain_parent, chain_next)
        ON CONFLICT (id) DO UPDATE SET
            prompt = EXCLUDED.prompt, section = EXCLUDED.section, topic = EXCLUDED.topic,
            tags = EXCLUDED.tags, difficulty = EXCLUDED.difficulty, rating = EXCLUDED.rating,
            see_also = EXCLUDED.see_also, chain_id = EXCLUDED.chain_id,
            chain_depth = EXCLUDED.chain_depth, chain_parent = EXCLUDED.chain_parent,
            chain_next = EXCLUDED.chain_next, retired = FALSE, updated_at = now()
        WHERE (q.prompt, q.section, q.topic, q.tags, q.difficulty, q.rating, q.see_also,
               q.chain_id, q.chain_depth, q.chain_parent, q.chain_next, q.retired)
              IS DISTINCT FROM
              (EXCLUDED.prompt, EXCLUDED.section, EXCLUDED.topic, EXCLUDED.tags,
               EXCLUDED.difficulty, EXCLUDED.rating, EXCLUDED.see_also, EXCLUDED.chain_id,
               EXCLUDED.chain_depth, EXCLUDED.chain_parent, EXCLUDED.chain_next, FALSE)
        RETURNING (xmax = 0) AS "inserted!"
        "#,
        &q.id,
        &q.prompt,
        &q.section,
        &q.topic,
        &q.tags,
        &q.difficulty,
        &q.rating,
        &q.see_also,
        &q.chain_id,
        &q.chain_depth,
        &q.chain_parent,
        &q.chain_next,
    )
    .fetch_all(&mut *tx)
    .await?;
    let inserted = written.iter().filter(|row| row.inserted).count();
    let updated = written.len() - inserted;

    let retired = sqlx::query!(
        "UPDATE questions SET retired = TRUE, updated_at = now()
         WHERE NOT retired AND id <> ALL($1::text[])",
        &q.id,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected() as usize;

    // Sources and answers are replaced wholesale for the imported questions (a retired question
    // keeps its own, unless one of its source keys moved to another question).
    sqlx::query!(
        "DELETE FROM question_sources WHERE question_id = ANY($1::text[]) OR key = ANY($2::text[])",
        &q.id,
        &s.key,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO question_sources (key, question_id, position, file, line)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::int4[], $4::text[], $5::int4[])",
        &s.key,
        &s.question_id,
        &s.position,
        &s.file,
        &s.line,
    )
    .execute(&mut *tx)
    .await?;

    sqlx::query!(
        "DELETE FROM reference_answers WHERE question_id = ANY($1::text[])",
        &q.id,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO reference_answers (question_id, position, source_key, markdown, html)
         SELECT * FROM UNNEST($1::text[], $2::int4[], $3::text[], $4::text[], $5::text[])",
        &a.question_id,
        &a.position,
        &a.source_key,
        &a.markdown,
        &a.html,
    )
    .execute(&mut *tx)
    .await?;

    // A live question whose rubric is gone from the input loses its stale rubric. A rubric a
    // curator edited in the browser and nobody exported yet (`edited_at`) is kept over the file's.
    sqlx::query!(
        "DELETE FROM rubrics WHERE question_id = ANY($1::text[]) AND question_id <> ALL($2::text[])",
        &q.id,
        &rubric_ids,
    )
    .execute(&mut *tx)
    .await?;
    let rubrics_changed = sqlx::query!(
        "INSERT INTO rubrics AS r (question_id, rubric)
         SELECT i.id, i.rubric::jsonb FROM UNNEST($1::text[], $2::text[]) AS i(id, rubric)
         ON CONFLICT (question_id) DO UPDATE SET rubric = EXCLUDED.rubric, updated_at = now()
         WHERE r.rubric IS DISTINCT FROM EXCLUDED.rubric AND r.edited_at IS NULL",
        &rubric_ids,
        &rubric_json,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected() as usize;

    sqlx::query!(
        "INSERT INTO bank_meta (singleton, content_hash, questions, rubrics, imported_at)
         VALUES (TRUE, $1, $2, $3, now())
         ON CONFLICT (singleton) DO UPDATE SET content_hash = EXCLUDED.content_hash,
             questions = EXCLUDED.questions, rubrics = EXCLUDED.rubrics,
             imported_at = EXCLUDED.imported_at",
        content_hash,
        q.id.len() as i32,
        rubric_ids.len() as i32,
    )
    .execute(&mut *tx)
    .await?;

    tx.commit().await?;
    let report = ImportReport {
        questions: q.id.len(),
        inserted,
        updated,
        unchanged: q.id.len() - inserted - updated,
        retired,
        rubrics: rubric_ids.len(),
        rubrics_changed,
        sources: s.key.len(),
        answers: a.question_id.len(),
    };
    tracing::debug!(?report, "question bank import committed");
    Ok(report)
}

/// The hash of the last import and the number of live questions; `None` before the first import.
pub async fn status(pool: &PgPool) -> Result<Option<BankStatus>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT m.content_hash,
                  (SELECT count(*) FROM questions WHERE NOT retired) AS "questions!"
           FROM bank_meta m"#
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| BankStatus {
        content_hash: r.content_hash,
        questions: r.questions,
    }))
}
