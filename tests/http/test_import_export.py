# Import and export (DESIGN section 7) and `gazette init`, checked through the CLI and the served site.
import json
import os
import re

from harness import (CAT_PATH, REF_CATEGORY, REF_ID, Gazette, SiteTestCase, article_ids,
                     parse_links, visible_lines, CLOCK_RE)

NEWS = ['Tin tức', 'Thời sự']
NEWS_PATH = '/chuyen-muc/tin-tuc/'
NEWS_SUB_PATH = '/chuyen-muc/tin-tuc/thoi-su/'


def art(**kw):
    a = {'title': 'Bài thử', 'body_html': '<p>Nội dung.</p>', 'category': NEWS,
         'published_at': '2022-01-10T08:00:00+07:00'}
    a.update(kw)
    return a


def line(obj):
    return json.dumps(obj, ensure_ascii=False)


# (line text, reason) — each must be refused
BAD_LINES = [
    ('{"title": "x", "body_html": "<p>x</p>", ', 'malformed JSON'),
    ('[1, 2, 3]', 'not an object'),
    (line(art(title=42)), 'title is a number'),
    (line(art(category='Tin tức')), 'category is a string'),
    (line(art(views='many')), 'views is a string'),
    (line(art(id='12')), 'id is a string'),
    (line({k: v for k, v in art().items() if k != 'title'}), 'missing title'),
    (line({k: v for k, v in art().items() if k != 'category'}), 'missing category'),
    (line({k: v for k, v in art().items() if k != 'body_html'}), 'missing body_html'),
    (line(art(published_at='2021-02-30T10:00:00+07:00')), 'February 30'),
    (line(art(published_at='2021-03-01T10:00:00')), 'no offset'),
    (line(art(published_at='yesterday')), 'not a date'),
    (line(art(colour='red')), 'unknown field'),
    (line(art(status='pending')), 'unknown status'),
    (line({k: v for k, v in art().items() if k != 'published_at'}), 'published without date'),
    (line(art(category=[])), 'empty category'),
    (line(art(title='NUL\x00byte')), 'NUL byte (escaped)'),
]
NUL_RAW = line(art(title='raw NUL')).replace('raw NUL', 'raw\x00NUL')


def write_lines(path, lines):
    with open(path, 'wb') as f:
        for ln in lines:
            f.write(ln.encode('utf-8') + b'\n')


def reported_lines(stderr, name):
    """Line numbers reported on stderr as NAME:LINE: reason."""
    out = []
    for ln in stderr.splitlines():
        m = re.match(r'^(.*):(\d+): \S', ln)
        if m and m.group(1) == name:
            out.append(int(m.group(2)))
    return out


class InitTest(SiteTestCase):
    start_server = False

    def test_init_demo_prints_admin_password(self):
        out = self.site.init_result.stdout
        self.assertIn('Admin account: admin', out, 'expected "Admin account: admin" on stdout, got %r'
                      % out)
        self.assertRegex(out, r'(?m)^Password: \S{8,}', 'expected "Password: ..." on stdout, got %r'
                         % out)

    def test_reinit_keeps_data(self):
        before = self.site.run('export', '--db', self.site.db_url(), '-')
        self.assertEqual(before.returncode, 0, 'expected export to exit 0, got %d: %s'
                         % (before.returncode, before.stderr))
        n = len(before.stdout.splitlines())
        self.assertEqual(n, 11, 'expected 11 demo articles exported, got %d' % n)
        cp = self.site.run('init', '--db', self.site.db_url(), '--demo')
        self.assertEqual(cp.returncode, 0, 'expected re-running init to exit 0, got %d: %s'
                         % (cp.returncode, cp.stderr))
        self.assertRegex(cp.stdout + cp.stderr, r'(?i)demo.*not|không',
                         'expected a message that the demo was not loaded again, got %r'
                         % (cp.stdout + cp.stderr))
        after = self.site.run('export', '--db', self.site.db_url(), '-')
        self.assertEqual(after.stdout, before.stdout,
                         'expected the same 11 articles after re-running init, got %d lines'
                         % len(after.stdout.splitlines()))

    def test_init_without_demo_serves_empty_site(self):
        g = Gazette('empty')
        self.addCleanup(g.cleanup)
        g.init(demo=False)
        g.start()
        status, _, body = g.request('GET', '/')
        self.assertEqual(status, 200, 'expected the empty home page to answer 200, got %d' % status)
        status, _, body = g.request('GET', '/api/v1/articles')
        total = json.loads(body).get('total')
        self.assertEqual(total, 0, 'expected 0 articles on an empty site, got %r' % total)
        status, _, _ = g.request('GET', '/a/%d' % REF_ID)
        self.assertEqual(status, 404, 'expected 404 for /a/11 on an empty site, got %d' % status)
        g.stop()


