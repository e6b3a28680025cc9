//! Login cost: verifying a wrong password for an existing account and any password for an
//! unknown account (the dummy hash) must cost the same, so timing does not reveal accounts.
//! Also the per-request token and CSRF checks, which are on every page.

use chrono::{Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use uuid::Uuid;
use whetstone::auth::csrf::{CsrfKey, new_csrf_id};
use whetstone::auth::password::{hash_password, verify_password, warm_up};
use whetstone::auth::token::TokenKeys;

fn login(c: &mut Criterion) {
    warm_up();
    let stored = hash_password("the real password").unwrap();
    let mut g = c.benchmark_group("login_verify");
    g.sample_size(20);
    g.bench_function("existing_account_wrong_password", |b| {
        b.iter(|| verify_password(black_box("a wrong password"), Some(&stored)).unwrap())
    });
    g.bench_function("unknown_account", |b| {
        b.iter(|| verify_password(black_box("a wrong password"), None).unwrap())
    });
    g.finish();
}

fn per_request(c: &mut Criterion) {
    let keys = TokenKeys::new(&[7u8; 64], Duration::days(7));
    let (token, _) = keys.issue(Uuid::new_v4(), 0, Utc::now()).unwrap();
    c.bench_function("jwt_decode", |b| {
        b.iter(|| keys.decode(black_box(&token)).unwrap())
    });
    let csrf = CsrfKey::derive(&[7u8; 64]);
    let id = new_csrf_id();
    let t = csrf.token(&id, "binding");
    c.bench_function("csrf_verify", |b| {
        b.iter(|| csrf.verify(black_box(&id), "binding", black_box(&t)))
    });
}

criterion_group!(benches, login, per_request);
criterion_main!(benches);
