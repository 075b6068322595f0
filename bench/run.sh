#!/usr/bin/env bash
# Gazette benchmarks (issue "Performance: page cache, compression, and benchmarks side by side
# with nginx and WordPress"; DESIGN.md section 11).  Run by `make bench`, not by `make test`.
#
# Part "page" - the article page, servers measured in turn (A B C ... A B C ...), ROUNDS rounds:
#   gazette-tN     gazette serve --threads N (N from THREADS), the reference article
#   nginx-static   nginx serving the same page, saved from Gazette, as a static file
#   wordpress      Debian's wordpress (nginx + PHP-FPM + MariaDB, no page cache), same article
#   gazette-tN-gz  gazette with "Accept-Encoding: gzip" (variant made once per render)
#   nginx-gzip     nginx-static with "Accept-Encoding: gzip" (gzip on the fly, level 1)
#   load: wrk -t1 -cCONNS -dDUR --latency, keep-alive.  Reported: median req/s, p50, p99, server
#   CPU time per request (utime+stime of all the server's processes, from /proc), peak RSS.
# Part "big" - 100,000 generated articles (bench/gen-articles.py, deterministic) imported into a
#   fresh database: start-up time (to the first answer, and to the first article page), then a load
#   over many different article URLs (bench/urls.lua), then VmRSS / VmHWM of the server.
#
# Everything listens on 127.0.0.1 only (free ports picked at start); every load run is bounded in
# time (wrk -d plus `timeout`).  Every server started here is stopped by its PID on exit.
# Needs root (apt-get for missing Debian packages, www-data for nginx/PHP-FPM, MariaDB).
#
#   bench/run.sh                                  # everything, about 10 minutes (plus a one-time
#                                                 # import of 100,000 articles, ~3-5 min)
#   DUR=5s ROUNDS=1 PARTS=page WP=0 bench/run.sh  # quick look, no WordPress
#
# Settings (environment):
#   GAZETTE_BIN  binary to measure (default build-bench/src/gazette, an optimised build)
#   PARTS        "page big" (default both)      THREADS  Gazette --threads values ("1 2")
#   DUR ROUNDS   wrk duration, rounds ("10s" 5)  WARM     warm-up per server ("3s")
#   CONNS        wrk connections (50)            WP       1/0: include WordPress (1)
#   ARTICLES     articles for part big (100000)  RUN      runtime folder (/tmp/gazette-bench)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
GAZETTE_BIN=${GAZETTE_BIN:-$ROOT/build-bench/src/gazette}
RUN=${RUN:-/tmp/gazette-bench}
PARTS=${PARTS:-page big}
THREADS=${THREADS:-1 2}
DUR=${DUR:-10s}
ROUNDS=${ROUNDS:-5}
WARM=${WARM:-3s}
CONNS=${CONNS:-50}
WP=${WP:-1}
ARTICLES=${ARTICLES:-100000}
STARTS=${STARTS:-3}                  # start-up measurements (median)
ARTICLE_PATH=/huyen-yen-my-trien-khai-thuc-hien-tot-phong-trao-thi-dua-dan-van-kheo-11.html
TITLE='Huyện Yên Mỹ triển khai thực hiện tốt phong trào thi đua'

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }
[ "$(id -u)" = 0 ] || die "run as root (apt-get, www-data, MariaDB)"
[ -x "$GAZETTE_BIN" ] || die "no $GAZETTE_BIN: build it (make bench does)"

# ---------------------------------------------------------------- packages
PKGS="nginx wrk curl procps sqlite3 python3"
has "$PARTS" page && [ "$WP" = 1 ] &&
  PKGS="$PKGS php-fpm php-mysql mariadb-server mariadb-client wordpress wordpress-theme-twentytwentythree"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  log "installing:$missing"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null
fi

