# Moving a site between SQLite and PostgreSQL with export | import, and PostgreSQL start-up errors.
import json
import os
import subprocess
import unittest
import urllib.parse

from harness import REF_CATEGORY, REF_ID, Gazette, free_port, is_pg, visible_lines

# On top of the demo: nested and new categories, tags shared and not, view counts, a draft, an
# second draft with views, ids with gaps.
EXTRA = [
    {'id': 300, 'title': 'Hội nghị chuyển đổi số', 'lead': 'Sapo về chuyển đổi số.',
     'body_html': '<p>Đoạn <em>một</em>.</p><ul><li>Mục</li></ul>',
     'category': ['Kinh tế', 'Chuyển đổi số'], 'author': 'Minh Anh', 'signature': 'M.A',
     'source': 'Báo Hưng Yên', 'tags': ['chuyển đổi số', 'hội nghị'],
     'published_at': '2023-03-04T08:15:00+07:00', 'views': 1234},
    {'id': 305, 'title': 'Nông nghiệp công nghệ cao', 'body_html': '<p>Cánh đồng.</p>',
     'category': ['Kinh tế', 'Nông nghiệp', 'Công nghệ cao'], 'tags': ['hội nghị', 'nông thôn'],
     'published_at': '2023-03-05T06:00:00+07:00', 'views': 7},
    {'id': 310, 'title': 'Bản nháp về giao thông', 'body_html': '<p>Nháp.</p>',
     'category': ['Giao thông'], 'status': 'draft'},
    {'id': 311, 'title': 'Bài đã gỡ', 'body_html': '<p>Gỡ.</p>', 'category': ['Giao thông'],
     'status': 'draft', 'views': 99},
    {'id': 12, 'title': 'Gương sáng ở xã', 'body_html': '<p>Chuyện người tốt.</p>',
     'category': REF_CATEGORY, 'tags': ['gương sáng'],
     'published_at': '2020-06-01T09:00:00+07:00', 'views': 321},
]


