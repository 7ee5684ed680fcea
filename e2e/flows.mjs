// The user flows of the browser test, one function per kind of user.

import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, submit, text, visit } from './lib/page.mjs';

const PASSWORD = 'tulpen-fiets-grachten-7';

// adminFlow: second-factor enrolment, audit viewer and the admin pages.
export async function adminFlow(browser, base) {
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

// coordinatorFlow: enrolment, adding an action, a rejected empty title, logout.
export async function coordinatorFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'coordinator: login and TOTP enrolment reach the dashboard', 'coordinator@voorbeeldstad.example', 'mfa-enrol-coordinator');
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

  await step('coordinator: the organisation chart shows the imported teams', async () => {
    const resp = await page.goto('/organisatie');
    assert(resp.status() === 200, `GET /organisatie gave ${resp.status()}`);
    const body = await text(page.locator('main'));
    assert(body.includes('Handhaving'), 'team Handhaving from the demo HR export is missing');
  });
  await visit(page, 'organisation');
  await step('coordinator: the HR import page offers a dry run', async () => {
    const resp = await page.goto('/organisatie/import');
    assert(resp.status() === 200, `GET /organisatie/import gave ${resp.status()}`);
    assert(await page.locator('input[type=file]').count() === 1, 'no file field');
  });
  await visit(page, 'organisation-import');
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

// employeeFlow: no second factor, no audit log, pages reflow at 320 px.
export async function employeeFlow(browser, base) {
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
  await step('employee: the knowledge cards list all eight processes', async () => {
    const resp = await page.goto('/kennis');
    assert(resp.status() === 200, `GET /kennis gave ${resp.status()}`);
    const links = await page.locator('main a[href^="/kennis/"]').count();
    assert(links >= 8, `only ${links} cards listed`);
  });
  await visit(page, 'knowledge');
  await step('employee: a card shows what to watch for and what to do', async () => {
    const resp = await page.goto('/kennis/subsidies');
    assert(resp.status() === 200, `GET /kennis/subsidies gave ${resp.status()}`);
    const body = await text(page.locator('main'));
    for (const want of ['Signalen', 'Wat doet u', 'Wie belt u']) {
      assert(body.includes(want), `card lacks "${want}"`);
    }
  });
  await visit(page, 'knowledge-card');
  await step('employee: at 320 px wide the pages need no sideways scrolling (WCAG 1.4.10)', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ['/', '/acties', '/kennis/subsidies']) {
      await page.goto(path);
      const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert(scroll <= width, `${path} is ${scroll} px wide in a ${width} px window`);
    }
  });
  await visit(page, 'actions-employee-narrow');
  await page.context().close();
}

// regionalFlow: a regional analyst switches to a municipality that lent access.
export async function regionalFlow(browser, base) {
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

// wrongPasswordFlow: a wrong password gives the Dutch message and no session.
export async function wrongPasswordFlow(browser, base) {
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
