# `gazette import-nukeviet --module organs|faq|voting`: NukeViet eGovernment's organisation chart,
# questions and answers and polls from hand-written dumps (mysqldump's and phpMyAdmin's layouts),
# on the public site, run twice, their old addresses answered, and damaged dumps refused.
import json
import os
import shutil
import subprocess
import time
import unittest
import urllib.parse

from harness import Gazette
from test_legacy_import import find_tool, report_counts

HERE = os.path.dirname(os.path.abspath(__file__))
PHOTO = os.path.join(HERE, '..', 'fixtures', 'nukeviet', 'uploads', 'news', '2024_05', 'anh-bia.png')
PAST = 1714700000     # 2024-05-03
FUTURE = 4102444800   # 2100-01-01

# TCVN3 (ABC): the byte of each Vietnamese letter used below, read as Windows-1252 as old sites
# stored it ("Thông báo" -> "Th«ng b¸o").
TCVN3 = {'à': 0xb5, 'á': 0xb8, 'ả': 0xb6, 'ạ': 0xb9, 'ă': 0xa8, 'â': 0xa9, 'ầ': 0xc7, 'ấ': 0xca,
         'ậ': 0xcb, 'đ': 0xae, 'ê': 0xaa, 'ệ': 0xd6, 'ì': 0xd7, 'í': 0xdd, 'ị': 0xde, 'ô': 0xab,
         'ố': 0xe8, 'ộ': 0xe9, 'ơ': 0xac, 'ờ': 0xea, 'ớ': 0xed, 'ủ': 0xf1, 'ụ': 0xf4, 'ư': 0xad,
         'ứ': 0xf8, 'ý': 0xfd, 'ẹ': 0xd1, 'ó': 0xe3}


def tcvn3(text):
    return bytes(TCVN3.get(c, ord(c)) for c in text).decode('cp1252')


def q(v):
    """A MySQL literal: numbers as they are, strings quoted with mysqldump's escapes."""
    if isinstance(v, int):
        return str(v)
    return "'%s'" % v.replace('\\', '\\\\').replace("'", "\\'").replace('\n', '\\n')


def mysqldump_table(name, cols, rows):
    """mysqldump's layout: CREATE TABLE with its keys, INSERT without a column list."""
    out = ['DROP TABLE IF EXISTS `%s`;\nCREATE TABLE `%s` (\n  %s,\n  PRIMARY KEY (`%s`)\n) '
           'ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;\n' % (name, name, ',\n  '.join(cols),
                                                         cols[0].split()[0].strip('`'))]
    if rows:
        out.append('INSERT INTO `%s` VALUES %s;\n' % (
            name, ','.join('(%s)' % ','.join(q(v) for v in r) for r in rows)))
    return ''.join(out)


def phpmyadmin_table(name, cols, rows):
    """phpMyAdmin's layout: CREATE TABLE without keys, INSERT with a column list, one row a line."""
    names = [c.split()[0].strip('`') for c in cols]
    out = ['--\n-- Cấu trúc bảng cho bảng `%s`\n--\n\nCREATE TABLE `%s` (\n  %s\n) '
           'ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;\n\n' % (name, name, ',\n  '.join(cols))]
    if rows:
        out.append('INSERT INTO `%s` (%s) VALUES\n%s;\n\n' % (
            name, ', '.join('`%s`' % n for n in names),
            ',\n'.join('(%s)' % ', '.join(q(v) for v in r) for r in rows)))
    return ''.join(out)


def without(cols, rows, name):
    """cols and rows without column name (a dump of a version that lacks it)."""
    i = [c.split()[0].strip('`') for c in cols].index(name)
    return cols[:i] + cols[i + 1:], [r[:i] + r[i + 1:] for r in rows]


# modules/organs/action_mysql.php (nukeviet/eGovernment)
UNIT_COLS = ['`organid` mediumint(11) unsigned NOT NULL AUTO_INCREMENT',
             "`parentid` mediumint(11) unsigned NOT NULL DEFAULT '0'", '`title` varchar(250) NOT NULL',
             "`alias` varchar(250) NOT NULL DEFAULT ''", "`weight` smallint(4) unsigned NOT NULL DEFAULT '0'",
             "`orders` int(8) NOT NULL DEFAULT '0'", '`lev` int(8) NOT NULL',
             "`active` tinyint(1) unsigned NOT NULL DEFAULT '0'", '`address` text NOT NULL',
             '`email` text NOT NULL', '`phone` varchar(50) NOT NULL', '`fax` varchar(50) NOT NULL',
             '`website` text NOT NULL', '`description` mediumtext NOT NULL']