class AllOrNothingTest(SiteTestCase):
    start_server = False

    def export(self):
        cp = self.site.run('export', '--db', self.site.db_url(), '-')
        self.assertEqual(cp.returncode, 0, 'expected export to exit 0, got %d: %s'
                         % (cp.returncode, cp.stderr))
        return cp.stdout

    def bad_file(self):
        """Valid lines, a blank line, then every bad line and a raw NUL line: returns (path, bad numbers)."""
        lines = [line(art(title='Hợp lệ một')), '', '   ', line(art(title='Hợp lệ hai'))]
        bad = []
        for text, _ in BAD_LINES:
            lines.append(text)
            bad.append(len(lines))
        lines.append(NUL_RAW)
        bad.append(len(lines))
        lines.append(line(art(title='Hợp lệ ba')))
        path = os.path.join(self.site.tmp, 'bad.jsonl')
        write_lines(path, lines)
        return path, bad

    def test_one_bad_line_writes_nothing(self):
        before = self.export()
        path, bad = self.bad_file()
        cp = self.site.run('import', '--db', self.site.db_url(), path)
        self.assertNotEqual(cp.returncode, 0, 'expected a non-zero exit for invalid lines, got 0')
        got = reported_lines(cp.stderr, path)
        self.assertEqual(sorted(set(got)), bad,
                         'expected every bad line reported as %s:LINE: (lines %r), got %r; stderr:\n%s'
                         % (path, bad, got, cp.stderr))
        for n, (_, why) in zip(bad, BAD_LINES + [('', 'raw NUL')]):
            self.assertIn(n, got, 'expected line %d (%s) reported, got %r' % (n, why, got))
        self.assertEqual(self.export(), before, 'expected nothing written by a failed import, got '
                         'a changed export')

    def test_single_bad_line_among_good(self):
        before = self.export()
        path = os.path.join(self.site.tmp, 'one-bad.jsonl')
        write_lines(path, [line(art(title='Một')), line(art(title='Hai')),
                           line(art(published_at='2021-02-30T10:00:00+07:00')),
                           line(art(title='Bốn'))])
        cp = self.site.run('import', '--db', self.site.db_url(), path)
        self.assertNotEqual(cp.returncode, 0, 'expected non-zero exit, got 0')
        self.assertEqual(reported_lines(cp.stderr, path), [3],
                         'expected only line 3 reported, got stderr %r' % cp.stderr)
        self.assertEqual(self.export(), before, 'expected nothing written, got a changed export')

    def test_stdin_import_reports_lines(self):
        before = self.export()
        data = '\n'.join([line(art(title='Một')), '{oops', line(art(colour=1))]) + '\n'
        cp = self.site.run('import', '--db', self.site.db_url(), '-', input=data)
        self.assertNotEqual(cp.returncode, 0, 'expected non-zero exit, got 0')
        nums = [int(m) for m in re.findall(r'(?m)^[^\n:]+:(\d+): \S', cp.stderr)]
        self.assertEqual(sorted(nums), [2, 3], 'expected lines 2 and 3 reported, got %r from %r'
                         % (nums, cp.stderr))
        self.assertEqual(self.export(), before, 'expected nothing written, got a changed export')

    def test_missing_file(self):
        cp = self.site.run('import', '--db', self.site.db_url(),
                           os.path.join(self.site.tmp, 'nope.jsonl'))
        self.assertNotEqual(cp.returncode, 0, 'expected non-zero exit for a missing file, got 0')
        self.assertIn('nope.jsonl', cp.stderr, 'expected the file named in the error, got %r'
                      % cp.stderr)

    def test_skip_invalid_imports_valid_lines(self):
        before = self.export().splitlines()
        path, bad = self.bad_file()
        cp = self.site.run('import', '--db', self.site.db_url(), '--skip-invalid', path)
        self.assertEqual(cp.returncode, 0, 'expected exit 0 with --skip-invalid, got %d: %s'
                         % (cp.returncode, cp.stderr))
        got = reported_lines(cp.stderr, path)
        self.assertEqual(sorted(set(got)), bad, 'expected bad lines %r reported, got %r'
                         % (bad, got))
        after = self.export().splitlines()
        self.assertEqual(len(after), len(before) + 3,
                         'expected 3 valid articles added (%d → %d), got %d'
                         % (len(before), len(before) + 3, len(after)))
        titles = sorted(json.loads(x)['title'] for x in after if x not in before)
        self.assertEqual(titles, ['Hợp lệ ba', 'Hợp lệ hai', 'Hợp lệ một'],
                         'expected the three valid titles imported, got %r' % titles)


