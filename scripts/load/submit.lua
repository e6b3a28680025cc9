-- wrk script: each request submits a graded answer to a fresh open item (ids from items.lua).
dofile(os.getenv("ITEMS_LUA"))
local n = 0
local body = '{"body": "I would put a load balancer in front of stateless app servers so we can scale horizontally, '
  .. 'keep sessions in Redis, and cache hot reads with a TTL and cache-aside so the database only sees misses. '
  .. 'Writes go to a primary with async replication to read replicas; if one region fails we fail over. '
  .. 'Kafka decouples slow work such as notifications, consumers are idempotent so retries are safe, '
  .. 'and we shard by user id with consistent hashing once one primary is not enough. '
  .. 'Rate limiting at the gateway protects the backend, and metrics, logs and tracing tell us when p99 latency drifts."}'
request = function()
  n = n + 1
  local id = items[((n - 1) % #items) + 1]
  return wrk.format("POST", "/api/v1/items/" .. id .. "/submit", nil, body)
end
