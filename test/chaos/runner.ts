/**
 * The chaos run: the full stack as separate processes (reference central server, station in
 * browser mode with its device and sync hosts), applications submitted through the station's
 * service path (`recueil sim enqueue`, batch by batch), and a seeded schedule of faults injected
 * while they flow: simulated device unplug/plug/fault (typed API over the UI WebSocket), host
 * crashes (SIGKILL of a host pid; its supervisor must restart it), central outages (SIGKILL, down
 * for a while, restarted) and station kills (SIGKILL of the station, restarted).
 *
 * Meanwhile it probes the UI's view of the core every 100 ms (`station.health`, whose latency is the
 * "UI stall"; windows where the station process is down on purpose are counted apart) and samples
 * every process's resident memory. At the end it restores everything, syncs until the queue is
 * empty, stops the processes and reconciles submitted ids with the central's stored ids.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceStatus } from '../../common/domain';
import type { HostName, HostStatus } from '../../main/contract/model';
import { type Ledger, reconcile } from './ledger';
import { chaosRandom } from './prng';
import { alive, type Daemon, kill, rssBytes, runCommand, sleep, startDaemon, stopDaemon } from './processes';
import { connectStation, type StationSocket, signInSimulated } from './station-client';

export const faultKinds = ['device', 'host', 'central', 'station'] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface ChaosOptions {
  applications: number;
  seed: number;
  /** Faults of each kind spread over the run. */
  faults: Record<FaultKind, number>;
  /** Dossiers per `sim enqueue` call. */
  batchSize: number;
  /** Size of each synthetic dossier (MB). */
  sizeMb: number;
  /** A central outage lasts between these (ms). */
  outageMs: [number, number];
  /** A killed station stays down between these (ms) before it is restarted. */
  stationDownMs: [number, number];
  probeIntervalMs: number;
  rssIntervalMs: number;
  /** How long the final drain may take before it is declared failed. */
  drainTimeoutMs: number;
  /** Work folder (a temporary one when absent); removed at the end unless keep. */
  dir?: string;
  keep?: boolean;
  log?: (line: string) => void;
}

export function defaultFaults(applications: number): Record<FaultKind, number> {
  return {
    device: Math.max(4, Math.round(applications / 20)),
    host: Math.max(3, Math.round(applications / 40)),
    central: Math.max(3, Math.round(applications / 60)),
    station: Math.max(2, Math.round(applications / 80)),
  };
}

export function chaosDefaults(applications: number, overrides: Partial<ChaosOptions> = {}): ChaosOptions {
  return {
    applications,
    seed: 1,
    faults: defaultFaults(applications),
    batchSize: Math.max(5, Math.min(25, Math.round(applications / 20))),
    sizeMb: 0.25,
    outageMs: [1500, 5000],
    stationDownMs: [300, 1500],
    probeIntervalMs: 100,
    rssIntervalMs: 1000,
    drainTimeoutMs: 180_000,
    ...overrides,
  };
}

interface MemorySummary {
  startMb: number;
  peakMb: number;
  endMb: number;
  samples: number;
}

