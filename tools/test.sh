#!/bin/bash
# Runs every suite in the normal and the sanitiser build, then the layout check, and ends with one
# line "N passed, M failed" (N and M counted over all of them).
set -u
cd "$(dirname "$0")/.."
BUILD=${1:-build}
ASAN=${2:-build-asan}
passed=0
failed=0
failures=()

count() { # $1 = name, $2 = meson test log (testlog.json): adds up the test cases of each suite
	local out ok fail
	out=$(tools/test-count.py "$2") || { failed=$((failed + 1)); failures+=("$1: no test log"); return; }
	read -r ok fail <<<"$(echo "$out" | head -1)"
	passed=$((passed + ok))
	failed=$((failed + fail))
	if [ "$fail" != 0 ]; then
		failures+=("$1: $(echo "$out" | tail -n +2 | tr '\n' ' ')")
	fi
}

suite() { # $1 = build dir, $2 = label, $3.. = meson setup options
	local dir=$1 label=$2
	shift 2
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >/dev/null || { failed=$((failed + 1)); failures+=("$label: meson setup"); return; }
	fi
	if ! ninja -C "$dir" >"$dir/gazette-build.log" 2>&1; then
		cat "$dir/gazette-build.log"
		failed=$((failed + 1))
		failures+=("$label: build")
		return
	fi
	echo "== $label"
	meson test -C "$dir" --print-errorlogs --num-processes 2
	count "$label" "$dir/meson-logs/testlog.json"
}

suite "$BUILD" "normal build" --buildtype=debugoptimized
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	suite "$ASAN" "ASan+UBSan build" --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

echo "== clang-format"
if clang-format --dry-run -Werror $(git ls-files '*.c' '*.h') 2>/dev/null; then
	passed=$((passed + 1))
else
	clang-format --dry-run -Werror $(git ls-files '*.c' '*.h') 2>&1 | head -20
	failed=$((failed + 1))
	failures+=("clang-format: files need formatting (make format)")
fi

for f in "${failures[@]+"${failures[@]}"}"; do echo "FAILED: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
