# Thin wrapper over Meson/Ninja. `make run` and `make test` install missing Debian packages first.
BUILD      ?= build
ASAN_BUILD ?= build-asan
DB         ?= data/gazette.db
LISTEN     ?= 127.0.0.1:8080

.PHONY: all deps build run test test-quick asan format format-check fuzz fuzz-long clean bench deb

all: build

deps:
	@tools/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: $(BUILD)/build.ninja
	@tools/editor.sh
	ninja -C $(BUILD)

run: deps build
	@test -f $(DB) || $(BUILD)/src/gazette init --db $(DB) --demo --demo-photos
	$(BUILD)/src/gazette serve --db $(DB) --listen $(LISTEN)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

asan: $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

# The whole suite: unit, fuzz-corpus replay and HTTP tests, in the normal and the ASan+UBSan build,
# plus the layout check. Ends with "N passed, M failed". tools/editor.sh first runs `npm ci` when
# node_modules is missing or stale: the OpenAPI lint (Redocly CLI) and the browser tests need it.
test: deps
	@tools/editor.sh
	@tools/test.sh $(BUILD) $(ASAN_BUILD)

# Only the normal build's tests.
test-quick: build
	meson test -C $(BUILD) --print-errorlogs

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h')

# libFuzzer builds of every fuzz target (clang, with ASan and UBSan); run one with e.g.
#   mkdir -p /tmp/new && build-fuzz/tests/fuzz/fuzz_sanitize-libfuzzer -max_total_time=60 \
#       /tmp/new tests/fuzz/corpus/sanitize
# (new inputs go to the first folder; copy a crasher into the corpus once it is fixed)
fuzz:
	CC=clang meson setup build-fuzz -Dfuzz=true -Db_lundef=false -Db_sanitize=address,undefined --buildtype=debugoptimized 2>/dev/null || true
	ninja -C build-fuzz

# Every libFuzzer target for FUZZ_SECONDS each (FUZZ_JOBS at once); new inputs are merged into
# tests/fuzz/corpus/, findings and a summary line per target go to build-fuzz/findings/.
FUZZ_SECONDS ?= 600
fuzz-long:
	tools/fuzz-long.sh $(FUZZ_SECONDS)

# Benchmarks, not part of `make test`: an optimised build in build-bench, then bench/run.sh (as root:
# it installs nginx, wrk, WordPress... from Debian when missing). About 10 minutes; DUR, ROUNDS,
# PARTS, THREADS and WP shorten or select (see bench/run.sh and docs/BENCHMARKS.md).
bench:
	test -f build-bench/build.ninja || meson setup build-bench --buildtype=release -Db_ndebug=true -Dtests=false
	ninja -C build-bench
	GAZETTE_BIN=$(CURDIR)/build-bench/src/gazette bench/run.sh

# The Debian package: build-deb/gazette_VERSION_amd64.deb (dpkg-buildpackage, debhelper, lintian).
deb:
	@tools/deb.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz build-deb
