# Portal widgets (issue 14): the visitor counter and polls, on SQLite and PostgreSQL; several nodes
# on PostgreSQL.
import json
import re
import threading
import time
import unittest
import urllib.parse

from harness import Gazette, SiteTestCase, is_pg

CRAWLERS = ('Googlebot/2.1 (+http://www.google.com/bot.html)',
            'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)')


def wait_for(fn, want, timeout=6.0):
    """Calls fn until it returns want or timeout passes; returns the last value."""
    deadline = time.monotonic() + timeout
    v = fn()
    while v != want and time.monotonic() < deadline:
        time.sleep(0.2)
        v = fn()
    return v


def counts(site):
    status, h, body = site.request('GET', '/api/v1/visitors')
    if status != 200:
        raise AssertionError('expected 200 from /api/v1/visitors, got %d: %r' % (status, body))
    doc = json.loads(body)
    if sorted(doc) != ['month', 'online', 'today', 'total']:
        raise AssertionError('expected keys online, today, month, total, got %r' % sorted(doc))
    return doc


def settled_counts(site):
    """The counts once pending hits are written (two reads over a flush and a cache lifetime
    agree)."""
    last = counts(site)
    for _ in range(10):
        time.sleep(1.2)
        now = counts(site)
        if now == last:
            return now
        last = now
    return last


def add_poll(site, question, choices, multiple=False, max_choices=1, opens_at=0, closes_at=0,
             after_close=False, per_address=0, position='right'):
    """Creates a poll directly in the database; returns (poll id, [choice ids])."""
    with site.db_connect() as con:
        con.execute('INSERT INTO polls(question, multiple, max_choices, opens_at, closes_at, '
                    'results_after_close, per_address, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                    (question, int(multiple), max_choices, opens_at, closes_at, int(after_close),
                     per_address, position))
        con.commit()
    pid = int(site.db_query("SELECT max(id) FROM polls")[0][0])
    with site.db_connect() as con:
        for i, c in enumerate(choices):
            con.execute('INSERT INTO poll_choices(poll_id, label, sort) VALUES (?, ?, ?)',
                        (pid, c, i))
        con.commit()
    ids = [int(r[0]) for r in site.db_query(
        'SELECT id FROM poll_choices WHERE poll_id = %d ORDER BY sort' % pid)]
    return pid, ids


POLL_FORM_MIN_SECONDS = 2  # src/site/polls.h


def form_token(page, pid):
    """The token of poll pid's form in page."""
    m = re.search(r'<form method="post" action="/binh-chon/%d">.*?name="t" value="([^"]+)"'
                  % pid, page, re.S)
    if not m:
        raise AssertionError('expected the form of poll %d with a token in the page' % pid)
    return m.group(1)


def stored_votes(site, pid):
    return [int(r[0]) for r in site.db_query(
        'SELECT votes FROM poll_choices WHERE poll_id = %d ORDER BY sort' % pid)]


def vote(site, pid, choices, cookie=None):
    hdrs = {'Content-Type': 'application/json'}
    if cookie:
        hdrs['Cookie'] = cookie
    status, h, body = site.request('POST', '/api/v1/polls/%d/vote' % pid, headers=hdrs,
                                   body=json.dumps({'choices': choices}))
    set_cookie = h.get('set-cookie', '')
    return status, json.loads(body), set_cookie.split(';')[0] if set_cookie else None


