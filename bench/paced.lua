-- Pace each connection: after every answer wait an exponentially distributed time (mean
-- BENCH_MEAN_DELAY_MS), so the connections together send about the target rate as
-- independent arrivals, and latency is measured below saturation, not queueing.
local mean_ms = tonumber(os.getenv("BENCH_MEAN_DELAY_MS"))

function delay()
   return math.floor(-math.log(1 - math.random()) * mean_ms)
end
