#!/bin/bash
# Resident size of a server that searched, then served the long tail (issue 18): `gazette serve
# --threads 1` on an existing SQLite database, 1 s of each of five searches (bench/gen-articles.py's
# vocabulary), VmRSS, then 8 s of `wrk -c50` over every published article URL (bench/urls.lua),
# req/s and VmRSS again. Shows what the search's page cache adds to the long tail's resident size.
#   bench/search-then-tail.sh BIN DB
set -euo pipefail
BIN=$1 DB=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-/tmp/gazette-miss}; mkdir -p "$OUT"
URLS=$OUT/urls-$(echo "$DB" | md5sum | cut -c1-8).txt
[ -s "$URLS" ] || sqlite3 "$DB" "SELECT '/' || slug || '-' || id || '.html' FROM articles WHERE status = 'published'" >"$URLS"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 1 --log-level warn >"$OUT/serve-search-tail.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
for q in "huy%E1%BB%87n" "phong+tr%C3%A0o" "n%C3%B4ng+th%C3%B4n" "doanh+nghi%E1%BB%87p" "%22x%C3%A2y+d%E1%BB%B1ng%22"; do
  wrk -t1 -c1 -d1s "http://127.0.0.1:$PORT/tim-kiem?q=$q" >/dev/null
done
echo "after the searches: $(awk '/^VmRSS:/ { printf "VmRSS %.1f MB", $2 / 1024 }' /proc/$PID/status)"
BENCH_URLS=$URLS wrk -t1 -c50 -d8s -s "$HERE/urls.lua" "http://127.0.0.1:$PORT/" >"$OUT/wrk-search-tail.txt"
echo "after the long tail: $(awk '/^VmRSS:/ { printf "VmRSS %.1f MB", $2 / 1024 }' /proc/$PID/status)," \
  "req/s $(awk '/^Requests\/sec:/ { print $2 }' "$OUT/wrk-search-tail.txt")"
