# The old site's navigation menu through the importers: WordPress's nav_menu terms and
# nav_menu_item items (import-wordpress) and NukeViet's menu module (import-nukeviet --module
# menu), mapped onto Gazette's menu (the categories' order, menu_hide, menu_links); a second run
# changes nothing, a setting changed by hand is not clobbered, an export without a menu leaves the
# settings alone, and an item that points at nothing is reported and skipped.
import html.parser
import os
import unittest

from harness import Gazette
from test_legacy_import import UPLOADS, WXR as WXR_WITHOUT_MENU, MariaDB, report_counts

PAST = 1500000000


# ---- WordPress -----------------------------------------------------------------------------

def wp_cat(term_id, slug, parent, name):
    return ('<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename>%s'
            '</wp:category_nicename><wp:category_parent>%s</wp:category_parent><wp:cat_name>'
            '<![CDATA[%s]]></wp:cat_name></wp:category>\n' % (term_id, slug, parent, name))


def wp_menu(term_id, slug, name):
    # as wxr_nav_menu_terms() writes them
    return ('<wp:term><wp:term_id>%d</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>'
            '<wp:term_slug>%s</wp:term_slug><wp:term_name><![CDATA[%s]]></wp:term_name>'
            '</wp:term>\n' % (term_id, slug, name))


def wp_item(post_id, title, ptype, slug='', status='publish', parent=0, order=0, terms='',
            meta=None):
    metas = ''.join('<wp:postmeta><wp:meta_key>%s</wp:meta_key><wp:meta_value><![CDATA[%s]]>'
                    '</wp:meta_value></wp:postmeta>\n' % kv for kv in (meta or {}).items())
    return ('<item><title><![CDATA[%s]]></title><link>http://old.example.vn/?p=%d</link>'
            '<dc:creator><![CDATA[admin]]></dc:creator><content:encoded><![CDATA[<p>%s</p>]]>'
            '</content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>'
            '<wp:post_id>%d</wp:post_id><wp:post_date>2024-05-03 08:00:00</wp:post_date>'
            '<wp:post_date_gmt>2024-05-03 01:00:00</wp:post_date_gmt><wp:post_name>%s'
            '</wp:post_name><wp:status>%s</wp:status><wp:post_parent>%d</wp:post_parent>'
            '<wp:menu_order>%d</wp:menu_order><wp:post_type>%s</wp:post_type>'
            '<wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>\n%s%s</item>\n'
            % (title, post_id, title, post_id, slug, status, parent, order, ptype, terms, metas))


def nav_item(post_id, menu, order, kind, obj='', obj_id='', url='', parent=0, title='',
             status='publish'):
    """A nav_menu_item as export.php writes it: its menu as a nav_menu <category>, the target in
    postmeta, its place in wp:menu_order and _menu_item_menu_item_parent."""
    meta = {'_menu_item_type': kind, '_menu_item_menu_item_parent': str(parent),
            '_menu_item_object_id': str(obj_id or post_id), '_menu_item_object': obj or 'custom',
            '_menu_item_target': '', '_menu_item_classes': 'a:1:{i:0;s:0:"";}',
            '_menu_item_xfn': '', '_menu_item_url': url}
    return wp_item(post_id, title, 'nav_menu_item', slug=str(post_id), status=status, order=order,
                   terms='<category domain="nav_menu" nicename="%s"><![CDATA[%s]]></category>\n'
                   % menu, meta=meta)


def post_in(cat, name):
    return '<category domain="category" nicename="%s"><![CDATA[%s]]></category>\n' % (cat, name)


MAIN = ('menu-chinh', 'Menu chính')
FOOTER = ('chan-trang', 'Chân trang')


