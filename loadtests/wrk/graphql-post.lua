-- wrk script for Surge: sends one fixed request and counts bad answers.
--
-- Request, from environment variables (read once, in each wrk thread):
--   SURGE_WRK_BODY    request body; when set the request is a POST with Content-Type application/json
--                     (a GraphQL request: {"query": ..., "variables": ..., "operationName": ...})
--   SURGE_WRK_AUTH    value of the Authorization header, e.g. "Bearer <key>" (left out when empty)
--   SURGE_WRK_METHOD  overrides the method (default POST with a body, GET without)
-- The URL (and so the path, e.g. /graphql or /health/live) is wrk's own argument.
--
-- Counted per response (on every wrk thread, summed in done()):
--   non2xx     status outside 200..299
--   gqlerrors  2xx whose body contains "errors" (a GraphQL error answered with HTTP 200) or
--              "code" (a userError of a mutation, such as OUT_OF_STOCK)
-- done() prints one machine-readable line that loadtests/ceiling.sh parses:
--   SURGE_WRK responses=<n> non2xx=<n> gqlerrors=<n>
--
-- Note: having a response() callback makes wrk hand every response to Lua, which costs wrk CPU.
-- ceiling.sh uses this same script for the GET ceiling too, so both paths pay the same client cost.

local body = os.getenv("SURGE_WRK_BODY") or ""
local auth = os.getenv("SURGE_WRK_AUTH") or ""
local method = os.getenv("SURGE_WRK_METHOD") or ""

if method == "" then
  method = (body ~= "") and "POST" or "GET"
end

wrk.method = method
wrk.headers["Accept"] = "application/json"
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
if auth ~= "" then
  wrk.headers["Authorization"] = auth
end

-- Main thread: remember every worker thread so done() can read its counters.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Worker threads: counters are globals of each thread's own Lua state.
function init(args)
  responses = 0
  non2xx = 0
  gqlerrors = 0
end

function response(status, headers, resp_body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  elseif resp_body and (string.find(resp_body, '"errors"', 1, true)
      or string.find(resp_body, '"code"', 1, true)) then
    -- A GraphQL error, or a mutation's userError (e.g. OUT_OF_STOCK): both are bad answers here.
    gqlerrors = gqlerrors + 1
  end
end

function done(summary, latency, requests)
  local r, n, g = 0, 0, 0
  for _, t in ipairs(threads) do
    r = r + (t:get("responses") or 0)
    n = n + (t:get("non2xx") or 0)
    g = g + (t:get("gqlerrors") or 0)
  end
  io.write(string.format("SURGE_WRK responses=%d non2xx=%d gqlerrors=%d\n", r, n, g))
end
