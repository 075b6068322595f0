# Upgrades: a database of every earlier schema version (tests/upgrade/fixtures, made by migrations
# 1..K only and filled with what that version could hold) is migrated by `gazette init` with its
# data whole, then served: pages, search, logins. SQLite fixtures (the http-sqlite suite).
import glob
import os
import re
import sqlite3
import unittest

from harness import REPO, Gazette, articles_sql, is_pg

FIXTURES = os.path.join(REPO, 'tests', 'upgrade', 'fixtures')
PASSWORD = 'mat-khau-ban-cu-2025'


def schema_versions():
    with open(os.path.join(REPO, 'src', 'store', 'sqlite', 'schema.c'), encoding='utf-8') as f:
        return sorted({int(v) for v in re.findall(r'^\s*\{(\d+), "', f.read(), re.M)})


def rows(db, sql):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()



def articles_at(version):
    """The articles with their counts at that schema version (apart since migration 32)."""
    return articles_sql(version >= 32)

class UpgradeTest(unittest.TestCase):
    def setUp(self):
        if is_pg():
            self.skipTest('SQLite fixtures: run in the http-sqlite suite')

    def test_a_fixture_for_every_earlier_version(self):
        want = ['sqlite-v%d.sql' % v for v in schema_versions()[:-1]]
        have = sorted((os.path.basename(p) for p in glob.glob(os.path.join(FIXTURES, '*.sql'))),
                      key=lambda n: int(re.search(r'(\d+)', n).group(1)))
        self.assertEqual(have, want, 'expected a fixture per earlier schema version (run '
                         'tests/upgrade/make_fixtures.py after adding a migration)')

    def test_each_version_migrates_with_its_data(self):
        latest = schema_versions()[-1]
        for path in sorted(glob.glob(os.path.join(FIXTURES, 'sqlite-v*.sql'))):
            version = int(re.search(r'v(\d+)\.sql$', path).group(1))
            with self.subTest(version=version):
                self.check_fixture(path, version, latest)

    def check_fixture(self, path, version, latest):
        site = Gazette('upgrade-v%d' % version, kind='sqlite')
        try:
            db = site.db_path()
            con = sqlite3.connect(db)
            with open(path, encoding='utf-8') as f:
                con.executescript(f.read())
            con.close()
            self.assertEqual(rows(db, 'SELECT max(version) FROM schema_migrations'), [(version,)])
            articles = articles_at(version)
            users = 'SELECT id, name, role, password_hash, disabled FROM users ORDER BY id'
            cats = 'SELECT id, parent_id, name, slug FROM categories ORDER BY id'
            tags = 'SELECT article_id, tag_id FROM article_tags ORDER BY 1, 2'
            queries = [articles, users, cats, tags]
            if version >= 15:  # the daily view counts, whatever their key
                queries.append('SELECT article_id, day, views FROM views_daily ORDER BY 1, 2')
                queries.append('SELECT category_id, day, views FROM views_daily_cat ORDER BY 1, 2')
            if version >= 5:
                queries.append('SELECT id, file, thumb, bytes FROM media ORDER BY id')
            before = {q: rows(db, q) for q in queries}
            self.assertGreater(len(before[articles]), 3)
            cp = site.run('init', '--db', site.db_url())
            self.assertEqual(cp.returncode, 0, 'expected `gazette init` to migrate version %d, '
                             'got %d: %s' % (version, cp.returncode, cp.stderr))
            self.assertEqual(rows(db, 'SELECT max(version) FROM schema_migrations'), [(latest,)])
            self.assertEqual(rows(db, 'SELECT count(*) FROM search_pending'), [(0,)],
                             'expected the migration to index the articles a version-%d database '
                             'left waiting in search_pending' % version)
            for q, want in before.items():
                now = articles_at(latest) if q == articles else q
                self.assertEqual(rows(db, now), want, 'expected the rows of %r unchanged by the '
                                 'migration from version %d' % (now, version))
            cp = site.run('doctor', '--db', site.db_url())
            self.assertIn('version %d (current)' % latest, cp.stdout)
            site.start()
            st, h, _ = site.request('GET', '/a/1')
            self.assertEqual(st, 301)
            st, _, page = site.get_text(site.url_path(h['location']))
            self.assertEqual(st, 200)
            self.assertIn('Hợp tác xã Phù Đổng', page)
            st, _, page = site.get_text('/tim-kiem?q=phu+dong')
            self.assertEqual(st, 200)
            self.assertIn('Phù Đổng', page, 'expected search (indexed by the migration) to find '
                          'the article of a version-%d database' % version)
            st, _, _ = site.request('GET', '/a/5')
            self.assertEqual(st, 404, 'expected the unpublished article to stay hidden')
            st, h, _ = site.login_post({'name': 'bientap', 'password': PASSWORD})
            self.assertEqual(st, 303, 'expected an account of version %d to log in' % version)
            st, h, _ = site.login_post({'name': 'nghiviec', 'password': PASSWORD})
            self.assertNotEqual(st, 303, 'expected the disabled account to stay disabled')
            site.stop()
            cp = site.run('export', '--db', site.db_url())
            self.assertEqual(cp.returncode, 0, cp.stderr)
            self.assertEqual(len(cp.stdout.splitlines()), len(before[articles]))
        finally:
            site.cleanup()


if __name__ == '__main__':
    unittest.main()
