/**
 * Sync benchmark (issue 3, part 9), on loopback in one process:
 *   - enqueue latency of a 3 MB dossier: seal + commit (the UI's path) and commit alone, p50/p95;
 *   - sync throughput (`sync now` against the reference central server: mTLS, tus, verification,
 *     decryption, storage, signed receipts, receipt checks) versus a plain HTTPS upload of the
 *     same ciphertext bytes (one PUT per dossier, mTLS, server writes the body to a file);
 *   - peak resident memory.
 * Run: npm run bench -- sync [--out bench/results/sync.json] [--enqueues 48] [--warmup 16]
 *      [--rounds 6] [--batch 8] [--parallel N]
 * Throughput is measured in steady state: a freshly started central spends about twice the CPU
 * per dossier on its first dozen dossiers (JIT, heap sizing), so the first `--warmup` dossiers are
 * sent untimed (and as many plain uploads are made untimed too). Then `--rounds` interleaved
 * rounds of `--batch` dossiers each: plain, plain + fsync, sync, sync one at a time; the reported
 * ratio is the median of the per-round ratios (this 2-core machine is shared and noisy: one long
 * run per side let a neighbour's burst land on one side only).
 * Diagnostics: BENCH_PROFILE_DIR=DIR writes CPU profiles of the server processes and of this
 * process (the station) during the timed sync runs; see serverProcess for the other variables.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Agent, request } from 'node:https';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { provisionDemo } from '../central/api';
import { NODE_V8_FLAGS } from '../main/hosts/v8-flags';
import { createTlsAgent } from '../sync/client';
import { loadTlsMaterial } from '../sync/config/material';
import { syntheticDossier } from '../sync/demo/synthetic-dossier';
import type { Dossier } from '../sync/dossier';
import { createSyncEngine } from '../sync/engine';
import { openStation } from '../sync/sender/context';
import { withSealedDossier } from '../sync/sender/submit';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    enqueues: { type: 'string', default: '48' },
    warmup: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '6' },
    batch: { type: 'string', default: '8' },
    parallel: { type: 'string' },
  },
});
const ENQUEUES = Number(values.enqueues);
const WARMUP = Number(values.warmup);
const ROUNDS = Number(values.rounds);
const BATCH = Number(values.batch);
const SIZE = 3 * 1024 * 1024;

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss()); // rss() alone: memoryUsage() walks the heap
}, 20);
const log = (line: string) => process.stderr.write(`${line}\n`);
/**
 * CPU time (user + system, ms) and minor page faults of a process so far, or of one thread with
 * `statPath`; Linux /proc only, else undefined. On this VM a fresh page costs ~10 µs, so large
 * short-lived buffers show up in the faults before they show up anywhere else.
 */
interface Usage {
  cpuMs: number;
  minorFaults: number;
}
const usageOf = (pid: number, statPath = `/proc/${pid}/stat`): Usage | undefined => {
  try {
    const fields = readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime in clock ticks (100 Hz), minflt
    return { cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, minorFaults: Number(fields[7]) };
  } catch {
    return undefined;
  }
};
/** Usage of a process's main thread alone (JavaScript, TLS, parsing); the rest is GC, libuv. */
const mainThreadUsageOf = (pid: number) => usageOf(pid, `/proc/${pid}/task/${pid}/stat`);
/** Usage of this process (the station and the plain client). */
const ownUsage = (): Usage => {
  const usage = process.resourceUsage(); // CPU times in µs
  return { cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, minorFaults: usage.minorPageFault };
};
const usageDelta = (from: Usage | undefined, to: Usage | undefined): Usage | undefined =>
  from === undefined || to === undefined
    ? undefined
    : { cpuMs: to.cpuMs - from.cpuMs, minorFaults: to.minorFaults - from.minorFaults };

