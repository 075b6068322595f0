#!/usr/bin/env python3
"""Read replicas (issue 19; not part of `make test`): one node on a throw-away primary with one
streaming replica (pg_basebackup -R, both on loopback), READS uncached list pages with an API write
(PATCH of an article) every WRITE_EVERY of them. Prints how the node's store reads split between
the replica and the primary, and how long after each write readers' reads return to the replica
(the write raises the node's floor; the replica must replay up to it and the watcher, every 100 ms,
must see that).

Run:
  python3 tests/support/pgcluster.py run -- python3 bench/replica.py
  SYNC=off READS=600 WRITE_EVERY=50 python3 tests/support/pgcluster.py run -- python3 bench/replica.py
SYNC sets the primary's synchronous_commit (default on, PostgreSQL's own default; the test
clusters run with off). Needs the build in build/ (or GAZETTE_BIN).
"""
import json
import os
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'http'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'support'))
os.environ.setdefault('GAZETTE_BIN', os.path.join(ROOT, 'build', 'src', 'gazette'))
os.environ['GAZETTE_TEST_DB_KIND'] = 'pg'

from harness import Gazette  # noqa: E402
from pgcluster import PgCluster, PgReplica  # noqa: E402

TOKEN_RE = re.compile(r'\b(gz_[A-Za-z0-9_-]{16,})')
READS = int(os.environ.get('READS', '600'))
WRITE_EVERY = int(os.environ.get('WRITE_EVERY', '50'))
SYNC = os.environ.get('SYNC', 'on')


def metric(site, name):
    body = site.request('GET', '/metrics')[2].decode()
    return int(re.search(r'^%s (\d+)$' % name, body, re.M).group(1))


def main():
    primary = PgCluster(dbname='gz_bench_admin').start()
    rep = site = None
    try:
        db = primary.create_db('gz_bench')
        site = Gazette('bench-replica')
        site._pg_url = primary.url(db)
        site.init(demo=True)
        out = site.run('user', 'token', '--db', site.db_url(), 'admin').stdout
        headers = {'Authorization': 'Bearer ' + TOKEN_RE.search(out).group(1)}
        rep = PgReplica(primary).start()
        rep.sql("ALTER SYSTEM SET synchronous_commit = '%s'" % SYNC, on_primary=True)
        rep.sql('SELECT pg_reload_conf()', on_primary=True)
        site.start(extra_args=['--db-replica', rep.url(db)])
        time.sleep(0.5)
        aid = 2
        doc = json.loads(site.request('GET', '/api/v1/articles/%d' % aid, headers=headers)[2])
        r0 = metric(site, 'gazette_db_replica_reads_total')
        f0 = metric(site, 'gazette_db_replica_fallbacks_total')
        back, page, t0, writes = [], 1000, time.monotonic(), 0
        for i in range(READS):
            if i % WRITE_EVERY == 0:
                status, _, body = site.request(
                    'PATCH', '/api/v1/articles/%d' % aid,
                    headers=dict(headers, **{'Content-Type': 'application/json'}),
                    body=json.dumps({'revision': doc['revision'], 'title': 'Đo %d' % i}))
                assert status == 200, 'PATCH answered %d: %r' % (status, body[:200])
                doc = json.loads(body)
                writes += 1
                tw = time.monotonic()
                while True:  # a new page each time: a cached one reads nothing
                    before = metric(site, 'gazette_db_replica_reads_total')
                    page += 1
                    site.request('GET', '/?page=%d' % page)
                    if metric(site, 'gazette_db_replica_reads_total') > before:
                        back.append(time.monotonic() - tw)
                        break
            page += 1
            status, _, _ = site.request('GET', '/?page=%d' % page)
            assert status == 200, 'GET /?page=%d answered %d' % (page, status)
        elapsed = time.monotonic() - t0
        r1 = metric(site, 'gazette_db_replica_reads_total')
        f1 = metric(site, 'gazette_db_replica_fallbacks_total')
        back.sort()
        print('synchronous_commit=%s: %d page GETs and %d writes in %.1f s; store reads on the '
              'replica %d, on the primary %d' % (SYNC, READS, writes, elapsed, r1 - r0, f1 - f0))
        print('from a write to the first read on the replica: min %.0f ms, median %.0f ms, '
              'max %.0f ms' % (back[0] * 1e3, back[len(back) // 2] * 1e3, back[-1] * 1e3))
    finally:
        if site:
            site.cleanup()
        if rep:
            rep.stop()
        primary.stop()


if __name__ == '__main__':
    main()
