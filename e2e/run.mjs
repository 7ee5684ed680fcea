// Browser test of Weerbaar: starts the demo server from a built binary, walks
// the main user flows in headless Chromium and runs axe-core on every page.
//
//   node e2e/run.mjs [path/to/weerbaar] [port]
//   WEERBAAR_BIN=path/to/weerbaar E2E_PORT=18080 node e2e/run.mjs
//
// It builds nothing: CI builds the binary first. It prints one closing line
// "e2e: N passed, M failed" and exits non-zero on any failure.

import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = (await import('node:module')).createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const shotDir = join(here, 'screenshots');

const PASSWORD = 'tulpen-fiets-grachten-7';
const READY_TIMEOUT_MS = 60_000;
const ACTION_TIMEOUT_MS = 15_000;
const TOTAL_TIMEOUT_MS = 170_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// ---------------------------------------------------------------- results

let passed = 0;
let failed = 0;

function record(name, err) {
  if (err) {
    failed++;
    console.log(`FAIL ${name}`);
    for (const line of String(err.message ?? err).split('\n')) console.log(`     ${line}`);
  } else {
    passed++;
    console.log(`ok   ${name}`);
  }
}

// step runs one assertion of a flow; a failure is recorded and rethrown so the
// rest of that flow (which depends on it) is not attempted.
async function step(name, fn) {
  try {
    const v = await fn();
    record(name);
    return v;
  } catch (err) {
    record(name, err);
    throw new FlowAborted();
  }
}

class FlowAborted extends Error {}

async function flow(name, fn) {
  console.log(`\n== ${name}`);
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof FlowAborted)) record(`${name}: unexpected error`, err);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// ---------------------------------------------------------------- server

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function startServer(bin, port) {
  const dir = mkdtempSync(join(tmpdir(), 'weerbaar-e2e-'));
  const logPath = join(dir, 'server.log');
  const log = openSync(logPath, 'a');
  const child = spawn(bin, ['serve', '--demo', '--addr', `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ['ignore', log, log],
    detached: true, // own process group, so we can always kill it as a whole
  });
  closeSync(log);
  let exited = null;
  child.on('exit', (code, sig) => { exited = `exited with ${code ?? sig}`; });
  child.on('error', (err) => { exited = `could not start: ${err.message}`; });

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`server ${exited}\n${tail(logPath)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok && (await r.text()).trim() === 'ready') break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`server not ready after ${READY_TIMEOUT_MS / 1000} s\n${tail(logPath)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    dir,
    logPath,
    stop() {
      if (child.exitCode === null && child.signalCode === null) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
        setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000).unref();
      }
    },
  };
}

function tail(path, lines = 30) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

// ---------------------------------------------------------------- TOTP

// base32Decode reads an RFC 4648 base32 secret, ignoring spaces and padding.
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// totp computes the RFC 6238 code (HMAC-SHA1, 30 s steps, 6 digits).
function totp(secret, nowMs = Date.now()) {
  const counter = Math.floor(nowMs / 1000 / 30);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

// freshTotp waits out the last seconds of a time step so the code is still
// valid when the server checks it.
async function freshTotp(secret) {
  const left = 30 - (Math.floor(Date.now() / 1000) % 30);
  if (left < 4) await new Promise((r) => setTimeout(r, left * 1000 + 200));
  return totp(secret);
}

// ---------------------------------------------------------------- pages

let shotNo = 0;
let axeMode = null; // 'addScriptTag' or 'evaluate', decided on the first page
const axeSource = readFileSync(axePath, 'utf8');

async function injectAxe(page) {
  if (axeMode !== 'evaluate') {
    try {
      await page.addScriptTag({ path: axePath });
    } catch { /* blocked: fall back below */ }
    if (await page.evaluate(() => typeof window.axe !== 'undefined')) {
      axeMode = 'addScriptTag';
      return;
    }
  }
  // The CSP (script-src 'self') blocks the inline <script> that addScriptTag
  // makes. Evaluating the source through the DevTools protocol is not subject
  // to the page's CSP, so the page itself keeps its real policy.
  await page.evaluate(axeSource);
  assert(await page.evaluate(() => typeof window.axe !== 'undefined'), 'axe-core could not be injected');
  if (axeMode !== 'evaluate') {
    axeMode = 'evaluate';
    console.log('     (axe-core injected with page.evaluate(source): the CSP blocks addScriptTag)');
  }
}

// visit checks the page that is now shown: a full-page screenshot, no script
// errors, and no WCAG 2.1 A/AA violations according to axe-core.
async function visit(page, name) {
  const file = `${String(++shotNo).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: join(shotDir, file), fullPage: true });
  try {
    assert(page.pageErrors.length === 0, `script errors on page: ${page.pageErrors.join('; ')}`);
    await injectAxe(page);
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
    const lines = [];
    for (const v of result.violations) {
      lines.push(`${v.id} [${v.impact}] ${v.help}`);
      for (const n of v.nodes) {
        lines.push(`  at ${n.target.join(' ')}`);
        if (n.failureSummary) lines.push(`     ${n.failureSummary.replace(/\n\s*/g, '; ')}`);
      }
      lines.push(`  see ${v.helpUrl}`);
    }
    assert(result.violations.length === 0, `${result.violations.length} accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`);
    record(`a11y ${file} (${new URL(page.url()).pathname})`);
  } catch (err) {
    record(`a11y ${file} (${new URL(page.url()).pathname})`, err);
  }
}

// axeSelfTest shows that the checker can fail: a page with an unlabelled
// field must be reported.
async function axeSelfTest(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.setContent('<!doctype html><html lang="nl"><head><title>t</title></head><body><main><input type="text"></main></body></html>');
    await page.evaluate(axeSource);
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
    const ids = result.violations.map((v) => v.id);
    assert(ids.includes('label'), `axe did not report the unlabelled field (got ${ids.join(', ') || 'nothing'})`);
  } finally {
    await context.close();
  }
}

