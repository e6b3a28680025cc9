-- wrk script: autosave, each request saves a draft of the running item ITEM (PUT, JSON).
if os.getenv("REPORT_LUA") then
  dofile(os.getenv("REPORT_LUA"))
end
local path = "/api/v1/items/" .. os.getenv("ITEM") .. "/draft"
local body = '{"body": "A load balancer in front of stateless servers, sessions in Redis, cache-aside with a TTL, '
  .. 'a primary with read replicas, and Kafka for slow work such as notifications."}'
request = function()
  return wrk.format("PUT", path, nil, body)
end