def imported_lines():
    """Content imported on top of the demo for ImportedSiteTest."""
    lines = []
    for i in range(15):   # 11 demo + 15 = 26 in the reference category: two pages
        lines.append(line({'id': 100 + i, 'title': 'Bài phân trang số %d' % i,
                           'body_html': '<p>Trang %d.</p>' % i, 'category': REF_CATEGORY,
                           'published_at': '2019-05-%02dT09:00:00+07:00' % (i + 1),
                           'author': 'Phóng viên', 'views': i}))
    lines.append(line({'id': 200, 'title': 'Tin thời sự mới nhất', 'lead': 'Sapo thời sự.',
                       'body_html': '<p>Đoạn một.</p><p>Đoạn <strong>hai</strong>.</p>',
                       'category': NEWS, 'author': 'Ban biên tập', 'signature': 'BBT',
                       'source': 'Báo Hưng Yên', 'tags': ['thời sự', 'địa phương'],
                       'published_at': '2022-01-20T07:30:00+07:00', 'views': 5}))
    lines.append(line({'id': 201, 'title': 'Bài có mã độc',
                       'body_html': '<p>Trước<script>alert(1)</script>sau</p>'
                                    '<img src="x.png" onerror="alert(2)" alt="ảnh">'
                                    '<a href="javascript:alert(3)">liên kết</a>'
                                    '<p onclick="alert(4)">bấm</p>',
                       'category': NEWS, 'published_at': '2022-01-19T07:30:00+07:00'}))
    lines.append(line({'id': 202, 'title': 'Bản nháp chưa đăng', 'body_html': '<p>nháp</p>',
                       'category': NEWS, 'status': 'draft'}))
    lines.append(line({'id': 10, 'title': 'Tiêu đề mới cho bài mười',
                       'body_html': '<p>Nội dung đã cập nhật.</p>', 'category': REF_CATEGORY,
                       'published_at': '2021-02-27T09:00:00+07:00', 'views': 1000}))
    lines.append('')
    lines.append('{"not valid')
    return lines


