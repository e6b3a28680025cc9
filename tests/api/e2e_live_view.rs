//! End to end in headless Chromium: the interviewer prepares a session and opens the live view
//! in one window; the candidate opens the link in another, joins and starts; the live view
//! shows each step without a reload, and a follow-up pushed from the live view appears on the
//! candidate's page. Prints the delay from the candidate's action to the live
//! view showing it.

use std::time::Instant;

use thirtyfour::prelude::*;

use crate::chromium::{
    assert_no_csp_violation, click, fill, open_browser, start_chromedriver, type_into,
    wait_for_text,
};
use crate::helpers::{TestApp, spawn_app};
use crate::interviews_support::seed_questions;

#[tokio::test]
async fn the_live_view_follows_the_candidate_in_another_window() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("e2e_interviewer").await;
    let driver = start_chromedriver().await;
    let (owner, _p1) = open_browser(&driver).await;
    let (candidate, _p2) = open_browser(&driver).await;
    let result = run(&app, &owner, &candidate).await;
    let _ = owner.quit().await;
    let _ = candidate.quit().await;
    result.unwrap();
}

async fn run(app: &TestApp, owner: &WebDriver, candidate: &WebDriver) -> WebDriverResult<()> {
    let base = &app.address;
    // The interviewer logs in, creates a session, adds a question, creates the link.
    owner.goto(format!("{base}/login")).await?;
    type_into(owner, By::Name("login"), "e2e_interviewer").await?;
    type_into(owner, By::Name("password"), TestApp::PASSWORD).await?;
    click(owner, By::Css("main form button[type=submit]")).await?;
    wait_for_text(owner, ".account", "e2e_interviewer").await;
    owner.goto(format!("{base}/interviews")).await?;
    type_into(owner, By::Name("title"), "E2E loop").await?;
    click(owner, By::Css("main form button[type=submit]")).await?;
    wait_for_text(owner, "h1", "E2E loop").await;
    click(owner, By::Css(".bank-hits form button")).await?;
    wait_for_text(owner, ".session-questions", "min").await;
    click(
        owner,
        By::XPath("//button[normalize-space()='Create link']"),
    )
    .await?;
    let link = wait_for_text(owner, ".candidate-link", "/join/").await;
    click(owner, By::LinkText("Live view")).await?;
    wait_for_text(owner, "#live-connection", "live").await;
    wait_for_text(owner, "#live-candidate", "not joined yet").await;

    // The candidate joins in the other window; the live view shows it without a reload.
    candidate.goto(link.trim()).await?;
    fill(candidate, By::Id("display_name"), "Ada Lovelace").await?;
    let clicked = Instant::now();
    click(candidate, By::Css("main form button[type=submit]")).await?;
    wait_for_text(owner, "#live-candidate", "Ada Lovelace").await;
    let joined = clicked.elapsed();
    wait_for_text(candidate, ".waiting-room", "waiting room").await;

    let clicked = Instant::now();
    click(candidate, By::Css(".waiting-room button")).await?;
    wait_for_text(owner, "#live-state", "live").await;
    let started = clicked.elapsed();
    wait_for_text(candidate, ".waiting-room", "The interview has started").await;

    // A follow-up pushed from the live view appears on the candidate's page by itself.
    type_into(
        owner,
        By::Css(".followup-forms input[name=prompt]"),
        "What happens when the cache node dies?",
    )
    .await?;
    let clicked = Instant::now();
    click(
        owner,
        By::XPath("//form[contains(@class,'inline')]//button[normalize-space()='Push']"),
    )
    .await?;
    wait_for_text(
        candidate,
        ".candidate-questions",
        "What happens when the cache node dies?",
    )
    .await;
    let followup = clicked.elapsed();
    println!("e2e follow-up delay (push in live view -> shown on candidate page): {followup:?}");

    // The candidate opens the question and types; the autosaved draft appears in the live view.
    wait_for_text(owner, "#live-connection", "live").await;
    click(candidate, By::Id("go-answer")).await?;
    let body = candidate.find(By::Id("answer-body")).await?;
    let typed = Instant::now();
    body.send_keys("A cache keeps hot data in memory").await?;
    wait_for_text(owner, ".q-status", "in progress").await;
    wait_for_text(owner, ".q-draft", "A cache keeps hot data in memory").await;
    println!(
        "e2e typing -> draft shown in live view (includes answer.js's autosave interval): {:?}",
        typed.elapsed()
    );

    // The interviewer extends the running question; the candidate's countdown learns the new
    // deadline from its next autosave sync (every 10 s), without a reload.
    fill(
        owner,
        By::Css("form[action$='/extend'] input[name=minutes]"),
        "30",
    )
    .await?;
    click(
        owner,
        By::Css("form[action$='/extend'] button[type=submit]"),
    )
    .await?;
    wait_for_text(owner, "#live-connection", "live").await;
    wait_for_text(candidate, "#countdown-clock", "39:").await;
    // The live view's clock for that question shows the extension and ticks between events.
    let before = wait_for_text(owner, ".q-time", "39:").await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let after = owner.find(By::Css(".q-time")).await?.text().await?;
    assert!(
        after.ends_with(" left") && after != before,
        "the live view's countdown ticks: {before:?} then {after:?}"
    );

    // The interviewer types a private note without saving it; the candidate submits, the live
    // view reloads to show the graded answer, and the unsaved note is still in its box.
    type_into(
        owner,
        By::Id("note-0"),
        "Strong on eviction, probe invalidation",
    )
    .await?;
    click(candidate, By::Css("#answer-form button[type=submit]")).await?;
    // a seven-word answer: the page asks whether to submit something that short
    let asked = crate::chromium::wait_for_dialog(candidate).await;
    assert!(asked.contains("only 7 words"), "{asked}");
    candidate.accept_alert().await?;
    wait_for_text(owner, ".q-status", "submitted").await;
    wait_for_text(owner, ".q-answer", "A cache keeps hot data in memory").await;
    let note = owner.find(By::Id("note-0")).await?.prop("value").await?;
    assert_eq!(
        note.as_deref(),
        Some("Strong on eviction, probe invalidation"),
        "an unsaved note survives the live view's reload"
    );
    println!(
        "e2e live view delay (click in candidate window -> shown in live view): join {joined:?}, start {started:?}"
    );
    // The live view, the link, the waiting room and the answer page all worked under the
    // Content-Security-Policy, with no violation in either window.
    assert_no_csp_violation(owner).await;
    assert_no_csp_violation(candidate).await;
    Ok(())
}