def wxr():
    items = [
        wp_item(20, 'Bài một', 'post', 'bai-mot', terms=post_in('thoi-su', 'Thời sự')),
        wp_item(21, 'Bài hai', 'post', 'bai-hai', terms=post_in('van-hoa', 'Văn hóa')),
        wp_item(22, 'Bài ba', 'post', 'bai-ba', terms=post_in('the-thao', 'Thể thao')),
        wp_item(30, 'Giới thiệu', 'page', 'gioi-thieu'),
        wp_item(31, 'Trang nháp', 'page', 'trang-nhap', status='draft'),
        # the main menu: its items in an order the ids do not follow
        nav_item(108, MAIN, 1, 'custom', url='http://old.example.vn/', title='Trang chủ'),
        nav_item(101, MAIN, 2, 'taxonomy', 'category', 5),               # Văn hóa
        nav_item(102, MAIN, 3, 'taxonomy', 'category', 2, title='Tin'),  # Tin tức
        nav_item(103, MAIN, 4, 'taxonomy', 'category', 3, parent=102),  # Thời sự, nested
        nav_item(104, MAIN, 5, 'post_type', 'page', 30),                 # the page's title
        nav_item(106, MAIN, 6, 'post_type', 'post', 20, parent=104, title='Tin nổi bật'),
        nav_item(105, MAIN, 7, 'custom', url='https://chinhphu.vn/', title='Cổng Chính phủ'),
        nav_item(107, MAIN, 8, 'post_type', 'page', 31, title='Trang nháp'),
        nav_item(109, MAIN, 9, 'taxonomy', 'category', 99, title='Mục đã xóa'),
        nav_item(110, MAIN, 10, 'custom', url='#', title='Nhóm'),
        nav_item(111, MAIN, 11, 'custom', url='http://old.example.vn/gioi-thieu/',
                 parent=110, title='Về chúng tôi'),
        nav_item(112, MAIN, 12, 'custom', url='http://old.example.vn/khong-co/', title='Cũ'),
        # another menu, with more items: not the main one
        nav_item(201, FOOTER, 1, 'custom', url='https://a.example/', title='A'),
        nav_item(202, FOOTER, 2, 'custom', url='https://b.example/', title='B'),
        nav_item(203, FOOTER, 3, 'custom', url='https://c.example/', title='C'),
        nav_item(204, FOOTER, 4, 'custom', url='https://d.example/', title='D'),
        nav_item(205, FOOTER, 5, 'custom', url='https://e.example/', title='E'),
        nav_item(206, FOOTER, 6, 'custom', url='https://f.example/', title='F'),
        nav_item(207, FOOTER, 7, 'custom', url='https://g.example/', title='G'),
        nav_item(208, FOOTER, 8, 'custom', url='https://h.example/', title='H'),
        nav_item(209, FOOTER, 9, 'custom', url='https://i.example/', title='I'),
        nav_item(210, FOOTER, 10, 'custom', url='https://j.example/', title='J'),
        nav_item(211, FOOTER, 11, 'custom', url='https://k.example/', title='K'),
        nav_item(212, FOOTER, 12, 'custom', url='https://l.example/', title='L'),
        nav_item(213, FOOTER, 13, 'custom', url='https://m.example/', title='M'),
    ]
    return ('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Xã</title>\n'
            '<wp:wxr_version>1.2</wp:wxr_version>\n'
            '<wp:base_site_url>http://old.example.vn</wp:base_site_url>\n'
            '<wp:base_blog_url>http://old.example.vn</wp:base_blog_url>\n'
            '<wp:author><wp:author_id>1</wp:author_id><wp:author_login>admin</wp:author_login>'
            '<wp:author_display_name>Quản trị</wp:author_display_name></wp:author>\n'
            + wp_cat(2, 'tin-tuc', '', 'Tin tức') + wp_cat(3, 'thoi-su', 'tin-tuc', 'Thời sự')
            + wp_cat(4, 'kinh-te', 'tin-tuc', 'Kinh tế') + wp_cat(5, 'van-hoa', '', 'Văn hóa')
            + wp_cat(6, 'the-thao', '', 'Thể thao')
            + wp_menu(50, FOOTER[0], FOOTER[1]) + wp_menu(51, MAIN[0], MAIN[1])
            + ''.join(items) + '</channel>\n</rss>\n')


# ---- the public menu ---------------------------------------------------------------------

class MenuParser(html.parser.HTMLParser):
    """The items of the site's menu (ul.menu-list): [(name, url, [(name, url), ...]), ...]."""

    def __init__(self):
        super().__init__()
        self.items, self.depth, self.in_list, self.text, self.href = [], 0, False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'ul' and 'menu-list' in (a.get('class') or '').split():
            self.in_list, self.depth = True, 0
        elif tag == 'ul' and self.in_list:
            self.depth += 1
        elif tag == 'a' and self.in_list:
            self.href, self.text = a.get('href'), ''

    def handle_endtag(self, tag):
        if tag == 'a' and self.text is not None:
            if self.depth == 0:
                self.items.append((self.text.strip(), self.href, []))
            else:
                self.items[-1][2].append((self.text.strip(), self.href))
            self.text = None
        elif tag == 'ul' and self.in_list:
            if self.depth == 0:
                self.in_list = False
            self.depth -= 1

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def public_menu(site):
    status, _, body = site.request('GET', '/')
    assert status == 200, 'GET /: %d' % status
    p = MenuParser()
    p.feed(body.decode('utf-8'))
    return p.items


