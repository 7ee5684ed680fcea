// The interventions flow of the browser test (issue 5): the Bibob
// coordinator registers an intervention, finds it in the register and sees
// it counted in the year × type table; the pages are axe-checked.

import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, submit, text, visit } from './lib/page.mjs';


// closuresThisYear reads the table's cell for closures in this year.
async function closuresThisYear(page, year) {
  await page.goto('/bibob/interventies/overzicht');
  const head = await page.locator('[data-figures] thead th').allTextContents();
  const col = head.findIndex((h) => h.trim() === String(year));
  assert(col > 0, `no column for ${year} in ${head.join(' | ')}`);
  const row = page.locator('[data-figures] tbody tr', { hasText: 'Sluiting' });
  const cells = await row.locator('th, td').allTextContents();
  return Number(cells[col].trim());
}

export async function interventionsFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'Bibob coordinator: login and TOTP enrolment reach the dashboard', 'bibob@voorbeeldstad.example', 'mfa-enrol-bibob');

  const today = new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  let before = 0;
  await step('Bibob coordinator: the year × type table has a column for this year', async () => {
    before = await closuresThisYear(page, year);
  });
  await visit(page, 'interventions-table');

  const address = `Havenweg ${Date.now() % 1000}`;
  await step('Bibob coordinator: a closure without legal basis is refused, named in Dutch', async () => {
    await page.goto('/bibob/interventies');
    await page.selectOption('#kind', 'sluiting');
    await page.fill('#occurred_on', today);
    await page.fill('#object_address', address);
    await page.fill('#outcome', 'gesloten voor 3 maanden');
    const resp = await submit(page, page.locator('form[method="post"][action="/bibob/interventies"] button[type="submit"]'));
    assert(resp.status() === 422, `POST gave ${resp.status()}`);
    const err = await text(page.locator('#legal_basis-error'));
    assert(err.length > 0, 'no error next to the legal basis');
  });
  await visit(page, 'interventions-refused');
  await step('Bibob coordinator: registering a 13b closure shows it', async () => {
    await page.selectOption('#legal_basis', 'opiumwet_13b');
    const resp = await submit(page, page.locator('form[method="post"][action="/bibob/interventies"] button[type="submit"]'));
    assert(resp.status() === 200, `POST ended in ${resp.status()} at ${page.url()}`);
    const h1 = await text(page.locator('h1'));
    assert(h1.includes(address), `detail heading is ${JSON.stringify(h1)}`);
  });
  await visit(page, 'intervention-detail');
  await step('Bibob coordinator: the register lists it and the table counts it', async () => {
    await page.goto('/bibob/interventies');
    assert(await page.locator('[data-interventions] tbody tr', { hasText: address }).count() === 1, 'not in the register');
    const after = await closuresThisYear(page, year);
    assert(after === before + 1, `closures in ${year}: ${before} → ${after}`);
  });
  await visit(page, 'interventions-table-after');
}
