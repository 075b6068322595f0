# Cookie parsing on the way in (the session cookie gz_session, read through http_cookie): where the
# cookie sits in the header, its neighbours and near-miss names; odd headers never give a 500.
from test_newsroom import NewsroomCase, login_as


class CookieTest(NewsroomCase):
    accounts = (('ck', 'editor'),)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = login_as(cls.site, 'ck').cookie

    def admin_status(self, cookie):
        status, h, body = self.site.request('GET', '/admin', headers={'Cookie': cookie})
        self.assertLess(status, 500, 'expected no server error for Cookie %r, got %d: %r'
                        % (cookie[:80], status, body[:200]))
        return status, h.get('location', '')

    def assertSignedIn(self, cookie):
        status, loc = self.admin_status(cookie)
        self.assertEqual(status, 200, 'expected the session to be found in Cookie %r (200), got '
                         '%d to %r' % (cookie[:80], status, loc))

    def assertSignedOut(self, cookie):
        status, loc = self.admin_status(cookie)
        self.assertIn(status, (302, 303), 'expected no session in Cookie %r (a redirect to the '
                      'login), got %d' % (cookie[:80], status))
        self.assertIn('/admin/login', loc, 'expected a redirect to /admin/login for Cookie %r, '
                      'got %r' % (cookie[:80], loc))

    def test_found_among_others(self):
        s = self.session
        for cookie in ('gz_session=' + s,
                       'a=1; gz_session=' + s,
                       'gz_session=' + s + '; b=2',
                       'a=1; gz_session=%s; b="x y"' % s,
                       'a=1;gz_session=' + s,
                       'theme=dark; lang=vi; gz_session=%s; _ga=GA1.2.3' % s):
            with self.subTest(cookie=cookie):
                self.assertSignedIn(cookie)

    def test_near_misses(self):
        # (libmicrohttpd matches cookie names without regard to case, so GZ_SESSION= is found too:
        # harmless, the value must still be a live session token)
        s = self.session
        for cookie in ('gz_sessionx=' + s,
                       'xgz_session=' + s,
                       'gz_session=' + s[:-1],
                       'gz_session=' + s + 'x',
                       'gz_session=',
                       'gz_session',
                       'other=gz_session=' + s,
                       ''):
            with self.subTest(cookie=cookie):
                self.assertSignedOut(cookie)

    def test_garbage_never_500(self):
        for cookie in ('=;;; ;=', ';', '=' * 200, 'a' * 6000, 'gz_session=' + 'x' * 4000,
                       'gz_session=%00', 'gz_session=\u00e9'.encode('utf-8').decode('latin-1'),
                       'a="unterminated; gz_session=1'):
            with self.subTest(cookie=cookie[:40]):
                status, loc = self.admin_status(cookie)
                self.assertNotEqual(status, 200, 'expected no session from Cookie %r, got 200'
                                    % cookie[:80])
