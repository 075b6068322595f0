# `gazette routes` against the running server: the printed table is the one the router uses.
import os
import re

from harness import SiteTestCase

SURFACES = {'site', 'admin', 'api'}
ROLES = {'public', 'contributor', 'editor', 'publisher', 'admin'}
SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'docs', 'openapi.json')
METHODS = ('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')


class RouteTableTest(SiteTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cp = cls.site.run('routes')
        assert cp.returncode == 0, 'expected `gazette routes` to exit 0, got %d: %s' % (
            cp.returncode, cp.stderr)
        cls.rows = [line.split('\t') for line in cp.stdout.splitlines()]

    def test_format(self):
        self.assertGreater(len(self.rows), 30, 'expected every URL listed, got %d rows'
                           % len(self.rows))
        seen = set()
        for row in self.rows:
            with self.subTest(row=row):
                self.assertEqual(len(row), 5, 'expected 5 tab-separated fields, got %r' % row)
                surface, methods, pattern, role, cache = row
                self.assertIn(surface, SURFACES)
                self.assertRegex(methods, r'^[A-Z]+(,[A-Z]+)*$')
                self.assertTrue(set(methods.split(',')) <= set(METHODS), methods)
                self.assertTrue(pattern.startswith('/'), pattern)
                self.assertNotRegex(pattern, r'\*.', 'expected * only at the end: %r' % pattern)
                self.assertIn(role, ROLES)
                self.assertIn(cache, ('cached', '-'))
                for m in methods.split(','):
                    self.assertNotIn((m, pattern), seen, 'expected %s %s listed once' % (m, pattern))
                    seen.add((m, pattern))
        for want in (('api', 'POST', '/api/v1/articles/{id}/publish', 'publisher'),
                     ('admin', 'GET,HEAD,POST', '/admin/users', 'admin'),
                     ('site', 'GET,HEAD', '/{slug}-{id}.html', 'public')):
            self.assertIn(want, [(r[0], r[1], r[2], r[3]) for r in self.rows],
                          'expected the row %r' % (want,))

    def test_every_plain_row_answers(self):
        """Each row without placeholders answers its first method with neither 404 nor 405."""
        for surface, methods, pattern, role, cache in self.rows:
            if '{' in pattern or '*' in pattern or pattern == '/admin/logout':
                continue
            if pattern == '/api/v1/openapi.json' and not os.path.exists(SPEC):
                continue  # answers 404 until docs/openapi.json exists
            method = methods.split(',')[0]
            with self.subTest(method=method, pattern=pattern):
                body = b'' if method in ('POST', 'PATCH') else None
                status, _, _ = self.site.request(method, pattern, body=body)
                self.assertNotIn(status, (404, 405), 'expected %s %s to be answered, got %d'
                                 % (method, pattern, status))

    def test_405_allow_matches_the_table(self):
        """A method no row of a path takes: 405 with Allow = the methods of the rows."""
        by_path = {}
        for surface, methods, pattern, role, cache in self.rows:
            by_path.setdefault(pattern, set()).update(methods.split(','))
        for pattern, methods in sorted(by_path.items()):
            if '*' in pattern or pattern.startswith('/admin'):
                continue  # the newsroom answers 405 after the login, as its screens do
            path = re.sub(r'\{(id|n)\}', '11', pattern)
            path = path.replace('{slug}', 'tin')
            # every row whose pattern matches the path adds its methods ({slug} matches "11" too)
            for other, more in by_path.items():
                if other != pattern and '*' not in other and re.fullmatch(
                        re.sub(r'\\\{(id|n)\\\}', r'[1-9][0-9]*',
                               re.escape(other)).replace(r'\{slug\}', r'[^/]+'), path):
                    methods = methods | more
            method = 'DELETE' if 'DELETE' not in methods else 'PUT'
            with self.subTest(path=path):
                status, h, _ = self.site.request(method, path)
                self.assertEqual(status, 405, 'expected 405 for %s %s, got %d'
                                 % (method, path, status))
                allow = {m.strip() for m in h.get('allow', '').split(',')}
                self.assertEqual(allow, methods, 'expected Allow %r for %s, got %r'
                                 % (sorted(methods), path, h.get('allow')))
