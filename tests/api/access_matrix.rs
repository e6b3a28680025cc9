//! The access matrix (issue 15): every route of the app, read from the router itself, asked by
//! every kind of caller, with the status each pair must get.
//!
//! Routes come from actix's resource map (the paths) and from probing each path with every
//! method (a method the router lacks gets the default 404 page), so a new route without an entry
//! in [`ACCESS`] fails the test, as does an entry whose route is gone. Every path parameter is
//! filled with the owner's object (another caller's id is tried on every owned path), and every
//! POST/PUT carries one body holding every form field the app knows, with valid values and
//! another member's user id wherever a user id is taken.
//!
//! `ACCESS_MATRIX=1 cargo test --test api access_matrix -- --nocapture` prints the matrix as a
//! markdown table (routes x callers, the status each caller got).

use std::collections::{BTreeMap, BTreeSet};

use actix_web::{App, HttpRequest, HttpResponse, web};
use reqwest::header::LOCATION;
use reqwest::{Method, StatusCode};
use serde_json::json;

use whetstone::auth::rate_limit::Limit;

use crate::helpers::{TestApp, browser, csrf_in, spawn_app_with};
use crate::interviews_support::{
    add_question, create_session, issue_link, seed_questions, started_candidate,
};

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Anyone.
    Public,
    /// Pages for the signed-out (login, register): signed-in callers are sent on (303).
    Guest,
    /// Any signed-in account (pages: the signed-out go to the login page).
    Signed,
    /// Logging in: the matrix's credentials are wrong, so everyone gets 401 (pages too).
    LogIn,
    /// Joining a team: the matrix's code is wrong, so the signed-in get 404.
    JoinByCode,
    /// Logging out: a signed-in caller is let through once; after that it is signed out.
    LogOut,
    /// Only the owner of the solo interview, item or review card in the path.
    SoloOwner,
    /// Only the interviewer who owns the session in the path.
    SessionOwner,
    /// Members of the team in the path (any role).
    TeamMember,
    /// The team's owner and admins.
    TeamAdmin,
    /// The team's owner.
    TeamOwner,
    /// The candidate link in the path (the browser that joined holds the session).
    CandidateLink,
    /// The report link in the path.
    ReportLink,
    /// The candidate's results under the candidate link: refused (403) to the candidate until the
    /// interviewer releases them, which the matrix never does; other browsers as for the link.
    CandidateResults,
    /// Curators only (the owner is made one, and another account owning nothing): the pages do
    /// not exist for anyone else, signed in or not (404). Being a curator opens nothing else.
    Curator,
}

use Access::*;

