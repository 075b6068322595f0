// Browser checks of the citizens' channels (issue 13): a reader sends a question from the form at
// /lien-he, an admin answers it in the newsroom and publishes it, and the reader finds the answer
// at /hoi-dap/ (the name shown, the email never); axe-core finds no violation and the Nu Html
// Checker no error on /lien-he, /hoi-dap/ and a published answer, at 1280 and 390 px (tap targets
// of at least 44 px and inputs of at least 16 px on phones).
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
const AXE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const VNU = path.join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PASSWORD = 'mat-khau-hoi-dap-2026';

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
  console.log(`SKIP: tickets browser tests: ${why}`);
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
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-tickets-'));
  const db = path.join(tmp, 'site.db');
  const pw = path.join(tmp, 'pw');
  fs.writeFileSync(pw, PASSWORD + '\n');
  gazette(tmp, 'init', '--db', db, '--demo', '--admin', 'quantri', '--admin-password-file', pw);
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

// Interactive elements of the page's content smaller than 44 x 44 px (form labels excepted).
function smallTargets() {
  const out = [];
  for (const el of document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), main select, main textarea')) {
    if (el.closest('.trap')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.matches('input[type=checkbox]') && el.labels && el.labels.length) continue; // its label is the target
    if (r.height < 23.5 || (r.height < 43.5 && !el.closest('p, li'))) out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return out;
}

function smallInputs() {
  const out = [];
  for (const el of document.querySelectorAll('main input:not([type=hidden]):not([type=checkbox]), main select, main textarea')) {
    if (el.closest('.trap')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) out.push(`${el.id || el.name}: ${size}px`);
  }
  return out;
}

async function run(browser, site) {
  const { base } = site;
  const state = {};

  await test('a reader sends a question from /lien-he and gets its number', async () => {
    const ctx = await browser.newContext({ locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${base}/lien-he`);
    const trap = await page.locator('#c-website').boundingBox();
    expect(!trap || trap.x + trap.width <= 0, `expected the hidden field out of sight, got ${JSON.stringify(trap)}`);
    await page.fill('#c-name', 'Phạm Thị Dân');
    await page.fill('#c-email', 'pham.dan@example.vn');
    await page.fill('#c-subject', 'Hỏi về giờ tiếp công dân');
    await page.fill('#c-message', 'Xin cho biết cơ quan tiếp công dân vào những ngày nào?');
    await page.check('#c-show');
    await page.waitForTimeout(3200); // a person takes longer than the minimum time to write
    await Promise.all([page.waitForURL(/\/gop-y\/lien-he$/), page.click('.contact-form button[type=submit]')]);
    const thanks = await page.textContent('[role=status]');
    const m = /mã số (\d+)/.exec(thanks || '');
    await ctx.close();
    expect(m, `expected the thanks with the ticket's number, got ${JSON.stringify(thanks)}`);
    state.id = Number(m[1]);
  });

  await test('an admin answers and publishes it in the newsroom', async () => {
    expect(state.id, 'expected a ticket from the previous step');
    const ctx = await browser.newContext({ locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${base}/admin/login`);
    await page.fill('#name', 'quantri');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('main button[type=submit]')]);
    await page.goto(`${base}/admin/tickets`);
    await page.click(`a[href="/admin/tickets/${state.id}"] >> nth=0`);
    expect((await page.textContent('main')).includes('pham.dan@example.vn'), 'expected the asker\'s email for the admin');
    await page.fill('#t-reply', 'Cơ quan tiếp công dân vào thứ Ba và thứ Năm hằng tuần.');
    await Promise.all([page.waitForURL(/ok=saved/), page.click('form[action$="/reply"] button')]);
    const answer = await page.inputValue('#t-answer');
    expect(answer.includes('thứ Ba và thứ Năm'), `expected the publish box filled with the reply, got ${JSON.stringify(answer)}`);
    await Promise.all([page.waitForURL(/ok=saved/), page.click('form[action$="/publish"] button')]);
    expect(await page.isVisible(`a[href="/hoi-dap/${state.id}"]`), 'expected a link to the published answer');
    await ctx.close();
  });

  await test('the reader finds the answer at /hoi-dap/ with the name, never the email', async () => {
    const ctx = await browser.newContext({ locale: 'vi-VN', javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${base}/hoi-dap/`);
    await page.click(`a[href="/hoi-dap/${state.id}"]`);
    const text = await page.textContent('main');
    await ctx.close();
    expect(text.includes('thứ Ba và thứ Năm hằng tuần'), 'expected the answer on its page');
    expect(text.includes('Phạm Thị Dân'), 'expected the name (the asker agreed)');
    expect(!text.includes('pham.dan@example.vn'), 'expected the email never shown');
  });

  const pages = ['/lien-he', '/hoi-dap/', `/hoi-dap/${state.id}`, '/lien-he?bai=11'];
  for (const width of [1280, 390]) {
    const ctx = await browser.newContext({ locale: 'vi-VN', viewport: { width, height: 900 }, bypassCSP: true,
      isMobile: width < 500, hasTouch: width < 500 });
    for (const p of pages) {
      const page = await ctx.newPage();
      const resp = await page.goto(base + p, { waitUntil: 'load' });
      await test(`${p} at ${width} px: status 200, no axe-core violation`, async () => {
        expect(resp.status() === 200, `expected 200 for ${p}, got ${resp.status()}`);
        await page.addScriptTag({ path: AXE });
        const r = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
        const v = r.violations.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        expect(v.length === 0, `expected no axe-core violations on ${p}, got:\n${v.join('\n')}`);
      });
      if (width < 500) {
        await test(`${p} at ${width} px: tap targets and inputs large enough, no horizontal scrolling`, async () => {
          const small = await page.evaluate(smallTargets);
          expect(small.length === 0, `expected larger tap targets, got:\n${small.join('\n')}`);
          const inputs = await page.evaluate(smallInputs);
          expect(inputs.length === 0, `expected inputs of at least 16 px, got ${inputs.join(', ')}`);
          const w = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(w <= width, `expected no wider than ${width} px, got ${w}`);
        });
      }
      await page.close();
    }
    await ctx.close();
  }

  await test('the Nu Html Checker finds no error on /lien-he and /hoi-dap/', async () => {
    const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
    expect(java.status === 0, 'expected Java (default-jre-headless) to run the checker, got none');
    expect(fs.existsSync(VNU), `expected ${VNU} (npm vnu-jar)`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-vnu-'));
    const files = [];
    for (const [i, p] of pages.entries()) {
      const f = path.join(dir, `page-${i}.html`);
      fs.writeFileSync(f, await (await fetch(base + p)).text());
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
  console.log(`FAIL tickets browser tests: ${e && e.stack || e}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
