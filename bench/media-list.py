#!/usr/bin/env python3
"""The media library over many files: times GET /api/v1/media (pages, searches without diacritics)
and GET /api/v1/media/{id} (the file with where it is used, a scan of every article body, page,
album, banner...) on a library of N rows (default 100,000) and M articles (default 5,000), through
the real server on loopback with a token.

    python3 bench/media-list.py [N] [--articles M] [--db postgresql://...]   (needs build/src/gazette)
    tests/support/pgcluster.py run -- python3 bench/media-list.py 100000 --db pg

The rows are written straight into the media table (no image files: the list never reads them),
their folded text (media.fold) computed here as the server's gz_fold would.
Prints, for each request, the median and 95th percentile of 50 requests' wall time (ms) and the
server's CPU time per request (ms; the figure that holds on a shared machine).
"""
import csv
import http.client
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get('GAZETTE_BIN', os.path.join(ROOT, 'build', 'src', 'gazette'))
WORDS = ('lễ hội đền hùng hội nghị tỉnh ủy phiên chợ vùng cao cầu đường nông thôn mới cánh đồng '
         'lúa chín trường học bệnh viện đoàn viên thanh niên cựu chiến binh hợp tác xã mô hình '
         'trao tặng bằng khen đại biểu quốc hội tiếp xúc cử tri').split()
PLACES = ['Yên Mỹ', 'Tiên Lữ', 'Kim Động', 'Ân Thi', 'Khoái Châu', 'Văn Giang', 'Mỹ Hào', 'Phù Cừ']
PASSWORD = 'Mat-khau-bench-2026'
COLS = ('file', 'thumb', 'name', 'mime', 'bytes', 'width', 'height', 'user_id', 'created_at', 'alt',
        'caption', 'fold')


def phrase(rnd, lo, hi):
    return ' '.join(rnd.choice(WORDS) for _ in range(rnd.randint(lo, hi)))


def media_rows(n):
    rnd = random.Random(7)
    t0 = 1735700000
    for i in range(1, n + 1):
        stem = '2026/%02d/%032x' % (1 + i % 12, rnd.getrandbits(128))
        name, alt = 'anh-%d.jpg' % i, phrase(rnd, 3, 8) + ' ở ' + rnd.choice(PLACES)
        caption = ('Ảnh: ' + phrase(rnd, 4, 10)) if i % 3 else ''
        yield (stem + '.jpg', stem + '-t.jpg', name, 'image/jpeg', rnd.randint(80000, 900000),
               2560, 1707, 1, t0 + i, alt, caption, fold(name + ' ' + alt + ' ' + caption))


def fold(s):
    """Close to vi_fold for these words (lower case, no diacritics, đ -> d): the media table's
    folded copy of name, alt text and caption, which the server writes itself."""
    s = unicodedata.normalize('NFD', s.replace('đ', 'd').replace('Đ', 'd'))
    return ''.join(c for c in s if not unicodedata.combining(c)).lower()


def write_media(db, n, tmp):
    """Inserts n rows; returns every 1,000th file name (for article bodies)."""
    rows = list(media_rows(n))
    if db.startswith('postgresql://'):
        path = os.path.join(tmp, 'media.csv')
        with open(path, 'w', newline='') as f:
            csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)  # "" is '', not NULL
        psql = psql_bin()
        subprocess.run([psql, '-q', '-v', 'ON_ERROR_STOP=1', db, '-c',
                        "\\copy media(%s) FROM '%s' CSV" % (', '.join(COLS), path)], check=True)
        subprocess.run([psql, '-q', db, '-c', 'ANALYZE media'], check=True)
    else:
        con = sqlite3.connect(db)
        con.executemany('INSERT INTO media(%s) VALUES (%s)' % (', '.join(COLS), ', '.join('?' * len(COLS))),
                        rows)
        con.commit()
        con.execute('ANALYZE')
        con.close()
    return [r[0] for r in rows[::1000]]


