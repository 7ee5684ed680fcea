// The Weerbaar demo server under test: started from a built binary in an
// empty temporary directory and always stopped again.

import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const READY_TIMEOUT_MS = 60_000;

// freePort asks the system for a loopback port nobody listens on.
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

// startServer runs `weerbaar serve --demo` in a fresh directory and waits,
// bounded, until /readyz answers "ready"; stop() ends its process group.
export async function startServer(bin, port) {
  const dir = mkdtempSync(join(tmpdir(), 'weerbaar-e2e-'));
  const logPath = join(dir, 'server.log');
  const log = openSync(logPath, 'a');
  // Every user of the test signs in from 127.0.0.1 within a minute or two:
  // more than the default 10 attempts a minute one address may make.
  const child = spawn(bin, ['serve', '--demo', '--addr', `127.0.0.1:${port}`, '--login-rate', '120'], {
    cwd: dir,
    stdio: ['ignore', log, log],
    detached: true, // own process group, so we can always kill it as a whole
  });
  closeSync(log);
  let exited = null;
  child.on('exit', (code, sig) => { exited = `exited with ${code ?? sig}`; });
  child.on('error', (err) => { exited = `could not start: ${err.message}`; });

  const server = {
    dir,
    logPath,
    stop() {
      if (child.pid && child.exitCode === null && child.signalCode === null) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
        setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000).unref();
      }
    },
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (exited) throw new Error(`server ${exited}\n${tail(logPath)}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
        if (r.ok && (await r.text()).trim() === 'ready') break;
      } catch { /* not up yet */ }
      if (Date.now() > deadline) throw new Error(`server not ready after ${READY_TIMEOUT_MS / 1000} s\n${tail(logPath)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (err) {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return server;
}

// tail gives the last lines of the server log for failure messages.
export function tail(path, lines = 30) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}
