-- Warm-up for scripts/bench-list.sh: GET /api/v1/leads with each query of BENCH_QUERIES (separated
-- by spaces) in turn, so every page's code path is compiled before any is measured.
local key = os.getenv("BENCH_KEY")
local queries = {}
for q in string.gmatch(os.getenv("BENCH_QUERIES") or "limit=50", "%S+") do
   table.insert(queries, q)
end
local i = 0

function request()
   i = i % #queries + 1
   return wrk.format("GET", "/api/v1/leads?" .. queries[i], {["X-API-Key"] = key})
end
