//! The markdown renderer on any text: no panic, and its output passes the sanitiser unchanged
//! (sanitising it again changes nothing), and no tag carries a script, a `javascript:` address or
//! an event handler.

#![no_main]

use libfuzzer_sys::fuzz_target;
use whetstone::markdown::{sanitize, to_safe_html};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = to_safe_html(text);
    assert_eq!(
        sanitize(&html),
        html,
        "the sanitiser changed rendered output"
    );
    // text may say anything (`<` is escaped there, quotes are not); tags may not
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    for tag in lower.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        for (name, value) in attributes(tag) {
            assert!(!name.starts_with("on"), "event handler {name}: {html}");
            if matches!(name, "href" | "src") {
                assert!(!value.trim().starts_with("javascript:"), "{html}");
            }
        }
    }
});

/// The `name="value"` pairs of a tag's inside (values never hold a raw `"`: the serialiser
/// writes `&quot;`).
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].rsplit(char::is_whitespace).next().unwrap_or("");
        let after = &rest[eq + 2..];
        let end = after.find('"').unwrap_or(after.len());
        out.push((name, &after[..end]));
        rest = after.get(end + 1..).unwrap_or("");
    }
    out
}
