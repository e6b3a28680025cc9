//! The corpus parser and mojibake repair on any text: no panic; the input is split at NUL bytes
//! into up to four corpus files so merges, cross-file references and prefix clashes are reached.
//! Repair never fails, leaves ASCII alone and is stable: repairing its output changes nothing
//! that has no mojibake left in it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use whetstone::corpus::Corpus;
use whetstone::text::{mojibake_count, repair};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let repaired = repair(&text);
    if text.is_ascii() {
        assert_eq!(repaired, text);
    }
    if mojibake_count(&repaired) == 0 {
        assert_eq!(repair(&repaired), repaired);
    }
    let files: Vec<(String, String)> = text
        .split('\0')
        .take(4)
        .enumerate()
        .map(|(i, part)| (format!("{i:03}_fuzz.txt"), part.to_string()))
        .collect();
    let _ = Corpus::parse_files(&files);
});
