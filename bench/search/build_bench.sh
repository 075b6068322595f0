#!/bin/sh
# Builds bench_query against the static libraries of a meson build dir (default build-search).
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-$ROOT/build-search}
cc -O2 -std=c11 -D_DEFAULT_SOURCE -I"$ROOT/src" -o "$B/bench_query" "$ROOT/bench/search/bench_query.c" \
  "$B/src/store/libgzstore.a" "$B/src/search/libgzsearch.a" "$B/src/sanitize/libgzsanitize.a" \
  "$B/src/libgzescape.a" "$B/src/vi/libgzvi.a" "$B/src/core/libgzcore.a" \
  $(pkg-config --libs sqlite3 libpq gumbo libutf8proc glib-2.0 libsodium) -lm -lpthread
echo "$B/bench_query"
