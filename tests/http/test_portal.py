# The portal chrome (issue 10): masthead, two-level menu and search on every page, a home page
# without duplicates, the article's tools (source, share, print, PDF), the print view, the server-
# made PDF (checked with pdftotext), /favicon.ico and the identity settings.
import html.parser
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

from harness import (CLOCK_RE, REF_ID, REF_PATH, CAT_PATH, SiteTestCase, article_ids, parse_links,
                     visible_lines)

ARTICLE_HREF = re.compile(r'^/[a-z0-9-]*-(\d+)\.html$')
TITLE = 'Huyện Yên Mỹ triển khai thực hiện tốt phong trào thi đua “Dân vận khéo”'


class _Menu(html.parser.HTMLParser):
    """The links of nav.menu, each with its depth in the menu's lists (1 or 2)."""

    def __init__(self):
        super().__init__()
        self.depth = 0       # open <ul> inside the menu
        self.in_menu = 0
        self.links = []      # (depth, href)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'nav' and 'menu' in (a.get('class') or '').split():
            self.in_menu += 1
        elif self.in_menu and tag == 'ul':
            self.depth += 1
        elif self.in_menu and tag == 'a':
            self.links.append((self.depth, a.get('href')))

    def handle_endtag(self, tag):
        if self.in_menu and tag == 'ul':
            self.depth -= 1
        elif self.in_menu and tag == 'nav':
            self.in_menu -= 1


def menu_links(body):
    p = _Menu()
    p.feed(body.decode('utf-8') if isinstance(body, bytes) else body)
    return p.links


class ChromeTest(SiteTestCase):
    PAGES = ('/', CAT_PATH, REF_PATH, '/tim-kiem?q=dan+van', '/khong-co-trang-nay')

    def test_masthead_menu_and_search_on_every_page(self):
        for path in self.PAGES:
            with self.subTest(path=path):
                status, _, body = self.site.request('GET', path)
                self.assertIn(status, (200, 404), 'expected a page for %s, got %d' % (path, status))
                lines = visible_lines(body, chrome=True)
                self.assertRegex(lines[0], CLOCK_RE, 'expected the clock first on %s, got %r'
                                 % (path, lines[0]))
                self.assertTrue(any('BAN TUYÊN GIÁO TỈNH ỦY HƯNG YÊN' in ln for ln in lines[1:3]),
                              'expected the site name in the masthead of %s, got %r'
                              % (path, lines[:4]))
                links = menu_links(body)
                top = [h for d, h in links if d == 1]
                sub = [h for d, h in links if d == 2]
                self.assertIn('/chuyen-muc/hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh/',
                              top, 'expected the top-level category in the menu of %s, got %r'
                              % (path, top))
                self.assertIn(CAT_PATH, sub, 'expected the sub-category on the menu\'s second '
                              'level on %s, got %r' % (path, sub))
                text = body.decode('utf-8')
                self.assertRegex(text, r'<form class="nav-search" method="get" action="/tim-kiem"',
                                 'expected the search box on %s' % path)
                self.assertIn('id="menu-toggle"', text, 'expected the phone menu button on %s' % path)

    def test_one_readers_host_stays_in_his_page(self):
        # The absolute links of a page (canonical, Open Graph) follow the Host it was asked with;
        # what every page shares (the snapshot's parts, the kept menu and footer, the lists) is
        # made by whichever page comes first after the snapshot is read again, and must not keep
        # that page's Host.
        for rnd in range(2):
            time.sleep(1.2)  # the snapshot is read again at most a second later
            for path in (REF_PATH, CAT_PATH + '?page=1', '/?x=%d' % rnd):
                c = self.site.connection(10)
                try:
                    c.putrequest('GET', path, skip_host=True, skip_accept_encoding=True)
                    c.putheader('Host', 'attacker.example')
                    c.putheader('User-Agent', 'gazette-http-tests/1.0')
                    c.endheaders()
                    r = c.getresponse()
                    evil = r.read().decode('utf-8')
                finally:
                    c.close()
                self.assertEqual(r.status, 200, 'expected 200 for %s, got %d' % (path, r.status))
                if path == REF_PATH:
                    self.assertIn('http://attacker.example/', evil,
                                  'expected the asked Host in the canonical link of that page')
            for path in (REF_PATH, CAT_PATH, '/', '/tim-kiem?q=dan+van'):
                status, _, body = self.site.request('GET', path)
                self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
                self.assertNotIn(b'attacker.example', body,
                                 'expected another reader\'s Host nowhere on %s' % path)

    def test_home_shows_no_article_twice(self):
        status, _, body = self.site.request('GET', '/')
        self.assertEqual(status, 200, 'expected 200, got %d' % status)
        ids = [int(m.group(1)) for m in (ARTICLE_HREF.match(a[0] or '') for a in parse_links(body).anchors) if m]
        self.assertEqual(len(ids), 11, 'expected the 11 demo articles on the home page, got %r' % ids)
        dup = sorted({i for i in ids if ids.count(i) > 1})
        self.assertEqual(dup, [], 'expected no article twice on the home page, got %r in %r' % (dup, ids))
        lines = visible_lines(body)
        for heading in ('Tin mới', 'Đọc nhiều'):
            self.assertIn(heading, lines, 'expected %r on the home page, got %r' % (heading, lines))

    def test_article_tools_and_share_links(self):
        status, _, body = self.site.request('GET', REF_PATH)
        self.assertEqual(status, 200, 'expected 200, got %d' % status)
        text = body.decode('utf-8')
        hrefs = [a[0] for a in parse_links(body).anchors]
        self.assertIn('/in/%d' % REF_ID, hrefs, 'expected a print link, got %r' % hrefs[:40])
        self.assertIn('/tai-ve/%d.pdf' % REF_ID, hrefs, 'expected a PDF link, got %r' % hrefs[:40])
        fb = [h for h in hrefs if h and h.startswith('https://www.facebook.com/sharer/sharer.php?u=')]
        self.assertEqual(len(fb), 1, 'expected one Facebook share link, got %r' % fb)
        self.assertIn('%2Fhuyen-yen-my-trien-khai', fb[0],
                      'expected the article URL percent-encoded in the share link, got %r' % fb[0])
        self.assertTrue(any(h and 'zalo' in h for h in hrefs), 'expected a Zalo share link')
        scripts = re.findall(r'<script[^>]*>', text)
        self.assertTrue(all('src="/static/' in s or 'ld+json' in s for s in scripts),
                        'expected only self-hosted scripts (no third-party share widgets), got %r'
                        % scripts)
        self.assertRegex(text, r'<div class="fontsize" hidden>',
                         'expected the font-size control hidden until its script runs')


