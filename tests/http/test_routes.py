# Public routes: redirects, 404s, category pages, error pages, static files, headers, keep-alive.
import json
import re

from harness import (CAT_PATH, PARENT_CAT_PATH, REF_ID, REF_PATH, SiteTestCase, article_ids,
                     parse_links, visible_lines)

MARK = 'zqxmarker7'


class RedirectTest(SiteTestCase):
    def assertRedirect(self, path, want_path, status=301):
        got, h, _ = self.site.request('GET', path)
        self.assertEqual(got, status, 'expected %d for GET %s, got %d' % (status, path, got))
        loc = h.get('location')
        self.assertIsNotNone(loc, 'expected a Location header for GET %s, got none' % path)
        self.assertEqual(self.site.url_path(loc), want_path,
                         'expected GET %s to redirect to %s, got Location %r' % (path, want_path, loc))

    def test_short_url_redirects_to_canonical(self):
        self.assertRedirect('/a/%d' % REF_ID, REF_PATH)

    def test_wrong_slug_redirects_to_canonical(self):
        for path in ('/whatever-11.html', '/huyen-yen-my-11.html', '/a-11.html'):
            with self.subTest(path=path):
                self.assertRedirect(path, REF_PATH)

    def test_canonical_url_serves_article(self):
        status, _, _ = self.site.request('HEAD', REF_PATH)
        self.assertEqual(status, 200, 'expected 200 for HEAD %s, got %d' % (REF_PATH, status))

    def test_every_demo_article_reachable_from_short_url(self):
        for i in range(1, 12):
            with self.subTest(id=i):
                status, h, _ = self.site.request('GET', '/a/%d' % i)
                self.assertEqual(status, 301, 'expected 301 for /a/%d, got %d' % (i, status))
                path = self.site.url_path(h.get('location', ''))
                self.assertRegex(path, r'^/[a-z0-9-]+-%d\.html$' % i,
                                 'expected a canonical article path for id %d, got %r' % (i, path))
                status, _, _ = self.site.request('HEAD', path)
                self.assertEqual(status, 200, 'expected 200 for HEAD %s, got %d' % (path, status))

    def test_unknown_ids_are_404(self):
        for path in ('/a/999', '/a/0', '/a/abc', '/a/99999999999999999999', '/whatever-999.html',
                     '/x-99999999999999999999.html', '/a/', '/a/11/x', '/khong-co-trang-nay'):
            with self.subTest(path=path):
                status, h, _ = self.site.request('GET', path)
                self.assertEqual(status, 404, 'expected 404 for GET %s, got %d' % (path, status))

    def test_category_without_slash_redirects(self):
        self.assertRedirect(CAT_PATH.rstrip('/'), CAT_PATH)
        self.assertRedirect(PARENT_CAT_PATH.rstrip('/'), PARENT_CAT_PATH)

    def test_healthz(self):
        status, h, body = self.site.request('GET', '/healthz')
        self.assertEqual((status, body), (200, b'ok\n'),
                         'expected 200 "ok\\n" for /healthz, got %d %r' % (status, body))


