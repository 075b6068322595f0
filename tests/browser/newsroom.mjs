// Browser tests of the newsroom's working day (issue 11) in Debian's Chromium, driven by playwright-core:
// nothing typed is lost (an action button saves the form first; the warning before leaving; the server
// autosave offered back after a closed tab), one vocabulary of states and the start pages per role, the
// labelled diff, and axe-core on every newsroom screen. Starts its own Gazette on a free loopback port;
// prints "N passed, M failed"; exits 77 (skip) when playwright-core or Chromium is missing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(process.env.GAZETTE_ROOT || path.join(HERE, '..', '..'));
const BIN = path.resolve(process.env.GAZETTE_BIN || path.join(ROOT, 'build', 'src', 'gazette'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const PASSWORD = 'Mat-khau-thu-nghiem-2026';
const ONLY = process.env.ONLY || '';

const results = [];
async function test(name, fn) {
  if (ONLY && !name.includes(ONLY)) return;
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
  console.log(`SKIP: newsroom browser tests: ${why}`);
  process.exit(77);
}

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

async function startSite() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-newsroom-'));
  const db = path.join(tmp, 'site.db');
  gazette(tmp, 'init', '--db', db, '--demo', '--admin', 'boss', '--admin-password-file', writePw(tmp));
  for (const [role, name] of [['contributor', 'reporter'], ['editor', 'desk'], ['publisher', 'chief']])
    gazette(tmp, 'user', 'add', '--db', db, '--role', role, '--password-file', path.join(tmp, 'password'), name);
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
      if ((await fetch(`${base}/healthz`)).ok) return site;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill('SIGKILL');
  throw new Error(`gazette serve did not answer /healthz within 10 s:\n${site.log()}`);
}

function writePw(tmp) {
  const pw = path.join(tmp, 'password');
  fs.writeFileSync(pw, PASSWORD + '\n', { mode: 0o600 });
  return pw;
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

// A logged-in page whose script errors, CSP violations and dialogs are recorded.
async function session(browser, base, name) {
  const ctx = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1200, height: 900 } });
  const seen = { errors: [], dialogs: [], answers: [] }; // answers: replies to expected prompts
  await ctx.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective}: ${e.blockedURI || ''}`));
  });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('dialog', (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    (seen.answers.length ? d.accept(seen.answers.shift()) : d.accept()).catch(() => {});
  });
  await page.goto(`${base}/admin/login`);
  await page.fill('#name', name);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('main button[type=submit]')]);
  return { ctx, page, seen };
}

async function openEditor(page, url) {
  await page.goto(url);
  await page.waitForSelector('.gz-editor[data-ready="1"] .ProseMirror', { timeout: 10000 });
}

// A new draft by the current user, saved; returns its id.
async function newDraft(page, base, title) {
  await openEditor(page, `${base}/admin/articles/new`);
  await page.fill('#title', title);
  await page.click('.gz-content .ProseMirror');
  await page.keyboard.type('Nội dung bài viết thử.');
  await Promise.all([page.waitForURL(/ok=created/), page.click('button[name=save]')]);
  return Number(/\/admin\/articles\/(\d+)/.exec(page.url())[1]);
}

async function run(browser, site) {
  const { base } = site;
  const rep = await session(browser, base, 'reporter');
  const state = {};

  await test('an action button keeps unsaved changes: "Bút danh cuối bài" changed, "Gửi duyệt" without "Lưu"', async () => {
    const { page } = rep;
    state.id = await newDraft(page, base, 'Bài thử không mất chữ');
    await page.fill('#signature', 'PV Hữu Chất');
    await Promise.all([page.waitForURL(/ok=submit/), page.click('button[formaction$="/submit"]')]);
    const r = await fetch(`${base}/api/v1/articles/${state.id}`);
    await page.goto(`${base}/admin/articles/${state.id}`);
    const sig = await page.inputValue('#signature');
    expect(sig === 'PV Hữu Chất', `expected the signature typed before "Gửi duyệt" to be kept, got "${sig}" (api ${r.status})`);
    const status = (await page.textContent('p.meta .status')).trim();
    expect(status === 'Chờ duyệt', `expected the status "Chờ duyệt", got "${status}"`);
    const banner = await page.locator('p.readonly').count();
    expect(banner === 1, 'expected a read-only banner once the contributor has submitted');
    expect(await page.locator('fieldset.fields[disabled]').count() === 1, 'expected the fields to be disabled');
  });

  await test('a stale action is refused with the person\'s text kept', async () => {
    const { page } = rep;
    const id = await newDraft(page, base, 'Bài thử xung đột');
    await page.goto(`${base}/admin/articles/${id}`);
    await page.waitForSelector('.gz-editor[data-ready="1"]');
    // Another tab saves meanwhile.
    const other = await rep.ctx.newPage();
    await other.goto(`${base}/admin/articles/${id}`);
    await other.waitForSelector('.gz-editor[data-ready="1"]');
    await other.fill('#lead', 'Sapo từ thẻ khác');
    await Promise.all([other.waitForURL(/ok=saved/), other.click('button[name=save]')]);
    await other.close();
    await page.fill('#source', 'Báo Hưng Yên');
    const [resp] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/submit')), page.click('button[formaction$="/submit"]')]);
    expect(resp.status() === 409, `expected 409 for the stale submit, got ${resp.status()}`);
    const src = await page.inputValue('#source');
    expect(src === 'Báo Hưng Yên', `expected the typed source to be kept in the form, got "${src}"`);
    const a = await (await fetch(`${base}/admin/articles/${id}`, { headers: { cookie: (await rep.ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).text();
    expect(a.includes('Bản nháp') || a.includes('Nháp'), 'expected the article still a draft after the refused submit');
  });

  await test('leaving the editor with unsaved changes asks first; a saved form does not', async () => {
    const { page, seen } = rep;
    const id = await newDraft(page, base, 'Bài thử rời trang');
    seen.dialogs.length = 0;
    await page.goto(`${base}/admin`);
    expect(seen.dialogs.length === 0, `expected no warning leaving a saved form, got ${seen.dialogs.join(' | ')}`);
    await openEditor(page, `${base}/admin/articles/${id}`);
    await page.fill('#signature', 'chưa lưu');
    await page.goto(`${base}/admin`);
    expect(seen.dialogs.some((d) => d.startsWith('beforeunload')), `expected a beforeunload warning, got ${seen.dialogs.join(' | ') || 'none'}`);
  });

  await test('autosave every 30 s and the draft offered back after the tab is closed', async () => {
    const ctx = rep.ctx;
    const page = await ctx.newPage();
    await page.clock.install();
    await openEditor(page, `${base}/admin/articles/new`);
    await page.fill('#title', 'Bài viết chưa kịp lưu');
    await page.click('.gz-content .ProseMirror');
    await page.keyboard.type('Đoạn văn gõ dở lúc mất điện.');
    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/admin/autosave')),
      page.clock.runFor(31000),
    ]);
    expect(resp.status() === 200, `expected the autosave to answer 200, got ${resp.status()}`);
    await page.close({ runBeforeUnload: false });
    const again = await ctx.newPage();
    await again.goto(`${base}/admin/articles/new`);
    expect(await again.locator('#autosave-offer').count() === 1, 'expected the editor to offer the autosaved draft');
    await Promise.all([again.waitForURL(/autosave=1/), again.click('#autosave-offer a')]);
    const title = await again.inputValue('#title');
    expect(title === 'Bài viết chưa kịp lưu', `expected the autosaved title back, got "${title}"`);
    const body = await again.inputValue('#body');
    expect(body.includes('gõ dở lúc mất điện'), `expected the autosaved body back, got "${body}"`);
    await again.close({ runBeforeUnload: false });
  });

  await test('the editor: text typed after a link is not linked; a Word paste logs no CSP violation', async () => {
    const { page } = rep;
    await openEditor(page, `${base}/admin/articles/new`);
    await page.evaluate(() => window.__csp.splice(0));
    await page.evaluate(() => {
      const ed = window.gazetteEditor;
      ed.commands.setContent('<p>Xem <a href="https://example.org/">trang này</a></p>');
    });
    await page.click('.gz-content .ProseMirror p');
    await page.keyboard.press('End');
    await page.keyboard.type('. Rồi đọc tiếp', { delay: 20 });
    const html = await page.inputValue('#body');
    expect(/<a [^>]*>trang này<\/a>\. Rồi đọc tiếp/.test(html), `expected the typed text outside the link, got ${html}`);
    const word = fs.readFileSync(path.join(HERE, 'word-paste.html'), 'utf8');
    await page.evaluate((h) => {
      const dt = new DataTransfer();
      dt.setData('text/html', h);
      dt.setData('text/plain', 'Kết quả');
      document.querySelector('.gz-content .ProseMirror').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, word);
    const body = await page.inputValue('#body');
    expect(body.includes('Dân vận khéo'), `expected the pasted text in the body, got ${body.slice(0, 200)}`);
    const csp = await page.evaluate(() => window.__csp);
    expect(csp.length === 0, `expected no CSP violation from the paste, got ${csp.length}: ${csp.slice(0, 3).join(' | ')}`);
  });

  await test('images carry captions (figure and figcaption) through the editor and the server', async () => {
    const { page, seen } = rep;
    const id = await newDraft(page, base, 'Bài có ảnh chú thích');
    await openEditor(page, `${base}/admin/articles/${id}`);
    await page.evaluate(() => window.gazetteEditor.commands.setContent(
      '<p>Mở đầu.</p><figure><img src="/static/none.jpg" alt="Cánh đồng"><figcaption>Chú thích cũ</figcaption></figure><p>Kết.</p>'));
    await page.evaluate(() => window.gazetteEditor.commands.setNodeSelection(9));
    seen.answers.push('Ảnh: Hữu Chất');
    await page.click('.gz-toolbar .gz-caption');
    const sent = await page.inputValue('#body');
    expect(/<figure><img [^>]*alt="Cánh đồng"[^>]*><figcaption>Ảnh: Hữu Chất<\/figcaption><\/figure>/.test(sent),
      `expected the new caption in a figure, got ${sent}`);
    await Promise.all([page.waitForURL(/ok=saved/), page.click('button[name=save]')]);
    await page.waitForSelector('.gz-editor[data-ready="1"]');
    const stored = await page.evaluate(() => document.getElementById('body').value);
    expect(stored.includes('<figcaption>Ảnh: Hữu Chất</figcaption>'), `expected the caption kept by the server, got ${stored}`);
  });

  await test('players, sub- and superscripts and aligned text of an imported body survive a save in the editor', async () => {
    const { page } = rep;
    const id = await newDraft(page, base, 'Bài nhập có video');
    await openEditor(page, `${base}/admin/articles/${id}`);
    await page.evaluate(() => window.gazetteEditor.commands.setContent(
      '<p class="align-center">QUYẾT ĐỊNH</p><p>Diện tích 25 m<sup>2</sup>, H<sub>2</sub>O.</p>' +
      '<iframe src="https://www.youtube.com/embed/abc123" width="560" height="315" title="Lễ hội"></iframe>' +
      '<video src="/static/none.mp4" poster="/static/none.jpg"></video>' +
      '<audio><source src="/static/none.mp3" type="audio/mpeg"></audio><p class="align-right">Nguyễn Văn A</p>'));
    const sent = await page.inputValue('#body');
    for (const want of ['<p class="align-center">QUYẾT ĐỊNH</p>', 'm<sup>2</sup>', 'H<sub>2</sub>O',
      'src="https://www.youtube.com/embed/abc123"', '<video', 'src="/static/none.mp4"',
      '<source src="/static/none.mp3" type="audio/mpeg">', '<p class="align-right">Nguyễn Văn A</p>']) {
      expect(sent.includes(want), `expected ${want} in the form's body, got ${sent}`);
    }
    expect(await page.locator('.gz-content .gz-player').count() === 3, 'expected three player boxes in the editor');
    await Promise.all([page.waitForURL(/ok=saved/), page.click('button[name=save]')]);
    await page.waitForSelector('.gz-editor[data-ready="1"]');
    const stored = await page.evaluate(() => document.getElementById('body').value);
    for (const want of ['class="align-center"', 'm<sup>2</sup>', 'youtube.com/embed/abc123', '<video',
      '/static/none.mp3', 'class="align-right"']) {
      expect(stored.includes(want), `expected ${want} kept by the server, got ${stored}`);
    }
    const csp = await page.evaluate(() => window.__csp);
    expect(csp.length === 0, `expected no CSP violation (the players load nothing here), got ${csp.join(' | ')}`);
  });

  await test('in-page anchors of an imported body (a table of contents, footnotes) survive a save in the editor', async () => {
    const { page } = rep;
    const id = await newDraft(page, base, 'Bài có chú thích');
    await openEditor(page, `${base}/admin/articles/${id}`);
    await page.evaluate(() => window.gazetteEditor.commands.setContent(
      '<p><a href="#nd-muc-1">Mục 1</a></p><h2 id="nd-muc-1">Mục 1</h2>' +
      '<p>Theo luật<a href="#nd-_ftn1" id="nd-_ftnref1">[1]</a>.</p>' +
      '<h3><a id="nd-_Toc12"></a>Phụ lục</h3>' +
      '<p><a href="#nd-_ftnref1" id="nd-_ftn1">[1]</a> Luật số 1.</p>'));
    const sent = await page.inputValue('#body');
    for (const want of ['id="nd-muc-1"', 'href="#nd-muc-1"', 'id="nd-_ftnref1"', 'id="nd-_ftn1"',
      '<h3 id="nd-_Toc12">']) {
      expect(sent.includes(want), `expected ${want} in the form's body, got ${sent}`);
    }
    await Promise.all([page.waitForURL(/ok=saved/), page.click('button[name=save]')]);
    await page.waitForSelector('.gz-editor[data-ready="1"]');
    const stored = await page.evaluate(() => document.getElementById('body').value);
    for (const want of ['id="nd-muc-1"', 'href="#nd-muc-1"', 'href="#nd-_ftn1"', 'id="nd-_ftnref1"',
      'href="#nd-_ftnref1"', 'id="nd-_ftn1"', 'id="nd-_Toc12"']) {
      expect(stored.includes(want), `expected ${want} kept by the server, got ${stored}`);
    }
  });

  await test('the picker hides "Xem thêm" when there is nothing more', async () => {
    const { page } = rep;
    await openEditor(page, `${base}/admin/articles/new`);
    await page.click('.gz-toolbar .gz-image');
    await page.waitForSelector('dialog.gz-picker[open]');
    await page.waitForTimeout(300);
    const more = page.locator('dialog.gz-picker button', { hasText: 'Xem thêm' });
    expect(!(await more.isVisible()), 'expected "Xem thêm" hidden with an empty or short library');
  });

  await test('start pages per role: "Chờ duyệt" for the editor, "Bị trả lại" for the contributor, publisher\'s counts', async () => {
    expect(state.id, 'needs the submitted article of the first test');
    const desk = await session(browser, base, 'desk');
    await desk.page.goto(`${base}/admin`);
    const waiting = await desk.page.textContent('.cards a:has(.label:text-is("Chờ duyệt")) .count');
    expect(Number(waiting) >= 1, `expected the editor's "Chờ duyệt" count to be at least 1, got ${waiting}`);
    await desk.page.goto(`${base}/admin/articles/${state.id}`);
    await desk.page.fill('#comment', 'Cần thêm nguồn.\nVà ảnh minh họa.');
    await Promise.all([desk.page.waitForURL(/ok=return/), desk.page.click('button[formaction$="/return"]')]);
    await desk.ctx.close();
    const { page } = rep;
    await page.goto(`${base}/admin`);
    const card = page.locator('.cards a:has(.label:text-is("Bị trả lại"))');
    expect((await card.locator('.count').textContent()) === '1', 'expected one returned article on the contributor\'s start page');
    await Promise.all([page.waitForURL(/state=returned/), card.click()]);
    const row = page.locator('table.list tbody tr', { hasText: 'Bài thử không mất chữ' });
    expect((await row.locator('.state').textContent()) === 'Bị trả lại', 'expected the list to say "Bị trả lại" as the article does');
    await Promise.all([page.waitForURL(new RegExp(`/admin/articles/${state.id}$`)), row.locator('a').first().click()]);
    expect((await page.textContent('p.meta .status')) === 'Bị trả lại', 'expected the article to say "Bị trả lại"');
    expect((await page.textContent('p.note')).includes('Và ảnh minh họa'), 'expected the multi-line return reason shown');
    const chief = await session(browser, base, 'chief');
    await chief.page.goto(`${base}/admin`);
    const labels = await chief.page.$$eval('.cards .label', (ls) => ls.map((l) => l.textContent));
    expect(labels.join('|') === 'Chờ xuất bản|Đã lên lịch', `expected the publisher's counts, got ${labels.join('|')}`);
    await chief.ctx.close();
  });

  await test('the labelled diff is one click from the article, each field by its name', async () => {
    const { page } = rep;
    await openEditor(page, `${base}/admin/articles/${state.id}`);
    await page.fill('#source', 'Báo Hưng Yên');
    await Promise.all([page.waitForURL(/ok=saved/), page.click('button[name=save]')]);
    await Promise.all([page.waitForURL(/\/diff\?from=/), page.click('a:text("Thay đổi gần nhất")')]);
    const heads = await page.$$eval('.diff-field h2', (hs) => hs.map((h) => h.textContent));
    expect(heads.join('|') === 'Nguồn', `expected only "Nguồn" changed, got ${heads.join('|')}`);
    expect((await page.textContent('.diff-field ins')) === 'Báo Hưng Yên', 'expected the added source marked as inserted');
  });

  await test('a static page in the articles\' editor: saved, revised, compared, submitted', async () => {
    const { ctx, page, seen } = await session(browser, base, 'reporter');
    await openEditor(page, `${base}/admin/pages`);
    await page.fill('#page-title', 'Lịch sử hình thành');
    await page.click('.gz-content .ProseMirror');
    await page.keyboard.type('Thành lập năm 1945.');
    await Promise.all([page.waitForURL(/\/admin\/pages\/\d+\?ok=saved/), page.click('button:text-is("Lưu")')]);
    const id = Number(/\/admin\/pages\/(\d+)/.exec(page.url())[1]);
    await page.waitForSelector('.gz-editor[data-ready="1"] .ProseMirror');
    await page.click('.gz-content .ProseMirror p');
    await page.keyboard.press('End');
    await page.keyboard.type(' Đổi tên năm 1976.');
    await Promise.all([page.waitForURL(/ok=saved/), page.click('button:text-is("Lưu")')]);
    await page.goto(`${base}/admin/pages/${id}/revisions`);
    await Promise.all([page.waitForURL(/\/diff\?from=/), page.click('a:text("So với bản trước")')]);
    const heads = await page.$$eval('.diff-field h2', (hs) => hs.map((h) => h.textContent));
    expect(heads.join('|') === 'Nội dung', `expected only "Nội dung" changed, got ${heads.join('|')}`);
    const ins = await page.textContent('.diff-field ins');
    expect(ins.includes('Đổi tên năm 1976.'), `expected the added sentence marked as inserted, got ${ins}`);
    await openEditor(page, `${base}/admin/pages/${id}`);
    await Promise.all([page.waitForURL(/ok=page_submit/), page.click('button:text-is("Lưu và gửi duyệt")')]);
    expect((await page.textContent('.meta strong')) === 'Chờ duyệt', 'expected the page submitted');
    const csp = await page.evaluate(() => window.__csp);
    expect(seen.errors.length === 0 && csp.length === 0,
      `expected no script error or CSP violation, got ${[...seen.errors, ...csp].join('; ')}`);
    await ctx.close();
  });

  await rep.ctx.close();
}