class SourceAndTagsTest(SiteTestCase):
    def test_source_shown_with_link_and_tags_separated(self):
        lines = [
            '{"id": 300, "title": "Bài có nguồn", "body_html": "<p>Thân bài.</p>", '
            '"category": ["Tin tức"], "published_at": "2021-05-01T08:00:00+07:00", '
            '"source": "https://baohungyen.vn/bai-goc", "tags": ["Chuyển đổi số", "Nông thôn mới"]}',
            '{"id": 301, "title": "Bài có nguồn chữ", "body_html": "<p>Thân bài.</p>", '
            '"category": ["Tin tức"], "published_at": "2021-05-02T08:00:00+07:00", '
            '"source": "Báo Hưng Yên"}',
        ]
        path = os.path.join(self.site.tmp, 'src.jsonl')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        cp = self.site.run('import', '--db', self.site.db_url(), path)
        self.assertEqual(cp.returncode, 0, 'expected the import to work, got %r' % cp.stderr)
        time.sleep(1.2)
        status, h, _ = self.site.request('GET', '/a/300')
        status, _, body = self.site.request('GET', self.site.url_path(h['location']))
        self.assertEqual(status, 200, 'expected 200, got %d' % status)
        lines = visible_lines(body)
        self.assertIn('Nguồn: https://baohungyen.vn/bai-goc', lines,
                      'expected the source line, got %r' % lines)
        links = parse_links(body).anchors
        self.assertTrue(any(a[0] == 'https://baohungyen.vn/bai-goc' for a in links),
                        'expected the source linked, got %r' % [a[0] for a in links][:40])
        tags = [a[1] for a in links if (a[0] or '').startswith('/chu-de/')]
        self.assertEqual(tags, ['Chuyển đổi số', 'Nông thôn mới'],
                         'expected two separate topic links, got %r' % tags)
        status, h, _ = self.site.request('GET', '/a/301')
        status, _, body = self.site.request('GET', self.site.url_path(h['location']))
        self.assertIn('Nguồn: Báo Hưng Yên', visible_lines(body),
                      'expected the plain source line, got %r' % visible_lines(body))