class CategoryTest(SiteTestCase):
    def test_subcategory_lists_demo_articles(self):
        status, _, body = self.site.request('GET', CAT_PATH)
        self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (CAT_PATH, status))
        ids = article_ids(body)
        self.assertEqual(ids, list(range(11, 0, -1)),
                         'expected the 11 demo articles newest first, got ids %r' % ids)
        lines = visible_lines(body)
        self.assertIn('Gương điển hình', lines,
                      'expected the category name as a line of its page, got %r' % lines[:10])

    def test_parent_category_lists_subcategory_articles(self):
        status, _, body = self.site.request('GET', PARENT_CAT_PATH)
        self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (PARENT_CAT_PATH, status))
        ids = article_ids(body)
        self.assertIn(REF_ID, ids, 'expected the parent category page to list article 11 of its '
                      'sub-category, got ids %r' % ids)
        self.assertEqual(len(ids), 11, 'expected 11 articles on the parent page, got %r' % ids)

    def test_page_param(self):
        status, _, _ = self.site.request('GET', CAT_PATH + '?page=1')
        self.assertEqual(status, 200, 'expected 200 for ?page=1, got %d' % status)
        for q in ('2', '3', '1000'):
            status, _, _ = self.site.request('GET', CAT_PATH + '?page=' + q)
            self.assertEqual(status, 404, 'expected 404 past the last page (?page=%s), got %d'
                             % (q, status))
        for q in ('0', 'abc', '-1', '1.5', '', '99999999999999999999999', '%00', '1%00abc'):
            with self.subTest(page=q):
                status, _, body = self.site.request('GET', CAT_PATH + '?page=' + q)
                if q == '99999999999999999999999':
                    self.assertIn(status, (400, 404), 'expected 400 or 404 for ?page=%s, got %d'
                                  % (q, status))
                elif q == '':
                    self.assertIn(status, (200, 400), 'expected 200 or 400 for ?page=, got %d'
                                  % status)
                else:
                    self.assertEqual(status, 400, 'expected 400 for ?page=%s, got %d' % (q, status))

    def test_query_not_reflected(self):
        for path in (REF_PATH, CAT_PATH, '/'):
            with self.subTest(path=path):
                status, _, body = self.site.request('GET', path + '?q=%3Cb%3E' + MARK + '&x=<i>'
                                                    + MARK)
                self.assertEqual(status, 200, 'expected 200 with a harmless query, got %d' % status)
                self.assertNotIn(MARK.encode(), body, 'expected the query not echoed, got it')

    def test_unknown_category_404(self):
        for path in ('/chuyen-muc/khong-co/', PARENT_CAT_PATH + 'khong-co/',
                     '/chuyen-muc/guong-dien-hinh/'):
            with self.subTest(path=path):
                status, _, _ = self.site.request('GET', path)
                self.assertEqual(status, 404, 'expected 404 for %s, got %d' % (path, status))

    def test_breadcrumb_links_reach_categories(self):
        status, _, body = self.site.request('GET', REF_PATH)
        self.assertEqual(status, 200, 'expected 200, got %d' % status)
        cats = [a[0] for a in parse_links(body).anchors if (a[0] or '').startswith('/chuyen-muc/')]
        self.assertIn(PARENT_CAT_PATH, cats, 'expected a link to %s, got %r' % (PARENT_CAT_PATH, cats))
        self.assertIn(CAT_PATH, cats, 'expected a link to %s, got %r' % (CAT_PATH, cats))
        for href in cats:
            status, _, _ = self.site.request('HEAD', href)
            self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (href, status))


