# `gazette import-nukeviet` on the layouts real NukeViet 4 sites dump: 4.0 (bodies in
# _bodyhtml_N), phpMyAdmin's export (column lists, keys added by ALTER TABLE afterwards), text
# stored HTML-escaped, the statuses of 4.3 and later, a second language, and dumps it must refuse.
import os
import unittest

from harness import Gazette
from test_legacy_import import body_of, report_counts

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


if __name__ == '__main__':
    unittest.main()
