#!/usr/bin/env python3
"""Soak test (issue 19; not part of `make test`): three nodes on one PostgreSQL, mixed traffic
(95 % pages over many URLs, 4 % search, 1 % API writes), a node SIGKILLed every KILL_EVERY seconds
and started again at the same address, PostgreSQL restarted once half-way. Then checks:
  - every API write that got a 2xx is in the database;
  - the stored views equal the counted article GETs, less at most those a killed node had not
    flushed (its last flush interval before the kill);
  - no 5xx other than 503, and 503 only while PostgreSQL was restarting or a node was starting;
and writes p50/p99 per minute to OUT (markdown).

Run (loopback only; every server it starts is stopped by PID at the end):
  python3 tests/support/pgcluster.py run -- python3 bench/soak.py            # 30 minutes
  DURATION=120 KILL_EVERY=40 python3 tests/support/pgcluster.py run -- python3 bench/soak.py
Needs the build in build/ (or GAZETTE_BIN) and GAZETTE_TEST_DB_KIND=pg (set here).
"""
import json
import os
import random
import re
import shutil
import signal
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'http'))
os.environ['GAZETTE_TEST_DB_KIND'] = 'pg'

from harness import Gazette, pg_start, pg_stop  # noqa: E402

DURATION = float(os.environ.get('DURATION', '1800'))
KILL_EVERY = float(os.environ.get('KILL_EVERY', '300'))
WORKERS = int(os.environ.get('WORKERS', '4'))
FLUSH_MS = 200
OUT = os.environ.get('OUT', os.path.join(os.getcwd(), 'soak-report.md'))
TOKEN_RE = re.compile(r'\b(gz_[A-Za-z0-9_-]{16,})')
ARTICLE_RE = re.compile(r'-(\d+)\.html$')
CATEGORY = ['Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', 'Gương điển hình']
WORDS = ['dân vận', 'huyện', 'phong trào', 'thi đua', 'xã', 'nông thôn', 'học tập']


class Node:
    def __init__(self, site, args):
        self.site, self.args, self.lock = site, args, threading.Lock()
        self.down_until = 0.0  # monotonic: a restart is in progress until then

    def restart(self):
        with self.lock:
            port = self.site.port
            self.site.proc.send_signal(signal.SIGKILL)
            self.site.proc.wait()
            self.site.proc = None
            self.site._close_log()
            self.site.start(extra_args=self.args, port=port, timeout=30)


