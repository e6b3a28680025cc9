-- wrk script fragment: at the end of a run, prints one machine-readable line for scripts/bench-http
--   BENCH {"requests": ..., "seconds": ..., "p50_ms": ..., "p95_ms": ..., "p99_ms": ..., ...}
-- Other scripts load it with dofile(os.getenv("REPORT_LUA")) and may define extra_report() to
-- add fields (as "name": value text).
done = function(summary, latency, requests)
  local e = summary.errors
  local extra = ""
  if extra_report then
    extra = ", " .. extra_report()
  end
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, '
      .. '"max_ms": %.3f, "non2xx": %d, "socket_errors": %d%s}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout, extra))
end
