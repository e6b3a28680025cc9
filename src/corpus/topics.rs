//! The topic taxonomy and how questions are placed in it.
//!
//! [`TOPICS`] lists 19 topics (slug, display name, description). A question's topic comes from
//! its section heading when the heading is specific ("Caching & Performance" → `caching`). When
//! the heading is generic ("Miscellaneous", "Trade-offs", 003's "High-Level Design
//! Fundamentals", 002's chain sections whose follow-ups wander) or names a family of designs
//! ("Design Specific Systems"), the question's own words decide: every topic has keywords,
//! matched at word starts in the prompt (a multi-word keyword or product name counts 2, a single
//! word 1); the highest score wins, ties go to the section's default, then to taxonomy order;
//! without any match the section's default stands. Tags are the named technologies and
//! techniques ([`TAG_TERMS`]) the prompt or the reference answers mention.

use std::sync::LazyLock;

use crate::text::{PhraseSet, normalize_text};

/// One topic of the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Topic {
    pub slug: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

const fn t(slug: &'static str, name: &'static str, description: &'static str) -> Topic {
    Topic {
        slug,
        name,
        description,
    }
}

/// The taxonomy, in display order.
pub const TOPICS: [Topic; 19] = [
    t(
        "fundamentals",
        "System design fundamentals",
        "What system design is, how to approach a problem, requirements, estimation, HLD vs LLD.",
    ),
    t(
        "scalability",
        "Scalability & performance",
        "Scaling up and out, load balancing, CDNs, proxies, latency and throughput.",
    ),
    t(
        "caching",
        "Caching",
        "Cache layers, eviction, invalidation, write policies and cache failure modes.",
    ),
    t(
        "databases",
        "Databases & storage",
        "SQL and NoSQL, indexing, sharding, replication, data modelling, file and object storage.",
    ),
    t(
        "messaging",
        "Messaging & streaming",
        "Queues, pub/sub, Kafka, event streams, delivery guarantees and event-driven flows.",
    ),
    t(
        "distributed",
        "Distributed systems fundamentals",
        "Consistency models, consensus, clocks, coordination, distributed transactions, multi-region data.",
    ),
    t(
        "reliability",
        "Reliability & resilience",
        "Fault tolerance, failover, retries, circuit breakers, disaster recovery, chaos engineering.",
    ),
    t(
        "security",
        "Security & privacy",
        "Authentication, authorisation, encryption, secrets, privacy and compliance (GDPR, HIPAA).",
    ),
    t(
        "apis",
        "APIs, networking & integration",
        "API design, gateways, rate limits, protocols, versioning, webhooks, third-party integration.",
    ),
    t(
        "architecture",
        "Architecture patterns",
        "Microservices, event sourcing, CQRS, sagas, service meshes, serverless and hybrid architectures.",
    ),
    t(
        "devops",
        "Observability & DevOps",
        "Monitoring, logging, tracing, alerting, CI/CD, deployments, Kubernetes, testing, feature flags.",
    ),
    t(
        "data",
        "Data processing & workflows",
        "Batch and stream processing, ETL, analytics, warehouses, job schedulers and workflow engines.",
    ),
    t(
        "search",
        "Search & recommendation",
        "Full-text search, indexing, autocomplete, ranking and recommendations.",
    ),
    t(
        "realtime",
        "Real-time & collaboration",
        "Chat, notifications, presence, live updates, collaborative editing, video and live media.",
    ),
    t(
        "product",
        "Classic product designs",
        "End-to-end designs of well-known products: URL shortener, feeds, ride sharing, video, e-commerce.",
    ),
    t(
        "lld",
        "Object-oriented & low-level design",
        "Classes, SOLID, design patterns and low-level designs such as parking lots and LRU caches.",
    ),
    t(
        "ml",
        "ML & AI systems",
        "Training and serving pipelines, feature stores, model monitoring, ML-driven products.",
    ),
    t(
        "domains",
        "Domain systems",
        "Fintech, payments, trading, healthcare, logistics, enterprise SaaS, blockchain.",
    ),
    t(
        "mobile-edge",
        "Mobile, offline & IoT",
        "Offline-first sync, mobile backends, edge computing, IoT devices and sensors.",
    ),
];

/// Looks a topic up by slug.
pub fn topic(slug: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| t.slug == slug)
}

