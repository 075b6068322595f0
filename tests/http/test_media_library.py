# The media library managed (issue 11): /api/v1/media with a token (upload, list, search, paging,
# describe, delete), bad files refused with their codes, where a file is used, deletion refused
# while it is, the newsroom's screens (several files in one form, description, search, deletion),
# and ETag / If-None-Match on /media/; on either backend.
import json
import os
import re
import struct
import zlib

from harness import REF_CATEGORY, REF_ID, SiteTestCase
from test_media import GIF_1X1, make_png, multipart
from test_newsroom import PASSWORD, Browser

TOKEN_RE = re.compile(r'\b(gz_[A-Za-z0-9_-]{16,})')
MAX_UPLOAD = 3 * 1024 * 1024


def png_header(w, h):
    """A PNG whose header claims w x h but whose data is tiny: a pixel bomb."""
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data
                + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(b'\x00' * 64)) + chunk(b'IEND', b''))


class MediaLibraryTest(SiteTestCase):
    start_server = False
    tokens = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        site = cls.site
        try:
            pw = os.path.join(site.tmp, 'password.txt')
            with open(pw, 'w') as f:
                f.write(PASSWORD + '\n')
            cls.tokens = {}
            for name, role in (('ml_pv', 'contributor'), ('ml_pv2', 'contributor'),
                               ('ml_btv', 'editor')):
                cp = site.run('user', 'add', '--db', site.db_url(), '--role', role,
                              '--password-file', pw, name)
                if cp.returncode != 0:
                    raise AssertionError('expected `gazette user add %s` to exit 0, got %d: %s'
                                         % (name, cp.returncode, cp.stderr))
                cp = site.run('user', 'token', '--db', site.db_url(), name)
                m = TOKEN_RE.search(cp.stdout)
                if cp.returncode != 0 or not m:
                    raise AssertionError('expected a token for %s, got %d: %s%s'
                                         % (name, cp.returncode, cp.stdout, cp.stderr))
                cls.tokens[name] = m.group(1)
            cls.media_dir = os.path.join(site.tmp, 'uploads')
            os.mkdir(cls.media_dir)
            site.start(extra_args=['--media', cls.media_dir, '--max-upload', str(MAX_UPLOAD)])
        except BaseException:
            site.cleanup()
            raise

    # helpers --------------------------------------------------------------------------------
    def api(self, method, path, who='ml_pv', body=None, raw=None, ctype=None, headers=None):
        h = dict(headers or {})
        if who:
            h['Authorization'] = 'Bearer ' + self.tokens[who]
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            ctype = ctype or 'application/json'
        if ctype:
            h['Content-Type'] = ctype
        status, rh, out = self.site.request(method, path, headers=h, body=data)
        parsed = json.loads(out) if out and rh.get('content-type', '').startswith(
            'application/json') else None
        return status, rh, parsed

    def upload(self, name, data, who='ml_pv', fields=(), ctype='application/octet-stream'):
        ct, body = multipart(list(fields), [('file', name, data, ctype)])
        return self.api('POST', '/api/v1/media', who=who, raw=body, ctype=ct)

    def upload_ok(self, name, data, who='ml_pv', fields=()):
        status, h, doc = self.upload(name, data, who, fields)
        self.assertEqual(status, 201, 'expected 201 uploading %s, got %d: %s' % (name, status, doc))
        return doc

    def db(self, sql, *args):
        con = self.site.db_connect()
        try:
            cur = con.execute(sql, args)
            rows = [tuple(r) for r in cur.fetchall()] if sql.lstrip().upper().startswith(
                'SELECT') else []
            con.commit()
            return rows
        finally:
            con.close()

    def browser(self, name):
        b = Browser(self.site, name)
        status, _, text = b.login()
        self.assertEqual(status, 303, text[:300])
        return b

    # the API --------------------------------------------------------------------------------
    def test_upload_with_token(self):
        doc = self.upload_ok('Lễ hội.png', make_png(900, 300, meta=True),
                             fields=[('alt', 'Đoàn rước kiệu'), ('caption', 'Lễ hội làng, 2026')])
        self.assertEqual((doc['width'], doc['height'], doc['mime']), (900, 300, 'image/png'))
        self.assertEqual((doc['name'], doc['alt'], doc['caption']),
                         ('Lễ hội.png', 'Đoàn rước kiệu', 'Lễ hội làng, 2026'))
        self.assertRegex(doc['url'], r'^/media/\d{4}/\d{2}/[0-9a-f]{32}\.png$')
        self.assertEqual(doc['uploaded_by'], 'ml_pv')
        urls = [t['url'] for t in doc['thumbnails']]
        self.assertTrue(any(u.endswith('-t.png') for u in urls), urls)
        self.assertIn('/media/t/w480/%s.webp' % doc['url'][len('/media/'):], urls)
        for t in doc['thumbnails']:
            status, h, body = self.site.request('GET', t['url'])
            self.assertEqual(status, 200, 'expected 200 for thumbnail %s, got %d' % (t['url'], status))
        status, _, body = self.site.request('GET', doc['url'])
        self.assertEqual(status, 200)
        self.assertNotIn(b'GPS', body)
        self.assertNotIn(b'eXIf', body)
        status, _, got = self.api('GET', '/api/v1/media/%d' % doc['id'])
        self.assertEqual(status, 200)
        self.assertEqual((got['alt'], got['uses']), ('Đoàn rước kiệu', []))
        rows = self.db("SELECT count(*) FROM audit_log WHERE action = 'media.upload' AND object = ?",
                       'media:%d' % doc['id'])
        self.assertEqual(rows[0][0], 1)

    def test_upload_needs_a_token(self):
        ct, body = multipart([], [('file', 'a.png', make_png(10, 10), 'image/png')])
        status, h, doc = self.api('POST', '/api/v1/media', who=None, raw=body, ctype=ct)
        self.assertEqual((status, doc['code']), (401, 'unauthorized'))
        status, _, doc = self.api('GET', '/api/v1/media', who=None)
        self.assertEqual((status, doc['code']), (401, 'unauthorized'))

    def test_bad_files_are_refused_with_their_code(self):
        before = self.api('GET', '/api/v1/media?per_page=1')[2]['total']
        cases = [('text.png', b'just text, not a picture\n', 415, 'unsupported_media_type'),
                 ('x.svg', b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
                  415, 'unsupported_media_type'),
                 ('fake.gif', b'GIF89a' + b'\x00' * 3, 422, 'undecodable'),
                 ('bomb.png', png_header(60000, 60000), 422, 'too_many_pixels'),
                 ('empty.png', b'', 422, 'no_file')]
        for name, data, want, code in cases:
            with self.subTest(name=name):
                status, _, doc = self.upload(name, data)
                self.assertEqual((status, doc['code']), (want, code),
                                 'expected %d %s for %s, got %d %s' % (want, code, name, status, doc))
        status, _, doc = self.api('POST', '/api/v1/media', body={'file': 'x'})
        self.assertEqual((status, doc['code']), (415, 'unsupported_media_type'))
        big = make_png(10, 10) + b'\x00' * (MAX_UPLOAD + 10)
        status, _, doc = self.upload('big.png', big)
        self.assertEqual((status, doc['code']), (413, 'payload_too_large'))
        self.assertEqual(self.api('GET', '/api/v1/media?per_page=1')[2]['total'], before)

    def test_list_search_and_paging(self):
        ids = []
        for i, cap in enumerate(('Lễ hội Đền Hùng năm nay', 'Hội nghị tỉnh ủy', 'Phiên chợ vùng cao')):
            ids.append(self.upload_ok('anh-%d.gif' % i, GIF_1X1, fields=[('caption', cap)])['id'])
        status, _, doc = self.api('GET', '/api/v1/media?q=den%20hung')
        self.assertEqual(status, 200)
        self.assertEqual([m['id'] for m in doc['items']], [ids[0]])
        status, _, doc = self.api('GET', '/api/v1/media?q=cho%20vung')
        self.assertEqual([m['id'] for m in doc['items']], [ids[2]])
        status, _, doc = self.api('GET', '/api/v1/media?per_page=1&page=2')
        self.assertEqual(status, 200)
        self.assertEqual((doc['page'], doc['per_page'], len(doc['items'])), (2, 1, 1))
        self.assertTrue(doc['more'])
        self.assertGreaterEqual(doc['total'], 3)
        first = self.api('GET', '/api/v1/media?per_page=2')[2]['items']
        self.assertEqual(first[1]['id'], doc['items'][0]['id'])
        for bad in ('page=0', 'per_page=101', 'per_page=x'):
            status, _, doc = self.api('GET', '/api/v1/media?' + bad)
            self.assertEqual((status, doc['code']), (400, 'bad_request'), bad)

    def test_patch_by_owner_and_editor_only(self):
        mid = self.upload_ok('sua.gif', GIF_1X1)['id']
        status, _, doc = self.api('PATCH', '/api/v1/media/%d' % mid,
                                  body={'alt': 'Cầu Long Biên', 'caption': 'Ảnh: PV'})
        self.assertEqual(status, 200, doc)
        self.assertEqual((doc['alt'], doc['caption'], doc['name']), ('Cầu Long Biên', 'Ảnh: PV', 'sua.gif'))
        status, _, doc = self.api('PATCH', '/api/v1/media/%d' % mid, who='ml_pv2', body={'alt': 'x'})
        self.assertEqual((status, doc['code']), (403, 'forbidden'))
        status, _, doc = self.api('PATCH', '/api/v1/media/%d' % mid, who='ml_btv', body={'name': 'Cầu'})
        self.assertEqual((status, doc['name'], doc['alt']), (200, 'Cầu', 'Cầu Long Biên'))
        for body in ({'alt': 5}, {'width': 3}, {'name': ''}, {'alt': 'x' * 301}):
            status, _, doc = self.api('PATCH', '/api/v1/media/%d' % mid, body=body)
            self.assertEqual((status, doc['code']), (422, 'invalid'), body)
        status, _, doc = self.api('PATCH', '/api/v1/media/999999', body={'alt': 'x'})
        self.assertEqual((status, doc['code']), (404, 'not_found'))

    def test_usage_shown_and_deletion_refused_while_used(self):
        doc = self.upload_ok('dung.gif', GIF_1X1)
        mid, url = doc['id'], doc['url']
        title = self.db('SELECT title FROM articles WHERE id = ?', REF_ID)[0][0]
        self.db('UPDATE articles SET image_src = ? WHERE id = ?', url, REF_ID)
        other = self.upload_ok('than-bai.gif', GIF_1X1)
        self.db("UPDATE pages SET body_html = body_html || ? WHERE id = (SELECT min(id) FROM pages)",
                '<p><img src="%s" alt="x"></p>' % other['url'])
        try:
            status, _, got = self.api('GET', '/api/v1/media/%d' % mid)
            self.assertEqual([(u['kind'], u['id'], u['title']) for u in got['uses']],
                             [('featured', REF_ID, title)])
            status, _, err = self.api('DELETE', '/api/v1/media/%d' % mid)
            self.assertEqual((status, err['code']), (409, 'in_use'))
            self.assertEqual([u['id'] for u in err['uses']], [REF_ID])
            b = self.browser('ml_pv')
            status, _, text = b.get('/admin/media/%d' % mid)
            self.assertEqual(status, 200)
            self.assertIn('Ảnh đại diện bài viết', text)
            self.assertIn('/admin/articles/%d' % REF_ID, text)
            self.assertNotIn('Xóa ảnh</button>', text)
            status, _, text = b.post('/admin/media/%d/delete' % mid, {'confirm': '1'})
            self.assertEqual(status, 409, text[:300])
            self.assertIn('đang được dùng', text)
            status, _, _ = self.site.request('GET', url)
            self.assertEqual(status, 200)
            pages = self.api('GET', '/api/v1/media/%d' % other['id'])[2]['uses']
            if self.db('SELECT count(*) FROM pages')[0][0]:
                self.assertEqual([u['kind'] for u in pages], ['page'])
        finally:
            self.db("UPDATE articles SET image_src = '' WHERE id = ?", REF_ID)
        status, _, doc = self.api('DELETE', '/api/v1/media/%d' % mid, who='ml_pv2')
        self.assertEqual((status, doc['code']), (403, 'forbidden'))
        status, _, doc = self.api('DELETE', '/api/v1/media/%d' % mid)
        self.assertEqual((status, doc), (200, {'id': mid, 'deleted': True}))
        status, _, _ = self.site.request('GET', url)
        self.assertEqual(status, 404)
        self.assertFalse(os.path.exists(os.path.join(self.media_dir, url[len('/media/'):])))
        status, _, doc = self.api('GET', '/api/v1/media/%d' % mid)
        self.assertEqual(status, 404)
        rows = self.db("SELECT count(*) FROM audit_log WHERE action = 'media.delete' AND object = ?",
                       'media:%d' % mid)
        self.assertEqual(rows[0][0], 1)

    def test_body_use_is_found(self):
        doc = self.upload_ok('trong-bai.gif', GIF_1X1)
        self.db('UPDATE articles SET body_html = body_html || ? WHERE id = ?',
                '<p><img src="%s" alt="a"></p>' % doc['url'], REF_ID)
        uses = self.api('GET', '/api/v1/media/%d' % doc['id'])[2]['uses']
        self.assertEqual([(u['kind'], u['id']) for u in uses], [('article', REF_ID)])
        status, _, err = self.api('DELETE', '/api/v1/media/%d' % doc['id'], who='ml_btv')
        self.assertEqual((status, err['code']), (409, 'in_use'))

    # /media/ caching ------------------------------------------------------------------------
    def test_etag_and_304(self):
        doc = self.upload_ok('etag.png', make_png(700, 400))
        for url in (doc['url'], doc['thumbnails'][0]['url'], doc['thumbnails'][1]['url']):
            with self.subTest(url=url):
                status, h, body = self.site.request('GET', url)
                self.assertEqual(status, 200)
                etag = h.get('etag')
                self.assertRegex(etag or '', r'^"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$')
                self.assertIn('max-age=31536000', h['cache-control'])
                status, h2, body = self.site.request('GET', url, headers={'If-None-Match': etag})
                self.assertEqual((status, body), (304, b''))
                self.assertEqual(h2.get('etag'), etag)
                status, _, _ = self.site.request('GET', url,
                                                 headers={'If-None-Match': '"x", W/' + etag})
                self.assertEqual(status, 304)
                status, _, body = self.site.request('GET', url, headers={'If-None-Match': '"0-0-0"'})
                self.assertEqual(status, 200)
                self.assertTrue(len(body) > 0)

    # the newsroom ---------------------------------------------------------------------------
    def test_newsroom_several_files_in_one_form(self):
        b = self.browser('ml_pv')
        b.get('/admin/media')
        ct, body = multipart([('csrf', b.csrf)],
                             [('file', 'mot.gif', GIF_1X1, 'image/gif'),
                              ('file', 'hai.png', make_png(30, 20), 'image/png')])
        h = dict(b.headers(), **{'Content-Type': ct})
        status, rh, _ = self.site.request('POST', '/admin/media', headers=h, body=body)
        self.assertEqual(status, 303)
        status, _, text = b.get('/admin/media')
        self.assertIn('mot.gif', text)
        self.assertIn('hai.png', text)
        ct, body = multipart([('csrf', b.csrf)],
                             [('file', 'ba.gif', GIF_1X1, 'image/gif'),
                              ('file', 'hong.png', b'not an image', 'image/png')])
        h = dict(b.headers(), **{'Content-Type': ct})
        status, _, out = self.site.request('POST', '/admin/media', headers=h, body=body)
        text = out.decode()
        self.assertEqual(status, 200, text[:300])
        self.assertIn('Đã tải lên 1 ảnh; 1 tệp bị từ chối', text)
        self.assertIn('hong.png', text)

    def test_newsroom_describe_search_delete(self):
        b = self.browser('ml_pv')
        mid = self.upload_ok('mo-ta.gif', GIF_1X1)['id']
        status, _, text = b.get('/admin/media/%d' % mid)
        self.assertEqual(status, 200)
        status, h, text = b.post('/admin/media/%d' % mid, {
            'name': 'Cổng làng', 'alt': 'Cổng làng cổ Đường Lâm', 'caption': 'Ảnh tư liệu'})
        self.assertEqual(status, 303, text[:300])
        status, _, text = b.get('/admin/media?q=duong%20lam')
        self.assertIn('Cổng làng cổ Đường Lâm', text)
        self.assertIn('/admin/media/%d' % mid, text)
        status, _, text = b.get('/admin/media?q=khong%20co%20dau')
        self.assertNotIn('/admin/media/%d"' % mid, text)
        status, _, text = b.post('/admin/media/%d' % mid, {'name': '', 'alt': '', 'caption': ''})
        self.assertEqual(status, 422)
        self.assertIn('Tên ảnh không được để trống', text)
        other = self.browser('ml_pv2')
        status, _, text = other.post('/admin/media/%d' % mid, {'name': 'x'})
        self.assertEqual(status, 403)
        b.get('/admin/media/%d' % mid)
        status, _, text = b.post('/admin/media/%d/delete' % mid, {})
        self.assertEqual(status, 422)
        self.assertIn('xác nhận', text)
        status, h, text = b.post('/admin/media/%d/delete' % mid, {'confirm': '1'})
        self.assertEqual(status, 303, text[:300])
        self.assertEqual(self.db('SELECT count(*) FROM media WHERE id = ?', mid)[0][0], 0)
        status, _, _ = self.site.request('GET', '/admin/media/%d' % mid, headers=b.headers())
        self.assertEqual(status, 404)
        rows = self.db("SELECT action FROM audit_log WHERE object = ? ORDER BY id", 'media:%d' % mid)
        self.assertEqual([r[0] for r in rows], ['media.upload', 'media.describe', 'media.delete'])

    # the featured image in the revision diff --------------------------------------------------
    def test_diff_shows_the_featured_image(self):
        one = self.upload_ok('dai-dien-1.gif', GIF_1X1)['url']
        two = self.upload_ok('dai-dien-2.gif', GIF_1X1)['url']
        status, _, art = self.api('POST', '/api/v1/articles', body={
            'title': 'Bài có ảnh đại diện', 'category': REF_CATEGORY, 'body_html': '<p>Một.</p>',
            'image': {'src': one, 'alt': 'Ảnh cũ', 'caption': 'Chú thích cũ'}})
        self.assertEqual(status, 201, art)
        status, _, art2 = self.api('PATCH', '/api/v1/articles/%d' % art['id'], body={
            'revision': art['revision'],
            'image': {'src': two, 'alt': 'Ảnh cũ', 'caption': 'Chú thích mới'}})
        self.assertEqual(status, 200, art2)
        b = self.browser('ml_pv')
        status, _, diff = b.get('/admin/articles/%d/diff?from=%d&to=%d'
                                % (art['id'], art['revision'], art2['revision']))
        self.assertEqual(status, 200, diff[:300])
        labels = re.findall(r'<h2>([^<]+)</h2>', diff)
        self.assertEqual(labels, ['Ảnh đại diện', 'Chú thích ảnh đại diện'],
                         'expected only the featured image and its caption changed, got %r' % labels)
        self.assertRegex(diff, r'Ảnh thêm vào:.*<ins>%s</ins>' % re.escape(two))
        self.assertRegex(diff, r'Ảnh bỏ đi:.*<del>%s</del>' % re.escape(one))
        self.assertIn('<del>cũ</del>', diff)
        self.assertIn('<ins>mới</ins>', diff)
        self.assertRegex(diff, r'Không thay đổi:[^<]*Mô tả ảnh đại diện \(alt\)')
        # the image is in use now: the library says where; the draft's title only to those who
        # may see the draft
        uses = self.api('GET', '/api/v1/media?q=dai-dien-2')[2]['items']
        got = self.api('GET', '/api/v1/media/%d' % uses[0]['id'])[2]['uses']
        self.assertEqual([(u['kind'], u['id'], u['title']) for u in got],
                         [('featured', art['id'], 'Bài có ảnh đại diện')])
        got = self.api('GET', '/api/v1/media/%d' % uses[0]['id'], who='ml_btv')[2]['uses']
        self.assertEqual(got[0]['title'], 'Bài có ảnh đại diện')
        got = self.api('GET', '/api/v1/media/%d' % uses[0]['id'], who='ml_pv2')[2]['uses']
        self.assertEqual([(u['kind'], u['id'], u['title']) for u in got],
                         [('featured', art['id'], '(một bài viết bạn không được xem)')],
                         'expected another contributor\'s draft title hidden')
        # restoring the first revision brings its featured image back
        b.get('/admin/articles/%d/revisions' % art['id'])
        status, _, text = b.post('/admin/articles/%d/restore' % art['id'],
                                 {'revision': str(art['revision'])})
        self.assertEqual(status, 303, text[:300])
        status, _, now = self.api('GET', '/api/v1/articles/%d' % art['id'])
        self.assertEqual(now['image'], {'src': one, 'alt': 'Ảnh cũ', 'caption': 'Chú thích cũ'},
                         'expected the restored revision\'s image, got %r' % now['image'])
