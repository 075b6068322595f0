"""Checks the JSON answers of the API against docs/openapi.json (the contract of the API).

check(method, path, status, headers, body) raises OpenApiMismatch naming the request, the status,
the schema location and the validator's message when a JSON answer under /api/ does not match the
response schema the description gives for that operation and status; or when an answer's status is
not described; or when a described JSON answer comes with another content type. Every 4xx and 5xx
answer under /api/, on any path, must be the Error object {"error", "code"}.

Validation uses python3-jsonschema (Debian package, JSON Schema 2020-12). When
GAZETTE_OPENAPI_REPORT names a file, each mismatch is also appended to it, one per line; with
GAZETTE_OPENAPI_CHECK=report as well, mismatches are only written there, not raised (to list every
mismatch of a whole run at once; never in `make test`).
"""
import json
import os
import re
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC_PATH = os.path.join(os.path.dirname(os.path.dirname(HERE)), 'docs', 'openapi.json')

try:
    import jsonschema
except ImportError:  # make deps installs it (deps/debian-packages.txt)
    jsonschema = None


class OpenApiMismatch(AssertionError):
    pass


_spec = None
_routes = None
_validators = {}


def spec():
    global _spec
    if _spec is None:
        with open(SPEC_PATH, encoding='utf-8') as f:
            _spec = json.load(f)
    return _spec


def _compile(template):
    """A regex for one path template: {name} matches one non-empty segment."""
    parts = re.split(r'(\{[^}/]+\})', template)
    rx = ''.join('[^/]+' if p.startswith('{') else re.escape(p) for p in parts)
    literal = sum(len(p) for p in parts if not p.startswith('{'))
    return re.compile('^' + rx + '$'), literal


def routes():
    """[(template, regex)] of the description, the most literal templates first."""
    global _routes
    if _routes is None:
        rows = []
        for t in spec()['paths']:
            rx, literal = _compile(t)
            rows.append((-literal, t, rx))
        _routes = [(t, rx) for _, t, rx in sorted(rows)]
    return _routes


def find_path(path):
    """The path template of the description that path matches, or None."""
    for t, rx in routes():
        if rx.match(path):
            return t
    return None


def _validator(pointer, schema):
    v = _validators.get(pointer)
    if v is None:
        if jsonschema is None:
            raise OpenApiMismatch('expected python3-jsonschema to check API answers against '
                                  'docs/openapi.json (make deps installs it), found none')
        root = {'$schema': 'https://json-schema.org/draft/2020-12/schema',
                'components': spec()['components'], 'allOf': [schema]}
        v = jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker())
        _validators[pointer] = v
    return v


def _deref(obj):
    """Follows a local $ref of the description (a response object may be one)."""
    seen = 0
    while isinstance(obj, dict) and '$ref' in obj and seen < 10:
        node = spec()
        for part in obj['$ref'].lstrip('#/').split('/'):
            node = node[part.replace('~1', '/').replace('~0', '~')]
        obj = node
        seen += 1
    return obj


def _esc(s):
    return s.replace('~', '~0').replace('/', '~1')


def _fail(msg):
    report = os.environ.get('GAZETTE_OPENAPI_REPORT')
    if report:
        with open(report, 'a', encoding='utf-8') as f:
            f.write(msg.replace('\n', ' | ') + '\n')
        if os.environ.get('GAZETTE_OPENAPI_CHECK') == 'report':
            raise _Reported()
    raise OpenApiMismatch(msg)


class _Reported(Exception):
    pass


def expected(method, path, status):
    """(pointer, schema or None, content type or None, every content type listed) that the
    description gives for an answer; raises OpenApiMismatch when it describes no such answer."""
    method = 'get' if method.upper() == 'HEAD' else method.lower()
    template = find_path(path)
    code = str(status)
    error = ('#/components/schemas/Error', {'$ref': '#/components/schemas/Error'},
             'application/json', {'application/json'})
    if template is None:
        if status >= 400:
            return error
        raise OpenApiMismatch('%s %s answered %d, but docs/openapi.json describes no such path'
                              % (method.upper(), path, status))
    item = spec()['paths'][template]
    op = item.get(method)
    if op is None:
        if status in (404, 405) or status >= 500:
            return error
        raise OpenApiMismatch('%s %s answered %d, but docs/openapi.json describes no %s on %s'
                              % (method.upper(), path, status, method.upper(), template))
    responses = op.get('responses', {})
    resp = responses.get(code) or responses.get(code[0] + 'XX') or responses.get('default')
    pointer = '#/paths/%s/%s/responses/%s' % (_esc(template), method, code)
    if resp is None:
        raise OpenApiMismatch('%s %s answered %d, but %s in docs/openapi.json lists only %s'
                              % (method.upper(), path, status, '#/paths/%s/%s/responses'
                                 % (_esc(template), method), ', '.join(sorted(responses))))
    resp = _deref(resp)
    content = resp.get('content') or {}
    media = content.get('application/json')
    if media is None:
        return pointer, None, None, set(content)
    return pointer, media.get('schema', {}), 'application/json', set(content)


def check(method, path, status, headers, body):
    """Checks one answer of the server (headers with lower-case names, body bytes)."""
    try:
        _check(method, path, status, headers, body)
    except _Reported:
        pass


def _check(method, path, status, headers, body):
    path = urllib.parse.urlsplit(path).path
    if not path.startswith('/api/'):
        return
    ctype = headers.get('content-type', '').split(';')[0].strip().lower()
    is_json = ctype == 'application/json' or ctype.endswith('+json')
    if not body or method.upper() == 'HEAD' or status == 304:
        return
    try:
        pointer, schema, want_type, types = expected(method, path, status)
    except OpenApiMismatch as e:
        if not is_json and status < 400:
            return  # a non-JSON answer the description does not cover (not an API answer)
        _fail('openapi: ' + str(e))
    if want_type and not is_json and ctype not in types:
        _fail('openapi: %s %s answered %d with Content-Type %r, but %s describes %s: %r'
              % (method.upper(), path, status, headers.get('content-type'), pointer, want_type,
                 body[:160]))
    if not is_json:
        return
    if schema is None:
        _fail('openapi: %s %s answered %d with a JSON body, but %s describes none'
              % (method.upper(), path, status, pointer))
    try:
        doc = json.loads(body)
    except ValueError as e:
        _fail('openapi: %s %s answered %d with Content-Type %s but invalid JSON (%s): %r'
              % (method.upper(), path, status, ctype, e, body[:160]))
    errors = sorted(_validator(pointer, schema).iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        msgs = []
        for e in errors[:3]:
            where = '/'.join(str(p) for p in e.absolute_path) or '(root)'
            msgs.append('at %s: %s' % (where, e.message[:300]))
        _fail('openapi: %s %s answered %d with a body that does not match %s: %s; body %s'
              % (method.upper(), path, status, pointer, '; '.join(msgs),
                 json.dumps(doc, ensure_ascii=False)[:300]))
