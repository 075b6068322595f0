# gazette backup / restore: an archive taken while the site serves a stream of API writes, restored
# on the other backend (SQLite -> PostgreSQL -> SQLite and PostgreSQL -> SQLite -> PostgreSQL in
# the http-pg suite; SQLite -> SQLite in http-sqlite), and bad archives refused with nothing changed.
import hashlib
import html
import io
import json
import os
import secrets
import tarfile
import threading
import time
import unittest

from harness import REF_CATEGORY, REF_PATH, Gazette, is_pg
from test_media import make_png, multipart
from test_newsroom import PASSWORD, login_as

PUBLIC_TABLES = {
    'articles': 'SELECT id, category_id, status, title, slug, lead, body_html, views, '
                'published_at, owner_id FROM {articles} ORDER BY id',
    'users': 'SELECT id, name, role, password_hash FROM users ORDER BY id',
    'categories': 'SELECT id, parent_id, name, slug, position FROM categories ORDER BY id',
    'tags': 'SELECT id, name, slug FROM tags ORDER BY id',
    'article_tags': 'SELECT article_id, tag_id, position FROM article_tags ORDER BY 1, 2',
    'revisions': 'SELECT article_id, revision, title, body_html FROM revisions ORDER BY 1, 2',
    'media': 'SELECT id, file, thumb, name, mime, bytes FROM media ORDER BY id',
    'settings': 'SELECT key, value FROM settings ORDER BY key',
    'redirects': 'SELECT old, target FROM redirects ORDER BY old',
    'import_keys': 'SELECT key, new_id, value FROM import_keys ORDER BY key',
    'pages': 'SELECT id, parent_id, position, slug, title, body_html, status, revision, owner_id, '
             'title_en, body_en FROM pages ORDER BY id',
    'page_revisions': 'SELECT page_id, revision, created_at, user_id, parent_id, slug, title, '
                      'body_html FROM page_revisions ORDER BY 1, 2',
    'org_units': 'SELECT id, parent_id, name, slug, functions, fax, name_en, functions_en FROM '
                 'org_units ORDER BY id',
    'org_people': 'SELECT id, unit_id, name, title, email, name_en, title_en FROM org_people '
                  'ORDER BY id',
    'article_translations': 'SELECT article_id, lang, title, lead, body_html FROM '
                            'article_translations ORDER BY 1, 2',
}


def pg_available():
    return bool(os.environ.get('GAZETTE_TEST_PG_URL'))


def archive_members(path):
    with tarfile.open(path) as t:
        return {m.name: t.extractfile(m).read() for m in t.getmembers()}


def table_sql(site, name):
    """PUBLIC_TABLES[name] for site's backend ({articles}: where its view counts are)."""
    sql = PUBLIC_TABLES[name]
    return sql.format(articles=site.articles_with_views()) if name == 'articles' else sql


def snapshot(site):
    return {name: site.db_query(table_sql(site, name)) for name in PUBLIC_TABLES}


class Writer(threading.Thread):
    """Creates, submits and publishes articles through the write API as fast as it can, and reads
    each new article's page (a view), until stopped. acked: ids published, in order."""

    def __init__(self, site, token):
        super().__init__(daemon=True)
        self.site, self.token = site, token
        self.stop_flag = threading.Event()
        self.acked, self.errors = [], []

    def api(self, method, path, body=None):
        headers = {'Authorization': 'Bearer ' + self.token, 'Content-Type': 'application/json'}
        status, _, out = self.site.request(method, '/api/v1/' + path, headers=headers,
                                           body=json.dumps(body or {}, ensure_ascii=False))
        return status, json.loads(out) if out.strip() else None

    def run(self):
        n = 0
        while not self.stop_flag.is_set():
            n += 1
            try:
                st, doc = self.api('POST', 'articles', {
                    'title': 'Tin sao lưu số %d %s' % (n, secrets.token_hex(3)),
                    'category': REF_CATEGORY, 'lead': 'Sapo %d.' % n,
                    'body_html': '<p>Nội dung bài %d.</p>' % n, 'tags': ['Sao lưu']})
                if st != 201:
                    self.errors.append('create: %d %r' % (st, doc))
                    continue
                for action in ('submit', 'publish'):
                    st, doc2 = self.api('POST', 'articles/%d/%s' % (doc['id'], action))
                    if st != 200:
                        self.errors.append('%s: %d %r' % (action, st, doc2))
                self.acked.append(doc['id'])
                self.site.request('GET', '/a/%d' % doc['id'])
                self.site.request('GET', REF_PATH)
            except OSError as e:
                self.errors.append(repr(e))


