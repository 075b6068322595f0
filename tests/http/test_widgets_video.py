# Video (issue 14): MP4/WebM uploads checked by content, /media/ served with range requests, the
# /video/ page, embeds only of the players the sanitiser allows.
import os
import re

from harness import SiteTestCase
from test_media import multipart
from test_newsroom import PASSWORD, login_as


# The players' origins (src/sanitize/sanitize.h SANITIZE_EMBED_ORIGINS), the CSP's frame-src.
EMBED_ORIGINS = ('https://www.youtube.com', 'https://www.youtube-nocookie.com',
                 'https://player.vimeo.com')


BODY_MEMORY = 256 * 1024
MAX_VIDEO = 8 * 1024 * 1024


def fake_mp4(size):
    """An ISO base media file's first box ("ftyp"), then bytes that differ at every offset."""
    head = b'\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2'
    body = bytes((i * 7 + 3) % 251 for i in range(size - len(head)))
    return head + body


class MediaSite(SiteTestCase):
    """A site with a media folder, an admin and a contributor (no tests of its own)."""
    start_server = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        site = cls.site
        try:
            pwfile = os.path.join(site.tmp, 'password.txt')
            with open(pwfile, 'w') as f:
                f.write(PASSWORD + '\n')
            for name, role in (('bien_tap', 'admin'), ('phong_vien', 'contributor')):
                cp = site.run('user', 'add', '--db', site.db_url(), '--role', role,
                              '--password-file', pwfile, name)
                if cp.returncode != 0:
                    raise AssertionError('expected `gazette user add` to exit 0, got %d: %s'
                                         % (cp.returncode, cp.stderr))
            media = os.path.join(site.tmp, 'uploads')
            os.mkdir(media)
            # bodies held in memory are capped far below the uploads: only streaming passes
            site.start(extra_args=['--media', media, '--max-body-memory', str(BODY_MEMORY),
                                   '--max-video', str(MAX_VIDEO)])
        except BaseException:
            site.cleanup()
            raise



