# PostgreSQL restarted under a running node: 503 while it is down, recovery by itself, no lost views.
import time
import unittest

from harness import Gazette, is_pg, pg_start, pg_stop


class OutageTest(unittest.TestCase):
    """Stops and starts the test cluster's server while one node serves."""

    def setUp(self):
        if not is_pg():
            self.skipTest('restarts PostgreSQL: runs in the http-pg suite')
        self.site = Gazette('outage')
        self.addCleanup(self.site.cleanup)
        self.site.init(demo=True)
        self.site.start(extra_args=['--views-flush-ms', '200'])
        self.down = False

    def tearDown(self):
        if self.down:
            pg_start()  # never leave the cluster down for the next tests

    def canonical(self, article_id):
        status, h, _ = self.site.request('GET', '/a/%d' % article_id)
        self.assertEqual(status, 301, 'expected 301 for /a/%d, got %d' % (article_id, status))
        return self.site.url_path(h['location'])

    def test_restart_under_a_running_node(self):
        site = self.site
        aid = 9
        path = self.canonical(aid)
        before = site.stored_views(aid)
        counted = 0
        for _ in range(3):
            status, _, _ = site.request('GET', path)
            self.assertEqual(status, 200, 'expected 200 before the outage, got %d' % status)
            counted += 1

        pg_stop()
        self.down = True
        statuses = set()
        t0 = time.monotonic()
        page = 0
        while time.monotonic() - t0 < 1.5:
            page += 1
            # a page no one asked for yet: never in the cache, so it needs the database
            status, h, _ = site.request('GET', '/?page=%d' % (100 + page))
            statuses.add(status)
            self.assertEqual(status, 503, 'expected 503 for an uncached page while PostgreSQL '
                             'is down, got %d' % status)
            self.assertIn('retry-after', h, 'expected Retry-After on the 503, got %r' % h)
            # the article page: served from the cache (counted) or 503 (not counted)
            status, _, _ = site.request('GET', path)
            self.assertIn(status, (200, 503), 'expected 200 (cached) or 503 for the article '
                          'while PostgreSQL is down, got %d' % status)
            counted += status == 200
            time.sleep(0.1)
        self.assertTrue(site.alive(), 'expected the node to keep running during the outage; '
                        'log:\n%s' % site.log())

        pg_start()
        self.down = False
        t0 = time.monotonic()
        status = None
        while time.monotonic() - t0 < 10:
            status, _, _ = site.request('GET', '/?page=%d' % (200 + page))
            if status == 200:
                break
            self.assertEqual(status, 503, 'expected 503 until the node reconnects, got %d'
                             % status)
            page += 1
            time.sleep(0.1)
        took = time.monotonic() - t0
        self.assertEqual(status, 200, 'expected the node to answer 200 again by itself within '
                         '10 s of PostgreSQL starting, got %r' % status)
        self.assertLess(took, 5.0, 'expected recovery within 5 s, took %.1f s' % took)
        for _ in range(4):
            status, _, _ = site.request('GET', path)
            self.assertEqual(status, 200, 'expected 200 after recovery, got %d' % status)
            counted += 1

        site.stop()
        after = site.stored_views(aid)
        self.assertEqual(after - before, counted,
                         'expected the views counted before, during and after the outage (%d) '
                         'to be stored, got %d' % (counted, after - before))
        log = site.log()
        self.assertIn('reachable again', log, 'expected the log to note the recovery, got:\n%s'
                      % log)


if __name__ == '__main__':
    unittest.main()