export interface ChaosReport {
  ok: boolean;
  problems: string[];
  seed: number;
  applications: number;
  submitted: number;
  received: number;
  /** What `recueil central count --json` reports at the end. */
  centralCount: number;
  lost: number;
  duplicates: number;
  unexpected: number;
  receiptMismatches: number;
  ledger: Ledger;
  events: {
    injected: Record<FaultKind, number>;
    device: { plug: number; unplug: number; fault: number; refused: number };
    host: {
      device: number;
      sync: number;
      /** Slowest supervisor restart: SIGKILL to `running` with a new pid (ms). */
      maxRecoveryMs: number;
      notRecovered: number;
    };
    central: { outages: number; downMs: number };
    station: {
      kills: number;
      /** Slowest restart: spawn to its `ui` line (ms). */
      maxRestartMs: number;
      /** Host processes still alive 5 s after their station was SIGKILLed (then killed by the run). */
      orphanedHosts: number;
      /** Slowest exit of the hosts after their station was SIGKILLed (graceful shutdown on disconnect). */
      maxHostExitMs: number;
    };
  };
  stall: {
    probes: number;
    /** The longest `station.health` round trip while the station process was up (ms). */
    longestMs: number;
    longestDuring: string;
    p50Ms: number;
    p99Ms: number;
    over250Ms: number;
    failed: number;
    /** Probes skipped because the station process was down on purpose. */
    stationDown: number;
    stationDownWindows: number;
    stationDownMs: number;
  };
  syncHostProbe: { probes: number; longestMs: number; unavailable: number };
  memory: Record<string, MemorySummary>;
  memorySeries: { t: number; mb: Record<string, number> }[];
  enqueue: { batches: number; failedBatches: number };
  /** Each fault: seconds since start, kind, how long injecting it took (ms), applications in by then. */
  timeline: { t: number; kind: FaultKind; ms: number; at: number }[];
  restore: { hostsRunning: boolean; devicesConnected: boolean; drainMs: number; drainedBy: string };
  wallMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const random = chaosRandom(options.seed);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'recueil-chaos-'));
  const stationJson = join(dir, 'station.json');
  const centralJson = join(dir, 'central.json');
  const problems: string[] = [];

  const init = await runCommand(['demo', 'init', '--dir', dir, '--force']);
  if (init.code !== 0) throw new Error(`demo init failed: ${init.stderr}`);

  let central: Daemon | undefined;
  let station: Daemon | undefined;
  let socket: StationSocket | undefined;
  let stationDown = true;
  /** Down windows are counted only between the first start and the final stop. */
  let chaosPhase = false;
  let currentActivity = 'startup';
  let lastHosts: HostStatus[] = [];

  const submitted = new Set<string>();
  const events: ChaosReport['events'] = {
    injected: { device: 0, host: 0, central: 0, station: 0 },
    device: { plug: 0, unplug: 0, fault: 0, refused: 0 },
    host: { device: 0, sync: 0, maxRecoveryMs: 0, notRecovered: 0 },
    central: { outages: 0, downMs: 0 },
    station: { kills: 0, maxRestartMs: 0, orphanedHosts: 0, maxHostExitMs: 0 },
  };
  const latencies: number[] = [];
  const stall = { longestMs: 0, longestDuring: '', failed: 0, stationDown: 0, windows: 0, downMs: 0 };
  const syncProbe = { probes: 0, longestMs: 0, unavailable: 0 };
  const memorySeries: ChaosReport['memorySeries'] = [];
  const enqueue = { batches: 0, failedBatches: 0 };
  const timeline: ChaosReport['timeline'] = [];

  const startCentral = async () => {
    central = await startDaemon(['central', 'serve', '--config', centralJson], 'listening');
  };
  const startStation = async () => {
    const t0 = Date.now();
    // Like the service manager of a real station: a failed start is retried a few times.
    for (let attempt = 1; ; attempt++) {
      try {
        station = await startDaemon(['start', '--browser', '--no-open', '--config', stationJson], 'ui');
        break;
      } catch (error) {
        problems.push(`station start attempt ${attempt} failed: ${(error as Error).message.slice(0, 300)}`);
        if (attempt >= 3) throw error;
        await sleep(5000);
      }
    }
    socket = await connectStation(station.announced);
    // Faults are a technician's diagnostics actions (simulated devices, host list, sync now).
    await signInSimulated(socket.api);
    stationDown = false;
    const health = await socket.api.invoke('station.health', {});
    if (health.ok) lastHosts = health.value.hosts;
    return Date.now() - t0;
  };
  const ensureUp = async () => {
    if (!central || central.child.exitCode !== null || central.child.signalCode !== null)
      await startCentral();
    if (stationDown) await startStation();
  };
  const api = () => {
    if (!socket || stationDown) throw new Error('station is down');
    return socket.api;
  };

  // --- probes: UI stall every 100 ms, sync host every second, memory every second ---------------
  let probing = true;
  const uiProbe = (async () => {
    let downSince: number | undefined;
    while (probing) {
      const t0 = Date.now();
      const current = socket;
      if (stationDown || !current?.open) {
        if (chaosPhase) stall.stationDown++;
        if (chaosPhase && downSince === undefined) {
          downSince = t0;
          stall.windows++;
        }
      } else {
        if (downSince !== undefined) {
          stall.downMs += t0 - downSince;
          downSince = undefined;
        }
        const during = currentActivity;
        const result = await current.api.invoke('station.health', {});
        const ms = Date.now() - t0;
        if (stationDown || current !== socket) stall.stationDown++;
        else if (result.ok) {
          latencies.push(ms);
          lastHosts = result.value.hosts;
          if (ms > stall.longestMs) {
            stall.longestMs = ms;
            stall.longestDuring = during;
          }
        } else stall.failed++;
      }
      await sleep(Math.max(0, options.probeIntervalMs - (Date.now() - t0)));
    }
  })();
  const queueProbe = (async () => {
    while (probing) {
      const t0 = Date.now();
      const current = socket;
      if (!stationDown && current?.open) {
        const result = await current.api.invoke('queue.status', {});
        if (!stationDown && current === socket) {
          syncProbe.probes++;
          if (result.ok) syncProbe.longestMs = Math.max(syncProbe.longestMs, Date.now() - t0);
          else syncProbe.unavailable++;
        }
      }
      await sleep(Math.max(0, 1000 - (Date.now() - t0)));
    }
  })();
  const memoryProbe = (async () => {
    while (probing) {
      const sample: Record<string, number> = {};
      const pids: [string, number | undefined][] = [
        ['station', stationDown ? undefined : station?.pid],
        ['central', central?.pid],
        ...lastHosts.map((h) => [`${h.host}Host`, h.pid] as [string, number | undefined]),
      ];
      for (const [role, pid] of pids) {
        const rss = pid === undefined ? undefined : rssBytes(pid);
        if (rss !== undefined) sample[role] = mb(rss);
      }
      memorySeries.push({ t: Math.round((Date.now() - started) / 1000), mb: sample });
      await sleep(options.rssIntervalMs);
    }
  })();

  // --- faults --------------------------------------------------------------------------------------
  const deviceFault = async () => {
    const list = await api().invoke('devices.list', {});
    if (!list.ok) {
      events.device.refused++;
      return;
    }
    const simulated = list.value.filter((d: DeviceStatus) => d.simulated);
    if (simulated.length === 0) return;
    const device = random.pick(simulated);
    const action = random.pick(['unplug', 'unplug', 'fault', 'plug'] as const);
    const result = await api().invoke('devices.simulate', { deviceId: device.id, action });
    if (result.ok) events.device[action]++;
    else events.device.refused++;
  };

  const waitHostBack = async (host: HostName, oldPid: number | undefined, t0: number) => {
    while (Date.now() - t0 < 60_000) {
      const hosts = await api().invoke('hosts.list', {});
      const status = hosts.ok ? hosts.value.find((h) => h.host === host) : undefined;
      if (status?.state === 'running' && status.pid !== undefined && status.pid !== oldPid) {
        return Date.now() - t0;
      }
      await sleep(50);
    }
    return undefined;
  };

  const hostCrash = async () => {
    // Alternate so that both hosts are crashed even in a short run.
    const host: HostName = events.host.device <= events.host.sync ? 'device' : 'sync';
    const hosts = await api().invoke('hosts.list', {});
    const pid = hosts.ok ? hosts.value.find((h) => h.host === host)?.pid : undefined;
    if (pid === undefined) {
      problems.push(`host ${host} had no pid to kill`);
      return;
    }
    const t0 = Date.now();
    kill(pid, 'SIGKILL');
    events.host[host]++;
    const recovered = await waitHostBack(host, pid, t0);
    if (recovered === undefined) {
      events.host.notRecovered++;
      problems.push(`host ${host} did not come back within 60 s`);
    } else events.host.maxRecoveryMs = Math.max(events.host.maxRecoveryMs, recovered);
  };

  const centralOutage = async () => {
    if (!central) return;
    const t0 = Date.now();
    kill(central.pid, 'SIGKILL');
    await central.exited;
    events.central.outages++;
    await sleep(random.int(options.outageMs[0], options.outageMs[1]));
    await startCentral();
    events.central.downMs += Date.now() - t0;
  };

  const stationKill = async () => {
    if (!station) return;
    const hostPids = lastHosts.map((h) => h.pid).filter((pid): pid is number => pid !== undefined);
    stationDown = true;
    socket?.close();
    kill(station.pid, 'SIGKILL');
    await station.exited;
    events.station.kills++;
    // A host whose parent died must exit by itself (its IPC channel closed).
    const killedAt = Date.now();
    const deadline = killedAt + 5000;
    while (Date.now() < deadline && hostPids.some(alive)) await sleep(50);
    events.station.maxHostExitMs = Math.max(events.station.maxHostExitMs, Date.now() - killedAt);
    for (const pid of hostPids.filter(alive)) {
      events.station.orphanedHosts++;
      kill(pid, 'SIGKILL');
    }
    await sleep(random.int(options.stationDownMs[0], options.stationDownMs[1]));
    const restartMs = await startStation();
    events.station.maxRestartMs = Math.max(events.station.maxRestartMs, restartMs);
  };

  const inject: Record<FaultKind, () => Promise<void>> = {
    device: deviceFault,
    host: hostCrash,
    central: centralOutage,
    station: stationKill,
  };
  const schedule = random.shuffle(
    faultKinds.flatMap((kind) => Array<FaultKind>(options.faults[kind]).fill(kind)),
  );

  // --- the run -----------------------------------------------------------------------------------------
  let fired = 0;
  let drainMs = 0;
  let drainedBy = 'station';
  let hostsRunning = false;
  let devicesConnected = false;
  let ledger: Ledger | undefined;
  let centralCount = -1;
  try {
    await startCentral();
    await startStation();
    chaosPhase = true;
    log(
      `chaos: ${options.applications} applications, ${schedule.length} faults, seed ${options.seed}, ${dir}`,
    );

    const progress = () => submitted.size / options.applications;
    let submissionsDone = false;
    let fatal: Error | undefined;
    const faultsLoop = (async () => {
      for (const kind of schedule) {
        // Fault i fires once (i+1)/(n+1) of the applications are in.
        const due = (fired + 1) / (schedule.length + 1);
        while (progress() < due && !submissionsDone) await sleep(50);
        await sleep(random.int(0, 400));
        currentActivity = `${kind} fault #${events.injected[kind] + 1}`;
        const t0 = Date.now();
        try {
          await inject[kind]();
          events.injected[kind]++;
          timeline.push({
            t: Math.round((t0 - started) / 100) / 10,
            kind,
            ms: Date.now() - t0,
            at: submitted.size,
          });
        } catch (error) {
          problems.push(`${kind} fault failed: ${(error as Error).message}`);
          await ensureUp(); // never leave a process down after a failed fault
        }
        currentActivity = 'submitting';
        fired++;
      }
    })().catch((error: unknown) => {
      fatal = error instanceof Error ? error : new Error(String(error));
      fired = schedule.length;
    });

    while (submitted.size < options.applications) {
      // Keep pace with the fault schedule so faults land while applications flow.
      const expectedFired = Math.floor(progress() * (schedule.length + 1)) - 1;
      while (fired < expectedFired) await sleep(50);
      if (fatal) throw fatal;
      const count = Math.min(options.batchSize, options.applications - submitted.size);
      const outcome = await runCommand(
        [
          'sim',
          'enqueue',
          '--config',
          stationJson,
          '--count',
          String(count),
          '--size-mb',
          String(options.sizeMb),
        ],
        (line) => {
          if (line.startsWith('enqueued ')) submitted.add(line.slice('enqueued '.length));
        },
      );
      enqueue.batches++;
      if (outcome.code !== 0) {
        enqueue.failedBatches++;
        problems.push(`sim enqueue failed (${outcome.code}): ${outcome.stderr.trim().slice(0, 300)}`);
        if (enqueue.failedBatches > 20) throw new Error('too many failed enqueue batches');
        await sleep(2000);
      }
      log(`submitted ${submitted.size}/${options.applications}, faults ${fired}/${schedule.length}`);
    }
    submissionsDone = true;
    await faultsLoop;
    if (fatal) throw fatal;

    // --- restore and drain ---------------------------------------------------------------------------
    currentActivity = 'restore';
    await ensureUp();
    const devices = await api().invoke('devices.list', {});
    if (devices.ok)
      for (const device of devices.value.filter((d) => d.simulated && d.connection !== 'connected'))
        await api().invoke('devices.simulate', { deviceId: device.id, action: 'plug' });
    const after = await api().invoke('devices.list', {});
    devicesConnected = after.ok && after.value.every((d) => d.connection === 'connected');
    if (!devicesConnected) problems.push('some devices are not connected after restore');

    currentActivity = 'drain';
    const drainStart = Date.now();
    let remaining = Number.POSITIVE_INFINITY;
    while (Date.now() - drainStart < options.drainTimeoutMs) {
      await api().invoke('sync.now', {});
      const queue = await api().invoke('queue.status', {});
      if (queue.ok) {
        remaining = queue.value.counts.queued + queue.value.counts.uploading;
        if (remaining === 0) break;
      }
      await sleep(1000);
    }
    drainMs = Date.now() - drainStart;
    const hosts = await api().invoke('hosts.list', {});
    hostsRunning = hosts.ok && hosts.value.every((h) => h.state === 'running');
    if (!hostsRunning) problems.push(`hosts not all running at the end: ${JSON.stringify(hosts)}`);
    chaosPhase = false;
    probing = false;
    await Promise.all([uiProbe, queueProbe, memoryProbe]);
    stationDown = true;
    socket?.close();
    if (station) await stopDaemon(station);
    if (remaining > 0) {
      drainedBy = 'cli';
      problems.push(`the running station did not drain its queue in ${options.drainTimeoutMs} ms`);
      await runCommand(['sync', 'now', '--config', stationJson]);
    }
    if (central) await stopDaemon(central);
    ledger = reconcile(stationJson, centralJson, submitted);
    // The CLI contract agrees with the database read.
    const count = await runCommand(['central', 'count', '--config', centralJson, '--json']);
    centralCount = (JSON.parse(count.stdout.join('')) as { dossiers: number }).dossiers;
    if (centralCount !== ledger.received)
      problems.push(`central count --json says ${centralCount}, the database holds ${ledger.received}`);
  } finally {
    probing = false;
    socket?.close();
    if (station) await stopDaemon(station, 'SIGKILL');
    if (central) await stopDaemon(central, 'SIGKILL');
    for (const host of lastHosts) if (host.pid !== undefined && alive(host.pid)) kill(host.pid);
    if (!options.keep && !options.dir) rmSync(dir, { recursive: true, force: true });
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const memory: Record<string, MemorySummary> = {};
  for (const point of memorySeries)
    for (const [role, value] of Object.entries(point.mb)) {
      const summary = memory[role];
      if (!summary) memory[role] = { startMb: value, peakMb: value, endMb: value, samples: 1 };
      else {
        summary.peakMb = Math.max(summary.peakMb, value);
        summary.endMb = value;
        summary.samples++;
      }
    }
  const stride = Math.max(1, Math.ceil(memorySeries.length / 120));
  if (ledger.lost.length > 0)
    problems.push(`${ledger.lost.length} submitted dossiers never reached the central`);
  if (ledger.duplicates.length > 0)
    problems.push(`${ledger.duplicates.length} dossiers stored more than once`);
  if (ledger.unexpected.length > 0)
    problems.push(`${ledger.unexpected.length} dossiers stored but never submitted`);
  if (ledger.receiptMismatches.length > 0)
    problems.push(`${ledger.receiptMismatches.length} station receipts differ from the central's`);
  const exact =
    ledger.lost.length === 0 &&
    ledger.duplicates.length === 0 &&
    ledger.unexpected.length === 0 &&
    ledger.receiptMismatches.length === 0 &&
    centralCount === ledger.received &&
    ledger.submitted === options.applications;
  return {
    ok: exact && hostsRunning && events.host.notRecovered === 0,
    problems,
    seed: options.seed,
    applications: options.applications,
    submitted: ledger.submitted,
    received: ledger.received,
    centralCount,
    lost: ledger.lost.length,
    duplicates: ledger.duplicates.length,
    unexpected: ledger.unexpected.length,
    receiptMismatches: ledger.receiptMismatches.length,
    ledger: {
      ...ledger,
      lost: ledger.lost.slice(0, 20),
      unexpected: ledger.unexpected.slice(0, 20),
      duplicates: ledger.duplicates.slice(0, 20),
      receiptMismatches: ledger.receiptMismatches.slice(0, 20),
    },
    events,
    stall: {
      probes: latencies.length,
      longestMs: stall.longestMs,
      longestDuring: stall.longestDuring,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      over250Ms: sorted.filter((ms) => ms > 250).length,
      failed: stall.failed,
      stationDown: stall.stationDown,
      stationDownWindows: stall.windows,
      stationDownMs: stall.downMs,
    },
    syncHostProbe: syncProbe,
    memory,
    memorySeries: memorySeries.filter((_, i) => i % stride === 0 || i === memorySeries.length - 1),
    enqueue,
    timeline,
    restore: { hostsRunning, devicesConnected, drainMs, drainedBy },
    wallMs: Date.now() - started,
  };
}
