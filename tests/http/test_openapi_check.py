# The checker every /api/ answer of the HTTP tests goes through (openapi_check.py): it must accept
# answers shaped as docs/openapi.json says and refuse, naming path, status and reason, the others.
# No server: answers are made up here.
import json
import os
import unittest

import openapi_check
from openapi_check import OpenApiMismatch

JSON = {'content-type': 'application/json; charset=utf-8'}
SUMMARY = {'id': 11, 'title': 'T', 'url': '/t-11.html', 'lead': '', 'author': 'A',
           'category': ['Cha', 'Con'], 'published_at': '2021-03-02T16:13:06+07:00', 'views': 282,
           'image': None}


def body(doc):
    return json.dumps(doc).encode('utf-8')


class OpenApiCheckTest(unittest.TestCase):
    def setUp(self):
        # the checker raises here whatever mode the run asked for
        saved = os.environ.pop('GAZETTE_OPENAPI_CHECK', None)
        if saved is not None:
            self.addCleanup(os.environ.__setitem__, 'GAZETTE_OPENAPI_CHECK', saved)

    def mismatch(self, method, path, status, doc, headers=JSON):
        raw = doc if isinstance(doc, bytes) else body(doc)
        with self.assertRaises(OpenApiMismatch, msg='expected a mismatch for %s %s %d %r'
                               % (method, path, status, raw[:100])) as cm:
            openapi_check.check(method, path, status, headers, raw)
        msg = str(cm.exception)
        self.assertIn(path.split('?')[0], msg, 'expected the path in %r' % msg)
        self.assertIn(str(status), msg, 'expected the status in %r' % msg)
        return msg

    def test_valid_answers_pass(self):
        openapi_check.check('GET', '/api/v1/articles?page=1', 200, JSON,
                            body({'total': 1, 'page': 1, 'per_page': 20, 'articles': [SUMMARY]}))
        openapi_check.check('GET', '/api/v1/me', 200, JSON,
                            body({'id': 4, 'name': 'pv', 'display_name': 'P V',
                                  'role': 'contributor', 'categories': []}))
        openapi_check.check('PATCH', '/api/v1/articles/5', 409, JSON,
                            body({'error': 'Bài viết vừa được sửa.', 'code': 'conflict',
                                  'current_revision': 5}))
        openapi_check.check('POST', '/api/v1/nothing-here', 404, JSON,
                            body({'error': 'not found', 'code': 'not_found'}))
        openapi_check.check('HEAD', '/api/v1/articles', 200, JSON, b'')
        openapi_check.check('GET', '/api/v1/articles', 304, {}, b'')
        openapi_check.check('GET', '/tin-tuc/', 200, {'content-type': 'text/html'}, b'<p>x</p>')

    def test_missing_and_extra_fields(self):
        short = dict(SUMMARY)
        del short['views']
        msg = self.mismatch('GET', '/api/v1/articles', 200,
                            {'total': 1, 'page': 1, 'per_page': 20, 'articles': [short]})
        self.assertIn("'views' is a required property", msg)
        extra = dict(SUMMARY, secret='x')
        msg = self.mismatch('GET', '/api/v1/articles', 200,
                            {'total': 1, 'page': 1, 'per_page': 20, 'articles': [extra]})
        self.assertIn('secret', msg)
        msg = self.mismatch('GET', '/api/v1/articles', 200,
                            {'total': '1', 'page': 1, 'per_page': 20, 'articles': []})
        self.assertIn("'1' is not of type 'integer'", msg)

    def test_error_needs_code(self):
        msg = self.mismatch('GET', '/api/v1/articles/999', 404, {'error': 'not found'})
        self.assertIn("'code' is a required property", msg)
        self.assertIn('#/paths/~1api~1v1~1articles~1{id}/get/responses/404', msg)
        # on a path the description does not know, every error is still the Error object
        self.mismatch('GET', '/api/v2/x', 404, {'error': 'not found'})
        self.mismatch('DELETE', '/api/v1/categories', 405, {'message': 'no'})

    def test_undocumented_status_and_type(self):
        msg = self.mismatch('GET', '/api/v1/me', 418, {'error': 'x', 'code': 'teapot'})
        self.assertIn('lists only', msg)
        msg = self.mismatch('POST', '/api/v1/articles', 413,
                            b'<!DOCTYPE html><p>too large</p>',
                            {'content-type': 'text/html; charset=utf-8'})
        self.assertIn('application/json', msg)
        self.mismatch('GET', '/api/v1/categories', 200, b'{"categories": [',)
        self.mismatch('GET', '/api/v1/unknown', 200, {'x': 1})

    def test_time_format(self):
        bad = dict(SUMMARY, published_at='02/03/2021')
        msg = self.mismatch('GET', '/api/v1/articles', 200,
                            {'total': 1, 'page': 1, 'per_page': 20, 'articles': [bad]})
        self.assertIn('published_at', msg)
