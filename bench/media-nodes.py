#!/usr/bin/env python3
"""Media on every node (issue 19; not part of `make test`): two nodes on one PostgreSQL, images of
several sizes uploaded through A, then the first GET on B (fetched from the database into its
cache), the next GETs on B (from its cache) and the same on A, timed. Prints a markdown table.

  python3 tests/support/pgcluster.py run -- python3 bench/media-nodes.py
Needs the build in build/ (or GAZETTE_BIN).
"""
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'http'))
os.environ['GAZETTE_TEST_DB_KIND'] = 'pg'
os.environ.setdefault('GAZETTE_BIN', os.path.join(HERE, '..', 'build', 'src', 'gazette'))

from harness import Gazette  # noqa: E402
from test_media_nodes import noise_png, token_for, upload  # noqa: E402

SIDES = [int(x) for x in os.environ.get('SIDES', '180,700,1290').split(',')]
REPEAT = int(os.environ.get('REPEAT', '20'))


def timed(site, path):
    t = time.perf_counter()
    status, _, body = site.request('GET', path, timeout=60)
    ms = (time.perf_counter() - t) * 1000
    if status != 200:
        raise SystemExit('GET %s on %s: %d' % (path, site.name, status))
    return ms, body


def main():
    a, b = Gazette('bench_a'), Gazette('bench_b')
    try:
        a.init(demo=True)
        b.share_db(a)
        a.start()
        b.start()
        token = token_for(a)
        print('| stored bytes | chunks | upload through A ms | first GET on B ms (from the '
              'database) | next GETs on B ms (cache, median) | GET on A ms (median) |')
        print('| ---: | ---: | ---: | ---: | ---: | ---: |')
        for i, side in enumerate(SIDES):
            data = noise_png(side, side, 'bench-%d' % i)
            t = time.perf_counter()
            doc = upload(a, token, 'bench-%d.png' % i, data)
            up = (time.perf_counter() - t) * 1000
            rel = doc['url'][len('/media/'):]
            size, chunks = a.db_query("SELECT bytes, chunks FROM media_files WHERE path = '%s'"
                                      % rel)[0]
            first, body_b = timed(b, doc['url'])
            warm = [timed(b, doc['url'])[0] for _ in range(REPEAT)]
            on_a = [timed(a, doc['url'])[0] for _ in range(REPEAT)]
            _, body_a = timed(a, doc['url'])
            if body_a != body_b:
                raise SystemExit('B served other bytes than A for %s' % rel)
            print('| %s | %s | %.1f | %.1f | %.2f | %.2f |' % (
                size, chunks, up, first, statistics.median(warm), statistics.median(on_a)))
    finally:
        for n in (a, b):
            try:
                n.stop()
            finally:
                n.cleanup()


if __name__ == '__main__':
    main()
