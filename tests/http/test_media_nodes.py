# Media on every node (issue 19): with PostgreSQL, files uploaded through one node are kept in the
# database in chunks and served byte for byte by another node from its own cache folder; thumbnails
# made on one node are stored for the others; a deletion through one node makes the others answer
# 404; `gazette media verify` passes, then names a file whose chunk was corrupted; the cache folder
# stays within its limit. On SQLite, `gazette media verify` checks the folder against the library.
import hashlib
import json
import os
import re
import struct
import threading
import zlib

import unittest

from harness import Gazette, SiteTestCase, is_pg
from test_media import make_png, multipart

TOKEN_RE = re.compile(r'\b(gz_[A-Za-z0-9_-]{16,})')
CHUNK = 256 * 1024


def noise_png(w, h, seed):
    """A w x h RGB PNG of pseudo-random pixels: it does not compress, so it stays large."""
    rnd = hashlib.sha256(seed.encode()).digest()
    raw = bytearray()
    block = b''
    while len(block) < w * 3 * h:
        rnd = hashlib.sha256(rnd).digest()
        block += rnd
    for y in range(h):
        raw += b'\x00' + block[y * w * 3:(y + 1) * w * 3]

    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data
                + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(bytes(raw), 1)) + chunk(b'IEND', b''))


def token_for(site, name='admin'):
    cp = site.run('user', 'token', '--db', site.db_url(), name)
    m = TOKEN_RE.search(cp.stdout)
    if cp.returncode != 0 or not m:
        raise AssertionError('expected `gazette user token %s` to print a token, got %d: %s %s'
                             % (name, cp.returncode, cp.stdout, cp.stderr))
    return m.group(1)


def upload(site, token, name, data):
    ct, body = multipart([], [('file', name, data, 'application/octet-stream')])
    status, h, out = site.request('POST', '/api/v1/media', body=body,
                                  headers={'Authorization': 'Bearer ' + token,
                                           'Content-Type': ct}, timeout=60)
    if status != 201:
        raise AssertionError('expected 201 uploading %s, got %d: %r' % (name, status, out[:300]))
    return json.loads(out)


def folder_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


