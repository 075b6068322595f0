# Hot cached pages (src/http/prepared.c): after a few requests a large cached page goes out from an
# unlinked file with sendfile, its headers sent with MSG_MORE through the interposed send(). These
# tests hold one keep-alive connection through GET, HEAD, gzip and conditional requests, so that a
# header held back with nothing after it (a HEAD, a 304) would hang the connection and time out.
import gzip
import os
import re
import time
import unittest

from harness import REF_PATH, SiteTestCase


def without_clock(body):
    """The page minus what a render a second later changes: the header clock and the view count."""
    body = re.sub(rb'<p class="clock"[^>]*>[^<]*</p>', b'', body)
    return re.sub('Lượt xem: \\d+'.encode(), b'', body)


class HotPageTest(SiteTestCase):
    def page_files(self):
        """The unlinked files the server holds open (O_TMPFILE or memfd)."""
        fd_dir = '/proc/%d/fd' % self.site.proc.pid
        found = []
        for fd in os.listdir(fd_dir):
            try:
                target = os.readlink(os.path.join(fd_dir, fd))
            except OSError:
                continue
            if re.search(r'/#\d+ \(deleted\)$', target) or target.startswith('/memfd:gazette-page'):
                found.append(target)
        return found

    def get(self, conn, method='GET', headers=None):
        status, h, body = self.site.request(method, REF_PATH, headers=headers, conn=conn,
                                            timeout=5)
        return status, h, body

    def test_one_connection_through_every_kind_of_request(self):
        conn = self.site.connection(timeout=5)
        try:
            status, h, first = self.get(conn)
            self.assertEqual(status, 200)
            self.assertGreater(len(first), 8192, 'expected the reference page over 8 KB (the '
                               'size from which hot pages are sent from a file), got %d bytes'
                               % len(first))
            etag = h.get('etag')
            for i in range(60):
                if i % 5 == 4:
                    status, h, body = self.get(conn, 'HEAD')
                    self.assertEqual((status, body), (200, b''),
                                     'expected HEAD 200 without a body (request %d)' % i)
                    self.assertEqual(h.get('content-length'), str(len(first)),
                                     'expected HEAD to give the GET\'s length (request %d)' % i)
                elif i % 7 == 6:
                    status, h, body = self.get(conn, headers={'Accept-Encoding': 'gzip'})
                    self.assertEqual(status, 200)
                    self.assertEqual(h.get('content-encoding'), 'gzip')
                    self.assertEqual(without_clock(gzip.decompress(body)), without_clock(first),
                                     'expected the gzip variant to be the page (request %d)' % i)
                elif i % 11 == 10:
                    status, h, body = self.get(conn, headers={'If-None-Match': etag})
                    self.assertEqual((status, body), (304, b''),
                                     'expected 304 for the page\'s ETag (request %d)' % i)
                else:
                    status, h, body = self.get(conn)
                    self.assertEqual(status, 200)
                    self.assertEqual(int(h.get('content-length', -1)), len(body),
                                     'expected Content-Length to be the body\'s length')
                    self.assertEqual(without_clock(body), without_clock(first),
                                     'expected the same page on request %d, got %d bytes '
                                     'instead of %d' % (i, len(body), len(first)))
                self.assertEqual(len(h.get('date', '').split(', ')), 2,
                                 'expected exactly one Date header, got %r' % h.get('date'))
                self.assertRegex(h.get('date', ''),
                                 r'^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$')
        finally:
            conn.close()

    def test_hot_page_goes_out_from_a_file(self):
        conn = self.site.connection(timeout=5)
        try:
            # One render (a second's worth of requests at most), then the same bytes again.
            for _ in range(20):
                status, _, body = self.get(conn)
                self.assertEqual(status, 200)
            files = self.page_files()
            self.assertTrue(files, 'expected the server to hold the hot page in an unlinked file '
                            'after 20 requests, found none in /proc/PID/fd')
            status, h, body = self.get(conn)
            self.assertEqual(status, 200)
            self.assertTrue(body.rstrip().endswith(b'</html>'),
                            'expected the whole page from the file, got %r' % body[-80:])
        finally:
            conn.close()

    def test_change_shows_on_a_hot_page(self):
        conn = self.site.connection(timeout=5)
        try:
            for _ in range(20):
                self.get(conn)
            r = self.site.prepend_to_body(11, '<p>Sửa khi trang đang nóng.</p>')
            self.assertEqual(r.returncode, 0, r.stderr)
            deadline = time.time() + 2.0
            while True:
                status, _, body = self.get(conn)
                if 'Sửa khi trang đang nóng.' in body.decode():
                    break
                self.assertLess(time.time(), deadline,
                                'expected the edit to show on the hot page within 2 s')
                time.sleep(0.05)
        finally:
            conn.close()


if __name__ == '__main__':
    unittest.main()
