# Featured images (issue 10): the portal demo's photographs in the media library; thumbnails at
# several widths in WebP and JPEG with srcset, made once and served immutable; og:image and the
# JSON-LD image; a missing or undecodable picture leaves the story as text; alt text is required
# to publish (JSON Lines, API); the API reads and writes `image`; export round-trips it.
import json
import os
import re
import subprocess
import time
import unittest

from harness import SiteTestCase, is_pg, parse_links, visible_lines

TOKEN_RE = re.compile(r'\b(gz_[A-Za-z0-9_-]{16,})')
PHOTO_ARTICLE = 101   # demo/portal.jsonl: "Hội nghị Ban Chấp hành...", /media/demo/hoi-truong.jpg


class ImagesTest(SiteTestCase):
    start_server = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        site = cls.site
        try:
            cls.media = os.path.join(site.tmp, 'media')
            os.makedirs(cls.media, exist_ok=True)
            cp = site.run('init', '--db', site.db_url(), '--demo-photos', '--media', cls.media)
            if cp.returncode != 0:
                raise AssertionError('expected init --demo-photos to work, got %d: %s'
                                     % (cp.returncode, cp.stderr))
            # an undecodable "photograph" that the library lists, and articles pointing at it,
            # at a file that is not in the library and at a remote picture
            with open(os.path.join(cls.media, 'demo', 'hong.jpg'), 'wb') as f:
                f.write(b'\xff\xd8\xff\xe0 this is not a JPEG at all' * 10)
            with site.db_connect() as con:
                con.execute("INSERT INTO media (file, thumb, name, mime, bytes, width, height, "
                            "created_at) VALUES ('demo/hong.jpg', '', 'hong.jpg', 'image/jpeg', "
                            "400, 960, 640, 0)")
            lines = []
            for i, src in ((401, '/media/demo/hong.jpg'), (402, '/media/khong-co.jpg'),
                           (403, 'https://example.org/anh.jpg')):
                lines.append(json.dumps({
                    'id': i, 'title': 'Bài ảnh %d' % i, 'body_html': '<p>Thân bài.</p>',
                    'category': ['Ảnh thử'], 'published_at': '2020-01-0%dT08:00:00+07:00' % (i - 400),
                    'image': {'src': src, 'alt': 'Ảnh %d' % i, 'caption': ''}}, ensure_ascii=False))
            path = os.path.join(site.tmp, 'img.jsonl')
            with open(path, 'w', encoding='utf-8') as f:
                f.write('\n'.join(lines) + '\n')
            cp = site.run('import', '--db', site.db_url(), path)
            if cp.returncode != 0:
                raise AssertionError('expected the import to work, got %s' % cp.stderr)
            site.start(extra_args=('--media', cls.media))
        except BaseException:
            site.cleanup()
            raise

    def page(self, article_id):
        status, h, _ = self.site.request('GET', '/a/%d' % article_id)
        self.assertEqual(status, 301, 'expected /a/%d to redirect, got %d' % (article_id, status))
        status, _, body = self.site.request('GET', self.site.url_path(h['location']))
        self.assertEqual(status, 200, 'expected the article page 200, got %d' % status)
        return body.decode('utf-8')

    def test_article_picture_srcset_og_and_json_ld(self):
        text = self.page(PHOTO_ARTICLE)
        fig = re.search(r'<figure class="featured">(.*?)</figure>', text, re.S)
        self.assertIsNotNone(fig, 'expected the featured image figure on the article page')
        fig = fig.group(1)
        self.assertRegex(fig, r'<source type="image/webp" srcset="/media/t/w480/demo/hoi-truong\.jpg\.webp 480w, '
                         r'/media/t/w720/demo/hoi-truong\.jpg\.webp 720w, '
                         r'/media/t/w960/demo/hoi-truong\.jpg\.webp 960w"',
                         'expected WebP at three widths, got %r' % fig)
        self.assertRegex(fig, r'srcset="/media/t/w480/demo/hoi-truong\.jpg\.jpg 480w, ',
                         'expected the JPEG fallback with srcset, got %r' % fig)
        self.assertRegex(fig, r'alt="Quang cảnh hội nghị" width="960" height="640"',
                         'expected alt, width and height, got %r' % fig)
        self.assertIn('<figcaption>Quang cảnh hội nghị (ảnh minh họa)</figcaption>', fig)
        og = re.search(r'<meta property="og:image" content="([^"]+)">', text)
        self.assertIsNotNone(og, 'expected og:image')
        self.assertRegex(og.group(1), r'^http://127\.0\.0\.1:\d+/media/t/w960/demo/hoi-truong\.jpg\.jpg$',
                         'expected an absolute og:image, got %r' % og.group(1))
        ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        doc = json.loads(ld.group(1))
        self.assertEqual(doc.get('image'), [og.group(1)],
                         'expected the JSON-LD image to be the og:image, got %r' % doc.get('image'))

    def test_thumbnails_served_immutable_and_made_once(self):
        text = self.page(PHOTO_ARTICLE)
        urls = re.findall(r'(/media/t/[^" ,]+)', text)
        self.assertTrue(urls, 'expected thumbnail URLs on the page')
        for url in sorted(set(urls)):
            with self.subTest(url=url):
                status, h, body = self.site.request('GET', url)
                self.assertEqual(status, 200, 'expected %s 200, got %d' % (url, status))
                want = 'image/webp' if url.endswith('.webp') else 'image/jpeg'
                self.assertEqual(h.get('content-type'), want, 'expected %s, got %r'
                                 % (want, h.get('content-type')))
                self.assertIn('immutable', h.get('cache-control', ''),
                              'expected immutable caching, got %r' % h.get('cache-control'))
                magic = b'RIFF' if want == 'image/webp' else b'\xff\xd8'
                self.assertTrue(body.startswith(magic), 'expected a real %s, got %r' % (want, body[:8]))
        disk = os.path.join(self.media, '.thumbs', 'w960', 'demo', 'hoi-truong.jpg.webp')
        self.assertTrue(os.path.isfile(disk), 'expected the thumbnail kept on disk at %s' % disk)
        before = os.stat(disk).st_mtime_ns
        self.site.request('GET', '/media/t/w960/demo/hoi-truong.jpg.webp')
        self.assertEqual(os.stat(disk).st_mtime_ns, before, 'expected the thumbnail made once')
        for bad in ('/media/t/w123/demo/hoi-truong.jpg.webp', '/media/t/c480/demo/khong-co.jpg.jpg',
                    '/media/t/c480/demo/hoi-truong.jpg.png', '/media/t/c480/../g.db.jpg'):
            with self.subTest(bad=bad):
                status, _, _ = self.site.request('GET', bad)
                self.assertIn(status, (400, 404), 'expected %s refused, got %d' % (bad, status))

    def test_home_and_category_have_thumbnails_and_lazy_loading(self):
        status, _, body = self.site.request('GET', '/')
        text = body.decode('utf-8')
        pics = re.findall(r'<img [^>]*>', text)
        self.assertGreaterEqual(len(pics), 4, 'expected pictures on the home page, got %r' % pics)
        self.assertIn('fetchpriority="high"', pics[0], 'expected the lead photo loaded first')
        self.assertTrue(all('loading="lazy"' in p for p in pics[1:]),
                        'expected the other pictures lazy, got %r' % pics[1:])
        self.assertTrue(all(re.search(r'width="\d+" height="\d+"', p) for p in pics),
                        'expected width and height on every picture')
        status, _, body = self.site.request('GET', '/chuyen-muc/tin-tuc/')
        self.assertEqual(status, 200, 'expected the category page, got %d' % status)
        self.assertIn('srcset="/media/t/c', body.decode('utf-8'),
                      'expected thumbnails on the category page')

    def test_portal_demo_fills_every_module(self):
        # `init --demo-photos` (what `make run` loads) gives every public module content, through
        # the same importers and store calls an agency's own data would go through
        checks = [('/to-chuc/', ['Lãnh đạo Ban', 'Văn phòng Ban', 'Trưởng ban', '.vcf']),
                  ('/van-ban/', ['4 văn bản', '125/QĐ-BTGTU', 'Hết hiệu lực']),
                  ('/trang/chuc-nang-nhiem-vu', ['Chức năng, nhiệm vụ', 'Tham mưu']),
                  ('/thu-vien-anh/', ['Hình ảnh hoạt động']),
                  ('/', ['Bạn thường tiếp nhận thông tin của tỉnh qua kênh nào?',
                         'href="/lien-he"', 'href="/hoi-dap/"']),
                  ('/en/', ['Provincial Party Committee meets for its 12th conference',
                            'About us']),
                  ('/en/organisation/', ['Leadership', 'Head of the Commission']),
                  ('/en/page/chuc-nang-nhiem-vu', ['Functions and tasks', 'lang="en"'])]
        for url, wants in checks:
            status, _, body = self.site.request('GET', url)
            text = body.decode('utf-8')
            self.assertEqual(status, 200, 'expected %s 200, got %d' % (url, status))
            for want in wants:
                self.assertIn(want, text, 'expected %r on %s of the portal demo' % (want, url))
        status, _, body = self.site.request('GET', '/thu-vien-anh/')
        link = re.search(r'href="(/thu-vien-anh/\d+)"', body.decode('utf-8'))
        self.assertIsNotNone(link, 'expected a link to the demo album')
        status, _, body = self.site.request('GET', link.group(1))
        self.assertGreaterEqual(body.decode('utf-8').count('<img'), 4,
                                'expected the demo album to show its photographs')
        cp = self.site.run('init', '--db', self.site.db_url(), '--demo-photos', '--media',
                           self.media)
        self.assertEqual(cp.returncode, 0, 'expected init --demo-photos to run again, got %s'
                         % cp.stderr)
        with self.site.db_connect() as con:
            counts = [con.execute('SELECT count(*) FROM %s' % t).fetchone()[0]
                      for t in ('albums', 'polls', 'org_units', 'pages')]
        self.assertEqual(counts[:3], [1, 1, 4], 'expected a second run to add no second album, '
                         'poll or units, got %r' % counts)
        self.assertEqual(counts[3], 4, 'expected the pages imported once, got %d' % counts[3])

    def test_search_results_have_thumbnails(self):
        status, _, body = self.site.request('GET', '/tim-kiem?q=ban+chap+hanh+lan+thu+12')
        text = body.decode('utf-8')
        self.assertEqual(status, 200, 'expected the search page, got %d' % status)
        items = re.findall(r'<li class="result[^"]*">.*?</li>', text, re.S)
        photo = [i for i in items if '-%d.html"' % PHOTO_ARTICLE in i]
        self.assertEqual(len(photo), 1, 'expected article %d among the results, got %r'
                         % (PHOTO_ARTICLE, items))
        self.assertIn('has-img', photo[0], 'expected the result marked as having a picture')
        self.assertRegex(photo[0], r'srcset="/media/t/c240/demo/hoi-truong\.jpg\.webp 240w',
                         'expected a card thumbnail of the featured image in the result')
        status, _, body = self.site.request('GET', '/tim-kiem?q=bai+anh+401')
        items = re.findall(r'<li class="result[^"]*">.*?</li>', body.decode('utf-8'), re.S)
        broken = [i for i in items if '-401.html"' in i]
        self.assertEqual(len(broken), 1, 'expected article 401 found, got %r' % items)
        self.assertNotIn('<img', broken[0], 'expected no picture for an undecodable image')

    def test_missing_or_undecodable_picture_falls_back_to_text(self):
        for aid in (401, 402):
            with self.subTest(article=aid):
                text = self.page(aid)
                self.assertNotIn('<figure class="featured">', text,
                                 'expected no picture for a missing or broken image')
                self.assertIn('Thân bài.', visible_lines(text), 'expected the text still there')
        text = self.page(403)
        self.assertIn('src="https://example.org/anh.jpg"', text,
                      'expected a remote picture shown as it is')
        status, _, body = self.site.request('GET', '/chuyen-muc/anh-thu/')
        self.assertEqual(status, 200, 'expected the category page, got %d' % status)
        titles = [a[1] for a in parse_links(body).anchors]
        for aid in (401, 402, 403):
            self.assertIn('Bài ảnh %d' % aid, titles, 'expected article %d listed' % aid)

    def test_pdf_carries_the_photograph(self):
        status, h, body = self.site.request('GET', '/tai-ve/%d.pdf' % PHOTO_ARTICLE)
        self.assertEqual(status, 200, 'expected the PDF 200, got %d' % status)
        path = os.path.join(self.site.tmp, 'a.pdf')
        with open(path, 'wb') as f:
            f.write(body)
        out = subprocess.run(['pdfimages', '-list', path], capture_output=True, text=True,
                             timeout=30)
        rows = [ln.split() for ln in out.stdout.splitlines()[2:] if ln.strip()]
        self.assertTrue(rows and rows[0][3:5] == ['960', '640'] and rows[0][8] == 'jpeg',
                        'expected the 960x640 photograph embedded as JPEG, got %r' % out.stdout)
        self.assertLess(len(body), 400000, 'expected a PDF under 400 KB, got %d bytes' % len(body))
        text = subprocess.run(['pdftotext', '-enc', 'UTF-8', path, '-'], capture_output=True,
                              timeout=30).stdout.decode('utf-8')
        self.assertIn('Quang cảnh hội nghị (ảnh minh họa)', text, 'expected the caption in the PDF')

    def test_api_reads_the_image(self):
        status, _, body = self.site.request('GET', '/api/v1/articles/%d' % PHOTO_ARTICLE)
        self.assertEqual(status, 200, 'expected 200, got %d' % status)
        img = json.loads(body).get('image')
        self.assertEqual(img, {'src': '/media/demo/hoi-truong.jpg', 'alt': 'Quang cảnh hội nghị',
                               'caption': 'Quang cảnh hội nghị (ảnh minh họa)'},
                         'expected the image in the API, got %r' % img)
        status, _, body = self.site.request('GET', '/api/v1/articles/11')
        self.assertIsNone(json.loads(body).get('image', 'absent'),
                          'expected image null for an article without one')

    def test_export_round_trips_the_image(self):
        out = os.path.join(self.site.tmp, 'out.jsonl')
        cp = self.site.run('export', '--db', self.site.db_url(), out)
        self.assertEqual(cp.returncode, 0, 'expected export to work, got %s' % cp.stderr)
        with open(out, encoding='utf-8') as f:
            rows = {json.loads(ln)['id']: json.loads(ln) for ln in f if ln.strip()}
        self.assertEqual(rows[PHOTO_ARTICLE].get('image'),
                         {'src': '/media/demo/hoi-truong.jpg', 'alt': 'Quang cảnh hội nghị',
                          'caption': 'Quang cảnh hội nghị (ảnh minh họa)'},
                         'expected the image exported, got %r' % rows[PHOTO_ARTICLE].get('image'))
        self.assertNotIn('image', rows[11], 'expected no image member for an article without one')


