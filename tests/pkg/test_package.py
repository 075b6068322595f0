#!/usr/bin/env python3
# The Debian package, for real: `make deb` builds it (dpkg-buildpackage, debhelper, lintian), dpkg
# installs it on this machine (as root), systemd-analyze verifies and scores the unit, the service's
# own ExecStartPre and ExecStart run as the gazette user with the packaged configuration on a free
# port (systemd is not PID 1 here), a page is fetched, then remove keeps the data and purge deletes
# it. Skipped (exit 77) when not root or when dpkg-buildpackage/debhelper are missing.
import fcntl
import grp
import http.client
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
UNIT = '/lib/systemd/system/gazette.service'


def run(argv, check=True, timeout=300, **kw):
    cp = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                        **kw)
    out = cp.stdout.decode('utf-8', 'replace')
    if check and cp.returncode != 0:
        raise AssertionError('expected `%s` to exit 0, got %d:\n%s'
                             % (' '.join(argv), cp.returncode, out[-3000:]))
    return cp.returncode, out


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def why_skip():
    if os.geteuid() != 0:
        return 'needs root (dpkg -i)'
    for tool in ('dpkg-buildpackage', 'dh', 'lintian', 'fakeroot', 'setpriv'):
        if not shutil.which(tool):
            return '%s not found: apt-get install dpkg-dev debhelper lintian fakeroot' % tool
    return None


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        reason = why_skip()
        if reason:
            raise unittest.SkipTest(reason)
        # One package test at a time on this machine: it installs into the system.
        cls.lock = open('/run/lock/gazette-package-test.lock', 'w')
        fcntl.flock(cls.lock, fcntl.LOCK_EX)
        cls.tmp = tempfile.mkdtemp(prefix='gazette-pkg-')
        try:
            env = dict(os.environ, DEB_OUT=os.path.join(cls.tmp, 'out'))
            _, cls.build_log = run([os.path.join(REPO, 'tools', 'deb.sh')], env=env, cwd=REPO,
                                   timeout=600)
            m = re.search(r'make deb: (\S+\.deb)', cls.build_log)
            if not m:
                raise AssertionError('expected make deb to name its package, got:\n%s'
                                     % cls.build_log[-2000:])
            cls.deb = m.group(1)
            run(['dpkg', '--purge', 'gazette'], check=False)
            run(['dpkg', '-i', cls.deb])
        except BaseException:
            cls.cleanup()
            raise

    @classmethod
    def cleanup(cls):
        run(['dpkg', '--purge', 'gazette'], check=False)
        shutil.rmtree(cls.tmp, ignore_errors=True)
        cls.lock.close()

    @classmethod
    def tearDownClass(cls):
        cls.cleanup()

    def test_a_file_name_and_lintian(self):
        with open(os.path.join(REPO, 'meson.build')) as f:
            version = re.search(r"version : '([^']+)'", f.read()).group(1)
        self.assertEqual(os.path.basename(self.deb), 'gazette_%s_amd64.deb' % version)
        rc, out = run(['lintian', self.deb], check=False)
        errors = [ln for ln in out.splitlines() if ln.startswith('E:')]
        self.assertEqual(errors, [], 'expected no lintian error, got:\n%s' % '\n'.join(errors))

    def test_b_installed_files(self):
        for path in ('/usr/bin/gazette', '/usr/share/gazette/theme/templates',
                     '/usr/share/gazette/admin/templates', '/usr/share/gazette/demo',
                     '/usr/share/man/man1/gazette.1.gz', '/usr/share/man/man5/gazette.conf.5.gz',
                     '/usr/share/bash-completion/completions/gazette', '/etc/logrotate.d/gazette',
                     '/lib/systemd/system/gazette-backup.timer', UNIT):
            self.assertTrue(os.path.exists(path), 'expected %s installed' % path)
        st = os.stat('/etc/gazette/gazette.conf')
        self.assertEqual((st.st_mode & 0o777, st.st_uid, grp.getgrgid(st.st_gid).gr_name),
                         (0o640, 0, 'gazette'))
        _, conffiles = run(['dpkg-query', '-W', '-f=${Conffiles}', 'gazette'])
        self.assertIn('/etc/gazette/gazette.conf', conffiles)
        user = pwd.getpwnam('gazette')
        self.assertLess(user.pw_uid, 1000, 'expected a system user')
        st = os.stat('/var/lib/gazette')
        self.assertEqual((st.st_uid, st.st_mode & 0o007), (user.pw_uid, 0))
        _, out = run(['/usr/bin/gazette', '--version'])
        self.assertRegex(out.strip(), r'^gazette \d+\.\d+\.\d+$')
        # the media module (libvips, poppler, Cairo) is packaged and the installed program loads
        # it: doctor starts libvips through it
        _, files = run(['dpkg', '-L', 'gazette'])
        self.assertRegex(files, r'/usr/lib/[^\n]*/gazette/gazette-media\.so\n',
                         'expected the media module in the package')
        with tempfile.TemporaryDirectory() as tmp:
            run(['/usr/bin/gazette', 'init', '--db', 'sqlite:' + tmp + '/g.db'])
            rc, out = run(['/usr/bin/gazette', 'doctor', '--db', 'sqlite:' + tmp + '/g.db',
                           '--media', tmp], check=False)
            self.assertRegex(out, r'OK +images +/usr/lib/\S+/gazette/gazette-media\.so loaded',
                             'expected the installed program to load its media module:\n' + out)

    def test_c_unit_verifies_and_is_hardened(self):
        if not shutil.which('systemd-analyze'):
            self.fail('expected systemd-analyze (package systemd) to be installed')
        rc, out = run(['systemd-analyze', 'verify', UNIT], check=False)
        self.assertEqual(rc, 0, 'expected systemd-analyze verify to pass, got:\n%s' % out)
        rc, out = run(['systemd-analyze', 'security', '--offline=true', UNIT], check=False)
        m = re.search(r'Overall exposure level for gazette.service: ([\d.]+)', out)
        self.assertTrue(m, 'expected an exposure level, got:\n%s' % out[-1000:])
        self.assertLess(float(m.group(1)), 2.0, 'expected an exposure level under 2.0')
        with open(UNIT) as f:
            unit = f.read()
        for line in ('User=gazette', 'ProtectSystem=strict', 'ProtectHome=true',
                     'PrivateTmp=true', 'NoNewPrivileges=true',
                     'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6',
                     'SystemCallFilter=@system-service', 'ReadWritePaths=/var/lib/gazette',
                     # the server's own sandbox needs these, outside @system-service
                     'SystemCallFilter=seccomp landlock_create_ruleset landlock_add_rule '
                     'landlock_restrict_self',
                     'ExecReload=/bin/kill -HUP $MAINPID',
                     # the folder of the defaults relative to it (media-cache, search-mirror)
                     'WorkingDirectory=/var/lib/gazette'):
            self.assertIn(line, unit)

    def unit_commands(self):
        with open(UNIT) as f:
            text = f.read()
        pre = re.search(r'^ExecStartPre=\+(.*)$', text, re.M).group(1)
        start = re.search(r'^ExecStart=(.*)$', text, re.M).group(1)
        return shlex.split(pre), shlex.split(start)

    def unit_workdir(self):
        with open(UNIT) as f:
            m = re.search(r'^WorkingDirectory=(.*)$', f.read(), re.M)
        return m.group(1) if m else '/'

    def test_d_serves_as_the_service_user(self):
        pre, start = self.unit_commands()
        _, out = run(pre)  # as root, like ExecStartPre=+
        m = re.search(r'password is in (\S+)', out)
        self.assertTrue(m, 'expected the first start to name the password file, got %r' % out)
        pwfile = m.group(1)
        st = os.stat(pwfile)
        self.assertEqual((st.st_uid, st.st_mode & 0o777), (0, 0o600))
        with open(pwfile) as f:
            password = f.read().strip()
        db = '/var/lib/gazette/gazette.db'
        st = os.stat(db)
        self.assertEqual(st.st_uid, pwd.getpwnam('gazette').pw_uid)
        self.assertEqual(st.st_mode & 0o007, 0, 'expected a database others cannot read')
        _, again = run(pre)
        self.assertNotIn('password', again, 'expected later starts to leave the admin alone')
        port = free_port()
        proc = subprocess.Popen(
            ['setpriv', '--reuid=gazette', '--regid=gazette', '--init-groups', '--'] + start
            + ['--listen', '127.0.0.1:%d' % port],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=self.unit_workdir())
        try:
            status, body = None, b''
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                try:
                    c = http.client.HTTPConnection('127.0.0.1', port, timeout=2)
                    c.request('GET', '/')
                    r = c.getresponse()
                    status, body = r.status, r.read()
                    c.close()
                    break
                except OSError:
                    if proc.poll() is not None:
                        break
                    time.sleep(0.1)
            self.assertEqual(status, 200, 'expected GET / to answer 200, got %r; output:\n%s'
                             % (status, proc.stdout.read1(4000) if proc.poll() is not None
                                else ''))
            self.assertIn(b'<html', body.lower())
            # the login form first: its cookie and CSRF token
            c = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
            c.request('GET', '/admin/login')
            r = c.getresponse()
            form = r.read().decode('utf-8', 'replace')
            cookie = re.search(r'gz_login=([^;,]+)', r.getheader('Set-Cookie') or '')
            token = re.search(r'name="csrf" value="([^"]*)"', form)
            self.assertTrue(cookie and token, 'expected the login form with a cookie and token')
            c.request('POST', '/admin/login', urllib.parse.urlencode(
                {'name': 'admin', 'password': password, 'csrf': token.group(1)}),
                {'Content-Type': 'application/x-www-form-urlencoded',
                 'Cookie': 'gz_login=' + cookie.group(1)})
            r = c.getresponse()
            r.read()
            self.assertEqual(r.status, 303, 'expected the first admin to log in with the '
                             'password of %s, got %d' % (pwfile, r.status))
            with open('/proc/%d/status' % proc.pid) as f:
                uid = re.search(r'^Uid:\s+(\d+)', f.read(), re.M).group(1)
            self.assertEqual(int(uid), pwd.getpwnam('gazette').pw_uid)
            log, deadline = '', time.monotonic() + 5  # lines are written within a second
            while '"GET / HTTP/1.1" 200' not in log and time.monotonic() < deadline:
                time.sleep(0.1)
                with open('/var/log/gazette/access.log') as f:
                    log = f.read()
            self.assertIn('"GET / HTTP/1.1" 200', log)
            # logrotate: move the log away, SIGHUP (reload); the sandboxed server reopens it
            os.rename('/var/log/gazette/access.log', '/var/log/gazette/access.log.1')
            proc.send_signal(signal.SIGHUP)
            time.sleep(0.3)
            self.assertIsNone(proc.poll(), 'expected the server to survive SIGHUP (reload)')
            c = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
            c.request('GET', '/?sau-khi-xoay-vong')
            c.getresponse().read()
            log, deadline = '', time.monotonic() + 5
            while 'sau-khi-xoay-vong' not in log and time.monotonic() < deadline:
                time.sleep(0.1)
                if os.path.exists('/var/log/gazette/access.log'):
                    with open('/var/log/gazette/access.log') as f:
                        log = f.read()
            self.assertIn('sau-khi-xoay-vong', log, 'expected a new access.log after SIGHUP')
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.assertEqual(proc.returncode, 0)
        # the packaged backup script, as the service user
        rc, out = run(['setpriv', '--reuid=gazette', '--regid=gazette', '--init-groups', '--',
                       '/usr/lib/gazette/gazette-backup'])
        self.assertEqual(len([f for f in os.listdir('/var/lib/gazette/backups')
                              if f.endswith('.tar.gz')]), 1, out)

    def test_e_remove_keeps_data_purge_deletes_it(self):
        os.makedirs('/var/lib/gazette/keep', exist_ok=True)
        run(['dpkg', '--remove', 'gazette'])
        self.assertFalse(os.path.exists('/usr/bin/gazette'))
        self.assertTrue(os.path.exists('/var/lib/gazette/keep'), 'expected remove to keep data')
        self.assertTrue(os.path.exists('/etc/gazette/gazette.conf'),
                        'expected remove to keep the conffile')
        run(['dpkg', '--purge', 'gazette'])
        for path in ('/var/lib/gazette', '/etc/gazette', '/var/log/gazette'):
            self.assertFalse(os.path.exists(path), 'expected purge to delete %s' % path)


def main():
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(PackageTest)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors)
    if result.skipped and not failed and result.testsRun <= len(result.skipped):
        print('skipped: %s' % result.skipped[0][1])
        return 77
    passed = result.testsRun - failed - len(result.skipped)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
