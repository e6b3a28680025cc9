//! Token revocation: log out, log out everywhere, and tampered, expired or stale tokens.

use super::*;
use crate::helpers::spawn_app;
use chrono::{Duration, Utc};
use uuid::Uuid;
use whetstone::auth::token::{Claims, TokenKeys};

#[tokio::test]
async fn logout_makes_the_old_cookie_useless() {
    let app = spawn_app().await;
    let b = browser();
    let res = register_form(&app, &b, "gina", "gina@example.com").await;
    let token = session_cookie(&res);
    assert_eq!(
        account_with_cookie(&app, &token).await.status(),
        StatusCode::OK
    );

    let res = app.post_form_in(&b, "/account", "/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_redirects_to_login(&b.get(url(&app, "/account")).send().await.unwrap());

    // Replaying the old cookie (or using it as a bearer token) does not work.
    assert_redirects_to_login(&account_with_cookie(&app, &token).await);
    assert_eq!(
        me_with_bearer(&app, &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let revoked: i64 = sqlx::query_scalar("SELECT count(*) FROM revoked_tokens")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(revoked, 1);
}

#[tokio::test]
async fn api_logout_revokes_only_that_token() {
    let app = spawn_app().await;
    logged_in_browser(&app, "hank").await;
    let (a, b) = (api_token(&app, "hank").await, api_token(&app, "hank").await);
    let res = script()
        .post(url(&app, "/api/v1/auth/logout"))
        .bearer_auth(&a)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::NO_CONTENT,
        "bearer requests need no CSRF token"
    );
    assert_eq!(
        me_with_bearer(&app, &a).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(me_with_bearer(&app, &b).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_everywhere_kills_every_session() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "ivy").await;
    let other = browser();
    let other_cookie = session_cookie(&login_form(&app, &other, "ivy", PASSWORD).await);
    let bearer = api_token(&app, "ivy").await;

    let res = app
        .post_form_in(&b, "/account", "/logout/everywhere", &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_redirects_to_login(&b.get(url(&app, "/account")).send().await.unwrap());
    assert_redirects_to_login(&other.get(url(&app, "/account")).send().await.unwrap());
    assert_redirects_to_login(&account_with_cookie(&app, &other_cookie).await);
    assert_eq!(
        me_with_bearer(&app, &bearer).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Logging in again works.
    assert_eq!(
        me_with_bearer(&app, &api_token(&app, "ivy").await)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn tampered_and_expired_tokens_count_as_logged_out() {
    let app = spawn_app().await;
    let res = register_form(&app, &browser(), "jack", "jack@example.com").await;
    let token = session_cookie(&res);
    let keys = TokenKeys::new(
        app.settings.jwt_secret.expose().as_bytes(),
        Duration::hours(1),
    );
    let claims = keys.decode(&token).unwrap();

    // Payload swapped for another user id, signature kept.
    let forged = TokenKeys::new(b"not the server's secret at all!!", Duration::hours(1))
        .encode(&Claims {
            sub: Uuid::new_v4(),
            ..claims.clone()
        })
        .unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        forged.split('.').nth(1).unwrap(),
        parts[2]
    );
    // Flipped signature.
    let mut bad_sig = token.clone();
    let last = bad_sig.pop().unwrap();
    bad_sig.push(if last == 'A' { 'B' } else { 'A' });
    // Properly signed but expired.
    let now = Utc::now();
    let expired = keys
        .encode(&Claims {
            iat: (now - Duration::hours(3)).timestamp(),
            exp: (now - Duration::hours(1)).timestamp(),
            ..claims.clone()
        })
        .unwrap();
    // Properly signed, for an older token version.
    let stale = keys
        .encode(&Claims {
            ver: claims.ver - 1,
            ..claims.clone()
        })
        .unwrap();

    for bad in [
        &tampered,
        &bad_sig,
        &expired,
        &stale,
        &forged,
        &"garbage".to_owned(),
    ] {
        assert_redirects_to_login(&account_with_cookie(&app, bad).await);
        assert_eq!(
            me_with_bearer(&app, bad).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        account_with_cookie(&app, &token).await.status(),
        StatusCode::OK
    );
}
