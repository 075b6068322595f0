# A newsroom day (issue 11) over HTTP on both backends: an action button saves the form and acts in
# one transaction (all or nothing, with the stale-revision check), the same through the API's
# "changes", and the per-person autosave slots.
import json
import re
import urllib.parse

from test_newsroom import Browser, NewsroomCase, location

TOKEN_RE = re.compile(r'(gz_[A-Za-z0-9_-]{20,})')


class SaveAndAct(NewsroomCase):
    accounts = (('ctb', 'contributor'), ('ctb2', 'contributor'), ('ed', 'editor'),
                ('pub', 'publisher'))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat = cls.site_category()

    @classmethod
    def site_category(cls):
        con = cls.site.db_connect()
        try:
            return con.execute("SELECT id FROM categories WHERE slug = 'guong-dien-hinh'").fetchone()[0]
        finally:
            con.close()

    def fields(self, b, aid, **over):
        """The editor's form of article aid as the browser would send it, with some fields changed."""
        rev = self.revision(b, aid)
        f = {'title': 'Bài thử', 'lead': 'Sapo', 'body': '<p>Nội dung.</p>', 'author': 'Phóng viên',
             'signature': '', 'source': '', 'tags': '', 'expires': '', 'category': str(self.cat),
             'revision': rev}
        row = self.db('SELECT title, lead, body_html, author, signature, source FROM articles '
                      'WHERE id = ?', aid)[0]
        f.update(dict(zip(('title', 'lead', 'body', 'author', 'signature', 'source'), row)))
        f.update(over)
        return f

    def test_submit_keeps_unsaved_changes(self):
        b = self.browser('ctb')
        aid = self.create(b, 'Bài gửi duyệt không mất chữ', self.cat)
        before = self.db('SELECT revision FROM articles WHERE id = ?', aid)[0][0]
        status, h, text = b.post('/admin/articles/%d/submit' % aid,
                                 self.fields(b, aid, signature='PV Hữu Chất'))
        self.assertEqual(status, 303, 'expected 303 for submit with fields, got %d: %s'
                         % (status, text[:300]))
        self.assertIn('ok=submit', location(h))
        sig, st, rev = self.db('SELECT signature, status, revision FROM articles WHERE id = ?', aid)[0]
        self.assertEqual(sig, 'PV Hữu Chất', 'expected the signature sent with submit to be saved')
        self.assertEqual(st, 'submitted', 'expected the article submitted, got %r' % st)
        self.assertGreater(rev, before, 'expected a new revision for the saved change')

    def test_unchanged_form_makes_no_revision(self):
        b = self.browser('ctb')
        aid = self.create(b, 'Bài gửi duyệt không đổi gì', self.cat)
        n0 = self.db('SELECT count(*) FROM revisions WHERE article_id = ?', aid)[0][0]
        r0 = self.db('SELECT revision FROM articles WHERE id = ?', aid)[0][0]
        status, _, text = b.post('/admin/articles/%d/submit' % aid, self.fields(b, aid))
        self.assertEqual(status, 303, 'expected 303, got %d: %s' % (status, text[:300]))
        n1 = self.db('SELECT count(*) FROM revisions WHERE article_id = ?', aid)[0][0]
        r1 = self.db('SELECT revision FROM articles WHERE id = ?', aid)[0][0]
        self.assertEqual((n1, r1), (n0, r0), 'expected no new revision for an unchanged form')

    def test_stale_action_refused_and_text_kept(self):
        b = self.browser('ctb')
        aid = self.create(b, 'Bài xung đột khi gửi', self.cat)
        stale = self.fields(b, aid, source='Báo Hưng Yên')
        self.save(b, aid, 'Bài xung đột khi gửi (sửa ở thẻ khác)')
        status, _, text = b.post('/admin/articles/%d/submit' % aid, stale)
        self.assertEqual(status, 409, 'expected 409 for a stale submit, got %d' % status)
        self.assertIn('value="Báo Hưng Yên"', text, 'expected the typed source back in the form')
        st, src = self.db('SELECT status, source FROM articles WHERE id = ?', aid)[0]
        self.assertEqual((st, src), ('draft', ''), 'expected nothing saved, got %r' % ((st, src),))

    def test_failed_action_saves_nothing(self):
        ctb, ed = self.browser('ctb'), self.browser('ed')
        aid = self.create(ctb, 'Bài trả lại thiếu lý do', self.cat)
        self.act(ctb, aid, 'submit', 303)
        status, _, text = ed.post('/admin/articles/%d/return' % aid,
                                  self.fields(ed, aid, title='Tiêu đề biên tập sửa', comment=''))
        self.assertEqual(status, 422, 'expected 422 for a return without a reason, got %d' % status)
        self.assertIn('Tiêu đề biên tập sửa', text, 'expected the edited title kept in the form')
        title, st = self.db('SELECT title, status FROM articles WHERE id = ?', aid)[0]
        self.assertEqual((title, st), ('Bài trả lại thiếu lý do', 'submitted'),
                         'expected neither the save nor the return, got %r' % ((title, st),))
        status, _, _ = ed.post('/admin/articles/%d/return' % aid,
                               self.fields(ed, aid, title='Tiêu đề biên tập sửa',
                                           comment='Dòng một\nDòng hai'))
        self.assertEqual(status, 303)
        title, st, note = self.db('SELECT title, status, note FROM articles WHERE id = ?', aid)[0]
        self.assertEqual((title, st, note), ('Tiêu đề biên tập sửa', 'draft', 'Dòng một\nDòng hai'))

    def test_readonly_view_has_banner(self):
        b = self.browser('ctb')
        aid = self.create(b, 'Bài đã gửi chỉ xem', self.cat)
        self.act(b, aid, 'submit', 303)
        status, _, text = b.get('/admin/articles/%d' % aid)
        self.assertEqual(status, 200)
        self.assertIn('class="readonly"', text, 'expected a read-only banner')
        self.assertIn('<fieldset class="fields" disabled>', text, 'expected disabled fields')
        self.assertNotIn('name="save"', text, 'expected no save button')

    # the API's "changes" ----------------------------------------------------------------------
    def token(self, name):
        cp = self.site.run('user', 'token', '--db', self.site.db_url(), name)
        m = TOKEN_RE.search(cp.stdout)
        self.assertTrue(m, 'expected a token from `gazette user token`, got %r' % cp.stdout)
        return m.group(1)

    def api(self, tok, path, body):
        status, _, out = self.site.request(
            'POST', '/api/v1/' + path, body=json.dumps(body, ensure_ascii=False),
            headers={'Authorization': 'Bearer ' + tok, 'Content-Type': 'application/json'})
        return status, json.loads(out) if out.strip() else None

    def test_api_action_with_changes(self):
        b = self.browser('ctb')
        tok = self.token('ctb')
        aid = self.create(b, 'Bài gửi qua API', self.cat)
        rev = self.db('SELECT revision FROM articles WHERE id = ?', aid)[0][0]
        status, doc = self.api(tok, 'articles/%d/submit' % aid,
                               {'changes': {'signature': 'HC', 'revision': rev - 1 or 999}})
        self.assertEqual(status, 409, 'expected 409 for stale changes, got %d: %r' % (status, doc))
        self.assertEqual(self.status_of(aid), 'draft')
        status, doc = self.api(tok, 'articles/%d/submit' % aid, {'changes': {'signature': 'HC'}})
        self.assertEqual(status, 422, 'expected 422 without a revision, got %d: %r' % (status, doc))
        status, doc = self.api(tok, 'articles/%d/submit' % aid,
                               {'changes': {'signature': 'HC', 'revision': rev}})
        self.assertEqual(status, 200, 'expected 200, got %d: %r' % (status, doc))
        self.assertEqual((doc['signature'], doc['status']), ('HC', 'submitted'))

    # autosave ---------------------------------------------------------------------------------
    def test_autosave_slot_per_person(self):
        b, other = self.browser('ctb'), self.browser('ctb2')
        aid = self.create(b, 'Bài có bản tự lưu', self.cat)
        f = self.fields(b, aid, title='Tiêu đề tự lưu', article=str(aid))
        status, _, out = b.post('/admin/autosave', f)
        self.assertEqual(status, 200, 'expected 200 for an autosave, got %d: %s' % (status, out[:200]))
        self.assertIn('saved_at', json.loads(out))
        _, _, text = b.get('/admin/articles/%d' % aid)
        self.assertIn('id="autosave-offer"', text, 'expected the editor to offer the autosave')
        _, _, text = b.get('/admin/articles/%d?autosave=1' % aid)
        self.assertIn('value="Tiêu đề tự lưu"', text, 'expected the autosaved title in the form')
        self.assertEqual(self.db('SELECT title FROM articles WHERE id = ?', aid)[0][0],
                         'Bài có bản tự lưu', 'expected an autosave not to touch the article')
        status, _, _ = other.post('/admin/autosave', dict(f, article=str(aid)))
        self.assertEqual(status, 403, 'expected 403 autosaving another contributor\'s article')
        self.save(b, aid, 'Bài có bản tự lưu (đã lưu)')
        _, _, text = b.get('/admin/articles/%d' % aid)
        self.assertNotIn('id="autosave-offer"', text, 'expected a save to empty the slot')
        status, _, _ = b.post('/admin/autosave', {'article': 'x', 'title': 't'})
        self.assertEqual(status, 422, 'expected 422 for a bad article id')


