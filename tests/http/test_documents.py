# Legal documents over HTTP on either backend: API writes with roles, the public list and page,
# search by number parts and attachment text, filters, validity, relations both ways, files by
# content with downloads counted, and comments on drafts with their spam controls.
import io
import json
import os
import re
import urllib.parse
import time
import zipfile
import zlib
from datetime import date, timedelta

from harness import Gazette, SiteTestCase
import doc97
import test_api_write
import test_media
import test_newsroom

TODAY = date.today()


def day(offset):
    return (TODAY + timedelta(days=offset)).isoformat()


def pdf_with_text(text, pad=0):
    """A one-page PDF whose page shows ASCII text in Helvetica; with pad, an unused stream object
    of that many bytes makes it large."""
    stream = ('BT /F1 12 Tf 50 700 Td (%s) Tj ET' % text).encode()
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>',
            b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R '
            b'/Resources << /Font << /F1 5 0 R >> >> >>',
            b'<< /Length %d >>\nstream\n' % len(stream) + stream + b'\nendstream',
            b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']
    if pad:
        filler = bytes((i * 13 + 7) % 256 for i in range(pad))
        objs.append(b'<< /Length %d >>\nstream\n' % pad + filler + b'\nendstream')
    out, offs = b'%PDF-1.4\n', []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b'%d 0 obj\n' % (i + 1) + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    out += b''.join(b'%010d 00000 n \n' % o for o in offs)
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
    return out


def encrypted_pdf():
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
            b'<< /Filter /Standard /V 1 /R 2 /P -4 /O <' + b'01' * 32 + b'> /U <' + b'fe' * 32
            + b'> >>']
    out, offs = b'%PDF-1.4\n', []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b'%d 0 obj\n' % (i + 1) + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 5\n0000000000 65535 f \n' + b''.join(b'%010d 00000 n \n' % o for o in offs)
    out += (b'trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff>'
            b' <00112233445566778899aabbccddeeff>] >>\nstartxref\n%d\n%%%%EOF\n' % xref)
    return out


def docx_with_text(text):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr('word/document.xml',
                   '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
                   'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>%s'
                   '</w:t></w:r></w:p></w:body></w:document>' % text)
    return buf.getvalue()


def docx_named(part, text):
    """A DOCX whose body is the part [Content_Types].xml names, as Word Online writes
    word/document2.xml."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Override PartName="/%s" '
                   'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                   'document.main+xml"/></Types>' % part)
        z.writestr(part, '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                   '2006/main"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>'
                   % text)
    return buf.getvalue()


def slow_pdf(times=40):
    """A one-page PDF, 40 KB, whose page draws 10 million "q Q" operators (a 40 MB Flate
    stream) `times` times over: poppler reads it for about a minute inside that one page."""
    z, piece = zlib.compressobj(9), b'q Q\n' * 65536
    stream = z.compress(b'BT /F1 12 Tf 20 100 Td (Trang nang) Tj ET\n')
    stream += b''.join(z.compress(piece) for _ in range(160)) + z.flush()
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 5 0 R'
            b' >> >> /Contents [' + b' 4 0 R' * times + b'] >>',
            b'<< /Length %d /Filter /FlateDecode >>\nstream\n' % len(stream) + stream
            + b'\nendstream',
            b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']
    out, offs = b'%PDF-1.4\n', []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b'%d 0 obj\n' % (i + 1) + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 6\n0000000000 65535 f \n' + b''.join(b'%010d 00000 n \n' % o for o in offs)
    out += b'trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % xref
    return out


def docx_with_notes(body, footnote, header):
    """A DOCX as Word writes one with a footnote and a header: the parts named by the body's
    relationships, the separator footnote first."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr('word/document.xml', '<w:document %s><w:body><w:p><w:r><w:t>%s</w:t></w:r>'
                   '</w:p></w:body></w:document>' % (w, body))
        z.writestr('word/_rels/document.xml.rels', '<Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                   'Type="%sfootnotes" Target="footnotes.xml"/><Relationship Id="rId2" '
                   'Type="%sheader" Target="header1.xml"/></Relationships>' % (rel, rel))
        z.writestr('word/footnotes.xml', '<w:footnotes %s><w:footnote w:type="separator" '
                   'w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote '
                   'w:id="1"><w:p><w:r><w:t>%s</w:t></w:r><w:del><w:r><w:delText>Quaxoa'
                   '</w:delText></w:r></w:del></w:p></w:footnote></w:footnotes>' % (w, footnote))
        z.writestr('word/header1.xml', '<w:hdr %s><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:hdr>'
                   % (w, header))
    return buf.getvalue()


