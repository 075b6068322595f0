# Every error of /api/ is JSON {"error": <Vietnamese message>, "code": <machine code>}, whatever
# refused it: the router (400, 404, 405, 413), the token check (401, 403), the body (415, 422),
# the newsroom (409) or the database (503).
import json
import os
import re
import unittest

from harness import REF_CATEGORY, REF_ID, Gazette, SiteTestCase, is_pg, pg_start, pg_stop

TOKEN_RE = re.compile(r'\b(gz_[A-Za-z0-9_-]{16,})')
MAX_BODY = 4096
# Vietnamese letters that English never uses: every message must hold at least one.
VIETNAMESE = re.compile('[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]',
                        re.IGNORECASE)
CODES = {400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found',
         405: 'method_not_allowed', 409: 'conflict', 413: 'payload_too_large',
         415: 'unsupported_media_type', 422: 'invalid', 503: 'unavailable'}


class ApiErrorMixin:
    def check_error(self, want, method, path, token=None, body=None, ctype=None):
        headers = {}
        if token:
            headers['Authorization'] = 'Bearer ' + token
        if ctype:
            headers['Content-Type'] = ctype
        if body is None and method in ('POST', 'PATCH', 'PUT'):
            body = b''
        status, h, out = self.site.request(method, path, headers=headers, body=body)
        what = '%s %s' % (method, path[:80])
        self.assertEqual(status, want, 'expected %d for %s, got %d: %r' % (want, what, status,
                                                                           out[:200]))
        self.assertTrue(h.get('content-type', '').startswith('application/json'),
                        'expected a JSON error for %s, got Content-Type %r'
                        % (what, h.get('content-type')))
        try:
            doc = json.loads(out)
        except ValueError:
            self.fail('expected a JSON body for %s, got %r' % (what, out[:200]))
        self.assertIsInstance(doc, dict, 'expected an object for %s, got %r' % (what, doc))
        self.assertIsInstance(doc.get('error'), str, 'expected "error" for %s, got %r'
                              % (what, doc))
        self.assertRegex(doc['error'], VIETNAMESE, 'expected a Vietnamese message for %s, got %r'
                         % (what, doc['error']))
        self.assertEqual(doc.get('code'), CODES[want], 'expected code %r for %s, got %r'
                         % (CODES[want], what, doc))
        return doc, h


