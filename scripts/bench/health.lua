-- GET /api/health: the same server, filters and JSON answer without a database, a key or a body —
-- the ceiling the framework sets for any endpoint on this machine (scripts/bench.sh, "ceiling" row).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

function request()
   next_id()
   return wrk.format("GET", "/api/health")
end
