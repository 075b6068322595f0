# Feeds, sitemaps, robots.txt, topic pages, sharing metadata and /metrics.
import html
import json
import re
import unittest
import xml.etree.ElementTree as ET

from harness import CAT_PATH, REF_PATH, SiteTestCase

ATOM = '{http://www.w3.org/2005/Atom}'
SM = '{http://www.sitemaps.org/schemas/sitemap/0.9}'
# A plain-text lead that a feed reader must show as text, never run (issue 20 finding 12).
LIVE_LEAD = 'Trích <script>alert(1)</script> & <b>"đậm"</b> <img src=x onerror=alert(2)>'
REF_TITLE = 'Huyện Yên Mỹ triển khai thực hiện tốt phong trào thi đua “Dân vận khéo”'


class FeedsTest(SiteTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        line = {'id': 301, 'title': 'Bài có chuyên đề Dân vận khéo', 'body_html': '<p>x</p>',
                'lead': LIVE_LEAD,
                'category': ['Tin tức'], 'published_at': '2022-05-01T08:00:00+07:00',
                'tags': ['Dân vận khéo', 'Nông thôn mới']}
        r = cls.site.run('import', '--db', cls.site.db_url(), '-',
                         input=json.dumps(line, ensure_ascii=False) + '\n')
        if r.returncode != 0:
            raise AssertionError('expected the import to succeed, got %s' % r.stderr)

    def get(self, path, want=200, headers=None):
        status, h, body = self.site.request('GET', path, headers=headers)
        self.assertEqual(status, want, 'expected %d for %s, got %d' % (want, path, status))
        return h, body

    def test_site_rss(self):
        h, body = self.get('/rss.xml')
        self.assertIn('application/rss+xml', h.get('content-type', ''))
        root = ET.fromstring(body)
        items = root.findall('./channel/item')
        self.assertEqual(len(items), 12, 'expected 12 items (the demo and one import), got %d'
                         % len(items))
        self.assertEqual(items[0].findtext('title'), 'Bài có chuyên đề Dân vận khéo',
                         'expected the newest article first')
        titles = [i.findtext('title') for i in items]
        self.assertIn(REF_TITLE, titles)
        link = items[titles.index(REF_TITLE)].findtext('link')
        self.assertTrue(link.startswith('http://127.0.0.1:') and link.endswith(REF_PATH),
                        'expected an absolute link to the article, got %r' % link)
        self.assertEqual(items[titles.index(REF_TITLE)].findtext('pubDate'),
                         'Tue, 02 Mar 2021 09:13:06 +0000')
        self.assertIsNotNone(root.find('./channel/' + ATOM + 'link'), 'expected atom:link self')

    def test_rss_description_is_text_for_readers(self):
        # RSS readers decode <description> once and render it as HTML: plain text must come
        # out of that decoding still escaped.
        _, body = self.get('/rss.xml')
        item = [i for i in ET.fromstring(body).findall('./channel/item')
                if i.findtext('title') == 'Bài có chuyên đề Dân vận khéo'][0]
        desc = item.findtext('description')
        self.assertNotIn('<', desc, 'expected no live tag for a feed reader, got %r' % desc)
        self.assertEqual(html.unescape(desc), LIVE_LEAD,
                         'expected the lead once HTML-decoded, got %r' % desc)
        self.assertNotIn(b'<script', body)

    def test_category_rss(self):
        _, body = self.get(CAT_PATH + 'rss.xml')
        items = ET.fromstring(body).findall('./channel/item')
        self.assertEqual(len(items), 11, 'expected the 11 demo articles, got %d' % len(items))
        self.get('/chuyen-muc/khong-co/rss.xml', 404)

    def test_sitemap_and_robots(self):
        _, body = self.get('/sitemap.xml')
        locs = [e.text for e in ET.fromstring(body).iter(SM + 'loc')]
        articles = [u for u in locs if u.endswith('.html')]
        self.assertEqual(len(articles), 12, 'expected 12 article URLs, got %d' % len(articles))
        self.assertTrue(any(u.endswith(REF_PATH) for u in articles))
        self.assertTrue(any(u.endswith(CAT_PATH) for u in locs), 'expected category URLs')
        self.get('/sitemap-2.xml', 404)
        _, body = self.get('/robots.txt')
        self.assertRegex(body.decode(), r'Sitemap: http://127\.0\.0\.1:\d+/sitemap\.xml')
        self.assertIn('Disallow: /admin/', body.decode())

    def test_topic_pages(self):
        h, _ = self.site.request('GET', '/a/301')[1:]
        status, _, page = self.site.request('GET', self.site.url_path(h['location']))
        self.assertEqual(status, 200)
        self.assertIn('href="/chu-de/dan-van-kheo/"', page.decode(),
                      'expected the article to link its topic page')
        _, body = self.get('/chu-de/dan-van-kheo/')
        self.assertIn('Bài có chuyên đề Dân vận khéo', body.decode())
        status, h, _ = self.site.request('GET', '/chu-de/dan-van-kheo')
        self.assertEqual(status, 301, 'expected 301 to the slash form, got %d' % status)
        self.get('/chu-de/khong-co/', 404)
        self.get('/chu-de/dan-van-kheo/?page=0', 400)

    def test_sharing_metadata(self):
        _, body = self.get(REF_PATH)
        text = body.decode()
        m = re.search(r'<meta property="og:url" content="([^"]+)">', text)
        self.assertIsNotNone(m, 'expected og:url')
        self.assertTrue(m.group(1).endswith(REF_PATH))
        self.assertIn('<meta property="og:title" content="%s">' % REF_TITLE, text)
        self.assertIn('<meta property="article:published_time" content="2021-03-02T16:13:06+07:00">',
                      text)

    def test_metrics_local_only(self):
        self.get('/')
        h, body = self.get('/metrics')
        text = body.decode()
        self.assertIn('text/plain', h.get('content-type', ''))
        m = re.search(r'^gazette_http_responses_total\{class="2xx"\} (\d+)$', text, re.M)
        self.assertIsNotNone(m, 'expected the 2xx counter, got %r' % text[:200])
        self.assertGreater(int(m.group(1)), 0)
        self.assertRegex(text, r'(?m)^gazette_page_renders_total \d+$')
        self.get('/metrics', 404, headers={'X-Forwarded-For': '203.0.113.9'})


if __name__ == '__main__':
    unittest.main()