// submit clicks a form's button and waits for the resulting page to load;
// it returns the final response (after any redirects).
async function submit(page, button) {
  const [resp] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: ACTION_TIMEOUT_MS }),
    button.click(),
  ]);
  return resp;
}

async function newPage(browser, base) {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'nl-NL',
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  page.pageErrors = [];
  page.on('pageerror', (err) => page.pageErrors.push(err.message));
  return page;
}

async function text(locator) {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

// login fills the sign-in form; it checks nothing about the outcome.
async function login(page, email, password, shotName) {
  const resp = await page.goto('/inloggen');
  assert(resp.status() === 200, `GET /inloggen gave ${resp.status()}`);
  if (shotName) await visit(page, shotName);
  await page.fill('#email', email);
  await page.fill('#password', password);
  return submit(page, page.locator('form[action="/inloggen"] button[type="submit"]'));
}

// enrolTotp completes the second-factor enrolment page with a code computed
// from the secret the page shows.
async function enrolTotp(page, shotName) {
  assert(new URL(page.url()).pathname === '/tweede-factor/instellen', `expected the enrolment page, got ${page.url()}`);
  await visit(page, shotName);
  const secret = await text(page.locator('code[data-totp-secret]'));
  assert(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/.test(secret), `secret not shown as base32 groups: ${JSON.stringify(secret)}`);
  await page.fill('#code', await freshTotp(secret));
  return submit(page, page.locator('form[action="/tweede-factor/instellen"] button[type="submit"]'));
}

async function expectDashboard(page) {
  assert(new URL(page.url()).pathname === '/', `expected the dashboard, got ${page.url()}`);
  const h1 = await text(page.locator('h1'));
  assert(h1.startsWith('Welkom, '), `dashboard heading is ${JSON.stringify(h1)}`);
  return h1;
}

// ---------------------------------------------------------------- flows

async function adminFlow(browser, base) {
  const page = await newPage(browser, base);
  await step('admin: password accepted, asked to set up a second factor', async () => {
    await login(page, 'beheerder@voorbeeldstad.example', PASSWORD, 'login');
    assert(new URL(page.url()).pathname === '/tweede-factor/instellen', `landed on ${page.url()}`);
  });
  await step('admin: TOTP code from the shown secret is accepted', async () => {
    await enrolTotp(page, 'mfa-enrol-admin');
    await expectDashboard(page);
  });
  await visit(page, 'dashboard-admin');
  await step('admin: audit viewer lists entries, including the admin\'s own viewing of it', async () => {
    const me = await text(page.locator('.user-menu__name'));
    let resp = await page.goto('/audit');
    assert(resp.status() === 200, `GET /audit gave ${resp.status()}`);
    assert(await page.locator('table tbody tr').count() > 0, 'audit table has no rows');
    // Viewing the log is itself logged, so the second view shows the first.
    resp = await page.goto('/audit');
    assert(resp.status() === 200, `GET /audit gave ${resp.status()}`);
    const mine = page.locator('table tbody tr', { hasText: me }).filter({ hasText: /audit\.view|auditlog/i });
    assert(await mine.count() > 0, `no audit-view entry by ${me}:\n${(await text(page.locator('table tbody'))).slice(0, 400)}`);
  });
  await visit(page, 'audit');
  await step('admin: users page lists the organisation\'s accounts', async () => {
    const resp = await page.goto('/beheer/gebruikers');
    assert(resp.status() === 200, `GET /beheer/gebruikers gave ${resp.status()}`);
    const body = await text(page.locator('main'));
    for (const email of ['coordinator@voorbeeldstad.example', 'medewerker@voorbeeldstad.example']) {
      assert(body.includes(email), `${email} not listed`);
    }
  });
  await visit(page, 'users');
  await step('admin: a user\'s page opens from the list', async () => {
    const link = page.locator('main table a[href^="/beheer/gebruikers/"]').first();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert(/^\/beheer\/gebruikers\/[^/]+$/.test(new URL(page.url()).pathname), `landed on ${page.url()}`);
  });
  await visit(page, 'user');
  for (const [path, name] of [['/beheer/delegaties', 'delegations'], ['/beheer/uitgaande-mail', 'outbox']]) {
    await step(`admin: ${path} opens`, async () => {
      const resp = await page.goto(path);
      assert(resp.status() === 200, `GET ${path} gave ${resp.status()}`);
    });
    await visit(page, name);
  }
  await step('admin: account page opens', async () => {
    const resp = await page.goto('/account');
    assert(resp.status() === 200, `GET /account gave ${resp.status()}`);
  });
  await visit(page, 'account-admin');
  await page.context().close();
}

async function coordinatorFlow(browser, base) {
  const page = await newPage(browser, base);
  await step('coordinator: login and TOTP enrolment reach the dashboard', async () => {
    await login(page, 'coordinator@voorbeeldstad.example', PASSWORD);
    await enrolTotp(page, 'mfa-enrol-coordinator');
    await expectDashboard(page);
  });
  await visit(page, 'dashboard-coordinator');

  const title = `E2E-controle brandveiligheid ${Date.now()}`;
  const due = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
  await step('coordinator: action list with the new-action form', async () => {
    const resp = await page.goto('/acties');
    assert(resp.status() === 200, `GET /acties gave ${resp.status()}`);
    assert(await page.locator('form[action="/acties"] #title').count() === 1, 'no title field');
    assert(await page.locator('form[action="/acties"] select#owner').count() === 1, 'no owner select for a manager');
  });
  await visit(page, 'actions');
  await step('coordinator: adding an action shows it in the list', async () => {
    await page.fill('#title', title);
    await page.fill('#due_date', due);
    const resp = await submit(page, page.locator('form[action="/acties"] button[type="submit"]'));
    assert(resp.status() < 400, `POST /acties ended in ${resp.status()} at ${page.url()}`);
    await page.goto('/acties');
    const list = page.locator('table tbody tr', { hasText: title });
    assert(await list.count() === 1, `the new action "${title}" is not in /acties once`);
  });
  await visit(page, 'actions-added');
  await step('coordinator: the new action\'s page shows its title', async () => {
    const link = page.locator('table tbody tr', { hasText: title }).locator('a').first();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert(/^\/acties\/[^/]+$/.test(new URL(page.url()).pathname), `landed on ${page.url()}`);
    assert((await text(page.locator('h1'))).includes(title), 'title not in the heading');
  });
  await visit(page, 'action');
  await step('coordinator: the overdue view opens', async () => {
    const resp = await page.goto('/acties/achterstallig');
    assert(resp.status() === 200, `GET /acties/achterstallig gave ${resp.status()}`);
  });
  await visit(page, 'actions-overdue');

  const countAll = async () => {
    await page.goto('/acties/alle');
    return page.locator('table tbody tr').count();
  };
  let before = 0;
  await step('coordinator: the all-actions view opens', async () => {
    before = await countAll();
    assert(before > 0, 'no actions in /acties/alle');
  });
  await visit(page, 'actions-all');
  await step('coordinator: empty title gives "Vul dit veld in." at the field, nothing added', async () => {
    await page.goto('/acties');
    await page.fill('#title', '');
    await page.fill('#due_date', due);
    const resp = await submit(page, page.locator('form[action="/acties"] button[type="submit"]'));
    assert(resp.status() >= 400 && resp.status() < 500, `empty title gave status ${resp.status()}`);
    const err = page.locator('#title-error');
    assert(await err.count() === 1, 'no error element #title-error');
    assert((await text(err)) === 'Vul dit veld in.', `error text is ${JSON.stringify(await text(err))}`);
    const field = page.locator('.field', { has: page.locator('#title') });
    assert(await field.locator('#title-error').count() === 1, 'error is not inside the title field');
    assert(await page.locator('#title').getAttribute('aria-invalid') === 'true', 'title not marked aria-invalid');
    const described = (await page.locator('#title').getAttribute('aria-describedby')) ?? '';
    assert(described.split(/\s+/).includes('title-error'), 'title input is not described by its error');
  });
  await visit(page, 'actions-error');
  await step('coordinator: the rejected form added no action', async () => {
    const after = await countAll();
    assert(after === before, `action count changed from ${before} to ${after}`);
  });

  await step('coordinator: logout ends the session', async () => {
    await page.goto('/');
    await submit(page, page.locator('form[action="/uitloggen"] button[type="submit"]'));
    assert(new URL(page.url()).pathname === '/inloggen', `after logout at ${page.url()}`);
    const cookies = await page.context().cookies();
    assert(!cookies.some((c) => c.name === '__Host-weerbaar' && c.value !== ''), 'session cookie still set');
    await page.goto('/acties');
    assert(new URL(page.url()).pathname === '/inloggen', `/acties after logout showed ${page.url()}`);
  });
  await visit(page, 'logged-out');
  await page.context().close();
}

async function employeeFlow(browser, base) {
  const page = await newPage(browser, base);
  await step('employee: login without second factor reaches the dashboard', async () => {
    await login(page, 'medewerker@voorbeeldstad.example', PASSWORD);
    await expectDashboard(page);
  });
  await visit(page, 'dashboard-employee');
  await step('employee: /audit gives "Geen toegang" (403)', async () => {
    const resp = await page.goto('/audit');
    assert(resp.status() === 403, `GET /audit gave ${resp.status()}`);
    const h1 = await text(page.locator('h1'));
    assert(h1 === 'Geen toegang', `heading is ${JSON.stringify(h1)}`);
  });
  await visit(page, 'forbidden');
  await step('employee: own actions page opens', async () => {
    const resp = await page.goto('/acties');
    assert(resp.status() === 200, `GET /acties gave ${resp.status()}`);
  });
  await visit(page, 'actions-employee');
  await step('employee: at 320 px wide the pages need no sideways scrolling (WCAG 1.4.10)', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ['/', '/acties']) {
      await page.goto(path);
      const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert(scroll <= width, `${path} is ${scroll} px wide in a ${width} px window`);
    }
  });
  await visit(page, 'actions-employee-narrow');
  await page.context().close();
}

