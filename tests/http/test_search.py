# Search (DESIGN.md section 6): the page /tim-kiem and GET /api/v1/search on the demo site.
import json
import urllib.parse

from harness import REF_ID, REF_PATH, SiteTestCase

BAD_WORDS = ('fts5', 'syntax error', 'sqlite', 'SQL', 'tsquery', 'MATCH')


class SearchTest(SiteTestCase):
    def get(self, path):
        status, h, body = self.site.request('GET', path)
        return status, h, body.decode('utf-8', 'replace') if isinstance(body, bytes) else body

    def api(self, **args):
        status, h, body = self.get('/api/v1/search?' + urllib.parse.urlencode(args))
        self.assertTrue(h.get('content-type', '').startswith('application/json'),
                        'expected JSON for %r, got %r' % (args, h.get('content-type')))
        return status, json.loads(body)

    def test_page_finds_without_diacritics(self):
        status, _, body = self.get('/tim-kiem?q=dan+van+kheo')
        self.assertEqual(status, 200)
        self.assertIn(REF_PATH, body, 'expected the reference article among the results')
        self.assertIn('<mark>', body, 'expected highlighted words in the snippet')
        self.assertIn('value="dan van kheo"', body, 'expected the form to keep the query')
        self.assertIn('kết quả', body)

    def test_api_shape(self):
        status, doc = self.api(q='Dân vận khéo')
        self.assertEqual(status, 200)
        self.assertIsInstance(doc.get('total'), int)
        self.assertGreaterEqual(doc['total'], 1)
        first = doc['results'][0]
        self.assertEqual(set(first) >= {'id', 'title', 'url', 'snippet', 'published_at'}, True,
                         'expected id, title, url, snippet, published_at in %r' % first)
        self.assertIn(REF_ID, [r['id'] for r in doc['results']])
        self.assertTrue(first['url'].endswith('.html'))

    def test_same_results_page_and_api(self):
        _, doc = self.api(q='yen my')
        _, _, body = self.get('/tim-kiem?q=yen+my')
        for r in doc['results']:
            self.assertIn(r['url'].split('://')[-1][-len('.html') - 30:], body)

    def test_nav_has_search_form(self):
        _, _, body = self.get('/')
        self.assertIn('action="/tim-kiem"', body)
        self.assertIn('aria-label="Tìm kiếm"', body)

    def test_escapes_the_query(self):
        status, _, body = self.get('/tim-kiem?q=' + urllib.parse.quote('<script>alert(1)</script>'))
        self.assertIn(status, (200, 400))
        self.assertNotIn('<script>alert(1)', body)

    def test_bad_input_never_500(self):
        cases = [
            {'q': ''}, {'q': '!!!'}, {'q': '"'}, {'q': '"dan van'}, {'q': 'x' * 10000},
            {'q': 'đ ' * 5000}, {'q': '*'}, {'q': 'dang*'}, {'q': 'title:dang'},
            {'q': 'NEAR(dang bo)'}, {'q': '^dang'}, {'q': '(dang'}, {'q': 'a OR b NOT c'},
            {'q': "'; DROP TABLE articles; --"}, {'q': '\\'}, {'q': 'dang', 'page': '-1'},
            {'q': 'dang', 'page': 'abc'}, {'q': 'dang', 'page': '99999'},
            {'q': 'dang', 'page': '0'}, {'q': 'dang', 'from': '2021-13-45'},
            {'q': 'dang', 'to': 'yesterday'}, {'q': 'dang', 'from': '2022-01-01', 'to': '2021-01-01'},
            {'q': 'dang', 'category': '999999'}, {'q': 'dang', 'category': 'khong/co'},
        ]
        for args in cases:
            qs = urllib.parse.urlencode(args)
            for path in ('/tim-kiem?' + qs, '/api/v1/search?' + qs):
                with self.subTest(path=path[:80]):
                    status, _, body = self.get(path)
                    self.assertIn(status, (200, 400, 414), 'expected 200, 400 or 414, got %d' % status)
                    for w in BAD_WORDS:
                        self.assertNotIn(w, body, 'leaked %r in %s' % (w, path[:80]))

    def test_invalid_page_message(self):
        status, doc = self.api(q='dang', page='-1')
        self.assertEqual(status, 400)
        self.assertIn('error', doc)
        status, doc = self.api(q='dang', page='9999')
        self.assertEqual(status, 200)
        self.assertEqual(doc['results'], [])

    def test_reindex_merge(self):
        """`gazette reindex --merge` merges the index's segments (SQLite) and changes no answer."""
        queries = ('dan van kheo', 'Yên Mỹ', '"dân vận"', 'tỉnh -huyện')
        before = [self.api(q=q)[1]['results'] for q in queries]
        cp = self.site.run('reindex', '--merge', '--db', self.site.db_url())
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertRegex(cp.stderr, r'merged the search index in [0-9.]+ s|nothing to merge')
        after = [self.api(q=q)[1]['results'] for q in queries]
        self.assertEqual([[r['id'] for r in x] for x in after], [[r['id'] for r in x] for x in before])
        self.assertTrue(any(before), 'expected the demo site to find something')
        cp = self.site.run('reindex', '--merge', '--bogus', '--db', self.site.db_url())
        self.assertEqual(cp.returncode, 2, 'expected a usage error for an unknown option')

    def test_index_follows_writes(self):
        line = {'id': 90001, 'title': 'Bài nháp về quả bưởi Đoan Hùng', 'body_html': '<p>x</p>',
                'category': ['Tin tức'], 'status': 'draft'}
        cp = self.site.run('import', '--db', self.site.db_url(), '-',
                           input=json.dumps(line, ensure_ascii=False) + '\n')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        _, doc = self.api(q='doan hung')
        self.assertEqual(doc['total'], 0, 'a draft must not be found')
        line.update(status='published', published_at='2021-05-01T08:00:00+07:00')
        cp = self.site.run('import', '--db', self.site.db_url(), '-',
                           input=json.dumps(line, ensure_ascii=False) + '\n')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        _, doc = self.api(q='doan hung')
        self.assertEqual([r['id'] for r in doc['results']], [90001])
        _, doc = self.api(q='Đoan Hùng', category='999999')
        cp = self.site.run('reindex', '--db', self.site.db_url())
        self.assertEqual(cp.returncode, 0, cp.stderr)
        _, doc = self.api(q='doan hung')
        self.assertEqual([r['id'] for r in doc['results']], [90001])