class ImportedSiteTest(SiteTestCase):
    """Demo plus an import with --skip-invalid, then served."""
    start_server = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.path = os.path.join(cls.site.tmp, 'more.jsonl')
            write_lines(cls.path, imported_lines())
            cls.import_result = cls.site.run('import', '--db', cls.site.db_url(), '--skip-invalid',
                                             cls.path)
            cls.site.start()
        except BaseException:
            cls.site.cleanup()
            raise

    def test_import_result(self):
        cp = self.import_result
        self.assertEqual(cp.returncode, 0, 'expected exit 0, got %d: %s' % (cp.returncode, cp.stderr))
        n = len(imported_lines())
        self.assertEqual(reported_lines(cp.stderr, self.path), [n],
                         'expected only the last line (%d) reported, got %r' % (n, cp.stderr))

    def test_existing_id_updated_not_duplicated(self):
        status, _, body = self.site.request('GET', '/api/v1/articles?page=1')
        total = json.loads(body).get('total')
        self.assertEqual(total, 11 + 15 + 2, 'expected 28 published articles (11 demo + 17 new, '
                         'id 10 updated in place, the draft hidden), got %r' % total)
        status, _, body = self.site.request('GET', '/api/v1/articles/10')
        a = json.loads(body)
        self.assertEqual(a.get('title'), 'Tiêu đề mới cho bài mười',
                         'expected the updated title for id 10, got %r' % a.get('title'))
        status, h, _ = self.site.request('GET', '/a/10')
        want = '/tieu-de-moi-cho-bai-muoi-10.html'
        self.assertEqual(self.site.url_path(h.get('location', '')), want,
                         'expected /a/10 → %s, got %r' % (want, h.get('location')))
        status, h, _ = self.site.request('GET', '/ong-vu-cong-ninh-tich-cuc-tham-gia-xay-dung-nong-'
                                         'thon-moi-10.html')
        self.assertEqual((status, self.site.url_path(h.get('location', ''))), (301, want),
                         'expected the old slug to 301 to %s, got %d %r'
                         % (want, status, h.get('location')))

    def test_new_category_pages(self):
        for path, want in ((NEWS_SUB_PATH, [200, 201]), (NEWS_PATH, [200, 201])):
            status, _, body = self.site.request('GET', path)
            self.assertEqual(status, 200, 'expected the created category %s to answer 200, got %d'
                             % (path, status))
            ids = article_ids(body)
            self.assertEqual(ids, want, 'expected articles %r on %s (newest first, no draft), got %r'
                             % (want, path, ids))

    def test_article_fields_shown(self):
        status, h, _ = self.site.request('GET', '/a/200')
        self.assertEqual(status, 301, 'expected 301, got %d' % status)
        status, _, body = self.site.request('GET', self.site.url_path(h['location']))
        self.assertEqual(status, 200, 'expected 200, got %d' % status)
        lines = visible_lines(body)
        self.assertRegex(lines[0], CLOCK_RE, 'expected the clock first, got %r' % lines[0])
        want = ['Trang chủ » Tin tức » Thời sự',
                'Đăng ngày: 20/01/2022 - 7:30:00 AM | Lượt xem: 5 | Ban biên tập',
                'Tin thời sự mới nhất', 'Sapo thời sự.', 'Đoạn một.', 'Đoạn hai.', 'BBT']
        self.assertEqual(lines[1:1 + len(want)], want, 'expected the article lines %r, got %r'
                         % (want, lines[1:1 + len(want)]))

    def test_body_is_sanitised(self):
        status, h, _ = self.site.request('GET', '/a/201')
        self.assertEqual(status, 301, 'expected 301, got %d' % status)
        status, _, body = self.site.request('GET', self.site.url_path(h['location']))
        self.assertEqual(status, 200, 'expected 200, got %d' % status)
        text = body.decode('utf-8')
        scripts = [t for t in re.findall(r'<script[^>]*>', text, re.I)
                   if 'application/ld+json' not in t]
        self.assertTrue(all('src="/static/' in s for s in scripts),
                        'expected only the static script tags, got %r' % scripts)
        for bad in ('alert(', 'onerror', 'onclick', 'javascript:'):
            self.assertNotIn(bad, text, 'expected %r removed from the body, got it in the page' % bad)
        lines = visible_lines(body)
        self.assertTrue(any('Trước' in ln for ln in lines),
                        'expected the harmless text kept, got %r' % lines)

    def test_draft_not_served(self):
        for path in ('/a/202', '/ban-nhap-chua-dang-202.html', '/api/v1/articles/202'):
            status, _, _ = self.site.request('GET', path)
            self.assertEqual(status, 404, 'expected 404 for draft at %s, got %d' % (path, status))

    def test_pagination(self):
        status, _, body = self.site.request('GET', CAT_PATH)
        self.assertEqual(status, 200, 'expected 200, got %d' % status)
        ids1 = article_ids(body)
        self.assertEqual(len(ids1), 20, 'expected 20 articles on page 1, got %d: %r'
                         % (len(ids1), ids1))
        links = parse_links(body).anchors
        nxt = [a for a in links if 'next' in (a[2].get('rel') or '').split()]
        prev = [a for a in links if 'prev' in (a[2].get('rel') or '').split()]
        self.assertEqual(len(nxt), 1, 'expected one rel=next link on page 1, got %r' % nxt)
        self.assertEqual(prev, [], 'expected no rel=prev link on page 1, got %r' % prev)
        self.assertEqual(nxt[0][1], 'Trang sau »', 'expected the text "Trang sau »", got %r'
                         % nxt[0][1])
        page2 = nxt[0][0]
        self.assertIn('page=2', page2, 'expected the next link to page 2, got %r' % page2)
        if page2.startswith('?'):
            page2 = CAT_PATH + page2
        status, _, body = self.site.request('GET', page2)
        self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (page2, status))
        ids2 = article_ids(body)
        self.assertEqual(len(ids2), 6, 'expected 6 articles on page 2, got %r' % ids2)
        self.assertEqual(set(ids1) & set(ids2), set(), 'expected no article on both pages, got %r'
                         % (set(ids1) & set(ids2)))
        want = list(range(11, 0, -1)) + list(range(114, 99, -1))
        self.assertEqual(ids1 + ids2, want, 'expected newest first across pages %r, got %r + %r'
                         % (want, ids1, ids2))
        links = parse_links(body).anchors
        nxt = [a for a in links if 'next' in (a[2].get('rel') or '').split()]
        prev = [a for a in links if 'prev' in (a[2].get('rel') or '').split()]
        self.assertEqual(nxt, [], 'expected no rel=next on the last page, got %r' % nxt)
        self.assertEqual(len(prev), 1, 'expected one rel=prev link on page 2, got %r' % prev)
        self.assertEqual(prev[0][1], '« Trang trước', 'expected the text "« Trang trước", got %r'
                         % prev[0][1])
        status, _, _ = self.site.request('GET', CAT_PATH + '?page=3')
        self.assertEqual(status, 404, 'expected 404 for page 3, got %d' % status)
        status, _, body = self.site.request(
            'GET', '/api/v1/articles?category=hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-'
                   'chi-minh/guong-dien-hinh&page=2')
        data = json.loads(body)
        self.assertEqual((data.get('total'), data.get('page'), len(data.get('articles', []))),
                         (26, 2, 6), 'expected total 26, page 2 with 6 articles, got %r'
                         % ((data.get('total'), data.get('page'), len(data.get('articles', []))),))