async function regionalFlow(browser, base) {
  const page = await newPage(browser, base);
  await step('regional analyst: login reaches the dashboard', async () => {
    await login(page, 'analist@riec-midden.example', PASSWORD);
    if (new URL(page.url()).pathname === '/tweede-factor/instellen') await enrolTotp(page, 'mfa-enrol-regional');
    await expectDashboard(page);
  });
  await visit(page, 'dashboard-regional');
  await step('regional analyst: switches to the delegating municipality Buurdorp', async () => {
    const option = page.locator('#org-switch option', { hasText: 'Buurdorp' });
    assert(await option.count() === 1, 'Buurdorp is not offered in the organisation switch');
    await page.selectOption('#org-switch', await option.getAttribute('value'));
    const resp = await submit(page, page.locator('form.org-switch button[type="submit"]'));
    assert(resp.status() === 200, `after switching landed on ${page.url()} with ${resp.status()}`);
    const org = await text(page.locator('.brand__org'));
    assert(org.includes('Buurdorp'), `after switching the header says ${JSON.stringify(org)}`);
  });
  await visit(page, 'regional-buurdorp');
  await page.context().close();
}

async function wrongPasswordFlow(browser, base) {
  const page = await newPage(browser, base);
  await step('wrong password: clear Dutch message, still signed out', async () => {
    const resp = await login(page, 'hr@voorbeeldstad.example', 'dit-is-niet-het-wachtwoord');
    assert(resp.status() >= 400 && resp.status() < 500, `wrong password gave status ${resp.status()}`);
    const main = await text(page.locator('main'));
    assert(main.includes('Het e-mailadres of wachtwoord is onjuist.'), `message not shown; main says: ${main.slice(0, 300)}`);
    const cookies = await page.context().cookies();
    assert(!cookies.some((c) => c.name === '__Host-weerbaar' && c.value !== ''), 'a session cookie was set');
  });
  await visit(page, 'login-wrong-password');
  await page.context().close();
}

