//! End to end in headless Chromium (Debian's `chromium` + `chromium-driver`, driven with
//! thirtyfour): register, run a one-question interview, type an answer, watch it autosave,
//! submit, and see the feedback page. Set `E2E_SCREENSHOTS=/some/dir` to keep a screenshot of each
//! page there.

use thirtyfour::prelude::*;

use crate::chromium::{
    assert_inline_script_is_refused, assert_no_csp_violation, click, computed_style, fill,
    in_chromium, in_chromium_as, snap, type_into, wait_for_text,
};
use crate::solo_support::{CORRECTION, GOOD_ANSWER, PASSWORD, WRONG_CLAIM};

#[tokio::test]
async fn register_answer_one_question_and_see_the_feedback_in_chromium() {
    in_chromium(async |app, web| run(&app.address, web).await).await;
}

async fn run(base: &str, web: &WebDriver) -> WebDriverResult<()> {
    // Register.
    web.goto(format!("{base}/register")).await?;
    type_into(web, By::Name("username"), "e2e_user").await?;
    type_into(web, By::Name("email"), "e2e@example.com").await?;
    type_into(web, By::Name("password"), PASSWORD).await?;
    type_into(web, By::Name("password_confirm"), PASSWORD).await?;
    snap(web, "01-register").await;
    click(web, By::Css("main form button[type=submit]")).await?;
    wait_for_text(web, ".account", "e2e_user").await;
    web.goto(format!("{base}/account")).await?;
    wait_for_text(web, "h2", "Change your password").await;
    snap(web, "01b-account").await;

    // The question browser, then the start page: one easy caching question, 5 minutes.
    web.goto(format!("{base}/questions")).await?;
    snap(web, "02-questions").await;
    web.goto(format!("{base}/questions/c-h1")).await?;
    snap(web, "03-question").await;
    web.goto(format!("{base}/practice")).await?;
    click(web, By::Css("input[name=topic][value=caching]")).await?;
    click(web, By::Css("input[name=difficulty][value=easy]")).await?;
    fill(web, By::Name("count"), "1").await?;
    fill(web, By::Name("minutes"), "5").await?;
    snap(web, "04-start").await;
    click(web, By::Css("main form button[type=submit]")).await?;

    // The answer page: a running countdown, then autosave of what we type.
    wait_for_text(web, ".crumbs", "Question 1 of 1").await;
    let clock = web.find(By::Id("countdown-clock")).await?.text().await?;
    assert!(
        clock.starts_with("4:") || clock == "5:00",
        "countdown shows {clock}"
    );
    // a good answer with one wrong claim in it: the feedback must say which and correct it
    let answer = format!("{GOOD_ANSWER} {WRONG_CLAIM}");
    type_into(web, By::Id("answer-body"), &answer).await?;
    wait_for_text(web, "#save-status", "Draft saved at").await;
    snap(web, "05-answer").await;
    assert_eq!(
        computed_style(web, ".visually-hidden", "width").await,
        "1px",
        "the answer box's visually hidden label stays hidden"
    );
    // A reload loses nothing.
    web.refresh().await?;
    let kept = web.find(By::Id("answer-body")).await?.prop("value").await?;
    assert_eq!(kept.as_deref(), Some(answer.as_str()));

    click(web, By::Css("#answer-form button[type=submit]")).await?;

    // The feedback page.
    wait_for_text(web, ".score-card", "/ 10").await;
    let page = web.source().await?;
    assert!(page.contains("Eviction policy"));
    assert!(page.contains("<mark class=\"ev"));
    // the wrong claim is quoted back, corrected, and shown in red
    let wrong = web
        .find(By::Css(".verdict-contradicted"))
        .await?
        .text()
        .await?;
    assert!(
        wrong.contains("You said"),
        "the contradicted criterion quotes the answer: {wrong}"
    );
    assert!(
        wrong.contains(CORRECTION),
        "and gives the correction: {wrong}"
    );
    assert_eq!(
        computed_style(web, ".verdict-contradicted .verdict", "color").await,
        "rgb(207, 34, 46)",
        "a contradicted verdict is red (--bad)"
    );
    assert!(web.current_url().await?.path().ends_with("/feedback"));
    snap(web, "06-feedback").await;
    feedback_is_styled_on_screen(web).await;

    // The follow-up (the probe of the contradicted concept) is answered as the next question,
    // shown with the question it follows, and graded on that concept alone.
    let probe = web
        .find(By::Css(".followup .prompt-small"))
        .await?
        .text()
        .await?;
    click(web, By::Css(".followup button[type=submit]")).await?;
    wait_for_text(web, ".follows", "Follow-up to:").await;
    wait_for_text(web, "h1.prompt", &probe).await;
    type_into(
        web,
        By::Id("answer-body"),
        "On every write we invalidate the cached key (delete it after the database commit), \
         so the next read misses and loads the new value; the database stays the source of truth.",
    )
    .await?;
    snap(web, "06b-followup-answer").await;
    click(web, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(web, ".score-card", "/ 10").await;
    assert_eq!(
        web.find_all(By::Css(".criteria li")).await?.len(),
        1,
        "a follow-up is graded on the concept it probes"
    );
    snap(web, "06c-followup-feedback").await;

    click(web, By::LinkText("Interview summary")).await?;
    wait_for_text(web, "h1", "Interview of").await;
    snap(web, "07-summary").await;
    web.goto(format!("{base}/history")).await?;
    wait_for_text(web, "h1", "Your history").await;
    snap(web, "08-history").await;
    assert_eq!(
        computed_style(web, ".score-chart .line", "stroke-width").await,
        "2.5px",
        "the history chart's line is styled"
    );

    // Every page so far worked under the Content-Security-Policy without a violation, and the
    // policy is really enforced: an inline script is refused.
    assert_no_csp_violation(web).await;
    assert_inline_script_is_refused(web).await;

    // The same pages on a phone-sized window.
    if std::env::var_os("E2E_SCREENSHOTS").is_some() {
        web.set_window_rect(0, 0, 390, 844).await?;
        snap(web, "09-history-phone").await;
        web.back().await?;
        web.back().await?;
        snap(web, "10-feedback-phone").await;
        web.goto(format!("{base}/account")).await?;
        snap(web, "11-account-phone").await;
    }
    Ok(())
}

/// The stylesheet's rules reach the screen, not only the HTML: a syntax error that swallowed them
/// (an unclosed `@media print {` once did) leaves these at the browser's defaults.
async fn feedback_is_styled_on_screen(web: &WebDriver) {
    assert_eq!(
        computed_style(web, ".score-card", "border-left-width").await,
        "6px",
        "the score card has its accent bar"
    );
    assert_eq!(computed_style(web, ".score-card", "display").await, "flex");
    assert_eq!(
        computed_style(web, ".verdict", "text-transform").await,
        "uppercase",
        "verdict badges are styled"
    );
    let met = computed_style(web, ".verdict-met .verdict", "color").await;
    assert_eq!(met, "rgb(26, 127, 55)", "a met verdict is green (--good)");
}

/// `/history` with more interviews than fit a page: the pager under the table, on a laptop and
/// on a phone.
#[tokio::test]
async fn a_long_history_pages_in_chromium() {
    in_chromium_as("pager_user", long_history).await;
}

async fn long_history(app: &crate::helpers::TestApp, web: &WebDriver) -> WebDriverResult<()> {
    let base = &app.address;
    // 25 finished one-question interviews, one answer each
    sqlx::query(
        "WITH iv AS (
             INSERT INTO interviews (id, user_id, kind, topics, difficulty, minutes_per_question,
                                     created_at, finished_at)
             SELECT gen_random_uuid(), u.id, 'solo', '{caching}', 'easy', 10,
                    now() - k * interval '1 hour', now() - k * interval '1 hour'
             FROM users u, generate_series(1, 25) AS k WHERE u.username = 'pager_user'
             RETURNING id, user_id, created_at),
         it AS (
             INSERT INTO interview_items (id, interview_id, position, question_id, minutes, state,
                                          started_at, deadline)
             SELECT gen_random_uuid(), id, 0, 'c-e1', 10, 'submitted', created_at, created_at
             FROM iv RETURNING id, interview_id)
         INSERT INTO answers (id, item_id, source, user_id, question_id, topic, difficulty, body,
                              score, grader_version)
         SELECT gen_random_uuid(), it.id, 'solo', iv.user_id, 'c-e1', 'caching', 'easy', 'x',
                (random() * 10)::real, 'e2e'
         FROM it JOIN iv ON iv.id = it.interview_id",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    web.goto(format!("{base}/history")).await?;
    wait_for_text(web, ".pager", "Older").await;
    snap(web, "11-history-page-1").await;
    click(web, By::LinkText("Older →")).await?;
    wait_for_text(web, "h2#interviews", "page 2").await;
    let rows = web.find_all(By::Css(".summary-table tbody tr")).await?;
    assert_eq!(rows.len(), 5, "the second page holds the 5 oldest");
    snap(web, "12-history-page-2").await;
    if std::env::var_os("E2E_SCREENSHOTS").is_some() {
        web.set_window_rect(0, 0, 390, 844).await?;
        snap(web, "13-history-page-2-phone").await;
    }
    Ok(())
}
