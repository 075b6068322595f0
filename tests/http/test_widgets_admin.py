# Portal widgets in the newsroom (issue 14): the poll and banner screens (admin only, audited), the
# poll CSV, banners and website links on the pages, and /r/{id} (only to the stored URL of an active
# banner, clicks counted without crawlers).
import json
import time

from test_admin_screens import FormCheck
from test_newsroom import NewsroomCase

WIDGET_PAGES = ('/admin/polls', '/admin/banners', '/admin/layout')


class WidgetScreens(NewsroomCase):
    accounts = (('chief', 'admin'), ('writer', 'editor'))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from test_newsroom import login_as
        try:
            cls.chief = login_as(cls.site, 'chief')
        except BaseException:
            cls.site.cleanup()
            raise

    def post_ok(self, b, path, fields, want=303):
        status, h, text = b.post(path, fields)
        self.assertEqual(status, want, 'expected %d for POST %s %r, got %d: %s'
                         % (want, path, fields, status, text[:400]))
        return h, text

    def audit_has(self, action):
        rows = self.db('SELECT object FROM audit_log WHERE action = ?', action)
        self.assertTrue(rows, 'expected an audit entry %s, got none' % action)

    def poll_fields(self, **over):
        f = {'question': 'Bạn đọc tin trên thiết bị nào?', 'max_choices': '1', 'per_address': '0',
             'position': 'right', 'sort': '0', 'active': '1', 'opens': '', 'closes': '',
             'add': 'Điện thoại\nMáy tính\nMáy tính bảng'}
        f.update(over)
        return f

    def banner_fields(self, **over):
        f = {'kind': 'banner', 'position': 'right', 'title': 'Cổng dịch vụ công',
             'url': 'https://dichvucong.gov.vn/', 'image': '', 'rel': 'sponsored',
             'starts': '', 'ends': '', 'sort': '0'}
        f.update(over)
        return f

    def test_non_admins_refused(self):
        b = self.browser('writer')
        for path in WIDGET_PAGES:
            with self.subTest(path=path):
                status, _, _ = b.get(path)
                self.assertEqual(status, 403, 'expected 403 for %s as an editor, got %d'
                                 % (path, status))
        status, _, _ = b.post('/admin/polls', self.poll_fields(question='Không được'))
        self.assertEqual(status, 403, 'expected 403 creating a poll as an editor, got %d' % status)
        status, _, _ = b.post('/admin/banners', self.banner_fields(title='Không được'))
        self.assertEqual(status, 403, 'expected 403 creating a banner as an editor, got %d'
                         % status)
        self.assertFalse(self.db("SELECT 1 FROM polls WHERE question = 'Không được'"),
                         'expected no poll made by an editor')
        self.assertFalse(self.db("SELECT 1 FROM banners WHERE title = 'Không được'"),
                         'expected no banner made by an editor')

    def test_pages_have_labels_and_csrf(self):
        for path in WIDGET_PAGES:
            with self.subTest(path=path):
                status, _, text = self.chief.get(path)
                self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
                fc = FormCheck()
                fc.feed(text)
                self.assertEqual(fc.problems(), [], 'expected labelled controls and csrf on %s'
                                 % path)

    def test_poll_create_edit_csv(self):
        q = 'Bạn đọc tin trên thiết bị nào? %d' % int(time.time() * 1000)
        self.post_ok(self.chief, '/admin/polls', self.poll_fields(question=q))
        pid = int(self.db('SELECT id FROM polls WHERE question = ?', q)[0][0])
        self.audit_has('poll.create')
        status, _, home = self.site.get_text('/')
        self.assertIn(q, home, 'expected the new poll on the home page at once')
        _, text = self.post_ok(self.chief, '/admin/polls', self.poll_fields(add='Chỉ một'),
                               want=422)
        self.assertIn('hai phương án', text, 'expected the two-choices message')
        # a vote, then the CSV
        ids = [int(r[0]) for r in self.db(
            'SELECT id FROM poll_choices WHERE poll_id = ? ORDER BY sort', pid)]
        status, _, _ = self.site.request('POST', '/api/v1/polls/%d/vote' % pid,
                                         body=json.dumps({'choices': [ids[0]]}),
                                         headers={'Content-Type': 'application/json'})
        self.assertEqual(status, 201, 'expected the vote answered 201, got %d' % status)
        status, h, body = self.site.request('GET', '/admin/polls/%d/results.csv' % pid,
                                            headers=self.chief.headers())
        self.assertEqual(status, 200, 'expected 200 for the CSV, got %d' % status)
        self.assertTrue(body.startswith(b'\xef\xbb\xbf'), 'expected a UTF-8 BOM, got %r'
                        % body[:8])
        lines = body.decode('utf-8-sig').splitlines()
        self.assertEqual(lines[1], '"Điện thoại",1,100.0',
                         'expected the first choice with its one vote, got %r' % lines[1:])
        self.assertEqual(lines[-1], '"Tổng",1,100.0', 'expected the total, got %r' % lines[-1])
        # edit: rename a choice, add one, drop an unvoted one; a voted one cannot go
        fields = self.poll_fields(question=q, add='Ti vi')
        fields['choice_%d' % ids[0]] = 'Điện thoại di động'
        fields['choice_%d' % ids[1]] = 'Máy tính'
        fields['choice_%d' % ids[2]] = ''
        self.post_ok(self.chief, '/admin/polls/%d' % pid, fields)
        labels = [r[0] for r in self.db(
            'SELECT label FROM poll_choices WHERE poll_id = ? ORDER BY sort, id', pid)]
        self.assertEqual(labels, ['Điện thoại di động', 'Máy tính', 'Ti vi'],
                         'expected renamed, kept, dropped and added choices, got %r' % labels)
        fields = self.poll_fields(question=q, add='')
        fields['choice_%d' % ids[0]] = ''
        _, text = self.post_ok(self.chief, '/admin/polls/%d' % pid, fields, want=422)
        self.assertIn('đã có phiếu', text, 'expected the voted-choice message')
        self.audit_has('poll.update')
        self.post_ok(self.chief, '/admin/polls/%d/delete' % pid, {})
        self.assertFalse(self.db('SELECT 1 FROM polls WHERE id = ?', pid), 'expected it deleted')
        self.audit_has('poll.delete')

    def test_banner_redirect_clicks_and_schedule(self):
        title = 'Cổng dịch vụ công %d' % int(time.time() * 1000)
        self.post_ok(self.chief, '/admin/banners', self.banner_fields(title=title))
        bid = int(self.db('SELECT id FROM banners WHERE title = ?', title)[0][0])
        self.audit_has('banner.create')
        status, _, home = self.site.get_text('/')
        self.assertIn('href="/r/%d" rel="noopener sponsored"' % bid, home,
                      'expected the banner on the home page with rel="noopener sponsored"')
        status, h, _ = self.site.request('GET', '/r/%d?to=https://evil.example/' % bid)
        self.assertEqual((status, h.get('location')), (302, 'https://dichvucong.gov.vn/'),
                         'expected 302 to the stored URL only, got %d %r'
                         % (status, h.get('location')))
        self.site.request('GET', '/r/%d' % bid)
        self.site.request('GET', '/r/%d' % bid, headers={'User-Agent': 'Googlebot/2.1'})
        self.site.request('HEAD', '/r/%d' % bid)
        clicks = int(self.db('SELECT clicks FROM banners WHERE id = ?', bid)[0][0])
        self.assertEqual(clicks, 2, 'expected 2 reader clicks (crawler and HEAD not), got %d'
                         % clicks)
        # expired: 404, and gone from the page
        fields = self.banner_fields(title=title, starts='2020-01-01T00:00',
                                    ends='2020-02-01T00:00')
        self.post_ok(self.chief, '/admin/banners/%d' % bid, fields)
        status, _, _ = self.site.request('GET', '/r/%d' % bid)
        self.assertEqual(status, 404, 'expected 404 for an expired banner, got %d' % status)
        status, _, home = self.site.get_text('/')
        self.assertNotIn('href="/r/%d"' % bid, home, 'expected the expired banner gone')
        for bad in ('javascript:alert(1)', '//evil.example/', 'https://', 'http://a b'):
            with self.subTest(url=bad):
                self.post_ok(self.chief, '/admin/banners', self.banner_fields(
                    title='Xấu', url=bad), want=422)
        self.assertFalse(self.db("SELECT 1 FROM banners WHERE title = 'Xấu'"),
                         'expected no banner with a bad URL')
        status, _, _ = self.site.request('GET', '/r/999999')
        self.assertEqual(status, 404, 'expected 404 for an unknown banner, got %d' % status)

    def test_website_links_as_list_and_select(self):
        self.post_ok(self.chief, '/admin/banners', self.banner_fields(
            kind='link', title='Cổng thông tin Chính phủ', url='https://chinhphu.vn/', rel=''))
        lid = int(self.db("SELECT id FROM banners WHERE title = 'Cổng thông tin Chính phủ'")[0][0])
        _, _, home = self.site.get_text('/')
        self.assertIn('Liên kết website', home, 'expected the links block')
        self.assertIn('<a href="/r/%d" rel="noopener" target="_blank">Cổng thông tin Chính phủ'
                      '</a>' % lid, home, 'expected the link in the list')
        with self.site.db_connect() as con:
            con.execute("INSERT INTO settings(key, value) VALUES ('links_style', 'select')")
            con.commit()
        self.site.stop()
        self.site.start()
        _, _, home = self.site.get_text('/')
        self.assertIn('<option value="%d">Cổng thông tin Chính phủ</option>' % lid, home,
                      'expected the link as an option of the select')
        status, h, _ = self.site.request('GET', '/r?id=%d' % lid)
        self.assertEqual((status, h.get('location')), (302, 'https://chinhphu.vn/'),
                         'expected the select\'s form to redirect, got %d %r'
                         % (status, h.get('location')))

    def test_layout_right_column_and_home(self):
        def defaults():  # the other tests see the theme's blocks even when this one fails
            for area in ('home', 'right'):
                self.chief.post('/admin/layout', {'area': area, 'count': '0'})
        self.addCleanup(defaults)
        cat = int(self.db("SELECT id FROM categories WHERE parent_id IS NULL OR parent_id = 0 "
                          "ORDER BY id")[0][0])
        _, _, before = self.site.get_text('/')  # cached now
        fields = {'area': 'right', 'count': '4',
                  'kind_0': 'html', 'sort_0': '10', 'arg_0': '0', 'title_0': 'Thông báo',
                  'html_0': '<p>Lịch tiếp công dân<script>alert(1)</script></p>',
                  'kind_1': 'visitors', 'sort_1': '20', 'arg_1': '0', 'title_1': '', 'html_1': '',
                  'kind_2': 'category', 'sort_2': '5', 'arg_2': str(cat), 'title_2': 'Khối riêng',
                  'html_2': '',
                  'kind_3': '', 'sort_3': '0', 'arg_3': '0', 'title_3': '', 'html_3': ''}
        self.post_ok(self.chief, '/admin/layout', fields)
        self.audit_has('layout.save')
        stored = self.db("SELECT kind, sort FROM layout_blocks WHERE area = 'right' ORDER BY sort")
        self.assertEqual([(r[0], int(r[1])) for r in stored],
                         [('category', 5), ('html', 10), ('visitors', 20)],
                         'expected three blocks saved as data, got %r' % stored)
        _, _, home = self.site.get_text('/')
        aside = home[home.index('<div class="widgets"'):]
        i_cat, i_html, i_vis = (aside.find('Khối riêng'), aside.find('Lịch tiếp công dân'),
                                aside.find('Thống kê truy cập'))
        self.assertTrue(0 <= i_cat < i_html < i_vis,
                        'expected the right column in the saved order at once, got positions '
                        '%d, %d, %d' % (i_cat, i_html, i_vis))
        self.assertNotIn('alert(1)', home, 'expected the free HTML sanitised')
        # the category block lists the newest of the category and its descendants, at once
        kids = self.db('SELECT id FROM categories WHERE parent_id = ? ORDER BY id', cat)
        where = int(kids[0][0]) if kids else cat
        aid = self.create(self.chief, 'Tin mới trong khối riêng', where)
        self.act(self.chief, aid, 'publish', 303)
        for path in ('/', '/tin-moi-trong-khoi-rieng-%d.html' % aid):
            _, _, page = self.site.get_text(path)
            aside = page[page.index('<div class="widgets"'):]
            block = aside[aside.find('Khối riêng'):aside.find('Lịch tiếp công dân')]
            self.assertIn('/tin-moi-trong-khoi-rieng-%d.html' % aid, block,
                          'expected the article just published (category %d) in the category '
                          'block of %s at once, got %r' % (where, path, block[:600]))
        # the home page from blocks: latest only, then free HTML
        fields = {'area': 'home', 'count': '2',
                  'kind_0': 'html', 'sort_0': '2', 'arg_0': '0', 'title_0': '',
                  'html_0': '<p>Chào mừng bạn đọc</p>',
                  'kind_1': 'latest', 'sort_1': '1', 'arg_1': '0', 'title_1': 'Mới cập nhật',
                  'html_1': ''}
        self.post_ok(self.chief, '/admin/layout', fields)
        _, _, home = self.site.get_text('/')
        main = home[home.index('<main'):home.index('</main>')]
        self.assertLess(main.find('Mới cập nhật'), main.find('Chào mừng bạn đọc'),
                        'expected the latest block before the free HTML')
        self.assertNotIn('class="top"', main, 'expected the default blocks replaced')
        self.post_ok(self.chief, '/admin/layout', {'area': 'home', 'count': '1',
                                                   'kind_0': 'category', 'sort_0': '1',
                                                   'arg_0': '999999', 'title_0': '',
                                                   'html_0': ''}, want=422)
        status, _, _ = self.browser('writer').post('/admin/layout', {'area': 'home',
                                                                      'count': '0'})
        self.assertEqual(status, 403, 'expected 403 for an editor, got %d' % status)
        # back to the default
        for area in ('home', 'right'):
            self.post_ok(self.chief, '/admin/layout', {'area': area, 'count': '0'})
        _, _, home = self.site.get_text('/')
        main = home[home.index('<main'):home.index('</main>')]
        self.assertIn('class="top"', main, 'expected the default home page back')
