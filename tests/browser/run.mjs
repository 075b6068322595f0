// Browser tests: the newsroom editor and the public site in Debian's Chromium, driven by playwright-core.
//
// Starts a throwaway Gazette ($GAZETTE_BIN, default build/src/gazette) on a free loopback port with the
// demo site, a contributor and a publisher; then runs the newsroom scenario (write with the rich-text
// editor, paste a table from Word, submit, publish, read), the paste-XSS check, the no-JavaScript
// fallback and the XSS corpus rendered in Chromium. Prints "N passed, M failed"; exits 77 (skip) when
// node_modules/playwright-core or Chromium is missing. Screenshots go to tests/artifacts/.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(process.env.GAZETTE_ROOT || path.join(HERE, '..', '..'));
const BIN = path.resolve(process.env.GAZETTE_BIN || path.join(ROOT, 'build', 'src', 'gazette'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
const CORPUS = process.env.XSS_CORPUS ||
  path.join(ROOT, '..', 'shared', 'xss-corpus', 'dompurify-payloads.json');
const VENDOR = path.join(ROOT, 'admin', 'static', 'vendor-editor.js');
const PASSWORD = 'Mat-khau-thu-nghiem-2026';
const CATEGORY = ['Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', 'Gương điển hình'];
const XSS_FIRST_ID = 90001;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// What a contributor pastes from Word: a styled heading, a Word list, a table and the usual junk.
const WORD_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:12.0pt;} @page WordSection1 {size:595.3pt 841.9pt;} --></style></head>
<body lang=VI style='tab-interval:36.0pt'><!--StartFragment-->
<div class=WordSection1>
<p class=MsoNormal style='mso-margin-top-alt:auto;mso-line-height-alt:12pt'><b><span lang=VI style='font-size:13.0pt;font-family:"Times New Roman",serif;mso-fareast-font-family:"Times New Roman";color:#1F3864'>Kết quả thi đua năm 2026<o:p></o:p></span></b></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=VI>Dân vận khéo<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=VI>Nông thôn mới<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>
<tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
<td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal><b><span lang=VI>Đơn vị<o:p></o:p></span></b></p></td>
<td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;border-left:none'><p class=MsoNormal><b><span lang=VI>Số mô hình<o:p></o:p></span></b></p></td></tr>
<tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
<td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;border-top:none'><p class=MsoNormal><span lang=VI>Xã Yên Phú<o:p></o:p></span></p></td>
<td width=301 valign=top style='width:225.4pt;border-top:none'><p class=MsoNormal align=right style='text-align:right'><span lang=VI>12<o:p></o:p></span></p></td></tr>
</table>
<p class=MsoNormal><span style='mso-spacerun:yes'> </span><o:p></o:p></p>
</div><!--EndFragment--></body></html>`;

// What must never run when pasted.
const EVIL_HTML = '<p>Trước<img src="x" onerror="window.__pwned=1;alert(1)">sau</p>' +
  '<script>window.__pwned=2;alert(2)</script>' +
  '<p><a href="javascript:window.__pwned=3">liên kết xấu</a> <svg onload="window.__pwned=4"></svg></p>' +
  '<iframe src="javascript:parent.__pwned=5"></iframe><object data="javascript:alert(6)"></object>' +
  '<p style="background:url(javascript:alert(7))" onclick="alert(8)">cuối</p>';

// ---- tiny runner ---------------------------------------------------------------------------------

const results = [];
// The bytes of a JPEG before its first scan, and the APPn markers found there.
function jpegHeader(buf) {
  const appSegments = [];
  let i = 2; // after SOI
  while (i + 4 <= buf.length && buf[i] === 0xff) {
    const marker = buf[i + 1];
    if (marker === 0xda) break; // start of scan
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xe0 && marker <= 0xef) appSegments.push(marker);
    i += 2 + len;
  }
  return { bytes: buf.subarray(0, i), appSegments };
}

async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name} (${Date.now() - t0} ms)\n     ${String(e && e.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
  }
}
function expect(cond, what) {
  if (!cond) throw new Error(what);
}
function skip(why) {
  console.log(`SKIP: browser tests: ${why}`);
  process.exit(77);
}

// ---- the site under test -------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function gazette(tmp, ...args) {
  const r = spawnSync(BIN, args, { cwd: tmp, encoding: 'utf8', env: { ...process.env, GAZETTE_SHARE: ROOT } });
  if (r.status !== 0) throw new Error(`gazette ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

function xssArticles(payloads) {
  return payloads.map((p, i) => JSON.stringify({
    id: XSS_FIRST_ID + i, title: `xss corpus ${i + 1}`, body_html: p.payload, category: CATEGORY,
    published_at: '2001-01-01T08:00:00+07:00', status: 'published',
  })).join('\n') + '\n';
}

async function startSite(payloads) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-browser-'));
  const db = path.join(tmp, 'site.db');
  gazette(tmp, 'init', '--db', db, '--demo');
  const pw = path.join(tmp, 'password');
  fs.writeFileSync(pw, PASSWORD + '\n', { mode: 0o600 });
  gazette(tmp, 'user', 'add', '--db', db, '--role', 'contributor', '--password-file', pw, 'reporter');
  gazette(tmp, 'user', 'add', '--db', db, '--role', 'publisher', '--password-file', pw, 'chief');
  if (payloads) {
    fs.writeFileSync(path.join(tmp, 'xss.jsonl'), xssArticles(payloads));
    gazette(tmp, 'import', '--db', db, path.join(tmp, 'xss.jsonl'));
  }
  const port = await freePort();
  const logPath = path.join(tmp, 'server.log');
  const log = fs.openSync(logPath, 'a');
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], {
    cwd: tmp, stdio: ['ignore', log, log], env: { ...process.env, GAZETTE_SHARE: ROOT },
  });
  const base = `http://127.0.0.1:${port}`;
  const site = { tmp, base, proc, log: () => fs.readFileSync(logPath, 'utf8').slice(-3000) };
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`gazette serve exited ${proc.exitCode}:\n${site.log()}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return site;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill('SIGKILL');
  throw new Error(`gazette serve did not answer /healthz within 10 s:\n${site.log()}`);
}

async function stopSite(site) {
  if (site.proc.exitCode === null) {
    const done = new Promise((r) => site.proc.once('exit', r));
    site.proc.kill('SIGTERM');
    const t = setTimeout(() => site.proc.kill('SIGKILL'), 10000);
    await done;
    clearTimeout(t);
  }
  fs.rmSync(site.tmp, { recursive: true, force: true });
}

// ---- helpers in the browser ----------------------------------------------------------------------

// A context whose pages record script errors, CSP violations and dialogs (dialogs are dismissed).
async function watchedContext(browser, options = {}) {
  const ctx = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1200, height: 900 }, ...options });
  const seen = { errors: [], dialogs: [], answers: [] }; // answers: replies to expected prompts
  if (options.javaScriptEnabled !== false) {
    await ctx.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp.push(`${e.violatedDirective}: ${e.blockedURI || ''} ${e.sample || ''}`.trim());
      });
    });
  }
  ctx.on('page', (page) => {
    page.on('pageerror', (e) => seen.errors.push(String(e)));
    page.on('dialog', (d) => {
      if (seen.answers.length) return d.accept(seen.answers.shift()).catch(() => {});
      seen.dialogs.push(`${d.type()}: ${d.message()}`);
      return d.dismiss().catch(() => {});
    });
  });
  return { ctx, seen };
}

async function login(page, base, name) {
  await page.goto(`${base}/admin/login`);
  await page.fill('#name', name);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('main button[type=submit]')]);
}

async function paste(page, html) {
  await page.evaluate((h) => {
    const dt = new DataTransfer();
    dt.setData('text/html', h);
    dt.setData('text/plain', h.replace(/<[^>]*>/g, ' '));
    const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    document.querySelector('.gz-content .ProseMirror').dispatchEvent(ev);
  }, html);
}

async function openEditor(page, base) {
  await page.goto(`${base}/admin/articles/new`);
  await page.waitForSelector('.gz-editor[data-ready="1"] .ProseMirror', { timeout: 10000 });
}

async function chooseCategory(page) {
  const value = await page.$$eval('#category option', (opts, leaf) => {
    const o = opts.find((x) => x.textContent.includes(leaf)) || opts[0];
    return o.value;
  }, CATEGORY[1]);
  await page.selectOption('#category', value);
}

async function retry(fn, ms = 4000) {
  const end = Date.now() + ms;
  for (;;) {
    try { return await fn(); } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

// ---- the tests -----------------------------------------------------------------------------------

async function run(browser, site, payloads) {
  const { base } = site;
  const hasEditor = fs.existsSync(VENDOR);
  const state = {};

  await test('without JavaScript the editor is a plain textarea that saves', async () => {
    const { ctx } = await watchedContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await login(page, base, 'reporter');
    await page.goto(`${base}/admin/articles/new`);
    expect(await page.isVisible('textarea#body'), 'expected the body textarea to be visible');
    expect(await page.locator('.gz-editor').count() === 0, 'expected no rich-text editor without JavaScript');
    await page.fill('#title', 'Bài viết không cần JavaScript');
    await page.fill('#body', '<h2>Phần một</h2><p>Đoạn văn.</p>');
    await chooseCategory(page);
    await Promise.all([page.waitForURL(/ok=created/), page.click('button[name=save]')]);
    const body = await page.inputValue('#body');
    expect(body.includes('<h2>Phần một</h2>'), `expected the saved body to keep the heading, got ${body}`);
    await ctx.close();
  });

  if (!hasEditor) {
    await test('the editor bundle is built', async () => {
      throw new Error(`${VENDOR} is missing: run tools/editor.sh (needs node and npm)`);
    });
    return;
  }

  const reporter = await watchedContext(browser);
  const rpage = await reporter.ctx.newPage();

  await test('the rich-text editor replaces the textarea without CSP violations or errors', async () => {
    await login(rpage, base, 'reporter');
    await openEditor(rpage, base);
    expect(!(await rpage.isVisible('textarea#body')), 'expected the textarea to be hidden under the editor');
    const labels = await rpage.$$eval('.gz-toolbar button', (bs) => bs.map((b) => (b.querySelector('.visually-hidden') || b).textContent));
    for (const want of ['Tiêu đề lớn (H2)', 'Đậm', 'Nghiêng', 'Danh sách', 'Danh sách đánh số', 'Liên kết', 'Trích dẫn', 'Chèn bảng', 'Chèn ảnh'])
      expect(labels.includes(want), `expected a toolbar button "${want}", got ${labels.join(', ')}`);
    const csp = await rpage.evaluate(() => window.__csp);
    expect(csp.length === 0, `expected no CSP violations, got ${csp.join(' | ')}`);
    expect(reporter.seen.errors.length === 0, `expected no script errors, got ${reporter.seen.errors.join(' | ')}`);
  });

  await test('a contributor writes a heading, a list and a link, pastes a table from Word, saves and submits', async () => {
    const page = rpage;
    await page.fill('#title', 'Kết quả phong trào thi đua Dân vận khéo năm 2026');
    await page.fill('#lead', 'Tổng kết phong trào ở các xã.');
    await chooseCategory(page);
    await page.click('.gz-content .ProseMirror');
    await page.click('.gz-toolbar button[data-cmd=h2]');
    await page.keyboard.type('Những con số nổi bật');
    await page.keyboard.press('Enter');
    await page.click('.gz-toolbar button[data-cmd=bullet]');
    await page.keyboard.type('Ba mươi mô hình mới');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Mười hai xã đạt chuẩn');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Xem thêm ');
    reporter.seen.answers.push('https://example.org/bao-cao');
    await page.keyboard.type('báo cáo');
    await page.keyboard.down('Shift');
    for (let i = 0; i < 'báo cáo'.length; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.up('Shift');
    await page.click('.gz-toolbar button[data-cmd=link]');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await paste(page, WORD_HTML);
    await page.waitForSelector('.gz-content .ProseMirror table');
    const body = await page.inputValue('#body');
    for (const want of ['<h2>Những con số nổi bật</h2>', '<ul><li>Ba mươi mô hình mới</li>', '<td>Xã Yên Phú</td>', 'Mười hai xã đạt chuẩn',
      'href="https://example.org/bao-cao"', '<table', 'Xã Yên Phú', 'Dân vận khéo'])
      expect(body.includes(want), `expected the body to contain ${want}, got ${body}`);
    for (const junk of ['mso', 'o:p', 'style=', 'class=', '<span', 'MsoNormal', 'lang=', 'Symbol', '·'])
      expect(!body.includes(junk), `expected no "${junk}" after the Word paste, got ${body}`);
    expect(body.includes('<ul><li>Dân vận khéo</li><li>Nông thôn mới</li></ul>'),
      `expected Word's list paragraphs to become a list, got ${body}`);
    expect(!/<p>(\s|&nbsp;)*<\/p>/.test(body), `expected no empty paragraphs, got ${body}`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\?ok=created/), page.click('button[name=save]')]);
    state.id = /\/admin\/articles\/(\d+)/.exec(page.url())[1];
    await page.waitForSelector('.gz-editor[data-ready="1"] .ProseMirror table');
    const saved = await page.inputValue('#body');
    expect(saved.includes('<table') && saved.includes('<h2>'), `expected the saved article to keep its table and heading, got ${saved}`);
    await Promise.all([page.waitForURL(/ok=submit/), page.click('button[formaction$="/submit"]')]);
    const csp = await page.evaluate(() => window.__csp);
    expect(csp.length === 0, `expected no CSP violations while editing, got ${csp.join(' | ')}`);
    expect(reporter.seen.errors.length === 0, `expected no script errors, got ${reporter.seen.errors.join(' | ')}`);
  });

  await test('pasted <script>, onerror, javascript: and friends never run and never reach the body', async () => {
    await openEditor(rpage, base);
    await rpage.click('.gz-content .ProseMirror');
    const before = reporter.seen.dialogs.length;
    await paste(rpage, EVIL_HTML);
    await rpage.waitForTimeout(300);
    expect(await rpage.evaluate(() => window.__pwned === undefined), 'expected window.__pwned to stay unset');
    expect(reporter.seen.dialogs.length === before, `expected no dialogs, got ${reporter.seen.dialogs.slice(before).join(' | ')}`);
    const dom = await rpage.$eval('.gz-content .ProseMirror', (e) => e.innerHTML);
    const body = await rpage.inputValue('#body');
    for (const s of [dom, body]) {
      expect(!/onerror|onload|onclick|<script|<iframe|<object|<svg|javascript:|style=/i.test(s.replace(/ style="[^"]*"/g, (m) => (s === dom ? '' : m))),
        `expected nothing executable, got ${s}`);
    }
    expect(body.includes('Trước') && body.includes('liên kết xấu') && body.includes('cuối'), `expected the text to survive, got ${body}`);
    await Promise.all([rpage.waitForURL(/ok=created/), (async () => {
      await rpage.fill('#title', 'Thử dán mã độc');
      await chooseCategory(rpage);
      await rpage.click('button[name=save]');
    })()]);
    expect(await rpage.evaluate(() => window.__pwned === undefined), 'expected window.__pwned to stay unset after saving');
  });
  await reporter.ctx.close();

  await test('a 12 MB phone photo with GPS is stored upright, small and without EXIF; a 31 MB file is refused in Vietnamese', async () => {
    // Issue 11 and issue 20 finding 3. The photo: 4000 x 3000 of noise (about 12 MB at quality
    // 95) lying on its side (Orientation 6), with GPS and the camera's make, from Debian's
    // Pillow and exiftool (deps/debian-packages.txt).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-photo-'));
    const jpg = path.join(dir, 'dien-thoai.jpg');
    const py = spawnSync('/usr/bin/python3', ['-c', 'import os, sys\nfrom PIL import Image\n' +
      'Image.frombytes("RGB", (4000, 3000), os.urandom(4000 * 3000 * 3)).save(sys.argv[1], quality=95)', jpg]);
    expect(py.status === 0, `expected Pillow to make the photo, got ${py.stderr}`);
    const ex = spawnSync('exiftool', ['-q', '-overwrite_original', '-n', '-Orientation=6', '-Make=GazettePhone',
      '-GPSLatitude=21.0285', '-GPSLatitudeRef=N', '-GPSLongitude=105.8542', '-GPSLongitudeRef=E', jpg]);
    expect(ex.status === 0, `expected exiftool to tag the photo, got ${ex.stderr}`);
    const size = fs.statSync(jpg).size;
    expect(size > 10e6, `expected a photo of about 12 MB, got ${size} bytes`);
    const { ctx, seen } = await watchedContext(browser);
    const page = await ctx.newPage();
    await login(page, base, 'reporter');
    await openEditor(page, base);
    await page.click('.gz-toolbar .gz-image');
    await page.waitForSelector('dialog.gz-picker[open]');
    // large files cross the DevTools pipe slowly on a loaded machine: generous limits
    await page.setInputFiles('dialog.gz-picker input[type=file]', jpg, { timeout: 120000 });
    await page.waitForSelector('dialog.gz-picker', { state: 'hidden', timeout: 120000 });
    const src = await page.$eval('.gz-content .ProseMirror img', (i) => [i.getAttribute('src'), i.getAttribute('width'), i.getAttribute('height')]);
    expect(/^\/media\/.*\.jpg$/.test(src[0]), `expected the uploaded photo in the article, got ${src[0]}`);
    expect(src[1] === '1920' && src[2] === '2560', `expected 1920 x 2560 (upright, 2560 px long), got ${src[1]} x ${src[2]}`);
    const stored = Buffer.from(await (await page.request.get(`${base}${src[0]}`)).body());
    // Metadata lives in the segments before the scan (SOS, FF DA); the entropy-coded noise after it
    // may hold any three bytes, "GPS" included, so only the header is searched.
    const header = jpegHeader(stored);
    expect(header.appSegments.every((m) => m === 0xe0), `expected no APP1 (EXIF/XMP), APP13 (IPTC) or other metadata segment, got markers ${header.appSegments.map((m) => m.toString(16)).join(' ')}`);
    for (const marker of ['Exif\0\0', 'GazettePhone', 'GPS', 'http://ns.adobe.com/xap'])
      expect(!header.bytes.includes(Buffer.from(marker, 'latin1')), `expected the stored original without ${JSON.stringify(marker)}`);
    await page.click('.gz-toolbar .gz-image');
    await page.waitForSelector('dialog.gz-picker[open]');
    await page.setInputFiles('dialog.gz-picker input[type=file]',
      { name: 'qua-lon.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(31 * 1024 * 1024, 0xff) },
      { timeout: 120000 });
    await retry(async () => {
      const said = await page.textContent('dialog.gz-picker .gz-picker-status');
      expect(said === 'Ảnh quá lớn: tối đa 30 MB', `expected "Ảnh quá lớn: tối đa 30 MB" in the picker, got ${JSON.stringify(said)}`);
    });
    expect(seen.errors.length === 0, `expected no script errors, got ${seen.errors.join(' | ')}`);
    fs.rmSync(dir, { recursive: true, force: true });
    await ctx.close();
  });

  await test('the publisher opens the submitted article and publishes it', async () => {
    expect(state.id, 'needs the contributor\'s article');
    const { ctx, seen } = await watchedContext(browser);
    const page = await ctx.newPage();
    await login(page, base, 'chief');
    await page.goto(`${base}/admin?status=submitted`);
    await page.goto(`${base}/admin/articles/${state.id}`);
    await page.waitForSelector('.gz-editor[data-ready="1"] .ProseMirror table');
    await Promise.all([page.waitForURL(/ok=publish/), page.click('button[formaction$="/publish"][name=now]')]);
    state.url = await page.getAttribute('p.meta a:text("Xem trên trang")', 'href');
    expect(state.url && state.url.endsWith('.html'), `expected a public link, got ${state.url}`);
    expect(seen.errors.length === 0, `expected no script errors, got ${seen.errors.join(' | ')}`);
    await ctx.close();
  });

  await test('a reader finds the article on the home page and in its category, with its table, heading and list', async () => {
    expect(state.url, 'needs the published article');
    const { ctx, seen } = await watchedContext(browser);
    const page = await ctx.newPage();
    await retry(async () => {
      await page.goto(`${base}/`);
      expect(await page.locator(`a[href="${state.url}"]`).count() > 0, `expected a link to ${state.url} on the home page`);
    });
    await page.goto(`${base}${state.url}`);
    const main = page.locator('article .body');
    expect(await main.locator('h2', { hasText: 'Những con số nổi bật' }).count() === 1, 'expected the heading');
    expect(await main.locator('ul li', { hasText: 'Mười hai xã đạt chuẩn' }).count() === 1, 'expected the list');
    expect(await main.locator('ul li', { hasText: 'Nông thôn mới' }).count() === 1, 'expected the pasted Word list');
    expect(await main.locator('table td', { hasText: 'Xã Yên Phú' }).count() === 1, 'expected the pasted table');
    expect(await main.locator('a[href="https://example.org/bao-cao"]').count() === 1, 'expected the link');
    const html = await page.content();
    expect(!/mso-|o:p|MsoNormal/.test(html), 'expected no Word junk in the published page');
    await page.screenshot({ path: path.join(ARTIFACTS, 'published.png'), fullPage: true });
    const crumbs = await page.$$eval('nav.breadcrumb a', (as) => as.map((a) => a.getAttribute('href')));
    const category = crumbs[crumbs.length - 1];
    expect(category && category.startsWith('/chuyen-muc/'), `expected a category link in the breadcrumb, got ${crumbs}`);
    await retry(async () => {
      await page.goto(`${base}${category}`);
      expect(await page.locator(`main a[href="${state.url}"]`).count() > 0, `expected a link to ${state.url} on ${category}`);
    });
    expect(seen.errors.length === 0 && seen.dialogs.length === 0, `expected no errors or dialogs, got ${seen.errors} ${seen.dialogs}`);
    await ctx.close();
  });

  if (payloads) await xssCorpus(browser, base, payloads);
}

// Every payload, sanitised by the real server, rendered in Chromium with the CSP switched off (so
// that the sanitiser alone is tested): no script may be compiled in the page's world, no dialog,
// no navigation, no pop-up. A control page with an inline handler proves the detector works. Four
// tabs share the pages between them.
async function watchedTab(ctx, base, events) {
  const page = await ctx.newPage();
  const tab = { page, current: 'about:blank' };
  page.on('dialog', (d) => { events.push(`${tab.current}: dialog ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame() && f.url() !== tab.current && f.url() !== 'about:blank')
      events.push(`${tab.current}: navigation to ${f.url()}`);
  });
  page.on('popup', (p) => events.push(`${tab.current}: pop-up ${p.url()}`));
  const cdp = await ctx.newCDPSession(page);
  cdp.on('Debugger.scriptParsed', (e) => {
    const aux = e.executionContextAuxData || {};
    if (aux.isDefault === false || aux.type === 'isolated') return; // Playwright's own world
    if (e.url.startsWith(`${base}/static/`)) return; // the theme's own scripts
    events.push(`${tab.current}: script ${e.url || '(inline)'} ${e.startLine}:${e.startColumn}`);
  });
  await cdp.send('Debugger.enable');
  tab.visit = async (url) => {
    tab.current = url;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 15000 });
    await page.waitForTimeout(25); // image errors, ontoggle, onfocus, animations: a few frames
  };
  return tab;
}

async function xssCorpus(browser, base, payloads) {
  await test(`the XSS corpus (${payloads.length} payloads) runs nothing in Chromium`, async () => {
    const t0 = Date.now();
    const ctx = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
    const events = [];
    const tabs = [];
    for (let i = 0; i < 4; i++) tabs.push(await watchedTab(ctx, base, events));

    await tabs[0].page.setContent('<p>control<img src="/nothing.png" onerror="document.title=1"></p>');
    await tabs[0].page.waitForTimeout(100);
    expect(events.some((e) => e.includes('script')), `expected the control page's handler to be detected, got ${events}`);
    events.length = 0;

    const first = await fetch(`${base}/xss-corpus-1-${XSS_FIRST_ID}.html`);
    expect(first.status === 200, `expected the imported corpus at /xss-corpus-1-${XSS_FIRST_ID}.html, got ${first.status}`);
    let next = 0;
    await Promise.all(tabs.map(async (tab) => {
      while (next < payloads.length) {
        const i = next++;
        await tab.visit(`${base}/xss-corpus-${i + 1}-${XSS_FIRST_ID + i}.html`);
      }
    }));
    await new Promise((r) => setTimeout(r, 100)); // stragglers
    const bad = events.map((e) => {
      const n = Number(/xss-corpus-(\d+)-/.exec(e)?.[1]);
      return n ? `${e}\n       payload ${n} "${payloads[n - 1].title}": ${payloads[n - 1].payload.slice(0, 160)}` : e;
    });
    expect(events.length === 0, `expected nothing to run, got ${events.length}:\n     ${bad.slice(0, 10).join('\n     ')}`);
    console.log(`     ${payloads.length} pages in ${Date.now() - t0} ms`);
    await ctx.close();
  });
}

// ---- main ----------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(BIN)) skip(`${BIN} not found (set GAZETTE_BIN)`);
  // `make test` does not run `make build`: build the editor bundle here when it is missing.
  if (!fs.existsSync(VENDOR) || !fs.existsSync(path.join(ROOT, 'node_modules', 'playwright-core')))
    spawnSync(path.join(ROOT, 'tools', 'editor.sh'), [], { stdio: 'inherit' });
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    skip('playwright-core is not installed (npm ci at the repository root)');
  }
  if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} not found (apt-get install chromium)`);
  let payloads = null;
  if (fs.existsSync(CORPUS)) payloads = JSON.parse(fs.readFileSync(CORPUS, 'utf8'));
  else console.log(`SKIP: XSS corpus test: ${CORPUS} not found (set XSS_CORPUS)`);

  const site = await startSite(payloads);
  let browser;
  try {
    // Playwright gives every launch a new empty profile (it refuses --user-data-dir in args).
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    await run(browser, site, payloads);
  } catch (e) {
    results.push({ name: 'setup', ok: false });
    console.log(`FAIL setup: ${e && e.stack || e}`);
  } finally {
    if (browser) await browser.close();
    if (results.some((r) => !r.ok)) console.log(`server log (last lines):\n${site.log()}`);
    await stopSite(site);
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log(`FAIL: ${e && e.stack || e}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
