//! The workbench's inputs (issue 17): a curator's upload of labelled cases and the rubric editor's
//! form. The first byte picks which; the rest is the text. Properties: no panic; an upload is all
//! rows or only errors, every row's line is real and rising, its score 0-10, its verdicts name
//! criteria of the rubric, each row has a score or a verdict; a draft the editor accepts is a
//! rubric the grader grades (score 0-10) and that the editor reads back unchanged.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use whetstone::curation::{draft, upload};
use whetstone::grader::Grader;
use whetstone::rubric::{Rubric, RubricBank};

static BANK: LazyLock<RubricBank> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rubrics");
    RubricBank::load(&dir).expect("the rubric bank loads")
});

static GRADER: LazyLock<Grader> = LazyLock::new(|| Grader::new(BANK.lexicon().clone()));

/// A curated rubric of the bank (the first), as the workbench edits one.
fn current() -> &'static Rubric {
    &BANK.rubrics()[0]
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let rubric = current();
    if which % 2 == 0 {
        let text = String::from_utf8_lossy(rest);
        let ids: Vec<String> = rubric.criteria.iter().map(|c| c.id.clone()).collect();
        let lines = text.lines().count().max(1);
        match upload::parse(&text, &ids) {
            Ok(rows) => {
                assert!(!rows.is_empty() && rows.len() <= upload::MAX_CASES);
                let mut last = 0;
                for r in &rows {
                    assert!(r.line > last && r.line <= lines, "line {} of {lines}", r.line);
                    last = r.line;
                    assert!(r.score.is_some() || !r.verdicts.is_empty());
                    if let Some(s) = r.score {
                        assert!((0.0..=10.0).contains(&s), "{s}");
                    }
                    for (id, _) in &r.verdicts {
                        assert!(ids.contains(id), "{id}");
                    }
                }
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                assert!(errors.iter().all(|e| e.line >= 1 && !e.message.is_empty()));
            }
        }
    } else {
        let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(rest) else {
            return;
        };
        if let Ok(draft) = draft::read(rubric, &fields) {
            let j = GRADER.grade(&draft, "A cache keeps hot data in memory; evict with LRU.");
            assert!((0.0..=10.0).contains(&j.score), "{}", j.score);
            // what the editor shows for the draft reads back as the same draft
            let shown: Vec<(String, String)> = draft::form_of(&draft)
                .into_iter()
                .flat_map(|c| {
                    let i = c.index;
                    [
                        (format!("c{i}_label"), c.label),
                        (format!("c{i}_weight"), c.weight),
                        (format!("c{i}_terms"), c.terms),
                        (format!("c{i}_expects"), c.expects),
                        (format!("c{i}_wrong"), c.wrong),
                        (format!("c{i}_probe"), c.probe),
                    ]
                })
                .collect();
            let again = draft::read(&draft, &shown).expect("the shown draft reads back");
            assert_eq!(
                serde_json::to_value(&again).unwrap(),
                serde_json::to_value(&draft).unwrap()
            );
        }
    }
});
