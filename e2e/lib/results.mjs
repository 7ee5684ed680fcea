// Check bookkeeping for the browser test: each check passes or fails once,
// and a failed step ends its flow because later steps depend on it.

// Counts of checks so far, read by run.mjs for the closing line.
export let passed = 0;
export let failed = 0;

// record counts one check and prints it; err marks it failed.
export function record(name, err) {
  if (err) {
    failed++;
    console.log(`FAIL ${name}`);
    for (const line of String(err.message ?? err).split('\n')) console.log(`     ${line}`);
  } else {
    passed++;
    console.log(`ok   ${name}`);
  }
}

// step runs one assertion of a flow; a failure is recorded and rethrown so the
// rest of that flow (which depends on it) is not attempted.
export async function step(name, fn) {
  try {
    const v = await fn();
    record(name);
    return v;
  } catch (err) {
    record(name, err);
    throw new FlowAborted();
  }
}

// FlowAborted ends a flow after its failed step was already recorded.
export class FlowAborted extends Error {}

// flow runs one user's steps; an unexpected error there is a failed check.
export async function flow(name, fn) {
  console.log(`\n== ${name}`);
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof FlowAborted)) record(`${name}: unexpected error`, err);
  }
}

// assert fails the current step with msg unless cond holds.
export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
