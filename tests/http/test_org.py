# Organisation and contacts (issue 13): units and people edited by admins (audited), /to-chuc/ with
# the tree, the directory searched with or without diacritics, JSON-LD, a vCard per person, and the
# API reads /api/v1/units and /api/v1/people.
import json
import re
import urllib.parse

from test_newsroom import NewsroomCase, location


class Organisation(NewsroomCase):
    accounts = (('boss', 'admin'), ('ed', 'editor'))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from test_newsroom import login_as
        try:
            cls.boss = login_as(cls.site, 'boss')
            cls.boss.get('/admin/units')
            cls.top = cls.add(cls, '/admin/units', {
                'name': 'Ban Giám đốc', 'parent_id': '0', 'position': '0',
                'functions': 'Lãnh đạo, điều hành toàn diện.',
                'address': '1 Tràng Tiền, Hà Nội', 'phone': '024 3825 0000',
                'fax': '024 3825 0001', 'email': 'bgd@example.vn',
                'website': 'https://example.vn'})
            cls.dep = cls.add(cls, '/admin/units', {
                'name': 'Phòng Tổng hợp', 'parent_id': str(cls.top), 'position': '1',
                'functions': 'Tham mưu, tổng hợp.', 'email': 'th@example.vn'})
            cls.boss.get('/admin/people')
            cls.an = cls.add(cls, '/admin/people', {
                'name': 'Nguyễn Văn Ân', 'title': 'Giám đốc', 'unit_id': str(cls.top),
                'phone': '0912 345 678', 'email': 'an@example.vn', 'sort_order': '1'})
            cls.binh = cls.add(cls, '/admin/people', {
                'name': 'Trần Thị Bình', 'title': 'Trưởng phòng', 'unit_id': str(cls.dep),
                'phone': '0913', 'email': 'binh@example.vn', 'sort_order': '1'})
        except BaseException:
            cls.site.cleanup()
            raise

    def add(self, path, fields):
        status, h, text = self.boss.post(path, fields)
        if status != 303:
            raise AssertionError('expected 303 for POST %s %r, got %d: %s'
                                 % (path, fields, status, text[:400]))
        return int(re.search(r'/(\d+)\?ok=', location(h)).group(1))

    def get(self, path, want=200):
        status, h, body = self.site.request('GET', path)
        self.assertEqual(status, want, 'expected %d for %s, got %d' % (want, path, status))
        return h, body.decode('utf-8', 'replace')

    def test_tree_contacts_and_json_ld(self):
        _, page = self.get('/to-chuc/')
        for s in ('Ban Giám đốc', 'Phòng Tổng hợp', 'Lãnh đạo, điều hành toàn diện.',
                  '024 3825 0001', 'mailto:bgd@example.vn', 'Nguyễn Văn Ân', 'Trần Thị Bình'):
            self.assertIn(s, page, 'expected %r on /to-chuc/' % s)
        self.assertLess(page.index('Ban Giám đốc'), page.index('Phòng Tổng hợp'),
                        'expected the parent before its sub-unit')
        docs = [json.loads(m) for m in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
        orgs = [d for d in docs if d.get('@type') == 'GovernmentOrganization']
        people = [d for d in docs if d.get('@type') == 'Person']
        self.assertEqual(sorted(o['name'] for o in orgs), ['Ban Giám đốc', 'Phòng Tổng hợp'])
        dep = [o for o in orgs if o['name'] == 'Phòng Tổng hợp'][0]
        self.assertEqual(dep['parentOrganization']['name'], 'Ban Giám đốc')
        an = [p for p in people if p['name'] == 'Nguyễn Văn Ân'][0]
        self.assertEqual((an['jobTitle'], an['worksFor']['name']), ('Giám đốc', 'Ban Giám đốc'))

    def test_directory_search_with_or_without_diacritics(self):
        for q in ('Bình', 'binh', 'TRUONG PHONG', 'tổng hợp'):
            with self.subTest(q=q):
                _, page = self.get('/to-chuc/?q=' + urllib.parse.quote_plus(q))
                self.assertIn('Trần Thị Bình', page, 'expected Bình found by %r' % q)
                self.assertNotIn('Nguyễn Văn Ân', page, 'expected Ân left out for %r' % q)
        _, page = self.get('/to-chuc/?q=khongaico')
        self.assertIn('Không tìm thấy', page)
        self.get('/to-chuc/?q=' + 'a' * 300, 400)

    def test_vcard(self):
        h, card = self.get('/to-chuc/nguoi/%d.vcf' % self.an)
        self.assertTrue(h.get('content-type', '').startswith('text/vcard'),
                        'expected text/vcard, got %r' % h.get('content-type'))
        lines = card.split('\r\n')
        self.assertEqual(lines[:2], ['BEGIN:VCARD', 'VERSION:4.0'])
        self.assertIn('FN:Nguyễn Văn Ân', lines)
        self.assertIn('TITLE:Giám đốc', lines)
        self.assertIn('EMAIL;TYPE=work:an@example.vn', lines)
        self.assertIn('ADR;TYPE=work:;;1 Tràng Tiền\\, Hà Nội;;;;', lines,
                      'expected the unit address with its comma escaped, got %r' % lines)
        self.assertTrue(any(l.startswith('ORG:') and l.endswith(';Ban Giám đốc') for l in lines))
        self.assertEqual(lines[-2:], ['END:VCARD', ''])
        h2, again = self.get('/to-chuc/nguoi/%d.vcf' % self.an)  # from the page cache
        self.assertEqual((again, h2.get('content-type')), (card, h.get('content-type')),
                         'expected the cached vCard to be the same bytes and type')
        self.get('/to-chuc/nguoi/99999.vcf', 404)

    def test_api_reads(self):
        _, body = self.get('/api/v1/units')
        units = {u['name']: u for u in json.loads(body)['units']}
        self.assertEqual(units['Phòng Tổng hợp']['parent_id'], self.top)
        self.assertEqual(units['Ban Giám đốc']['fax'], '024 3825 0001')
        _, body = self.get('/api/v1/people')
        people = {p['name']: p for p in json.loads(body)['people']}
        self.assertEqual(people['Trần Thị Bình']['unit_id'], self.dep)
        self.assertEqual(people['Nguyễn Văn Ân']['vcard'], '/to-chuc/nguoi/%d.vcf' % self.an)

    def test_edits_audited_and_refusals(self):
        objs = [r[0] for r in self.db(
            "SELECT object FROM audit_log WHERE action IN ('unit.create', 'person.create')")]
        for o in ('unit:%d' % self.top, 'person:%d' % self.binh):
            self.assertIn(o, objs, 'expected an audit entry for %s' % o)
        status, _, text = self.boss.post('/admin/units/%d' % self.top, {
            'name': 'Ban Giám đốc', 'parent_id': str(self.dep)})
        self.assertEqual(status, 422, 'expected 422 for a unit below itself, got %d' % status)
        status, _, _ = self.boss.post('/admin/units/%d/delete' % self.dep, {})
        self.assertEqual(status, 409, 'expected 409 deleting a unit with people, got %d' % status)
        status, _, _ = self.boss.post('/admin/people', {'name': 'Không đơn vị', 'unit_id': '0'})
        self.assertEqual(status, 422, 'expected 422 without a unit, got %d' % status)
        status, _, _ = self.boss.post('/admin/people', {
            'name': 'Ảnh lạ', 'unit_id': str(self.dep), 'photo': 'javascript:alert(1)'})
        self.assertEqual(status, 422, 'expected 422 for a photo address, got %d' % status)
        status, _, _ = self.boss.post('/admin/units', {'name': 'Web lạ',
                                                       'website': 'javascript:alert(1)'})
        self.assertEqual(status, 422, 'expected 422 for a website address, got %d' % status)
        ed = self.browser('ed')
        for path in ('/admin/units', '/admin/people'):
            status, _, _ = ed.get(path)
            self.assertEqual(status, 403, 'expected 403 for an editor on %s, got %d'
                             % (path, status))
        status, _, _ = ed.post('/admin/people', {'name': 'Editor', 'unit_id': str(self.dep)})
        self.assertEqual(status, 403)
        self.assertFalse(self.db("SELECT 1 FROM org_people WHERE name = 'Editor'"))

    def test_update_and_delete_person(self):
        pid = self.add('/admin/people', {'name': 'Lê Văn Tạm', 'unit_id': str(self.dep),
                                         'title': 'Chuyên viên'})
        self.boss.get('/admin/people/%d' % pid)
        status, _, _ = self.boss.post('/admin/people/%d' % pid, {
            'name': 'Lê Văn Tạm', 'unit_id': str(self.dep), 'title': 'Phó trưởng phòng'})
        self.assertEqual(status, 303)
        _, page = self.get('/to-chuc/?q=tam')
        self.assertIn('Phó trưởng phòng', page, 'expected the edit shown at once')
        status, _, _ = self.boss.post('/admin/people/%d/delete' % pid, {})
        self.assertEqual(status, 303)
        self.get('/to-chuc/nguoi/%d.vcf' % pid, 404)
        self.assertIn('person:%d' % pid, [r[0] for r in self.db(
            "SELECT object FROM audit_log WHERE action = 'person.delete'")])
