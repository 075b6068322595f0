#!/bin/bash
# Instructions (callgrind) of a search over HTTP, kind by kind (issue 18): starts BIN serve under
# callgrind (sandbox off: seccomp and valgrind do not mix) on an existing SQLite database (or a
# PostgreSQL URL: then only Gazette's own part is counted), asks every query of bench/search/http.sh
# once to warm up, then for each kind zeroes the counters, asks that kind's four queries REPS times
# over one keep-alive connection, dumps and prints the handler's instructions a search (on_request
# and below: parsing, the search, snippets, the page). A figure that does not move with the
# machine's load, unlike bench/search/http.sh's rates.
#   bench/search/callgrind-http.sh BIN DB [REPS=2] [KIND...]
# KEEP=1 keeps each kind's profile (OUT/cg-KIND, for callgrind_annotate) and says where.
set -euo pipefail
BIN=$1 DB=$2 REPS=${3:-2}
shift $(($# < 3 ? $# : 3))
KINDS=${*:-1-word 2-words phrase no-diacritics place exclusion category dates}
OUT=$(mktemp -d /tmp/gazette-cg-search.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
case $DB in
  postgres://* | postgresql://*) CAT=$(psql "$DB" -Atc "SELECT id FROM categories WHERE slug = 'kinh-te'") ;;
  *) CAT=$(sqlite3 "$DB" "SELECT id FROM categories WHERE slug = 'kinh-te'") ;;
esac
# The queries of bench/search/http.sh, one file a kind
python3 - "$OUT" "$CAT" <<'PY'
import sys, urllib.parse as u
out, cat = sys.argv[1], sys.argv[2]
kinds = {
    '1-word': ['huyện', 'phong trào', 'nông thôn', 'doanh nghiệp'],
    '2-words': ['nông dân sản xuất', 'giáo dục y tế', 'cải cách hành chính', 'an sinh việc làm'],
    'phrase': ['"xây dựng"', '"dân vận khéo"', '"nông thôn mới"', '"chuyển đổi số"'],
    'no-diacritics': ['nong thon moi', 'phong trao thi dua', 'cai cach hanh chinh', 'chuyen doi so'],
    'place': ['Dị Chế', 'Phương Đường', 'Khoái Châu', 'Ngọc Thanh'],
    'exclusion': ['phong trào -thi đua', 'nông thôn -mới', 'doanh nghiệp -sản xuất', '"xây dựng" -đảng'],
    'category': ['kinh tế', 'hợp tác xã', '"mô hình hiệu quả"', 'thu nhập'],
    'dates': ['huyện&from=2012-01-01&to=2012-12-31', 'nông thôn&from=2014-03-01&to=2014-05-31',
              'doanh nghiệp&to=2011-12-31', '"xây dựng"&from=2016-01-01&to=2016-06-30'],
}
with open(out + '/all.urls', 'w') as every:
    for k, qs in kinds.items():
        with open('%s/%s.urls' % (out, k), 'w') as f:
            for q in qs:
                q, _, rest = q.partition('&')  # dates: the filters after the words, as they are
                line = '/tim-kiem?q=' + u.quote(q) + ('&category=' + cat if k == 'category' else '')
                line += '&' + rest if rest else ''
                f.write(line + '\n')
                every.write(line + '\n')
PY
valgrind --tool=callgrind --callgrind-out-file="$OUT/cg.%p" --dump-instr=no "$BIN" serve --db "$DB" \
  --listen "127.0.0.1:$PORT" --threads 1 --sandbox off --log-level warn >"$OUT/log" 2>&1 &
VPID=$!
trap 'kill $VPID 2>/dev/null; wait $VPID 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$OUT"' EXIT
for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.5; done
fetch() { # LIST REPS: each path REPS times over one connection; prints the answers' codes
	python3 - "$PORT" "$1" "$2" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
codes = {}
paths = [l.strip() for l in open(sys.argv[2]) if l.strip()]
for _ in range(int(sys.argv[3])):
    for p in paths:
        c.request("GET", p); r = c.getresponse(); r.read(); codes[r.status] = codes.get(r.status, 0) + 1
print(" ".join("%d:%d" % kv for kv in sorted(codes.items())))
PY
}
fetch "$OUT/all.urls" 1 >/dev/null
sleep 2
printf '%-14s %14s %8s\n' kind 'instr/search' answers
for kind in $KINDS; do
	callgrind_control -z $VPID >/dev/null 2>&1
	codes=$(fetch "$OUT/$kind.urls" "$REPS")
	callgrind_control -d $VPID >/dev/null 2>&1
	sleep 1
	F=$(ls -t "$OUT"/cg.*.* | head -1)
	N=$(($(wc -l <"$OUT/$kind.urls") * REPS))
	H=$(callgrind_annotate --inclusive=yes --threshold=100 "$F" 2>/dev/null |
		awk '/:on_request / && !h { gsub(",", "", $1); h = $1 } END { print h + 0 }')
	printf '%-14s %14d %8s\n' "$kind" $((H / N)) "$codes"
	[ -n "${KEEP:-}" ] && mv "$F" "$OUT/cg-$kind" || rm -f "$F"
done
[ -n "${KEEP:-}" ] && echo "profiles kept in $OUT" || true
