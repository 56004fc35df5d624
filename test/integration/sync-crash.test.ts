/**
 * Crash safety: a child station process runs `enqueue` or `sync now` and is killed with SIGKILL
 * after a random delay, over and over (two stations in parallel, each alternating enqueue and sync
 * trials, 220 trials in all). Then each station restarts and syncs to the end, and:
 *   - every dossier whose enqueue returned (the child printed its id) is at the central, once;
 *   - the central holds exactly the dossiers the stations queued (nothing lost, nothing extra);
 *   - each dossier was stored by exactly one delivery (the others were answered as duplicates);
 *   - the receipt each station kept is the one the central stored.
 * The child (fixtures/sync-child.ts) is bundled once with esbuild so a trial costs a plain node
 * start, and the central server is shared by all trials.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { openStation, runSyncNow } from '../../sync/api';
import { type SyncEnv, syncEnv } from './fixtures/sync-env';

const TRIALS_PER_LANE = 110; // x 2 lanes = 220 trials (half enqueue, half sync)
const DOSSIER_BYTES = 48 * 1024;

let env: SyncEnv;
let childScript: string;
const buildDir = join(process.cwd(), '.data', `sync-crash-${process.pid}`);

before(async () => {
  env = await syncEnv({
    central: {
      retry: { maxAttempts: 1000, baseDelayMs: 10, maxDelayMs: 100 },
      upload: { chunkSizeBytes: 64 * 1024, parallel: 2, stallTimeoutMs: 5000 },
    },
  });
  mkdirSync(buildDir, { recursive: true });
  childScript = join(buildDir, 'sync-child.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'fixtures', 'sync-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: childScript,
    logLevel: 'warning',
  });
});
after(async () => {
  rmSync(buildDir, { recursive: true, force: true });
  await env.cleanup();
});

interface Recovery {
  interrupted: number;
  removedTemp: number;
  adopted: number;
  restoredReceipts: number;
  missingBlobs: number;
  quarantined: number;
}

interface TrialOutcome {
  committed: string[];
  recovery?: Recovery;
  finished: boolean;
}

/** Runs one child, kills it `killAfterMs` after it is ready (unless it finished first). */
function trial(args: string[], killAfterMs: number): Promise<TrialOutcome> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [childScript, ...args], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const outcome: TrialOutcome = { committed: [], finished: false };
    let buffer = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('committed ')) outcome.committed.push(line.slice('committed '.length));
        else if (line.startsWith('recovery ')) outcome.recovery = JSON.parse(line.slice('recovery '.length));
        else if (line === 'ready') timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (line.startsWith('done ')) outcome.finished = true;
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child exited with ${code}: ${stderr}`));
      else resolve(outcome);
    });
  });
}

test('SIGKILL during enqueue and sync loses nothing and duplicates nothing (220 trials)', async () => {
  const lanes = ['a', 'b'].map((name) => ({
    config: env.stationVariant(`lane-${name}`, () => undefined),
    committed: new Set<string>(),
    killedSyncs: 0,
    finishedSyncs: 0,
  }));
  const totals: Recovery = {
    interrupted: 0,
    removedTemp: 0,
    adopted: 0,
    restoredReceipts: 0,
    missingBlobs: 0,
    quarantined: 0,
  };
  const runLane = async (lane: (typeof lanes)[number]) => {
    for (let i = 0; i < TRIALS_PER_LANE; i++) {
      const enqueue = i % 2 === 0;
      const outcome = enqueue
        ? await trial(['enqueue', lane.config, String(DOSSIER_BYTES)], randomInt(0, 150))
        : await trial(['sync', lane.config], randomInt(0, 300));
      for (const id of outcome.committed) lane.committed.add(id);
      if (!enqueue) {
        if (outcome.finished) lane.finishedSyncs++;
        else lane.killedSyncs++;
      }
      for (const key of Object.keys(totals) as (keyof Recovery)[])
        totals[key] += outcome.recovery?.[key] ?? 0;
    }
  };
  await Promise.all(lanes.map(runLane));
  // A loaded machine commits fewer dossiers before the random kills: top up with enqueues killed
  // later (still at random), so the checks below always bear on enough dossiers committed under fire.
  const committedSoFar = () => lanes.reduce((n, lane) => n + lane.committed.size, 0);
  for (let extra = 0; committedSoFar() < 50 && extra < 200; extra++) {
    const lane = lanes[extra % lanes.length]!;
    const outcome = await trial(['enqueue', lane.config, String(DOSSIER_BYTES)], randomInt(150, 600));
    for (const id of outcome.committed) lane.committed.add(id);
  }

  // Restart and sync to the end.
  const allQueued = new Set<string>();
  for (const lane of lanes) {
    const result = await runSyncNow(lane.config, { giveUpAfterMs: 30_000 });
    assert.equal(result.remaining, 0, JSON.stringify(result));
    assert.equal(result.parked, 0);
    const station = await openStation(lane.config);
    try {
      assert.equal(station.recovery.missingBlobs.length, 0);
      assert.equal(station.recovery.quarantined.length, 0);
      const entries = station.outbox.list();
      const ids = new Set(entries.map((e) => e.dossierId));
      for (const id of lane.committed) assert.ok(ids.has(id), `committed dossier ${id} is in the outbox`);
      for (const entry of entries) {
        assert.equal(entry.state, 'acknowledged', `${entry.dossierId} is acknowledged`);
        const stored = env.central.store.find(entry.dossierId);
        assert.ok(stored, `${entry.dossierId} reached the central system`);
        assert.equal(stored.receipt, entry.receipt);
        assert.equal(stored.ciphertextSha256, entry.ciphertextSha256);
        allQueued.add(entry.dossierId);
      }
    } finally {
      station.close();
    }
  }
  const committed = committedSoFar();
  assert.ok(committed >= 50, `enough dossiers were committed under fire (${committed})`);
  assert.equal(
    env.central.store.count(),
    allQueued.size,
    'the central holds exactly what the stations queued',
  );
  const storedBy = new Map<string, number>();
  for (const d of env.central.store.deliveries())
    if (d.outcome === 'stored') storedBy.set(d.dossierId, (storedBy.get(d.dossierId) ?? 0) + 1);
  for (const id of allQueued) assert.equal(storedBy.get(id), 1, `${id} stored by exactly one delivery`);

  const killedSyncs = lanes.reduce((n, lane) => n + lane.killedSyncs, 0);
  assert.ok(killedSyncs >= 20, `syncs were actually interrupted (${killedSyncs})`);
  assert.ok(totals.interrupted > 0, 'some kills landed mid-upload (recovery requeued uploads)');
  process.stdout.write(
    `# crash trials: ${TRIALS_PER_LANE * lanes.length}, committed ${committed}, queued ${allQueued.size}, ` +
      `syncs killed ${killedSyncs} / finished ${lanes.reduce((n, l) => n + l.finishedSyncs, 0)}, ` +
      `recovery totals ${JSON.stringify(totals)}\n`,
  );
});