/// Every route, `(method, pattern, access)`.
const ACCESS: &[(&str, &str, Access)] = &[
    ("GET", "/", Public),
    ("GET", "/healthz", Public),
    ("GET", "/readyz", Public),
    ("GET", "/metrics", Public),
    ("GET", "/api/openapi.json", Public),
    ("GET", "/questions", Public),
    ("GET", "/questions/{id}", Public),
    ("POST", "/questions/{id}/practise", Signed),
    ("GET", "/register", Guest),
    ("POST", "/register", Guest),
    ("GET", "/login", Guest),
    ("POST", "/login", LogIn),
    ("POST", "/logout", Public),
    ("POST", "/logout/everywhere", LogOut),
    ("GET", "/account", Signed),
    ("POST", "/account/password", Signed),
    // the matrix's password is wrong: the account is never deleted
    ("POST", "/account/delete", Signed),
    ("GET", "/account/deleted", Public),
    ("GET", "/account/data.json", Signed),
    ("POST", "/api/v1/auth/password", Signed),
    ("POST", "/api/v1/auth/register", Guest),
    ("POST", "/api/v1/auth/token", LogIn),
    ("POST", "/api/v1/auth/logout", LogOut),
    ("POST", "/api/v1/auth/logout-everywhere", LogOut),
    ("GET", "/api/v1/me", Signed),
    // solo interviews
    ("GET", "/practice", Signed),
    ("POST", "/practice", Signed),
    ("GET", "/history", Signed),
    ("GET", "/practice/interviews/{id}", SoloOwner),
    ("GET", "/practice/interviews/{id}/next", SoloOwner),
    ("GET", "/practice/items/{id}", SoloOwner),
    ("POST", "/practice/items/{id}/draft", SoloOwner),
    ("POST", "/practice/items/{id}/submit", SoloOwner),
    ("GET", "/practice/items/{id}/feedback", SoloOwner),
    ("POST", "/practice/items/{id}/followup", SoloOwner),
    ("POST", "/practice/items/{id}/appeal", SoloOwner),
    ("POST", "/practice/items/{id}/flag", SoloOwner),
    ("GET", "/curate", Curator),
    ("GET", "/curate/appeals/{id}", Curator),
    ("POST", "/curate/appeals/{id}/accept", Curator),
    ("POST", "/curate/appeals/{id}/reject", Curator),
    ("POST", "/curate/flags/{id}/close", Curator),
    ("GET", "/curate/questions/{id}", Curator),
    ("POST", "/curate/questions/{id}/cases", Curator),
    ("POST", "/curate/questions/{id}/try", Curator),
    ("POST", "/curate/questions/{id}/rubric", Curator),
    ("POST", "/api/v1/interviews", Signed),
    ("GET", "/api/v1/interviews", Signed),
    ("GET", "/api/v1/interviews/{id}", SoloOwner),
    ("GET", "/api/v1/interviews/{id}/current", SoloOwner),
    ("PUT", "/api/v1/items/{id}/draft", SoloOwner),
    ("POST", "/api/v1/items/{id}/submit", SoloOwner),
    ("GET", "/api/v1/items/{id}/judgment", SoloOwner),
    // ratings
    ("GET", "/api/v1/ratings", Signed),
    ("GET", "/api/v1/questions/{id}", Public),
    // reviews of missed concepts
    ("GET", "/reviews", Signed),
    ("GET", "/reviews/{card}", SoloOwner),
    ("POST", "/reviews/{card}/answer", SoloOwner),
    ("GET", "/reviews/{card}/result", SoloOwner),
    ("GET", "/account/reviews", Signed),
    ("POST", "/account/reviews", Signed),
    ("GET", "/api/v1/reviews/due", Signed),
    ("GET", "/api/v1/reviews/{card}", SoloOwner),
    ("POST", "/api/v1/reviews/{card}/answer", SoloOwner),
    ("GET", "/api/v1/review-settings", Signed),
    ("PUT", "/api/v1/review-settings", Signed),
    // interviewer-led sessions
    ("GET", "/interviews", Signed),
    ("POST", "/interviews", Signed),
    ("GET", "/interviews/{id}", SessionOwner),
    ("POST", "/interviews/{id}/questions", SessionOwner),
    ("POST", "/interviews/{id}/deal", SessionOwner),
    ("POST", "/interviews/{id}/own", SessionOwner),
    (
        "POST",
        "/interviews/{id}/questions/{position}/move",
        SessionOwner,
    ),
    (
        "POST",
        "/interviews/{id}/questions/{position}/remove",
        SessionOwner,
    ),
    ("POST", "/interviews/{id}/template", SessionOwner),
    ("POST", "/interviews/{id}/copy", SessionOwner),
    ("POST", "/interviews/{id}/link", SessionOwner),
    ("POST", "/interviews/{id}/link/revoke", SessionOwner),
    ("POST", "/interviews/{id}/start", SessionOwner),
    ("POST", "/interviews/{id}/finish", SessionOwner),
    ("GET", "/interviews/{id}/live", SessionOwner),
    ("GET", "/interviews/{id}/live.json", SessionOwner),
    ("GET", "/interviews/{id}/events", SessionOwner),
    ("POST", "/interviews/{id}/followups", SessionOwner),
    ("POST", "/interviews/{id}/release", SessionOwner),
    ("POST", "/interviews/{id}/extend", SessionOwner),
    ("POST", "/interviews/{id}/leaderboards", SessionOwner),
    ("POST", "/interviews/{id}/overrides", SessionOwner),
    ("POST", "/interviews/{id}/notes/{position}", SessionOwner),
    ("POST", "/interviews/{id}/scorecard", SessionOwner),
    ("POST", "/interviews/{id}/report-link", SessionOwner),
    ("POST", "/interviews/{id}/report-link/revoke", SessionOwner),
    ("GET", "/join/{token}", CandidateLink),
    ("POST", "/join/{token}", CandidateLink),
    ("GET", "/join/{token}/room", CandidateLink),
    ("GET", "/join/{token}/status", CandidateLink),
    ("GET", "/join/{token}/events", CandidateLink),
    ("POST", "/join/{token}/start", CandidateLink),
    ("GET", "/join/{token}/answer", CandidateLink),
    ("GET", "/join/{token}/items/{item}", CandidateLink),
    ("POST", "/join/{token}/items/{item}/draft", CandidateLink),
    ("POST", "/join/{token}/items/{item}/submit", CandidateLink),
    ("GET", "/join/{token}/items/{item}/done", CandidateLink),
    ("GET", "/join/{token}/results", CandidateResults),
    ("GET", "/report/{token}", ReportLink),
    ("GET", "/report/{token}/report.json", ReportLink),
    ("GET", "/report/{token}/report.csv", ReportLink),
    // teams
    ("GET", "/teams", Signed),
    ("POST", "/teams", Signed),
    ("POST", "/teams/join", JoinByCode),
    ("GET", "/teams/join/{code}", Signed),
    ("GET", "/teams/{id}", TeamMember),
    ("GET", "/teams/{id}/leaderboard", TeamMember),
    ("POST", "/teams/{id}/invite", TeamAdmin),
    ("POST", "/teams/{id}/invite/revoke", TeamAdmin),
    ("POST", "/teams/{id}/leave", TeamMember),
    ("POST", "/teams/{id}/transfer", TeamOwner),
    ("POST", "/teams/{id}/delete", TeamOwner),
    ("POST", "/teams/{id}/members/{user}/remove", TeamAdmin),
    ("POST", "/teams/{id}/members/{user}/role", TeamOwner),
    ("GET", "/api/v1/teams", Signed),
    ("POST", "/api/v1/teams", Signed),
    ("POST", "/api/v1/teams/join", JoinByCode),
    ("GET", "/api/v1/teams/{id}", TeamMember),
    ("DELETE", "/api/v1/teams/{id}", TeamOwner),
    ("POST", "/api/v1/teams/{id}/leave", TeamMember),
    ("POST", "/api/v1/teams/{id}/invite", TeamAdmin),
    ("DELETE", "/api/v1/teams/{id}/invite", TeamAdmin),
    ("POST", "/api/v1/teams/{id}/transfer", TeamOwner),
    ("GET", "/api/v1/teams/{id}/leaderboard", TeamMember),
    ("DELETE", "/api/v1/teams/{id}/members/{user_id}", TeamAdmin),
    (
        "PUT",
        "/api/v1/teams/{id}/members/{user_id}/role",
        TeamOwner,
    ),
];

