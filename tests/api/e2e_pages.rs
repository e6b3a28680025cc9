//! End to end in headless Chromium, the answer page's guards and the signed-in pages:
//! - the answer page asks before submitting an empty or very short answer, warns before cutting
//!   a paste that does not fit (nothing is cut silently), and after a 413 and Back it works
//!   again (Submit enabled, autosave running, no stale "Draft saved");
//! - the signed-in home, the question bank's markers, the account page, a team page with its
//!   copy buttons and the leaderboard's current window, with times in the browser's zone.
//!
//! `E2E_SCREENSHOTS=dir` keeps laptop (1280) and phone (390) screenshots of each page.

use thirtyfour::prelude::*;

use crate::chromium::{
    click, computed_style, fill, in_chromium, in_chromium_as, register, snap, type_into,
    wait_for_dialog, wait_for_text,
};
use crate::solo_support::GOOD_ANSWER;

/// Starts a one-question interview on an easy caching question and waits for its answer page.
async fn start_one(web: &WebDriver, base: &str) -> WebDriverResult<()> {
    web.goto(format!("{base}/practice")).await?;
    click(web, By::Css("input[name=topic][value=caching]")).await?;
    click(web, By::Css("input[name=difficulty][value=easy]")).await?;
    fill(web, By::Name("count"), "1").await?;
    fill(web, By::Name("minutes"), "5").await?;
    click(web, By::Css("main form button[type=submit]")).await?;
    wait_for_text(web, ".crumbs", "Question 1 of 1").await;
    Ok(())
}

async fn js(web: &WebDriver, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
    web.execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
        .json()
        .clone()
}

async fn answer_length(web: &WebDriver) -> i64 {
    js(
        web,
        "return document.getElementById('answer-body').value.length",
        vec![],
    )
    .await
    .as_i64()
    .unwrap()
}

async fn submit_disabled(web: &WebDriver) -> bool {
    js(
        web,
        "return document.querySelector('#answer-form button[type=submit]').disabled",
        vec![],
    )
    .await
    .as_bool()
    .unwrap()
}

/// Pastes `text` into the answer box at its end, as the clipboard would (in a later task, so a
/// dialog it opens does not block this call).
async fn paste(web: &WebDriver, text: &str) {
    js(
        web,
        "const text = arguments[0];
         setTimeout(() => {
           const box = document.getElementById('answer-body');
           box.focus();
           box.setSelectionRange(box.value.length, box.value.length);
           const data = new DataTransfer();
           data.setData('text/plain', text);
           box.dispatchEvent(new ClipboardEvent('paste',
             { clipboardData: data, bubbles: true, cancelable: true }));
         }, 0);
         return true;",
        vec![serde_json::json!(text)],
    )
    .await;
}

#[tokio::test]
async fn the_answer_page_asks_before_short_answers_and_cut_pastes_and_recovers_after_a_413() {
    in_chromium_as("guard_user", async |app, web| {
        answer_page_guards(&app.address, web).await
    })
    .await;
}