class VisitorCounterTest(SiteTestCase):

    def test_distinct_readers_counted_once_crawlers_and_head_not(self):
        site = self.site
        before = settled_counts(site)
        uas = ['widgets-reader-%d' % i for i in range(6)]
        for ua in uas:
            for path in ('/', '/tim-kiem?q=a', '/'):
                status, _, _ = site.request('GET', path, headers={'User-Agent': ua})
                self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
        for ua in CRAWLERS:
            site.request('GET', '/', headers={'User-Agent': ua})
        site.request('HEAD', '/', headers={'User-Agent': 'widgets-head-only'})
        site.request('GET', '/api/v1/articles', headers={'User-Agent': 'widgets-api-only'})
        want = {k: before[k] + len(uas) for k in before}
        got = wait_for(lambda: counts(site), want)
        self.assertEqual(got, want, 'expected each of 6 readers counted once (crawlers, HEAD and '
                         'API reads not), got %r from %r' % (got, before))

    def test_concurrent_readers_exact(self):
        site = self.site
        before = settled_counts(site)
        errors = []

        def worker(t):
            c = site.connection()
            try:
                for i in range(250):
                    ua = 'widgets-conc-%d-%d' % (t, i % 25)
                    s, _, _ = site.request('GET', '/', headers={'User-Agent': ua}, conn=c)
                    if s != 200:
                        errors.append(s)
            except Exception as e:  # reported below
                errors.append(repr(e))
            finally:
                c.close()
        threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [], 'expected every GET to answer 200, got %r' % errors[:5])
        want = before['today'] + 8 * 25
        got = wait_for(lambda: counts(site)['today'], want)
        self.assertEqual(got, want, 'expected 8 threads x 250 GETs by 200 distinct readers to '
                         'add exactly 200 to today, got %d (before %d)' % (got, before['today']))

    def test_counter_block_on_cached_pages_and_no_js_page(self):
        site = self.site
        status, h, body = site.get_text('/')
        self.assertEqual(status, 200, 'expected 200 for /, got %d' % status)
        self.assertIn('data-visitors="/api/v1/visitors"', body,
                      'expected the counter block to fetch /api/v1/visitors')
        self.assertIn('href="/thong-ke-truy-cap"', body, 'expected the no-JS link')
        self.assertIn('public', h.get('cache-control', ''),
                      'expected the home page to stay cacheable, got %r' % h.get('cache-control'))
        status, h, body = site.get_text('/thong-ke-truy-cap')
        self.assertEqual(status, 200, 'expected 200 for /thong-ke-truy-cap, got %d' % status)
        for label in ('Đang truy cập', 'Hôm nay', 'Tháng này', 'Tổng lượt truy cập'):
            self.assertIn(label, body, 'expected %r on the counter page' % label)

    def test_graceful_stop_writes_pending(self):
        site = self.site
        site.request('GET', '/', headers={'User-Agent': 'widgets-before-stop'})
        site.stop()
        try:
            rows = site.db_query('SELECT count(*) FROM visitor_seen')
            self.assertGreaterEqual(int(rows[0][0]), 1, 'expected visitors written at stop')
            n = site.db_query("SELECT count(*) FROM visitor_seen s WHERE s.last_seen > 0")
            self.assertEqual(rows, n, 'expected every seen visitor to have a time')
        finally:
            site.start()