class RoundTripTest(SiteTestCase):
    """export → import into a new database → export is byte-identical; the pages read the same."""
    start_server = False

    def test_round_trip(self):
        a = self.site
        path = os.path.join(a.tmp, 'extra.jsonl')
        write_lines(path, imported_lines()[:-2])
        cp = a.run('import', '--db', a.db_url(), path)
        self.assertEqual(cp.returncode, 0, 'expected import to exit 0, got %d: %s'
                         % (cp.returncode, cp.stderr))
        e1 = a.run('export', '--db', a.db_url(), os.path.join(a.tmp, 'e1.jsonl'))
        self.assertEqual(e1.returncode, 0, 'expected export to exit 0, got %d: %s'
                         % (e1.returncode, e1.stderr))
        with open(os.path.join(a.tmp, 'e1.jsonl'), 'rb') as f:
            first = f.read()
        stdout_export = a.run('export', '--db', a.db_url())
        self.assertEqual(stdout_export.stdout_bytes, first,
                         'expected export to stdout (no FILE) to equal export to a file, got a difference')
        self.assertEqual(len(first.splitlines()), 11 + 15 + 3,
                         'expected 29 exported articles (draft included), got %d'
                         % len(first.splitlines()))

        b = Gazette('copy')
        self.addCleanup(b.cleanup)
        b.init(demo=False)
        cp = b.run('import', '--db', b.db_url(), os.path.join(a.tmp, 'e1.jsonl'))
        self.assertEqual(cp.returncode, 0, 'expected import into the new DB to exit 0, got %d: %s'
                         % (cp.returncode, cp.stderr))
        cp = b.run('export', '--db', b.db_url(), '-')
        self.assertEqual(cp.returncode, 0, 'expected export of the copy to exit 0, got %d'
                         % cp.returncode)
        if cp.stdout_bytes != first:
            import difflib
            d = '\n'.join(difflib.unified_diff(first.decode().splitlines(),
                                               cp.stdout.splitlines(), 'first', 'second',
                                               lineterm='', n=0))
            self.fail('expected export → import → export to be byte-identical, got:\n' + d[:4000])

        a.start()
        b.start()
        _, _, la = a.request('GET', '/api/v1/articles?page=1')
        _, _, lb = b.request('GET', '/api/v1/articles?page=1')
        ja, jb = json.loads(la), json.loads(lb)
        pairs_a = [(x['id'], x['views']) for x in ja['articles']]
        pairs_b = [(x['id'], x['views']) for x in jb['articles']]
        self.assertTrue(pairs_a, 'expected articles on the original site, got none')
        self.assertEqual(pairs_b, pairs_a, 'expected the same ids and views, got %r vs %r'
                         % (pairs_b, pairs_a))
        for aid in (REF_ID, 200, 201, 1):
            with self.subTest(id=aid):
                pages = []
                for site in (a, b):
                    status, h, _ = site.request('GET', '/a/%d' % aid)
                    self.assertEqual(status, 301, 'expected 301 for /a/%d, got %d' % (aid, status))
                    p = site.url_path(h['location'])
                    status, _, body = site.request('GET', p)
                    self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (p, status))
                    # minus the clock, and minus the footer: it comes from the site settings,
                    # which the article format (section 7) does not carry
                    pages.append((p, visible_lines(body, skip_tags={'footer'})[1:]))
                self.assertEqual(pages[1][0], pages[0][0], 'expected the same canonical URL, got %r'
                                 % [pages[0][0], pages[1][0]])
                self.assertTrue(pages[0][1], 'expected text on the page, got none')
                self.assertEqual(pages[1][1], pages[0][1],
                                 'expected the imported site to show the same text for article %d, '
                                 'got a difference' % aid)
        a.stop()
        b.stop()