class BackupRestoreTest(unittest.TestCase):
    def setUp(self):
        self.sites = []

    def tearDown(self):
        for s in self.sites:
            s.cleanup()

    def new_site(self, name, kind):
        s = Gazette(name, kind=kind)
        self.sites.append(s)
        return s

    def run_ok(self, site, *args):
        cp = site.run(*args, timeout=300)
        self.assertEqual(cp.returncode, 0, 'expected `gazette %s` to exit 0, got %d: %s'
                         % (' '.join(map(str, args)), cp.returncode, cp.stderr))
        return cp

    def source_site(self, kind):
        """A demo site with an admin, a token, three uploaded images and some views, serving."""
        src = self.new_site('bksrc', kind)
        src.init()
        pw = os.path.join(src.tmp, 'pw')
        with open(pw, 'w') as f:
            f.write(PASSWORD + '\n')
        self.run_ok(src, 'user', 'add', '--db', src.db_url(), '--role', 'admin',
                    '--password-file', pw, 'quan_tri')
        cp = self.run_ok(src, 'user', 'token', '--db', src.db_url(), 'quan_tri')
        token = [w for w in cp.stdout.split() if w.startswith('gz_')]
        self.assertTrue(token, 'expected a gz_ token from `gazette user token`, got %r' % cp.stdout)
        src.media = os.path.join(src.tmp, 'uploads')
        os.mkdir(src.media)
        src.start(extra_args=['--media', src.media, '--views-flush-ms', '50'])
        b = login_as(src, 'quan_tri')
        b.get('/admin/media')
        for i, (w, h) in enumerate(((40, 30), (300, 200), (64, 64))):
            ct, body = multipart([('csrf', b.csrf)], [('file', 'anh-%d.png' % i,
                                                       make_png(w, h), 'image/png')])
            headers = dict(b.headers(), **{'Content-Type': ct, 'Accept': 'application/json'})
            status, _, out = src.request('POST', '/admin/media', headers=headers, body=body)
            self.assertEqual(status, 201, 'expected 201 for an upload, got %d: %r'
                             % (status, out[:200]))
        with src.db_connect() as con:  # what an import from an older site leaves
            con.execute("INSERT INTO redirects (old, target) VALUES (?, ?)",
                        ('/index.php?p=11', REF_PATH))
            con.execute("INSERT INTO import_keys (key, new_id, value) VALUES (?, ?, ?)",
                        ('wp:post:11', 11, ''))
            # static pages and the organisation (issue 13); a child whose id is below its
            # parent's, as a page moved under a newer one leaves
            con.execute("INSERT INTO pages (id, slug, title, body_html, updated_at, title_en, "
                        "body_en) VALUES (5, 'gioi-thieu', 'Giới thiệu', '<p>A</p>', 1, "
                        "'About', '<p>E</p>')")
            con.execute("INSERT INTO pages (id, parent_id, slug, title, body_html, updated_at) "
                        "VALUES (2, 5, 'lich-su', 'Lịch sử', '<p>B</p>', 1)")
            con.execute("UPDATE pages SET status = 'draft', revision = 2 WHERE id = 2")
            con.execute("INSERT INTO page_revisions (page_id, revision, created_at, parent_id, "
                        "slug, title, body_html) VALUES (2, 1, 1, 5, 'lich-su', 'Lịch sử', "
                        "'<p>Cũ</p>')")
            con.execute("INSERT INTO org_units (id, name, slug, functions, fax, updated_at) "
                        "VALUES (3, 'Ban Giám đốc', 'ban-giam-doc', 'Lãnh đạo', '024', 1)")
            con.execute("INSERT INTO org_people (id, unit_id, name, title, email, updated_at, "
                        "title_en) VALUES (4, 3, 'Nguyễn Văn Ân', 'Giám đốc', 'an@example.vn', 1, "
                        "'Director')")
            # two sections that each hold a "Tin tức" (names and slugs are unique among
            # siblings only), one of them a child whose id is below its parent's
            con.execute("INSERT INTO categories (id, parent_id, name, slug, position) VALUES "
                        "(900, NULL, 'Khối Đảng', 'khoi-dang', 90)")
            con.execute("INSERT INTO categories (id, parent_id, name, slug, position) VALUES "
                        "(901, NULL, 'Khối Chính quyền', 'khoi-chinh-quyen', 91)")
            con.execute("INSERT INTO categories (id, parent_id, name, slug, position) VALUES "
                        "(902, 901, 'Tin tức', 'tin-tuc', 1)")
            con.execute("INSERT INTO categories (id, parent_id, name, slug, position) VALUES "
                        "(899, 900, 'Tin tức', 'tin-tuc', 1)")
            # an article's English translation (issue 13)
            con.execute("INSERT INTO article_translations (article_id, lang, title, lead, "
                        "body_html, updated_at) VALUES (11, 'en', 'Yen My', 'L', '<p>T</p>', 1)")
        for _ in range(7):
            src.request('GET', REF_PATH)
        time.sleep(0.5)  # view counts flushed
        return src, token[0]

    def backup_under_writes(self, src, token):
        before = {int(r[0]): int(r[1]) for r in src.db_query(
            'SELECT id, views FROM %s' % src.articles_with_views())}
        w = Writer(src, token)
        w.start()
        deadline = time.monotonic() + 10
        while len(w.acked) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        acked_before = list(w.acked)
        archive = os.path.join(src.tmp, 'site.tar.gz')
        self.run_ok(src, 'backup', '--db', src.db_url(), '--media', src.media, archive)
        time.sleep(0.3)
        w.stop_flag.set()
        w.join(30)
        self.assertEqual(w.errors, [], 'expected every API write to succeed, got %r'
                         % w.errors[:3])
        self.assertGreaterEqual(len(acked_before), 5,
                                'expected writes going on during the backup, got %d'
                                % len(acked_before))
        self.assertGreater(len(w.acked), len(acked_before),
                           'expected writes to continue while the backup ran')
        return archive, before, acked_before

    def check_restored(self, src, dst, archive, before, acked):
        members = archive_members(archive)
        # tables the writer leaves alone come back as they were, English versions included
        for table in ('categories', 'pages', 'org_people', 'article_translations'):
            want = src.db_query(PUBLIC_TABLES[table])
            self.assertTrue(want, 'expected rows in %s before the backup' % table)
            self.assertEqual(dst.db_query(PUBLIC_TABLES[table]), want,
                             'expected table %s restored as it was' % table)
        rows = [json.loads(ln) for ln in members['db/articles.jsonl'].decode().splitlines()]
        meta = json.loads(members['gazette-backup.json'])
        self.assertEqual(meta['rows']['articles'], len(rows))
        got = {int(r[0]): (r[1], int(r[2]), r[3]) for r in
               dst.db_query('SELECT id, status, views, title FROM %s' % dst.articles_with_views())}
        self.assertEqual(len(got), len(rows),
                         'expected the %d articles of the snapshot, got %d' % (len(rows), len(got)))
        for aid in acked:
            self.assertIn(aid, got, 'expected article %d (published before the backup began) '
                          'in the restored site' % aid)
            self.assertEqual(got[aid][0], 'published')
        for r in rows:
            self.assertEqual(got[r['id']][1], r['views'],
                             'expected article %d restored with the archive\'s %d views, got %d'
                             % (r['id'], r['views'], got[r['id']][1]))
        for aid, v in before.items():
            self.assertGreaterEqual(got[aid][1], v, 'expected article %d to keep its %d views, '
                                    'got %d' % (aid, v, got[aid][1]))
        self.assertGreater(sum(v for _, v, _ in got.values()), 0)
        # every media file, byte for byte
        media = dst.db_query('SELECT file, thumb FROM media ORDER BY id')
        self.assertEqual(len(media), 3, 'expected 3 media rows, got %r' % media)
        for f in [x for row in media for x in row if x]:
            with open(os.path.join(src.media, f), 'rb') as a, \
                    open(os.path.join(dst.media, f), 'rb') as b:
                self.assertEqual(hashlib.sha256(a.read()).hexdigest(),
                                 hashlib.sha256(b.read()).hexdigest(),
                                 'expected media file %s byte-identical after restore' % f)
        # the restored site serves every published article and the media
        dst.start(extra_args=['--media', dst.media])
        for aid, (status, _, title) in got.items():
            if status != 'published':
                continue
            st, h, _ = dst.request('GET', '/a/%d' % aid)
            self.assertEqual(st, 301, 'expected /a/%d to redirect, got %d' % (aid, st))
            st, _, page = dst.get_text(dst.url_path(h['location']))
            self.assertEqual(st, 200)
            self.assertIn(title, html.unescape(page))
        st, _, page = dst.get_text('/tim-kiem?q=sao+luu')
        self.assertEqual(st, 200)
        self.assertIn('Tin sao lưu số', page, 'expected the restored site\'s search to find the '
                      'articles written during the backup')
        st, _, body = dst.request('GET', '/media/' + media[0][0])
        self.assertEqual(st, 200, 'expected the restored site to serve /media/%s' % media[0][0])
        # a new article gets a new id (sequences moved past the restored ids)
        dst.stop()
        self.run_ok(dst, 'user', 'add', '--db', dst.db_url(), '--role', 'editor',
                    '--password-file', os.path.join(src.tmp, 'pw'), 'moi_sau_khoi_phuc')

    def chain(self, first, second):
        src, token = self.source_site(first)
        archive, before, acked = self.backup_under_writes(src, token)
        dst = self.new_site('bkdst', second)
        dst.media = os.path.join(dst.tmp, 'media')
        self.run_ok(dst, 'restore', '--db', dst.db_url(), '--media', dst.media, archive)
        if second == 'pg':  # every node serves the files from the database: all of them there
            cp = self.run_ok(dst, 'media', 'verify', '--db', dst.db_url())
            self.assertIn(' 0 bad', cp.stderr + cp.stdout,
                          'expected every media file stored in PostgreSQL after the restore')
        self.check_restored(src, dst, archive, before, acked)
        src.stop()
        # and back: the restored site's own backup, restored on the first backend, is the same
        archive2 = os.path.join(dst.tmp, 'again.tar.zst')
        self.run_ok(dst, 'backup', '--db', dst.db_url(), '--media', dst.media, archive2)
        back = self.new_site('bkback', first)
        back.media = os.path.join(back.tmp, 'media')
        self.run_ok(back, 'restore', '--db', back.db_url(), '--media', back.media, archive2)
        a, b = snapshot(dst), snapshot(back)
        for table in PUBLIC_TABLES:
            self.assertEqual(a[table], b[table], 'expected table %s the same after %s -> %s -> '
                             '%s' % (table, first, second, first))

    def test_sqlite_to_postgresql_and_back(self):
        if not pg_available():
            self.skipTest('needs PostgreSQL: runs in the http-pg suite')
        self.chain('sqlite', 'pg')

    def test_postgresql_to_sqlite_and_back(self):
        if not pg_available():
            self.skipTest('needs PostgreSQL: runs in the http-pg suite')
        self.chain('pg', 'sqlite')

    def test_sqlite_to_sqlite(self):
        if is_pg():
            self.skipTest('the http-pg suite restores across backends instead')
        self.chain('sqlite', 'sqlite')

    def test_media_beside_sqlite_database_by_default(self):
        if is_pg():
            self.skipTest('SQLite default media folder: runs in the http-sqlite suite')
        src = self.new_site('bkdef', 'sqlite')
        src.init()
        os.makedirs(os.path.join(src.tmp, 'media', '2026', '12'))
        with open(os.path.join(src.tmp, 'media', '2026', '12', 'a.png'), 'wb') as f:
            f.write(make_png(5, 5))
        with src.db_connect() as con:
            con.execute("INSERT INTO media (file, thumb, name, mime, bytes, width, height, "
                        "created_at) VALUES ('2026/12/a.png', '', 'a.png', 'image/png', 1, 5, 5, 1)")
        archive = os.path.join(src.tmp, 'b.tar.gz')
        self.run_ok(src, 'backup', '--db', src.db_url(), archive)
        dst = self.new_site('bkdef2', 'sqlite')
        self.run_ok(dst, 'restore', '--db', dst.db_url(), archive)
        with open(os.path.join(dst.tmp, 'media', '2026', '12', 'a.png'), 'rb') as f:
            self.assertEqual(f.read(), make_png(5, 5))


