#!/usr/bin/env python3
"""The newsroom's article list over many articles: times filtered pages of /admin (search without
diacritics, state, category, author, dates) on a site of N articles (default 100,000) with short
bodies, through the real server on loopback, as a logged-in editor-in-chief would ask for them.

    python3 bench/newsroom-list.py [N] [--db postgresql://...]     (needs build/src/gazette)
    tests/support/pgcluster.py run -- python3 bench/newsroom-list.py 100000 --db pg

Prints, for each filter, the median and 95th percentile of 50 requests' wall time (ms) and the
server's CPU time per request (ms; the figure that holds on a shared machine).
"""
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get('GAZETTE_BIN', os.path.join(ROOT, 'build', 'src', 'gazette'))
WORDS = ('huyện xã thôn tỉnh ủy ban nhân dân hội đồng cán bộ đảng viên chi bộ phong trào thi đua '
         'dân vận khéo nông thôn mới kinh tế văn hóa giáo dục y tế an ninh quốc phòng đoàn thanh '
         'niên phụ nữ cựu chiến binh nông dân doanh nghiệp hợp tác xã mô hình hiệu quả').split()
PLACES = ['Yên Mỹ', 'Tiên Lữ', 'Kim Động', 'Ân Thi', 'Khoái Châu', 'Văn Giang', 'Mỹ Hào', 'Phù Cừ']
CATS = [['Thời sự', 'Tin tức'], ['Kinh tế', 'Tin tức'], ['Xây dựng Đảng', 'Gương điển hình'],
        ['Văn hóa - Xã hội', 'Phóng sự']]
PASSWORD = 'Mat-khau-bench-2026'


def articles(n, out):
    rnd = random.Random(11)
    for i in range(1, n + 1):
        title = ' '.join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 12)))
        title = title[0].upper() + title[1:] + ' ở ' + rnd.choice(PLACES)
        t = 1262304000 + rnd.randint(0, 15 * 365 * 86400)
        a = {'id': i, 'title': title, 'body_html': '<p>%s</p>' % title, 'category': rnd.choice(CATS),
             'author': rnd.choice(['Hữu Chất', 'Minh Anh', 'Thu Hà', 'Quang Huy']),
             'status': 'published' if i % 4 else 'draft'}
        if a['status'] == 'published':
            a['published_at'] = time.strftime('%Y-%m-%dT%H:%M:%S+00:00', time.gmtime(t))
        out.write(json.dumps(a, ensure_ascii=False) + '\n')


def cpu_ms(pid):
    """User and system CPU time of a process so far, in ms (robust on a busy machine, unlike wall
    time)."""
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
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100000
    tmp = tempfile.mkdtemp(prefix='gazette-listbench-')
    db = sys.argv[sys.argv.index('--db') + 1] if '--db' in sys.argv else os.path.join(tmp, 'site.db')
    if db == 'pg':  # a throw-away cluster: tests/support/pgcluster.py run -- ... --db pg
        db = os.environ['GAZETTE_TEST_PG_URL']
    pw = os.path.join(tmp, 'pw')
    with open(pw, 'w') as f:
        f.write(PASSWORD + '\n')
    subprocess.run([BIN, 'init', '--db', db, '--admin', 'boss', '--admin-password-file', pw],
                   check=True, capture_output=True)
    jl = os.path.join(tmp, 'a.jsonl')
    with open(jl, 'w') as f:
        articles(n, f)
    t0 = time.time()
    subprocess.run([BIN, 'import', '--db', db, jl], check=True, capture_output=True)
    print('imported %d articles in %.0f s' % (n, time.time() - t0))
    port = free_port()
    srv = subprocess.Popen([BIN, 'serve', '--db', db, '--listen', '127.0.0.1:%d' % port],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
    try:
        for _ in range(200):
            try:
                c = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
                c.request('GET', '/healthz')
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
        c.request('GET', '/admin/login')  # the login form's CSRF cookie and field
        r = c.getresponse()
        form = r.read().decode()
        login_cookie = re.search(r'gz_login=[^;]+', r.getheader('Set-Cookie') or '').group(0)
        csrf = re.search(r'name="csrf" value="([^"]*)"', form).group(1)
        c.request('POST', '/admin/login',
                  urllib.parse.urlencode({'name': 'boss', 'password': PASSWORD, 'csrf': csrf}),
                  {'Content-Type': 'application/x-www-form-urlencoded', 'Cookie': login_cookie})
        r = c.getresponse()
        r.read()
        cookie = re.search(r'gz_session=[^;]+', r.getheader('Set-Cookie')).group(0)
        cases = [('no filter', ''), ('state=published', 'state=published'),
                 ('search "dan van" (no diacritics)', 'q=dan+van'),
                 ('search "Yên Mỹ" + state=draft', 'q=Y%C3%AAn+M%E1%BB%B9&state=draft'),
                 ('rare word "khoai chau hop tac"', 'q=khoai+chau+hop+tac'),
                 ('category 2 (and below) + updated today',
                  'category=2&from=%s&to=%s' % (time.strftime('%Y-%m-%d', time.gmtime(time.time() - 86400)),
                                               time.strftime('%Y-%m-%d', time.gmtime(time.time() + 86400)))),
                 ('page 50 of state=published', 'state=published&page=50')]
        print('| filter | median ms | p95 ms | server CPU ms/request | rows shown | rows total |')
        print('| --- | --- | --- | --- | --- | --- |')
        for name, qs in cases:
            times = []
            total = '?'
            cpu0 = cpu_ms(srv.pid)
            for _ in range(50):
                t = time.perf_counter()
                c.request('GET', '/admin?' + qs, headers={'Cookie': cookie})
                r = c.getresponse()
                body = r.read().decode()
                times.append((time.perf_counter() - t) * 1000)
                if r.status != 200:
                    raise SystemExit('GET /admin?%s: %d' % (qs, r.status))
                m = re.search(r'<small>\(([^)]*)\)</small>', body)
                total = m.group(1) if m else '?'
                shown = body.count('<tr><td><a href="/admin/articles/')
            cpu = (cpu_ms(srv.pid) - cpu0) / len(times)
            times.sort()
            print('| %s | %.1f | %.1f | %.1f | %d | %s |' % (name, statistics.median(times),
                                                            times[int(len(times) * 0.95) - 1], cpu,
                                                            shown, total))
    finally:
        srv.terminate()
        srv.wait()
        subprocess.run(['rm', '-rf', tmp])


if __name__ == '__main__':
    main()
