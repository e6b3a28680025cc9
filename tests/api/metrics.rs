//! `/metrics` in Prometheus text format.

use crate::helpers::spawn_app;

#[tokio::test]
async fn requests_are_counted_by_route_pattern_and_status() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(app.get("/no/such/page/for/metrics").await.status(), 404);
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let body = res.text().await.unwrap();
    assert!(
        body.contains(
            r#"whetstone_http_requests_total{method="GET",route="/healthz",status="200"}"#
        ),
        "{body}"
    );
    assert!(
        body.contains(
            r#"whetstone_http_requests_total{method="GET",route="unmatched",status="404"}"#
        ),
        "{body}"
    );
    assert!(
        body.contains(r#"whetstone_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200",le="0.005"}"#),
        "{body}"
    );
    // Unknown paths never become labels.
    assert!(!body.contains("/no/such/page"), "{body}");
}

#[tokio::test]
async fn grading_time_and_active_interviews_are_exported() {
    let app = spawn_app().await;
    whetstone::telemetry::record_grading(0.042);
    whetstone::telemetry::set_active_interviews(3);
    let body = app.html("/metrics").await;
    assert!(
        body.contains(r#"whetstone_grading_seconds_bucket{le="0.05"}"#),
        "{body}"
    );
    assert!(
        body.contains("# TYPE whetstone_active_interviews gauge"),
        "{body}"
    );
    assert!(body.contains("whetstone_active_interviews 3"), "{body}");
}
