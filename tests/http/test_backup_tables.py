# gazette backup holds every table of every module: the list of tables is read from the database
# itself, so a module added later whose tables the backup forgets fails here. Every module's table
# gets rows, the archive is restored on the same backend (every row equal) and, with PostgreSQL,
# on the other one (every row equal once booleans are spelled alike); the documents' files travel
# in the archive and the documents' search index is rebuilt.
import hashlib
import os
import tarfile
import unittest

from harness import Gazette, db_kind

# Derived tables, rebuilt rather than saved (src/cmd/dump.h says the same): nothing else may be
# left out of a backup.
# article_views: SQLite's view counts (migration 32), carried as the articles' `views` column, as
# PostgreSQL keeps them. search_log and search_log_state: PostgreSQL's log of changes for the
# nodes' search mirrors (migration 39); a restored database starts its own (a new identity, so
# every mirror is made again). search_exact: SQLite's sets of the articles' exact forms (migration
# 35), part of the search index, made again by restore's reindex; search_days: the ids of each
# day's indexed articles (migration 36), made again with search_docs.
DERIVED = {'schema_migrations', 'meta', 'throttle', 'search_docs', 'search_pending',
           'search_exact', 'search_days', 'article_views', 'search_log', 'search_log_state'}
DERIVED_PREFIXES = ('search_fts', 'doc_fts', 'sqlite_')
# Columns derived from others (PostgreSQL's search vectors of the documents), rebuilt by restore,
# or left by a migration (SQLite's articles.views_before_32, see DERIVED).
DERIVED_COLUMNS = {('documents', 'fold'), ('documents', 'exact'), ('articles', 'views_before_32'),
                   ('articles', 'views_start')}

DOC_FILE = 'documents/2024/03/0f1e2d3c4b5a69788796a5b4c3d2e1f0.pdf'
DOC_BYTES = b'%PDF-1.4\n% a document file kept in the backup\n%%EOF\n'
MEDIA_FILE = '2024/03/anh-sao-luu.png'
BLOB_PATH = '.thumbs/c240/' + MEDIA_FILE + '.jpg'
BLOB_BYTES = b'\xff\xd8\xff\xd9'
MEDIA_BYTES = b'\x89PNG\r\n\x1a\n' + b'not really a picture' * 10


def pg_available():
    return bool(os.environ.get('GAZETTE_TEST_PG_URL'))


