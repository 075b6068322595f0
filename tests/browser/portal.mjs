// Browser checks of the public site's look (issue 10): axe-core finds no violation and the Nu Html
// Checker no error on the home, category, topic, article, search, print and 404 pages at 1280 and
// 390 px; no horizontal scrolling at 320 and 390 px; tap targets of at least 44 px and inputs of at
// least 16 px on phones; the menu opens without JavaScript; the font-size control is remembered.
// Screenshots of home, category, article, search and print at both widths go to tests/artifacts/.
// Prints "N passed, M failed"; exits 77 (skip) when playwright-core or Chromium is missing.
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
const ONLY = process.env.PORTAL_ONLY || ''; // e.g. "shots" while working on the theme

const REF = '/huyen-yen-my-trien-khai-thuc-hien-tot-phong-trao-thi-dua-dan-van-kheo-11.html';
const PAGES = [
  { name: 'home', path: '/', shot: true },
  { name: 'category', path: '/chuyen-muc/hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh/', shot: true },
  { name: 'topic', path: null, shot: false }, // found on the site: the first topic link of an article
  { name: 'article', path: REF, shot: true },
  { name: 'article-photo', path: '/a/101', shot: true }, // the portal demo: featured photo, topics, source
  { name: 'search', path: '/tim-kiem?q=d%C3%A2n+v%E1%BA%ADn', shot: true },
  { name: 'print', path: '/in/11', shot: true },
  { name: '404', path: '/khong-co-trang-nay.html', shot: false },
];
const WIDTHS = [1280, 390];

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
  console.log(`SKIP: portal browser tests: ${why}`);
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
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-portal-'));
  const db = path.join(tmp, 'site.db');
  const media = path.join(tmp, 'media');
  fs.mkdirSync(media);
  gazette(tmp, 'init', '--db', db, '--demo', '--demo-photos', '--media', media);
  const port = await freePort();
  const logPath = path.join(tmp, 'server.log');
  const log = fs.openSync(logPath, 'a');
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--media', media], {
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

// Interactive elements smaller than 44 x 44 px on a phone (links inside article text excepted:
// WCAG 2.5.5 exempts targets inline in a sentence).
function smallTargets() {
  const out = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, label[for]')) {
    if (el.closest('.body, .snippet, .skip')) continue;
    if (el.matches('.menu-toggle')) continue; // the checkbox is drawn by its label
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || st.visibility === 'hidden') continue;
    if (el.matches('label[for]') && !el.matches('.menu-button')) continue; // form labels are not targets
    if (r.height < 43.5 || r.width < 43.5) out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} "${(el.textContent || el.value || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return out;
}

function smallInputs() {
  const out = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]), select, textarea')) {
    const fs = parseFloat(getComputedStyle(el).fontSize);
    if (fs < 16) out.push(`${el.id || el.name}: ${fs}px`);
  }
  return out;
}

async function findTopic(base) {
  // The demo's articles carry topics; the first topic link of the reference category's newest
  // article page, else any topic link on the home page.
  for (const p of ['/', REF, '/a/101']) {
    const html = await (await fetch(base + p)).text();
    const m = html.match(/href="(\/chu-de\/[^"]+\/)"/);
    if (m) return m[1];
  }
  return null;
}

