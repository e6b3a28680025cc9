//! The topic taxonomy: the 19 topics (slug, display name, description) in display order, and
//! looking one up. Which topic a question gets is decided in [`super::assign`].

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
