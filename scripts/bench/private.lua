-- POST /api/v1/leads with a unique email and a unique full name per request.
-- Needs BENCH_KEY (a secret key) in the environment.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local key = os.getenv("BENCH_KEY")

function request()
   local id = next_id()
   local body = string.format(
      '{"firstName":"Bench","lastName":"L%s","email":"%s@bench.example.com","phone":"+1 555 0100",'
      .. '"company":"Acme","source":"website","city":"Berlin"}', id, id)
   return wrk.format("POST", "/api/v1/leads",
      {["Content-Type"] = "application/json", ["X-API-Key"] = key}, body)
end
