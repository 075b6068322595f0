# The write API under /api/v1/ with bearer tokens: roles, workflow, validation, conflicts, caching.
import hashlib
import json
import os
import re
import secrets
import time
from datetime import datetime, timedelta, timezone

from harness import REF_CATEGORY, REF_ID, SiteTestCase

VN = timezone(timedelta(hours=7))
ROLES = ('contributor', 'editor', 'publisher', 'admin')
RANK = {r: i for i, r in enumerate(ROLES)}
PREFIX = 'w_'  # the demo site has its own 'admin'
TOKEN_RE = re.compile(r'\b(gz_[A-Za-z0-9_-]{16,})')


def rfc3339(t):
    """Unix time t as RFC 3339 with the +07:00 offset."""
    return datetime.fromtimestamp(int(t), VN).isoformat()


class ApiWriteTest(SiteTestCase):
    """One demo site with one account per role (and a second contributor, and a disabled one)."""

    tokens = {}
    ids = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.tokens = {}
            cls.ids = {}
            for name, role in (('contributor', 'contributor'), ('contributor2', 'contributor'),
                               ('editor', 'editor'), ('publisher', 'publisher'),
                               ('admin', 'admin'), ('disabled', 'contributor')):
                cls.add_user(PREFIX + name, role)
                cls.tokens[name] = cls.make_token(PREFIX + name)
            with cls.db() as con:
                con.execute('UPDATE users SET disabled = true WHERE name = ?', (PREFIX + 'disabled',))
                for name, uid in con.execute('SELECT name, id FROM users'):
                    cls.ids[name[len(PREFIX):]] = uid
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def db(cls):
        return cls.site.db_connect()

    @classmethod
    def add_user(cls, name, role):
        pw = os.path.join(cls.site.tmp, 'pw-' + name)
        with open(pw, 'w') as f:
            f.write('correct horse battery staple %s\n' % name)
        cp = cls.site.run('user', 'add', '--db', cls.site.db_url(), '--role', role,
                          '--password-file', pw, name)
        if cp.returncode != 0:
            raise AssertionError('expected `gazette user add %s` to exit 0, got %d: %s'
                                 % (name, cp.returncode, cp.stderr))

    @classmethod
    def make_token(cls, name):
        """A token from `gazette user token`, or one written straight into api_tokens."""
        cp = cls.site.run('user', 'token', '--db', cls.site.db_url(), name)
        m = TOKEN_RE.search(cp.stdout) if cp.returncode == 0 else None
        if m:
            return m.group(1)
        token = 'gz_test_' + secrets.token_hex(24)
        digest = hashlib.blake2b(token.encode(), digest_size=32).hexdigest()
        with cls.db() as con:
            con.execute('INSERT INTO api_tokens (token_hash, user_id, created_at) '
                        'SELECT ?, id, ? FROM users WHERE name = ?',
                        (digest, int(time.time()), name))
        return token

    # requests ---------------------------------------------------------------------------
    def call(self, method, path, who=None, body=None, raw=None, ctype='application/json',
             token=None):
        """One API request; returns (status, headers, parsed JSON or None)."""
        headers = {}
        if who or token:
            headers['Authorization'] = 'Bearer ' + (token or self.tokens[who])
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False)
        if data is not None and ctype:
            headers['Content-Type'] = ctype
        if data is None and method in ('POST', 'PATCH'):
            data = b''
        status, h, out = self.site.request(method, '/api/v1/' + path, headers=headers, body=data)
        try:
            doc = json.loads(out) if out.strip() else None
        except ValueError:
            doc = None
        return status, h, doc

    def expect(self, want, method, path, who=None, body=None, **kw):
        """The request must answer `want` with a JSON body (an "error" member unless 2xx)."""
        status, h, doc = self.call(method, path, who, body, **kw)
        what = '%s /api/v1/%s as %s' % (method, path, who or 'nobody')
        self.assertEqual(status, want, 'expected %d for %s, got %d: %r' % (want, what, status, doc))
        self.assertTrue(h.get('content-type', '').startswith('application/json'),
                        'expected JSON from %s, got %r' % (what, h.get('content-type')))
        self.assertIsInstance(doc, dict, 'expected a JSON object from %s, got %r' % (what, doc))
        if status >= 400:
            self.assertIsInstance(doc.get('error'), str,
                                  'expected an "error" string from %s, got %r' % (what, doc))
            self.assertIsInstance(doc.get('code'), str,
                                  'expected a "code" string from %s, got %r' % (what, doc))
        self.assertIn('no-store', h.get('cache-control', ''),
                      'expected Cache-Control: no-store from %s, got %r'
                      % (what, h.get('cache-control')))
        return doc, h

    def create(self, who='contributor', **fields):
        body = {'title': 'Bài thử %s' % secrets.token_hex(4), 'category': REF_CATEGORY,
                'lead': 'Sapo thử.', 'body_html': '<p>Nội dung thử.</p>'}
        body.update(fields)
        doc, _ = self.expect(201, 'POST', 'articles', who, body)
        return doc

    def in_status(self, status, owner='contributor'):
        """A fresh article of owner, moved by the admin into status."""
        a = self.create(owner)
        if status in ('submitted', 'published', 'unpublished'):
            a, _ = self.expect(200, 'POST', 'articles/%d/submit' % a['id'], 'admin')
        if status in ('published', 'unpublished'):
            a, _ = self.expect(200, 'POST', 'articles/%d/publish' % a['id'], 'admin')
        if status == 'unpublished':
            a, _ = self.expect(200, 'POST', 'articles/%d/unpublish' % a['id'], 'admin')
        self.assertEqual(a['status'], status, 'expected status %s, got %r' % (status, a['status']))
        return a

    def public(self, path):
        status, _, body = self.site.request('GET', path)
        return status, body.decode('utf-8', 'replace')

    # who am I -----------------------------------------------------------------------------
    def test_me_for_each_role(self):
        for role in ROLES:
            with self.subTest(role=role):
                doc, _ = self.expect(200, 'GET', 'me', role)
                for k, v in (('name', PREFIX + role), ('role', role), ('id', self.ids[role])):
                    self.assertEqual(doc.get(k), v, 'expected %s = %r, got %r' % (k, v, doc.get(k)))
                self.assertIsInstance(doc.get('display_name'), str,
                                      'expected a display_name, got %r' % doc)

    # authentication -----------------------------------------------------------------------
    def test_401_without_token_bad_token_and_disabled(self):
        a = self.create()
        cases = [('no token', {}), ('unknown token', {'token': 'gz_' + 'x' * 40}),
                 ('disabled account', {'who': 'disabled'}),
                 ('not a bearer', {'token': None})]
        for label, kw in cases:
            for method, path, body in (('POST', 'articles', {'title': 'x', 'category': REF_CATEGORY}),
                                       ('PATCH', 'articles/%d' % a['id'], {'revision': 1}),
                                       ('POST', 'articles/%d/submit' % a['id'], None),
                                       ('GET', 'me', None),
                                       ('GET', 'articles/%d/revisions' % a['id'], None)):
                with self.subTest(case=label, path=path, method=method):
                    if label == 'not a bearer':
                        st, h, doc = self.site.request(
                            method, '/api/v1/' + path, body=json.dumps(body or {}),
                            headers={'Authorization': 'Basic YWRtaW46YWRtaW4=',
                                     'Content-Type': 'application/json'})
                        doc = json.loads(doc)
                    else:
                        st, h, doc = self.call(method, path, body=body, **kw)
                    self.assertEqual(st, 401, 'expected 401 for %s %s with %s, got %d: %r'
                                     % (method, path, label, st, doc))
                    self.assertTrue(h.get('www-authenticate', '').startswith('Bearer'),
                                    'expected WWW-Authenticate: Bearer with %s, got %r'
                                    % (label, h.get('www-authenticate')))
                    self.assertEqual(doc.get('code'), 'unauthorized',
                                     'expected code unauthorized, got %r' % doc)
        # nothing was written by the refused requests
        doc, _ = self.expect(200, 'GET', 'articles/%d' % a['id'], 'admin')
        self.assertEqual((doc['status'], doc['revision']), ('draft', a['revision']),
                         'expected the article untouched (draft, revision %d), got %r'
                         % (a['revision'], (doc['status'], doc['revision'])))

    # creating -----------------------------------------------------------------------------
    def test_create_for_each_role(self):
        for role in ROLES:
            with self.subTest(role=role):
                title = 'Bài của %s – “thử” %s' % (role, secrets.token_hex(3))
                status, h, doc = self.call('POST', 'articles', role, {
                    'title': title, 'category': REF_CATEGORY, 'lead': 'Sapo',
                    'body_html': '<p>Đoạn <strong>một</strong></p>', 'tags': ['Thử', 'API'],
                    'author': 'Tác giả', 'signature': 'TG', 'source': 'Nguồn'})
                self.assertEqual(status, 201, 'expected 201 creating as %s, got %d: %r'
                                 % (role, status, doc))
                want = {'title': title, 'status': 'draft', 'category': REF_CATEGORY,
                        'author': 'Tác giả', 'signature': 'TG', 'source': 'Nguồn', 'lead': 'Sapo',
                        'tags': ['Thử', 'API'], 'published_at': None,
                        'owner_id': self.ids[role], 'featured': False}
                for k, v in want.items():
                    self.assertEqual(doc.get(k), v, 'expected %s = %r, got %r' % (k, v, doc.get(k)))
                self.assertEqual(h.get('location'), '/api/v1/articles/%d' % doc['id'],
                                 'expected Location /api/v1/articles/%d, got %r'
                                 % (doc['id'], h.get('location')))
                self.assertIsInstance(doc.get('revision'), int,
                                      'expected an integer revision, got %r' % doc.get('revision'))
                self.assertRegex(doc.get('url', ''), r'^/[a-z0-9-]+-%d\.html$' % doc['id'],
                                 'expected url /slug-%d.html, got %r' % (doc['id'], doc.get('url')))
                self.assertRegex(doc.get('updated_at') or '', r'\+07:00$',
                                 'expected updated_at with +07:00, got %r' % doc.get('updated_at'))
                self.assertIn('<strong>một</strong>', doc.get('body_html', ''),
                              'expected the body kept, got %r' % doc.get('body_html'))
                # a draft is not public
                st, _ = self.public(doc['url'])
                self.assertEqual(st, 404, 'expected 404 for the draft\'s public page, got %d' % st)

    def test_create_by_category_id_and_author_default(self):
        cats = json.loads(self.site.request('GET', '/api/v1/categories')[2])['categories']
        cid = [c['id'] for c in cats if c['path'] == REF_CATEGORY][0]
        doc, _ = self.expect(201, 'POST', 'articles', 'editor', {'title': 'Theo mã chuyên mục',
                                                                 'category_id': cid})
        self.assertEqual(doc['category'], REF_CATEGORY, 'expected category %r, got %r'
                         % (REF_CATEGORY, doc['category']))
        self.assertEqual(doc['author'], PREFIX + 'editor',
                         'expected the author to default to the display name w_editor, got %r'
                         % doc['author'])
        self.assertEqual(doc['body_html'], '', 'expected an empty body, got %r' % doc['body_html'])

    def test_sanitised_body(self):
        evil = ('<p onclick="alert(1)">Giữ lại</p><script>alert(2)</script>'
                '<img src="x" onerror="alert(3)"><a href="javascript:alert(4)">liên kết</a>')
        a = self.create(body_html=evil)
        doc, _ = self.expect(200, 'GET', 'articles/%d' % a['id'], 'contributor')
        for got in (a['body_html'], doc['body_html']):
            for bad in ('<script', 'alert(2)', 'onerror', 'onclick', 'javascript:'):
                self.assertNotIn(bad, got.lower(),
                                 'expected %r stripped from the stored body, got %r' % (bad, got))
            self.assertIn('Giữ lại', got, 'expected the paragraph text kept, got %r' % got)
        a2 = self.create()
        doc, _ = self.expect(200, 'PATCH', 'articles/%d' % a2['id'], 'contributor',
                             {'revision': a2['revision'], 'body_html': evil})
        self.assertNotIn('<script', doc['body_html'],
                         'expected <script> stripped on PATCH too, got %r' % doc['body_html'])
        self.assertNotIn('onerror', doc['body_html'],
                         'expected onerror stripped on PATCH too, got %r' % doc['body_html'])

    def test_anchors_on_the_public_page(self):
        """A table of contents and Word's footnotes land on the public page; the body's ids are
        under "nd-" and never take one of the page's (id="main", name="cookie")."""
        body = ('<p><a href="#muc-1">Mục 1</a> <a href="#%C4%90i%E1%BB%81u_2">Điều 2</a></p>'
                '<h2 id="muc-1">Mục 1</h2><h3 id="Điều 2">Điều 2</h3>'
                '<p>Luật<a href="#_ftn1" name="_ftnref1" title="">[1]</a></p>'
                '<div id="main"><a name="cookie">c</a></div><p id="main">trùng</p>'
                '<p><a href="#_ftnref1" name="_ftn1" title="">[1]</a> Chú thích.</p>')
        a = self.create(body_html=body)
        self.expect(200, 'POST', 'articles/%d/submit' % a['id'], 'admin')
        doc, _ = self.expect(200, 'POST', 'articles/%d/publish' % a['id'], 'admin')
        st, page = self.public(doc['url'])
        self.assertEqual(st, 200, 'expected the article public, got %d' % st)
        ids = re.findall(r' id="([^"]*)"', page)
        self.assertEqual(len(ids), len(set(ids)), 'expected each id once on the page, got %r' % ids)
        self.assertEqual(ids.count('main'), 1, 'expected only the template\'s id="main"')
        for want in ('nd-main', 'nd-cookie', 'nd-muc-1', 'nd-Điều_2', 'nd-_ftn1', 'nd-_ftnref1'):
            self.assertIn(want, ids, 'expected id %r on the page, got %r' % (want, ids))
        self.assertNotIn('name="cookie"', page, 'expected no name attribute from the body')
        inner = page.split('<div class="body">', 1)[1].split('</div>\n', 1)[0]
        links = re.findall(r'href="#([^"]+)"', inner)
        self.assertEqual(len(links), 4, 'expected the four in-page links, got %r' % links)
        for frag in links:
            self.assertIn(frag, ids, 'expected link #%s to land on an id of the page' % frag)

    # roles ---------------------------------------------------------------------------------
    def test_actions_by_role(self):
        """Each action: allowed from its weakest role upwards, refused (403) below; cumulative."""
        minimum = {'return': 'editor', 'publish': 'publisher', 'unpublish': 'publisher',
                   'feature': 'publisher', 'unfeature': 'publisher'}
        start = {'return': 'submitted', 'publish': 'submitted', 'unpublish': 'published',
                 'feature': 'published', 'unfeature': 'published'}
        want_status = {'return': 'draft', 'publish': 'published', 'unpublish': 'unpublished',
                       'feature': 'published', 'unfeature': 'published'}
        for act, low in minimum.items():
            for role in ROLES:
                with self.subTest(action=act, role=role):
                    a = self.in_status(start[act], owner='contributor')
                    body = {'comment': 'Cần bổ sung nguồn.'} if act == 'return' else None
                    allowed = RANK[role] >= RANK[low]
                    doc, _ = self.expect(200 if allowed else 403, 'POST',
                                         'articles/%d/%s' % (a['id'], act), role, body)
                    if allowed:
                        self.assertEqual(doc['status'], want_status[act],
                                         'expected status %s after %s, got %r'
                                         % (want_status[act], act, doc['status']))
                    else:
                        self.assertEqual(doc['code'], 'forbidden',
                                         'expected code forbidden, got %r' % doc)
                    after, _ = self.expect(200, 'GET', 'articles/%d' % a['id'], 'admin')
                    self.assertEqual(after['status'], want_status[act] if allowed else start[act],
                                     'expected status %s after %s by %s, got %r'
                                     % (want_status[act] if allowed else start[act], act, role,
                                        after['status']))
                    if act == 'feature' and allowed:
                        self.assertTrue(after['featured'], 'expected featured true, got %r' % after)
                    if act == 'return' and allowed:
                        self.assertEqual(after['note'], 'Cần bổ sung nguồn.',
                                         'expected the comment as note, got %r' % after['note'])

    def test_edit_submit_view_others_article(self):
        """Contributors work on their own drafts only; editors and above on anyone's."""
        for role in ROLES + ('contributor2',):
            with self.subTest(role=role):
                a = self.create('contributor')
                allowed = role != 'contributor2'
                code = 200 if allowed else 403
                doc, _ = self.expect(code, 'PATCH', 'articles/%d' % a['id'], role,
                                     {'revision': a['revision'], 'lead': 'Sửa bởi ' + role})
                self.expect(code, 'GET', 'articles/%d/revisions' % a['id'], role)
                self.expect(code, 'POST', 'articles/%d/submit' % a['id'], role)
                st, _, got = self.call('GET', 'articles/%d' % a['id'], role)
                if allowed:
                    self.assertEqual((st, got.get('status')), (200, 'submitted'),
                                     'expected 200 and the submitted article for %s, got %d %r'
                                     % (role, st, got))
                else:
                    # another's draft: the public answer, which does not know drafts
                    self.assertEqual(st, 404, 'expected the public 404 for another\'s draft as '
                                     '%s, got %d %r' % (role, st, got))

    def test_contributor_cannot_edit_after_submit(self):
        a = self.create('contributor')
        self.expect(200, 'POST', 'articles/%d/submit' % a['id'], 'contributor')
        cur, _ = self.expect(200, 'GET', 'articles/%d' % a['id'], 'contributor')
        doc, _ = self.expect(403, 'PATCH', 'articles/%d' % a['id'], 'contributor',
                             {'revision': cur['revision'], 'title': 'Không được'})
        ed, _ = self.expect(200, 'PATCH', 'articles/%d' % a['id'], 'editor',
                            {'revision': cur['revision'], 'title': 'Biên tập viên sửa'})
        self.assertEqual(ed['title'], 'Biên tập viên sửa',
                         'expected the editor\'s title, got %r' % ed['title'])

    def test_409_wrong_status(self):
        draft = self.create('contributor')
        published = self.in_status('published')
        for who, path in (('publisher', 'articles/%d/unpublish' % draft['id']),
                          ('publisher', 'articles/%d/feature' % draft['id']),
                          ('editor', 'articles/%d/return' % draft['id']),
                          ('admin', 'articles/%d/submit' % published['id'])):
            with self.subTest(path=path):
                body = {'comment': 'x'} if path.endswith('return') else None
                doc, _ = self.expect(409, 'POST', path, who, body)
                self.assertEqual(doc['code'], 'conflict', 'expected code conflict, got %r' % doc)

    def test_404_unknown_article(self):
        for method, path, body in (('PATCH', 'articles/999999', {'revision': 1, 'title': 'x'}),
                                   ('POST', 'articles/999999/publish', None),
                                   ('GET', 'articles/999999/revisions', None),
                                   ('POST', 'articles/999999/nonsense', None),
                                   ('POST', 'nothing-here', {})):
            with self.subTest(path=path):
                doc, _ = self.expect(404, method, path, 'admin', body)
        # an authenticated GET of an unknown article gets the public API's 404
        st, _, doc = self.call('GET', 'articles/999999', 'admin')
        self.assertEqual(st, 404, 'expected 404, got %d %r' % (st, doc))

    def test_authenticated_get_of_public_article(self):
        st, _, doc = self.call('GET', 'articles/%d' % REF_ID, 'contributor')
        self.assertEqual((st, doc.get('id')), (200, REF_ID),
                         'expected the public article %d for a contributor, got %d %r'
                         % (REF_ID, st, doc))
        doc, _ = self.expect(200, 'GET', 'articles/%d' % REF_ID, 'editor')
        self.assertEqual(doc['status'], 'published', 'expected status published, got %r' % doc)
        self.assertIsInstance(doc['revision'], int, 'expected a revision, got %r' % doc)

    # validation ----------------------------------------------------------------------------
    def test_422_invalid_json_with_position(self):
        st, _, doc = self.call('POST', 'articles', 'editor', raw='{"title": "x",\n  "lead": }')
        self.assertEqual(st, 422, 'expected 422 for invalid JSON, got %d %r' % (st, doc))
        self.assertEqual((doc.get('line'), doc.get('column')), (2, 11),
                         'expected line 2, column 11, got %r' % doc)
        self.assertIsInstance(doc.get('position'), int, 'expected a position, got %r' % doc)
        self.assertIn('dòng 2', doc.get('error', ''), 'expected the line (Vietnamese: "dòng 2") '
                      'in the message, got %r' % doc.get('error'))

    def test_422_fields(self):
        a = self.create('editor')
        cases = [
            ('POST', 'articles', {'title': 5, 'category': REF_CATEGORY}, 'title'),
            ('POST', 'articles', {'title': 'x', 'category': 'Gương điển hình'}, 'category'),
            ('POST', 'articles', {'title': 'x', 'category': REF_CATEGORY, 'tags': 'a'}, 'tags'),
            ('POST', 'articles', {'title': 'x', 'category': REF_CATEGORY, 'tags': [1]}, 'tags'),
            ('POST', 'articles', {'title': 'x', 'category_id': 'một'}, 'category_id'),
            ('POST', 'articles', {'title': 'x', 'category': REF_CATEGORY, 'colour': 'đỏ'},
             'colour'),
            ('POST', 'articles', {'title': 'x', 'category': REF_CATEGORY, 'status': 'published'},
             'status'),
            ('POST', 'articles', {'title': 'x', 'category': REF_CATEGORY, 'revision': 1},
             'revision'),
            ('POST', 'articles', {'category': REF_CATEGORY}, 'title'),
            ('POST', 'articles', {'title': 'x'}, 'category'),
            ('POST', 'articles', {'title': 'x', 'category': ['Không có chuyên mục này']},
             'category'),
            ('POST', 'articles', {'title': 'x', 'category': [REF_CATEGORY[0], 'Không có']},
             'category'),
            ('POST', 'articles', {'title': 'x', 'category': [REF_CATEGORY[1]]}, 'category'),
            ('POST', 'articles', {'title': 'x', 'category_id': 99999}, 'category_id'),
            ('POST', 'articles', {'title': 'x', 'category': REF_CATEGORY, 'expires_at': 'mai'},
             'expires_at'),
            # issue 20 finding 10: at or before 1970 is an error, not "never"
            ('POST', 'articles', {'title': 'x', 'category': REF_CATEGORY,
                                  'expires_at': '1970-01-01T00:00:00Z'}, 'expires_at'),
            ('POST', 'articles', {'title': 'x', 'category': REF_CATEGORY,
                                  'expires_at': '1969-12-31T23:00:00Z'}, 'expires_at'),
            ('PATCH', 'articles/%d' % a['id'], {'title': 'Không có revision'}, 'revision'),
            ('PATCH', 'articles/%d' % a['id'], {'revision': '1', 'title': 'x'}, 'revision'),
            ('PATCH', 'articles/%d' % a['id'], {'revision': a['revision'], 'lead': None}, 'lead'),
            ('POST', 'articles/%d/publish' % a['id'], {'at': 'ngày mai'}, 'at'),
            ('POST', 'articles/%d/publish' % a['id'], {'at': '2030-01-01T10:00:00'}, 'at'),
            ('POST', 'articles/%d/publish' % a['id'], {'at': 1893456000}, 'at'),
            ('POST', 'articles/%d/submit' % a['id'], {'comment': 'x'}, 'comment'),
        ]
        for method, path, body, field in cases:
            with self.subTest(path=path, body=body):
                doc, _ = self.expect(422, method, path, 'admin', body)
                self.assertEqual(doc['code'], 'invalid', 'expected code invalid, got %r' % doc)
                self.assertEqual(doc.get('field'), field,
                                 'expected field %r named, got %r' % (field, doc))
        for raw in ('[]', '"text"', '42', ''):
            with self.subTest(raw=raw):
                doc, _ = self.expect(422, 'POST', 'articles', 'admin', raw=raw)
        doc, _ = self.expect(422, 'POST', 'articles', 'admin', {'title': '  ', 'category': REF_CATEGORY})
        # nothing changed by the refused requests
        cur, _ = self.expect(200, 'GET', 'articles/%d' % a['id'], 'admin')
        self.assertEqual((cur['revision'], cur['status'], cur['title']),
                         (a['revision'], a['status'], a['title']),
                         'expected the article untouched, got %r' % cur)

    def test_422_return_without_comment(self):
        for body in (None, {}, {'comment': '   '}):
            with self.subTest(body=body):
                a = self.in_status('submitted')
                doc, _ = self.expect(422, 'POST', 'articles/%d/return' % a['id'], 'editor', body)
                cur, _ = self.expect(200, 'GET', 'articles/%d' % a['id'], 'editor')
                self.assertEqual(cur['status'], 'submitted',
                                 'expected the article still submitted, got %r' % cur['status'])
        a = self.in_status('submitted')
        doc, _ = self.expect(422, 'POST', 'articles/%d/return' % a['id'], 'editor', {'comment': 3})
        self.assertEqual(doc.get('field'), 'comment', 'expected field comment, got %r' % doc)

    def test_415_wrong_content_type(self):
        a = self.create('editor')
        body = json.dumps({'title': 'x', 'category': REF_CATEGORY})
        for ctype in ('text/plain', 'application/x-www-form-urlencoded', None):
            with self.subTest(ctype=ctype):
                self.expect(415, 'POST', 'articles', 'editor', raw=body, ctype=ctype)
                self.expect(415, 'PATCH', 'articles/%d' % a['id'], 'editor',
                            raw=json.dumps({'revision': a['revision']}), ctype=ctype)
        doc, _ = self.expect(201, 'POST', 'articles', 'editor', raw=body,
                             ctype='Application/JSON; charset=utf-8')
        # actions without a body need no Content-Type
        self.expect(200, 'POST', 'articles/%d/submit' % a['id'], 'editor')

    def test_405_with_allow(self):
        a = self.create('editor')
        for method, path, allow in (('PUT', 'articles/%d' % a['id'], 'PATCH'),
                                    ('DELETE', 'articles/%d' % a['id'], 'PATCH'),
                                    ('DELETE', 'articles', 'POST'),
                                    ('PATCH', 'articles', 'POST'),
                                    ('GET', 'articles/%d/publish' % a['id'], 'POST'),
                                    ('PATCH', 'articles/%d/submit' % a['id'], 'POST'),
                                    ('POST', 'articles/%d/revisions' % a['id'], 'GET'),
                                    ('POST', 'me', 'GET'),
                                    ('POST', 'categories', 'GET')):
            with self.subTest(method=method, path=path):
                doc, h = self.expect(405, method, path, 'admin', None)
                self.assertIn(allow, h.get('allow', ''), 'expected Allow with %s for %s %s, got %r'
                              % (allow, method, path, h.get('allow')))

    # conflicts -----------------------------------------------------------------------------
    def test_409_stale_patch_keeps_first_writer(self):
        a = self.create('contributor')
        base = a['revision']
        first, _ = self.expect(200, 'PATCH', 'articles/%d' % a['id'], 'editor',
                               {'revision': base, 'lead': 'Người thứ nhất', 'tags': ['Một']})
        self.assertGreater(first['revision'], base, 'expected the revision to grow past %d, got %r'
                           % (base, first['revision']))
        doc, _ = self.expect(409, 'PATCH', 'articles/%d' % a['id'], 'publisher',
                             {'revision': base, 'lead': 'Người thứ hai', 'tags': ['Hai']})
        self.assertEqual(doc.get('code'), 'conflict', 'expected code conflict, got %r' % doc)
        self.assertEqual(doc.get('current_revision'), first['revision'],
                         'expected current_revision %d, got %r' % (first['revision'], doc))
        cur, _ = self.expect(200, 'GET', 'articles/%d' % a['id'], 'admin')
        self.assertEqual((cur['lead'], cur['tags'], cur['revision']),
                         ('Người thứ nhất', ['Một'], first['revision']),
                         'expected the first writer\'s lead and tags kept, got %r'
                         % ((cur['lead'], cur['tags'], cur['revision']),))
        again, _ = self.expect(200, 'PATCH', 'articles/%d' % a['id'], 'publisher',
                               {'revision': cur['revision'], 'lead': 'Người thứ hai'})
        self.assertEqual(again['lead'], 'Người thứ hai', 'expected the retried save, got %r'
                         % again['lead'])

    def test_revisions_grow_with_each_patch(self):
        a = self.create('contributor')
        doc, _ = self.expect(200, 'GET', 'articles/%d/revisions' % a['id'], 'contributor')
        n0 = len(doc['revisions'])
        self.assertGreaterEqual(n0, 1, 'expected at least one revision after creating, got %r' % doc)
        rev = a['revision']
        for i in range(3):
            title = 'Lần sửa %d' % (i + 1)
            doc, _ = self.expect(200, 'PATCH', 'articles/%d' % a['id'], 'contributor',
                                 {'revision': rev, 'title': title})
            rev = doc['revision']
            revs, _ = self.expect(200, 'GET', 'articles/%d/revisions' % a['id'], 'editor')
            got = revs['revisions']
            self.assertEqual(len(got), n0 + i + 1, 'expected %d revisions, got %d: %r'
                             % (n0 + i + 1, len(got), got))
            self.assertEqual((got[0]['revision'], got[0]['title'], got[0]['user']),
                             (rev, title, PREFIX + 'contributor'),
                             'expected the newest first (%d, %r, w_contributor), got %r'
                             % (rev, title, got[0]))
            nums = [r['revision'] for r in got]
            self.assertEqual(nums, sorted(nums, reverse=True),
                             'expected revisions newest first, got %r' % nums)
            self.assertRegex(got[0]['created_at'] or '', r'\+07:00$',
                             'expected created_at with +07:00, got %r' % got[0]['created_at'])

    # publishing ----------------------------------------------------------------------------
    def test_schedule_then_public(self):
        a = self.in_status('submitted', owner='contributor')
        at = int(time.time()) + 3
        doc, _ = self.expect(200, 'POST', 'articles/%d/publish' % a['id'], 'publisher',
                             {'at': rfc3339(at)})
        self.assertEqual((doc['status'], doc['published_at']), ('published', rfc3339(at)),
                         'expected published at %s, got %r' % (rfc3339(at),
                                                               (doc['status'], doc['published_at'])))
        st, _ = self.public(doc['url'])
        self.assertEqual(st, 404, 'expected 404 for the page before its time, got %d' % st)
        st, _, _ = self.site.request('GET', '/api/v1/articles/%d' % a['id'])
        self.assertEqual(st, 404, 'expected the public API\'s 404 before its time, got %d' % st)
        while time.time() < at + 0.2:
            time.sleep(0.1)
        deadline = time.time() + 5
        st = None
        while time.time() < deadline:
            st, body = self.public(doc['url'])
            if st == 200:
                break
            time.sleep(0.2)
        self.assertEqual(st, 200, 'expected the page public after its time, got %s' % st)
        self.assertIn(a['title'], body, 'expected the title on the page, got no %r' % a['title'])
        st, _, pub = self.site.request('GET', '/api/v1/articles/%d' % a['id'])
        self.assertEqual(st, 200, 'expected the public API to show it after its time, got %d' % st)

    def test_publish_at_in_the_past_publishes_now(self):
        a = self.in_status('submitted')
        before = int(time.time())
        doc, _ = self.expect(200, 'POST', 'articles/%d/publish' % a['id'], 'admin',
                             {'at': '2020-01-01T08:00:00+07:00'})
        t = datetime.fromisoformat(doc['published_at']).timestamp()
        self.assertTrue(before - 2 <= t <= time.time() + 2,
                        'expected published_at about now (%s), got %r'
                        % (rfc3339(before), doc['published_at']))
        st, _ = self.public(doc['url'])
        self.assertEqual(st, 200, 'expected the page public at once, got %d' % st)

    def test_published_change_visible_on_next_request(self):
        a = self.in_status('published')
        url = a['url']
        for _ in range(2):  # the second GET comes from the page cache
            st, page = self.public(url)
            self.assertEqual(st, 200, 'expected 200 for %s, got %d' % (url, st))
        self.assertIn('Sapo thử.', page, 'expected the old lead on the page')
        doc, _ = self.expect(200, 'PATCH', 'articles/%d' % a['id'], 'editor',
                             {'revision': a['revision'], 'lead': 'Sapo mới qua API',
                              'body_html': '<p>Đoạn mới qua API.</p>'})
        self.assertEqual(doc['url'], url, 'expected the url kept, got %r' % doc['url'])
        st, page = self.public(url)
        self.assertEqual(st, 200, 'expected 200 for %s, got %d' % (url, st))
        for text in ('Sapo mới qua API', 'Đoạn mới qua API.'):
            self.assertIn(text, page, 'expected %r on the public page at once, it was not' % text)
        st, _, pub = self.site.request('GET', '/api/v1/articles/%d' % a['id'])
        self.assertEqual(json.loads(pub).get('lead'), 'Sapo mới qua API',
                         'expected the public API to show the new lead, got %r' % pub[:200])
        # unpublishing removes it at once too
        self.expect(200, 'POST', 'articles/%d/unpublish' % a['id'], 'publisher')
        st, _ = self.public(url)
        self.assertEqual(st, 404, 'expected 404 right after unpublishing, got %d' % st)

    # the rest ------------------------------------------------------------------------------
    def test_audit_log_records_api_actions(self):
        a = self.create('contributor')
        self.expect(200, 'PATCH', 'articles/%d' % a['id'], 'contributor',
                    {'revision': a['revision'], 'lead': 'Sửa'})
        self.expect(200, 'POST', 'articles/%d/submit' % a['id'], 'contributor')
        self.expect(200, 'POST', 'articles/%d/publish' % a['id'], 'publisher')
        with self.db() as con:
            rows = con.execute('SELECT action, user_name, address FROM audit_log WHERE object = ? '
                               'ORDER BY id', ('article:%d' % a['id'],)).fetchall()
        want = [('article.create', PREFIX + 'contributor'), ('article.save', PREFIX + 'contributor'),
                ('article.submit', PREFIX + 'contributor'), ('article.publish', PREFIX + 'publisher')]
        self.assertEqual([r[:2] for r in rows], want, 'expected audit entries %r, got %r'
                         % (want, rows))
        self.assertTrue(all(r[2] == '127.0.0.1' for r in rows),
                        'expected the client address 127.0.0.1 in every entry, got %r' % rows)

    def test_head_and_413(self):
        a = self.create('contributor')
        st, h, body = self.site.request('HEAD', '/api/v1/articles/%d' % a['id'],
                                        headers={'Authorization': 'Bearer ' + self.tokens['contributor']})
        self.assertEqual((st, body), (200, b''), 'expected HEAD 200 without a body, got %d %r'
                         % (st, body[:100]))
        big = json.dumps({'title': 'x', 'category': REF_CATEGORY, 'body_html': 'a' * (5 << 20)})
        st, _, _ = self.call('POST', 'articles', 'editor', raw=big)
        self.assertEqual(st, 413, 'expected 413 for a 5 MB body, got %d' % st)
