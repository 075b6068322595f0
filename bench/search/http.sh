#!/bin/bash
# Search over HTTP (issue 18): `gazette serve --threads 1` on an existing SQLite database (or a
# PostgreSQL one: DB a postgresql:// URL), then for each kind of query a wrk run of DUR with C
# concurrent clients cycling through that kind's queries (`/tim-kiem?q=...`, never cached:
# searches follow writes at once). Prints per kind the searches a second, wrk's p50, p95 and p99,
# and the server's CPU per search (utime+stime from /proc over the run, the figure that holds on a
# shared machine: 1,000,000 / CPU µs is what one thread can answer; on PostgreSQL the database
# server's own CPU is not in it).
# With a PostgreSQL URL, PGDATA=<the cluster's data folder> adds the CPU of the postmaster and its
# children per search (column "PG us/q"; 0 without PGDATA). Ends with the server's resident size.
# With C=1 the percentiles are each search's own time (sequential requests); with more clients they
# include the wait behind the others on the one thread.
# The queries use the vocabulary of bench/gen-articles.py (the database of `PARTS=big bench/run.sh`);
# "dates": words between two dates of its years (2011-2025), most of their matches newer.
# SERVE_ARGS adds flags to `serve` (SERVE_ARGS="--search-mirror /path/m.db": PostgreSQL's searches
# from a search mirror; the script waits until the server reports it ready).
#   bench/search/http.sh BIN DB [DUR=5s] [C=8]          (ONLY="phrase place": those kinds alone)
set -eu
BIN=$1 DB=$2 DUR=${3:-5s} C=${4:-8}
# the server runs in a folder of its own (its working folder's defaults: media-cache/, search-mirror/)
BIN=$(realpath "$BIN")
case "$DB" in postgres*://* | /*) ;; sqlite:/*) ;; sqlite:*) DB=sqlite:$(pwd)/${DB#sqlite:} ;; *) DB=$(pwd)/$DB ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUN=$(mktemp -d /tmp/gazette-search-http.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$RUN"' EXIT
# PostgreSQL's own answers unless SERVE_ARGS names a mirror (the server's default, auto, would make
# one in its working folder and answer from it once made, partway through the run).
case "$DB:${SERVE_ARGS:-}" in
  postgres*://*--search-mirror*) ;;
  postgres*://*) SERVE_ARGS="${SERVE_ARGS:-} --search-mirror off" ;;
esac
(cd "$RUN" && exec "$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 1 ${SERVE_ARGS:-}) >"$RUN/log" 2>&1 &
SPID=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
case ${SERVE_ARGS:-} in
  *"--search-mirror off"*) ;;
  *--search-mirror*)
    for _ in $(seq 3600); do
      curl -sf "http://127.0.0.1:$PORT/metrics" | grep -q '^gazette_search_mirror_ready 1' && break
      sleep 1
    done ;;
esac
case $DB in
  postgres://* | postgresql://*) CAT=$(psql "$DB" -Atc "SELECT id FROM categories WHERE slug = 'kinh-te'") ;;
  *) CAT=$(sqlite3 "$DB" "SELECT id FROM categories WHERE slug = 'kinh-te'") ;;
esac
declare -A KINDS=(
  [1-word]='huyện|phong trào|nông thôn|doanh nghiệp'
  [2-words]='nông dân sản xuất|giáo dục y tế|cải cách hành chính|an sinh việc làm'
  [phrase]='"xây dựng"|"dân vận khéo"|"nông thôn mới"|"chuyển đổi số"'
  [no-diacritics]='nong thon moi|phong trao thi dua|cai cach hanh chinh|chuyen doi so'
  [place]='Dị Chế|Phương Đường|Khoái Châu|Ngọc Thanh'
  [exclusion]='phong trào -thi đua|nông thôn -mới|doanh nghiệp -sản xuất|"xây dựng" -đảng'
  [category]="kinh tế&category=$CAT|hợp tác xã&category=$CAT|\"mô hình hiệu quả\"&category=$CAT|thu nhập&category=$CAT"
  [dates]='huyện&from=2012-01-01&to=2012-12-31|nông thôn&from=2014-03-01&to=2014-05-31|doanh nghiệp&to=2011-12-31|"xây dựng"&from=2016-01-01&to=2016-06-30'
)
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' /proc/"$1"/stat 2>/dev/null || echo 0; }
pg_ticks() {
  [ -n "${PGDATA:-}" ] || { echo 0; return; }
  local pm; pm=$(head -1 "$PGDATA/postmaster.pid")
  for p in $pm $(pgrep -P "$pm"); do ticks "$p"; done | awk '{ s += $1 } END { print s + 0 }'
}
"$HERE/../warm.sh" "$DB" # pages read a minute ago may be on disk again (bench/warm.sh)
printf '%-14s %10s %9s %9s %9s %12s %9s %8s\n' kind searches/s 'p50 ms' 'p95 ms' 'p99 ms' 'CPU us/q' 'PG us/q' non2xx
for kind in ${ONLY:-1-word 2-words phrase no-diacritics place exclusion category dates}; do
  IFS='|' read -r -a qs <<<"${KINDS[$kind]}"
  {
    echo 'local paths = {'
    for q in "${qs[@]}"; do
      python3 -c 'import sys, urllib.parse as u; q, _, rest = sys.argv[1].partition("&"); print("  %r," % ("/tim-kiem?q=" + u.quote(q) + ("&" + rest if rest else "")))' "$q"
    done
    echo '}'
    echo 'local i = 0'
    echo 'request = function() i = i + 1; return wrk.format("GET", paths[i % #paths + 1]) end'
    echo 'done = function(summary, latency, requests) io.write(string.format("P95 %d\\n", latency:percentile(95.0))) end'
  } >"$RUN/$kind.lua"
  wrk -t1 -c"$C" -d1s --timeout 60s -s "$RUN/$kind.lua" "http://127.0.0.1:$PORT" >/dev/null # warm
  t0=$(awk '{ print $14 + $15 }' /proc/$SPID/stat); g0=$(pg_ticks)
  wrk -t1 -c"$C" -d"$DUR" --timeout 60s --latency -s "$RUN/$kind.lua" "http://127.0.0.1:$PORT" >"$RUN/$kind.txt"
  t1=$(awk '{ print $14 + $15 }' /proc/$SPID/stat); g1=$(pg_ticks)
  awk -v k="$kind" -v t0="$t0" -v t1="$t1" -v g="$((g1 - g0))" -v hz="$(getconf CLK_TCK)" '
    /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $NF }
    / 50%/ { p50 = $2 } / 99%/ { p99 = $2 } /^P95 / { p95 = $2 / 1000 }
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    END { if (!n) { printf "%-14s no search answered within the run\n", k; exit }
          printf "%-14s %10.1f %9.2f %9.2f %9.2f %12.0f %9.0f %8d\n", k, rps, ms(p50), p95, ms(p99), (t1 - t0) / hz * 1e6 / n, g / hz * 1e6 / n, bad }' "$RUN/$kind.txt"
done
# The server's resident size after every kind's searches (its search connections' page caches).
awk '/^(VmRSS|RssAnon|RssFile):/ { printf "%s %.1f MB  ", $1, $2 / 1024 } END { print "" }' /proc/$SPID/status
