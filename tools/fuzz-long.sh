#!/bin/bash
# Runs every libFuzzer target for a given time and keeps what it found.
#   tools/fuzz-long.sh [SECONDS_PER_TARGET] [TARGET...]     (make fuzz-long FUZZ_SECONDS=3600)
# Builds build-fuzz (clang, ASan+UBSan, coverage) first. Each target starts from its corpus in
# tests/fuzz/corpus/NAME; new inputs are merged back (minimised) so that `make test` replays them.
# A crash stops that target and leaves the input in build-fuzz/findings/NAME/; the summary line
# per target (runs, coverage, features, result) goes to build-fuzz/findings/summary.txt.
# FUZZ_JOBS (default: the number of cores) targets run at once.
set -u
cd "$(dirname "$0")/.."
secs=${1:-600}
shift || true
make -s fuzz >/dev/null || { echo "fuzz-long: the libFuzzer build failed (make fuzz)" >&2; exit 1; }
jobs=${FUZZ_JOBS:-$(nproc)}
out=build-fuzz/findings
mkdir -p "$out"
targets=("$@")
if [ ${#targets[@]} = 0 ]; then
	for f in build-fuzz/tests/fuzz/fuzz_*-libfuzzer; do
		n=${f##*/fuzz_}
		targets+=("${n%-libfuzzer}")
	done
fi

run_one() {
	local name=$1 bin=build-fuzz/tests/fuzz/fuzz_$1-libfuzzer
	local dir=$out/$name new=$out/$name/new
	mkdir -p "$dir" "$new" "tests/fuzz/corpus/$name"
	# The CPU seconds the target really got (user + system): on a shared machine fewer than
	# the wall-clock seconds it was given.
	local timer=()
	[ -x /usr/bin/time ] && timer=(/usr/bin/time -f '%U %S' -o "$dir/cpu.txt")
	# a target may name leaks of a library it cannot fix (tests/fuzz/meson.build, lsan-*.supp)
	local env=()
	[ "$name" = docs_doc97 ] && env=(env ASAN_OPTIONS=fast_unwind_on_malloc=0
		LSAN_OPTIONS=suppressions=tests/fuzz/lsan-libgsf.supp)
	"${env[@]}" "${timer[@]}" "$bin" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$dir/" -timeout=10 -rss_limit_mb=2048 "$new" \
		"tests/fuzz/corpus/$name" >"$dir/log.txt" 2>&1
	local rc=$?
	local cpu=?
	[ -s "$dir/cpu.txt" ] && cpu=$(awk 'END { printf "%d", $1 + $2 }' "$dir/cpu.txt")
	local runs cov ft
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log.txt" | grep -o '[0-9]*$')
	cov=$(grep -o 'cov: [0-9]*' "$dir/log.txt" | tail -1 | grep -o '[0-9]*')
	ft=$(grep -o 'ft: [0-9]*' "$dir/log.txt" | tail -1 | grep -o '[0-9]*')
	# Keep the new inputs that add coverage, minimised, in the committed corpus.
	"$bin" -merge=1 "tests/fuzz/corpus/$name" "$new" >/dev/null 2>&1
	rm -rf "$new"
	local result="no finding"
	[ $rc != 0 ] && result="FINDING (exit $rc): see $dir/"
	printf '%-12s %6ss  cpu %6ss  runs %-10s cov %-6s ft %-6s %s\n' "$name" "$secs" "$cpu" \
		"${runs:-?}" "${cov:-?}" "${ft:-?}" "$result" | tee -a "$out/summary.txt"
	[ $rc = 0 ]
}

date -u +"== %Y-%m-%dT%H:%MZ, $secs s per target" >>"$out/summary.txt"
fail=0
running=0
for t in "${targets[@]}"; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n || fail=1
		running=$((running - 1))
	fi
done
while [ "$running" -gt 0 ]; do
	wait -n || fail=1
	running=$((running - 1))
done
exit $fail
