//! What a request carries into the app before any database is asked: the session token, the CSRF
//! token, form bodies (urlencoded pairs, as the start form reads them), account fields, the
//! choices of forms and query strings, live-event payloads and stored judgment JSON. The first
//! byte picks the input, the rest is the text. No panic anywhere; every accepted value parses
//! back to itself; a forged token or CSRF value is refused.

#![no_main]

use libfuzzer_sys::fuzz_target;
use whetstone::auth::csrf::CsrfKey;
use whetstone::auth::token::TokenKeys;
use whetstone::auth::{rate_limit::Limit, validate};
use whetstone::config::parse_public_url;
use whetstone::dealer::DifficultyChoice;
use whetstone::leaderboard::window::Window;
use whetstone::teams::roles::Role;

const SECRET: &[u8] = b"fuzzing secret, fuzzing secret, fuzzing secret!!";

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match which % 8 {
        0 => {
            // a session cookie or bearer token the server did not sign is never accepted
            let keys = TokenKeys::new(SECRET, chrono::Duration::hours(1));
            assert!(
                keys.decode(&text).is_err(),
                "accepted a forged token: {text:?}"
            );
        }
        1 => {
            let key = CsrfKey::derive(SECRET);
            let (id, presented) = text.split_once('\n').unwrap_or((&text, ""));
            let genuine = key.token(id, "binding");
            assert_eq!(key.verify(id, "binding", &genuine), !id.is_empty());
            if presented.trim() != genuine {
                assert!(
                    !key.verify(id, "binding", presented),
                    "{id:?} {presented:?}"
                );
            }
        }
        2 => {
            if let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(rest) {
                let again = serde_urlencoded::to_string(&pairs).unwrap();
                let back: Vec<(String, String)> = serde_urlencoded::from_str(&again).unwrap();
                assert_eq!(back, pairs);
            }
        }
        3 => {
            let mut parts = text.splitn(3, '\n');
            let (u, e, p) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            let errors = validate::registration(&validate::Registration {
                username: u,
                email: e,
                password: p,
                password_confirm: p,
            });
            // what is accepted is shown on pages and in links: no markup, no white space
            if errors.username.is_none() {
                assert!(
                    !u.contains(['<', '>', '"', '&', '/']) && !u.contains(char::is_whitespace),
                    "{u:?}"
                );
            }
            if errors.email.is_none() {
                assert!(
                    !e.contains(|c: char| c.is_whitespace() || c.is_control()),
                    "{e:?}"
                );
            }
            assert!(errors.password_confirm.is_none());
        }
        4 => {
            if let Some(d) = DifficultyChoice::parse(&text) {
                assert_eq!(DifficultyChoice::parse(d.as_str()), Some(d));
            }
            if let Some(r) = Role::parse(&text) {
                assert_eq!(Role::parse(r.as_str()), Some(r));
            }
            if let Some(w) = Window::parse(&text) {
                assert_eq!(Window::parse(w.slug()), Some(w));
            }
        }
        5 => {
            if let Some(limit) = Limit::parse(&text) {
                assert!(limit.burst > 0, "{text:?} gave {limit:?}");
            }
            if let Some(url) = parse_public_url(&text) {
                assert_eq!(parse_public_url(&url).as_deref(), Some(url.as_str()));
            }
        }
        6 => {
            let _ = whetstone::live::parse(&text);
        }
        _ => {
            // a stored judgment read back for the feedback page
            if let Ok(value) = serde_json::from_slice::<serde_json::Value>(rest) {
                let _ = serde_json::from_value::<whetstone::grader::Judgment>(value);
            }
        }
    }
});
