#!/bin/sh
# Instructions (callgrind) per cached article request. Usage: BIN ROOT LABEL PORT (ROOT: the checkout
# whose theme/ BIN serves). Starts BIN under callgrind with instrumentation off on a fresh demo site,
# warms the page cache with 50 GETs of the reference article, then counts 2000 cached GETs (one
# keep-alive connection, gzip, a phone browser's User-Agent) and prints the total and per-request Ir.
# Every thread is counted (the view and visitor flushes too, amortised over the run).
set -e
BIN=$1; ROOT=$2; LABEL=$3; PORT=$4; N=2000
D=${CG_DIR:-/tmp/gazette-cg}/$LABEL
rm -rf "$D"; mkdir -p "$D"
"$BIN" init --db "sqlite:$D/g.db" --demo >/dev/null 2>&1
# CG_POLL=1: an open poll in the right column (on the article page since the widgets are there too)
if [ "${CG_POLL:-0}" = 1 ]; then
  /usr/bin/python3 - "$D/g.db" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
pid = con.execute("INSERT INTO polls(question, position) VALUES ('Bạn đọc tin trên thiết bị nào?', "
                  "'right')").lastrowid
for i, label in enumerate(('Điện thoại', 'Máy tính', 'Máy tính bảng')):
    con.execute('INSERT INTO poll_choices(poll_id, label, sort) VALUES (?, ?, ?)', (pid, label, i))
con.commit()
PY
fi
cd "$ROOT"
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$D/cg.out" "$BIN" serve \
  --db "sqlite:$D/g.db" --listen "127.0.0.1:$PORT" --sandbox off --threads 1 >"$D/log" 2>&1 &
VPID=$!
i=0
until python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 60 ] || { echo "server did not start: $D/log" >&2; exit 1; }; sleep 0.5
done
cat >"$D/client.py" <<'PY'
import http.client, sys
port, n, warm = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == 'warm'
ua = 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36'
c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
c.request('GET', '/a/10'); r = c.getresponse(); r.read(); loc = r.getheader('Location')
path = loc[loc.index('/', 8):] if loc.startswith('http') else loc
for i in range(n):
    c.request('GET', path, headers={'User-Agent': ua, 'Accept-Encoding': 'gzip'})
    r = c.getresponse(); r.read()
    assert r.status == 200, r.status
PY
python3 "$D/client.py" "$PORT" 50 warm
callgrind_control -i on $VPID >/dev/null
python3 "$D/client.py" "$PORT" "$N" count
callgrind_control -i off $VPID >/dev/null
kill -TERM $VPID; wait $VPID || true
callgrind_annotate "$D/cg.out" 2>/dev/null | grep -m1 "PROGRAM TOTALS" |
  awk -v n=$N -v l="$LABEL" '{gsub(",","",$1); printf "%s: %s Ir, %.0f Ir per cached article request\n", l, $1, $1/n}'
