//! The markdown renderer on any text: no panic, and its output passes the sanitiser unchanged
//! (sanitising it again changes nothing), so nothing unsafe survived rendering.

#![no_main]

use libfuzzer_sys::fuzz_target;
use whetstone::markdown::{sanitize, to_safe_html};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = to_safe_html(text);
    assert_eq!(sanitize(&html), html, "the sanitiser changed rendered output");
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    assert!(!lower.contains("href=\"javascript:"), "{html}");
});