class MediaOnEveryNodeTest(unittest.TestCase):
    """Two `gazette serve` processes, A and B, on one PostgreSQL database, each with its own cache
    folder (the default ./media-cache in each node's working folder)."""

    @classmethod
    def setUpClass(cls):
        if not is_pg():
            raise unittest.SkipTest('several nodes need PostgreSQL; runs in the http-pg suite')
        cls.a = Gazette('media_a')
        cls.addClassCleanup(cls.a.cleanup)
        cls.b = Gazette('media_b')
        cls.addClassCleanup(cls.b.cleanup)
        cls.a.init(demo=True)
        cls.b.share_db(cls.a)
        cls.a.start()
        cls.b.start(extra_args=['--media-cache-max-mb', '2'])
        cls.token = token_for(cls.a)
        cls.cache_a = os.path.join(cls.a.tmp, 'media-cache')
        cls.cache_b = os.path.join(cls.b.tmp, 'media-cache')

    def nodes(self):
        for n in (self.a, self.b):
            if not n.alive():
                n.start()
        return self.a, self.b

    def get(self, site, path, expect=200):
        status, h, body = site.request('GET', path, timeout=30)
        self.assertEqual(status, expect, 'expected %d for GET %s on %s, got %d: %r'
                         % (expect, path, site.name, status, body[:200]))
        return h, body

    def test_upload_on_a_is_served_by_b_byte_for_byte(self):
        a, b = self.nodes()
        doc = upload(a, self.token, 'anh-nut-a.png', make_png(64, 48))
        path = doc['url']
        rel = path[len('/media/'):]
        self.assertFalse(os.path.exists(os.path.join(self.cache_b, rel)),
                         'expected B\'s cache not to hold %s before it is asked for' % rel)
        _, on_a = self.get(a, path)
        h, on_b = self.get(b, path)
        self.assertEqual(hashlib.sha256(on_b).hexdigest(), hashlib.sha256(on_a).hexdigest(),
                         'expected B to serve the bytes A stored for %s' % path)
        self.assertEqual(h.get('content-type'), 'image/png')
        self.assertIn('immutable', h.get('cache-control', ''))
        self.assertTrue(os.path.isfile(os.path.join(self.cache_b, rel)),
                        'expected B to keep %s in its cache folder after serving it' % rel)
        # the upload's own thumbnail
        thumb = doc['thumbnails'][0]['url']
        self.assertRegex(thumb, r'-t\.png$')
        _, t_a = self.get(a, thumb)
        _, t_b = self.get(b, thumb)
        self.assertEqual(t_a, t_b, 'expected B to serve the upload\'s thumbnail, byte for byte')
        # a public thumbnail made by A is stored, and B serves those bytes without making it
        tpath = '/media/t/c480/%s.webp' % rel
        _, made = self.get(a, tpath)
        stored = a.db_query("SELECT bytes FROM media_files WHERE path = '.thumbs/c480/%s.webp'"
                            % rel)
        self.assertEqual(stored, [[str(len(made))]],
                         'expected the thumbnail A made to be stored in the database with its '
                         'size %d, got %r' % (len(made), stored))
        _, on_b = self.get(b, tpath)
        self.assertEqual(on_b, made, 'expected B to serve the thumbnail A made, byte for byte')

    def test_a_file_of_several_chunks(self):
        a, b = self.nodes()
        doc = upload(a, self.token, 'anh-lon.png', noise_png(420, 420, 'several-chunks'))
        rel = doc['url'][len('/media/'):]
        rows = a.db_query("SELECT bytes, chunks FROM media_files WHERE path = '%s'" % rel)
        self.assertEqual(len(rows), 1, 'expected one media_files row for %s, got %r' % (rel, rows))
        size, chunks = int(rows[0][0]), int(rows[0][1])
        self.assertGreater(size, CHUNK, 'expected a file larger than one chunk, got %d bytes'
                           % size)
        self.assertEqual(chunks, (size + CHUNK - 1) // CHUNK,
                         'expected %d chunks of 256 KiB for %d bytes, got %d'
                         % ((size + CHUNK - 1) // CHUNK, size, chunks))
        n = a.db_query("SELECT count(*), sum(length(data)) FROM media_blobs WHERE path = '%s'"
                       % rel)
        self.assertEqual(n, [[str(chunks), str(size)]],
                         'expected %d chunk rows holding %d bytes, got %r' % (chunks, size, n))
        _, on_a = self.get(a, doc['url'])
        _, on_b = self.get(b, doc['url'])
        self.assertEqual(len(on_b), size)
        self.assertEqual(on_b, on_a, 'expected B to serve the %d bytes byte for byte' % size)
        # a range of the fetched file
        status, h, part = b.request('GET', doc['url'], headers={'Range': 'bytes=300000-300009'})
        self.assertEqual((status, part), (206, on_a[300000:300010]),
                         'expected 206 with bytes 300000-300009, got %d %r' % (status, part))

    def test_concurrent_first_requests_on_b(self):
        a, b = self.nodes()
        doc = upload(a, self.token, 'anh-dong-thoi.png', noise_png(400, 400, 'concurrent'))
        _, want = self.get(a, doc['url'])
        got, errors = [], []

        def fetch():
            try:
                status, _, body = b.request('GET', doc['url'], timeout=60)
                got.append((status, hashlib.sha256(body).hexdigest()))
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(repr(e))
        threads = [threading.Thread(target=fetch) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        digest = hashlib.sha256(want).hexdigest()
        self.assertEqual(got, [(200, digest)] * 8,
                         'expected 8 concurrent first requests on B to get the %d bytes A '
                         'stored, got %r' % (len(want), got))
        folder = os.path.dirname(os.path.join(self.cache_b, doc['url'][len('/media/'):]))
        left = [f for f in os.listdir(folder) if '.fetch-' in f]
        self.assertEqual(left, [], 'expected no private fetch file left behind, got %r' % left)
        _, again = self.get(b, doc['url'])
        self.assertEqual(again, want)

    def test_delete_on_a_then_b_answers_404(self):
        a, b = self.nodes()
        doc = upload(a, self.token, 'anh-se-xoa.png', make_png(40, 30))
        rel = doc['url'][len('/media/'):]
        tpath = '/media/t/c240/%s.jpg' % rel
        self.get(b, doc['url'])  # B caches the file and a thumbnail
        self.get(b, tpath)
        status, _, out = a.request('DELETE', '/api/v1/media/%d' % doc['id'],
                                   headers={'Authorization': 'Bearer ' + self.token})
        self.assertEqual(status, 200, 'expected 200 deleting media %d, got %d: %r'
                         % (doc['id'], status, out[:200]))
        left = a.db_query("SELECT path FROM media_files WHERE path LIKE '%%%s%%'"
                          % rel.split('/')[-1].split('.')[0])
        self.assertEqual(left, [], 'expected no stored file of the deleted media, got %r' % left)
        self.get(b, doc['url'], expect=404)
        self.get(b, tpath, expect=404)
        self.assertFalse(os.path.exists(os.path.join(self.cache_b, rel)),
                         'expected B to drop its cached copy once the database no longer has it')

    def test_verify_passes_then_names_a_corrupted_file(self):
        a, _ = self.nodes()
        doc = upload(a, self.token, 'anh-kiem-tra.png', noise_png(400, 400, 'verify'))
        rel = doc['url'][len('/media/'):]
        cp = a.run('media', 'verify', '--db', a.db_url())
        self.assertEqual(cp.returncode, 0, 'expected `gazette media verify` to exit 0, got %d: '
                         '%s %s' % (cp.returncode, cp.stdout, cp.stderr))
        self.assertNotIn('BAD', cp.stdout)
        with a.db_connect() as con:
            con.execute("UPDATE media_blobs SET data = overlay(data placing '\\x00ff00'::bytea "
                        "from 100) WHERE path = ? AND seq = 1", (rel,))
        cp = a.run('media', 'verify', '--db', a.db_url())
        self.assertEqual(cp.returncode, 1, 'expected `gazette media verify` to exit 1 after a '
                         'chunk was changed, got %d: %s %s' % (cp.returncode, cp.stdout, cp.stderr))
        bad = [l for l in cp.stdout.splitlines() if l.startswith('BAD ')]
        self.assertEqual(len(bad), 1, 'expected one BAD line, got %r' % cp.stdout)
        self.assertIn(rel, bad[0], 'expected the BAD line to name %s, got %r' % (rel, bad[0]))
        self.assertIn('SHA-256', bad[0])
        # a node that has not got the file refuses the corrupted copy rather than serve it
        status, _, _ = self.b.request('GET', doc['url'])
        self.assertNotEqual(status, 200, 'expected B not to serve a file whose checksum fails')
        with a.db_connect() as con:  # leave the database verifiable for the other tests
            con.execute("DELETE FROM media_files WHERE path = ?", (rel,))
            con.execute("DELETE FROM media WHERE id = ?", (doc['id'],))

    def test_cache_stays_within_its_limit(self):
        a, b = self.nodes()
        urls = [upload(a, self.token, 'anh-%d.png' % i, noise_png(420, 420, 'cache-%d' % i))['url']
                for i in range(4)]
        for u in urls:
            self.get(b, u)
        size = folder_bytes(self.cache_b)
        self.assertLessEqual(size, 2 * 1024 * 1024 + 1024 * 1024,
                             'expected B\'s cache (limit 2 MB) to stay near its limit after '
                             'fetching 4 files of about 500 KB... got %d bytes' % size)
        for u in urls:  # an evicted file comes back from the database
            _, on_b = self.get(b, u)
            _, on_a = self.get(a, u)
            self.assertEqual(on_b, on_a)

    def api(self, site, method, path, body=None, raw=None, ctype=None):
        h = {'Authorization': 'Bearer ' + self.token}
        if body is not None:
            raw, ctype = json.dumps(body, ensure_ascii=False).encode(), 'application/json'
        if ctype:
            h['Content-Type'] = ctype
        status, _, out = site.request(method, '/api/v1/' + path, headers=h, body=raw, timeout=30)
        return status, json.loads(out) if out else None

    def test_document_file_through_a_served_by_b(self):
        from test_documents import pdf_with_text
        a, b = self.nodes()
        status, doc = self.api(a, 'POST', 'documents', {
            'kind': 'Quyết định', 'number': '77/2026/QĐ-UBND', 'issuer': 'UBND tỉnh',
            'summary': 'Về việc lưu tệp trong cơ sở dữ liệu', 'issued_on': '2026-11-01'})
        self.assertEqual(status, 201, 'expected 201 creating a document, got %d: %r'
                         % (status, doc))
        status, out = self.api(a, 'POST', 'documents/%d/publish' % doc['id'])
        self.assertEqual(status, 200, 'expected 200 publishing, got %d: %r' % (status, out))
        pdf = pdf_with_text('Stored in the database', pad=300000)
        ct, body = multipart([], [('file', 'qd-77.pdf', pdf, 'application/pdf')])
        status, out = self.api(a, 'POST', 'documents/%d/files' % doc['id'], raw=body, ctype=ct)
        self.assertEqual(status, 201, 'expected 201 attaching a PDF, got %d: %r' % (status, out))
        status, got = self.api(a, 'GET', 'documents/%d' % doc['id'])
        url = got['files'][0]['url']
        _, on_b = self.get(b, url)
        self.assertEqual(on_b, pdf, 'expected B to serve the PDF attached through A, byte for '
                         'byte (%d bytes), got %d bytes' % (len(pdf), len(on_b)))
        # a document's file is not a media row: /media/ does not serve it, nor drop B's copy
        rel = a.db_query('SELECT file FROM document_files WHERE document_id = %d'
                         % doc['id'])[0][0]
        self.get(b, '/media/' + rel, expect=404)
        self.assertTrue(os.path.isfile(os.path.join(self.cache_b, rel)),
                        'expected B to keep its copy of %s after a /media/ request for it' % rel)

    def test_import_files_pushes_an_existing_folder(self):
        a, _ = self.nodes()
        folder = os.path.join(a.tmp, 'old-media')
        os.makedirs(os.path.join(folder, '2020', '01'))
        rel = '2020/01/0123456789abcdef0123456789abcdef.png'
        data = make_png(20, 10)
        with open(os.path.join(folder, rel), 'wb') as f:
            f.write(data)
        cp = a.run('media', 'import-files', '--db', a.db_url(), '--media', folder)
        self.assertEqual(cp.returncode, 0, 'expected import-files to exit 0, got %d: %s'
                         % (cp.returncode, cp.stderr))
        rows = a.db_query("SELECT bytes, sha256 FROM media_files WHERE path = '%s'" % rel)
        self.assertEqual(rows, [[str(len(data)), hashlib.sha256(data).hexdigest()]],
                         'expected the file stored with its size and SHA-256, got %r' % rows)
        cp = a.run('media', 'import-files', '--db', a.db_url(), '--media', folder)
        self.assertIn('0 files stored', cp.stderr, 'expected a second run to store nothing')


class MediaVerifySQLiteTest(SiteTestCase):
    """SQLite keeps no checksums: verify checks the folder against the media library."""
    start_server = False

    @classmethod
    def setUpClass(cls):
        if is_pg():
            raise unittest.SkipTest('the SQLite side of media verify')
        super().setUpClass()
        cls.media_dir = os.path.join(cls.site.tmp, 'media')
        if not os.path.isdir(cls.media_dir):
            os.mkdir(cls.media_dir)
        cls.site.start(extra_args=['--media', cls.media_dir])

    def test_verify_on_sqlite(self):
        site = self.site
        doc = upload(site, token_for(site), 'anh.png', make_png(30, 20))
        rel = doc['url'][len('/media/'):]
        cp = site.run('media', 'verify', '--db', site.db_url(), '--media', self.media_dir)
        self.assertEqual(cp.returncode, 0, 'expected verify to exit 0, got %d: %s %s'
                         % (cp.returncode, cp.stdout, cp.stderr))
        with open(os.path.join(self.media_dir, rel), 'r+b') as f:
            f.truncate(10)
        cp = site.run('media', 'verify', '--db', site.db_url(), '--media', self.media_dir)
        self.assertEqual(cp.returncode, 1, 'expected verify to exit 1 for a truncated file, got '
                         '%d: %s %s' % (cp.returncode, cp.stdout, cp.stderr))
        self.assertIn('BAD ' + rel, cp.stdout)


if __name__ == '__main__':
    unittest.main()
