# Several nodes on one PostgreSQL database: shared content and sessions, NOTIFY, exact view counts.
import json
import re
import threading
import time
import unittest
import urllib.parse

from harness import REF_ID, Gazette, is_pg

TOKEN_RE = re.compile(r'\b(gz_[A-Za-z0-9_-]{16,})')
PASSWORD_RE = re.compile(r'^Password: (\S+)$', re.M)


def poll(fn, timeout):
    """Calls fn until it returns a true value or timeout seconds pass; returns (value, seconds)."""
    start = time.monotonic()
    while True:
        v = fn()
        if v or time.monotonic() - start > timeout:
            return v, time.monotonic() - start
        time.sleep(0.05)


def canonical(site, article_id):
    status, h, _ = site.request('GET', '/a/%d' % article_id)
    if status != 301 or 'location' not in h:
        raise AssertionError('expected 301 with Location for /a/%d, got %d' % (article_id, status))
    return site.url_path(h['location'])


class MultiNodeTest(unittest.TestCase):
    """Two `gazette serve` processes, A and B, on one database."""

    @classmethod
    def setUpClass(cls):
        if not is_pg():
            raise unittest.SkipTest('several nodes need PostgreSQL (SQLite is single-node); '
                                    'runs in the http-pg suite')
        cls.a = Gazette('node_a')
        cls.addClassCleanup(cls.a.cleanup)
        cls.b = Gazette('node_b')
        cls.addClassCleanup(cls.b.cleanup)
        cls.a.init(demo=True)
        cls.password = PASSWORD_RE.search(cls.a.init_result.stdout).group(1)
        cls.b.share_db(cls.a)
        cls.a.start()
        cls.b.start()

    def nodes(self):
        for n in (self.a, self.b):
            if not n.alive():
                n.start()
        return self.a, self.b

    def test_every_node_listens(self):
        self.nodes()

        def count():
            n = len(self.a.db_query(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND "
                "query = 'LISTEN gazette_content'"))
            return n if n >= 2 else 0
        listeners, _ = poll(count, 3.0)
        self.assertGreaterEqual(listeners, 2, 'expected each node to hold a LISTEN connection, '
                                'got %d' % listeners)

    def test_import_through_a_reaches_b(self):
        a, b = self.nodes()
        status, _, home = b.request('GET', '/')  # B caches its home page
        self.assertEqual(status, 200, 'expected 200 for B\'s home page, got %d' % status)
        title = 'Bản tin liên nút %d' % int(time.time() * 1000)
        now = time.strftime('%Y-%m-%dT%H:%M:%S+00:00', time.gmtime(time.time() - 60))
        art = {'id': 7001, 'title': title, 'body_html': '<p>Từ nút A.</p>',
               'category': ['Tin tức'], 'published_at': now, 'views': 5}
        cp = a.run('import', '--db', a.db_url(), '-', input=json.dumps(art, ensure_ascii=False))
        self.assertEqual(cp.returncode, 0, 'expected import to exit 0, got %d: %s'
                         % (cp.returncode, cp.stderr))

        def on_b():
            _, _, body = b.get_text('/')
            return title in body
        seen, took = poll(on_b, 2.0)
        self.assertTrue(seen, 'expected B\'s home page to list the article imported through A '
                        'within 2 s, it did not')
        status, _, _ = b.request('GET', '/a/7001')
        self.assertEqual(status, 301, 'expected B to know /a/7001, got %d' % status)

    def test_api_change_through_a_reaches_b(self):
        a, b = self.nodes()
        cp = a.run('user', 'token', '--db', a.db_url(), 'admin')
        m = TOKEN_RE.search(cp.stdout)
        self.assertTrue(cp.returncode == 0 and m, 'expected `gazette user token` to print a token, '
                        'got %d: %r %r' % (cp.returncode, cp.stdout, cp.stderr))
        auth = {'Authorization': 'Bearer ' + m.group(1)}
        path = canonical(b, REF_ID)
        status, _, before = b.get_text(path)  # B caches the article page
        self.assertEqual(status, 200, 'expected 200 for %s on B, got %d' % (path, status))
        status, _, doc = a.request('GET', '/api/v1/articles/%d' % REF_ID, headers=auth)
        self.assertEqual(status, 200, 'expected the API to give article %d, got %d: %r'
                         % (REF_ID, status, doc[:200]))
        rev = json.loads(doc)['revision']
        lead = 'Tóm tắt sửa qua nút A lúc %d' % int(time.time() * 1000)
        status, _, out = a.request('PATCH', '/api/v1/articles/%d' % REF_ID,
                                   headers=dict(auth, **{'Content-Type': 'application/json'}),
                                   body=json.dumps({'revision': rev, 'lead': lead},
                                                   ensure_ascii=False))
        self.assertEqual(status, 200, 'expected PATCH through A to answer 200, got %d: %r'
                         % (status, out[:300]))

        def on_b():
            _, _, body = b.get_text(path)
            return lead in body
        seen, took = poll(on_b, 2.0)
        self.assertTrue(seen, 'expected B to serve the new lead within 2 s of the change '
                        'through A, it did not')

    def test_session_made_on_a_works_on_b(self):
        a, b = self.nodes()
        status, h, _ = a.login_post({'name': 'admin', 'password': self.password})
        self.assertEqual(status, 303, 'expected the login on A to answer 303, got %d' % status)
        cookie = h.get('set-cookie', '').split(';')[0]
        self.assertTrue('=' in cookie and cookie.split('=', 1)[1],
                        'expected a session cookie from A, got %r' % h.get('set-cookie'))
        status, h, page = b.get_text('/admin', headers={'Cookie': cookie})
        self.assertEqual(status, 200, 'expected B to accept A\'s session on /admin, got %d (%r)'
                         % (status, h.get('location')))
        status, h, _ = b.request('GET', '/admin')
        self.assertIn(status, (302, 303), 'expected B to send a stranger to the login page, got %d'
                      % status)

    def test_views_from_both_nodes_add_up(self):
        a, b = self.nodes()
        aid = 9
        path = canonical(a, aid)
        before = a.stored_views(aid)
        errors = []

        def worker(node, n):
            c = node.connection()
            try:
                for _ in range(n):
                    s, _, _ = node.request('GET', path, conn=c)
                    if s != 200:
                        errors.append(s)
            except Exception as e:  # reported below
                errors.append(repr(e))
            finally:
                c.close()
        plan = [(a, 13), (b, 17), (a, 11), (b, 9), (a, 5), (b, 8)]
        threads = [threading.Thread(target=worker, args=p) for p in plan]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [], 'expected every GET to answer 200, got %r' % errors[:5])
        n = sum(k for _, k in plan)
        a.stop()
        b.stop()
        after = a.stored_views(aid)
        self.assertEqual(after - before, n, 'expected the stored count to grow by exactly %d '
                         'after both nodes stopped, got %d' % (n, after - before))


if __name__ == '__main__':
    unittest.main()
