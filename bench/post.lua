-- POST a different ~300-character comment each time (a new mix of sentences: the spam
-- filter holds repeated texts as a flood), from a pool of client addresses in X-Forwarded-For
-- (Margin runs with TRUSTED_PROXIES=1 and raised limits for the run).
local counter = 0
local thread_id = 0
-- One sentence per line, written by bench/run.py from bench/data.py's SENTENCES.
local sentences = {}
for line in io.lines(os.getenv("BENCH_POST_SENTENCES")) do
   sentences[#sentences + 1] = line
end

function setup(thread)
   thread_id = thread_id + 1
   thread:set("tid", thread_id)
end

function init(args)
   tid = tonumber(wrk.thread:get("tid")) or 0
   math.randomseed(tid * 7919 + os.time())
end

local function sentence()
   return sentences[math.random(#sentences)]
end

function request()
   counter = counter + 1
   local parts = {"*Comment " .. counter .. ".* " .. sentence()}
   local length = #parts[1]
   while length < 280 do
      local next_one = sentence()
      parts[#parts + 1] = next_one
      length = length + #next_one + 1
   end
   local body = string.format(
      '{"thread":"%s","author":"Bench Reader %d","email":"bench%d@example.com",' ..
      '"body":"%s"}',
      os.getenv("BENCH_POST_THREAD") or "/bench/post", counter % 50, counter % 50,
      table.concat(parts, " "))
   local ip = string.format("10.%d.0.%d", tid % 250, counter % 64 + 1)
   return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                                   ["X-Forwarded-For"] = ip}, body)
end
