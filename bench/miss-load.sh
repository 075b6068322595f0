#!/bin/bash
# The long tail (issue 18): `gazette serve --threads 1` (THREADS=n: n) on an existing database, 10 s of
# `wrk -t1 -c50` over every published article URL in bench/urls.lua's fixed order (no gzip, so
# nearly every request is a page not in the cache), then one line: the load average, VmRSS /
# RssAnon / RssFile before and after the load (from /proc/PID/status), wrk's req/s, p50 and p99,
# and the server's CPU (utime + stime from /proc/PID/stat) per request.
#   bench/miss-load.sh BIN DB LABEL [DURATION]     DB: a SQLite path or a postgresql:// URL
# UA="Googlebot/2.1" sends that User-Agent: a crawler's visits are not counted as views, so the run
# shows what a page costs without the view counter's writes (readers' views are written every
# second: an article row, its place in the views index and its day's row, each a page of WAL).
# With a PostgreSQL URL, PGDATA=<the cluster's data folder> also adds the CPU of the postmaster
# and its children per request. The URL list is read with sqlite3 or psql (PSQL=path).
# SEARCH_FIRST=1 runs 1 s of each of five searches (bench/gen-articles.py's vocabulary) before the
# load, so that "idle" is the resident size after them and "after" what the long tail adds to a
# server that searched (the search connections' page caches).
# SERVE_ARGS adds flags to `serve` (SERVE_ARGS="--search-mirror /path/m.db": PostgreSQL's pages and
# searches from the node's mirror; the script waits until the server reports it ready, and the line
# ends with how many of the run's pages the mirror answered and how many PostgreSQL did).
set -euo pipefail
BIN=$1 DB=$2 LABEL=$3 DUR=${4:-10s}
# the server runs in a folder of its own (its working folder's defaults: media-cache/, search-mirror/)
BIN=$(realpath "$BIN")
case "$DB" in postgres*://* | /*) ;; sqlite:/*) ;; sqlite:*) DB=sqlite:$(pwd)/${DB#sqlite:} ;; *) DB=$(pwd)/$DB ;; esac
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-/tmp/gazette-miss}; mkdir -p "$OUT"
URLS=$OUT/urls-$(echo "$DB" | md5sum | cut -c1-8).txt
Q="SELECT '/' || slug || '-' || id || '.html' FROM articles WHERE status = 'published'"
if [ ! -s "$URLS" ]; then
  case "$DB" in
    postgresql://*) "${PSQL:-psql}" -At "$DB" -c "$Q" >"$URLS" ;;
    *) sqlite3 "$DB" "$Q" >"$URLS" ;;
  esac
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# PostgreSQL's own answers unless SERVE_ARGS names a mirror (the server's default, auto, would make
# one in its working folder and answer from it once made, partway through the run).
case "$DB:${SERVE_ARGS:-}" in
  postgres*://*--search-mirror*) ;;
  postgres*://*) SERVE_ARGS="${SERVE_ARGS:-} --search-mirror off" ;;
esac
(cd "$OUT" && exec "$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads "${THREADS:-1}" --log-level warn ${SERVE_ARGS:-}) >"$OUT/serve-$LABEL.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
metric() { curl -sf "http://127.0.0.1:$PORT/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
case ${SERVE_ARGS:-} in
  *"--search-mirror off"*) ;;
  *--search-mirror*)
    for _ in $(seq 3600); do [ "$(metric gazette_search_mirror_ready)" = 1 ] && break; sleep 1; done ;;
esac
sleep 1
mem() { awk '/^(VmRSS|RssAnon|RssFile):/ { printf "%s %.1f ", $1, $2 / 1024 }' /proc/$PID/status; }
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' /proc/"$1"/stat 2>/dev/null || echo 0; }
pg_ticks() {
  [ -n "${PGDATA:-}" ] || { echo 0; return; }
  local pm; pm=$(head -1 "$PGDATA/postmaster.pid")
  for p in $pm $(pgrep -P "$pm"); do ticks "$p"; done | awk '{ s += $1 } END { print s + 0 }'
}
if [ -n "${SEARCH_FIRST:-}" ]; then
  for q in "huy%E1%BB%87n" "phong+tr%C3%A0o" "n%C3%B4ng+th%C3%B4n" "doanh+nghi%E1%BB%87p" "%22x%C3%A2y+d%E1%BB%B1ng%22"; do
    wrk -t1 -c1 -d1s "http://127.0.0.1:$PORT/tim-kiem?q=$q" >/dev/null
  done
fi
"$HERE/warm.sh" "$DB" # pages read a minute ago may be on disk again (bench/warm.sh)
MP0=$(metric gazette_search_mirror_pages_total); MQ0=$(metric gazette_search_mirror_pages_passed_total)
IDLE=$(mem); C0=$(ticks $PID); P0=$(pg_ticks)
UAH=(); [ -n "${UA:-}" ] && UAH=(-H "User-Agent: $UA")
BENCH_URLS=$URLS timeout 300 wrk -t1 -c50 -d"$DUR" --timeout 10s --latency "${UAH[@]}" -s "$HERE/urls.lua" \
  "http://127.0.0.1:$PORT/" >"$OUT/wrk-$LABEL.txt" 2>&1
C1=$(ticks $PID); P1=$(pg_ticks); AFTER=$(mem)
MP1=$(metric gazette_search_mirror_pages_total); MQ1=$(metric gazette_search_mirror_pages_passed_total)
W=$OUT/wrk-$LABEL.txt
N=$(awk '/requests in/ { print $1 }' "$W")
HZ=$(getconf CLK_TCK)
echo "$LABEL | load $(cut -d' ' -f1 /proc/loadavg) | idle: $IDLE| after: $AFTER|" \
  "req/s $(awk '/^Requests\/sec:/ { print $2 }' "$W") p50 $(awk '$1 == "50%" { print $2 }' "$W")" \
  "p99 $(awk '$1 == "99%" { print $2 }' "$W") non-2xx $(awk '/Non-2xx/ { print $NF }' "$W" | grep . || echo 0) |" \
  "server CPU us/request $(awk -v a="$C0" -v b="$C1" -v n="$N" -v hz="$HZ" 'BEGIN { printf "%.1f", (b - a) * 1e6 / hz / n }')" \
  "$( [ -n "${PGDATA:-}" ] && awk -v a="$P0" -v b="$P1" -v n="$N" -v hz="$HZ" 'BEGIN { printf "| PostgreSQL CPU us/request %.1f", (b - a) * 1e6 / hz / n }')" \
  "$( [ -n "${SERVE_ARGS:-}" ] && echo "| mirror pages $((${MP1:-0} - ${MP0:-0})), PostgreSQL's $((${MQ1:-0} - ${MQ0:-0}))")"
