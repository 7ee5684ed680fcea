// The meldpunt operations flow of the browser test (issue 4): a coordinator
// of the meldpunt opens the trend overview (chart and table), the list of
// passed and approaching terms, and the aggression incident whose aftercare
// is overdue, and ticks off the contact with the victim. Every page is
// axe-checked. The demo account meldpunt@voorbeeldstad.example is used
// because the other coordinator's second factor is enrolled by another flow.

import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, submit, text, visit } from './lib/page.mjs';


export async function reportOpsFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'meldpunt: login and TOTP enrolment reach the dashboard', 'meldpunt@voorbeeldstad.example', 'mfa-enrol-meldpunt');

  await step('meldpunt: the overview shows the chart and the counts per category', async () => {
    const resp = await page.goto('/meldingen/overzicht');
    assert(resp.status() === 200, `GET /meldingen/overzicht gave ${resp.status()}`);
    assert(await page.locator('main svg[role="img"] title').count() > 0, 'no chart with a title');
    const table = await text(page.locator('main table').first());
    assert(table.includes('Signaal ondermijning'), `table lacks the signals row: ${table}`);
  });
  await visit(page, 'meldpunt-overzicht');

  await step('meldpunt: the terms list shows a passed term without content', async () => {
    const resp = await page.goto('/meldingen/termijnen');
    assert(resp.status() === 200, `GET /meldingen/termijnen gave ${resp.status()}`);
    const table = await text(page.locator('main table'));
    assert(/M-\d{4}-\d{4}/.test(table) && table.includes('Verstreken'), `no passed term listed: ${table}`);
    assert(!table.includes('jerrycans'), 'the terms list shows a report text');
  });
  await visit(page, 'meldpunt-termijnen');

  await step('meldpunt: the aftercare list leads to the incident', async () => {
    await page.goto('/meldingen/nazorg');
    const link = page.locator('main table a[href$="/agressie"]').first();
    assert(await link.count() === 1, 'no overdue aftercare listed');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert(/\/meldingen\/[^/]+\/agressie$/.test(new URL(page.url()).pathname), `landed on ${page.url()}`);
    assert((await text(page.locator('main'))).includes('te laat'), 'the incident shows no late aftercare');
  });
  await visit(page, 'meldpunt-agressie');

  await step('meldpunt: ticking off the contact records who did it', async () => {
    const button = page.locator('form[action$="/nazorg"] button', { hasText: 'Contact met het slachtoffer' });
    assert(await button.count() === 1, 'no button to tick off the contact');
    const resp = await submit(page, button);
    assert(resp.status() === 200, `tick gave ${resp.status()}`);
    const row = await text(page.locator('main table tr', { hasText: 'Contact met het slachtoffer' }));
    assert(row.includes('Iris Meijer'), `contact row after ticking: ${row}`);
  });
  await visit(page, 'meldpunt-nazorg-afgevinkt');
}
