#!/bin/bash
# The long tail's yardstick (issue 18): nginx serving the same article pages as static files.
# Saves every published article page of DB as Gazette answers it (no gzip), under its path, into
# OUT/www-<hash> (kept for later runs), then serves that folder with nginx (bench/nginx-static.conf.in,
# one worker) and runs the load of bench/miss-load.sh: 10 s of `wrk -t1 -c50` over the same URLs
# in the same order (bench/urls.lua). Prints the same line as bench/miss-load.sh, with nginx's CPU
# (master and worker) per request. Run it beside bench/miss-load.sh on the same database:
#   bench/miss-nginx.sh BIN DB LABEL [DURATION]      (needs nginx and wrk: apt-get install nginx wrk)
set -euo pipefail
BIN=$1 DB=$2 LABEL=$3 DUR=${4:-10s}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-/tmp/gazette-miss}; mkdir -p "$OUT"
KEY=$(echo "$DB" | md5sum | cut -c1-8)
URLS=$OUT/urls-$KEY.txt WWW=$OUT/www-$KEY
Q="SELECT '/' || slug || '-' || id || '.html' FROM articles WHERE status = 'published'"
if [ ! -s "$URLS" ]; then
  case "$DB" in
    postgresql://*) "${PSQL:-psql}" -At "$DB" -c "$Q" >"$URLS" ;;
    *) sqlite3 "$DB" "$Q" >"$URLS" ;;
  esac
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
if [ ! -f "$WWW/.complete" ]; then
  PORT=$(free_port)
  "$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 1 --log-level warn >"$OUT/save-$KEY.log" 2>&1 &
  SPID=$!
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
  rm -rf "$WWW"; mkdir -p "$WWW"
  python3 - "$PORT" "$URLS" "$WWW" <<'PY' || { kill $SPID; exit 1; }
import http.client, os, sys
port, urls, www = int(sys.argv[1]), sys.argv[2], sys.argv[3]
c = http.client.HTTPConnection("127.0.0.1", port)
n = 0
for path in open(urls, encoding="utf-8"):
    path = path.strip()
    if not path:
        continue
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit("miss-nginx: %s answered %d" % (path, r.status))
    with open(os.path.join(www, path.lstrip("/")), "wb") as f:
        f.write(body)
    n += 1
print("miss-nginx: saved %d pages" % n, file=sys.stderr)
PY
  kill $SPID; wait $SPID 2>/dev/null || true
  touch "$WWW/.complete"
fi
chmod -R a+rX "$WWW"
RUN=$(mktemp -d /tmp/gazette-miss-nginx.XXXXXX); chmod 755 "$RUN"
mkdir -p "$RUN/ngx-static-tmp"
PORT=$(free_port)
sed -e "s|@RUN@|$RUN|g" -e "s|@PORT@|$PORT|g" -e "s|root $RUN/www;|root $WWW;|" \
  -e 's|^worker_processes auto;|worker_processes 1;|' "$HERE/nginx-static.conf.in" >"$RUN/nginx.conf"
nginx -c "$RUN/nginx.conf" -g 'daemon off;' >"$RUN/nginx.log" 2>&1 &
NPID=$!
trap 'kill $NPID 2>/dev/null; wait $NPID 2>/dev/null; rm -rf "$RUN"' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT$(head -1 "$URLS")" && break; sleep 0.1; done
ticks() { for p in "$NPID" $(pgrep -P "$NPID"); do awk '{ sub(/^.*\) /, ""); print $12 + $13 }' /proc/"$p"/stat; done | awk '{ s += $1 } END { print s + 0 }'; }
mem() { for p in $(pgrep -P "$NPID"); do awk '/^VmRSS:/ { printf "worker VmRSS %.1f MB ", $2 / 1024 }' /proc/"$p"/status; done; }
C0=$(ticks)
BENCH_URLS=$URLS timeout 300 wrk -t1 -c50 -d"$DUR" --timeout 10s --latency -s "$HERE/urls.lua" \
  "http://127.0.0.1:$PORT/" >"$OUT/wrk-$LABEL.txt" 2>&1
C1=$(ticks)
W=$OUT/wrk-$LABEL.txt
N=$(awk '/requests in/ { print $1 }' "$W")
echo "$LABEL | load $(cut -d' ' -f1 /proc/loadavg) | $(mem)|" \
  "req/s $(awk '/^Requests\/sec:/ { print $2 }' "$W") p50 $(awk '$1 == "50%" { print $2 }' "$W")" \
  "p99 $(awk '$1 == "99%" { print $2 }' "$W") non-2xx $(awk '/Non-2xx/ { print $NF }' "$W" | grep . || echo 0) |" \
  "nginx CPU us/request $(awk -v a="$C0" -v b="$C1" -v n="$N" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) * 1e6 / hz / n }')"
