/**
 * Overload probe (issue 24): a misbehaving page or script on one browser-mode WebSocket, with an
 * agent session open, against a real station process (simulated devices, real hosts):
 *   - queue: 10,000 `queue.status` calls pipelined on one socket. Every call must be answered or
 *     refused with BUSY (a French message and a retry hint), none may time out; meanwhile another
 *     socket asks `sync.status` (which goes to the sync host) every 100 ms: its latency says whether
 *     the host is starved for other callers.
 *   - portrait: 30 concurrent `portrait.analyze` final stills of 12 MB (base64; a real portrait padded
 *     with JPEG APP15 segments, so that it decodes and is analysed as a real still would be), all the
 *     same still: outcomes, how many analyses the device host ran, and the resident memory of the
 *     station core (and of the device host) before, at its peak (sampled every 50 ms) and 5 s after.
 * Outcomes are counted by code: ok, BUSY, TIMEOUT, HOST_UNAVAILABLE, other codes, and calls the
 * client gave up on (no answer within 180 s).
 * Run: node --import tsx bench/overload.bench.ts [--out bench/results/overload.json]
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import type { StationApi } from '../main/contract/api';
import { rssBytes } from '../test/chaos/processes';
import { connectStation, signInSimulated } from '../test/chaos/station-client';
import { appRoot, startStationProcess } from '../test/e2e/station-process';
import { outPath, stats, writeResult } from './harness';

const QUEUE_CALLS = 10_000;
const PORTRAIT_CALLS = 30;
/** Just under the contract's 12,000,000-character limit of a still in base64. */
const STILL_BASE64_CHARS = 11_990_000;
const CLIENT_TIMEOUT_MS = 180_000;
/**
 * The memory bound under the portrait flood: the station core grows by at most this much over its
 * resident size before the flood (48 MiB of requests admitted station-wide, plus the frames being
 * received and refused). Before the bounds it grew by about 960 MiB and kept it.
 */
const CORE_GROWTH_BOUND_MIB = 150;

const mib = (bytes: number | undefined) => (bytes === undefined ? null : Math.round(bytes / 1048576));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Outcome = string;
async function outcome(call: Promise<{ ok: boolean; error?: { code: string } }>): Promise<Outcome> {
  try {
    const result = await call;
    return result.ok ? 'ok' : (result.error?.code ?? 'error');
  } catch {
    return 'client-timeout';
  }
}
function count(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

/** A real portrait (or a drawn one) padded with APP15 segments to `chars` characters of base64. */
async function bigStill(chars: number): Promise<{ base64: string; real: boolean }> {
  const face = resolve(appRoot, '../shared/data/faces/meds_S001-02.jpg');
  const real = existsSync(face);
  const jpeg = real
    ? readFileSync(face)
    : await sharp({ create: { width: 600, height: 800, channels: 3, background: '#d8d2c8' } })
        .jpeg()
        .toBuffer();
  const targetBytes = Math.floor(chars / 4) * 3;
  const segments: Buffer[] = [jpeg.subarray(0, 2)];
  let size = jpeg.length;
  while (size + 4 < targetBytes) {
    const data = Math.min(65533, targetBytes - size - 4);
    const segment = Buffer.alloc(4 + data, 0x5a);
    segment.writeUInt16BE(0xffef, 0);
    segment.writeUInt16BE(data + 2, 2);
    segments.push(segment);
    size += segment.length;
  }
  segments.push(jpeg.subarray(2));
  return { base64: Buffer.concat(segments).toString('base64'), real };
}

/** Samples the resident memory of `pids` every 50 ms until stopped: the peak of each. */
function sampler(pids: () => number[]) {
  const peaks = new Map<number, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const pid of pids()) {
        const rss = rssBytes(pid);
        if (rss !== undefined) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, rss));
      }
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peaks;
    },
  };
}

async function hostPid(api: StationApi, host: 'device' | 'sync'): Promise<number | undefined> {
  const health = await api.invoke('station.health', {});
  return health.ok ? health.value.hosts.find((h) => h.host === host)?.pid : undefined;
}

