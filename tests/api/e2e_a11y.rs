//! Accessibility in headless Chromium: axe-core (vendored under `tests/e2e-assets/axe-core/`,
//! never served by the app) runs on every page type as a visitor, as a candidate (solo practice,
//! and a session joined by link) and as an interviewer; no page may have a serious or critical
//! violation. Prints the figures per page. Also: the grade is announced to screen readers, and a
//! whole solo interview can be done with the keyboard alone.

use thirtyfour::common::keys::TypingData;
use thirtyfour::prelude::*;

use crate::chromium::{
    click, fill, open_browser, register, start_chromedriver, type_into, wait_for_text,
};
use crate::helpers::spawn_app;
use crate::solo_support::{GOOD_ANSWER, seed_bank};

const AXE: &str = include_str!("../e2e-assets/axe-core/axe.min.js");

/// One page's axe result.
struct Checked {
    role: &'static str,
    page: String,
    violations: Vec<serde_json::Value>,
}

impl Checked {
    fn serious(&self) -> Vec<&serde_json::Value> {
        self.violations
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .collect()
    }
}

/// Runs axe-core on the current page (WCAG 2.x A and AA rules and best practices).
async fn axe(web: &WebDriver, role: &'static str, page: &str) -> Checked {
    web.execute(AXE, vec![]).await.expect("injecting axe-core");
    let found = web
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(
               r => done(r.violations.map(v => ({
                 id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))),
               e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("running axe on {page}: {e}"));
    Checked {
        role,
        page: page.to_string(),
        violations: found.json().as_array().cloned().unwrap_or_default(),
    }
}

#[tokio::test]
async fn no_page_has_a_serious_or_critical_accessibility_violation() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let driver = start_chromedriver().await;
    let (visitor, _p1) = open_browser(&driver).await;
    let (candidate, _p2) = open_browser(&driver).await;
    let (interviewer, _p3) = open_browser(&driver).await;
    let mut results = Vec::new();
    let run = check_every_page(
        &app.address,
        &visitor,
        &candidate,
        &interviewer,
        &mut results,
    )
    .await;
    for web in [visitor, candidate, interviewer] {
        let _ = web.quit().await;
    }
    run.unwrap();

    println!("axe-core 4.14.1: violations per page (serious or critical / all)");
    for r in &results {
        println!(
            "  {:<12} {:<28} {} / {}  {}",
            r.role,
            r.page,
            r.serious().len(),
            r.violations.len(),
            r.violations
                .iter()
                .map(|v| format!("{}({})", v["id"].as_str().unwrap_or("?"), v["impact"]))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    let bad: Vec<String> = results
        .iter()
        .flat_map(|r| {
            r.serious()
                .into_iter()
                .map(move |v| format!("{} {}: {v}", r.role, r.page))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "serious or critical violations:\n{}",
        bad.join("\n")
    );
    assert!(results.len() >= 20, "every page type was checked");
}

async fn check_every_page(
    base: &str,
    visitor: &WebDriver,
    candidate: &WebDriver,
    interviewer: &WebDriver,
    out: &mut Vec<Checked>,
) -> WebDriverResult<()> {
    // A visitor.
    for (page, wait) in [
        ("/", "h1"),
        ("/login", "h1"),
        ("/register", "h1"),
        ("/questions", "h1"),
        ("/questions/c-e1", "h1"),
        ("/no-such-page", "h1"),
    ] {
        visitor.goto(format!("{base}{page}")).await?;
        visitor.find(By::Css(wait)).await?;
        out.push(axe(visitor, "visitor", page).await);
    }

    // A candidate practising alone: a whole interview by keyboard only.
    register(candidate, base, "a11y_candidate").await?;
    candidate.goto(format!("{base}/practice")).await?;
    out.push(axe(candidate, "candidate", "/practice").await);
    keyboard_only_interview(candidate).await?;
    out.push(axe(candidate, "candidate", "feedback").await);
    let status = candidate
        .find(By::Css(".score-card [role=status]"))
        .await?
        .text()
        .await?;
    assert!(status.contains("/ 10"), "the grade is announced: {status}");
    click(candidate, By::LinkText("Interview summary")).await?;
    wait_for_text(candidate, "h1", "Interview of").await;
    out.push(axe(candidate, "candidate", "summary").await);
    for (page, wait) in [
        ("/", "Welcome back"),
        ("/history", "Your history"),
        ("/questions", "Question bank"),
        ("/questions/c-e1", "?"),
        ("/account", "Your account"),
        // the install's first account is its curator (issue 17)
        ("/curate", "Curator's queue"),
        ("/curate/questions/c-e1", "What is a cache"),
        ("/account/reviews", "Review settings"),
        ("/reviews", "Due today"),
        ("/teams", "Teams"),
    ] {
        candidate.goto(format!("{base}{page}")).await?;
        wait_for_text(candidate, "h1", wait).await;
        out.push(axe(candidate, "candidate", page).await);
    }
    type_into(candidate, By::Id("team-name"), "A11y").await?;
    click(
        candidate,
        By::Css("form[action='/teams'] button[type=submit]"),
    )
    .await?;
    wait_for_text(candidate, "h1", "A11y").await;
    out.push(axe(candidate, "candidate", "team page").await);
    click(candidate, By::LinkText("Leaderboard")).await?;
    wait_for_text(candidate, "h1", "leaderboard").await;
    out.push(axe(candidate, "candidate", "leaderboard").await);
    candidate.goto(format!("{base}/teams")).await?;
    wait_for_text(candidate, ".teams-table", "A11y").await;
    out.push(axe(candidate, "candidate", "/teams, one team").await);
    // an answer page mid-question
    candidate.goto(format!("{base}/practice")).await?;
    fill(candidate, By::Name("count"), "1").await?;
    click(candidate, By::Css("main form button[type=submit]")).await?;
    wait_for_text(candidate, ".crumbs", "Question 1 of 1").await;
    out.push(axe(candidate, "candidate", "answer page").await);
    // answered half (two concepts missed): the due list, a review and its result
    type_into(
        candidate,
        By::Id("answer-body"),
        "Put an LRU eviction policy in front of the database and give every entry a TTL so \
         stale data ages out after a while.",
    )
    .await?;
    click(candidate, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(candidate, ".score-card", "/ 10").await;
    candidate.goto(format!("{base}/reviews")).await?;
    wait_for_text(candidate, ".due-count", "due").await;
    out.push(axe(candidate, "candidate", "/reviews, cards due").await);
    click(candidate, By::Css(".due-card a.button")).await?;
    wait_for_text(candidate, ".countdown", "Time left").await;
    out.push(axe(candidate, "candidate", "review").await);
    type_into(
        candidate,
        By::Id("review-body"),
        "Keep a replica of each node.",
    )
    .await?;
    click(candidate, By::Css("#review-form button[type=submit]")).await?;
    wait_for_text(candidate, ".review-next", "Next review").await;
    out.push(axe(candidate, "candidate", "review result").await);

    // An interviewer prepares a session; a candidate joins it by link.
    register(interviewer, base, "a11y_interviewer").await?;
    interviewer.goto(format!("{base}/interviews")).await?;
    wait_for_text(interviewer, "h1", "Interviews").await;
    out.push(axe(interviewer, "interviewer", "/interviews").await);
    type_into(interviewer, By::Name("title"), "A11y loop").await?;
    click(interviewer, By::Css("main form button[type=submit]")).await?;
    wait_for_text(interviewer, "h1", "A11y loop").await;
    click(interviewer, By::Css(".bank-hits form button")).await?;
    wait_for_text(interviewer, ".session-questions", "min").await;
    click(
        interviewer,
        By::XPath("//button[normalize-space()='Create link']"),
    )
    .await?;
    let link = wait_for_text(interviewer, ".candidate-link", "/join/").await;
    out.push(axe(interviewer, "interviewer", "prepare").await);
    click(interviewer, By::LinkText("Live view")).await?;
    wait_for_text(interviewer, "#live-connection", "live").await;
    out.push(axe(interviewer, "interviewer", "live view").await);

    visitor.goto(link.trim()).await?;
    visitor.find(By::Id("display_name")).await?;
    out.push(axe(visitor, "candidate", "join").await);
    fill(visitor, By::Id("display_name"), "Ada").await?;
    click(visitor, By::Css("main form button[type=submit]")).await?;
    wait_for_text(visitor, ".waiting-room", "waiting room").await;
    out.push(axe(visitor, "candidate", "waiting room").await);
    click(visitor, By::Css(".waiting-room button")).await?;
    wait_for_text(visitor, ".waiting-room", "The interview has started").await;
    out.push(axe(visitor, "candidate", "room (live)").await);
    click(visitor, By::Id("go-answer")).await?;
    visitor.find(By::Id("answer-body")).await?;
    out.push(axe(visitor, "candidate", "session answer").await);
    type_into(visitor, By::Id("answer-body"), GOOD_ANSWER).await?;
    click(visitor, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(interviewer, ".q-status", "submitted").await;
    out.push(axe(visitor, "candidate", "after submitting").await);
    interviewer.refresh().await?;
    wait_for_text(interviewer, ".q-status", "submitted").await;
    out.push(axe(interviewer, "interviewer", "live view, answered").await);
    // the candidate's results page, once the interviewer releases them
    click(
        interviewer,
        By::XPath("//button[normalize-space()='Release results to the candidate']"),
    )
    .await?;
    wait_for_text(interviewer, "#live-released", "released to the candidate").await;
    visitor.goto(format!("{}/room", link.trim())).await?;
    click(visitor, By::Id("see-results")).await?;
    wait_for_text(visitor, "h1", "Your results").await;
    out.push(axe(visitor, "candidate", "results").await);
    // the read-only report, as whoever gets its link
    click(
        interviewer,
        By::Css("form[action$='/report-link'] button[type=submit]"),
    )
    .await?;
    let report = wait_for_text(interviewer, ".report-link", "/report/").await;
    visitor.goto(report.trim()).await?;
    visitor.find(By::Css("h1")).await?;
    out.push(axe(visitor, "visitor", "report").await);
    Ok(())
}

/// Sends keys to whatever has the focus.
async fn keys(web: &WebDriver, keys: impl Into<TypingData>) -> WebDriverResult<()> {
    web.action_chain().send_keys(keys).perform().await
}

/// Whether the focused element matches `css`.
async fn focused_matches(web: &WebDriver, css: &str) -> WebDriverResult<bool> {
    Ok(web
        .execute(
            "return !!document.activeElement && document.activeElement.matches(arguments[0])",
            vec![serde_json::json!(css)],
        )
        .await?
        .json()
        .as_bool()
        .unwrap_or(false))
}

/// Tabs forward until the focused element matches `css` (at most 60 presses).
async fn tab_to(web: &WebDriver, css: &str) -> WebDriverResult<()> {
    for _ in 0..60 {
        if focused_matches(web, css).await? {
            return Ok(());
        }
        keys(web, Key::Tab).await?;
    }
    panic!("Tab never reached {css}");
}

/// From the start form to the feedback page with the keyboard only: Tab to the controls, Space
/// to tick, typing, Enter to submit.
async fn keyboard_only_interview(web: &WebDriver) -> WebDriverResult<()> {
    tab_to(web, "input[name=topic][value=caching]").await?;
    keys(web, " ").await?;
    // a radio group takes one Tab stop; the arrow keys choose within it
    tab_to(web, "input[name=difficulty]").await?;
    for _ in 0..4 {
        if focused_matches(web, "input[name=difficulty][value=easy]:checked").await? {
            break;
        }
        keys(web, Key::Up).await?;
    }
    assert!(focused_matches(web, "input[name=difficulty][value=easy]:checked").await?);
    tab_to(web, "input[name=count]").await?;
    keys(web, Key::Control + "a").await?;
    keys(web, "1").await?;
    tab_to(web, "main form button[type=submit]").await?;
    keys(web, Key::Enter).await?;
    wait_for_text(web, ".crumbs", "Question 1 of 1").await;
    // the skip link, then the answer box
    tab_to(web, "#answer-body").await?;
    keys(web, GOOD_ANSWER).await?;
    tab_to(web, "#answer-form button[type=submit]").await?;
    keys(web, Key::Enter).await?;
    wait_for_text(web, ".score-card", "/ 10").await;
    Ok(())
}
