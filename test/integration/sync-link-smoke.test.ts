/**
 * The WAN bench's CI smoke run (issue 22): `npm run bench -- sync-link --smoke` on a shaped link
 * between two network namespaces (fibre-vpn's rate and round trip, 5 dossiers of 1 MB, one 1 s
 * cut). It must deliver every dossier exactly once (the bench checks the central's count and
 * fails otherwise), write the result in the shape, and leave no namespace behind, also
 * when it is interrupted. Needs root and iproute2 (CI has both); skipped otherwise, saying why.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { linkUnavailable, removeStaleLinks } from '../../bench/link/netns';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'recueil-link-smoke-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const unavailable = linkUnavailable();
const ours = (pid: number) =>
  spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.startsWith(`rqlink-`) && line.includes(`-${pid}`));
const bench = (args: string[]) =>
  spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'sync-link.bench.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });

test('smoke: every dossier delivered once, figures in the issue shape, namespaces removed', {
  skip: unavailable,
}, async () => {
  const out = join(dir, 'sync-link.json');
  const child = bench(['--smoke', '--out', out]);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, stderr);
  const result = JSON.parse(readFileSync(out, 'utf8')) as {
    profiles: Record<string, Record<string, number | null>>;
    fluidity: unknown;
    details: Record<string, { dossiers: number; centralCountDelta: number; linkUps: number }>;
  };
  assert.deepEqual(Object.keys(result.profiles), ['fibre-vpn']);
  const figures = result.profiles['fibre-vpn']!;
  assert.deepEqual(Object.keys(figures).sort(), [
    'firstResumedByteMs',
    'ratio',
    'resentBytes',
    'stationCpuMsPerDossier',
    'wireBytesPerByte',
  ]);
  assert.ok(figures.ratio! > 0 && figures.ratio! < 2, `ratio ${figures.ratio}`);
  assert.ok(
    figures.wireBytesPerByte! >= 1,
    `the wire carried at least the dossiers (${figures.wireBytesPerByte})`,
  );
  assert.equal(result.details['fibre-vpn']!.dossiers, 5);
  assert.equal(result.details['fibre-vpn']!.centralCountDelta, 5);
  assert.equal(result.details['fibre-vpn']!.linkUps, 1, 'the cut happened');
  assert.equal(typeof figures.firstResumedByteMs, 'number', 'the sync resumed after the cut');
  assert.deepEqual(ours(child.pid!), []);
});

/** Starts a smoke run and resolves once its namespaces exist. */
async function started(name: string) {
  const child = bench(['--smoke', '--out', join(dir, `${name}.json`)]);
  let stderr = '';
  await new Promise<void>((resolve) =>
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('link ready')) resolve();
    }),
  );
  assert.equal(ours(child.pid!).length, 2, 'both namespaces exist while it runs');
  return child;
}

test('an interrupted run removes its namespaces; a killed one is cleaned at the next start', {
  skip: unavailable,
}, async () => {
  const interrupted = await started('interrupted');
  interrupted.kill('SIGINT');
  await new Promise((resolve) => interrupted.once('exit', resolve));
  assert.deepEqual(ours(interrupted.pid!), []);

  const killed = await started('killed');
  killed.kill('SIGKILL');
  await new Promise((resolve) => killed.once('exit', resolve));
  const left = ours(killed.pid!);
  assert.equal(left.length, 2, 'SIGKILL leaves them');
  assert.deepEqual(
    removeStaleLinks()
      .filter((name) => left.includes(name))
      .sort(),
    left.sort(),
  );
  assert.deepEqual(ours(killed.pid!), []);
});
