#!/usr/bin/env python3
"""Regenerates tests/upgrade/fixtures-pg/pg-vK.sql: for every PostgreSQL schema version K below the
newest, a database made by the store's own migrations up to K only (build/tests/upgrade/mkfixture_pg
sets the store's migration limit), filled with the data that version could hold, dumped by pg_dump.
tests/http/test_upgrade_pg.py loads each into a fresh database and migrates it with `gazette init`.

Needs a PostgreSQL server: run it inside the throw-away cluster of the tests,

    ninja -C build
    python3 tests/support/pgcluster.py run -- python3 tests/upgrade/make_fixtures_pg.py [BUILD]

Run it when a PostgreSQL migration is added (the newest version needs no fixture) and commit the
new file: fixtures of released versions never change (regenerating changes only password salts).
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, 'tests', 'http'))

from make_fixtures import ARTICLES, DAILY, PASSWORD, T0, password_hash  # noqa: E402
from harness import pg_bindir, pg_create_db, pg_drop_db, pg_psql  # noqa: E402

MEDIA_VERSION = 6  # PostgreSQL's media library migration (SQLite's is 5)


def q(v):
    if v is None:
        return 'NULL'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, int):
        return str(v)
    return "'%s'" % str(v).replace("'", "''")


def row(table, cols, *values):
    return 'INSERT INTO %s (%s) VALUES (%s);\n' % (table, cols, ', '.join(q(v) for v in values))


def data_sql(version, pwhash):
    """The same site as the SQLite fixtures (make_fixtures.data_sql), in PostgreSQL's types."""
    out = ''
    for k, v in {'site_name': 'BAN TUYÊN GIÁO (bản cũ PostgreSQL v%d)' % version,
                 'timezone': 'Asia/Ho_Chi_Minh', 'phone': '02213 868199'}.items():
        out += row('settings', 'key, value', k, v)
    cats = 'id, parent_id, name, slug, position'
    out += row('categories', cats, 1, None, 'Tin tức', 'tin-tuc', 0)
    out += row('categories', cats, 2, 1, 'Địa phương', 'dia-phuong', 0)
    out += row('categories', cats, 3, None, 'Văn hóa - Du lịch', 'van-hoa-du-lich', 1)
    users = 'id, name, display_name, role, password_hash, disabled, created_at'
    out += row('users', users, 1, 'bientap', 'Biên tập viên', 'editor', pwhash, False, T0)
    out += row('users', users, 2, 'quantri', 'Quản trị', 'admin', pwhash, False, T0)
    out += row('users', users, 3, 'nghiviec', 'Đã nghỉ', 'contributor', pwhash, True, T0)
    # since migration 37 the count is in article_views: an insert's views_start goes there
    col = 'views' if version < 37 else 'views_start'
    for i, (aid, cat, status, title, slug, views, featured) in enumerate(ARTICLES):
        published = T0 + 3600 * (i + 1) if status != 'draft' else None
        out += row('articles', 'id, category_id, status, title, slug, lead, body_html, author, '
                   'signature, source, published_at, created_at, updated_at, %s, revision, '
                   'featured' % col, aid, cat, status, title, slug, 'Sapo của bài %d.' % aid,
                   '<p>Nội dung bài %d: <strong>%s</strong>.</p>' % (aid, title), 'Phóng viên',
                   'P.V', 'Báo Hưng Yên', published, T0, T0 + 60 * aid, views, 2, bool(featured))
    out += row('tags', 'id, name, slug', 1, 'Nông thôn mới', 'nong-thon-moi')
    out += row('tags', 'id, name, slug', 2, 'Du lịch', 'du-lich')
    for aid, tid in ((1, 1), (3, 2), (6, 1)):
        out += row('article_tags', 'article_id, tag_id, position', aid, tid, 0)
    if version >= 3:
        out += 'UPDATE articles SET owner_id = 1 WHERE id IN (1, 4);\n'
        out += "UPDATE articles SET note = 'Cần thêm ảnh' WHERE id = 4;\n"
        out += 'UPDATE articles SET expires_at = %d WHERE id = 6;\n' % (T0 + 86400 * 3650)
        out += row('user_categories', 'user_id, category_id', 1, 2)
        out += row('revisions', 'article_id, revision, created_at, user_id, category_id, title, '
                   'lead, body_html, author, signature, source, tags', 1, 1, T0, 1, 2,
                   'Hợp tác xã Phù Đổng (bản đầu)', 'Sapo cũ.', '<p>Bản đầu.</p>', 'Phóng viên',
                   'P.V', '', 'Nông thôn mới')
        out += row('audit_log', 'id, at, user_id, user_name, address, action, object, detail',
                   1, T0, 2, 'quantri', '127.0.0.1', 'article.publish', 'article:1', '')
        out += row('api_tokens', 'token_hash, user_id, created_at', 'f' * 64, 1, T0)
    if version >= 16:  # daily view counts (migration 16)
        for aid, day, n in DAILY:
            out += row('views_daily', 'article_id, day, views', aid, day, n)
        out += row('views_daily_cat', 'category_id, day, views', 2, 20250101, 9)
    if version >= MEDIA_VERSION:
        out += row('media', 'id, file, thumb, name, mime, bytes, width, height, user_id, '
                   'created_at', 1, '2025/01/ab12cd.png', '2025/01/ab12cd-thumb.png', 'anh.png',
                   'image/png', 2048, 640, 480, 1, T0)
    # the sequences past the ids given, as a database that made these rows would have them
    tables = ['categories', 'users', 'articles', 'tags']
    tables += ['audit_log'] if version >= 3 else []
    tables += ['media'] if version >= MEDIA_VERSION else []
    for t in tables:
        out += "SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id)) FROM %s;\n" % (t, t)
    # applied_at as the SQLite fixtures have it: the same bytes when made again
    out += 'UPDATE schema_migrations SET applied_at = 1700000000 + version;\n'
    return out


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, 'build'))
    mk = os.path.join(build, 'tests', 'upgrade', 'mkfixture_pg')
    vs = sorted(int(v) for v in subprocess.run([mk, 'versions'], check=True, capture_output=True,
                                                text=True).stdout.split())
    outdir = os.path.join(HERE, 'fixtures-pg')
    os.makedirs(outdir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pwhash = password_hash(build, tmp)
        for v in vs[:-1]:
            url = pg_create_db('fixture_v%d' % v)
            try:
                subprocess.run([mk, 'migrate', url, str(v)], check=True)
                pg_psql(url, 'BEGIN;\n%sCOMMIT;' % data_sql(v, pwhash))
                dump = subprocess.run([os.path.join(pg_bindir(), 'pg_dump'), '--no-owner',
                                       '--no-privileges', '--no-comments', '-d', url],
                                      check=True, capture_output=True, text=True).stdout
            finally:
                pg_drop_db(url)
            # pg_dump's header names the server's version, and newer ones fence the dump with
            # \restrict KEY ... \unrestrict KEY (a random key, and commands older psql do not
            # know): kept out, so that a fixture made again is the same file and loads anywhere
            lines = [ln for ln in dump.splitlines()
                     if not ln.startswith(('-- Dumped ', '\\restrict ', '\\unrestrict '))]
            path = os.path.join(outdir, 'pg-v%d.sql' % v)
            with open(path, 'w', encoding='utf-8') as f:
                f.write('-- Gazette PostgreSQL database at schema version %d (made by '
                        'tests/upgrade/make_fixtures_pg.py; password of every account: %s)\n'
                        % (v, PASSWORD))
                f.write('\n'.join(lines) + '\n')
            print('wrote', os.path.relpath(path, REPO))


if __name__ == '__main__':
    main()
