// The council flow of the browser test (issue 7, council): the coordinator
// opens the norm framework, overrides one verdict (first without a
// motivation, which is refused naming the field), creates a council
// report, views it as HTML, finalises it and downloads the PDF; the
// griffier (auditor) reads the final report but not the concept. Every
// page is axe-checked. Voorbeeldstad's demo has last year's final report
// and this year's concept.

import { assert, step } from './lib/results.mjs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { enrolTotp, expectDashboard, login, newPage, shotDir, signIn, submit, text, visit } from './lib/page.mjs';

const PASSWORD = 'tulpen-fiets-grachten-7';

export async function councilFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'council: coordinator logs in with the second factor', 'coordinator@voorbeeldstad.example', 'mfa-enrol-council');

  let override = '';
  await step('council: the norm framework lists the sixteen norms with a proposal, evidence and rule', async () => {
    const resp = await page.goto('/raad/normenkader');
    assert(resp.status() === 200, `GET /raad/normenkader gave ${resp.status()}`);
    assert(await page.locator('section[data-norm]').count() === 16, 'not sixteen norms');
    const n02 = await text(page.locator('#norm-n02'));
    assert(n02.includes('Regel:') && n02.includes('LOO-overleggen gehouden'), `norm 2 lacks rule or evidence: ${n02}`);
    const proposed = await page.locator('#norm-n02 input[name="verdict"]:checked').inputValue();
    override = proposed === 'behaald' ? 'deels' : 'behaald';
  });
  await visit(page, 'council-norms');

  await step('council: overriding without a motivation is refused, naming the field', async () => {
    await page.locator(`#verdict-n02-${override}`).check();
    await submit(page, page.locator('[data-decide="n02"]'));
    const err = await text(page.locator('#motivation-n02-error'));
    assert(err.includes('Motiveer waarom u afwijkt'), `error reads ${JSON.stringify(err)}`);
  });
  await visit(page, 'council-norm-refused');

  await step('council: overriding with a motivation records the verdict', async () => {
    await page.locator(`#verdict-n02-${override}`).check();
    await page.fill('#motivation-n02', 'Het RIEC-convenant is dit jaar regionaal vernieuwd.');
    await submit(page, page.locator('[data-decide="n02"]'));
    const final = await text(page.locator('[data-final="n02"]'));
    assert(final.includes('afgeweken'), `norm 2 reads ${JSON.stringify(final)}`);
    const dec = await text(page.locator('[data-decision="n02"]'));
    assert(dec.includes('RIEC-convenant'), `decision lacks the motivation: ${dec}`);
  });
  await visit(page, 'council-norm-overridden');

  await step('council: the chapter for the audit office shows the motivation', async () => {
    const resp = await page.goto('/raad/normenkader/hoofdstuk');
    assert(resp.status() === 200, `GET chapter gave ${resp.status()}`);
    assert((await text(page.locator('main'))).includes('RIEC-convenant'), 'chapter lacks the motivation');
  });
  await visit(page, 'council-chapter');

  const year = new Date().getFullYear();
  const title = `Raadsbrief eerste helft ${year} e2e`;
  let path = '';
  await step('council: a new council report opens with a generated summary', async () => {
    const resp = await page.goto('/raad');
    assert(resp.status() === 200, `GET /raad gave ${resp.status()}`);
    await page.fill('#period', `${year}-H1`);
    await page.fill('#title', title);
    await submit(page, page.locator('[data-create-report]'));
    path = new URL(page.url()).pathname;
    assert(/^\/raad\/brieven\/[a-z0-9]+$/.test(path), `not on the report: ${page.url()}`);
    const summary = await page.inputValue('#summary');
    assert(summary.includes('Deze brief beschrijft hoe'), `no generated summary: ${summary}`);
  });
  await visit(page, 'council-report-concept');

  await step('council: the report shows maturity with a chart and what changed since last time', async () => {
    const main = await text(page.locator('main'));
    assert(main.includes('Volwassenheid per pijler') && main.includes('Wat is er veranderd sinds de vorige keer'), 'sections missing');
    assert(await page.locator('main svg.bars').count() === 1, 'no maturity chart');
    assert(await page.locator('table[data-changes]').count() === 1, 'no comparison with last year\'s report');
  });

  await step('council: finalising freezes the report', async () => {
    await submit(page, page.locator('[data-finalise]'));
    assert(await page.locator('[data-status="definitief"]').count() === 1, 'report not final');
    assert(await page.locator('[data-summary]').count() === 1, 'final report does not show its summary as text');
  });
  await visit(page, 'council-report-final');

  await step('council: the PDF downloads as a PDF', async () => {
    const resp = await page.request.get(`${path}/pdf`);
    assert(resp.status() === 200, `PDF gave ${resp.status()}`);
    assert(resp.headers()['content-type'] === 'application/pdf', `content type ${resp.headers()['content-type']}`);
    const body = await resp.body();
    assert(body.subarray(0, 5).toString() === '%PDF-', 'body is not a PDF');
    await writeFile(join(shotDir, 'council-report.pdf'), body); // kept beside the screenshots, to be looked at as a picture
  });

  await step('council: the benchmark page opens', async () => {
    const resp = await page.goto('/raad/benchmark');
    assert(resp.status() === 200, `GET /raad/benchmark gave ${resp.status()}`);
  });
  await visit(page, 'council-benchmark');

  const griffier = await newPage(browser, base);
  await step('council: the griffier reads the final report, not the concept', async () => {
    await login(griffier, 'griffier@voorbeeldstad.example', PASSWORD);
    const resp = await griffier.goto('/raad');
    assert(resp.status() === 200, `GET /raad as griffier gave ${resp.status()}`);
    const list = await text(griffier.locator('main'));
    assert(list.includes(title), 'the final report is not listed for the griffier');
    assert(!list.includes(`Raadsinformatiebrief weerbaarheid ${year}`), 'the concept is listed for the griffier');
    const open = await griffier.goto(path);
    assert(open.status() === 200, `final report as griffier gave ${open.status()}`);
    assert(await griffier.locator('form[action$="/definitief"]').count() === 0, 'the griffier is offered to finalise');
  });
  await visit(griffier, 'council-griffier-report');
}
