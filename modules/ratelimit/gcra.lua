-- One GCRA step, atomically: gcra() of gcra.go, line for line, on the
-- server's clock. All quantities are integer microseconds below 2^53, so
-- Lua's doubles hold them exactly (Config.Validate keeps them there).
--
-- KEYS[1]  the key's theoretical arrival time (TAT), absent when at rest
-- ARGV[1]  emission interval
-- ARGV[2]  tolerance: interval * burst
-- ARGV[3]  now; empty in production, where the server's TIME is the one
--          clock every instance shares. Tests pass a fake one.
-- Returns {allowed (0 or 1), remaining, retry_after, reset_after}.

local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local now
if ARGV[3] == "" then
  -- Redis before 5 replicated scripts verbatim and refused a write after
  -- TIME; replicating the effects instead is the default since.
  if redis.replicate_commands then redis.replicate_commands() end
  local t = redis.call("TIME")
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[3])
end

local stored = redis.call("GET", KEYS[1])
local tat = now
if stored then
  tat = tonumber(stored)
  if not tat then
    return redis.error_reply("ratelimit: " .. KEYS[1] .. " does not hold a TAT")
  end
  if tat < now then tat = now end
end

local new_tat = tat + interval
local diff = now - (new_tat - tolerance)
if diff < 0 then
  return {0, 0, -diff, tat - now}
end

-- Integer division: the double quotient may round up to the next integer.
local remaining = math.floor(diff / interval)
if remaining * interval > diff then remaining = remaining - 1 end
local reset_after = new_tat - now
-- %.0f, not tostring: Lua 5.1 prints 14 significant digits.
redis.call("SET", KEYS[1], string.format("%.0f", new_tat),
  "PX", string.format("%.0f", math.ceil(reset_after / 1000)))
return {1, remaining, 0, reset_after}
