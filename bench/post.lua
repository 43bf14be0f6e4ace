-- POST a different ~300-character comment each time, from a different client address
-- (Margin runs with TRUSTED_PROXIES=1 so the per-client limit does not cap the run).
local counter = 0
local thread_id = 0

function setup(thread)
   thread_id = thread_id + 1
   thread:set("tid", thread_id)
end

function init(args)
   tid = tonumber(wrk.thread:get("tid")) or 0
   filler = string.rep("The harbour bridge report raises fair questions. ", 6)
end

function request()
   counter = counter + 1
   local body = string.format(
      '{"thread":"%s","author":"Bench Reader %d","email":"bench%d@example.com",' ..
      '"body":"%s (comment %d-%d)"}',
      os.getenv("BENCH_POST_THREAD") or "/bench/post", tid, tid, filler, tid, counter)
   local ip = string.format("10.%d.0.%d", tid % 250,
                            counter % 64 + 1)
   return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                                   ["X-Forwarded-For"] = ip}, body)
end
