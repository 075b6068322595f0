# Upgrades on PostgreSQL: a dump of every earlier schema version (tests/upgrade/fixtures-pg, made by
# the store's migrations up to K only and filled with what that version could hold; see
# tests/upgrade/README.md) is loaded into a fresh database, migrated by `gazette init` with its data
# whole, then served: pages, search, logins, export. The http-pg suite.
import glob
import os
import re
import subprocess
import unittest

from harness import REPO, Gazette, articles_sql, is_pg, pg_bindir

FIXTURES = os.path.join(REPO, 'tests', 'upgrade', 'fixtures-pg')
PASSWORD = 'mat-khau-ban-cu-2025'
MEDIA_VERSION = 6


def schema_versions():
    """PostgreSQL's migration versions, read from src/store/pg/schema.c (PG_SEARCH_VERSION from
    pg-int.h)."""
    pg = os.path.join(REPO, 'src', 'store', 'pg')
    with open(os.path.join(pg, 'pg-int.h'), encoding='utf-8') as f:
        search = int(re.search(r'#define PG_SEARCH_VERSION (\d+)', f.read()).group(1))
    with open(os.path.join(pg, 'schema.c'), encoding='utf-8') as f:
        found = re.findall(r'^\s*\{(\d+|PG_SEARCH_VERSION), "', f.read(), re.M)
    return sorted({search if v == 'PG_SEARCH_VERSION' else int(v) for v in found})


def fixture_version(path):
    return int(re.search(r'pg-v(\d+)\.sql$', path).group(1))


def articles_at(version):
    """The articles with their counts at that schema version (apart since migration 37)."""
    return articles_sql(version >= 37)


