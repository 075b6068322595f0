# `gazette import-nukeviet` on the layouts real NukeViet 4 sites dump: 4.0 (bodies in
# _bodyhtml_N), phpMyAdmin's export (column lists, keys added by ALTER TABLE afterwards), text
# stored HTML-escaped, the statuses of 4.3 and later, a second language, and dumps it must refuse;
# then the laws module ("Văn bản": documents, files, replacements, old addresses; 4.1 and 4.6
# layouts; a dump and MariaDB) and the page and about modules (static pages).
import calendar
import datetime
import os
import re
import unittest

from harness import Gazette
from test_legacy_import import NV as NV_FIXTURES, MariaDB, body_of, report_counts

FUTURE = 4102444800  # 2100-01-01
PAST = 1500000000


def table(name, cols, rows):
    """phpMyAdmin's layout: CREATE TABLE without keys, INSERT with a column list."""
    names = [c.split()[0].strip('`') for c in cols]
    out = ['--\n-- Cấu trúc bảng cho bảng `%s`\n--\n\nCREATE TABLE `%s` (\n  %s\n) '
           'ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\n\n'
           % (name, name, ',\n  '.join(cols))]
    if rows:
        out.append('INSERT INTO `%s` (%s) VALUES\n%s;\n\n' % (
            name, ', '.join('`%s`' % n for n in names), ',\n'.join(rows)))
    return ''.join(out)


CAT = ["`catid` smallint(5) UNSIGNED NOT NULL", "`parentid` smallint(5) UNSIGNED NOT NULL DEFAULT '0'",
       "`title` varchar(250) NOT NULL", "`alias` varchar(250) NOT NULL DEFAULT ''",
       "`weight` smallint(5) UNSIGNED NOT NULL DEFAULT '0'"]
ROWS = ["`id` int(11) UNSIGNED NOT NULL", "`catid` smallint(5) UNSIGNED NOT NULL DEFAULT '0'",
        "`author` varchar(250) DEFAULT ''", "`status` tinyint(4) NOT NULL DEFAULT '1'",
        "`publtime` int(11) UNSIGNED NOT NULL DEFAULT '0'", "`exptime` int(11) UNSIGNED NOT NULL DEFAULT '0'",
        "`title` varchar(250) NOT NULL DEFAULT ''", "`alias` varchar(250) NOT NULL DEFAULT ''",
        "`hometext` text NOT NULL", "`hitstotal` mediumint(8) UNSIGNED NOT NULL DEFAULT '0'"]
BODY = ["`id` int(11) UNSIGNED NOT NULL", "`bodyhtml` longtext NOT NULL",
        "`sourcetext` varchar(255) DEFAULT ''"]
TAGS = ["`tid` mediumint(8) UNSIGNED NOT NULL", "`numnews` mediumint(8) NOT NULL DEFAULT '0'",
        "`alias` varchar(250) NOT NULL DEFAULT ''"]
TAGS_ID = ["`id` int(11) NOT NULL", "`tid` mediumint(9) NOT NULL", "`keyword` varchar(65) NOT NULL"]


def dump(lang='vi', body_table='bodyhtml_1', rows_cols=ROWS):
    p = 'nv4_%s_news_' % lang
    w = lambda vi, en: vi if lang == 'vi' else en  # noqa: E731
    cats = ["(1, 0, '%s', '%s', 2)" % (w('Tin tức', 'News'), w('Tin-tuc', 'News')),
            "(2, 0, '%s', '%s', 1)" % (w('Giới thiệu', 'About'), w('Gioi-thieu', 'About')),
            "(3, 1, '%s', '%s', 2)" % (w('Hoạt động', 'Activities'), w('Hoat-dong', 'Activities')),
            "(4, 1, '%s', '%s', 1)" % (w('Thông báo', 'Notices'), w('Thong-bao', 'Notices'))]
    rows = [
        "(1, 3, 'Trần Văn A', 1, %d, 0, '%s', 'Dai-hoi', 'Khẩu hiệu &quot;Đoàn kết&quot; &amp; O&#039;Brien', 15)"
        % (PAST, w('Đại hội GD&amp;ĐT thành công&#33;', 'Congress&#33;')),
        "(2, 4, '', 2, %d, 0, '%s', 'hen-gio', '', 0)" % (FUTURE, w('Bài hẹn giờ', 'Scheduled')),
        "(3, 4, '', 3, %d, %d, '%s', 'het-han', '', 0)" % (PAST, PAST + 86400, w('Bài hết hạn', 'Expired')),
        "(4, 1, '', 4, 0, 0, '%s', 'nhap', '', 0)" % w('Bài nháp', 'Draft'),
        "(5, 1, '', 5, 0, 0, '%s', 'cho-duyet', '', 0)" % w('Bài chờ duyệt', 'Waiting'),
        "(6, 2, '', 22, %d, 0, '%s', 'khoa', '', 0)" % (PAST, w('Bài bị khóa', 'Locked')),
    ]
    if rows_cols is not ROWS:
        rows = [r.replace("'Dai-hoi', ", "").replace("'hen-gio', ", "").replace("'het-han', ", "")
                .replace("'nhap', ", "").replace("'cho-duyet', ", "").replace("'khoa', ", "")
                for r in rows]
    bodies = ["(1, '<p>Nội dung\\r\\n<strong>đậm</strong> \\'nháy\\' \\\\ 😀</p>', 'Báo Nhân Dân')"]
    bodies += ["(%d, '<p>Thân bài %d.</p>', '')" % (i, i) for i in range(2, 7)]
    out = ['-- phpMyAdmin SQL Dump\nSET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";\nSTART TRANSACTION;\n'
           '/*!40101 SET NAMES utf8mb4 */;\n\n']
    out.append(table(p + 'cat', CAT, cats))
    out.append(table(p + 'rows', rows_cols, rows))
    if body_table:
        out.append(table(p + 'bodytext', ["`id` int(11) NOT NULL", "`bodytext` mediumtext NOT NULL"],
                         ["(1, 'Nội dung')"]))
        out.append(table(p + body_table, BODY, bodies))
    out.append(table(p + 'tags', TAGS, ["(1, 1, '%s')" % w('giáo-dục', 'education')]))
    out.append(table(p + 'tags_id', TAGS_ID, ["(1, 1, '%s')" % w('giáo dục', 'education')]))
    out.append('ALTER TABLE `%srows`\n  ADD PRIMARY KEY (`id`),\n  ADD KEY `catid` (`catid`);\n'
               'ALTER TABLE `%srows`\n  MODIFY `id` int(11) UNSIGNED NOT NULL AUTO_INCREMENT, '
               'AUTO_INCREMENT=7;\nCOMMIT;\n' % (p, p))
    return ''.join(out)