class ListAndStates(NewsroomCase):
    accounts = (('lctb', 'contributor'), ('led', 'editor'), ('lpub', 'publisher'))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat = SaveAndAct.site_category.__func__(cls)

    def rows(self, text):
        """(title, state label, owner) of each row of the list."""
        return re.findall(r'<tr><td><a href="/admin/articles/\d+">([^<]*)</a>.*?'
                          r'<span class="state state-[a-z]+">([^<]*)</span></td><td>([^<]*)</td>',
                          text)

    def test_states_search_filters_and_start_pages(self):
        ctb, ed, pub = self.browser('lctb'), self.browser('led'), self.browser('lpub')
        a1 = self.create(ctb, 'Đảng bộ xã Yên Phú tổng kết năm', self.cat)
        a2 = self.create(ctb, 'Nông thôn mới ở huyện Yên Mỹ', self.cat)
        self.act(ctb, a1, 'submit', 303)
        self.act(ctb, a2, 'submit', 303)
        self.act(ed, a2, 'return', 303, comment='Thiếu ảnh')
        # The contributor's list and start page say "Bị trả lại", as the article does.
        _, _, text = ctb.get('/admin')
        got = dict((t, s) for t, s, _ in self.rows(text))
        self.assertEqual(got.get('Nông thôn mới ở huyện Yên Mỹ'), 'Bị trả lại',
                         'expected the returned article labelled "Bị trả lại", got %r' % got)
        self.assertEqual(got.get('Đảng bộ xã Yên Phú tổng kết năm'), 'Chờ duyệt')
        self.assertRegex(text, r'<span class="count">1</span> <span class="label">Bị trả lại</span>')
        _, _, art = ctb.get('/admin/articles/%d' % a2)
        self.assertIn('<strong class="status">Bị trả lại</strong>', art)
        # The editor's start page counts what waits for review; the publisher's too.
        _, _, text = ed.get('/admin')
        self.assertRegex(text, r'<span class="count">[1-9]\d*</span> <span class="label">Chờ duyệt</span>')
        _, _, text = pub.get('/admin')
        self.assertRegex(text, r'<span class="label">Chờ xuất bản</span>')
        self.assertRegex(text, r'<span class="label">Đã lên lịch</span>')
        # Search with or without diacritics, by state, and display names.
        for q in ('dang bo yen phu', 'Đảng bộ', 'DANG'):
            _, _, text = ed.get('/admin?q=' + urllib.parse.quote(q))
            titles = [t for t, _, _ in self.rows(text)]
            self.assertIn('Đảng bộ xã Yên Phú tổng kết năm', titles, 'expected %r to find it, got %r'
                          % (q, titles))
            self.assertNotIn('Nông thôn mới ở huyện Yên Mỹ', titles)
        _, _, text = ed.get('/admin?state=returned')
        titles = [t for t, _, _ in self.rows(text)]
        self.assertEqual(titles, ['Nông thôn mới ở huyện Yên Mỹ'], 'expected only the returned one')
        uid = self.db('SELECT id FROM users WHERE name = ?', 'lctb')[0][0]
        _, _, text = ed.get('/admin?author=%d&state=submitted' % uid)
        rows = self.rows(text)
        self.assertEqual([t for t, _, _ in rows], ['Đảng bộ xã Yên Phú tổng kết năm'])
        self.assertEqual(rows[0][2], 'lctb', 'expected the display name (set to the login by '
                         '`user add`), got %r' % rows[0][2])
        status, _, _ = ed.get('/admin?state=bogus')
        self.assertEqual(status, 400, 'expected 400 for an unknown state')
        status, _, _ = ed.get('/admin?from=2026-13-45')
        self.assertEqual(status, 400, 'expected 400 for a bad date')
        _, _, text = ed.get('/admin?from=2001-01-01&to=2001-01-02')
        self.assertEqual(self.rows(text), [], 'expected nothing updated in 2001')