class ErrorTest(SiteTestCase):
    def check_error_page(self, method, path, want, headers=None):
        status, h, body = self.site.request(method, path, headers=headers)
        self.assertEqual(status, want, 'expected %d for %s %s, got %d' % (want, method, path, status))
        self.assertTrue(h.get('content-type', '').startswith('text/html'),
                        'expected an HTML error page for %s %s, got %r'
                        % (method, path, h.get('content-type')))
        text = body.decode('utf-8', 'replace')
        if method != 'HEAD':
            self.assertIn('lang="vi"', text, 'expected a Vietnamese page (lang="vi") for %s %s, got '
                          '%r' % (method, path, text[:300]))
            self.assertNotIn(MARK, text, 'expected the error page not to echo the request path '
                             '(%s), got it in the body' % path)
        return h

    def test_404_page(self):
        h = self.check_error_page('GET', '/' + MARK + '<b>', 404)
        status, _, body = self.site.request('GET', '/khong-co-' + MARK)
        text = '\n'.join(visible_lines(body))
        self.assertRegex(text, r'(?i)không (tìm thấy|tồn tại)',
                         'expected a Vietnamese "not found" message, got %r' % text[:300])

    def test_400_pages(self):
        for path in ('/' + MARK + '%00', '/a/%00' + MARK, '/' + MARK + '/../a/11',
                     '/static/../' + MARK, '/..', '/chuyen-muc/../' + MARK + '/'):
            with self.subTest(path=path):
                self.check_error_page('GET', path, 400)

    def test_405_unknown_method_and_post(self):
        for method, path in (('FOO', '/'), ('FOO', REF_PATH), ('POST', '/'), ('POST', REF_PATH),
                             ('POST', CAT_PATH), ('PUT', REF_PATH), ('DELETE', '/'),
                             ('POST', '/' + MARK)):
            with self.subTest(method=method, path=path):
                status, h, body = self.site.request(method, path, body=b'x=1')
                self.assertEqual(status, 405, 'expected 405 for %s %s, got %d' % (method, path, status))
                allow = h.get('allow', '')
                self.assertIn('GET', allow, 'expected an Allow header listing GET for %s %s, got %r'
                              % (method, path, allow))
                self.assertNotIn(MARK.encode(), body, 'expected no echo of the path, got it')

    def test_post_api_405(self):
        status, h, _ = self.site.request('POST', '/api/v1/articles/11', body=b'{}')
        self.assertEqual(status, 405, 'expected 405 for POST /api/v1/articles/11, got %d' % status)
        self.assertIn('GET', h.get('allow', ''), 'expected Allow with GET, got %r' % h.get('allow'))

    def test_overlong_header(self):
        for size in (100 * 1024, 64 * 1024):
            with self.subTest(size=size):
                status, _, _ = self.site.request('GET', '/', headers={'X-Big': 'a' * size})
                self.assertTrue(400 <= status < 500, 'expected a 4xx answer to a %d-byte header, got %d'
                                % (size, status))
        status, _, body = self.site.request('GET', '/healthz')
        self.assertEqual((status, body), (200, b'ok\n'),
                         'expected the server to keep running after overlong headers, got %d %r'
                         % (status, body))
        self.assertTrue(self.site.alive(), 'expected the server process alive, it exited')

    def test_overlong_url(self):
        status, _, _ = self.site.request('GET', '/' + 'a' * 100000)
        self.assertTrue(400 <= status < 500, 'expected a 4xx for a 100 KB URL, got %d' % status)
        self.assertTrue(self.site.alive(), 'expected the server alive after a 100 KB URL, it exited')

    def test_large_body_is_refused(self):
        body = b'x' * (8 * 1024 * 1024)
        try:
            status, _, _ = self.site.request('POST', '/', body=body, timeout=20)
        except (ConnectionError, BrokenPipeError) as e:
            status = 'connection closed: %r' % e
        self.assertIn(status, (405, 413), 'expected 405 or 413 for an 8 MB POST, got %r' % (status,))
        self.assertTrue(self.site.alive(), 'expected the server alive after an 8 MB POST, it exited')