def pipe(src_argv, dst_argv, cwd):
    """Runs `SRC | DST` without a shell; returns (src CompletedProcess-like, dst)."""
    src = subprocess.Popen(src_argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    dst = subprocess.run(dst_argv, stdin=src.stdout, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=cwd, timeout=120)
    src.stdout.close()
    src_err = src.stderr.read()
    src.stderr.close()
    src.wait(60)
    return (src.returncode, src_err.decode('utf-8', 'replace'),
            dst.returncode, dst.stderr.decode('utf-8', 'replace'))


class MoveTest(unittest.TestCase):
    """export --db sqlite:A | import --db postgresql://B - reproduces the site, and back again."""

    @classmethod
    def setUpClass(cls):
        if not is_pg():
            raise unittest.SkipTest('moves a site to PostgreSQL: runs in the http-pg suite')
        cls.lite = Gazette('from_sqlite', kind='sqlite')
        cls.addClassCleanup(cls.lite.cleanup)
        cls.pg = Gazette('to_pg', kind='pg')
        cls.addClassCleanup(cls.pg.cleanup)
        cls.lite.init(demo=True)
        data = '\n'.join(json.dumps(a, ensure_ascii=False) for a in EXTRA) + '\n'
        cp = cls.lite.run('import', '--db', cls.lite.db_url(), '-', input=data)
        if cp.returncode != 0:
            raise AssertionError('expected the extra import into SQLite to exit 0, got %d: %s'
                                 % (cp.returncode, cp.stderr))

    def export(self, site):
        cp = site.run('export', '--db', site.db_url(), '-')
        self.assertEqual(cp.returncode, 0, 'expected export of %s to exit 0, got %d: %s'
                         % (site.db_url(), cp.returncode, cp.stderr))
        return cp.stdout_bytes

    def test_1_sqlite_to_postgresql(self):
        lite, pg = self.lite, self.pg
        want = self.export(lite)
        self.assertEqual(len(want.splitlines()), 11 + len(EXTRA),
                         'expected %d exported articles, got %d'
                         % (11 + len(EXTRA), len(want.splitlines())))
        rc1, err1, rc2, err2 = pipe([lite.bin, 'export', '--db', lite.db_url()],
                                    [pg.bin, 'import', '--db', pg.db_url(), '-'], lite.tmp)
        self.assertEqual((rc1, rc2), (0, 0), 'expected export | import to exit 0 and 0, got %d '
                         'and %d: %s %s' % (rc1, rc2, err1, err2))
        got = self.export(pg)
        if got != want:
            import difflib
            d = '\n'.join(difflib.unified_diff(want.decode().splitlines(),
                                               got.decode().splitlines(), 'sqlite', 'postgresql',
                                               lineterm='', n=0))
            self.fail('expected the PostgreSQL export to equal the SQLite one byte for byte, '
                      'got:\n' + d[:4000])
        # ids and counts as stored, not only as exported
        rows = {int(r[0]): int(r[1]) for r in pg.db_query(
            'SELECT id, views FROM %s' % pg.articles_with_views())}
        lrows = {int(r[0]): int(r[1]) for r in lite.db_query(
            'SELECT id, views FROM %s' % lite.articles_with_views())}
        self.assertEqual(rows, lrows, 'expected the same ids and view counts in both databases')
        tags = sorted(r[0] for r in pg.db_query('SELECT name FROM tags'))
        ltags = sorted(r[0] for r in lite.db_query('SELECT name FROM tags'))
        self.assertEqual(tags, ltags, 'expected the same tags, got %r vs %r' % (tags, ltags))

    def test_2_pages_read_the_same(self):
        lite, pg = self.lite, self.pg
        if not pg.db_query('SELECT id FROM articles WHERE id = 300'):
            self.skipTest('needs the move of test_1')
        # site settings (name, footer...) are not part of the article format: copied by hand
        with pg.db_connect() as con:
            for key, value in lite.db_query('SELECT key, value FROM settings'):
                con.execute('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) '
                            'DO UPDATE SET value = excluded.value', (key, value))
        lite.start()
        pg.start()
        try:
            paths = ['/', '/chuyen-muc/kinh-te/', '/chuyen-muc/kinh-te/nong-nghiep/cong-nghe-cao/']
            for aid in (REF_ID, 12, 300, 305, 1):
                status, h, _ = lite.request('GET', '/a/%d' % aid)
                self.assertEqual(status, 301, 'expected 301 for /a/%d, got %d' % (aid, status))
                paths.append(lite.url_path(h['location']))
            for path in paths:
                with self.subTest(path=path):
                    pages = []
                    for site in (lite, pg):
                        status, _, body = site.request('GET', path)
                        self.assertEqual(status, 200, 'expected 200 for %s on %s, got %d'
                                         % (path, site.kind, status))
                        # minus the clock
                        pages.append(visible_lines(body)[1:])
                    self.assertTrue(pages[0], 'expected text on %s' % path)
                    self.assertEqual(pages[1], pages[0], 'expected %s to read the same on both '
                                     'backends, got a difference' % path)
            for aid in (404, 310, 311):
                status, _, _ = pg.request('GET', '/a/%d' % aid)
                self.assertEqual(status, 404, 'expected /a/%d (missing, drafts) to '
                                 'be 404 on PostgreSQL, got %d' % (aid, status))
        finally:
            lite.stop()
            pg.stop()

    def test_3_postgresql_back_to_sqlite(self):
        pg = self.pg
        if not pg.db_query('SELECT id FROM articles WHERE id = 300'):
            self.skipTest('needs the move of test_1')
        back = Gazette('back', kind='sqlite')
        self.addCleanup(back.cleanup)
        back.init(demo=False)
        rc1, err1, rc2, err2 = pipe([pg.bin, 'export', '--db', pg.db_url()],
                                    [back.bin, 'import', '--db', back.db_url(), '-'], back.tmp)
        self.assertEqual((rc1, rc2), (0, 0), 'expected export | import to exit 0 and 0, got %d '
                         'and %d: %s %s' % (rc1, rc2, err1, err2))
        self.assertEqual(self.export(back), self.export(pg),
                         'expected PostgreSQL → SQLite to export byte for byte the same')


class StartErrorTest(unittest.TestCase):
    """A wrong URL, a refused connection or a wrong account at start: one line, exit non-zero."""

    @classmethod
    def setUpClass(cls):
        if not is_pg():
            raise unittest.SkipTest('needs the test PostgreSQL cluster: runs in the http-pg suite')
        cls.g = Gazette('start_errors')
        cls.addClassCleanup(cls.g.cleanup)
        u = urllib.parse.urlsplit(cls.g.db_url())
        cls.hostport = u.netloc.rsplit('@', 1)[-1]
        cls.dbname = u.path.lstrip('/')

    def check(self, url, want):
        for cmd in ('serve', 'init'):
            with self.subTest(cmd=cmd, url=url):
                r = self.g.run(cmd, '--db', url, timeout=30)
                self.assertNotEqual(r.returncode, 0, 'expected `gazette %s --db %s` to fail, it '
                                    'exited 0' % (cmd, url))
                lines = r.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, 'expected a one-line error from `gazette %s`, '
                                 'got %r' % (cmd, r.stderr))
                self.assertIn(want, lines[0], 'expected the error to name the problem (%r), '
                              'got %r' % (want, lines[0]))
                self.assertNotIn('secret', lines[0], 'expected no password in the message, got '
                                 '%r' % lines[0])

    def test_refused_port(self):
        self.check('postgresql://postgres@127.0.0.1:%d/gazette' % free_port(),
                   'Connection refused')

    def test_wrong_account(self):
        self.check('postgresql://nosuchuser:secret@%s/%s' % (self.hostport, self.dbname),
                   'role "nosuchuser" does not exist')

    def test_missing_database(self):
        self.check('postgresql://postgres@%s/no_such_db' % self.hostport,
                   'database "no_such_db" does not exist')

    def test_malformed_url(self):
        self.check('postgresql://postgres:secret@%s/%s?colour=blue' % (self.hostport,
                                                                      self.dbname),
                   'invalid PostgreSQL URL')
        self.check('postgresql://postgres:secret@[::1/x', 'invalid PostgreSQL URL')

    def test_unknown_scheme(self):
        self.check('mysql://localhost/gazette', 'unsupported database URL')

    def test_running_node_reports_nothing_else(self):
        # the good URL still works after all of the above
        r = self.g.run('init', '--db', self.g.db_url())
        self.assertEqual(r.returncode, 0, 'expected init on the right URL to work, got %d: %s'
                         % (r.returncode, r.stderr))
        self.assertTrue(os.path.isdir(self.g.tmp))


if __name__ == '__main__':
    unittest.main()