def setting(site, key):
    rows = site.db_query("SELECT value FROM settings WHERE key = '%s'" % key)
    return rows[0][0] if rows else None


def set_setting(site, key, value):
    with site.db_connect() as con:
        con.execute('DELETE FROM settings WHERE key = ?', (key,))
        con.execute('INSERT INTO settings(key, value) VALUES (?, ?)', (key, value))


def positions(site):
    return dict(site.db_query('SELECT slug, position FROM categories'))


def lines(cp):
    return [ln.strip() for ln in cp.stdout.splitlines()]


class WordPressMenus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Gazette('wpmenus')
        try:
            cls.site.init(demo=False)
            cls.path = os.path.join(cls.site.tmp, 'menus.xml')
            with open(cls.path, 'w', encoding='utf-8') as f:
                f.write(wxr())
            cls.first = cls.run_import()
            cls.after_first = cls.state()
            cls.second = cls.run_import()
            cls.after_second = cls.state()
            cls.site.start()
            cls.menu = public_menu(cls.site)
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
    def run_import(cls, *extra):
        return cls.site.run('import-wordpress', '--db', cls.site.db_url(), *extra, cls.path)

    @classmethod
    def state(cls):
        return (setting(cls.site, 'menu_hide'), setting(cls.site, 'menu_links'),
                positions(cls.site))

    def test_first_run_imports_the_main_menu(self):
        cp = self.first
        self.assertEqual(cp.returncode, 0, cp.stderr)
        out = lines(cp)
        self.assertIn("menu: 'Menu chính' (12 items) imported: its name says it is the main "
                      "menu; not imported, Gazette having one menu: 'Chân trang' (13 items) "
                      "(--menu NAME takes another)", out, cp.stdout)
        self.assertIn('menu order of the categories set: Văn hóa, Tin tức', out, cp.stdout)
        self.assertIn('menu_hide set: "the-thao, tin-tuc/kinh-te"', out, cp.stdout)
        links = self.after_first[1]
        self.assertIn('menu_links set: "%s"' % links, out, cp.stdout)

    def test_settings(self):
        hide, links, pos = self.after_first
        self.assertEqual(hide, 'the-thao, tin-tuc/kinh-te',
                         'top-level categories the menu leaves out, and the sibling of the '
                         'sub-category it names')
        post = self.site.db_query("SELECT slug, id FROM articles WHERE title = 'Bài một'")[0]
        self.assertEqual(links, 'Giới thiệu|/trang/gioi-thieu; Tin nổi bật|/%s-%s.html; '
                         'Cổng Chính phủ|https://chinhphu.vn/' % (post[0], post[1]),
                         'the page by its new address and title, the nested post flattened '
                         'after it, the external link as given')
        self.assertLess(int(pos['van-hoa']), int(pos['tin-tuc']), pos)

    def test_public_menu(self):
        top = [(name, url) for name, url, _ in self.menu]
        self.assertEqual(top, [('Trang chủ', '/'), ('Văn hóa', '/chuyen-muc/van-hoa/'),
                               ('Tin tức', '/chuyen-muc/tin-tuc/'),
                               ('Giới thiệu', '/trang/gioi-thieu'),
                               ('Tin nổi bật', self.after_first[1].split('; ')[1].split('|')[1]),
                               ('Cổng Chính phủ', 'https://chinhphu.vn/')],
                         'the menu in the old menu\'s order, hidden categories left out')
        news = dict((name, kids) for name, _, kids in self.menu)['Tin tức']
        self.assertEqual(news, [('Thời sự', '/chuyen-muc/tin-tuc/thoi-su/')])

    def test_items_reported(self):
        out = lines(self.first)
        expect = [
            "menu: 'Trang chủ' left out: it is the home page, which Gazette's menu begins with",
            "menu: 'Tin' is shown as 'Tin tức', the category's name",
            "menu: 'Tin nổi bật' is one of the links after the categories: it was under "
            "'Giới thiệu' (Gazette's menu has no sub-items for links)",
            "menu: 'Nhóm' left out: it links nowhere (#) and only holds the items under it",
            "menu: 'Về chúng tôi' left out: an item before it has the same address "
            "(/trang/gioi-thieu)",
            "skipped menu item 107 'Trang nháp': its page 31 is not published",
            "skipped menu item 109 'Mục đã xóa': its category (term 99) is not in the export",
            "skipped menu item 112 'Cũ': 'http://old.example.vn/khong-co/' has no new address "
            "(not imported, or not published)",
        ]
        for ln in expect:
            self.assertIn(ln, out, self.first.stdout)
        self.assertEqual(report_counts(self.first.stdout).get('skipped'), 3, self.first.stdout)

    def test_second_run_changes_nothing(self):
        self.assertEqual(self.second.returncode, 0, self.second.stderr)
        self.assertEqual(self.after_second, self.after_first)
        out = lines(self.second)
        self.assertIn('menu order of the categories unchanged: Văn hóa, Tin tức', out)
        self.assertIn('menu_hide unchanged: "the-thao, tin-tuc/kinh-te"', out)
        self.assertIn('menu_links unchanged: "%s"' % self.after_first[1], out)

    def test_zz_hand_changes_are_kept(self):
        """Settings and an order changed in the newsroom after the import are left alone by the
        next run, which says what it would have written; what nobody touched stays its own."""
        site = self.site
        set_setting(site, 'menu_links', 'Liên hệ|/lien-he')
        with site.db_connect() as con:
            con.execute("UPDATE categories SET position = 9 WHERE slug = 'van-hoa'")
        cp = self.run_import()
        self.assertEqual(cp.returncode, 0, cp.stderr)
        out = lines(cp)
        self.assertIn('menu_links left as it is: it was changed in the newsroom after the last '
                      'import (the import\'s value: "%s")' % self.after_first[1], out, cp.stdout)
        self.assertIn('menu order of the categories left as it is: it was changed in the '
                      'newsroom after the last import (the menu\'s: Văn hóa, Tin tức)', out,
                      cp.stdout)
        self.assertIn('menu_hide unchanged: "the-thao, tin-tuc/kinh-te"', out)
        self.assertEqual(setting(site, 'menu_links'), 'Liên hệ|/lien-he')
        self.assertEqual(positions(site)['van-hoa'], '9')

    def test_menu_option(self):
        """--menu NAME takes another menu; one the export does not have stops the run."""
        site = Gazette('wpmenus-opt')
        try:
            site.init(demo=False)
            cp = site.run('import-wordpress', '--db', site.db_url(), '--menu', 'Không có',
                          self.path)
            self.assertNotEqual(cp.returncode, 0)
            self.assertIn("--menu Không có: no menu of the export has that name, slug or id "
                          "(menus: 'Chân trang', 'Menu chính')", cp.stderr)
            self.assertIn('nothing imported', cp.stderr)
            self.assertEqual(site.db_query('SELECT COUNT(*) FROM articles'), [['0']])
            cp = site.run('import-wordpress', '--db', site.db_url(), '--menu', 'chan-trang',
                          self.path)
            self.assertEqual(cp.returncode, 0, cp.stderr)
            self.assertIn("menu: 'Chân trang' (13 items) imported: the one --menu names; not "
                          "imported, Gazette having one menu: 'Menu chính' (12 items) (--menu "
                          "NAME takes another)", lines(cp), cp.stdout)
            self.assertIn('menu: it names no category: every category stays in the menu '
                          '(menu_hide and their order left as they are)', lines(cp))
            self.assertEqual(setting(site, 'menu_hide'), None)
            self.assertTrue(setting(site, 'menu_links').startswith('A|https://a.example/; '))
        finally:
            site.cleanup()

    def test_export_without_menu_leaves_settings_alone(self):
        site = Gazette('wpnomenu')
        try:
            site.init(demo=False)
            set_setting(site, 'menu_links', 'Tự đặt|/lien-he')
            set_setting(site, 'menu_hide', 'khong-co')
            media = os.path.join(site.tmp, 'media')
            os.makedirs(media, exist_ok=True)
            cp = site.run('import-wordpress', '--db', site.db_url(), '--uploads', UPLOADS,
                          '--media', media, WXR_WITHOUT_MENU)
            self.assertEqual(cp.returncode, 0, cp.stderr)
            self.assertIn('menu: the export has no menu: the menu settings are left as they are',
                          lines(cp), cp.stdout)
            self.assertIn('skipped 40: a menu item (nav_menu_item) of no menu', lines(cp))
            self.assertEqual(setting(site, 'menu_links'), 'Tự đặt|/lien-he')
            self.assertEqual(setting(site, 'menu_hide'), 'khong-co')
        finally:
            site.cleanup()