/** Starts bench/fixtures/server-process.ts with `args`; resolves with its port once it listens. */
function serverProcess(args: string[]): Promise<{ port: number; pid: number; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      // Diagnostics of the server processes (where their time goes): BENCH_PROFILE_DIR=DIR writes a
      // CPU profile of each, BENCH_SERVER_FLAGS adds node/V8 flags (e.g. "--trace-gc"), and
      // BENCH_SERVER_LOG=FILE appends what they print to FILE.
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
      ...NODE_V8_FLAGS, // as the station's processes run (the plain server too, for a fair baseline)
      ...(process.env.BENCH_SERVER_FLAGS ? process.env.BENCH_SERVER_FLAGS.split(' ') : []),
      '--import',
      'tsx',
      join(import.meta.dirname, 'fixtures', 'server-process.ts'),
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, chunk);
      text += chunk.toString();
      const match = /listening (\d+)/.exec(text);
      if (match) resolve({ port: Number(match[1]), pid: child.pid!, stop });
    });
    child.on('exit', (code) => reject(new Error(`server process exited (${code})`)));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'recueil-bench-'));
try {
  const demo = await provisionDemo(dir);
  const central = await serverProcess(['central', demo.centralConfig]);
  const station = await openStation(demo.stationConfig);
  const stationId = station.config.stationId;
  log(`environment ready in ${dir}`);

  // 1. Enqueue latency (dossiers built beforehand: capture is not part of enqueue).
  const build = async (n: number) => {
    const out: Dossier[] = [];
    for (let i = 0; i < n; i++) out.push(await syntheticDossier({ stationId, sizeBytes: SIZE }));
    return out;
  };
  const warmup = 3;
  const sealAndCommit: number[] = [];
  const commitOnly: number[] = [];
  let ciphertextBytes = 0;
  // Every dossier of the sync workload is enqueued here, so there are at least ENQUEUES samples.
  const enqueues = Math.max(ENQUEUES, WARMUP + 2 * ROUNDS * BATCH);
  for (let i = 0; i < warmup + enqueues; i++) {
    const [dossier] = await build(1);
    if (!dossier) throw new Error('no dossier');
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the build's garbage settle
    // The UI's path (submitDossier), with the seal and the commit timed apart.
    const t0 = performance.now();
    let t1 = t0;
    await withSealedDossier(station, dossier, (sealed) => {
      t1 = performance.now();
      ciphertextBytes = sealed.ciphertext.length;
      return station.outbox.enqueue(sealed);
    });
    const t2 = performance.now();
    if (i >= warmup) {
      sealAndCommit.push(t2 - t0);
      commitOnly.push(t2 - t1);
    }
  }
  log(`enqueue: p95 seal+commit ${round(percentile(sealAndCommit, 95))} ms`);

  // The sync workload: WARMUP dossiers, then ROUNDS x BATCH for the default parallelism and as
  // many for one upload at a time. Every other queued dossier is parked out of the way.
  const parallel = Number(values.parallel ?? station.config.settings.upload.parallel);
  const queued = station.outbox.list({ state: 'queued' });
  const needed = WARMUP + 2 * ROUNDS * BATCH;
  if (queued.length < needed) throw new Error(`need ${needed} queued dossiers, have ${queued.length}`);
  const workload = queued.slice(0, needed);
  for (const entry of queued) station.outbox.park(entry.dossierId, 'bench-later');
  const payloadOf = new Map<string, Buffer>();
  for (const e of workload) payloadOf.set(e.dossierId, await station.outbox.readCiphertext(e.dossierId));
  const bytesOf = (entries: typeof workload) =>
    entries.reduce((n, e) => n + payloadOf.get(e.dossierId)!.length, 0);
  const warm = workload.slice(0, WARMUP);
  const batches = Array.from({ length: 2 * ROUNDS }, (_, i) =>
    workload.slice(WARMUP + i * BATCH, WARMUP + (i + 1) * BATCH),
  );

  // 2a. Plain HTTPS upload of the same bytes: mTLS, one PUT per dossier, body written to a file
  //     (and, in a second server, fsynced before the answer). Servers in their own processes.
  const tls = await loadTlsMaterial(station.config.settings);
  const plainDir = join(dir, 'plain');
  mkdirSync(plainDir);
  const plainServer = async (fsync: boolean) =>
    serverProcess([
      'plain',
      plainDir,
      join(dir, 'central', 'tls.pem'),
      join(dir, 'central', 'tls-key.pem'),
      join(dir, 'central', 'station-ca.pem'),
      fsync ? '1' : '0',
    ]);
  const plain = await plainServer(false);
  const plainFsync = await plainServer(true);
  const put = (agent: Agent, port: number, body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        `https://127.0.0.1:${port}/upload`,
        { method: 'PUT', agent, headers: { 'content-length': body.length } },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const plainAgent = createTlsAgent(tls);
  const runPlain = async (server: typeof plain, entries: typeof workload) => {
    const t0 = performance.now();
    const server0 = usageOf(server.pid);
    const client0 = ownUsage();
    for (const e of entries) await put(plainAgent, server.port, payloadOf.get(e.dossierId)!);
    const client = usageDelta(client0, ownUsage())!;
    const serverUsage = usageDelta(server0, usageOf(server.pid));
    return {
      ms: performance.now() - t0,
      serverCpuMs: serverUsage?.cpuMs,
      serverFaults: serverUsage?.minorFaults,
      clientCpuMs: client.cpuMs,
      clientFaults: client.minorFaults,
    };
  };

  // 2b. sync now against the central (fresh dossiers each time).
  const runSync = async (parallel: number, entries: typeof workload) => {
    for (const e of entries) station.outbox.requeue(e.dossierId);
    const settings = { ...station.config.settings, upload: { ...station.config.settings.upload, parallel } };
    const engine = createSyncEngine({
      outbox: station.outbox,
      settings,
      material: station.material,
      baseUrl: `https://127.0.0.1:${central.port}`,
    });
    const t0 = performance.now();
    const station0 = ownUsage();
    const central0 = usageOf(central.pid);
    const centralMain0 = mainThreadUsageOf(central.pid);
    const result = await engine.syncNow();
    const ms = performance.now() - t0;
    const stationUsage = usageDelta(station0, ownUsage())!;
    const centralUsage = usageDelta(central0, usageOf(central.pid));
    const centralMain = usageDelta(centralMain0, mainThreadUsageOf(central.pid));
    await engine.close();
    if (result.sent !== entries.length || result.remaining !== 0)
      throw new Error(`sync: ${JSON.stringify(result)}`);
    return {
      ms,
      stationCpuMs: stationUsage.cpuMs,
      centralCpuMs: centralUsage?.cpuMs,
      centralMainMs: centralMain?.cpuMs,
      stationFaults: stationUsage.minorFaults,
      centralFaults: centralUsage?.minorFaults,
    };
  };

  // Warm-up (JIT of every process, TLS sessions, buffer pools, the central's heap), not timed: a
  // freshly started central spends about twice the CPU per dossier on its first dozen dossiers.
  await runSync(parallel, warm);
  for (const e of warm) await put(plainAgent, plain.port, payloadOf.get(e.dossierId)!);
  for (const e of warm) await put(plainAgent, plainFsync.port, payloadOf.get(e.dossierId)!);

  // Interleaved rounds: plain, plain+fsync, sync (default parallelism), sync one at a time, each
  // on BATCH dossiers; the ratio of each round compares figures taken seconds apart, so a noisy
  // neighbour on the machine moves both sides of a ratio (the median over rounds is reported).
  const rounds: {
    plain: number;
    plainFsync: number;
    sync: number;
    syncSerial: number;
    cpu: {
      station: number;
      central?: number;
      centralMain?: number;
      stationSerial: number;
      centralSerial?: number;
      plainFsync?: number;
      plainClient: number;
      plainServer?: number;
    };
    faults: { station: number; central?: number; plainClient: number; plainServer?: number };
  }[] = [];
  // BENCH_PROFILE_DIR also profiles this process (the station) during the timed sync runs only.
  const profiler = process.env.BENCH_PROFILE_DIR ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
  }
  const profiled = async <T>(run: () => Promise<T>): Promise<T> => {
    await profiler?.post('Profiler.start');
    try {
      return await run();
    } finally {
      await profiler?.post('Profiler.stop').then(({ profile }) => stationProfiles.push(profile));
    }
  };
  const stationProfiles: unknown[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const mine = batches[2 * r]!;
    const serial = batches[2 * r + 1]!;
    const bytes = bytesOf(mine);
    const plainRun = await runPlain(plain, mine);
    const fsyncRun = await runPlain(plainFsync, mine);
    const syncRun = await profiled(() => runSync(parallel, mine));
    const serialRun = await profiled(() => runSync(1, serial));
    const rate = (b: number, ms: number) => b / (ms / 1000);
    rounds.push({
      plain: rate(bytes, plainRun.ms),
      plainFsync: rate(bytes, fsyncRun.ms),
      sync: rate(bytes, syncRun.ms),
      syncSerial: rate(bytesOf(serial), serialRun.ms),
      cpu: {
        station: syncRun.stationCpuMs / mine.length,
        ...(syncRun.centralCpuMs === undefined ? {} : { central: syncRun.centralCpuMs / mine.length }),
        ...(syncRun.centralMainMs === undefined ? {} : { centralMain: syncRun.centralMainMs / mine.length }),
        stationSerial: serialRun.stationCpuMs / serial.length,
        ...(serialRun.centralCpuMs === undefined
          ? {}
          : { centralSerial: serialRun.centralCpuMs / serial.length }),
        ...(fsyncRun.serverCpuMs === undefined ? {} : { plainFsync: fsyncRun.serverCpuMs / mine.length }),
        plainClient: plainRun.clientCpuMs / mine.length,
        ...(plainRun.serverCpuMs === undefined ? {} : { plainServer: plainRun.serverCpuMs / mine.length }),
      },
      faults: {
        station: syncRun.stationFaults / mine.length,
        ...(syncRun.centralFaults === undefined ? {} : { central: syncRun.centralFaults / mine.length }),
        plainClient: plainRun.clientFaults / mine.length,
        ...(plainRun.serverFaults === undefined ? {} : { plainServer: plainRun.serverFaults / mine.length }),
      },
    });
    log(
      `round ${r + 1}: plain ${round(rounds[r]!.plain / 1048576)} MiB/s, sync ${round(rounds[r]!.sync / 1048576)} MiB/s (ratio ${round(rounds[r]!.sync / rounds[r]!.plain, 2)}), central ${round(rounds[r]!.cpu.central ?? Number.NaN)} ms CPU/dossier (main thread ${round(rounds[r]!.cpu.centralMain ?? Number.NaN)})`,
    );
  }
  const profileDir = process.env.BENCH_PROFILE_DIR;
  if (profileDir) {
    for (const [i, profile] of stationProfiles.entries())
      writeFileSync(join(profileDir, `station-sync-${i}.cpuprofile`), JSON.stringify(profile));
  }
  plainAgent.destroy();
  plain.stop();
  plainFsync.stop();
  const median = (xs: number[]) => percentile(xs, 50);
  const medianOf = (pick: (r: (typeof rounds)[number]) => number | undefined) => {
    const xs = rounds.map(pick).filter((x): x is number => x !== undefined);
    return xs.length ? round(median(xs)) : null;
  };
  const ratios = rounds.map((r) => r.sync / r.plain);
  // The best ratio this machine allows whatever the pipelining: every core busy with nothing but
  // the station's and the central's work (their measured CPU per dossier), against the plain
  // upload's measured time per dossier. Undefined where /proc is missing.
  const cores = (await import('node:os')).availableParallelism();
  const ceilings = rounds.flatMap((r) =>
    r.cpu.central === undefined
      ? []
      : [(cores * ((bytesOf(batches[0]!) / BATCH / r.plain) * 1000)) / (r.cpu.station + r.cpu.central)],
  );

  central.stop();
  station.close();
  clearInterval(sampler);
  const mib = (rate: number) => round(rate / 1048576);
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    // V8 flags of this process (the station); the server processes get main/hosts/v8-flags.ts.
    v8Flags: process.execArgv.filter((arg) => arg.startsWith('--') && arg !== '--import'),
    cpus: (await import('node:os')).cpus().length,
    dossier: { partsBytes: SIZE, ciphertextBytes },
    enqueue: {
      samples: sealAndCommit.length,
      sealAndCommitMs: {
        p50: round(percentile(sealAndCommit, 50)),
        p95: round(percentile(sealAndCommit, 95)),
      },
      commitOnlyMs: { p50: round(percentile(commitOnly, 50)), p95: round(percentile(commitOnly, 95)) },
      targetP95Ms: 50,
    },
    sync: {
      dossiers: workload.length,
      rounds: ROUNDS,
      dossiersPerRound: BATCH,
      warmupDossiers: WARMUP,
      syncParallel: parallel,
      // Medians over the rounds; `ratio` is the median of the per-round ratios.
      plainHttpsMiBps: mib(median(rounds.map((r) => r.plain))),
      syncMiBps: mib(median(rounds.map((r) => r.sync))),
      ratio: round(median(ratios), 2),
      ratioPerRound: ratios.map((x) => round(x, 2)),
      plainHttpsFsyncMiBps: mib(median(rounds.map((r) => r.plainFsync))),
      ratioToPlainWithFsync: round(median(rounds.map((r) => r.sync / r.plainFsync)), 2),
      syncOneAtATimeMiBps: mib(median(rounds.map((r) => r.syncSerial))),
      ratioOneAtATime: round(median(rounds.map((r) => r.syncSerial / r.plain)), 2),
      // Upper bound of `ratio` on this machine from the CPU the sync needs (see `ceilings`).
      cpuBoundRatio: ceilings.length ? round(median(ceilings), 2) : null,
      targetRatio: 0.8,
      // CPU time per dossier (Linux /proc; null elsewhere), medians over the rounds: where the
      // time goes on this 2-core machine, and a figure that holds up better than wall time when
      // the machine is shared.
      cpuMsPerDossier: {
        station: medianOf((r) => r.cpu.station),
        central: medianOf((r) => r.cpu.central),
        centralMainThread: medianOf((r) => r.cpu.centralMain),
        stationOneAtATime: medianOf((r) => r.cpu.stationSerial),
        centralOneAtATime: medianOf((r) => r.cpu.centralSerial),
        plainServerWithFsync: medianOf((r) => r.cpu.plainFsync),
        plainServer: medianOf((r) => r.cpu.plainServer),
        plainClient: medianOf((r) => r.cpu.plainClient),
      },
      // Minor page faults per dossier (medians over the rounds): fresh memory is what large
      // short-lived buffers cost; a 3 MB buffer is about 730 faults.
      minorFaultsPerDossier: {
        station: medianOf((r) => r.faults.station),
        central: medianOf((r) => r.faults.central),
        plainClient: medianOf((r) => r.faults.plainClient),
        plainServer: medianOf((r) => r.faults.plainServer),
      },
    },
    loadAverage: (await import('node:os')).loadavg().map((n) => round(n, 2)),
    peakRssMiB: round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1048576),
  };
  const text = `${JSON.stringify(report, null, 2)}\n`;
  if (values.out) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, text);
  }
  process.stdout.write(text);
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
