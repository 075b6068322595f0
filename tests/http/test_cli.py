# CLI commands beyond import/export: backup, usage errors, and the --check of serve.
import os
import unittest

from harness import Gazette


class BackupTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.g = Gazette('backup')
        cls.addClassCleanup(cls.g.cleanup)
        cls.g.init(demo=True)
        cls.g.start()

    def test_backup_while_serving_is_a_working_copy(self):
        dest = os.path.join(self.g.tmp, 'copy.tar.gz')
        r = self.g.run('backup', '--db', self.g.db_url(), dest)
        self.assertEqual(r.returncode, 0, 'expected backup to succeed, got %d: %s'
                         % (r.returncode, r.stderr))
        self.assertTrue(os.path.getsize(dest) > 0, 'expected a non-empty backup file')
        copy = os.path.join(self.g.tmp, 'restored', 'copy.db')
        r = self.g.run('restore', '--db', 'sqlite:' + copy, dest)
        self.assertEqual(r.returncode, 0, 'expected restore to succeed, got %d: %s'
                         % (r.returncode, r.stderr))
        a = self.g.run('export', '--db', self.g.db_url(), '-')
        b = self.g.run('export', '--db', 'sqlite:' + copy, '-')
        self.assertEqual(a.returncode, 0, a.stderr)
        self.assertEqual(b.returncode, 0, b.stderr)
        self.assertTrue(a.stdout.count('\n') >= 11, 'expected the demo articles in the export')
        self.assertEqual(a.stdout, b.stdout, 'expected the backup to export the same articles')

    def test_database_and_backup_are_private(self):
        # Finding 14: the database holds password hashes; it and its copies are 0600.
        self.g.request('GET', '/')
        for path in (self.g.db_path(), self.g.db_path() + '-wal'):
            if os.path.exists(path):
                mode = os.stat(path).st_mode & 0o777
                self.assertEqual(mode, 0o600, 'expected %s to be 0600, got %o' % (path, mode))
        dest = os.path.join(self.g.tmp, 'private.db')
        r = self.g.run('backup', '--db', self.g.db_url(), dest)
        self.assertEqual(r.returncode, 0, r.stderr)
        mode = os.stat(dest).st_mode & 0o777
        self.assertEqual(mode, 0o600, 'expected the backup to be 0600, got %o' % mode)

    def test_backup_refuses_to_overwrite(self):
        dest = os.path.join(self.g.tmp, 'exists.db')
        with open(dest, 'w') as f:
            f.write('keep me')
        r = self.g.run('backup', '--db', self.g.db_url(), dest)
        self.assertNotEqual(r.returncode, 0, 'expected a non-zero exit for an existing file')
        self.assertIn('exists', r.stderr, 'expected the error to say the file exists, got %r'
                      % r.stderr)
        with open(dest) as f:
            self.assertEqual(f.read(), 'keep me', 'expected the existing file untouched')


class UsageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.g = Gazette('usage')
        cls.addClassCleanup(cls.g.cleanup)

    def test_unknown_command(self):
        r = self.g.run('frobnicate')
        self.assertEqual(r.returncode, 2, 'expected exit 2 for an unknown command, got %d'
                         % r.returncode)
        self.assertIn("unknown command 'frobnicate'", r.stderr)

    def test_missing_database(self):
        r = self.g.run('serve', '--db', os.path.join(self.g.tmp, 'nope.db'))
        self.assertEqual(r.returncode, 1, 'expected exit 1, got %d' % r.returncode)
        self.assertIn('does not exist', r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1,
                         'expected a one-line error, got %r' % r.stderr)

    def test_serve_check_and_bad_settings(self):
        self.g.init(demo=False)
        r = self.g.run('serve', '--db', self.g.db_url(), '--check')
        self.assertEqual(r.returncode, 0, 'expected --check to pass, got %r' % r.stderr)
        for args, want in ((('--listen', 'nonsense'), 'listen address'),
                           (('--listen', '127.0.0.1:99999'), 'port'),
                           (('--threads', 'x'), "'threads'"),
                           (('--log-level', 'loud'), 'log-level')):
            r = self.g.run('serve', '--db', self.g.db_url(), '--check', *args)
            self.assertEqual(r.returncode, 1, 'expected exit 1 for %r, got %d' % (args, r.returncode))
            self.assertIn(want, r.stderr, 'expected %r in the error for %r, got %r'
                          % (want, args, r.stderr))

    def test_config_file(self):
        self.g.init(demo=False)
        conf = os.path.join(self.g.tmp, 'gazette.conf')
        with open(conf, 'w') as f:
            f.write('# comment\nthreads = 1\nlisten = 127.0.0.1:1\nbogus = 3\n')
        r = self.g.run('serve', '--db', self.g.db_url(), '--config', conf, '--check')
        self.assertEqual(r.returncode, 1)
        self.assertIn(conf + ":4: unknown setting 'bogus'", r.stderr)


if __name__ == '__main__':
    unittest.main()


class CrashSafetyTest(unittest.TestCase):
    """DESIGN §10: a killed process leaves a consistent database, never half an import."""

    @classmethod
    def setUpClass(cls):
        cls.g = Gazette('crash')
        cls.addClassCleanup(cls.g.cleanup)
        cls.g.init(demo=True)

    def test_import_killed_midway_writes_nothing(self):
        import json
        import signal
        import subprocess
        import time
        path = os.path.join(self.g.tmp, 'many.jsonl')
        body = '<p>' + 'Nội dung thử nghiệm về phong trào thi đua. ' * 40 + '</p>'
        with open(path, 'w', encoding='utf-8') as f:
            for i in range(20000):
                f.write(json.dumps({'id': 1000 + i, 'title': 'Bài số %d' % i, 'body_html': body,
                                    'category': ['Thử nghiệm'],
                                    'published_at': '2022-01-01T08:00:00+07:00'},
                                   ensure_ascii=False) + '\n')
        before = int(self.g.db_query('SELECT count(*) FROM articles')[0][0])
        proc = subprocess.Popen([self.g.bin, 'import', '--db', self.g.db_url(), path],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                cwd=self.g.tmp)
        time.sleep(1.0)
        self.assertIsNone(proc.poll(), 'expected the import still running after 1 s (make the '
                          'file bigger if this machine is faster)')
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        after = int(self.g.db_query('SELECT count(*) FROM articles')[0][0])
        self.assertEqual(after, before, 'expected nothing of the killed import, got %d articles '
                         'instead of %d' % (after, before))
        if self.g.kind == 'sqlite':
            ok = self.g.db_query('PRAGMA integrity_check')
            self.assertEqual(ok, [['ok']], 'expected integrity_check ok, got %r' % ok)
        # The database is still usable: part of the same file now goes through whole.
        small = os.path.join(self.g.tmp, 'few.jsonl')
        with open(path, encoding='utf-8') as src, open(small, 'w', encoding='utf-8') as dst:
            for _ in range(50):
                dst.write(src.readline())
        r = self.g.run('import', '--db', self.g.db_url(), small)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(int(self.g.db_query('SELECT count(*) FROM articles')[0][0]), before + 50,
                         'expected the 50 articles of the second import')
