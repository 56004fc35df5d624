/**
 * Availability ledger overhead (issue 21: under 1 ms of CPU per minute and under 10 KB of disk per
 * day). Runs the real recorder (main/services/availability/recorder.ts) on a manual clock over
 * simulated days, with the real ledger store (sync/store/availability, WAL, synchronous=FULL) and
 * the sync host's validation of each `availabilityRecord` call, and a station whose barcode reader
 * is unplugged a tenth of the time. CPU is process.cpuUsage (user + system) over the whole run,
 * per clock minute ticked and per opening minute recorded; disk is the ledger file after a
 * checkpoint, per day.
 *   node --import tsx bench/availability.bench.ts [--out bench/results/availability.json] [--days N]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpeningHours } from '../common/availability/calendar';
import type { DeviceStatus } from '../common/domain';
import { AvailabilityRecorder } from '../main/services/availability/recorder';
import { ManualClock } from '../main/services/clock-testing';
import { createLogger } from '../main/services/logger';
import { syncHostProtocol } from '../sync/host/protocol';
import { AvailabilityLedger } from '../sync/store/availability';
import { outPath, writeResult } from './harness';

const daysFlag = process.argv.indexOf('--days');
const DAYS = daysFlag > 0 ? Number(process.argv[daysFlag + 1]) : 30;
const MIN = 60_000;
const weekdays = ['08:30-12:00', '13:30-18:00'];
const hours = OpeningHours.parse({
  mon: weekdays,
  tue: weekdays,
  wed: weekdays,
  thu: weekdays,
  fri: weekdays,
  sat: ['09:00-12:00'],
});
const device = (id: string, kind: DeviceStatus['kind'], connection: DeviceStatus['connection']) =>
  ({
    id,
    kind,
    vendor: 'v',
    model: 'm',
    transport: 'usb',
    connection,
    simulated: true,
    changedAt: 'x',
  }) as DeviceStatus;

async function run(days: number) {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-ledger-bench-'));
  const path = join(dir, 'availability.sqlite');
  const ledger = AvailabilityLedger.open(path);
  const params = syncHostProtocol.methods.availabilityRecord.params;
  const clock = new ManualClock(Date.parse('2026-11-02T00:00:30+01:00')); // a Monday
  let ticks = 0;
  const recorder = new AvailabilityRecorder({
    clock,
    hours,
    logger: createLogger({ level: 'fatal' }),
    ledger: {
      last: async () => ({
        minute: ledger.lastMinute() ?? null,
        first: ledger.firstMinute() ?? null,
        lastCentralContact: null,
      }),
      // What crosses the host RPC: serialised, parsed and validated by the sync host, then stored.
      record: async (p) => {
        const checked = params.parse(JSON.parse(JSON.stringify(p)));
        const r = ledger.record(checked.records);
        return { written: r.written, duplicates: r.duplicates.length };
      },
    },
    observe: async () => {
      ticks++;
      const barcodeOut = Math.floor(clock.now() / MIN) % 100 < 10;
      return {
        now: clock.now(),
        hosts: [
          { host: 'device', state: 'running', restarts: 0 },
          { host: 'sync', state: 'running', restarts: 0 },
        ],
        devices: [
          device('sim-wacom-stu', 'signature', 'connected'),
          device('sim-zfm', 'fingerprint', 'connected'),
          device('sim-camera', 'camera', 'connected'),
          device('sim-card-reader', 'card-reader', 'connected'),
          device('sim-hid-pos', 'barcode-reader', barcodeOut ? 'disconnected' : 'connected'),
        ],
        sync: { state: 'idle', online: true, queued: 0 },
        freeBytes: 50e9,
        minFreeBytes: 512 * 1024 * 1024,
        freezeDays: 7,
        clockDriftLimitMs: 60_000,
      };
    },
  });
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await recorder.start();
  await clock.advance(days * 24 * 60 * MIN);
  await recorder.stop();
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  const recorded = ledger.range(0, Number.MAX_SAFE_INTEGER).length;
  ledger.close();
  // The file as it stays on disk: the WAL checkpointed into it.
  const db = AvailabilityLedger.open(path);
  db.close();
  const bytes = statSync(path).size;
  rmSync(dir, { recursive: true, force: true });
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    days,
    ticks,
    openingMinutesRecorded: recorded,
    cpuMs: Math.round(cpuMs),
    wallMs: Math.round(wallMs),
    cpuMsPerMinuteTicked: Math.round((cpuMs / ticks) * 1000) / 1000,
    cpuMsPerOpeningMinute: Math.round((cpuMs / recorded) * 1000) / 1000,
    fileBytes: bytes,
    bytesPerDay: Math.round(bytes / days),
    bytesPerOpeningMinute: Math.round((bytes / recorded) * 10) / 10,
  };
}

const result = await run(DAYS);
const ok = result.cpuMsPerOpeningMinute < 1 && result.bytesPerDay < 10 * 1024;
console.log(
  `ledger: ${result.openingMinutesRecorded} opening minutes over ${DAYS} days; CPU ${result.cpuMsPerOpeningMinute} ms per opening minute (${result.cpuMsPerMinuteTicked} ms per minute ticked); disk ${result.bytesPerDay} B per day (${result.bytesPerOpeningMinute} B per opening minute) ${ok ? 'within' : 'OVER'} the targets (1 ms, 10 KB)`,
);
writeResult(outPath('bench/results/availability.json'), 'availability', {
  targets: { cpuMsPerMinute: 1, bytesPerDay: 10 * 1024 },
  openingHours: hours,
  ...result,
  withinTargets: ok,
});