class NukeVietVersions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Gazette('nvversions')
        try:
            cls.site.init(demo=False)
            cls.vi = cls.run_dump(dump('vi'))
            cls.en = cls.run_dump(dump('en', body_table='detail'), '--lang', 'en')
            cls.site.start()
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.site.alive():
                cls.site.stop()
        finally:
            cls.site.cleanup()

    @classmethod
    def run_dump(cls, text, *extra, site=None):
        site = site or cls.site
        path = os.path.join(site.tmp, 'nv-%d.sql' % len(os.listdir(site.tmp)))
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return site.run('import-nukeviet', '--db', site.db_url(), '--dump', path, *extra)

    def test_bodies_of_nukeviet_40(self):
        self.assertEqual(self.vi.returncode, 0, self.vi.stderr)
        self.assertEqual(report_counts(self.vi.stdout).get('articles new'), 6, self.vi.stdout)
        body = body_of(self.site, 'Đại hội GD&ĐT thành công!')
        self.assertIn('<strong>đậm</strong>', body, '_bodyhtml_1 read')
        self.assertIn("'nháy'", body.replace('&#39;', "'"))
        self.assertIn('\\ 😀', body)

    def test_escaped_text(self):
        got = self.site.db_query("SELECT title, lead, author, source FROM articles WHERE id = "
                                 "(SELECT min(id) FROM articles)")[0]
        self.assertEqual(list(got), ['Đại hội GD&ĐT thành công!',
                                     'Khẩu hiệu "Đoàn kết" & O\'Brien', 'Trần Văn A', 'Báo Nhân Dân'])
        status, _, page = self.site.request('GET', '/tim-kiem?q=%C4%91oan+ket')
        self.assertEqual(status, 200)
        self.assertIn('Đại hội GD&amp;ĐT thành công!', page.decode('utf-8'))

    def test_statuses(self):
        got = dict((r[0], tuple(r[1:])) for r in self.site.db_query(
            'SELECT title, status, published_at, expires_at FROM articles'))
        self.assertEqual(got['Bài hẹn giờ'][:2], ('published', str(FUTURE)), 'status 2: scheduled')
        self.assertEqual((got['Bài hết hạn'][0], got['Bài hết hạn'][2]),
                         ('published', str(PAST + 86400)), 'status 3: expired')
        self.assertEqual(got['Bài nháp'][0], 'draft')
        self.assertEqual(got['Bài chờ duyệt'][0], 'submitted')
        self.assertEqual(got['Bài bị khóa'][0], 'unpublished', 'locked by its category')

    def test_category_order(self):
        rows = self.site.db_query("SELECT c.name FROM categories c LEFT JOIN categories p "
                                  "ON p.id = c.parent_id WHERE coalesce(p.name, '') = 'Tin tức' "
                                  "OR (c.parent_id IS NULL AND c.name IN ('Tin tức', 'Giới thiệu')) "
                                  "ORDER BY c.parent_id IS NOT NULL, c.position")
        self.assertEqual([r[0] for r in rows], ['Giới thiệu', 'Tin tức', 'Thông báo', 'Hoạt động'])

    def test_second_language_kept_apart(self):
        self.assertEqual(self.en.returncode, 0, self.en.stderr)
        self.assertEqual(report_counts(self.en.stdout).get('articles new'), 6, self.en.stdout)
        titles = [r[0] for r in self.site.db_query('SELECT title FROM articles')]
        self.assertIn('Đại hội GD&ĐT thành công!', titles)
        self.assertIn('Congress!', titles)
        cats = [r[0] for r in self.site.db_query('SELECT name FROM categories')]
        self.assertIn('Tin tức', cats)
        self.assertIn('News', cats)

    def test_tag_with_vietnamese_alias(self):
        status, h, _ = self.site.request('GET', '/news/tag/gi%C3%A1o-d%E1%BB%A5c/')
        self.assertEqual((status, h.get('location')), (301, '/chu-de/giao-duc/'))
        self.assertEqual(self.site.request('GET', '/chu-de/giao-duc/')[0], 200)

    def test_refused_dumps(self):
        site = Gazette('nvrefused')
        try:
            site.init(demo=False)
            for text, why in [(dump(body_table=None), 'no article bodies'),
                              (dump(rows_cols=[c for c in ROWS if not c.startswith('`alias`')]),
                               'no column `alias`')]:
                with self.subTest(why=why):
                    cp = self.run_dump(text, site=site)
                    self.assertEqual(cp.returncode, 1, cp.stdout)
                    self.assertIn(why, cp.stderr)
                    self.assertEqual(site.db_query('SELECT COUNT(*) FROM articles')[0][0], '0')
        finally:
            site.cleanup()

    def test_error_after_a_skipped_image_stands_alone(self):
        # A file skipped with --skip-missing-media is listed and passed over; it once stayed in
        # the run's error text, so that a later error read "missing media file ...article 2 is
        # in category 99".
        text = dump().replace("`hitstotal`) VALUES", "`hitstotal`, `homeimgfile`) VALUES")
        text = text.replace("`hitstotal` mediumint(8) UNSIGNED NOT NULL DEFAULT '0'\n",
                            "`hitstotal` mediumint(8) UNSIGNED NOT NULL DEFAULT '0',\n"
                            "  `homeimgfile` varchar(255) DEFAULT ''\n")
        text = text.replace("O&#039;Brien', 15)", "O&#039;Brien', 15, 'news/a.jpg')")
        text = text.replace("(2, 4, '', 2,", "(2, 99, '', 2,").replace("'', 0)", "'', 0, '')")
        site = Gazette('nvskipped')
        try:
            site.init(demo=False)
            cp = self.run_dump(text, '--skip-missing-media', site=site)
            self.assertEqual(cp.returncode, 1, cp.stdout)
            errors = [line for line in cp.stderr.splitlines() if 'category 99' in line]
            self.assertEqual(len(errors), 1, cp.stderr)
            self.assertNotIn('missing media file', errors[0])
            self.assertEqual(site.db_query('SELECT COUNT(*) FROM articles')[0][0], '0')
        finally:
            site.cleanup()