class VideoTest(MediaSite):

    def add(self, b, fields, files=()):
        b.get('/admin/videos')
        ct, body = multipart([('csrf', b.csrf)] + list(fields), list(files))
        headers = {'Content-Type': ct}
        headers.update(b.headers())
        status, h, resp = self.site.request('POST', '/admin/videos', headers=headers, body=body)
        return status, h, resp.decode('utf-8', 'replace')

    def test_upload_and_ranges(self):
        b = login_as(self.site, 'bien_tap')
        data = fake_mp4(5000)
        status, _, text = self.add(b, [('title', 'Hội nghị tổng kết'), ('embed', ''),
                                       ('poster', '')],
                                   [('file', 'hoi-nghi.mp4', data, 'video/mp4')])
        self.assertEqual(status, 303, 'expected 303 after the upload, got %d: %s'
                         % (status, text[:300]))
        status, _, page = self.site.get_text('/video/')
        self.assertEqual(status, 200, 'expected 200 for /video/, got %d' % status)
        m = re.search(r'<source src="(/media/\d{4}/\d{2}/[0-9a-f]{32}\.mp4)" type="video/mp4">',
                      page)
        self.assertTrue(m, 'expected the video on /video/ with its type')
        url = m.group(1)
        status, h, body = self.site.request('GET', url)
        self.assertEqual((status, body), (200, data), 'expected the whole file, got %d' % status)
        self.assertEqual(h.get('accept-ranges'), 'bytes', 'expected Accept-Ranges: bytes')
        cases = (('bytes=-100', 4900, 4999), ('bytes=0-9', 0, 9), ('bytes=4990-', 4990, 4999),
                 ('bytes=4990-99999', 4990, 4999))
        for rng, first, last in cases:
            with self.subTest(range=rng):
                status, h, body = self.site.request('GET', url, headers={'Range': rng})
                self.assertEqual(status, 206, 'expected 206 for %s, got %d' % (rng, status))
                self.assertEqual(body, data[first:last + 1],
                                 'expected exactly bytes %d-%d for %s, got %d bytes'
                                 % (first, last, rng, len(body)))
                self.assertEqual(h.get('content-range'), 'bytes %d-%d/5000' % (first, last),
                                 'expected the Content-Range, got %r' % h.get('content-range'))
        status, h, _ = self.site.request('GET', url, headers={'Range': 'bytes=6000-'})
        self.assertEqual((status, h.get('content-range')), (416, 'bytes */5000'),
                         'expected 416 beyond the end, got %d %r' % (status, h.get('content-range')))

    def test_refusals(self):
        b = login_as(self.site, 'bien_tap')
        status, _, text = self.add(b, [('title', 'Không phải video'), ('embed', ''),
                                       ('poster', '')],
                                   [('file', 'gia.mp4', b'<html>not a video</html>' * 10,
                                     'video/mp4')])
        self.assertEqual(status, 415, 'expected 415 for a file that is not a video, got %d'
                         % status)
        self.assertIn('MP4 hoặc WebM', text, 'expected the Vietnamese reason')
        status, _, _ = self.add(b, [('title', 'Nhúng lạ'), ('embed', 'https://evil.example/x'),
                                    ('poster', '')])
        self.assertEqual(status, 422, 'expected 422 for a player the sanitiser does not allow, '
                         'got %d' % status)
        status, _, _ = self.add(b, [('title', 'Nhúng YouTube'),
                                    ('embed', 'https://www.youtube.com/embed/abc123XYZ'),
                                    ('poster', '')])
        self.assertEqual(status, 303, 'expected a YouTube embed accepted, got %d' % status)
        _, _, page = self.site.get_text('/video/')
        self.assertIn('src="https://www.youtube.com/embed/abc123XYZ"', page,
                      'expected the embed on /video/')
        self.assertNotIn('Không phải video', page, 'expected nothing stored for the refusal')
        _, h, _ = self.site.request('GET', '/video/')
        csp = dict(d.strip().split(' ', 1) for d in h.get('content-security-policy', '').split(';')
                   if d.strip())
        self.assertEqual(sorted(csp.get('frame-src', '').split()),
                         sorted(EMBED_ORIGINS),
                         'expected frame-src to allow exactly the embeddable players, got %r'
                         % csp.get('frame-src'))
        self.assertEqual(csp.get('media-src', '').split(), ["'self'", 'https:', 'http:'],
                         'expected video and audio of article bodies from other sites to play '
                         '(the sanitiser keeps players with http and https sources), got %r'
                         % csp.get('media-src'))
        c = login_as(self.site, 'phong_vien')
        status, _, _ = c.get('/admin/videos')
        self.assertEqual(status, 403, 'expected 403 for a contributor, got %d' % status)


    def test_large_upload_streamed_and_limit(self):
        """A video of 12 times the memory allowed for bodies is streamed to disk and stored whole;
        one over max-video is refused with 413 before its body is read."""
        b = login_as(self.site, 'bien_tap')
        data = fake_mp4(3 * 1024 * 1024)
        status, _, text = self.add(b, [('title', 'Video lớn'), ('embed', ''), ('poster', '')],
                                   [('file', 'lon.mp4', data, 'video/mp4')])
        self.assertEqual(status, 303, 'expected a 3 MB video accepted with %d bytes of body '
                         'memory, got %d: %s' % (BODY_MEMORY, status, text[:300]))
        _, _, page = self.site.get_text('/video/')
        url = re.findall(r'<source src="(/media/[^"]+\.mp4)"', page)
        self.assertTrue(url, 'expected the video on /video/')
        sizes = {}
        for u in url:
            _, h, body = self.site.request('GET', u, headers={'Range': 'bytes=-100'})
            sizes[u] = h.get('content-range')
            if h.get('content-range') == 'bytes %d-%d/%d' % (len(data) - 100, len(data) - 1,
                                                               len(data)):
                self.assertEqual(body, data[-100:], 'expected the last 100 bytes stored whole')
                break
        else:
            self.fail('expected a stored video of %d bytes, got %r' % (len(data), sizes))
        big = fake_mp4(MAX_VIDEO + 1024 * 1024)
        status, _, text = self.add(b, [('title', 'Quá lớn'), ('embed', ''), ('poster', '')],
                                   [('file', 'qua-lon.mp4', big, 'video/mp4')])
        self.assertEqual(status, 413, 'expected 413 over max-video, got %d' % status)
        self.assertIn('Video quá lớn', text, 'expected the Vietnamese reason')
        self.assertFalse(self.site.db_query("SELECT 1 FROM videos WHERE title = 'Quá lớn'"),
                         'expected nothing stored')


