//! Grader speed: one 200-word answer against an 8-criterion curated rubric with wrong claims
//! (target: <= 100 µs median), the same against an extracted rubric, rubric extraction from a
//! long reference, and a cold compile of a rubric.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use whetstone::grader::{CompiledRubric, Grader};
use whetstone::rubric::{Lexicon, RubricBank, extract};

const PROMPT: &str = "How would you design a distributed logging system?";

const REFERENCE: &str = "Designing a **distributed logging system** means collecting logs from many services.\n\
* **Log shippers:** agents such as Fluentd or Filebeat tail files, buffer locally and retry.\n\
* **Message queue:** Apache Kafka decouples producers from consumers and absorbs bursts.\n\
* **Stream processing:** Logstash or Flink parse, enrich and filter events.\n\
* **Indexing and storage:** Elasticsearch indexes recent logs for full-text search.\n\
* **Cold archive:** object storage such as S3 keeps old logs cheaply with lifecycle rules.\n\
* **Structured logging:** JSON logs with trace IDs make correlation across services possible.\n\
* **Retention policies:** hot, warm and cold tiers control cost.\n\
* **Sharding and replication:** partitions and replicas keep ingestion scalable and durable.\n\
* **Visualization:** Kibana or Grafana dashboards and alerting on error rates.\n\
* **Security:** TLS in transit, access control and masking of personal data.";

const ANSWER: &str = "Every host runs a lightweight agent such as Fluent Bit or Filebeat that tails the application \
log files, adds metadata like service name, host and trace id, buffers on local disk and ships batches with retries, \
so a network blip does not lose data. Services write structured JSON logs, which makes parsing cheap and lets us \
correlate one request across services through its trace id. The agents publish into Kafka, partitioned by service, \
which decouples the producers from the indexing pipeline and absorbs bursts during incidents; topics are replicated \
three ways for durability. A fleet of stream processors consumes from Kafka, parses and enriches events, drops noisy \
debug lines and masks personal data before indexing. Recent logs go into an Elasticsearch cluster with daily indices, \
sharded and replicated, for full-text search over the last two weeks, while every event is also written to S3 in \
compressed Parquet for cheap long-term retention and occasional batch queries. Lifecycle rules move indices from hot \
to warm to cold storage. Kibana and Grafana provide dashboards, and alerts fire on error-rate spikes. Access is \
protected with TLS and role-based permissions, and the pipeline itself is monitored for lag so that \
operators notice when ingestion falls behind.";

/// An 8-criterion curated rubric in the bank's style, with wrong claims.
const CURATED: &str = include_str!("data/logging-rubric.toml");

fn bench(c: &mut Criterion) {
    let lexicon = Lexicon::builtin();
    let curated = curated_rubric(&lexicon);
    assert_eq!(curated.criteria.len(), 8, "bench rubric has 8 criteria");
    let words = ANSWER.split_whitespace().count();
    assert!(
        (190..=215).contains(&words),
        "bench answer has about 200 words ({words})"
    );
    let grader = Grader::new(lexicon.clone());
    grader.grade(&curated, ANSWER);
    c.bench_function("grade 200 words x 8 curated criteria", |b| {
        b.iter(|| grader.grade(black_box(&curated), black_box(ANSWER)))
    });
    let mut extracted = extract::from_reference(PROMPT, REFERENCE, &lexicon);
    extracted.criteria.truncate(8);
    grader.grade(&extracted, ANSWER);
    c.bench_function("grade 200 words x 8 extracted criteria", |b| {
        b.iter(|| grader.grade(black_box(&extracted), black_box(ANSWER)))
    });
    c.bench_function("compile rubric (cold)", |b| {
        b.iter(|| CompiledRubric::build(black_box(&curated), &lexicon))
    });
    c.bench_function("extract rubric from reference", |b| {
        b.iter(|| extract::from_reference(black_box(PROMPT), black_box(REFERENCE), &lexicon))
    });
}

criterion_group!(benches, bench);

/// The curated rubric of `data/logging-rubric.toml`.
fn curated_rubric(lexicon: &Lexicon) -> whetstone::rubric::Rubric {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("curated")).expect("curated dir");
    std::fs::write(dir.path().join("curated/logging.toml"), CURATED).expect("write rubric");
    std::fs::write(dir.path().join("synonyms.toml"), "").expect("write synonyms");
    let bank = RubricBank::load(dir.path()).expect("bench rubric loads");
    let _ = lexicon;
    bank.rubrics()[0].clone()
}

fn parts(c: &mut Criterion) {
    use whetstone::text::tokenize::tokenize;
    let lexicon = Lexicon::builtin();
    let rubric = curated_rubric(&lexicon);
    let compiled = CompiledRubric::build(&rubric, &lexicon);
    c.bench_function("tokenize", |b| b.iter(|| tokenize(black_box(ANSWER))));
    let toks = tokenize(ANSWER);
    c.bench_function("shape", |b| {
        b.iter(|| whetstone::grader::gaming::shape(black_box(ANSWER), &toks))
    });
    c.bench_function("lookup", |b| {
        b.iter(|| toks.iter().filter_map(|t| compiled.vocab.lookup(t)).count())
    });
}
criterion_group!(p, parts);
criterion_main!(benches, p);
