# The reference article page (DESIGN section 2) served from the demo matches the seed, line by line.
import datetime
import json
import difflib
import re
import time

from harness import (CLOCK_RE, REF_ID, REF_PATH, SiteTestCase, seed_lines, visible_lines,
                     parse_links)

WEEKDAYS = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật']
CLOCK_PARTS = re.compile(r'^(.+), ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4}) - '
                         r'(\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$')
VIEWS_RE = re.compile(r'Lượt xem: (\d+)')


def vn_now():
    try:
        from zoneinfo import ZoneInfo
        tz = ZoneInfo('Asia/Ho_Chi_Minh')
    except Exception:  # no tz database: Viet Nam has had no DST since 1975
        tz = datetime.timezone(datetime.timedelta(hours=7))
    return datetime.datetime.now(tz).replace(tzinfo=None)


def parse_clock(line):
    m = CLOCK_PARTS.match(line)
    if not m:
        return None, None
    wd, d, mo, y, h, mi, s, ampm = m.groups()
    h = int(h)
    if not 1 <= h <= 12:
        return wd, None
    h = h % 12 + (12 if ampm == 'PM' else 0)
    try:
        return wd, datetime.datetime(int(y), int(mo), int(d), h, int(mi), int(s))
    except ValueError:
        return wd, None


def diff(want, got):
    return '\n'.join(difflib.unified_diff(want, got, 'seed', 'page', lineterm='', n=1))


class ReferencePageTest(SiteTestCase):
    """One fresh server; the first GET of the reference page must reproduce the seed."""

    def test_reference_page_matches_seed(self):
        want = seed_lines()
        self.assertGreater(len(want), 25, 'expected the seed to have > 25 non-empty lines, got %d'
                           % len(want))
        status, headers, body = self.site.request('GET', REF_PATH)
        self.assertEqual(status, 200, 'expected 200 for %s, got %d' % (REF_PATH, status))
        self.assertTrue(headers.get('content-type', '').startswith('text/html'),
                        'expected a text/html page, got %r' % headers.get('content-type'))
        got = visible_lines(body)
        self.assertTrue(got, 'expected visible text on the reference page, got none')

        # 1. header clock: format, and the current time in Asia/Ho_Chi_Minh
        self.assertRegex(got[0], CLOCK_RE,
                         'expected the first line to be the Vietnamese header clock, got %r' % got[0])
        wd, shown = parse_clock(got[0])
        self.assertIsNotNone(shown, 'expected a valid date and time in the clock, got %r' % got[0])
        now = vn_now()
        delta = abs((shown - now).total_seconds())
        self.assertLessEqual(delta, 120, 'expected the clock to show the time in Asia/Ho_Chi_Minh '
                             '(%s), got %r (%d s off)' % (now.strftime('%d/%m/%Y %H:%M:%S'),
                                                          got[0], delta))
        self.assertEqual(wd, WEEKDAYS[shown.weekday()],
                         'expected weekday %r for %s, got %r'
                         % (WEEKDAYS[shown.weekday()], shown.date(), wd))

        # 2. every other line equal; the view count is compared exactly (nothing counted yet)
        want_rest, got_rest = want[1:], got[1:]
        text = diff(want_rest, got_rest)
        self.assertEqual(want_rest, got_rest,
                         'expected the page text (after the clock) to equal the seed, got '
                         'differences:\n' + text)

    def test_head_and_healthz(self):
        status, _, body = self.site.get_text('/healthz')
        self.assertEqual(status, 200, 'expected /healthz 200, got %d' % status)
        status, _, body = self.site.request('HEAD', REF_PATH)
        self.assertEqual(status, 200, 'expected HEAD %s 200, got %d' % (REF_PATH, status))
        self.assertEqual(body, b'', 'expected an empty body for HEAD, got %d bytes' % len(body))


class ReferenceViewCountTest(SiteTestCase):
    """A fresh server: one GET is stored within ~3 s and then shown on the page."""

    def test_view_count_shown_after_flush(self):
        status, _, body = self.site.request('GET', REF_PATH)
        self.assertEqual(status, 200, 'expected 200, got %d' % status)
        m = VIEWS_RE.search('\n'.join(visible_lines(body)))
        self.assertIsNotNone(m, 'expected "Lượt xem: N" on the page, got none')
        self.assertEqual(int(m.group(1)), 282, 'expected the first GET to show 282, got %s'
                         % m.group(1))
        deadline = time.monotonic() + 4
        views = None
        while time.monotonic() < deadline:
            status, _, body = self.site.get_text('/api/v1/articles/%d' % REF_ID)
            self.assertEqual(status, 200, 'expected API 200, got %d' % status)
            views = json.loads(body)['views']
            if views >= 283:
                break
            time.sleep(0.1)
        self.assertEqual(views, 283, 'expected the stored count to be 282 + 1 GET = 283 within '
                         '~3 s, got %r' % views)
        time.sleep(1.5)   # the page cache lives about 1 s
        status, _, body = self.site.request('GET', REF_PATH)
        self.assertEqual(status, 200, 'expected 200, got %d' % status)
        m = VIEWS_RE.search('\n'.join(visible_lines(body)))
        self.assertIsNotNone(m, 'expected "Lượt xem: N" on the page, got none')
        self.assertEqual(int(m.group(1)), 283,
                         'expected the page to show 283 views 1.5 s after the flush, got %s'
                         % m.group(1))


class HomeClickThroughTest(SiteTestCase):
    def test_home_links_to_reference_article(self):
        status, _, body = self.site.request('GET', '/')
        self.assertEqual(status, 200, 'expected GET / 200, got %d' % status)
        links = parse_links(body).anchors
        self.assertTrue(links, 'expected links on the home page, got none')
        title = 'Huyện Yên Mỹ triển khai thực hiện tốt phong trào thi đua “Dân vận khéo”'
        hits = [a for a in links if a[1] == title]
        self.assertTrue(hits, 'expected a link titled %r on the home page, got titles %r'
                        % (title, [a[1] for a in links][:30]))
        href = hits[0][0]
        self.assertEqual(self.site.url_path(href), REF_PATH,
                         'expected the home link to point at %s, got %r' % (REF_PATH, href))
        status, _, body = self.site.request('GET', self.site.url_path(href))
        self.assertEqual(status, 200, 'expected following the link to give 200, got %d' % status)
        lines = visible_lines(body)
        self.assertIn(title, lines, 'expected the article title as a line of the page, got %r'
                      % lines[:8])

    def test_home_has_latest_blocks_and_most_viewed(self):
        status, _, body = self.site.request('GET', '/')
        self.assertEqual(status, 200, 'expected GET / 200, got %d' % status)
        lines = visible_lines(body)
        for heading in ('Tin mới', 'Đọc nhiều',
                        'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh'):
            self.assertIn(heading, lines, 'expected a %r line on the home page, got %r'
                          % (heading, lines))
        self.assertRegex(lines[0], CLOCK_RE, 'expected the clock first on the home page, got %r'
                         % lines[0])
