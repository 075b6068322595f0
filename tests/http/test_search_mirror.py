# The mirror (`serve --search-mirror`, PostgreSQL; src/store/pg/mirror.c): the server answers
# searches, and reads the articles of its pages, from a SQLite file on its own disk, kept in step
# with the database, so that a write made by another node (here the `gazette import` command, or
# SQL) is found by the next search and shown by the page once the node hears of it, never an older
# state after; view counts follow; a restart uses the file again; SQLite and a folder that is not
# there are refused with a reason. Without the setting (auto) a PostgreSQL node keeps its mirror in
# search-mirror/ of its working folder; a second server on the same file is refused (named) or
# goes without (auto), and says so.
import json
import os
import re
import shutil
import time
import unittest
import urllib.parse

from harness import Gazette, is_pg


def metric(site, name):
    _, _, body = site.request('GET', '/metrics')
    m = re.search(r'^%s (\d+)' % re.escape(name), body.decode(), re.M)
    if not m:
        raise AssertionError('expected %s in /metrics' % name)
    return int(m.group(1))


def wait_ready(site, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if metric(site, 'gazette_search_mirror_ready') == 1:
            return
        time.sleep(0.1)
    raise AssertionError('expected the search mirror ready within %d s; log:\n%s'
                         % (timeout, site.log()))


def doctor_mirror(site, *extra):
    """gazette doctor's verdict and text on the search mirror, run in the site's folder."""
    cp = site.run('doctor', '--db', site.db_url(), *extra)
    lines = [ln for ln in cp.stdout.splitlines() if re.match(r'^(OK|WARN|FAIL) +mirror ', ln)]
    if len(lines) != 1:
        raise AssertionError('expected one mirror line from gazette doctor, got:\n' + cp.stdout)
    m = re.match(r'^(\w+) +mirror +(.*)$', lines[0])
    return m.group(1), m.group(2), cp.stdout


def search(site, q):
    status, _, body = site.request('GET', '/tim-kiem?q=' + urllib.parse.quote(q))
    if status != 200:
        raise AssertionError('expected 200 for a search of %r, got %d' % (q, status))
    return body.decode('utf-8')


class SearchMirrorTest(unittest.TestCase):
    def setUp(self):
        if not is_pg():
            self.skipTest('a search mirror is for PostgreSQL: run in the http-pg suite')
        self.site = Gazette('mirror')
        self.addCleanup(self.site.cleanup)
        self.site.init(demo=True)
        os.mkdir(os.path.join(self.site.tmp, 'mirror'))
        self.mirror = os.path.join(self.site.tmp, 'mirror', 'search.db')

    def start(self):
        self.site.start(extra_args=['--search-mirror', self.mirror])
        wait_ready(self.site)

    def import_article(self, title, slug):
        path = os.path.join(self.site.tmp, slug + '.jsonl')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(json.dumps({'title': title, 'body_html': '<p>Tin mới.</p>',
                                'category': ['Tin tức'],
                                'published_at': '2024-05-01T08:00:00+07:00'},
                               ensure_ascii=False) + '\n')
        cp = self.site.run('import', '--db', self.site.db_url(), path)
        self.assertEqual(cp.returncode, 0, 'expected the import to pass, got: ' + cp.stderr)

    def test_follows_another_nodes_writes(self):
        self.start()
        self.assertNotIn('ngua-van-tren-thao-nguyen', search(self.site, 'ngựa vằn'))
        self.import_article('Ngựa vằn trên thảo nguyên', 'ngua-van-tren-thao-nguyen')
        self.assertIn('ngua-van-tren-thao-nguyen', search(self.site, 'ngựa vằn'),
                      'expected the article imported by another process found at once')
        self.assertIn('ngua-van-tren-thao-nguyen', search(self.site, 'ngua van'))
        self.site.db_query("UPDATE articles SET status = 'unpublished' "
                           "WHERE slug = 'ngua-van-tren-thao-nguyen'")
        self.assertNotIn('ngua-van-tren-thao-nguyen', search(self.site, 'ngựa vằn'),
                         'expected an unpublished article gone from the next search')
        self.assertGreaterEqual(metric(self.site, 'gazette_search_mirror_answered_total'), 4)
        self.assertEqual(metric(self.site, 'gazette_search_mirror_passed_total'), 0)
        self.assertEqual(metric(self.site, 'gazette_search_mirror_builds_total'), 1)
        # a restart uses the file again, and catches up what was written meanwhile
        self.site.stop()
        self.import_article('Đàn sếu đầu đỏ', 'dan-seu-dau-do')
        self.start()
        self.assertEqual(metric(self.site, 'gazette_search_mirror_builds_total'), 0,
                         'expected the mirror of the first run used again')
        self.assertIn('dan-seu-dau-do', search(self.site, 'sếu đầu đỏ'))
        self.assertEqual(metric(self.site, 'gazette_search_mirror_passed_total'), 0)

    def page(self, path):
        status, _, body = self.site.request('GET', path)
        self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
        return body.decode('utf-8')

    def test_pages_from_the_mirror(self):
        self.start()
        [[aid, title]] = self.site.db_query(
            "SELECT id, title FROM articles WHERE status = 'published' "
            "ORDER BY published_at DESC, id LIMIT 1")
        status, h, _ = self.site.request('GET', '/a/' + aid)
        self.assertEqual(status, 301)
        path = self.site.url_path(h['location'])
        before = metric(self.site, 'gazette_search_mirror_pages_total')
        self.assertIn(title, self.page(path))
        self.assertGreater(metric(self.site, 'gazette_search_mirror_pages_total'), before,
                           'expected the article page read from the mirror')
        # another node's edit (SQL): shown once the node hears of it, and never the old after
        self.site.db_query("UPDATE articles SET title = 'Đàn sếu về đồng' WHERE id = %s" % aid)
        deadline = time.monotonic() + 5
        while 'Đàn sếu về đồng' not in self.page(path):
            self.assertLess(time.monotonic(), deadline,
                            'expected the new title on the page within 5 s')
            time.sleep(0.05)
        for _ in range(30):
            self.assertIn('Đàn sếu về đồng', self.page(path),
                          'expected no older state of the article once the new one was shown')
            time.sleep(0.03)
        served = metric(self.site, 'gazette_search_mirror_pages_total')
        time.sleep(1.2)  # past the page cache's second: the page is rendered again
        self.page(path)
        self.assertGreater(metric(self.site, 'gazette_search_mirror_pages_total'), served,
                           'expected the mirror to read the pages again after catching up')
        # view counts: the readers' views above, counted and shown from the mirror
        deadline = time.monotonic() + 10
        while True:
            [[views]] = self.site.db_query(
                'SELECT views FROM article_views WHERE article_id = %s' % aid)
            m = re.search(r'Lượt xem: ([\d.]+)', self.page(path))
            shown = int(m.group(1).replace('.', '')) if m else -1
            if shown >= int(views) > 0:
                break
            self.assertLess(time.monotonic(), deadline,
                            'expected the page to show the stored count %s, shows %d'
                            % (views, shown))
            time.sleep(0.2)

    def found(self, q):
        """Every article a query finds (all pages of the API), as a set of ids, and its total."""
        ids, total = set(), None
        for page in range(1, 50):
            status, _, body = self.site.request(
                'GET', '/api/v1/search?' + urllib.parse.urlencode({'q': q, 'page': page}))
            self.assertEqual(status, 200)
            doc = json.loads(body)
            total = doc['total']
            if not doc['results']:
                break
            ids.update(r['id'] for r in doc['results'])
        return ids, total

    def test_same_results_as_the_database(self):
        """The demo site's searches find the same articles with and without the mirror (the
        order may differ: the mirror ranks as SQLite does)."""
        queries = ['dân vận khéo', 'dan van', '"xây dựng"', 'Hưng Yên -huyện', 'Đảng', 'tỉnh']
        self.site.start(extra_args=['--search-mirror', 'off'])
        self.assertEqual(metric(self.site, 'gazette_search_mirror_ready'), 0)
        without = {q: self.found(q) for q in queries}
        self.site.stop()
        self.start()
        for q in queries:
            self.assertEqual(self.found(q), without[q],
                             'expected the same articles and total for %r with the mirror' % q)
            self.assertTrue(without[q][0] or q == 'Hưng Yên -huyện', 'expected %r to find some' % q)
        self.assertEqual(metric(self.site, 'gazette_search_mirror_passed_total'), 0)


    ODD = ['', ' ', '-', '--', '"', '""', '-"', 'a', '*', 'nông*', 'OR', 'NOT', 'NEAR(a b)',
           'x' * 3000, 'huyện ' * 100, '\x01\x02', 'a\x00b', '😀 huyện', 'đ -đ', '-huyện',
           '"xây dựng" -"xây dựng"', '()', 'title:x', "'; DROP TABLE articles; --",
           '<script>alert(1)</script>', 'hoà hòa', 'kĩ kỹ', '\u200b', 'a\u0301', 'ＨＵＹＥＮ',
           'huyê\u0323n', '\\"', '...', '2024', 'c++']
    PARAMS = [{}, {'from': '2020-01-01'}, {'to': '1900-01-01'}, {'from': '2020-13-45'},
              {'page': '-1'}, {'page': '99999999999999999999'}, {'c': '-5'}]

    def odd_answers(self):
        """Status of every odd query on both search routes, and the API's totals."""
        out = {}
        for q in self.ODD:
            for extra in self.PARAMS:
                params = dict(extra, q=q)
                for route in ('/tim-kiem?', '/api/v1/search?'):
                    url = route + urllib.parse.urlencode(params)
                    status, _, body = self.site.request('GET', url)
                    self.assertLess(status, 500, 'expected no 5xx for %s, got %d' % (url, status))
                    total = json.loads(body).get('total') if (
                        route.startswith('/api') and status == 200) else None
                    out[url] = (status, total)
        return out

    def test_odd_queries_answer_alike(self):
        """Odd queries (operators alone, quotes, control characters, FTS5 syntax, SQL, markup,
        far pages and dates) get the same status and totals with and without the mirror, and
        never a 5xx."""
        self.site.start(extra_args=['--search-mirror', 'off'])
        without = self.odd_answers()
        self.site.stop()
        self.start()
        answered = metric(self.site, 'gazette_search_mirror_answered_total')
        with_mirror = self.odd_answers()
        for url, got in with_mirror.items():
            self.assertEqual(got, without[url], 'expected the same status and total for %s '
                             'with the mirror as without' % urllib.parse.unquote(url)[:200])
        self.assertGreater(metric(self.site, 'gazette_search_mirror_answered_total'), answered,
                           'expected the mirror to answer some of them')
        self.assertEqual(metric(self.site, 'gazette_search_mirror_passed_total'), 0)

    def test_auto_in_the_working_folder(self):
        """No setting: the mirror is search-mirror/mirror.db in the server's working folder, made
        by the server and answering searches; off leaves PostgreSQL to answer. gazette doctor
        names the file and tells whether a server holds it."""
        made = os.path.join(self.site.tmp, 'search-mirror', 'mirror.db')
        verdict, text, _ = doctor_mirror(self.site)
        self.assertEqual((verdict, text), ('OK', made + ': not made yet (serve makes it at '
                                                  'start)'))
        self.site.start()
        wait_ready(self.site)
        self.assertTrue(os.path.isfile(made), 'expected the mirror made at ' + made)
        verdict, text, out = doctor_mirror(self.site)
        self.assertEqual(verdict, 'OK', out)
        self.assertRegex(text, r'^%s: \d+ MiB, in use by a running server$' % re.escape(made))
        self.assertIn('huyen-yen-my', search(self.site, 'dân vận'))
        self.assertGreaterEqual(metric(self.site, 'gazette_search_mirror_answered_total'), 1)
        # a second node started in the same folder: the file is in use, so it goes without one
        other = Gazette('mirror-other')
        self.addCleanup(other.cleanup)
        other.share_db(self.site)
        own = other.tmp
        other.tmp = self.site.tmp  # the server's working folder
        self.addCleanup(shutil.rmtree, own, True)
        other.start()
        self.assertIn('is in use by another server', other.log())
        self.assertIn('huyen-yen-my', search(other, 'dân vận'))
        self.assertEqual(metric(other, 'gazette_search_mirror_ready'), 0)
        other.stop()
        # named: refused with the reason
        with self.assertRaises(AssertionError) as e:
            other.start(extra_args=['--search-mirror', made])
        self.assertIn('is in use by another server', str(e.exception))
        self.site.stop()
        verdict, text, out = doctor_mirror(self.site)
        self.assertRegex(text, r': \d+ MiB, no server holds it$', out)
        self.site.start(extra_args=['--search-mirror', 'off'])
        search(self.site, 'dân vận')
        self.assertEqual(metric(self.site, 'gazette_search_mirror_ready'), 0)
        self.assertEqual(metric(self.site, 'gazette_search_mirror_answered_total'), 0)


class SearchMirrorRefusedTest(unittest.TestCase):
    def test_sqlite_refuses_a_mirror(self):
        site = Gazette('mirror-sqlite', kind='sqlite')
        self.addCleanup(site.cleanup)
        site.init(demo=False)
        with self.assertRaises(AssertionError) as e:
            site.start(extra_args=['--search-mirror', os.path.join(site.tmp, 'm.db')])
        self.assertIn('a search mirror is for PostgreSQL', str(e.exception))

    def test_missing_folder(self):
        site = Gazette('mirror-folder')
        self.addCleanup(site.cleanup)
        site.init(demo=False)
        with self.assertRaises(AssertionError) as e:
            site.start(extra_args=['--search-mirror', os.path.join(site.tmp, 'nope', 'm.db')])
        self.assertIn("search mirror: folder", str(e.exception))
        if is_pg():  # the doctor says the same before a start
            conf = os.path.join(site.tmp, 'gazette.conf')
            with open(conf, 'w') as f:
                f.write('search-mirror = %s\n' % os.path.join(site.tmp, 'nope', 'm.db'))
            verdict, text, out = doctor_mirror(site, '--config', conf)
            self.assertEqual(verdict, 'FAIL', out)
            self.assertIn('nope does not exist', text)
            self.assertIn('fix: make the folder', out)
            with open(conf, 'w') as f:
                f.write('search-mirror = off\n')
            self.assertEqual(doctor_mirror(site, '--config', conf)[:2],
                             ('OK', 'off: PostgreSQL answers searches and pages'))


if __name__ == '__main__':
    unittest.main()