def articles(m, files, out):
    rnd = random.Random(11)
    for i in range(1, m + 1):
        title = phrase(rnd, 6, 12).capitalize() + ' ở ' + rnd.choice(PLACES)
        body = '<p>%s</p>' % ' '.join(phrase(rnd, 20, 40) for _ in range(8))
        if i % 50 == 0:
            body += '<p><img src="/media/%s" alt="Ảnh"></p>' % files[i // 50 % len(files)]
        a = {'id': i, 'title': title, 'body_html': body, 'category': ['Thời sự', 'Tin tức'],
             'author': 'Hữu Chất', 'status': 'published',
             'published_at': time.strftime('%Y-%m-%dT%H:%M:%S+00:00', time.gmtime(1735700000 + i))}
        out.write(json.dumps(a, ensure_ascii=False) + '\n')


def explain(db):
    """PostgreSQL's own execution time of the list's statements (the server's CPU above leaves it
    out), from EXPLAIN ANALYZE on the same data."""
    cols = ('m.id, m.file, m.thumb, m.name, m.mime, m.bytes, m.width, m.height, '
            "coalesce(m.user_id, 0), coalesce(u.name, ''), m.created_at, m.alt, m.caption")
    match = "(%s = '' OR m.fold LIKE %s)"
    cases = [('first page', "''", 0), ('page 1000', "''", 23976), ('search "den hung"', "'%den%hung%'", 0),
             ('rare words', "'%khong%co%dau%'", 0)]
    print('\n| statement (PostgreSQL EXPLAIN ANALYZE) | list ms | count ms |')
    print('| --- | --- | --- |')
    for name, like, offset in cases:
        ms = []
        for sql in ('SELECT %s FROM media m LEFT JOIN users u ON u.id = m.user_id WHERE %s '
                    'ORDER BY m.id DESC LIMIT 24 OFFSET %d' % (cols, match % (like, like), offset),
                    'SELECT count(*) FROM media m WHERE %s' % (match % (like, like))):
            out = subprocess.run([psql_bin(), '-qAt', db, '-c', 'EXPLAIN (ANALYZE) ' + sql],
                                 check=True, capture_output=True, text=True).stdout
            ms.append(float(re.search(r'Execution Time: ([\d.]+) ms', out).group(1)))
        print('| %s | %.1f | %.1f |' % (name, ms[0], ms[1]))


def psql_bin():
    return shutil.which('psql') or sorted(
        p for p in (os.path.join('/usr/lib/postgresql', v, 'bin', 'psql')
                    for v in os.listdir('/usr/lib/postgresql')) if os.path.exists(p))[-1]


def cpu_ms(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf('SC_CLK_TCK')


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    args = sys.argv[1:]
    n = int(args[0]) if args and args[0].isdigit() else 100000
    m = int(args[args.index('--articles') + 1]) if '--articles' in args else 5000
    tmp = tempfile.mkdtemp(prefix='gazette-mediabench-')
    db = args[args.index('--db') + 1] if '--db' in args else os.path.join(tmp, 'site.db')
    if db == 'pg':  # a throw-away cluster: tests/support/pgcluster.py run -- ... --db pg
        db = os.environ['GAZETTE_TEST_PG_URL']
    pw = os.path.join(tmp, 'pw')
    with open(pw, 'w') as f:
        f.write(PASSWORD + '\n')
    srv = None
    try:
        subprocess.run([BIN, 'init', '--db', db, '--admin', 'boss', '--admin-password-file', pw],
                       check=True, capture_output=True)
        t0 = time.time()
        files = write_media(db, n, tmp)
        print('wrote %d media rows in %.0f s' % (n, time.time() - t0))
        jl = os.path.join(tmp, 'a.jsonl')
        with open(jl, 'w') as f:
            articles(m, files, f)
        t0 = time.time()
        subprocess.run([BIN, 'import', '--db', db, jl], check=True, capture_output=True)
        print('imported %d articles in %.0f s' % (m, time.time() - t0))
        out = subprocess.run([BIN, 'user', 'token', '--db', db, 'boss'], check=True,
                             capture_output=True, text=True).stdout
        token = re.search(r'\b(gz_[A-Za-z0-9_-]{16,})', out).group(1)
        port = free_port()
        srv = subprocess.Popen([BIN, 'serve', '--db', db, '--listen', '127.0.0.1:%d' % port,
                                '--media', os.path.join(tmp, 'media')],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
        os.makedirs(os.path.join(tmp, 'media'), exist_ok=True)
        for _ in range(200):
            try:
                c = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
                c.request('GET', '/healthz')
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
        hdrs = {'Authorization': 'Bearer ' + token}
        used_id = 1001  # rows[1000] (ids follow the insert order): the body of article 50 shows it
        cases = [('first page (24)', '/api/v1/media'),
                 ('page 1000 (24)', '/api/v1/media?page=1000'),
                 ('100 a page', '/api/v1/media?per_page=100'),
                 ('search "den hung" (no diacritics)', '/api/v1/media?q=den%20hung'),
                 ('search "Khoái Châu lúa chín"', '/api/v1/media?q=Kho%C3%A1i%20Ch%C3%A2u%20l%C3%BAa%20ch%C3%ADn'),
                 ('rare words "khong co dau"', '/api/v1/media?q=khong%20co%20dau'),
                 ('one file with its uses (%d articles scanned)' % m, '/api/v1/media/%d' % used_id)]
        print('| request | median ms | p95 ms | server CPU ms/request | items | total |')
        print('| --- | --- | --- | --- | --- | --- |')
        for name, path in cases:
            times = []
            cpu0 = cpu_ms(srv.pid)
            for _ in range(50):
                t = time.perf_counter()
                c.request('GET', path, headers=hdrs)
                r = c.getresponse()
                body = r.read()
                times.append((time.perf_counter() - t) * 1000)
                if r.status != 200:
                    raise SystemExit('GET %s: %d %s' % (path, r.status, body[:200]))
            doc = json.loads(body)
            cpu = (cpu_ms(srv.pid) - cpu0) / len(times)
            times.sort()
            items = len(doc['items']) if 'items' in doc else len(doc.get('uses', []))
            total = doc.get('total', '%d uses' % items)
            print('| %s | %.1f | %.1f | %.1f | %d | %s |' % (name, statistics.median(times),
                                                            times[int(len(times) * 0.95) - 1], cpu,
                                                            items, total))
        if db.startswith('postgresql://'):
            explain(db)
    finally:
        if srv:
            srv.terminate()
            srv.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
