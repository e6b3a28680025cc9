//! The interviews service called directly (`whetstone::interviews`): every refusal of
//! preparing, running, judging and reaching a session is its typed [`Error`], whatever route
//! or API calls it. The routes' statuses for them are tested in `routes::interviews` and the
//! other `interviews_*` files.

use std::net::IpAddr;
use std::time::Duration;

use uuid::Uuid;
use whetstone::auth::links::LinkGuard;
use whetstone::db::sessions::{self, Session};
use whetstone::interviews::access::{self, LinkKind, Visitor};
use whetstone::interviews::prepare::{self, Draft};
use whetstone::interviews::run::{self, OverrideRequest};
use whetstone::interviews::service::{self, ItemQuestion};
use whetstone::interviews::{Error, own_question, scorecard};
use whetstone::rubric::Lexicon;

use crate::helpers::{TestApp, spawn_app};
use crate::interviews_support::seed_questions;

async fn new_session(app: &TestApp, owner: Uuid, title: &str) -> Session {
    let draft = Draft {
        title,
        candidate_name: "",
        minutes: 5,
        count_for_leaderboards: false,
    };
    let id = prepare::create(&app.pool, owner, &draft).await.unwrap();
    reread(app, id).await
}

async fn reread(app: &TestApp, id: Uuid) -> Session {
    sessions::get(&app.pool, id).await.unwrap().unwrap()
}

fn invalid(r: Result<impl std::fmt::Debug, Error>, says: &str) {
    match r {
        Err(Error::Invalid(m)) => assert!(m.contains(says), "{m}"),
        other => panic!("expected Invalid({says:?}), got {other:?}"),
    }
}

fn conflict(r: Result<impl std::fmt::Debug, Error>, says: &str) {
    match r {
        Err(Error::Conflict(m)) => assert!(m.contains(says), "{m}"),
        other => panic!("expected Conflict({says:?}), got {other:?}"),
    }
}

#[tokio::test]
async fn preparing_refuses_bad_input_and_full_or_started_sessions() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("owner").await;
    let owner = app.user_id("owner").await;
    let pool = &app.pool;

    let long = "x".repeat(201);
    for (title, name, minutes, says) in [
        ("  ", "", 5, "title must be 1 to 200"),
        (long.as_str(), "", 5, "title must be 1 to 200"),
        (
            "Loop",
            &long[..101],
            5,
            "candidate name must be at most 100",
        ),
        ("Loop", "", 0, "between 1 and 120"),
        ("Loop", "", 121, "between 1 and 120"),
    ] {
        let draft = Draft {
            title,
            candidate_name: name,
            minutes,
            count_for_leaderboards: false,
        };
        invalid(prepare::create(pool, owner, &draft).await, says);
    }
    invalid(prepare::check_difficulty("extreme"), "Difficulty must be");

    let session = new_session(&app, owner, "Loop").await;
    assert!(matches!(
        access::owned(pool, Uuid::new_v4(), &session.id.to_string()).await,
        Err(Error::NoSuchSession)
    ));
    assert!(matches!(
        access::owned(pool, owner, "not-a-uuid").await,
        Err(Error::NoSuchSession)
    ));
    let session = access::owned(pool, owner, &session.id.to_string())
        .await
        .unwrap();

    invalid(
        prepare::add_bank_question(pool, &session, "no-such").await,
        "No such question in the bank",
    );
    prepare::add_bank_question(pool, &session, "q-cache-1")
        .await
        .unwrap();
    invalid(
        prepare::add_bank_question(pool, &session, " q-cache-1 ").await,
        "already has it",
    );
    invalid(
        prepare::deal(pool, &session, "", "", 0).await,
        "Deal between 1 and",
    );
    invalid(
        prepare::deal(pool, &session, "", "hardest", 1).await,
        "Difficulty must be",
    );
    invalid(
        prepare::deal(pool, &session, "no-such-topic", "", 1).await,
        "No questions in the bank match",
    );
    invalid(
        prepare::add_own(pool, &session, " ", "A reference.").await,
        "Your question must be 1 to 4,000",
    );
    invalid(
        prepare::add_own(pool, &session, "Why?", &"r".repeat(20_001)).await,
        "reference answer must be 1 to 20,000",
    );
    assert!(matches!(
        prepare::remove(pool, session.clone(), 7).await,
        Err(Error::NotFound(_))
    ));
    invalid(
        prepare::move_question(pool, session.clone(), 0, "left").await,
        "up or down",
    );
    invalid(
        prepare::move_question(pool, session.clone(), 0, "up").await,
        "cannot move further",
    );

    // a draft has no candidate link yet: it cannot start
    conflict(
        run::start(pool, &Lexicon::builtin(), &session).await,
        "Send the candidate link",
    );
    // a scheduled session without questions cannot start either
    let empty = new_session(&app, owner, "Empty").await;
    prepare::issue_link(pool, &empty, LinkKind::Candidate)
        .await
        .unwrap();
    conflict(
        run::start(pool, &Lexicon::builtin(), &reread(&app, empty.id).await).await,
        "no questions yet",
    );

    // a template is not run
    let template = new_session(&app, owner, "Template").await;
    prepare::set_template(pool, &template, true).await.unwrap();
    conflict(
        prepare::issue_link(pool, &reread(&app, template.id).await, LinkKind::Candidate).await,
        "A template is not run",
    );

    // at most 20 prepared questions
    for i in 1..prepare::MAX_QUESTIONS {
        prepare::add_own(pool, &session, &format!("Question {i}?"), "Because.")
            .await
            .unwrap();
    }
    conflict(
        prepare::add_own(pool, &session, "One more?", "No.").await,
        "at most 20 questions",
    );
    conflict(
        prepare::add_bank_question(pool, &session, "q-db-1").await,
        "at most 20 questions",
    );
}

