-- wrk script: each request submits a graded answer to a fresh open item, as the item's owner.
-- Each wrk thread takes its own slice of the items, so with -t2 no two requests ever submit the
-- same item (a shared counter per thread used to make half the requests re-submit answered items).
-- Pass the thread count after `--`:  wrk -t2 ... -s submit.lua URL -- 2
-- With REPORT_LUA set, the run ends with the BENCH line of report.lua plus how many items each
-- thread used ("submitted") and whether any thread ran out of fresh items ("exhausted").
-- ITEMS names a file with one "item-id token" line per item (too many for a Lua table literal)
items = {}
for line in io.lines(os.getenv("ITEMS")) do
  local id, token = line:match("^(%S+) (%S+)$")
  if id then
    table.insert(items, {id, token})
  end
end
if os.getenv("REPORT_LUA") then
  dofile(os.getenv("REPORT_LUA"))
end

local threads = {}
local next_thread = 0

setup = function(thread)
  -- Runs in the main state, once per thread, before that thread's init.
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local body = '{"body": "I would put a load balancer in front of stateless app servers so we can scale horizontally, '
  .. 'keep sessions in Redis, and cache hot reads with a TTL and cache-aside so the database only sees misses. '
  .. 'Writes go to a primary with async replication to read replicas; if one region fails we fail over. '
  .. 'Kafka decouples slow work such as notifications, consumers are idempotent so retries are safe, '
  .. 'and we shard by user id with consistent hashing once one primary is not enough. '
  .. 'Rate limiting at the gateway protects the backend, and metrics, logs and tracing tell us when p99 latency drifts."}'

init = function(args)
  local count = tonumber(args[1] or "1")
  per_thread = math.floor(#items / count)
  first = (thread_index or 0) * per_thread
  used = 0
  exhausted = 0
end

request = function()
  if used >= per_thread then
    -- Out of fresh items: re-submitting would measure the cheap "already answered" path.
    exhausted = 1
  end
  local item = items[first + (used % per_thread) + 1]
  used = used + 1
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer " .. item[2]
  return wrk.format("POST", "/api/v1/items/" .. item[1] .. "/submit", headers, body)
end

extra_report = function()
  local total, out = 0, 0
  for _, t in ipairs(threads) do
    total = total + (t:get("used") or 0)
    out = out + (t:get("exhausted") or 0)
  end
  return string.format('"submitted": %d, "exhausted": %d', total, out)
end
