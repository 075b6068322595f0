#!/bin/bash
# Reads what a measurement is about to serve once, so that it finds it in the page cache. The
# machines of this workplace page out file pages that no one touched for about a minute (DAMON's
# reclaim: /sys/kernel/mm/damon/admin/kdamonds), so a database or a folder of static pages read a
# few minutes earlier is partly on disk again, and a run over 100,000 articles in random order then
# measures the disk: 3,296 pages a second at 172 us of CPU each, pread and readahead a third of the
# samples, against 14,422 at 74 us right after a read of the file (bench/miss-load.sh, SQLite).
#   bench/warm.sh WHAT...
# WHAT: a file or a folder (every file under it), an SQLite database (PATH or sqlite:PATH, with its
# -wal), or a postgresql:// URL (the cluster's files under $PGDATA/base when PGDATA is set). A
# search mirror named in $SERVE_ARGS (--search-mirror FILE) is read too. Missing paths are skipped.
paths=()
for w in "$@"; do
  case "$w" in
    postgres://* | postgresql://*) [ -n "${PGDATA:-}" ] && paths+=("$PGDATA/base") ;;
    sqlite:*) paths+=("${w#sqlite:}" "${w#sqlite:}-wal") ;;
    *) paths+=("$w" "$w-wal") ;;
  esac
done
# shellcheck disable=SC2086 # the flags, split as the server gets them
set -- ${SERVE_ARGS:-}
while [ $# -gt 0 ]; do
  if [ "$1" = --search-mirror ] && [ $# -gt 1 ]; then
    case "$2" in off | auto | '') ;; *) paths+=("$2" "$2-wal") ;; esac
    shift
  fi
  shift
done
for p in "${paths[@]}"; do
  [ -e "$p" ] && find "$p" -type f -print0 | xargs -0 -r cat >/dev/null
done
exit 0