class BadArchiveTest(unittest.TestCase):
    """Refusals: one line on stderr, exit 1, nothing changed in the target."""

    @classmethod
    def setUpClass(cls):
        cls.src = Gazette('bkbad')
        try:
            cls.src.init()
            cls.good = os.path.join(cls.src.tmp, 'good.tar.gz')
            cp = cls.src.run('backup', '--db', cls.src.db_url(), cls.good)
            if cp.returncode != 0:
                raise AssertionError('expected backup to exit 0, got %d: %s'
                                     % (cp.returncode, cp.stderr))
            with open(cls.good, 'rb') as f:
                cls.good_bytes = f.read()
        except BaseException:
            cls.src.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.src.cleanup()

    def setUp(self):
        self.dst = Gazette('bkbaddst')

    def tearDown(self):
        self.dst.cleanup()

    def write(self, name, data):
        path = os.path.join(self.dst.tmp, name)
        with open(path, 'wb') as f:
            f.write(data)
        return path

    def rebuild(self, change):
        """The good archive with change(members) applied (the manifest left as it was)."""
        members = archive_members(self.good)
        change(members)
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode='w:gz') as t:
            for name, data in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
        return out.getvalue()

    def target_untouched(self):
        if self.dst.kind == 'sqlite':
            self.assertFalse(os.path.exists(self.dst.db_path()),
                             'expected no database file after a refused restore')
        else:
            rows = self.dst.db_query("SELECT count(*) FROM pg_tables WHERE schemaname = "
                                     "current_schema()")
            self.assertEqual(rows[0][0], '0', 'expected no table made by a refused restore')
        self.assertFalse(os.path.exists(os.path.join(self.dst.tmp, 'media')))

    def refused(self, path, want):
        cp = self.dst.run('restore', '--db', self.dst.db_url(), '--media',
                          os.path.join(self.dst.tmp, 'media'), path)
        self.assertEqual(cp.returncode, 1, 'expected exit 1, got %d: %s' % (cp.returncode,
                                                                             cp.stderr))
        lines = cp.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, 'expected a one-line error, got %r' % cp.stderr)
        self.assertTrue(lines[0].startswith('gazette: ') and want in lines[0],
                        'expected an error mentioning %r, got %r' % (want, lines[0]))
        self.target_untouched()

    def test_good_archive_restores(self):
        path = self.write('ok.tar.gz', self.good_bytes)
        cp = self.dst.run('restore', '--db', self.dst.db_url(), path)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(self.dst.db_query('SELECT count(*) FROM articles'),
                         self.src.db_query('SELECT count(*) FROM articles'))

    def test_truncated(self):
        self.refused(self.write('cut.tar.gz', self.good_bytes[:len(self.good_bytes) // 2]),
                     'damaged')

    def test_corrupt_bytes(self):
        data = bytearray(self.good_bytes)
        for i in range(len(data) // 3, len(data) // 3 + 40):
            data[i] ^= 0x5a
        self.refused(self.write('bad.tar.gz', bytes(data)), 'damaged')

    def test_checksum_mismatch(self):
        def change(m):
            m['db/articles.jsonl'] = m['db/articles.jsonl'].replace('Yên Mỹ'.encode(),
                                                                   'Yen My'.encode(), 1)
        self.refused(self.write('mod.tar.gz', self.rebuild(change)), 'checksum mismatch')

    def test_missing_member(self):
        self.refused(self.write('miss.tar.gz', self.rebuild(lambda m: m.pop('db/users.jsonl'))),
                     'missing')

    def test_no_manifest(self):
        self.refused(self.write('nom.tar.gz',
                                self.rebuild(lambda m: m.pop('MANIFEST.sha256'))),
                     'MANIFEST.sha256')

    def test_unexpected_member(self):
        def change(m):
            m['../etc/passwd'] = b'x'
        self.refused(self.write('evil.tar.gz', self.rebuild(change)), 'unexpected entry')

    def test_failure_while_loading_undoes_everything(self):
        """A consistent archive (checksums right) whose rows break a rule of the schema: the rows
        are rolled back, media files written are removed, a new database file is deleted."""
        def change(m):
            lines = m['db/articles.jsonl'].decode().splitlines()
            last = json.loads(lines[-1])
            last['category_id'] = 999999  # no such category
            lines[-1] = json.dumps(last, ensure_ascii=False)
            m['db/articles.jsonl'] = ('\n'.join(lines) + '\n').encode()
            m['db/media.jsonl'] = (json.dumps({
                'id': 1, 'file': '2026/12/x.png', 'thumb': '', 'name': 'x.png',
                'mime': 'image/png', 'bytes': 3, 'width': 1, 'height': 1, 'user_id': None,
                'created_at': 1}) + '\n').encode()
            m['media/2026/12/x.png'] = b'png'
            # a manifest that matches, as a careful forger (or a bug in backup) would write it
            m.pop('MANIFEST.sha256')
            m['MANIFEST.sha256'] = ''.join('%s  %s\n' % (hashlib.sha256(v).hexdigest(), k)
                                           for k, v in m.items()).encode()
        path = self.write('rules.tar.gz', self.rebuild(change))
        cp = self.dst.run('restore', '--db', self.dst.db_url(), '--media',
                          os.path.join(self.dst.tmp, 'media'), path)
        self.assertEqual(cp.returncode, 1, 'expected exit 1, got %d: %s' % (cp.returncode,
                                                                             cp.stderr))
        self.assertEqual(len(cp.stderr.strip().splitlines()), 1, cp.stderr)
        self.assertIn('articles', cp.stderr)
        if self.dst.kind == 'sqlite':
            self.target_untouched()
        else:  # the schema was made; no row stayed
            self.assertEqual(self.dst.db_query('SELECT count(*) FROM articles'), [['0']])
            self.assertEqual(self.dst.db_query('SELECT count(*) FROM users'), [['0']])
        self.assertFalse(os.path.exists(os.path.join(self.dst.tmp, 'media')),
                         'expected the media files written to be removed')

    def test_not_an_archive(self):
        self.refused(self.write('text.tar.gz', b'hello, this is not an archive\n' * 10),
                     'damaged')

    def test_non_empty_target(self):
        before = self.src.db_query('SELECT id, views, title FROM %s ORDER BY id'
                                   % self.src.articles_with_views())
        cp = self.src.run('restore', '--db', self.src.db_url(), self.good)
        self.assertEqual(cp.returncode, 1, 'expected exit 1 restoring into a non-empty '
                         'database, got %d: %s' % (cp.returncode, cp.stderr))
        self.assertIn('not empty', cp.stderr)
        self.assertEqual(len(cp.stderr.strip().splitlines()), 1, cp.stderr)
        after = self.src.db_query('SELECT id, views, title FROM %s ORDER BY id'
                                  % self.src.articles_with_views())
        self.assertEqual(after, before)

    def test_backup_refuses_existing_destination(self):
        cp = self.src.run('backup', '--db', self.src.db_url(), self.good)
        self.assertEqual(cp.returncode, 1)
        self.assertIn('exists already', cp.stderr)
        with open(self.good, 'rb') as f:
            self.assertEqual(f.read(), self.good_bytes)


if __name__ == '__main__':
    unittest.main()