/// A topic's display name ("Machine learning" for `ml`); an unknown slug reads as its words.
pub fn display_name(slug: &str) -> String {
    topic(slug).map_or_else(|| slug.replace('-', " "), |t| t.name.to_string())
}

/// How a section heading places its questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// The section decides.
    Fixed(&'static str),
    /// The prompt decides; the topic is the default.
    Soft(&'static str),
}
use Placement::{Fixed, Soft};

/// Section heading rules: the first rule whose text occurs in the lowercased heading applies.
const SECTION_RULES: &[(&str, Placement)] = &[
    ("basic system design", Soft("fundamentals")),
    ("high-level design fundamentals", Soft("fundamentals")),
    ("low-level", Fixed("lld")),
    ("(lld)", Fixed("lld")),
    ("oop", Fixed("lld")),
    ("design specific systems", Soft("product")),
    ("product-specific", Soft("product")),
    ("real-world", Soft("product")),
    ("emerging use cases", Soft("product")),
    ("user experience", Soft("product")),
    ("ux & frontend", Soft("product")),
    ("graphs, relationships", Soft("product")),
    ("hybrid architectures", Fixed("architecture")),
    ("architecture patterns", Fixed("architecture")),
    ("design patterns & architecture", Fixed("architecture")),
    ("database", Fixed("databases")),
    ("data modeling", Fixed("databases")),
    ("file & media", Fixed("databases")),
    ("caching", Fixed("caching")),
    ("load balancing", Fixed("scalability")),
    ("scalability", Fixed("scalability")),
    ("high-throughput", Fixed("data")),
    ("security", Fixed("security")),
    ("privacy", Fixed("security")),
    ("access control", Fixed("security")),
    ("edge, scale & chaos", Soft("reliability")),
    ("chaos", Fixed("reliability")),
    ("fault tolerance", Fixed("reliability")),
    ("monitoring", Fixed("devops")),
    ("devops", Fixed("devops")),
    ("observability", Fixed("devops")),
    ("testing", Fixed("devops")),
    ("dev tooling", Fixed("devops")),
    ("cloud-native", Fixed("devops")),
    ("feature management", Fixed("devops")),
    ("metrics, alerts", Fixed("devops")),
    ("distributed systems primitives", Soft("distributed")),
    ("advanced distributed", Fixed("distributed")),
    ("consistency, transactions", Fixed("distributed")),
    ("concurrency", Fixed("distributed")),
    ("cross-region", Fixed("distributed")),
    ("geo-distributed", Fixed("distributed")),
    ("event-driven & messaging", Soft("messaging")),
    ("data flow & streaming", Fixed("messaging")),
    ("event-driven", Fixed("messaging")),
    ("search", Fixed("search")),
    ("scale & batch", Soft("data")),
    ("analytics", Fixed("data")),
    ("big data", Fixed("data")),
    ("workflow", Fixed("data")),
    ("data quality", Fixed("data")),
    ("document processing", Fixed("data")),
    ("rules engines", Fixed("data")),
    ("automation", Fixed("data")),
    ("chain of events", Fixed("data")),
    ("realtime", Fixed("realtime")),
    ("collaboration", Fixed("realtime")),
    ("multimedia", Fixed("realtime")),
    ("api design & gateway", Soft("apis")),
    ("api", Fixed("apis")),
    ("networking", Fixed("apis")),
    ("ai/ml", Fixed("ml")),
    ("machine learning", Fixed("ml")),
    ("intelligence & user modeling", Fixed("ml")),
    ("blockchain", Fixed("domains")),
    ("enterprise", Fixed("domains")),
    ("saas", Fixed("domains")),
    ("fintech", Fixed("domains")),
    ("financial", Fixed("domains")),
    ("healthcare", Fixed("domains")),
    ("logistics", Fixed("domains")),
    ("iot", Fixed("mobile-edge")),
    ("edge computing", Fixed("mobile-edge")),
    ("mobile", Fixed("mobile-edge")),
    ("miscellaneous system design challenges", Soft("product")),
    ("miscellaneous", Soft("architecture")),
    ("trade", Soft("architecture")),
    ("repeatable patterns", Soft("product")),
    ("time-sensitive", Soft("data")),
    ("advanced topics", Soft("architecture")),
];

/// Keywords per topic, matched at word starts of the normalised prompt.
#[rustfmt::skip]
const KEYWORDS: &[(&str, &[&str])] = &[
    ("fundamentals", &[
        "high level design", "low level design", "hld", "requirements", "estimat", "approach",
    ]),
    ("scalability", &[
        "scal", "load balanc", "cdn", "content delivery", "latency", "throughput", "performance",
        "million users", "horizontal", "vertical", "reverse proxy", "stateless", "stateful",
    ]),
    ("caching", &[
        "cache", "caching", "memcached", "eviction", "cache invalidation", "write through",
        "write back",
    ]),
    ("databases", &[
        "database", "sql", "nosql", "schema", "sharding", "shard", "partition", "replicat",
        "storage", "denormaliz", "normaliz", "acid", "lsm", "b tree", "data model", "index",
        "dynamodb", "cassandra", "mongodb", "postgres", "mysql", "file system", "object storage",
        "blob",
    ]),
    ("messaging", &[
        "asynchronous", "async", "message queue", "queue", "kafka", "pub sub", "pubsub",
        "event stream", "rabbitmq", "exactly once", "at least once", "dead letter", "event driven",
        "events", "event ordering", "message", "producer", "consumer",
    ]),
    ("distributed", &[
        "cap", "consensus", "raft", "paxos", "quorum", "leader election", "vector clock", "clock",
        "consistency", "cap theorem", "distributed lock", "locking", "two phase commit", "2pc",
        "gossip", "split brain", "linearizab", "serializab", "crdt", "consistent hashing",
        "distributed transaction", "zookeeper", "etcd", "multi region", "distributed", "concurren",
        "deadlock",
    ]),
    ("reliability", &[
        "fault toleran", "failover", "failure", "retry", "retries", "backoff", "circuit breaker",
        "resilien", "disaster recovery", "high availability", "availability", "redundan", "chaos",
        "graceful degradation", "bulkhead", "self healing", "cascading", "backup", "health check",
        "reliab", "outage", "recovery", "downtime",
    ]),
    ("security", &[
        "secur", "authenticat", "authoriz", "oauth", "jwt", "password", "encrypt", "gdpr", "hipaa",
        "privacy", "pii", "access control", "rbac", "abac", "permission", "compliance",
        "compliant", "audit", "secret", "2fa", "sso", "single sign on", "ddos", "kyc", "identity",
        "login", "token",
    ]),
    ("apis", &[
        "api", "apis", "rest ", "grpc", "graphql", "webhook", "protocol", "tcp", "udp", "http",
        "dns", "versioning", "idempoten", "gateway", "pagination", "integrat", "third party",
        "3rd party", "polling", "rate limit", "throttl", "contract",
    ]),
    ("architecture", &[
        "microservice", "monolith", "event sourcing", "cqrs", "saga", "serverless", "service mesh",
        "hexagonal", "architecture", "soa", "sidecar", "orchestration", "choreography",
        "domain driven", "service discovery", "multi tenant",
    ]),
    ("devops", &[
        "monitor", "logging", "logs", "log aggregation", "tracing", "trace", "alert", "metrics",
        "observab", "ci cd", "deploy", "kubernetes", "k8s", "docker", "terraform", "canary",
        "blue green", "rollout", "feature flag", "test", "sla", "slo", "prometheus", "grafana",
        "incident", "infrastructure",
    ]),
    ("data", &[
        "pipeline", "etl", "batch", "analytics", "warehouse", "olap", "spark", "hadoop", "flink",
        "mapreduce", "big data", "workflow", "scheduler", "cron", "job", "jobs", "dag",
        "data lake", "report", "dashboard", "aggregat", "ingest", "stream processing",
        "time series", "dedup",
    ]),
    ("search", &[
        "search", "autocomplete", "typeahead", "elasticsearch", "inverted index", "ranking",
        "recommend", "spell", "full text", "did you mean", "suggestion", "auto suggestion",
    ]),
    ("realtime", &[
        "real time", "realtime", "chat", "notification", "websocket", "presence",
        "typing indicator", "collaborat", "live", "video", "conferenc", "multiplayer",
        "leaderboard", "push", "streaming", "whiteboard", "messaging app",
    ]),
    ("product", &[
        "youtube", "whatsapp", "twitter", "uber", "instagram", "url shortener", "netflix",
        "facebook", "amazon", "dropbox", "google drive", "google docs", "news feed",
        "social media feed", "e commerce", "tinyurl", "bitly", "airbnb", "ticketmaster", "spotify",
        "tiktok", "linkedin", "reddit", "yelp", "zoom", "slack", "stripe", "medium", "swiggy",
        "zomato", "trello", "splitwise", "hotel booking", "food delivery", "ride sharing",
        "blogging", "pastebin", "online judge", "code compiler", "voting",
    ]),
    ("lld", &[
        "class ", "classes", "oop", "object oriented", "solid", "design pattern", "singleton",
        "factory", "observer", "strategy pattern", "inheritance", "composition", "interface",
        "abstract class", "uml", "lru", "parking lot", "elevator", "library management", "undo",
        "state machine", "repository pattern",
    ]),
    ("ml", &[
        "machine learning", "ml", "models", "model serving", "model training", "model versioning",
        "ai", "llm", "training", "inference", "feature store", "embedding", "prediction", "drift",
        "personaliz",
    ]),
    ("domains", &[
        "payment", "bank", "fintech", "trading", "stock", "ledger", "wallet", "billing", "invoice",
        "healthcare", "hospital", "patient", "medical", "health records", "health report",
        "blockchain", "crypto", "nft", "logistics", "package delivery", "last mile", "inventory",
        "supply chain", "saas", "tenant", "enterprise", "insurance", "loan", "lending", "booking",
        "reservation", "education", "legal", "fraud", "e commerce",
    ]),
    ("mobile-edge", &[
        "mobile", "offline", "iot", "edge", "sensor", "device", "firmware", "smart home", "gps",
        "sync ", "syncing",
    ]),
];

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

fn placement(section: &str) -> Option<Placement> {
    let lower = section.to_lowercase();
    SECTION_RULES
        .iter()
        .find(|(needle, _)| lower.contains(needle))
        .map(|(_, p)| *p)
}

/// Whether `phrase` occurs at a word start in `words` (normalised prompt words): its last word
/// may be a prefix (`scal` matches `scaling`) unless the phrase ends with a space or is at most
/// 3 characters long (`ai` is not `airbnb`, `rest ` is not `restaurant`).
fn contains_at_word_start(words: &[&str], phrase: &str) -> bool {
    let whole = phrase.ends_with(' ') || phrase.len() <= 3;
    let parts: Vec<&str> = phrase.trim_end().split(' ').collect();
    let Some((last, head)) = parts.split_last() else {
        return false;
    };
    words.windows(parts.len()).any(|window| {
        let (w_last, w_head) = window.split_last().unwrap_or((&"", &[]));
        w_head == head
            && if whole {
                w_last == last
            } else {
                w_last.starts_with(last)
            }
    })
}

/// Keyword score of each topic for a prompt, in taxonomy order: a multi-word keyword or a
/// product name counts 2, a single word 1.
fn scores(prompt: &str) -> Vec<(&'static str, usize)> {
    let norm = normalize_text(prompt);
    let words: Vec<&str> = norm.split(' ').collect();
    KEYWORDS
        .iter()
        .map(|(slug, keywords)| {
            let score = keywords
                .iter()
                .filter(|k| contains_at_word_start(&words, k))
                .map(|k| {
                    if k.trim_end().contains(' ') || *slug == "product" {
                        2
                    } else {
                        1
                    }
                })
                .sum();
            (*slug, score)
        })
        .collect()
}

/// The topic slug of a question, from its section heading and prompt (see the module docs).
/// `follow_up` marks a chain follow-up: the prompt decides even under a specific heading, and
/// a product named in passing ("the CAP trade-off for a social media feed") does not make it a
/// product design.
pub fn assign(section: &str, prompt: &str, follow_up: bool) -> &'static str {
    let place = placement(section);
    let default = match place {
        Some(Fixed(slug)) if !follow_up => return slug,
        Some(Fixed(slug)) | Some(Soft(slug)) => slug,
        None => "fundamentals",
    };
    let mut scores = scores(prompt);
    if follow_up {
        scores.retain(|(slug, _)| *slug != "product");
    }
    let best = scores.iter().map(|(_, s)| *s).max().unwrap_or(0);
    if best == 0 {
        return default;
    }
    if scores
        .iter()
        .any(|(slug, s)| *slug == default && *s == best)
    {
        return default;
    }
    scores
        .iter()
        .find(|(_, s)| *s == best)
        .map(|(slug, _)| *slug)
        .unwrap_or(default)
}

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
/// ([`normalize_text`]).
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

    #[test]
    fn taxonomy_has_unique_slugs_and_every_rule_points_into_it() {
        let mut slugs: Vec<_> = TOPICS.iter().map(|t| t.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), TOPICS.len());
        assert!((12..=20).contains(&TOPICS.len()));
        for (_, p) in SECTION_RULES {
            let (Fixed(s) | Soft(s)) = *p;
            assert!(topic(s).is_some(), "{s}");
        }
        for (s, _) in KEYWORDS {
            assert!(topic(s).is_some(), "{s}");
        }
        assert_eq!(KEYWORDS.len(), TOPICS.len());
    }

    #[test]
    fn keywords_match_at_word_starts() {
        let words = ["load", "balancing", "for", "a", "restaurant", "api"];
        assert!(contains_at_word_start(&words, "load balanc"));
        assert!(contains_at_word_start(&words, "api"));
        assert!(!contains_at_word_start(&words, "rest "));
        assert!(!contains_at_word_start(&words, "balanc load"));
        assert!(!contains_at_word_start(&["airbnb"], "ai"));
    }

    #[test]
    fn specific_sections_decide() {
        assert_eq!(
            assign(
                "Caching & Performance",
                "What are the downsides of caching?",
                false
            ),
            "caching"
        );
        assert_eq!(
            assign(
                "Database Design & Management",
                "CAP theorem – explain",
                false
            ),
            "databases"
        );
        assert_eq!(
            assign(
                "Low-Level System Design (LLD) & OOP",
                "How would you design a Splitwise-like system?",
                false
            ),
            "lld"
        );
        assert_eq!(
            assign(
                "Edge Computing & IoT",
                "Design a smart traffic light control system.",
                false
            ),
            "mobile-edge"
        );
    }

    #[test]
    fn generic_sections_use_the_prompt() {
        assert_eq!(
            assign(
                "Real-World Inspired Challenges",
                "Build a QR-based restaurant menu + ordering system.",
                false
            ),
            "product"
        );
        assert_eq!(
            assign(
                "High-Level Design Fundamentals",
                "What is a circuit breaker in system design?",
                false
            ),
            "reliability"
        );
        assert_eq!(
            assign(
                "Miscellaneous System Design Challenges",
                "Design a notification system.",
                false
            ),
            "realtime"
        );
        assert_eq!(
            assign(
                "Miscellaneous & Advanced Topics",
                "How to handle distributed transactions?",
                false
            ),
            "distributed"
        );
        assert_eq!(
            assign(
                "Trade-offs & Decision Making",
                "When to choose SQL vs NoSQL?",
                false
            ),
            "databases"
        );
        assert_eq!(
            assign(
                "High-Level Design Fundamentals",
                "What is a CDN and how does it improve performance?",
                false
            ),
            "scalability"
        );
        assert_eq!(
            assign(
                "High-Level Design Fundamentals",
                "What is system design and why is it important?",
                false
            ),
            "fundamentals"
        );
        assert_eq!(
            assign(
                "Real-World System Design Questions (HLD)",
                "Design Twitter (posting, timeline, follow system).",
                false
            ),
            "product"
        );
        assert_eq!(
            assign(
                "Design Specific Systems (Popular Questions)",
                "Design a video streaming service (like Netflix)",
                false
            ),
            "product"
        );
    }

    #[test]
    fn chain_follow_ups_follow_their_words_or_their_section() {
        assert_eq!(
            assign(
                "API Design & Gateway Patterns",
                "Explain the \"half-open\" state in a Circuit Breaker.",
                true
            ),
            "reliability"
        );
        assert_eq!(
            assign(
                "Distributed Systems Primitives",
                "What is Phi Accrual Failure Detector?",
                true
            ),
            "reliability"
        );
        assert_eq!(
            assign(
                "Distributed Systems Primitives",
                "Explain \"Wait-Free\" synchronization hierarchy.",
                true
            ),
            "distributed"
        );
    }

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
