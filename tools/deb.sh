#!/bin/sh
# make deb: builds build-deb/gazette_VERSION_amd64.deb with dpkg-buildpackage and debhelper, from a
# copy of the source tree (dpkg-buildpackage writes beside the tree it builds), then runs lintian.
set -eu
cd "$(dirname "$0")/.."
for tool in dpkg-buildpackage dh lintian; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "make deb: $tool not found: apt-get install --no-install-recommends dpkg-dev debhelper lintian fakeroot" >&2
		exit 1
	fi
done
version=$(sed -n "s/^ *version : '\([^']*\)'.*/\1/p" meson.build | head -n 1)
changelog=$(dpkg-parsechangelog -S Version)
if [ "$version" != "$changelog" ]; then
	echo "make deb: meson.build says $version but debian/changelog $changelog: add a changelog entry" >&2
	exit 1
fi
tools/editor.sh # the newsroom's editor bundle, when npm is there
out=${DEB_OUT:-build-deb}
stage=$out/gazette-$version
rm -rf "$stage"
mkdir -p "$stage"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard | xargs -0 cp -P --parents -t "$stage"
else
	tar --exclude='./build*' --exclude=./node_modules --exclude=./data -cf - . | tar -C "$stage" -xf -
fi
for f in admin/static/vendor-editor.js admin/static/vendor-editor.css admin/static/vendor-editor-licenses.txt; do
	[ -f "$f" ] && cp "$f" "$stage/$f"
done
(cd "$stage" && nice dpkg-buildpackage -b -us -uc -j2 >../dpkg-buildpackage.log 2>&1) || {
	tail -n 40 "$out/dpkg-buildpackage.log" >&2
	echo "make deb: dpkg-buildpackage failed (whole log: $out/dpkg-buildpackage.log)" >&2
	exit 1
}
deb=$out/gazette_${version}_$(dpkg-architecture -qDEB_HOST_ARCH).deb
if [ "${DEB_LINTIAN:-1}" = 1 ]; then
	lintian --fail-on error "$deb"
fi
echo "make deb: $deb"
