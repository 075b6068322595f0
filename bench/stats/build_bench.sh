#!/bin/sh
# Builds bench_stats against the static libraries of a meson build dir (default build).
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-$ROOT/build}
cc -O2 -std=c11 -D_DEFAULT_SOURCE -I"$ROOT/src" -o "$B/bench_stats" "$ROOT/bench/stats/bench_stats.c" \
  -Wl,--start-group "$B/src/store/libgzstore.a" "$B/src/search/libgzsearch.a" "$B/src/sanitize/libgzsanitize.a" \
  "$B/src/libgzescape.a" "$B/src/vi/libgzvi.a" "$B/src/core/libgzcore.a" -Wl,--end-group \
  $(pkg-config --libs sqlite3 libpq gumbo libutf8proc glib-2.0 libsodium) -lm -lpthread
echo "$B/bench_stats"