# ---- The laws module ("Văn bản", nukeviet/module-laws) and the page module ----

def vn_day(y, m, d):
    """NukeViet's date: the midnight that starts it in the site's zone (UTC+7)."""
    return calendar.timegm((y, m, d, 0, 0, 0)) - 7 * 3600


NAMED = ["`id` smallint(4) UNSIGNED NOT NULL",
         "`parentid` smallint(4) UNSIGNED NOT NULL DEFAULT '0'", "`alias` varchar(249) NOT NULL",
         "`title` varchar(249) NOT NULL",
         "`introduction` mediumtext NOT NULL", "`keywords` varchar(255) NOT NULL",
         "`addtime` int(11) UNSIGNED NOT NULL DEFAULT '0'",
         "`weight` smallint(4) UNSIGNED NOT NULL DEFAULT '0'"]
SUBJECT = [c for c in NAMED if not c.startswith('`parentid`')]
SIGNER = ["`id` smallint(4) UNSIGNED NOT NULL", "`title` varchar(255) NOT NULL",
          "`offices` varchar(255) NOT NULL DEFAULT ''",
          "`positions` varchar(255) NOT NULL DEFAULT ''",
          "`addtime` int(11) UNSIGNED NOT NULL DEFAULT '0'"]
ROW_AREA = ["`row_id` int(10) UNSIGNED NOT NULL", "`area_id` smallint(4) UNSIGNED NOT NULL"]
# _row as 4.6 has it (action_mysql.php, plus area_ids of 4.5.03 and effective_status of 4.6.00)
LAW_ROW = [
    "`id` int(10) NOT NULL", "`replacement` varchar(255) NOT NULL DEFAULT ''",
    "`relatement` varchar(255) NOT NULL DEFAULT ''", "`title` varchar(255) NOT NULL",
    "`alias` varchar(255) NOT NULL", "`code` varchar(50) NOT NULL",
    "`area_ids` varchar(191) NOT NULL DEFAULT ''",
    "`cid` smallint(4) UNSIGNED NOT NULL DEFAULT '0'",
    "`sid` smallint(4) UNSIGNED NOT NULL DEFAULT '0'",
    "`eid` smallint(4) UNSIGNED NOT NULL DEFAULT '0'",
    "`sgid` smallint(4) UNSIGNED NOT NULL DEFAULT '0'",
    "`note` text NOT NULL", "`introtext` text NOT NULL", "`bodytext` mediumtext NOT NULL",
    "`keywords` varchar(255) NOT NULL", "`groups_view` varchar(255) NOT NULL",
    "`groups_download` varchar(255) NOT NULL", "`files` mediumtext NOT NULL",
    "`status` tinyint(1) NOT NULL", "`effective_status` tinyint(1) NOT NULL DEFAULT '0'",
    "`approval` tinyint(1) NOT NULL", "`addtime` int(11) NOT NULL", "`edittime` int(11) NOT NULL",
    "`publtime` int(11) NOT NULL DEFAULT '0'", "`start_comm_time` int(11) NULL",
    "`end_comm_time` int(11) NULL", "`startvalid` int(11) NOT NULL DEFAULT '0'",
    "`exptime` int(11) NOT NULL DEFAULT '0'",
    "`view_hits` mediumint(8) UNSIGNED NOT NULL DEFAULT '0'",
    "`download_hits` mediumint(8) UNSIGNED NOT NULL DEFAULT '0'",
    "`admin_add` mediumint(8) UNSIGNED NOT NULL DEFAULT '0'",
    "`admin_edit` mediumint(8) UNSIGNED NOT NULL DEFAULT '0'"]
# what 4.1 lacked: the comment window, the examining body, approval, area_ids, effective_status
LAW_ROW_41 = [c for c in LAW_ROW if c.split()[0].strip('`') not in (
    'start_comm_time', 'end_comm_time', 'eid', 'approval', 'area_ids', 'effective_status')]