class LabelledDiff(NewsroomCase):
    accounts = (('dctb', 'contributor'),)

    def test_each_field_by_name_and_images(self):
        b = self.browser('dctb')
        cat = SaveAndAct.site_category.__func__(self.__class__)
        aid = self.create(b, 'Bài so sánh', cat, body='<p>Đoạn một.</p><p><img src="/media/a.jpg" alt="A"></p>')
        _, _, text = b.get('/admin/articles/%d' % aid)
        rev = re.search(r'name="revision" value="(\d+)"', text).group(1)
        status, _, text = b.post('/admin/articles/%d' % aid, {
            'title': 'Bài so sánh', 'lead': 'Sapo thử nghiệm', 'author': 'Phóng viên',
            'body': '<p>Đoạn một.</p><p><img src="/media/b.jpg" alt="B"></p>', 'category': str(cat),
            'source': 'Báo Hưng Yên', 'tags': '', 'revision': rev})
        self.assertEqual(status, 303, text[:300])
        _, _, text = b.get('/admin/articles/%d' % aid)
        m = re.search(r'href="(/admin/articles/%d/diff\?from=\d+&amp;to=\d+)"' % aid, text)
        self.assertTrue(m, 'expected a one-click link to the last change on the article')
        status, _, diff = b.get(m.group(1).replace('&amp;', '&'))
        self.assertEqual(status, 200)
        labels = re.findall(r'<h2>([^<]+)</h2>', diff)
        self.assertEqual(labels, ['Nguồn', 'Ảnh trong bài'],
                         'expected only the source and the images changed, got %r' % labels)
        self.assertIn('<ins>Báo Hưng Yên</ins>', diff)
        self.assertRegex(diff, r'Ảnh thêm vào:.*<ins>/media/b\.jpg</ins>')
        self.assertRegex(diff, r'Ảnh bỏ đi:.*<del>/media/a\.jpg</del>')
        self.assertRegex(diff, r'Không thay đổi: Tiêu đề, Sapo, Nội dung, Chuyên mục, Tác giả')