// A w x h RGB PNG of noise (so that it does not compress to nothing: the upload takes a moment).
function noisePng(w, h, seed) {
  const chunk = (kind, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(kind), data])));
    return Buffer.concat([len, Buffer.from(kind), data, crc]);
  };
  const raw = Buffer.alloc((w * 3 + 1) * h);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < raw.length; i++) {
    if (i % (w * 3 + 1) === 0) { raw[i] = 0; continue; }
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    raw[i] = x & 0xff;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}

// The media library: several files chosen at once, each sent with its own progress bar; a bad file
// refused in Vietnamese beside its name while the others go in; the same form without JavaScript.
async function mediaLibrary(browser, site) {
  const { base } = site;
  const files = [
    { name: 'le-hoi-1.png', mimeType: 'image/png', buffer: noisePng(900, 700, 7) },
    { name: 'khong-phai-anh.png', mimeType: 'image/png', buffer: Buffer.from('chỉ là chữ, không phải ảnh\n') },
    { name: 'le-hoi-2.png', mimeType: 'image/png', buffer: noisePng(800, 600, 11) },
  ];
  const rep = await session(browser, base, 'reporter');
  const { page, seen } = rep;
  await rep.ctx.addInitScript(() => {
    window.__progress = [];
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body) {
      this.upload.addEventListener('progress', (e) => window.__progress.push([e.loaded, e.total]));
      return send.call(this, body);
    };
  });

  await test('media: several files at once, each with a progress bar; a bad one refused beside its name', async () => {
    await page.goto(`${base}/admin/media`);
    await page.setInputFiles('#media-file', files);
    await page.click('#media-upload button[type=submit]');
    await page.waitForSelector('.upload-progress a', { timeout: 20000 });
    const rows = await page.$$eval('.upload-progress li', (ls) => ls.filter((l) => l.querySelector('progress')).map((l) => ({
      cls: l.className, name: l.querySelector('.upload-name').textContent.trim(),
      value: l.querySelector('progress').value, state: l.querySelector('.upload-state').textContent.trim() })));
    expect(rows.length === 3, `expected a row per file, got ${JSON.stringify(rows)}`);
    expect(rows[0].cls === 'done' && rows[0].value === 100 && rows[2].cls === 'done' && rows[2].value === 100,
      `expected both pictures done at 100 %, got ${JSON.stringify(rows)}`);
    expect(rows[1].cls === 'failed' && /Chỉ nhận ảnh JPEG, PNG, GIF hoặc WebP/.test(rows[1].state),
      `expected the text file refused in Vietnamese, got ${JSON.stringify(rows[1])}`);
    expect(!/\b4\d\d\b/.test(rows[1].state), `expected no bare status code, got ${rows[1].state}`);
    const progress = await page.evaluate(() => window.__progress);
    expect(progress.length >= 3 && progress.every(([l, t]) => t > 0 && l <= t),
      `expected upload progress events of each request, got ${JSON.stringify(progress)}`);
    await page.click('.upload-progress a');
    const names = await page.$$eval('table.media td:nth-child(2) a', (as) => as.map((a) => a.textContent));
    expect(names.includes('le-hoi-1.png') && names.includes('le-hoi-2.png') && !names.includes('khong-phai-anh.png'),
      `expected the two pictures in the library and not the text, got ${names.join(', ')}`);
    expect(seen.errors.length === 0, `expected no script error, got ${seen.errors.join('; ')}`);
    expect((await page.evaluate(() => window.__csp)).length === 0, 'expected no CSP violation');
  });

  await test('media: all files good: the library opens with "Đã tải ảnh lên."', async () => {
    await page.goto(`${base}/admin/media`);
    await page.setInputFiles('#media-file', [files[0], files[2]].map((f, i) => ({ ...f, name: `tot-${i}.png` })));
    await Promise.all([page.waitForURL(/ok=media/, { timeout: 20000 }), page.click('#media-upload button[type=submit]')]);
    expect((await page.textContent('.flash')).includes('Đã tải ảnh lên.'), 'expected the flash message');
    const href = await page.getAttribute('table.media td:nth-child(2) a', 'href');
    site.mediaScreen = href;
  });

  await test('media: a file\'s alt text and caption, edited on its screen, come with it into the editor', async () => {
    expect(site.mediaScreen, 'needs the uploads of the test before');
    await page.goto(base + site.mediaScreen);
    await page.fill('#m-alt', 'Đoàn rước kiệu qua cổng làng');
    await page.fill('#m-caption', 'Ảnh: Hữu Chất');
    await Promise.all([page.waitForURL(/ok=media-saved/), page.click('form.media-edit button[type=submit]')]);
    expect((await page.textContent('.flash')).includes('Đã lưu mô tả ảnh.'), 'expected the saved message');
    await openEditor(page, `${base}/admin/articles/new`);
    await page.click('.gz-toolbar .gz-image');
    await page.waitForSelector('dialog.gz-picker[open] .gz-picker-item');
    await page.click('dialog.gz-picker .gz-picker-item >> nth=0');
    const sent = await page.inputValue('#body');
    expect(/<figure><img [^>]*alt="Đoàn rước kiệu qua cổng làng"[^>]*><figcaption>Ảnh: Hữu Chất<\/figcaption><\/figure>/.test(sent),
      `expected the library's alt text and caption on the inserted picture, got ${sent}`);
  });

  await test('media: without JavaScript the same form uploads several files', async () => {
    const ctx = await browser.newContext({ locale: 'vi-VN', javaScriptEnabled: false });
    const p = await ctx.newPage();
    await p.goto(`${base}/admin/login`);
    await p.fill('#name', 'reporter');
    await p.fill('#password', PASSWORD);
    await Promise.all([p.waitForURL((u) => !u.pathname.endsWith('/login')), p.click('main button[type=submit]')]);
    await p.goto(`${base}/admin/media`);
    await p.setInputFiles('#media-file', [files[0], files[2]].map((f, i) => ({ ...f, name: `khong-js-${i}.png` })));
    await Promise.all([p.waitForURL(/ok=media/, { timeout: 20000 }), p.click('#media-upload button[type=submit]')]);
    const names = await p.$$eval('table.media td:nth-child(2) a', (as) => as.map((a) => a.textContent));
    expect(names.includes('khong-js-0.png') && names.includes('khong-js-1.png'),
      `expected both files uploaded without JavaScript, got ${names.join(', ')}`);
    await ctx.close();
  });

  await rep.ctx.close();
}