# ---------------------------------------------------------------- processes
mkdir -p "$RUN/pids" "$RUN/www" "$RUN/wrk" "$RUN/db"
chmod 755 "$RUN" "$RUN/www"
rm -f "$RUN"/wrk/*.txt "$RUN/results.tsv" "$RUN/check.tsv" "$RUN/big.tsv"

tree_pids() {                        # the given PIDs and all their descendants
  ps -e -o pid=,ppid= | awk -v roots="$*" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) s[r[i]] = 1 }
    { p[NR] = $1; pp[NR] = $2 }
    END { do { c = 0; for (i = 1; i <= NR; i++) if (!(p[i] in s) && (pp[i] in s)) { s[p[i]] = 1; c = 1 } } while (c)
          for (k in s) print k }'
}
start() {                            # start NAME COMM cmd...: background server, PID recorded
  local name=$1 comm=$2; shift 2
  "$@" >"$RUN/$name.log" 2>&1 &
  echo "$! $comm" >"$RUN/pids/$name.pid"
}
pid_of() { cut -d' ' -f1 "$RUN/pids/$1.pid"; }
stop_pidfile() {                     # TERM the recorded PID (if still ours), wait, KILL leftovers
  local f=$1 pid comm i kids k kc
  read -r pid comm <"$f" || { rm -f "$f"; return 0; }
  if [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$comm" ]; then
    kids=$(for k in $(tree_pids "$pid"); do [ "$k" = "$pid" ] || echo "$k:$(cat /proc/"$k"/comm 2>/dev/null)"; done)
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { log "PID $pid ($comm) ignored TERM, KILL"; kill -KILL "$pid" 2>/dev/null || true; }
    wait "$pid" 2>/dev/null || true
    for k in $kids; do
      kc=${k#*:}; k=${k%%:*}
      for i in $(seq 1 50); do [ "$(cat /proc/"$k"/comm 2>/dev/null)" = "$kc" ] || break; sleep 0.1; done
      [ "$(cat /proc/"$k"/comm 2>/dev/null)" = "$kc" ] && { kill -KILL "$k" 2>/dev/null || true; }
    done
  fi
  rm -f "$f"
}
stop_one() { [ -e "$RUN/pids/$1.pid" ] && stop_pidfile "$RUN/pids/$1.pid"; return 0; }
stop_all() { local f; for f in "$RUN"/pids/*.pid; do [ -e "$f" ] && stop_pidfile "$f"; done; return 0; }
WPCONF=/etc/wordpress/config-127.0.0.1.php
SAMPLER=
cleanup() {
  local rc=$?
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null
  log "stopping servers"; stop_all
  if [ -e "$RUN/wpconf.ours" ]; then  # put back what was there before this run
    if [ -e "$RUN/wpconf.saved" ]; then mv -f "$RUN/wpconf.saved" "$WPCONF"; else rm -f "$WPCONF"; fi
    rm -f "$RUN/wpconf.ours"
  fi
  exit $rc
}
stop_all                             # leftovers of an interrupted earlier run (by PID)
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_http() {                        # wait_http URL [tries]: an HTTP answer < 500, 0.1 s apart
  local i code
  for i in $(seq 1 "${2:-300}"); do
    code=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$1" || true)
    [ "${code:-0}" -gt 0 ] && [ "$code" -lt 500 ] && return 0
    sleep 0.1
  done
  die "no answer from $1 (see $RUN/*.log)"
}
procfiles() { local p; printf '/dev/null '; for p in $(tree_pids "$@"); do printf '/proc/%s/%s ' "$p" "$FILE"; done; }
rss_kb()    { FILE=status; cat $(procfiles "$@") 2>/dev/null | awk '/^VmRSS:/ { s += $2 } END { print s + 0 }'; }
cpu_ticks() { FILE=stat;   cat $(procfiles "$@") 2>/dev/null | awk '{ sub(/^.*\) /, ""); s += $12 + $13 + $14 + $15 } END { print s + 0 }'; }
HZ=$(getconf CLK_TCK)
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v / 1000; else if (v ~ /ms$/) printf "%.3f", v + 0;
                               else if (v ~ /s$/) printf "%.3f", v * 1000; else print "nan" }'; }
median_of() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# gazette_db PATH: a fresh database with the demo content (reference article included)
gazette_db() {
  rm -f "$1" "$1"-wal "$1"-shm
  "$GAZETTE_BIN" init --db "$1" --demo >"$RUN/init.log" 2>&1 || die "gazette init failed: $(tail -3 "$RUN/init.log")"
}

declare -A URL ROOTS HDR
SERVERS=""

echo "== machine"
echo "  $(nproc) cores: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(free -g | awk '/^Mem:/ { print $2 }') GB RAM"
echo "  kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME")"
echo "  gazette: $GAZETTE_BIN ($(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD 2>/dev/null || echo '+changes'))"
dpkg-query -W -f='  ${Package} ${Version}\n' nginx wrk libmicrohttpd12 libsqlite3-0 php8.2-fpm mariadb-server wordpress \
  wordpress-theme-twentytwentythree 2>/dev/null || true

# ================================================================ part: page
if has "$PARTS" page; then
  log "setting up Gazette (threads: $THREADS)"
  for t in $THREADS; do
    gazette_db "$RUN/db/page-t$t.db"
    port=$(free_port)
    start "gazette-t$t" gazette "$GAZETTE_BIN" serve --db "$RUN/db/page-t$t.db" --listen "127.0.0.1:$port" --threads "$t"
    URL[gazette-t$t]=http://127.0.0.1:$port$ARTICLE_PATH
    URL[gazette-t$t-gz]=${URL[gazette-t$t]}
    SERVERS="$SERVERS gazette-t$t"
  done
  for t in $THREADS; do wait_http "${URL[gazette-t$t]}"; done
  first=${THREADS%% *}
  curl -s --max-time 10 -o "$RUN/www/article.html" "${URL[gazette-t$first]}" || die "cannot save the page"
  chmod 644 "$RUN/www/article.html"
  grep -q "$TITLE" "$RUN/www/article.html" || die "the saved page lacks the article"

  log "setting up nginx (static file)"
  mkdir -p "$RUN/ngx-static-tmp" "$RUN/ngx-wp-tmp"
  NGX_PORT=$(free_port)
  sed -e "s|@RUN@|$RUN|g" -e "s|@PORT@|$NGX_PORT|g" "$HERE/nginx-static.conf.in" >"$RUN/nginx-static.conf"
  start nginx-static nginx nginx -c "$RUN/nginx-static.conf" -g 'daemon off;'
  URL[nginx-static]=http://127.0.0.1:$NGX_PORT/article.html
  URL[nginx-gzip]=${URL[nginx-static]}
  SERVERS="$SERVERS nginx-static"

  if [ "$WP" = 1 ]; then
    log "setting up WordPress (MariaDB, PHP-FPM, nginx) in $RUN"
    SOCK=$RUN/mysql-run/mysqld.sock     # socket, pid and log where the mysql user may write
    install -d -o mysql -g mysql -m 755 "$RUN/mysql" "$RUN/mysql-run"
    if [ ! -d "$RUN/mysql/mysql" ]; then
      mariadb-install-db --user=mysql --datadir="$RUN/mysql" --skip-test-db >"$RUN/mariadb-install.log" 2>&1 ||
        die "mariadb-install-db failed ($RUN/mariadb-install.log)"
    fi
    start mariadb mariadbd mariadbd --no-defaults --user=mysql --datadir="$RUN/mysql" --socket="$SOCK" \
      --pid-file="$RUN/mysql-run/mariadb.pid" --skip-networking --log-error="$RUN/mysql-run/mariadb.err"
    for i in $(seq 1 300); do mariadb-admin --socket="$SOCK" ping >/dev/null 2>&1 && break; sleep 0.2; done
    mariadb-admin --socket="$SOCK" ping >/dev/null 2>&1 || die "MariaDB did not start ($RUN/mysql-run/mariadb.err)"
    mariadb --socket="$SOCK" <<'SQL'
DROP DATABASE IF EXISTS wp_bench;
CREATE DATABASE wp_bench DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'wp_bench'@'localhost' IDENTIFIED BY 'wp_bench_pw';
GRANT ALL PRIVILEGES ON wp_bench.* TO 'wp_bench'@'localhost';
SQL
    # Debian's wp-config.php picks /etc/wordpress/config-HOST.php; the one there before is put
    # back at the end.
    if [ ! -e "$RUN/wpconf.ours" ]; then
      [ -e "$WPCONF" ] && cp -p "$WPCONF" "$RUN/wpconf.saved"
      touch "$RUN/wpconf.ours"
    fi
    key() { head -c 48 /dev/urandom | base64 | tr -d '\n/+='; }
    {
      echo "<?php"
      echo "/* Written by Gazette's bench/run.sh for the WordPress comparison; removed at its end. */"
      echo "define('DB_NAME', 'wp_bench');"
      echo "define('DB_USER', 'wp_bench');"
      echo "define('DB_PASSWORD', 'wp_bench_pw');"
      echo "define('DB_HOST', 'localhost:$SOCK');"
      echo "define('DB_CHARSET', 'utf8mb4');"
      echo "define('DB_COLLATE', '');"
      for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
        echo "define('$k', '$(key)');"
      done
      echo "define('WP_HTTP_BLOCK_EXTERNAL', true);   /* talks to nothing but itself */"
      echo "define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');"
    } >"$WPCONF"
    chgrp www-data "$WPCONF"; chmod 640 "$WPCONF"

    sed -e "s|@RUN@|$RUN|g" "$HERE/php-fpm.conf.in" >"$RUN/php-fpm.conf"
    start php-fpm php-fpm8.2 php-fpm8.2 -F --fpm-config "$RUN/php-fpm.conf"
    for i in $(seq 1 100); do [ -S "$RUN/php-fpm.sock" ] && break; sleep 0.1; done
    WP_PORT=$(free_port)
    WP_HOST=127.0.0.1:$WP_PORT
    sed -e "s|@RUN@|$RUN|g" -e "s|@PORT@|$WP_PORT|g" "$HERE/nginx-wp.conf.in" >"$RUN/nginx-wp.conf"
    start nginx-wp nginx nginx -c "$RUN/nginx-wp.conf" -g 'daemon off;'
    wait_http "http://$WP_HOST/wp-admin/install.php"
    log "WordPress: install.php step 2"
    pw=$(key)
    out=$(curl -s --max-time 120 "http://$WP_HOST/wp-admin/install.php?step=2" \
      --data-urlencode 'weblog_title=Ban Tuyên giáo Tỉnh ủy Hưng Yên' \
      --data-urlencode 'user_name=admin' --data-urlencode "admin_password=$pw" \
      --data-urlencode "admin_password2=$pw" \
      --data-urlencode 'pw_weak=on' --data-urlencode 'admin_email=admin@example.com' \
      --data-urlencode 'blog_public=1' --data-urlencode 'language=')
    out2=$out; out=${out2/*Success!*/ok}
    [ "$out" = ok ] || die "WordPress install failed: $(head -c 500 <<<"$out2")"
    (cd "$RUN" && WP_BENCH_HOST=$WP_HOST php8.2 "$HERE/wp-seed.php" "$RUN/www/article.html" >"$RUN/wp-seed.out" 2>&1) ||
      die "wp-seed.php failed: $(tail -3 "$RUN/wp-seed.out")"
    WP_PATH=$(tail -n1 "$RUN/wp-seed.out")
    log "WordPress post: http://$WP_HOST$WP_PATH"
    # Run the events a fresh install has due now, not during the load.
    curl -s -o /dev/null --max-time 120 "http://$WP_HOST/wp-cron.php?doing_wp_cron=$(date +%s)" || true
    URL[wordpress]=http://$WP_HOST$WP_PATH
    ROOTS[wordpress]="$(pid_of nginx-wp) $(pid_of php-fpm) $(pid_of mariadb)"
    SERVERS="$SERVERS wordpress"
  fi
  for t in $THREADS; do SERVERS="$SERVERS gazette-t$t-gz"; done
  SERVERS="$SERVERS nginx-gzip"
  for s in $SERVERS; do HDR[$s]=""; done
  for t in $THREADS; do
    ROOTS[gazette-t$t]=$(pid_of gazette-t$t); ROOTS[gazette-t$t-gz]=${ROOTS[gazette-t$t]}
    HDR[gazette-t$t-gz]="Accept-Encoding: gzip"
  done
  ROOTS[nginx-static]=$(pid_of nginx-static); ROOTS[nginx-gzip]=${ROOTS[nginx-static]}
  HDR[nginx-gzip]="Accept-Encoding: gzip"

  log "checking responses"
  printf 'server\tstatus\tbytes\tkeepalive\n' >"$RUN/check.tsv"
  for s in $SERVERS; do
    wait_http "${URL[$s]}"
    h=(); [ -n "${HDR[$s]}" ] && h=(-H "${HDR[$s]}")
    read -r code size < <(curl -s --max-time 60 "${h[@]}" -o "$RUN/$s.body" -w '%{http_code} %{size_download}\n' "${URL[$s]}")
    [ "$code" = 200 ] || die "$s: HTTP $code for ${URL[$s]}"
    case $s in
      *gz*) gzip -dc "$RUN/$s.body" | grep -q "$TITLE" || die "$s: not a gzip of the article" ;;
      *)    grep -q "$TITLE" "$RUN/$s.body" || die "$s: the page lacks the article" ;;
    esac
    ka=$(curl -sv --max-time 60 "${h[@]}" -o /dev/null -o /dev/null "${URL[$s]}" "${URL[$s]}" 2>&1 | grep -c 'Re-using existing connection' || true)
    [ "$ka" -ge 1 ] && ka=yes || ka=no
    printf '%s\t200\t%s\t%s\n' "$s" "$size" "$ka" >>"$RUN/check.tsv"
  done

  one_run() {                        # one_run SERVER DURATION OUTFILE
    local s=$1 d=$2 out=$3 h=()
    [ -n "${HDR[$s]}" ] && h=(-H "${HDR[$s]}")
    timeout 300 wrk -t1 -c"$CONNS" -d"$d" --timeout 10s --latency "${h[@]}" "${URL[$s]}" >"$out" 2>&1 ||
      die "wrk failed for $s: $(tail -3 "$out")"
  }
  log "warm-up ($WARM each)"
  for s in $SERVERS; do one_run "$s" "$WARM" "$RUN/wrk/warm-$s.txt"; done

  printf 'server\tround\trps\tp50_ms\tp99_ms\trequests\tsock_err\tnon2xx\trss_peak_kb\tcpu_us_per_req\n' >"$RUN/results.tsv"
  for r in $(seq 1 "$ROUNDS"); do
    for s in $SERVERS; do
      out="$RUN/wrk/$s-$r.txt"
      roots=${ROOTS[$s]}
      c0=$(cpu_ticks $roots)
      rm -f "$RUN/peak" "$RUN/wrk.done"
      ( peak=0
        for i in $(seq 1 900); do       # bounded sampler: 1 Hz until wrk is done
          [ -e "$RUN/wrk.done" ] && break
          v=$(rss_kb $roots); [ "$v" -gt "$peak" ] && peak=$v
          sleep 1
        done
        echo "$peak" >"$RUN/peak" ) &
      SAMPLER=$!
      one_run "$s" "$DUR" "$out"
      touch "$RUN/wrk.done"; wait "$SAMPLER"; SAMPLER=; rm -f "$RUN/wrk.done"
      c1=$(cpu_ticks $roots)
      rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
      p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
      p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
      reqs=$(awk '/requests in/ { print $1 }' "$out")
      serr=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out"); serr=${serr:-0}
      n2xx=$(awk '/Non-2xx/ { print $NF }' "$out"); n2xx=${n2xx:-0}
      cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v n="$reqs" 'BEGIN { printf "%.1f", (b - a) * 1e6 / hz / (n > 0 ? n : 1) }')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$r" "$rps" "$p50" "$p99" "$reqs" "$serr" "$n2xx" \
        "$(cat "$RUN/peak")" "$cpu" >>"$RUN/results.tsv"
      log "round $r $s: $rps req/s, p99 $p99 ms, $cpu us CPU/request"
      sleep 1
    done
  done
  # The page part's servers are not needed any more: the big part measures alone.
  for t in $THREADS; do stop_one "gazette-t$t"; done
  stop_one nginx-static; stop_one nginx-wp; stop_one php-fpm; stop_one mariadb
