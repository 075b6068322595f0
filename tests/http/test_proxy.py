# Behind a reverse proxy: the client's address comes from X-Forwarded-For only from trusted proxies.
import unittest
import urllib.parse

from harness import Gazette


def failed_login(site, headers, name):
    """POSTs a wrong password with the given extra headers; returns the HTTP status."""
    status, _, _ = site.login_post({'name': name, 'password': 'wrong password'}, headers)
    return status


def logged_addresses(site):
    """Addresses of the failed logins in the audit log, oldest first."""
    rows = site.db_query("SELECT address FROM audit_log WHERE action = 'login.failed' "
                         "ORDER BY id")
    return [r[0] for r in rows]


class ProxyTest(unittest.TestCase):
    """The audit log records the address a trusted proxy forwarded, else the socket's peer."""

    def setUp(self):
        self.site = Gazette('proxy')
        self.addCleanup(self.site.cleanup)
        self.site.init(demo=False)

    def check(self, cases):
        for i, (headers, want) in enumerate(cases):
            before = len(logged_addresses(self.site))
            status = failed_login(self.site, headers, 'nobody%d' % i)
            # 429 once the throttle counts the failures of one address
            self.assertIn(status, (401, 429), 'expected 401 (or 429) for a wrong password, got %d'
                          % status)
            got = logged_addresses(self.site)[before:]
            self.assertEqual(got, [want], 'expected the audit log to record %r for headers %r, '
                             'got %r' % (want, headers, got))

    def test_default_trusts_loopback(self):
        self.site.start()
        self.check([
            ({'X-Forwarded-For': '203.0.113.7'}, '203.0.113.7'),
            # a client may send its own X-Forwarded-For: only the address the proxy appended counts
            ({'X-Forwarded-For': '10.9.9.9, 198.51.100.23'}, '198.51.100.23'),
            ({'X-Forwarded-For': '2001:db8::1'}, '2001:db8::1'),
            ({'X-Real-IP': '192.0.2.44'}, '192.0.2.44'),
            ({'X-Forwarded-For': 'not-an-address'}, '127.0.0.1'),
            ({}, '127.0.0.1'),
        ])

    def test_untrusted_peer_is_not_believed(self):
        self.site.start(extra_args=['--trusted-proxies', '192.0.2.1'])
        self.check([
            ({'X-Forwarded-For': '203.0.113.7'}, '127.0.0.1'),
            ({'X-Real-IP': '192.0.2.44'}, '127.0.0.1'),
        ])

    def test_empty_list_trusts_nobody(self):
        self.site.start(extra_args=['--trusted-proxies', ''])
        self.check([({'X-Forwarded-For': '203.0.113.7'}, '127.0.0.1')])

    def test_bad_setting_is_refused(self):
        r = self.site.run('serve', '--db', self.site.db_url(), '--check',
                          '--trusted-proxies', '127.0.0.1,proxy.example')
        self.assertEqual(r.returncode, 1, 'expected exit 1 for a bad trusted-proxies, got %d: %s'
                         % (r.returncode, r.stderr))
        self.assertIn("'proxy.example' is not an IP address", r.stderr,
                      'expected the error to name the bad entry, got %r' % r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1,
                         'expected a one-line error, got %r' % r.stderr)


if __name__ == '__main__':
    unittest.main()
