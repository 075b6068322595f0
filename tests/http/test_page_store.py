# The page store (--page-store): rendered pages kept on disk and served while the database is
# unreachable, also after the node restarted during the outage; views counted meanwhile kept.
import os
import re
import time
import unittest

from harness import Gazette, is_pg, pg_start, pg_stop

STALE = 'x-gazette-stale'
TITLE_RE = re.compile(rb'<title>(.*?)</title>', re.S)


def stored_files(folder):
    """The page files in a page store folder (16 hex digits, no suffix)."""
    return [n for n in os.listdir(folder) if re.fullmatch(r'[0-9a-f]{16}', n)]


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(folder, n)) for n in stored_files(folder))


class PageStoreTest(unittest.TestCase):
    """Both backends: pages are written to the folder, which stays within its size."""

    def setUp(self):
        self.site = Gazette('pstore')
        self.addCleanup(self.site.cleanup)
        self.site.init(demo=True)
        self.folder = os.path.join(self.site.tmp, 'pages')

    def wait_files(self, n, timeout=10):
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if os.path.isdir(self.folder) and len(stored_files(self.folder)) >= n:
                return True
            time.sleep(0.05)
        return False

    def test_rendered_pages_are_written_once(self):
        site = self.site
        site.start(extra_args=['--page-store', self.folder])
        paths = ['/'] + ['/?page=%d' % i for i in range(2, 22)]
        for path in paths:
            status, h, _ = site.request('GET', path)
            self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
            self.assertNotIn(STALE, h, 'expected no stale header with the database up, got %r'
                             % h.get(STALE))
        self.assertTrue(self.wait_files(len(paths)),
                        'expected %d pages in the page store, got %d'
                        % (len(paths), len(stored_files(self.folder))))
        self.assertEqual(len(stored_files(self.folder)), len(paths),
                         'expected one file per page, got %d for %d pages'
                         % (len(stored_files(self.folder)), len(paths)))
        # unchanged pages rendered again are not written again
        mtimes = {n: os.stat(os.path.join(self.folder, n)).st_mtime_ns
                  for n in stored_files(self.folder)}
        time.sleep(1.2)  # past the cache's lifetime: rendered again
        for path in paths:
            site.request('GET', path)
        time.sleep(0.5)
        same = sum(os.stat(os.path.join(self.folder, n)).st_mtime_ns == t
                   for n, t in mtimes.items())
        # the header clock is left out of the content hash, so at most a page whose content
        # really changed is rewritten
        self.assertGreaterEqual(same, len(paths) - 1,
                                'expected unchanged pages not to be rewritten, %d of %d were'
                                % (len(paths) - same, len(paths)))

    def test_the_folder_stays_within_its_size(self):
        site = self.site
        site.start(extra_args=['--page-store', self.folder, '--page-store-max-mb', '1'])
        status, _, body = site.request('GET', '/')
        self.assertEqual(status, 200, 'expected 200 for /, got %d' % status)
        # enough pages to hold well over 1 MB
        n = max(20, 3 * (1 << 20) // max(len(body), 1))
        for i in range(2, n + 2):
            status, _, _ = site.request('GET', '/?page=%d' % i)
            self.assertEqual(status, 200, 'expected 200 for /?page=%d, got %d' % (i, status))
        time.sleep(1.0)
        total = folder_bytes(self.folder)
        self.assertLessEqual(total, 1 << 20, 'expected at most 1 MiB in the page store after %d '
                             'pages of %d bytes, got %d bytes' % (n, len(body), total))
        self.assertGreater(total, (1 << 20) // 2, 'expected the page store to keep pages up '
                           'to its limit, got %d bytes' % total)
        # the newest page is kept, the oldest went first
        site.stop()
        site.start(extra_args=['--page-store', self.folder, '--page-store-max-mb', '1'])
        self.assertLessEqual(folder_bytes(self.folder), 1 << 20)


class PageStoreOutageTest(unittest.TestCase):
    """PostgreSQL stopped: stored pages 200 (also after a node restart), others 503."""

    PAGES = 1000

    def setUp(self):
        if not is_pg():
            self.skipTest('stops PostgreSQL: runs in the http-pg suite')
        self.site = Gazette('pstore_outage')
        self.addCleanup(self.site.cleanup)
        self.site.init(demo=True)
        self.folder = os.path.join(self.site.tmp, 'pages')
        self.args = ['--page-store', self.folder, '--views-flush-ms', '200']
        self.site.start(extra_args=self.args)
        self.down = False

    def tearDown(self):
        if self.down:
            pg_start()

    def article_path(self, aid):
        status, h, _ = self.site.request('GET', '/a/%d' % aid)
        self.assertEqual(status, 301, 'expected 301 for /a/%d, got %d' % (aid, status))
        return self.site.url_path(h['location'])

    def test_pages_survive_an_outage_and_a_restart(self):
        site = self.site
        aid = 9
        article = self.article_path(aid)
        paths = [article, '/'] + ['/?page=%d' % i for i in range(2, self.PAGES)]
        titles = {}
        for path in paths:
            status, _, body = site.request('GET', path)
            self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
            titles[path] = TITLE_RE.search(body).group(1)
        t0 = time.monotonic()
        while len(stored_files(self.folder)) < len(paths) and time.monotonic() - t0 < 20:
            time.sleep(0.1)
        self.assertEqual(len(stored_files(self.folder)), len(paths),
                         'expected every rendered page in the page store, got %d of %d'
                         % (len(stored_files(self.folder)), len(paths)))
        before = site.stored_views(aid)
        counted = 0

        pg_stop()
        self.down = True
        time.sleep(3)  # three times the page cache's lifetime

        def check_stale(label):
            bad = []
            for path in paths:
                status, h, body = site.request('GET', path)
                if status != 200 or h.get(STALE) != 'database-unavailable':
                    bad.append('%s: %d %r' % (path, status, h.get(STALE)))
                elif TITLE_RE.search(body).group(1) != titles[path]:
                    bad.append('%s: another title' % path)
            self.assertEqual(bad, [], 'expected every stored page 200 with %s: '
                             'database-unavailable %s, got (first 5 of %d) %s'
                             % (STALE, label, len(bad), bad[:5]))

        check_stale('with PostgreSQL stopped')
        counted += 1
        status, h, _ = site.request('GET', '/?page=%d' % (self.PAGES + 5))
        self.assertEqual(status, 503, 'expected 503 for a page never rendered, got %d' % status)
        self.assertIn('retry-after', h, 'expected Retry-After on the 503, got %r' % h)
        for _ in range(4):
            status, _, _ = site.request('GET', article)
            self.assertEqual(status, 200, 'expected the stored article 200, got %d' % status)
            counted += 1

        # the node restarts during the outage, at the same address
        port = site.port
        site.stop()
        site.start(extra_args=self.args, port=port)
        self.assertIn('starting without it', site.log(),
                      'expected the log to say the node started without its database, got:\n%s'
                      % site.log())
        check_stale('after the node restarted during the outage')
        counted += 1
        status, h, _ = site.request('GET', '/?page=%d' % (self.PAGES + 6))
        self.assertEqual(status, 503, 'expected 503 for a page never rendered after the '
                         'restart, got %d' % status)
        self.assertIn('retry-after', h, 'expected Retry-After on the 503, got %r' % h)
        status, _, _ = site.request('GET', '/admin/')
        self.assertIn(status, (302, 303, 503), 'expected the newsroom not to answer 200 '
                      'without its database, got %d' % status)

        pg_start()
        self.down = False
        t0 = time.monotonic()
        status = None
        while time.monotonic() - t0 < 10:
            status, h, _ = site.request('GET', '/?page=%d' % (self.PAGES + 7))
            if status == 200:
                break
            time.sleep(0.1)
        self.assertEqual(status, 200, 'expected a new page 200 within 10 s of PostgreSQL '
                         'starting, got %r; log:\n%s' % (status, site.log()))
        time.sleep(1.2)  # the stale copies in memory reach their lifetime
        status, h, _ = site.request('GET', article)
        self.assertEqual(status, 200, 'expected 200 after recovery, got %d' % status)
        self.assertNotIn(STALE, h, 'expected a fresh page after recovery, got %s: %r'
                         % (STALE, h.get(STALE)))
        counted += 1

        site.stop()
        after = site.stored_views(aid)
        self.assertEqual(after - before, counted,
                         'expected the %d views counted during the outage and after (some '
                         'across the restart) to be stored, got %d' % (counted, after - before))


if __name__ == '__main__':
    unittest.main()
