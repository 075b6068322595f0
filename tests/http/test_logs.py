# Logs: the access log in the combined format, read by Debian's GoAccess; the error log with levels,
# one event per line; both reopened on SIGHUP (logrotate's postrotate, systemctl reload).
import json
import os
import re
import shutil
import signal
import subprocess
import time
import unittest

from harness import REF_PATH, Gazette

COMBINED = re.compile(r'^(\S+) - - \[(\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] '
                      r'"([^"\\]*(?:\\.[^"\\]*)*)" (\d{3}) (\d+|-) '
                      r'"([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)"$')
ERROR_LINE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z (debug|info|warn|error) \S')


def read_lines(path, want, timeout=5):
    """The lines of path once it has at least want of them (the server writes after answering)."""
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        with open(path, encoding='utf-8', errors='replace') as f:
            lines = f.read().splitlines()
        if len(lines) >= want:
            break
        time.sleep(0.05)
    return lines


class LogsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Gazette('logs')
        try:
            cls.site.init()
            cls.access = os.path.join(cls.site.tmp, 'access.log')
            cls.errors = os.path.join(cls.site.tmp, 'error.log')
            cls.site.start(extra_args=['--access-log', cls.access, '--error-log', cls.errors])
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.site.cleanup()

    def hit(self):
        """A mix of requests; returns how many."""
        s = self.site
        reqs = [('GET', REF_PATH, {}), ('GET', '/', {'Referer': 'https://www.google.com/'}),
                ('HEAD', '/', {}), ('GET', '/khong-co-trang-nay', {}),
                ('GET', '/tim-kiem?q=d%E1%BA%A3ng+vi%C3%AAn&trang=2', {}),
                ('GET', '/static/site.css', {}), ('GET', '/rss.xml', {}),
                ('GET', '/', {'User-Agent': 'Mozilla/5.0 "quoted" \\ agent'}),
                ('POST', '/api/v1/articles', {'Content-Type': 'application/json'}),
                ('GET', '/a/%22%0d%0aX', {})]
        for method, path, headers in reqs:
            s.request(method, path, headers=headers, body=b'{}' if method == 'POST' else None)
        return len(reqs)

    def test_combined_format_read_by_goaccess(self):
        time.sleep(1.2)  # lines are written out within a second: the harness's /healthz polls
        before = len(read_lines(self.access, 0))
        n = self.hit()
        lines = read_lines(self.access, before + n)[before:]
        self.assertEqual(len(lines), n, 'expected one access-log line per request (%d), got %d:'
                         '\n%s' % (n, len(lines), '\n'.join(lines)))
        for ln in lines:
            self.assertRegex(ln, COMBINED)
        # threads write out their lines in turns: find the first request's line
        m = [COMBINED.match(ln) for ln in lines if REF_PATH in ln][0]
        self.assertEqual(m.group(1), '127.0.0.1')
        self.assertEqual(m.group(3), 'GET %s HTTP/1.1' % REF_PATH)
        self.assertEqual(m.group(4), '200')
        self.assertGreater(int(m.group(5)), 1000)
        self.assertTrue(any('"GET /tim-kiem?q=d%E1%BA%A3ng+vi%C3%AAn&trang=2 HTTP/1.1"' in ln
                            for ln in lines), 'expected the query string kept in the log')
        self.assertTrue(any(' 404 ' in ln for ln in lines))
        self.assertTrue(any('"HEAD / HTTP/1.1" 200 -' in ln for ln in lines))
        self.assertTrue(any('"https://www.google.com/"' in ln for ln in lines))
        self.assertTrue(any(r'"Mozilla/5.0 \"quoted\" \\ agent"' in ln for ln in lines),
                        'expected quotes in the user agent escaped')
        goaccess = shutil.which('goaccess')
        if not goaccess:
            self.skipTest('goaccess is not installed (deps/debian-packages.txt lists it)')
        report = os.path.join(self.site.tmp, 'report.json')
        cp = subprocess.run([goaccess, self.access, '--log-format=COMBINED', '--no-global-config',
                             '-o', report], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            timeout=60)
        self.assertEqual(cp.returncode, 0, 'expected goaccess to exit 0, got %d: %s'
                         % (cp.returncode, cp.stderr.decode('utf-8', 'replace')[-500:]))
        with open(report) as f:
            general = json.load(f)['general']
        time.sleep(1.2)
        total = len(read_lines(self.access, before + n))
        self.assertEqual(general['failed_requests'], 0,
                         'expected goaccess to parse every line, it failed on %d'
                         % general['failed_requests'])
        self.assertEqual(general['total_requests'], total,
                         'expected goaccess to count %d requests, got %d'
                         % (total, general['total_requests']))

    def test_sighup_reopens_both_logs(self):
        self.site.request('GET', '/')
        read_lines(self.access, 1)
        rotated, rotated_err = self.access + '.1', self.errors + '.1'
        os.rename(self.access, rotated)
        os.rename(self.errors, rotated_err)
        self.site.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 5
        while not os.path.exists(self.access) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.site.request('GET', '/?after=rotation')
        lines = read_lines(self.access, 1)
        self.assertEqual(len(lines), 1, 'expected the request after SIGHUP in the new access log, '
                         'got %r' % lines)
        self.assertIn('/?after=rotation', lines[0])
        with open(rotated) as f:
            self.assertNotIn('after=rotation', f.read())
        err = read_lines(self.errors, 1)
        self.assertTrue(any('log files reopened' in ln for ln in err),
                        'expected "log files reopened" in the new error log, got %r' % err)
        self.assertTrue(self.site.alive(), 'expected the server to keep running after SIGHUP')
        os.rename(rotated, self.access + '.old')  # the other test reads a fresh file
        with open(self.access, 'a'):
            pass

    def test_error_log_one_event_per_line(self):
        lines = read_lines(self.errors, 1)
        self.assertTrue(lines, 'expected the error log to have the start-up line')
        for ln in lines:
            self.assertRegex(ln, ERROR_LINE)


class AccessLogStdoutTest(unittest.TestCase):
    def test_dash_means_stdout_and_off_by_default(self):
        site = Gazette('logs2')
        try:
            site.init(demo=False)
            site.start()
            site.request('GET', '/')
            site.stop()
            self.assertFalse([ln for ln in site.log().splitlines() if COMBINED.match(ln)],
                             'expected no access log by default')
            site.start(extra_args=['--access-log', '-'])
            site.request('GET', '/healthz?x=1')
            site.stop()
            self.assertTrue([ln for ln in site.log().splitlines() if COMBINED.match(ln)
                             and '/healthz?x=1' in ln],
                            'expected the access line on standard output, log was:\n%s'
                            % site.log())
        finally:
            site.cleanup()


if __name__ == '__main__':
    unittest.main()