class ImportEdgeTest(SiteTestCase):
    """Issue 20 findings 2, 10 and 11: ids past 2^53 - 1, the 1970 epoch, repeated ids."""
    start_server = False

    def run_import(self, lines, name):
        path = os.path.join(self.site.tmp, name)
        write_lines(path, lines)
        return path, self.site.run('import', '--db', self.site.db_url(), path)

    def test_id_above_2_53_is_refused_with_file_line(self):
        for big in (2 ** 53, 9223372036854775807):
            with self.subTest(id=big):
                path, cp = self.run_import([line(art(title='Một')), line(art(id=big))],
                                           'big-%d.jsonl' % big)
                self.assertNotEqual(cp.returncode, 0, 'expected id %d refused, got exit 0' % big)
                self.assertEqual(reported_lines(cp.stderr, path), [2], cp.stderr)
                self.assertIn('at most 9007199254740991', cp.stderr)
        path, cp = self.run_import([line(art(id=2 ** 53 - 1, title='Lớn nhất'))], 'max.jsonl')
        self.assertEqual(cp.returncode, 0, cp.stderr)

    def test_new_ids_stay_within_2_53(self):
        # The store part of finding 2: with an article at 2^53 - 1, the next new one gets a free
        # id below it, not 2^53 (or a random 19-digit one).
        path, cp = self.run_import([line(art(id=2 ** 53 - 1, title='Ở đỉnh'))], 'top.jsonl')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        path, cp = self.run_import([line(art(title='Bài mới sau đỉnh'))], 'after-top.jsonl')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        out = self.site.run('export', '--db', self.site.db_url(), '-').stdout
        ids = {json.loads(ln)['title']: json.loads(ln)['id'] for ln in out.splitlines()}
        self.assertLessEqual(max(ids.values()), 2 ** 53 - 1, 'expected every id within 2^53 - 1')
        self.assertLess(ids['Bài mới sau đỉnh'], 2 ** 53 - 1,
                        'expected the new article a free id, got %d' % ids['Bài mới sau đỉnh'])

    def test_same_id_twice_names_both_lines(self):
        path, cp = self.run_import([line(art(id=7001, title='Thứ nhất')),
                                    line(art(title='Khác')),
                                    line(art(id=7001, title='Thứ hai'))], 'dup.jsonl')
        self.assertNotEqual(cp.returncode, 0, 'expected a repeated id refused, got exit 0')
        self.assertEqual(reported_lines(cp.stderr, path), [3], cp.stderr)
        self.assertIn('line 1', cp.stderr, 'expected the first line named, got %r' % cp.stderr)
        out = self.site.run('export', '--db', self.site.db_url(), '-').stdout
        self.assertNotIn('Thứ nhất', out)
        self.assertNotIn('Thứ hai', out)

    def test_epoch_published_at_round_trips(self):
        path, cp = self.run_import([line(art(id=7100, title='Ngày gốc',
                                             published_at='1970-01-01T00:00:00Z'))], 'epoch.jsonl')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        out = self.site.run('export', '--db', self.site.db_url(), '-').stdout
        mine = [json.loads(ln) for ln in out.splitlines() if '"id":7100,' in ln]
        self.assertEqual(len(mine), 1, out[:500])
        self.assertIn('published_at', mine[0], 'expected the 1970 date exported, got %r' % mine[0])
        self.assertTrue(mine[0]['published_at'].startswith('1970-01-01T0'), mine[0])
        b = Gazette('epoch-copy')
        self.addCleanup(b.cleanup)
        b.init(demo=False)
        path = os.path.join(self.site.tmp, 'epoch-export.jsonl')
        write_lines(path, [json.dumps(mine[0], ensure_ascii=False)])
        cp = b.run('import', '--db', b.db_url(), path)
        self.assertEqual(cp.returncode, 0, 'expected the re-import to work, got %s' % cp.stderr)