# ---- NukeViet ------------------------------------------------------------------------------

def table(name, cols, rows):
    out = 'CREATE TABLE `%s` (\n  %s\n) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;\n' % (
        name, ',\n  '.join(cols))
    if rows:
        out += 'INSERT INTO `%s` VALUES %s;\n' % (name, ',\n'.join(rows))
    return out


def q(s):
    return "'%s'" % s.replace('\\', '\\\\').replace("'", "\\'")


# modules/menu/action_mysql.php's columns
MENU_ROWS = ['`id` mediumint(5) NOT NULL', '`parentid` mediumint(5) unsigned NOT NULL',
             "`mid` smallint(5) NOT NULL DEFAULT '0'", '`title` varchar(255) NOT NULL',
             '`link` text NOT NULL', "`icon` varchar(255) DEFAULT ''",
             "`image` varchar(255) DEFAULT ''", "`note` varchar(255) DEFAULT ''",
             '`weight` int(11) NOT NULL', "`sort` int(11) NOT NULL DEFAULT '0'",
             "`lev` int(11) NOT NULL DEFAULT '0'", '`subitem` text',
             "`groups_view` varchar(255) DEFAULT ''", "`module_name` varchar(255) DEFAULT ''",
             "`op` varchar(255) DEFAULT ''", '`target` tinyint(4) DEFAULT 0',
             "`css` varchar(255) DEFAULT ''",
             "`active_type` tinyint(1) unsigned NOT NULL DEFAULT '0'",
             "`status` tinyint(1) unsigned NOT NULL DEFAULT '0'"]


