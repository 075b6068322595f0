# The read-only JSON API under /api/v1/ on the demo site.
import json
import re

from harness import REF_CATEGORY, REF_ID, REF_PATH, SiteTestCase

RFC3339_VN = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+07:00$')


class ApiTest(SiteTestCase):
    def get_json(self, path, want_status=200):
        status, h, body = self.site.request('GET', path)
        self.assertEqual(status, want_status, 'expected %d for %s, got %d: %r'
                         % (want_status, path, status, body[:200]))
        self.assertTrue(h.get('content-type', '').startswith('application/json'),
                        'expected application/json for %s, got %r' % (path, h.get('content-type')))
        try:
            return json.loads(body)
        except ValueError as e:
            self.fail('expected valid JSON for %s, got %r (%s)' % (path, body[:200], e))

    def test_article_by_id(self):
        a = self.get_json('/api/v1/articles/%d' % REF_ID)
        want = {
            'id': REF_ID,
            'title': 'Huyện Yên Mỹ triển khai thực hiện tốt phong trào thi đua “Dân vận khéo”',
            'author': 'Hữu Chất',
            'category': REF_CATEGORY,
        }
        for k, v in want.items():
            self.assertEqual(a.get(k), v, 'expected %s = %r, got %r' % (k, v, a.get(k)))
        self.assertEqual(a.get('url', '').split('://')[-1][-len(REF_PATH):], REF_PATH,
                         'expected url ending in %s, got %r' % (REF_PATH, a.get('url')))
        self.assertIsInstance(a.get('views'), int, 'expected integer views, got %r' % a.get('views'))
        self.assertGreaterEqual(a['views'], 282, 'expected views >= 282, got %r' % a['views'])
        self.assertEqual(a.get('published_at'), '2021-03-02T16:13:06+07:00',
                         'expected published_at 2021-03-02T16:13:06+07:00, got %r'
                         % a.get('published_at'))

    def test_unknown_article_404_json(self):
        for path in ('/api/v1/articles/99999', '/api/v1/articles/abc',
                     '/api/v1/articles/99999999999999999999'):
            with self.subTest(path=path):
                body = self.get_json(path, 404)
                self.assertIn('error', body, 'expected an "error" member, got %r' % body)

    def test_list_newest_first(self):
        body = self.get_json('/api/v1/articles')
        for k, v in (('total', 11), ('page', 1), ('per_page', 20)):
            self.assertEqual(body.get(k), v, 'expected %s = %r, got %r' % (k, v, body.get(k)))
        arts = body.get('articles')
        self.assertIsInstance(arts, list, 'expected an articles list, got %r' % arts)
        ids = [a.get('id') for a in arts]
        self.assertEqual(ids, list(range(11, 0, -1)), 'expected ids 11..1 newest first, got %r' % ids)
        dates = [a.get('published_at') for a in arts]
        for d in dates:
            self.assertRegex(d or '', RFC3339_VN, 'expected RFC 3339 with +07:00, got %r' % d)
        self.assertEqual(dates, sorted(dates, reverse=True),
                         'expected published_at descending, got %r' % dates)

    def test_list_by_category(self):
        cats = self.get_json('/api/v1/categories').get('categories')
        self.assertTrue(cats, 'expected categories, got %r' % cats)
        sub = [c for c in cats if c.get('name') == REF_CATEGORY[1]]
        self.assertEqual(len(sub), 1, 'expected one %r category, got %r' % (REF_CATEGORY[1], cats))
        for q in (str(sub[0]['id']),
                  'hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh/guong-dien-hinh',
                  'hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh'):
            with self.subTest(category=q):
                body = self.get_json('/api/v1/articles?category=%s&page=1' % q)
                self.assertEqual(body.get('total'), 11, 'expected total 11 for category %s, got %r'
                                 % (q, body.get('total')))
                self.assertEqual(len(body.get('articles') or []), 11,
                                 'expected 11 articles, got %r' % body.get('articles'))

    def test_unknown_category_404(self):
        for q in ('999', 'khong-co', 'hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh/x'):
            with self.subTest(category=q):
                body = self.get_json('/api/v1/articles?category=' + q, 404)
                self.assertIn('error', body, 'expected an "error" member, got %r' % body)

    def test_bad_page_400(self):
        for q in ('0', '-1', 'abc', '1x', '99999999999999999999999', '', '%00', '1%00abc', '1%zz'):
            with self.subTest(page=q):
                body = self.get_json('/api/v1/articles?page=' + q, 400)
                self.assertIn('error', body, 'expected an "error" member, got %r' % body)

    def test_nul_in_category_404(self):
        for q in ('%00', '999%00', 'khong-co%00'):
            with self.subTest(category=q):
                status, _, body = self.site.request('GET', '/api/v1/articles?category=' + q)
                self.assertIn(status, (400, 404), 'expected 400 or 404 for category=%s (a NUL byte '
                              'is no category), got %d' % (q, status))

    def test_page_past_end(self):
        status, _, body = self.site.request('GET', '/api/v1/articles?page=2')
        self.assertIn(status, (200, 404), 'expected 200 (empty) or 404 past the end, got %d' % status)
        if status == 200:
            arts = json.loads(body).get('articles')
            self.assertEqual(arts, [], 'expected no articles on page 2, got %r' % arts)

    def test_categories(self):
        cats = self.get_json('/api/v1/categories').get('categories')
        self.assertIsInstance(cats, list, 'expected a categories list, got %r' % cats)
        paths = [c.get('path') for c in cats]
        self.assertIn(REF_CATEGORY, paths, 'expected path %r among %r' % (REF_CATEGORY, paths))
        self.assertIn(REF_CATEGORY[:1], paths, 'expected path %r among %r' % (REF_CATEGORY[:1], paths))
        for c in cats:
            status, _, _ = self.site.request('HEAD', c['url'])
            self.assertEqual(status, 200, 'expected 200 for category url %r, got %d' % (c['url'], status))