UNITS = [
    [1, 0, 'UBND xã An Bình', 'ubnd-xa-an-binh', 1, 1, 0, 1, 'Thôn Đông, xã An Bình',
     'ubnd@anbinh.gov.vn; vanthu@anbinh.gov.vn', '0203 3123 456', '0203 3123 457', 'anbinh.gov.vn',
     '<p>Quản lý nhà nước trên địa bàn xã.</p>\n<p>Thực hiện <strong>cải cách hành chính</strong>.</p>'],
    [3, 1, 'Phòng Tài chính', 'phong-tai-chinh', 2, 3, 1, 1, '', 'taichinh@anbinh.gov.vn', '', '',
     '', ''],
    [2, 1, 'Văn phòng HĐND và UBND', 'van-phong', 1, 2, 1, 1, '', '', '0203 3123 458', '', '', ''],
    [4, 1, 'Ban đã giải thể', 'ban-giai-the', 3, 4, 1, 0, '', '', '', '', '', ''],
]
PERSON_COLS = ['`personid` int(11) NOT NULL AUTO_INCREMENT', '`name` varchar(100) NOT NULL',
               '`photo` varchar(255) NOT NULL', '`phone_ext` char(20) NOT NULL',
               '`mobile` char(20) NOT NULL', '`email` varchar(50) NOT NULL', '`position` text NOT NULL',
               '`position_other` text NOT NULL', '`address` text NOT NULL', '`phone` varchar(255) NOT NULL',
               '`birthday` int(11) NOT NULL', '`organid` int(11) NOT NULL',
               "`weight` int(8) NOT NULL DEFAULT '0'", "`active` tinyint(2) NOT NULL DEFAULT '0'"]
PEOPLE = [
    [1, 'Nguyễn Văn An', '2024_05/an.png', '101', '0912 000 111', 'an@anbinh.gov.vn',
     'Chủ tịch UBND xã', '', 'Số 1 đường Làng', '0203 3123 456', 300000000, 1, 1, 1],
    [2, 'Trần Thị Bình', '2024_05/khong-co.png', '', '', 'binh@anbinh.gov.vn', 'Chánh Văn phòng',
     'Bí thư Chi bộ', '', '0203 3123 458', 0, 2, 1, 1],
    [3, 'Lê Đức Cường', '', '', '0912 345 678', 'cuong@anbinh.gov.vn', 'Trưởng phòng', '', '', '',
     0, 3, 1, 1],
]
CONFIG_COLS = ['`config_name` varchar(30) NOT NULL', '`config_value` varchar(255) NOT NULL']

# modules/faq/action_mysql.php (nukeviet/module-faq), with nukeviet/nukeviet's _tmp
FAQ_COLS = ['`id` mediumint(8) unsigned NOT NULL', '`catid` mediumint(8) unsigned NOT NULL',
            '`title` varchar(250) NOT NULL', '`alias` varchar(250) NOT NULL',
            '`question` mediumtext NOT NULL',
            '`answer` mediumtext NOT NULL', "`weight` smallint(4) unsigned NOT NULL DEFAULT '0'",
            "`status` tinyint(1) unsigned NOT NULL DEFAULT '0'",
            "`addtime` int(11) unsigned NOT NULL DEFAULT '0'"]
FAQ = [
    [1, 1, 'Làm căn cước ở đâu?', 'lam-can-cuoc-o-dau',
     'Tôi muốn làm căn cước cho con.<br />\r\nXin hỏi làm ở đâu?',
     '<p>Bạn đến <strong>bộ phận một cửa</strong> của xã.</p>\r\n<p>Mang theo giấy khai sinh.</p>',
     1, 1, PAST],
    [2, 1, tcvn3('Thủ tục đăng ký khai sinh'), 'thu-tuc-dang-ky-khai-sinh',
     tcvn3('Tôi muốn đăng ký khai sinh cho con, cần giấy tờ gì?'),
     '<p>' + tcvn3('Cần giấy chứng sinh và căn cước của cha mẹ.') + '</p>', 2, 1, PAST + 60],
    [3, 0, 'Giờ làm việc của bộ phận một cửa?', 'gio-lam-viec', 'Xin cho biết giờ làm việc.',
     'Từ 7 giờ 30 đến 17 giờ, thứ Hai đến thứ Sáu.', 3, 1, PAST + 120],
    [4, 1, 'Câu hỏi đang soạn', 'cau-hoi-dang-soan', 'Chưa xong.', 'Chưa trả lời.', 4, 0, PAST],
    [5, 2, 'Câu hỏi nội bộ', 'cau-hoi-noi-bo', 'Chỉ thành viên.', 'Bí mật.', 1, 1, PAST],
]
FAQ_CAT_COLS = ['`id` mediumint(8) unsigned NOT NULL', '`parentid` mediumint(8) unsigned NOT NULL',
                '`title` varchar(250) NOT NULL', '`alias` varchar(250) NOT NULL',
                '`groups_view` varchar(255) NOT NULL', "`weight` smallint(4) unsigned NOT NULL DEFAULT '0'",
                "`status` tinyint(1) unsigned NOT NULL DEFAULT '0'"]
