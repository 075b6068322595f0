#!/bin/sh
# The search benchmark: imports a synthetic corpus in chunks of 100,000 articles (deterministic from
# SEED) and, after each chunk, measures index size and the query mix's latency percentiles.
#
#   bench/search/run_bench.sh [TOTAL [DIR [BUILD]]]     (defaults: 1000000, ./bench-search, build)
#
# Results go to DIR/results.txt; the import rate is the chunk's articles over its wall time.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOTAL=${1:-1000000}
DIR=${2:-./bench-search}
BUILD=${3:-$ROOT/build}
SEED=${SEED:-1}
CHUNK=${CHUNK:-100000}
ROUNDS=${ROUNDS:-50}
mkdir -p "$DIR"
BIN="$BUILD/src/gazette"
QB=$("$ROOT/bench/search/build_bench.sh" "$BUILD")
DB="$DIR/bench.db"
OUT="$DIR/results.txt"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" init --db "$DB" >/dev/null
{
	echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -sr), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "# sqlite $(pkg-config --modversion sqlite3), seed $SEED, chunk $CHUNK, $ROUNDS rounds x 4 queries per kind"
} >>"$OUT"
done_n=0
while [ "$done_n" -lt "$TOTAL" ]; do
	start=$((done_n + 1))
	t0=$(date +%s.%N)
	python3 "$ROOT/bench/search/gen_corpus.py" --count "$CHUNK" --seed "$SEED" --start "$start" |
		"$BIN" import --db "$DB" - 2>>"$DIR/import.log"
	t1=$(date +%s.%N)
	done_n=$((done_n + CHUNK))
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null 2>&1 || true
	rate=$(echo "$CHUNK / ($t1 - $t0)" | bc)
	fts=$(sqlite3 "$DB" "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_%';" 2>/dev/null || echo "?")
	size=$(stat -c %s "$DB")
	{
		echo "## $done_n articles: import $rate articles/s; database $((size / 1048576)) MB, search index $((${fts:-0} / 1048576)) MB"
		"$QB" "$DB" "$ROUNDS"
	} >>"$OUT"
	tail -9 "$OUT"
done
