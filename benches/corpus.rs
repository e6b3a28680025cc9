//! Corpus load speed: repair + parse + merge + classify the shipped `corpus/` directory, and
//! the repair step alone on the largest file.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn corpus_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn bench_load(c: &mut Criterion) {
    let dir = corpus_dir();
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&p).expect("read"))
        })
        .collect();
    files.sort();
    let longest = files
        .iter()
        .map(|(_, c)| c.as_str())
        .max_by_key(|c| c.len())
        .unwrap_or("");
    c.bench_function("corpus/parse_files (whole corpus)", |b| {
        b.iter(|| whetstone::corpus::Corpus::parse_files(&files).expect("corpus"))
    });
    c.bench_function("corpus/load_dir + stats", |b| {
        b.iter(|| whetstone::corpus::load_dir(&dir).expect("corpus").stats())
    });
    c.bench_function("text/repair (largest file)", |b| {
        b.iter(|| whetstone::text::repair(longest).len())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_load
}
criterion_main!(benches);
