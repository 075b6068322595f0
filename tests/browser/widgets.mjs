// Browser checks of the portal widgets (issue 14) and the legal documents (issue 12) in Debian's
// Chromium: axe-core finds no violation and the Nu Html Checker no error on the home page with its
// widgets, an article with the right column, a poll, /thu-vien-anh/ and an album, /video/ with an
// upload and an embed, /van-ban/ and a document, and the newsroom's documents, album and account
// screens, at 1280 and 390 px; the CSP lets the players' frames load (no violation) and nothing
// else; a reader votes with and without JavaScript; the lightbox opens without script; the
// relation picker works as one types and without JavaScript.
// Prints "N passed, M failed"; exits 77 (skip) when playwright-core, axe-core or Chromium is missing.
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
const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const VNU = path.join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PASSWORD = 'Mat-khau-thu-nghiem-2026';
const POLL_FORM_MIN_MS = 2200; // src/site/polls.h POLL_FORM_MIN_SECONDS, and a little more
const EMBED = 'https://www.youtube-nocookie.com/embed/abcDEF12345';

const results = [];
async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name} (${Date.now() - t0} ms)\n     ${String(e && e.stack || e).split('\n').slice(0, 12).join('\n     ')}`);
  }
}
function expect(cond, what) {
  if (!cond) throw new Error(what);
}
function skip(why) {
  console.log(`SKIP: widgets browser tests: ${why}`);
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
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-widgets-'));
  const db = path.join(tmp, 'site.db');
  const media = path.join(tmp, 'media');
  fs.mkdirSync(media);
  const pw = path.join(tmp, 'password');
  fs.writeFileSync(pw, PASSWORD + '\n', { mode: 0o600 });
  gazette(tmp, 'init', '--db', db, '--demo', '--demo-photos', '--media', media, '--admin', 'boss',
    '--admin-password-file', pw);
  gazette(tmp, 'user', 'add', '--db', db, '--role', 'editor', '--password-file', pw, '--right', 'documents', 'desk');
  const token = (gazette(tmp, 'user', 'token', '--db', db, 'desk').match(/[A-Za-z0-9_-]{32,}/) || [])[0];
  const port = await freePort();
  const logPath = path.join(tmp, 'server.log');
  const log = fs.openSync(logPath, 'a');
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--media', media], {
    cwd: tmp, stdio: ['ignore', log, log], env: { ...process.env, GAZETTE_SHARE: ROOT },
  });
  const base = `http://127.0.0.1:${port}`;
  const site = { tmp, base, proc, token, log: () => fs.readFileSync(logPath, 'utf8').slice(-3000) };
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

// Nothing leaves the machine: every request to another host is answered 204 at once (the players'
// frames included; the CSP is checked by the browser before any request is made).
async function offline(ctx, base) {
  await ctx.route((u) => !u.href.startsWith(base), (r) => r.fulfill({ status: 204, body: '' }));
}

async function login(browser, base, name) {
  const ctx = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
  await offline(ctx, base);
  const page = await ctx.newPage();
  await page.goto(`${base}/admin/login`);
  await page.fill('#name', name);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('main button[type=submit]')]);
  return { ctx, page };
}

// A newsroom form posted with the session's CSRF token, as the screen would send it.
async function post(page, base, screen, url, form, multipart) {
  await page.goto(base + screen);
  const csrf = await page.inputValue('input[name=csrf]');
  const r = await page.request.post(base + url, multipart ? { multipart: { csrf, ...form }, maxRedirects: 0 }
    : { form: { csrf, ...form }, maxRedirects: 0 });
  expect(r.status() === 303, `expected 303 from POST ${url}, got ${r.status()}: ${(await r.text()).slice(0, 300)}`);
  return r.headers().location || '';
}

