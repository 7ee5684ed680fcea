// The meldpunt flow of the browser test (issue 4): an anonymous reporter
// in a fresh browser context reports without an account and without any
// cookie, gets a receipt code once, a handler (Buurdorp's coordinator, to
// whom undermining reports are routed) replies, and the reporter reads the
// reply with the code; a wrong code is refused. Every page is axe-checked.

import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, submit, text, visit } from './lib/page.mjs';


export async function reportFlow(browser, base) {
  const anon = await newPage(browser, base);
  const ctx = anon.context();
  const title = `E2E-signaal ${Date.now()}`;
  const reply = `Dank voor uw melding; wanneer zag u dit? ${Date.now()}`;

  await step('reporter: the anonymous form opens without an account and sets no cookie', async () => {
    const resp = await anon.goto('/melden/anoniem/buurdorp');
    assert(resp.status() === 200, `GET /melden/anoniem/buurdorp gave ${resp.status()}`);
    assert((resp.headers()['cache-control'] ?? '').includes('no-store'), 'the form may be cached');
    assert((await anon.locator('form[autocomplete="off"]').count()) === 1, 'form lacks autocomplete=off');
    assert((await ctx.cookies()).length === 0, `cookies after GET: ${JSON.stringify(await ctx.cookies())}`);
  });
  await visit(anon, 'report-anonymous-form');

  await step('reporter: an empty form is refused with Dutch messages', async () => {
    const resp = await submit(anon, anon.locator('form[action="/melden/anoniem/buurdorp"] button[type="submit"]'));
    assert(resp.status() === 422, `empty form gave ${resp.status()}`);
    const errors = await text(anon.locator('.alert--error'));
    assert(errors.includes('Kies een categorie.'), `no category message: ${errors}`);
  });
  await visit(anon, 'report-anonymous-errors');

  let code = '';
  await step('reporter: submitting shows the reference and the receipt code once, still no cookie', async () => {
    await anon.check('#intake_category_undermining');
    await anon.fill('#title', title);
    await anon.fill('#intake_body', 'Elke nacht busjes bij de loods aan de Dijkweg; de ramen zijn afgeplakt.');
    await anon.fill('#q_location', 'Dijkweg 3');
    const resp = await submit(anon, anon.locator('form[action="/melden/anoniem/buurdorp"] button[type="submit"]'));
    assert(resp.status() === 200, `submit gave ${resp.status()}`);
    code = await text(anon.locator('[data-receipt-code]'));
    assert(/^([A-Z2-7]{4}-){5}[A-Z2-7]{4}$/.test(code), `receipt code looks like ${JSON.stringify(code)}`);
    assert(!anon.url().includes(code.replace(/-/g, '')) && !anon.url().includes(code), 'the code is in the address');
    assert((await ctx.cookies()).length === 0, `cookies after submitting: ${JSON.stringify(await ctx.cookies())}`);
  });
  await visit(anon, 'report-receipt');

  const handler = await newPage(browser, base);
  await signIn(handler, 'coordinator (Buurdorp): login and TOTP enrolment reach the dashboard', 'coordinator@buurdorp.example', 'mfa-enrol-coordinator-buurdorp');
  await step('coordinator: the report is on the list and opens with its content', async () => {
    const resp = await handler.goto('/meldingen');
    assert(resp.status() === 200, `GET /meldingen gave ${resp.status()}`);
  });
  await visit(handler, 'report-list');
  await step('coordinator: opens the newest report and sees the title', async () => {
    const link = handler.locator('table tbody tr a').first();
    await Promise.all([handler.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert((await text(handler.locator('main'))).includes(title), 'report page lacks the title');
  });
  await visit(handler, 'report-page');
  await step('coordinator: replies to the reporter', async () => {
    await handler.fill('#intake_message', reply);
    await handler.check('#internal_no');
    const resp = await submit(handler, handler.locator('form[action$="/bericht"] button[type="submit"]'));
    assert(resp.status() === 200, `reply ended in ${resp.status()}`);
    assert((await text(handler.locator('main'))).includes(reply), 'reply not on the report page');
  });
  await visit(handler, 'report-replied');

  await step('reporter: a wrong code is refused', async () => {
    await anon.goto('/melden/volgen');
    const wrong = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11);
    await anon.fill('#intake_code', wrong);
    const resp = await submit(anon, anon.locator('form[action="/melden/volgen"] button[type="submit"]'));
    assert(resp.status() === 422, `wrong code gave ${resp.status()}`);
    assert((await text(anon.locator('.alert--error'))).includes('onjuist'), 'no message for a wrong code');
    assert(!(await text(anon.locator('main'))).includes(reply), 'a wrong code shows the report');
  });
  await visit(anon, 'report-wrong-code');
  await step('reporter: with the right code, the reply is shown; still no cookie', async () => {
    await anon.goto('/melden/volgen');
    await anon.fill('#intake_code', code);
    const resp = await submit(anon, anon.locator('form[action="/melden/volgen"] button[type="submit"]'));
    assert(resp.status() === 200, `follow-up gave ${resp.status()}`);
    assert((await text(anon.locator('main'))).includes(reply), 'the reply is not shown to the reporter');
    assert(!anon.url().includes('code'), 'the code is in the address');
    assert((await ctx.cookies()).length === 0, `cookies after following up: ${JSON.stringify(await ctx.cookies())}`);
  });
  await visit(anon, 'report-follow-up');
}