async fn answer_page_guards(base: &str, web: &WebDriver) -> WebDriverResult<()> {
    start_one(web, base).await?;
    let answer_url = web.current_url().await?;

    // Submitting an empty answer asks first; "Cancel" keeps the page as it was.
    click(web, By::Css("#answer-form button[type=submit]")).await?;
    let asked = wait_for_dialog(web).await;
    assert!(asked.contains("Your answer is empty"), "{asked}");
    web.dismiss_alert().await?;
    assert_eq!(web.current_url().await?, answer_url, "still answering");
    assert!(!submit_disabled(web).await, "Submit still works");

    // A paste that does not fit: the box holds 19,990 of 20,000 characters.
    js(
        web,
        "const box = document.getElementById('answer-body');
         box.value = 'x'.repeat(19990);
         box.dispatchEvent(new Event('input'));
         return true;",
        vec![],
    )
    .await;
    let clip = "0123456789".repeat(5);
    paste(web, &clip).await;
    let asked = wait_for_dialog(web).await;
    assert!(
        asked.contains("has 50 characters but only 10 more fit"),
        "{asked}"
    );
    // (no screenshot while the dialog is open: any script would dismiss it)
    web.dismiss_alert().await?;
    wait_for_text(web, "#save-status", "Nothing pasted").await;
    assert_eq!(answer_length(web).await, 19990, "declined: nothing pasted");
    paste(web, &clip).await;
    wait_for_dialog(web).await;
    web.accept_alert().await?;
    wait_for_text(web, "#save-status", "Pasted the first 10 of 50 characters").await;
    snap(web, "answer-paste-cut").await;
    assert_eq!(answer_length(web).await, 20000, "accepted: what fits");
    assert_eq!(web.find(By::Id("char-count")).await?.text().await?, "20000");

    // Save a real draft, then submit an answer over the limit (a script removes the box's
    // maxlength, as a browser without it would): the server answers 413.
    fill(web, By::Id("answer-body"), GOOD_ANSWER).await?;
    let saved = wait_for_text(web, "#save-status", "Draft saved at").await;
    snap(web, "answer-saved").await;
    js(
        web,
        "window.beforeTheError = 'kept';
         setTimeout(() => {
           const box = document.getElementById('answer-body');
           box.removeAttribute('maxlength');
           box.value = 'word '.repeat(4001);
           document.getElementById('answer-form').requestSubmit();
         }, 0);
         return true;",
        vec![],
    )
    .await;
    wait_for_text(web, "main", "limit is 20000").await;
    snap(web, "answer-413").await;

    // Back: the same page, restored from the browser's cache, works again.
    web.back().await?;
    wait_for_text(web, ".crumbs", "Question 1 of 1").await;
    let restored = js(web, "return window.beforeTheError === 'kept'", vec![]).await;
    assert_eq!(
        restored,
        serde_json::json!(true),
        "the browser restored the page from its back/forward cache (pageshow persisted)"
    );
    assert!(!submit_disabled(web).await, "Submit is enabled again");
    let status = wait_for_text(web, "#save-status", "Too long to save").await;
    assert_ne!(status, saved, "the old \"Draft saved\" is gone");
    // autosave runs again
    fill(web, By::Id("answer-body"), "LRU and TTL.").await?;
    let resaved = wait_for_text(web, "#save-status", "Draft saved at").await;
    assert!(
        !resaved.contains("UTC"),
        "the browser's own time: {resaved}"
    );
    snap(web, "answer-after-back").await;

    // A very short answer asks too; "OK" submits it.
    click(web, By::Css("#answer-form button[type=submit]")).await?;
    let asked = wait_for_dialog(web).await;
    assert!(asked.contains("only 3 words"), "{asked}");
    web.accept_alert().await?;
    wait_for_text(web, ".score-card", "/ 10").await;
    assert!(web.current_url().await?.path().ends_with("/feedback"));
    Ok(())
}

#[tokio::test]
async fn the_signed_in_pages_in_chromium() {
    in_chromium(async |app, web| signed_in_pages(&app.address, web).await).await;
}

/// Saves the page at laptop and phone widths.
async fn snap_both(web: &WebDriver, name: &str) -> WebDriverResult<()> {
    web.set_window_rect(0, 0, 1280, 900).await?;
    snap(web, &format!("{name}-laptop")).await;
    if std::env::var_os("E2E_SCREENSHOTS").is_some() {
        web.set_window_rect(0, 0, 390, 844).await?;
        snap(web, &format!("{name}-phone")).await;
        web.set_window_rect(0, 0, 1280, 900).await?;
    }
    Ok(())
}