class ImageRulesTest(SiteTestCase):
    def test_import_refuses_published_image_without_alt_and_bad_sources(self):
        cases = [
            ({'src': '/media/a.jpg'}, "member 'alt' is missing"),
            ({'src': 'javascript:alert(1)', 'alt': 'x'}, 'must be a /media/ path or an http(s) URL'),
            ({'src': '/media/../etc/passwd', 'alt': 'x'}, 'must be a /media/ path'),
            ({'alt': 'x'}, "member 'src' is missing"),
            ({'src': '/media/a.jpg', 'alt': 'x', 'width': 3}, "unknown member 'width'"),
            ('/media/a.jpg', 'must be an object'),
        ]
        for i, (img, want) in enumerate(cases):
            with self.subTest(image=img):
                line = json.dumps({'title': 'Ảnh', 'body_html': '<p>x</p>', 'category': ['A'],
                                   'published_at': '2021-01-01T08:00:00+07:00', 'image': img})
                path = os.path.join(self.site.tmp, 'bad%d.jsonl' % i)
                with open(path, 'w') as f:
                    f.write(line + '\n')
                cp = self.site.run('import', '--db', self.site.db_url(), path)
                self.assertNotEqual(cp.returncode, 0, 'expected the import refused for %r' % img)
                self.assertIn(want, cp.stderr, 'expected %r in the error, got %r' % (want, cp.stderr))
        # a draft may wait for its alt text
        path = os.path.join(self.site.tmp, 'draft.jsonl')
        with open(path, 'w') as f:
            f.write(json.dumps({'title': 'Nháp ảnh', 'body_html': '<p>x</p>', 'category': ['A'],
                                'status': 'draft', 'image': {'src': '/media/a.jpg'}}) + '\n')
        cp = self.site.run('import', '--db', self.site.db_url(), path)
        self.assertEqual(cp.returncode, 0, 'expected a draft without alt accepted, got %s' % cp.stderr)

    def test_api_writes_image_and_publishing_needs_alt(self):
        pw = os.path.join(self.site.tmp, 'pw')
        with open(pw, 'w') as f:
            f.write('correct horse battery staple\n')
        cp = self.site.run('user', 'add', '--db', self.site.db_url(), '--role', 'publisher',
                           '--password-file', pw, 'bientap')
        self.assertEqual(cp.returncode, 0, 'expected user add to work: %s' % cp.stderr)
        cp = self.site.run('user', 'token', '--db', self.site.db_url(), 'bientap')
        token = TOKEN_RE.search(cp.stdout).group(1)
        auth = {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'}

        def call(method, path, doc=None):
            body = json.dumps(doc, ensure_ascii=False).encode() if doc is not None else b''
            status, _, out = self.site.request(method, '/api/v1/' + path, headers=auth, body=body)
            return status, (json.loads(out) if out.strip() else None)

        status, doc = call('POST', 'articles', {
            'title': 'Bài có ảnh', 'body_html': '<p>x</p>', 'category_id': 2,
            'image': {'src': '/media/demo/x.jpg', 'caption': 'Chú thích'}})
        self.assertEqual(status, 201, 'expected the draft created, got %d %r' % (status, doc))
        aid = doc['id']
        self.assertEqual(doc.get('image'), {'src': '/media/demo/x.jpg', 'alt': '', 'caption': 'Chú thích'},
                         'expected the image echoed, got %r' % doc.get('image'))
        rev = doc['revision']
        status, doc = call('POST', 'articles/%d/publish' % aid)
        self.assertEqual(status, 422, 'expected publishing without alt refused with 422, got %d %r'
                         % (status, doc))
        self.assertIn('alt', json.dumps(doc, ensure_ascii=False),
                      'expected the reason to name the alt text, got %r' % doc)
        status, doc = call('PATCH', 'articles/%d' % aid, {'revision': rev, 'image': {
            'src': '/media/demo/x.jpg', 'alt': 'Mô tả', 'caption': 'C'}})
        self.assertEqual(status, 200, 'expected the image saved, got %d %r' % (status, doc))
        status, doc = call('POST', 'articles/%d/publish' % aid)
        self.assertEqual(status, 200, 'expected publishing with alt to work, got %d %r' % (status, doc))
        rev = call('GET', 'articles/%d' % aid)[1]['revision']
        status, doc = call('PATCH', 'articles/%d' % aid, {'revision': rev, 'image': None})
        self.assertEqual(status, 200, 'expected the image removed, got %d %r' % (status, doc))
        self.assertIsNone(doc.get('image'), 'expected image null after removing it, got %r'
                          % doc.get('image'))
        rev = call('GET', 'articles/%d' % aid)[1]['revision']
        status, doc = call('PATCH', 'articles/%d' % aid, {'revision': rev,
                                                          'image': {'src': 'javascript:x', 'alt': 'a'}})
        self.assertEqual(status, 422, 'expected a bad image address refused, got %d' % status)


if __name__ == '__main__':
    unittest.main()
