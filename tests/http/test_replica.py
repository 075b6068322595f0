# Read replicas (--db-replica): a real streaming replica of a throw-away PostgreSQL primary, made
# by pg_basebackup -R on loopback. Readers' pages, search and API GETs are answered from the
# replica; a writer always sees what they saved; a page cache is never refilled from a replica
# behind a write the node knows about; a replica paused too long or stopped is skipped without a
# 5xx. Runs in the http-pg suite (the primary and the replica are this test's own clusters).
import html
import json
import os
import re
import sys
import time
import unittest

from harness import Gazette, is_pg

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from pgcluster import PgCluster, PgReplica  # noqa: E402

TOKEN_RE = re.compile(r'\b(gz_[A-Za-z0-9_-]{16,})')
TITLE_RE = re.compile(r'<h1[^>]*>(.*?)</h1>', re.S)


def metric(text, name):
    m = re.search(r'^%s (\d+)$' % re.escape(name), text, re.M)
    if not m:
        raise AssertionError('expected metric %s in /metrics, got none' % name)
    return int(m.group(1))


@unittest.skipUnless(is_pg(), 'needs PostgreSQL: runs in the http-pg suite')
class ReplicaTest(unittest.TestCase):
    """One primary, one replica, one node reading from it."""

    @classmethod
    def setUpClass(cls):
        cls.primary = PgCluster(dbname='gz_replica_admin').start()
        cls.replica = None
        cls.site = None
        try:
            cls.dbname = cls.primary.create_db('gz_replica')
            cls.site = Gazette('replica')
            cls.site._pg_url = cls.primary.url(cls.dbname)  # this test's own primary
            cls.site.init(demo=True)
            cp = cls.site.run('user', 'token', '--db', cls.site.db_url(), 'admin')
            m = TOKEN_RE.search(cp.stdout)
            if cp.returncode != 0 or not m:
                raise AssertionError('expected `gazette user token admin` to print a token, got '
                                     '%d: %s %s' % (cp.returncode, cp.stdout, cp.stderr))
            cls.token = m.group(1)
            cls.replica = PgReplica(cls.primary).start()
            cls.start_site()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def start_site(cls, max_lag_ms=60000):
        # the replica's own reads: with a search mirror (the default) pages and searches are
        # the mirror's (test_search_mirror.py)
        cls.site.start(extra_args=['--db-replica', cls.replica.url(cls.dbname),
                                   '--db-replica-max-lag-ms', str(max_lag_ms),
                                   '--search-mirror', 'off'])

    @classmethod
    def tearDownClass(cls):
        if cls.site:
            cls.site.cleanup()
        if cls.replica:
            cls.replica.stop()
        cls.primary.stop()

    def setUp(self):
        # every test starts with the replica running, replaying and caught up
        if not self.replica.running:
            self.replica.start_server()
        self.replica.resume_replay()
        self.replica.wait_replayed()
        self.wait_metric('gazette_db_replicas_healthy', 1)

    # helpers --------------------------------------------------------------------------------
    def metrics(self):
        status, _, body = self.site.request('GET', '/metrics')
        self.assertEqual(status, 200, 'expected 200 for /metrics, got %d' % status)
        return body.decode()

    def wait_metric(self, name, want, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            got = metric(self.metrics(), name)
            if got == want or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(got, want, 'expected %s = %d within %.0f s, got %d; log:\n%s'
                         % (name, want, timeout, got, self.site.log()))

    def sql_primary(self, text):
        return self.replica.sql_db(self.dbname, text, on_primary=True)

    def article(self, article_id):
        """An article's row: (slug, title)."""
        row = self.sql_primary("SELECT slug || E'\\t' || title FROM articles WHERE id = %d"
                               % article_id)
        return tuple(row.split('\t'))

    def published_ids(self):
        rows = self.replica.sql_db(self.dbname, "SELECT string_agg(id::text, ',' ORDER BY id) "
                                   "FROM articles WHERE status = 'published'", on_primary=True)
        return [int(x) for x in rows.split(',')]

    def public_title(self, article_id):
        slug, _ = self.article(article_id)
        path = '/%s-%d.html' % (slug, article_id)
        status, h, body = self.site.request('GET', path)
        if status == 301:  # the slug follows the title: the canonical address of what was read
            path = self.site.url_path(h['location'])
            status, _, body = self.site.request('GET', path)
        self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
        m = TITLE_RE.search(body.decode())
        self.assertIsNotNone(m, 'expected an <h1> in %s' % path)
        return html.unescape(m.group(1).strip())

    def api_title(self, article_id, token=None):
        headers = {'Authorization': 'Bearer ' + token} if token else {}
        status, _, body = self.site.request('GET', '/api/v1/articles/%d' % article_id,
                                            headers=headers)
        self.assertEqual(status, 200, 'expected 200 for GET /api/v1/articles/%d (token: %s), '
                         'got %d: %r' % (article_id, bool(token), status, body[:200]))
        return json.loads(body)['title']

    # tests ----------------------------------------------------------------------------------
    def test_readers_read_from_the_replica(self):
        """With replay paused, a change the node cannot know of (made straight in the primary,
        triggers off) is invisible to readers (the replica answers) and visible to a token."""
        aid = self.published_ids()[0]
        _, old = self.article(aid)
        before = metric(self.metrics(), 'gazette_db_replica_reads_total')
        self.replica.pause_replay()
        new = old + ' (sửa thẳng trong CSDL)'
        self.sql_primary("SET session_replication_role = replica; "
                         "UPDATE articles SET title = '%s' WHERE id = %d"
                         % (new.replace("'", "''"), aid))
        time.sleep(1.2)  # past the page cache's lifetime
        self.assertEqual(self.public_title(aid), old,
                         'expected the paused replica\'s title for a reader, got the primary\'s')
        self.assertEqual(self.api_title(aid), old,
                         'expected the paused replica\'s title from the API without a token')
        self.assertEqual(self.api_title(aid, self.token), new,
                         'expected the primary\'s title for a token (a writer)')
        after = metric(self.metrics(), 'gazette_db_replica_reads_total')
        self.assertGreater(after, before, 'expected reads counted on the replica, got %d then %d'
                           % (before, after))
        busy = self.replica.sql_db(self.dbname, "SELECT count(*) FROM pg_stat_activity WHERE "
                                   "application_name = 'gazette' AND datname = current_database()")
        self.assertGreater(int(busy), 0, 'expected the node connected to the replica')
        self.replica.resume_replay()
        self.replica.wait_replayed()
        time.sleep(1.2)
        self.assertEqual(self.public_title(aid), new,
                         'expected the new title once the replica replayed it')

    def test_a_writer_reads_what_they_wrote(self):
        """Replay paused: a PATCH through the API is read back at once by its author (API and
        newsroom) and, since the node knows it wrote, by readers too: the page cache it dropped is
        filled from the primary, never from the replica behind the write."""
        aid = self.published_ids()[1]
        status, _, body = self.site.request('GET', '/api/v1/articles/%d' % aid,
                                            headers={'Authorization': 'Bearer ' + self.token})
        doc = json.loads(body)
        old_title = doc['title']
        self.assertEqual(self.public_title(aid), old_title, 'expected the title before the edit')
        fallbacks = metric(self.metrics(), 'gazette_db_replica_fallbacks_total')
        self.replica.pause_replay()
        new = old_title + ' (đã sửa qua API)'
        status, _, body = self.site.request(
            'PATCH', '/api/v1/articles/%d' % aid,
            headers={'Authorization': 'Bearer ' + self.token,
                     'Content-Type': 'application/json'},
            body=json.dumps({'revision': doc['revision'], 'title': new}, ensure_ascii=False))
        self.assertEqual(status, 200, 'expected 200 for the PATCH, got %d: %r' % (status, body))
        self.assertEqual(self.api_title(aid, self.token), new,
                         'expected the writer to read the new title back')
        # readers: the cache was dropped by the write; what fills it must not be the old title
        for i in range(3):
            self.assertEqual(self.public_title(aid), new,
                             'expected readers to get the new title after the write (read %d)' % i)
            self.assertEqual(self.api_title(aid), new,
                             'expected the API without token to get the new title (read %d)' % i)
        got = metric(self.metrics(), 'gazette_db_replica_fallbacks_total')
        self.assertGreater(got, fallbacks, 'expected reads sent to the primary while the replica '
                           'is behind the write, got %d then %d' % (fallbacks, got))
        # the replica is still behind: it has the old title
        on_replica = self.replica.sql_db(self.dbname, 'SELECT title FROM articles WHERE id = %d'
                                         % aid)
        self.assertEqual(on_replica, old_title, 'expected the paused replica to hold the old title')
        self.replica.resume_replay()
        self.replica.wait_replayed()
        before = metric(self.metrics(), 'gazette_db_replica_reads_total')
        time.sleep(1.2)
        self.assertEqual(self.public_title(aid), new, 'expected the new title after catching up')
        deadline = time.monotonic() + 5
        while metric(self.metrics(), 'gazette_db_replica_reads_total') == before and \
                time.monotonic() < deadline:
            time.sleep(1.1)
            self.public_title(aid)
        self.assertGreater(metric(self.metrics(), 'gazette_db_replica_reads_total'), before,
                           'expected readers back on the replica once it replayed the write')

    def test_another_nodes_write_is_not_hidden_by_the_replica(self):
        """Replay paused: a write through node A reaches node B's readers from the primary once B
        hears of it (NOTIFY), not the paused replica's older copy, into B's page cache."""
        aid = self.published_ids()[2]
        b = Gazette('replica-b')
        self.addCleanup(b.cleanup)
        b.share_db(self.site)
        b.start(extra_args=['--db-replica', self.replica.url(self.dbname),
                            '--db-replica-max-lag-ms', '60000', '--search-mirror', 'off'])
        headers = {'Authorization': 'Bearer ' + self.token}
        _, _, body = self.site.request('GET', '/api/v1/articles/%d' % aid, headers=headers)
        doc = json.loads(body)
        slug, _ = self.article(aid)
        path = '/%s-%d.html' % (slug, aid)
        status, _, _ = b.request('GET', path)  # in B's cache now
        self.assertEqual(status, 200, 'expected 200 for %s on node B, got %d' % (path, status))
        self.replica.pause_replay()
        new = doc['title'] + ' (sửa ở nút A)'
        status, _, body = self.site.request(
            'PATCH', '/api/v1/articles/%d' % aid,
            headers=dict(headers, **{'Content-Type': 'application/json'}),
            body=json.dumps({'revision': doc['revision'], 'title': new}, ensure_ascii=False))
        self.assertEqual(status, 200, 'expected 200 for the PATCH on node A, got %d' % status)
        deadline = time.monotonic() + 3
        got = None
        while time.monotonic() < deadline:
            status, h, page = b.request('GET', path)
            if status == 301:
                status, h, page = b.request('GET', b.url_path(h['location']))
            m = TITLE_RE.search(page.decode())
            got = html.unescape(m.group(1).strip()) if m else None
            if got == new:
                break
            time.sleep(0.1)
        self.assertEqual(got, new, 'expected node B to show the new title within 3 s with the '
                         'replica paused, got %r' % got)

    def test_a_replica_of_another_database_is_skipped(self):
        """A replica URL naming a database without Gazette's schema is never read from."""
        c = Gazette('replica-c')
        self.addCleanup(c.cleanup)
        c.share_db(self.site)
        c.start(extra_args=['--db-replica', self.replica.url(self.primary.dbname),
                            '--search-mirror', 'off'])
        status, _, body = c.request('GET', '/metrics')
        deadline = time.monotonic() + 5
        while 'replica 1 is skipped' not in c.log() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertIn('replica 1 is skipped', c.log(), 'expected the wrong replica logged')
        for path in ('/', '/api/v1/articles'):
            status, _, _ = c.request('GET', path)
            self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
        text = c.request('GET', '/metrics')[2].decode()
        self.assertEqual(metric(text, 'gazette_db_replicas_healthy'), 0,
                         'expected the wrong replica not healthy')
        self.assertEqual(metric(text, 'gazette_db_replica_reads_total'), 0,
                         'expected no read from the wrong replica')

    def test_replica_down_falls_back_to_the_primary(self):
        ids = self.published_ids()
        self.replica.stop_server()
        self.wait_metric('gazette_db_replicas_healthy', 0)
        paths = ['/', '/tim-kiem?q=chuyen', '/api/v1/articles'] + \
                ['/%s-%d.html' % (self.article(i)[0], i) for i in ids[:5]]
        for rnd in range(2):
            for path in paths:
                status, _, body = self.site.request('GET', path)
                self.assertLess(status, 500, 'expected no 5xx for %s with the replica down, got '
                                '%d: %r' % (path, status, body[:200]))
                self.assertIn(status, (200, 404) if 'tim-kiem' in path else (200,),
                              'expected 200 for %s with the replica down, got %d' % (path, status))
            time.sleep(1.1)
        self.replica.start_server()
        self.wait_metric('gazette_db_replicas_healthy', 1)

    def test_a_lagging_replica_is_skipped(self):
        """A replica further behind than --db-replica-max-lag-ms is skipped and taken back."""
        self.site.stop()
        self.start_site(max_lag_ms=300)
        try:
            self.wait_metric('gazette_db_replicas_healthy', 1)
            self.replica.pause_replay()
            # WAL moves on the primary (a write nobody reads)
            self.sql_primary('CREATE TABLE IF NOT EXISTS gz_lag_probe (n int); '
                             'INSERT INTO gz_lag_probe VALUES (1)')
            self.wait_metric('gazette_db_replicas_healthy', 0)
            self.assertIn('replica 1 is skipped: it lags', self.site.log(),
                          'expected the lag logged')
            status, _, _ = self.site.request('GET', '/')
            self.assertEqual(status, 200, 'expected 200 with the replica skipped, got %d' % status)
            self.replica.resume_replay()
            self.wait_metric('gazette_db_replicas_healthy', 1)
        finally:
            self.site.stop()
            self.start_site()


class ReplicaConfigTest(unittest.TestCase):
    """Both backends: replicas need PostgreSQL and postgresql:// URLs."""

    def setUp(self):
        self.site = Gazette('replicacfg')
        self.addCleanup(self.site.cleanup)
        self.site.init(demo=False)

    def check(self, *args):
        return self.site.run('serve', '--db', self.site.db_url(), '--check', *args)

    def test_bad_replica_settings_are_refused(self):
        if is_pg():
            cp = self.check('--db-replica', 'sqlite:/tmp/x.db')
            want = 'a read replica must be a postgresql:// URL'
        else:
            cp = self.check('--db-replica', 'postgresql://127.0.0.1:1/x')
            want = 'read replicas need PostgreSQL'
        self.assertNotEqual(cp.returncode, 0, 'expected serve --check to fail, got 0')
        self.assertIn(want, cp.stderr, 'expected %r in the error, got %r' % (want, cp.stderr))

    def test_replica_flags_may_be_repeated(self):
        if not is_pg():
            self.skipTest('needs PostgreSQL')
        cp = self.check('--db-replica', 'postgresql://127.0.0.1:1/a', '--db-replica',
                        'postgresql://127.0.0.1:2/b')
        self.assertEqual(cp.returncode, 0, 'expected serve --check to accept two replicas, got '
                         '%d: %s' % (cp.returncode, cp.stderr))
        self.assertIn('2 read replicas', cp.stderr, 'expected both replicas counted, got %r'
                      % cp.stderr)


if __name__ == '__main__':
    unittest.main()