async function run(browser, site) {
  const { base } = site;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  PAGES.find((p) => p.name === 'topic').path = await findTopic(base);

  await test('the demo has a topic page', async () => {
    expect(PAGES.find((p) => p.name === 'topic').path, 'expected a /chu-de/ link on the home or article page, got none');
  });
  const pages = PAGES.filter((p) => p.path);

  for (const width of WIDTHS) {
    const ctx = await browser.newContext({ locale: 'vi-VN', viewport: { width, height: 900 }, bypassCSP: true,
      deviceScaleFactor: 1, isMobile: width < 500, hasTouch: width < 500 });
    for (const pg of pages) {
      const page = await ctx.newPage();
      const resp = await page.goto(base + pg.path, { waitUntil: 'load' });
      const want = pg.name === '404' ? 404 : 200;
      if (ONLY !== 'shots') {
        await test(`${pg.name} at ${width} px: status ${want}, no axe-core violation`, async () => {
          expect(resp.status() === want, `expected ${want} for ${pg.path}, got ${resp.status()}`);
          await page.addScriptTag({ path: AXE });
          const r = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
          const v = r.violations.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
          expect(v.length === 0, `expected no axe-core violations on ${pg.path}, got:\n${v.join('\n')}`);
        });
      }
      if (width < 500 && ONLY !== 'shots') {
        await test(`${pg.name} at ${width} px: tap targets >= 44 px, inputs >= 16 px`, async () => {
          const small = await page.evaluate(smallTargets);
          expect(small.length === 0, `expected every tap target at least 44x44 px, got ${small.length}:\n${small.slice(0, 15).join('\n')}`);
          const inputs = await page.evaluate(smallInputs);
          expect(inputs.length === 0, `expected inputs of at least 16 px, got ${inputs.join(', ')}`);
        });
      }
      if (pg.shot) {
        // lazy pictures below the fold: load them all before the full-page picture
        await page.evaluate(async () => {
          for (const img of document.images) img.loading = 'eager';
          await Promise.all([...document.images].map((img) => img.complete ? null
            : new Promise((r) => { img.onload = img.onerror = r; })));
        });
        await page.screenshot({ path: path.join(ARTIFACTS, `${pg.name}-${width}.png`), fullPage: true });
      }
      await page.close();
    }
    await ctx.close();
  }
  if (ONLY === 'shots') return;

  for (const width of [320, 390]) {
    await test(`no horizontal scrolling at ${width} px on any page`, async () => {
      const ctx = await browser.newContext({ viewport: { width, height: 800 }, isMobile: true, hasTouch: true });
      const page = await ctx.newPage();
      const wide = [];
      for (const pg of pages) {
        await page.goto(base + pg.path, { waitUntil: 'load' });
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        if (w > width) wide.push(`${pg.path}: ${w} px`);
      }
      await ctx.close();
      expect(wide.length === 0, `expected pages no wider than ${width} px, got ${wide.join(', ')}`);
    });
  }

  await test('the phone menu opens without JavaScript and shows both levels', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 800 }, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(base + '/');
    const before = await page.isVisible('.menu-list');
    await page.click('.menu-button');
    const after = await page.isVisible('.menu-list');
    const sub = await page.isVisible('.menu-list .sub a');
    await page.screenshot({ path: path.join(ARTIFACTS, 'menu-390.png') });
    await ctx.close();
    expect(!before && after && sub, `expected the menu hidden, then shown with its sub-menu after a tap, got ${before}, ${after}, ${sub}`);
  });

  await test('the desktop menu is reachable by keyboard: Tab reaches a sub-category', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(base + '/');
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const a = document.activeElement;
        return !!(a && a.closest('.sub') && a.getBoundingClientRect().height > 0);
      });
    }
    if (reached) await page.screenshot({ path: path.join(ARTIFACTS, 'menu-1280.png') });
    await ctx.close();
    expect(reached, 'expected Tab to reach a visible sub-category link of the menu within 30 presses');
  });

  await test('the font-size control enlarges the text and is remembered; absent without JavaScript', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(base + REF);
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.article .body')).fontSize));
    const s0 = await size();
    await page.click('.fontsize button[data-fs="1"]');
    await page.click('.fontsize button[data-fs="1"]');
    const s1 = await size();
    await page.reload();
    const s2 = await size();
    await ctx.close();
    expect(s1 > s0, `expected A+ to enlarge the body text, got ${s0} -> ${s1}`);
    expect(s2 === s1, `expected the size remembered after a reload, got ${s2} (was ${s1})`);
    const nojs = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await nojs.newPage();
    await p2.goto(base + REF);
    const shown = await p2.isVisible('.fontsize');
    await nojs.close();
    expect(!shown, 'expected no font-size buttons without JavaScript (they could not work)');
  });

  await test('the Nu Html Checker finds no error on the public pages', async () => {
    const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
    expect(java.status === 0, 'expected Java (default-jre-headless) to run the checker, got none');
    expect(fs.existsSync(VNU), `expected ${VNU} (npm vnu-jar)`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-vnu-'));
    const files = [];
    for (const pg of pages) {
      const r = await fetch(base + pg.path);
      const f = path.join(dir, `${pg.name}.html`);
      fs.writeFileSync(f, await r.text());
      files.push(f);
    }
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
  console.log(`FAIL portal browser tests: ${e && e.stack || e}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