PAGE = ["`id` mediumint(8) UNSIGNED NOT NULL", "`title` varchar(250) NOT NULL",
        "`alias` varchar(250) NOT NULL", "`image` varchar(255) DEFAULT ''",
        "`imagealt` varchar(255) DEFAULT ''", "`description` text",
        "`bodytext` mediumtext NOT NULL",
        "`keywords` text", "`weight` smallint(4) NOT NULL DEFAULT '0'",
        "`add_time` int(11) NOT NULL DEFAULT '0'",
        "`status` tinyint(1) UNSIGNED NOT NULL DEFAULT '0'",
        "`hitstotal` mediumint(8) UNSIGNED NOT NULL DEFAULT '0'"]

T_POSTED = vn_day(2024, 3, 2) + 3600 * 9
PDF_TEXT = 'quy che tiep cong dan xyzzy'
LAW_DOCS = {  # old id -> what the document must become
    1: ('15/2024/QĐ-UBND', 'Quyết định', 'Ủy ban nhân dân tỉnh', 'Tiếp công dân'),
    2: ('07/2020/QĐ-UBND', 'Quyết định', 'Ủy ban nhân dân tỉnh', 'Tiếp công dân'),
    3: ('20/2024/TT-STP', 'Thông tư', 'Sở Tư pháp', 'Hành chính'),
    4: ('123/UBND-VP', 'Công văn', 'Ủy ban nhân dân tỉnh', ''),
    6: ('05/2024/KH-UBND', 'Công văn', 'Ủy ban nhân dân tỉnh', ''),
}


def one_line(site, column):
    """column with its newlines as a marker: psql's rows are lines."""
    return "replace(%s, %s, '\u00b6')" % (column, 'chr(10)' if site.kind == 'pg' else 'char(10)')


def law_row(cols, values):
    """A row of _row as a VALUES tuple for the columns cols, from a dict (others: their default)."""
    out = []
    for c in cols:
        name = c.split()[0].strip('`')
        v = values.get(name, 0 if ' int(' in c or 'int(' in c.split()[1] else '')
        if v is None:
            out.append('NULL')
        elif isinstance(v, int):
            out.append(str(v))
        else:
            out.append("'%s'" % v.replace('\\', '\\\\').replace("'", "\\'"))
    return '(%s)' % ', '.join(out)