FAQ_CATS = [[1, 0, 'Thủ tục hành chính', 'thu-tuc-hanh-chinh', '6', 1, 1],
            [2, 0, 'Nội bộ', 'noi-bo', '4', 2, 1]]
FAQ_TMP_COLS = ['`id` mediumint(8) unsigned NOT NULL', '`catid` mediumint(8) unsigned NOT NULL',
                '`title` varchar(250) NOT NULL', '`question` text NOT NULL', '`answer` mediumtext NOT NULL',
                "`addtime` int(11) unsigned NOT NULL DEFAULT '0'", '`userid` mediumint(8) unsigned NOT NULL']

# modules/voting/action_mysql.php (nukeviet/nukeviet)
POLL_COLS = ['`vid` smallint(5) unsigned NOT NULL AUTO_INCREMENT', '`question` varchar(250) NOT NULL',
             "`link` varchar(255) DEFAULT ''", "`acceptcm` int(2) NOT NULL DEFAULT '1'",
             "`admin_id` mediumint(8) unsigned NOT NULL DEFAULT '0'", "`groups_view` varchar(255) DEFAULT ''",
             "`publ_time` int(11) unsigned NOT NULL DEFAULT '0'",
             "`exp_time` int(11) unsigned NOT NULL DEFAULT '0'",
             "`act` tinyint(1) unsigned NOT NULL DEFAULT '0'"]
POLLS = [[1, 'Bạn đánh giá thế nào về dịch vụ công trực tuyến?', '', 1, 1, '6', PAST, 0, 1],
         [2, 'Bạn biết đến cổng thông tin qua kênh nào?', '', 2, 1, '6', PAST - 100, PAST + 86400, 0]]
OPTION_COLS = ['`id` mediumint(8) unsigned NOT NULL AUTO_INCREMENT', '`vid` smallint(5) unsigned NOT NULL',
               "`title` varchar(245) NOT NULL DEFAULT ''", "`url` varchar(255) DEFAULT ''",
               "`hitstotal` int(11) unsigned NOT NULL DEFAULT '0'"]
OPTIONS = [[1, 1, 'Rất hài lòng', '', 1234], [2, 1, 'Hài lòng', '', 567], [3, 1, 'Chưa hài lòng', '', 89],
           [4, 2, 'Báo chí', '', 1500], [5, 2, 'Mạng xã hội', '', 20], [6, 2, 'Người quen', '', 3]]


def organs_dump(person_cols=PERSON_COLS, people=PEOPLE, module='organs'):
    p = 'nv4_vi_' + module
    return ('-- MySQL dump 10.19\n/*!40101 SET NAMES utf8mb4 */;\n'
            + mysqldump_table(p + '_config', CONFIG_COLS, [['per_page', '10']])
            + mysqldump_table(p + '_person', person_cols, people)
            + mysqldump_table(p + '_rows', UNIT_COLS, UNITS))


def faq_dump(faq_cols=FAQ_COLS, faq=FAQ, module='faq'):
    p = 'nv4_vi_' + module
    return ('-- phpMyAdmin SQL Dump\nSET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";\nSTART TRANSACTION;\n'
            + phpmyadmin_table(p, faq_cols, faq)
            + phpmyadmin_table(p + '_categories', FAQ_CAT_COLS, FAQ_CATS)
            + phpmyadmin_table(p + '_config', CONFIG_COLS, [['per_page', '2'], ['per_cat', '5']])
            + phpmyadmin_table(p + '_tmp', FAQ_TMP_COLS,
                               [[1, 1, 'Câu hỏi chưa duyệt của Phạm Thị Dung', 'Số điện thoại 0987 654 321',
                                 '', PAST, 7]])
            + 'COMMIT;\n')


def voting_dump(option_cols=OPTION_COLS, options=OPTIONS, module='voting'):
    p = 'nv4_vi_' + module
    return (mysqldump_table(p, POLL_COLS, POLLS) + mysqldump_table(p + '_rows', option_cols, options))


