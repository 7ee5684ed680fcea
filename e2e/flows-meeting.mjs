// The LOO flow of the browser test (issue 4.5): a coordinator opens the
// LOO list, plans a meeting on a proposed date, adds a free agenda item and
// records a decision; every page is axe-checked. Buurdorp's coordinator
// runs it, because Voorbeeldstad's enrols its second factor in the
// coordinator flow and the secret is not kept.

import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, submit, text, visit } from './lib/page.mjs';


export async function meetingFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'LOO: coordinator logs in and enrols the second factor', 'coordinator@buurdorp.example', 'mfa-enrol-loo');

  let proposed = '';
  await step('LOO: the list opens with dates proposed from the six-week cycle', async () => {
    const resp = await page.goto('/loo');
    assert(resp.status() === 200, `GET /loo gave ${resp.status()}`);
    assert((await text(page.locator('h1'))) === 'Lokaal Ondermijningsoverleg', 'LOO heading missing');
    proposed = await page.inputValue('#loo_date');
    assert(/^\d{4}-\d{2}-\d{2}$/.test(proposed), `no proposed date in the form: ${JSON.stringify(proposed)}`);
  });
  await visit(page, 'loo-list');

  await step('LOO: a meeting without a date is refused with a Dutch message', async () => {
    await page.fill('#loo_date', '');
    const resp = await submit(page, page.locator('form[action="/loo"] button[type="submit"]'));
    assert(resp.status() === 422, `empty date gave ${resp.status()}`);
    const body = await text(page.locator('main'));
    assert(body.includes('Vul dit veld in.'), 'no message for the missing date');
  });
  await visit(page, 'loo-plan-error');

  await step('LOO: the coordinator plans the meeting and lands on its page', async () => {
    await page.fill('#loo_date', proposed);
    await page.fill('#loo_time', '10:00');
    await page.fill('#loo_place', 'Gemeentehuis Buurdorp');
    await page.fill('#loo_participants', 'gemeente\npolitie — wijkagent\nRIEC');
    await submit(page, page.locator('form[action="/loo"] button[type="submit"]'));
    assert(/^\/loo\/[^/]+$/.test(new URL(page.url()).pathname), `after planning: ${page.url()}`);
    const body = await text(page.locator('main'));
    assert(body.includes('politie — wijkagent') && body.includes('Gepland'), 'meeting page lacks participants or status');
    assert(body.includes('Geen meldingen beschikbaar'), 'meeting page does not say that no reports are available');
  });
  await visit(page, 'loo-meeting');
  const meetingPath = new URL(page.url()).pathname;

  await step('LOO: a free agenda item is added', async () => {
    await page.fill('#loo_topic', 'Leegstaande bedrijfspanden aan de Industrieweg');
    await submit(page, page.locator(`form[action="${meetingPath}/agenda"] button[type="submit"]`));
    const row = await text(page.locator('main table tbody'));
    assert(row.includes('Leegstaande bedrijfspanden') && row.includes('Nog geen besluit'), `agenda reads: ${row}`);
  });
  await visit(page, 'loo-agenda');

  await step('LOO: the decision "lokaal oppakken" is recorded with its reason', async () => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('main table tbody a').first().click()]);
    await page.check('#loo_decision-local');
    await page.fill('#loo_reason', 'Handhaving bezoekt de panden met de politie.');
    await submit(page, page.locator('form[action$="/besluit"] button[type="submit"]'));
    const facts = await text(page.locator('dl.facts'));
    assert(facts.includes('Lokaal oppakken') && facts.includes('Handhaving bezoekt de panden'), `item reads: ${facts}`);
  });
  await visit(page, 'loo-item-decided');

  for (const [path, shot] of [['/loo/besluiten', 'loo-decisions'], [`${meetingPath}/notulen`, 'loo-minutes'], ['/loo/instellingen', 'loo-settings']]) {
    await step(`LOO: ${path} opens`, async () => {
      const resp = await page.goto(path);
      assert(resp.status() === 200, `GET ${path} gave ${resp.status()}`);
    });
    await visit(page, shot);
  }
  await page.context().close();
}