def laws_dump(row_cols=LAW_ROW, module='laws', pages=True):
    p = 'nv4_vi_%s_' % module
    rows = [
        {'id': 1, 'title': 'Quyết định ban hành Quy chế tiếp công dân',
         'alias': 'quyet-dinh-ban-hanh-quy-che-tiep-cong-dan-1', 'code': '15/2024/QĐ-UBND',
         'area_ids': '1,2', 'cid': 1, 'sid': 1, 'sgid': 1,
         'introtext': 'Ban hành Quy chế tiếp công dân &amp; xử lý đơn thư<br />tại trụ sở tiếp dân',
         'bodytext': '<p>Điều 1. Ban hành kèm theo Quyết định này Quy chế.</p>'
                     '<p><img src="/uploads/laws/2024_03/so-do.png" alt="Sơ đồ" /></p>'
                     '<p>Thay thế <a href="/laws/detail/quy-dinh-tiep-cong-dan-2/">'
                     'Quyết định 07</a>.</p>',
         'groups_view': '6', 'groups_download': '6',
         'files': '2024_03/qd-15-2024.pdf,2024_03/phu-luc-thieu.pdf', 'status': 1,
         'addtime': T_POSTED, 'edittime': T_POSTED, 'publtime': vn_day(2024, 3, 1),
         'startvalid': vn_day(2024, 3, 15), 'view_hits': 345, 'download_hits': 12,
         'start_comm_time': None, 'end_comm_time': None},
        {'id': 2, 'title': 'Quy định về tiếp công dân', 'alias': 'quy-dinh-tiep-cong-dan-2',
         'code': '07/2020/QĐ-UBND', 'area_ids': '1', 'cid': 1, 'sid': 1, 'sgid': 1,
         # TCVN3 for "Quy định về tiếp công dân"
         'introtext': 'Quy \u00aeÞnh vÒ tiÕp c\u00abng d\u00a9n',
         'bodytext': '', 'groups_view': '6', 'files': '', 'replacement': '1', 'status': 1,
         'addtime': vn_day(2020, 1, 11), 'publtime': vn_day(2020, 1, 10),
         'startvalid': vn_day(2020, 2, 1), 'start_comm_time': None, 'end_comm_time': None},
        {'id': 3, 'title': 'Dự thảo Thông tư hướng dẫn', 'alias': 'du-thao-thong-tu-3',
         'code': '20/2024/TT-STP', 'area_ids': '3', 'cid': 2, 'sid': 2, 'sgid': 0,
         'introtext': 'Dự thảo Thông tư hướng dẫn thủ tục hành chính',
         'bodytext': '<p>Dự thảo.</p>',
         'groups_view': '6', 'files': '', 'status': 0, 'addtime': T_POSTED,
         'publtime': vn_day(2024, 3, 1), 'start_comm_time': None, 'end_comm_time': None},
        {'id': 4, 'title': 'Công văn về lịch tiếp dân', 'alias': 'cong-van-lich-tiep-dan-4',
         'code': 'Số: 123/UBND-VP', 'area_ids': '', 'cid': 3, 'sid': 1, 'sgid': 2,
         'introtext': 'Về lịch tiếp công dân tháng 4', 'bodytext': '',
         'groups_view': '6', 'files': 'https://vanban.example.gov.vn/cv-123.pdf',
         'relatement': '1', 'status': 1, 'addtime': T_POSTED, 'publtime': vn_day(2024, 3, 20),
         'exptime': vn_day(2024, 3, 20), 'start_comm_time': None, 'end_comm_time': None},
        {'id': 5, 'title': 'Văn bản không số', 'alias': 'van-ban-khong-so-5', 'code': '',
         'cid': 3, 'sid': 1, 'introtext': 'Thiếu số ký hiệu', 'bodytext': '', 'groups_view': '6',
         'files': '', 'status': 1, 'addtime': T_POSTED, 'publtime': vn_day(2024, 3, 1),
         'start_comm_time': None, 'end_comm_time': None},
        {'id': 6, 'title': 'Kế hoạch nội bộ', 'alias': 'ke-hoach-noi-bo-6',
         'code': '05/2024/KH-UBND',
         'cid': 3, 'sid': 1, 'introtext': 'Kế hoạch dành cho thành viên', 'bodytext': '',
         'groups_view': '4', 'files': '', 'status': 1, 'addtime': T_POSTED,
         'publtime': vn_day(2024, 3, 5), 'start_comm_time': None, 'end_comm_time': None},
    ]

    def named(i, alias, title):
        return "(%d, 0, '%s', '%s', '', '', 0, %d)" % (i, alias, title, i)
    out = ['-- phpMyAdmin SQL Dump\nSET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";\nSTART TRANSACTION;\n'
           '/*!40101 SET NAMES utf8mb4 */;\n\n']
    out.append(table(p + 'area', NAMED, [named(1, 'tiep-cong-dan', 'Tiếp công dân'),
                                         named(2, 'khieu-nai', 'Khiếu nại'),
                                         named(3, 'hanh-chinh', 'Hành chính')]))
    out.append(table(p + 'cat', NAMED, [named(1, 'quyet-dinh', 'Quyết định'),
                                        named(2, 'thong-tu', 'Thông tư'),
                                        named(3, 'cong-van', 'Công văn')]))
    out.append(table(p + 'row', row_cols, [law_row(row_cols, r) for r in rows]))
    out.append(table(p + 'row_area', ROW_AREA, ['(1, 1)', '(1, 2)', '(2, 1)', '(3, 3)']))
    out.append(table(p + 'signer', SIGNER, ["(1, 'Nguyễn Văn An', 'UBND tỉnh', 'Chủ tịch', 0)",
                                            "(2, 'Trần Thị Bình', '', 'Chánh Văn phòng', 0)"]))
    out.append(table(p + 'subject', SUBJECT,
                     ["(1, 'ubnd-tinh', 'Ủy ban nhân dân tỉnh', '', '', 0, 1)",
                      "(2, 'so-tu-phap', 'Sở Tư pháp', '', '', 0, 2)"]))
    if pages:
        out.append(table('nv4_vi_page', PAGE, [
            "(1, 'Giới thiệu chung', 'gioi-thieu-chung', '2024_03/tru-so.png', 'Trụ sở', "
            "'Lịch sử &amp; chức năng', '<p>Tỉnh được thành lập năm 1991.</p>', '', 1, %d, 1, 40)"
            % T_POSTED,
            "(2, 'Sơ đồ tổ chức', 'so-do-to-chuc', '', '', '', '<p>Đang cập nhật.</p>', '', 2, "
            "%d, 0, 0)" % T_POSTED]))
        out.append(table('nv4_vi_about', PAGE, [
            "(1, 'Chức năng nhiệm vụ', 'chuc-nang-nhiem-vu', '', '', '', "
            "'<p>Xem <a href=\"/laws/detail/quyet-dinh-ban-hanh-quy-che-tiep-cong-dan-1/\">"
            "Quyết định 15</a>.</p>', '', 1, %d, 1, 0)" % T_POSTED]))
    out.append('COMMIT;\n')
    return ''.join(out)


def laws_uploads(root):
    """The old site's uploads folder: the PDF of document 1 (its appendix is missing), an image in
    its body and the page's image."""
    import test_documents
    with open(os.path.join(NV_FIXTURES, 'uploads', 'news', '2024_05', 'anh-bia.png'), 'rb') as f:
        png = f.read()
    for rel, data in (('laws/2024_03/qd-15-2024.pdf', test_documents.pdf_with_text(PDF_TEXT)),
                      ('laws/2024_03/so-do.png', png), ('page/2024_03/tru-so.png', png)):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(data)
    return root


