#!/bin/bash
# Builds the newsroom's rich-text editor bundle (admin/static/vendor-editor.js and .css) from npm
# packages; without Node.js and npm it warns and leaves the newsroom with its plain textarea.
set -u
cd "$(dirname "$0")/.."
OUT=admin/static
JS=$OUT/vendor-editor.js
CSS=$OUT/vendor-editor.css
LICENSES=$OUT/vendor-editor-licenses.txt

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
if [ -f "$JS" ] && [ -f "$CSS" ] && [ -f "$LICENSES" ]; then
	stale=0
	for f in "${inputs[@]}"; do [ "$f" -nt "$JS" ] && stale=1; done
	[ "$stale" = 0 ] && exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! node_modules/.bin/esbuild tools/editor-entry.mjs --bundle --minify --format=iife \
	--target=es2019 --legal-comments=eof --log-level=warning --outfile="$tmp/vendor-editor.js" \
	--banner:js="/*! Tiptap and ProseMirror, MIT licence: see vendor-editor-licenses.txt beside this file */"; then
	warn "esbuild failed"
	exit 0
fi
cat node_modules/prosemirror-view/style/prosemirror.css \
	node_modules/prosemirror-gapcursor/style/gapcursor.css \
	node_modules/prosemirror-tables/style/tables.css >"$tmp/vendor-editor.css" || {
	warn "the ProseMirror style sheets are missing from node_modules"
	exit 0
}
# The licences of everything in the bundle (all MIT), served beside it.
{
	echo "Licences of the packages in vendor-editor.js and vendor-editor.css (built by tools/editor.sh)."
	npm ls --omit=dev --all --parseable 2>/dev/null | tail -n +2 | sort | while read -r dir; do
		echo
		echo "==== $(node -p "const p=require('$dir/package.json'); p.name+' '+p.version+' ('+p.license+')'")"
		cat "$dir"/LICEN[CS]E* 2>/dev/null
	done
} >"$tmp/vendor-editor-licenses.txt"
# The server reads admin/static at start: replace each file in one step.
mv "$tmp/vendor-editor-licenses.txt" "$LICENSES" && mv "$tmp/vendor-editor.css" "$CSS" &&
	mv "$tmp/vendor-editor.js" "$JS"
echo "tools/editor.sh: built $JS ($(wc -c <"$JS") bytes), $CSS and $LICENSES"
