//! In headless Chromium (issue 12, items 4 and 13): the interviewer's live view fits a phone
//! (drafts wrap, nothing scrolls sideways, a draft is not printed again once answered, questions
//! fold, the header takes two lines), the candidate's clock stays in sight on a scrolled answer
//! page, and releasing the results puts a link in the candidate's room without a reload, to a
//! results page with the overall score, strengths and verdicts. Takes screenshots of the live
//! view, the answer page, the results page and the report at laptop and phone widths with
//! `E2E_SCREENSHOTS=dir`. Also (item 2): a follow-up pushed while the candidate types is announced on
//! their answer page without a reload and answered next, shown with its parent.

use serde_json::Value;
use thirtyfour::prelude::*;

use crate::chromium::{
    click, computed_style, fill, open_browser, snap, start_chromedriver, type_into, wait_for_text,
};
use crate::helpers::{TestApp, spawn_app};
use crate::interviews_support::{add_question, create_session, issue_link, report_token};
use crate::solo_support::seed_bank;

/// An unbroken 160-character token: it must wrap, not widen the page.
fn long_token() -> String {
    format!("https://example.com/{}", "cachekey".repeat(18))
}

const PHONE: (u32, u32) = (390, 844);
const LAPTOP: (u32, u32) = (1280, 900);

async fn resize(web: &WebDriver, (w, h): (u32, u32)) -> WebDriverResult<()> {
    web.set_window_rect(0, 0, w, h).await
}

async fn js(web: &WebDriver, script: &str) -> Value {
    web.execute(script, vec![]).await.unwrap().json().clone()
}

/// The page is no wider than the window: nothing scrolls sideways.
async fn fits_the_width(web: &WebDriver, page: &str) {
    let sizes = js(
        web,
        "return [document.documentElement.scrollWidth, window.innerWidth]",
    )
    .await;
    let (scroll, inner) = (sizes[0].as_i64().unwrap(), sizes[1].as_i64().unwrap());
    assert!(
        scroll <= inner,
        "{page}: the page is {scroll}px wide in a {inner}px window"
    );
}