class NukeVietLaws(unittest.TestCase):
    """A laws module imported twice with its files, then the page and about modules."""

    @classmethod
    def setUpClass(cls):
        cls.site = Gazette('nvlaws')
        try:
            cls.site.init(demo=False)
            cls.media = os.path.join(cls.site.tmp, 'media')
            os.makedirs(cls.media)
            cls.uploads = laws_uploads(os.path.join(cls.site.tmp, 'uploads'))
            cls.dump = os.path.join(cls.site.tmp, 'laws.sql')
            with open(cls.dump, 'w', encoding='utf-8') as f:
                f.write(laws_dump())
            cls.strict = cls.run_laws()
            cls.left_by_strict = ([os.path.join(d, f) for d, _, fs in os.walk(cls.media) for f in fs],
                                  cls.site.db_query('SELECT COUNT(*) FROM documents')[0][0])
            cls.first = cls.run_laws('--skip-missing-media')
            cls.revisions = cls.site.db_query('SELECT id, revision FROM documents ORDER BY id')
            cls.second = cls.run_laws('--skip-missing-media')
            cls.page = cls.run_laws('--module', 'page')
            cls.about = cls.run_laws('--module', 'about')
            cls.page_again = cls.run_laws('--module', 'page')
            cls.site.start(extra_args=['--media', cls.media])
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.site.alive():
                cls.site.stop()
        finally:
            cls.site.cleanup()

    @classmethod
    def run_laws(cls, *extra):
        args = ['--module', 'laws'] if '--module' not in extra else []
        return cls.site.run('import-nukeviet', '--db', cls.site.db_url(), '--dump', cls.dump,
                            '--uploads', cls.uploads, '--media', cls.media, *(args + list(extra)))

    def doc(self, number):
        """(id, slug, summary, status) of the document with that number."""
        rows = self.site.db_query("SELECT id, slug, %s, status FROM documents WHERE number = '%s'"
                                  % (one_line(self.site, 'summary'), number))
        self.assertEqual(len(rows), 1, 'expected one document %s, got %r' % (number, rows))
        return rows[0][:2] + [rows[0][2].replace('\u00b6', '\n')] + rows[0][3:]

    def url(self, number):
        i, slug = self.doc(number)[:2]
        return '/van-ban/%s-%s.html' % (slug, i)

    def get(self, path):
        status, h, body = self.site.request('GET', path)
        return status, h, body.decode('utf-8', 'replace')

    def test_missing_file_stops_the_run(self):
        self.assertEqual(self.strict.returncode, 1, self.strict.stdout)
        self.assertIn("file '2024_03/phu-luc-thieu.pdf' is missing", self.strict.stderr)
        self.assertIn('--skip-missing-media', self.strict.stderr)
        self.assertIn('nothing imported', self.strict.stderr)
        self.assertEqual(self.left_by_strict, ([], '0'),
                         'the PDF copied before the missing file is removed again')

    def test_reports(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        c = report_counts(self.first.stdout)
        want = {'documents new': 5, 'document files': 1, 'media missing': 1, 'skipped': 2,
                'fields re-encoded (TCVN3/VNI)': 1, 'media': 1}
        for k, v in want.items():
            self.assertEqual(c.get(k), v, '%s: expected %d\n%s' % (k, v, self.first.stdout))
        self.assertIn('document 5: no usable số ký hiệu', self.first.stdout)
        self.assertIn('phu-luc-thieu.pdf', self.first.stdout)
        self.assertIn('văn bản liên quan are not kept', self.first.stdout)
        self.assertIn('ngày hết hiệu lực not after', self.first.stdout)
        self.assertIn('document 6 (05/2024/KH-UBND): not public on the old site', self.first.stdout)
        c = report_counts(self.second.stdout)
        self.assertEqual((c.get('documents new'), c.get('documents updated'),
                          c.get('documents unchanged'), c.get('document files'), c.get('media')),
                         (0, 0, 5, 0, 0), self.second.stdout)
        self.assertEqual(self.site.db_query('SELECT COUNT(*) FROM documents')[0][0], '5')
        self.assertEqual(self.site.db_query('SELECT COUNT(*) FROM document_files')[0][0], '1')
        self.assertEqual(self.site.db_query('SELECT COUNT(*) FROM document_relations')[0][0], '1')
        self.assertEqual(self.site.db_query('SELECT id, revision FROM documents ORDER BY id'),
                         self.revisions, 'the second run wrote nothing')

    def test_fields(self):
        rows = self.site.db_query(
            'SELECT d.number, k.name, i.name, coalesce(f.name, \'\'), d.signer, d.signer_position, '
            'd.issued_on, d.effective_on, d.expires_on, d.status FROM documents d '
            'JOIN doc_lists k ON k.id = d.kind_id JOIN doc_lists i ON i.id = d.issuer_id '
            'LEFT JOIN doc_lists f ON f.id = d.field_id')
        got = {r[0]: r for r in rows}

        def days(y, m, d):
            return str((datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days)
        for old, (number, kind, issuer, field) in LAW_DOCS.items():
            self.assertEqual(tuple(got[number][1:4]), (kind, issuer, field), number)
        one = got['15/2024/QĐ-UBND']
        self.assertEqual(tuple(one[4:]), ('Nguyễn Văn An', 'Chủ tịch', days(2024, 3, 1),
                                          days(2024, 3, 15), None, 'published'))
        self.assertEqual(got['20/2024/TT-STP'][9], 'draft', 'status 0')
        self.assertEqual(got['05/2024/KH-UBND'][9], 'draft', 'members only (groups_view 4)')
        self.assertEqual(got['123/UBND-VP'][8], None, 'an expiry on the issue date is left out')
        self.assertEqual(self.doc('15/2024/QĐ-UBND')[2],
                         'Ban hành Quy chế tiếp công dân & xử lý đơn thư\ntại trụ sở tiếp dân')
        self.assertEqual(self.doc('07/2020/QĐ-UBND')[2], 'Quy định về tiếp công dân', 'TCVN3')

    def test_document_page(self):
        status, _, page = self.get(self.url('15/2024/QĐ-UBND'))
        self.assertEqual(status, 200)
        for text in ('15/2024/QĐ-UBND', 'Ủy ban nhân dân tỉnh', 'Tiếp công dân',
                     'Nguyễn Văn An (Chủ tịch)', '01/03/2024', '15/03/2024', 'Điều 1.'):
            self.assertIn(text, page)
        self.assertNotIn('/uploads/', page)
        self.assertIn('href="%s"' % self.url('07/2020/QĐ-UBND'), page, 'old link followed')
        img = re.search(r'<img src="(/media/[^"]+)"', page)
        self.assertIsNotNone(img, 'body image copied')
        self.assertEqual(self.site.request('GET', img.group(1))[0], 200)
        _, _, page = self.get(self.url('123/UBND-VP'))
        self.assertIn('href="https://vanban.example.gov.vn/cv-123.pdf"', page, 'remote file linked')

    def test_relations_and_validity(self):
        _, _, new = self.get(self.url('15/2024/QĐ-UBND'))
        _, _, old = self.get(self.url('07/2020/QĐ-UBND'))
        self.assertIn(self.url('07/2020/QĐ-UBND'), new)
        self.assertIn(self.url('15/2024/QĐ-UBND'), old)
        self.assertIn('Hết hiệu lực', old, 'replaced by a document in force since 15/03/2024')
        rows = self.site.db_query('SELECT f.number, t.number, r.kind FROM document_relations r '
                                  'JOIN documents f ON f.id = r.from_id '
                                  'JOIN documents t ON t.id = r.to_id')
        self.assertEqual([tuple(r) for r in rows],
                         [('15/2024/QĐ-UBND', '07/2020/QĐ-UBND', 'replaces')])

    def test_search(self):
        for q in ('tiep+cong+dan', 'xyzzy', '15%2F2024'):
            with self.subTest(q=q):
                status, _, page = self.get('/van-ban/?q=' + q)
                self.assertEqual(status, 200)
                self.assertIn(self.url('15/2024/QĐ-UBND'), page)
        _, _, page = self.get('/van-ban/?q=du+thao')
        self.assertNotIn(self.url('20/2024/TT-STP'), page, 'drafts are not found')

    def test_draft_hidden(self):
        self.assertEqual(self.get(self.url('20/2024/TT-STP'))[0], 404)
        status, _, _ = self.get('/laws/detail/du-thao-thong-tu-3/')
        self.assertEqual(status, 404, 'a draft has no old address')

    def test_files(self):
        rows = self.site.db_query('SELECT id, name, type, downloads FROM document_files')
        fid, name, kind, downloads = rows[0]
        self.assertEqual((name, kind, downloads), ('qd-15-2024.pdf', 'pdf', '12'),
                         'download_hits on the first file')
        status, h, body = self.site.request('GET', '/van-ban/tai-ve/' + fid)
        self.assertEqual((status, h.get('content-type')), (200, 'application/pdf'))
        self.assertTrue(body.startswith(b'%PDF-'))

    def test_old_addresses(self):
        doc = self.url('15/2024/QĐ-UBND')
        fid = self.site.db_query('SELECT id FROM document_files')[0][0]
        kind = self.site.db_query("SELECT id FROM doc_lists WHERE name = 'Quyết định'")[0][0]
        field = self.site.db_query("SELECT id FROM doc_lists WHERE name = 'Tiếp công dân'")[0][0]
        moves = {
            '/laws/detail/quyet-dinh-ban-hanh-quy-che-tiep-cong-dan-1/': doc,
            '/vi/laws/detail/quyet-dinh-ban-hanh-quy-che-tiep-cong-dan-1/': doc,
            '/index.php?language=vi&nv=laws&op=detail/'
            'quyet-dinh-ban-hanh-quy-che-tiep-cong-dan-1': doc,
            '/index.php?nv=laws&language=vi&op=detail/quy-dinh-tiep-cong-dan-2':
                self.url('07/2020/QĐ-UBND'),
            '/uploads/laws/2024_03/qd-15-2024.pdf': '/van-ban/tai-ve/' + fid,
            '/index.php?language=vi&nv=laws&op=detail/quyet-dinh-ban-hanh-quy-che-tiep-cong-dan-1'
            '&download=1&id=0': '/van-ban/tai-ve/' + fid,
            '/laws/detail/quyet-dinh-ban-hanh-quy-che-tiep-cong-dan-1/?download=1&id=0': doc,
            '/laws/': '/van-ban/',
            '/laws/quyet-dinh/': '/van-ban/?loai=' + kind,
            '/vi/laws/area/tiep-cong-dan/': '/van-ban/?linh-vuc=' + field,
        }
        for old, new in moves.items():
            with self.subTest(old=old):
                status, h, _ = self.site.request('GET', old)
                self.assertEqual((status, h.get('location')), (301, new))
                self.assertEqual(self.site.request('GET', new)[0], 200)

    def test_pages(self):
        for cp in (self.page, self.about, self.page_again):
            self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(report_counts(self.page.stdout).get('pages'), 2, self.page.stdout)
        rows = self.site.db_query('SELECT slug, title, status FROM pages ORDER BY slug')
        self.assertEqual([tuple(r) for r in rows], [
            ('chuc-nang-nhiem-vu', 'Chức năng nhiệm vụ', 'published'),
            ('gioi-thieu-chung', 'Giới thiệu chung', 'published'),
            ('so-do-to-chuc', 'Sơ đồ tổ chức', 'draft')], 'a second run duplicates nothing')
        status, _, page = self.get('/trang/gioi-thieu-chung')
        self.assertEqual(status, 200)
        self.assertIn('Lịch sử &amp; chức năng', page)
        self.assertRegex(page, r'<img src="/media/[^"]+" alt="Trụ sở"')
        _, _, page = self.get('/trang/chuc-nang-nhiem-vu')
        self.assertIn('href="%s"' % self.url('15/2024/QĐ-UBND'), page, 'link to a document')
        for old, new in {'/page/gioi-thieu-chung.html': '/trang/gioi-thieu-chung',
                         '/vi/page/gioi-thieu-chung.html': '/trang/gioi-thieu-chung',
                         '/index.php?language=vi&nv=page&op=gioi-thieu-chung.html':
                             '/trang/gioi-thieu-chung',
                         '/about/chuc-nang-nhiem-vu.html': '/trang/chuc-nang-nhiem-vu'}.items():
            with self.subTest(old=old):
                status, h, _ = self.site.request('GET', old)
                self.assertEqual((status, h.get('location')), (301, new))
        self.assertEqual(self.site.request('GET', '/page/so-do-to-chuc.html')[0], 404)


class NukeVietLawsVersions(unittest.TestCase):
    """The laws tables of another version, and a dump the import must refuse."""

    def run_text(self, site, text, *extra):
        path = os.path.join(site.tmp, 'laws-%d.sql' % len(os.listdir(site.tmp)))
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return site.run('import-nukeviet', '--db', site.db_url(), '--dump', path,
                        '--module', 'laws', '--skip-missing-media', *extra)

    def test_nukeviet_41_layout(self):
        site = Gazette('nvlaws41')
        try:
            site.init(demo=False)
            cp = self.run_text(site, laws_dump(LAW_ROW_41, pages=False))
            self.assertEqual(cp.returncode, 0, cp.stderr)
            self.assertEqual(report_counts(cp.stdout).get('documents new'), 5, cp.stdout)
            rows = site.db_query("SELECT f.name FROM documents d JOIN doc_lists f "
                                 "ON f.id = d.field_id WHERE d.number = '20/2024/TT-STP'")
            self.assertEqual(rows, [['Hành chính']], 'fields from _row_area')
        finally:
            site.cleanup()

    def test_missing_column_refused(self):
        site = Gazette('nvlawsbad')
        try:
            site.init(demo=False)
            cols = [c for c in LAW_ROW if not c.startswith('`code`')]
            cp = self.run_text(site, laws_dump(cols, pages=False))
            self.assertEqual(cp.returncode, 1, cp.stdout)
            self.assertIn('`nv4_vi_laws_row` has no column `code`', cp.stderr)
            for t in ('documents', 'doc_lists', 'redirects', 'import_keys'):
                self.assertEqual(site.db_query('SELECT COUNT(*) FROM %s' % t)[0][0], '0', t)
            cp = self.run_text(site, laws_dump(pages=False), '--module', 'vanban')
            self.assertEqual(cp.returncode, 1, cp.stdout)
            self.assertIn('no table nv4_vi_vanban_row', cp.stderr)
            cp = self.run_text(site, laws_dump(pages=False), '--module-type', 'forum')
            self.assertEqual(cp.returncode, 1)
            self.assertIn('--module-type is news, laws, page, organs, faq, voting or menu', cp.stderr)
        finally:
            site.cleanup()


class NukeVietLawsFromMariaDB(unittest.TestCase):
    """The same laws and page tables in a real MariaDB, imported with --mysql."""

    @classmethod
    def setUpClass(cls):
        cls.site = Gazette('nvlawsmaria')
        cls.db = None
        try:
            cls.site.init(demo=False)
            cls.db = MariaDB(cls.site.tmp)
            cls.db.load('nukeviet', laws_dump().encode('utf-8'))
            cls.media = os.path.join(cls.site.tmp, 'media')
            os.makedirs(cls.media)
            uploads = laws_uploads(os.path.join(cls.site.tmp, 'uploads'))
            run = lambda *a: cls.site.run(  # noqa: E731
                'import-nukeviet', '--db', cls.site.db_url(), '--mysql', cls.db.url('nukeviet'),
                '--uploads', uploads, '--media', cls.media, '--skip-missing-media', *a,
                timeout=120)
            cls.laws = run('--module', 'laws')
            cls.again = run('--module-type', 'laws', '--module', 'laws')
            cls.page = run('--module', 'page')
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.db is not None:
            cls.db.stop()
            cls.db = None
        cls.site.cleanup()

    def test_same_documents_as_the_dump(self):
        self.assertEqual(self.laws.returncode, 0, self.laws.stderr)
        c = report_counts(self.laws.stdout)
        self.assertEqual((c.get('documents new'), c.get('document files'), c.get('skipped')),
                         (5, 1, 2), self.laws.stdout)
        c = report_counts(self.again.stdout)
        self.assertEqual((c.get('documents new'), c.get('documents unchanged')), (0, 5),
                         self.again.stdout)
        rows = sorted(tuple(r) for r in self.site.db_query(
            'SELECT number, %s, status FROM documents' % one_line(self.site, 'summary')))
        self.assertEqual([r[0] for r in rows], sorted(v[0] for v in LAW_DOCS.values()))
        self.assertIn(('07/2020/QĐ-UBND', 'Quy định về tiếp công dân', 'published'), rows)
        rows = self.site.db_query('SELECT f.number, t.number FROM document_relations r '
                                  'JOIN documents f ON f.id = r.from_id '
                                  'JOIN documents t ON t.id = r.to_id')
        self.assertEqual([tuple(r) for r in rows], [('15/2024/QĐ-UBND', '07/2020/QĐ-UBND')])

    def test_pages(self):
        self.assertEqual(self.page.returncode, 0, self.page.stderr)
        self.assertEqual(report_counts(self.page.stdout).get('pages'), 2, self.page.stdout)

if __name__ == '__main__':
    unittest.main()
