// The process-register flow of the browser test: a teamleider maps a
// process with steps, scores a vulnerability, sees the heatmap and a duty
// finding (issue 3); the coordinator sees every team's findings and simulates.

import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, submit, text, visit } from './lib/page.mjs';


export async function teamLeadFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'team lead: login and TOTP enrolment reach the dashboard', 'teamleider@voorbeeldstad.example', 'mfa-enrol-teamlead');

  await step('team lead: the register lists the demo processes and the teams that mapped nothing', async () => {
    const resp = await page.goto('/processen');
    assert(resp.status() === 200, `GET /processen gave ${resp.status()}`);
    assert(await page.locator('main table tbody tr').count() > 0, 'no processes in the demo register');
    assert((await text(page.locator('main'))).includes('Teams zonder processen in kaart'), 'no list of unmapped teams');
  });
  await visit(page, 'register');

  const name = `Verhuur gemeentelijk vastgoed ${Date.now() % 100000}`;
  await step('team lead: a process without a team is refused at the team field', async () => {
    await page.fill('#name', name);
    await page.fill('#code', `vastgoed-${Date.now() % 100000}`);
    const resp = await submit(page, page.locator('form[method="post"][action="/processen"] button[type="submit"]'));
    assert(resp.status() === 422, `no team gave ${resp.status()}`);
    assert(await page.locator('#team_id-error').count() === 1, 'no error at the team field');
    assert(await page.locator('#team_id').getAttribute('aria-invalid') === 'true', 'team field not marked invalid');
  });
  await visit(page, 'register-error');

  await step('team lead: the new-process form offers only the teams they lead (Klant and the teams under it)', async () => {
    const offered = (await page.locator('#team_id option').allTextContents()).map((t) => t.trim()).filter((t) => t && !t.startsWith('—') && !/kies/i.test(t));
    assert(offered.includes('Klant') && offered.includes('Burgerzaken'), `offered teams: ${offered.join(', ')}`);
    assert(!offered.some((t) => /Civiel|Vergunning|Inkoop|Handhaving/.test(t)), `teams the lead does not lead are offered: ${offered.join(', ')}`);
  });

  await step('team lead: adding an own process opens its page', async () => {
    const team = page.locator('#team_id option', { hasText: 'Burgerzaken' }).first();
    const value = await team.getAttribute('value');
    assert(value, 'team Burgerzaken not offered');
    await page.selectOption('#team_id', value);
    await page.fill('#name', name);
    const resp = await submit(page, page.locator('form[method="post"][action="/processen"] button[type="submit"]'));
    assert(resp.status() < 400, `POST /processen ended in ${resp.status()}`);
    assert(/^\/processen\/[^/]+$/.test(new URL(page.url()).pathname), `landed on ${page.url()}`);
    assert((await text(page.locator('h1'))).includes(name), 'process name not in the heading');
  });
  const processURL = new URL(page.url()).pathname;
  await visit(page, 'process-new');

  for (const [stepName, fn] of [['Huurcontract opstellen', 0], ['Huurcontract tekenen', 1]]) {
    await step(`team lead: step "${stepName}" with a function appears in the steps table`, async () => {
      await page.goto(`${processURL}/stappen/nieuw`);
      await page.fill('#name', stepName);
      await page.check('#kind-decision');
      await page.locator('input[name="function_ids"]').nth(fn).check();
      await page.fill('#min_holders', '2');
      const resp = await submit(page, page.locator('main form button[type="submit"]'));
      assert(resp.status() < 400, `adding the step ended in ${resp.status()}`);
      const row = page.locator('#stappen ~ div table tbody tr', { hasText: stepName });
      assert(await row.count() === 1, `step ${stepName} not listed once`);
    });
  }
  await visit(page, 'process-steps');

  await step('team lead: a step without a name is refused at the name field, nothing added', async () => {
    const before = await page.locator('#stappen ~ div table tbody tr').count();
    await page.goto(`${processURL}/stappen/nieuw`);
    const resp = await submit(page, page.locator('main form button[type="submit"]'));
    assert(resp.status() === 422, `empty step gave ${resp.status()}`);
    assert((await text(page.locator('#name-error'))).length > 0, 'no error at the name field');
    await page.goto(processURL);
    const after = await page.locator('#stappen ~ div table tbody tr').count();
    assert(after === before, `steps changed from ${before} to ${after}`);
  });
  await visit(page, 'process-step-error');

  await step('team lead: a scored vulnerability shows its level on the process page', async () => {
    await page.goto(`${processURL}/kwetsbaarheden/nieuw`);
    await page.fill('#title', 'Huurder met criminele achtergrond via een stroman');
    await page.check('#origin-external');
    await page.check('#intent-intended');
    await page.check('#factor-human');
    await page.selectOption('#inherent_likelihood', '4');
    await page.selectOption('#inherent_impact', '5');
    await page.selectOption('#residual_likelihood', '3');
    await page.selectOption('#residual_impact', '4');
    const resp = await submit(page, page.locator('main form button[type="submit"]'));
    assert(resp.status() < 400, `adding the vulnerability ended in ${resp.status()}`);
    const row = page.locator('#kwetsbaarheden ~ div table tbody tr', { hasText: 'stroman' });
    assert((await text(row)).includes('Hoog'), `row reads ${await text(row)}`);
  });
  await visit(page, 'process-vulnerability');

  await step('team lead: another team\'s process can be read but not changed, and its step form is refused with the reason', async () => {
    await page.goto('/processen');
    const rows = page.locator('main table tbody tr');
    let href = '';
    for (let i = 0; i < await rows.count(); i++) {
      const team = await text(rows.nth(i).locator('td').first());
      if (!/Klant|Burgerzaken/.test(team)) {
        href = await rows.nth(i).locator('th a').getAttribute('href');
        break;
      }
    }
    assert(href, 'no process of another team in the register');
    const resp = await page.goto(href);
    assert(resp.status() === 200, `reading another team's process gave ${resp.status()}`);
    assert(await page.locator(`main a[href="${href}/stappen/nieuw"]`).count() === 0, 'an add-step button on another team\'s process');
    assert(await page.locator(`main form[action="${href}"]`).count() === 0, 'an edit form on another team\'s process');
    const refused = await page.goto(`${href}/stappen/nieuw`);
    assert(refused.status() === 403, `the step form of another team's process gave ${refused.status()}`);
    assert((await text(page.locator('main'))).includes('teams die u leidt'), 'the refusal does not say why');
  });
  await visit(page, 'process-other-team');

  await step('team lead: the heatmap shows the organisation\'s risks as a picture with a text alternative', async () => {
    const resp = await page.goto('/risicos');
    assert(resp.status() === 200, `GET /risicos gave ${resp.status()}`);
    const svg = page.locator('main svg[role="img"]');
    assert(await svg.count() >= 1, 'no heatmap picture');
    assert(await svg.first().locator(':scope > title').count() === 1, 'heatmap has no title');
    assert((await text(page.locator('main'))).includes('stroman'), 'the new vulnerability is not among the listed risks');
  });
  await visit(page, 'heatmap');

  await step('team lead: the findings show their own teams\' — the planted eenpitter — and not another team\'s dubbelzitter', async () => {
    const resp = await page.goto('/bevindingen');
    assert(resp.status() === 200, `GET /bevindingen gave ${resp.status()}`);
    const body = await text(page.locator('main'));
    assert(body.includes('Robin Koster') && body.includes('Eenpitter'), 'the planted eenpitter of Burgerzaken (Robin Koster) is missing');
    assert(!body.includes('Eline Dekker'), 'the dubbelzitter of Vergunningen (Eline Dekker), not a team they lead, is shown');
  });
  await visit(page, 'findings');

  await step('team lead: a planted finding can be mitigated with an owner and an end date', async () => {
    await page.goto('/bevindingen');
    const link = page.locator('main table tbody tr', { hasText: 'Robin Koster' }).locator('a[href^="/bevindingen/afdekken/"]').first();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert(new URL(page.url()).pathname.startsWith('/bevindingen/afdekken/'), `landed on ${page.url()}`);
  });
  await visit(page, 'findings-mitigate');

  for (const [path, shot] of [['/bevindingen/personen/', 'findings-person'], ['/simulatie', 'simulation'],
    ['/conflictregels', 'conflict-rules'], ['/risicos/besluiten', 'decisions'], ['/instellingen/risicomatrix', 'risk-matrix']]) {
    await step(`team lead: ${path} opens`, async () => {
      let target = path;
      if (path.endsWith('/')) {
        await page.goto('/bevindingen');
        target = await page.locator('main a[href^="/bevindingen/personen/"]').first().getAttribute('href');
      }
      const resp = await page.goto(target);
      assert(resp.status() === 200, `GET ${target} gave ${resp.status()}`);
    });
    await visit(page, shot);
  }

  // People data (issue 6): the demo teamleider leads team Klant and sees
  // only Klant and its sub-teams.
  await step('team lead: the training overview shows only the teams they lead', async () => {
    const resp = await page.goto('/mensen/training');
    assert(resp.status() === 200, `GET /mensen/training gave ${resp.status()}`);
    const titles = await page.locator('[data-training-heatmap] svg > g title, [data-training-heatmap] svg g > title').allTextContents();
    const teams = new Set(titles.map((t) => t.split(',')[0]));
    assert(teams.size > 0, 'no team in the heatmap');
    for (const t of teams) {
      assert(['Klant', 'Burgerzaken', 'Klantcontactcentrum'].includes(t), `the teamleider of Klant sees team ${t}`);
    }
  });
  await visit(page, 'training-my-teams');
  await page.context().close();

  // The coordinator sees every team's findings and simulates a change.
  const coord = await newPage(browser, base);
  await signIn(coord, 'coordinator: signs in with the second factor', 'coordinator@voorbeeldstad.example', 'mfa-enrol-findings');
  await step('coordinator: the findings of every team include the team lead\'s new process and the planted dubbelzitter and eenpitter', async () => {
    const resp = await coord.goto('/bevindingen');
    assert(resp.status() === 200, `GET /bevindingen gave ${resp.status()}`);
    const rows = coord.locator('main table tbody tr', { hasText: name });
    assert(await rows.count() > 0, `no finding about the steps of "${name}" (their functions' holders)`);
    const body = await text(coord.locator('main'));
    assert(body.includes('Eline Dekker') && body.includes('Dubbelzitter'), 'the planted dubbelzitter (Eline Dekker) is missing');
    assert(body.includes('Robin Koster') && body.includes('Eenpitter'), 'the planted eenpitter (Robin Koster) is missing');
  });
  await visit(coord, 'findings-all-teams');

  await step('coordinator: simulating the end of the planted dubbelzitter\'s Bibob assignment removes it, saving nothing', async () => {
    await coord.goto('/simulatie');
    const option = coord.locator('#assignment option', { hasText: 'Eline Dekker' }).filter({ hasText: '2025' }).first();
    const value = await option.getAttribute('value');
    assert(value, 'Eline Dekker\'s 2025 assignment is not offered');
    await coord.selectOption('#assignment', value);
    // The last day included is yesterday, so today she no longer holds the step.
    await coord.fill('#end_date', new Date(Date.now() - 86400_000).toISOString().slice(0, 10));
    const form = coord.locator('form', { has: coord.locator('#assignment') });
    const resp = await submit(coord, form.locator('button[type="submit"]'));
    assert(resp.status() === 200, `simulation gave ${resp.status()}`);
    const result = await text(coord.locator('section[aria-labelledby="result"]'));
    assert(result.includes('Dubbelzitter') && result.includes('Eline Dekker'), `result does not list the removed dubbelzitter:\n${result.slice(0, 400)}`);
  });
  await visit(coord, 'simulation-result');
  await step('coordinator: after the simulation the real findings still hold the dubbelzitter', async () => {
    await coord.goto('/bevindingen');
    assert((await text(coord.locator('main'))).includes('Eline Dekker'), 'the simulation changed the real findings');
  });
  await coord.context().close();
}
