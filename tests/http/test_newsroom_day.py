# A newsroom day (issue 11) over HTTP on both backends: an action button saves the form and acts in
# one transaction (all or nothing, with the stale-revision check), the same through the API's
# "changes", and the per-person autosave slots.
import json
import re

from test_newsroom import NewsroomCase, location, login_as

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