// ---------------------------------------------------------------- main

async function main() {
  const bin = resolve(process.argv[2] ?? process.env.WEERBAAR_BIN ?? '');
  if (!process.argv[2] && !process.env.WEERBAAR_BIN) {
    console.error('usage: node e2e/run.mjs path/to/weerbaar [port]   (or WEERBAAR_BIN, E2E_PORT)');
    process.exit(2);
  }
  const port = Number(process.argv[3] ?? process.env.E2E_PORT ?? 0) || (await freePort());
  const base = `http://localhost:${port}`;

  mkdirSync(shotDir, { recursive: true });
  for (const f of readdirSync(shotDir)) if (f.endsWith('.png')) rmSync(join(shotDir, f));

  let server = null;
  let browser = null;
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => {});
    if (server) server.stop();
    if (server) rmSync(server.dir, { recursive: true, force: true });
  };
  const watchdog = setTimeout(async () => {
    record('whole run', new Error(`did not finish within ${TOTAL_TIMEOUT_MS / 1000} s`));
    if (server) console.log(tail(server.logPath));
    await cleanup();
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    process.exit(1);
  }, TOTAL_TIMEOUT_MS);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => { await cleanup(); process.exit(1); });
  }
  // Whatever way this process ends, the server must not outlive it.
  process.on('exit', () => { if (server) server.stop(); });
  process.stdout.on('error', () => {}); // a closed pipe (| head) must not crash the run

  try {
    console.log(`starting ${bin} on ${base}`);
    server = await startServer(bin, port);
    record('server: demo started and /readyz says ready');
    // launch() gives Chromium a fresh, empty profile directory of its own
    // (Playwright refuses --user-data-dir here) and removes it on close.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      timeout: 30_000,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync',
      ],
    });
    await flow('axe self-test', () => step('axe-core reports an unlabelled field on a test page', () => axeSelfTest(browser)));
    await flow('admin', () => adminFlow(browser, base));
    await flow('coordinator', () => coordinatorFlow(browser, base));
    await flow('employee', () => employeeFlow(browser, base));
    await flow('regional', () => regionalFlow(browser, base));
    await flow('wrong password', () => wrongPasswordFlow(browser, base));
  } catch (err) {
    record('setup', err);
    if (server) console.log(tail(server.logPath));
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
  if (failed > 0 && server) console.log(`screenshots in ${shotDir}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

await main();