class PrintAndPdfTest(SiteTestCase):
    def views(self):
        return self.site.stored_views(REF_ID)

    def test_print_view(self):
        status, headers, body = self.site.request('GET', '/in/%d' % REF_ID)
        self.assertEqual(status, 200, 'expected /in/%d 200, got %d' % (REF_ID, status))
        lines = visible_lines(body)
        self.assertIn(TITLE, lines, 'expected the title in the print view, got %r' % lines[:8])
        self.assertIn('Đăng ngày: 02/03/2021 - 4:13:06 PM | Tác giả: Hữu Chất', lines,
                      'expected date and author, got %r' % lines[:8])
        self.assertTrue(any(ln.startswith('Địa chỉ bài viết: http') and ln.endswith(REF_PATH)
                            for ln in lines), 'expected the article URL, got %r' % lines[-5:])
        self.assertTrue(any(re.match(r'^In ngày: \d{2}/\d{2}/\d{4} - ', ln) for ln in lines),
                        'expected the print date, got %r' % lines[-5:])
        text = body.decode('utf-8')
        for chrome in ('class="menu', 'nav-search', 'class="footer', 'Bài viết khác'):
            self.assertNotIn(chrome, text, 'expected no %r in the print view' % chrome)
        self.assertIn('HC', lines, 'expected the signature in the print view')

    def test_pdf_has_vietnamese_text_and_counts_no_view(self):
        if not shutil.which('pdftotext'):
            self.fail('expected pdftotext (poppler-utils) to check the PDF, got none')
        before = self.views()
        status, headers, body = self.site.request('GET', '/tai-ve/%d.pdf' % REF_ID)
        self.assertEqual(status, 200, 'expected the PDF 200, got %d' % status)
        self.assertEqual(headers.get('content-type'), 'application/pdf',
                         'expected application/pdf, got %r' % headers.get('content-type'))
        self.assertTrue(body.startswith(b'%PDF-'), 'expected a PDF, got %r' % body[:16])
        with tempfile.NamedTemporaryFile(suffix='.pdf') as f:
            f.write(body)
            f.flush()
            out = subprocess.run(['pdftotext', '-enc', 'UTF-8', f.name, '-'], capture_output=True,
                                 timeout=30)
        self.assertEqual(out.returncode, 0, 'expected pdftotext to read the PDF, got %r' % out.stderr)
        text = ' '.join(out.stdout.decode('utf-8').split())
        for want in ('BAN TUYÊN GIÁO TỈNH ỦY HƯNG YÊN', 'Huyện Yên Mỹ triển khai thực hiện tốt',
                     'Đăng ngày: 02/03/2021 - 4:13:06 PM', 'Năm 2020, tổng giá trị sản xuất đạt 49.776 tỷ đồng',
                     'Tải về ngày:'):
            self.assertIn(want, text, 'expected %r in the PDF text, got %r' % (want, text[:400]))
        # a long address may wrap: compare it without the line breaks
        self.assertIn('Địachỉbàiviết:' + REF_PATH, re.sub(r'\s+', '', text).replace(
                          'http://127.0.0.1:%d' % self.site.port, ''),
                      'expected the article address after "Địa chỉ bài viết:" in the PDF')
        self.site.request('GET', '/in/%d' % REF_ID)
        time.sleep(2.5)  # past a view flush
        self.assertEqual(self.views(), before, 'expected print and PDF to count no view, got %d -> %d'
                         % (before, self.views()))

    def test_missing_and_unpublished_are_404(self):
        for path in ('/tai-ve/999999.pdf', '/in/999999', '/tai-ve/abc.pdf', '/tai-ve/11', '/in/0',
                     '/tai-ve/011.pdf', '/in/11x'):
            with self.subTest(path=path):
                status, _, _ = self.site.request('GET', path)
                self.assertEqual(status, 404, 'expected 404 for %s, got %d' % (path, status))
        path = os.path.join(self.site.tmp, 'draft.jsonl')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('{"id": 302, "title": "Bản nháp", "body_html": "<p>Chưa đăng.</p>", '
                    '"category": ["Tin tức"], "status": "draft"}\n'
                    '{"id": 303, "title": "Hẹn giờ", "body_html": "<p>Chưa tới giờ.</p>", '
                    '"category": ["Tin tức"], "published_at": "2099-01-01T08:00:00+07:00"}\n')
        cp = self.site.run('import', '--db', self.site.db_url(), path)
        self.assertEqual(cp.returncode, 0, 'expected the import to work, got %r' % cp.stderr)
        time.sleep(1.2)
        for path in ('/tai-ve/302.pdf', '/in/302', '/tai-ve/303.pdf', '/in/303'):
            with self.subTest(path=path):
                status, _, _ = self.site.request('GET', path)
                self.assertEqual(status, 404, 'expected 404 for unpublished %s, got %d' % (path, status))