class PollTest(SiteTestCase):

    def test_vote_then_again_is_409_and_counted_once(self):
        site = self.site
        pid, ids = add_poll(site, 'Bạn đánh giá trang thế nào?', ['Tốt', 'Khá', 'Kém'])
        status, doc, cookie = vote(site, pid, [ids[1]])
        self.assertEqual(status, 201, 'expected 201 for a first vote, got %d %r' % (status, doc))
        self.assertTrue(cookie and cookie.startswith('gz_voter='),
                        'expected a gz_voter cookie, got %r' % cookie)
        self.assertEqual([c['votes'] for c in doc['choices']], [0, 1, 0],
                         'expected the counts after voting, got %r' % doc)
        status, doc, _ = vote(site, pid, [ids[0]], cookie=cookie)
        self.assertEqual((status, doc['code']), (409, 'already_voted'),
                         'expected 409 already_voted, got %d %r' % (status, doc))
        self.assertEqual(stored_votes(site, pid), [0, 1, 0], 'expected one vote counted')
        status, h, body = site.request('GET', '/api/v1/polls/%d' % pid,
                                       headers={'Cookie': cookie})
        doc = json.loads(body)
        self.assertEqual((status, doc['voted'], doc['total']), (200, True, 1),
                         'expected GET to show voted and total 1, got %d %r' % (status, doc))

    def test_bad_input_counts_nothing(self):
        site = self.site
        pid, ids = add_poll(site, 'Nhiều lựa chọn', ['A', 'B', 'C', 'D'], multiple=True,
                            max_choices=2)
        other, other_ids = add_poll(site, 'Cuộc khác', ['X', 'Y'])
        closed, closed_ids = add_poll(site, 'Đã đóng', ['P', 'Q'], closes_at=int(time.time()) - 60)
        future, future_ids = add_poll(site, 'Chưa mở', ['P', 'Q'], opens_at=int(time.time()) + 3600)
        _, _, good = vote(site, other, [other_ids[0]])
        forged = good[:-4] + ('0000' if not good.endswith('0000') else '1111')
        cases = [
            (pid, [other_ids[0]], None, 400, 'bad_choice'),
            (pid, [ids[0], ids[1], ids[2]], None, 400, 'too_many_choices'),
            (pid, [ids[0], ids[0]], None, 400, 'duplicate_choice'),
            (pid, [], None, 400, 'no_choice'),
            (pid, ['1'], None, 422, 'invalid'),
            (pid, [ids[0]], forged, 400, 'bad_cookie'),
            (pid, [ids[0]], 'gz_voter=nonsense', 400, 'bad_cookie'),
            (closed, [closed_ids[0]], None, 403, 'poll_closed'),
            (future, [future_ids[0]], None, 403, 'poll_not_open'),
            (999999, [1], None, 404, 'not_found'),
        ]
        for p, choices, cookie, want_status, want_code in cases:
            with self.subTest(poll=p, choices=choices, cookie=cookie):
                status, doc, _ = vote(site, p, choices, cookie=cookie)
                self.assertEqual((status, doc.get('code')), (want_status, want_code),
                                 'expected %d %s, got %d %r' % (want_status, want_code, status,
                                                                doc))
                self.assertIn('error', doc, 'expected the error shape, got %r' % doc)
        status, h, body = site.request('POST', '/api/v1/polls/%d/vote' % pid,
                                       headers={'Content-Type': 'text/plain'},
                                       body=json.dumps({'choices': [ids[0]]}))
        self.assertEqual(status, 415, 'expected 415 for a vote not sent as JSON, got %d' % status)
        self.assertEqual(stored_votes(site, pid), [0, 0, 0, 0], 'expected nothing counted')
        self.assertEqual(stored_votes(site, closed), [0, 0], 'expected nothing counted')
        status, doc, _ = vote(site, pid, [ids[0], ids[3]])
        self.assertEqual(status, 201, 'expected 201 for two of at most two, got %d %r'
                         % (status, doc))
        self.assertEqual(stored_votes(site, pid), [1, 0, 0, 1], 'expected A and D counted')

    def test_results_after_close_and_per_address_limit(self):
        site = self.site
        pid, ids = add_poll(site, 'Kết quả khi đóng', ['A', 'B'], after_close=True,
                            per_address=2)
        for i in range(2):
            status, doc, _ = vote(site, pid, [ids[0]])
            self.assertEqual(status, 201, 'expected vote %d to count, got %d' % (i, status))
            self.assertIsNone(doc['choices'][0]['votes'],
                              'expected counts withheld until the close, got %r' % doc)
        status, doc, _ = vote(site, pid, [ids[1]])
        self.assertEqual((status, doc['code']), (429, 'address_limit'),
                         'expected the third vote from one address refused, got %d %r'
                         % (status, doc))
        self.assertEqual(stored_votes(site, pid), [2, 0], 'expected two votes counted')

    def form_post(self, pid, fields, origin=None):
        hdrs = {'Content-Type': 'application/x-www-form-urlencoded'}
        if origin:
            hdrs['Origin'] = origin
        status, h, body = self.site.request('POST', '/binh-chon/%d' % pid, headers=hdrs,
                                            body=urllib.parse.urlencode(fields))
        return status, body.decode('utf-8')

    def test_form_vote_without_javascript(self):
        site = self.site
        pid, ids = add_poll(site, 'Biểu mẫu không JavaScript', ['Có', 'Không'])
        status, _, home = site.get_text('/')
        self.assertIn('action="/binh-chon/%d"' % pid, home, 'expected the poll form on /')
        token = form_token(home, pid)
        time.sleep(POLL_FORM_MIN_SECONDS + 0.2)
        status, text = self.form_post(pid, {'choice': ids[1], 't': token},
                                      origin='http://127.0.0.1:%d' % site.port)
        self.assertEqual(status, 200, 'expected 200 for a form vote, got %d: %s'
                         % (status, text[:300]))
        self.assertIn('Cảm ơn', text, 'expected a thank-you message')
        self.assertIn('<meter', text, 'expected result bars without JavaScript')
        self.assertEqual(stored_votes(site, pid), [0, 1], 'expected the form vote counted')
        status, _ = self.form_post(pid, {'choice': ids[0], 't': token, 'website': 'spam'})
        self.assertEqual(status, 400, 'expected the honeypot refused, got %d' % status)
        self.assertEqual(stored_votes(site, pid), [0, 1], 'expected the spam not counted')

    def test_form_token_and_cross_site_refused(self):
        """The poll form's protections: a signed token at least POLL_FORM_MIN_SECONDS old, for
        this poll, and the post sent from this site (CSRF); each refusal counts nothing."""
        site = self.site
        pid, ids = add_poll(site, 'Biểu mẫu có mã', ['Một', 'Hai'])
        other, _ = add_poll(site, 'Cuộc khác có mã', ['X', 'Y'])
        status, _, page = site.get_text('/binh-chon/%d' % pid)
        token = form_token(page, pid)
        status, text = self.form_post(pid, {'choice': ids[0], 't': token})
        self.assertEqual(status, 429, 'expected 429 for a form sent at once, got %d' % status)
        self.assertIn('quá nhanh', text, 'expected the Vietnamese reason for a fast post')
        _, _, page2 = site.get_text('/binh-chon/%d' % other)
        other_token = form_token(page2, other)
        time.sleep(POLL_FORM_MIN_SECONDS + 0.2)
        issued, mac = token.split('.')
        cases = [
            ({'choice': ids[0]}, None, 400, 'không hợp lệ'),
            ({'choice': ids[0], 't': other_token}, None, 400, 'không hợp lệ'),
            ({'choice': ids[0], 't': '%d.%s' % (int(issued) - 5, mac)}, None, 400,
             'không hợp lệ'),
            ({'choice': ids[0], 't': issued + '.' + mac[:-2] + ('00' if mac[-2:] != '00'
                                                                 else '11')},
             None, 400, 'không hợp lệ'),
            ({'choice': ids[0], 't': token}, 'https://evil.example', 403, 'chính trang này'),
            ({'choice': ids[0], 't': token}, 'null', 403, 'chính trang này'),
        ]
        for fields, origin, want, words in cases:
            with self.subTest(fields=fields, origin=origin):
                status, text = self.form_post(pid, fields, origin=origin)
                self.assertEqual(status, want, 'expected %d, got %d: %s'
                                 % (want, status, text[:300]))
                self.assertIn(words, text, 'expected the reason %r in the answer' % words)
        status, h, body = site.request(
            'POST', '/binh-chon/%d' % pid, body=urllib.parse.urlencode(
                {'choice': ids[0], 't': token}),
            headers={'Content-Type': 'application/x-www-form-urlencoded',
                     'Referer': 'https://evil.example/trang'})
        self.assertEqual(status, 403, 'expected 403 for a cross-site Referer, got %d' % status)
        self.assertEqual(stored_votes(site, pid), [0, 0], 'expected no refused vote counted')
        status, text = self.form_post(pid, {'choice': ids[0], 't': token},
                                      origin='http://127.0.0.1:%d' % site.port)
        self.assertEqual(status, 200, 'expected the same token accepted from this site after '
                         'the minimum time, got %d: %s' % (status, text[:300]))
        self.assertEqual(stored_votes(site, pid), [1, 0], 'expected one vote counted')

    def test_per_address_limit_exact_under_concurrency(self):
        """8 threads x 10 votes from one address with fresh cookies: exactly per_address count."""
        site = self.site
        pid, ids = add_poll(site, 'Giới hạn theo địa chỉ', ['A', 'B'], per_address=7)
        results = []

        def worker(t):
            c = site.connection(timeout=30)
            try:
                for i in range(10):
                    s, _, _ = site.request(
                        'POST', '/api/v1/polls/%d/vote' % pid, conn=c,
                        headers={'Content-Type': 'application/json'},
                        body=json.dumps({'choices': [ids[i % 2]]}), timeout=30)
                    results.append(s)
            except Exception as e:  # reported below
                results.append(repr(e))
            finally:
                c.close()
        threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual((results.count(201), results.count(429), len(results)), (7, 73, 80),
                         'expected 7 votes counted and 73 refused with 429, got %r'
                         % sorted(set(map(str, results))))
        self.assertEqual(sum(stored_votes(site, pid)), 7,
                         'expected exactly 7 votes stored, got %r' % stored_votes(site, pid))

    def test_widgets_on_article_page(self):
        site = self.site
        pid, _ = add_poll(site, 'Bình chọn bên bài viết', ['Có', 'Không'])
        aid = int(site.db_query("SELECT min(id) FROM articles WHERE status = 'published'")[0][0])
        status, h, _ = site.request('GET', '/a/%d' % aid)
        self.assertEqual(status, 301, 'expected /a/{id} to redirect, got %d' % status)
        status, _, page = site.get_text(h['location'])
        self.assertEqual(status, 200, 'expected the article page, got %d' % status)
        side = page[page.index('<aside class="sidebar"'):]
        self.assertIn('action="/binh-chon/%d"' % pid, side,
                      'expected the poll in the article page\'s right column')
        self.assertIn('visitors', side, 'expected the visitor counter in the right column')

    def test_etag_outlives_a_poll_token(self):
        """The poll form's token changes at every render; the page's ETag must not."""
        site = self.site
        add_poll(site, 'Mã không đổi ETag', ['A', 'B'])
        _, _, home = site.get_text('/')
        self.assertIn('name="t" value="', home, 'expected a poll form with its token on /')
        _, h1, body1 = site.request('GET', '/')
        time.sleep(2.2)
        _, h2, body2 = site.request('GET', '/')
        self.assertNotEqual(body1, body2, 'expected two renders seconds apart to differ')
        self.assertEqual(h1.get('etag'), h2.get('etag'),
                         'expected one ETag across renders, got %r and %r'
                         % (h1.get('etag'), h2.get('etag')))

    def test_8_threads_x_250_votes_exact(self):
        site = self.site
        pid, ids = add_poll(site, 'Đồng thời', ['A', 'B', 'C'])
        errors = []

        def worker(t):
            c = site.connection(timeout=30)
            try:
                for i in range(250):
                    s, _, _ = site.request(
                        'POST', '/api/v1/polls/%d/vote' % pid, conn=c,
                        headers={'Content-Type': 'application/json'},
                        body=json.dumps({'choices': [ids[(t + i) % 3]]}), timeout=30)
                    if s != 201:
                        errors.append(s)
            except Exception as e:  # reported below
                errors.append(repr(e))
            finally:
                c.close()
        threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        self.assertEqual(errors, [], 'expected 2000 votes answered 201, got %r' % errors[:5])
        got = stored_votes(site, pid)
        self.assertEqual(sum(got), 2000, 'expected exactly 2000 votes, got %r' % got)
        want = [sum(1 for t in range(8) for i in range(250) if (t + i) % 3 == k)
                for k in range(3)]
        self.assertEqual(got, want, 'expected per-choice counts %r, got %r' % (want, got))


