# Golden files: the reference article page, the site's RSS feed and the sitemap of a fresh demo
# site, byte for byte, after replacing only what depends on the moment or the run: the server's
# address (its port changes every run), the header clock and the modification times set when
# `gazette init` ran.
#
# When a change to the templates or the output is intended, regenerate the files and review the
# diff before committing:
#     GAZETTE_GOLDEN_UPDATE=1 GAZETTE_TEST_PATTERN=test_golden.py python3 tests/http/run.py
import difflib
import os
import re

from harness import HERE, REF_PATH, SiteTestCase

GOLDEN = os.path.join(HERE, 'golden')
UPDATE = os.environ.get('GAZETTE_GOLDEN_UPDATE') == '1'

# (pattern, replacement): the parts that depend on now
NOW_PARTS = [
    (re.compile(r'data-epoch="\d+"'), 'data-epoch="NOW"'),
    (re.compile(r'(Chủ Nhật|Thứ Hai|Thứ Ba|Thứ Tư|Thứ Năm|Thứ Sáu|Thứ Bảy), ngày \d{1,2} tháng '
                r'\d{1,2} năm \d{4} - \d{1,2}:\d{2}:\d{2} (AM|PM)'), 'CLOCK'),
    # updated_at of the demo articles is the time `gazette init` ran
    (re.compile(r'(<meta property="article:modified_time" content=")[^"]*(")'), r'\1INIT_TIME\2'),
    (re.compile(r'("dateModified":")[^"]*(")'), r'\1INIT_TIME\2'),
]


class GoldenTest(SiteTestCase):
    def normalise(self, text):
        host = '127.0.0.1:%d' % self.site.port
        text = text.replace(host, 'SITE').replace(host.replace(':', '%3A'), 'SITE')
        for rx, repl in NOW_PARTS:
            text = rx.sub(repl, text)
        return text

    def check(self, path, name, ctype):
        status, h, body = self.site.request('GET', path)
        self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (path, status))
        self.assertIn(ctype, h.get('content-type', ''), 'expected %s for %s, got %r'
                      % (ctype, path, h.get('content-type')))
        got = self.normalise(body.decode('utf-8'))
        golden = os.path.join(GOLDEN, name)
        if UPDATE:
            with open(golden, 'w', encoding='utf-8') as f:
                f.write(got)
            return
        if not os.path.exists(golden):
            self.fail('expected the golden file %s; make it with GAZETTE_GOLDEN_UPDATE=1' % golden)
        with open(golden, encoding='utf-8') as f:
            want = f.read()
        if got != want:
            diff = ''.join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                'golden/' + name, path, n=1))
            self.fail('expected %s to match tests/http/golden/%s (regenerate with '
                      'GAZETTE_GOLDEN_UPDATE=1 if the change is intended); differences:\n%s'
                      % (path, name, diff[:6000]))

    # the article first: its view count (282 in the demo) grows with each reader
    def test_1_reference_article(self):
        self.check(REF_PATH, 'reference-article.html', 'text/html')

    def test_2_rss(self):
        self.check('/rss.xml', 'rss.xml', 'application/rss+xml')

    def test_3_sitemap(self):
        self.check('/sitemap.xml', 'sitemap.xml', 'xml')

    def test_normalise_keeps_content(self):
        # only the moment-dependent parts are replaced: a changed title or view count still shows
        s = ('<p class="clock" id="clock" data-epoch="1796296415" data-offset="25200">Thứ Năm, '
             'ngày 3 tháng 12 năm 2026 - 6:13:35 PM</p> Lượt xem: 282 2021-03-02T16:13:06+07:00')
        self.assertEqual(self.normalise(s),
                         '<p class="clock" id="clock" data-epoch="NOW" data-offset="25200">CLOCK'
                         '</p> Lượt xem: 282 2021-03-02T16:13:06+07:00')
