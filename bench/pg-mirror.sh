#!/bin/bash
# PostgreSQL with its search mirror beside SQLite (issue 18; docs/BENCHMARKS.md, "PostgreSQL with
# its search mirror by default"). Run inside a throw-away cluster:
#   python3 tests/support/pgcluster.py run -- bench/pg-mirror.sh BIN SQLITE_DB ARTICLES.jsonl [OLD_BIN]
# Imports ARTICLES (the file SQLITE_DB was made from, e.g. bench/gen-articles.py's) into the
# cluster, makes the mirror once (a server started and stopped: the time and size are printed),
# then alternates: two rounds of bench/search/http.sh (SQLite, then PostgreSQL with the mirror for
# OLD_BIN if given and BIN), two of bench/miss-load.sh for a crawler and two for readers (SQLite,
# then PostgreSQL with the mirror), and one round of PostgreSQL without it. Everything warm: each
# measurement reads its files first (bench/warm.sh).
# OLD_BIN serves the checkout's theme (GAZETTE_SHARE), so a copied program works.
set -eu
NEW=$(realpath "$1") SQ=$(realpath "$2") ARTICLES=$3 OLD=${4:+$(realpath "$4")}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
URL=${GAZETTE_TEST_PG_URL:?run inside tests/support/pgcluster.py run --}
export PGDATA=$(echo "$GAZETTE_TEST_PG_STOP" | sed -n 's/.* -D \([^ ]*\) .*/\1/p')
WORK=$(mktemp -d /tmp/gazette-pg-mirror.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$NEW" init --db "$URL" >/dev/null
t0=$(date +%s.%N)
"$NEW" import --db "$URL" "$ARTICLES" >"$WORK/import.log" 2>&1
echo "import: $(echo "$(date +%s.%N) - $t0" | bc) s"
psql "$URL" -c "VACUUM ANALYZE" >/dev/null
mkdir "$WORK/m"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
t0=$(date +%s.%N)
(cd "$WORK" && exec "$NEW" serve --db "$URL" --listen "127.0.0.1:$PORT" --search-mirror "$WORK/m/mirror.db" --log-level warn) >"$WORK/make.log" 2>&1 &
P=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
for _ in $(seq 3600); do curl -sf "http://127.0.0.1:$PORT/metrics" | grep -q '^gazette_search_mirror_ready 1' && break; sleep 1; done
echo "mirror made: $(echo "$(date +%s.%N) - $t0" | bc) s, $(du -m "$WORK/m/mirror.db" | cut -f1) MB"
kill $P; wait $P || true
M="--search-mirror $WORK/m/mirror.db"
cd "$ROOT"
for r in 1 2; do
  echo "== round $r: search"
  bench/search/http.sh "$NEW" "$SQ" 3s 1 | sed 's/^/sqlite  /'
  [ -n "$OLD" ] && GAZETTE_SHARE=$ROOT SERVE_ARGS="$M" bench/search/http.sh "$OLD" "$URL" 3s 1 | sed 's/^/pgm-old /'
  SERVE_ARGS="$M" bench/search/http.sh "$NEW" "$URL" 3s 1 | sed 's/^/pgm     /'
done
for who in crawler readers; do
  for r in 1 2; do
    echo "== round $r: long tail, $who"
    UA=$([ $who = crawler ] && echo Googlebot/2.1 || true) bench/miss-load.sh "$NEW" "$SQ" sq 6s
    SERVE_ARGS="$M" UA=$([ $who = crawler ] && echo Googlebot/2.1 || true) bench/miss-load.sh "$NEW" "$URL" pgm 6s
  done
done
echo "== PostgreSQL without the mirror"
bench/search/http.sh "$NEW" "$URL" 3s 1 | sed 's/^/pg      /'
UA=Googlebot/2.1 bench/miss-load.sh "$NEW" "$URL" pg 6s