def schema_tables(site):
    """The tables the database has, as the database lists them."""
    if site.kind == 'pg':
        rows = site.db_query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    else:
        rows = site.db_query("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {r[0] for r in rows}


def kept_tables(site):
    return {t for t in schema_tables(site)
            if t not in DERIVED and not t.startswith(DERIVED_PREFIXES)}


def columns(site, table):
    """[(name, type)] of a table; the type is PostgreSQL's (SQLite's is not needed)."""
    if site.kind == 'pg':
        return [tuple(r) for r in site.db_query(
            "SELECT column_name, data_type FROM information_schema.columns WHERE "
            "table_schema = current_schema() AND table_name = '%s' ORDER BY ordinal_position"
            % table)]
    import sqlite3
    con = sqlite3.connect('file:%s?mode=ro' % site.db_path(), uri=True)
    try:
        return [(r[1], r[2]) for r in con.execute('PRAGMA table_info(%s)' % table)]
    finally:
        con.close()


def escape(v):
    """A value on one line of psql's output: backslash, tab, newline and return escaped."""
    if v is None:
        return None
    return (v.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')
            .replace('\r', '\\r'))


def pg_expr(c, typ):
    if typ == 'boolean':  # as SQLite keeps flags
        return "CASE WHEN %s THEN '1' WHEN NOT %s THEN '0' END" % (c, c)
    e = '%s::text' % c
    for ch, rep in ((92, "chr(92) || chr(92)"), (9, "chr(92) || 't'"), (10, "chr(92) || 'n'"),
                    (13, "chr(92) || 'r'")):
        e = 'replace(%s, chr(%d), %s)' % (e, ch, rep)
    return e


def rows_of(site, table):
    """The rows of table as sorted tuples of strings, comparable between the backends."""
    cols = [(c, t) for c, t in columns(site, table) if (table, c) not in DERIVED_COLUMNS]
    names = [c for c, _ in cols]
    if table == 'articles':  # the count from article_views, as in the archive
        cols.append(('views', 'bigint'))
        names.append('views')
        table = site.articles_with_views()
    if site.kind == 'pg':
        rows = site.db_query('SELECT %s FROM %s' % (', '.join(pg_expr(c, t) for c, t in cols),
                                                    table))
    else:
        rows = [[escape(v) for v in r]
                for r in site.db_query('SELECT %s FROM %s' % (', '.join(names), table))]
    return sorted((tuple(r) for r in rows), key=repr), names


def members(path):
    with tarfile.open(path) as t:
        return {m.name: t.extractfile(m).read() for m in t.getmembers()}


def fill(site):
    """At least one row in every module's table (the demo fills the newsroom's)."""
    os.makedirs(os.path.join(site.media, os.path.dirname(DOC_FILE)))
    with open(os.path.join(site.media, DOC_FILE), 'wb') as f:
        f.write(DOC_BYTES)
    os.makedirs(os.path.join(site.media, os.path.dirname(MEDIA_FILE)))
    with open(os.path.join(site.media, MEDIA_FILE), 'wb') as f:
        f.write(MEDIA_BYTES)
    uid = int(site.db_query('SELECT min(id) FROM users')[0][0])
    aid, cat = map(int, site.db_query('SELECT id, category_id FROM articles ORDER BY id')[0])
    stmts = [
        ("INSERT INTO tags (id, name, slug) VALUES (50, 'Sao lưu', 'sao-luu')", ()),
        ("INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, 50, 0)", (aid,)),
        ("INSERT INTO user_categories (user_id, category_id) VALUES (?, ?)", (uid, cat)),
        ("INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, address) "
         "VALUES ('phien-1', ?, 'csrf-1', 1, 4102444800, '127.0.0.1')", (uid,)),
        ("INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES ('the-1', ?, 1)", (uid,)),
        ("INSERT INTO revisions (article_id, revision, created_at, category_id, title, lead, "
         "body_html, author, signature, source, tags) VALUES (?, 1, 1, ?, 'Bản cũ', 'Dẫn', "
         "'<p>Cũ</p>', 'An', 'B', '', '[]')", (aid, cat)),
        ("INSERT INTO autosaves (user_id, article_id, saved_at, data) VALUES (?, ?, 1, '{}')",
         (uid, aid)),
        ("INSERT INTO audit_log (at, user_name, address, action, object, detail) VALUES "
         "(1, 'admin', '127.0.0.1', 'article.edit', '1', 'sao lưu')", ()),
        ("INSERT INTO media (id, file, thumb, name, mime, bytes, width, height, user_id, "
         "created_at) VALUES (40, ?, ?, 'anh.png', 'image/png', ?, 1, 1, ?, 1)",
         (MEDIA_FILE, MEDIA_FILE, len(MEDIA_BYTES), uid)),
        ("INSERT INTO import_keys (key, new_id, value) VALUES ('wp:post:9', 9, '')", ()),
        ("INSERT INTO redirects (old, target) VALUES ('/index.php?p=9', '/')", ()),
        # trees whose child has the lower id
        ("INSERT INTO pages (id, slug, title, body_html, updated_at) VALUES "
         "(5, 'gioi-thieu', 'Giới thiệu', '<p>A</p>', 1)", ()),
        ("INSERT INTO pages (id, parent_id, slug, title, body_html, updated_at) VALUES "
         "(2, 5, 'lich-su', 'Lịch sử', '<p>B</p>', 1)", ()),
        ("INSERT INTO page_revisions (page_id, revision, created_at, parent_id, slug, title, "
         "body_html) VALUES (2, 1, 1, 5, 'lich-su', 'Lịch sử', '<p>Cũ</p>')", ()),
        ("INSERT INTO org_units (id, name, slug, functions, fax, updated_at) VALUES "
         "(7, 'Sở', 'so', 'Quản lý', '024', 1)", ()),
        ("INSERT INTO org_units (id, parent_id, name, slug, functions, fax, updated_at) VALUES "
         "(3, 7, 'Văn phòng', 'van-phong', 'Tham mưu', '', 1)", ()),
        ("INSERT INTO org_people (id, unit_id, name, title, email, updated_at) VALUES "
         "(4, 3, 'Nguyễn Văn Ân', 'Chánh văn phòng', 'an@example.vn', 1)", ()),
        # an article's English translation (issue 13)
        ("INSERT INTO article_translations (article_id, lang, title, lead, body_html, "
         "updated_at) VALUES (?, 'en', 'Backup', 'Lead', '<p>Body</p>', 1)", (aid,)),
        ("INSERT INTO tickets (id, kind, unit_id, name, subject, message, due_at, created_at, "
         "updated_at) VALUES (95, 'question', 3, 'Cư dân', 'Hỏi về sao lưu', 'Nội dung hỏi', 1, 1, "
         "1)", ()),
        ("INSERT INTO ticket_events (id, ticket_id, at, user_name, kind, body) VALUES "
         "(96, 95, 1, 'admin', 'answer', 'Trả lời')", ()),
        ("INSERT INTO ticket_handlers (user_id, unit_id) VALUES (?, 3)", (uid,)),
        ("INSERT INTO user_rights (user_id, name) VALUES (?, 'documents') ON CONFLICT DO NOTHING",
         (uid,)),
        # sent already: the restored site has nothing to send again
        ("INSERT INTO mail_outbox (id, ticket_id, to_addr, subject, body, created_at, next_at, "
         "sent_at) VALUES (97, 95, 'dan@example.vn', 'Trả lời', 'Nội dung', 1, 1, 2)", ()),
        ("INSERT INTO doc_lists (id, list, name) VALUES (60, 0, 'Quyết định sao lưu')", ()),
        ("INSERT INTO doc_lists (id, list, name) VALUES (61, 1, 'UBND sao lưu')", ()),
        ("INSERT INTO doc_lists (id, list, name) VALUES (62, 2, 'Lưu trữ')", ()),
        ("INSERT INTO documents (id, kind_id, issuer_id, field_id, number, slug, summary, "
         "issued_on, status, published_at, created_at, updated_at, owner_id) VALUES (70, 60, 61, "
         "62, '15/2024/QĐ-UBND', 'quyet-dinh-sao-luu', 'Về việc sao lưu dữ liệu', 19723, "
         "'published', 1, 1, 1, ?)", (uid,)),
        ("INSERT INTO documents (id, kind_id, issuer_id, number, slug, summary, issued_on, "
         "status, comment_from, comment_until, created_at, updated_at) VALUES (71, 60, 61, "
         "'16/2024/QĐ-UBND', 'du-thao', 'Dự thảo sửa đổi', 19754, 'draft', 19700, 47482, "
         "1, 1)", ()),
        ("INSERT INTO document_files (id, document_id, file, name, type, bytes, text, "
         "created_at) VALUES (80, 70, ?, 'qd-15.pdf', 'pdf', ?, 'nội dung tệp', 1)",
         (DOC_FILE, len(DOC_BYTES))),
        ("INSERT INTO document_relations (from_id, to_id, kind) VALUES (71, 70, 'amends')", ()),
        ("INSERT INTO document_comments (id, document_id, name, body, created_at) VALUES "
         "(90, 71, 'Bình', 'Góp ý về dự thảo', 1)", ()),
        ("INSERT INTO sources (id, name) VALUES (20, 'Báo sao lưu')", ()),
        ("INSERT INTO article_origin (article_id, source_id, original_url, original_at) VALUES "
         "(?, 20, 'https://example.vn/goc', 1)", (aid,)),
        ("INSERT INTO takedowns (id, article_id, removed_at, deadline, created_at) VALUES "
         "(21, ?, 1, 10801, 1)", (aid,)),
        ("INSERT INTO views_daily (article_id, day, views) VALUES (?, 20240101, 5)", (aid,)),
        ("INSERT INTO views_daily_cat (category_id, day, views) VALUES (?, 20240101, 5)", (cat,)),
        ("INSERT INTO visitor_seen (day, vid, last_seen) VALUES (20240101, 12345, 1)", ()),
        ("INSERT INTO visitor_days (day, n) VALUES (20240101, 7)", ()),
        ("INSERT INTO polls (id, question) VALUES (30, 'Bạn thấy sao?')", ()),
        ("INSERT INTO poll_choices (id, poll_id, label, votes) VALUES (31, 30, 'Tốt', 1)", ()),
        ("INSERT INTO poll_votes (poll_id, voter, address, at) VALUES (30, 'v1', '127.0.0.1', 1)",
         ()),
        ("INSERT INTO poll_address_votes (poll_id, address, n) VALUES (30, '127.0.0.1', 1)", ()),
        ("INSERT INTO banners (id, position, title, url) VALUES (32, 'right', 'Cổng', "
         "'https://example.vn/')", ()),
        ("INSERT INTO layout_blocks (id, area, sort, kind, title) VALUES (33, 'home', 9, 'html', "
         "'Khối')", ()),
        ("INSERT INTO videos (id, title, embed, created_at) VALUES (34, 'Clip', "
         "'https://www.youtube.com/embed/abc', 1)", ()),
        ("INSERT INTO albums (id, title, created_at) VALUES (35, 'Ảnh', 1)", ()),
        ("INSERT INTO album_photos (id, album_id, file, thumb) VALUES (36, 35, ?, ?)",
         (MEDIA_FILE, MEDIA_FILE)),
        # a media file kept in the database (PostgreSQL, issue 19; empty on SQLite in use):
        # bytea travels as PostgreSQL's hex text
        ("INSERT INTO media_files (path, mime, bytes, chunks, sha256, mtime) VALUES "
         "(?, 'image/jpeg', 4, 1, ?, 1)",
         (BLOB_PATH, hashlib.sha256(BLOB_BYTES).hexdigest())),
        ("INSERT INTO media_blobs (path, seq, data) VALUES (?, 0, ?)",
         (BLOB_PATH, '\\x' + BLOB_BYTES.hex())),
    ]
    with site.db_connect() as con:
        for sql, args in stmts:
            con.execute(sql, args)


class BackupTablesTest(unittest.TestCase):
    def setUp(self):
        self.sites = []

    def tearDown(self):
        for s in self.sites:
            s.cleanup()

    def new_site(self, name, kind):
        s = Gazette(name, kind=kind)
        self.sites.append(s)
        s.media = os.path.join(s.tmp, 'media')
        return s

    def run_ok(self, site, *args):
        cp = site.run(*args, timeout=300)
        self.assertEqual(cp.returncode, 0, 'expected `gazette %s` to exit 0, got %d: %s'
                         % (' '.join(map(str, args)), cp.returncode, cp.stderr))
        return cp

    def source(self, kind):
        src = self.new_site('tblsrc', kind)
        src.init()
        os.mkdir(src.media)
        fill(src)
        archive = os.path.join(src.tmp, 'all.tar.gz')
        self.run_ok(src, 'backup', '--db', src.db_url(), '--media', src.media, archive)
        return src, archive

    def missing_from(self, site, archive):
        """Tables of the schema the archive does not hold."""
        got = {n[3:-6] for n in members(archive) if n.startswith('db/') and n.endswith('.jsonl')}
        return sorted(kept_tables(site) - got)

    def check_same(self, src, dst, tables):
        for t in sorted(tables):
            a, cols = rows_of(src, t)
            b, cols2 = rows_of(dst, t)
            self.assertEqual(sorted(cols), sorted(cols2), 'expected table %s to have the same '
                             'columns on both sides' % t)
            if cols != cols2:  # same columns, other order (another backend's migrations)
                idx = [cols2.index(c) for c in cols]
                b = sorted((tuple(r[i] for i in idx) for r in b), key=repr)
            self.assertEqual(a, b, 'expected table %s restored row for row (%s -> %s)'
                             % (t, src.kind, dst.kind))

    def restore_and_check(self, src, archive, kind):
        dst = self.new_site('tbldst', kind)
        self.run_ok(dst, 'restore', '--db', dst.db_url(), '--media', dst.media, archive)
        tables = kept_tables(src)
        self.assertEqual(kept_tables(dst), tables, 'expected the same tables after restore')
        self.check_same(src, dst, tables)
        with open(os.path.join(dst.media, DOC_FILE), 'rb') as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(),
                             hashlib.sha256(DOC_BYTES).hexdigest(),
                             'expected the document file restored byte for byte')
        # the documents' search index rebuilt: the restored site finds the document by number
        dst.start(extra_args=['--media', dst.media])
        try:
            st, _, body = dst.request('GET', '/api/v1/documents?q=qd-ubnd')
            self.assertEqual(st, 200)
            self.assertIn(b'15/2024/Q', body, 'expected the restored document found by its number, '
                          'got %r' % body[:300])
            st, _, body = dst.request('GET', '/van-ban/tai-ve/80')
            self.assertEqual((st, body), (200, DOC_BYTES),
                             'expected the restored site to serve the document file')
        finally:
            dst.stop()
        return dst

    def test_every_table_of_the_schema_is_in_the_backup(self):
        src, archive = self.source(db_kind())
        self.assertEqual(self.missing_from(src, archive), [],
                         'expected every table of the schema in the backup (or, if derived, in '
                         'DERIVED here and in src/cmd/dump.h)')
        m = members(archive)
        empty = [t for t in kept_tables(src)
                 if not m['db/%s.jsonl' % t].strip()]
        self.assertEqual(empty, [], 'expected a row in every table of the filled site: give the '
                         'new table a row in fill()')
        self.assertEqual(m.get('media/' + DOC_FILE), DOC_BYTES,
                         'expected the document file in the archive')
        self.assertEqual(m.get('media/' + MEDIA_FILE), MEDIA_BYTES,
                         'expected the media file in the archive, once')
        manifest = m['MANIFEST.sha256'].decode().splitlines()
        self.assertEqual(len(manifest), len(set(l[66:] for l in manifest)),
                         'expected each file once in the manifest')

    def test_a_forgotten_table_is_caught(self):
        """The check above can fail: a module table the backup does not know is reported."""
        src, _ = self.source(db_kind())
        with src.db_connect() as con:
            con.execute('CREATE TABLE later_module_rows (id INTEGER PRIMARY KEY, v TEXT)')
        archive = os.path.join(src.tmp, 'again.tar.gz')
        self.run_ok(src, 'backup', '--db', src.db_url(), '--media', src.media, archive)
        self.assertEqual(self.missing_from(src, archive), ['later_module_rows'])

    def test_restore_same_backend_row_for_row(self):
        src, archive = self.source(db_kind())
        self.restore_and_check(src, archive, db_kind())

    def test_restore_other_backend_row_for_row(self):
        if not pg_available():
            self.skipTest('needs PostgreSQL: runs in the http-pg suite')
        src, archive = self.source(db_kind())
        other = 'sqlite' if db_kind() == 'pg' else 'pg'
        self.restore_and_check(src, archive, other)


if __name__ == '__main__':
    unittest.main()
