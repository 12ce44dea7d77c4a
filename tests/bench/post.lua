-- wrk script: each request posts one new response snapshot with a unique id,
-- as a shopper's widget does (text/plain, no preflight).
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + (tid or 0) * 7919)
  prefix = string.format("%08x", math.random(0, 0x7fffffff))
end

-- The request is formatted once around a placeholder id; each request only
-- splices in its own id (same length, so Content-Length holds). That keeps
-- wrk's own CPU per request low: it shares the cores with the collector.
local head, tail

local function template()
  local placeholder = string.rep("X", 36)
  local body = '{"responses":[{"response_id":"' .. placeholder .. '","revision":2,"survey_id":"cart-exit","status":"completed",' ..
    '"answers":{"reason":"price","nps":9},"shown_at":"2026-11-22T10:00:00.000Z","updated_at":"2026-11-22T10:00:09.000Z",' ..
    '"visitor_id":"v_bench","session_id":"s_bench","trigger":"exit_intent","stage":"cart","device":"desktop","locale":"en",' ..
    '"page_url":"https://shop.example/cart","context":{"cart_value":84.5,"currency":"EUR"}}]}'
  local req = wrk.format("POST", "/v1/sites/demo/responses", { ["Content-Type"] = "text/plain;charset=UTF-8" }, body)
  local at = string.find(req, placeholder, 1, true)
  return string.sub(req, 1, at - 1), string.sub(req, at + #placeholder)
end

request = function()
  if not head then head, tail = template() end
  counter = counter + 1
  return head .. prefix .. string.format("-7c5d-7b1e-9f00-%012x", counter) .. tail
end

done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("BENCH requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, non2xx))
end
