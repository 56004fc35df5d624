import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { OpeningHours } from '../../../common/availability/calendar';
import { dayReport } from '../../../common/availability/report';
import type { DeviceStatus } from '../../../common/domain';
import { AvailabilityLedger } from '../../../sync/store/availability';
import type { HostStatus } from '../../contract/model';
import { ManualClock } from '../clock-testing';
import { createLogger } from '../logger';
import type { Observation } from './classify';
import { AvailabilityRecorder, type LedgerPort } from './recorder';

const DAY = '2026-12-08'; // a Tuesday, UTC+1 in Paris
const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00+01:00`);
const MIN = 60_000;
const hours = OpeningHours.parse({ tue: ['08:00-18:00'] });
const logger = createLogger({ level: 'fatal' });

const host = (name: 'device' | 'sync', state: HostStatus['state'] = 'running'): HostStatus => ({
  host: name,
  state,
  restarts: 0,
});
const device = (
  id: string,
  kind: DeviceStatus['kind'],
  connection: DeviceStatus['connection'] = 'connected',
) =>
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

let dir: string;
let ledger: AvailabilityLedger;
let world: Omit<Observation, 'now' | 'lastCentralContact'>;
/** The ledger port; `down` makes it fail like a sync host that is restarting. */
let port: LedgerPort & { down: boolean };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'recueil-ledger-'));
  ledger = AvailabilityLedger.open(join(dir, 'availability.sqlite'));
  world = {
    hosts: [host('device'), host('sync')],
    devices: [
      device('pad', 'signature'),
      device('scanner', 'fingerprint'),
      device('cam', 'camera'),
      device('reader', 'card-reader'),
    ],
    minFreeBytes: 100,
    freeBytes: 1000,
    freezeDays: 7,
    clockDriftLimitMs: 60_000,
  };
  port = {
    down: false,
    last: async () => ({
      minute: ledger.lastMinute() ?? null,
      first: ledger.firstMinute() ?? null,
      lastCentralContact: null,
    }),
    record: async (params) => {
      if (port.down) throw new Error('HOST_UNAVAILABLE');
      const r = ledger.record(params.records);
      for (const e of params.events ?? []) ledger.addEvent(e.kind, e.minute, e.minutes);
      return { written: r.written, duplicates: r.duplicates.length };
    },
  };
});
afterEach(() => {
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

function recorder(clock: ManualClock) {
  return new AvailabilityRecorder({
    clock,
    hours,
    ledger: port,
    logger,
    observe: async () => ({ ...world, now: clock.now() }),
  });
}
const report = (now: number) =>
  dayReport(DAY, hours, ledger.range(0, Number.MAX_SAFE_INTEGER), {
    nowMinute: Math.floor(now / MIN),
    firstMinute: ledger.firstMinute(),
  });

describe('availability recorder', () => {
  it('records one minute per opening minute and nothing outside opening hours', async () => {
    const clock = new ManualClock(at('07:50') + 5_000);
    const r = recorder(clock);
    await r.start();
    await clock.advance(40 * MIN); // to 08:30
    await r.stop();
    const minutes = ledger.range(0, Number.MAX_SAFE_INTEGER);
    assert.equal(minutes.length, 31, '08:00 to 08:30');
    assert.equal(minutes[0]!.minute, at('08:00') / MIN);
    assert.ok(minutes.every((m) => m.state === 'ready' && m.source === 'observed'));
  });

  it('a missing scanner makes the minutes down, the barcode reader only degraded, with which device', async () => {
    const clock = new ManualClock(at('08:00') + 1_000);
    const r = recorder(clock);
    await r.start();
    world = {
      ...world,
      devices: [
        ...world.devices.filter((d) => d.id !== 'scanner'),
        device('scanner', 'fingerprint', 'disconnected'),
      ],
    };
    await clock.advance(10 * MIN);
    world = {
      ...world,
      devices: [
        ...world.devices.filter((d) => d.id !== 'scanner'),
        device('scanner', 'fingerprint'),
        device('bar', 'barcode-reader', 'error'),
      ],
    };
    await clock.advance(5 * MIN);
    await r.stop();
    const day = report(clock.now());
    // 08:00 ready, 08:01-08:10 down, 08:11-08:14 degraded (08:15, the current minute, is not counted yet).
    assert.deepEqual(day.minutes, { ready: 1, degraded: 4, down: 10 });
    assert.deepEqual(day.causes, [
      { cause: 'device-missing', state: 'down', minutes: 10, device: 'scanner' },
      { cause: 'device-faulty', state: 'degraded', minutes: 4, device: 'bar' },
    ]);
  });

  it('after a crash, the opening minutes until the restart are down / station-not-running', async () => {
    const clock = new ManualClock(at('08:00') + 1_000);
    const first = recorder(clock);
    await first.start();
    await clock.advance(10 * MIN); // 08:00..08:10 recorded
    // Crash: the first recorder dies without a word (no stop); 20 minutes pass.
    const crashed = new ManualClock(clock.now() + 20 * MIN);
    const second = recorder(crashed);
    await second.start();
    await crashed.advance(5 * MIN);
    await second.stop();
    const day = report(crashed.now());
    assert.deepEqual(day.minutes, { ready: 16, degraded: 0, down: 19 });
    assert.deepEqual(day.causes, [{ cause: 'station-not-running', state: 'down', minutes: 19 }]);
    assert.ok(
      ledger.range(0, Number.MAX_SAFE_INTEGER).filter((m) => m.source === 'not-running').length === 19,
    );
    assert.deepEqual(
      ledger.events(0, Number.MAX_SAFE_INTEGER).map((e) => [e.kind, e.minutes]),
      [['restart-gap', 19]],
    );
  });

  it('a clock set back by hours counts no minute twice', async () => {
    const clock = new ManualClock(at('08:00') + 1_000);
    const r = recorder(clock);
    await r.start();
    await clock.advance(4 * 60 * MIN); // 12:00
    world = { ...world, freeBytes: 150 }; // degraded from now on (real time)
    clock.jump(-2 * 60 * MIN); // back to 10:00
    await clock.advance(3 * 60 * MIN); // wall 13:00
    await r.stop();
    const day = report(clock.now());
    assert.equal(
      day.minutes.ready + day.minutes.degraded + day.minutes.down,
      5 * 60,
      'each opening minute once',
    );
    // 08:00-12:00 first recorded ready; 12:01-12:59 degraded (disk low), each recorded once.
    assert.deepEqual(day.minutes, { ready: 241, degraded: 59, down: 0 });
    assert.equal(r.duplicates, 120, 'the 2 hours lived twice were refused');
    assert.deepEqual(
      ledger.events(0, Number.MAX_SAFE_INTEGER).map((e) => [e.kind, e.minutes]),
      [['clock-jump-backward', 120]],
    );
  });

  it('a clock set forward by hours loses no minute: the skipped ones carry the state seen before the jump', async () => {
    const clock = new ManualClock(at('08:00') + 1_000);
    const r = recorder(clock);
    await r.start();
    await clock.advance(2 * 60 * MIN); // 10:00
    clock.jump(2 * 60 * MIN); // 12:00
    await clock.advance(60 * MIN); // 13:00
    await r.stop();
    const day = report(clock.now());
    assert.deepEqual(day.minutes, { ready: 300, degraded: 0, down: 0 }, 'no station-not-running invented');
    const filled = ledger.range(0, Number.MAX_SAFE_INTEGER).filter((m) => m.source === 'clock-jump');
    assert.equal(filled.length, 120, '10:01 to 12:00');
    assert.deepEqual(
      ledger.events(0, Number.MAX_SAFE_INTEGER).map((e) => e.kind),
      ['clock-jump-forward'],
    );
  });

  it('while the sync host is down the minutes wait in memory, then are stored with their cause', async () => {
    const clock = new ManualClock(at('08:00') + 1_000);
    const r = recorder(clock);
    await r.start();
    await clock.advance(5 * MIN);
    port.down = true;
    world = { ...world, hosts: [host('device'), host('sync', 'restarting')] };
    await clock.advance(3 * MIN);
    port.down = false;
    world = { ...world, hosts: [host('device'), host('sync')] };
    await clock.advance(2 * MIN);
    await r.stop();
    const day = report(clock.now());
    assert.deepEqual(day.minutes, { ready: 7, degraded: 0, down: 3 });
    assert.deepEqual(day.causes, [{ cause: 'host-crashed', state: 'down', minutes: 3, host: 'sync' }]);
  });
});
