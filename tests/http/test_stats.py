# Daily statistics over HTTP on the suite's backend: the daily counts equal the readers' GETs
# (crawlers and HEAD left out), the "Thống kê" screen with its SVG chart, CSV (BOM) and XLSX read
# back by openpyxl with the same numbers, and Vietnamese 400s for bad periods.
import calendar
import csv
import io
import json
import os
import subprocess
import time
import unittest
import urllib.parse

from harness import REF_CATEGORY, REF_ID, REF_PATH, Gazette

REF_TOP = REF_CATEGORY[0]
from test_newsroom import PASSWORD, login_as

SITE_OFFSET = 7 * 3600


def today():
    return time.strftime('%Y-%m-%d', time.gmtime(time.time() + SITE_OFFSET))


class StatsTest(unittest.TestCase):
    GETS = 7

    @classmethod
    def setUpClass(cls):
        cls.g = Gazette('stats')
        cls.addClassCleanup(cls.g.cleanup)
        cls.g.init(demo=True)
        pw = os.path.join(cls.g.tmp, 'pw.txt')
        with open(pw, 'w') as f:
            f.write(PASSWORD + '\n')
        for name, role in (('bt', 'editor'), ('ctv', 'contributor')):
            cp = cls.g.run('user', 'add', '--db', cls.g.db_url(), '--role', role,
                           '--password-file', pw, name)
            assert cp.returncode == 0, cp.stderr
        cls.tokens = {}
        for name in ('bt', 'ctv'):
            cp = cls.g.run('user', 'token', '--db', cls.g.db_url(), name)
            assert cp.returncode == 0, cp.stderr
            cls.tokens[name] = cp.stdout.strip().split()[-1]
        cls.g.start(extra_args=['--views-flush-ms', '100'])
        for _ in range(cls.GETS):
            cls.g.request('GET', REF_PATH)
        cls.g.request('GET', REF_PATH, headers={'User-Agent': 'Googlebot/2.1'})
        cls.g.request('HEAD', REF_PATH)
        cls.g.stop()  # a graceful stop writes what is pending
        cls.g.start()

    def test_daily_counts_equal_gets(self):
        day = int(today().replace('-', ''))
        rows = self.g.db_query('SELECT views FROM views_daily WHERE article_id = %d AND day = %d'
                               % (REF_ID, day))
        self.assertEqual(rows, [[str(self.GETS)]],
                         'expected %d views of article %d on %d, got %r'
                         % (self.GETS, REF_ID, day, rows))
        cat = self.g.db_query('SELECT sum(views) FROM views_daily_cat WHERE day = %d' % day)
        self.assertEqual(cat, [[str(self.GETS)]])

    def test_category_follows_the_article(self):
        """Views counted after an article moves to another category (here by `gazette import`
        of its line with another category, as a script or another node would) go to the new
        category's daily row; those before stay with the old one."""
        g = Gazette('stats-move')
        self.addCleanup(g.cleanup)
        g.init(demo=True)
        day = int(today().replace('-', ''))
        cat_of = 'SELECT category_id FROM articles WHERE id = %d' % REF_ID
        old = int(g.db_query(cat_of)[0][0])
        for gets in (3, 2):
            if gets == 2:
                lines = [json.loads(ln) for ln in
                         g.run('export', '--db', g.db_url(), '-').stdout.splitlines()]
                art = [a for a in lines if a['id'] == REF_ID][0]
                art['category'] = ['Thời sự']  # made by the import when absent
                cp = g.run('import', '--db', g.db_url(), '-',
                           input=json.dumps(art, ensure_ascii=False) + '\n')
                self.assertEqual(cp.returncode, 0, cp.stderr)
            g.start(extra_args=['--views-flush-ms', '100'])
            for _ in range(gets):
                g.request('GET', REF_PATH)
            g.stop()  # writes what is pending
        new = int(g.db_query(cat_of)[0][0])
        self.assertNotEqual(new, old, 'expected the import to move the article')
        rows = g.db_query('SELECT category_id, views FROM views_daily_cat WHERE day = %d '
                          'ORDER BY category_id' % day)
        self.assertEqual(rows, sorted([[str(old), '3'], [str(new), '2']], key=lambda r: int(r[0])),
                         'expected 3 views under category %d and 2 under %d after the move, '
                         'got %r' % (old, new, rows))
        self.assertEqual(g.db_query('SELECT views FROM views_daily WHERE article_id = %d AND '
                                    'day = %d' % (REF_ID, day)), [['5']])

    def test_screen_chart_and_exports(self):
        b = login_as(self.g, 'bt')
        q = urllib.parse.urlencode({'from': today(), 'to': today(), 'by': 'article'})
        status, _, text = b.get('/admin/stats?' + q)
        self.assertEqual(status, 200, text[:500])
        self.assertIn('Lượt xem: %d' % self.GETS, text)
        self.assertIn('/admin/stats.svg?', text)
        status, h, svg = b.get('/admin/stats.svg?' + q)
        self.assertEqual(status, 200)
        self.assertTrue(h.get('content-type', '').startswith('image/svg+xml'))
        self.assertIn('<svg', svg)
        self.assertIn('>%d</text>' % self.GETS, svg)
        status, h, body = self.g.request('GET', '/admin/stats.csv?' + q, headers=b.headers())
        self.assertEqual(status, 200)
        self.assertTrue(body.startswith(b'\xef\xbb\xbf'), 'expected a UTF-8 BOM')
        rows = list(csv.reader(io.StringIO(body.decode('utf-8-sig'))))
        self.assertEqual(rows[0], ['Mã', 'Bài viết', 'Lượt xem'])
        self.assertEqual(rows[1][0], str(REF_ID))
        self.assertEqual(rows[1][2], str(self.GETS))
        self.assertEqual(rows[-1], ['', 'Tổng cộng', str(self.GETS)])
        status, h, body = self.g.request('GET', '/admin/stats.xlsx?' + q, headers=b.headers())
        self.assertEqual(status, 200)
        path = os.path.join(self.g.tmp, 'report.xlsx')
        with open(path, 'wb') as f:
            f.write(body)
        cp = subprocess.run(['/usr/bin/python3', '-c',
                             'import openpyxl,sys\n'
                             'ws = openpyxl.load_workbook(sys.argv[1]).active\n'
                             'for r in ws.iter_rows(values_only=True):\n'
                             '    print("|".join("" if v is None else str(v) for v in r))',
                             path], capture_output=True, text=True)
        if cp.returncode != 0 and 'No module named' in cp.stderr:
            self.skipTest('needs python3-openpyxl')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        lines = cp.stdout.splitlines()
        self.assertEqual(lines[3], 'Bài viết|Lượt xem')
        self.assertTrue(lines[4].endswith('|%d' % self.GETS), lines[4])
        self.assertEqual(lines[5], 'Tổng cộng|%d' % self.GETS)

    def test_visitors_per_day(self):
        # a day with visitors and no article views gets a row of its own; filters drop the column
        with self.g.db_connect() as con:
            con.execute('INSERT INTO visitor_days(day, n) VALUES (%d, 41) ON CONFLICT(day) DO '
                        'UPDATE SET n = 41' % (calendar.timegm((2024, 2, 29, 0, 0, 0)) // 86400))
        q = {'from': '2024-02-28', 'to': '2024-03-01', 'by': 'day'}
        status, doc = self.api(urllib.parse.urlencode(q))
        self.assertEqual(status, 200, doc)
        self.assertEqual(doc['rows'], [{'key': '2024-02-29', 'label': '2024-02-29', 'views': 0,
                                        'visitors': 41}],
                         'expected the visitors of 29/02/2024 in a row of their own')
        status, doc = self.api(urllib.parse.urlencode(dict(q, category=1)))
        self.assertEqual((status, doc['rows']), (200, []),
                         'expected no visitor rows with a category filter')
        b = login_as(self.g, 'bt')
        status, _, text = b.get('/admin/stats?' + urllib.parse.urlencode(q))
        self.assertEqual(status, 200)
        self.assertIn('<th scope="col">Người truy cập</th>', text)
        self.assertIn('<td>2024-02-29</td><td>0</td><td>41</td>', text)
        status, _, body = self.g.request('GET', '/admin/stats.csv?' + urllib.parse.urlencode(q),
                                         headers=b.headers())
        rows = list(csv.reader(io.StringIO(body.decode('utf-8-sig'))))
        self.assertEqual(rows[:2], [['Ngày', 'Lượt xem', 'Người truy cập'],
                                    ['2024-02-29', '0', '41']])

    def test_bad_periods(self):
        b = login_as(self.g, 'bt')
        for q, part in ((dict(by='day', **{'from': '2026-12-31', 'to': '2026-12-01'}), 'ngược'),
                        (dict(by='day', **{'from': '2025-02-29', 'to': '2025-03-01'}), 'không hợp lệ'),
                        (dict(by='day', **{'from': '2010-01-01', 'to': '2026-01-01'}), 'quá dài'),
                        (dict(by='tuan', **{'from': '2026-12-01', 'to': '2026-12-02'}), 'by')):
            status, _, text = b.get('/admin/stats?' + urllib.parse.urlencode(q))
            self.assertEqual(status, 400, 'expected 400 for %r, got %d' % (q, status))
            self.assertIn(part, text)

    def api(self, query, who='bt'):
        headers = {'Authorization': 'Bearer ' + self.tokens[who]} if who else {}
        status, _, body = self.g.request('GET', '/api/v1/stats/views?' + query, headers=headers)
        return status, json.loads(body.decode('utf-8'))

    def test_api_views(self):
        q = urllib.parse.urlencode({'from': today(), 'to': today(), 'by': 'article'})
        status, doc = self.api(q)
        self.assertEqual(status, 200, doc)
        self.assertEqual((doc['from'], doc['to'], doc['by'], doc['total']),
                         (today(), today(), 'article', self.GETS))
        self.assertEqual(doc['rows'][0]['key'], str(REF_ID))
        self.assertEqual(doc['rows'][0]['views'], self.GETS)
        self.assertIn('Dân vận khéo', doc['rows'][0]['label'])
        status, doc = self.api(urllib.parse.urlencode({'from': today(), 'to': today(),
                                                       'by': 'day'}))
        day = int((time.time() + SITE_OFFSET) // 86400)
        seen = self.g.db_query('SELECT n FROM visitor_days WHERE day = %d' % day)
        visitors = int(seen[0][0]) if seen else 0
        self.assertEqual(doc['rows'], [{'key': today(), 'label': today(), 'views': self.GETS,
                                        'visitors': visitors}])
        status, doc = self.api(urllib.parse.urlencode({'from': today(), 'to': today(),
                                                       'by': 'category', 'article': REF_ID}))
        self.assertEqual(status, 200)
        self.assertEqual(doc['rows'][0]['label'], REF_TOP)  # rolled up to its top-level category
        status, doc = self.api(urllib.parse.urlencode({'from': '2000-01-01', 'to': '2000-01-31',
                                                       'by': 'author'}))
        self.assertEqual((status, doc['rows'], doc['total']), (200, [], 0))

    def test_api_bad_requests(self):
        for q, part in ((dict(by='day', **{'from': '2026-12-31', 'to': '2026-12-01'}), 'ngược'),
                        (dict(by='day', **{'from': '2026-02-30', 'to': '2026-03-01'}), 'Ngày không hợp lệ'),
                        (dict(by='day', **{'from': '2015-01-01', 'to': '2026-01-01'}), 'tối đa 10 năm'),
                        (dict(by='week', **{'from': '2026-12-01', 'to': '2026-12-02'}), 'by'),
                        ({'to': '2026-12-02'}, 'from')):
            status, doc = self.api(urllib.parse.urlencode(q))
            self.assertEqual(status, 400, 'expected 400 for %r, got %d %r' % (q, status, doc))
            self.assertIn(part, doc['error'])
        q = urllib.parse.urlencode({'from': today(), 'to': today()})
        self.assertEqual(self.api(q, who='ctv')[0], 403)
        self.assertEqual(self.api(q, who=None)[0], 401)

    def test_contributor_refused(self):
        b = login_as(self.g, 'ctv')
        status, _, _ = b.get('/admin/stats')
        self.assertEqual(status, 403)


if __name__ == '__main__':
    unittest.main()
