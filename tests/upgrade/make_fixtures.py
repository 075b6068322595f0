#!/usr/bin/env python3
"""Regenerates tests/upgrade/fixtures/sqlite-vK.sql: for every schema version K below the newest,
an SQLite database made by migrations 1..K only (read from src/store/sqlite/schema.c, run by
build/tests/upgrade/mkfixture), filled with the data
that version could hold, dumped as SQL. tests/http/test_upgrade.py migrates each with `gazette init`.

    ninja -C build && python3 tests/upgrade/make_fixtures.py [BUILD]

Run it when a migration is added (the newest version needs no fixture), then commit the new file:
fixtures of released versions never change (regenerating only changes the password salts).
"""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PASSWORD = 'mat-khau-ban-cu-2025'
T0 = 1735700000  # 2025-01-01


SCHEMA = os.path.join(REPO, 'src', 'store', 'sqlite', 'schema.c')


def c_string(text):
    """The value of adjacent C string literals ("a\\n" "b") in text."""
    out = []
    for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', text):
        out.append(bytes(lit, 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8'))
    return ''.join(out)


def migrations():
    """[(version, sql)] of SQLite's migration list, read from its source."""
    with open(SCHEMA, encoding='utf-8') as f:
        src = f.read()
    body = src[src.index('sqlite_migrations[] = {'):]
    body = body[:body.index('\n};')]
    # each entry: {N, "what", "sql" "sql" ...},
    entries = re.split(r'\n\s*\{(?=\d+, ")', body)[1:]
    out = []
    for e in entries:
        e = re.sub(r'/\*.*?\*/', '', e, flags=re.S)
        m = re.match(r'(\d+), "(?:[^"\\]|\\.)*",(.*)\}\s*,?\s*$', e.strip(), re.S)
        sql = m.group(2).strip()
        if re.fullmatch(r'[A-Za-z_]\w*', sql):  # SQL kept in an array beside its module
            sql = named_sql(sql)
        out.append((int(m.group(1)), c_string(sql)))
    return out


def named_sql(name):
    """The literal of `const char NAME[] = "..." ...;` in one of SQLite's backend files."""
    folder = os.path.dirname(SCHEMA)
    for fn in sorted(os.listdir(folder)):
        with open(os.path.join(folder, fn), encoding='utf-8') as f:
            src = f.read()
        m = re.search(r'const char %s\[\] =(.*?);\n' % re.escape(name), src, re.S)
        if m:
            return re.sub(r'/\*.*?\*/', '', m.group(1), flags=re.S)
    raise SystemExit('no SQL named %s beside %s' % (name, SCHEMA))


def versions():
    return sorted(v for v, _ in migrations())


def password_hash(build, tmp):
    db = os.path.join(tmp, 'hash.db')
    pw = os.path.join(tmp, 'pw')
    with open(pw, 'w') as f:
        f.write(PASSWORD + '\n')
    gz = os.path.join(build, 'src', 'gazette')
    subprocess.run([gz, 'init', '--db', db], check=True, capture_output=True)
    subprocess.run([gz, 'user', 'add', '--db', db, '--role', 'editor', '--password-file', pw,
                    'x'], check=True, capture_output=True)
    con = sqlite3.connect(db)
    h = con.execute("SELECT password_hash FROM users WHERE name = 'x'").fetchone()[0]
    con.close()
    return h


def q(v):
    if v is None:
        return 'NULL'
    if isinstance(v, int):
        return str(v)
    return "'%s'" % str(v).replace("'", "''")


def row(table, *values):
    return 'INSERT INTO %s VALUES (%s);\n' % (table, ', '.join(q(v) for v in values))


ARTICLES = [
    # id, category, status, title, slug, views, featured
    (1, 2, 'published', 'Hợp tác xã Phù Đổng mở rộng vùng trồng rau an toàn',
     'hop-tac-xa-phu-dong-mo-rong-vung-trong-rau-an-toan', 1520, 1),
    (2, 1, 'published', 'Tỉnh tổng kết phong trào thi đua "Dân vận khéo" năm 2024',
     'tinh-tong-ket-phong-trao-thi-dua-dan-van-kheo-nam-2024', 87, 0),
    (3, 3, 'published', 'Lễ hội đền Chử Đồng Tử đón hàng vạn du khách',
     'le-hoi-den-chu-dong-tu-don-hang-van-du-khach', 40213, 0),
    (4, 2, 'draft', 'Bản nháp: kế hoạch chuyển đổi số cấp xã',
     'ban-nhap-ke-hoach-chuyen-doi-so-cap-xa', 0, 0),
    (5, 2, 'unpublished', 'Tin đã gỡ xuống', 'tin-da-go-xuong', 12, 0),
    (6, 1, 'published', 'Nhãn lồng Hưng Yên & những đơn hàng xuất khẩu đầu tiên',
     'nhan-long-hung-yen-nhung-don-hang-xuat-khau-dau-tien', 5, 0),
]


# (article, day, views): daily counts, two days of two articles
DAILY = [(1, 20250101, 5), (1, 20250102, 2), (3, 20250101, 4)]


def data_sql(version, pwhash):
    out = ''
    settings = {'site_name': 'BAN TUYÊN GIÁO (bản cũ v%d)' % version,
                'timezone': 'Asia/Ho_Chi_Minh', 'phone': '02213 868199'}
    for k, v in settings.items():
        out += row('settings', k, v)
    out += row('categories', 1, None, 'Tin tức', 'tin-tuc', 0)
    out += row('categories', 2, 1, 'Địa phương', 'dia-phuong', 0)
    out += row('categories', 3, None, 'Văn hóa - Du lịch', 'van-hoa-du-lich', 1)
    out += row('users', 1, 'bientap', 'Biên tập viên', 'editor', pwhash, 0, T0)
    out += row('users', 2, 'quantri', 'Quản trị', 'admin', pwhash, 0, T0)
    out += row('users', 3, 'nghiviec', 'Đã nghỉ', 'contributor', pwhash, 1, T0)
    for i, (aid, cat, status, title, slug, views, featured) in enumerate(ARTICLES):
        published = T0 + 3600 * (i + 1) if status != 'draft' else None
        # since migration 32 the count is in article_views (the insert trigger makes the row)
        col = 'views' if version < 32 else 'views_before_32'
        out += row('articles (id, category_id, status, title, slug, lead, body_html, author, '
                   'signature, source, published_at, created_at, updated_at, %s, revision, '
                   'featured)' % col, aid, cat, status, title, slug, 'Sapo của bài %d.' % aid,
                   '<p>Nội dung bài %d: <strong>%s</strong>.</p>' % (aid, title), 'Phóng viên',
                   'P.V', 'Báo Hưng Yên', published, T0, T0 + 60 * aid, views if version < 32
                   else 0, 2, featured)
        if version >= 32:
            out += 'UPDATE article_views SET views = %d WHERE article_id = %d;\n' % (views, aid)
    out += row('tags', 1, 'Nông thôn mới', 'nong-thon-moi')
    out += row('tags', 2, 'Du lịch', 'du-lich')
    out += row('article_tags', 1, 1, 0)
    out += row('article_tags', 3, 2, 0)
    out += row('article_tags', 6, 1, 0)
    if version >= 3:
        out += 'UPDATE articles SET owner_id = 1 WHERE id IN (1, 4);\n'
        out += "UPDATE articles SET note = 'Cần thêm ảnh' WHERE id = 4;\n"
        out += 'UPDATE articles SET expires_at = %d WHERE id = 6;\n' % (T0 + 86400 * 3650)
        out += row('user_categories', 1, 2)
        out += row('revisions (article_id, revision, created_at, user_id, category_id, title, '
                   'lead, body_html, author, signature, source, tags)', 1, 1, T0, 1, 2,
                   'Hợp tác xã Phù Đổng (bản đầu)', 'Sapo cũ.', '<p>Bản đầu.</p>', 'Phóng viên',
                   'P.V', '', 'Nông thôn mới')
        out += row('audit_log (id, at, user_id, user_name, address, action, object, detail)', 1, T0, 2, 'quantri', '127.0.0.1', 'article.publish',
                   'article:1', '')
        out += row('api_tokens (token_hash, user_id, created_at)', 'f' * 64, 1, T0)
    if version >= 15:  # daily view counts (migration 15)
        for aid, day, n in DAILY:
            out += row('views_daily (article_id, day, views)', aid, day, n)
        out += row('views_daily_cat (category_id, day, views)', 2, 20250101, 9)
    if version >= 5:
        out += row('media (id, file, thumb, name, mime, bytes, width, height, user_id, '
                   'created_at)', 1, '2025/01/ab12cd.png', '2025/01/ab12cd-thumb.png', 'anh.png',
                   'image/png', 2048, 640, 480, 1, T0)
    return out


def literal(v):
    if v is None:
        return 'NULL'
    if isinstance(v, bytes):
        return "X'%s'" % v.hex()
    if isinstance(v, (int, float)):
        return repr(v)
    return "'%s'" % v.replace("'", "''")


def dump(con):
    """Like sqlite3's .dump, without opening the FTS5 table (its tokenizer lives in gazette): the
    virtual table goes in through writable_schema, its shadow tables as plain tables."""
    yield 'BEGIN TRANSACTION;'
    objs = con.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
                       "name NOT LIKE 'sqlite_%' ORDER BY type = 'table' DESC, rowid").fetchall()
    for kind, name, sql in objs:
        if kind != 'table':
            continue
        if sql.upper().startswith('CREATE VIRTUAL TABLE'):
            yield 'PRAGMA writable_schema=ON;'
            yield ("INSERT INTO sqlite_master(type,name,tbl_name,rootpage,sql) "
                   "VALUES('table',%s,%s,0,%s);" % (literal(name), literal(name), literal(sql)))
            yield 'PRAGMA writable_schema=OFF;'
            continue
        yield sql + ';'
        for r in con.execute('SELECT * FROM "%s"' % name):
            yield 'INSERT INTO "%s" VALUES(%s);' % (name, ','.join(literal(v) for v in r))
    for kind, name, sql in objs:
        if kind != 'table':
            yield sql + ';'
    yield 'COMMIT;'


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, 'build'))
    mk = os.path.join(build, 'tests', 'upgrade', 'mkfixture')
    vs = versions()
    outdir = os.path.join(HERE, 'fixtures')
    with tempfile.TemporaryDirectory() as tmp:
        pwhash = password_hash(build, tmp)
        for v in vs[:-1]:
            db = os.path.join(tmp, 'v%d.db' % v)
            script = os.path.join(tmp, 'v%d.sql' % v)
            with open(script, 'w', encoding='utf-8') as f:
                f.write('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, '
                        'applied_at INTEGER NOT NULL);\n')
                for mv, sql in migrations():
                    if mv <= v:  # as the store applies them: one transaction each
                        f.write('BEGIN;\n%s\nINSERT INTO schema_migrations VALUES (%d, %d);\n'
                                'COMMIT;\n' % (sql, mv, 1700000000 + mv))
                f.write('BEGIN;\n%sCOMMIT;\n' % data_sql(v, pwhash))
            subprocess.run([mk, db, script], check=True)
            con = sqlite3.connect(db)
            path = os.path.join(outdir, 'sqlite-v%d.sql' % v)
            with open(path, 'w', encoding='utf-8') as f:
                f.write('-- Gazette SQLite database at schema version %d (made by '
                        'tests/upgrade/make_fixtures.py; password of every account: %s)\n'
                        % (v, PASSWORD))
                for line in dump(con):
                    f.write(line + '\n')
            con.close()
            print('wrote', os.path.relpath(path, REPO))


if __name__ == '__main__':
    main()