class BatchImportTest(SiteTestCase):
    """Imports longer than one batch (PostgreSQL writes up to 100 new articles together, issue 18):
    a bad line inside a batch is reported with its number and the good lines around it are kept;
    new articles get ids in the order of their lines; a stored id inside a batch is updated."""
    start_server = False
    demo = False

    def run_import(self, lines, name, *flags):
        path = os.path.join(self.site.tmp, name)
        write_lines(path, lines)
        return path, self.site.run('import', '--db', self.site.db_url(), *flags, path)

    def exported(self):
        cp = self.site.run('export', '--db', self.site.db_url(), '-')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        return {json.loads(ln)['title']: json.loads(ln) for ln in cp.stdout.splitlines()}

    def batch_lines(self, first_id, tag):
        """250 lines: 120 with ids from first_id (line 60 malformed, line 90 repeating line 3's
        id), then 130 without ids (line 200 with an unknown field)."""
        lines = []
        for i in range(1, 251):
            a = art(title='%s %03d' % (tag, i), tags=['lô', 'dòng %d' % (i % 7)],
                    body_html='<p>Dòng %d của lô "%s" \\ {x}.</p>' % (i, tag))
            if i <= 120:
                a['id'] = first_id + i
            lines.append(line(a))
        lines[59] = '{"title": "hỏng", '
        lines[89] = line(art(id=first_id + 3, title='%s lặp' % tag))
        lines[199] = line(art(title='%s lạ' % tag, colour='đỏ'))
        return lines

    def test_bad_lines_inside_batches_with_skip_invalid(self):
        path, cp = self.run_import(self.batch_lines(9000, 'Lô A'), 'batch-a.jsonl',
                                   '--skip-invalid')
        self.assertEqual(cp.returncode, 0, 'expected exit 0 with --skip-invalid, got %d: %s'
                         % (cp.returncode, cp.stderr))
        self.assertEqual(reported_lines(cp.stderr, path), [60, 90, 200],
                         'expected lines 60, 90 and 200 reported in order, got stderr %r'
                         % cp.stderr)
        got = self.exported()
        mine = {t: a for t, a in got.items() if t.startswith('Lô A ')}
        want = ['Lô A %03d' % i for i in range(1, 251) if i not in (60, 90, 200)]
        self.assertEqual(sorted(mine), want, 'expected the 247 good lines imported, got %d: %r'
                         % (len(mine), sorted(set(want) ^ set(mine))[:10]))
        for i in (1, 59, 61, 120):
            self.assertEqual(mine['Lô A %03d' % i]['id'], 9000 + i,
                             'expected line %d to keep id %d, got %r' % (i, 9000 + i,
                                                                         mine['Lô A %03d' % i]))
        self.assertEqual(mine['Lô A 003']['tags'], ['lô', 'dòng 3'], mine['Lô A 003'])
        self.assertIn('&quot;Lô A&quot; \\ {x}', mine['Lô A 130']['body_html'], mine['Lô A 130'])
        new = [mine['Lô A %03d' % i]['id'] for i in range(121, 251) if i != 200]
        self.assertEqual(new, sorted(new), 'expected new ids in the order of the lines, got %r'
                         % new[:20])
        self.assertGreater(new[0], 9120, 'expected new ids after the given ones, got %d' % new[0])

    def test_bad_line_inside_a_batch_writes_nothing(self):
        path, cp = self.run_import(self.batch_lines(9300, 'Lô B'), 'batch-b.jsonl')
        self.assertNotEqual(cp.returncode, 0, 'expected a non-zero exit, got 0')
        self.assertEqual(reported_lines(cp.stderr, path), [60, 90, 200], cp.stderr)
        self.assertFalse([t for t in self.exported() if t.startswith('Lô B')],
                         'expected nothing imported from a file with bad lines')

    def test_stored_id_inside_a_batch_is_updated(self):
        path, cp = self.run_import([line(art(id=9600 + i, title='Lô C cũ %d' % i))
                                    for i in range(10)], 'batch-c1.jsonl')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        lines = [line(art(id=9590 + i, title='Lô C mới %d' % i)) for i in range(30)]
        path, cp = self.run_import(lines, 'batch-c2.jsonl')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        got = {a['id']: t for t, a in self.exported().items() if t.startswith('Lô C')}
        self.assertEqual(sorted(got), list(range(9590, 9620)),
                         'expected ids 9590-9619 once each, got %r' % sorted(got))
        self.assertEqual(got[9605], 'Lô C mới 15', 'expected id 9605 updated, got %r'
                         % got[9605])

    def test_lines_parsed_ahead_keep_their_order(self):
        """1,200 lines, more than the importer parses ahead of its writer (256), every 9th with a
        body of about 300 KB. Lines 333, 700 and 1111 are bad. The messages, the new ids and each
        article's own body follow the lines."""
        big = '<p>' + 'Đoạn dài có <b>chữ đậm</b> và <a href="/x">liên kết</a>. ' * 5000 + '</p>'
        lines = []
        for i in range(1, 1201):
            body = '<p>Dòng %d của lô D.</p>' % i + (big if i % 9 == 0 else '')
            lines.append(line(art(title='Lô D %04d' % i, body_html=body)))
        lines[332] = '{"title": "hỏng", '
        lines[699] = line(art(title='Lô D lạ', colour='đỏ'))
        lines[1110] = line(art(title='Lô D ngày', published_at='2021-02-30T10:00:00+07:00'))
        path, cp = self.run_import(lines, 'batch-d.jsonl', '--skip-invalid')
        self.assertEqual(cp.returncode, 0, 'expected exit 0 with --skip-invalid, got %d: %s'
                         % (cp.returncode, cp.stderr))
        self.assertEqual(reported_lines(cp.stderr, path), [333, 700, 1111],
                         'expected lines 333, 700 and 1111 reported in order, got stderr %r'
                         % cp.stderr)
        mine = {t: a for t, a in self.exported().items() if t.startswith('Lô D 0')
                or t.startswith('Lô D 1')}
        want = ['Lô D %04d' % i for i in range(1, 1201) if i not in (333, 700, 1111)]
        self.assertEqual(sorted(mine), want, 'expected the 1,197 good lines imported, got %d: %r'
                         % (len(mine), sorted(set(want) ^ set(mine))[:10]))
        ids = [mine[t]['id'] for t in want]
        self.assertEqual(ids, sorted(ids), 'expected new ids in the order of the lines, got %r'
                         % [(t, mine[t]['id']) for t in want[:20]])
        for t in want:
            i = int(t.split()[-1])
            self.assertIn('Dòng %d của lô D.' % i, mine[t]['body_html'],
                          'expected %s to keep its own body, got %r' % (t,
                                                                        mine[t]['body_html'][:80]))
            self.assertEqual('chữ đậm' in mine[t]['body_html'], i % 9 == 0,
                             'expected the long body on %s only if %d is a multiple of 9' % (t, i))