async function api(site, method, url, body) {
  const r = await fetch(site.base + '/api/v1/' + url, {
    method, headers: { Authorization: `Bearer ${site.token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const doc = await r.json();
  expect(r.ok, `expected ${method} /api/v1/${url} to succeed, got ${r.status}: ${JSON.stringify(doc)}`);
  return doc;
}

function fakeMp4(size) {
  const head = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
  const body = Buffer.alloc(size - head.length);
  for (let i = 0; i < body.length; i++) body[i] = (i * 7 + 3) % 251;
  return Buffer.concat([head, body]);
}

// What the pages are made of: a poll in the right column, a website link, an album of two demo
// photos, a video upload and an embed, two published documents (one replacing the other).
async function furnish(browser, site) {
  const { base } = site;
  const { ctx, page } = await login(browser, base, 'boss');
  const made = {};
  await post(page, base, '/admin/polls', '/admin/polls', {
    question: 'Bạn thường đọc tin trên thiết bị nào?', max_choices: '1', per_address: '0', position: 'right',
    sort: '0', active: '1', opens: '', closes: '', add: 'Điện thoại\nMáy tính\nMáy tính bảng',
  });
  const polls = await (await page.request.get(base + '/admin/polls')).text();
  // the demo has a poll and an album of its own: find ours by their names
  made.poll = Number((polls.match(/href="\/admin\/polls\/(\d+)">Bạn thường đọc tin trên thiết bị nào\?</) || [])[1]);
  await post(page, base, '/admin/banners', '/admin/banners', {
    kind: 'link', position: 'right', title: 'Cổng Dịch vụ công quốc gia', url: 'https://dichvucong.gov.vn/',
    image: '', rel: '', starts: '', ends: '', sort: '0',
  });
  const media = await (await page.request.get(base + '/admin/media.json')).json();
  const imgs = media.items.filter((m) => /^image\//.test(m.mime || 'image/')).slice(0, 2);
  expect(imgs.length === 2, `expected two demo photos in the media library, got ${JSON.stringify(media).slice(0, 300)}`);
  await post(page, base, '/admin/albums', '/admin/albums', {
    title: 'Hội nghị tổng kết năm', photos: `${imgs[0].url} | Khai mạc hội nghị\n${imgs[1].url} | Trao khen thưởng\n`,
  });
  const albums = await (await page.request.get(base + '/admin/albums')).text();
  made.album = Number((albums.match(/href="\/thu-vien-anh\/(\d+)">Hội nghị tổng kết năm</) || [])[1]);
  await post(page, base, '/admin/videos', '/admin/videos',
    { title: 'Phóng sự hội nghị', embed: '', poster: imgs[0].url,
      file: { name: 'phong-su.mp4', mimeType: 'video/mp4', buffer: fakeMp4(64 * 1024) } }, true);
  await post(page, base, '/admin/videos', '/admin/videos', { title: 'Bản tin tuần', embed: EMBED, poster: '' }, true);
  await ctx.close();
  const body = (number, summary) => ({ kind: 'Quyết định', number, issuer: 'UBND tỉnh Hưng Yên',
    summary, issued_on: '2024-03-01', effective_on: '2024-03-15' });
  const old = await api(site, 'POST', 'documents', body('12/2023/QĐ-UBND', 'Ban hành quy chế tiếp công dân'));
  await api(site, 'POST', `documents/${old.id}/publish`);
  const doc = await api(site, 'POST', 'documents', { ...body('15/2024/QĐ-UBND', 'Sửa đổi quy chế tiếp công dân'),
    relations: [{ kind: 'replaces', id: old.id }] });
  await api(site, 'POST', `documents/${doc.id}/publish`);
  const got = await api(site, 'GET', `documents/${doc.id}`);
  made.old = old.id;
  made.doc = doc.id;
  made.docUrl = new URL(got.url, base).pathname;
  const arts = await api(site, 'GET', 'articles');
  made.article = new URL((arts.articles || arts.items || [])[0].url, base).pathname;
  return made;
}

// axe-core evaluated through the DevTools protocol: the pages' CSP (no inline script) stays on.
let AXE_SOURCE = null;
async function axe(page) {
  AXE_SOURCE = AXE_SOURCE || fs.readFileSync(AXE, 'utf8');
  await page.evaluate(AXE_SOURCE);
  const r = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  return r.violations.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

async function run(browser, site) {
  const { base } = site;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  let made;
  await test('the widgets and documents are made through the newsroom and the API', async () => {
    made = await furnish(browser, site);
    expect(made.poll && made.album && made.doc && made.article, `expected a poll, an album, a document and an article, got ${JSON.stringify(made)}`);
  });
  if (!made) return;
  const publicPages = [
    { name: 'home', path: '/', has: `action="/binh-chon/${made.poll}"` },
    { name: 'article', path: made.article, has: `action="/binh-chon/${made.poll}"` },
    { name: 'poll', path: `/binh-chon/${made.poll}`, has: 'name="choice"' },
    { name: 'albums', path: '/thu-vien-anh/', has: `/thu-vien-anh/${made.album}` },
    { name: 'album', path: `/thu-vien-anh/${made.album}`, has: 'Trao khen thưởng' },
    { name: 'videos', path: '/video/', has: EMBED },
    { name: 'documents', path: '/van-ban/', has: '15/2024/QĐ-UBND' },
    { name: 'document', path: made.docUrl, has: '12/2023/QĐ-UBND' },
  ];
  const newsroomPages = [
    { name: 'admin-documents', path: '/admin/documents', has: '15/2024/QĐ-UBND' },
    { name: 'admin-document', path: `/admin/documents/${made.doc}`, has: 'name="rel_q"' },
    { name: 'admin-document-new', path: '/admin/documents/new', has: 'name="rel_q"' },
    { name: 'admin-album', path: `/admin/albums/${made.album}`, has: 'name="caption_0"' },
    { name: 'admin-users', path: '/admin/users', has: 'name="documents"' },
  ];

  for (const width of [1280, 390]) {
    const ctx = await browser.newContext({ locale: 'vi-VN', viewport: { width, height: 900 }, deviceScaleFactor: 1,
      isMobile: width < 500, hasTouch: width < 500 });
    await offline(ctx, base);
    await ctx.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective}: ${e.blockedURI || ''}`));
    });
    for (const pg of publicPages) {
      await test(`${pg.name} at ${width} px: 200, its content, no CSP violation, no axe-core violation`, async () => {
        const page = await ctx.newPage();
        const resp = await page.goto(base + pg.path, { waitUntil: 'load' });
        expect(resp.status() === 200, `expected 200 for ${pg.path}, got ${resp.status()}`);
        expect((await page.content()).includes(pg.has) || (await resp.text()).includes(pg.has), `expected ${pg.has} on ${pg.path}`);
        await page.waitForTimeout(200);
        const csp = await page.evaluate(() => window.__csp);
        expect(csp.length === 0, `expected no CSP violation on ${pg.path}, got ${csp.join(', ')}`);
        const v = await axe(page);
        expect(v.length === 0, `expected no axe-core violations on ${pg.path}, got:\n${v.join('\n')}`);
        await page.screenshot({ path: path.join(ARTIFACTS, `widgets-${pg.name}-${width}.png`), fullPage: true });
        await page.close();
      });
    }
    await ctx.close();
    const { ctx: nctx, page } = await login(browser, base, 'boss');
    await page.setViewportSize({ width, height: 900 });
    for (const pg of newsroomPages) {
      await test(`${pg.name} at ${width} px: 200, its content, no axe-core violation`, async () => {
        const resp = await page.goto(base + pg.path, { waitUntil: 'load' });
        expect(resp.status() === 200, `expected 200 for ${pg.path}, got ${resp.status()}`);
        expect((await page.content()).includes(pg.has), `expected ${pg.has} on ${pg.path}`);
        const v = await axe(page);
        expect(v.length === 0, `expected no axe-core violations on ${pg.path}, got:\n${v.join('\n')}`);
      });
    }
    await nctx.close();
  }

  await test('the players\' frame is allowed by the CSP and a frame from elsewhere is refused', async () => {
    const ctx = await browser.newContext();
    await offline(ctx, base);
    const page = await ctx.newPage();
    const seen = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) seen.push(m.text()); });
    await page.goto(base + '/video/', { waitUntil: 'load' });
    const frame = await page.$(`iframe[src="${EMBED}"]`);
    expect(frame, 'expected the embed\'s iframe on /video/');
    expect(seen.length === 0, `expected the player's frame allowed, got ${seen.join(' | ')}`);
    const refused = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
      const f = document.createElement('iframe');
      f.src = 'https://evil.example/embed/x';
      document.body.appendChild(f);
      setTimeout(() => resolve(null), 2000);
    }));
    await ctx.close();
    expect(refused === 'frame-src', `expected a frame from another host refused by frame-src, got ${refused}`);
  });

  for (const js of [false, true]) {
    await test(`a reader votes ${js ? 'with' : 'without'} JavaScript after the form's minimum time`, async () => {
      const ctx = await browser.newContext({ javaScriptEnabled: js });
      await offline(ctx, base);
      const page = await ctx.newPage();
      await page.goto(`${base}/binh-chon/${made.poll}`);
      await page.check(`form[action="/binh-chon/${made.poll}"] input[name=choice] >> nth=${js ? 1 : 0}`);
      await page.waitForTimeout(POLL_FORM_MIN_MS);
      await Promise.all([page.waitForLoadState('load'), page.click(`form[action="/binh-chon/${made.poll}"] button[type=submit]`)]);
      const text = await page.textContent('main');
      const bars = await page.$$('main meter');
      await page.screenshot({ path: path.join(ARTIFACTS, `widgets-voted-${js ? 'js' : 'nojs'}.png`), fullPage: true });
      await ctx.close();
      expect(text.includes('Cảm ơn'), `expected the thank-you message, got ${text.slice(0, 300)}`);
      expect(bars.length === 3, `expected three result bars, got ${bars.length}`);
    });
  }

  await test('the album\'s lightbox opens a photo and goes to the next without JavaScript', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/thu-vien-anh/${made.album}`);
    const hidden = await page.isVisible('#anh-1 img');
    await page.click('a[href="#anh-1"]');
    const shown = await page.isVisible('#anh-1 img');
    await page.click('#anh-1 a[href="#anh-2"]');
    const next = await page.isVisible('#anh-2 img');
    await page.screenshot({ path: path.join(ARTIFACTS, 'widgets-lightbox.png') });
    await ctx.close();
    expect(!hidden && shown && next, `expected the photo hidden, shown after a click, then the next shown; got ${hidden}, ${shown}, ${next}`);
  });

  await test('the relation picker: results as one types, a click adds the line, nothing saved', async () => {
    const { ctx, page } = await login(browser, base, 'desk');
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/admin/documents/new`);
    await page.fill('#d-relations', '');
    await page.type('#d-relq', 'tiếp công dân', { delay: 20 });
    await page.waitForSelector('.picker-results li button', { timeout: 5000 });
    const items = await page.$$eval('.picker-results li', (l) => l.map((x) => x.textContent));
    await page.click(`.picker-results li:has-text("12/2023/QĐ-UBND") button:has-text("Thay thế")`);
    const rel = await page.inputValue('#d-relations');
    const url = page.url();
    await page.screenshot({ path: path.join(ARTIFACTS, 'widgets-picker-js.png'), fullPage: true });
    await ctx.close();
    expect(items.some((t) => t.includes('12/2023/QĐ-UBND')), `expected 12/2023/QĐ-UBND among ${JSON.stringify(items)}`);
    expect(rel.trim() === `replaces ${made.old}`, `expected "replaces ${made.old}" in the box, got ${JSON.stringify(rel)}`);
    expect(url.endsWith('/admin/documents/new'), `expected to stay on the form, got ${url}`);
    expect(errors.length === 0, `expected no script errors, got ${errors.join(' | ')}`);
  });

  await test('the relation picker without JavaScript: Tìm, then a relation button, typed text kept', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${base}/admin/login`);
    await page.fill('#name', 'desk');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('main button[type=submit]')]);
    await page.goto(`${base}/admin/documents/new`);
    await page.fill('#d-number', '99/2024/QĐ-UBND');
    await page.fill('#d-relq', '12/2023');
    await Promise.all([page.waitForLoadState('load'), page.click('button[name=rel_find]')]);
    const number = await page.inputValue('#d-number');
    await Promise.all([page.waitForLoadState('load'),
      page.click(`button[name=rel_add][value="amends ${made.old}"]`)]);
    const rel = await page.inputValue('#d-relations');
    const number2 = await page.inputValue('#d-number');
    await ctx.close();
    expect(number === '99/2024/QĐ-UBND' && number2 === number, `expected the typed number kept, got ${number}, ${number2}`);
    expect(rel.trim() === `amends ${made.old}`, `expected "amends ${made.old}" in the box, got ${JSON.stringify(rel)}`);
  });

  await test('the Nu Html Checker finds no error on the widget, document and newsroom pages', async () => {
    const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
    expect(java.status === 0, 'expected Java (default-jre-headless) to run the checker, got none');
    expect(fs.existsSync(VNU), `expected ${VNU} (npm vnu-jar)`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-vnu-'));
    const files = [];
    for (const pg of publicPages) {
      const f = path.join(dir, `${pg.name}.html`);
      fs.writeFileSync(f, await (await fetch(base + pg.path)).text());
      files.push(f);
    }
    const { ctx, page } = await login(browser, base, 'boss');
    for (const pg of newsroomPages) {
      const f = path.join(dir, `${pg.name}.html`);
      fs.writeFileSync(f, await (await page.request.get(base + pg.path)).text());
      files.push(f);
    }
    await ctx.close();
    const r = spawnSync('java', ['-jar', VNU, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    const msgs = JSON.parse(r.stderr || '{"messages":[]}').messages.filter((m) => m.type === 'error');
    const text = msgs.slice(0, 15).map((m) => `${path.basename(m.url || '')}:${m.lastLine}: ${m.message}`);
    expect(msgs.length === 0, `expected no HTML errors, got ${msgs.length}:\n${text.join('\n')}`);
  });
}

async function main() {
  if (!fs.existsSync(BIN)) skip(`${BIN} is not built`);
  if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} is missing`);
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    skip('node_modules/playwright-core is missing (npm ci)');
  }
  if (!fs.existsSync(AXE)) skip('node_modules/axe-core is missing (npm ci)');
  const site = await startSite();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    await run(browser, site);
  } finally {
    await browser.close();
    await stopSite(site);
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log(`FAIL widgets browser tests: ${e && e.stack || e}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
