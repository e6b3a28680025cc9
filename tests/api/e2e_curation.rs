//! Issue 17 in headless Chromium: the install's first account is its curator; a candidate
//! appeals a verdict from the feedback page ("I was right"); the curator finds it in the queue
//! with the evidence highlighted, accepts it by adding the candidate's phrase to the criterion's
//! terms, and the candidate's history shows the regraded score. Screenshots (with
//! `E2E_SCREENSHOTS`) of the feedback page with the appeal buttons, the queue, the appeal and the
//! workbench at 1280 and 390 pixels wide.

use thirtyfour::prelude::*;

use crate::chromium::{
    assert_no_csp_violation, click, fill, in_chromium, register, snap, type_into, wait_for_text,
};
use crate::solo_support::PASSWORD;

/// Replication is covered only as "a standby copy of every node", which the rubric's terms miss.
const ANSWER: &str = "Put an LRU eviction policy in front of the database so memory stays bounded, \
    give every entry a TTL so stale values age out, and invalidate the key on every write so \
    readers never see old data. Keep a standby copy of every node so a crash loses nothing.";

#[tokio::test]
async fn an_appeal_goes_from_the_candidates_click_to_the_curators_edit_and_a_new_score() {
    in_chromium(async |app, web| run(&app.address, web).await).await;
}

async fn switch_to(web: &WebDriver, base: &str, name: &str) -> WebDriverResult<()> {
    click(web, By::Css(".account form button[type=submit]")).await?;
    wait_for_text(web, ".account", "Log in").await;
    web.goto(format!("{base}/login")).await?;
    type_into(web, By::Name("login"), name).await?;
    type_into(web, By::Name("password"), PASSWORD).await?;
    click(web, By::Css("main form button[type=submit]")).await?;
    wait_for_text(web, ".account", name).await;
    Ok(())
}

async fn phone(web: &WebDriver, name: &str) -> WebDriverResult<()> {
    if std::env::var_os("E2E_SCREENSHOTS").is_some() {
        web.set_window_rect(0, 0, 390, 844).await?;
        snap(web, name).await;
        web.set_window_rect(0, 0, 1280, 900).await?;
    }
    Ok(())
}

async fn run(base: &str, web: &WebDriver) -> WebDriverResult<()> {
    web.set_window_rect(0, 0, 1280, 900).await?;
    // the first account of the install is told it curates
    register(web, base, "curie").await?;
    wait_for_text(web, ".notice", "you are this install's curator").await;
    snap(web, "c01-curator-welcome").await;

    // a candidate answers one question and appeals the replication verdict
    click(web, By::Css(".account form button[type=submit]")).await?;
    wait_for_text(web, ".account", "Log in").await;
    register(web, base, "cand").await?;
    web.goto(format!("{base}/practice")).await?;
    click(web, By::Css("input[name=topic][value=caching]")).await?;
    click(web, By::Css("input[name=difficulty][value=easy]")).await?;
    fill(web, By::Name("count"), "1").await?;
    fill(web, By::Name("minutes"), "5").await?;
    click(web, By::Css("main form button[type=submit]")).await?;
    wait_for_text(web, ".crumbs", "Question 1 of 1").await;
    type_into(web, By::Id("answer-body"), ANSWER).await?;
    click(web, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(web, ".score-card", "/ 10").await;
    let before = web.find(By::Css(".score-value")).await?.text().await?;
    let feedback = web.current_url().await?.to_string();
    snap(web, "c02-feedback-appeal-buttons").await;
    phone(web, "c03-feedback-appeal-buttons-phone").await?;
    let replication =
        "//li[contains(@class,'criterion')][.//span[contains(., 'Replicas of each cache node')]]";
    click(web, By::XPath(format!("{replication}//summary"))).await?;
    type_into(
        web,
        By::XPath(format!("{replication}//textarea")),
        "I said: keep a standby copy of every node",
    )
    .await?;
    snap(web, "c04-feedback-appeal-open-form").await;
    click(
        web,
        By::XPath(format!("{replication}//button[@value='right']")),
    )
    .await?;
    wait_for_text(web, ".notice", "Your appeal was sent").await;
    wait_for_text(web, ".appeal-state", "Appeal open").await;

    // the curator's queue shows it with the answer's evidence highlighted
    switch_to(web, base, "curie").await?;
    web.goto(format!("{base}/curate")).await?;
    wait_for_text(web, ".queue-item", "Replicas of each cache node").await;
    wait_for_text(web, ".appeal-comment", "standby copy").await;
    snap(web, "c05-queue").await;
    phone(web, "c06-queue-phone").await?;
    click(web, By::LinkText("Answer this appeal")).await?;
    wait_for_text(web, "h1", "Replicas of each cache node").await;
    let offered = web.find(By::Id("phrase")).await?.prop("value").await?;
    assert_eq!(
        offered.as_deref(),
        Some("keep a standby copy of every node")
    );
    fill(web, By::Id("phrase"), "standby copy").await?;
    snap(web, "c07-appeal").await;
    click(web, By::Css("form[action$='/accept'] button[type=submit]")).await?;
    let regraded = wait_for_text(web, ".regraded", "Regraded").await;
    assert!(
        regraded.contains(&before),
        "{regraded} starts from {before}"
    );
    snap(web, "c08-appeal-accepted").await;

    // the workbench of the question: the appeal is a labelled case; a draft is tried
    click(web, By::LinkText("workbench of this question")).await?;
    wait_for_text(web, ".agreement-summary", "1 labelled cases").await;
    click(
        web,
        By::Css(".rubric-editor button[type=submit]:not([formaction])"),
    )
    .await?;
    wait_for_text(web, ".try-result", "Draft tried (not saved)").await;
    snap(web, "c09-workbench-tried").await;
    phone(web, "c10-workbench-phone").await?;

    // the candidate is told, and the feedback shows the new score
    switch_to(web, base, "cand").await?;
    web.goto(format!("{base}/history")).await?;
    let told = wait_for_text(web, ".appeals-mine", "Accepted").await;
    assert!(
        told.contains(&format!("regraded from {before} to")),
        "{told}"
    );
    snap(web, "c11-history-told").await;
    web.goto(feedback).await?;
    let after = web.find(By::Css(".score-value")).await?.text().await?;
    assert!(
        after.parse::<f32>().unwrap() > before.parse::<f32>().unwrap(),
        "{before} -> {after}"
    );
    wait_for_text(web, ".appeal-state", "Appeal accepted").await;
    assert_no_csp_violation(web).await;
    Ok(())
}
