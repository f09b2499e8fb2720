-- Sends each request with the next token of a file (one token per line), so that the server sees many distinct
-- valid tokens. Usage: wrk ... -s bench/wrk/rotate-tokens.lua URL -- TOKEN_FILE
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local threads_started = 0

function setup(thread)
   thread:set("thread_index", threads_started)
   threads_started = threads_started + 1
end

local requests = {}
local next_index = 0

function init(args)
   for line in io.lines(args[1]) do
      if #line > 0 then
         requests[#requests + 1] = wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. line })
      end
   end
   -- Threads start at different places in the file, so they do not send the same token at the same time.
   next_index = (thread_index * 7919) % #requests
end

function request()
   next_index = next_index % #requests + 1
   return requests[next_index]
end
