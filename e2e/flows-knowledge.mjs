// The knowledge flow of the browser test (issue 7 point 8): Voorbeeldstad's
// coordinator rewrites the shipped privacy protocol and publishes it;
// Buurdorp's coordinator finds it in the shared library next to Buurdorp's
// own LOO reglement (demo data), adopts it, and the copy says where it came
// from. Every page is axe-checked.

import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, submit, text, visit } from './lib/page.mjs';

const TITLE = 'Privacyprotocol Voorbeeldstad (e2e)';

export async function knowledgeFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'knowledge: Voorbeeldstad coordinator signs in', 'coordinator@voorbeeldstad.example', 'mfa-enrol-knowledge-coordinator');

  await step('knowledge: the model documents list the four shipped templates', async () => {
    const resp = await page.goto('/modeldocumenten');
    assert(resp.status() === 200, `GET /modeldocumenten gave ${resp.status()}`);
    const table = await text(page.locator('table'));
    for (const t of ['Privacyprotocol', 'veiligheid publieke taak', 'Organisatienorm', 'Reglement Lokaal Ondermijnings Overleg']) {
      assert(table.includes(t), `"${t}" missing from the list:\n${table}`);
    }
  });
  await visit(page, 'knowledge-templates');

  await step('knowledge: the coordinator edits the privacy protocol', async () => {
    await page.goto('/modeldocumenten/privacyprotocol');
    await page.getByRole('link', { name: 'Document bewerken' }).click();
    await page.waitForLoadState();
    await visit(page, 'knowledge-template-editor');
    await page.fill('#tpl_title', TITLE);
    const body = await page.inputValue('#tpl_body');
    await page.fill('#tpl_body', body + '\n\n# Contact in Voorbeeldstad\n- Meldpunt: 14 0123');
    await submit(page, page.locator('form.form button[type="submit"]'));
    assert(new URL(page.url()).pathname === '/modeldocumenten/privacyprotocol', `not back on the document: ${page.url()}`);
    const h1 = await text(page.locator('h1'));
    assert(h1 === TITLE, `heading is "${h1}"`);
    assert((await text(page.locator('main'))).includes('Contact in Voorbeeldstad'), 'the new section is not shown');
  });
  await visit(page, 'knowledge-template-edited');

  await step('knowledge: the coordinator publishes it in the shared library', async () => {
    await submit(page, page.getByRole('button', { name: 'Publiceren in de gedeelde bibliotheek' }));
    const facts = await text(page.locator('dl.facts'));
    assert(facts.includes('versie 2 gepubliceerd op'), `not shown as published: ${facts}`);
  });
  await visit(page, 'knowledge-template-published');

  const other = await newPage(browser, base);
  await signIn(other, 'knowledge: Buurdorp coordinator signs in', 'coordinator@buurdorp.example', 'mfa-enrol-knowledge-buurdorp');

  await step('knowledge: the shared library shows the published protocol and Buurdorp\'s own reglement', async () => {
    const resp = await other.goto('/gedeelde-modeldocumenten');
    assert(resp.status() === 200, `GET /gedeelde-modeldocumenten gave ${resp.status()}`);
    const table = await text(other.locator('table'));
    assert(table.includes(TITLE) && table.includes('Gemeente Voorbeeldstad'), `protocol missing:\n${table}`);
    assert(table.includes('Reglement LOO Buurdorp') && table.includes('gepubliceerd door uw organisatie'), `own reglement missing:\n${table}`);
  });
  await visit(other, 'knowledge-library');

  await step('knowledge: Buurdorp adopts the protocol; the copy names its source and version', async () => {
    await other.getByRole('link', { name: TITLE }).click();
    await other.waitForLoadState();
    await visit(other, 'knowledge-shared');
    await submit(other, other.getByRole('button', { name: 'Overnemen in mijn organisatie' }));
    assert(new URL(other.url()).pathname === '/modeldocumenten/privacyprotocol-gemeente-voorbeeldstad', `not on the copy: ${other.url()}`);
    const facts = await text(other.locator('dl.facts'));
    assert(facts.includes('afkomstig van Gemeente Voorbeeldstad, versie 2'), `source not shown: ${facts}`);
  });
  await visit(other, 'knowledge-adopted');

  await step('knowledge: the copy downloads as PDF', async () => {
    const resp = await other.request.get('/modeldocumenten/privacyprotocol-gemeente-voorbeeldstad/export?formaat=pdf');
    assert(resp.status() === 200 && resp.headers()['content-type'] === 'application/pdf', `PDF gave ${resp.status()}`);
  });
  await page.context().close();
  await other.context().close();
}