class ApiErrorsTest(ApiErrorMixin, SiteTestCase):
    """One demo site with a small body limit and a contributor's and an editor's token."""

    @classmethod
    def setUpClass(cls):
        cls.site = Gazette(cls.__name__)
        try:
            cls.site.init(demo=True)
            cls.site.start(extra_args=['--max-body', str(MAX_BODY)])
            cls.tokens = {r: cls.token_for('e_' + r, r) for r in ('contributor', 'editor')}
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def token_for(cls, name, role):
        pw = os.path.join(cls.site.tmp, 'pw-' + name)
        with open(pw, 'w') as f:
            f.write('correct horse battery staple\n')
        cp = cls.site.run('user', 'add', '--db', cls.site.db_url(), '--role', role,
                          '--password-file', pw, name)
        assert cp.returncode == 0, cp.stderr
        cp = cls.site.run('user', 'token', '--db', cls.site.db_url(), name)
        m = TOKEN_RE.search(cp.stdout)
        assert m, 'expected a token from `gazette user token`, got %r' % cp.stdout
        return m.group(1)

    def draft(self):
        body = json.dumps({'title': 'Bài lỗi', 'category': REF_CATEGORY}, ensure_ascii=False)
        status, _, out = self.site.request(
            'POST', '/api/v1/articles', body=body,
            headers={'Authorization': 'Bearer ' + self.tokens['contributor'],
                     'Content-Type': 'application/json'})
        self.assertEqual(status, 201, 'expected a draft, got %d %r' % (status, out[:200]))
        return json.loads(out)

    def test_400(self):
        for path in ('/api/v1/articles?page=abc', '/api/v1/articles/%zz', '/api/v1/%00',
                     '/api/v1/articles?q=%zz', '/api/v1/search?q=a&from=2024-13-45'):
            with self.subTest(path=path):
                self.check_error(400, 'GET', path)

    def test_401(self):
        doc, h = self.check_error(401, 'GET', '/api/v1/me')
        self.assertIn('Bearer', h.get('www-authenticate', ''), 'expected WWW-Authenticate')
        self.check_error(401, 'POST', '/api/v1/articles', token='gz_not_a_token_at_all_x',
                         body=b'{}', ctype='application/json')
        self.check_error(401, 'GET', '/api/v1/articles/%d' % REF_ID, token='gz_wrong_token_123456')

    def test_403_role_column(self):
        a = self.draft()
        for action in ('publish', 'unpublish', 'feature', 'unfeature', 'return'):
            with self.subTest(action=action):
                self.check_error(403, 'POST', '/api/v1/articles/%d/%s' % (a['id'], action),
                                 token=self.tokens['contributor'])

    def test_404(self):
        for path in ('/api/v1/nope', '/api/v1/articles/999999999', '/api/v1/articles/abc',
                     '/api/v1/articles?category=khong-co', '/api/v2/articles', '/api/'):
            with self.subTest(path=path):
                self.check_error(404, 'GET', path)
        self.check_error(404, 'PATCH', '/api/v1/articles/999999999',
                         token=self.tokens['editor'], body=b'{"revision": 1}',
                         ctype='application/json')

    def test_405_with_allow(self):
        for method, path, allow in (('DELETE', '/api/v1/articles/%d' % REF_ID, 'PATCH'),
                                    ('POST', '/api/v1/categories', 'GET'),
                                    ('GET', '/api/v1/articles/1/publish', 'POST'),
                                    ('PUT', '/api/v1/me', 'GET'),
                                    ('POST', '/api/v1/openapi.json', 'GET')):
            with self.subTest(method=method, path=path):
                _, h = self.check_error(405, method, path)
                self.assertIn(allow, h.get('allow', ''), 'expected Allow with %s, got %r'
                              % (allow, h.get('allow')))

    def test_409(self):
        a = self.draft()
        # "return" is only for submitted articles: a draft cannot be returned
        self.check_error(409, 'POST', '/api/v1/articles/%d/return' % a['id'],
                         token=self.tokens['editor'])

    def test_413(self):
        body = json.dumps({'title': 'x' * (MAX_BODY * 2)}).encode()
        self.check_error(413, 'POST', '/api/v1/articles', token=self.tokens['editor'], body=body,
                         ctype='application/json')

    def test_415(self):
        self.check_error(415, 'POST', '/api/v1/articles', token=self.tokens['editor'],
                         body=b'title=x', ctype='application/x-www-form-urlencoded')

    def test_422(self):
        for body in (b'{}', b'[1]', b'{"title": 5}', b'{"title": "x",'):
            with self.subTest(body=body):
                self.check_error(422, 'POST', '/api/v1/articles', token=self.tokens['editor'],
                                 body=body, ctype='application/json')

    def test_openapi_json(self):
        status, h, out = self.site.request('GET', '/api/v1/openapi.json')
        here = os.path.dirname(os.path.abspath(__file__))
        spec = os.path.join(here, '..', '..', 'docs', 'openapi.json')
        if os.path.exists(spec):
            self.assertEqual(status, 200, 'expected docs/openapi.json served, got %d' % status)
            with open(spec, 'rb') as f:
                self.assertEqual(out, f.read(), 'expected the bytes of docs/openapi.json')
        else:
            self.check_error(404, 'GET', '/api/v1/openapi.json')


class ApiUnavailableTest(ApiErrorMixin, unittest.TestCase):
    """503 while PostgreSQL is down: a JSON error too, with Retry-After."""

    def setUp(self):
        if not is_pg():
            self.skipTest('stops PostgreSQL: runs in the http-pg suite')
        self.site = Gazette('api503')
        self.addCleanup(self.site.cleanup)
        self.site.init(demo=True)
        self.site.start()
        self.down = False

    def tearDown(self):
        if self.down:
            pg_start()

    def test_503(self):
        pg_stop()
        self.down = True
        for path in ('/api/v1/articles?page=77', '/api/v1/categories?x=1', '/api/v1/me'):
            with self.subTest(path=path):
                token = 'gz_whatever_token_1234' if path.endswith('/me') else None
                _, h = self.check_error(503, 'GET', path, token=token)
                self.assertIn('retry-after', h, 'expected Retry-After on a 503, got %r' % h)
        pg_start()
        self.down = False


if __name__ == '__main__':
    unittest.main()
