-- POST /api/public/lead. BENCH_MERGE unset: a unique email per request (every answer 201).
-- BENCH_MERGE=n: the email of one of n existing leads, merge-<i>@bench.example.com (every answer 200).
-- Needs BENCH_PROJECT_KEY in the environment.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local key = os.getenv("BENCH_PROJECT_KEY")
local merge = tonumber(os.getenv("BENCH_MERGE") or "0")

function request()
   local id = next_id()
   local email
   if merge > 0 then
      email = string.format("merge-%d@bench.example.com", math.random(1, merge))
   else
      email = id .. "@bench.example.com"
   end
   local body = string.format(
      '{"name":"Bench %s","email":"%s","attributes":{"plan":"pro"},"utm":{"utm_source":"bench"},'
      .. '"page_trail":["/pricing"],"source_url":"https://example.com/pricing"}', id, email)
   return wrk.format("POST", "/api/public/lead",
      {["Content-Type"] = "application/json", ["X-Api-Key"] = key}, body)
end