async fn signed_in_pages(base: &str, web: &WebDriver) -> WebDriverResult<()> {
    // a visitor gets the marketing page
    web.goto(format!("{base}/")).await?;
    wait_for_text(web, "h1", "Sharpen your system-design answers").await;
    snap_both(web, "home-visitor").await?;

    register(web, base, "pages_user").await?;
    web.goto(format!("{base}/")).await?;
    wait_for_text(web, "h1", "Welcome, pages_user").await;
    snap_both(web, "home-new-user").await?;

    // one answered question, then an interview left half done
    start_one(web, base).await?;
    type_into(web, By::Id("answer-body"), GOOD_ANSWER).await?;
    click(web, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(web, ".score-card", "/ 10").await;
    web.goto(format!("{base}/practice")).await?;
    click(web, By::Css("input[name=topic][value=databases]")).await?;
    click(web, By::Css("input[name=difficulty][value=easy]")).await?;
    fill(web, By::Name("count"), "2").await?;
    click(web, By::Css("main form button[type=submit]")).await?;
    wait_for_text(web, ".crumbs", "Question 1 of 2").await;
    type_into(
        web,
        By::Id("answer-body"),
        "An index is a sorted structure that makes lookups faster at the cost of slower writes.",
    )
    .await?;
    click(web, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(web, ".score-card", "/ 10").await;

    web.goto(format!("{base}/")).await?;
    wait_for_text(web, ".home-resume", "1 of 2 questions answered").await;
    wait_for_text(web, ".home-next", "Databases").await;
    let recent = web.find(By::Css(".recent-scores")).await?.text().await?;
    assert!(recent.contains("/ 10"), "{recent}");
    // times are in the browser's zone and locale, not the UTC fallback
    let shown = web
        .find(By::Css(".recent-scores time[data-localised]"))
        .await?
        .text()
        .await?;
    assert!(!shown.ends_with("UTC"), "{shown}");
    snap_both(web, "home-signed-in").await?;

    // the question bank marks the answered question
    web.goto(format!("{base}/questions?topic=caching")).await?;
    wait_for_text(web, ".question-list", "Answered once").await;
    assert_eq!(
        computed_style(web, ".answered-mark", "color").await,
        "rgb(26, 127, 55)",
        "the marker is green"
    );
    snap_both(web, "questions-marked").await?;
    click(web, By::Css(".question-list li.answered a")).await?;
    wait_for_text(web, ".question-record", "You answered this once").await;
    wait_for_text(web, ".rating-words", "ratings run from 800").await;
    snap_both(web, "question-answered").await?;

    // the account page, from the header
    click(web, By::LinkText("Account")).await?;
    wait_for_text(web, "h1", "Your account").await;
    let since = web
        .find(By::Css(".account-facts time[data-localised]"))
        .await?;
    assert!(!since.text().await?.contains('-'), "a local date");
    snap_both(web, "account").await?;
    // a wrong password on delete: the error is shown next to the form
    fill(web, By::Id("delete_password"), "not my password").await?;
    click(web, By::Css(".danger-zone button[type=submit]")).await?;
    wait_for_text(web, "#delete-error", "Nothing was deleted").await;
    snap_both(web, "account-delete-refused").await?;

    // a team: the invite's copy buttons, and the leaderboard's current window
    web.goto(format!("{base}/teams")).await?;
    type_into(web, By::Id("team-name"), "Platform").await?;
    click(web, By::Css("form[action='/teams'] button[type=submit]")).await?;
    wait_for_text(web, "h1", "Platform").await;
    click(web, By::Css("form[action$='/invite'] button[type=submit]")).await?;
    wait_for_text(web, ".invite-new", "New invite").await;
    let copy = web.find(By::Css("button[data-copy=invite-link]")).await?;
    assert!(copy.is_displayed().await?, "the copy button shows with JS");
    copy.click().await?;
    wait_for_text(web, "button[data-copy=invite-link]", "Copied").await;
    snap_both(web, "team-invite").await?;
    click(web, By::LinkText("Leaderboard")).await?;
    click(web, By::LinkText("This month")).await?;
    wait_for_text(web, ".board-windows a[aria-current=page]", "This month").await;
    assert_eq!(
        computed_style(
            web,
            ".board-windows a[aria-current=page]",
            "border-bottom-width"
        )
        .await,
        "2px",
        "the current window is underlined"
    );
    assert_eq!(
        computed_style(
            web,
            ".board-windows a:not([aria-current])",
            "border-bottom-width"
        )
        .await,
        "0px"
    );
    snap_both(web, "board").await?;
    Ok(())
}
