//! The words of an answer an appeal's comment quotes: the longest run of at least two of the
//! comment's words found in the answer (ignoring ASCII case), so the curator sees the passage the
//! candidate points at highlighted, and is offered it as the phrase to add to the terms. Pure.

/// The byte range of the answer the comment quotes, if it quotes two words or more.
pub fn quoted(answer: &str, comment: &str) -> Option<(usize, usize)> {
    let hay = answer.to_ascii_lowercase();
    let words: Vec<String> = comment
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect();
    for len in (2..=words.len().min(12)).rev() {
        for window in words.windows(len) {
            let phrase = window.join(" ");
            if let Some(start) = find_word(&hay, &phrase) {
                return Some((start, start + phrase.len()));
            }
        }
    }
    None
}

/// The first occurrence of `phrase` in `hay` that starts and ends on word boundaries.
fn find_word(hay: &str, phrase: &str) -> Option<usize> {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    hay.match_indices(phrase).map(|(i, _)| i).find(|&i| {
        boundary(hay[..i].chars().next_back()) && boundary(hay[i + phrase.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_quoted_run_is_found() {
        let answer = "Use LRU. Keep a Standby copy of every node so a crash loses nothing.";
        let (s, e) = quoted(answer, "I said: keep a standby copy of every node!").unwrap();
        assert_eq!(&answer[s..e], "Keep a Standby copy of every node");
        assert_eq!(quoted(answer, "standby"), None, "one word is no quote");
        let copy = answer.find("copy").unwrap();
        assert_eq!(
            quoted(answer, "copy of every nodes"),
            Some((copy, copy + 13))
        );
        assert_eq!(quoted(answer, "ode so"), None, "words, not parts of words");
        assert_eq!(quoted(answer, ""), None);
    }
}
