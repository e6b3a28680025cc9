//! The rubric TOML loader and the pattern language on any text: no panic. Every rubric that
//! loads is checked (`rubrics check`'s rules) and compiled into matchers, as the bank does at
//! start; every line is also parsed as a pattern, and a pattern that parses renders words.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use whetstone::grader::Grader;
use whetstone::rubric::{Lexicon, check, pattern, store};

static GRADER: LazyLock<Grader> = LazyLock::new(|| Grader::new(Lexicon::builtin()));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for line in text.lines().take(64) {
        if let Ok(p) = pattern::parse(line) {
            let _ = p.words();
            let _ = p.plain_words();
        }
    }
    if let Ok(rubrics) = store::parse_file(Path::new("fuzz.toml"), text) {
        for stored in rubrics.iter().take(4) {
            let _ = check::rubric_problems(stored, false);
            let rubric = stored.to_rubric();
            let _ = GRADER.compile(&rubric);
            let _ = store::fingerprint(&rubric);
        }
    }
});
