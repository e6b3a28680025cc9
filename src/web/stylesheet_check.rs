//! A test-only check of the stylesheets under `static/`: each must parse as CSS without a single
//! error, and every block it opens must be closed before the end of the file.
//!
//! The second rule is needed because CSS forgives an unclosed block: the parser closes it silently
//! at the end of the file, so an `@media print {` missing its `}` turns every later rule into a
//! print-only rule and nothing else notices. That once left most of the app unstyled.

use std::path::{Path, PathBuf};

use lightningcss::stylesheet::{ParserOptions, StyleSheet};

/// Why a stylesheet fails the check, in words a person can act on.
fn problems(name: &str, css: &str) -> Vec<String> {
    let mut found = Vec::new();
    let options = ParserOptions {
        filename: name.to_string(),
        error_recovery: false,
        ..ParserOptions::default()
    };
    if let Err(e) = StyleSheet::parse(css, options) {
        found.push(format!("{name}: {e}"));
    }
    let (unclosed, stray) = unbalanced(css);
    found.extend(
        unclosed
            .into_iter()
            .map(|line| format!("{name}:{line}: this block is never closed")),
    );
    found.extend(
        stray
            .into_iter()
            .map(|line| format!("{name}:{line}: this closes a block that is not open")),
    );
    found
}

/// The lines (1-based) of blocks (`{`, `(`, `[`) still open at the end of `css`, outermost first,
/// and the lines of closers that close nothing. Comments, strings and escapes are skipped as CSS
/// reads them.
fn unbalanced(css: &str) -> (Vec<usize>, Vec<usize>) {
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut stray = Vec::new();
    let mut line = 1;
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            // An escape: the next character is taken as it is.
            '\\' => line += usize::from(chars.next() == Some('\n')),
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                    }
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '"' | '\'' => {
                while let Some(s) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '\n' => {
                            line += 1;
                            break; // A bad string ends at the line; the parser reports it.
                        }
                        s if s == c => break,
                        _ => {}
                    }
                }
            }
            '{' | '(' | '[' => open.push((c, line)),
            '}' | ')' | ']' => {
                let opener = match c {
                    '}' => '{',
                    ')' => '(',
                    _ => '[',
                };
                match open.last() {
                    Some(&(o, _)) if o == opener => {
                        open.pop();
                    }
                    _ => stray.push(line),
                }
            }
            _ => {}
        }
    }
    (open.into_iter().map(|(_, l)| l).collect(), stray)
}

fn stylesheets() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("static/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "css"))
        .collect();
    found.sort();
    found
}

#[test]
fn every_stylesheet_parses_and_closes_its_blocks() {
    let sheets = stylesheets();
    assert!(!sheets.is_empty(), "no stylesheet under static/");
    let mut all = Vec::new();
    for path in sheets {
        let css = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        all.extend(problems(&name, &css));
    }
    assert!(all.is_empty(), "stylesheet problems:\n{}", all.join("\n"));
}

#[test]
fn an_unclosed_media_block_is_caught_with_its_line() {
    let css = ".a { color: red; }\n@media print {\n  .b { color: blue; }\n.c { color: green; }\n";
    assert_eq!(unbalanced(css), (vec![2], vec![]));
    assert_eq!(
        problems("x.css", css),
        vec!["x.css:2: this block is never closed".to_string()]
    );
}

#[test]
fn braces_inside_comments_and_strings_do_not_count() {
    let css = "/* { */ .a::after { content: \"}\"; }\n.b { content: '\\'{'; }\n";
    assert_eq!(unbalanced(css), (vec![], vec![]));
    assert!(problems("x.css", css).is_empty());
}

#[test]
fn a_stray_closer_and_a_syntax_error_are_caught() {
    assert_eq!(unbalanced(".a { }\n}\n"), (vec![], vec![2]));
    assert_eq!(unbalanced("@media (x { }"), (vec![1], vec![]));
    let missing_colon = problems("x.css", ".a { color red; }");
    assert_eq!(missing_colon.len(), 1, "{missing_colon:?}");
    assert!(
        missing_colon[0].contains("Unexpected token"),
        "{missing_colon:?}"
    );
    let bad_selector = problems("x.css", "a..b { color: red; }");
    assert_eq!(bad_selector.len(), 1, "{bad_selector:?}");
}