def menu_row(id, mid, title, link, weight, parent=0, module='', op='', groups='6', status=1):
    return '(%d, %d, %d, %s, %s, \'\', \'\', \'\', %d, 0, 0, \'\', %s, %s, %s, 1, \'\', 0, %d)' % (
        id, parent, mid, q(title), q(link), weight, q(groups), q(module), q(op), status)


def nv_dump():
    news = [table('nv4_vi_news_cat', ['`catid` smallint(5) NOT NULL', '`parentid` smallint(5)',
                                      '`title` varchar(250)', '`alias` varchar(250)',
                                      '`weight` smallint(5)'],
                  ["(1, 0, 'Tin tức', 'Tin-tuc', 1)", "(2, 0, 'Thông báo', 'Thong-bao', 2)",
                   "(3, 1, 'Hoạt động', 'Hoat-dong', 1)", "(4, 0, 'Sự kiện', 'Su-kien', 3)"]),
            table('nv4_vi_news_rows', ['`id` int(11)', '`catid` smallint(5)', '`status` tinyint(4)',
                                       '`publtime` int(11)', '`title` varchar(250)',
                                       '`alias` varchar(250)'],
                  ["(1, 3, 1, %d, 'Bài một', 'bai-mot')" % PAST,
                   "(2, 2, 1, %d, 'Bài hai', 'bai-hai')" % PAST,
                   "(3, 4, 1, %d, 'Bài ba', 'bai-ba')" % PAST]),
            table('nv4_vi_news_detail', ['`id` int(11)', '`bodyhtml` longtext'],
                  ["(1, '<p>Một</p>')", "(2, '<p>Hai</p>')", "(3, '<p>Ba</p>')"]),
            table('nv4_vi_page', ['`id` int(11)', '`title` varchar(250)', '`alias` varchar(250)',
                                  '`bodytext` mediumtext', '`weight` int(11)',
                                  '`status` tinyint(1)'],
                  ["(1, 'Giới thiệu', 'gioi-thieu', '<p>Xã</p>', 1, 1)"])]
    main = [
        menu_row(1, 1, 'Trang chủ', '/index.php?language=vi', 1),
        menu_row(2, 1, 'Thông báo', '/index.php?language=vi&amp;nv=news&amp;op=Thong-bao', 2,
                 module='news', op='Thong-bao'),
        menu_row(3, 1, 'Tin tức', '/news/Tin-tuc/', 3),
        menu_row(4, 1, 'Hoạt động', '/vi/news/Hoat-dong/', 1, parent=3),
        menu_row(5, 1, 'Giới thiệu', '/index.php?language=vi&amp;nv=page&amp;op=gioi-thieu.html',
                 4, module='page', op='gioi-thieu.html'),
        menu_row(6, 1, 'Văn bản Chính phủ', 'https://vanban.chinhphu.vn/', 1, parent=5),
        menu_row(7, 1, 'Liên hệ', '/index.php?language=vi&amp;nv=contact', 5, module='contact'),
        menu_row(8, 1, 'Trang cũ', '/index.php?language=vi&amp;nv=page&amp;op=khong-co.html', 6,
                 module='page', op='khong-co.html'),
        menu_row(9, 1, 'Nội bộ', '/index.php?language=vi&amp;nv=users', 7, groups='4'),
        menu_row(10, 1, 'Đã tắt', '/index.php?language=vi&amp;nv=news', 8, status=0),
        menu_row(11, 1, 'Con của mục tắt', 'https://example.org/', 1, parent=10),
        menu_row(12, 1, 'Tin mới', '/index.php?language=vi&amp;nv=news', 9, module='news'),
        menu_row(13, 1, 'Tin tức chung', '/news/', 10),
    ]
    extra = [menu_row(20 + i, 2, 'Phụ %d' % i, 'https://example.org/%d' % i, i) for i in range(14)]
    blocks = ["(1, 'default', 'menu', 'global.bootstrap.php', 'Menu Site', '', 'no_title', "
              "'[MENU_SITE]', 0, '1', 1, '6', 1, 1, "
              "'a:2:{s:6:\"menuid\";i:1;s:12:\"title_length\";i:0;}')",
              "(2, 'mobile_default', 'menu', 'global.metismenu.php', 'Menu', '', 'no_title', "
              "'[MENU_FOOTER]', 0, '1', 1, '6', 1, 1, 'a:1:{s:6:\"menuid\";i:2;}')"]
    return ''.join(news) + ''.join([
        table('nv4_vi_menu', ['`id` smallint(5) unsigned NOT NULL', '`title` varchar(50) NOT NULL'],
              ["(1, 'Menu Site')", "(2, 'Menu phụ')"]),
        table('nv4_vi_menu_rows', MENU_ROWS, main + extra),
        table('nv4_vi_blocks_groups',
              ['`bid` mediumint(8)', '`theme` varchar(55)', '`module` varchar(55)',
               '`file_name` varchar(55)', '`title` varchar(255)', '`link` varchar(255)',
               '`template` varchar(55)', '`position` varchar(55)', "`exp_time` int(11)",
               "`active` varchar(10)", '`act` tinyint(1)', "`groups_view` varchar(255)",
               '`all_func` tinyint(4)', '`weight` int(11)', '`config` text'], blocks),
        table('nv4_config', ['`lang` char(3)', '`module` varchar(50)', '`config_name` varchar(30)',
                             '`config_value` text'],
              ["('sys', 'global', 'site_domain', '')",
               "('vi', 'global', 'site_theme', 'default')"]),
    ])


