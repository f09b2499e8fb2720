-- Mixed traffic for bench/soak: each request is the next of a fixed cycle of valid and invalid calls.
-- Usage: wrk ... -s bench/wrk/mixed.lua URL -- USER_TOKEN ADMIN_TOKEN BAD_SIGNATURE_TOKEN WRONG_AUDIENCE_TOKEN
-- When the run ends it prints "STATUS code count" for every status seen, and "ERRORS connect read write timeout".
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

local cycle = {}
local position = 0
statuses = {}

function init(args)
   local user, admin, bad, other = args[1], args[2], args[3], args[4]
   local function call(path, token)
      local headers = {}
      if token then headers["Authorization"] = "Bearer " .. token end
      return wrk.format("GET", path, headers)
   end
   cycle = {
      call("/api/messages/public"),                  -- 200
      call("/api/messages/protected", user),         -- 200
      call("/api/messages/admin", admin),            -- 200
      call("/api/messages/admin", user),             -- 403
      call("/api/messages/protected"),               -- 401 missing
      call("/api/messages/protected", bad),          -- 401 bad signature
      call("/api/messages/admin", other),            -- 401 wrong audience
      call("/api/messages/unknown"),                 -- 404
   }
end

function request()
   position = position % #cycle + 1
   return cycle[position]
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local totals = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         totals[status] = (totals[status] or 0) + count
      end
   end
   for status, count in pairs(totals) do
      io.write(string.format("STATUS %d %d\n", status, count))
   end
   local e = summary.errors
   io.write(string.format("ERRORS %d %d %d %d\n", e.connect, e.read, e.write, e.timeout))
   io.write(string.format("LATENCY p50_ms=%.2f p99_ms=%.2f requests=%d\n",
                          latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests))
end
