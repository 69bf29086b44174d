-- POST /api/v1/leads with a unique email and a unique full name per request.
-- Needs BENCH_KEY (a secret key) in the environment; BENCH_PATH (default /api/v1/leads) points it at
-- the baseline's endpoints (scripts/bench/baseline/Baseline.java).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local key = os.getenv("BENCH_KEY")
local path = os.getenv("BENCH_PATH") or "/api/v1/leads"

function request()
   local id = next_id()
   local body = string.format(
      '{"firstName":"Bench","lastName":"L%s","email":"%s@bench.example.com","phone":"+1 555 0100",'
      .. '"company":"Acme","source":"website","city":"Berlin"}', id, id)
   return wrk.format("POST", path,
      {["Content-Type"] = "application/json", ["X-API-Key"] = key}, body)
end