/// The kinds of caller, in the order of the table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Caller {
    Anonymous,
    Stranger,
    StrangerBearer,
    Member,
    Admin,
    OwnerCookieNoCsrf,
    Candidate,
    RevokedLink,
    OtherCurator,
    Owner,
}

const CALLERS: [Caller; 10] = [
    Caller::Anonymous,
    Caller::Stranger,
    Caller::StrangerBearer,
    Caller::Member,
    Caller::Admin,
    Caller::OwnerCookieNoCsrf,
    Caller::Candidate,
    Caller::RevokedLink,
    Caller::OtherCurator,
    Caller::Owner,
];

impl Caller {
    fn title(self) -> &'static str {
        match self {
            Caller::Anonymous => "anonymous",
            Caller::Stranger => "signed-in stranger",
            Caller::StrangerBearer => "another stranger (bearer)",
            Caller::Member => "team member",
            Caller::Admin => "team admin",
            Caller::OwnerCookieNoCsrf => "owner's cookie, no CSRF",
            Caller::Candidate => "candidate / report link",
            Caller::RevokedLink => "revoked link",
            Caller::OtherCurator => "another curator",
            Caller::Owner => "owner",
        }
    }
}

/// What a caller must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Let through: any status but 401, 403, 404, 405, 410, 429 or a server error, and no
    /// redirect to the login page (a 400 or 409 is the route's own answer to its input).
    Allowed,
    /// Sent to the login page (pages) or 401 (`/api/`).
    LogIn,
    Status(u16),
}

/// What `caller` must get from a route of `access`; `signed_out` when the caller has no
/// account or has logged out.
fn expected(access: Access, method: &Method, caller: Caller, signed_out: bool) -> Expect {
    use Caller::*;
    let unsafe_method = *method != Method::GET;
    if caller == OwnerCookieNoCsrf && unsafe_method {
        return Expect::Status(403);
    }
    match access {
        Public => Expect::Allowed,
        Access::LogIn => Expect::Status(401),
        LogOut if signed_out => Expect::LogIn,
        LogOut => Expect::Allowed,
        // the login and registration pages send the signed-in on; their forms and the JSON
        // endpoints answer anyone
        Guest if !unsafe_method && !signed_out && caller != StrangerBearer => Expect::Status(303),
        Guest => Expect::Allowed,
        CandidateLink | ReportLink => match caller {
            RevokedLink => Expect::Status(410),
            _ => Expect::Allowed,
        },
        CandidateResults => match caller {
            RevokedLink => Expect::Status(410),
            Candidate => Expect::Status(403),
            _ => Expect::Allowed,
        },
        Curator => match caller {
            Owner | OwnerCookieNoCsrf | OtherCurator => Expect::Allowed,
            _ => Expect::Status(404),
        },
        _ if signed_out => Expect::LogIn,
        Signed => Expect::Allowed,
        JoinByCode => Expect::Status(404),
        SoloOwner | SessionOwner => match caller {
            Owner | OwnerCookieNoCsrf => Expect::Allowed,
            _ => Expect::Status(404),
        },
        TeamMember | TeamAdmin | TeamOwner => match caller {
            Owner | OwnerCookieNoCsrf => Expect::Allowed,
            Stranger | StrangerBearer | OtherCurator => Expect::Status(404),
            Member if access == TeamMember => Expect::Allowed,
            Admin if access != TeamOwner => Expect::Allowed,
            _ => Expect::Status(403),
        },
    }
}

