# Takedown alerts over SMTP: a deadline an hour away and one fifteen minutes away each mail every
# recipient once (also with a second node running), an overdue one is marked, all audited.
import email
import email.header
import time
import unittest

from harness import REF_ID, Gazette, free_port

try:
    from aiosmtpd.controller import Controller
except ImportError:  # python3-aiosmtpd (deps/debian-packages.txt)
    Controller = None


class Sink:
    """An SMTP server that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content)
        subject = str(email.header.make_header(email.header.decode_header(msg['Subject'])))
        body = msg.get_payload(decode=True).decode('utf-8')
        self.messages.append((sorted(envelope.rcpt_tos), subject, body))
        return '250 OK'


class TakedownAlertTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if Controller is None:
            raise unittest.SkipTest('needs python3-aiosmtpd')
        cls.g = Gazette('takedown')
        cls.addClassCleanup(cls.g.cleanup)
        cls.g.init(demo=True)
        cls.sink = Sink()
        cls.smtp = Controller(cls.sink, hostname='127.0.0.1', port=free_port())
        cls.smtp.start()
        cls.addClassCleanup(cls.smtp.stop)
        now = int(time.time())
        with cls.g.db_connect() as con:
            for removed in (now - 2 * 3600 - 300,        # 55 minutes left
                            now - 2 * 3600 - 50 * 60,    # 10 minutes left
                            now - 3 * 3600 - 600):       # overdue
                con.execute('INSERT INTO takedowns(article_id, removed_at, deadline, created_at, '
                            'note) VALUES (?, ?, ?, ?, ?)',
                            (REF_ID, removed, removed + 3 * 3600, now, 'Báo gốc đã gỡ'))

    def serve_args(self):
        return ['--smtp', 'smtp://127.0.0.1:%d' % self.smtp.port, '--mail-from',
                'gazette@example.vn', '--alert-to', 'bientap@example.vn, tongbientap@example.vn',
                '--takedown-check-ms', '200']

    def wait_for(self, n, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.sink.messages) < n:
            time.sleep(0.1)
        return self.sink.messages

    def test_alerts_once_each(self):
        self.g.start(extra_args=self.serve_args())
        other = Gazette('takedown2', kind=self.g.kind)  # a second node on the same database
        self.addCleanup(other.cleanup)
        other.share_db(self.g)
        other.start(extra_args=self.serve_args())
        msgs = self.wait_for(2)
        time.sleep(1.0)  # both nodes have run several passes by now
        other.stop()
        self.g.stop()
        self.assertEqual(len(msgs), 2, 'expected two alerts (1 h and 15 min), got %r'
                         % [m[1] for m in msgs])
        subjects = sorted(m[1] for m in msgs)
        self.assertRegex(subjects[0], r'^\[Gazette\] Còn (10|11) phút để gỡ bài #%d$' % REF_ID)
        self.assertRegex(subjects[1], r'^\[Gazette\] Còn (55|56) phút để gỡ bài #%d$' % REF_ID)
        for rcpt, _, body in msgs:
            self.assertEqual(rcpt, ['bientap@example.vn', 'tongbientap@example.vn'])
            self.assertIn('Báo gốc đã gỡ', body)
        rows = self.g.db_query("SELECT action, count(*) FROM audit_log WHERE action LIKE "
                               "'takedown.%' GROUP BY action ORDER BY action")
        self.assertEqual(rows, [['takedown.alert', '2'], ['takedown.overdue', '1']])
        r = self.g.run('audit', 'verify', '--db', self.g.db_url())
        self.assertEqual(r.returncode, 0, r.stdout)


if __name__ == '__main__':
    unittest.main()