/// How many lines the site header's parts (brand, nav, account) sit on, whether every nav link
/// is on one line, and the parts' boxes (for the failure message).
async fn header_lines(web: &WebDriver) -> (usize, bool, String) {
    let got = js(
        web,
        "const boxes = [], rects = [];
         for (const el of document.querySelectorAll('.header-row > *')) {
           const r = el.getBoundingClientRect();
           boxes.push(el.className + ' ' + el.tagName + ' ' + Math.round(r.left) + ',' +
                      Math.round(r.top) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
           if (r.height > 0) rects.push(r);
         }
         // parts whose heights overlap share a line
         rects.sort((a, b) => a.top - b.top);
         let lines = 0, bottom = -Infinity;
         for (const r of rects) {
           if (r.top >= bottom - 1) { lines += 1; bottom = r.bottom; }
           else bottom = Math.max(bottom, r.bottom);
         }
         const links = new Set([...document.querySelectorAll('.nav a')]
           .map(a => Math.round(a.getBoundingClientRect().top)));
         return [lines, links.size, window.innerWidth + ': ' + boxes.join('; ')];",
    )
    .await;
    (
        got[0].as_u64().unwrap() as usize,
        got[1].as_u64().unwrap() == 1,
        got[2].as_str().unwrap_or_default().to_string(),
    )
}

/// Saves a screenshot of what the window shows now (not the whole page) when `E2E_SCREENSHOTS`
/// names a directory.
async fn snap_viewport(web: &WebDriver, name: &str) {
    if let Some(dir) = std::env::var_os("E2E_SCREENSHOTS") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        web.screenshot(&dir.join(format!("{name}.png")))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn the_live_view_fits_a_phone_and_released_results_reach_the_candidate() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    app.register_and_log_in("e2e_owner").await;
    let id = create_session(&app, "Phone loop").await;
    for q in ["c-e1", "r-1", "d-e1"] {
        assert_eq!(add_question(&app, &id, q).await.status(), 303);
    }
    let token = issue_link(&app, &id).await;
    let driver = start_chromedriver().await;
    let (owner, _p1) = open_browser(&driver).await;
    let (candidate, _p2) = open_browser(&driver).await;
    let result = run(&app, &id, &token, &owner, &candidate).await;
    let _ = owner.quit().await;
    let _ = candidate.quit().await;
    result.unwrap();
}

async fn run(
    app: &TestApp,
    id: &str,
    token: &str,
    owner: &WebDriver,
    candidate: &WebDriver,
) -> WebDriverResult<()> {
    let base = &app.address;
    let live = format!("{base}/interviews/{id}/live");
    owner.goto(format!("{base}/login")).await?;
    type_into(owner, By::Name("login"), "e2e_owner").await?;
    type_into(owner, By::Name("password"), TestApp::PASSWORD).await?;
    click(owner, By::Css("main form button[type=submit]")).await?;
    wait_for_text(owner, ".account", "e2e_owner").await;

    // The candidate joins, starts and types a draft with a long unbroken token.
    candidate.goto(format!("{base}/join/{token}")).await?;
    fill(candidate, By::Id("display_name"), "Ada Lovelace").await?;
    click(candidate, By::Css("main form button[type=submit]")).await?;
    wait_for_text(candidate, ".waiting-room", "waiting room").await;
    click(candidate, By::Css(".waiting-room button")).await?;
    wait_for_text(candidate, ".waiting-room", "The interview has started").await;
    click(candidate, By::Id("go-answer")).await?;
    let token_text = long_token();
    // (over 15 words, so the answer page's short-answer check does not ask first)
    let draft = format!(
        "Use an LRU eviction policy and a TTL so stale entries age out and memory stays bounded. See {token_text} for the keys."
    );
    type_into(candidate, By::Id("answer-body"), &draft).await?;

    // The live view on a phone: the draft arrives and wraps; nothing scrolls sideways.
    resize(owner, PHONE).await?;
    owner.goto(&live).await?;
    wait_for_text(owner, "#live-connection", "live").await;
    wait_for_text(owner, ".q-draft", "cachekeycachekey").await;
    assert_eq!(
        computed_style(owner, ".q-draft", "white-space").await,
        "pre-wrap"
    );
    fits_the_width(owner, "live view with a draft (phone)").await;
    let (lines, nav_one_line, boxes) = header_lines(owner).await;
    assert!(
        lines <= 2,
        "the header takes {lines} lines on a phone: {boxes}"
    );
    assert!(nav_one_line, "the nav links sit on one line");
    snap(owner, "live-draft-phone").await;

    // The candidate submits: the live view shows the graded answer once, not the draft too.
    click(candidate, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(candidate, "h1", "answer recorded").await;
    wait_for_text(owner, "li[data-position='0'] .q-answer", "eviction policy").await;
    wait_for_text(owner, "#live-connection", "live").await;
    let shown = js(
        owner,
        "return document.getElementById('live-questions').textContent.split('cachekeycachekey').length - 1",
    )
    .await;
    let once = js(
        owner,
        &format!("return {}", token_text.matches("cachekeycachekey").count()),
    )
    .await;
    assert_eq!(
        shown, once,
        "the answer's token is printed once, not as a draft too"
    );
    assert!(
        owner
            .find_all(By::Css("li[data-position='0'] .q-draft-box"))
            .await?
            .is_empty(),
        "no draft box beside the submitted answer"
    );
    resize(owner, PHONE).await?;
    fits_the_width(owner, "live view with an answer (phone)").await;

    // Questions fold: the last answered and the current one are open, the third is folded.
    let open = js(
        owner,
        "return [...document.querySelectorAll('details.live-q')].map(d => d.open)",
    )
    .await;
    assert_eq!(open, serde_json::json!([true, true, false]));
    let folded = "const d = document.querySelector(\"li[data-position='2'] details.live-q\");
         return [d.querySelector('.note-form').checkVisibility(), d.getBoundingClientRect().height]";
    let before = js(owner, folded).await;
    assert_eq!(
        before[0], false,
        "a folded question's controls are not shown"
    );
    click(
        owner,
        By::Css("li[data-position='2'] details.live-q > summary"),
    )
    .await?;
    let after = js(owner, folded).await;
    assert_eq!(after[0], true, "unfolded by a click");
    assert!(
        after[1].as_f64().unwrap() > 3.0 * before[1].as_f64().unwrap(),
        "folded, a question takes a line or two: {before:?} then {after:?}"
    );
    snap(owner, "live-answered-phone").await;
    resize(owner, LAPTOP).await?;
    snap(owner, "live-answered-laptop").await;

    // The candidate's answer page on a phone: scrolled to the bottom, the clock is in sight.
    resize(candidate, (390, 600)).await?;
    candidate
        .goto(format!("{base}/join/{token}/answer"))
        .await?;
    wait_for_text(candidate, ".crumbs", "Question 2 of 3").await;
    let (lines, _, boxes) = header_lines(candidate).await;
    assert!(
        lines <= 2,
        "the candidate's header takes {lines} lines: {boxes}"
    );
    fits_the_width(candidate, "answer page (phone)").await;
    assert_eq!(
        computed_style(candidate, ".answer-head", "position").await,
        "sticky"
    );
    let scrolled = js(
        candidate,
        "window.scrollTo(0, document.documentElement.scrollHeight);
         const r = document.getElementById('countdown').getBoundingClientRect();
         return [window.scrollY, r.top, r.bottom, window.innerHeight];",
    )
    .await;
    let v: Vec<f64> = scrolled
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!(v[0] > 100.0, "the page scrolled: {v:?}");
    assert!(
        v[1] >= 0.0 && v[2] <= v[3],
        "the countdown stays on screen: {v:?}"
    );
    snap_viewport(candidate, "answer-scrolled-phone").await;
    resize(candidate, (390, 600)).await?;
    type_into(
        candidate,
        By::Id("answer-body"),
        "Replicate every node and keep a replica in another zone, so losing one zone loses no keys and reads fail over.",
    )
    .await?;
    click(candidate, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(candidate, "h1", "answer recorded").await;

    // Released: the room shows the link without a reload; the live view says so.
    candidate.goto(format!("{base}/join/{token}/room")).await?;
    wait_for_text(candidate, ".waiting-room", "The interview has started").await;
    resize(owner, LAPTOP).await?;
    owner.goto(&live).await?;
    wait_for_text(owner, "#live-released", "not released").await;
    wait_for_text(owner, "#live-connection", "live").await;
    click(
        owner,
        By::XPath("//button[normalize-space()='Release results to the candidate']"),
    )
    .await?;
    wait_for_text(owner, "#live-released", "released to the candidate").await;
    wait_for_text(candidate, ".results-released", "released your results").await;
    click(candidate, By::Id("see-results")).await?;
    wait_for_text(candidate, "h1", "Your results").await;
    wait_for_text(candidate, ".strengths", "Eviction policy").await;
    assert_eq!(
        computed_style(candidate, ".criteria-table .verdict-met .verdict", "color").await,
        "rgb(26, 127, 55)",
        "verdicts are coloured on the results page"
    );
    assert_eq!(
        computed_style(candidate, ".overall-score", "border-left-width").await,
        "6px"
    );
    fits_the_width(candidate, "results page (phone)").await;
    snap(candidate, "results-phone").await;
    resize(candidate, LAPTOP).await?;
    candidate.refresh().await?;
    wait_for_text(candidate, "h1", "Your results").await;
    snap(candidate, "results-laptop").await;

    // The report, at both widths, after an override and a follow-up pushed to question 2.
    let page = format!("/interviews/{id}/live");
    for (path, fields) in [
        (
            "overrides",
            vec![
                ("position", "0"),
                ("criterion", "ttl"),
                ("score", "8"),
                ("reason", "Explained expiry aloud"),
            ],
        ),
        ("followups", vec![("of", "1"), ("kind", "chain")]),
    ] {
        let res = app
            .post_form(&page, &format!("/interviews/{id}/{path}"), &fields)
            .await;
        assert_eq!(res.status(), 303, "{path}");
    }
    let report = report_token(app, id).await;
    owner.goto(format!("{base}/report/{report}")).await?;
    wait_for_text(owner, ".overall-score", "/ 10").await;
    snap(owner, "report-laptop").await;
    resize(owner, PHONE).await?;
    owner.refresh().await?;
    wait_for_text(owner, ".overall-score", "/ 10").await;
    fits_the_width(owner, "report (phone)").await;
    wait_for_text(owner, "#question-2\\.1", "Follow-up to question 2").await;
    snap(owner, "report-phone").await;
    Ok(())
}

/// Issue 12 item 2, delivery: the interviewer pushes a free-text follow-up from the live view
/// while the candidate types; the candidate's answer page says a follow-up is waiting without a
/// reload (the draft and autosave go on), and after submitting, the follow-up is next, numbered
/// 1.1 and shown with the question it follows. Screenshots: `followup-notice-*`,
/// `followup-next-*`.
#[tokio::test]
async fn a_followup_pushed_while_the_candidate_types_is_announced_and_answered_next() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    app.register_and_log_in("e2e_pusher").await;
    let id = create_session(&app, "Follow-up loop").await;
    for q in ["c-e1", "d-e1", "r-1"] {
        assert_eq!(add_question(&app, &id, q).await.status(), 303);
    }
    let token = issue_link(&app, &id).await;
    let driver = start_chromedriver().await;
    let (owner, _p1) = open_browser(&driver).await;
    let (candidate, _p2) = open_browser(&driver).await;
    let result = push_while_typing(&app, &id, &token, &owner, &candidate).await;
    let _ = owner.quit().await;
    let _ = candidate.quit().await;
    result.unwrap();
}

async fn push_while_typing(
    app: &TestApp,
    id: &str,
    token: &str,
    owner: &WebDriver,
    candidate: &WebDriver,
) -> WebDriverResult<()> {
    let base = &app.address;
    owner.goto(format!("{base}/login")).await?;
    type_into(owner, By::Name("login"), "e2e_pusher").await?;
    type_into(owner, By::Name("password"), TestApp::PASSWORD).await?;
    click(owner, By::Css("main form button[type=submit]")).await?;
    wait_for_text(owner, ".account", "e2e_pusher").await;

    resize(candidate, LAPTOP).await?;
    candidate.goto(format!("{base}/join/{token}")).await?;
    fill(candidate, By::Id("display_name"), "Ada Lovelace").await?;
    click(candidate, By::Css("main form button[type=submit]")).await?;
    wait_for_text(candidate, ".waiting-room", "waiting room").await;
    click(candidate, By::Css(".waiting-room button")).await?;
    wait_for_text(candidate, ".waiting-room", "The interview has started").await;
    click(candidate, By::Id("go-answer")).await?;
    wait_for_text(candidate, ".crumbs", "Question 1 of 3").await;
    let first = "A cache keeps hot data in memory so reads skip the database.";
    type_into(candidate, By::Id("answer-body"), first).await?;
    // a mark on this page's window: gone if the page reloads
    js(candidate, "window.__sameLoad = true; return true").await;

    // The interviewer pushes a free-text follow-up of question 1 from the live view.
    owner.goto(format!("{base}/interviews/{id}/live")).await?;
    wait_for_text(owner, "#live-connection", "live").await;
    type_into(
        owner,
        By::Css("li[data-position='0'] .followup-free input[name=prompt]"),
        "How would you expire the entries?",
    )
    .await?;
    click(
        owner,
        By::Css("li[data-position='0'] .followup-free button[type=submit]"),
    )
    .await?;
    wait_for_text(
        owner,
        "li[data-position='3']",
        "How would you expire the entries?",
    )
    .await;

    // The candidate's page says so, without a reload and with the draft intact.
    let notice = wait_for_text(candidate, "#followup-notice", "Follow-up question 1.1").await;
    assert!(
        notice.contains("comes next, after you submit this answer"),
        "{notice}"
    );
    assert_eq!(
        js(candidate, "return window.__sameLoad === true").await,
        Value::Bool(true),
        "the page was not reloaded"
    );
    assert_eq!(
        js(
            candidate,
            "return document.getElementById('answer-body').value"
        )
        .await,
        Value::String(first.into())
    );
    assert_eq!(
        computed_style(
            candidate,
            "#followup-notice .flash-info",
            "border-top-style"
        )
        .await,
        "solid"
    );
    let more = " Entries expire by TTL.";
    type_into(candidate, By::Id("answer-body"), more).await?;
    // Typing goes on and autosave still saves it (polled, up to the harness's usual 20 s).
    let started = std::time::Instant::now();
    loop {
        let saved: Option<String> = sqlx::query_scalar(
            "SELECT d.body FROM drafts d JOIN interview_items i ON i.id = d.item_id
             JOIN interview_sessions s ON s.interview_id = i.interview_id
             WHERE s.id = $1::text::uuid AND i.position = 0",
        )
        .bind(id)
        .fetch_optional(&app.pool)
        .await
        .unwrap();
        if saved.as_deref() == Some(format!("{first}{more}").as_str()) {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the draft typed after the notice was never autosaved: {saved:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    wait_for_text(candidate, "#save-status", "Draft saved").await;
    snap_viewport(candidate, "followup-notice-laptop").await;
    resize(candidate, (390, 844)).await?;
    fits_the_width(candidate, "answer page with a follow-up notice (phone)").await;
    snap_viewport(candidate, "followup-notice-phone").await;

    // After this answer, the follow-up is next: 1.1, with the question it follows.
    click(candidate, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(candidate, "h1", "Question 1: answer recorded").await;
    click(candidate, By::LinkText("Next question")).await?;
    wait_for_text(candidate, ".crumbs", "Question 1.1 of 3").await;
    wait_for_text(
        candidate,
        ".follows",
        "Follow-up to: What is a cache and why use one?",
    )
    .await;
    wait_for_text(candidate, "h1.prompt", "How would you expire the entries?").await;
    fits_the_width(candidate, "follow-up answer page (phone)").await;
    snap(candidate, "followup-next-phone").await;
    resize(candidate, LAPTOP).await?;
    candidate.refresh().await?;
    wait_for_text(candidate, ".crumbs", "Question 1.1 of 3").await;
    snap(candidate, "followup-next-laptop").await;

    // Then question 2 of the prepared ones.
    type_into(
        candidate,
        By::Id("answer-body"),
        "Set a TTL per entry so stale values age out, and evict the least recently used keys when memory fills up.",
    )
    .await?;
    click(candidate, By::Css("#answer-form button[type=submit]")).await?;
    wait_for_text(candidate, "h1", "Question 1.1: answer recorded").await;
    click(candidate, By::LinkText("Next question")).await?;
    wait_for_text(candidate, ".crumbs", "Question 2 of 3").await;
    wait_for_text(candidate, "h1.prompt", "What is an index in a database?").await;
    Ok(())
}