def main():
    t_start = time.monotonic()
    first = Gazette('soak_a')
    first.init(demo=True)
    nodes = []
    for i, name in enumerate(['soak_a', 'soak_b', 'soak_c']):
        site = first if i == 0 else Gazette(name)
        if i:
            site.share_db(first)
        args = ['--page-store', os.path.join(site.tmp, 'pages'), '--views-flush-ms', str(FLUSH_MS)]
        site.start(extra_args=args)
        nodes.append(Node(site, args))
    cp = first.run('user', 'token', '--db', first.db_url(), 'admin')
    token = TOKEN_RE.search(cp.stdout).group(1)
    # the pages: every article, the home pages and the category pages
    articles = {}
    for aid in range(1, 12):
        status, h, _ = first.request('GET', '/a/%d' % aid)
        if status == 301:
            articles[first.url_path(h['location'])] = aid
    pages = list(articles) + ['/'] + ['/?page=%d' % n for n in range(2, 400)]
    before = {aid: first.stored_views(aid) for aid in articles.values()}

    stop = threading.Event()
    lock = threading.Lock()
    samples = []            # (t, ms, status, kind)
    counted = []            # (t, node index, article id) for 200 article GETs
    written = []            # ids of articles created with 2xx
    bad = []                # unexpected answers
    pg_window = [None, None]
    kills = []              # (t, node index)

    def worker(seed):
        rnd = random.Random(seed)
        while not stop.is_set():
            k = rnd.randrange(len(nodes))
            node = nodes[k]
            r = rnd.random()
            t0 = time.monotonic()
            try:
                if r < 0.95:
                    kind, path = 'page', rnd.choice(pages)
                    status, _, _ = node.site.request('GET', path, timeout=10)
                elif r < 0.99:
                    kind = 'search'
                    status, _, _ = node.site.request('GET', '/tim-kiem?q=' +
                                                     urllib.parse.quote_plus(rnd.choice(WORDS)),
                                                     timeout=10)
                else:
                    kind = 'write'
                    body = json.dumps({'title': 'Soak %d %d' % (seed, int(t0 * 1000)),
                                       'body_html': '<p>Bài thử tải.</p>',
                                       'category': CATEGORY}, ensure_ascii=False)
                    status, h, out = node.site.request(
                        'POST', '/api/v1/articles', body=body, timeout=10,
                        headers={'Authorization': 'Bearer ' + token,
                                 'Content-Type': 'application/json'})
                    if 200 <= status < 300:
                        with lock:
                            written.append(json.loads(out)['id'])
            except OSError:
                status, kind = 0, 'conn'  # a node being killed: no answer, not counted
            except Exception as e:  # a bug of this script or a broken answer: reported
                with lock:
                    bad.append((round(time.monotonic() - t_start, 1), k, 'error', repr(e)[:200]))
                status, kind = 0, 'error'
            t1 = time.monotonic()
            with lock:
                samples.append((t1 - t_start, (t1 - t0) * 1000, status, kind))
                if kind == 'page' and status == 200 and path in articles:
                    counted.append((t1, k, articles[path]))
                in_pg = pg_window[0] and t0 >= pg_window[0] - 1 and \
                    (pg_window[1] is None or t0 <= pg_window[1] + 10)
                if status >= 500 and not (status == 503 and (in_pg or kind != 'page')):
                    bad.append((round(t1 - t_start, 1), k, kind, status))

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(WORKERS)]
    for t in threads:
        t.start()
    t_run = time.monotonic()
    next_kill, victim, pg_done = t_run + KILL_EVERY, 0, False
    gaps = []               # (t, GETs counted up to t - 3 s, stored views added at t)
    next_gap = t_run + 30

    def sample_gap():
        try:
            stored_now = sum(first.stored_views(aid) - before[aid] for aid in articles.values())
        except Exception:  # the database is down: no sample
            return
        t = time.monotonic()
        with lock:
            upto = sum(1 for (tc, _, _) in counted if tc <= t - 3)
            upto_all = len(counted)
        gaps.append((t - t_run, upto, upto_all, stored_now))

    while time.monotonic() - t_run < DURATION:
        now = time.monotonic()
        if now >= next_gap:
            sample_gap()
            next_gap = now + 30
        if now >= next_kill:
            kills.append((now, victim))
            nodes[victim].restart()
            victim, next_kill = (victim + 1) % len(nodes), now + KILL_EVERY
        if not pg_done and now - t_run >= DURATION / 2:
            pg_window[0] = time.monotonic()
            pg_stop()
            time.sleep(5)
            pg_start()
            pg_window[1] = time.monotonic()
            pg_done = True
        time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join(15)
    for n in nodes:
        n.site.stop(timeout=30)

    # checks
    missing = []
    for aid in written:
        if not first.db_query('SELECT id FROM articles WHERE id = %d' % int(aid)):
            missing.append(aid)
    lost_max = 0  # GETs on a node in its last flush interval (+ margin) before it was killed
    for kt, k in kills:
        lost_max += sum(1 for (t, n, _) in counted if n == k and kt - 2 * FLUSH_MS / 1000 <= t <= kt)
    stored = sum(first.stored_views(aid) - before[aid] for aid in articles.values())
    views_ok = len(counted) - lost_max <= stored <= len(counted)

    lines = ['# Soak run', '',
             'duration %.0f s, %d workers, 3 nodes, a SIGKILL every %.0f s (%d), PostgreSQL '
             'restarted once' % (DURATION, WORKERS, KILL_EVERY, len(kills)), '',
             '| minute | requests | p50 ms | p99 ms | 503 | other 5xx |', '| ---: | ---: | ---: | ---: | ---: | ---: |']
    by_min = {}
    for t, ms, status, kind in samples:
        by_min.setdefault(int(t // 60), []).append((ms, status))
    for m in sorted(by_min):
        lat = sorted(ms for ms, _ in by_min[m])
        lines.append('| %d | %d | %.1f | %.1f | %d | %d |' % (
            m, len(lat), lat[len(lat) // 2], lat[min(len(lat) - 1, int(len(lat) * 0.99))],
            sum(1 for _, s in by_min[m] if s == 503),
            sum(1 for _, s in by_min[m] if s >= 500 and s != 503)))
    by_kind = {}
    for _, _, status, kind in samples:
        by_kind.setdefault(kind, {}).setdefault(status, 0)
        by_kind[kind][status] += 1
    lines += ['', 'answers by kind and status: %s' % json.dumps(by_kind, sort_keys=True)]
    lines += ['', 'writes with 2xx: %d, missing afterwards: %d %s' % (len(written), len(missing), missing[:10]),
              'article GETs counted: %d, stored views added: %d, at most %d on killed nodes\' '
              'unflushed interval: %s' % (len(counted), stored, lost_max, 'OK' if views_ok else 'WRONG'),
              'unexpected 5xx: %d %s' % (len(bad), bad[:10])]
    # When views went missing: every 30 s, the GETs counted up to 3 s before (all flushed by then
    # unless lost), all GETs so far, and the views stored; a loss shows as stored < the first.
    lines += ['', '| s | GETs to t-3s | GETs to t | stored | missing |', '| ---: | ---: | ---: | ---: | ---: |']
    for t, upto, upto_all, st in gaps:
        lines.append('| %.0f | %d | %d | %d | %d |' % (t, upto, upto_all, st, max(0, upto - st)))
    lines += ['', 'kills (s, node): %s' % [(round(kt - t_run), k) for kt, k in kills],
              'PostgreSQL down (s): %s' % [round(x - t_run) if x else None for x in pg_window]]
    report = '\n'.join(lines) + '\n'
    with open(OUT, 'w') as f:
        f.write(report)
    print(report)
    keep = os.environ.get('KEEP_LOGS')
    for i, n in enumerate(nodes):
        if keep:  # the nodes' logs, for a failed run
            os.makedirs(keep, exist_ok=True)
            if os.path.exists(n.site.log_path):
                shutil.copy(n.site.log_path, os.path.join(keep, 'node-%d.log' % i))
        n.site.cleanup()
    ok = not missing and views_ok and not bad and len(samples) > 10 * DURATION and counted and \
        written
    print('soak: %s' % ('passed' if ok else 'FAILED'))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