// Every newsroom screen through axe-core, as the admin sees it (CSP bypassed only to inject axe).
async function axeScreens(browser, site) {
  await test('axe-core finds no violation on any newsroom screen', async () => {
    expect(fs.existsSync(AXE), `${AXE} is missing: npm ci`);
    const ctx = await browser.newContext({ locale: 'vi-VN', bypassCSP: true, viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    const { base } = site;
    const found = [];
    async function check(url) {
      await page.goto(base + url);
      await page.addScriptTag({ path: AXE });
      const v = await page.evaluate(async () => (await window.axe.run(document)).violations
        .map((x) => `${x.id} (${x.nodes.length}: ${x.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')})`));
      for (const x of v) found.push(`${url}: ${x}`);
    }
    await check('/admin/login');
    await page.fill('#name', 'boss');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('main button[type=submit]')]);
    await page.goto(`${base}/admin/articles/new`);
    await page.waitForSelector('.gz-editor[data-ready="1"]');
    await page.fill('#title', 'Bài cho axe');
    await Promise.all([page.waitForURL(/ok=created/), page.click('button[name=save]')]);
    const id = /articles\/(\d+)/.exec(page.url())[1];
    await page.fill('#lead', 'Sapo mới');
    await Promise.all([page.waitForURL(/ok=saved/), page.click('button[name=save]')]);
    const diff = await page.getAttribute('a:text("Thay đổi gần nhất")', 'href');
    await page.goto(`${base}/admin/pages`);
    await page.fill('#page-title', 'Trang cho axe');
    await Promise.all([page.waitForURL(/ok=saved/), page.click('button:text-is("Lưu")')]);
    const pid = /pages\/(\d+)/.exec(page.url())[1];
    await page.fill('#page-title', 'Trang cho axe, sửa');
    await Promise.all([page.waitForURL(/ok=saved/), page.click('button:text-is("Lưu")')]);
    const pageScreens = ['/admin/pages', `/admin/pages/${pid}`, `/admin/pages/${pid}/revisions`,
      `/admin/pages/${pid}/diff?from=1&to=2`];
    const screens = [...pageScreens, '/admin', '/admin?state=draft&q=axe', '/admin/articles/new', `/admin/articles/${id}`,
      `/admin/articles/${id}/revisions`, diff, '/admin/media', '/admin/categories', '/admin/tags',
      '/admin/users', '/admin/users/1', '/admin/settings', '/admin/audit', '/admin/password',
      ...(site.mediaScreen ? [site.mediaScreen] : [])];
    for (const s of screens) await check(s);
    await ctx.close();
    expect(found.length === 0, `expected no axe violations, got ${found.length}:\n       ${found.join('\n       ')}`);
  });
}

async function main() {
  if (!fs.existsSync(BIN)) skip(`${BIN} not found (set GAZETTE_BIN)`);
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    skip('playwright-core is not installed (npm ci at the repository root)');
  }
  if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} not found (apt-get install chromium)`);
  const site = await startSite();
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    await mediaLibrary(browser, site);
    await run(browser, site);
    await axeScreens(browser, site);
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