#[tokio::test]
async fn running_refuses_what_the_session_state_and_limits_forbid() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("owner").await;
    let owner = app.user_id("owner").await;
    let pool = &app.pool;
    let lexicon = Lexicon::builtin();

    let session = new_session(&app, owner, "Loop").await;
    prepare::add_bank_question(pool, &session, "q-cache-1")
        .await
        .unwrap();
    conflict(
        run::push_followup(pool, &session, 0, "chain", "").await,
        "pushed while the session is live",
    );
    conflict(run::finish(pool, &session).await, "Only a live session");
    prepare::issue_link(pool, &session, LinkKind::Candidate)
        .await
        .unwrap();
    run::start(pool, &lexicon, &reread(&app, session.id).await)
        .await
        .unwrap();
    let live = reread(&app, session.id).await;

    conflict(run::start(pool, &lexicon, &live).await, "already started");
    conflict(
        prepare::add_bank_question(pool, &live, "q-db-1").await,
        "can no longer change",
    );
    conflict(
        prepare::remove(pool, live.clone(), 0).await,
        "can no longer change",
    );

    invalid(
        run::push_followup(pool, &live, 0, "sideways", "").await,
        "chain or free",
    );
    invalid(
        run::push_followup(pool, &live, 0, "free", "  ").await,
        "1 to 4,000 characters",
    );
    invalid(
        run::push_followup(pool, &live, 0, "chain", "").await,
        "no further follow-up",
    );
    invalid(
        run::push_followup(pool, &live, 9, "free", "And then?").await,
        "no such question",
    );

    invalid(run::extend(pool, &live, 0).await, "1 to 60 minutes");
    invalid(run::extend(pool, &live, 61).await, "1 to 60 minutes");
    // nobody opened the first question yet: nothing runs
    conflict(run::extend(pool, &live, 5).await, "no time to extend");
    invalid(run::release(pool, &live, "maybe").await, "on or off");

    let request = |score, reason| OverrideRequest {
        position: 0,
        criterion: "",
        score,
        reason,
    };
    invalid(
        run::override_score(pool, &live, &request("11", "Too kind."), owner).await,
        "number from 0 to 10",
    );
    invalid(
        run::override_score(pool, &live, &request("seven", "Why."), owner).await,
        "number from 0 to 10",
    );
    invalid(
        run::override_score(pool, &live, &request("7", " "), owner).await,
        "reason of 1 to 2,000",
    );
    conflict(
        run::override_score(pool, &live, &request("7", "Fair."), owner).await,
        "no answer to override",
    );

    assert!(matches!(
        scorecard::save_note(pool, &live, 0, &"n".repeat(20_001)).await,
        Err(Error::TooLong(_))
    ));
    assert!(matches!(
        scorecard::save_note(pool, &live, 9, "Good.").await,
        Err(Error::NotFound(_))
    ));
    invalid(
        scorecard::save(pool, &live, "maybe", "").await,
        "Choose a recommendation",
    );
    assert!(matches!(
        scorecard::save(pool, &live, "hire", &"s".repeat(20_001)).await,
        Err(Error::TooLong(_))
    ));

    // at most 30 questions with follow-ups
    sqlx::query(
        "INSERT INTO session_questions (session_id, position, own_prompt, minutes, followup_of)
         SELECT $1, p, 'Then?', 5, 0 FROM generate_series(1, 29) AS p",
    )
    .bind(live.id)
    .execute(pool)
    .await
    .unwrap();
    conflict(
        run::push_followup(pool, &live, 0, "free", "And then?").await,
        "at most 30 questions",
    );

    run::finish(pool, &live).await.unwrap();
    let over = reread(&app, session.id).await;
    conflict(run::finish(pool, &over).await, "Only a live session");
    conflict(
        run::start(pool, &lexicon, &over).await,
        "The session is over",
    );
    conflict(
        prepare::issue_link(pool, &over, LinkKind::Candidate).await,
        "The session is over",
    );
}