fi

# ================================================================ part: big
if has "$PARTS" big; then
  JSONL=$RUN/articles-$ARTICLES.jsonl
  if [ ! -s "$JSONL" ] || [ "$(sha256sum "$HERE/gen-articles.py" | cut -c1-16)" != "$(cat "$JSONL.gen" 2>/dev/null)" ]; then
    log "generating $ARTICLES articles"
    python3 "$HERE/gen-articles.py" "$ARTICLES" >"$JSONL.tmp" && mv "$JSONL.tmp" "$JSONL"
    sha256sum "$HERE/gen-articles.py" | cut -c1-16 >"$JSONL.gen"
  fi
  BIG=$RUN/db/big-$ARTICLES.db
  if [ ! -s "$BIG" ] || [ "$BIG" -ot "$JSONL" ]; then
    log "importing $ARTICLES articles (a few minutes; kept for later runs in $BIG)"
    rm -f "$BIG" "$BIG"-wal "$BIG"-shm
    "$GAZETTE_BIN" init --db "$BIG" >"$RUN/init-big.log" 2>&1 || die "init failed"
    t0=$(date +%s.%N)
    "$GAZETTE_BIN" import --db "$BIG" "$JSONL" >"$RUN/import.log" 2>&1 || { rm -f "$BIG"; die "import failed: $(tail -3 "$RUN/import.log")"; }
    awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", b - a }' >"$RUN/import.secs"
  fi
  sqlite3 "$BIG" "SELECT '/' || slug || '-' || id || '.html' FROM articles WHERE status = 'published'" >"$RUN/urls.txt"
  NURLS=$(wc -l <"$RUN/urls.txt")
  [ "$NURLS" -ge "$ARTICLES" ] || die "only $NURLS published articles in $BIG"
  DBMB=$(du -cm "$BIG"* | awk 'END { print $1 }')
  printf 'threads\tstart_listen_ms\tstart_page_ms\trss_idle_kb\trss_after_kb\thwm_kb\trps\tp99_ms\tnon2xx\tcpu_us\n' >"$RUN/big.tsv"
  for t in $THREADS; do
    port=$(free_port)
    base=http://127.0.0.1:$port
    starts_l=""; starts_p=""
    for k in $(seq 1 "$STARTS"); do  # start-up: time to the first answer and to the first article page
      sync; sleep 0.5
      log "start-up $k/$STARTS with $ARTICLES articles, --threads $t"
      # The server is started by the timing script itself (no shell or interpreter start-up in the
      # figure); it prints the PID, recorded here like the other servers'.
      read -r spid ms_l ms_p < <(GAZETTE_LOG="$RUN/gazette-big.log" python3 - "$GAZETTE_BIN" "$BIG" "$port" "$t" \
          "$(head -1 "$RUN/urls.txt")" <<'PY'
import http.client, os, subprocess, sys, time
gazette, db, port, threads, path = sys.argv[1:6]
log = open(os.environ["GAZETTE_LOG"], "w")
t0 = time.monotonic()
p = subprocess.Popen([gazette, "serve", "--db", db, "--listen", "127.0.0.1:" + port, "--threads", threads],
                     stdout=log, stderr=log, start_new_session=True)
def get(url):
    c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    c.request("GET", url); r = c.getresponse(); r.read(); c.close(); return r.status
while True:
    try:
        if get("/healthz") == 200: break
    except OSError:
        if time.monotonic() - t0 > 60 or p.poll() is not None: print(p.pid, "nan nan"); sys.exit(0)
        time.sleep(0.002)
listen = (time.monotonic() - t0) * 1000
status = get(path)
page = (time.monotonic() - t0) * 1000
print(p.pid, "%.0f" % listen, "%.0f" % page if status == 200 else "nan")
PY
)
      [ -n "${spid:-}" ] && echo "$spid gazette" >"$RUN/pids/gazette-big.pid"
      [ "${ms_p:-nan}" != nan ] || die "gazette did not start or the article failed ($RUN/gazette-big.log)"
      ms="$ms_l $ms_p"
      starts_l="$starts_l ${ms% *}"; starts_p="$starts_p ${ms#* }"
      [ "$k" = "$STARTS" ] || stop_one gazette-big
    done
    pid=$(pid_of gazette-big)
    idle=$(rss_kb "$pid")
    log "load over $NURLS article URLs, --threads $t ($DUR)"
    c0=$(cpu_ticks "$pid")
    BENCH_URLS=$RUN/urls.txt timeout 300 wrk -t1 -c"$CONNS" -d"$DUR" --timeout 10s --latency -s "$HERE/urls.lua" "$base/" \
      >"$RUN/wrk/big-t$t.txt" 2>&1 || die "wrk failed: $(tail -3 "$RUN/wrk/big-t$t.txt")"
    c1=$(cpu_ticks "$pid")
    out=$RUN/wrk/big-t$t.txt
    reqs=$(awk '/requests in/ { print $1 }' "$out")
    after=$(rss_kb "$pid")
    hwm=$(awk '/^VmHWM:/ { print $2 }' /proc/"$pid"/status)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$(echo $starts_l | tr ' ' '\n' | median_of)" \
      "$(echo $starts_p | tr ' ' '\n' | median_of)" "$idle" "$after" "$hwm" \
      "$(awk '/^Requests\/sec:/ { print $2 }' "$out")" "$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")" \
      "$(awk '/Non-2xx/ { print $NF }' "$out" | grep . || echo 0)" \
      "$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v n="$reqs" 'BEGIN { printf "%.1f", (b - a) * 1e6 / hz / (n > 0 ? n : 1) }')" >>"$RUN/big.tsv"
    stop_one gazette-big
  done
