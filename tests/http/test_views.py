# View counting (DESIGN section 8): exact counts, HEAD/crawlers/redirects/404 not counted, batched writes.
import json
import threading
import time

from harness import SiteTestCase

ID = 10
CRAWLERS = ('Googlebot/2.1 (+http://www.google.com/bot.html)',
            'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
            'Baiduspider+(+http://www.baidu.com/search/spider.htm)',
            'Mozilla/5.0 (compatible; SomeCrawler/1.0)',
            'facebookexternalhit/1.1 YandexBot')


def canonical(site, article_id):
    status, h, _ = site.request('GET', '/a/%d' % article_id)
    if status != 301 or 'location' not in h:
        raise AssertionError('expected 301 with Location for /a/%d, got %d %r'
                             % (article_id, status, h))
    return site.url_path(h['location'])


class ExactCountTest(SiteTestCase):
    """N counted GETs from several clients, then SIGTERM: the stored count grew by exactly N."""

    def test_exact_count_after_graceful_stop(self):
        site = self.site
        path = canonical(site, ID)
        before = site.sqlite_views(ID)
        counted = 0

        # 10 over one keep-alive connection
        conn = site.connection()
        try:
            for _ in range(10):
                status, _, _ = site.request('GET', path, conn=conn)
                self.assertEqual(status, 200, 'expected 200 over keep-alive, got %d' % status)
                counted += 1
        finally:
            conn.close()
        # 7 on fresh connections, 4 of them asking for gzip (the compressed variant counts too)
        for i in range(7):
            hdrs = {'Accept-Encoding': 'gzip'} if i % 2 == 0 else None
            status, _, _ = site.request('GET', path, headers=hdrs)
            self.assertEqual(status, 200, 'expected 200, got %d' % status)
            counted += 1
        # 20 from 4 parallel threads, 5 each over keep-alive
        errors, oks = [], []

        def worker():
            c = site.connection()
            try:
                for _ in range(5):
                    s, _, _ = site.request('GET', path, conn=c)
                    (oks if s == 200 else errors).append(s)
            except Exception as e:  # reported below
                errors.append(repr(e))
            finally:
                c.close()
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(errors, [], 'expected every parallel GET to answer 200, got %r' % errors)
        self.assertEqual(len(oks), 20, 'expected 20 parallel GETs answered, got %d' % len(oks))
        counted += len(oks)
        self.assertEqual(counted, 37, 'expected 37 counted GETs sent, got %d' % counted)

        # not counted: HEAD, crawlers, redirects, 404s, API reads
        for i in range(5):
            status, _, _ = site.request('HEAD', path,
                                        headers={'Accept-Encoding': 'gzip'} if i % 2 else None)
            self.assertEqual(status, 200, 'expected HEAD 200, got %d' % status)
        for ua in CRAWLERS:
            status, _, _ = site.request('GET', path, headers={'User-Agent': ua})
            self.assertEqual(status, 200, 'expected 200 for a crawler, got %d' % status)
        for p in ('/a/%d' % ID, '/whatever-%d.html' % ID):
            status, _, _ = site.request('GET', p)
            self.assertEqual(status, 301, 'expected 301 for %s, got %d' % (p, status))
        status, _, _ = site.request('GET', '/a/987654')
        self.assertEqual(status, 404, 'expected 404, got %d' % status)
        status, _, _ = site.request('GET', '/api/v1/articles/%d' % ID)
        self.assertEqual(status, 200, 'expected API 200, got %d' % status)

        site.stop()
        after = site.sqlite_views(ID)
        self.assertEqual(after - before, 37, 'expected the stored count to grow by exactly 37 '
                         '(from %d to %d), got +%d' % (before, before + 37, after - before))

        # and the restarted server reports the same number through the API
        site.start()
        status, _, body = site.request('GET', '/api/v1/articles/%d' % ID)
        self.assertEqual(status, 200, 'expected API 200 after restart, got %d' % status)
        views = json.loads(body).get('views')
        self.assertEqual(views, before + 37, 'expected the API to show %d views after restart, got %r'
                         % (before + 37, views))


class PeriodicFlushTest(SiteTestCase):
    """Counts reach the database within ~3 s while the server keeps running."""

    def test_counts_written_without_stopping(self):
        site = self.site
        path = canonical(site, 9)
        before = site.sqlite_views(9)
        for _ in range(5):
            status, _, _ = site.request('GET', path)
            self.assertEqual(status, 200, 'expected 200, got %d' % status)
        t0 = time.monotonic()
        got = before
        while time.monotonic() - t0 < 3.0:
            got = site.sqlite_views(9)
            if got >= before + 5:
                break
            time.sleep(0.1)
        self.assertEqual(got, before + 5, 'expected %d views in the database within 3 s, got %d '
                         '(after %.1f s)' % (before + 5, got, time.monotonic() - t0))
        self.assertTrue(site.alive(), 'expected the server still running, it exited')
        # nothing more arrives later (no double flush)
        time.sleep(1.5)
        self.assertEqual(site.sqlite_views(9), before + 5,
                         'expected the count to stay at %d, got %d' % (before + 5, site.sqlite_views(9)))


class SigintTest(SiteTestCase):
    """SIGINT also stops gracefully and writes pending counts."""

    def test_sigint_flushes(self):
        import signal
        site = self.site
        path = canonical(site, 8)
        before = site.sqlite_views(8)
        for _ in range(3):
            status, _, _ = site.request('GET', path)
            self.assertEqual(status, 200, 'expected 200, got %d' % status)
        site.proc.send_signal(signal.SIGINT)
        rc = site.proc.wait(15)
        site.proc = None
        self.assertEqual(rc, 0, 'expected exit status 0 after SIGINT, got %d' % rc)
        after = site.sqlite_views(8)
        self.assertEqual(after, before + 3, 'expected %d views after SIGINT, got %d'
                         % (before + 3, after))
