/**
 * Counter-workflow benchmark (issue 8): full applications driven through the station's typed API
 * over the browser-mode WebSocket, as the UI drives them, with the simulated devices and the
 * reference central server (its own process):
 *   - time from "start" to "queued" per application (p50, p95), and the part of it spent waiting
 *     for the simulated applicant to sign (the pad replays a signature in real time);
 *   - resident memory of the station core and its hosts, sampled every 10 applications: the growth
 *     between the first sample and the last (it should stay flat: nothing accumulates per dossier).
 * The portrait is a real one from ../shared/data when present, else a drawn image; when the
 * station finds it non-compliant the agent keeps it with an override reason (counted), as at the
 * counter.
 * Run: node --import tsx bench/application.bench.ts [--out bench/results/application.json] [--applications 100]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { CommandName, CommandRequest, CommandResponse, StationApi } from '../main/contract/api';
import { rssBytes, startDaemon, stopDaemon } from '../test/chaos/processes';
import { connectStation } from '../test/chaos/station-client';
import { appRoot, recueil, startStationProcess } from '../test/e2e/station-process';
import { writeResult } from './harness';

const { values } = parseArgs({
  options: { out: { type: 'string' }, applications: { type: 'string', default: '100' } },
});
const APPLICATIONS = Number(values.applications);
const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

async function call<C extends CommandName>(
  api: StationApi,
  command: C,
  request: CommandRequest<C>,
): Promise<CommandResponse<C>> {
  const result = await api.invoke(command, request);
  if (!result.ok) throw new Error(`${command}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function portraitJpeg(): Promise<{ base64: string; real: boolean }> {
  const real = resolve(appRoot, '../shared/data/faces/meds_S001-02.jpg');
  if (existsSync(real)) return { base64: readFileSync(real).toString('base64'), real: true };
  const drawn = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#d8d2c8' } })
    .jpeg()
    .toBuffer();
  return { base64: drawn.toString('base64'), real: false };
}

const dir = mkdtempSync(join(tmpdir(), 'recueil-bench-app-'));
try {
  recueil(['demo', 'init', '--dir', dir]);
  const central = await startDaemon(['central', 'serve', '--config', join(dir, 'central.json')], 'listening');
  const station = await startStationProcess({ configFile: join(dir, 'station.json') });
  const { api, close } = await connectStation(station.uiUrl, 120_000);
  let signatureEvents = 0;
  let lastPointAt = 0;
  api.subscribe('signature.points', (event) => {
    signatureEvents++;
    if (event.points.length > 0) lastPointAt = performance.now();
  });
  await call(api, 'session.simulateCard', { card: 'agent' });
  const signIn = await call(api, 'session.signIn', { pin: '1234' });
  if (!signIn.ok) throw new Error(`sign-in refused: ${signIn.message}`);
  const portrait = await portraitJpeg();
  const applicant = { surname: 'Bench', givenNames: 'Camille', birthDate: '1985-02-03', sex: 'X' as const };

  const pids = async () => [
    station.child.pid!,
    ...(await call(api, 'station.health', {})).hosts.flatMap((h) => (h.pid ? [h.pid] : [])),
  ];
  const rssMiB = async () => round((await pids()).reduce((n, pid) => n + (rssBytes(pid) ?? 0), 0) / 1048576);

  let overrides = 0;
  const totals: number[] = [];
  const signatureWaits: number[] = [];
  const memory: { applications: number; rssMiB: number }[] = [];
  for (let i = 1; i <= APPLICATIONS; i++) {
    const t0 = performance.now();
    await call(api, 'application.start', { titleType: i % 2 ? 'id-card' : 'passport', applicant });
    const checked = await call(api, 'application.portrait', { jpegBase64: portrait.base64 });
    if (!checked.analysis.compliant) {
      overrides++;
      await call(api, 'application.portrait', {
        jpegBase64: portrait.base64,
        overrideReason: 'misjudged-criterion',
      });
    }
    for (const finger of ['right-index', 'left-index'] as const) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const { attempt: result } = await call(api, 'application.captureFinger', { finger });
        if (result.accepted) break;
      }
    }
    const s0 = performance.now();
    await call(api, 'application.signatureStart', {});
    // The simulated applicant signs for about two seconds; finish once the points stop.
    lastPointAt = 0;
    while (lastPointAt === 0 || performance.now() - lastPointAt < 400)
      await new Promise((r) => setTimeout(r, 50));
    await call(api, 'application.signatureFinish', {});
    signatureWaits.push(performance.now() - s0);
    await call(api, 'application.review', {});
    await call(api, 'application.submit', {});
    totals.push(performance.now() - t0);
    if (i % 10 === 0 || i === 1) {
      memory.push({ applications: i, rssMiB: await rssMiB() });
      log(`application ${i}: ${round(totals.at(-1) ?? 0)} ms, RSS ${memory.at(-1)?.rssMiB} MiB`);
    }
  }
  const firstSample = memory.find((m) => m.applications >= 10) ?? memory[0]!;
  const lastSample = memory.at(-1)!;
  const withoutSignature = totals.map((t, i) => t - (signatureWaits[i] ?? 0));
  const report = {
    applications: APPLICATIONS,
    portrait: portrait.real ? 'real (shared data), whole frame' : 'drawn',
    portraitOverrides: overrides,
    startToQueuedMs: { p50: round(percentile(totals, 50)), p95: round(percentile(totals, 95)) },
    signatureWaitMs: {
      p50: round(percentile(signatureWaits, 50)),
      p95: round(percentile(signatureWaits, 95)),
    },
    startToQueuedWithoutSignatureMs: {
      p50: round(percentile(withoutSignature, 50)),
      p95: round(percentile(withoutSignature, 95)),
    },
    signatureEvents,
    residentMemory: {
      samples: memory,
      growthMiB: round(lastSample.rssMiB - firstSample.rssMiB),
      from: firstSample.applications,
      to: lastSample.applications,
    },
    queue: JSON.parse(recueil(['queue', 'status', '--config', join(dir, 'station.json'), '--json'])),
  };
  close();
  await station.stop();
  await stopDaemon(central);
  if (values.out) writeResult(values.out, 'application', report);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  process.stdout.write(text);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