fi

# ================================================================ report
col() { awk -F'\t' -v s="$1" -v c="$2" 'NR > 1 && $1 == s { print $c }' "$RUN/results.tsv" | median_of; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a == a + 0) printf "%.3g", a / b; else print "n/a" }'; }
verdict() { awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN { if (v !~ /^[0-9.e+-]+$/) print "?"; else if ((op == ">=" && v >= g) || (op == "<=" && v <= g) || (op == "<" && v < g)) print "met"; else print "NOT met" }'; }
if has "$PARTS" page; then
  echo
  echo "== article page: wrk -t1 -c$CONNS -d$DUR --latency, $ROUNDS rounds alternating; medians"
  printf '%-15s %7s %3s %9s %8s %8s %8s %9s %4s  %s\n' server bytes ka 'req/s' 'p50 ms' 'p99 ms' 'RSS MB' 'CPU us/r' err 'req/s per round'
  for s in $SERVERS; do
    bytes=$(awk -F'\t' -v s="$s" '$1 == s { print $3 }' "$RUN/check.tsv")
    ka=$(awk -F'\t' -v s="$s" '$1 == s { print $4 }' "$RUN/check.tsv")
    errs=$(awk -F'\t' -v s="$s" 'NR > 1 && $1 == s { e += $7 + $8 } END { print e + 0 }' "$RUN/results.tsv")
    per=$(awk -F'\t' -v s="$s" 'NR > 1 && $1 == s { printf "%s%.0f", sep, $3; sep = " / " }' "$RUN/results.tsv")
    printf '%-15s %7s %3s %9.0f %8.3f %8.3f %8.1f %9.1f %4s  %s\n' "$s" "$bytes" "$ka" "$(col "$s" 3)" \
      "$(col "$s" 4)" "$(col "$s" 5)" "$(awk -v k="$(col "$s" 9)" 'BEGIN { print k / 1024 }')" "$(col "$s" 10)" "$errs" "$per"
  done
  echo "  bytes: body of one response; ka: connection re-used (keep-alive); RSS: peak of the summed VmRSS"
  echo "  of the server's processes (1 Hz); CPU us/r: utime+stime of all its processes per request;"
  echo "  err: socket errors + non-2xx.  WordPress = nginx + php-fpm + mariadbd."
  echo
  echo "== goals (ratios of medians from this run)"
  for t in $THREADS; do
    g=gazette-t$t
    v=$(ratio "$(col $g 3)" "$(col nginx-static 3)");     printf '  %-44s %8s  (>= 1.0)   %s\n' "$g / nginx-static req/s" "$v" "$(verdict "$v" '>=' 1)"
    v=$(ratio "$(col $g 10)" "$(col nginx-static 10)");   printf '  %-44s %8s  (<= 1.0)   %s\n' "$g / nginx-static CPU per request" "$v" "$(verdict "$v" '<=' 1)"
    v=$(ratio "$(col $g 5)" "$(col nginx-static 5)");     printf '  %-44s %8s  (<= 1.0)   %s\n' "$g / nginx-static p99" "$v" "$(verdict "$v" '<=' 1)"
    v=$(ratio "$(col $g-gz 3)" "$(col nginx-gzip 3)");    printf '  %-44s %8s  (>= 3.0)   %s\n' "$g-gz / nginx-gzip req/s" "$v" "$(verdict "$v" '>=' 3)"
    v=$(ratio "$(col $g-gz 10)" "$(col nginx-gzip 10)");  printf '  %-44s %8s  (info)\n' "$g-gz / nginx-gzip CPU per request" "$v"
    if [ "$WP" = 1 ]; then
      v=$(ratio "$(col $g 3)" "$(col wordpress 3)");      printf '  %-44s %8s  (>= 1000)  %s\n' "$g / wordpress req/s" "$v" "$(verdict "$v" '>=' 1000)"
      v=$(ratio "$(col wordpress 10)" "$(col $g 10)");    printf '  %-44s %8s  (info)\n' "wordpress / $g CPU per request" "$v"
    fi
  done
fi
if has "$PARTS" big; then
  echo
  echo "== $ARTICLES articles ($(awk 'END { printf "%.0f", NR }' "$RUN/urls.txt") published; database $DBMB MB$( [ -e "$RUN/import.secs" ] && echo ", imported in $(cat "$RUN/import.secs") s"))"
  echo "   start-up: median of $STARTS; load: wrk -t1 -c$CONNS -d$DUR over all article URLs (bench/urls.lua)"
  printf '%-8s %12s %12s %12s %12s %10s %9s %8s %6s %9s\n' threads 'listen ms' 'page ms' 'RSS idle MB' 'RSS load MB' 'HWM MB' 'req/s' 'p99 ms' non2xx 'CPU us/r'
  awk -F'\t' 'NR > 1 { printf "%-8s %12s %12s %12.1f %12.1f %10.1f %9.0f %8.3f %6s %9s\n", $1, $2, $3, $4 / 1024, $5 / 1024, $6 / 1024, $7, $8, $9, $10 }' "$RUN/big.tsv"
  awk -F'\t' 'NR > 1 { v = $5 / 1024; printf "  goal: resident size under 32 MB with %s articles, --threads %s: %.1f MB  %s\n", n, $1, v, (v < 32 ? "met" : "NOT met") }' n="$ARTICLES" "$RUN/big.tsv"
fi
echo
echo "raw: $RUN/results.tsv, $RUN/big.tsv, wrk outputs in $RUN/wrk/, logs in $RUN/*.log"
