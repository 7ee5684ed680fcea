// The goals flow of the browser test (issue 7, points 4 and 5): the
// coordinator of Voorbeeldstad creates a goal with a target (after a
// refused attempt), sees the indicator's value, the target-versus-actual
// chart and the trend chart, and reads the action plan grouped by source;
// every page is axe-checked.

import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, submit, text, visit } from './lib/page.mjs';


export async function goalsFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'coordinator: login and second factor reach the dashboard', 'coordinator@voorbeeldstad.example', 'mfa-enrol-goals');

  const year = new Date().getFullYear();
  await step('coordinator: the goals page lists the demo goals with their targets', async () => {
    const resp = await page.goto('/doelen');
    assert(resp.status() === 200, `GET /doelen gave ${resp.status()}`);
    const rows = await page.locator('table tbody tr').count();
    assert(rows >= 5, `only ${rows} goals listed`);
  });
  await visit(page, 'goals');

  const title = `Achterstand acties terugdringen ${Date.now() % 1000}`;
  await step('coordinator: a goal whose target is not a number is refused, named in Dutch', async () => {
    await page.fill('#title', title);
    await page.selectOption('#kind', 'prestatie');
    await page.selectOption('#indicator', 'acties.te_laat');
    await page.fill('#year', String(year));
    await page.fill('#target', 'veel');
    const resp = await submit(page, page.locator('form[method="post"][action="/doelen"] button[type="submit"]'));
    assert(resp.status() === 422, `POST gave ${resp.status()}`);
    const err = await text(page.locator('#target-error'));
    assert(err.includes('getal'), `error next to the target: ${JSON.stringify(err)}`);
  });
  await visit(page, 'goal-refused');

  await step('coordinator: with a target of 3 the goal is created and shows target and actual', async () => {
    await page.fill('#target', '3');
    const resp = await submit(page, page.locator('form[method="post"][action="/doelen"] button[type="submit"]'));
    assert(resp.status() === 200, `POST ended in ${resp.status()} at ${page.url()}`);
    assert(/\/doelen\/[^/]+$/.test(new URL(page.url()).pathname), `not on the goal page: ${page.url()}`);
    assert((await text(page.locator('h1'))) === title, 'goal heading');
    assert(await page.locator('figure svg[role="img"]').count() === 1, 'no target-versus-actual chart');
    const row = page.locator('table tbody tr', { hasText: String(year) });
    const cells = await row.locator('th, td').allTextContents();
    assert(cells[2].trim() === '3', `target this year: ${JSON.stringify(cells)}`);
    assert(/^\d+$/.test(cells[1].trim()), `actual this year is not a count: ${JSON.stringify(cells)}`);
  });
  await visit(page, 'goal-detail');

  await step('coordinator: the indicator page shows the value per year and the trend chart', async () => {
    await page.click('a[href="/indicatoren/acties.te_laat"]');
    assert(new URL(page.url()).pathname === '/indicatoren/acties.te_laat', `at ${page.url()}`);
    assert(await page.locator('figure svg[role="img"]').count() === 1, 'no trend chart');
    const hist = await page.locator('table', { hasText: 'Monitor ondermijning' }).count();
    assert(hist === 1, 'the imported history is not shown with its source');
  });
  await visit(page, 'indicator-trend');

  await step('coordinator: the action plan grouped by source has a heading per source', async () => {
    const resp = await page.goto('/acties/alle?groep=bron');
    assert(resp.status() === 200, `GET gave ${resp.status()}`);
    const heads = await page.locator('main h2').allTextContents();
    assert(heads.some((h) => h.startsWith('Weerbaarheidsscan')), `headings: ${heads.join(' | ')}`);
  });
  await visit(page, 'action-plan-by-source');
}