class IdentityTest(SiteTestCase):
    start_server = False

    def test_favicon_and_identity_settings(self):
        self.site.start()
        status, h, _ = self.site.request('GET', '/favicon.ico')
        self.assertEqual(status, 301, 'expected /favicon.ico to redirect, got %d' % status)
        status, _, body = self.site.request('GET', self.site.url_path(h['location']))
        self.assertEqual(status, 200, 'expected the default favicon 200, got %d' % status)
        self.assertIn(b'<svg', body, 'expected an SVG favicon')
        self.site.stop()
        with self.site.db_connect() as con:
            for k, v in (('slogan', 'Cổng thông tin của Ban'), ('logo', '/media/logo.png'),
                         ('favicon', '/media/fav.png'), ('primary_color', '#1A5FA0'),
                         ('banner', 'javascript:alert(1)'),
                         ('menu_hide', 'hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh/'
                                       'guong-dien-hinh/'),
                         ('menu_links', 'Liên hệ | /lien-he; Xấu|javascript:alert(1); '
                                        'Cổng tỉnh|https://hungyen.gov.vn/')):
                con.execute('DELETE FROM settings WHERE key = ?', (k,))
                con.execute('INSERT INTO settings (key, value) VALUES (?, ?)', (k, v))
        self.site.start()
        status, _, body = self.site.request('GET', '/')
        text = body.decode('utf-8')
        self.assertIn('Cổng thông tin của Ban', '\n'.join(visible_lines(body, chrome=True)[:3]),
                      'expected the slogan in the masthead')
        self.assertIn('src="/media/logo.png"', text, 'expected the logo from the settings')
        self.assertNotIn('javascript:', text, 'expected an unsafe banner address ignored')
        m = re.search(r'<link rel="stylesheet" href="([^"]+)">', text)
        self.assertIsNotNone(m, 'expected the stylesheet link')
        self.assertTrue(m.group(1).endswith('?accent=1a5fa0'),
                        'expected the primary colour in the stylesheet URL, got %r' % m.group(1))
        status, h, css = self.site.request('GET', m.group(1).replace('&amp;', '&'))
        self.assertEqual(status, 200, 'expected the stylesheet 200, got %d' % status)
        self.assertTrue(css.rstrip().endswith(b':root{--accent:#1a5fa0}'),
                        'expected the colour appended to the stylesheet, got %r' % css[-60:])
        self.assertIn('immutable', h.get('cache-control', ''), 'expected immutable caching')
        links = menu_links(body)
        self.assertNotIn(CAT_PATH, [h for _, h in links],
                         'expected the hidden sub-category out of the menu, got %r' % links)
        self.assertEqual([h for d, h in links][-2:], ['/lien-he', 'https://hungyen.gov.vn/'],
                         'expected the extra links last in the menu (the unsafe one left out), '
                         'got %r' % links)
        status, h, _ = self.site.request('GET', '/favicon.ico')
        self.assertEqual((status, h.get('location')), (301, '/media/fav.png'),
                         'expected /favicon.ico to follow the setting, got %d %r'
                         % (status, h.get('location')))


if __name__ == '__main__':
    unittest.main()
