// The scan flow of the browser test (issue 7, must hold): a coordinator
// fills in a resilience scan, its radar chart and table appear, and a gap
// becomes an action that appears on the action list; every page is
// axe-checked. Buurdorp's coordinator is used, whose second factor no
// other flow enrols.

import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, submit, text, visit } from './lib/page.mjs';


export async function scanFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'scan: coordinator login and TOTP enrolment reach the dashboard', 'coordinator@buurdorp.example', 'mfa-enrol-scan-coordinator');

  const title = `Weerbaarheidsscan e2e ${Date.now() % 100000}`;
  await step('scan: the scans page offers a new scan on the Vijf pijlers', async () => {
    const resp = await page.goto('/scans');
    assert(resp.status() === 200, `GET /scans gave ${resp.status()}`);
    assert(await page.locator('#framework option[value="vijf-pijlers"]').count() === 1, 'no Vijf pijlers framework offered');
  });
  await visit(page, 'scans');

  await step('scan: starting a scan opens its answer form', async () => {
    await page.fill('#title', title);
    await page.selectOption('#framework', 'vijf-pijlers');
    await submit(page, page.locator('form[action="/scans"] button[type="submit"]'));
    assert(/^\/scans\/[A-Za-z0-9]+$/.test(new URL(page.url()).pathname), `not on the scan's page: ${page.url()}`);
    assert(await page.locator('#level-bew-coordinator').count() === 1, 'no answer form');
  });
  await visit(page, 'scan-new');

  await step('scan: answering shows the maturity in the radar chart and the table', async () => {
    await page.selectOption('#level-bew-coordinator', '2');
    await page.fill('#evidence-bew-coordinator', 'De coördinator werkt er vier uur per week aan.');
    await page.selectOption('#level-bew-training', '4');
    await page.selectOption('#level-inf-meldpunt', '3');
    await submit(page, page.locator('[data-save-answers]'));
    assert(await page.locator('[data-radar] svg.radar polygon[stroke="#1f5f99"]').count() === 1, 'no scan series in the radar chart');
    const table = await text(page.locator('table[data-maturity]'));
    assert(table.includes('Bewustwording & organisatie 3,0'), `maturity table reads: ${table}`);
    assert(table.includes('Informatiepositie 3,0'), `maturity table reads: ${table}`);
  });
  await visit(page, 'scan-answered');

  const due = new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10);
  await step('scan: the gap below the target becomes an action with owner and due date', async () => {
    const gap = page.locator('[data-gap="bew-coordinator"]');
    assert(await gap.count() === 1, 'the answer at step 2 is not listed as a gap');
    await gap.locator('input[type="date"]').fill(due);
    await submit(page, gap.locator('[data-make-action]'));
    assert(await page.locator('[data-gap="bew-coordinator"] [data-gap-action] a').count() === 1, 'the gap does not link its action');
  });
  await visit(page, 'scan-gap-action');

  await step('scan: the action appears on the action list', async () => {
    const resp = await page.goto('/acties');
    assert(resp.status() === 200, `GET /acties gave ${resp.status()}`);
    const list = await text(page.locator('main'));
    assert(list.includes('Is er een coördinator ondermijning'), 'the action made from the gap is not on the list');
  });
  await visit(page, 'scan-actions');

  await step('scan: the frameworks page lists the three shipped frameworks', async () => {
    const resp = await page.goto('/kaders');
    assert(resp.status() === 200, `GET /kaders gave ${resp.status()}`);
    const t = await text(page.locator('main table'));
    for (const name of ['Vijf pijlers', 'Vijf dimensies', 'Normenkader rekenkamer']) assert(t.includes(name), `${name} missing`);
  });
  await visit(page, 'scan-frameworks');
  await step('scan: the surveys page opens', async () => {
    const resp = await page.goto('/enquetes');
    assert(resp.status() === 200, `GET /enquetes gave ${resp.status()}`);
  });
  await visit(page, 'surveys');
}