def odt_with_password():
    """An ODT saved with a password: a plain ZIP whose manifest says content.xml is encrypted."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        z.writestr('mimetype', 'application/vnd.oasis.opendocument.text')
        z.writestr('content.xml', bytes((i * 37 + 11) % 256 for i in range(2048)))
        z.writestr('META-INF/manifest.xml', '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                   'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path='
                   '"content.xml" manifest:media-type="text/xml"><manifest:encryption-data '
                   'manifest:checksum-type="SHA1/1K" manifest:checksum="AA=="/>'
                   '</manifest:file-entry></manifest:manifest>')
    return buf.getvalue()


W = test_api_write.ApiWriteTest


class DocumentsTest(SiteTestCase):
    """An editor and a contributor with tokens, and a server with a media folder."""

    start_server = False
    tokens = {}
    db = classmethod(W.db.__func__)
    add_user = classmethod(W.add_user.__func__)
    make_token = classmethod(W.make_token.__func__)
    call = W.call
    expect = W.expect

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.tokens = {}
            # 'editor' is given the "documents" right; 'plain' is an editor without it
            for name, role, right in (('contributor', 'contributor', False),
                                      ('editor', 'editor', True), ('plain', 'editor', False),
                                      ('chief', 'admin', False)):
                cls.add_user_right(test_api_write.PREFIX + name, role, right)
                cls.tokens[name] = cls.make_token(test_api_write.PREFIX + name)
            cls.media_dir = os.path.join(cls.site.tmp, 'uploads')
            os.mkdir(cls.media_dir)
            # bodies held in memory are capped far below the attachments: only streaming passes
            cls.site.start(extra_args=['--media', cls.media_dir, '--max-body', str(8 << 20),
                                       '--max-body-memory', str(256 * 1024)])
        except BaseException:
            cls.site.cleanup()
            raise

    @classmethod
    def add_user_right(cls, name, role, right):
        pw = os.path.join(cls.site.tmp, 'pw-' + name)
        with open(pw, 'w') as f:
            f.write('correct horse battery staple %s\n' % name)
        args = ['user', 'add', '--db', cls.site.db_url(), '--role', role, '--password-file', pw]
        cp = cls.site.run(*(args + (['--right', 'documents'] if right else []) + [name]))
        if cp.returncode != 0:
            raise AssertionError('expected `gazette user add %s` to exit 0, got %d: %s'
                                 % (name, cp.returncode, cp.stderr))

    def new(self, who='editor', publish=True, **fields):
        body = {'kind': 'Quyết định', 'number': '%d/2024/QĐ-UBND' % (int(time.time() * 1e6) % 99991),
                'issuer': 'UBND tỉnh Hưng Yên', 'summary': 'Về việc thử nghiệm',
                'issued_on': day(-30)}
        body.update(fields)
        doc, _ = self.expect(201, 'POST', 'documents', who, body)
        self.assertEqual(doc['status'], 'draft')
        if publish:
            doc, _ = self.expect(200, 'POST', 'documents/%d/publish' % doc['id'], who)
            self.assertEqual(doc['status'], 'published')
        return doc

    def found(self, query):
        status, _, out = self.site.request('GET', '/api/v1/documents?' + query)
        self.assertEqual(status, 200, 'expected 200 for ?%s, got %d: %r' % (query, status, out))
        return [d['id'] for d in json.loads(out)['documents']]

    def count_rows(self, table):
        rows = self.site.db_query('SELECT count(*) FROM %s' % table)
        return int(rows[0][0])

    def test_roles(self):
        body = {'kind': 'Luật', 'number': '1/2024', 'issuer': 'Quốc hội', 'summary': 'x',
                'issued_on': '2024-01-01'}
        self.expect(401, 'POST', 'documents', None, body)
        self.expect(403, 'POST', 'documents', 'contributor', body)
        doc = self.new('editor', publish=False)
        self.expect(403, 'POST', 'documents/%d/publish' % doc['id'], 'contributor')

    def test_draft_hidden_then_published_page(self):
        doc = self.new(publish=False, number='77/2024/QĐ-UBND', field='Đất đai',
                       signer='Nguyễn Văn A', signer_position='Chủ tịch',
                       effective_on=day(-20), body_html='<p>Điều 1.</p><script>x()</script>')
        status, _, _ = self.site.request('GET', '/api/v1/documents/%d' % doc['id'])
        self.assertEqual(status, 404, 'a draft must not be public, got %d' % status)
        status, _, _ = self.site.request('GET', doc['url'])
        self.assertEqual(status, 404, 'a draft page must not be public, got %d' % status)
        self.expect(200, 'POST', 'documents/%d/publish' % doc['id'], 'editor')
        status, _, page = self.site.get_text(doc['url'])
        self.assertEqual(status, 200, 'expected the page of %s, got %d' % (doc['url'], status))
        for want in ('77/2024/QĐ-UBND', 'UBND tỉnh Hưng Yên', 'Đất đai', 'Nguyễn Văn A (Chủ tịch)',
                     'Còn hiệu lực', 'Điều 1.'):
            self.assertIn(want, page, 'expected %r on the document page' % want)
        self.assertNotIn('<script>x()', page)
        status, h, _ = self.site.request('GET', '/van-ban/sai-slug-%d.html' % doc['id'])
        self.assertEqual((status, self.site.url_path(h.get('location', ''))), (301, doc['url']))
        status, _, page = self.site.get_text('/van-ban/')
        self.assertEqual(status, 200)
        self.assertIn('77/2024/QĐ-UBND', page)

    def test_bad_input_writes_nothing(self):
        before = self.count_rows('documents')
        base = {'kind': 'Luật', 'number': '2/2024', 'issuer': 'Quốc hội', 'summary': 'x',
                'issued_on': '2024-01-10'}
        cases = [({'issued_on': '2023-02-29'}, 'issued_on'),
                 ({'expires_on': '2024-01-01'}, 'hết hiệu lực'),
                 ({'number': '2;2024'}, 'number'),
                 ({'relations': [{'kind': 'replaces', 'id': 987654}]}, 'không tồn tại'),
                 ({'relations': [{'kind': 'cites', 'id': 1}]}, 'kind'),
                 ({'summary': ''}, 'summary'),
                 ({'titel': 'x'}, 'titel')]
        for change, word in cases:
            body = dict(base, **change)
            doc, _ = self.expect(422, 'POST', 'documents', 'editor', body)
            self.assertIn(word, doc['error'], 'for %r expected a reason naming %r, got %r'
                          % (change, word, doc['error']))
        self.assertEqual(self.count_rows('documents'), before, 'a refused write left a row')

    def test_search_either_tone_placement(self):
        """hòa/hoà, thủy/thuỷ: one word, found and excluded either way."""
        old = self.new(number='21/2024/QĐ-UBND', summary='Quy hoạch thủy lợi hòa bình')
        new = self.new(number='22/2024/QĐ-UBND', summary='Quy hoạch thuỷ lợi hoà giải')
        other = self.new(number='23/2024/QĐ-UBND', summary='Quy hoạch hoa viên')
        q = urllib.parse.quote
        for words in ('thuỷ lợi', 'thủy lợi'):
            ids = self.found('q=' + q(words))
            self.assertEqual(sorted(ids), sorted([old['id'], new['id']]),
                             'expected both spellings found by %r, got %r' % (words, ids))
        for words in ('quy hoạch -hoà', 'quy hoạch -hòa'):
            ids = self.found('q=' + q(words))
            self.assertIn(other['id'], ids, 'q=%r must keep "hoa"' % words)
            for d in (old, new):
                self.assertNotIn(d['id'], ids, 'q=%r must leave out %s, got %r'
                                 % (words, d['summary'], ids))

    def test_search_by_number_parts(self):
        doc = self.new(number='15/2024/QĐ-UBND', summary='Ban hành quy định bồi thường')
        other = self.new(number='115/2023/TB-UBND', summary='Thông báo lịch tiếp dân')
        for q in ('15/2024', 'Q%C4%90-UBND', 'qd-ubnd', '15', '15%2F2024%2Fqd-ubnd'):
            ids = self.found('q=' + q)
            self.assertIn(doc['id'], ids, 'expected %s found by q=%s, got %r'
                          % (doc['number'], q, ids))
        self.assertNotIn(other['id'], self.found('q=15/2024'))
        self.assertEqual(self.found('q=15')[0], doc['id'], 'the number match must rank first')
        status, _, page = self.site.get_text('/van-ban/?q=qd-ubnd')
        self.assertEqual(status, 200)
        self.assertIn('15/2024/QĐ-UBND', page)

    def test_filters_and_validity(self):
        a = self.new(kind='Kế hoạch', issuer='Sở Tư pháp', field='Tư pháp', issued_on='2021-05-05')
        b = self.new(kind='Chỉ thị', issuer='Sở Tư pháp', issued_on=day(-10),
                     effective_on=day(10))
        c = self.new(kind='Chỉ thị', issuer='Sở Y tế', issued_on=day(-400), expires_on=day(-1))
        self.assertEqual(self.found('kind=K%E1%BA%BF+ho%E1%BA%A1ch'), [a['id']])
        self.assertIn(a['id'], self.found('issuer=S%E1%BB%9F+T%C6%B0+ph%C3%A1p'))
        self.assertNotIn(c['id'], self.found('issuer=S%E1%BB%9F+T%C6%B0+ph%C3%A1p'))
        self.assertEqual(self.found('year=2021&field=T%C6%B0+ph%C3%A1p'), [a['id']])
        self.assertIn(b['id'], self.found('valid=not_yet'))
        self.assertNotIn(b['id'], self.found('valid=in_force'))
        self.assertIn(c['id'], self.found('valid=expired'))
        self.assertIn(a['id'], self.found('valid=in_force'))
        status, _, page = self.site.get_text('/van-ban/?hieu-luc=het-hieu-luc')
        self.assertEqual(status, 200)
        self.assertIn(c['number'], page)
        self.assertNotIn(a['number'], page)
        for bad in ('valid=maybe', 'year=12', 'kind=Kh%C3%B4ng+c%C3%B3', 'page=0'):
            status, _, _ = self.site.request('GET', '/api/v1/documents?' + bad)
            self.assertEqual(status, 400, 'expected 400 for ?%s, got %d' % (bad, status))

    def test_relations_both_ways(self):
        old = self.new(number='9/2019/QĐ-UBND', summary='Quy định cũ', issued_on='2019-01-01')
        new = self.new(number='10/2024/QĐ-UBND', summary='Quy định mới', issued_on=day(-5),
                       effective_on=day(-1), relations=[{'kind': 'replaces', 'id': old['id']}])
        got, _ = self.expect(200, 'GET', 'documents/%d' % old['id'], 'editor')
        self.assertEqual(got['valid'], 'expired', 'a replaced document is no longer in force')
        self.assertEqual([(r['direction'], r['id']) for r in got['relations']],
                         [('incoming', new['id'])])
        status, _, page = self.site.get_text(old['url'])
        self.assertIn('Bị thay thế bởi', page)
        self.assertIn('10/2024/QĐ-UBND', page)
        self.assertIn('Hết hiệu lực', page)
        status, _, page = self.site.get_text(new['url'])
        self.assertIn('Thay thế', page)
        self.assertIn('9/2019/QĐ-UBND', page)
        # a PATCH from a stale revision is refused
        self.expect(409, 'PATCH', 'documents/%d' % new['id'], 'editor',
                    {'revision': 1, 'summary': 'Sửa'})

    def upload(self, doc_id, name, data, who='editor'):
        ct, body = test_media.multipart([], [('file', name, data, 'application/octet-stream')])
        return self.call('POST', 'documents/%d/files' % doc_id, who, raw=body, ctype=ct)

    def test_files_by_content_and_downloads(self):
        doc = self.new(number='30/2024/QĐ-UBND')
        status, _, out = self.upload(doc['id'], 'Phụ lục thổ nhưỡng.docx',
                                     docx_with_text('Phân vùng thổ nhưỡng học'))
        self.assertEqual(status, 201, 'expected 201 for a DOCX, got %d: %r' % (status, out))
        status, _, out = self.upload(doc['id'], 'Quyết định 30.pdf',
                                     pdf_with_text('Plover xyzzy attachment text'))
        self.assertEqual(status, 201, 'expected 201 for a PDF, got %d: %r' % (status, out))
        self.assertIn(doc['id'], self.found('q=tho+nhuong'), 'the DOCX text must be searchable')
        self.assertIn(doc['id'], self.found('q=xyzzy'), 'the PDF text must be searchable')
        for name, data, want in (('gia.pdf', docx_with_text('x'), 415),
                                 ('anh.png', b'\x89PNG\r\n\x1a\n' + b'\0' * 64, 415),
                                 ('hong.pdf', b'%PDF-1.4\n\x01garbage\n%%EOF\n', 422),
                                 ('mat-khau.pdf', encrypted_pdf(), 422)):
            status, _, out = self.upload(doc['id'], name, data)
            self.assertEqual(status, want, 'expected %d for %s, got %d: %r'
                             % (want, name, status, out))
            self.assertIsInstance(out.get('error'), str)
        got, _ = self.expect(200, 'GET', 'documents/%d' % doc['id'], 'editor')
        files = {f['name']: f for f in got['files']}
        self.assertEqual(sorted(files), ['Phụ lục thổ nhưỡng.docx', 'Quyết định 30.pdf'])
        pdf, docx = files['Quyết định 30.pdf'], files['Phụ lục thổ nhưỡng.docx']
        status, h, body = self.site.request('GET', pdf['url'])
        self.assertEqual(status, 200)
        self.assertEqual(h['content-type'], 'application/pdf')
        self.assertTrue(h['content-disposition'].startswith('inline; filename="quyet-dinh-30.pdf"'))
        self.assertTrue(body.startswith(b'%PDF'))
        status, h, _ = self.site.request('GET', docx['url'])
        self.assertEqual(status, 200)
        self.assertIn("attachment; filename=\"phu-luc-tho-nhuong.docx\"; filename*=UTF-8''Ph%E1%BB%A5",
                      h['content-disposition'])
        self.site.request('HEAD', pdf['url'])
        self.site.request('GET', pdf['url'], headers={'User-Agent': 'Googlebot/2.1'})
        want = {'Quyết định 30.pdf': 1, 'Phụ lục thổ nhưỡng.docx': 1}
        for _ in range(30):  # counts are written in batches (every second by default)
            got, _ = self.expect(200, 'GET', 'documents/%d' % doc['id'], 'editor')
            counts = {f['name']: f['downloads'] for f in got['files']}
            if counts == want:
                break
            time.sleep(0.2)
        self.assertEqual(counts, want, 'one reader GET each; HEAD and crawlers must not count')
        time.sleep(1.5)
        got, _ = self.expect(200, 'GET', 'documents/%d' % doc['id'], 'editor')
        self.assertEqual({f['name']: f['downloads'] for f in got['files']}, want,
                         'no count may be added twice')
        stored = [f for f in os.listdir(os.path.join(self.media_dir, 'documents', str(TODAY.year),
                                                     '%02d' % TODAY.month))]
        rows = self.site.db_query('SELECT file FROM document_files')
        self.assertEqual(sorted(stored), sorted(os.path.basename(r[0]) for r in rows),
                         'only accepted files are kept (no file without its row)')
        self.assertTrue(all(re.fullmatch(r'[0-9a-f]{32}\.(pdf|docx)', f) for f in stored))

    def test_files_as_office_writes_them(self):
        """A DOCX from Word Online (word/document2.xml) and one typed in the TCVN3 .VnTime font
        are accepted and found by their Unicode words; a password-protected ODT is refused as
        encrypted."""
        doc = self.new(number='31/2024/QĐ-UBND')
        status, _, out = self.upload(doc['id'], 'Tờ trình.docx',
                                     docx_named('word/document2.xml', 'Soạn trên Word Online'))
        self.assertEqual(status, 201, 'expected 201 for a Word Online DOCX, got %d: %r'
                         % (status, out))
        status, _, out = self.upload(doc['id'], 'Phụ lục cũ.docx',
                                     docx_named('word/document.xml', 'Gi\u00b8 ®Êt n\u00abng nghiÖp'))
        self.assertEqual(status, 201, 'expected 201 for a .VnTime DOCX, got %d: %r'
                         % (status, out))
        self.assertIn(doc['id'], self.found('q=' + urllib.parse.quote('Word Online')))
        self.assertIn(doc['id'], self.found('q=' + urllib.parse.quote('đất nông nghiệp')),
                      'the TCVN3 text must be found by its Unicode words')
        status, _, out = self.upload(doc['id'], 'mat-khau.odt', odt_with_password())
        self.assertEqual(status, 422, 'expected 422 for a password-protected ODT, got %d: %r'
                         % (status, out))
        self.assertIn('mật khẩu', out.get('error', ''))

    def test_word97_doc(self):
        """A Word 97-2003 .doc is found by the words of its main text: Vietnamese in a Unicode
        piece, a line typed in .VnTime (TCVN3) in a compressed piece, a field's result but not its
        code, table cells; a footnote after the main text is not indexed. An encrypted .doc is
        refused as such, a damaged one as damaged."""
        doc = self.new(number='32/2024/QĐ-UBND')
        pieces = [('Quyết định phê duyệt quy hoạch thủy lợi\r'
                   '\x13 HYPERLINK "http://zqfieldcode" \x14Trang chủ\x15\r'
                   'Kênh\x07Mương nội đồng\x07\x07', False),
                  ('Gi\u00b8 \u00aeÊt n\u00abng nghiÖp\r', True),
                  ('Chú thích zqfootnote\r', False)]
        status, _, out = self.upload(doc['id'], 'Quyết định cũ.doc',
                                     doc97.word_document(pieces, main=2))
        self.assertEqual(status, 201, 'expected 201 for a .doc, got %d: %r' % (status, out))
        for words in ('thủy lợi', 'thuy loi', 'Trang chủ', 'mương nội đồng', 'đất nông nghiệp'):
            self.assertIn(doc['id'], self.found('q=' + urllib.parse.quote(words)),
                          'the .doc text must be found by %r' % words)
        for words in ('zqfieldcode', 'zqfootnote'):
            self.assertNotIn(doc['id'], self.found('q=' + words),
                             '%r is not in the main text and must not be indexed' % words)
        got, _ = self.expect(200, 'GET', 'documents/%d' % doc['id'], 'editor')
        self.assertEqual([f['name'] for f in got['files']], ['Quyết định cũ.doc'])
        status, h, body = self.site.request('GET', got['files'][0]['url'])
        self.assertEqual((status, h['content-type']), (200, 'application/msword'))
        status, _, out = self.upload(doc['id'], 'mat-khau.doc',
                                     doc97.word_document(pieces, encrypted=True))
        self.assertEqual(status, 422, 'expected 422 for an encrypted .doc, got %d: %r'
                         % (status, out))
        self.assertIn('mật khẩu', out.get('error', ''))
        # the directory (which names WordDocument) is kept, the sector table after it is lost
        status, _, out = self.upload(doc['id'], 'hong.doc', doc97.word_document(pieces)[:-512])
        self.assertEqual(status, 422, 'expected 422 for a .doc without its last sector, got %d: '
                         '%r' % (status, out))
        self.assertIn('hỏng', out.get('error', ''))

    def comment_form(self, url):
        status, _, page = self.site.get_text(url)
        self.assertEqual(status, 200)
        m = re.search(r'action="(/gop-y/van-ban/\d+)".*?name="t" value="([^"]+)"', page, re.S)
        self.assertIsNotNone(m, 'expected an open comment form on %s' % url)
        return m.group(1), m.group(2)

    def post_comment(self, action, addr='192.0.2.10', **fields):
        """POST the comment form as a reader at addr (the trusted loopback proxy forwards it)."""
        body = '&'.join('%s=%s' % (k, v) for k, v in fields.items())
        return self.site.request('POST', action, body=body,
                                 headers={'Content-Type': 'application/x-www-form-urlencoded',
                                          'X-Forwarded-For': addr})

    def test_etag_outlives_the_comment_token(self):
        """The comment form's time token changes with each render of the page; its ETag must not
        (the hash leaves form tokens out), and a page without one is hashed as it is."""
        doc = self.new(number='42/DT-UBND', summary='Dự thảo giữ ETag',
                       comment_from=day(-1), comment_until=day(5))
        _, token1 = self.comment_form(doc['url'])
        _, h1, _ = self.site.request('GET', doc['url'])
        time.sleep(2.2)  # the cached page (a second) expires; the render makes a new token
        _, token2 = self.comment_form(doc['url'])
        _, h2, _ = self.site.request('GET', doc['url'])
        self.assertNotEqual(token1, token2, 'expected a new token in the page rendered later')
        self.assertEqual(h1.get('etag'), h2.get('etag'),
                         'expected one ETag across renders, got %r and %r'
                         % (h1.get('etag'), h2.get('etag')))

    def test_comments_on_drafts(self):
        open_doc = self.new(number='40/DT-UBND', summary='Dự thảo quy chế',
                            comment_from=day(-1), comment_until=day(5))
        closed = self.new(number='41/DT-UBND', summary='Dự thảo cũ', comment_from=day(-20),
                          comment_until=day(-10))
        action, token = self.comment_form(open_doc['url'])
        before = self.count_rows('document_comments')
        status, _, _ = self.post_comment(action, t=token, name='An', body='Sớm quá')
        self.assertEqual(status, 429, 'a form sent at once is refused (minimum time)')
        time.sleep(3.2)
        status, _, _ = self.post_comment(action, t=token, name='Bot', body='spam',
                                         website='http://spam.example')
        self.assertEqual(status, 400, 'the honeypot field must refuse')
        status, _, _ = self.post_comment(action, t=token + 'x', name='An', body='x')
        self.assertEqual(status, 400, 'a forged token must refuse')
        status, _, _ = self.post_comment(action, t=token, name='An', body='x' * 5001)
        self.assertEqual(status, 400, 'the length limit must refuse')
        status, _, _ = self.post_comment('/gop-y/van-ban/%d' % closed['id'], t=token, name='An',
                                         body='Muộn')
        self.assertEqual(status, 403, 'outside the window a POST is refused')
        self.assertEqual(self.count_rows('document_comments'), before, 'nothing stored yet')
        for i in range(5):
            status, _, page = self.post_comment(action, t=token, name='Tr%C3%A2n+' + str(i),
                                                email='a%40example.vn', body='G%C3%B3p+%C3%BD')
            self.assertEqual(status, 200, 'comment %d: expected 200, got %d' % (i, status))
        status, _, _ = self.post_comment(action, t=token, name='An', body='Thêm')
        self.assertEqual(status, 429, 'the sixth comment in an hour from one address is refused')
        status, _, _ = self.post_comment(action, addr='192.0.2.11', t=token, name='An', body='Kh')
        self.assertEqual(status, 200, 'another address may still send')
        self.assertEqual(self.count_rows('document_comments'), before + 6)
        rows = self.site.db_query('SELECT status FROM document_comments WHERE document_id = %d'
                                  % open_doc['id'])
        self.assertEqual(len(rows), 6)
        self.assertTrue(all(int(r[0]) == 0 for r in rows), 'comments wait for moderation')

    def test_feed_sitemap_home_block(self):
        doc = self.new(number='50/2024/QĐ-UBND', summary='Văn bản cho bản tin & sơ đồ',
                       issued_on=day(0))
        hidden = self.new(number='51/2024/QĐ-UBND', publish=False, issued_on=day(0))
        status, h, body = self.site.get_text('/van-ban/rss.xml')
        self.assertEqual(status, 200)
        self.assertTrue(h['content-type'].startswith('application/rss+xml'))
        self.assertIn('<title>Quyết định 50/2024/QĐ-UBND</title>', body)
        self.assertIn('sơ đồ</description>', body.replace('&amp;', '&'))
        self.assertNotIn('51/2024', body, 'a draft must not be in the feed')
        status, _, body = self.site.get_text('/van-ban/sitemap.xml')
        self.assertEqual(status, 200)
        self.assertIn(doc['url'] + '</loc>', body)
        self.assertNotIn('-%d.html' % hidden['id'], body)
        status, _, body = self.site.get_text('/robots.txt')
        self.assertIn('/van-ban/sitemap.xml', body)
        status, _, body = self.site.get_text('/')
        self.assertEqual(status, 200)
        self.assertIn('Văn bản mới', body)
        self.assertIn('50/2024/QĐ-UBND', body)

    def browser(self, who):
        name = test_api_write.PREFIX + who
        b = test_newsroom.Browser(self.site, name)
        status, _, text = b.login(name, 'correct horse battery staple %s' % name)
        self.assertEqual(status, 303, 'login as %s: %s' % (name, text[:200]))
        return b

    def test_newsroom_screen(self):
        b = self.browser('contributor')
        status, _, _ = b.get('/admin/documents')
        self.assertEqual(status, 403, 'contributors may not manage documents')
        b = self.browser('editor')
        status, _, page = b.get('/admin/documents/new')
        self.assertEqual(status, 200)
        form = {'kind': 'Kế hoạch', 'number': '60/KH-UBND', 'issuer': 'UBND tỉnh',
                'field': '', 'signer': '', 'signer_position': '', 'issued_on': '2024-02-30',
                'effective_on': '', 'expires_on': '', 'summary': 'Kế hoạch thử',
                'body_html': '', 'relations': '', 'comment_from': day(-1),
                'comment_until': day(3)}
        status, _, page = b.post('/admin/documents/new', form)
        self.assertEqual(status, 422, 'a date that does not exist is refused')
        self.assertIn('issued_on', page)
        self.assertIn('60/KH-UBND', page, 'the form keeps what was sent')
        form['issued_on'] = day(-2)
        status, h, _ = b.post('/admin/documents/new', form)
        self.assertEqual(status, 303)
        m = re.search(r'/admin/documents/(\d+)$', h.get('location', ''))
        self.assertIsNotNone(m, 'expected a redirect to the new document, got %r' % h)
        doc_id = int(m.group(1))
        status, _, page = b.get('/admin/documents/%d' % doc_id)
        self.assertIn('Bản nháp', page)
        kind_id = self.site.db_query("SELECT id FROM doc_lists WHERE list = 0 AND name = "
                                     "'Kế hoạch'")[0][0]
        status, _, page = b.get('/admin/documents?loai=%s' % kind_id)
        self.assertEqual(status, 200)
        self.assertIn('60/KH-UBND', page, 'the newsroom list shows drafts, filtered by kind')
        # (as a whole number: another test's document may be numbered e.g. 57630/2024/QĐ-UBND)
        self.assertIsNone(re.search(r'>30/2024/QĐ-UBND<', page),
                          'expected the decision 30/2024/QĐ-UBND filtered out of the Kế hoạch list')
        ct, body = test_media.multipart([('csrf', b.csrf)], [('file', 'ke-hoach.docx',
                                                              docx_with_text('Lịch tiếp công dân'),
                                                              'application/octet-stream')])
        hdrs = b.headers()
        hdrs['Content-Type'] = ct
        status, _, _ = self.site.request('POST', '/admin/documents/%d/files' % doc_id,
                                         headers=hdrs, body=body)
        self.assertEqual(status, 303, 'upload from the screen')
        status, _, _ = b.post('/admin/documents/%d/publish' % doc_id)
        self.assertEqual(status, 303)
        self.assertIn(doc_id, self.found('q=tiep+cong+dan'))
        # a reader's comment, then moderation and the CSV export
        status, _, page = self.site.get_text('/van-ban/')
        url = re.search(r'href="(/van-ban/[^"]*-%d\.html)"' % doc_id, page).group(1)
        action, token = self.comment_form(url)
        time.sleep(3.1)
        status, _, _ = self.post_comment(action, addr='192.0.2.20', t=token, name='L%C3%AA+B',
                                         body='%3D1%2B1+ph%E1%BA%A3i+s%E1%BB%ADa')
        self.assertEqual(status, 200)
        status, _, page = b.get('/admin/documents/%d/comments' % doc_id)
        self.assertEqual(status, 200)
        cid = re.search(r'/admin/documents/%d/comments/(\d+)' % doc_id, page).group(1)
        status, _, _ = b.post('/admin/documents/%d/comments/%s' % (doc_id, cid),
                              {'action': 'approve'})
        self.assertEqual(status, 303)
        status, h, body = self.site.request('GET', '/admin/documents/%d/comments.csv' % doc_id,
                                            headers=b.headers())
        self.assertEqual(status, 200)
        self.assertTrue(h['content-type'].startswith('text/csv'))
        self.assertTrue(body.startswith(b'\xef\xbb\xbf'), 'CSV starts with a UTF-8 BOM')
        text = body.decode('utf-8-sig')
        self.assertIn('Lê B', text)
        self.assertIn("\"'=1+1 phải sửa\"", text, 'a formula-like cell is defused')
        self.assertIn('Đã duyệt', text)
        audit = self.site.db_query("SELECT action FROM audit_log WHERE object = 'document:%d'"
                                   % doc_id)
        self.assertEqual(sorted(r[0] for r in audit),
                         ['document.create', 'document.file', 'document.publish'])

    def test_export_import_round_trip(self):
        a = self.new(number='70/2024/QĐ-UBND', field='Nội vụ', signer='Trần C', body_html='<p>Đ</p>')
        self.new(number='71/2024/QĐ-UBND', relations=[{'kind': 'amends', 'id': a['id']}],
                 comment_from=day(-3), comment_until=day(3))
        self.new(number='72/2024/QĐ-UBND', publish=False)
        status, _, out = self.upload(a['id'], 'phu luc.docx', docx_with_text('Nội dung phụ lục'))
        self.assertEqual(status, 201, out)
        first = os.path.join(self.site.tmp, 'export1')
        cp = self.site.run('export-documents', '--db', self.site.db_url(), '--media',
                           self.media_dir, first)
        self.assertEqual(cp.returncode, 0, 'export: %s' % cp.stderr)
        other = Gazette('roundtrip')
        try:
            other.init(demo=False)
            media2 = os.path.join(other.tmp, 'media')
            os.mkdir(media2)
            cp = other.run('import-documents', '--db', other.db_url(), '--media', media2, first)
            self.assertEqual(cp.returncode, 0, 'import: %s' % cp.stderr)
            second = os.path.join(other.tmp, 'export2')
            cp = other.run('export-documents', '--db', other.db_url(), '--media', media2, second)
            self.assertEqual(cp.returncode, 0, 'export again: %s' % cp.stderr)
            with open(os.path.join(first, 'documents.jsonl'), encoding='utf-8') as f1, \
                    open(os.path.join(second, 'documents.jsonl'), encoding='utf-8') as f2:
                l1, l2 = f1.read().splitlines(), f2.read().splitlines()
            self.assertEqual(l1, l2, 'export -> import -> export must give the same lines')
            self.assertTrue(any('"amends"' in l for l in l1))
            for name in os.listdir(os.path.join(first, 'files')):
                with open(os.path.join(first, 'files', name), 'rb') as f1, \
                        open(os.path.join(second, 'files', name), 'rb') as f2:
                    self.assertEqual(f1.read(), f2.read(), 'file %s differs' % name)
            # all or nothing: one bad line and nothing is written
            bad = os.path.join(other.tmp, 'bad')
            os.mkdir(bad)
            with open(os.path.join(bad, 'documents.jsonl'), 'w', encoding='utf-8') as f:
                f.write(json.dumps({'id': 900, 'kind': 'Luật', 'number': '9/2024', 'issuer': 'QH',
                                    'summary': 'x', 'issued_on': '2024-01-01',
                                    'status': 'draft'}) + '\n')
                f.write(json.dumps({'id': 901, 'kind': 'Luật', 'number': '10/2024', 'issuer': 'QH',
                                    'summary': 'x', 'issued_on': '2024-02-30',
                                    'status': 'draft'}) + '\n')
            cp = other.run('import-documents', '--db', other.db_url(), bad)
            self.assertNotEqual(cp.returncode, 0)
            self.assertIn('documents.jsonl:2: ', cp.stderr)
            rows = other.db_query('SELECT count(*) FROM documents WHERE id >= 900')
            self.assertEqual(int(rows[0][0]), 0, 'a refused import wrote nothing')
        finally:
            other.cleanup()


    # --- the per-account "documents" right: checked on the server for the newsroom's documents
    # screens and the API's writes and drafts, given and taken in /admin/users (audited).

    def user_id(self, who):
        return int(self.site.db_query("SELECT id FROM users WHERE name = '%s'"
                                      % (test_api_write.PREFIX + who))[0][0])

    def set_right(self, admin, who, on, role='editor', want=303):
        uid = self.user_id(who)
        admin.get('/admin/users/%d' % uid)
        fields = {'display_name': who, 'role': role}
        if on:
            fields['documents'] = '1'
        status, _, text = admin.post('/admin/users/%d' % uid, fields)
        self.assertEqual(status, want, 'expected %d saving %s (documents=%s), got %d: %s'
                         % (want, who, on, status, text[:300]))
        return text

    def test_refused_without_the_right_then_given_and_taken(self):
        draft = self.new('editor', publish=False)
        body = {'kind': 'Luật', 'number': '7/2024', 'issuer': 'Quốc hội', 'summary': 'x',
                'issued_on': '2024-01-01'}
        before = self.count_rows('documents')
        out, _ = self.expect(403, 'POST', 'documents', 'plain', body)
        self.assertIn('quyền quản lý văn bản', out.get('error', ''),
                      'expected the Vietnamese reason, got %r' % out)
        self.expect(403, 'PATCH', 'documents/%d' % draft['id'], 'plain',
                    {'revision': draft['revision'], 'summary': 'đổi'})
        self.expect(403, 'POST', 'documents/%d/publish' % draft['id'], 'plain')
        self.expect(404, 'GET', 'documents/%d' % draft['id'], 'plain')
        self.assertEqual(self.count_rows('documents'), before, 'expected nothing written')
        b = self.browser('plain')
        _, _, home = b.get('/admin')
        self.assertNotIn('<a href="/admin/documents">', home,
                         'expected no "Văn bản" in the menu without the right')
        for path in ('/admin/documents', '/admin/documents/new',
                     '/admin/documents/%d' % draft['id'],
                     '/admin/documents/%d/comments' % draft['id']):
            with self.subTest(path=path):
                status, _, text = b.get(path)
                self.assertEqual(status, 403, 'expected 403 for %s without the right, got %d'
                                 % (path, status))
                self.assertIn('quyền quản lý văn bản', text, 'expected the reason on %s' % path)
        status, _, _ = b.post('/admin/documents/%d/publish' % draft['id'], {})
        self.assertEqual(status, 403, 'expected 403 publishing without the right, got %d'
                         % status)
        # the admin gives the right in /admin/users: it works at once, and is audited
        admin = self.browser('chief')
        status, _, page = admin.get('/admin/users/%d' % self.user_id('plain'))
        self.assertIn('name="documents"', page, 'expected the right\'s checkbox on the account')
        self.set_right(admin, 'plain', True)
        status, _, _ = b.get('/admin/documents')
        self.assertEqual(status, 200, 'expected the screen once the right is given, got %d'
                         % status)
        _, _, home = b.get('/admin')
        self.assertIn('<a href="/admin/documents">', home, 'expected "Văn bản" in the menu now')
        self.expect(200, 'GET', 'documents/%d' % draft['id'], 'plain')
        made, _ = self.expect(201, 'POST', 'documents', 'plain', body)
        rows = self.site.db_query("SELECT detail FROM audit_log WHERE action = 'user.update' "
                                  "ORDER BY id DESC LIMIT 1")
        self.assertIn('documents=1', rows[0][0], 'expected the grant audited, got %r' % rows)
        # and taken away
        self.set_right(admin, 'plain', False)
        status, _, _ = b.get('/admin/documents')
        self.assertEqual(status, 403, 'expected 403 once the right is taken, got %d' % status)
        self.expect(403, 'POST', 'documents/%d/publish' % made['id'], 'plain')

    def test_only_editors_and_above_hold_it(self):
        admin = self.browser('chief')
        text = self.set_right(admin, 'contributor', True, role='contributor', want=422)
        self.assertIn('biên tập viên trở lên', text, 'expected the Vietnamese reason')
        self.assertFalse(self.site.db_query(
            "SELECT 1 FROM user_rights WHERE user_id = %d" % self.user_id('contributor')),
            'expected no right stored for a contributor')
        b = self.browser('contributor')
        status, _, _ = b.get('/admin/documents')
        self.assertEqual(status, 403, 'expected 403 for a contributor, got %d' % status)
        pw = os.path.join(self.site.tmp, 'pw-x')
        with open(pw, 'w') as f:
            f.write('correct horse battery staple x\n')
        cp = self.site.run('user', 'add', '--db', self.site.db_url(), '--role', 'contributor',
                           '--password-file', pw, '--right', 'documents', 'w_ctv_right')
        self.assertNotEqual(cp.returncode, 0, 'expected the CLI to refuse the right for a '
                            'contributor')
        self.assertFalse(self.site.db_query("SELECT 1 FROM users WHERE name = 'w_ctv_right'"),
                         'expected no account made')
        # an admin holds it by role, without a stored row
        self.expect(201, 'POST', 'documents', 'chief',
                    {'kind': 'Luật', 'number': '8/2024', 'issuer': 'Quốc hội', 'summary': 'y',
                     'issued_on': '2024-01-01'})


    def test_relation_picker_without_and_with_javascript(self):
        old = self.new('editor', number='41/2019/QĐ-UBND', summary='Quy chế tiếp công dân')
        self.new('editor', number='42/2019/QĐ-UBND', summary='Quy định về phí chợ')
        b = self.browser('editor')
        status, _, page = b.get('/admin/documents/new')
        self.assertIn('name="rel_q"', page, 'expected the picker on the form')
        form = {'kind': 'Quyết định', 'number': '77/2024/QĐ-UBND', 'issuer': 'UBND tỉnh',
                'field': '', 'signer': '', 'signer_position': '', 'issued_on': day(-1),
                'effective_on': '', 'expires_on': '', 'summary': 'Thay quy chế tiếp công dân',
                'body_html': '', 'relations': '', 'comment_from': '', 'comment_until': '',
                'rel_q': 'tiếp công dân', 'rel_find': '1'}
        before = self.count_rows('documents')
        status, _, page = b.post('/admin/documents/new', form)
        self.assertEqual(status, 200, 'expected the form back with results, got %d' % status)
        self.assertIn('value="replaces %d"' % old['id'], page,
                      'expected %s among the results' % old['number'])
        self.assertNotIn('Quy định về phí chợ', page, 'expected only matching documents')
        self.assertIn('77/2024/QĐ-UBND', page, 'expected what was typed kept')
        self.assertIn('value="%s"' % day(-1), page, 'expected the typed date kept')
        del form['rel_find']
        form['rel_add'] = 'replaces %d' % old['id']
        status, _, page = b.post('/admin/documents/new', form)
        self.assertEqual(status, 200, 'expected the form back with the relation, got %d' % status)
        self.assertRegex(page, r'<textarea id="d-relations" name="relations"[^>]*>replaces %d\n'
                         % old['id'], 'expected the relation line added to the box')
        self.assertEqual(self.count_rows('documents'), before, 'expected nothing saved yet')
        form['rel_add'] = 'deletes 1'
        status, _, page = b.post('/admin/documents/new', form)
        self.assertNotIn('deletes 1', page.split('name="relations"')[1].split('</textarea>')[0],
                         'expected an unknown relation not added')
        # then saving keeps the relation, seen from both sides
        del form['rel_add']
        form['relations'] = 'replaces %d\n' % old['id']
        status, h, text = b.post('/admin/documents/new', form)
        self.assertEqual(status, 303, 'expected the document saved, got %d: %s'
                         % (status, text[:300]))
        new_id = int(re.search(r'/admin/documents/(\d+)$', h['location']).group(1))
        got, _ = self.expect(200, 'GET', 'documents/%d' % old['id'], 'editor')
        self.assertIn(new_id, [r['id'] for r in got['relations']],
                      'expected the relation seen from the replaced document, got %r'
                      % got['relations'])
        # the search-as-you-type JSON, without the document itself; refused without the right
        status, h, body = self.site.request(
            'GET', '/admin/documents/picker?q=%s&self=%d' % (
                urllib.parse.quote('41/2019'), old['id']), headers=b.headers())
        self.assertEqual(status, 200, 'expected 200 from the picker, got %d' % status)
        self.assertNotIn(old['id'], [d['id'] for d in json.loads(body)['documents']],
                         'expected the document itself left out')
        status, h, body = self.site.request(
            'GET', '/admin/documents/picker?q=%s' % urllib.parse.quote('tiếp công dân'),
            headers=b.headers())
        docs = json.loads(body)['documents']
        self.assertIn(old['id'], [d['id'] for d in docs], 'expected a match, got %r' % docs)
        self.assertEqual(sorted(docs[0]), ['id', 'number', 'summary'],
                         'expected id, number, summary, got %r' % docs[0])
        plain = self.browser('plain')
        status, _, _ = self.site.request('GET', '/admin/documents/picker?q=a',
                                         headers=plain.headers())
        self.assertEqual(status, 403, 'expected 403 from the picker without the right, got %d'
                         % status)

    def test_slow_pdf_stopped_at_budget(self):
        """A PDF whose one page poppler would read for about a minute: the child reading it,
        inside the server's sandbox, is killed at 15 s and the upload refused with that
        reason; the server goes on, and a PDF after it is read as usual."""
        doc = self.new(number='91/2024/QĐ-UBND')
        data = slow_pdf()
        self.assertLess(len(data), 100 * 1024)
        ct, body = test_media.multipart([], [('file', 'nang.pdf', data, 'application/pdf')])
        t0 = time.monotonic()
        status, _, out = self.site.request(
            'POST', '/api/v1/documents/%d/files' % doc['id'], body=body, timeout=60,
            headers={'Authorization': 'Bearer ' + self.tokens['editor'], 'Content-Type': ct})
        took = time.monotonic() - t0
        self.assertEqual(status, 422, 'expected 422 for a PDF too slow to read, got %d: %r'
                         % (status, out))
        self.assertIn('trong 15 giây', json.loads(out)['error'])
        self.assertLess(took, 15 + 10, 'expected the answer at the budget, got %.1f s' % took)
        self.assertGreater(took, 14, 'expected the whole budget spent, got %.1f s' % took)
        status, _, out = self.upload(doc['id'], 'sau.pdf', pdf_with_text('Sau tep nang zyzzyva'))
        self.assertEqual(status, 201, 'expected 201 for a PDF after it, got %d: %r'
                         % (status, out))
        self.assertIn(doc['id'], self.found('q=zyzzyva'))

    def test_docx_notes_and_headers_searched(self):
        """A DOCX's footnote and header are searched with its body; its tracked deletion is
        not."""
        doc = self.new(number='92/2024/QĐ-UBND')
        status, _, out = self.upload(doc['id'], 'ghi-chu.docx', docx_with_notes(
            'Noi dung chinh', 'Chu thich quasimodo', 'Dau trang xylophone'))
        self.assertEqual(status, 201, 'expected 201 for a DOCX, got %d: %r' % (status, out))
        self.assertIn(doc['id'], self.found('q=quasimodo'), 'the footnote must be searchable')
        self.assertIn(doc['id'], self.found('q=xylophone'), 'the header must be searchable')
        self.assertNotIn(doc['id'], self.found('q=quaxoa'), 'deleted text must not be found')

    def test_large_attachment_streamed(self):
        """A 6 MB PDF, 24 times the memory allowed for request bodies, is streamed to disk,
        its text extracted and searchable, and served back whole."""
        doc = self.new(number='90/2024/QĐ-UBND')
        data = pdf_with_text('Phuong an phong chong lut bao nam 2024', pad=6 * 1024 * 1024)
        status, _, out = self.upload(doc['id'], 'phuong-an.pdf', data)
        self.assertEqual(status, 201, 'expected a 6 MB attachment accepted, got %d: %r'
                         % (status, out))
        got, _ = self.expect(200, 'GET', 'documents/%d' % doc['id'], 'editor')
        f = [x for x in got['files'] if x['name'] == 'phuong-an.pdf']
        self.assertEqual([x['size'] for x in f], [len(data)], 'expected the whole file, got %r'
                         % got['files'])
        status, _, body = self.site.request('GET', urllib.parse.urlsplit(f[0]['url']).path)
        self.assertEqual((status, body == data), (200, True),
                         'expected the stored file byte for byte, got %d and %d bytes'
                         % (status, len(body)))
        self.assertIn(doc['id'], self.found('q=' + urllib.parse.quote('phong chong lut bao')),
                      'expected the large PDF\'s text found')

del W  # not a test class of this module