const station = await startStationProcess();
try {
  const flood = await connectStation(station.uiUrl, CLIENT_TIMEOUT_MS);
  const observer = await connectStation(station.uiUrl, CLIENT_TIMEOUT_MS);
  await signInSimulated(flood.api, 'agent');
  const corePid = station.child.pid!;
  const devicePid = (await hostPid(flood.api, 'device'))!;

  // --- 10,000 pipelined queue.status ---------------------------------------------------------------
  const queueRssBefore = rssBytes(corePid);
  const queueSampler = sampler(() => [corePid]);
  const observed: number[] = [];
  const observedOutcomes: Outcome[] = [];
  let observing = true;
  const observerLoop = (async () => {
    while (observing) {
      const t0 = performance.now();
      observedOutcomes.push(await outcome(observer.api.invoke('sync.status', {})));
      observed.push(performance.now() - t0);
      await sleep(100);
    }
  })();
  const queueStarted = performance.now();
  const queueOutcomes = await Promise.all(
    Array.from({ length: QUEUE_CALLS }, () => outcome(flood.api.invoke('queue.status', {}))),
  );
  const queueMs = performance.now() - queueStarted;
  observing = false;
  await observerLoop;
  const queuePeaks = await queueSampler.stop();
  const queue = {
    calls: QUEUE_CALLS,
    outcomes: count(queueOutcomes),
    allAnsweredOrBusy: queueOutcomes.every((o) => o === 'ok' || o === 'BUSY'),
    durationMs: Math.round(queueMs),
    otherCallerSyncStatusMs: stats(observed),
    otherCallerOutcomes: count(observedOutcomes),
    coreRssMiB: { before: mib(queueRssBefore), peak: mib(queuePeaks.get(corePid)) },
  };
  console.error(`queue: ${JSON.stringify(queue)}`);

  // --- 30 concurrent 12 MB portrait stills -------------------------------------------------------
  const still = await bigStill(STILL_BASE64_CHARS);
  await sleep(3000);
  const portraitRssBefore = { core: rssBytes(corePid), device: rssBytes(devicePid) };
  const portraitSampler = sampler(() => [corePid, devicePid]);
  const portraitStarted = performance.now();
  const latencies: number[] = [];
  const portraitOutcomes = await Promise.all(
    Array.from({ length: PORTRAIT_CALLS }, async () => {
      const t0 = performance.now();
      const o = await outcome(
        flood.api.invoke('portrait.analyze', { jpegBase64: still.base64, mode: 'final' }),
      );
      latencies.push(performance.now() - t0);
      return o;
    }),
  );
  const portraitMs = performance.now() - portraitStarted;
  const portraitPeaks = await portraitSampler.stop();
  await sleep(5000);
  const portrait = {
    calls: PORTRAIT_CALLS,
    stillBase64Chars: still.base64.length,
    realPortrait: still.real,
    outcomes: count(portraitOutcomes),
    allAnsweredOrBusy: portraitOutcomes.every((o) => o === 'ok' || o === 'BUSY'),
    durationMs: Math.round(portraitMs),
    answerMs: stats(latencies),
    coreRssMiB: {
      before: mib(portraitRssBefore.core),
      peak: mib(portraitPeaks.get(corePid)),
      after5s: mib(rssBytes(corePid)),
    },
    deviceHostRssMiB: {
      before: mib(portraitRssBefore.device),
      peak: mib(portraitPeaks.get(devicePid)),
      after5s: mib(rssBytes(devicePid)),
    },
  };
  const growth = (portrait.coreRssMiB.peak ?? 0) - (portrait.coreRssMiB.before ?? 0);
  const memoryBound = {
    coreGrowthBoundMiB: CORE_GROWTH_BOUND_MIB,
    coreGrowthMiB: growth,
    holds: growth <= CORE_GROWTH_BOUND_MIB,
  };
  console.error(`portrait: ${JSON.stringify(portrait)} ${JSON.stringify(memoryBound)}`);
  flood.close();
  observer.close();
  writeResult(outPath('bench/results/overload.json'), 'overload', { queue, portrait, memoryBound });
} finally {
  await station.stop();
}