class NukeVietMenu(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Gazette('nvmenus')
        try:
            cls.site.init(demo=False)
            cls.dump = os.path.join(cls.site.tmp, 'nv.sql')
            with open(cls.dump, 'w', encoding='utf-8') as f:
                f.write(nv_dump())
            cls.runs = {m: cls.run_module(m) for m in ('news', 'page', 'menu')}
            cls.after_first = (setting(cls.site, 'menu_hide'), setting(cls.site, 'menu_links'),
                               positions(cls.site))
            cls.again = cls.run_module('menu')
            cls.site.start()
            cls.menu = public_menu(cls.site)
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
    def run_module(cls, module):
        return cls.site.run('import-nukeviet', '--db', cls.site.db_url(), '--dump', cls.dump,
                            '--module', module)

    def test_runs(self):
        for m, cp in self.runs.items():
            self.assertEqual(cp.returncode, 0, '%s: %s' % (m, cp.stderr))
        self.assertIn("menu: the dump holds the site's menu (the menu module): import it with "
                      "--module menu once the other modules are in", lines(self.runs['news']))

    def test_menu_chosen_by_the_theme_block(self):
        out = lines(self.runs['menu'])
        self.assertIn("menu: 'Menu Site' (menu 1, 12 items) imported: the one the menu block at "
                      "[MENU_SITE] of the theme 'default' shows; not imported, Gazette having one "
                      "menu: 'Menu phụ' (14 items) (--menu NAME takes another)", out,
                      self.runs['menu'].stdout)

    def test_settings_and_report(self):
        hide, links, _ = self.after_first
        self.assertEqual(hide, 'su-kien')
        self.assertEqual(links, 'Giới thiệu|/trang/gioi-thieu; Văn bản Chính phủ|'
                         'https://vanban.chinhphu.vn/; Liên hệ|/lien-he')
        out = lines(self.runs['menu'])
        for ln in ["menu: 'Trang chủ' left out: it is the home page, which Gazette's menu begins "
                   "with",
                   "menu: 'Tin mới' left out: it is the home page, which Gazette's menu begins "
                   "with",
                   "menu: 'Tin tức chung' left out: it is the home page, which Gazette's menu "
                   "begins with",
                   'menu order of the categories set: Thông báo, Tin tức',
                   "menu: 'Văn bản Chính phủ' is one of the links after the categories: it was "
                   "under 'Giới thiệu' (Gazette's menu has no sub-items for links)",
                   "skipped menu row 8 'Trang cũ': '/index.php?language=vi&nv=page&op=khong-co"
                   ".html' has no new address: its module was not imported (import it, then "
                   "--module menu again), or it is not published",
                   "skipped menu row 9 'Nội bộ': shown to members only (groups_view)",
                   "skipped menu row 10 'Đã tắt': turned off (status 0)",
                   "skipped menu row 11 'Con của mục tắt': under 'Đã tắt', which is turned off "
                   "(status 0)"]:
            self.assertIn(ln, out, self.runs['menu'].stdout)

    def test_public_menu(self):
        self.assertEqual([(n, u) for n, u, _ in self.menu],
                         [('Trang chủ', '/'), ('Thông báo', '/chuyen-muc/thong-bao/'),
                          ('Tin tức', '/chuyen-muc/tin-tuc/'), ('Giới thiệu', '/trang/gioi-thieu'),
                          ('Văn bản Chính phủ', 'https://vanban.chinhphu.vn/'),
                          ('Liên hệ', '/lien-he')])
        self.assertEqual(dict((n, k) for n, _, k in self.menu)['Tin tức'],
                         [('Hoạt động', '/chuyen-muc/tin-tuc/hoat-dong/')])

    def test_second_run_changes_nothing(self):
        cp = self.again
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual((setting(self.site, 'menu_hide'), setting(self.site, 'menu_links'),
                          positions(self.site)), self.after_first)
        out = lines(cp)
        self.assertIn('menu_hide unchanged: "su-kien"', out, cp.stdout)
        self.assertIn('menu order of the categories unchanged: Thông báo, Tin tức', out)
        self.assertIn('menu_links unchanged: "%s"' % self.after_first[1], out)

    def test_news_run_again_keeps_the_order(self):
        """A later run of the news module keeps the positions the menu gave (it used to reset
        them)."""
        before = positions(self.site)
        cp = self.run_module('news')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(positions(self.site), before)


class NukeVietMenuFromMariaDB(unittest.TestCase):
    """The same tables in a real MariaDB, imported with --mysql: the same menu."""

    def test_same_menu(self):
        site = Gazette('nvmenus-maria')
        db = None
        try:
            site.init(demo=False)
            db = MariaDB(site.tmp)
            db.load('nukeviet', nv_dump().encode('utf-8'))
            for m in ('news', 'page', 'menu'):
                cp = site.run('import-nukeviet', '--db', site.db_url(), '--mysql',
                              db.url('nukeviet'), '--module', m)
                self.assertEqual(cp.returncode, 0, '%s: %s' % (m, cp.stderr))
            self.assertIn("menu: 'Menu Site' (menu 1, 12 items) imported: the one the menu block "
                          "at [MENU_SITE] of the theme 'default' shows; not imported, Gazette "
                          "having one menu: 'Menu phụ' (14 items) (--menu NAME takes another)",
                          lines(cp), cp.stdout)
            self.assertEqual(setting(site, 'menu_hide'), 'su-kien')
            self.assertEqual(setting(site, 'menu_links'),
                             'Giới thiệu|/trang/gioi-thieu; Văn bản Chính phủ|'
                             'https://vanban.chinhphu.vn/; Liên hệ|/lien-he')
        finally:
            if db:
                db.stop()
            site.cleanup()


if __name__ == '__main__':
    unittest.main()
