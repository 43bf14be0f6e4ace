-- POST a different ~300-character comment each time (a new mix of sentences: the spam
-- filter holds repeated texts as a flood), from a pool of client addresses in X-Forwarded-For
-- (Margin runs with TRUSTED_PROXIES=1 and raised limits for the run).
local counter = 0
local thread_id = 0
local sentences = {
   "I think the council got the timing of the closure wrong.",
   "My commute over the bridge doubled last winter, so this matters to us.",
   "The engineers' survey should be published in full before any vote.",
   "Thanks for reporting this so carefully.",
   "I would like to know who pays for the repairs if the estimate is wrong again.",
   "The ferry is no real alternative for cyclists or anyone with a pram.",
   "We went to the consultation and nobody mentioned the weekend detour.",
   "Good article, but the budget figures from last year are missing.",
   "Residents on the quay have asked about the noise for months.",
   "Could you follow up on the inquiry minutes when they come out?",
   "The tender process looked rushed from the start, in my view.",
   "I remember when the last closure ran three months over schedule.",
   "Maintenance was put off for a decade, and now everyone is surprised.",
   "Does anyone know whether the buses will run more often during the works?",
   "It is a fair point that the river traffic needs the bridge raised too.",
   "My neighbour is an engineer and says steel work like this always takes longer."}

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
