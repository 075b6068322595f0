-- wrk script: requests the article paths listed one per line in the file named by
-- $BENCH_URLS, in a fixed pseudo-random order (deterministic: same file, same sequence).
local paths = {}
local f = assert(io.open(os.getenv("BENCH_URLS"), "r"))
for line in f:lines() do if #line > 0 then paths[#paths + 1] = line end end
f:close()
local n, i, step = #paths, 0, 7919
request = function()
  i = (i + step) % n
  return wrk.format("GET", paths[i + 1])
end
