// The people flow of the browser test (issue 6): HR imports attendance —
// first a file with an error, then a dry run, then the real import — and
// the coverage heatmap updates; the registers' pages are axe-checked.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, step } from './lib/results.mjs';
import { enrolTotp, expectDashboard, login, newPage, signIn, submit, text, visit } from './lib/page.mjs';

const HR_EXPORT = join(dirname(fileURLToPath(import.meta.url)), '..', 'internal', 'org', 'demo', 'hr-export-voorbeeld.csv');

// handhavers returns the personnel numbers of the demo's current
// handhavers (team Handhaving, not left), from the demo HR export.
function handhavers() {
  const lines = readFileSync(HR_EXPORT, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  const head = lines[0].split(';');
  const col = (name) => head.indexOf(name);
  const out = new Set();
  for (const line of lines.slice(1)) {
    const f = line.split(';');
    if (f[col('Team')] === 'Handhaving' && f[col('Uitdienst')] === '') out.add(f[col('Personeelsnummer')]);
  }
  return [...out];
}

// signalsCell reads the heatmap's text for Handhaving × signals training.
async function signalsCell(page) {
  await page.goto('/mensen/training');
  const titles = await page.locator('[data-training-heatmap] svg title').allTextContents();
  return titles.find((t) => t.startsWith('Handhaving, Signalen')) ?? '';
}

async function upload(page, name, csv, mode) {
  await page.goto('/mensen/training/import');
  await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  return submit(page, page.locator(`form[action="/mensen/training/import"] button[value="${mode}"]`));
}

export async function hrFlow(browser, base) {
  const page = await newPage(browser, base);
  await signIn(page, 'HR: login and TOTP enrolment reach the dashboard', 'hr@voorbeeldstad.example', 'mfa-enrol-hr');

  let before = '';
  await step('HR: the heatmap shows Handhaving never trained on signals of ondermijning', async () => {
    before = await signalsCell(page);
    assert(/: 0% /.test(before), `heatmap cell reads "${before}"`);
  });
  await visit(page, 'training-overview');

  const numbers = handhavers();
  const today = new Date().toISOString().slice(0, 10);
  const good = ['personeelsnummer;training;datum', ...numbers.map((n) => `${n};SIGNALEN;${today}`)].join('\n');
  await step('HR: a file with an unknown person is refused, named by row, nothing written', async () => {
    const bad = `${good}\n999999;SIGNALEN;${today}`;
    const resp = await upload(page, 'fout.csv', bad, 'import');
    assert(resp.status() === 422 || resp.status() === 200, `import gave ${resp.status()}`);
    const errors = await text(page.locator('main table'));
    assert(errors.includes(String(numbers.length + 2)), `row ${numbers.length + 2} not named:\n${errors}`);
  });
  await visit(page, 'training-import-error');
  await step('HR: the refused import left the heatmap as it was', async () => {
    assert((await signalsCell(page)) === before, 'a refused import changed the heatmap');
  });

  await step('HR: the dry run checks the file and writes nothing', async () => {
    await upload(page, 'signalen.csv', good, 'check');
    assert(await page.locator('[data-import-checked]').count() === 1, 'no dry-run result');
    assert((await signalsCell(page)) === before, 'the dry run changed the heatmap');
  });
  await step('HR: the real import updates the heatmap to 100%', async () => {
    await upload(page, 'signalen.csv', good, 'import');
    assert(await page.locator('[data-import-done]').count() === 1, 'no import result');
    const after = await signalsCell(page);
    assert(/: 100% /.test(after), `after the import the cell reads "${after}"`);
  });
  await visit(page, 'training-after-import');

  for (const [path, shot] of [['/mensen', 'people'], ['/mensen/screening', 'screening'], ['/mensen/ambtseed', 'oath'],
    ['/mensen/nevenfuncties', 'side-jobs'], ['/mensen/geschenken', 'gifts'], ['/mensen/vertrouwenspersonen', 'confidants'],
    ['/mensen/teamleiders', 'team-leads'], ['/instellingen/mensen', 'people-settings']]) {
    await step(`HR: ${path} opens`, async () => {
      const resp = await page.goto(path);
      assert(resp.status() === 200, `GET ${path} gave ${resp.status()}`);
    });
    await visit(page, shot);
  }
  await page.context().close();
}
