//! Ratings in Chromium (issue 16): an adaptive deal through the start form, answered; the history
//! page's rating chart (one coloured line per topic, a legend, no overflow on a phone) and a
//! question page's learned rating. `E2E_SCREENSHOTS=dir` keeps laptop (1280) and phone (390)
//! screenshots of both.

use thirtyfour::prelude::*;

use crate::chromium::{
    click, computed_style, fill, in_chromium_as, snap, type_into, wait_for_text,
};
use crate::helpers::TestApp;
use crate::solo_support::GOOD_ANSWER;

#[tokio::test]
async fn the_rating_chart_and_learned_ratings_in_chromium() {
    in_chromium_as("rated_user", run).await;
}

/// Saves the page at laptop and phone widths; on the phone, what `css` finds (the part this
/// feature adds) must fit the screen's width.
async fn snap_both(web: &WebDriver, name: &str, css: &str) -> WebDriverResult<()> {
    web.set_window_rect(0, 0, 1280, 900).await?;
    snap(web, &format!("{name}-laptop")).await;
    web.set_window_rect(0, 0, 390, 844).await?;
    snap(web, &format!("{name}-phone")).await;
    let sticking_out = web
        .execute(
            "return [...document.querySelectorAll(arguments[0])]
               .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
               .map(e => e.tagName + '.' + e.className).join(' ')",
            vec![serde_json::json!(css)],
        )
        .await?
        .json()
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(sticking_out, "", "{name}: wider than a phone");
    web.set_window_rect(0, 0, 1280, 900).await?;
    Ok(())
}

/// Earlier rated games in caching and reliability, so the chart has three topics.
async fn earlier_games(app: &TestApp) {
    sqlx::query(
        "INSERT INTO rating_games (user_id, question_id, topic, result, played_at, topic_rating,
                                   topic_deviation, overall_rating, question_before,
                                   question_after, question_moved)
         SELECT u.id, 'seeded-' || k, CASE WHEN k % 2 = 0 THEN 'caching' ELSE 'reliability' END,
                0.5, now() - (30 - k) * interval '1 hour',
                CASE WHEN k % 2 = 0 THEN 1500 + 12 * k ELSE 1500 - 8 * k END, 120, 1500, 1500,
                1500, true
         FROM users u, generate_series(1, 24) AS k WHERE u.username = 'rated_user'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO user_ratings (user_id, topic, rating, deviation, volatility, games)
         SELECT u.id, t.topic, t.rating, 120, 0.06, 12 FROM users u,
                (VALUES ('caching', 1788.0), ('reliability', 1316.0)) AS t (topic, rating)
         WHERE u.username = 'rated_user'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
}

async fn run(app: &TestApp, web: &WebDriver) -> WebDriverResult<()> {
    let base = &app.address;

    // Two database questions dealt at my level, both answered.
    web.goto(format!("{base}/practice")).await?;
    click(web, By::Css("input[name=topic][value=databases]")).await?;
    click(web, By::Css("input[name=difficulty][value=adaptive]")).await?;
    fill(web, By::Name("count"), "2").await?;
    fill(web, By::Name("minutes"), "5").await?;
    snap_both(
        web,
        "ratings-01-start",
        ".difficulty-picker, .difficulty-picker *",
    )
    .await?;
    click(web, By::Css("main form button[type=submit]")).await?;
    for n in 1..=2 {
        wait_for_text(web, ".crumbs", &format!("Question {n} of 2")).await;
        type_into(web, By::Id("answer-body"), GOOD_ANSWER).await?;
        click(web, By::Css("#answer-form button[type=submit]")).await?;
        wait_for_text(web, ".score-card", "/ 10").await;
        if n == 1 {
            click(web, By::LinkText("Next question")).await?;
        }
    }
    earlier_games(app).await;

    web.goto(format!("{base}/history")).await?;
    wait_for_text(web, "h2#ratings", "Your rating by topic").await;
    let lines = web.find_all(By::Css(".rating-chart polyline")).await?;
    assert_eq!(lines.len(), 3, "caching, databases and reliability");
    let mut colours = std::collections::HashSet::new();
    for n in 0..3 {
        colours.insert(
            computed_style(web, &format!(".rating-chart .line.series-{n}"), "stroke").await,
        );
    }
    assert_eq!(colours.len(), 3, "one colour per topic: {colours:?}");
    let legend = web.find(By::Css(".chart-legend")).await?.text().await?;
    for topic in ["Overall", "Caching", "Databases", "Reliability"] {
        assert!(legend.contains(topic), "{legend}");
    }
    // the legend's swatch has its line's colour
    assert_eq!(
        computed_style(web, ".chart-legend .swatch .series-1", "fill").await,
        computed_style(web, ".rating-chart .line.series-1", "stroke").await
    );
    snap_both(
        web,
        "ratings-02-history",
        // the whole page too: the past-interviews table once widened it by 16 px
        ".rating-chart, .chart-legend, .chart-legend *, main > *, .summary-table",
    )
    .await?;

    let answered: String = sqlx::query_scalar(
        "SELECT question_id FROM rating_games WHERE topic = 'databases' LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    web.goto(format!("{base}/questions/{answered}")).await?;
    wait_for_text(web, ".learned-rating", "from 1 first attempt").await;
    snap_both(web, "ratings-03-question", ".learned-rating").await?;
    Ok(())
}
