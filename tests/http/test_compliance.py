# Compliance screens over HTTP on the suite's backend: sources, an article's origin and the
# republish rule at 59 and 61 minutes, takedowns with their countdown on the start page, deletion
# that keeps the public versions in "Lưu trữ", and the audit chain intact afterwards.
import json
import os
import re
import time
import unittest

from harness import REF_PATH, Gazette
from test_newsroom import PASSWORD, login_as

SITE_OFFSET = 7 * 3600  # Asia/Ho_Chi_Minh


def local_input(t):
    """A datetime-local value in the site's zone."""
    return time.strftime('%Y-%m-%dT%H:%M', time.gmtime(t + SITE_OFFSET))


class ComplianceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.g = Gazette('compliance')
        cls.addClassCleanup(cls.g.cleanup)
        cls.g.init(demo=True)
        pw = os.path.join(cls.g.tmp, 'pw.txt')
        with open(pw, 'w') as f:
            f.write(PASSWORD + '\n')
        for name, role in (('pub', 'publisher'), ('bt', 'editor'), ('ctv', 'contributor')):
            cp = cls.g.run('user', 'add', '--db', cls.g.db_url(), '--role', role,
                           '--password-file', pw, name)
            assert cp.returncode == 0, cp.stderr
        cls.cat = int(cls.g.db_query('SELECT min(id) FROM categories')[0][0])
        cls.g.start()

    def create(self, b, title):
        status, h, text = b.post('/admin/articles/new', {
            'title': title, 'lead': 'Sapo', 'body': '<p>Nội dung.</p>', 'category': str(self.cat),
            'tags': '', 'author': 'Phóng viên'})
        self.assertEqual(status, 303, text[:300])
        return int(re.search(r'/admin/articles/(\d+)', h['location']).group(1))

    def test_republish_rule_at_59_and_61_minutes(self):
        pub = login_as(self.g, 'pub')
        status, h, text = pub.post('/admin/sources', {'name': 'Báo Hưng Yên',
                                                      'website': 'https://baohungyen.vn',
                                                      'agreement': 'Thỏa thuận 12/2026',
                                                      'republish': '1'})
        self.assertEqual(status, 303, text[:300])
        status, _, text = pub.get('/admin/sources')
        self.assertIn('Báo Hưng Yên', text)
        sid = self.g.db_query("SELECT id FROM sources WHERE name = 'Báo Hưng Yên'")[0][0]
        aid = self.create(pub, 'Bài đăng lại từ Báo Hưng Yên')
        pub.get('/admin/articles/%d/origin' % aid)
        original = (int(time.time()) // 60 + 24 * 60) * 60  # tomorrow, on a whole minute
        status, _, text = pub.post('/admin/articles/%d/origin' % aid, {
            'source': sid, 'original_url': 'https://baohungyen.vn/bai-goc.html',
            'original_at': local_input(original)})
        self.assertEqual(status, 303, text[:300])
        # the API shows the origin to staff (the article is a draft: the public gets 404)
        cp = self.g.run('user', 'token', '--db', self.g.db_url(), 'pub')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        auth = {'Authorization': 'Bearer ' + cp.stdout.strip().split()[-1]}
        status, _, body = self.g.request('GET', '/api/v1/articles/%d' % aid, headers=auth)
        self.assertEqual(status, 200, body[:300])
        origin = json.loads(body.decode('utf-8')).get('origin')
        self.assertEqual((origin or {}).get('source_id'), int(sid), 'got %r' % origin)
        self.assertEqual((origin['source'], origin['original_url']),
                         ('Báo Hưng Yên', 'https://baohungyen.vn/bai-goc.html'))
        self.assertIsNotNone(origin['original_at'], 'expected the original time, got %r' % origin)
        other = self.create(pub, 'Bài không đăng lại')
        status, _, body = self.g.request('GET', '/api/v1/articles/%d' % other, headers=auth)
        self.assertIsNone(json.loads(body.decode('utf-8')).get('origin', 'absent'),
                          'expected origin null for an article that names none')
        pub.get('/admin/articles/%d' % aid)
        status, _, text = pub.post('/admin/articles/%d/publish' % aid,
                                   {'at': local_input(original + 59 * 60)})
        self.assertEqual(status, 422, 'expected scheduling 59 minutes after the original '
                         'refused, got %d' % status)
        self.assertIn('Bài đăng lại chỉ được xuất bản từ', text)
        self.assertEqual(self.g.db_query('SELECT status FROM articles WHERE id = %d' % aid),
                         [['draft']])
        status, _, text = pub.post('/admin/articles/%d/publish' % aid,
                                   {'at': local_input(original + 61 * 60)})
        self.assertEqual(status, 303, 'expected 61 minutes accepted, got %d: %s'
                         % (status, text[:300]))
        self.assertEqual(self.g.db_query('SELECT status, published_at FROM articles WHERE id = %d'
                                         % aid), [['published', str(original + 61 * 60)]])
        # an origin set afterwards cannot make a scheduled article too early
        status, _, text = pub.post('/admin/articles/%d/origin' % aid, {
            'source': sid, 'original_url': '', 'original_at': local_input(original + 30 * 60)})
        self.assertEqual(status, 422, 'expected the later original refused, got %d' % status)
        self.assertIn('sớm hơn quy định', text)
        # a source that does not allow republishing: publishing refused
        status, _, _ = pub.post('/admin/sources', {'name': 'Báo không cho đăng lại'})
        self.assertEqual(status, 303)
        nid = self.g.db_query("SELECT id FROM sources WHERE name = 'Báo không cho đăng lại'")[0][0]
        other = self.create(pub, 'Bài từ nguồn cấm')
        pub.get('/admin/articles/%d/origin' % other)
        status, _, _ = pub.post('/admin/articles/%d/origin' % other,
                                {'source': nid, 'original_url': '', 'original_at': ''})
        self.assertEqual(status, 303)
        pub.get('/admin/articles/%d' % other)
        status, _, text = pub.post('/admin/articles/%d/publish' % other, {})
        self.assertEqual(status, 422)
        self.assertIn('không cho phép đăng lại', text)

    def test_takedown_countdown_then_done(self):
        pub = login_as(self.g, 'pub')
        aid = self.create(pub, 'Bài phải gỡ')
        pub.get('/admin/articles/%d' % aid)
        status, _, _ = pub.post('/admin/articles/%d/publish' % aid, {})
        self.assertEqual(status, 303)
        bt = login_as(self.g, 'bt')
        bt.get('/admin/articles/%d/origin' % aid)
        removed = int(time.time()) - 2 * 3600 - 30 * 60
        status, _, text = bt.post('/admin/articles/%d/takedown' % aid,
                                  {'removed_at': local_input(removed), 'note': 'Báo gốc gỡ'})
        self.assertEqual(status, 303, text[:300])
        status, _, text = bt.get('/admin')
        self.assertIn('Bài phải gỡ theo yêu cầu', text)
        self.assertRegex(text, r'Bài phải gỡ</a>: hạn gỡ [^,]+, <strong>còn (2[89]|30|31) phút'
                         r'</strong>')
        status, _, text = bt.get('/admin/takedowns')
        self.assertIn('Báo gốc gỡ', text)
        pub.get('/admin/articles/%d' % aid)
        status, _, _ = pub.post('/admin/articles/%d/unpublish' % aid, {})
        self.assertEqual(status, 303)
        status, _, text = bt.get('/admin')
        self.assertNotIn('Bài phải gỡ theo yêu cầu', text)
        status, _, text = bt.get('/admin/takedowns')
        self.assertIn('Đã gỡ lúc', text)
        rows = self.g.db_query("SELECT count(*) FROM audit_log WHERE action = 'takedown.add'")
        self.assertEqual(rows, [['1']])
        # one taken down late shows in the report as overdue
        late = self.create(pub, 'Bài gỡ muộn')
        pub.get('/admin/articles/%d' % late)
        pub.post('/admin/articles/%d/publish' % late, {})
        bt.get('/admin/articles/%d/origin' % late)
        status, _, _ = bt.post('/admin/articles/%d/takedown' % late,
                               {'removed_at': local_input(int(time.time()) - 4 * 3600),
                                'note': 'muộn'})
        self.assertEqual(status, 303)
        status, _, text = bt.get('/admin')
        self.assertRegex(text, r'Bài gỡ muộn</a>: hạn gỡ [^,]+, <strong>quá hạn (\d+ giờ )?\d+ phút'
                         r'</strong> — QUÁ HẠN')
        status, _, text = bt.get('/admin/stats')
        self.assertIn('Gỡ bài quá hạn 3 giờ', text)
        self.assertRegex(text, r'class="overdue"><td><a href="/admin/articles/%d">' % late)

    def test_delete_keeps_public_versions(self):
        pub = login_as(self.g, 'pub')
        aid = self.create(pub, 'Bài sẽ bị xóa')
        pub.get('/admin/articles/%d' % aid)
        pub.post('/admin/articles/%d/publish' % aid, {})
        status, h, _ = self.g.request('GET', '/a/%d' % aid)
        self.assertEqual(status, 301)
        url = self.g.url_path(h['location'])
        self.assertEqual(self.g.request('GET', url)[0], 200)
        ctv = login_as(self.g, 'ctv')
        ctv.get('/admin')
        status, _, _ = ctv.post('/admin/articles/%d/delete' % aid, {})
        self.assertIn(status, (403, 404), 'expected a contributor refused, got %d' % status)
        pub.get('/admin/articles/%d/origin' % aid)
        status, h, _ = pub.post('/admin/articles/%d/delete' % aid, {})
        self.assertEqual(status, 303)
        time.sleep(1.2)  # the page cache lives about a second
        self.assertEqual(self.g.request('GET', url)[0], 404, 'expected the article gone at once')
        status, _, text = pub.get('/admin/archive?article=%d' % aid)
        self.assertEqual(status, 200)
        self.assertIn('Bài sẽ bị xóa', text)
        self.assertIn('(đã xóa)', text)
        status, _, text = pub.get('/admin/archive')
        self.assertEqual(status, 200)
        self.assertIn('Đang công khai lúc', text)
        status, _, text = ctv.get('/admin/archive')
        self.assertEqual(status, 403)
        self.assertEqual(self.g.request('GET', REF_PATH)[0], 200)

    def test_takedown_through_the_api(self):
        cp = self.g.run('user', 'token', '--db', self.g.db_url(), 'bt')
        token = cp.stdout.strip().split()[-1]
        removed = int(time.time()) - 600
        body = json.dumps({'article': 11, 'removed_at': time.strftime(
            '%Y-%m-%dT%H:%M:%SZ', time.gmtime(removed)), 'note': 'Qua API'}).encode()
        hdrs = {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'}
        status, _, out = self.g.request('POST', '/api/v1/takedowns', headers=hdrs, body=body)
        self.assertEqual(status, 201, out)
        doc = json.loads(out)
        self.assertEqual(doc['article'], 11)
        self.assertTrue(doc['deadline'].endswith('+07:00'), doc)
        rows = self.g.db_query('SELECT deadline FROM takedowns WHERE id = %d' % doc['id'])
        self.assertEqual(rows, [[str(removed + 3 * 3600)]])
        status, _, out = self.g.request('POST', '/api/v1/takedowns', headers=hdrs,
                                        body=b'{"article": "x"}')
        self.assertEqual(status, 422)
        self.assertIn('removed_at', json.loads(out)['error'])

    def test_zz_audit_chain_intact(self):
        r = self.g.run('audit', 'verify', '--db', self.g.db_url())
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r'^OK \d+ entries')


if __name__ == '__main__':
    unittest.main()
