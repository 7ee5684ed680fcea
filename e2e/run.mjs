// Browser test of Weerbaar: starts the demo server from a built binary, walks
// the main user flows in headless Chromium and runs axe-core on every page.
//
//   node e2e/run.mjs [path/to/weerbaar] [port]
//   WEERBAAR_BIN=path/to/weerbaar E2E_PORT=18080 node e2e/run.mjs
//
// It builds nothing: CI builds the binary first. It prints one closing line
// "e2e: N passed, M failed" and exits non-zero on any failure.

import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { adminFlow, coordinatorFlow, employeeFlow, regionalFlow, wrongPasswordFlow } from './flows.mjs';
import { teamLeadFlow } from './flows-risk.mjs';
import { hrFlow } from './flows-people.mjs';
import { meetingFlow } from './flows-meeting.mjs'; // issue 4.5: LOO
import { bibobFlow } from './flows-bibob.mjs'; // issue 5
import { interventionsFlow } from './flows-interventions.mjs'; // issue 5: interventions register
import { scanFlow } from './flows-scan.mjs'; // issue 7
import { reportFlow } from './flows-report.mjs'; // issue 4: meldpunt
import { reportOpsFlow } from './flows-report-ops.mjs'; // issue 4: meldpunt operations
import { knowledgeFlow } from './flows-knowledge.mjs'; // knowledge: issue 7
import { councilFlow } from './flows-council.mjs'; // council: issue 7
import { goalsFlow } from './flows-goals.mjs'; // goals: issue 7
import { axeSelfTest, shotDir } from './lib/page.mjs';
import { failed, flow, passed, record, step } from './lib/results.mjs';
import { freePort, startServer, tail } from './lib/server.mjs';

const TOTAL_TIMEOUT_MS = 720_000; // eighteen flows; a loaded two-core machine needs the room

async function main() {
  const bin = resolve(process.argv[2] ?? process.env.WEERBAAR_BIN ?? '');
  if (!process.argv[2] && !process.env.WEERBAAR_BIN) {
    console.error('usage: node e2e/run.mjs path/to/weerbaar [port]   (or WEERBAAR_BIN, E2E_PORT)');
    process.exit(2);
  }
  const port = Number(process.argv[3] ?? process.env.E2E_PORT ?? 0) || (await freePort());
  const base = `http://localhost:${port}`;

  mkdirSync(shotDir, { recursive: true });
  for (const f of readdirSync(shotDir)) if (f.endsWith('.png')) rmSync(join(shotDir, f));

  let server = null;
  let browser = null;
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => {});
    if (server) server.stop();
    if (server) rmSync(server.dir, { recursive: true, force: true });
  };
  const watchdog = setTimeout(async () => {
    record('whole run', new Error(`did not finish within ${TOTAL_TIMEOUT_MS / 1000} s`));
    if (server) console.log(tail(server.logPath));
    await cleanup();
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    process.exit(1);
  }, TOTAL_TIMEOUT_MS);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => { await cleanup(); process.exit(1); });
  }
  // Whatever way this process ends, the server must not outlive it.
  process.on('exit', () => { if (server) server.stop(); });
  process.stdout.on('error', () => {}); // a closed pipe (| head) must not crash the run

  try {
    console.log(`starting ${bin} on ${base}`);
    server = await startServer(bin, port);
    record('server: demo started and /readyz says ready');
    // launch() gives Chromium a fresh, empty profile directory of its own
    // (Playwright refuses --user-data-dir here) and removes it on close.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      timeout: 30_000,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync',
      ],
    });
    await flow('axe self-test', () => step('axe-core reports an unlabelled field on a test page', () => axeSelfTest(browser)));
    await flow('admin', () => adminFlow(browser, base));
    await flow('coordinator', () => coordinatorFlow(browser, base));
    await flow('employee', () => employeeFlow(browser, base));
    await flow('team lead', () => teamLeadFlow(browser, base));
    await flow('HR', () => hrFlow(browser, base));
    await flow('LOO', () => meetingFlow(browser, base)); // issue 4.5
    await flow('Bibob', () => bibobFlow(browser, base)); // issue 5
    await flow('scan', () => scanFlow(browser, base)); // issue 7
    await flow('meldpunt', () => reportFlow(browser, base)); // issue 4
    await flow('meldpunt operations', () => reportOpsFlow(browser, base)); // issue 4: meldpunt operations
    await flow('regional', () => regionalFlow(browser, base));
    await flow('interventions', () => interventionsFlow(browser, base)); // issue 5
    await flow('knowledge', () => knowledgeFlow(browser, base)); // knowledge: issue 7
    await flow('council', () => councilFlow(browser, base)); // council: issue 7
    await flow('goals', () => goalsFlow(browser, base)); // goals: issue 7
    await flow('wrong password', () => wrongPasswordFlow(browser, base));
  } catch (err) {
    record('setup', err);
    if (server) console.log(tail(server.logPath));
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
  if (failed > 0 && server) console.log(`screenshots in ${shotDir}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

await main();
