#!/bin/bash
# Builds the newsroom's rich-text editor bundle (admin/static/vendor-editor.js and .css) from npm
# packages; without Node.js and npm it warns and leaves the newsroom with its plain textarea.
set -u
cd "$(dirname "$0")/.."
OUT=admin/static
JS=$OUT/vendor-editor.js
CSS=$OUT/vendor-editor.css

warn() { echo "tools/editor.sh: warning: $*; the newsroom keeps the plain textarea editor" >&2; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	warn "node or npm not found (apt-get install nodejs npm)"
	exit 0
fi

# npm ci only when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "tools/editor.sh: npm ci"
	if ! npm ci --no-audit --no-fund >&2; then
		warn "npm ci failed"
		exit 0
	fi
fi

# Rebuild only when an input is newer than the bundle.
inputs=(tools/editor-entry.mjs tools/editor.sh package-lock.json)
if [ -f "$JS" ] && [ -f "$CSS" ]; then
	stale=0
	for f in "${inputs[@]}"; do [ "$f" -nt "$JS" ] && stale=1; done
	[ "$stale" = 0 ] && exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! node_modules/.bin/esbuild tools/editor-entry.mjs --bundle --minify --format=iife \
	--target=es2019 --legal-comments=eof --log-level=warning --outfile="$tmp/vendor-editor.js"; then
	warn "esbuild failed"
	exit 0
fi
cat node_modules/prosemirror-view/style/prosemirror.css \
	node_modules/prosemirror-gapcursor/style/gapcursor.css \
	node_modules/prosemirror-tables/style/tables.css >"$tmp/vendor-editor.css" || {
	warn "the ProseMirror style sheets are missing from node_modules"
	exit 0
}
# The server reads admin/static at start: replace both files in one step each.
mv "$tmp/vendor-editor.css" "$CSS" && mv "$tmp/vendor-editor.js" "$JS"
echo "tools/editor.sh: built $JS ($(wc -c <"$JS") bytes) and $CSS"
