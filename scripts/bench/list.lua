-- GET /api/v1/leads with BENCH_QUERY (e.g. "limit=50" or "status=qualified&limit=50").
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local key = os.getenv("BENCH_KEY")
local query = os.getenv("BENCH_QUERY") or "limit=50"

function request()
   next_id()
   return wrk.format("GET", "/api/v1/leads?" .. query, {["X-API-Key"] = key})
end
