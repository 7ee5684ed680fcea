// The Bibob flow of the browser test (issue 5): the Bibob coordinator sees
// the warning that the 2018 policy is older than the law, the group of
// three building applications split under the threshold, and opens the
// horeca screening whose LBB advice is in — where the decision form warns
// that whoever screened may not decide. Every page is axe-checked.

import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, text, visit } from './lib/page.mjs';


export async function bibobFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'Bibob: login and TOTP enrolment reach the dashboard', 'bibob@voorbeeldstad.example', 'mfa-enrol-bibob');

  await step('Bibob: the overview warns that the 2018 policy is older than the law', async () => {
    const resp = await page.goto('/bibob');
    assert(resp.status() === 200, `GET /bibob gave ${resp.status()}`);
    const warning = await text(page.locator('[data-policy-outdated]'));
    assert(warning.includes('2018') && warning.includes('2020'), `warning reads "${warning}"`);
  });
  await visit(page, 'bibob-overview');

  await step('Bibob: the three building applications are shown together as one split group', async () => {
    await page.goto('/bibob/splitsing');
    const groups = page.locator('table[data-split-group]');
    assert(await groups.count() === 1, `${await groups.count()} split groups`);
    const rows = await text(groups.first());
    for (const c of ['Z-2025-0412', 'Z-2025-0698', 'Z-2025-0977']) assert(rows.includes(c), `${c} missing from the group:\n${rows}`);
  });
  await visit(page, 'bibob-splits');

  await step('Bibob: one of them shows the group on its own page', async () => {
    await page.goto('/bibob/aanvragen');
    await page.getByRole('link', { name: 'Z-2025-0698' }).click();
    await page.waitForLoadState();
    assert(await page.locator('[data-split-group]').count() > 0, 'application page does not show its split group');
  });
  await visit(page, 'bibob-application');

  await step('Bibob: the horeca screening opens with its LBB advice and the separation-of-duties warning', async () => {
    await page.goto('/bibob/screenings');
    await page.getByRole('link', { name: 'Z-2025-1131' }).click();
    await page.waitForLoadState();
    const advice = await text(page.locator('[data-lbb-advice]'));
    assert(advice.includes('Mindere mate'), `LBB advice reads "${advice}"`);
    assert(await page.locator('[data-findings]').count() === 1, 'the screener does not see the findings');
    assert(await page.locator('[data-duty-warning]').count() === 1, 'no warning that the screener may not decide');
  });
  await visit(page, 'bibob-screening');

  for (const [path, shot] of [['/bibob/beleid', 'bibob-policy'], ['/bibob/aanvragen', 'bibob-applications'], ['/bibob/aanvragen/import', 'bibob-import'],
    ['/bibob/termijnen', 'bibob-terms'], ['/bibob/functiescheiding', 'bibob-duties']]) {
    await step(`Bibob: ${path} opens`, async () => {
      const resp = await page.goto(path);
      assert(resp.status() === 200, `GET ${path} gave ${resp.status()}`);
    });
    await visit(page, shot);
  }
  await page.context().close();
}