#[tokio::test]
async fn links_and_candidates_are_refused_with_their_own_errors() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("owner").await;
    let owner = app.user_id("owner").await;
    let pool = &app.pool;
    let guard = LinkGuard::new(2, Duration::from_secs(3600));
    let addr: IpAddr = "10.9.8.7".parse().unwrap();

    let session = new_session(&app, owner, "Loop").await;
    prepare::add_bank_question(pool, &session, "q-cache-1")
        .await
        .unwrap();
    let token = prepare::issue_link(pool, &session, LinkKind::Candidate)
        .await
        .unwrap();
    let report = prepare::issue_link(pool, &session, LinkKind::Report)
        .await
        .unwrap();

    // a malformed token and a report token used as a candidate link find nothing; past the
    // guard's limit the address waits
    assert!(matches!(
        access::linked(pool, &guard, addr, "short", LinkKind::Candidate).await,
        Err(Error::NoSuchLink)
    ));
    assert!(matches!(
        access::linked(pool, &guard, addr, &report, LinkKind::Candidate).await,
        Err(Error::NoSuchLink)
    ));
    assert!(matches!(
        access::linked(pool, &guard, addr, "short", LinkKind::Candidate).await,
        Err(Error::TooManyWrongLinks { retry_after_secs }) if retry_after_secs > 0
    ));
    // a usable link is not a miss, even for a limited address
    access::linked(pool, &guard, addr, &token, LinkKind::Candidate)
        .await
        .unwrap();

    let browser = |cookie: &str| Visitor {
        addr,
        cookie: Some(cookie.to_owned()),
    };
    let first = browser("first-browser");
    assert!(matches!(
        access::as_candidate(pool, &guard, &first, &token).await,
        Err(Error::NotJoined)
    ));
    let linked = access::linked(pool, &guard, addr, &token, LinkKind::Candidate)
        .await
        .unwrap();
    invalid(
        run::join(pool, &linked, " ", "first-browser", None).await,
        "display name must be 1 to 100",
    );
    invalid(
        run::join(pool, &linked, &"n".repeat(101), "first-browser", None).await,
        "display name must be 1 to 100",
    );
    run::join(pool, &linked, "Cleo", "first-browser", None)
        .await
        .unwrap();
    // joining again from the same browser is fine; any other browser is refused
    run::join(pool, &linked, "Cleo", "first-browser", None)
        .await
        .unwrap();
    assert!(matches!(
        run::join(pool, &linked, "Mallory", "second-browser", None).await,
        Err(Error::Taken)
    ));
    assert!(matches!(
        access::as_candidate(pool, &guard, &browser("second-browser"), &token).await,
        Err(Error::Taken)
    ));
    assert!(matches!(
        access::released_to_candidate(pool, &guard, &first, &token).await,
        Err(Error::NotReleased)
    ));
    assert!(matches!(
        access::candidate_item(pool, &guard, &first, &token, Uuid::new_v4()).await,
        Err(Error::NotFound(_))
    ));
    let (_, name) = access::as_candidate(pool, &guard, &first, &token)
        .await
        .unwrap();
    assert_eq!(name, "Cleo");

    // a revoked link is gone, not missing
    prepare::revoke_links(pool, &session, LinkKind::Candidate)
        .await
        .unwrap();
    assert!(matches!(
        access::linked(pool, &guard, addr, &token, LinkKind::Candidate).await,
        Err(Error::LinkGone)
    ));
}

#[tokio::test]
async fn an_item_asks_its_own_prompt_or_its_bank_question_while_that_is_in_the_bank() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("owner").await;
    let owner = app.user_id("owner").await;
    let pool = &app.pool;

    let session = new_session(&app, owner, "Loop").await;
    prepare::add_bank_question(pool, &session, "q-db-1")
        .await
        .unwrap();
    prepare::add_own(pool, &session, "How do you shard a queue?", "Partition it.")
        .await
        .unwrap();
    prepare::issue_link(pool, &session, LinkKind::Candidate)
        .await
        .unwrap();
    run::start(pool, &Lexicon::builtin(), &reread(&app, session.id).await)
        .await
        .unwrap();
    let live = reread(&app, session.id).await;
    let items = whetstone::db::interviews::items(pool, live.interview_id.unwrap())
        .await
        .unwrap();

    assert_eq!(
        service::item_question(pool, &items[0]).await.unwrap(),
        ItemQuestion::Bank {
            prompt: "What is a database index?".into(),
            topic: "databases".into(),
            difficulty: "easy".into(),
        }
    );
    assert_eq!(
        service::item_question(pool, &items[1]).await.unwrap(),
        ItemQuestion::Own {
            prompt: "How do you shard a queue?".into()
        }
    );
    assert_eq!(items[1].question_id, own_question::id(1));

    // a bank question that left the bank is not found, with a message that says so
    sqlx::query("UPDATE interview_items SET question_id = 'gone-1' WHERE id = $1")
        .bind(items[0].id)
        .execute(pool)
        .await
        .unwrap();
    let moved = whetstone::db::interviews::item(pool, items[0].id)
        .await
        .unwrap()
        .unwrap();
    match service::item_question(pool, &moved).await {
        Err(Error::NotFound(m)) => assert!(m.contains("no longer in the bank"), "{m}"),
        other => panic!("expected NotFound, got {other:?}"),
    }
}