class AuditWords(NewsroomCase):
    accounts = (('actb', 'contributor'), ('aadm', 'admin'))

    def test_audit_in_vietnamese_with_links(self):
        b, adm = self.browser('actb'), self.browser('aadm')
        cat = SaveAndAct.site_category.__func__(self.__class__)
        aid = self.create(b, 'Bài cho nhật ký', cat)
        self.act(b, aid, 'submit', 303)
        Browser(self.site, 'actb').login(password='sai-mat-khau')  # recorded as a failed login
        status, _, page = adm.get('/admin/audit')
        self.assertEqual(status, 200)
        for words in ('Gửi duyệt', 'Tạo bài viết', 'Đăng nhập sai'):
            self.assertIn('>%s</span>' % words, page, 'expected the action %r in words' % words)
        self.assertNotRegex(page, r'<td>[^<]*(article\.submit|login\.failed)[^<]*</td>',
                            'expected no raw action code shown as text')
        self.assertIn('<a href="/admin/articles/%d">Bài viết #%d</a>' % (aid, aid), page,
                      'expected a link to the article the entry concerns')

    def test_settings_every_field_checked_beside_it(self):
        adm = self.browser('aadm')
        status, _, page = adm.get('/admin/settings')
        self.assertEqual(status, 200)
        zones = re.findall(r'<option value="([^"]+)"', page[page.find('id="set-timezone"'):])
        self.assertTrue(zones and zones[0] == 'Asia/Ho_Chi_Minh',
                        'expected a list of zones with Asia/Ho_Chi_Minh first, got %r' % zones[:3])
        fields = dict(re.findall(r'<input id="set-[a-z_]+" name="([a-z_]+)" value="([^"]*)"', page))
        fields.update({'timezone': 'Sao_Hoa/Olympus', 'base_url': 'baotinh.gov.vn', 'site_name': ''})
        status, _, page = adm.post('/admin/settings', fields)
        self.assertEqual(status, 422, 'expected 422 for three bad fields, got %d' % status)
        for key, words in (('site_name', 'không được để trống'), ('timezone', 'Múi giờ không hợp lệ'),
                           ('base_url', 'Địa chỉ gốc không hợp lệ')):
            m = re.search(r'id="err-%s">([^<]*)<' % key, page)
            self.assertTrue(m and words in m.group(1), 'expected the message %r beside %s, got %r'
                            % (words, key, m and m.group(1)))
        self.assertIn('value="baotinh.gov.vn"', page, 'expected what was typed kept')

    def test_create_user_with_category_limits_in_one_form(self):
        adm = self.browser('aadm')
        status, _, page = adm.get('/admin/users')
        self.assertIn('id="newcat-', page, 'expected category boxes in the form that creates a user')
        cats = [r[0] for r in self.db('SELECT id FROM categories ORDER BY id')][:2]
        fields = [('name', 'ctv_gioihan'), ('display_name', 'Cộng tác viên giới hạn'),
                  ('role', 'contributor'), ('password', 'mat-khau-rat-dai')]
        fields += [('category', str(c)) for c in cats]
        status, h, text = adm.post('/admin/users', fields)
        self.assertEqual(status, 303, 'expected 303, got %d: %s' % (status, text[:300]))
        uid = self.db('SELECT id FROM users WHERE name = ?', 'ctv_gioihan')[0][0]
        got = sorted(r[0] for r in self.db('SELECT category_id FROM user_categories WHERE user_id = ?', uid))
        self.assertEqual(got, sorted(cats), 'expected the limits set with the account, got %r' % got)
        status, _, text = adm.post('/admin/users', [('name', 'ctv_sai'), ('display_name', 'X'),
                                                    ('role', 'contributor'), ('password', 'mat-khau-rat-dai'),
                                                    ('category', '999999')])
        self.assertEqual(status, 422, 'expected 422 for a category that does not exist')
        self.assertEqual(self.db('SELECT count(*) FROM users WHERE name = ?', 'ctv_sai')[0][0], 0)


