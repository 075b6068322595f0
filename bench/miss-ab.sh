#!/bin/bash
# The long tail beside nginx, interleaved (issue 18): on a machine whose speed swings by half from
# minute to minute (a shared virtual machine), runs one after another, round after round, SLICE of
# `wrk -t1 -c50` (bench/urls.lua's order, a crawler's User-Agent: no view counted) against nginx
# serving the same pages as static files (bench/miss-nginx.sh saves them) and against each
# Gazette build given (`serve --threads 1`), so that every contender meets the same slow and fast
# minutes. Prints per contender the requests, the requests a second over its slices and the CPU
# a request of its processes (utime + stime from /proc), then each build's rate as a share of
# nginx's. A page is kept in Gazette's cache for a second, and each slice starts the URL list
# again, so every slice after the first renders its pages again (a page not in the cache, as
# bench/miss-load.sh measures).
#   bench/miss-ab.sh DB ROUNDS SLICE BIN[:SHARE][@DB2] [BIN[:SHARE][@DB2]...]
# SHARE: the tree whose theme and admin the build serves (GAZETTE_SHARE; default the repository).
# DB2: a copy of DB (the same articles, e.g. with another page size) that this contender serves
# instead of DB; nginx serves the pages saved from DB either way.
# Example: bench/miss-ab.sh /tmp/h.db 8 2s build-bench/src/gazette /tmp/old/build/src/gazette:/tmp/old
set -euo pipefail
DB=$1 ROUNDS=$2 SLICE=$3
shift 3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${OUT:-/tmp/gazette-miss}; mkdir -p "$OUT"
KEY=$(echo "$DB" | md5sum | cut -c1-8)
URLS=$OUT/urls-$KEY.txt WWW=$OUT/www-$KEY
if [ ! -f "$WWW/.complete" ]; then # the static pages, saved once by the first build
  B=${1%@*}
  "$HERE/miss-nginx.sh" "${B%%:*}" "$DB" save 1s >/dev/null
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RUN=$(mktemp -d /tmp/gazette-miss-ab.XXXXXX); chmod 755 "$RUN"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$RUN"' EXIT
NAMES=(nginx) PORTS=() MAIN=()
mkdir -p "$RUN/ngx-static-tmp"
P=$(free_port)
sed -e "s|@RUN@|$RUN|g" -e "s|@PORT@|$P|g" -e "s|root $RUN/www;|root $WWW;|" \
  -e 's|^worker_processes auto;|worker_processes 1;|' "$HERE/nginx-static.conf.in" >"$RUN/nginx.conf"
nginx -c "$RUN/nginx.conf" -g 'daemon off;' >"$RUN/nginx.log" 2>&1 &
PIDS+=($!) PORTS+=("$P") MAIN+=($!)
for spec in "$@"; do
  CDB=$DB
  case "$spec" in *@*) CDB=${spec##*@} spec=${spec%@*} ;; esac
  BIN=${spec%%:*} SHARE=$ROOT
  [ "$spec" != "$BIN" ] && SHARE=${spec#*:}
  P=$(free_port)
  GAZETTE_SHARE=$SHARE "$BIN" serve --db "$CDB" --listen "127.0.0.1:$P" --threads 1 \
    --log-level warn >"$RUN/serve-${#PORTS[@]}.log" 2>&1 &
  NAME=$BIN
  [ "$CDB" != "$DB" ] && NAME="$BIN@$(basename "$CDB")"
  PIDS+=($!) PORTS+=("$P") MAIN+=($!) NAMES+=("$NAME")
done
for p in "${PORTS[@]}"; do
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$p$(head -1 "$URLS")" && break; sleep 0.1; done
done
ticks() { for p in "$1" $(pgrep -P "$1"); do awk '{ sub(/^.*\) /, ""); print $12 + $13 }' /proc/"$p"/stat; done | awk '{ s += $1 } END { print s + 0 }'; }
# pages read a minute ago may be on disk again (bench/warm.sh); each contender's slices then keep
# its own in memory
DBS=("$DB"); for spec in "$@"; do case "$spec" in *@*) DBS+=("${spec##*@}") ;; esac; done
"$HERE/warm.sh" "$WWW" "${DBS[@]}"
declare -a REQ CPU SEC
for i in "${!PORTS[@]}"; do REQ[i]=0 CPU[i]=0 SEC[i]=0; done
for _ in $(seq 1 "$ROUNDS"); do
  for i in "${!PORTS[@]}"; do
    t0=$(ticks "${MAIN[i]}")
    BENCH_URLS=$URLS wrk -t1 -c50 -d"$SLICE" --timeout 10s -H "User-Agent: Googlebot/2.1" \
      -s "$HERE/urls.lua" "http://127.0.0.1:${PORTS[i]}/" >"$RUN/wrk.txt"
    t1=$(ticks "${MAIN[i]}")
    n=$(awk '/requests in/ { print $1 }' "$RUN/wrk.txt")
    s=$(awk '/requests in/ { v = $4; sub(/,$/, "", v); if (v ~ /ms$/) v = v / 1000; else if (v ~ /m$/) v = v * 60; else v = v + 0; print v }' "$RUN/wrk.txt")
    bad=$(awk '/Non-2xx/ { print $NF }' "$RUN/wrk.txt")
    [ -n "$bad" ] && echo "miss-ab: ${NAMES[i]}: $bad answers not 2xx" >&2
    REQ[i]=$((REQ[i] + n)) CPU[i]=$((CPU[i] + t1 - t0))
    SEC[i]=$(awk -v a="${SEC[i]}" -v b="$s" 'BEGIN { print a + b }')
  done
done
HZ=$(getconf CLK_TCK)
printf '%-44s %10s %10s %14s %9s\n' contender requests 'req/s' 'CPU us a req' 'of nginx'
for i in "${!PORTS[@]}"; do
  awk -v name="${NAMES[i]}" -v n="${REQ[i]}" -v c="${CPU[i]}" -v s="${SEC[i]}" -v hz="$HZ" \
    -v n0="${REQ[0]}" -v s0="${SEC[0]}" 'BEGIN {
      printf "%-44s %10d %10.0f %14.1f %8.0f%%\n", substr(name, length(name) > 44 ? length(name) - 43 : 1),
        n, n / s, c * 1e6 / hz / n, 100 * (n / s) / (n0 / s0) }'
done
