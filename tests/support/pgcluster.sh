#!/bin/sh
# Runs a command against a throw-away PostgreSQL cluster: a shell front end to pgcluster.py.
#
#   tests/support/pgcluster.sh CMD ARGS...
#
# CMD sees GAZETTE_TEST_PG_URL, GAZETTE_TEST_PG_CREATEDB, GAZETTE_TEST_PG_STOP and
# GAZETTE_TEST_PG_START (see pgcluster.py); the cluster is removed afterwards and the script exits
# with CMD's status (77, "skipped", when no PostgreSQL server binaries are installed).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
if [ "$#" -eq 0 ]; then
	echo "usage: $0 CMD ARGS..." >&2
	exit 2
fi
if [ "$1" = "run" ] && [ "${2:-}" = "--" ]; then
	shift 2
fi
exec python3 "$here/pgcluster.py" run -- "$@"