class EGovImport(unittest.TestCase):
    """The three modules into one site, each run twice (votes cast in Gazette in between)."""

    @classmethod
    def setUpClass(cls):
        cls.site = Gazette('nvegov')
        try:
            cls.site.init(demo=False)
            cls.media = os.path.join(cls.site.tmp, 'media')
            cls.uploads = os.path.join(cls.site.tmp, 'uploads')
            os.makedirs(cls.media)
            os.makedirs(os.path.join(cls.uploads, 'organs', '2024_05'))
            shutil.copy(PHOTO, os.path.join(cls.uploads, 'organs', '2024_05', 'an.png'))
            cls.dumps = {m: cls.write(m + '.sql', f()) for m, f in
                         (('organs', organs_dump), ('faq', faq_dump), ('voting', voting_dump))}
            cls.strict = cls.run_module('organs')  # the photo that is missing stops it
            cls.first = {m: cls.run_module(m, '--skip-missing-media') for m in cls.dumps}
            # a reader votes in Gazette after the first run: the second keeps the vote
            with cls.site.db_connect() as con:
                con.execute("UPDATE poll_choices SET votes = votes + 1 WHERE label = 'Hài lòng'")
            cls.second = {m: cls.run_module(m, '--skip-missing-media') for m in cls.dumps}
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
    def write(cls, name, text):
        path = os.path.join(cls.site.tmp, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    @classmethod
    def run_module(cls, module, *extra, dump=None):
        return cls.site.run('import-nukeviet', '--db', cls.site.db_url(), '--dump',
                            dump or cls.dumps[module], '--module', module, '--uploads', cls.uploads,
                            '--media', cls.media, *extra)

    def get(self, path, want=200):
        status, h, body = self.site.request('GET', path)
        self.assertEqual(status, want, 'GET %s: expected %d, got %d' % (path, want, status))
        return h, body.decode('utf-8')

    def rows(self, sql):
        return self.site.db_query(sql)

    def person_id(self, name):
        return int(self.rows("SELECT id FROM org_people WHERE name = '%s'" % name)[0][0])

    # --- organs --------------------------------------------------------------------------------

    def test_missing_photo_stops_without_skip(self):
        cp = self.strict
        self.assertNotEqual(cp.returncode, 0, 'expected the missing photo to stop the run')
        self.assertIn("organs/2024_05/khong-co.png", cp.stderr)
        self.assertIn('nothing imported', cp.stderr)

    def test_organs_report(self):
        for run, want in ((self.first, {'units': 3, 'people': 3, 'media': 1, 'skipped': 2}),
                          (self.second, {'units': 0, 'people': 0, 'media': 0,
                                         'unchanged (org, Q&A, polls)': 6})):
            cp = run['organs']
            self.assertEqual(cp.returncode, 0, cp.stderr)
            c = report_counts(cp.stdout)
            for k, v in want.items():
                self.assertEqual(c.get(k), v, '%s: expected %d\n%s' % (k, v, cp.stdout))
        self.assertIn('khong-co.png', self.first['organs'].stdout, 'the missing photo listed')
        self.assertIn('unit 4: hidden on the old site', self.first['organs'].stdout)

    def test_tree_order_and_fields(self):
        nl = 'chr(10)' if self.site.kind == 'pg' else 'char(10)'  # psql prints a row a line
        units = self.rows("SELECT u.name, coalesce(p.name, ''), u.slug, u.email, u.website, "
                          "replace(u.functions, %s, '\u00b6') FROM org_units u LEFT JOIN org_units p "
                          "ON p.id = u.parent_id ORDER BY u.id" % nl)
        self.assertEqual(len(units), 3, units)
        top = units[0]
        self.assertEqual(top[:5], ['UBND xã An Bình', '', 'ubnd-xa-an-binh', 'ubnd@anbinh.gov.vn',
                                   'http://anbinh.gov.vn'])
        self.assertEqual(top[5], 'Quản lý nhà nước trên địa bàn xã.\u00b6Thực hiện cải cách hành chính.')
        self.assertEqual([u[1] for u in units[1:]], ['UBND xã An Bình'] * 2, '2-level tree')
        _, page = self.get('/to-chuc/')
        at = [page.index('id="don-vi-%s"' % s) for s in ('ubnd-xa-an-binh', 'van-phong', 'phong-tai-chinh')]
        self.assertEqual(at, sorted(at), 'units in NukeViet\'s order (orders/weight)')
        self.assertNotIn('Ban đã giải thể', page)
        people = {r[0]: r[1:] for r in self.rows('SELECT name, title, phone, email, photo FROM org_people')}
        self.assertEqual(people['Trần Thị Bình'][:3], ['Chánh Văn phòng, Bí thư Chi bộ', '0203 3123 458',
                                                       'binh@anbinh.gov.vn'])
        self.assertEqual(people['Trần Thị Bình'][3], '', 'the missing photo left out')
        self.assertEqual(people['Lê Đức Cường'][1], '0912 345 678', 'the mobile when no phone')
        photo = people['Nguyễn Văn An'][3]
        self.assertRegex(photo, r'^/media/')
        self.assertEqual(self.site.request('GET', photo)[0], 200)
        self.assertIn('src="%s"' % photo, page)
        for secret in ('Số 1 đường Làng', '0912 000 111'):
            self.assertNotIn(secret, page, 'a person\'s address and second number are not shown')

    def test_directory_search(self):
        for term in ('Trần Thị Bình', 'tran thi binh', 'chanh van phong'):
            with self.subTest(q=term):
                _, page = self.get('/to-chuc/?q=' + urllib.parse.quote_plus(term))
                self.assertIn('Trần Thị Bình', page)
                self.assertNotIn('Lê Đức Cường', page)

    def test_vcard(self):
        h, card = self.get('/to-chuc/nguoi/%d.vcf' % self.person_id('Trần Thị Bình'))
        self.assertTrue(h['content-type'].startswith('text/vcard'))
        for line in ('FN:Trần Thị Bình', 'TITLE:Chánh Văn phòng\\, Bí thư Chi bộ',
                     'ORG:', 'EMAIL;TYPE=work:binh@anbinh.gov.vn',
                     'TEL;TYPE=work,voice;VALUE=text:0203 3123 458'):
            self.assertIn(line, card)

    def test_old_organs_addresses(self):
        an, binh = self.person_id('Nguyễn Văn An'), self.person_id('Trần Thị Bình')
        moves = {'/organs/': '/to-chuc/',
                 '/vi/organs/': '/to-chuc/',
                 '/organs/vieworg/van-phong-2/': '/to-chuc/#don-vi-van-phong',
                 '/vi/organs/vieworg/phong-tai-chinh-3/': '/to-chuc/#don-vi-phong-tai-chinh',
                 '/index.php?language=vi&nv=organs&op=vieworg/ubnd-xa-an-binh-1':
                 '/to-chuc/#don-vi-ubnd-xa-an-binh',
                 '/organs/vieworg/van-phong-2/page-2/': '/to-chuc/#don-vi-van-phong',
                 '/organs/person/van-phong-2/Tran-Thi-Binh-2/': '/to-chuc/#nguoi-%d' % binh,
                 '/organs/person/van-phong-2/tran-thi-binh-2/': '/to-chuc/#nguoi-%d' % binh,
                 '/index.php?language=vi&nv=organs&op=person/ubnd-xa-an-binh-1/Nguyen-Van-An-1':
                 '/to-chuc/#nguoi-%d' % an,
                 '/index.php?language=vi&nv=organs&op=viewper&id=1': '/to-chuc/#nguoi-%d' % an}
        for old, new in moves.items():
            with self.subTest(old=old):
                status, h, _ = self.site.request('GET', old)
                self.assertEqual((status, h.get('location')), (301, new))
        _, page = self.get('/to-chuc/')
        self.assertIn('id="nguoi-%d"' % binh, page, 'the anchor a person\'s old page leads to')
        self.get('/organs/vieworg/ban-giai-the-4/', 404)

    # --- faq -----------------------------------------------------------------------------------

    def qa_id(self, subject):
        return int(self.rows("SELECT id FROM tickets WHERE subject = '%s'" % subject)[0][0])

    def test_faq_report(self):
        c1, c2 = report_counts(self.first['faq'].stdout), report_counts(self.second['faq'].stdout)
        self.assertEqual(self.first['faq'].returncode, 0, self.first['faq'].stderr)
        self.assertEqual((c1.get('questions and answers'), c1.get('skipped')), (3, 2),
                         self.first['faq'].stdout)
        self.assertGreaterEqual(c1.get('fields re-encoded (TCVN3/VNI)', 0), 3, self.first['faq'].stdout)
        self.assertEqual((c2.get('questions and answers'), c2.get('unchanged (org, Q&A, polls)')),
                         (0, 3), self.second['faq'].stdout)
        self.assertEqual(int(self.rows('SELECT count(*) FROM tickets')[0][0]), 3)

    def test_published_answers(self):
        _, page = self.get('/hoi-dap/')
        for subject in ('Làm căn cước ở đâu?', 'Thủ tục đăng ký khai sinh',
                        'Giờ làm việc của bộ phận một cửa?'):
            self.assertIn(subject, page)
        for hidden in ('Câu hỏi đang soạn', 'Câu hỏi nội bộ', 'chưa duyệt', 'Phạm Thị Dung'):
            self.assertNotIn(hidden, page)
        _, qa = self.get('/hoi-dap/%d' % self.qa_id('Thủ tục đăng ký khai sinh'))
        self.assertIn('Tôi muốn đăng ký khai sinh cho con, cần giấy tờ gì?', qa, 'TCVN3 question converted')
        self.assertIn('Cần giấy chứng sinh và căn cước của cha mẹ.', qa, 'TCVN3 answer converted')
        self.assertNotIn('Người hỏi', qa, 'no asker shown')
        _, qa = self.get('/hoi-dap/%d' % self.qa_id('Làm căn cước ở đâu?'))
        self.assertIn('Tôi muốn làm căn cước cho con.\nXin hỏi làm ở đâu?', qa)
        self.assertIn('Bạn đến bộ phận một cửa của xã.\nMang theo giấy khai sinh.', qa)
        got = self.rows("SELECT name, email, phone, status, published, created_at FROM tickets "
                        "WHERE subject = 'Làm căn cước ở đâu?'")[0]
        self.assertEqual(got, ['', '', '', 'closed', '1', str(PAST)],
                         'anonymous, closed (nothing due in the newsroom), dated')
        people = self.rows("SELECT count(*) FROM tickets WHERE message LIKE '%0987%' OR name <> ''")
        self.assertEqual(people[0][0], '0', 'no personal data from _tmp')

    def test_old_faq_addresses(self):
        one, three = self.qa_id('Làm căn cước ở đâu?'), self.qa_id('Giờ làm việc của bộ phận một cửa?')
        moves = {'/faq/': '/hoi-dap/', '/faq/thu-tuc-hanh-chinh/': '/hoi-dap/',
                 '/faq/thu-tuc-hanh-chinh/question-1/': '/hoi-dap/%d' % one,
                 '/vi/faq/thu-tuc-hanh-chinh/question-1/': '/hoi-dap/%d' % one,
                 '/index.php?language=vi&nv=faq&op=thu-tuc-hanh-chinh/question-1': '/hoi-dap/%d' % one,
                 '/faq/question-3/': '/hoi-dap/%d' % three,
                 '/faq/page-2/question-3/': '/hoi-dap/%d' % three}
        for old, new in moves.items():
            with self.subTest(old=old):
                status, h, _ = self.site.request('GET', old)
                self.assertEqual((status, h.get('location')), (301, new))
        for gone in ('/faq/noi-bo/', '/faq/noi-bo/question-5/', '/faq/thu-tuc-hanh-chinh/question-4/'):
            self.get(gone, 404)

    def test_faq_edited_at_source(self):
        """A question and an answer edited on the old site since: a later run follows them."""
        edited = [list(r) for r in FAQ]
        edited[2][2], edited[2][4] = 'Giờ làm việc?', 'Xin cho biết giờ làm việc buổi sáng.'
        edited[0][5] = '<p>Đến bộ phận một cửa.</p>'
        three = self.qa_id('Giờ làm việc của bộ phận một cửa?')
        try:
            cp = self.run_module('faq', dump=self.write('faq-edited.sql', faq_dump(faq=edited)))
            self.assertEqual(cp.returncode, 0, cp.stderr)
            c = report_counts(cp.stdout)
            self.assertEqual((c.get('questions and answers'), c.get('unchanged (org, Q&A, polls)')),
                             (2, 1), cp.stdout)
            _, qa = self.get('/hoi-dap/%d' % three)
            self.assertIn('Giờ làm việc?', qa)
            self.assertIn('Xin cho biết giờ làm việc buổi sáng.', qa)
            _, qa = self.get('/hoi-dap/%d' % self.qa_id('Làm căn cước ở đâu?'))
            self.assertIn('Đến bộ phận một cửa.', qa)
            self.assertEqual(int(self.rows('SELECT count(*) FROM tickets')[0][0]), 3)
        finally:
            cp = self.run_module('faq', dump=self.dumps['faq'])
            self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(self.qa_id('Giờ làm việc của bộ phận một cửa?'), three)
        # the server keeps a page a second after another process wrote: wait it out, so that
        # the tests after this one see the restored answer
        path = '/hoi-dap/%d' % self.qa_id('Làm căn cước ở đâu?')
        deadline = time.time() + 5
        while 'Bạn đến bộ phận một cửa của xã.' not in self.get(path)[1] and time.time() < deadline:
            time.sleep(0.2)

    # --- voting --------------------------------------------------------------------------------

    def poll_id(self, question):
        return int(self.rows("SELECT id FROM polls WHERE question = '%s'" % question)[0][0])

    def votes(self, pid):
        return [(r[0], int(r[1])) for r in self.rows(
            'SELECT label, votes FROM poll_choices WHERE poll_id = %d ORDER BY sort, id' % pid)]

    def test_voting_report(self):
        c1, c2 = report_counts(self.first['voting'].stdout), report_counts(self.second['voting'].stdout)
        self.assertEqual(self.first['voting'].returncode, 0, self.first['voting'].stderr)
        self.assertEqual(c1.get('polls'), 2, self.first['voting'].stdout)
        self.assertEqual((c2.get('polls'), c2.get('unchanged (org, Q&A, polls)')), (0, 2),
                         self.second['voting'].stdout)
        self.assertEqual(int(self.rows('SELECT count(*) FROM poll_choices')[0][0]), 6)

    def test_counts_exact_and_kept(self):
        open_id = self.poll_id('Bạn đánh giá thế nào về dịch vụ công trực tuyến?')
        self.assertEqual(self.votes(open_id),
                         [('Rất hài lòng', 1234), ('Hài lòng', 568), ('Chưa hài lòng', 89)],
                         'the old counts, and the vote cast in Gazette between the runs')
        closed = self.poll_id('Bạn biết đến cổng thông tin qua kênh nào?')
        self.assertEqual(self.votes(closed), [('Báo chí', 1500), ('Mạng xã hội', 20), ('Người quen', 3)])
        got = self.rows('SELECT multiple, max_choices, opens_at, closes_at, active, position FROM polls '
                        'WHERE id = %d' % closed)[0]
        self.assertEqual([int(v) for v in got[:5]] + [got[5]], [1, 2, PAST - 100, PAST + 86400, 1, 'right'])

    def test_closed_poll_shows_counts(self):
        _, page = self.get('/binh-chon/%d' % self.poll_id('Bạn biết đến cổng thông tin qua kênh nào?'))
        self.assertNotIn('<form method="post"', page, 'closed: no form')
        for shown in ('Báo chí', '(1.500)', '(20)', '(3)', 'Tổng số lượt bình chọn: 1.523'):
            self.assertIn(shown, page)

    def test_open_poll_takes_votes(self):
        pid = self.poll_id('Bạn đánh giá thế nào về dịch vụ công trực tuyến?')
        _, page = self.get('/binh-chon/%d' % pid)
        self.assertIn('<form method="post" action="/binh-chon/%d">' % pid, page)
        choice = self.rows("SELECT id FROM poll_choices WHERE label = 'Chưa hài lòng'")[0][0]
        status, _, body = self.site.request('POST', '/api/v1/polls/%d/vote' % pid,
                                            headers={'Content-Type': 'application/json'},
                                            body=json.dumps({'choices': [int(choice)]}))
        self.assertEqual(status, 201, body)
        self.assertIn(('Chưa hài lòng', 90), self.votes(pid))

    def test_old_voting_address(self):
        pid = self.poll_id('Bạn đánh giá thế nào về dịch vụ công trực tuyến?')
        for old in ('/voting/', '/vi/voting/', '/index.php?language=vi&nv=voting'):
            with self.subTest(old=old):
                status, h, _ = self.site.request('GET', old)
                self.assertEqual((status, h.get('location')), (301, '/binh-chon/%d' % pid))

    def test_old_site_counted_more(self):
        """A run after the old site counted more adds what it counted since the last run."""
        more = [r[:4] + [r[4] + (100 if r[0] == 1 else 0)] for r in OPTIONS]
        path = self.write('voting-more.sql', voting_dump(options=more))
        pid = self.poll_id('Bạn đánh giá thế nào về dịch vụ công trực tuyến?')
        before = dict(self.votes(pid))
        cp = self.run_module('voting', dump=path)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(dict(self.votes(pid))['Rất hài lòng'], before['Rất hài lòng'] + 100)
        again = self.run_module('voting', dump=path)
        self.assertEqual(report_counts(again.stdout).get('polls'), 0, again.stdout)
        self.assertEqual(dict(self.votes(pid))['Rất hài lòng'], before['Rất hài lòng'] + 100)


class EGovRefusals(unittest.TestCase):
    """Dumps the import must refuse, writing nothing; a renamed module with --module-type."""

    @classmethod
    def setUpClass(cls):
        cls.site = Gazette('nvegovbad')
        try:
            cls.site.init(demo=False)
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.site.cleanup()

    def run_dump(self, text, *extra):
        path = os.path.join(self.site.tmp, 'd-%d.sql' % len(os.listdir(self.site.tmp)))
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return self.site.run('import-nukeviet', '--db', self.site.db_url(), '--dump', path,
                             '--skip-missing-media', *extra)

    def count(self, table):
        return int(self.site.db_query('SELECT count(*) FROM %s' % table)[0][0])

    def test_required_column_missing(self):
        cases = [('organs', organs_dump(*without(PERSON_COLS, PEOPLE, 'position')),
                  '`nv4_vi_organs_person` has no column `position`'),
                 ('faq', faq_dump(*without(FAQ_COLS, FAQ, 'answer')), '`nv4_vi_faq` has no column `answer`'),
                 ('voting', voting_dump(*without(OPTION_COLS, OPTIONS, 'hitstotal')),
                  '`nv4_vi_voting_rows` has no column `hitstotal`')]
        tables = ('org_units', 'org_people', 'tickets', 'polls', 'poll_choices', 'redirects',
                  'media', 'import_keys')
        for module, text, why in cases:
            with self.subTest(module=module):
                before = {t: self.count(t) for t in tables}
                cp = self.run_dump(text, '--module', module)
                self.assertNotEqual(cp.returncode, 0, cp.stdout)
                self.assertIn(why, cp.stderr)
                self.assertIn('nothing imported', cp.stderr)
                self.assertEqual({t: self.count(t) for t in tables}, before,
                                 'a refused run wrote something')

    def test_wrong_module_or_type(self):
        cp = self.run_dump(organs_dump(), '--module', 'faq')
        self.assertNotEqual(cp.returncode, 0)
        self.assertIn('no questions in nv4_vi_faq', cp.stderr)
        cp = self.site.run('import-nukeviet', '--db', self.site.db_url(), '--dump', '/dev/null',
                           '--module-type', 'forum')
        self.assertNotEqual(cp.returncode, 0)
        self.assertIn('--module-type is news, laws, page, organs, faq, voting or menu', cp.stderr)

    def test_renamed_module(self):
        cp = self.run_dump(voting_dump(module='thamdo'), '--module', 'thamdo', '--module-type', 'voting')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(report_counts(cp.stdout).get('polls'), 2, cp.stdout)
        rows = self.site.db_query("SELECT target FROM redirects WHERE old LIKE '/thamdo/%'")
        self.assertEqual(len(rows), 1, rows)



class EGovFromMariaDB(unittest.TestCase):
    """The three dumps loaded into a real MariaDB (a socket of its own, no network) and imported
    with --mysql: the same units, people, questions and polls as from the dumps."""

    @classmethod
    def setUpClass(cls):
        if not find_tool('mariadbd') or not find_tool('mariadb-install-db'):
            raise unittest.SkipTest('mariadb-server is not installed')
        cls.site = Gazette('nvegovmaria')
        cls.proc = None
        try:
            cls.site.init(demo=False)
            cls.sock = cls.start_mariadb(os.path.join(cls.site.tmp, 'mariadb'))
            client = [find_tool('mariadb'), '--no-defaults', '-S', cls.sock, '-u', 'root']
            subprocess.run(client + ['-e', 'CREATE DATABASE nukeviet CHARACTER SET utf8mb4'],
                           check=True, timeout=60)
            text = organs_dump() + faq_dump() + voting_dump()
            subprocess.run(client + ['nukeviet'], input=text.encode('utf-8'), check=True, timeout=120)
            url = 'mysql://root@localhost/nukeviet?socket=' + cls.sock
            cls.results = {m: cls.site.run('import-nukeviet', '--db', cls.site.db_url(), '--mysql', url,
                                           '--module', m, '--skip-missing-media', timeout=120)
                           for m in ('organs', 'faq', 'voting')}
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def start_mariadb(cls, d):
        os.makedirs(d)
        sock = os.path.join(d, 'mysqld.sock')
        user = ['--user=root'] if os.geteuid() == 0 else []
        cp = subprocess.run([find_tool('mariadb-install-db'), '--no-defaults', '--datadir=' + d + '/data',
                             '--auth-root-authentication-method=normal', '--skip-test-db'] + user,
                            capture_output=True, text=True, timeout=180)
        if cp.returncode != 0:
            raise AssertionError('mariadb-install-db failed: %s %s' % (cp.stdout[-2000:], cp.stderr[-2000:]))
        cls.proc = subprocess.Popen(
            [find_tool('mariadbd'), '--no-defaults', '--datadir=' + d + '/data', '--socket=' + sock,
             '--skip-networking', '--pid-file=' + d + '/pid', '--log-error=' + d + '/err.log'] + user,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not os.path.exists(sock):
            if time.monotonic() > deadline or cls.proc.poll() is not None:
                raise AssertionError('mariadbd did not start')
            time.sleep(0.1)
        return sock

    @classmethod
    def tearDownClass(cls):
        if cls.proc is not None:
            cls.proc.terminate()
            try:
                cls.proc.wait(30)
            except Exception:
                cls.proc.kill()
            cls.proc = None
        cls.site.cleanup()

    def test_same_items_as_the_dumps(self):
        want = {'organs': {'units': 3, 'people': 3, 'skipped': 3},
                'faq': {'questions and answers': 3, 'skipped': 2}, 'voting': {'polls': 2}}
        for m, counts in want.items():
            cp = self.results[m]
            self.assertEqual(cp.returncode, 0, cp.stderr)
            c = report_counts(cp.stdout)
            for k, v in counts.items():
                self.assertEqual(c.get(k), v, '%s %s: expected %d\n%s' % (m, k, v, cp.stdout))
        rows = self.site.db_query("SELECT subject FROM tickets ORDER BY created_at")
        self.assertEqual([r[0] for r in rows], ['Làm căn cước ở đâu?', 'Thủ tục đăng ký khai sinh',
                                                'Giờ làm việc của bộ phận một cửa?'])
        votes = self.site.db_query("SELECT votes FROM poll_choices WHERE label = 'Báo chí'")
        self.assertEqual(votes, [['1500']])


if __name__ == '__main__':
    unittest.main()