class UpgradePgTest(unittest.TestCase):
    def setUp(self):
        if not is_pg():
            self.skipTest('PostgreSQL fixtures: run in the http-pg suite')

    def test_a_fixture_for_every_earlier_version(self):
        want = ['pg-v%d.sql' % v for v in schema_versions()[:-1]]
        have = sorted((os.path.basename(p) for p in glob.glob(os.path.join(FIXTURES, '*.sql'))),
                      key=lambda n: int(re.search(r'(\d+)', n).group(1)))
        self.assertEqual(have, want, 'expected a fixture per earlier PostgreSQL schema version '
                         '(run tests/upgrade/make_fixtures_pg.py after adding a migration)')

    def test_each_version_migrates_with_its_data(self):
        latest = schema_versions()[-1]
        paths = sorted(glob.glob(os.path.join(FIXTURES, 'pg-v*.sql')), key=fixture_version)
        self.assertTrue(paths, 'expected PostgreSQL fixtures in %s' % FIXTURES)
        for path in paths:
            with self.subTest(version=fixture_version(path)):
                self.check_fixture(path, fixture_version(path), latest)

    def load(self, site, path):
        p = subprocess.run([os.path.join(pg_bindir(), 'psql'), '-X', '-q', '-v', 'ON_ERROR_STOP=1',
                            '-d', site.db_url(), '-f', path], capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, 'expected psql to load %s, got exit %d: %s'
                         % (os.path.basename(path), p.returncode, p.stderr.decode()[-2000:]))

    def check_fixture(self, path, version, latest):
        site = Gazette('upgpg-v%d' % version, kind='pg')
        try:
            self.load(site, path)
            q = site.db_query
            self.assertEqual(q('SELECT max(version) FROM schema_migrations'), [[str(version)]],
                             'expected the fixture at version %d' % version)
            articles = articles_at(version)
            users = 'SELECT id, name, role, password_hash, disabled FROM users ORDER BY id'
            cats = 'SELECT id, parent_id, name, slug FROM categories ORDER BY id'
            tags = 'SELECT article_id, tag_id FROM article_tags ORDER BY 1, 2'
            queries = [articles, users, cats, tags]
            if version >= 16:  # the daily view counts, whatever their key
                queries.append('SELECT article_id, day, views FROM views_daily ORDER BY 1, 2')
                queries.append('SELECT category_id, day, views FROM views_daily_cat ORDER BY 1, 2')
            if version >= 3:
                queries.append('SELECT article_id, revision, title FROM revisions ORDER BY 1, 2')
                queries.append('SELECT id, owner_id, note, expires_at FROM articles ORDER BY id')
            if version >= MEDIA_VERSION:
                queries.append('SELECT id, file, thumb, bytes FROM media ORDER BY id')
            before = {sql: q(sql) for sql in queries}
            self.assertGreater(len(before[articles]), 3)
            cp = site.run('init', '--db', site.db_url())
            self.assertEqual(cp.returncode, 0, 'expected `gazette init` to migrate PostgreSQL '
                             'version %d, got %d: %s' % (version, cp.returncode, cp.stderr))
            self.assertEqual(q('SELECT max(version) FROM schema_migrations'), [[str(latest)]],
                             'expected version %d migrated to %d' % (version, latest))
            self.assertEqual(int(q('SELECT count(*) FROM schema_migrations')[0][0]),
                             len(schema_versions()), 'expected every migration recorded once')
            for sql, want in before.items():
                now = articles_at(latest) if sql == articles else sql
                self.assertEqual(q(now), want, 'expected the rows of %r unchanged by the '
                                 'migration from version %d' % (now, version))
            # the phrases' keys (migration 38, numbers since 41) as the server makes them
            self.assertEqual(q('SELECT count(*), count(*) FILTER (WHERE pairs IS DISTINCT FROM '
                               'gz_pairs(fold) OR cardinality(pairs) = 0) FROM search_docs'),
                             [[q('SELECT count(*) FROM search_docs')[0][0], '0']],
                             'expected every search row\'s pairs as gz_pairs makes them after '
                             'the migration from version %d' % version)
            # each view count's category (migration 43), the article's own
            self.assertEqual(q('SELECT count(*), count(*) FILTER (WHERE v.cat_id IS DISTINCT FROM '
                               'a.category_id) FROM articles a LEFT JOIN article_views v ON '
                               'v.article_id = a.id'),
                             [[q('SELECT count(*) FROM articles')[0][0], '0']],
                             'expected every article\'s count row with its category after the '
                             'migration from version %d' % version)
            cp = site.run('doctor', '--db', site.db_url())
            self.assertIn('version %d (current)' % latest, cp.stdout)
            site.start()
            st, h, _ = site.request('GET', '/a/1')
            self.assertEqual(st, 301, 'expected /a/1 to redirect, got %d' % st)
            st, _, page = site.get_text(site.url_path(h['location']))
            self.assertEqual(st, 200)
            self.assertIn('Hợp tác xã Phù Đổng', page)
            st, _, page = site.get_text('/tim-kiem?q=phu+dong')
            self.assertEqual(st, 200)
            self.assertIn('Phù Đổng', page, 'expected search to find the article of a '
                          'version-%d PostgreSQL database' % version)
            st, _, page = site.get_text('/tim-kiem?q=%22x%C3%A3+ph%C3%B9+%C4%91%E1%BB%95ng%22')
            self.assertEqual(st, 200)
            self.assertIn('Phù Đổng', page, 'expected the phrase "xã phù đổng" to find the '
                          'article of a version-%d PostgreSQL database' % version)
            st, _, _ = site.request('GET', '/a/5')
            self.assertEqual(st, 404, 'expected the unpublished article to stay hidden')
            st, _, _ = site.login_post({'name': 'bientap', 'password': PASSWORD})
            self.assertEqual(st, 303, 'expected an account of version %d to log in' % version)
            st, _, _ = site.login_post({'name': 'nghiviec', 'password': PASSWORD})
            self.assertNotEqual(st, 303, 'expected the disabled account to stay disabled')
            site.stop()
            # a new row gets a new id: the sequences came through the upgrade
            cp = site.run('user', 'add', '--db', site.db_url(), '--role', 'editor',
                          '--password-file', self.password_file(site), 'moi_sau_nang_cap')
            self.assertEqual(cp.returncode, 0, 'expected a new account after the upgrade: %s'
                             % cp.stderr)
            cp = site.run('export', '--db', site.db_url())
            self.assertEqual(cp.returncode, 0, cp.stderr)
            self.assertEqual(len(cp.stdout.splitlines()), len(before[articles]))
        finally:
            site.cleanup()

    def password_file(self, site):
        path = os.path.join(site.tmp, 'pw')
        with open(path, 'w') as f:
            f.write(PASSWORD + '\n')
        return path


if __name__ == '__main__':
    unittest.main()