fn meets(expect: Expect, status: u16, location: &str, api: bool) -> bool {
    match expect {
        Expect::Status(s) => s == status,
        Expect::LogIn if api => status == 401,
        Expect::LogIn => status == 303 && location.starts_with("/login?"),
        Expect::Allowed => {
            !matches!(status, 401 | 403 | 404 | 405 | 410 | 429)
                && status < 500
                && !(status == 303 && location.starts_with("/login?"))
        }
    }
}

/// The path patterns the router has (from the resource map of a bare app built by the same
/// [`whetstone::routes::configure`] as the server).
async fn router_paths() -> BTreeSet<String> {
    async fn dump(req: HttpRequest) -> HttpResponse {
        HttpResponse::Ok().body(format!("{:?}", req.resource_map()))
    }
    let app = actix_web::test::init_service(
        App::new()
            .configure(whetstone::routes::configure)
            .default_service(web::to(dump)),
    )
    .await;
    let req = actix_web::test::TestRequest::get()
        .uri("/__no_such_route__")
        .to_request();
    let map = String::from_utf8(
        actix_web::test::call_and_read_body(&app, req)
            .await
            .to_vec(),
    )
    .unwrap();
    let re = regex::Regex::new(r#"patterns: Single\("(/[^"]*)"\)"#).unwrap();
    let paths: BTreeSet<String> = re.captures_iter(&map).map(|c| c[1].to_string()).collect();
    assert!(paths.len() > 50, "the resource map's format changed: {map}");
    paths
}

/// A client that follows no redirect and keeps no connection alive between requests (a kept-alive connection the server
/// closes while idle fails the next request on this loaded machine).
fn unpooled() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// What `method path` answers to `bearer`: the status, and whether the request reached a route
/// at all (not the app's default 404 page, nor a resource's 405 for a method it lacks).
async fn answer(app: &TestApp, method: &str, path: &str, bearer: &str) -> (u16, bool) {
    let res = unpooled()
        .request(method.parse().unwrap(), app.url(path))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body = res.text().await.unwrap();
    let routed = !(status == 405 || (status == 404 && body.contains("There is no page at")));
    (status, routed)
}

/// Every (method, pattern) the running app routes to a handler: each path is asked with every
/// method (a bearer request, so the CSRF check lets it through); a method the path lacks ends at
/// the app's default "There is no page at" 404 or a resource's 405. Where a literal path also fits a pattern with a
/// parameter (`/teams/join` and `/teams/{id}`), a signed-in prober asks both: the same answer
/// means the request fell through to the parameter's route. A route another pattern shadows is
/// never reached, so it shows up as an entry with no route.
async fn router_routes(app: &TestApp) -> BTreeSet<(String, String)> {
    let paths = router_paths().await;
    let prober = app.bearer_token_for("route_prober").await;
    let param = regex::Regex::new(r"\{[^}]+\}").unwrap();
    let matcher = |p: &str| {
        let escaped = regex::escape(p).replace(r"\{", "{").replace(r"\}", "}");
        let re = param.replace_all(&escaped, "[^/]+").to_string();
        regex::Regex::new(&format!("^{re}$")).unwrap()
    };
    let matchers: Vec<(&String, regex::Regex)> = paths.iter().map(|p| (p, matcher(p))).collect();
    let mut routes = BTreeSet::new();
    for pattern in &paths {
        let path = param.replace_all(pattern, "probe").to_string();
        let others: Vec<String> = matchers
            .iter()
            .filter(|(p, re)| *p != pattern && re.is_match(&path))
            .map(|(p, _)| param.replace_all(p, "zzgeneral").to_string())
            .collect();
        for method in ["GET", "POST", "PUT", "DELETE", "PATCH"] {
            if !answer(app, method, &path, "not-a-token").await.1 {
                continue;
            }
            let mut own = true;
            for other in &others {
                if answer(app, method, &path, &prober).await
                    == answer(app, method, other, &prober).await
                {
                    own = false;
                }
            }
            if own {
                routes.insert((method.to_string(), pattern.clone()));
            }
        }
    }
    routes
}

/// The objects of the owner (and the links) every path parameter is filled from.
struct World {
    owner: reqwest::Client,
    stranger: reqwest::Client,
    /// A curator who owns nothing.
    curator: reqwest::Client,
    stranger_bearer: String,
    member: reqwest::Client,
    /// A third member of the team: the user id in every path and body that takes one.
    peer_id: String,
    admin: reqwest::Client,
    candidate: reqwest::Client,
    /// A graded solo answer (to a question with a follow-up) and an open one.
    solo_done: (String, String),
    /// A review card of the owner (from the graded solo answer).
    card: String,
    solo_open: (String, String),
    owner_bearer: String,
    session: String,
    candidate_token: String,
    revoked_candidate_token: String,
    candidate_item: String,
    report_token: String,
    revoked_report_token: String,
    team: String,
    invite_code: String,
    /// An open appeal of the owner's graded answer, and a flag of its question.
    appeal: String,
    flag: String,
}

async fn user_id(app: &TestApp, name: &str) -> String {
    sqlx::query_scalar::<_, uuid::Uuid>("SELECT id FROM users WHERE username = $1")
        .bind(name)
        .fetch_one(&app.pool)
        .await
        .unwrap()
        .to_string()
}

async fn bearer(app: &TestApp, name: &str) -> String {
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({ "login": name, "password": TestApp::PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Starts a solo interview with the form at `path` and opens its first item: (interview, item).
async fn solo_interview(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (String, String) {
    let from = if path == "/practice" {
        "/practice"
    } else {
        "/questions"
    };
    let res = app.post_form(from, path, fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "starting at {path}");
    let next = location(&res);
    let interview = next
        .trim_start_matches("/practice/interviews/")
        .trim_end_matches("/next")
        .to_owned();
    let item = location(&app.get(&next).await)
        .trim_start_matches("/practice/items/")
        .to_owned();
    app.get(&format!("/practice/items/{item}")).await;
    (interview, item)
}

async fn report_token(app: &TestApp, session: &str) -> String {
    let live = format!("/interviews/{session}/live");
    let res = app
        .post_form(&live, &format!("/interviews/{session}/report-link"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let re = regex::Regex::new(r#"/report/([A-Za-z0-9_-]{43})<"#).unwrap();
    re.captures(&html).expect("the report link is shown")[1].to_owned()
}

async fn world(app: &TestApp) -> World {
    seed_questions(&app.pool).await;
    crate::solo_support::seed_bank(&app.pool).await;
    let owner = app.client.clone();
    app.register_and_log_in("owner").await;
    app.bearer_token_for("outsider").await;
    app.bearer_token_for("peer").await;
    let others: Vec<reqwest::Client> = (0..4).map(|_| browser()).collect();
    for (client, name) in others
        .iter()
        .zip(["stranger", "member", "admin", "curator"])
    {
        app.register_in(client, name).await;
    }
    let [stranger, member, admin, curator] = <[reqwest::Client; 4]>::try_from(others).unwrap();

    // two solo interviews of the owner: one graded (its question has a follow-up), one open
    let solo_done = solo_interview(app, "/questions/r-1/practise", &[("minutes", "5")]).await;
    let item_page = format!("/practice/items/{}", solo_done.1);
    let res = app
        .post_form(
            &item_page,
            &format!("{item_page}/submit"),
            &[("body", "Retries with backoff and jitter.")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the solo answer is graded"
    );
    let card: uuid::Uuid = sqlx::query_scalar(
        "SELECT id FROM review_cards WHERE due_at <= now() ORDER BY criterion_id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the graded solo answer made a due review card");
    let solo_open = solo_interview(
        app,
        "/practice",
        &[
            ("topic", "caching"),
            ("difficulty", "easy"),
            ("count", "1"),
            ("minutes", "5"),
        ],
    )
    .await;

    // a session with a candidate who joined and started, a revoked candidate link, a report
    // link and a revoked one
    let session = create_session(app, "Matrix loop").await;
    assert_eq!(add_question(app, &session, "q-cache-1").await.status(), 303);
    assert_eq!(add_question(app, &session, "q-db-1").await.status(), 303);
    let revoked_candidate_token = issue_link(app, &session).await;
    let candidate_token = issue_link(app, &session).await;
    let candidate = started_candidate(app, &candidate_token, "Ada").await;
    let res = candidate
        .get(app.url(&format!("/join/{candidate_token}/answer")))
        .send()
        .await
        .unwrap();
    let candidate_item = location(&res).rsplit('/').next().unwrap().to_owned();
    let revoked_report_token = report_token(app, &session).await;
    let report_token = report_token(app, &session).await;

    // a team: the owner, an admin and a member
    let owner_bearer = bearer(app, "owner").await;
    let api = reqwest::Client::new();
    let team: serde_json::Value = api
        .post(app.url("/api/v1/teams"))
        .bearer_auth(&owner_bearer)
        .json(&json!({ "name": "Matrix" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let team = team["id"].as_str().unwrap().to_owned();
    let invite: serde_json::Value = api
        .post(app.url(&format!("/api/v1/teams/{team}/invite")))
        .bearer_auth(&owner_bearer)
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let invite_code = invite["code"].as_str().unwrap().to_owned();
    for name in ["member", "admin"] {
        let res = api
            .post(app.url("/api/v1/teams/join"))
            .bearer_auth(bearer(app, name).await)
            .json(&json!({ "code": invite_code }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{name} joins");
    }
    let admin_id = user_id(app, "admin").await;
    let res = api
        .put(app.url(&format!("/api/v1/teams/{team}/members/{admin_id}/role")))
        .bearer_auth(&owner_bearer)
        .json(&json!({ "role": "admin" }))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());

    // the owner curates; an appeal and a flag of the graded solo answer, for the curator's pages
    for name in ["owner", "curator"] {
        whetstone::cli::users::set_curator(&app.pool, name, true)
            .await
            .unwrap();
    }
    let appeal: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO appeals (id, answer_id, user_id, question_id, criterion, label, kind,
                              verdict, answer_body, judgment)
         SELECT gen_random_uuid(), a.id, a.user_id, a.question_id, 'x', 'X', 'right', 'missed',
                a.body, a.judgment
         FROM answers a WHERE a.item_id = $1::uuid RETURNING id",
    )
    .bind(&solo_done.1)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let flag: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO question_flags (id, question_id, answer_id, user_id, kind, reason, answer_body)
         SELECT gen_random_uuid(), a.question_id, a.id, a.user_id, 'unclear', 'why', a.body
         FROM answers a WHERE a.item_id = $1::uuid RETURNING id",
    )
    .bind(&solo_done.1)
    .fetch_one(&app.pool)
    .await
    .unwrap();

    World {
        appeal: appeal.to_string(),
        flag: flag.to_string(),
        owner,
        stranger,
        curator,
        stranger_bearer: bearer(app, "outsider").await,
        member,
        peer_id: user_id(app, "peer").await,
        admin,
        candidate,
        solo_done,
        card: card.to_string(),
        solo_open,
        owner_bearer: owner_bearer.clone(),
        session,
        candidate_token,
        revoked_candidate_token,
        candidate_item,
        report_token,
        revoked_report_token,
        team,
        invite_code,
    }
}

impl World {
    /// `pattern` with its parameters filled for `caller`.
    fn path(&self, pattern: &str, caller: Caller) -> String {
        let revoked = caller == Caller::RevokedLink;
        // the graded solo interview for what needs a grade, else the open one
        let graded = [
            "/feedback",
            "/followup",
            "/appeal",
            "/flag",
            "/judgment",
            "/interviews/{id}",
        ];
        let (interview, item) = if graded.iter().any(|g| pattern.ends_with(g)) {
            &self.solo_done
        } else {
            &self.solo_open
        };
        let id = if pattern.starts_with("/practice/interviews/")
            || pattern.starts_with("/api/v1/interviews/")
        {
            interview
        } else if pattern.starts_with("/practice/items/") || pattern.starts_with("/api/v1/items/") {
            item
        } else if pattern.starts_with("/interviews/") {
            &self.session
        } else if pattern.contains("/teams/") {
            &self.team
        } else if pattern.starts_with("/curate/appeals/") {
            &self.appeal
        } else if pattern.starts_with("/curate/flags/") {
            &self.flag
        } else if pattern.starts_with("/curate/questions/") {
            "r-1"
        } else {
            "q-cache-1"
        };
        let token = if pattern.starts_with("/report/") {
            if revoked {
                &self.revoked_report_token
            } else {
                &self.report_token
            }
        } else if revoked {
            &self.revoked_candidate_token
        } else {
            &self.candidate_token
        };
        pattern
            .replace("{id}", id)
            .replace("{token}", token)
            .replace("{item}", &self.candidate_item)
            .replace("{position}", "0")
            .replace("{user}", &self.peer_id)
            .replace("{user_id}", &self.peer_id)
            .replace("{code}", &self.invite_code)
            .replace("{card}", &self.card)
    }

    /// Every form field any route reads, with a valid value (user ids name the member).
    fn form(&self) -> Vec<(&'static str, String)> {
        [
            ("question_id", "q-cache-2"),
            ("title", "Another loop"),
            ("candidate_name", "Bo"),
            ("minutes", "5"),
            ("topic", "caching"),
            ("difficulty", "easy"),
            ("count", "1"),
            ("prompt", "What is a queue?"),
            (
                "reference",
                "A queue buffers work between producers and consumers.",
            ),
            ("direction", "down"),
            ("on", "true"),
            ("body", "A cache keeps hot data in memory."),
            ("display_name", "Eve"),
            ("position", "0"),
            ("of", "0"),
            ("criterion", "definition"),
            ("score", "7"),
            ("reason", "matrix"),
            ("released", "true"),
            ("kind", "free"),
            ("recommendation", "hire"),
            ("summary", "Solid."),
            ("name", "Matrix two"),
            ("code", "not-a-code"),
            ("role", "admin"),
            ("days", "7"),
            ("current_password", "wrong password"),
            ("new_password", "a brand new passphrase"),
            ("new_password_confirm", "a brand new passphrase"),
            ("login", "nobody"),
            ("password", "wrong password"),
            ("desired_retention", "0.9"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_owned()))
        .chain([("user_id", self.peer_id.clone())])
        .collect()
    }

    fn json(&self, path: &str) -> serde_json::Value {
        if path.ends_with("/auth/token") {
            return json!({ "login": "nobody", "password": "wrong password" });
        }
        json!({
            "topics": ["caching"], "difficulty": "easy", "count": 1, "minutes": 5,
            "body": "A cache keeps hot data in memory.", "name": "Matrix three",
            "code": "not-a-code", "days": 7, "role": "admin", "user_id": self.peer_id,
            "username": "matrix_new", "email": "matrix@example.com",
            "password": "wrong password", "current_password": "wrong password",
            "new_password": "a brand new passphrase", "desired_retention": 0.9,
        })
    }

    fn client(&self, caller: Caller) -> Option<&reqwest::Client> {
        match caller {
            Caller::Stranger => Some(&self.stranger),
            Caller::OtherCurator => Some(&self.curator),
            Caller::Member => Some(&self.member),
            Caller::Admin => Some(&self.admin),
            Caller::Owner | Caller::OwnerCookieNoCsrf => Some(&self.owner),
            Caller::Candidate => Some(&self.candidate),
            _ => None,
        }
    }
}

/// One request of `caller`; returns (status, Location).
async fn call(
    app: &TestApp,
    w: &World,
    caller: Caller,
    method: &Method,
    path: &str,
) -> (u16, String) {
    let fresh = browser();
    let client = w.client(caller).unwrap_or(&fresh);
    let api = path.starts_with("/api/");
    let unsafe_method = *method != Method::GET;
    let mut req = client.request(method.clone(), app.url(path));
    if caller == Caller::StrangerBearer {
        req = unpooled()
            .request(method.clone(), app.url(path))
            .bearer_auth(&w.stranger_bearer);
    }
    let csrf =
        if unsafe_method && !matches!(caller, Caller::StrangerBearer | Caller::OwnerCookieNoCsrf) {
            let page = client.get(app.url("/login")).send().await.unwrap();
            let html = page.text().await.unwrap();
            // a signed-in browser is sent on from /login; take the token from its account page
            let html = if html.contains("csrf_token") {
                html
            } else {
                let from = if caller == Caller::Candidate {
                    format!("/join/{}/room", w.candidate_token)
                } else {
                    "/account".to_owned()
                };
                client
                    .get(app.url(&from))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            };
            Some(csrf_in(&html))
        } else {
            None
        };
    if unsafe_method {
        if api {
            req = req.json(&w.json(path));
            if let Some(token) = &csrf {
                req = req.header("X-CSRF-Token", token);
            }
        } else {
            let mut form = w.form();
            if let Some(token) = csrf {
                form.push(("csrf_token", token));
            }
            req = req.form(&form);
        }
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), location(&res))
}

/// Before each caller's turn: a fresh invite (an earlier caller may have rotated or revoked it),
/// and the member and the admin back in the team with their roles (one may have left or been
/// removed).
async fn refresh_team(app: &TestApp, w: &mut World) {
    let api = unpooled();
    let res = api
        .post(app.url(&format!("/api/v1/teams/{}/invite", w.team)))
        .bearer_auth(&w.owner_bearer)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "a fresh invite");
    let invite: serde_json::Value = res.json().await.unwrap();
    w.invite_code = invite["code"].as_str().unwrap().to_owned();
    for name in ["member", "admin", "peer"] {
        api.post(app.url("/api/v1/teams/join"))
            .bearer_auth(bearer(app, name).await)
            .json(&json!({ "code": w.invite_code }))
            .send()
            .await
            .unwrap();
    }
    let admin = user_id(app, "admin").await;
    let res = api
        .put(app.url(&format!("/api/v1/teams/{}/members/{admin}/role", w.team)))
        .bearer_auth(&w.owner_bearer)
        .json(&json!({ "role": "admin" }))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "the admin's role");
}

/// Routes every caller asks last, in this order: they log the caller out or undo the world the
/// other routes need.
fn last_order(method: &str, pattern: &str) -> u8 {
    let last = [
        "/submit",
        "/link",
        "/report-link",
        "/invite",
        "/report-link/revoke",
        "/link/revoke",
        "/finish",
        "/members/{user}/remove",
        "/members/{user_id}",
        "/delete",
        "/api/v1/teams/{id}",
        "/transfer",
        "/leave",
        "/auth/logout",
        "/logout-everywhere",
        "/logout/everywhere",
        "/logout",
    ];
    match last.iter().position(|l| pattern.ends_with(l)) {
        Some(i) if method != "GET" => 1 + i as u8,
        _ => 0,
    }
}

#[tokio::test]
async fn every_route_answers_every_caller_as_the_matrix_says() {
    // rate limits are not what this test is about (see accounts::security)
    let app = spawn_app_with(|s| {
        let lots = Limit {
            burst: 10_000,
            every: std::time::Duration::from_millis(1),
        };
        s.auth_limits.login_per_address = lots;
        s.auth_limits.register_per_address = lots;
        s.auth_limits.register_per_account = lots;
        s.auth_limits.login_backoff.free_failures = 10_000;
    })
    .await;
    let routes = router_routes(&app).await;
    let table: BTreeMap<(String, String), Access> = ACCESS
        .iter()
        .map(|(m, p, a)| ((m.to_string(), p.to_string()), *a))
        .collect();
    let unlisted: Vec<_> = routes.iter().filter(|r| !table.contains_key(*r)).collect();
    assert!(
        unlisted.is_empty(),
        "routes without an entry in the access matrix: {unlisted:?}"
    );
    let gone: Vec<_> = table.keys().filter(|r| !routes.contains(*r)).collect();
    assert!(gone.is_empty(), "matrix entries with no route: {gone:?}");

    let mut w = world(&app).await;
    let mut got: BTreeMap<(String, String), BTreeMap<Caller, u16>> = BTreeMap::new();
    let mut wrong = Vec::new();
    // every caller ends with the routes that log it out or undo the world
    let mut order: Vec<&(&str, &str, Access)> = ACCESS.iter().collect();
    order.sort_by_key(|(m, p, _)| last_order(m, p));
    for caller in CALLERS {
        refresh_team(&app, &mut w).await;
        let mut team_gone = false;
        let mut signed_out = matches!(
            caller,
            Caller::Anonymous | Caller::Candidate | Caller::RevokedLink
        );
        for (m, pattern, access) in &order {
            let method: Method = m.parse().unwrap();
            let api = pattern.starts_with("/api/");
            let path = w.path(pattern, caller);
            let (status, location) = call(&app, &w, caller, &method, &path).await;
            let team_route = matches!(access, TeamMember | TeamAdmin | TeamOwner);
            let expect = match expected(*access, &method, caller, signed_out) {
                // after the owner deleted the team
                Expect::Allowed if team_route && team_gone => Expect::Status(404),
                e => e,
            };
            let let_through = meets(Expect::Allowed, status, &location, api);
            if *access == LogOut && let_through {
                signed_out = true;
            }
            // the team is gone for everyone once deleted, and for this caller once left
            let ends_membership = pattern.ends_with("/delete")
                || pattern.ends_with("/leave")
                || (*m == "DELETE" && pattern.ends_with("/{id}"));
            if ends_membership && team_route && let_through {
                team_gone = true;
            }
            if !meets(expect, status, &location, api) {
                wrong.push(format!(
                    "{m} {pattern} as {}: got {status} {location}, expected {expect:?}",
                    caller.title()
                ));
            }
            got.entry((m.to_string(), pattern.to_string()))
                .or_default()
                .insert(caller, status);
        }
    }
    if std::env::var_os("ACCESS_MATRIX").is_some() {
        print_table(&got);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn print_table(got: &BTreeMap<(String, String), BTreeMap<Caller, u16>>) {
    let mut out = String::from("| route |");
    for c in CALLERS {
        out.push_str(&format!(" {} |", c.title()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(CALLERS.len()));
    out.push('\n');
    for ((m, p), row) in got {
        out.push_str(&format!("| `{m} {p}` |"));
        for c in CALLERS {
            out.push_str(&format!(" {} |", row.get(&c).copied().unwrap_or(0)));
        }
        out.push('\n');
    }
    println!("{out}");
}
