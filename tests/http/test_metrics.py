# /metrics read by an independent parser (Debian's python3-prometheus-client, through
# prom_parse.py run by /usr/bin/python3): requests by route-table pattern and status class, latency
# histograms per surface, page cache, database pool, the view counter's backlog, the page store.
import http.client
import json
import os
import re
import socket
import subprocess
import time
import unittest

from harness import REF_PATH, Gazette, free_port, is_pg

HERE = os.path.dirname(os.path.abspath(__file__))
PARSER = os.path.join(HERE, 'prom_parse.py')
SYSTEM_PYTHON = '/usr/bin/python3'
ARTICLE_ROUTE = '/{slug}-{id}.html'


def parse(text):
    """The families the independent parser reads: {name: (type, [(name, labels, value)])}."""
    p = subprocess.run([SYSTEM_PYTHON, PARSER], input=text.encode(), capture_output=True,
                       timeout=60)
    if p.returncode != 0:
        raise AssertionError('expected prometheus_client to parse /metrics (is '
                             'python3-prometheus-client installed?), got exit %d: %s'
                             % (p.returncode, p.stderr.decode(errors='replace')[-2000:]))
    fams = {}
    for f in json.loads(p.stdout):
        samples = [(n, l, float('inf') if v == 'Inf' else v) for n, l, v in f['samples']]
        fams[f['name']] = (f['type'], samples)
    return fams


def series(fams):
    """Every sample as {(sample name, sorted label items): value}; duplicates fail."""
    out = {}
    for _, (_, samples) in fams.items():
        for name, labels, value in samples:
            key = (name, tuple(sorted(labels.items())))
            if key in out:
                raise AssertionError('expected each series once, got %r twice' % (key,))
            out[key] = value
    return out


def value(s, name, **labels):
    key = (name, tuple(sorted(labels.items())))
    if key not in s:
        raise AssertionError('expected series %s%r in /metrics, it is missing' % (name, labels))
    return s[key]


def requests_by(s):
    """{(surface, route, class): count} of gazette_http_requests_total."""
    return {(dict(k)['surface'], dict(k)['route'], dict(k)['class']): v
            for (n, k), v in s.items() if n == 'gazette_http_requests_total'}


class MetricsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Gazette('metrics')
        try:
            cls.site.init(demo=True)
            cls.pages = os.path.join(cls.site.tmp, 'pages')
            # views written once a minute: what the counter holds stays pending for the test
            cls.site.start(extra_args=['--views-flush-ms', '60000', '--page-store', cls.pages])
            routes = cls.site.run('routes')
            cls.routes = {}
            for line in routes.stdout.splitlines():
                surface, _, pattern = line.split('\t')[:3]
                cls.routes.setdefault(surface, set()).add(pattern)
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.site.alive():
                cls.site.stop()
        finally:
            cls.site.cleanup()

    def scrape(self):
        status, h, body = self.site.request('GET', '/metrics')
        self.assertEqual(status, 200, 'expected /metrics to answer 200, got %d' % status)
        self.assertTrue(h.get('content-type', '').startswith('text/plain; version=0.0.4'),
                        'expected the text format 0.0.4, got %r' % h.get('content-type'))
        fams = parse(body.decode())
        return fams, series(fams)

    def get(self, path, want=200):
        status, _, _ = self.site.request('GET', path)
        self.assertEqual(status, want,
                         'expected GET %s to answer %d, got %d' % (path, want, status))

    def test_families_and_types(self):
        fams, s = self.scrape()
        want = {'gazette_http_requests': 'counter',
                'gazette_http_responses': 'counter',
                'gazette_http_request_duration_seconds': 'histogram',
                'gazette_page_cache_hits': 'counter',
                'gazette_page_cache_misses': 'counter',
                'gazette_db_pool_in_use': 'gauge',
                'gazette_db_pool_size': 'gauge',
                'gazette_db_pool_waits': 'counter',
                'gazette_counter_pending': 'gauge',
                'gazette_counter_flush_lag_seconds': 'gauge',
                'gazette_page_store_queue': 'gauge',
                'gazette_page_store_queue_capacity': 'gauge',
                'gazette_media_cache_bytes': 'gauge',
                'gazette_media_fetches': 'counter',
                'gazette_search_duration_seconds': 'histogram',
                'gazette_uploads': 'counter',
                'gazette_build_info': 'gauge'}
        for name, typ in want.items():
            self.assertIn(name, fams, 'expected the family %s, got %s' % (name, sorted(fams)))
            self.assertEqual(fams[name][0], typ, 'expected %s to be a %s, got %s'
                             % (name, typ, fams[name][0]))
        version = self.site.run('--version').stdout.split()[-1]
        info = [l for n, l, v in fams['gazette_build_info'][1]]
        self.assertEqual(len(info), 1, 'expected one build_info series, got %r' % info)
        self.assertEqual(info[0]['version'], version,
                         'expected build_info version %r, got %r' % (version, info[0]))
        self.assertEqual(info[0]['backend'], 'postgresql' if is_pg() else 'sqlite')

    def test_requests_counted_exactly_by_route_pattern(self):
        _, before = self.scrape()
        for _ in range(3):
            self.get(REF_PATH)
        self.get('/api/v1/articles')
        self.get('/api/v1/articles')
        self.get('/khong-co-trang-nay/con-nua', want=404)
        _, after = self.scrape()
        a, b = requests_by(before), requests_by(after)
        diff = {k: b.get(k, 0) - a.get(k, 0) for k in set(a) | set(b)}
        diff = {k: v for k, v in diff.items() if v}
        want = {('site', ARTICLE_ROUTE, '2xx'): 3,
                ('api', '/api/v1/articles', '2xx'): 2,
                ('site', '(none)', '4xx'): 1,
                ('site', '/metrics', '2xx'): 1}  # the first scrape, counted once answered
        self.assertEqual(diff, want, 'expected exactly these requests between two scrapes')
        for cls_ in ('2xx', '4xx'):
            d = (value(after, 'gazette_http_responses_total', **{'class': cls_})
                 - value(before, 'gazette_http_responses_total', **{'class': cls_}))
            self.assertEqual(d, sum(v for k, v in want.items() if k[2] == cls_),
                             'expected responses_total{class=%s} to grow by the requests made'
                             % cls_)
        for surface, n in (('site', 5), ('api', 2), ('admin', 0)):
            d = (value(after, 'gazette_http_request_duration_seconds_count', surface=surface)
                 - value(before, 'gazette_http_request_duration_seconds_count', surface=surface))
            self.assertEqual(d, n, 'expected the %s latency histogram to count %d requests, got %d'
                             % (surface, n, d))

    def test_route_labels_are_table_patterns(self):
        self.get(REF_PATH)
        self.get('/a-page-that-does-not-exist-%d.html' % 999999999, want=404)
        _, s = self.scrape()
        labels = requests_by(s)
        self.assertTrue(labels, 'expected some requests counted')
        for surface, route, cls_ in labels:
            allowed = self.routes.get(surface, set()) | {'(none)'}
            self.assertIn(route, allowed, 'expected route label %r of surface %s to be a pattern '
                          'of its route table' % (route, surface))
            self.assertRegex(cls_, r'^[1-5]xx$')
        self.assertNotIn(REF_PATH, json.dumps(list(labels)),
                         'expected no raw URL among the labels')

    def test_histograms_cumulative_and_consistent(self):
        self.get(REF_PATH)
        self.get('/api/v1/categories')
        self.site.request('GET', '/admin')
        fams, s = self.scrape()
        samples = fams['gazette_http_request_duration_seconds'][1]
        reqs = requests_by(s)
        for surface in ('site', 'admin', 'api'):
            buckets = sorted(((float(l['le']), v) for n, l, v in samples
                              if n.endswith('_bucket') and l['surface'] == surface))
            self.assertGreaterEqual(len(buckets), 8, 'expected a range of buckets for %s' % surface)
            self.assertEqual(buckets[-1][0], float('inf'), 'expected a +Inf bucket last')
            for (le1, v1), (le2, v2) in zip(buckets, buckets[1:]):
                self.assertLessEqual(v1, v2, 'expected cumulative buckets for %s: le=%s has %s, '
                                     'le=%s has %s' % (surface, le1, v1, le2, v2))
            count = value(s, 'gazette_http_request_duration_seconds_count', surface=surface)
            total = value(s, 'gazette_http_request_duration_seconds_sum', surface=surface)
            self.assertEqual(buckets[-1][1], count, 'expected _count == the +Inf bucket')
            self.assertGreater(count, 0, 'expected requests in the %s histogram' % surface)
            self.assertGreaterEqual(total, 0)
            self.assertLess(total / count, 5, 'expected a plausible mean latency for %s' % surface)
            by_route = sum(v for (sf, _, _), v in reqs.items() if sf == surface)
            # the scrape being answered is counted after it: both sides lack it alike
            self.assertEqual(count, by_route, 'expected the %s histogram to count as many '
                             'requests as requests_total, got %s and %s'
                             % (surface, count, by_route))

    def test_cache_hits_and_misses(self):
        path = '/rss.xml'
        for attempt in range(3):  # on a slow machine the second GET may come after the ttl
            _, before = self.scrape()
            self.get(path)
            self.get(path)
            _, after = self.scrape()
            hits = (value(after, 'gazette_page_cache_hits_total')
                    - value(before, 'gazette_page_cache_hits_total'))
            misses = (value(after, 'gazette_page_cache_misses_total')
                      - value(before, 'gazette_page_cache_misses_total'))
            self.assertEqual(hits + misses, 2, 'expected two cacheable requests as hits or '
                             'misses, got %d hits and %d misses' % (hits, misses))
            if hits >= 1:
                break
        self.assertGreaterEqual(hits, 1, 'expected the second request within the second to hit')

    def test_view_backlog_and_pool(self):
        def flushes(s):
            return value(s, 'gazette_counter_flushes_total', counter='views', result='ok')

        for attempt in range(3):  # the minute's flush may fall between the two scrapes: again
            _, before = self.scrape()
            pend0 = value(before, 'gazette_counter_pending', counter='views')
            for _ in range(4):
                self.get(REF_PATH)
            time.sleep(0.3)
            _, s = self.scrape()
            if flushes(s) == flushes(before):
                break
        pend = value(s, 'gazette_counter_pending', counter='views')
        self.assertEqual(pend - pend0, 4, 'expected 4 more views pending (flushed every minute'
                         '), got %d' % (pend - pend0))
        self.assertGreaterEqual(value(s, 'gazette_counter_pending_ids', counter='views'), 1)
        lag = value(s, 'gazette_counter_flush_lag_seconds', counter='views')
        self.assertGreaterEqual(lag, 0.25, 'expected the oldest pending view to have waited, got %s'
                                % lag)
        self.assertLess(lag, 3600)
        in_use = value(s, 'gazette_db_pool_in_use')
        size = value(s, 'gazette_db_pool_size')
        self.assertGreaterEqual(size, 1, 'expected at least one database connection open')
        self.assertTrue(0 <= in_use <= size,
                        'expected 0 <= in use (%s) <= size (%s)' % (in_use, size))
        mx = value(s, 'gazette_db_pool_max')
        if is_pg():
            self.assertGreaterEqual(mx, size, 'expected the pool bound above its size')
        else:
            self.assertEqual(mx, 0, 'expected SQLite\'s pool to have no bound')

    def test_page_store_queue(self):
        self.get('/')
        deadline = time.monotonic() + 5
        while True:
            _, s = self.scrape()
            if value(s, 'gazette_page_store_pages') >= 1 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.assertGreaterEqual(value(s, 'gazette_page_store_pages'), 1,
                                'expected the home page written to the page store')
        cap = value(s, 'gazette_page_store_queue_capacity')
        self.assertGreater(cap, 0, 'expected a page store queue')
        self.assertTrue(0 <= value(s, 'gazette_page_store_queue') <= cap)

    def test_search_latency_and_uploads(self):
        _, before = self.scrape()
        self.get('/tim-kiem?q=dan+van')
        self.get('/api/v1/search?q=dan+van')
        self.get('/tim-kiem')  # no words: no search
        self.get('/van-ban/?q=quyet+dinh')
        self.get('/van-ban/')  # a plain list
        body = (b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
                b'Content-Type: image/png\r\n\r\n' + b'\x89PNG' + b'0' * 300 + b'\r\n--XyZ--\r\n')
        status, _, _ = self.site.request('POST', '/admin/media', body=body, headers={
            'Content-Type': 'multipart/form-data; boundary=XyZ'})
        self.assertIn(status // 100, (3, 4), 'expected an upload without a session refused, got %d'
                      % status)
        _, after = self.scrape()

        def grew(name, **labels):
            return value(after, name, **labels) - value(before, name, **labels)

        self.assertEqual(grew('gazette_search_duration_seconds_count', kind='articles'), 2,
                         'expected two searches of articles (page and API)')
        self.assertEqual(grew('gazette_search_duration_seconds_count', kind='documents'), 1,
                         'expected one search of documents')
        self.assertGreaterEqual(grew('gazette_search_duration_seconds_sum', kind='articles'), 0)
        self.assertEqual(grew('gazette_uploads_total', **{'class': '%dxx' % (status // 100)}), 1,
                         'expected the refused upload counted in its class')
        self.assertEqual(grew('gazette_upload_bytes_total'), len(body),
                         'expected the upload\'s bytes counted')

    def test_local_only(self):
        status, _, body = self.site.request('GET', '/metrics',
                                            headers={'X-Forwarded-For': '203.0.113.9'})
        self.assertEqual(status, 404,
                         'expected /metrics through a proxy to be 404, got %d' % status)
        self.assertNotIn(b'gazette_http_requests_total', body)


def outside_address():
    """An IPv4 address of this machine other than loopback, or None."""
    try:
        out = subprocess.run(['ip', '-4', '-o', 'addr', 'show'], capture_output=True, text=True,
                             timeout=10).stdout
    except OSError:
        return None
    for m in re.finditer(r'inet (\d+\.\d+\.\d+\.\d+)/', out):
        if not m.group(1).startswith('127.'):
            return m.group(1)
    return None


class MetricsPeerTest(unittest.TestCase):
    """The peer is what counts: a client on another address than loopback gets 404."""

    def test_not_served_to_another_address(self):
        addr = outside_address()
        if not addr:
            self.skipTest('no address but loopback on this machine')
        site = Gazette('metricspeer')
        try:
            site.init(demo=True)
            port = free_port()
            # listening on that address only, not on every interface
            proc = subprocess.Popen([site.bin, 'serve', '--db', site.db_url(), '--listen',
                                     '%s:%d' % (addr, port)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, cwd=site.tmp)
            try:
                def get(path):
                    c = http.client.HTTPConnection(addr, port, timeout=5)
                    try:
                        c.request('GET', path)
                        r = c.getresponse()
                        return r.status, r.read()
                    finally:
                        c.close()

                deadline = time.monotonic() + 10
                while True:
                    try:
                        status, _ = get('/healthz')
                        break
                    except OSError:
                        if time.monotonic() > deadline or proc.poll() is not None:
                            raise
                        time.sleep(0.05)
                self.assertEqual(status, 200, 'expected /healthz from %s to answer' % addr)
                status, body = get('/metrics')
                self.assertEqual(status, 404, 'expected /metrics refused to a peer at %s, got %d'
                                 % (addr, status))
                self.assertNotIn(b'gazette_http_requests_total', body)
            finally:
                proc.terminate()
                proc.wait(15)
        finally:
            site.cleanup()


if __name__ == '__main__':
    unittest.main()
