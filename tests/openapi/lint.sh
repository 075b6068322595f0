#!/bin/bash
# Lints docs/openapi.json with an independent validator, Redocly CLI (npm devDependency), using the
# recommended rules as errors (redocly.yaml). Skipped (exit 77) only when Node.js is absent.
set -u
ROOT=${GAZETTE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT" || exit 1
if ! command -v node >/dev/null 2>&1; then
	echo "SKIP: node not found (apt-get install nodejs npm): docs/openapi.json is not linted"
	exit 77
fi
CLI=node_modules/@redocly/cli/bin/cli.js
if [ ! -f "$CLI" ]; then
	echo "expected Redocly CLI in $ROOT/$CLI (npm ci at the repository root; make test does it), found none"
	echo "0 passed, 1 failed"
	exit 1
fi
# no telemetry nor update check: nothing leaves the machine during tests
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
out=$(node "$CLI" lint --config redocly.yaml --format stylish docs/openapi.json 2>&1)
rc=$?
echo "$out"
if [ $rc -ne 0 ] || echo "$out" | grep -qE 'You have [0-9]+ (warning|error)'; then
	echo "expected redocly lint to pass docs/openapi.json with no problem, got exit $rc (above)"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "1 passed, 0 failed"
