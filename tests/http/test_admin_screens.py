# The admin-only newsroom screens over HTTP: users, own password, categories, tags, settings, the
# audit log and its CSV export; and that other roles are refused.
import csv
import html.parser
import io
import json
import re

from test_newsroom import PASSWORD, Browser, NewsroomCase, location


class FormCheck(html.parser.HTMLParser):
    """Collects the problems of a page's forms: POST forms without the csrf field, controls
    without a label."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.label_for = set()
        self.controls = []   # (tag, id, attrs)
        self.forms = []      # [method, action, has_csrf]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'form':
            self.forms.append([(a.get('method') or 'get').lower(), a.get('action'), False])
        elif tag == 'label' and a.get('for'):
            self.label_for.add(a['for'])
        elif tag in ('input', 'select', 'textarea'):
            if tag == 'input' and a.get('type') == 'hidden':
                if a.get('name') == 'csrf' and self.forms and a.get('value'):
                    self.forms[-1][2] = True
                return
            self.controls.append((tag, a.get('id'), a))

    def problems(self):
        out = []
        for method, action, has_csrf in self.forms:
            if method == 'post' and not has_csrf:
                out.append('POST form %s without a csrf field' % action)
        for tag, cid, a in self.controls:
            if not (cid and cid in self.label_for) and not a.get('aria-label'):
                out.append('<%s name=%r> without a label' % (tag, a.get('name')))
        return out


ADMIN_PAGES = ('/admin/users', '/admin/users/%(uid)d', '/admin/password', '/admin/categories',
               '/admin/tags', '/admin/settings', '/admin/audit')


class AdminScreens(NewsroomCase):
    accounts = (('boss', 'admin'), ('ed', 'editor'), ('ctb', 'contributor'), ('target', 'editor'),
                ('doi', 'editor'), ('chu', 'editor'))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from test_newsroom import login_as
        try:
            cls.boss = login_as(cls.site, 'boss')
        except BaseException:
            cls.site.cleanup()
            raise

    def cat_id(self, slug):
        rows = self.db('SELECT id FROM categories WHERE slug = ?', slug)
        self.assertTrue(rows, 'expected a category with slug %r, got none' % slug)
        return rows[0][0]

    def section_and_child(self):
        return (self.cat_id('hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh'),
                self.cat_id('guong-dien-hinh'))

    def uid(self, name):
        rows = self.db('SELECT id FROM users WHERE name = ?', name)
        self.assertTrue(rows, 'expected a user %r, got none' % name)
        return rows[0][0]

    def post_ok(self, b, path, fields, want=303):
        status, h, text = b.post(path, fields)
        self.assertEqual(status, want, 'expected %d for POST %s %r, got %d: %s'
                         % (want, path, fields, status, text[:400]))
        return h, text

    def audit_has(self, action, obj=None):
        rows = self.db('SELECT object FROM audit_log WHERE action = ?', action)
        objs = [r[0] for r in rows]
        self.assertTrue(objs and (obj is None or obj in objs),
                        'expected an audit entry %s %s, got objects %r' % (action, obj or '', objs))

    def settings_fields(self, **over):
        fields = {k: v for k, v in self.db('SELECT key, value FROM settings')}
        fields.setdefault('timezone', 'Asia/Ho_Chi_Minh')
        fields.setdefault('site_name', 'Gazette')
        fields.update(over)
        return fields

    # who may -------------------------------------------------------------------------------
    def test_screens_refuse_non_admins(self):
        uid = self.uid('boss')
        for name in ('ed', 'ctb'):
            b = self.browser(name)
            for path in [p % {'uid': uid} for p in ADMIN_PAGES if p != '/admin/password'] + [
                    '/admin/audit.csv', '/admin/audit?format=csv']:
                with self.subTest(role=name, path=path):
                    status, _, text = b.get(path)
                    self.assertEqual(status, 403, 'expected 403 for %s as %s, got %d'
                                     % (path, name, status))
                    self.assertNotIn('boss', text.split('</header>')[-1],
                                     'expected no account data in the refusal')
            for path, fields in (('/admin/categories', {'name': 'Không được'}),
                                 ('/admin/users', {'name': 'x1', 'role': 'admin',
                                                   'password': 'abcdefgh1'}),
                                 ('/admin/users/%d' % self.uid(name), {'role': 'admin',
                                                                       'display_name': 'x'}),
                                 ('/admin/settings', {'site_name': 'Bị chiếm'}),
                                 ('/admin/tags/1/delete', {})):
                with self.subTest(role=name, post=path):
                    status, _, _ = b.post(path, fields)
                    self.assertEqual(status, 403, 'expected 403 for POST %s as %s, got %d'
                                     % (path, name, status))
        role = self.db("SELECT role FROM users WHERE name = 'ed'")[0][0]
        self.assertEqual(role, 'editor', 'expected the editor to stay an editor, got %r' % role)
        self.assertFalse(self.db("SELECT 1 FROM categories WHERE name = 'Không được'"),
                         'expected no category made by a non-admin')
        self.assertFalse(self.db("SELECT 1 FROM users WHERE name = 'x1'"),
                         'expected no user made by a non-admin')

    def test_pages_have_labels_and_csrf(self):
        for path in [p % {'uid': self.uid('ed')} for p in ADMIN_PAGES]:
            with self.subTest(path=path):
                status, h, text = self.boss.get(path)
                self.assertEqual(status, 200, 'expected 200 for %s, got %d: %s'
                                 % (path, status, text[:300]))
                self.assertEqual(h.get('cache-control'), 'no-store',
                                 'expected Cache-Control: no-store on %s, got %r'
                                 % (path, h.get('cache-control')))
                self.assertIn('<html lang="vi">', text, 'expected a Vietnamese page')
                chk = FormCheck()
                chk.feed(text)
                self.assertEqual(chk.problems(), [], 'expected no form problems on %s' % path)

    # users ---------------------------------------------------------------------------------
    def test_add_user(self):
        fields = {'name': 'moi', 'display_name': 'Người Mới', 'role': 'publisher',
                  'password': 'ngan'}
        _, text = self.post_ok(self.boss, '/admin/users', fields, want=422)
        self.assertIn('ít nhất 8 ký tự', text, 'expected the short-password message')
        self.assertFalse(self.db("SELECT 1 FROM users WHERE name = 'moi'"),
                         'expected no account after a refused add')
        fields['password'] = 'mat-khau-moi-1'
        h, _ = self.post_ok(self.boss, '/admin/users', fields)
        uid = self.uid('moi')
        self.assertEqual(location(h), '/admin/users/%d?ok=user' % uid,
                         'expected a redirect to the new account, got %r' % location(h))
        _, text = self.post_ok(self.boss, '/admin/users', fields, want=409)
        self.assertIn('Đã có tài khoản', text, 'expected the duplicate-name message')
        self.post_ok(self.boss, '/admin/users', dict(fields, name='có dấu'), want=422)
        self.post_ok(self.boss, '/admin/users', dict(fields, name='vaitro', role='boss'), want=422)
        status, _, _ = Browser(self.site).login('moi', 'mat-khau-moi-1')
        self.assertEqual(status, 303, 'expected the new account to log in, got %d' % status)
        _, _, text = self.boss.get('/admin/users')
        self.assertRegex(text, r'Người Mới</td><td>Người duyệt',
                         'expected the new account listed with its role label')
        self.audit_has('user.add', 'user:%d' % uid)

    def test_edit_role_and_category_limits(self):
        uid = self.uid('doi')
        section, child = self.section_and_child()
        path = '/admin/users/%d' % uid
        self.post_ok(self.boss, path, [('display_name', 'Đổi Vai'), ('role', 'publisher'),
                                       ('category', str(child)), ('category', str(section))])
        row = self.db('SELECT display_name, role, disabled FROM users WHERE id = ?', uid)[0]
        self.assertEqual((row[0], row[1], bool(row[2])), ('Đổi Vai', 'publisher', False),
                         'expected the saved account, got %r' % (row,))
        cats = sorted(r[0] for r in self.db('SELECT category_id FROM user_categories WHERE '
                                            'user_id = ?', uid))
        self.assertEqual(cats, sorted([section, child]), 'expected category limits %r, got %r'
                         % (sorted([section, child]), cats))
        _, _, text = self.boss.get(path)
        for cid in (section, child):
            self.assertRegex(text, r'id="cat-%d"[^>]*checked' % cid,
                             'expected category %d checked in the form' % cid)
        _, _, text = self.boss.get('/admin/users')
        self.assertIn('Gương điển hình', text, 'expected the limits listed')
        self.post_ok(self.boss, path, {'display_name': 'x', 'role': 'chief'}, want=422)
        self.post_ok(self.boss, path, [('display_name', 'x'), ('role', 'editor'),
                                       ('category', '99999')], want=422)
        self.post_ok(self.boss, path, {'display_name': 'Đổi Vai', 'role': 'editor'})
        cats = self.db('SELECT category_id FROM user_categories WHERE user_id = ?', uid)
        self.assertEqual(cats, [], 'expected no limits after unchecking all, got %r' % cats)
        self.audit_has('user.update', 'user:%d' % uid)
        status, _, _ = self.boss.get('/admin/users/99999')
        self.assertEqual(status, 404, 'expected 404 for an unknown account, got %d' % status)

    def test_reset_password_ends_sessions(self):
        victim = self.browser('target')
        uid = self.uid('target')
        path = '/admin/users/%d/password' % uid
        self.post_ok(self.boss, path, {'password': 'moi-mat-khau-1', 'password2': 'khac-nhau-1'},
                     want=422)
        self.post_ok(self.boss, path, {'password': 'moi-mat-khau-1', 'password2': 'moi-mat-khau-1'})
        status, h, _ = victim.get('/admin')
        self.assertEqual((status, location(h)), (303, '/admin/login'),
                         'expected the reset to end the session, got %d %r' % (status, location(h)))
        status, _, _ = Browser(self.site).login('target', PASSWORD)
        self.assertEqual(status, 401, 'expected the old password refused, got %d' % status)
        status, _, _ = Browser(self.site).login('target', 'moi-mat-khau-1')
        self.assertEqual(status, 303, 'expected the new password accepted, got %d' % status)
        self.audit_has('user.password', 'user:%d' % uid)

    def test_last_admin_cannot_lock_themselves_out(self):
        boss = self.uid('boss')
        demo_admin = self.uid('admin')  # made by `gazette init --demo`
        self.post_ok(self.boss, '/admin/users/%d' % demo_admin,
                     {'display_name': 'admin', 'role': 'admin', 'disabled': '1'})
        try:
            for fields in ({'display_name': 'Sếp', 'role': 'editor'},
                           {'display_name': 'Sếp', 'role': 'admin', 'disabled': '1'}):
                with self.subTest(fields=fields):
                    _, text = self.post_ok(self.boss, '/admin/users/%d' % boss, fields, want=409)
                    self.assertIn('quản trị cuối cùng', text, 'expected the last-admin message')
            row = self.db('SELECT role, disabled FROM users WHERE id = ?', boss)[0]
            self.assertEqual((row[0], bool(row[1])), ('admin', False),
                             'expected the last admin unchanged, got %r' % (row,))
            status, _, _ = self.boss.get('/admin/users')
            self.assertEqual(status, 200, 'expected the last admin still in, got %d' % status)
        finally:
            self.post_ok(self.boss, '/admin/users/%d' % demo_admin,
                         {'display_name': 'admin', 'role': 'admin'})
        self.audit_has('user.disable', 'user:%d' % demo_admin)

    def test_change_own_password(self):
        b1 = self.browser('chu')
        b2 = self.browser('chu')
        status, _, text = b1.get('/admin/password')
        self.assertEqual(status, 200, 'expected an editor to open /admin/password, got %d' % status)
        for fields, want, msg in (
                ({'current': 'sai', 'password': 'mat-khau-2', 'password2': 'mat-khau-2'}, 403,
                 'không đúng'),
                ({'current': PASSWORD, 'password': 'mat-khau-2', 'password2': 'mat-khau-3'}, 422,
                 'không khớp'),
                ({'current': PASSWORD, 'password': 'ngan', 'password2': 'ngan'}, 422,
                 'ít nhất 8')):
            with self.subTest(fields=fields):
                _, text = self.post_ok(b1, '/admin/password', fields, want=want)
                self.assertIn(msg, text, 'expected %r in the answer' % msg)
        old_cookie = b1.cookie
        h, _ = self.post_ok(b1, '/admin/password', {'current': PASSWORD, 'password': 'mat-khau-2',
                                                    'password2': 'mat-khau-2'})
        self.assertIn('gz_session=', h.get('set-cookie', ''), 'expected a fresh session cookie')
        self.assertNotEqual(b1.cookie, old_cookie, 'expected a new session token')
        status, _, _ = b1.get('/admin')
        self.assertEqual(status, 200, 'expected this browser to stay logged in, got %d' % status)
        status, h, _ = b2.get('/admin')
        self.assertEqual((status, location(h)), (303, '/admin/login'),
                         'expected the other session ended, got %d %r' % (status, location(h)))
        status, _, _ = Browser(self.site).login('chu', PASSWORD)
        self.assertEqual(status, 401, 'expected the old password refused, got %d' % status)
        status, _, _ = Browser(self.site).login('chu', 'mat-khau-2')
        self.assertEqual(status, 303, 'expected the new password accepted, got %d' % status)
        self.audit_has('password.change', 'user:%d' % self.uid('chu'))

    # categories ----------------------------------------------------------------------------
    def cat(self, name):
        rows = self.db('SELECT id, coalesce(parent_id, 0), position, slug FROM categories '
                       'WHERE name = ?', name)
        self.assertTrue(rows, 'expected a category %r, got none' % name)
        return rows[0]

    def test_categories(self):
        self.post_ok(self.boss, '/admin/categories', {'name': 'Kinh tế', 'parent': '0'})
        top = self.cat('Kinh tế')
        self.assertEqual((top[1], top[3]), (0, 'kinh-te'), 'expected a top-level kinh-te, got %r'
                         % (top,))
        self.post_ok(self.boss, '/admin/categories', {'name': 'Nông nghiệp',
                                                      'parent': str(top[0])})
        child = self.cat('Nông nghiệp')
        self.assertEqual(child[1], top[0], 'expected Nông nghiệp below Kinh tế, got %r' % (child,))
        status, _, text = self.site.get_text('/chuyen-muc/kinh-te/nong-nghiep/')
        self.assertEqual(status, 200, 'expected the new category public at once, got %d' % status)
        _, text = self.post_ok(self.boss, '/admin/categories', {'name': 'Kinh tế', 'parent': '0'},
                               want=409)
        self.post_ok(self.boss, '/admin/categories', {'name': '  ', 'parent': '0'}, want=422)
        _, _, page = self.boss.get('/admin/categories')
        self.assertRegex(page, r'(?s)Kinh tế</a>.*<li class="depth-1"[^>]*>\s*<div class="cat-row">'
                         r'\s*<a [^>]*>Nông nghiệp</a>',
                         'expected the tree with the child indented after its parent')
        # rename, keeping the address; reorder
        self.post_ok(self.boss, '/admin/categories/%d' % top[0], {
            'name': 'Kinh tế - Xã hội', 'slug': 'kinh-te', 'parent': '0', 'position': '0'})
        renamed = self.cat('Kinh tế - Xã hội')
        self.assertEqual((renamed[2], renamed[3]), (0, 'kinh-te'),
                         'expected position 0 and slug kept, got %r' % (renamed,))
        status, _, text = self.site.get_text('/chuyen-muc/kinh-te/')
        self.assertIn('Kinh tế - Xã hội', text, 'expected the new name on the public page at once')
        # moves below itself are refused with a message
        for parent in (top[0], child[0]):
            with self.subTest(move_below=parent):
                _, text = self.post_ok(self.boss, '/admin/categories/%d' % top[0], {
                    'name': 'Kinh tế - Xã hội', 'parent': str(parent), 'position': '0'}, want=422)
                self.assertIn('chính nó', text, 'expected the move-below-itself message')
        self.post_ok(self.boss, '/admin/categories/%d' % top[0], {
            'name': 'Kinh tế - Xã hội', 'parent': '0', 'position': 'abc'}, want=422)
        # a move elsewhere works
        section, demo_child = self.section_and_child()
        self.post_ok(self.boss, '/admin/categories/%d' % child[0], {
            'name': 'Nông nghiệp', 'parent': str(section), 'position': '5'})
        self.assertEqual(self.cat('Nông nghiệp')[1], section,
                         'expected Nông nghiệp moved under %d' % section)
        self.post_ok(self.boss, '/admin/categories/%d' % child[0], {
            'name': 'Nông nghiệp', 'parent': str(top[0]), 'position': '5'})
        # deletes: refused while it has children or articles, never silently
        _, text = self.post_ok(self.boss, '/admin/categories/%d/delete' % top[0], {}, want=409)
        self.assertIn('chuyên mục con', text, 'expected the still-has-children message')
        _, text = self.post_ok(self.boss, '/admin/categories/%d/delete' % demo_child, {}, want=409)
        self.assertIn('bài viết', text, 'expected the still-has-articles message')
        self.assertTrue(self.db('SELECT 1 FROM categories WHERE id = ?', demo_child),
                        'expected the category with articles kept')
        self.post_ok(self.boss, '/admin/categories/%d/delete' % child[0], {})
        self.post_ok(self.boss, '/admin/categories/%d/delete' % top[0], {})
        self.assertFalse(self.db('SELECT 1 FROM categories WHERE id IN (?, ?)', top[0], child[0]),
                         'expected both deleted')
        status, _, _ = self.site.get_text('/chuyen-muc/kinh-te/')
        self.assertEqual(status, 404, 'expected the deleted category gone at once, got %d' % status)
        for action in ('category.add', 'category.update', 'category.delete'):
            self.audit_has(action, 'category:%d' % top[0])

    # tags ----------------------------------------------------------------------------------
    def article_tags(self, aid):
        status, _, body = self.site.request('GET', '/api/v1/articles/%d' % aid)
        self.assertEqual(status, 200, 'expected the published article in the API, got %d' % status)
        return json.loads(body).get('tags')

    def test_tags(self):
        status, h, text = self.boss.post('/admin/articles/new', {
            'title': 'Bai co chu de', 'category': str(self.section_and_child()[1]),
            'body': '<p>x</p>',
            'tags': 'Nông thôn mới, Chuyển đổi số'})
        self.assertEqual(status, 303, 'expected the article created, got %d: %s'
                         % (status, text[:300]))
        aid = int(re.search(r'/admin/articles/(\d+)', location(h)).group(1))
        self.post_ok(self.boss, '/admin/articles/%d/publish' % aid, {})
        _, _, page = self.boss.get('/admin/tags')
        for name in ('Nông thôn mới', 'Chuyển đổi số'):
            self.assertRegex(page, r'>%s</a></td><td>1</td>' % name,
                             'expected %s listed with 1 article' % name)
        tags = {name: tid for tid, name in self.db('SELECT id, name FROM tags')}
        self.post_ok(self.boss, '/admin/tags/%d' % tags['Chuyển đổi số'],
                     {'name': 'Chuyển đổi số quốc gia'})
        got = self.article_tags(aid)
        self.assertEqual(sorted(got), ['Chuyển đổi số quốc gia', 'Nông thôn mới'],
                         'expected the renamed tag on the article at once, got %r' % got)
        _, text = self.post_ok(self.boss, '/admin/tags/%d' % tags['Chuyển đổi số'],
                               {'name': 'Nông thôn mới'}, want=409)
        self.post_ok(self.boss, '/admin/tags/%d' % tags['Chuyển đổi số'], {'name': ''}, want=422)
        self.post_ok(self.boss, '/admin/tags/%d/delete' % tags['Nông thôn mới'], {})
        got = self.article_tags(aid)
        self.assertEqual(got, ['Chuyển đổi số quốc gia'],
                         'expected the deleted tag removed from the article, got %r' % got)
        status, _, _ = self.boss.post('/admin/tags/99999/delete', {})
        self.assertEqual(status, 404, 'expected 404 for an unknown tag, got %d' % status)
        self.audit_has('tag.rename', 'tag:%d' % tags['Chuyển đổi số'])
        self.audit_has('tag.delete', 'tag:%d' % tags['Nông thôn mới'])

    # settings ------------------------------------------------------------------------------
    def test_settings(self):
        _, _, page = self.boss.get('/admin/settings')
        for label in ('Tên đơn vị chủ quản', 'Giấy phép', 'Múi giờ'):
            self.assertIn(label, page, 'expected the label %r on the settings form' % label)
        fields = self.settings_fields(site_name='Cổng thông tin thử nghiệm',
                                      phone='0221 3 888 888')
        self.post_ok(self.boss, '/admin/settings', fields)
        _, _, home = self.site.get_text('/')
        self.assertIn('Cổng thông tin thử nghiệm', home, 'expected the new name on the home page '
                      'at once')
        _, text = self.post_ok(self.boss, '/admin/settings',
                               self.settings_fields(timezone='Sao_Hoa/Olympus', site_name='Sai'),
                               want=422)
        self.assertIn('Múi giờ không hợp lệ', text, 'expected the time-zone message')
        self.assertIn('Sao_Hoa/Olympus', text, 'expected the sent value back in the form')
        stored = dict(self.db('SELECT key, value FROM settings'))
        self.assertEqual(stored.get('site_name'), 'Cổng thông tin thử nghiệm',
                         'expected nothing saved from a refused form, got %r'
                         % stored.get('site_name'))
        self.post_ok(self.boss, '/admin/settings', self.settings_fields(site_name=''), want=422)
        # issue 20 finding 14: base_url is an absolute http(s) address, never javascript:
        for bad in ('javascript:alert(1)', 'JavaScript://x/%0aalert(1)', '//evil.example',
                    'tuyengiao.example.vn', 'https://', 'https://a b.vn'):
            with self.subTest(base_url=bad):
                _, text = self.post_ok(self.boss, '/admin/settings',
                                       self.settings_fields(base_url=bad), want=422)
                self.assertIn('Địa chỉ gốc không hợp lệ', text)
        self.post_ok(self.boss, '/admin/settings',
                     self.settings_fields(base_url='https://tuyengiao.example.vn'))
        stored = dict(self.db('SELECT key, value FROM settings'))
        self.assertEqual(stored.get('base_url'), 'https://tuyengiao.example.vn')
        self.audit_has('settings.save', 'settings')

    def test_settings_base_url(self):
        """base_url: refused unless an absolute http(s) URL without credentials, with the message
        next to the field; escaped in the feeds and sitemap that print it."""
        for bad in ('javascript:alert(1)', 'ftp://example.vn', '//example.vn', 'example.vn',
                    'https://user:pass@example.vn', 'https://@example.vn', 'https://',
                    'https://example.vn/a b', 'https://example.vn/"><script>',
                    'https://example.vn/?q=1', 'http://exa mple.vn'):
            with self.subTest(base_url=bad):
                _, text = self.post_ok(self.boss, '/admin/settings',
                                       self.settings_fields(base_url=bad), want=422)
                field = text.find('id="set-base_url"')
                message = text.find('Địa chỉ gốc không hợp lệ')
                self.assertTrue(0 <= field < message,
                                'expected the base_url message after its field, got field at %d, '
                                'message at %d' % (field, message))
                self.assertIn('id="err-base_url"', text, 'expected the message tied to the field')
                self.assertIn('aria-describedby="err-base_url"', text,
                              'expected the field to point at its message')
                stored = dict(self.db('SELECT key, value FROM settings')).get('base_url', '')
                self.assertNotEqual(stored, bad, 'expected %r not saved' % bad)
        self.post_ok(self.boss, '/admin/settings',
                     self.settings_fields(base_url='https://Example.vn:8443/tin&bai/'))
        stored = dict(self.db('SELECT key, value FROM settings')).get('base_url')
        self.assertEqual(stored, 'https://Example.vn:8443/tin&bai/',
                         'expected the valid base_url saved, got %r' % stored)
        for path in ('/rss.xml', '/sitemap.xml'):
            with self.subTest(path=path):
                _, _, body = self.site.request('GET', path)
                self.assertIn(b'https://Example.vn:8443/tin&amp;bai', body,
                              'expected the escaped base URL in %s, got %r' % (path, body[:300]))
                self.assertNotIn(b'tin&bai', body, 'expected no raw & in %s' % path)
        self.post_ok(self.boss, '/admin/settings', self.settings_fields(base_url=''))

    # audit ---------------------------------------------------------------------------------
    def test_audit_page_and_csv(self):
        # entries that a spreadsheet could take for formulas, and quotes and commas
        Browser(self.site).login('=HYPERLINK("http://x.invalid","bấm")', 'sai')
        self.post_ok(self.boss, '/admin/categories', {'name': '+Tin, "nóng"', 'parent': '0'})
        for i in range(52):
            self.post_ok(self.boss, '/admin/settings', self.settings_fields(phone='0221 %d' % i))
        total = self.db('SELECT count(*) FROM audit_log')[0][0]
        self.assertGreater(total, 50, 'expected more than 50 entries, got %d' % total)
        status, _, page = self.boss.get('/admin/audit')
        self.assertEqual(status, 200, 'expected 200 for the audit page, got %d' % status)
        rows = re.findall(r'<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>'
                          r'<td><span title="[^"]*">([^<]*)</span></td>', page)
        self.assertEqual(len(rows), 50, 'expected 50 entries on page 1, got %d' % len(rows))
        self.assertEqual(rows[0][1:4], ('boss', '127.0.0.1', 'Lưu cài đặt'),
                         'expected the newest entry first, got %r' % (rows[0],))
        self.assertRegex(rows[0][0], r'^\d{2}/\d{2}/\d{4}', 'expected a local date, got %r'
                         % rows[0][0])
        self.assertIn('/admin/audit?page=2', page, 'expected a link to page 2')
        _, _, page2 = self.boss.get('/admin/audit?page=2')
        rows2 = re.findall(r'<tr><td>', page2)
        self.assertEqual(len(rows2), min(50, total - 50), 'expected %d entries on page 2, got %d'
                         % (min(50, total - 50), len(rows2)))
        status, _, _ = self.boss.get('/admin/audit?page=abc')
        self.assertEqual(status, 400, 'expected 400 for a bad page number, got %d' % status)
        for path in ('/admin/audit.csv', '/admin/audit?format=csv'):
            with self.subTest(path=path):
                self.check_csv(path, total)

    def check_csv(self, path, at_least):
        status, h, body = self.site.request('GET', path, headers=self.boss.headers())
        self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
        self.assertEqual(h.get('content-type'), 'text/csv; charset=utf-8',
                         'expected text/csv, got %r' % h.get('content-type'))
        self.assertRegex(h.get('content-disposition', ''), r'^attachment; filename="[^"]+\.csv"$',
                         'expected an attachment, got %r' % h.get('content-disposition'))
        self.assertTrue(body.startswith(b'\xef\xbb\xbf'), 'expected a UTF-8 BOM, got %r'
                        % body[:10])
        text = body[3:].decode('utf-8')
        self.assertIn('\r\n', text, 'expected CRLF line ends')
        rows = list(csv.reader(io.StringIO(text, newline='')))
        self.assertEqual(rows[0], ['ID', 'Thời gian', 'Người dùng', 'Địa chỉ', 'Thao tác',
                                   'Đối tượng', 'Chi tiết'], 'expected the header, got %r'
                         % rows[0])
        self.assertGreaterEqual(len(rows) - 1, at_least, 'expected at least %d entries, got %d'
                                % (at_least, len(rows) - 1))
        ids = [int(r[0]) for r in rows[1:]]
        self.assertEqual(ids, sorted(ids, reverse=True), 'expected newest first')
        for r in rows[1:]:
            for cell in r:
                self.assertFalse(cell[:1] in ('=', '+', '-', '@'),
                                 'expected no cell starting with a formula sign, got %r' % cell)
        failed = [r for r in rows if r[4] == 'login.failed']
        self.assertTrue(failed and failed[0][2] == '\'=HYPERLINK("http://x.invalid","bấm")',
                        'expected the formula name kept as text with a leading quote, got %r'
                        % (failed[:1],))
        added = [r for r in rows if r[4] == 'category.add']
        self.assertIn('\'+Tin, "nóng"', [r[6] for r in added],
                      'expected the category name with comma and quotes intact, got %r'
                      % [r[6] for r in added])
        self.assertRegex(rows[1][1], r'^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$',
                         'expected a local time stamp, got %r' % rows[1][1])


class UserCommands(NewsroomCase):
    """`gazette user passwd|disable|token|tokens|revoke` against a running server."""

    accounts = (('nam', 'editor'), ('thu', 'publisher'), ('khoa', 'editor'))

    def gz(self, *args, want=0):
        cp = self.site.run('user', *args)
        self.assertEqual(cp.returncode, want, 'expected `gazette user %s` to exit %d, got %d: %s'
                         % (' '.join(args), want, cp.returncode, cp.stderr))
        return cp

    def test_passwd_from_file_and_generated(self):
        b = self.browser('nam')
        pwfile = self.site.tmp + '/new.txt'
        with open(pwfile, 'w') as f:
            f.write('mat-khau-tu-tep\n')
        cp = self.gz('passwd', '--db', self.site.db_url(), '--password-file', pwfile, 'nam')
        self.assertNotIn('mat-khau-tu-tep', cp.stdout, 'expected the password not printed')
        status, _, _ = b.get('/admin')
        self.assertEqual(status, 303, 'expected the old session ended by passwd, got %d' % status)
        status, _, _ = Browser(self.site).login('nam', 'mat-khau-tu-tep')
        self.assertEqual(status, 303, 'expected the password from the file to work, got %d'
                         % status)
        cp = self.gz('passwd', '--db', self.site.db_url(), 'nam')
        m = re.search(r'^Password: (\S{8,})$', cp.stdout, re.M)
        self.assertTrue(m, 'expected a generated password on stdout, got %r' % cp.stdout)
        status, _, _ = Browser(self.site).login('nam', m.group(1))
        self.assertEqual(status, 303, 'expected the generated password to work, got %d' % status)

    def test_token_and_disable(self):
        import hashlib
        cp = self.gz('token', '--db', self.site.db_url(), 'thu')
        token = cp.stdout.strip()
        self.assertRegex(token, r'^gz_[A-Za-z0-9_-]{40,}$', 'expected one token line, got %r'
                         % cp.stdout)
        digest = hashlib.blake2b(token.encode(), digest_size=32).hexdigest()
        rows = self.db('SELECT u.name FROM api_tokens t JOIN users u ON u.id = t.user_id '
                       'WHERE t.token_hash = ?', digest)
        self.assertEqual(rows, [('thu',)], 'expected the token stored (hashed) for thu, got %r'
                         % rows)
        self.assertFalse(self.db('SELECT 1 FROM api_tokens WHERE token_hash = ?', token),
                         'expected the token itself never stored')
        b = self.browser('thu')
        cp = self.gz('disable', '--db', self.site.db_url(), 'thu')
        status, _, _ = b.get('/admin')
        self.assertEqual(status, 303, 'expected the session ended by disable, got %d' % status)
        status, _, _ = Browser(self.site).login('thu', PASSWORD)
        self.assertEqual(status, 401, 'expected a disabled account refused as a wrong password, '
                         'got %d' % status)
        cp = self.gz('token', '--db', self.site.db_url(), 'thu', want=1)
        self.assertIn('disabled', cp.stderr, 'expected a message about the disabled account')

    def api_me(self, token):
        return self.site.request('GET', '/api/v1/me',
                                 headers={'Authorization': 'Bearer ' + token})[0]

    def test_tokens_named_listed_revoked_and_expiring(self):
        # Issue 20 finding 6: tokens have a name and an expiry, are listed and revoked one by
        # one, and all of them go with a new password or with disabling.
        db = self.site.db_url()
        one = self.gz('token', '--db', db, '--name', 'may-dang-bai', '--days', '30',
                      'khoa').stdout.strip()
        two = self.gz('token', '--db', db, '--name', 'lich', 'khoa').stdout.strip()
        self.assertEqual((self.api_me(one), self.api_me(two)), (200, 200))
        listing = self.gz('tokens', '--db', db, 'khoa').stdout
        self.assertIn('may-dang-bai', listing)
        self.assertIn('lich', listing)
        self.assertNotIn(one, listing, 'expected the secret never shown again')
        made = self.db("SELECT t.expires_at - t.created_at FROM api_tokens t JOIN users u ON "
                       "u.id = t.user_id WHERE u.name = 'khoa' AND t.name = 'may-dang-bai'")
        self.assertEqual(int(made[0][0]), 30 * 86400)
        self.gz('revoke', '--db', db, '--name', 'may-dang-bai', 'khoa')
        self.assertEqual((self.api_me(one), self.api_me(two)), (401, 200),
                         'expected only the revoked token refused')
        cp = self.gz('revoke', '--db', db, '--name', 'may-dang-bai', 'khoa', want=1)
        self.assertIn('no token named', cp.stderr)
        with self.site.db_connect() as con:  # an expired token
            con.execute("UPDATE api_tokens SET expires_at = 1000 WHERE name = 'lich'")
        self.assertEqual(self.api_me(two), 401, 'expected an expired token refused')
        three = self.gz('token', '--db', db, 'khoa').stdout.strip()
        self.assertEqual(self.api_me(three), 200)
        self.gz('passwd', '--db', db, 'khoa')
        self.assertEqual(self.api_me(three), 401, 'expected a new password to revoke tokens')
        four = self.gz('token', '--db', db, 'khoa').stdout.strip()
        self.assertEqual(self.api_me(four), 200)
        self.gz('disable', '--db', db, 'khoa')
        with self.site.db_connect() as con:  # enabled again by hand: the old token stays dead
            con.execute("UPDATE users SET disabled = false WHERE name = 'khoa'")
        self.assertEqual(self.api_me(four), 401, 'expected disabling to revoke tokens for good')
        self.gz('token', '--db', db, '--days', '400', 'khoa', want=2)

    def test_errors(self):
        for args in (('passwd', '--db', self.site.db_url(), 'khong-ai'),
                     ('disable', '--db', self.site.db_url(), 'khong-ai'),
                     ('token', '--db', self.site.db_url(), 'khong-ai')):
            with self.subTest(args=args):
                cp = self.gz(*args, want=1)
                self.assertIn("no user named 'khong-ai'", cp.stderr,
                              'expected a clear message, got %r' % cp.stderr)
                self.assertEqual(cp.stdout, '', 'expected nothing on stdout, got %r' % cp.stdout)
        cp = self.gz('token', '--db', self.site.db_url(), want=2)
        self.assertIn('usage', cp.stderr, 'expected the usage for a missing name')
        cp = self.gz('frobnicate', want=2)
        self.assertIn("unknown user command 'frobnicate'", cp.stderr, 'expected a clear message')
