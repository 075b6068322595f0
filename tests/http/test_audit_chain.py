# `gazette audit verify|purge` against a real site's log on the suite's backend: entries written by
# the server, then changed, removed and inserted directly in the database, each found and named.
import time
import unittest

from harness import Gazette

COLS = 'id, at, user_id, user_name, address, action, object, detail, prev_hash, hash'


class AuditChainTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.g = Gazette('auditchain')
        cls.addClassCleanup(cls.g.cleanup)
        cls.g.init(demo=True)
        pw = cls.g.tmp + '/pw.txt'
        with open(pw, 'w') as f:
            f.write('mat-khau-thu-nghiem\n')
        cp = cls.g.run('user', 'add', '--db', cls.g.db_url(), '--role', 'admin',
                       '--password-file', pw, 'admin_kt')
        assert cp.returncode == 0, cp.stderr
        cls.g.start()
        for i in range(4):  # each failed login is an audit entry
            cls.g.login_post({'name': 'admin', 'password': 'sai-%d' % i})
        cls.g.stop()
        cls.n = int(cls.g.db_query('SELECT count(*) FROM audit_log')[0][0])

    def verify(self):
        return self.g.run('audit', 'verify', '--db', self.g.db_url())

    def expect_ok(self, n):
        r = self.verify()
        self.assertEqual((r.returncode, r.stdout.strip()), (0, 'OK %d entries' % n),
                         'expected a clean chain, got exit %d: %s %s'
                         % (r.returncode, r.stdout, r.stderr))

    def expect_finding(self, entry, what):
        r = self.verify()
        self.assertEqual(r.returncode, 1, 'expected exit 1, got %d: %s' % (r.returncode, r.stdout))
        self.assertIn('entry %d %s' % (entry, what), r.stdout,
                      'expected entry %d named %s, got %r' % (entry, what, r.stdout))

    def screen_verdict(self):
        """The newsroom's audit screen with ?verify=1, as an admin."""
        from test_newsroom import login_as
        self.g.start()
        try:
            status, _, text = login_as(self.g, 'admin_kt').get('/admin/audit?verify=1')
        finally:
            self.g.stop()
        self.assertEqual(status, 200)
        return text

    def row(self, id_):
        return self.g.db_query('SELECT %s FROM audit_log WHERE id = %d' % (COLS, id_))[0]

    def test_tampering_found_and_named(self):
        self.assertGreaterEqual(self.n, 4, 'expected the failed logins in the audit log')
        self.expect_ok(self.n)
        # UPDATE
        before = self.row(2)
        with self.g.db_connect() as con:
            con.execute("UPDATE audit_log SET address = '10.0.0.9' WHERE id = 2")
        self.expect_finding(2, 'changed')
        self.assertIn('mục 2 bị sửa', self.screen_verdict())
        self.n = int(self.g.db_query('SELECT count(*) FROM audit_log')[0][0])  # + the login
        with self.g.db_connect() as con:
            con.execute('UPDATE audit_log SET address = ? WHERE id = 2', (before[4],))
        self.expect_ok(self.n)
        # DELETE
        gone = self.row(3)
        with self.g.db_connect() as con:
            con.execute('DELETE FROM audit_log WHERE id = 3')
        self.expect_finding(3, 'removed')
        vals = [int(gone[0]), int(gone[1]), None if gone[2] is None else int(gone[2])] + gone[3:]
        with self.g.db_connect() as con:
            con.execute('INSERT INTO audit_log(%s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)' % COLS,
                        vals)
        self.expect_ok(self.n)
        # INSERT
        with self.g.db_connect() as con:
            con.execute("INSERT INTO audit_log(id, at, user_name, address, action, object, detail, "
                        "prev_hash, hash) VALUES (?, ?, 'admin', '', 'login', '', '', '', '')",
                        (self.n + 1, int(time.time())))
        self.expect_finding(self.n + 1, 'inserted')
        r = self.g.run('audit', 'purge', '--db', self.g.db_url(), '--now', int(time.time()) + 3 * 366 * 86400)
        self.assertEqual(r.returncode, 1, 'expected a purge of a tampered log refused, got %d'
                         % r.returncode)
        with self.g.db_connect() as con:
            con.execute('DELETE FROM audit_log WHERE id = ?', (self.n + 1,))
        self.expect_ok(self.n)
        # purge with the clock three years on: a signed checkpoint keeps the chain verifiable
        r = self.g.run('audit', 'purge', '--db', self.g.db_url(), '--now', int(time.time()) + 3 * 366 * 86400)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('purged %d entries' % self.n, r.stdout)
        r = self.verify()
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(r.stdout.strip(),
                         'OK 0 entries (%d purged before a valid checkpoint)' % self.n)

    def test_usage(self):
        r = self.g.run('audit', 'check', '--db', self.g.db_url())
        self.assertEqual(r.returncode, 2, 'expected exit 2 for an unknown subcommand')
        r = self.g.run('audit', 'purge', '--db', self.g.db_url(), '--now', 'hôm qua')
        self.assertEqual(r.returncode, 1)
        self.assertIn('--now', r.stderr)


if __name__ == '__main__':
    unittest.main()
