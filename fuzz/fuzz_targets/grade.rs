//! The grader on any rubric and any answer. The input is `selector NUL rubric-source NUL answer`:
//! the selector's first byte picks where the rubric comes from (a curated rubric of the bank,
//! one the extractor builds from the rubric source as an interviewer's reference answer, or the
//! rubric source read as rubric TOML). Properties: no panic; the score is a number from 0 to 10;
//! every evidence span lies inside the answer on char boundaries and quotes exactly those
//! bytes; grading the same input twice gives the same judgment.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use whetstone::grader::Grader;
use whetstone::rubric::{Rubric, RubricBank, extract, store};

static BANK: LazyLock<RubricBank> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rubrics");
    RubricBank::load(&dir).expect("the rubric bank loads")
});

static GRADER: LazyLock<Grader> =
    LazyLock::new(|| Grader::new(BANK.lexicon().clone()).with_topics(BANK.rubrics()));

fn rubric_for(selector: &[u8], source: &str) -> Option<Rubric> {
    let pick = selector.first().copied().unwrap_or(0);
    let index = selector
        .iter()
        .skip(1)
        .take(2)
        .fold(0usize, |n, b| n * 256 + usize::from(*b));
    match pick % 3 {
        0 => {
            let rubrics = BANK.rubrics();
            Some(rubrics[index % rubrics.len()].clone())
        }
        1 => Some(extract::from_reference(
            "Design the system described.",
            source,
            BANK.lexicon(),
        )),
        _ => store::parse_file(Path::new("fuzz.toml"), source)
            .ok()?
            .first()
            .map(|s| s.to_rubric()),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\0');
    let selector = parts.next().unwrap_or("").as_bytes().to_vec();
    let source = parts.next().unwrap_or("");
    let answer = parts.next().unwrap_or(source);
    let Some(rubric) = rubric_for(&selector, source) else {
        return;
    };
    let judgment = GRADER.grade(&rubric, answer);
    assert!(
        judgment.score.is_finite() && (0.0..=10.0).contains(&judgment.score),
        "score {} out of range",
        judgment.score
    );
    for c in &judgment.criteria {
        for e in &c.evidence {
            assert!(e.start <= e.end && e.end <= answer.len(), "span {e:?}");
            assert!(answer.is_char_boundary(e.start) && answer.is_char_boundary(e.end));
            assert_eq!(&answer[e.start..e.end], e.quote);
        }
    }
    let again = GRADER.grade(&rubric, answer);
    assert_eq!(judgment, again, "grading is not deterministic");
});
