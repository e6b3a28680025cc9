//! Reviews in headless Chromium: a half-right answer leaves two concepts due; the home page
//! counts them, the header leads to "Due today", and one card is reviewed: its probe under a
//! running timer, the verdict with the expected point, and the next review. Set
//! `E2E_SCREENSHOTS=dir` for screenshots at 1280 and 390 px.

use thirtyfour::prelude::*;

use crate::chromium::{
    assert_no_csp_violation, click, computed_style, fill, in_chromium_as, snap, type_into,
    wait_for_text,
};

#[tokio::test]
async fn review_one_missed_concept_in_chromium() {
    in_chromium_as("reviewer", async |app, web| run(&app.address, web).await).await;
}

async fn run(base: &str, web: &WebDriver) -> WebDriverResult<()> {
    // one easy caching question, answered half: eviction and expiry, not invalidation or replicas
    web.goto(format!("{base}/practice")).await?;
    click(web, By::Css("input[name=topic][value=caching]")).await?;
    click(web, By::Css("input[name=difficulty][value=easy]")).await?;
    fill(web, By::Name("count"), "1").await?;
    fill(web, By::Name("minutes"), "5").await?;
    click(web, By::Css("main form button[type=submit]")).await?;
    wait_for_text(web, ".crumbs", "Question 1 of 1").await;
    type_into(
        web,
        By::Id("answer-body"),
        "Put an LRU eviction policy in front of the database and give every entry a TTL so \
         stale data ages out after a while.",
    )
    .await?;
    click(web, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(web, ".score-card", "/ 10").await;

    // the home page counts the due cards and links to them
    web.goto(format!("{base}/")).await?;
    wait_for_text(web, ".home-reviews", "2 concepts").await;
    snap(web, "r01-home").await;
    click(web, By::Css(".nav a[href='/reviews']")).await?;
    wait_for_text(web, "h1", "Due today").await;
    wait_for_text(web, ".due-count", "2 cards due").await;
    let groups = web.find_all(By::Css(".due-group")).await?;
    assert_eq!(groups.len(), 1, "both cards are of one question");
    assert_eq!(web.find_all(By::Css(".due-card")).await?.len(), 2);
    snap(web, "r02-due").await;

    // review the invalidation card: its probe, a running timer
    click(
        web,
        By::Css(".due-card a[aria-label='Review: Invalidation on write']"),
    )
    .await?;
    wait_for_text(web, "h1.prompt", "How does the cache find out?").await;
    let first = web.find(By::Id("countdown-clock")).await?.text().await?;
    assert!(
        first.starts_with("3:") || first.starts_with("2:"),
        "{first}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let later = web.find(By::Id("countdown-clock")).await?.text().await?;
    assert_ne!(first, later, "the clock runs");
    type_into(
        web,
        By::Id("review-body"),
        "On every write we invalidate the cache key (cache invalidation on write), so the old \
         value cannot be served after the database changed.",
    )
    .await?;
    snap(web, "r03-review").await;
    click(web, By::Css("#review-form button[type=submit]")).await?;

    // the verdict, the expected point, the next review
    wait_for_text(web, ".review-verdict", "MET").await;
    wait_for_text(
        web,
        ".review-expects",
        "Writes must not leave old values behind.",
    )
    .await;
    wait_for_text(web, ".review-next", "Next review:").await;
    assert_eq!(
        computed_style(web, ".verdict-met .verdict", "color").await,
        "rgb(26, 127, 55)",
        "a met verdict is green (--good)"
    );
    snap(web, "r04-result").await;
    click(web, By::Css(".next-step a.button")).await?;
    wait_for_text(web, ".due-count", "1 card due").await;
    assert_no_csp_violation(web).await;

    if std::env::var_os("E2E_SCREENSHOTS").is_some() {
        web.set_window_rect(0, 0, 390, 844).await?;
        snap(web, "r05-due-phone").await;
        click(web, By::Css(".due-card a.button")).await?;
        wait_for_text(web, "h1.prompt", "A cache node dies").await;
        type_into(web, By::Id("review-body"), "Keep a replica of each node.").await?;
        snap(web, "r06-review-phone").await;
        click(web, By::Css("#review-form button[type=submit]")).await?;
        wait_for_text(web, ".review-next", "Next review:").await;
        snap(web, "r07-result-phone").await;
        web.goto(format!("{base}/account/reviews")).await?;
        snap(web, "r08-settings-phone").await;
        web.goto(format!("{base}/")).await?;
        snap(web, "r09-home-phone").await;
    }
    Ok(())
}
