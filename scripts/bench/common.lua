-- Shared by the wrk scripts of scripts/bench.sh: per-thread counters, statuses counted in
-- response(), and one machine-readable RESULT line from done().
--   RESULT requests=… sent=… duration_us=… p50_us=… p99_us=… p999_us=… s201=… s409=… err_connect=…
-- "sent" counts requests written; sent − answered = requests still in flight when wrk stopped.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("tid", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   statuses = {}
   sent = 0
   math.randomseed(os.time() * 1000 + tid)
   -- A random run prefix keeps emails and names unique across runs against one database.
   run = string.format("%s%x%x", os.getenv("BENCH_RUN") or "r", math.random(0, 0xffffff), tid)
end

function next_id()
   counter = counter + 1
   sent = sent + 1
   return run .. "-" .. counter
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local totals = {}
   local total_sent = 0
   for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("statuses")) do
         totals[status] = (totals[status] or 0) + n
      end
      total_sent = total_sent + thread:get("sent")
   end
   local line = string.format("RESULT requests=%d sent=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d",
      summary.requests, total_sent, summary.duration,
      latency:percentile(50), latency:percentile(99), latency:percentile(99.9))
   for status, n in pairs(totals) do
      line = line .. string.format(" s%d=%d", status, n)
   end
   line = line .. string.format(" err_connect=%d err_read=%d err_write=%d err_timeout=%d",
      summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout)
   io.write(line .. "\n")
end
