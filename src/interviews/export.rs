//! The report as CSV (`report.csv`), in sections a spreadsheet shows one under another and a
//! program can split: each section starts with a row holding only its name, then a header row,
//! then its rows, and ends with a blank line. Sections: `Interview`, `Scorecard` (the
//! recommendation and summary), `Overall`, `Questions` (one row per question, follow-ups right
//! after the question they follow with its number in `follows`), `Criteria` (each criterion of
//! each answer with the grader's verdict and the interviewer's override), `Strengths and
//! weaknesses`. Question numbers are the ones every page shows. Pure.

use super::results::Report;

/// The names of the sections, in order.
pub const SECTIONS: [&str; 6] = [
    "Interview",
    "Scorecard",
    "Overall",
    "Questions",
    "Criteria",
    "Strengths and weaknesses",
];

fn num(v: Option<f32>) -> String {
    v.map(|s| format!("{s:.1}")).unwrap_or_default()
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// The report as CSV text.
pub fn to_csv(report: &Report) -> String {
    let mut out = String::new();
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default()
    };
    section(
        &mut out,
        SECTIONS[0],
        &["field", "value"],
        vec![
            vec!["title".into(), report.title.clone()],
            vec!["candidate".into(), opt(&report.candidate)],
            vec!["state".into(), report.state.to_string()],
            vec!["started_at".into(), time(report.started_at)],
            vec!["finished_at".into(), time(report.finished_at)],
        ],
    );
    let card = &report.scorecard;
    section(
        &mut out,
        SECTIONS[1],
        &["field", "value"],
        vec![
            vec!["recommendation".into(), opt(&card.recommendation)],
            vec![
                "recommendation_label".into(),
                opt(&card.recommendation_label),
            ],
            vec!["summary".into(), card.summary.clone()],
        ],
    );
    let o = &report.overall;
    let v = &report.summary.verdicts;
    section(
        &mut out,
        SECTIONS[2],
        &["field", "value"],
        vec![
            vec!["questions".into(), o.questions.to_string()],
            vec!["answered".into(), o.answered.to_string()],
            vec!["automatic_score".into(), num(o.automatic)],
            vec!["score_with_overrides".into(), num(o.with_overrides)],
            vec!["criteria_met".into(), v.met.to_string()],
            vec!["criteria_partial".into(), v.partial.to_string()],
            vec!["criteria_missed".into(), v.missed.to_string()],
            vec!["criteria_contradicted".into(), v.contradicted.to_string()],
        ],
    );
    section(
        &mut out,
        SECTIONS[3],
        &[
            "number",
            "follows",
            "question_id",
            "prompt",
            "topic",
            "difficulty",
            "minutes",
            "status",
            "answer",
            "score",
            "band",
            "human_score",
            "override_reason",
        ],
        report
            .questions
            .iter()
            .map(|q| {
                vec![
                    q.number.clone(),
                    opt(&q.follows),
                    opt(&q.question_id),
                    q.prompt.clone(),
                    opt(&q.topic),
                    opt(&q.difficulty),
                    q.minutes.to_string(),
                    q.status.to_string(),
                    opt(&q.answer),
                    num(q.score),
                    opt(&q.band),
                    num(q.human_score),
                    opt(&q.human_reason),
                ]
            })
            .collect(),
    );
    section(
        &mut out,
        SECTIONS[4],
        &[
            "number",
            "criterion_id",
            "criterion",
            "weight",
            "verdict",
            "human_score",
            "override_reason",
            "counts_as",
        ],
        report
            .questions
            .iter()
            .flat_map(|q| {
                q.criteria.iter().map(|c| {
                    vec![
                        q.number.clone(),
                        c.id.clone(),
                        c.label.clone(),
                        format!("{}", c.weight),
                        c.verdict.to_string(),
                        num(c.human_score),
                        opt(&c.human_reason),
                        c.counts_as.unwrap_or(c.verdict).to_string(),
                    ]
                })
            })
            .collect(),
    );
    let s = &report.summary;
    section(
        &mut out,
        SECTIONS[5],
        &["kind", "concept", "questions"],
        s.strengths
            .iter()
            .map(|c| ("strength", c))
            .chain(s.weaknesses.iter().map(|c| {
                (
                    if c.wrong {
                        "weakness (wrong claim)"
                    } else {
                        "weakness (missed)"
                    },
                    c,
                )
            }))
            .map(|(kind, c)| vec![kind.into(), c.concept.clone(), c.questions.join(" ")])
            .collect(),
    );
    out
}

fn section(out: &mut String, name: &str, header: &[&str], rows: Vec<Vec<String>>) {
    push_row(out, &[name.to_string()]);
    push_row(
        out,
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    );
    for row in rows {
        push_row(out, &row);
    }
    out.push('\n');
}

fn push_row(out: &mut String, fields: &[String]) {
    let quoted: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&quoted.join(","));
    out.push('\n');
}

/// A CSV field (RFC 4180 quoting); a leading `=`, `+`, `-` or `@` is prefixed with `'` so
/// spreadsheets do not run it as a formula.
pub fn field(value: &str) -> String {
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

    #[test]
    fn a_section_is_its_name_a_header_rows_and_a_blank_line() {
        let mut out = String::new();
        section(
            &mut out,
            "Overall",
            &["field", "value"],
            vec![vec!["answered".into(), "2".into()]],
        );
        assert_eq!(out, "Overall\nfield,value\nanswered,2\n\n");
    }
}