class LimitedEditorList(NewsroomCase):
    accounts = (('lim_ctb', 'contributor'), ('lim_ed', 'editor'), ('lim_adm', 'admin'))

    def test_limited_editor_sees_only_its_categories(self):
        adm, ctb = self.browser('lim_adm'), self.browser('lim_ctb')
        status, _, _ = adm.post('/admin/categories', {'name': 'Thể thao riêng', 'parent': '0'})
        self.assertEqual(status, 303)
        sport = self.db("SELECT id FROM categories WHERE name = ?", 'Thể thao riêng')[0][0]
        home = SaveAndAct.site_category.__func__(self.__class__)
        uid = self.db('SELECT id FROM users WHERE name = ?', 'lim_ed')[0][0]
        status, _, _ = adm.post('/admin/users/%d' % uid, [('display_name', 'Biên tập thể thao'),
                                                         ('role', 'editor'), ('category', str(sport))])
        self.assertEqual(status, 303)
        mine = self.create(ctb, 'Bóng đá phong trào xã Yên Phú', sport)
        other = self.create(ctb, 'Bí mật chuyên mục khác', home)
        self.act(ctb, mine, 'submit', 303)
        self.act(ctb, other, 'submit', 303)
        ed = self.browser('lim_ed')
        for path in ('/admin', '/admin?state=submitted', '/admin?q=bi+mat'):
            _, _, text = ed.get(path)
            self.assertNotIn('Bí mật chuyên mục khác', text,
                             'expected no title from another category on %s' % path)
        _, _, text = ed.get('/admin')
        self.assertIn('Bóng đá phong trào xã Yên Phú', text)
        m = re.search(r'<span class="count">(\d+)</span> <span class="label">Chờ duyệt</span>', text)
        self.assertTrue(m and m.group(1) == '1',
                        'expected the start page to count only its category (1), got %r'
                        % (m and m.group(1)))
