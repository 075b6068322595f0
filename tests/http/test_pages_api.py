# Static pages, units and people on the write API (issue 13): the articles' workflow and roles
# for pages with tokens, revisions and restore, stale saves refused, bad bodies answered 415/422
# (never 500), only published pages public, units and people for admins only, every change
# audited; and `gazette export --pages`, `gazette import` and `gazette pages export|import`
# carrying pages with their status.
import json
import time

import test_api_write as W
from harness import SiteTestCase


class PagesApi(SiteTestCase):
    tokens = {}
    ids = {}
    call = W.ApiWriteTest.call
    expect_full = W.ApiWriteTest.expect

    def expect(self, want, method, path, who=None, body=None, **kw):
        """The JSON answer of a request that must answer `want` (ApiWriteTest.expect)."""
        return self.expect_full(want, method, path, who, body, **kw)[0]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.tokens = {}
            for name, role in (('contributor', 'contributor'), ('contributor2', 'contributor'),
                               ('editor', 'editor'), ('publisher', 'publisher'),
                               ('admin', 'admin')):
                W.ApiWriteTest.add_user.__func__(cls, W.PREFIX + name, role)
                cls.tokens[name] = W.ApiWriteTest.make_token.__func__(cls, W.PREFIX + name)
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def db(cls):
        return cls.site.db_connect()

    def rows(self, sql, *args):
        with self.db() as con:
            return list(con.execute(sql, args))

    def audited(self, action, obj):
        return bool(self.rows('SELECT 1 FROM audit_log WHERE action = ? AND object = ?',
                              action, obj))

    def public(self, slug):
        status, _, _ = self.site.request('GET', '/trang/' + slug)
        api, _, _ = self.site.request('GET', '/api/v1/pages/' + slug)
        self.assertEqual(status, api, 'expected /trang/%s and the API to agree, got %d and %d'
                         % (slug, status, api))
        listed = [p['slug'] for p in json.loads(self.site.request('GET', '/api/v1/pages')[2])
                  ['pages']]
        self.assertEqual(slug in listed, status == 200,
                         'expected the list to show %s only when it is public' % slug)
        return status == 200

    def public_after_cli(self, slug):
        """public(), once the server has seen a write of another process (its page cache polls
        the content version about every second)."""
        deadline = time.time() + 5
        while True:
            try:
                return self.public(slug)
            except AssertionError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)

    def new_page(self, who, slug, body='<p>Một</p>', want=201):
        doc = self.expect(want, 'POST', 'pages', who,
                          {'title': 'Trang ' + slug, 'slug': slug, 'body_html': body})
        return doc

    def test_workflow_and_roles(self):
        doc = self.new_page('contributor', 'quy-trinh')
        pid = doc['id']
        self.assertEqual((doc['status'], doc['revision']), ('draft', 1))
        self.assertTrue(self.audited('page.create', 'page:%d' % pid))
        self.assertFalse(self.public('quy-trinh'), 'expected a draft hidden from readers')
        # with a token: the owner (and editors) read the draft, another contributor does not
        doc = self.expect(200, 'GET', 'pages/quy-trinh', 'contributor')
        self.assertEqual((doc['id'], doc['status'], doc['revision']), (pid, 'draft', 1))
        self.assertEqual(self.expect(200, 'GET', 'pages/quy-trinh', 'editor')['status'], 'draft')
        self.expect(404, 'GET', 'pages/quy-trinh', 'contributor2')
        # a contributor may not publish, nor touch another's page
        self.expect(403, 'POST', 'pages/%d/publish' % pid, 'contributor')
        doc = self.expect(403, 'PATCH', 'pages/%d' % pid, 'contributor2',
                          {'title': 'Của người khác'})
        self.assertIn('trang của mình', doc['error'])
        self.expect(403, 'DELETE', 'pages/%d' % pid, 'editor')
        # return needs a submitted page
        self.expect(409, 'POST', 'pages/%d/return' % pid, 'editor')
        doc = self.expect(200, 'POST', 'pages/%d/submit' % pid, 'contributor')
        self.assertEqual(doc['status'], 'submitted')
        self.expect(403, 'PATCH', 'pages/%d' % pid, 'contributor', {'title': 'Sau khi gửi'})
        doc = self.expect(200, 'POST', 'pages/%d/return' % pid, 'editor')
        self.assertEqual(doc['status'], 'draft')
        self.expect(200, 'PATCH', 'pages/%d' % pid, 'contributor', {'body_html': '<p>Hai</p>'})
        self.assertFalse(self.public('quy-trinh'))
        doc = self.expect(200, 'POST', 'pages/%d/publish' % pid, 'publisher')
        self.assertEqual(doc['status'], 'published')
        self.assertTrue(self.public('quy-trinh'), 'expected a published page public at once')
        self.assertTrue(self.audited('page.publish', 'page:%d' % pid))
        self.expect(200, 'POST', 'pages/%d/unpublish' % pid, 'publisher')
        self.assertFalse(self.public('quy-trinh'), 'expected an unpublished page hidden')
        self.expect(409, 'POST', 'pages/%d/unpublish' % pid, 'publisher')
        self.expect(200, 'DELETE', 'pages/%d' % pid, 'publisher')
        self.assertTrue(self.audited('page.delete', 'page:%d' % pid))
        self.expect(404, 'PATCH', 'pages/%d' % pid, 'admin', {'title': 'x'})
        self.assertEqual(self.rows('SELECT count(*) FROM page_revisions WHERE page_id = ?',
                                   pid)[0][0], 0, 'expected the revisions gone with the page')

    def test_revisions_stale_save_and_restore(self):
        pid = self.new_page('admin', 'phien-ban', '<p>Bản đầu tiên</p>')['id']
        doc = self.expect(200, 'PATCH', 'pages/%d' % pid, 'admin',
                          {'body_html': '<p>Bản thứ hai</p>', 'revision': 1})
        self.assertEqual(doc['revision'], 2)
        doc = self.expect(409, 'PATCH', 'pages/%d' % pid, 'admin',
                          {'body_html': '<p>Cũ</p>', 'revision': 1})
        self.assertEqual(doc.get('current_revision'), 2)
        self.assertEqual(doc.get('code'), 'conflict')
        revs = self.expect(200, 'GET', 'pages/%d/revisions' % pid, 'admin')
        self.assertEqual([r['revision'] for r in revs['revisions']], [2, 1])
        self.assertEqual(revs['revisions'][1]['body_html'], '<p>Bản đầu tiên</p>')
        self.assertEqual(revs['revisions'][0]['user'], W.PREFIX + 'admin')
        self.expect(403, 'GET', 'pages/%d/revisions' % pid, 'contributor')
        self.expect(404, 'POST', 'pages/%d/restore' % pid, 'admin', {'revision': 9})
        doc = self.expect(200, 'POST', 'pages/%d/restore' % pid, 'admin', {'revision': 1})
        self.assertEqual((doc['revision'], doc['body_html']), (3, '<p>Bản đầu tiên</p>'))
        self.assertTrue(self.audited('page.restore', 'page:%d' % pid))
        self.expect(200, 'POST', 'pages/%d/publish' % pid, 'admin')
        status, _, body = self.site.request('GET', '/api/v1/pages/phien-ban')
        self.assertIn('Bản đầu tiên', json.loads(body)['body_html'])

    def test_bad_bodies_never_500(self):
        pid = self.new_page('admin', 'loi-dau-vao')['id']
        for method, path in (('POST', 'pages'), ('PATCH', 'pages/%d' % pid),
                             ('POST', 'units'), ('POST', 'people')):
            with self.subTest(method=method, path=path):
                self.expect(422, method, path, 'admin', raw='{"title": ', ctype='application/json')
                self.expect(422, method, path, 'admin', raw='[1, 2]')
                self.expect(415, method, path, 'admin', raw='title=x', ctype='text/plain')
                self.expect(422, method, path, 'admin', {'khong_co': 1})
                self.expect(401, method, path, None, {'title': 'x'})
        for body, field in (({'title': 7}, 'title'), ({'title': ''}, None),
                            ({'title': 'x', 'parent_id': -1}, 'parent_id'),
                            ({'title': 'x', 'parent_id': 999999}, None),
                            ({'title': 'x', 'position': '1'}, 'position'),
                            ({'title': 'x', 'revision': 'a'}, 'revision'),
                            ({'title': 'x' * 201}, None), ({'slug': 'chi-co-duong-dan'}, 'title')):
            with self.subTest(body=body):
                doc = self.expect(422, 'POST', 'pages', 'admin', body)
                if field:
                    self.assertEqual(doc.get('field'), field)
        self.expect(409, 'POST', 'pages', 'admin', {'title': 'Trùng', 'slug': 'loi-dau-vao'})
        self.expect(422, 'PATCH', 'pages/%d' % pid, 'admin', {'parent_id': pid})
        self.expect(404, 'PATCH', 'pages/99999999', 'admin', {'title': 'x'})
        self.expect(404, 'POST', 'pages/99999999/publish', 'admin')
        self.expect(422, 'POST', 'pages/%d/restore' % pid, 'admin', {})

    def test_units_and_people(self):
        self.expect(403, 'POST', 'units', 'publisher', {'name': 'Không được'})
        unit = self.expect(201, 'POST', 'units', 'admin',
                           {'name': 'Phòng Thư ký tòa soạn', 'phone': '024 1234 5678',
                            'email': 'tkts@example.vn', 'functions': 'Điều phối'})
        uid = unit['id']
        self.assertEqual(unit['slug'], 'phong-thu-ky-toa-soan')
        self.assertTrue(self.audited('unit.create', 'unit:%d' % uid))
        doc = self.expect(200, 'PATCH', 'units/%d' % uid, 'admin', {'fax': '024 8765 4321'})
        self.assertEqual((doc['fax'], doc['phone']), ('024 8765 4321', '024 1234 5678'))
        self.assertTrue(self.audited('unit.update', 'unit:%d' % uid))
        units = json.loads(self.site.request('GET', '/api/v1/units')[2])['units']
        self.assertIn('024 8765 4321', [u['fax'] for u in units if u['id'] == uid])
        self.expect(422, 'PATCH', 'units/%d' % uid, 'admin', {'website': 'ftp://x'})
        self.expect(422, 'PATCH', 'units/%d' % uid, 'admin', {'parent_id': uid})
        self.expect(404, 'PATCH', 'units/99999999', 'admin', {'name': 'x'})

        self.expect(422, 'POST', 'people', 'admin', {'name': 'Thiếu đơn vị'})
        self.expect(422, 'POST', 'people', 'admin', {'name': 'Sai', 'unit_id': 99999999})
        self.expect(422, 'POST', 'people', 'admin',
                    {'name': 'Ảnh', 'unit_id': uid, 'photo': 'javascript:alert(1)'})
        self.expect(403, 'POST', 'people', 'editor', {'name': 'Không', 'unit_id': uid})
        person = self.expect(201, 'POST', 'people', 'admin',
                             {'name': 'Nguyễn Văn An', 'title': 'Trưởng phòng', 'unit_id': uid,
                              'email': 'an@example.vn', 'order': 1})
        self.assertEqual((person['unit_id'], person['order']), (uid, 1))
        self.assertTrue(self.audited('person.create', 'person:%d' % person['id']))
        doc = self.expect(200, 'PATCH', 'people/%d' % person['id'], 'admin',
                          {'title': 'Phó trưởng phòng'})
        self.assertEqual((doc['title'], doc['name']), ('Phó trưởng phòng', 'Nguyễn Văn An'))
        self.expect(409, 'DELETE', 'units/%d' % uid, 'admin')
        self.expect(403, 'DELETE', 'people/%d' % person['id'], 'publisher')
        self.expect(200, 'DELETE', 'people/%d' % person['id'], 'admin')
        self.assertTrue(self.audited('person.delete', 'person:%d' % person['id']))
        self.expect(404, 'DELETE', 'people/%d' % person['id'], 'admin')
        self.expect(200, 'DELETE', 'units/%d' % uid, 'admin')
        self.assertTrue(self.audited('unit.delete', 'unit:%d' % uid))

    def test_export_import_keeps_status(self):
        draft = self.new_page('admin', 'xuat-nhap-nhap')['id']
        pub = self.new_page('admin', 'xuat-nhap-cong-khai', '<p>Công khai</p>')['id']
        self.expect(200, 'POST', 'pages/%d/publish' % pub, 'admin')
        cp = self.site.run('pages', 'export', '--db', self.site.db_url(), '-')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        lines = {json.loads(l)['slug']: json.loads(l) for l in cp.stdout.splitlines()}
        self.assertEqual(lines['xuat-nhap-nhap']['status'], 'draft')
        self.assertEqual(lines['xuat-nhap-cong-khai']['status'], 'published')
        self.expect(200, 'DELETE', 'pages/%d' % draft, 'admin')
        self.expect(200, 'DELETE', 'pages/%d' % pub, 'admin')
        self.assertFalse(self.public('xuat-nhap-cong-khai'))
        cp = self.site.run('pages', 'import', '--db', self.site.db_url(), '-', input=cp.stdout)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        deadline = time.time() + 5
        while not self.public_after_cli('xuat-nhap-cong-khai') and time.time() < deadline:
            time.sleep(0.2)
        self.assertTrue(self.public('xuat-nhap-cong-khai'), 'expected the published page back')
        self.assertFalse(self.public('xuat-nhap-nhap'), 'expected the draft to stay a draft')
        bad = json.dumps({'slug': 'sai-trang-thai', 'title': 'x', 'status': 'live'}) + '\n'
        cp = self.site.run('pages', 'import', '--db', self.site.db_url(), '-', input=bad)
        self.assertEqual(cp.returncode, 1)
        self.assertIn("field 'status'", cp.stderr)

    def test_gazette_export_import_carries_pages(self):
        top = self.new_page('admin', 'vong-top', '<p>Trên</p>')['id']
        self.expect(200, 'POST', 'pages/%d/publish' % top, 'admin')
        child = self.expect(201, 'POST', 'pages', 'admin',
                            {'title': 'Trang con', 'slug': 'vong-con', 'parent_id': top,
                             'position': 4, 'body_html': '<p>Dưới</p>'})['id']
        plain = self.site.run('export', '--db', self.site.db_url(), '-')
        self.assertEqual(plain.returncode, 0, plain.stderr)
        self.assertFalse([l for l in plain.stdout.splitlines() if '"type"' in l],
                         'expected no page in an export without --pages')
        cp = self.site.run('export', '--db', self.site.db_url(), '--pages', '-')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        out = cp.stdout
        self.assertTrue(out.startswith(plain.stdout), 'expected the articles first, as without '
                        '--pages')
        lines = [json.loads(l) for l in out.splitlines()]
        pages = [l for l in lines if l.get('type') == 'page']
        mine = [p for p in pages if p['slug'] in ('vong-top', 'vong-con')]
        self.assertEqual([(p['slug'], p.get('parent'), p['status']) for p in mine],
                         [('vong-top', None, 'published'), ('vong-con', 'vong-top', 'draft')],
                         'expected the pages as "type": "page" lines, parents first, got %r'
                         % mine)
        self.assertEqual(mine[1]['position'], 4)
        self.assertTrue(all('type' not in l for l in lines[:len(lines) - len(pages)]),
                        'expected the articles first, without a type')
        self.assertIn('pages', cp.stderr)
        # delete them, import the whole export back: the pages return, the articles unchanged
        self.expect(200, 'DELETE', 'pages/%d' % child, 'admin')
        self.expect(200, 'DELETE', 'pages/%d' % top, 'admin')
        cp = self.site.run('import', '--db', self.site.db_url(), '-', input=out)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        deadline = time.time() + 5
        while not self.public_after_cli('vong-top') and time.time() < deadline:
            time.sleep(0.2)
        self.assertTrue(self.public('vong-top'))
        self.assertFalse(self.public('vong-con'), 'expected the draft to stay a draft')
        again = self.site.run('export', '--db', self.site.db_url(), '--pages', '-').stdout
        self.assertEqual(sorted(again.splitlines()), sorted(out.splitlines()),
                         'expected export -> import -> export to give the same lines')
        # a bad page line: nothing imported, the line named
        bad = [json.dumps({'type': 'page', 'slug': 'vong-moi', 'title': 'Mới'}),
               json.dumps({'type': 'page', 'slug': 'vong-x', 'title': 'x', 'parent': 'khong-co'}),
               json.dumps({'type': 'bai', 'slug': 'y', 'title': 'y'}),
               json.dumps({'type': 'page', 'slug': 'z', 'title': 'z', 'views': 1})]
        cp = self.site.run('import', '--db', self.site.db_url(), '-',
                           input='\n'.join(bad) + '\n')
        self.assertEqual(cp.returncode, 1, cp.stderr)
        self.assertIn('<stdin>:2: ', cp.stderr)
        self.assertIn("<stdin>:3: field 'type'", cp.stderr)
        self.assertIn("<stdin>:4: unknown field 'views'", cp.stderr)
        self.assertFalse(self.rows("SELECT 1 FROM pages WHERE slug = 'vong-moi'"),
                         'expected nothing imported when a line is wrong')