class WidgetsMultiNodeTest(unittest.TestCase):
    """Two nodes on one PostgreSQL database: votes and visitors add up exactly."""

    @classmethod
    def setUpClass(cls):
        if not is_pg():
            raise unittest.SkipTest('several nodes need PostgreSQL; runs in the http-pg suite')
        cls.a = Gazette('wnode_a')
        cls.addClassCleanup(cls.a.cleanup)
        cls.b = Gazette('wnode_b')
        cls.addClassCleanup(cls.b.cleanup)
        cls.a.init(demo=True)
        cls.b.share_db(cls.a)
        cls.a.start()
        cls.b.start()

    def test_votes_across_two_nodes_exact(self):
        a, b = self.a, self.b
        pid, ids = add_poll(a, 'Hai nút', ['A', 'B'])
        errors = []

        def worker(t):
            node = a if t % 2 else b
            c = node.connection(timeout=30)
            try:
                for i in range(250):
                    s, _, _ = node.request(
                        'POST', '/api/v1/polls/%d/vote' % pid, conn=c,
                        headers={'Content-Type': 'application/json'},
                        body=json.dumps({'choices': [ids[i % 2]]}), timeout=30)
                    if s != 201:
                        errors.append(s)
            except Exception as e:  # reported below
                errors.append(repr(e))
            finally:
                c.close()
        threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        self.assertEqual(errors, [], 'expected every vote 201, got %r' % errors[:5])
        self.assertEqual(stored_votes(a, pid), [1000, 1000],
                         'expected 1000 + 1000 votes from two nodes, got %r'
                         % stored_votes(a, pid))
        # a cookie from node A is known to node B (one secret in the database)
        status, _, cookie = vote(a, pid, [ids[0]])
        self.assertEqual(status, 201, 'expected 201 on A, got %d' % status)
        status, doc, _ = vote(b, pid, [ids[0]], cookie=cookie)
        self.assertEqual((status, doc['code']), (409, 'already_voted'),
                         'expected B to refuse A\'s voter, got %d %r' % (status, doc))

    def test_per_address_limit_across_two_nodes_exact(self):
        a, b = self.a, self.b
        pid, ids = add_poll(a, 'Giới hạn hai nút', ['A', 'B'], per_address=9)
        results = []

        def worker(t):
            node = a if t % 2 else b
            c = node.connection(timeout=30)
            try:
                for i in range(10):
                    s, _, _ = node.request(
                        'POST', '/api/v1/polls/%d/vote' % pid, conn=c,
                        headers={'Content-Type': 'application/json'},
                        body=json.dumps({'choices': [ids[i % 2]]}), timeout=30)
                    results.append(s)
            except Exception as e:  # reported below
                results.append(repr(e))
            finally:
                c.close()
        threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual((results.count(201), results.count(429)), (9, 71),
                         'expected 9 votes counted on two nodes and 71 refused, got %r'
                         % sorted(set(map(str, results))))
        self.assertEqual(sum(stored_votes(a, pid)), 9,
                         'expected exactly 9 stored, got %r' % stored_votes(a, pid))

    def test_one_reader_on_two_nodes_is_one_visitor(self):
        a, b = self.a, self.b
        before = settled_counts(a)
        for i in range(5):
            for node in (a, b):
                node.request('GET', '/', headers={'User-Agent': 'widgets-two-nodes-%d' % i})
        want = before['today'] + 5
        got = wait_for(lambda: counts(b)['today'], want)
        self.assertEqual(got, want, 'expected 5 readers seen by both nodes counted 5 times, '
                         'got %d (before %d)' % (got, before['today']))
