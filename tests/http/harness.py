# Harness for the HTTP integration tests: starts the real gazette binary on a free port.
"""Helpers shared by the integration tests (Python standard library only).

Gazette   one temporary site: database, CLI runs, a server process, HTTP requests.
visible_lines(html)  the visible text of a page, line by line, roughly as a browser's innerText.

Backends: GAZETTE_TEST_DB_KIND=sqlite (default) gives each Gazette a file in its temporary folder;
GAZETTE_TEST_DB_KIND=pg a fresh database in the throw-away cluster that
`tests/support/pgcluster.py run -- ...` starts (GAZETTE_TEST_PG_URL, GAZETTE_TEST_PG_CREATEDB).
Tests that read the database directly use Gazette.db_query() / stored_views(), which work on both.
pg_stop() / pg_start() make a PostgreSQL outage (pg kind only).
"""

import glob
import http.client
import json
import html.parser
import itertools
import os
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

import openapi_check

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.normpath(os.path.join(REPO, '..', 'shared'))
SEED = os.path.join(SHARED, 'seeds', '000_7087e237ba8c74b5.txt')

REF_ID = 11
REF_PATH = '/huyen-yen-my-trien-khai-thuc-hien-tot-phong-trao-thi-dua-dan-van-kheo-11.html'
REF_CATEGORY = ['Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
                'Gương điển hình']
PARENT_CAT_PATH = '/chuyen-muc/hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh/'
CAT_PATH = PARENT_CAT_PATH + 'guong-dien-hinh/'

CLOCK_RE = re.compile(
    r'^(Chủ Nhật|Thứ Hai|Thứ Ba|Thứ Tư|Thứ Năm|Thứ Sáu|Thứ Bảy), '
    r'ngày \d{1,2} tháng \d{1,2} năm \d{4} - \d{1,2}:\d{2}:\d{2} (AM|PM)$')


def gazette_bin():
    """Path of the binary under test: $GAZETTE_BIN or build/src/gazette in the repository."""
    path = os.environ.get('GAZETTE_BIN') or os.path.join(REPO, 'build', 'src', 'gazette')
    return os.path.abspath(path)


def db_kind():
    return os.environ.get('GAZETTE_TEST_DB_KIND', 'sqlite')


def articles_sql(apart):
    """The articles with their view counts, from the article's row (a schema before the counts
    moved: SQLite's migration 32, PostgreSQL's 37) or from article_views (apart)."""
    if not apart:
        return ('SELECT id, category_id, status, title, slug, views, featured FROM articles '
                'ORDER BY id')
    return ('SELECT a.id, a.category_id, a.status, a.title, a.slug, v.views, a.featured '
            'FROM articles a JOIN article_views v ON v.article_id = a.id ORDER BY a.id')


def is_pg():
    """True when the suite runs on PostgreSQL (GAZETTE_TEST_DB_KIND=pg)."""
    return db_kind() in ('pg', 'postgresql')


def require_pg(test):
    """Skips test (a TestCase) unless the suite runs on PostgreSQL."""
    if not is_pg():
        test.skipTest('needs PostgreSQL: runs in the http-pg suite (GAZETTE_TEST_DB_KIND=pg)')


def pg_bindir():
    """Folder of the PostgreSQL client programs (psql, createdb) the cluster came with."""
    cmd = os.environ.get('GAZETTE_TEST_PG_CREATEDB')
    if cmd:
        argv = shlex.split(cmd)
        exe = [a for a in argv if os.path.basename(a) == 'createdb']
        if exe and os.path.isabs(exe[0]):
            return os.path.dirname(exe[0])
    found = sorted(glob.glob('/usr/lib/postgresql/*/bin/psql'),
                   key=lambda p: int(p.split('/')[4]) if p.split('/')[4].isdigit() else 0)
    if found:
        return os.path.dirname(found[-1])
    psql = shutil.which('psql')
    if psql:
        return os.path.dirname(psql)
    raise AssertionError('expected PostgreSQL client programs under /usr/lib/postgresql/*/bin, '
                         'found none')


def pg_url(dbname):
    """URL of database dbname in the test cluster (GAZETTE_TEST_PG_URL with another path)."""
    base = os.environ.get('GAZETTE_TEST_PG_URL')
    if not base:
        raise unittest.SkipTest('GAZETTE_TEST_DB_KIND=pg needs GAZETTE_TEST_PG_URL: run under '
                                '`python3 tests/support/pgcluster.py run -- ...`')
    u = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit((u.scheme, u.netloc, '/' + dbname, u.query, u.fragment))


