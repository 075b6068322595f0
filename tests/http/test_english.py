# The English version (issue 13): interface strings from theme/i18n/{vi,en}.json, lang="en", the
# English date, /en/ home, /en/page/{slug}, /en/organisation/, translated articles at
# /en/{slug}-{id}.html (absent without a translation), the language switch and hreflang pairs both
# ways, sitemap entries, the API's `en` fields, and a third catalogue picked up from a theme folder
# without code.
import json
import os
import re
import shutil
import time

from test_newsroom import NewsroomCase, db_rows, location, login_as

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
THEME = os.path.join(ROOT, 'theme')


def catalogue(code):
    with open(os.path.join(THEME, 'i18n', code + '.json'), encoding='utf-8') as f:
        return json.load(f)


def alternates(page):
    """{hreflang: href} of the page's <link rel="alternate" hreflang>."""
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))


def switch_links(page):
    """{hreflang: href} of the language switch."""
    m = re.search(r'<nav class="lang-switch[^"]*"[^>]*>(.*?)</nav>', page, re.S)
    if not m:
        return {}
    return {code: href for href, code in
            re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', m.group(1))}


class English(NewsroomCase):
    accounts = (('boss', 'admin'), ('ed', 'editor'), ('ed_lim', 'editor'))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.boss = login_as(cls.site, 'boss')
            cls.ed = login_as(cls.site, 'ed')
            cls.boss.get('/admin/pages')
            cls.page_id = cls.add(cls, cls.boss, '/admin/pages', {
                'title': 'Giới thiệu cơ quan', 'slug': 'gioi-thieu-co-quan', 'parent_id': '0',
                'position': '1', 'body': '<p>Cơ quan báo chí</p>',
                'title_en': 'About the agency',
                'body_en': '<p>A <b>press</b> agency</p><script>alert(1)</script>'})
            history = cls.add(cls, cls.boss, '/admin/pages', {
                'title': 'Lịch sử', 'slug': 'lich-su', 'parent_id': '0', 'position': '2',
                'body': '<p>Lịch sử</p>', 'title_en': '', 'body_en': ''})
            # pages start as drafts (the workflow): readers see them once published
            for pid in (cls.page_id, history):
                cls.boss.get('/admin/pages/%d' % pid)
                status, _, text = cls.boss.post('/admin/pages/%d/publish' % pid, {})
                if status != 303:
                    raise AssertionError('expected 303 publishing page %d, got %d: %s'
                                         % (pid, status, text[:300]))
            cls.draft = cls.add(cls, cls.boss, '/admin/pages', {
                'title': 'Bản nháp', 'slug': 'ban-nhap', 'parent_id': '0', 'position': '3',
                'body': '<p>Nháp</p>', 'title_en': 'Draft page', 'body_en': '<p>D</p>'})
            cls.boss.get('/admin/units')
            cls.unit = cls.add(cls, cls.boss, '/admin/units', {
                'name': 'Ban Giám đốc', 'parent_id': '0', 'position': '0',
                'functions': 'Lãnh đạo, điều hành.', 'name_en': 'Board of Directors',
                'functions_en': 'Leads and manages the agency.', 'email': 'bgd@example.vn'})
            cls.boss.get('/admin/people')
            cls.add(cls, cls.boss, '/admin/people', {
                'name': 'Nguyễn Văn Ân', 'title': 'Giám đốc', 'unit_id': str(cls.unit),
                'name_en': 'Nguyen Van An', 'title_en': 'Director', 'sort_order': '1'})
            rows = db_rows(cls.site, "SELECT id, slug FROM articles WHERE status = "
                           "'published' AND published_at <= ? AND coalesce(expires_at, 0) = 0 ORDER BY id "
                           "LIMIT 2", int(time.time()))
            (cls.art, cls.art_slug), (cls.other, cls.other_slug) = rows
            cls.ed.get('/admin/translations/%d/en' % cls.art)
            status, h, text = cls.ed.post('/admin/translations/%d/en' % cls.art, {
                'title': 'Province opens a new bridge', 'lead': 'The bridge links two towns.',
                'body': '<p>Traffic <em>flows</em>.</p><img src=x onerror="alert(1)">'})
            if status != 303:
                raise AssertionError('expected 303 saving a translation, got %d: %s'
                                     % (status, text[:400]))
        except BaseException:
            cls.site.cleanup()
            raise

    def add(self, b, path, fields):
        status, h, text = b.post(path, fields)
        if status != 303:
            raise AssertionError('expected 303 for POST %s %r, got %d: %s'
                                 % (path, fields, status, text[:400]))
        return int(re.search(r'/(\d+)\?ok=', location(h)).group(1))

    def get(self, path, want=200):
        status, h, body = self.site.request('GET', path)
        self.assertEqual(status, want, 'expected %d for %s, got %d: %s'
                         % (want, path, status, body[:300]))
        return h, body.decode('utf-8', 'replace')

    def base(self):
        return 'http://127.0.0.1:%d' % self.site.port

    # -- interface --------------------------------------------------------------------------
    def test_lang_attribute_strings_and_date(self):
        en = catalogue('en')
        vi = catalogue('vi')
        _, home = self.get('/en/')
        self.assertIn('<html lang="en">', home)
        for key in ('home', 'latest', 'skip', 'search_button', 'menu', 'licence'):
            if key == 'licence' and 'Giấy phép' not in self.get('/')[1]:
                continue
            self.assertIn(en['strings'][key], home,
                          'expected the English catalogue string %r (%s) on /en/' %
                          (en['strings'][key], key))
        self.assertNotIn(vi['strings']['skip'], home, 'expected no Vietnamese skip link on /en/')
        clock = re.search(r'<p class="clock"[^>]*>([^<]*)</p>', home).group(1)
        days = '|'.join(en['weekdays'])
        months = '|'.join(en['months'])
        self.assertRegex(clock, r'^(%s), \d{1,2} (%s) \d{4} - \d{1,2}:\d{2}:\d{2} (AM|PM)$'
                         % (days, months), 'expected the English clock on /en/')
        _, vhome = self.get('/')
        self.assertIn('<html lang="vi">', vhome)
        self.assertRegex(vhome, r'<p class="clock"[^>]*>(%s), ngày \d{1,2} tháng \d{1,2} năm '
                         r'\d{4}' % '|'.join(vi['weekdays']))
        self.assertIn(vi['strings']['skip'], vhome)

    def test_errors_in_english(self):
        en = catalogue('en')
        _, body = self.get('/en/page/khong-co-trang-nay', 404)
        self.assertIn('<html lang="en">', body)
        self.assertIn(en['strings']['error_404_title'], body)
        _, body = self.get('/trang/khong-co-trang-nay', 404)
        self.assertIn('<html lang="vi">', body)
        self.assertIn('Không tìm thấy trang', body)

    def test_unknown_or_default_prefix_is_404(self):
        self.get('/xx/', 404)
        self.get('/vi/', 404)
        self.get('/vi/page/gioi-thieu-co-quan', 404)

    # -- static pages -----------------------------------------------------------------------
    def test_page_with_english_version_and_hreflang_both_ways(self):
        base = self.base()
        _, en = self.get('/en/page/gioi-thieu-co-quan')
        self.assertIn('<h1 class="page-title">About the agency</h1>', en)
        self.assertIn('<b>press</b>', en)
        self.assertNotIn('alert(1)', en, 'expected the English body sanitised')
        want = {'vi': base + '/trang/gioi-thieu-co-quan',
                'en': base + '/en/page/gioi-thieu-co-quan',
                'x-default': base + '/trang/gioi-thieu-co-quan'}
        self.assertEqual(alternates(en), want, 'hreflang links of the English page')
        _, vi = self.get('/trang/gioi-thieu-co-quan')
        self.assertEqual(alternates(vi), want, 'hreflang links of the Vietnamese page')
        self.assertEqual(switch_links(vi), {'en': '/en/page/gioi-thieu-co-quan'})
        self.assertEqual(switch_links(en), {'vi': '/trang/gioi-thieu-co-quan'})

    def test_draft_page_absent_from_english(self):
        self.get('/en/page/ban-nhap', 404)
        _, home = self.get('/en/')
        self.assertNotIn('/en/page/ban-nhap', home)
        _, xml = self.get('/sitemap.xml')
        self.assertNotIn('/en/page/ban-nhap', xml)

    def test_page_without_english_version(self):
        self.get('/en/page/lich-su', 404)
        _, vi = self.get('/trang/lich-su')
        self.assertEqual(alternates(vi), {}, 'expected no hreflang without a translation')
        self.assertEqual(switch_links(vi), {'en': '/en/'},
                         'expected the switch to go to the English home')

    def test_english_menu_lists_english_pages_only(self):
        _, home = self.get('/en/')
        menu = re.search(r'<ul class="menu-list">(.*?)</ul>\s*</div>\s*</nav>', home, re.S)
        self.assertTrue(menu, 'expected the menu on /en/')
        self.assertIn('href="/en/page/gioi-thieu-co-quan">About the agency', menu.group(1))
        self.assertIn('href="/en/organisation/"', menu.group(1))
        self.assertNotIn('/en/page/lich-su', menu.group(1))
        self.assertNotIn('/chuyen-muc/', menu.group(1),
                         'expected no Vietnamese categories in the English menu')

    # -- organisation -----------------------------------------------------------------------
    def test_organisation_in_english(self):
        en = catalogue('en')
        _, page = self.get('/en/organisation/')
        self.assertIn('<html lang="en">', page)
        for s in ('Board of Directors', 'Leads and manages the agency.', 'Director',
                  'Nguyen Van An', en['strings']['org_title'], en['strings']['functions']):
            self.assertIn(s, page, 'expected %r on /en/organisation/' % s)
        self.assertNotIn('Lãnh đạo, điều hành.', page)
        base = self.base()
        want = {'vi': base + '/to-chuc/', 'en': base + '/en/organisation/',
                'x-default': base + '/to-chuc/'}
        self.assertEqual(alternates(page), want)
        _, vi = self.get('/to-chuc/')
        self.assertEqual(alternates(vi), want)
        self.assertIn('Ban Giám đốc', vi)
        _, found = self.get('/en/organisation/?q=director')
        self.assertIn('Nguyen Van An', found)
        self.assertIn(en['strings']['org_found'] + ' 1 ', found)

    # -- articles ---------------------------------------------------------------------------
    def test_translated_article(self):
        url = '/en/province-opens-a-new-bridge-%d.html' % self.art
        _, page = self.get(url)
        self.assertIn('<html lang="en">', page)
        self.assertIn('Province opens a new bridge', page)
        self.assertIn('<em>flows</em>', page)
        self.assertNotIn('onerror', page)
        base = self.base()
        vi_url = '/%s-%d.html' % (self.art_slug, self.art)
        want = {'vi': base + vi_url, 'en': base + url, 'x-default': base + vi_url}
        self.assertEqual(alternates(page), want)
        _, vi = self.get(vi_url)
        self.assertEqual(alternates(vi), want, 'expected the Vietnamese article to link its '
                         'translation')
        self.assertEqual(switch_links(vi), {'en': url})
        # a wrong slug is sent to the right address
        status, h, _ = self.site.request('GET', '/en/old-title-%d.html' % self.art)
        self.assertEqual((status, location(h)), (301, url))
        _, home = self.get('/en/')
        self.assertIn('href="%s"' % url, home, 'expected the translation on /en/')

    def test_untranslated_article_absent(self):
        self.get('/en/%s-%d.html' % (self.other_slug, self.other), 404)
        vi_url = '/%s-%d.html' % (self.other_slug, self.other)
        _, vi = self.get(vi_url)
        self.assertEqual(alternates(vi), {})
        self.assertEqual(switch_links(vi), {'en': '/en/'})
        _, home = self.get('/en/')
        self.assertNotIn('-%d.html"' % self.other, home)

    def test_translation_form_refuses_bad_input(self):
        self.ed.get('/admin/translations/%d/en' % self.other)
        status, _, text = self.ed.post('/admin/translations/%d/en' % self.other,
                                       {'title': 'x' * 400, 'lead': '', 'body': ''})
        self.assertEqual(status, 422, 'expected 422 for a 400-character title, got %d' % status)
        self.assertIn('Tiêu đề hoặc sapo quá dài', text)
        self.get('/en/%s-%d.html' % (self.other_slug, self.other), 404)
        status, _, _ = self.ed.post('/admin/translations/%d/EN' % self.other,
                                    {'title': 'Hello', 'lead': '', 'body': ''})
        self.assertEqual(status, 404, 'expected 404 for a language code in capitals')

    def test_translation_refused_outside_category_limits(self):
        status, _, text = self.boss.post('/admin/categories', {'name': 'Quốc tế', 'parent': '0'})
        self.assertEqual(status, 303, text[:300])
        cat = db_rows(self.site, "SELECT id FROM categories WHERE slug = 'quoc-te'")[0][0]
        uid = db_rows(self.site, "SELECT id FROM users WHERE name = 'ed_lim'")[0][0]
        self.boss.get('/admin/users/%d' % uid)
        status, _, text = self.boss.post('/admin/users/%d' % uid, [
            ('display_name', 'ed_lim'), ('role', 'editor'), ('category', str(cat))])
        self.assertEqual(status, 303, text[:300])
        lim = login_as(self.site, 'ed_lim')
        status, _, text = lim.get('/admin/translations/%d/en' % self.other)
        self.assertEqual(status, 403, 'expected 403 for an article outside the editor\'s '
                         'categories, got %d' % status)
        self.assertIn('chuyên mục bạn không được phân công', text)
        lim.get('/admin/password')
        status, _, _ = lim.post('/admin/translations/%d/en' % self.other,
                                {'title': 'Not mine', 'lead': '', 'body': ''})
        self.assertEqual(status, 403, 'expected the save refused too, got %d' % status)
        self.get('/en/not-mine-%d.html' % self.other, 404)

    def test_translation_shows_at_once_and_can_be_removed(self):
        # the page cache drops on the write (site_content_changed)
        self.get('/en/')
        self.ed.get('/admin/translations/%d/en' % self.other)
        status, _, _ = self.ed.post('/admin/translations/%d/en' % self.other,
                                    {'title': 'Second story', 'lead': 'Lead', 'body': '<p>B</p>'})
        self.assertEqual(status, 303)
        _, home = self.get('/en/')
        self.assertIn('/en/second-story-%d.html' % self.other, home)
        status, _, _ = self.ed.post('/admin/translations/%d/en' % self.other,
                                    {'title': '', 'lead': '', 'body': ''})
        self.assertEqual(status, 303)
        self.get('/en/second-story-%d.html' % self.other, 404)
        _, home = self.get('/en/')
        self.assertNotIn('second-story', home)
        self.assertIn('translation.delete',
                      [r[0] for r in self.db('SELECT action FROM audit_log')])

    # -- sitemap, API ------------------------------------------------------------------------
    def test_sitemap_has_english_entries(self):
        _, xml = self.get('/sitemap.xml')
        base = self.base()
        for path in ('/en/', '/en/organisation/', '/en/page/gioi-thieu-co-quan',
                     '/en/province-opens-a-new-bridge-%d.html' % self.art):
            self.assertIn('<loc>%s%s</loc>' % (base, path), xml,
                          'expected %s in the sitemap' % path)
        self.assertNotIn('/en/page/lich-su', xml)

    def test_api_english_fields(self):
        _, body = self.get('/api/v1/pages')
        pages = {p['slug']: p for p in json.loads(body)['pages']}
        self.assertEqual(pages['gioi-thieu-co-quan']['en'],
                         {'title': 'About the agency', 'url': '/en/page/gioi-thieu-co-quan'})
        self.assertIsNone(pages['lich-su']['en'])
        _, body = self.get('/api/v1/pages/gioi-thieu-co-quan')
        self.assertIn('<b>press</b>', json.loads(body)['en']['body_html'])
        _, body = self.get('/api/v1/units')
        unit = [u for u in json.loads(body)['units'] if u['id'] == self.unit][0]
        self.assertEqual(unit['en'], {'name': 'Board of Directors',
                                      'functions': 'Leads and manages the agency.'})
        _, body = self.get('/api/v1/people')
        person = [p for p in json.loads(body)['people'] if p['unit_id'] == self.unit][0]
        self.assertEqual(person['en'], {'name': 'Nguyen Van An', 'title': 'Director'})

    def test_pages_import_export_keep_english(self):
        line = json.dumps({'slug': 'nhiem-vu', 'title': 'Nhiệm vụ', 'body_html': '<p>NV</p>',
                           'title_en': 'Tasks', 'body_en': '<p>T</p><script>x()</script>'},
                          ensure_ascii=False) + '\n'
        cp = self.site.run('pages', 'import', '--db', self.site.db_url(), '-', input=line)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        _, page = self.get('/en/page/nhiem-vu')
        self.assertIn('<h1 class="page-title">Tasks</h1>', page)
        self.assertNotIn('x()', page)
        cp = self.site.run('pages', 'export', '--db', self.site.db_url(), '-')
        got = {l['slug']: l for l in map(json.loads, cp.stdout.splitlines())}
        self.assertEqual((got['nhiem-vu']['title_en'], got['nhiem-vu']['body_en']),
                         ('Tasks', '<p>T</p>'))
        self.assertNotIn('title_en', got['lich-su'], 'expected no English fields without one')
        bad = json.dumps({'slug': 'sai', 'title': 'Sai', 'body_en': '<p>x</p>'}) + '\n'
        cp = self.site.run('pages', 'import', '--db', self.site.db_url(), '-', input=bad)
        self.assertNotEqual(cp.returncode, 0, 'expected an English body without a title refused')
        self.assertIn("'body_en' needs 'title_en'", cp.stderr)

    def test_home_pages_link_each_other(self):
        base = self.base()
        want = {'vi': base + '/', 'en': base + '/en/', 'x-default': base + '/'}
        _, vi = self.get('/')
        _, en = self.get('/en/')
        self.assertEqual(alternates(vi), want)
        self.assertEqual(alternates(en), want)
        self.assertEqual(switch_links(en), {'vi': '/'})

    def token(self, name):
        cp = self.site.run('user', 'token', '--db', self.site.db_url(), name)
        m = re.search(r'\b(gz_[A-Za-z0-9_-]{16,})', cp.stdout)
        self.assertTrue(m, 'expected a token from `gazette user token`, got %r' % cp.stdout)
        return m.group(1)

    def api(self, method, path, token, body):
        status, _, out = self.site.request(method, path, headers={
            'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'},
            body=json.dumps(body).encode())
        return status, json.loads(out or b'{}')

    def test_api_writes_english_fields(self):
        tok = self.token('boss')
        status, unit = self.api('POST', '/api/v1/units', tok, {
            'name': 'Văn phòng', 'name_en': 'Office', 'functions_en': 'Runs the office.'})
        self.assertEqual(status, 201, unit)
        self.assertEqual(unit['en'], {'name': 'Office', 'functions': 'Runs the office.'})
        # a PATCH without the English fields keeps them
        status, unit = self.api('PATCH', '/api/v1/units/%d' % unit['id'], tok,
                                {'phone': '024 1111'})
        self.assertEqual(status, 200, unit)
        self.assertEqual(unit['en']['name'], 'Office')
        status, person = self.api('POST', '/api/v1/people', tok, {
            'name': 'Lê Thị Cúc', 'unit_id': unit['id'], 'title_en': 'Head of Office'})
        self.assertEqual(status, 201, person)
        self.assertEqual(person['en'], {'name': '', 'title': 'Head of Office'})
        status, page = self.api('PATCH', '/api/v1/pages/%d' % self.page_id, tok,
                                {'title_en': 'About the agency (API)'})
        self.assertEqual(status, 200, page)
        self.assertEqual(page['en']['title'], 'About the agency (API)')
        self.assertIn('<b>press</b>', page['en']['body_html'],
                      'expected the English body kept when only the title is sent')
        _, en = self.get('/en/page/gioi-thieu-co-quan')
        self.assertIn('About the agency (API)', en)
        status, err = self.api('PATCH', '/api/v1/pages/%d' % self.page_id, tok,
                               {'title_en': '', 'body_en': '<p>x</p>'})
        self.assertEqual(status, 422, err)
        self.assertIn('tiêu đề tiếng Anh', err.get('error', ''))
        status, _ = self.api('PATCH', '/api/v1/pages/%d' % self.page_id, tok,
                             {'title_en': 'About the agency'})
        self.assertEqual(status, 200)

    def test_newsroom_shows_english_fields(self):
        text = self.ed.get('/admin/articles/%d' % self.art)[2]
        self.assertIn('href="/admin/translations/%d/en"' % self.art, text,
                      'expected the article screen to link its English translation')
        text = self.ed.get('/admin/translations/%d/en' % self.art)[2]
        self.assertIn('value="Province opens a new bridge"', text)
        text = self.boss.get('/admin/pages/%d' % self.page_id)[2]
        self.assertIn('value="About the agency"', text)
        text = self.boss.get('/admin/units/%d' % self.unit)[2]
        self.assertIn('value="Board of Directors"', text)


class ThirdLanguage(NewsroomCase):
    """A catalogue file dropped in a copy of the theme makes /fr/ work without code."""
    start_server = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.theme = os.path.join(cls.site.tmp, 'theme')
            shutil.copytree(THEME, cls.theme)
            fr = catalogue('en')
            fr.update({'code': 'fr', 'name': 'Français', 'locale': 'fr_FR',
                       'weekdays': ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi',
                                    'vendredi', 'samedi'],
                       'months': ['janvier', 'février', 'mars', 'avril', 'mai', 'juin',
                                  'juillet', 'août', 'septembre', 'octobre', 'novembre',
                                  'décembre'],
                       'clock': '{weekday} {day} {month} {year}, {hh}:{min}:{sec}'})
            # a partial catalogue: the missing strings come from the default one
            fr['strings'] = {'home': 'Accueil', 'latest': 'Dernières nouvelles',
                             'skip': 'Aller au contenu'}
            with open(os.path.join(cls.theme, 'i18n', 'fr.json'), 'w', encoding='utf-8') as f:
                json.dump(fr, f, ensure_ascii=False)
            cls.site.start(extra_args=['--theme', cls.theme])
        except BaseException:
            cls.site.cleanup()
            raise

    def test_third_catalogue_picked_up(self):
        status, _, body = self.site.request('GET', '/fr/')
        page = body.decode('utf-8')
        self.assertEqual(status, 200, 'expected /fr/ from the new catalogue, got %d' % status)
        self.assertIn('<html lang="fr">', page)
        for s in ('Accueil', 'Dernières nouvelles', 'Aller au contenu'):
            self.assertIn(s, page, 'expected the French string %r' % s)
        self.assertIn(catalogue('vi')['strings']['org_title'], page,
                      'expected a string missing from fr.json to fall back to vi.json')
        self.assertRegex(page, r'<p class="clock"[^>]*>(lundi|mardi|mercredi|jeudi|vendredi|'
                         r'samedi|dimanche) \d{1,2} \w+ \d{4}, \d{2}:\d{2}:\d{2}</p>')
        _, _, body = self.site.request('GET', '/')
        links = switch_links(body.decode('utf-8'))
        self.assertEqual(links, {'en': '/en/', 'fr': '/fr/'},
                         'expected the switch to offer every catalogue')
        status, _, _ = self.site.request('GET', '/de/')
        self.assertEqual(status, 404, 'expected 404 for a language without a catalogue')
