# The page cache: hits, ETags and 304s, the gzip variant, and changes showing on the next request.
import gzip
import html
import json
import re
import time
import unittest

from harness import CLOCK_RE, REF_ID, REF_PATH, SiteTestCase


def metric(text, name):
    m = re.search(r'(?m)^%s (\d+)$' % re.escape(name), text)
    if not m:
        raise AssertionError('expected metric %s in /metrics, got %r' % (name, text[:300]))
    return int(m.group(1))


def without_clock(body):
    """The page minus its header clock line (the one thing that changes every second)."""
    return re.sub(rb'<p class="clock"[^>]*>[^<]*</p>', b'', body)


class CacheTest(SiteTestCase):
    def metrics(self):
        status, _, body = self.site.request('GET', '/metrics')
        self.assertEqual(status, 200, 'expected /metrics to answer 200, got %d' % status)
        return body.decode()

    def test_hits_and_conditional_requests(self):
        self.site.request('GET', REF_PATH)
        before = metric(self.metrics(), 'gazette_page_cache_hits_total')
        status, h, body = self.site.request('GET', REF_PATH)
        self.assertEqual(status, 200)
        after = metric(self.metrics(), 'gazette_page_cache_hits_total')
        self.assertGreaterEqual(after, before + 1, 'expected the second GET to be a cache hit')
        etag = h.get('etag')
        self.assertRegex(etag or '', r'^"[0-9a-f]{16}"$', 'expected a strong ETag, got %r' % etag)
        self.assertIn('Accept-Encoding', h.get('vary', ''), 'expected Vary: Accept-Encoding')
        status, h2, body2 = self.site.request('GET', REF_PATH, headers={'If-None-Match': etag})
        self.assertEqual(status, 304, 'expected 304 for a matching If-None-Match, got %d' % status)
        self.assertEqual(body2, b'', 'expected no body with 304, got %d bytes' % len(body2))
        self.assertEqual(h2.get('etag'), etag, 'expected the 304 to repeat the ETag')
        status, _, _ = self.site.request('GET', REF_PATH, headers={'If-None-Match': '"0000"'})
        self.assertEqual(status, 200, 'expected 200 for a stale ETag, got %d' % status)
        status, h3, body3 = self.site.request('HEAD', REF_PATH)
        self.assertEqual((status, body3), (200, b''), 'expected HEAD 200 without a body')
        self.assertEqual(h3.get('etag'), etag, 'expected HEAD to carry the same ETag')

    def test_etag_outlives_the_clock(self):
        """The header clock (its text and data-epoch) changes every second; the ETag must not, or a
        cache in front would never get a 304."""
        status, h1, body1 = self.site.request('GET', '/')
        self.assertEqual(status, 200)
        time.sleep(2.2)  # past the page cache's second: the page is rendered again
        status, h2, body2 = self.site.request('GET', '/')
        self.assertNotEqual(body1, body2, 'expected the clock to have moved between the renders')
        self.assertEqual(without_clock(body1), without_clock(body2),
                         'expected the same page apart from the clock')
        self.assertEqual(h2.get('etag'), h1.get('etag'),
                         'expected the same ETag for the same content a render later, got %r then %r'
                         % (h1.get('etag'), h2.get('etag')))

    def test_gzip_variant_is_the_same_page(self):
        status, h, plain = self.site.request('GET', REF_PATH)
        status2, h2, packed = self.site.request('GET', REF_PATH,
                                                headers={'Accept-Encoding': 'gzip, br'})
        self.assertEqual((status, status2), (200, 200))
        self.assertEqual(h2.get('content-encoding'), 'gzip', 'expected gzip, got %r'
                         % h2.get('content-encoding'))
        self.assertNotIn('content-encoding', h, 'expected no encoding without Accept-Encoding')
        self.assertLess(len(packed), len(plain) // 2, 'expected gzip to at least halve the page')
        unpacked = gzip.decompress(packed)
        self.assertEqual(without_clock(unpacked), without_clock(plain),
                         'expected the gzip variant to decompress to the same page')
        clock = re.search(rb'<p class="clock"[^>]*>([^<]*)</p>', unpacked)
        self.assertIsNotNone(clock, 'expected the clock in the decompressed page')
        self.assertRegex(clock.group(1).decode(), CLOCK_RE)
        status, h3, body3 = self.site.request('GET', REF_PATH,
                                              headers={'Accept-Encoding': 'gzip;q=0'})
        self.assertNotIn('content-encoding', h3, 'expected q=0 to refuse gzip')

    def test_header_names_in_any_case(self):
        """Header names are case-insensitive (RFC 9110), also for the headers the server reads in
        its one pass over the header block (server.c, known_names)."""
        status, h, _ = self.site.request('GET', REF_PATH)
        etag = h.get('etag')
        status, h, body = self.site.request('GET', REF_PATH, headers={'accept-encoding': 'gzip'})
        self.assertEqual(h.get('content-encoding'), 'gzip',
                         'expected gzip for a lower-case accept-encoding, got %r' % h)
        status, _, body = self.site.request('GET', REF_PATH, headers={'IF-NONE-MATCH': etag})
        self.assertEqual((status, body), (304, b''),
                         'expected 304 for an upper-case IF-NONE-MATCH, got %d' % status)
        status, _, _ = self.site.request('GET', REF_PATH + '?page=1',
                                         headers={'If-None-Match': etag})
        self.assertIn(status, (200, 304), 'expected a page for a query, got %d' % status)

    def test_change_from_another_process_shows_at_once(self):
        status, _, body = self.site.request('GET', REF_PATH)
        self.assertEqual(status, 200)
        r = self.site.prepend_to_body(11, '<p>Đã sửa bởi một tiến trình khác.</p>')
        self.assertEqual(r.returncode, 0, r.stderr)
        deadline = time.time() + 2.0
        while True:
            status, _, body = self.site.request('GET', REF_PATH)
            if 'Đã sửa bởi một tiến trình khác.' in body.decode():
                break
            self.assertLess(time.time(), deadline,
                            'expected the edit made by `gazette import` to show within 2 s')
            time.sleep(0.05)

    def related_titles(self, path):
        status, _, body = self.site.request('GET', path)
        self.assertEqual(status, 200, 'expected %s to answer 200, got %d' % (path, status))
        m = re.search(r'<section class="related".*?</section>', body.decode(), re.S)
        if not m:
            return []
        return [html.unescape(t) for t in re.findall(r'<a [^>]*>([^<]+)</a>', m.group(0))]

    def test_related_list_follows_changes(self):
        """The related list (the category's newest, read once per generation and category and
        shared by the pages of that category) shows a new article of the category on the next
        request, never a scheduled one, never the page's own article."""
        r = self.site.run('export', '--db', self.site.db_url(), '-')
        arts = [json.loads(ln) for ln in r.stdout.splitlines()]
        ref = [a for a in arts if a['id'] == REF_ID][0]
        before = self.related_titles(REF_PATH)
        self.assertNotIn(ref['title'], before, 'expected the article not in its own related list')
        self.assertLessEqual(len(before), 10, 'expected at most 10 related, got %r' % before)
        now = time.time()

        def line(title, t):
            return json.dumps({'title': title, 'category': ref['category'],
                               'body_html': '<p>Bài mới cùng chuyên mục.</p>',
                               'status': 'published',
                               'published_at': time.strftime('%Y-%m-%dT%H:%M:%S+00:00',
                                                             time.gmtime(t))},
                              ensure_ascii=False) + '\n'
        new = 'Tin mới cùng chuyên mục %d' % int(now * 1000)
        later = 'Tin hẹn giờ cùng chuyên mục %d' % int(now * 1000)
        r = self.site.run('import', '--db', self.site.db_url(), '-',
                          input=line(new, now - 5)
                          + line(later, now + 86400))
        self.assertEqual(r.returncode, 0, r.stderr)
        deadline = time.time() + 2.0
        while True:
            titles = self.related_titles(REF_PATH)
            if titles and titles[0] == new:
                break
            self.assertLess(time.time(), deadline, 'expected %r first in the related list within '
                            '2 s of its import, got %r' % (new, titles))
            time.sleep(0.05)
        self.assertNotIn(later, titles, 'expected a scheduled article not to be listed')
        self.assertNotIn(ref['title'], titles)
        self.assertEqual(titles[1:], before[:len(titles) - 1],
                         'expected the older related articles after the new one')


if __name__ == '__main__':
    unittest.main()
