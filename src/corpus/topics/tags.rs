//! Tags of a question: the named technologies and techniques ([`TAG_TERMS`]) its prompt or
//! its reference answers mention.

use std::sync::LazyLock;

use crate::text::PhraseSet;

/// Named technologies and techniques that become tags: (tag, phrases that name it).
#[rustfmt::skip]
pub const TAG_TERMS: &[(&str, &[&str])] = &[
    ("kafka", &["kafka"]),
    ("redis", &["redis"]),
    ("memcached", &["memcached"]),
    ("cassandra", &["cassandra"]),
    ("dynamodb", &["dynamodb"]),
    ("mongodb", &["mongodb", "mongo"]),
    ("postgresql", &["postgresql", "postgres"]),
    ("mysql", &["mysql"]),
    ("elasticsearch", &["elasticsearch", "elastic search"]),
    ("kubernetes", &["kubernetes", "k8s"]),
    ("docker", &["docker"]),
    ("zookeeper", &["zookeeper"]),
    ("etcd", &["etcd"]),
    ("raft", &["raft"]),
    ("paxos", &["paxos"]),
    ("spark", &["spark"]),
    ("flink", &["flink"]),
    ("hadoop", &["hadoop", "hdfs"]),
    ("s3", &["s3"]),
    ("rabbitmq", &["rabbitmq"]),
    ("grpc", &["grpc"]),
    ("graphql", &["graphql"]),
    ("websocket", &["websocket", "websockets", "web socket"]),
    ("oauth", &["oauth", "oauth2"]),
    ("jwt", &["jwt"]),
    ("cdn", &["cdn", "content delivery network"]),
    ("crdt", &["crdt", "crdts"]),
    ("bloom-filter", &["bloom filter", "bloom filters"]),
    ("consistent-hashing", &["consistent hashing"]),
    ("prometheus", &["prometheus"]),
    ("opentelemetry", &["opentelemetry"]),
    ("terraform", &["terraform"]),
    ("envoy", &["envoy"]),
    ("nginx", &["nginx"]),
    ("saga", &["saga", "sagas"]),
    ("cqrs", &["cqrs"]),
    ("event-sourcing", &["event sourcing"]),
    ("two-phase-commit", &["two phase commit", "2pc"]),
    ("vector-clock", &["vector clock", "vector clocks"]),
    ("merkle-tree", &["merkle tree", "merkle trees"]),
    ("lsm-tree", &["lsm tree", "lsm"]),
    ("geohash", &["geohash", "geohashing"]),
    ("quadtree", &["quadtree", "quad tree"]),
    ("webrtc", &["webrtc"]),
    ("sqs", &["sqs"]),
    ("kinesis", &["kinesis"]),
    ("airflow", &["airflow"]),
    ("debezium", &["debezium"]),
    ("spanner", &["spanner"]),
    ("circuit-breaker", &["circuit breaker", "circuit breakers"]),
    ("rate-limiting", &["rate limiting", "rate limiter", "token bucket"]),
    ("sharding", &["sharding", "shard", "shards"]),
    ("gdpr", &["gdpr"]),
    ("hipaa", &["hipaa"]),
];

static TAG_SET: LazyLock<(PhraseSet, Vec<usize>)> = LazyLock::new(|| {
    let mut phrases = Vec::new();
    let mut owner = Vec::new();
    for (i, (_, list)) in TAG_TERMS.iter().enumerate() {
        for p in *list {
            phrases.push(*p);
            owner.push(i);
        }
    }
    (PhraseSet::new(phrases), owner)
});

/// Mentions of each tag term (indexed like [`TAG_TERMS`]) in normalised text.
fn tag_mentions(normalized: &str) -> Vec<usize> {
    let (set, owner) = &*TAG_SET;
    let mut out = vec![0; TAG_TERMS.len()];
    for (i, n) in set.count(normalized).into_iter().enumerate() {
        out[owner[i]] += n;
    }
    out
}

/// Tags of a question: tag terms named in the prompt, or in the answers (twice when the answers
/// are long, over 400 words), most mentioned first, at most 6. Both texts come normalised
/// ([`crate::text::normalize_text`]).
pub fn tags(prompt: &str, answers: &str) -> Vec<String> {
    let needed = if answers.split(' ').count() > 400 {
        2
    } else {
        1
    };
    let in_prompt = tag_mentions(prompt);
    let in_answers = tag_mentions(answers);
    let mut found: Vec<(usize, &str)> = TAG_TERMS
        .iter()
        .enumerate()
        .filter(|(i, _)| in_prompt[*i] > 0 || in_answers[*i] >= needed)
        .map(|(i, (tag, _))| (in_answers[i] + if in_prompt[i] > 0 { 100 } else { 0 }, *tag))
        .collect();
    found.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(y.1)));
    found
        .into_iter()
        .take(6)
        .map(|(_, t)| t.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize_text;

    #[test]
    fn tags_name_technologies() {
        let n = normalize_text;
        assert_eq!(
            tags(
                &n("How does Apache Kafka work?"),
                &n("Uses ZooKeeper or KRaft. Kafka is a log.")
            ),
            vec!["kafka", "zookeeper"]
        );
        let long = "word ".repeat(500) + " redis ";
        assert!(tags(&n("Design a cache"), &n(&long)).is_empty());
        assert_eq!(
            tags(&n("Design a cache"), &n(&(long + " Redis"))),
            vec!["redis"]
        );
    }
}
