#!/bin/bash
# Instructions (callgrind) per article page not in the cache (issue 18). Starts BIN serve under
# callgrind (sandbox off: seccomp and valgrind do not mix) on an existing SQLite database (or a
# PostgreSQL URL: then only Gazette's own part is counted, not the server's), asks
# for 300 pages to warm up (so that every category's list of newest is read before), zeroes the
# counters, requests N different articles (every 97th published one from the 1000th) once each
# over one keep-alive connection, dumps and prints
# the total (every thread: the view and visitor flushes too) and the handler's part. The site's
# snapshot is read again each second, which under valgrind is every few pages: build with
# -Dc_args=-DSNAP_MAX_AGE=3600 for the cost of a page at full speed (docs/BENCHMARKS.md).
#   bench/callgrind-miss.sh BIN DB N OUTPREFIX
set -euo pipefail
BIN=$1 DB=$2 N=$3 OUT=$4
URLS=$OUT.urls
Q="SELECT '/' || slug || '-' || id || '.html' FROM articles WHERE status = 'published' ORDER BY id"
case "$DB" in
  postgres://* | postgresql://*) psql -At "$DB" -c "$Q" >"$URLS" ;; # Gazette's own part only
  *) sqlite3 "$DB" "$Q" >"$URLS" ;;
esac
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
valgrind --tool=callgrind --callgrind-out-file="$OUT.%p" --dump-instr=no "$BIN" serve --db "$DB" \
  --listen "127.0.0.1:$PORT" --threads 1 --sandbox off --log-level warn >"$OUT.log" 2>&1 &
VPID=$!
trap 'kill $VPID 2>/dev/null; wait $VPID 2>/dev/null' EXIT
for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.5; done
fetch() { # PORT LIST: each path once over one connection, as a reader (views counted)
	python3 - "$1" "$2" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
codes = {}
for path in (l.strip() for l in open(sys.argv[2]) if l.strip()):
    c.request("GET", path); r = c.getresponse(); r.read(); codes[r.status] = codes.get(r.status, 0) + 1
print("answers", codes)
PY
}
# Warm up the way the pages are measured, so that the connections (the view flusher's too) are open
head -300 "$URLS" >"$OUT.warm"
fetch "$PORT" "$OUT.warm" >/dev/null
sleep 3
callgrind_control -z $VPID >/dev/null
awk -v n="$N" 'NR >= 1000 && (NR - 1000) % 97 == 0 && k < n { print; k++ }' "$URLS" >"$OUT.list"
fetch "$PORT" "$OUT.list"
callgrind_control -d $VPID >/dev/null
sleep 1
F=$(ls -t "$OUT".*.1 | head -1)
T=$(callgrind_annotate "$F" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
# The serving thread's handler alone: the view flusher's share depends on how often it ran
H=$(callgrind_annotate --inclusive=yes --threshold=100 "$F" 2>/dev/null |
	awk '/:on_request / && !h { gsub(",", "", $1); h = $1 } END { print h + 0 }')
echo "$F: $T instructions, $((T / N)) per page; the handler (on_request) $((H / N)) per page"
