import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const linux = process.platform === 'linux';
/** Niceness of each thread of `pid` (field 19 of /proc/<pid>/task/<tid>/stat). */
const niceness = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).map((tid) =>
    Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]),
  );

const own = niceness(process.pid)[0] ?? 0;
const target = Math.min(19, own + 3);

test('every thread of the host runs at the lowered priority, those started later too', {
  skip: !linux && 'Linux /proc only',
}, async () => {
  // A process that lowers its priority, then starts a worker thread (a new OS thread) and waits.
  const script = `
    // (target: this test's own niceness + 3)
    const { lowerOwnPriority } = await import(${JSON.stringify(join(import.meta.dirname, 'priority.ts'))});
    lowerOwnPriority(${target});
    const { Worker } = await import('node:worker_threads');
    new Worker('setInterval(() => {}, 1000)', { eval: true }).on('online', () => console.log('ready'));
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve) =>
      child.stdout!.on('data', (d: Buffer) => d.includes('ready') && resolve()),
    );
    const nices = niceness(child.pid!);
    assert.ok(nices.length > 3, `several threads (${nices.length})`);
    assert.deepEqual(new Set(nices), new Set([target]), JSON.stringify(nices));
    assert.equal(niceness(process.pid)[0], own, 'the parent keeps its priority');
  } finally {
    child.kill();
  }
});
