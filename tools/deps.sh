#!/bin/sh
# Installs the Debian packages of deps/debian-packages.txt that are missing, without questions.
set -eu
cd "$(dirname "$0")/.."
missing=""
for p in $(grep -v '^#' deps/debian-packages.txt | sed 's/#.*//' | tr -s ' \n' '\n'); do
	if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		continue
	fi
	# A command of that name from another package (npm inside NodeSource's nodejs) will do.
	if command -v "$p" >/dev/null 2>&1; then
		continue
	fi
	missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "make deps: installing$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "make deps: run as root or install:$missing" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
