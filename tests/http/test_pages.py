# Static pages (issue 13): the newsroom screen (the articles' workflow and roles, sanitised body,
# unique address, no cycles, no deleting a parent, revisions with diff and restore, stale saves
# refused, audited), the public page /trang/{slug} (published pages only) and the API reads.
import json
import re

from test_newsroom import NewsroomCase, location


class StaticPages(NewsroomCase):
    accounts = (('boss', 'admin'), ('ed', 'editor'), ('ctb', 'contributor'),
                ('pub', 'publisher'), ('lim', 'editor'))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from test_newsroom import login_as
        try:
            cls.boss = login_as(cls.site, 'boss')
            cls.boss.get('/admin/pages')
        except BaseException:
            cls.site.cleanup()
            raise

    def make(self, fields, want=303, publish=True, who=None):
        """A new page made on the screen (a draft), published by the admin unless told not."""
        who = who or self.boss
        status, h, text = who.post('/admin/pages', fields)
        self.assertEqual(status, want, 'expected %d for a new page %r, got %d: %s'
                         % (want, fields, status, text[:400]))
        if want != 303:
            return text
        m = re.search(r'/admin/pages/(\d+)', location(h))
        self.assertTrue(m, 'expected a redirect to the page, got %r' % location(h))
        pid = int(m.group(1))
        if publish:
            self.act(self.boss, pid, 'publish', 303)
        return pid

    def act(self, b, pid, action, want, fields=None):
        status, h, text = b.post('/admin/pages/%d/%s' % (pid, action), fields or {})
        self.assertEqual(status, want, 'expected %d for %s of page %d as %s, got %d: %s'
                         % (want, action, pid, b.name, status, text[:300]))
        return h, text

    def db_exec(self, sql, *args):
        con = self.site.db_connect()
        try:
            with con:
                con.execute(sql, args)
        finally:
            con.close()

    def page_status(self, pid):
        return self.db('SELECT status FROM pages WHERE id = ?', pid)[0][0]

    def revision(self, b, pid):
        status, _, text = b.get('/admin/pages/%d' % pid)
        m = re.search(r'<input type="hidden" name="revision" value="(\d+)"', text)
        self.assertTrue(status == 200 and m, 'expected the form with its revision, got %d'
                        % status)
        return m.group(1)

    def get(self, path, want=200):
        status, h, body = self.site.request('GET', path)
        self.assertEqual(status, want, 'expected %d for %s, got %d' % (want, path, status))
        return h, body.decode('utf-8', 'replace')

    def audit_objects(self, action):
        return [r[0] for r in self.db('SELECT object FROM audit_log WHERE action = ?', action)]

    def test_tree_page_and_api(self):
        top = self.make({'title': 'Giới thiệu chung', 'slug': '', 'parent_id': '0',
                         'position': '1',
                         'body': '<p>Cơ quan <b>báo chí</b></p><script>alert(1)</script>'})
        sub = self.make({'title': 'Chức năng, nhiệm vụ', 'slug': 'chuc-nang-nhiem-vu',
                         'parent_id': str(top), 'position': '2',
                         'body': '<p onclick="x()">Tham mưu</p>'})
        self.assertIn('page:%d' % top, self.audit_objects('page.create'))
        _, page = self.get('/trang/gioi-thieu-chung')
        self.assertIn('<h1 class="page-title">Giới thiệu chung</h1>', page)
        self.assertIn('<b>báo chí</b>', page)
        self.assertNotIn('alert(1)', page, 'expected the script removed by the sanitiser')
        self.assertIn('href="/trang/chuc-nang-nhiem-vu"', page, 'expected a link to the child')
        _, child = self.get('/trang/chuc-nang-nhiem-vu')
        self.assertNotIn('onclick', child)
        self.assertRegex(child, r'href="/trang/gioi-thieu-chung">Giới thiệu chung</a> » '
                         r'<a href="/trang/chuc-nang-nhiem-vu" aria-current="page">',
                         'expected the parent in the breadcrumb')
        self.get('/trang/khong-co', 404)

        _, body = self.get('/api/v1/pages')
        pages = {p['slug']: p for p in json.loads(body)['pages']}
        self.assertEqual(pages['chuc-nang-nhiem-vu']['parent_id'], top)
        self.assertIsNone(pages['gioi-thieu-chung']['parent_id'])
        self.assertNotIn('body_html', pages['gioi-thieu-chung'])
        _, body = self.get('/api/v1/pages/chuc-nang-nhiem-vu')
        one = json.loads(body)
        self.assertEqual((one['id'], one['url']), (sub, '/trang/chuc-nang-nhiem-vu'))
        self.assertIn('Tham mưu', one['body_html'])
        self.assertNotIn('onclick', one['body_html'])
        status, _, body = self.site.request('GET', '/api/v1/pages/khong-co')
        self.assertEqual(status, 404, 'expected 404 for an unknown page, got %d' % status)
        self.assertEqual(json.loads(body)['code'], 'not_found')

        # an edit shows at once (the page cache drops)
        self.boss.get('/admin/pages/%d' % top)
        status, _, text = self.boss.post('/admin/pages/%d' % top, {
            'title': 'Giới thiệu', 'slug': 'gioi-thieu-chung', 'parent_id': '0',
            'position': '1', 'body': '<p>Mới</p>'})
        self.assertEqual(status, 303, 'expected the edit saved, got %d: %s' % (status, text[:300]))
        _, page = self.get('/trang/gioi-thieu-chung')
        self.assertIn('<h1 class="page-title">Giới thiệu</h1>', page)
        self.assertIn('page:%d' % top, self.audit_objects('page.update'))

        # a parent below itself, a taken address, an empty title
        status, _, text = self.boss.post('/admin/pages/%d' % top, {
            'title': 'Giới thiệu', 'slug': 'gioi-thieu-chung', 'parent_id': str(sub),
            'body': ''})
        self.assertEqual(status, 422, 'expected 422 for a cycle, got %d' % status)
        self.assertIn('chính nó', text)
        text = self.make({'title': 'Khác', 'slug': 'chuc-nang-nhiem-vu', 'parent_id': '0',
                          'body': ''}, want=409)
        self.assertIn('Đã có trang khác', text)
        self.make({'title': '', 'slug': 'x', 'body': ''}, want=422)

        # a parent is not deleted before its children
        status, _, _ = self.boss.post('/admin/pages/%d/delete' % top, {})
        self.assertEqual(status, 409, 'expected 409 deleting a parent, got %d' % status)
        status, _, _ = self.boss.post('/admin/pages/%d/delete' % sub, {})
        self.assertEqual(status, 303, 'expected the child deleted, got %d' % status)
        self.get('/trang/chuc-nang-nhiem-vu', 404)
        self.assertIn('page:%d' % sub, self.audit_objects('page.delete'))
        status, _, _ = self.boss.post('/admin/pages/99999/delete', {})
        self.assertEqual(status, 404, 'expected 404 for an unknown page, got %d' % status)

    def test_in_the_menu_through_menu_links(self):
        self.make({'title': 'Lịch sử', 'slug': 'lich-su', 'parent_id': '0', 'body': '<p>1945</p>'})
        fields = {k: v for k, v in self.db('SELECT key, value FROM settings')}
        fields.setdefault('timezone', 'Asia/Ho_Chi_Minh')
        fields.setdefault('site_name', 'Gazette')
        fields['menu_links'] = 'Lịch sử|/trang/lich-su'
        self.boss.get('/admin/settings')
        status, _, text = self.boss.post('/admin/settings', fields)
        self.assertEqual(status, 303, 'expected the settings saved, got %d: %s'
                         % (status, text[:300]))
        _, home = self.get('/')
        nav = home.split('<nav', 1)[-1]
        self.assertIn('href="/trang/lich-su"', nav, 'expected the page in the menu')
        _, page = self.get('/trang/lich-su')
        self.assertIn('1945', page)

    def test_menu_brand_and_footer_follow_the_settings(self):
        # The menu, the masthead's name and the footer are rendered once a snapshot of the site
        # (src/html/tpl.c, tpl_kept): a change of the settings must reach the next page.
        self.get('/')
        self.get('/tim-kiem?q=truoc')
        fields = {k: v for k, v in self.db('SELECT key, value FROM settings')}
        fields.setdefault('timezone', 'Asia/Ho_Chi_Minh')
        old_name = fields.get('site_name') or 'Gazette'
        fields['site_name'] = 'Cổng thông tin Sở Đổi Tên'
        fields['menu_links'] = 'Đường dây nóng|/lien-he'
        self.boss.get('/admin/settings')
        status, _, text = self.boss.post('/admin/settings', fields)
        self.assertEqual(status, 303, 'expected the settings saved, got %d: %s'
                         % (status, text[:300]))
        try:
            for path in ('/', '/tim-kiem?q=sau'):
                _, page = self.get(path)
                brand = page.split('class="banner', 1)[-1].split('</div></div>', 1)[0]
                footer = page.split('<footer', 1)[-1]
                nav = page.split('<nav class="menu', 1)[-1].split('</nav>', 1)[0]
                self.assertIn('Cổng thông tin Sở Đổi Tên', brand,
                              'expected the new name in the masthead of %s, got %r'
                              % (path, brand[:400]))
                self.assertIn('Cổng thông tin Sở Đổi Tên', footer,
                              'expected the new name in the footer of %s, got %r'
                              % (path, footer[:300]))
                self.assertNotIn(old_name, brand + footer,
                                 'expected the old name gone from %s' % path)
                self.assertIn('href="/lien-he">Đường dây nóng</a>', nav,
                              'expected the new menu link on %s, got %r' % (path, nav[-400:]))
        finally:
            fields['site_name'] = old_name
            fields['menu_links'] = ''
            self.boss.get('/admin/settings')
            self.boss.post('/admin/settings', fields)

    def test_workflow_and_roles_on_the_screen(self):
        ctb = self.browser('ctb')
        ed = self.browser('ed')
        pub = self.browser('pub')
        pid = self.make({'title': 'Lịch công tác', 'slug': 'lich-cong-tac', 'parent_id': '0',
                         'body': '<p>Tuần 1</p>'}, publish=False, who=ctb)
        self.assertEqual(self.page_status(pid), 'draft')
        self.get('/trang/lich-cong-tac', 404)
        status, _, text = ctb.get('/admin/pages/%d' % pid)
        self.assertEqual(status, 200)
        self.assertIn('Lưu và gửi duyệt', text, 'expected the submit button for the owner')
        self.assertNotIn('Lưu và xuất bản', text, 'expected no publish button for a contributor')
        self.act(ctb, pid, 'publish', 403)
        # the submit button saves the form first, then moves the page
        rev = self.revision(ctb, pid)
        self.act(ctb, pid, 'submit', 303, {'title': 'Lịch công tác tuần', 'slug': 'lich-cong-tac',
                                           'parent_id': '0', 'position': '0',
                                           'body': '<p>Tuần 2</p>', 'revision': rev})
        self.assertEqual(self.page_status(pid), 'submitted')
        self.assertEqual(self.db('SELECT title FROM pages WHERE id = ?', pid)[0][0],
                         'Lịch công tác tuần')
        status, _, _ = ctb.post('/admin/pages/%d' % pid, {'title': 'Sửa sau khi gửi',
                                                          'body': ''})
        self.assertEqual(status, 403, 'expected a submitted page closed to its contributor')
        self.act(ed, pid, 'return', 303)
        self.assertEqual(self.page_status(pid), 'draft')
        self.act(ed, pid, 'publish', 403)
        self.act(pub, pid, 'publish', 303)
        _, page = self.get('/trang/lich-cong-tac')
        self.assertIn('Tuần 2', page)
        self.assertIn('page:%d' % pid, self.audit_objects('page.publish'))
        status, _, audit = self.boss.get('/admin/audit')
        self.assertEqual(status, 200)
        self.assertRegex(audit, r'<span title="page.publish">Xuất bản trang tĩnh</span></td><td>'
                         r'<a href="/admin/pages/%d">Trang tĩnh #%d</a>' % (pid, pid),
                         'expected the audit log in words with a link to the page')
        self.act(pub, pid, 'unpublish', 303)
        self.get('/trang/lich-cong-tac', 404)
        # another contributor's page is not yours; editors may not delete
        other = self.make({'title': 'Của quản trị', 'slug': 'cua-quan-tri', 'body': ''},
                          publish=False)
        status, _, text = ctb.get('/admin/pages/%d' % other)
        self.assertEqual(status, 403, 'expected 403 for another person\'s draft')
        self.assertIn('trang của mình', text)
        status, _, text = ctb.get('/admin/pages')
        self.assertEqual(status, 200)
        self.assertNotIn('Của quản trị', text, 'expected another person\'s draft out of the list')
        self.assertIn('Lịch công tác tuần', text, 'expected the contributor\'s own page listed')
        status, _, text = self.boss.get('/admin/pages')
        self.assertIn('Của quản trị', text)
        status, _, _ = ed.post('/admin/pages/%d/delete' % other, {})
        self.assertEqual(status, 403, 'expected 403 for an editor deleting a page')
        # an account limited to categories does not work on pages
        self.db_exec('INSERT INTO user_categories (user_id, category_id) SELECT u.id, c.id '
                     'FROM users u, categories c WHERE u.name = ? ORDER BY c.id LIMIT 1', 'lim')
        lim = self.browser('lim')
        status, _, _ = lim.post('/admin/pages', {'title': 'Giới hạn', 'body': ''})
        self.assertEqual(status, 403, 'expected 403 for a limited account, got %d' % status)
        self.assertFalse(self.db("SELECT 1 FROM pages WHERE title = 'Giới hạn'"))

    def test_revisions_diff_restore_and_stale_save(self):
        pid = self.make({'title': 'Lịch sử hình thành', 'slug': 'lich-su-hinh-thanh',
                         'parent_id': '0', 'body': '<p>Thành lập năm 1945</p>'})
        rev = self.revision(self.boss, pid)
        status, _, text = self.boss.post('/admin/pages/%d' % pid, {
            'title': 'Lịch sử hình thành', 'slug': 'lich-su-hinh-thanh', 'parent_id': '0',
            'position': '0', 'body': '<p>Thành lập năm 1946</p>', 'revision': rev})
        self.assertEqual(status, 303, 'expected the edit saved, got %d: %s' % (status, text[:300]))
        # a second save from the same (now stale) revision is refused and writes nothing
        status, _, text = self.boss.post('/admin/pages/%d' % pid, {
            'title': 'Cũ', 'slug': 'lich-su-hinh-thanh', 'parent_id': '0', 'position': '0',
            'body': '<p>Bản cũ</p>', 'revision': rev})
        self.assertEqual(status, 409, 'expected 409 for a stale save, got %d' % status)
        self.assertIn('phiên bản mới hơn', text)
        self.assertEqual(self.db('SELECT title FROM pages WHERE id = ?', pid)[0][0],
                         'Lịch sử hình thành')
        status, _, text = self.boss.get('/admin/pages/%d/revisions' % pid)
        self.assertEqual(status, 200)
        self.assertIn('/admin/pages/%d/diff?from=1&amp;to=2' % pid, text)
        self.assertIn('action="/admin/pages/%d/restore"' % pid, text)
        status, _, text = self.boss.get('/admin/pages/%d/diff?from=1&to=2' % pid)
        self.assertEqual(status, 200)
        self.assertRegex(text, r'<del>[^<]*1945[^<]*</del>', 'expected the old year deleted')
        self.assertRegex(text, r'<ins>[^<]*1946[^<]*</ins>', 'expected the new year inserted')
        self.assertIn('Không thay đổi: Tiêu đề', text)
        self.assertIn('href="/admin/pages/%d"' % pid, text)
        status, _, _ = self.boss.get('/admin/pages/%d/diff?from=1&to=99' % pid)
        self.assertEqual(status, 404)
        status, h, _ = self.boss.post('/admin/pages/%d/restore' % pid, {'revision': '1'})
        self.assertEqual(status, 303, 'expected the restore to redirect, got %d' % status)
        _, page = self.get('/trang/lich-su-hinh-thanh')
        self.assertIn('1945', page, 'expected the restored text public at once')
        self.assertNotIn('1946', page)
        self.assertEqual(self.page_status(pid), 'published', 'expected the status kept')
        self.assertIn('page:%d' % pid, self.audit_objects('page.restore'))
        status, _, _ = self.boss.post('/admin/pages/%d/restore' % pid, {'revision': '77'})
        self.assertEqual(status, 404)
        ctb = self.browser('ctb')
        status, _, _ = ctb.get('/admin/pages/%d/revisions' % pid)
        self.assertEqual(status, 403, 'expected a contributor kept out of another\'s page')

    def test_without_csrf_refused(self):
        status, _, _ = self.boss.post('/admin/pages', {'title': 'Không token', 'body': ''},
                                      csrf=None)
        self.assertEqual(status, 403, 'expected 403 without the CSRF token, got %d' % status)
        self.assertFalse(self.db("SELECT 1 FROM pages WHERE title = 'Không token'"))

    # gazette pages export|import -----------------------------------------------------------
    def pages_cli(self, verb, *args, input=None, want=0):
        cp = self.site.run('pages', verb, '--db', self.site.db_url(), *args, input=input)
        self.assertEqual(cp.returncode, want, 'expected `pages %s` to exit %d, got %d: %s'
                         % (verb, want, cp.returncode, cp.stderr))
        return cp

    def test_import_export_round_trip(self):
        lines = [
            {'slug': 'co-cau-to-chuc', 'title': 'Cơ cấu tổ chức', 'position': 3,
             'body_html': '<p>Ban biên tập</p><script>x()</script>'},
            {'slug': 'lanh-dao', 'title': 'Lãnh đạo', 'parent': 'co-cau-to-chuc',
             'body_html': '<p>Tổng biên tập</p>'},
        ]
        data = ''.join(json.dumps(l, ensure_ascii=False) + '\n' for l in lines)
        self.pages_cli('import', '-', input=data)
        _, page = self.get('/trang/lanh-dao')
        self.assertIn('Tổng biên tập', page)
        _, page = self.get('/trang/co-cau-to-chuc')
        self.assertNotIn('x()', page, 'expected the import to sanitise the body')
        out = self.pages_cli('export', '-').stdout
        got = [json.loads(l) for l in out.splitlines()]
        mine = [g for g in got if g['slug'] in ('co-cau-to-chuc', 'lanh-dao')]
        self.assertEqual([g['slug'] for g in mine], ['co-cau-to-chuc', 'lanh-dao'],
                         'expected the parent before its child, got %r' % mine)
        self.assertEqual(mine[1].get('parent'), 'co-cau-to-chuc')
        self.assertEqual(mine[0]['position'], 3)
        self.assertEqual(mine[0]['body_html'], '<p>Ban biên tập</p>')
        # importing the export again changes nothing but replaces by slug
        before = self.db('SELECT count(*) FROM pages')[0][0]
        self.pages_cli('import', '-', input=out)
        self.assertEqual(self.db('SELECT count(*) FROM pages')[0][0], before,
                         'expected a re-import to replace pages by slug, not add')
        self.assertEqual(self.pages_cli('export', '-').stdout, out,
                         'expected export -> import -> export to give the same lines')

    def test_import_refuses_bad_lines_and_writes_nothing(self):
        good = json.dumps({'slug': 'tot', 'title': 'Tốt'}) + '\n'
        for bad, why in (('{"slug": "Có Dấu", "title": "x"}', "field 'slug'"),
                         ('{"slug": "thieu-tieu-de"}', "field 'title' is missing"),
                         ('{"slug": "a", "title": "b", "position": "1"}', "'position'"),
                         ('{"slug": "a", "title": "b", "parent": "khong-co"}', 'parent'),
                         ('not json', 'invalid JSON')):
            with self.subTest(bad=bad):
                cp = self.pages_cli('import', '-', input=good + bad + '\n', want=1)
                self.assertIn(why, cp.stderr)
                self.assertIn('<stdin>:2:', cp.stderr, 'expected the line number')
                self.assertFalse(self.db("SELECT 1 FROM pages WHERE slug = 'tot'"),
                                 'expected nothing imported when a line is wrong')
