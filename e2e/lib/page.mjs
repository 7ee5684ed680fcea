// Page helpers: every page a flow shows is screenshotted and checked with
// axe-core against WCAG 2.1 A and AA.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, record, step } from './results.mjs';
import { freshTotp } from './totp.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const ACTION_TIMEOUT_MS = 15_000;

/** Where the screenshots go: e2e/screenshots. */
export const shotDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

let shotNo = 0;
let axeMode = null; // 'addScriptTag' or 'evaluate', decided on the first page
const axeSource = readFileSync(axePath, 'utf8');

// injectAxe loads axe-core into the page without weakening its CSP.
export async function injectAxe(page) {
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
export async function visit(page, name) {
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
export async function axeSelfTest(browser) {
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
export async function submit(page, button) {
  const [resp] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: ACTION_TIMEOUT_MS }),
    button.click(),
  ]);
  return resp;
}

// newPage opens a page in a fresh context (own cookies) that collects
// script errors for visit.
export async function newPage(browser, base) {
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

// text is a locator's visible text with whitespace collapsed.
export async function text(locator) {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

// secrets remembers the TOTP secret of every account a flow enrolled, so
// that a later flow signing in as the same demo user verifies instead of
// enrolling again; usedStep holds the last time step each secret answered,
// because the server refuses a code that was used before.
const secrets = new Map();
const usedStep = new Map();
const signingIn = new WeakMap();

// login fills the sign-in form; it checks nothing about the outcome.
export async function login(page, email, password, shotName) {
  signingIn.set(page, email);
  const resp = await page.goto('/inloggen');
  assert(resp.status() === 200, `GET /inloggen gave ${resp.status()}`);
  if (shotName) await visit(page, shotName);
  await page.fill('#email', email);
  await page.fill('#password', password);
  return submit(page, page.locator('form[action="/inloggen"] button[type="submit"]'));
}

// enrolTotp completes the second-factor enrolment page with a code computed
// from the secret the page shows.
// When an earlier flow already enrolled the account, it answers the
// second-factor question with the remembered secret instead.
export async function enrolTotp(page, shotName) {
  const email = signingIn.get(page);
  if (new URL(page.url()).pathname === '/inloggen/tweede-factor' && secrets.has(email)) {
    await page.fill('#code', await unusedTotp(secrets.get(email)));
    return submit(page, page.locator('form[action="/inloggen/tweede-factor"] button[type="submit"]'));
  }
  assert(new URL(page.url()).pathname === '/tweede-factor/instellen', `expected the enrolment page, got ${page.url()}`);
  await visit(page, shotName);
  const secret = await text(page.locator('code[data-totp-secret]'));
  assert(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/.test(secret), `secret not shown as base32 groups: ${JSON.stringify(secret)}`);
  if (email) secrets.set(email, secret);
  await page.fill('#code', await unusedTotp(secret));
  return submit(page, page.locator('form[action="/tweede-factor/instellen"] button[type="submit"]'));
}

// unusedTotp is a fresh code of a time step the secret has not answered yet.
async function unusedTotp(secret) {
  const step = () => Math.floor(Date.now() / 30000);
  if (usedStep.get(secret) === step()) {
    await new Promise((r) => setTimeout(r, 30000 - (Date.now() % 30000) + 200));
  }
  const code = await freshTotp(secret);
  usedStep.set(secret, step());
  return code;
}

// expectDashboard asserts the signed-in start page with its greeting.
export async function expectDashboard(page) {
  assert(new URL(page.url()).pathname === '/', `expected the dashboard, got ${page.url()}`);
  const h1 = await text(page.locator('h1'));
  assert(h1.startsWith('Welkom, '), `dashboard heading is ${JSON.stringify(h1)}`);
  return h1;
}

// signIn is the step most flows start with: the demo password, the second
// factor (enrolled on first use, answered from the remembered secret
// after), and the dashboard.
export async function signIn(page, label, email, shotName) {
  await step(label, async () => {
    await login(page, email, 'tulpen-fiets-grachten-7');
    await enrolTotp(page, shotName);
    await expectDashboard(page);
  });
}
