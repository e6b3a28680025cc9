//! An answer as HTML with the evidence of each criterion marked, built from byte ranges.
//!
//! Every piece of the answer is escaped; only our own `<mark>` tags are added. Ranges that are
//! out of bounds, empty or not on character boundaries are ignored rather than trusted.

use std::fmt::Write;

/// Evidence of one criterion: its position in the legend, its label and byte ranges.
#[derive(Debug, Clone)]
pub struct Highlight {
    pub label: String,
    pub ranges: Vec<(usize, usize)>,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders `answer` as escaped HTML where each byte covered by evidence is wrapped in
/// `<mark class="ev ev-K" data-criteria="..." title="...">`, `K` being the index (mod 8) of the
/// first criterion covering it. Overlapping evidence of several criteria names them all in the title.
pub fn highlight_answer(answer: &str, highlights: &[Highlight]) -> String {
    let len = answer.len();
    let valid = |s: usize, e: usize| {
        s < e && e <= len && answer.is_char_boundary(s) && answer.is_char_boundary(e)
    };
    // Boundaries where the set of covering criteria may change.
    let mut cuts = vec![0, len];
    for h in highlights {
        for &(s, e) in &h.ranges {
            if valid(s, e) {
                cuts.push(s);
                cuts.push(e);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = String::with_capacity(len + len / 4);
    for pair in cuts.windows(2) {
        let (s, e) = (pair[0], pair[1]);
        let covering: Vec<usize> = highlights
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                h.ranges
                    .iter()
                    .any(|&(rs, re)| valid(rs, re) && rs <= s && e <= re)
            })
            .map(|(i, _)| i)
            .collect();
        let text = escape_html(&answer[s..e]);
        if covering.is_empty() {
            out.push_str(&text);
            continue;
        }
        let ids: Vec<String> = covering.iter().map(|i| i.to_string()).collect();
        let labels: Vec<&str> = covering
            .iter()
            .map(|&i| highlights[i].label.as_str())
            .collect();
        let _ = write!(
            out,
            "<mark class=\"ev ev-{}\" data-criteria=\"{}\" title=\"{}\">{}</mark>",
            covering[0] % 8,
            ids.join(" "),
            escape_html(&labels.join(", ")),
            text
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(label: &str, ranges: &[(usize, usize)]) -> Highlight {
        Highlight {
            label: label.into(),
            ranges: ranges.to_vec(),
        }
    }

    #[test]
    fn marks_evidence_and_escapes_everything() {
        let answer = "Use <b>consistent hashing</b> & replicas";
        let start = answer.find("consistent").unwrap();
        let end = start + "consistent hashing".len();
        let html = highlight_answer(answer, &[h("Hashing \"ring\"", &[(start, end)])]);
        assert_eq!(
            html,
            "Use &lt;b&gt;<mark class=\"ev ev-0\" data-criteria=\"0\" \
             title=\"Hashing &quot;ring&quot;\">consistent hashing</mark>&lt;/b&gt; &amp; replicas"
        );
    }

    #[test]
    fn overlapping_evidence_names_every_criterion() {
        let answer = "abcdef";
        let html = highlight_answer(answer, &[h("A", &[(0, 4)]), h("B", &[(2, 6)])]);
        assert_eq!(
            html,
            "<mark class=\"ev ev-0\" data-criteria=\"0\" title=\"A\">ab</mark>\
             <mark class=\"ev ev-0\" data-criteria=\"0 1\" title=\"A, B\">cd</mark>\
             <mark class=\"ev ev-1\" data-criteria=\"1\" title=\"B\">ef</mark>"
        );
    }

    #[test]
    fn ignores_ranges_out_of_bounds_or_inside_a_character() {
        let answer = "héllo <script>";
        let html = highlight_answer(answer, &[h("x", &[(0, 2), (3, 99), (5, 5)])]);
        assert_eq!(html, "héllo &lt;script&gt;");
    }

    #[test]
    fn plain_answer_without_evidence_is_only_escaped() {
        assert_eq!(highlight_answer("1 < 2 'ok'", &[]), "1 &lt; 2 &#39;ok&#39;");
        assert_eq!(highlight_answer("", &[h("x", &[(0, 1)])]), "");
    }
}