class AlbumTest(MediaSite):
    """Photo albums from the media library."""

    def upload_png(self, b, name, w, h):
        import json
        from test_media import make_png
        b.get('/admin/media')
        ct, body = multipart([('csrf', b.csrf)], [('file', name, make_png(w, h), 'image/png')])
        headers = {'Content-Type': ct, 'Accept': 'application/json'}
        headers.update(b.headers())
        status, _, resp = self.site.request('POST', '/admin/media', headers=headers, body=body)
        self.assertEqual(status, 201, 'expected the image uploaded, got %d' % status)
        return json.loads(resp)['url']

    def test_album_grid_lightbox_cover(self):
        b = login_as(self.site, 'bien_tap')
        one = self.upload_png(b, 'mot.png', 640, 480)
        two = self.upload_png(b, 'hai.png', 320, 200)
        b.get('/admin/albums')
        status, _, text = b.post('/admin/albums', {
            'title': 'Đại hội Đoàn', 'photos': '%s | Khai mạc\n\n%s|Bế mạc\n' % (one, two)})
        self.assertEqual(status, 303, 'expected 303 creating the album, got %d: %s'
                         % (status, text[:300]))
        aid = int(self.site.db_query("SELECT id FROM albums WHERE title = 'Đại hội Đoàn'")[0][0])
        status, _, page = self.site.get_text('/thu-vien-anh/')
        self.assertEqual(status, 200, 'expected 200 for /thu-vien-anh/, got %d' % status)
        self.assertIn('href="/thu-vien-anh/%d"' % aid, page, 'expected the album listed')
        self.assertRegex(page, r'<img src="/media/\d{4}/\d{2}/[0-9a-f]{32}-t\.png"',
                         'expected the cover thumbnail')
        status, _, page = self.site.get_text('/thu-vien-anh/%d' % aid)
        self.assertEqual(status, 200, 'expected 200 for the album, got %d' % status)
        for want in ('href="#anh-1"', 'id="anh-1"', 'id="anh-2"', 'href="#anh-2">Ảnh sau',
                     'Khai mạc', 'Bế mạc', 'src="%s"' % one):
            self.assertIn(want, page, 'expected %r on the album page' % want)
        self.assertNotIn('<script', page.split('</main>')[0].split('<main')[1],
                         'expected a lightbox without scripts')
        status, _, text = b.post('/admin/albums', {'title': 'Xấu',
                                                   'photos': '/media/khong/co.png | x'})
        self.assertEqual(status, 422, 'expected 422 for a photo not in the library, got %d'
                         % status)
        status, _, _ = self.site.request('GET', '/thu-vien-anh/999999')
        self.assertEqual(status, 404, 'expected 404 for an unknown album, got %d' % status)

    def album_photos(self, aid):
        """The album's (file, caption) pairs in order, as stored."""
        return [(r[0], r[1]) for r in self.site.db_query(
            'SELECT file, caption FROM album_photos WHERE album_id = %d ORDER BY sort, id' % aid)]

    def test_album_edit_reorder_captions_remove_add(self):
        b = login_as(self.site, 'bien_tap')
        one = self.upload_png(b, 'mot.png', 640, 480)
        two = self.upload_png(b, 'hai.png', 320, 200)
        three = self.upload_png(b, 'ba.png', 300, 300)
        b.get('/admin/albums')
        status, _, _ = b.post('/admin/albums', {'title': 'Hội nghị',
                                                'photos': '%s | Một\n%s | Hai\n' % (one, two)})
        self.assertEqual(status, 303, 'expected the album made, got %d' % status)
        aid = int(self.site.db_query("SELECT max(id) FROM albums")[0][0])
        status, _, page = b.get('/admin/albums/%d' % aid)
        self.assertEqual(status, 200, 'expected the edit page, got %d' % status)
        for want in ('name="caption_0" value="Một"', 'name="order_1"', 'name="remove_0"',
                     'name="count" value="2"'):
            self.assertIn(want, page, 'expected %r on the edit page' % want)
        base = {'title': 'Hội nghị tổng kết', 'count': '2', 'file_0': one, 'file_1': two,
                'caption_0': 'Một', 'caption_1': 'Hai', 'order_0': '1', 'order_1': '2',
                'add': ''}
        # refusals first: each leaves the album as it was and keeps what was typed
        refusals = (
            (dict(base, remove_0='1', remove_1='1'), 'ít nhất một ảnh'),
            (dict(base, add='/media/khong/co.png | x'), 'không phải ảnh trong thư viện'),
            (dict(base, order_0='một'), 'số nguyên'),
            (dict(base, file_1='/media/khong/co.png'), 'không phải ảnh trong thư viện'),
            (dict(base, title=''), 'Tên album'),
            (dict(base, count='9999'), 'tải lại trang'),
        )
        for fields, words in refusals:
            with self.subTest(fields=fields):
                status, _, text = b.post('/admin/albums/%d' % aid, fields)
                self.assertEqual(status, 422, 'expected 422, got %d: %s' % (status, text[:300]))
                self.assertIn(words, text, 'expected the reason %r' % words)
        self.assertEqual(self.album_photos(aid), [(one[7:], 'Một'), (two[7:], 'Hai')],
                         'expected the refused edits to change nothing')
        # swap the order, rename a caption, add a third photo, then drop the first
        fields = dict(base, caption_1='Hai (sửa)', order_0='5', order_1='1',
                      add='%s | Ba' % three)
        status, h, text = b.post('/admin/albums/%d' % aid, fields)
        self.assertEqual(status, 303, 'expected 303 saving the album, got %d: %s'
                         % (status, text[:300]))
        self.assertEqual(self.album_photos(aid),
                         [(two[7:], 'Hai (sửa)'), (one[7:], 'Một'), (three[7:], 'Ba')],
                         'expected the new order, caption and added photo')
        cover = self.site.db_query('SELECT cover FROM albums WHERE id = %d' % aid)[0][0]
        self.assertTrue(cover.startswith(two[7:-4]), 'expected the new first photo as cover, '
                        'got %r' % cover)
        status, _, page = self.site.get_text('/thu-vien-anh/%d' % aid)
        self.assertIn('Hội nghị tổng kết', page, 'expected the new title on the page at once')
        self.assertLess(page.index('Hai (sửa)'), page.index('Một'),
                        'expected the page in the new order')
        fields = {'title': 'Hội nghị tổng kết', 'count': '3', 'file_0': two, 'file_1': one,
                  'file_2': three, 'caption_0': 'Hai (sửa)', 'caption_1': 'Một',
                  'caption_2': 'Ba', 'remove_1': '1', 'add': ''}
        status, _, _ = b.post('/admin/albums/%d' % aid, fields)
        self.assertEqual(status, 303, 'expected 303 removing a photo, got %d' % status)
        self.assertEqual(self.album_photos(aid), [(two[7:], 'Hai (sửa)'), (three[7:], 'Ba')],
                         'expected the photo removed and the others kept in order')
        rows = self.site.db_query("SELECT count(*) FROM audit_log WHERE action = 'album.update' "
                                  "AND object = 'album:%d'" % aid)
        self.assertEqual(int(rows[0][0]), 2, 'expected two audited edits, got %r' % rows)
        c = login_as(self.site, 'phong_vien')
        status, _, _ = c.get('/admin/albums/%d' % aid)
        self.assertEqual(status, 403, 'expected 403 for a contributor, got %d' % status)
        status, _, _ = c.post('/admin/albums/%d' % aid, dict(base, title='Không được'))
        self.assertEqual(status, 403, 'expected 403 saving as a contributor, got %d' % status)
        status, _, _ = b.get('/admin/albums/999999')
        self.assertEqual(status, 404, 'expected 404 for an unknown album, got %d' % status)
