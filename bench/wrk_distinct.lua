-- Every request asks for a URL of its own: the command line's URL with "<run>-<thread>-<n>.png"
-- appended, so that no two requests share a cache entry or a fetch (the cache's miss path), nor any
-- request one of an earlier run's (run: the first argument after "--", one per wrk run). Reports
-- like wrk_report.lua, which it loads from beside itself.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "wrk_report.lua")

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local prefix
local n = 0

function init(args)
  prefix = wrk.path .. (args[1] or "run") .. "-" .. id .. "-"
end

function request()
  n = n + 1
  return wrk.format(nil, prefix .. n .. ".png")
end