def pg_psql(url, sql, timeout=30):
    """Runs sql with psql on url; returns rows as lists of strings (None for NULL)."""
    cp = subprocess.run([os.path.join(pg_bindir(), 'psql'), '-X', '-q', '-A', '-t', '-F', '\t',
                         '-P', 'null=\\N', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    if cp.returncode != 0:
        raise AssertionError('expected psql to run %r, got exit %d: %s'
                             % (sql, cp.returncode, cp.stderr.decode('utf-8', 'replace')))
    rows = []
    for ln in cp.stdout.decode('utf-8').splitlines():
        if ln:
            rows.append([None if v == '\\N' else v for v in ln.split('\t')])
    return rows


def _pg_literal(v):
    if v is None:
        return 'NULL'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, bytes):
        return "'\\x%s'::bytea" % v.hex()
    return "'%s'" % str(v).replace("'", "''")


def _pg_bind(sql, params):
    """sql with each ? outside quotes replaced by the literal of the next parameter."""
    out, i, quote = [], 0, None
    params = list(params or ())
    for ch in sql:
        if quote:
            quote = None if ch == quote else quote
        elif ch in ("'", '"'):
            quote = ch
        elif ch == '?':
            if i >= len(params):
                raise AssertionError('expected %d parameters for %r, got %d'
                                     % (sql.count('?'), sql, len(params)))
            out.append(_pg_literal(params[i]))
            i += 1
            continue
        out.append(ch)
    return ''.join(out)


class _PgCursor:
    def __init__(self, rows):
        self.rows = rows

    def __iter__(self):
        return iter(self.rows)

    def fetchall(self):
        return list(self.rows)

    def fetchone(self):
        return self.rows[0] if self.rows else None


class PgConnection:
    """A small sqlite3-like connection to a PostgreSQL database, through psql: execute(sql, params)
    with ? placeholders; each statement commits on its own. Rows are tuples with JSON types
    (numbers, strings, booleans, None)."""

    def __init__(self, url):
        self.url = url

    def execute(self, sql, params=()):
        sql = _pg_bind(sql, params).strip().rstrip(';')
        if re.match(r'(?is)^\s*(select|with|values)\b', sql):
            wrapped = ("SELECT coalesce(json_agg(json_build_array(VARIADIC ARRAY(SELECT "
                       "value FROM json_each(row_to_json(t))))), '[]') FROM (%s) t" % sql)
            rows = pg_psql(self.url, wrapped)
            import json
            return _PgCursor([tuple(r) for r in json.loads(rows[0][0])])
        pg_psql(self.url, sql)
        return _PgCursor([])

    def commit(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_PG_SEQ = itertools.count(1)


def pg_create_db(hint='site'):
    """Creates an empty UTF-8 database in the test cluster; returns its URL."""
    name = 'gz_%d_%d_%s' % (os.getpid(), next(_PG_SEQ), re.sub(r'[^a-z0-9]+', '_', hint.lower()))
    name = name[:60]
    cmd = os.environ.get('GAZETTE_TEST_PG_CREATEDB')
    url = pg_url(name)
    if cmd:
        cp = subprocess.run(shlex.split(cmd) + [name], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, timeout=60)
        if cp.returncode != 0:
            raise AssertionError('expected createdb %s to succeed, got exit %d: %s'
                                 % (name, cp.returncode, cp.stdout.decode('utf-8', 'replace')))
    else:
        pg_psql(pg_url(urllib.parse.urlsplit(os.environ['GAZETTE_TEST_PG_URL']).path.lstrip('/')),
                'CREATE DATABASE "%s" TEMPLATE template0 ENCODING \'UTF8\'' % name)
    return url


def pg_drop_db(url):
    """Drops a database made by pg_create_db (best effort: the cluster goes away anyway)."""
    name = urllib.parse.urlsplit(url).path.lstrip('/')
    admin = os.environ.get('GAZETTE_TEST_PG_URL')
    if not admin or not name:
        return
    try:
        pg_psql(admin, 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
    except (AssertionError, OSError, subprocess.TimeoutExpired):
        pass


def _pg_ctl(var):
    cmd = os.environ.get(var)
    if not cmd:
        raise unittest.SkipTest('%s is not set: run under tests/support/pgcluster.py' % var)
    cp = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                        timeout=120)
    if cp.returncode != 0:
        raise AssertionError('expected `%s` to succeed, got exit %d: %s'
                             % (cmd, cp.returncode, cp.stdout.decode('utf-8', 'replace')))


def pg_stop():
    """Stops the test cluster's server (fast shutdown): an outage for every node."""
    _pg_ctl('GAZETTE_TEST_PG_STOP')


def pg_start():
    """Starts the test cluster's server again on the same port."""
    _pg_ctl('GAZETTE_TEST_PG_START')


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Gazette:
    """One site under test: a temporary directory, a fresh database and at most one server."""

    def __init__(self, name='site', kind=None):
        """kind: 'sqlite' or 'pg' to pick the backend of this site (default: the suite's)."""
        self.tmp = tempfile.mkdtemp(prefix='gazette-http-')
        self.name = name
        self.bin = gazette_bin()
        self.kind = kind or db_kind()
        if self.kind == 'postgresql':
            self.kind = 'pg'
        if self.kind not in ('sqlite', 'pg'):
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise unittest.SkipTest('GAZETTE_TEST_DB_KIND=%r is not supported' % self.kind)
        self._pg_url = None      # made on first use of db_url() (pg kind)
        self._pg_owned = False   # this instance created it (and drops it in cleanup)
        self.proc = None
        self.port = None
        self.log_path = os.path.join(self.tmp, 'server-%s.log' % name)
        self.log_file = None
        self.init_result = None

    # database ---------------------------------------------------------------------------
    def db_path(self):
        """Path of the SQLite file (sqlite kind only)."""
        return os.path.join(self.tmp, self.name + '.db')

    def db_url(self):
        """The --db argument for this site: the SQLite file, or a fresh PostgreSQL database."""
        if self.kind == 'sqlite':
            return 'sqlite:' + self.db_path()
        if self._pg_url is None:
            self._pg_url = pg_create_db(self.name)
            self._pg_owned = True
        return self._pg_url

    def share_db(self, other):
        """Makes this site use other's database (several nodes on one database)."""
        if self.kind == 'sqlite':
            self.db_path = other.db_path
        else:
            self._pg_url = other.db_url()
            self._pg_owned = False

    def db_query(self, sql):
        """Rows of a read-only SQL query on the site's database, every value as a string (None
        for NULL). Keep the SQL portable between SQLite and PostgreSQL."""
        if self.kind == 'pg':
            return pg_psql(self.db_url(), sql)
        import sqlite3
        con = sqlite3.connect('file:%s?mode=ro' % self.db_path(), uri=True, timeout=5)
        try:
            rows = con.execute(sql).fetchall()
        finally:
            con.close()
        return [[None if v is None else str(v) for v in row] for row in rows]

    def db_connect(self):
        """A connection for tests that read or write the database directly, on either backend:
        sqlite3's (SQLite) or a PgConnection (PostgreSQL). Both take ? placeholders and commit
        when used as `with site.db_connect() as con:`. Keep the SQL portable (true/false for
        flags, no backend-only functions)."""
        if self.kind == 'pg':
            return PgConnection(self.db_url())
        import sqlite3
        return sqlite3.connect(self.db_path(), timeout=10)

    def articles_with_views(self):
        """What to select the articles from with their view count as a column `views`: the
        counts are in article_views (SQLite's migration 32, PostgreSQL's 37)."""
        return ('(SELECT a.*, v.views AS views FROM articles a JOIN article_views v '
                'ON v.article_id = a.id) AS articles')

    def stored_views(self, article_id):
        """Stored view count of one article, read directly from the database (either backend)."""
        rows = self.db_query('SELECT views FROM %s WHERE id = %d'
                             % (self.articles_with_views(), int(article_id)))
        if not rows:
            raise AssertionError('expected article %d in the database, got no row' % article_id)
        return int(rows[0][0])

    def sqlite_views(self, article_id):
        """Stored view count of one article, read directly from the SQLite file (or, on the pg
        kind, from the PostgreSQL database)."""
        if self.kind == 'pg':
            return self.stored_views(article_id)
        import sqlite3
        con = sqlite3.connect('file:%s?mode=ro' % self.db_path(), uri=True, timeout=5)
        try:
            row = con.execute('SELECT views FROM article_views WHERE article_id = ?',
                              (article_id,)).fetchone()
        finally:
            con.close()
        if row is None:
            raise AssertionError('expected article %d in the database, got no row' % article_id)
        return row[0]

    # command line -----------------------------------------------------------------------
    def run(self, *args, input=None, timeout=60):
        """Run `gazette ARGS...`; returns subprocess.CompletedProcess with text stdout/stderr."""
        if isinstance(input, str):
            input = input.encode('utf-8')
        cp = subprocess.run([self.bin] + [str(a) for a in args], input=input,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                            cwd=self.tmp)
        cp.stdout_bytes = cp.stdout
        cp.stdout = cp.stdout.decode('utf-8', 'replace')
        cp.stderr = cp.stderr.decode('utf-8', 'replace')
        return cp

    def prepend_to_body(self, article_id, html):
        """Edits an article from another process (`gazette export`, then `gazette import` of the
        same line with html put before its body), as a second node or a script would."""
        r = self.run('export', '--db', self.db_url(), '-')
        line = [ln for ln in r.stdout.splitlines() if json.loads(ln)['id'] == article_id][0]
        art = json.loads(line)
        art['body_html'] = html + art['body_html']
        return self.run('import', '--db', self.db_url(), '-',
                        input=json.dumps(art, ensure_ascii=False) + '\n')

    def init(self, demo=True):
        args = ['init', '--db', self.db_url()]
        if demo:
            args.append('--demo')
        cp = self.run(*args)
        self.init_result = cp
        if cp.returncode != 0:
            raise AssertionError('expected `gazette %s` to exit 0, got %d; stderr:\n%s'
                                 % (' '.join(args), cp.returncode, cp.stderr))
        return cp

    # server -----------------------------------------------------------------------------
    def start(self, timeout=10.0, extra_args=(), port=None):
        """Start `gazette serve` on a free loopback port and wait until /healthz answers ok.

        extra_args: more `serve` flags (e.g. ['--trusted-proxies', '']).
        port: listen on this port instead (a restart at the same address).
        """
        if self.proc is not None:
            raise AssertionError('server already running')
        self.port = port or free_port()
        self.log_file = open(self.log_path, 'ab')
        self.proc = subprocess.Popen(
            [self.bin, 'serve', '--db', self.db_url(), '--listen', '127.0.0.1:%d' % self.port]
            + [str(a) for a in extra_args],
            stdin=subprocess.DEVNULL, stdout=self.log_file, stderr=self.log_file, cwd=self.tmp)
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                rc = self.proc.returncode
                self.proc = None
                raise AssertionError('expected the server to start, got exit status %d; log:\n%s'
                                     % (rc, self.log()))
            try:
                status, _, body = self.request('GET', '/healthz', timeout=1)
                if status == 200 and body.strip() == b'ok':
                    return
                last = (status, body[:200])
            except OSError as e:
                last = e
            time.sleep(0.05)
        self.kill()
        raise AssertionError('expected GET /healthz to answer 200 "ok" within %.0f s, got %r; log:\n%s'
                             % (timeout, last, self.log()))

    def stop(self, timeout=15.0):
        """SIGTERM, wait; raises AssertionError unless the server exits 0 in time."""
        if self.proc is None:
            return
        proc = self.proc
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError('expected the server to exit within %.0f s of SIGTERM, '
                                 'it did not (killed); log:\n%s' % (timeout, self.log()))
        self.proc = None
        self._close_log()
        if rc != 0:
            raise AssertionError('expected the server to exit 0 after SIGTERM, got %d; log:\n%s'
                                 % (rc, self.log()))

    def kill(self):
        """Last resort: SIGKILL the server if it is still running."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    pass
            self.proc = None
        self._close_log()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def _close_log(self):
        if self.log_file is not None:
            self.log_file.close()
            self.log_file = None

    def log(self):
        try:
            with open(self.log_path, 'rb') as f:
                return f.read().decode('utf-8', 'replace')[-4000:]
        except OSError:
            return ''

    def cleanup(self):
        """Stop (gracefully if possible, else kill) and remove the temporary directory."""
        try:
            if self.alive():
                try:
                    self.stop()
                except AssertionError:
                    pass
        finally:
            self.kill()
            shutil.rmtree(self.tmp, ignore_errors=True)
            if self._pg_url is not None and self._pg_owned:
                pg_drop_db(self._pg_url)
                self._pg_url = None

    # HTTP -------------------------------------------------------------------------------
    def connection(self, timeout=10):
        return http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)

    def request(self, method, path, headers=None, body=None, timeout=10, conn=None):
        """One request, no redirect following; returns (status, headers with lower-case names, body).

        Every answer under /api/ is checked against docs/openapi.json (openapi_check.check): a JSON
        body that does not match its operation's schema for its status fails the calling test.

        With conn, the given (keep-alive) connection is used and left open.
        """
        own = conn is None
        c = self.connection(timeout) if own else conn
        try:
            hdrs = {'User-Agent': 'gazette-http-tests/1.0'}
            if headers:
                hdrs.update(headers)
            c.putrequest(method, path, skip_accept_encoding=True)
            for k, v in hdrs.items():
                c.putheader(k, v)
            if body is not None:
                if isinstance(body, str):
                    body = body.encode('utf-8')
                if not any(k.lower() == 'content-length' for k in hdrs):
                    c.putheader('Content-Length', str(len(body)))
            c.endheaders(body)
            r = c.getresponse()
            data = r.read()
            h = {}
            for k, v in r.getheaders():
                k = k.lower()
                h[k] = h[k] + ', ' + v if k in h else v
            if path.startswith('/api/'):
                openapi_check.check(method, path, r.status, h, data)
            return r.status, h, data
        finally:
            if own:
                c.close()

    def login_form(self, headers=None):
        """GET /admin/login as a browser would: returns the headers a POST of its form sends
        (the gz_login cookie) and the form's CSRF token."""
        status, h, body = self.request('GET', '/admin/login', headers=headers)
        if status != 200:
            raise AssertionError('expected GET /admin/login to answer 200, got %d' % status)
        m = re.search(r'gz_login=([^;,]+)', h.get('set-cookie', ''))
        t = re.search(r'<input type="hidden" name="csrf" value="([^"]*)"', body.decode())
        if not m or not t:
            raise AssertionError('expected a gz_login cookie and a csrf field on the login form, '
                                 'got %r' % h.get('set-cookie'))
        return {'Cookie': 'gz_login=' + m.group(1)}, t.group(1)

    def login_post(self, fields, headers=None):
        """POSTs the login form (fetched first, with its token) with fields; returns the answer."""
        cookie, csrf = self.login_form()
        h = {'Content-Type': 'application/x-www-form-urlencoded'}
        h.update(cookie)
        h.update(headers or {})
        body = urllib.parse.urlencode(list(fields.items()) + [('csrf', csrf)])
        return self.request('POST', '/admin/login', headers=h, body=body)

    def get_text(self, path, **kw):
        status, h, body = self.request('GET', path, **kw)
        return status, h, body.decode('utf-8', 'replace')

    def url_path(self, location):
        """The path (with query) of a Location value, absolute or not."""
        u = urllib.parse.urlsplit(location)
        return u.path + ('?' + u.query if u.query else '')


class SiteTestCase(unittest.TestCase):
    """A test class with one demo site and one server shared by its tests."""

    demo = True
    start_server = True
    site = None

    @classmethod
    def setUpClass(cls):
        cls.site = Gazette(cls.__name__)
        try:
            cls.site.init(demo=cls.demo)
            if cls.start_server:
                cls.site.start()
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        site = cls.site
        if site is None:
            return
        try:
            if site.alive():
                site.stop()
        finally:
            site.cleanup()


# visible text ---------------------------------------------------------------------------

BLOCK = {'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'nav', 'header',
         'footer', 'section', 'article', 'main', 'br', 'table', 'tr', 'aside', 'blockquote',
         'figure', 'figcaption', 'form', 'dl', 'dt', 'dd', 'pre', 'hr', 'address', 'body', 'html'}
SKIP = {'head', 'script', 'style', 'template', 'noscript', 'title'}
VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source',
        'track', 'wbr'}
HIDDEN_CLASSES = {'skip', 'visually-hidden'}
# The site's chrome around the content (masthead banner, menu, search box, article tools and share
# links): visible to readers, left out of visible_lines unless chrome=True, so that pages compare
# with the reference page by their content (the header clock stays in: it is part of the seed).
CHROME_CLASSES = {'chrome'}


class _Visible(html.parser.HTMLParser):
    def __init__(self, skip_tags=(), chrome=False):
        super().__init__(convert_charrefs=True)
        self.skip_tags = set(skip_tags)
        self.hidden_classes = HIDDEN_CLASSES if chrome else HIDDEN_CLASSES | CHROME_CLASSES
        self.lines = []
        self.cur = []
        self.stack = []          # (tag, hidden) of open non-void elements
        self.hidden_depth = 0

    def _break(self):
        self.lines.append(''.join(self.cur))
        self.cur = []

    def handle_starttag(self, tag, attrs):
        classes = set()
        hidden_attr = False
        for k, v in attrs:
            if k == 'class' and v:
                classes.update(v.split())
            if k == 'hidden':
                hidden_attr = True
        hidden = (tag in SKIP or tag in self.skip_tags or bool(classes & self.hidden_classes)
                  or hidden_attr)
        if tag in BLOCK and not self.hidden_depth:
            self._break()
        if tag in VOID:
            return
        self.stack.append((tag, hidden))
        if hidden:
            self.hidden_depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            t, hidden = self.stack.pop()
            if hidden:
                self.hidden_depth -= 1
            if t == tag:
                break
        if tag in BLOCK and not self.hidden_depth:
            self._break()

    def handle_data(self, data):
        if not self.hidden_depth:
            self.cur.append(data)

    def close(self):
        super().close()
        self._break()


def visible_lines(page, skip_tags=(), chrome=False):
    """Visible text lines of an HTML page (str or bytes), whitespace collapsed, empty lines dropped.

    skip_tags: extra elements to leave out (e.g. {'footer'}).
    chrome: keep the site's chrome (elements of class "chrome": banner, menu, search, share).
    """
    if isinstance(page, bytes):
        page = page.decode('utf-8')
    p = _Visible(skip_tags, chrome)
    p.feed(page)
    p.close()
    out = []
    for line in p.lines:
        # collapse runs of ASCII whitespace; keep NBSP as text (browsers do), then strip it
        line = re.sub(r'[ \t\n\r\f]+', ' ', line).strip(' ')
        if line.strip():
            out.append(line)
    return out


def seed_lines():
    """Non-empty, non-whitespace-only lines of the reference seed."""
    with open(SEED, encoding='utf-8') as f:
        return [ln.rstrip('\n') for ln in f if ln.strip()]


class Links(html.parser.HTMLParser):
    """Collects <a href> with their text, attributes and ancestor classes, and <link>/<script> URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors = []       # [href, text, attrs dict, set of ancestor classes]
        self.resources = []     # href/src of link and script
        self._open = []
        self._stack = []        # (tag, classes) of open non-void elements

    def _classes(self):
        out = set()
        for _, c in self._stack:
            out |= c
        return out

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'a':
            self._open.append([a.get('href'), '', a, self._classes()])
            self.anchors.append(self._open[-1])
        elif tag == 'link' and a.get('href'):
            self.resources.append(a['href'])
        elif tag == 'script' and a.get('src'):
            self.resources.append(a['src'])
        if tag not in VOID:
            self._stack.append((tag, set((a.get('class') or '').split())))

    def handle_endtag(self, tag):
        if tag == 'a' and self._open:
            self._open.pop()
        if any(t == tag for t, _ in self._stack):
            while self._stack and self._stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        for a in self._open:
            a[1] += data


ARTICLE_HREF = re.compile(r'^/[a-z0-9]+(?:-[a-z0-9]+)*-(\d+)\.html$')


def article_ids(page, within_class='list'):
    """Ids of the article links of a page, in order, that sit inside an element of class within_class."""
    ids = []
    for href, _, _, classes in parse_links(page).anchors:
        m = ARTICLE_HREF.match(href or '')
        if m and (within_class is None or within_class in classes):
            ids.append(int(m.group(1)))
    return ids


def parse_links(page):
    if isinstance(page, bytes):
        page = page.decode('utf-8')
    p = Links()
    p.feed(page)
    p.close()
    for a in p.anchors:
        a[1] = ' '.join(a[1].split())
    return p
