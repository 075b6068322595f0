# The citizens' channels (issue 13): the contact form at /lien-he makes a ticket (saved first, its
# mails through the outbox to an SMTP sink), handlers of the department reply, forward, close and
# publish it at /hoi-dap/; complaints about an article reach the compliance report; every spam
# refusal stores nothing; the askers' email and phone never reach public output; retention,
# export and erasure of one person's data; the API with a token; a relay that is down loses
# nothing. Runs on SQLite and PostgreSQL.
import email
import email.header
import json
import re
import time
import unittest
import urllib.parse

from harness import REF_ID, REF_PATH, Gazette, free_port
from test_newsroom import PASSWORD, NewsroomCase, login_as, location

try:
    from aiosmtpd.controller import Controller
except ImportError:  # python3-aiosmtpd (deps/debian-packages.txt)
    Controller = None

TOKEN_RE = re.compile(r'<input type="hidden" name="t" value="([^"]+)"')
ALERT_RE = re.compile(r'role="alert">([^<]*)<')
STATUS_RE = re.compile(r'role="status">([^<]*)<')
API_TOKEN_RE = re.compile(r'\b(gz_[A-Za-z0-9_-]{16,})')


class Sink:
    """An SMTP server that keeps what it receives: (recipients, decoded subject, body, message)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content)
        subject = str(email.header.make_header(email.header.decode_header(msg['Subject'])))
        body = msg.get_payload(decode=True).decode('utf-8')
        self.messages.append((sorted(envelope.rcpt_tos), subject, body, msg))
        return '250 OK'

    def wait_for(self, pred, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages if pred(m)]
            if found:
                return found
            time.sleep(0.1)
        return []


def site_name(site):
    """The site's name, which the mails' subjects begin with."""
    return site.db_query("SELECT value FROM settings WHERE key = 'site_name'")[0][0]


def form_token(site):
    status, _, body = site.request('GET', '/lien-he')
    if status != 200:
        raise AssertionError('expected GET /lien-he to answer 200, got %d' % status)
    m = TOKEN_RE.search(body.decode())
    if not m:
        raise AssertionError('expected a signed token field on /lien-he')
    return m.group(1)


class TicketsCase(NewsroomCase):
    accounts = (('boss', 'admin'), ('ha', 'editor'), ('khac', 'editor'), ('moi', 'contributor'))
    start_server = False
    addr = 0

    @classmethod
    def setUpClass(cls):
        if Controller is None:
            raise unittest.SkipTest('needs python3-aiosmtpd')
        super().setUpClass()
        try:
            cls.sink = Sink()
            cls.smtp = Controller(cls.sink, hostname='127.0.0.1', port=free_port())
            cls.smtp.start()
            cls.addClassCleanup(cls.smtp.stop)
            now = int(time.time())
            with cls.site.db_connect() as con:
                for name, slug, mail in (('Phòng Hành chính', 'hanh-chinh', 'hc@example.vn'),
                                         ('Phòng Văn hóa', 'van-hoa', 'vh@example.vn')):
                    con.execute('INSERT INTO org_units(name, slug, email, updated_at) '
                                'VALUES (?, ?, ?, ?)', (name, slug, mail, now))
                con.execute("INSERT INTO settings(key, value) VALUES ('mail_retry_seconds', '1')")
            units = dict(cls.site.db_connect().execute(
                'SELECT slug, id FROM org_units').fetchall())
            cls.hc, cls.vh = int(units['hanh-chinh']), int(units['van-hoa'])
            with cls.site.db_connect() as con:
                con.execute('INSERT INTO ticket_handlers(user_id, unit_id) SELECT id, ? FROM '
                            "users WHERE name = 'ha'", (cls.hc,))
            cls.site.start(extra_args=['--smtp', 'smtp://127.0.0.1:%d' % cls.smtp.port,
                                       '--mail-from', 'gazette@example.vn',
                                       '--takedown-check-ms', '200'])
            cls.token = form_token(cls.site)
            time.sleep(3.2)  # the token's minimum time to write
        except BaseException:
            cls.site.cleanup()
            raise

    # helpers ---------------------------------------------------------------------------
    def next_addr(self):
        type(self).addr += 1
        return '198.51.100.%d' % type(self).addr

    def send(self, fields, token=True, addr=None, want=200):
        """POSTs the contact form from its own address; returns (status, message shown)."""
        items = dict(fields)
        if token is True:
            items['t'] = self.token
        elif token is not None:
            items['t'] = token
        h = {'Content-Type': 'application/x-www-form-urlencoded',
             'X-Forwarded-For': addr or self.next_addr()}
        status, _, body = self.site.request('POST', '/gop-y/lien-he', headers=h,
                                            body=urllib.parse.urlencode(items))
        text = body.decode('utf-8', 'replace')
        m = (STATUS_RE if status == 200 else ALERT_RE).search(text)
        if want is not None:
            self.assertEqual(status, want, 'expected %d for %r, got %d: %s'
                             % (want, fields, status, m.group(1) if m else text[:300]))
        return status, m.group(1) if m else ''

    def ask(self, subject, mail, unit=None, **more):
        fields = {'name': 'Nguyễn Thị Hỏi', 'email': mail, 'subject': subject,
                  'message': 'Xin cho hỏi thủ tục cấp phép như thế nào?'}
        if unit:
            fields['unit'] = str(unit)
        fields.update(more)
        _, msg = self.send(fields)
        m = re.search(r'mã số (\d+)', msg)
        self.assertTrue(m, 'expected the ticket number in the thanks, got %r' % msg)
        return int(m.group(1))

    def count(self, table):
        return int(self.db('SELECT count(*) FROM %s' % table)[0][0])

    def api_token(self, name):
        cp = self.site.run('user', 'token', '--db', self.site.db_url(), name)
        m = API_TOKEN_RE.search(cp.stdout)
        self.assertTrue(m, 'expected a token from `gazette user token`, got %r' % cp.stdout)
        return m.group(1)

    def api(self, method, path, token, body=None):
        h = {'Authorization': 'Bearer ' + token}
        if body is not None:
            h['Content-Type'] = 'application/json'
            body = json.dumps(body)
        status, _, data = self.site.request(method, path, headers=h, body=body)
        return status, json.loads(data) if data else None


class Tickets(TicketsCase):
    def test_form_reply_publish(self):
        ha, khac = login_as(self.site, 'ha'), login_as(self.site, 'khac')
        tid = self.ask('Hỏi về giấy phép', 'Nguoi.Hoi@Example.vn', self.hc, phone='0912 345 678',
                       show_name='1')
        row = self.db('SELECT kind, unit_id, email, phone, status FROM tickets WHERE id = ?', tid)
        self.assertEqual([tuple(map(str, r)) for r in row],
                         [('question', str(self.hc), 'nguoi.hoi@example.vn', '0912345678', 'new')])
        got = self.sink.wait_for(lambda m: m[0] == ['hc@example.vn'] and 'giấy phép' in m[1])
        self.assertTrue(got, 'expected a mail to the department, got %r'
                        % [m[:2] for m in self.sink.messages])
        self.assertEqual(got[0][1], '[%s] Câu hỏi mới: Hỏi về giấy phép' % site_name(self.site))
        self.assertIn('Xin cho hỏi thủ tục cấp phép', got[0][2])
        msg = got[0][3]
        self.assertEqual(msg.get_content_charset(), 'utf-8')
        self.assertTrue(msg['Subject'].startswith('=?UTF-8?B?'),
                        'expected an RFC 2047 subject, got %r' % msg['Subject'])
        self.assertEqual((msg['MIME-Version'], msg['Content-Transfer-Encoding'], msg['From'],
                          msg['To']), ('1.0', '8bit', 'gazette@example.vn', 'hc@example.vn'))
        self.assertEqual(msg.get_content_type(), 'text/plain')
        got = self.sink.wait_for(lambda m: m[0] == ['nguoi.hoi@example.vn'])
        self.assertTrue(got and got[0][1].startswith('[%s] Đã nhận câu hỏi của bạn'
                                                     % site_name(self.site)),
                        'expected a receipt to the asker, got %r' % [m[:2] for m in got])
        # the handler of the department sees it with the contacts; another editor does not
        status, _, page = ha.get('/admin/tickets')
        self.assertEqual(status, 200)
        self.assertIn('Hỏi về giấy phép', page)
        status, _, page = ha.get('/admin/tickets/%d' % tid)
        self.assertEqual(status, 200)
        self.assertIn('nguoi.hoi@example.vn', page)
        self.assertIn('0912345678', page)
        for path in ('/admin/tickets', '/admin/tickets/%d' % tid):
            status, _, page = khac.get(path)
            self.assertEqual(status, 403, 'expected 403 for %s as an editor without the right, '
                             'got %d' % (path, status))
            self.assertNotIn('nguoi.hoi@example.vn', page)
        status, _, _ = khac.post('/admin/tickets/%d/reply' % tid, {'body': 'x'})
        self.assertEqual(status, 403)
        # reply: kept, mailed to the asker
        ha.get('/admin/tickets/%d' % tid)
        status, h, text = ha.post('/admin/tickets/%d/reply' % tid,
                                  {'body': 'Kính gửi bà, thủ tục gồm ba bước.'})
        self.assertEqual(status, 303, text[:300])
        got = self.sink.wait_for(
            lambda m: m[1] == '[%s] Trả lời: Hỏi về giấy phép' % site_name(self.site))
        self.assertTrue(got, 'expected the reply mailed, got %r' % [m[1] for m in self.sink.messages])
        self.assertEqual(got[0][0], ['nguoi.hoi@example.vn'])
        self.assertIn('thủ tục gồm ba bước', got[0][2])
        self.assertEqual(self.db('SELECT status FROM tickets WHERE id = ?', tid)[0][0], 'answered')
        # publish as a question and answer
        ha.get('/admin/tickets/%d' % tid)
        status, _, text = ha.post('/admin/tickets/%d/publish' % tid,
                                  {'body': 'Thủ tục gồm ba bước: nộp hồ sơ, thẩm định, cấp phép.'})
        self.assertEqual(status, 303, text[:300])
        status, _, page = self.site.get_text('/hoi-dap/')
        self.assertEqual(status, 200)
        self.assertIn('Hỏi về giấy phép', page)
        self.assertIn('Người hỏi: Nguyễn Thị Hỏi', page)
        status, _, page = self.site.get_text('/hoi-dap/%d' % tid)
        self.assertEqual(status, 200)
        for s in ('Xin cho hỏi thủ tục cấp phép', 'nộp hồ sơ, thẩm định, cấp phép',
                  'Nguyễn Thị Hỏi', 'Phòng Hành chính'):
            self.assertIn(s, page, 'expected %r on the published answer' % s)
        for s in ('nguoi.hoi@example.vn', '0912345678', '0912 345 678'):
            self.assertNotIn(s, page)
        actions = {r[0] for r in self.db("SELECT action FROM audit_log WHERE object = ?",
                                         'ticket:%d' % tid)}
        self.assertEqual(actions, {'ticket.reply', 'ticket.publish'})
        # closing
        ha.get('/admin/tickets/%d' % tid)
        status, _, _ = ha.post('/admin/tickets/%d/close' % tid, {})
        self.assertEqual(status, 303)
        self.assertEqual(self.db('SELECT status FROM tickets WHERE id = ?', tid)[0][0], 'closed')

    def test_name_only_with_consent(self):
        tid = self.ask('Hỏi về lịch tiếp dân', 'an.danh@example.vn', self.hc)
        boss = login_as(self.site, 'boss')
        boss.get('/admin/tickets/%d' % tid)
        status, _, text = boss.post('/admin/tickets/%d/publish' % tid,
                                    {'body': 'Lịch tiếp dân vào thứ Năm hằng tuần.'})
        self.assertEqual(status, 303, text[:300])
        status, _, page = self.site.get_text('/hoi-dap/%d' % tid)
        self.assertEqual(status, 200)
        self.assertIn('thứ Năm hằng tuần', page)
        self.assertNotIn('Nguyễn Thị Hỏi', page, 'expected the name hidden without consent')
        self.assertNotIn('an.danh@example.vn', page)

    def test_unpublished_not_public(self):
        tid = self.ask('Câu hỏi chưa trả lời', 'chua@example.vn', self.hc)
        status, _, _ = self.site.get_text('/hoi-dap/%d' % tid)
        self.assertEqual(status, 404)
        _, _, page = self.site.get_text('/hoi-dap/')
        self.assertNotIn('Câu hỏi chưa trả lời', page)

    def test_spam_refusals_store_nothing(self):
        good = {'name': 'Trần Văn Gửi', 'email': 'gui@example.vn', 'subject': 'Góp ý',
                'message': 'Nội dung góp ý.'}
        links = ' '.join('https://spam%d.example.com/' % i for i in range(30))
        cases = [
            ('no token', dict(good), None, 400, 'Biểu mẫu đã hết hạn'),
            ('forged token', dict(good), '1700000000.' + 'ab' * 32, 400, 'Biểu mẫu'),
            ('too fast', dict(good), form_token(self.site), 429, 'quá nhanh'),
            ('honeypot', dict(good, website='http://spam.example.com'), True, 400,
             'Không gửi được'),
            ('30 links', dict(good, message=links), True, 400, 'quá nhiều liên kết'),
            ('too long', dict(good, message='a' * 5001), True, 400, 'quá dài'),
            ('no contact', dict(good, email=''), True, 400, 'email hoặc số điện thoại'),
            ('bad email', dict(good, email='khong-phai-email'), True, 400, 'email không hợp lệ'),
            ('bad phone', dict(good, phone='12ab'), True, 400, 'Số điện thoại'),
            ('unknown unit', dict(good, unit='999999'), True, 400, 'Đơn vị'),
            ('no name', dict(good, name=''), True, 400, 'họ tên'),
        ]
        before = (self.count('tickets'), self.count('mail_outbox'))
        for what, fields, token, want, phrase in cases:
            with self.subTest(what):
                status, msg = self.send(fields, token=token, want=want)
                self.assertIn(phrase.lower(), msg.lower(),
                              'expected a Vietnamese message with %r, got %r' % (phrase, msg))
                self.assertEqual((self.count('tickets'), self.count('mail_outbox')), before,
                                 'expected nothing stored after the refusal (%s)' % what)

    def test_per_address_and_per_sender_limits(self):
        addr = self.next_addr()
        for i in range(5):
            self.send({'name': 'Người %d' % i, 'email': 'nguoi%d@example.vn' % i,
                       'subject': 'Câu hỏi %d' % i, 'message': 'Nội dung'}, addr=addr)
        before = self.count('tickets')
        status, msg = self.send({'name': 'Người 6', 'email': 'nguoi6@example.vn',
                                 'subject': 'Câu hỏi 6', 'message': 'Nội dung'}, addr=addr,
                                want=429)
        self.assertIn('trong một giờ', msg)
        self.assertEqual(self.count('tickets'), before)
        for i in range(3):
            self.send({'name': 'Lặp', 'phone': '0987 000 111', 'subject': 'Lần %d' % i,
                       'message': 'Nội dung'})
        before = (self.count('tickets'), self.count('mail_outbox'))
        status, msg = self.send({'name': 'Lặp', 'phone': '0987-000-111', 'subject': 'Lần 4',
                                 'message': 'Nội dung'}, want=429)
        self.assertIn('trong ngày hôm nay', msg)
        self.assertEqual((self.count('tickets'), self.count('mail_outbox')), before)
        keys = [r[0] for r in self.db("SELECT key FROM throttle WHERE key LIKE 'lien-he-nguoi:%'")]
        self.assertTrue(keys, 'expected the per-sender limit kept in the throttle table')
        self.assertFalse([k for k in keys if '@' in k or '0987' in k],
                         'expected the senders hashed in the throttle keys, got %r' % keys)

    def test_topic_routes_to_department(self):
        with self.site.db_connect() as con:
            con.execute("INSERT INTO settings(key, value) VALUES ('ticket_topics', "
                        "'Văn hóa, lễ hội|van-hoa; Hành chính|hanh-chinh')")
        time.sleep(1.2)  # the settings the pages read are refreshed every second
        status, _, page = self.site.get_text('/lien-he')
        self.assertIn('Văn hóa, lễ hội', page)
        tid = self.ask('Hỏi về lễ hội', 'le.hoi@example.vn', topic='1')
        self.assertEqual(int(self.db('SELECT unit_id FROM tickets WHERE id = ?', tid)[0][0]),
                         self.vh)

    def test_forward(self):
        ha = login_as(self.site, 'ha')
        tid = self.ask('Hỏi nhầm đơn vị', 'nham@example.vn', self.hc)
        ha.get('/admin/tickets/%d' % tid)
        status, _, text = ha.post('/admin/tickets/%d/forward' % tid,
                                  {'unit': str(self.vh), 'body': 'Thuộc lĩnh vực văn hóa'})
        self.assertEqual(status, 303, text[:300])
        got = self.sink.wait_for(lambda m: m[0] == ['vh@example.vn'] and 'Hỏi nhầm' in m[1])
        self.assertTrue(got, 'expected the forward mailed to the new department')
        self.assertIn('Thuộc lĩnh vực văn hóa', got[0][2])
        row = self.db('SELECT unit_id, status FROM tickets WHERE id = ?', tid)[0]
        self.assertEqual((int(row[0]), row[1]), (self.vh, 'forwarded'))
        status, _, _ = ha.get('/admin/tickets/%d' % tid)
        self.assertEqual(status, 404, 'expected the ticket gone from the first department')

    def test_overdue_highlighted(self):
        tid = self.ask('Hỏi đã quá hạn', 'qua.han@example.vn', self.hc)
        with self.site.db_connect() as con:
            con.execute('UPDATE tickets SET due_at = ? WHERE id = ?', (int(time.time()) - 60, tid))
        _, _, page = login_as(self.site, 'ha').get('/admin/tickets')
        row = re.search(r'<tr class="overdue"><td><a href="/admin/tickets/%d">' % tid, page)
        self.assertTrue(row, 'expected the overdue ticket highlighted in the list')

    def test_complaint_in_compliance_report(self):
        status, _, page = self.site.get_text(REF_PATH)
        self.assertIn('href="/lien-he?bai=%d"' % REF_ID, page)
        self.assertIn('Phản ánh nội dung', page)
        status, _, page = self.site.get_text('/lien-he?bai=%d' % REF_ID)
        self.assertEqual(status, 200)
        self.assertIn('Khiếu nại về nội dung bài viết', page)
        _, msg = self.send({'name': 'Người phản ánh', 'email': 'phan.anh@example.vn',
                            'subject': 'Sai số liệu', 'message': 'Bài viết ghi sai số liệu.',
                            'article': str(REF_ID)})
        tid = int(re.search(r'mã số (\d+)', msg).group(1))
        row = self.db('SELECT kind, article_id FROM tickets WHERE id = ?', tid)[0]
        self.assertEqual((row[0], int(row[1])), ('complaint', REF_ID))
        b = login_as(self.site, 'khac')  # an editor: the compliance report, not the contacts
        status, _, page = b.get('/admin/takedowns')
        self.assertEqual(status, 200)
        self.assertIn('Khiếu nại nội dung', page)
        self.assertIn('Sai số liệu', page)
        self.assertNotIn('phan.anh@example.vn', page)
        status, _ = self.send({'name': 'X', 'email': 'x@example.vn', 'subject': 'S',
                               'message': 'M', 'article': '99999'}, want=400)

    def test_personal_data_never_public(self):
        secret_mail, secret_phone = 'bi.mat@example.vn', '0977123456'
        tid = self.ask('Câu hỏi công khai về xây dựng', secret_mail, self.hc, phone=secret_phone,
                       show_name='1')
        boss = login_as(self.site, 'boss')
        boss.get('/admin/tickets/%d' % tid)
        boss.post('/admin/tickets/%d/publish' % tid, {'body': 'Trả lời về xây dựng.'})
        paths = ['/', '/hoi-dap/', '/hoi-dap/%d' % tid, '/rss.xml', '/sitemap.xml', '/lien-he',
                 '/tim-kiem?q=xay+dung', '/api/v1/articles',
                 '/api/v1/search?q=xay+dung', '/api/v1/units', '/api/v1/people', '/to-chuc/']
        for path in paths:
            with self.subTest(path):
                status, _, body = self.site.request('GET', path)
                self.assertLess(status, 500)
                text = body.decode('utf-8', 'replace')
                for s in (secret_mail, secret_phone, '0977 123 456'):
                    self.assertNotIn(s, text, 'expected %r never in %s' % (s, path))

    def test_api(self):
        tid = self.ask('Hỏi qua API', 'api@example.vn', self.hc)
        other = self.ask('Hỏi đơn vị khác', 'api2@example.vn', self.vh)
        ha, khac = self.api_token('ha'), self.api_token('khac')
        status, doc = self.api('GET', '/api/v1/tickets', ha)
        self.assertEqual(status, 200, doc)
        ids = {t['id'] for t in doc['tickets']}
        self.assertIn(tid, ids)
        self.assertNotIn(other, ids, 'expected only the tickets of the departments ha handles')
        self.assertEqual(self.api('GET', '/api/v1/tickets/%d' % other, ha)[0], 404)
        status, doc = self.api('GET', '/api/v1/tickets', khac)
        self.assertEqual((status, doc['code']), (403, 'forbidden'))
        status, doc = self.api('GET', '/api/v1/tickets/%d' % tid, ha)
        self.assertEqual((status, doc['email'], doc['status']), (200, 'api@example.vn', 'new'))
        self.assertEqual(self.api('GET', '/api/v1/tickets?status=nope', ha)[0], 400)
        self.assertEqual(self.api('POST', '/api/v1/tickets/%d/reply' % tid, ha, {})[0], 422)
        status, doc = self.api('POST', '/api/v1/tickets/%d/reply' % tid, ha,
                               {'body': 'Trả lời qua API.'})
        self.assertEqual((status, doc['status']), (200, 'answered'))
        self.assertEqual([(e['kind'], e['body']) for e in doc['history']],
                         [('reply', 'Trả lời qua API.')])
        got = self.sink.wait_for(lambda m: m[0] == ['api@example.vn'] and 'Trả lời' in m[1])
        self.assertTrue(got, 'expected the API reply mailed to the asker')
        status, doc = self.api('POST', '/api/v1/tickets/%d/close' % tid, ha)
        self.assertEqual((status, doc['status']), (200, 'closed'))
        status, _, _ = self.site.request('GET', '/api/v1/tickets')
        self.assertEqual(status, 401)


class PersonalData(TicketsCase):
    def test_export_and_erase(self):
        who = 'xoa.toi@example.vn'
        kept = self.ask('Câu hỏi sẽ đăng', who, self.hc, show_name='1')
        gone = self.ask('Câu hỏi sẽ xóa', who.upper(), self.hc)
        other = self.ask('Người khác', 'nguoi.khac@example.vn', self.hc)
        boss = login_as(self.site, 'boss')
        boss.get('/admin/tickets/%d' % kept)
        boss.post('/admin/tickets/%d/publish' % kept, {'body': 'Câu trả lời được giữ.'})
        boss.get('/admin/personal-data')
        status, h, text = boss.post('/admin/personal-data', {'who': who, 'action': 'export'})
        self.assertEqual(status, 200, text[:300])
        self.assertIn('attachment', h.get('content-disposition', ''))
        doc = json.loads(text)
        self.assertEqual(sorted(t['id'] for t in doc['tickets']), sorted([kept, gone]))
        self.assertTrue(all(t['email'] == who for t in doc['tickets']))
        self.assertTrue(doc['mails'], 'expected the mails to the person in the export')
        cp = self.site.run('personal-data', 'export', '--db', self.site.db_url(), who)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertEqual(sorted(t['id'] for t in json.loads(cp.stdout)['tickets']),
                         sorted([kept, gone]))
        # an editor may not
        ed = login_as(self.site, 'khac')
        status, _, _ = ed.get('/admin/personal-data')
        self.assertEqual(status, 403)
        # erase from the screen (confirmation required)
        status, _, text = boss.post('/admin/personal-data', {'who': who, 'action': 'erase'})
        self.assertEqual(status, 422)
        self.assertEqual(len(self.db('SELECT id FROM tickets WHERE email = ?', who)), 2)
        status, _, text = boss.post('/admin/personal-data',
                                    {'who': who, 'action': 'erase', 'confirm': '1'})
        self.assertEqual(status, 200, text[:300])
        self.assertEqual(self.db('SELECT id FROM tickets WHERE email = ? OR name = ?', who,
                                 'Nguyễn Thị Hỏi and more'), [])
        self.assertEqual(self.db('SELECT count(*) FROM tickets WHERE id = ?', gone)[0][0], 0)
        row = self.db('SELECT name, email, phone, published FROM tickets WHERE id = ?', kept)[0]
        self.assertEqual(tuple(map(str, row[:3])), ('', '', ''))
        self.assertEqual(int(self.db("SELECT count(*) FROM mail_outbox WHERE lower(to_addr) = ?",
                                     who)[0][0]), 0)
        self.assertEqual(len(self.db('SELECT id FROM tickets WHERE id = ?', other)), 1)
        status, _, page = self.site.get_text('/hoi-dap/%d' % kept)
        self.assertEqual(status, 200)
        self.assertIn('Câu trả lời được giữ.', page)
        self.assertNotIn('Nguyễn Thị Hỏi', page)
        cp = self.site.run('personal-data', 'export', '--db', self.site.db_url(), who)
        self.assertEqual(json.loads(cp.stdout)['tickets'], [])
        self.assertIn('personal_data.erase',
                      {r[0] for r in self.db('SELECT action FROM audit_log')})
        self.assertEqual(self.db('SELECT count(*) FROM audit_log WHERE detail LIKE ?',
                                 '%xoa.toi%')[0][0], 0, 'expected no trace of whose data it was')

    def test_erase_by_phone_cli(self):
        tid = self.ask('Hỏi qua điện thoại', '', self.hc, phone='+84 912 000 222')
        cp = self.site.run('personal-data', 'erase', '--db', self.site.db_url(), '+84912000222')
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertIn('erased the personal data of 1 tickets', cp.stdout)
        self.assertEqual(self.db('SELECT id FROM tickets WHERE id = ?', tid), [])
        cp = self.site.run('personal-data', 'erase', '--db', self.site.db_url(), '')
        self.assertNotEqual(cp.returncode, 0)

    def test_retention(self):
        old_q = self.ask('Câu hỏi cũ', 'cu@example.vn', self.hc)
        old_pub = self.ask('Câu hỏi cũ đã đăng', 'cu2@example.vn', self.hc, show_name='1')
        fresh = self.ask('Câu hỏi mới', 'moi@example.vn', self.hc)
        boss = login_as(self.site, 'boss')
        boss.get('/admin/tickets/%d' % old_pub)
        boss.post('/admin/tickets/%d/publish' % old_pub, {'body': 'Trả lời cũ.'})
        long_ago = int(time.time()) - 400 * 86400
        with self.site.db_connect() as con:
            con.execute('UPDATE tickets SET updated_at = ?, created_at = ? WHERE id IN (?, ?)',
                        (long_ago, long_ago, old_q, old_pub))
        cp = self.site.run('personal-data', 'purge', '--db', self.site.db_url())
        self.assertEqual(cp.returncode, 0, cp.stderr)
        self.assertIn('purged the personal data of 2 tickets', cp.stdout)
        self.assertEqual(self.db('SELECT id FROM tickets WHERE id = ?', old_q), [])
        row = self.db('SELECT name, email FROM tickets WHERE id = ?', old_pub)[0]
        self.assertEqual(tuple(map(str, row)), ('', ''))
        self.assertEqual(len(self.db('SELECT id FROM tickets WHERE id = ? AND email = ?',
                                     fresh, 'moi@example.vn')), 1)
        # the setting moves the horizon (never below 30 days); the server purges at start
        with self.site.db_connect() as con:
            con.execute("INSERT INTO settings(key, value) VALUES ('ticket_retention_days', '30')")
            con.execute('UPDATE tickets SET updated_at = ? WHERE id = ?',
                        (int(time.time()) - 31 * 86400, fresh))
        port = self.site.port
        self.site.stop()
        self.site.start(port=port, extra_args=['--smtp', 'smtp://127.0.0.1:%d' % self.smtp.port,
                                               '--takedown-check-ms', '200'])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.db('SELECT id FROM tickets WHERE id = ?',
                                                      fresh):
            time.sleep(0.1)
        self.assertEqual(self.db('SELECT id FROM tickets WHERE id = ?', fresh), [],
                         'expected the server to purge at start')

    def test_setup_gives_the_right_per_account(self):
        tid = self.ask('Hỏi văn hóa', 'van.hoa@example.vn', self.vh)
        boss, moi = login_as(self.site, 'boss'), login_as(self.site, 'moi')
        self.assertEqual(moi.get('/admin/tickets')[0], 403)
        self.assertEqual(moi.get('/admin/tickets/setup')[0], 403, 'expected the setup for admins')
        uid = int(self.db("SELECT id FROM users WHERE name = 'moi'")[0][0])
        boss.get('/admin/tickets/setup')
        status, h, text = boss.post('/admin/tickets/setup', {'action': 'handler_add',
                                                             'user': str(uid), 'unit': str(self.vh)})
        self.assertEqual(status, 303, text[:300])
        status, _, page = moi.get('/admin/tickets/%d' % tid)
        self.assertEqual(status, 200, 'expected a contributor given the department to see it')
        self.assertIn('van.hoa@example.vn', page)
        boss.get('/admin/tickets/setup')
        boss.post('/admin/tickets/setup', {'action': 'handler_remove', 'user': str(uid),
                                           'unit': str(self.vh)})
        self.assertEqual(moi.get('/admin/tickets/%d' % tid)[0], 403)
        actions = [r[0] for r in self.db("SELECT action FROM audit_log WHERE object = ? "
                                         "ORDER BY id", 'user:%d' % uid)]
        self.assertEqual(actions[-2:], ['ticket.handler_add', 'ticket.handler_remove'])
        fields = {'action': 'settings', 'ticket_due_days': '10', 'complaint_due_days': '2',
                  'ticket_retention_days': '20', 'ticket_mail': '', 'ticket_topics': ''}
        boss.get('/admin/tickets/setup')
        status, _, text = boss.post('/admin/tickets/setup', fields)
        self.assertEqual(status, 422, 'expected a retention under 30 days refused')
        self.assertIn('ít nhất 30', text)
        fields['ticket_retention_days'] = '400'
        status, _, text = boss.post('/admin/tickets/setup', fields)
        self.assertEqual(status, 303, text[:300])
        self.assertEqual(self.db("SELECT value FROM settings WHERE key = 'ticket_due_days'"),
                         [('10',)])
        with self.site.db_connect() as con:
            con.execute("DELETE FROM settings WHERE key IN ('ticket_due_days', "
                        "'complaint_due_days', 'ticket_retention_days')")

    def test_backup_carries_tickets(self):
        tid = self.ask('Câu hỏi trong bản sao lưu', 'sao.luu@example.vn', self.hc)
        import os
        archive = os.path.join(self.site.tmp, 'tickets-backup.tar.gz')
        cp = self.site.run('backup', '--db', self.site.db_url(), archive)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        dst = Gazette('restored', kind=self.site.kind)
        self.addCleanup(dst.cleanup)
        cp = dst.run('restore', '--db', dst.db_url(), archive)
        self.assertEqual(cp.returncode, 0, cp.stderr)
        want = [tuple(map(str, r)) for r in self.db(
            'SELECT id, email, subject FROM tickets ORDER BY id')]
        got = [tuple(r) for r in dst.db_query('SELECT id, email, subject FROM tickets ORDER BY id')]
        self.assertIn((str(tid), 'sao.luu@example.vn', 'Câu hỏi trong bản sao lưu'), got)
        self.assertEqual(got, want)
        self.assertEqual(dst.db_query('SELECT count(*) FROM mail_outbox'),
                         [[str(self.count('mail_outbox'))]])


class RelayDown(unittest.TestCase):
    """The relay is down when the ticket comes: the ticket is saved, the mail waits in the outbox
    and goes once the relay is up, once."""

    def test_ticket_saved_and_mail_delivered_later(self):
        if Controller is None:
            raise unittest.SkipTest('needs python3-aiosmtpd')
        g = Gazette('relay')
        self.addCleanup(g.cleanup)
        g.init(demo=True)
        with g.db_connect() as con:
            con.execute("INSERT INTO settings(key, value) VALUES ('mail_retry_seconds', '1')")
            con.execute("INSERT INTO settings(key, value) VALUES ('ticket_mail', "
                        "'tiep.nhan@example.vn')")
        port = free_port()  # nothing listens there yet
        g.start(extra_args=['--smtp', 'smtp://127.0.0.1:%d' % port, '--takedown-check-ms',
                            '200'])
        token = form_token(g)
        time.sleep(3.2)
        status, _, body = g.request(
            'POST', '/gop-y/lien-he',
            headers={'Content-Type': 'application/x-www-form-urlencoded'},
            body=urllib.parse.urlencode({'t': token, 'name': 'Lê Văn Chờ', 'phone': '0900000001',
                                         'email': 'cho@example.vn', 'subject': 'Thư chờ máy chủ',
                                         'message': 'Nội dung'}))
        self.assertEqual(status, 200, body.decode()[:300])
        self.assertEqual(g.db_query("SELECT subject FROM tickets"), [['Thư chờ máy chủ']])
        deadline = time.monotonic() + 10
        rows = []
        while time.monotonic() < deadline:
            rows = g.db_query('SELECT attempts, sent_at, last_error FROM mail_outbox ORDER BY id')
            if rows and int(rows[0][0]) >= 1 and rows[0][2]:
                break  # the attempt is claimed first and its error written when it fails
            time.sleep(0.1)
        self.assertEqual(len(rows), 2, 'expected two mails waiting, got %r' % rows)
        self.assertTrue(int(rows[0][0]) >= 1 and rows[0][1] == '0' and rows[0][2],
                        'expected a failed attempt kept in the outbox, got %r' % rows)
        sink = Sink()
        smtp = Controller(sink, hostname='127.0.0.1', port=port)
        smtp.start()
        self.addCleanup(smtp.stop)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(sink.messages) < 2:
            time.sleep(0.1)
        time.sleep(2.5)  # several passes later: still once each
        got = sorted((m[0][0], m[1]) for m in sink.messages)
        name = site_name(g)
        self.assertEqual(got, [('cho@example.vn',
                                '[%s] Đã nhận câu hỏi của bạn: Thư chờ máy chủ' % name),
                               ('tiep.nhan@example.vn', '[%s] Câu hỏi mới: Thư chờ máy chủ' % name)],
                         'expected both mails delivered once the relay was up, once each; log:\n%s'
                         % g.log())
        self.assertEqual(g.db_query('SELECT count(*) FROM mail_outbox WHERE sent_at = 0'),
                         [['0']])


if __name__ == '__main__':
    unittest.main()