class HeadersTest(SiteTestCase):
    PAGES = ('/', REF_PATH, CAT_PATH, '/khong-co-trang-nay')

    def test_security_headers_on_html(self):
        for path in self.PAGES:
            with self.subTest(path=path):
                status, h, _ = self.site.request('GET', path)
                self.assertIn(status, (200, 404), 'expected 200/404 for %s, got %d' % (path, status))
                csp = h.get('content-security-policy')
                self.assertTrue(csp, 'expected a Content-Security-Policy on %s, got none' % path)
                directives = {d.split()[0]: d for d in (x.strip() for x in csp.split(';')) if d}
                script = directives.get('script-src') or directives.get('default-src')
                self.assertTrue(script, 'expected script-src or default-src in the CSP, got %r' % csp)
                self.assertNotIn("'unsafe-inline'", script,
                                 "expected no 'unsafe-inline' for scripts, got %r" % script)
                self.assertEqual(h.get('x-content-type-options'), 'nosniff',
                                 'expected X-Content-Type-Options: nosniff on %s, got %r'
                                 % (path, h.get('x-content-type-options')))
                self.assertTrue(h.get('referrer-policy'),
                                'expected a Referrer-Policy on %s, got none' % path)

    def test_no_inline_scripts(self):
        status, _, body = self.site.request('GET', REF_PATH)
        inline = [t for t in re.findall(rb'<script(?![^>]*\bsrc=)[^>]*>', body)
                  if b'application/ld+json' not in t]
        self.assertEqual(inline, [], 'expected no inline <script> (CSP forbids them), got %r' % inline)
        # The one data block is JSON-LD (never executed): it must parse and describe the article.
        blocks = re.findall(rb'<script type="application/ld\+json">(.*?)</script>', body, re.S)
        self.assertEqual(len(blocks), 1, 'expected one JSON-LD block, got %d' % len(blocks))
        data = json.loads(blocks[0].decode('utf-8'))
        self.assertEqual(data.get('@type'), 'NewsArticle', 'expected a NewsArticle, got %r' % data)
        self.assertTrue(data.get('url', '').endswith(REF_PATH), 'expected url ending in %s, got %r'
                        % (REF_PATH, data.get('url')))
        self.assertTrue(data.get('datePublished', '').startswith('2021-03-02T16:13:06'),
                        'expected datePublished 2021-03-02T16:13:06+07:00, got %r'
                        % data.get('datePublished'))

    def test_static_files(self):
        status, _, body = self.site.request('GET', REF_PATH)
        res = [r for r in parse_links(body).resources if r.startswith('/static/')]
        self.assertTrue(res, 'expected the article page to link /static/ files, got none')
        for path in res:
            with self.subTest(path=path):
                m = re.match(r'^/static/([A-Za-z0-9_-]+)\.([0-9a-f]{6,})\.([a-z0-9]+)$', path)
                self.assertIsNotNone(m, 'expected /static/NAME.HASH.ext, got %r' % path)
                status, h, data = self.site.request('GET', path)
                self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
                self.assertTrue(data, 'expected a non-empty body for %s, got none' % path)
                self.assertEqual(h.get('cache-control'), 'public, max-age=31536000, immutable',
                                 'expected immutable caching for %s, got %r'
                                 % (path, h.get('cache-control')))
                want_type = {'css': 'text/css', 'js': 'javascript'}.get(m.group(3), '')
                self.assertIn(want_type, h.get('content-type', ''),
                              'expected a %s content type for %s, got %r'
                              % (want_type, path, h.get('content-type')))
                wrong = '/static/%s.%s.%s' % (m.group(1), '0' * len(m.group(2)), m.group(3))
                status, _, _ = self.site.request('GET', wrong)
                self.assertEqual(status, 404, 'expected 404 for a wrong hash %s, got %d'
                                 % (wrong, status))
        for path in ('/static/nope.0123456789.css', '/static/', '/static/site.css'):
            status, _, _ = self.site.request('GET', path)
            self.assertEqual(status, 404, 'expected 404 for %s, got %d' % (path, status))

    def test_keep_alive(self):
        conn = self.site.connection()
        try:
            paths = (REF_PATH, '/', '/healthz', '/a/11', '/khong-co')
            sock = None
            for path in paths:
                status, h, body = self.site.request('GET', path, conn=conn)
                self.assertIn(status, (200, 301, 404), 'expected a normal answer for %s, got %d'
                              % (path, status))
                self.assertNotEqual(h.get('connection', '').lower(), 'close',
                                    'expected keep-alive on %s, got Connection: close' % path)
                self.assertIsNotNone(conn.sock, 'expected the connection still open after %s, '
                                     'got it closed' % path)
                if sock is None:
                    sock = conn.sock
                self.assertIs(conn.sock, sock, 'expected one TCP connection for all requests, '
                              'got a new one at %s' % path)
        finally:
            conn.close()
