# gazette doctor: each check printed with OK/WARN/FAIL and a fix; exit 1 on any FAIL. gazette --version.
import os
import re
import shutil
import subprocess
import unittest

from harness import REPO, Gazette

LINE = re.compile(r'^(OK|WARN|FAIL) +(\S+)\s+(.*)$')


class DoctorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Gazette('doctor')
        try:
            cls.site.init()
            cls.media = os.path.join(cls.site.tmp, 'media')
            os.makedirs(cls.media, exist_ok=True)
            os.chmod(cls.media, 0o750)
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.site.cleanup()

    def doctor(self, *extra, db=None):
        cp = self.site.run('doctor', '--db', db or self.site.db_url(), '--media', self.media,
                           *extra)
        checks = {}
        for ln in cp.stdout.splitlines():
            m = LINE.match(ln)
            if m:
                checks.setdefault(m.group(2), []).append((m.group(1), m.group(3)))
        return cp, checks

    def verdicts(self, checks, name):
        return [v for v, _ in checks.get(name, [])]

    def test_healthy_site_passes(self):
        cp, checks = self.doctor()
        self.assertEqual(cp.returncode, 0, 'expected exit 0 on a healthy site, got %d:\n%s'
                         % (cp.returncode, cp.stdout))
        for name in ('theme', 'schema', 'database', 'media', 'images', 'disk', 'timezone',
                     'clock'):
            self.assertIn(name, checks, 'expected a %s check, got:\n%s' % (name, cp.stdout))
        self.assertEqual(self.verdicts(checks, 'database'), ['OK'])
        self.assertEqual(self.verdicts(checks, 'images'), ['OK'])
        self.assertIn('gazette-media.so loaded', checks['images'][0][1])
        self.assertIn('current', checks['schema'][0][1])
        self.assertNotIn('FAIL', cp.stdout)
        self.assertRegex(cp.stdout.splitlines()[-1], r'^0 failed, \d+ warnings$')

    def test_world_readable_database_fails(self):
        if self.site.kind != 'sqlite':
            self.skipTest('file modes of an SQLite database')
        path = self.site.db_path()
        self.assertEqual(os.stat(path).st_mode & 0o007, 0,
                         'expected gazette init to create a database others cannot read, got '
                         'mode %o' % (os.stat(path).st_mode & 0o777))
        os.chmod(path, 0o644)
        try:
            cp, checks = self.doctor()
        finally:
            os.chmod(path, 0o640)
        self.assertEqual(cp.returncode, 1)
        self.assertIn('FAIL', self.verdicts(checks, 'db'))
        self.assertIn("fix: chmod 0640 '%s'" % path, cp.stdout)

    def test_world_writable_media_fails(self):
        os.chmod(self.media, 0o777)
        try:
            cp, checks = self.doctor()
        finally:
            os.chmod(self.media, 0o750)
        self.assertEqual(cp.returncode, 1, cp.stdout)
        self.assertEqual(self.verdicts(checks, 'media'), ['FAIL'])
        self.assertIn('world-writable', cp.stdout)

    def test_missing_media_and_database_fail(self):
        cp, checks = self.doctor(db='sqlite:' + os.path.join(self.site.tmp, 'none', 'x.db'))
        self.assertEqual(cp.returncode, 1)
        self.assertEqual(self.verdicts(checks, 'database'), ['FAIL'])
        self.assertIn('gazette init', cp.stdout)
        cp = self.site.run('doctor', '--db', self.site.db_url(), '--media',
                           os.path.join(self.site.tmp, 'nowhere'))
        self.assertEqual(cp.returncode, 1)
        self.assertRegex(cp.stdout, r'FAIL +media .*does not exist')

    def test_missing_media_module_fails(self):
        # the program alone, without the module that holds libvips, poppler and Cairo beside it
        alone = os.path.join(self.site.tmp, 'alone')
        os.makedirs(alone, exist_ok=True)
        shutil.copy(self.site.bin, os.path.join(alone, 'gazette'))
        cp = subprocess.run([os.path.join(alone, 'gazette'), 'doctor', '--db', self.site.db_url(),
                             '--media', self.media], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, timeout=60, cwd=self.site.tmp,
                            env=dict(os.environ, GAZETTE_SHARE=REPO), text=True)
        self.assertEqual(cp.returncode, 1, 'expected exit 1 without the module, got %d:\n%s'
                         % (cp.returncode, cp.stdout))
        self.assertRegex(cp.stdout, r'FAIL +images .*gazette-media\.so is neither beside')

    def test_bad_configuration_fails(self):
        conf = os.path.join(self.site.tmp, 'bad.conf')
        with open(conf, 'w') as f:
            f.write('listen = 127.0.0.1:8080\nmax-body = lots\n')
        cp, checks = self.doctor('--config', conf)
        self.assertEqual(cp.returncode, 1)
        self.assertIn('FAIL', self.verdicts(checks, 'config'))
        self.assertIn('bad.conf:2', cp.stdout)
        with open(conf, 'w') as f:
            f.write('# fine\nlisten = 127.0.0.1:8080\n')
        os.chmod(conf, 0o640)
        cp, checks = self.doctor('--config', conf)
        self.assertEqual(self.verdicts(checks, 'config'), ['OK', 'OK'], cp.stdout)

    def test_unknown_time_zone_fails(self):
        with self.site.db_connect() as con:
            con.execute("UPDATE settings SET value = 'Mars/Olympus' WHERE key = 'timezone'")
        try:
            cp, checks = self.doctor()
        finally:
            with self.site.db_connect() as con:
                con.execute("UPDATE settings SET value = 'Asia/Ho_Chi_Minh' "
                            "WHERE key = 'timezone'")
        self.assertEqual(cp.returncode, 1, cp.stdout)
        self.assertEqual(self.verdicts(checks, 'timezone'), ['FAIL'])
        self.assertIn('tzdata', cp.stdout)

    def test_version(self):
        cp = self.site.run('--version')
        with open(os.path.join(REPO, 'meson.build')) as f:
            want = re.search(r"version : '([^']+)'", f.read()).group(1)
        self.assertEqual(cp.returncode, 0)
        self.assertEqual(cp.stdout.strip(), 'gazette ' + want)


if __name__ == '__main__':
    unittest.main()
