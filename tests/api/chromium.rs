//! Headless Chromium for end-to-end tests: chromedriver on a free port (killed on drop) and
//! browser sessions with a fresh profile each (Debian's `chromium` and `chromium-driver`,
//! driven with thirtyfour), plus waiting for text to appear and optional screenshots, and the
//! opening every one-browser test shares ([`in_chromium`], [`in_chromium_as`], [`register`]).

#![allow(dead_code)] // Each end-to-end test uses a different subset.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::LoggingPrefsLogLevel;
use thirtyfour::prelude::*;

use crate::helpers::{TestApp, spawn_app};
use crate::solo_support::{PASSWORD, seed_bank};

/// One browser test: a fresh app with the fixture bank, chromedriver and one Chromium that
/// `run` drives. The browser quits whatever happened; then the test fails on `run`'s error.
pub async fn in_chromium(run: impl AsyncFnOnce(&TestApp, &WebDriver) -> WebDriverResult<()>) {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let driver = start_chromedriver().await;
    let (web, _profile) = open_browser(&driver).await;
    let result = run(&app, &web).await;
    let _ = web.quit().await;
    result.unwrap();
}

/// [`in_chromium`] with the account `name` registered first, so `run` starts signed in.
pub async fn in_chromium_as(
    name: &str,
    run: impl AsyncFnOnce(&TestApp, &WebDriver) -> WebDriverResult<()>,
) {
    in_chromium(async |app, web| {
        register(web, &app.address, name).await?;
        run(app, web).await
    })
    .await
}

/// Registers `name` (email `name@example.com`) in the browser, which ends up signed in.
pub async fn register(web: &WebDriver, base: &str, name: &str) -> WebDriverResult<()> {
    web.goto(format!("{base}/register")).await?;
    type_into(web, By::Name("username"), name).await?;
    type_into(web, By::Name("email"), &format!("{name}@example.com")).await?;
    type_into(web, By::Name("password"), PASSWORD).await?;
    type_into(web, By::Name("password_confirm"), PASSWORD).await?;
    click(web, By::Css("main form button[type=submit]")).await?;
    wait_for_text(web, ".account", name).await;
    Ok(())
}

/// chromedriver on a free port, killed on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn start_chromedriver() -> Driver {
    let port = free_port();
    let child = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is installed (Debian package chromium-driver)");
    let driver = Driver { child, port };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    driver
}

/// A headless Chromium window with its own fresh profile (kept until the returned directory
/// is dropped).
pub async fn open_browser(driver: &Driver) -> (WebDriver, tempfile::TempDir) {
    let profile = tempfile::tempdir().unwrap();
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary("/usr/bin/chromium").unwrap();
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1280,900",
    ] {
        caps.add_arg(arg).unwrap();
    }
    caps.add_arg(&format!("--user-data-dir={}", profile.path().display()))
        .unwrap();
    // the console, for csp_violations
    caps.set_logging_prefs("browser", LoggingPrefsLogLevel::All)
        .unwrap();
    let web = WebDriver::new(format!("http://127.0.0.1:{}", driver.port), caps)
        .await
        .expect("starting headless Chromium");
    (web, profile)
}

/// Waits (up to 20 s) until the element at `css` contains `text`; returns its text.
pub async fn wait_for_text(web: &WebDriver, css: &str, text: &str) -> String {
    let started = Instant::now();
    loop {
        if let Ok(el) = web.find(By::Css(css)).await
            && let Ok(t) = el.text().await
            && t.contains(text)
        {
            return t;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{css} never showed {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits (up to 20 s) for a `confirm` or `alert` dialog and returns its text (answer it with
/// `accept_alert` or `dismiss_alert`; any script run meanwhile dismisses it).
pub async fn wait_for_dialog(web: &WebDriver) -> String {
    let started = Instant::now();
    loop {
        if let Ok(text) = web.get_alert_text().await {
            return text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no dialog appeared"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Saves a full-page screenshot when `E2E_SCREENSHOTS` names a directory.
pub async fn snap(web: &WebDriver, name: &str) {
    let Some(dir) = std::env::var_os("E2E_SCREENSHOTS") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let height: i64 = web
        .execute("return document.documentElement.scrollHeight", vec![])
        .await
        .ok()
        .and_then(|r| r.json().as_i64())
        .unwrap_or(900);
    let (w, _) = web
        .execute("return window.innerWidth", vec![])
        .await
        .ok()
        .and_then(|r| r.json().as_i64())
        .map(|w| (w, 0))
        .unwrap_or((1280, 0));
    let _ = web
        .set_window_rect(0, 0, w as u32, (height + 140).min(4000) as u32)
        .await;
    web.screenshot(&dir.join(format!("{name}.png")))
        .await
        .unwrap();
}

/// The Content-Security-Policy violations the browser reported in its console since the last
/// call (reading the console empties it).
pub async fn csp_violations(web: &WebDriver) -> Vec<String> {
    web.browser_log()
        .await
        .expect("reading the browser console")
        .into_iter()
        .map(|e| e.message)
        .filter(|m| m.contains("Content Security Policy"))
        .collect()
}

/// Fails when the browser reported any CSP violation since the last look.
pub async fn assert_no_csp_violation(web: &WebDriver) {
    let found = csp_violations(web).await;
    assert!(found.is_empty(), "CSP violations:\n{}", found.join("\n"));
}

/// Proves the policy is in force on the current page: an inline script added to it must be
/// refused (it does not run) and reported in the console.
pub async fn assert_inline_script_is_refused(web: &WebDriver) {
    web.execute(
        "const s = document.createElement('script');
         s.textContent = 'window.inlineRan = true;';
         document.body.appendChild(s);",
        vec![],
    )
    .await
    .expect("adding an inline script");
    let ran = web
        .execute("return window.inlineRan === true", vec![])
        .await
        .unwrap();
    assert_eq!(
        ran.json(),
        &serde_json::json!(false),
        "the inline script ran"
    );
    let started = Instant::now();
    while csp_violations(web).await.is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the refused inline script was never reported"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks the element `by` finds.
pub async fn click(web: &WebDriver, by: By) -> WebDriverResult<()> {
    web.find(by).await?.click().await
}

/// Types `text` into the element `by` finds, after what it already holds.
pub async fn type_into(web: &WebDriver, by: By, text: &str) -> WebDriverResult<()> {
    web.find(by).await?.send_keys(text).await
}

/// Replaces what the field `by` finds holds with `text`.
pub async fn fill(web: &WebDriver, by: By, text: &str) -> WebDriverResult<()> {
    let field = web.find(by).await?;
    field.clear().await?;
    field.send_keys(text).await
}

/// The computed value of CSS `property` on the first element `css` finds, as the browser applies
/// it on screen (e.g. `"6px"`, `"rgb(26, 127, 55)"`).
pub async fn computed_style(web: &WebDriver, css: &str, property: &str) -> String {
    let found = web
        .execute(
            "const el = document.querySelector(arguments[0]);
             return el ? getComputedStyle(el).getPropertyValue(arguments[1]) : null;",
            vec![serde_json::json!(css), serde_json::json!(property)],
        )
        .await
        .unwrap_or_else(|e| panic!("reading {property} of {css}: {e}"));
    found
        .json()
        .as_str()
        .unwrap_or_else(|| panic!("no element matches {css}"))
        .trim()
        .to_string()
}
