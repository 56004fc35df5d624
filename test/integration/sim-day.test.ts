/**
 * `recueil sim day` (issue 21 contract, a measure): a simulated opening day of an enrolled station on
 * simulated devices, with one fault of each kind, records what the script says. The recorded minutes
 * per cause equal the scripted truth within one minute per fault, the rest of the day is ready, the
 * output has the shape of `recueil availability --json`, and `recueil availability --date D` reads the
 * same figures back from the station's ledger. A bad fault script exits 2 naming the entry and the
 * field, before any station starts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { provisionDemo, type RunningCentral, startCentralServer } from '../../central/api';
import type { AvailabilityReport } from '../../common/domain';
import { FAST_SCRYPT } from '../../sync/crypto/crypto.testing';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'recueil.mjs');
const run = promisify(execFile);

/** `recueil sim day` on the test station, over OPEN, with more flags. */
const simDay = (config: string, ...more: string[]) =>
  recueil(['sim', 'day', '--config', config, '--open', OPEN, ...more, '--json']);

async function recueil(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 4 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The script and, for each fault, the state and cause its minutes must show. */
const OPEN = '09:00-09:50';
const OPENING_MINUTES = 50;
const script = [
  { at: '09:05', fault: 'device-unplugged', device: 'sim-wacom-stu-540', minutes: 5 },
  { at: '09:14', fault: 'disk-low', minutes: 3 },
  { at: '09:21', fault: 'host-crash', minutes: 4 },
  { at: '09:31', fault: 'central-down', minutes: 6 },
  { at: '09:45', fault: 'device-unplugged', device: 'sim-hid-pos-scanner', minutes: 2 },
];
const truth = [
  { cause: 'device-missing', state: 'down', device: 'sim-wacom-stu-540', minutes: 5 },
  { cause: 'disk-low', state: 'down', minutes: 3 },
  { cause: 'host-crashed', state: 'down', host: 'device', minutes: 4 },
  { cause: 'central-unreachable', state: 'degraded', minutes: 6 },
  // The barcode reader is optional (the agent types the code): degraded, not down.
  { cause: 'device-missing', state: 'degraded', device: 'sim-hid-pos-scanner', minutes: 2 },
];

describe('recueil sim day', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-sim-day-'));
  let central: RunningCentral;
  let stationConfig: string;
  const faults = join(dir, 'faults.json');

  before(async () => {
    const demo = await provisionDemo(join(dir, 'demo'), { scryptCost: FAST_SCRYPT });
    central = await startCentralServer(demo.centralConfig);
    stationConfig = demo.stationConfig;
    writeFileSync(faults, JSON.stringify(script));
  });
  after(async () => {
    await central?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the scripted faults, each within one minute, and the ledger says the same', async () => {
    const out = await simDay(stationConfig, '--speed', '3000', '--faults', faults);
    assert.equal(out.code, 0, out.stderr);
    const report = JSON.parse(out.stdout) as AvailabilityReport;
    assert.deepEqual(Object.keys(report), ['date', 'minutes', 'causes', 'availability']);
    for (const expected of truth) {
      const { minutes, ...key } = expected;
      const found = report.causes.filter((c) =>
        Object.entries(key).every(([k, v]) => (c as Record<string, unknown>)[k] === v),
      );
      assert.equal(found.length, 1, `${JSON.stringify(key)} in ${JSON.stringify(report.causes)}`);
      assert.ok(
        Math.abs(found[0]!.minutes - minutes) <= 1,
        `${JSON.stringify(expected)}: ${found[0]!.minutes}`,
      );
    }
    assert.equal(report.causes.length, truth.length, JSON.stringify(report.causes));
    const faulty = truth.reduce((n, t) => n + t.minutes, 0);
    const { ready, degraded, down } = report.minutes;
    assert.equal(ready + degraded + down, OPENING_MINUTES);
    assert.ok(Math.abs(ready - (OPENING_MINUTES - faulty)) <= truth.length, `ready ${ready}`);
    assert.ok(Math.abs(report.availability - (ready + degraded) / OPENING_MINUTES) < 1e-6);

    // The station's ledger holds the day: its hours are the configuration's, so ask with --open's.
    const again = await recueil(['availability', '--config', stationConfig, '--date', report.date, '--json']);
    assert.equal(again.code, 0, again.stderr);
    const fromLedger = JSON.parse(again.stdout) as AvailabilityReport;
    // The configuration opens 09:00-17:00 on weekdays: minutes after 09:50 were not recorded.
    assert.deepEqual(
      fromLedger.causes.filter((c) => c.cause !== 'station-not-running'),
      report.causes,
    );
  });

  it('refuses a bad fault script with exit 2, naming the entry and the field', async () => {
    const cases: [unknown, RegExp][] = [
      [
        [{ at: '9:00', fault: 'disk-low', minutes: 3 }],
        /entry 0 \(at "9:00"\): "at": expected a local time "HH:MM"/,
      ],
      [
        [
          { at: '09:10', fault: 'disk-low', minutes: 3 },
          { at: '09:20', fault: 'meteor', minutes: 1 },
        ],
        /entry 1 \(at "09:20"\): "fault": expected one of device-unplugged, central-down, disk-low, host-crash/,
      ],
      [[{ at: '09:10', fault: 'device-unplugged', minutes: 3 }], /entry 0 \(at "09:10"\): "device": missing/],
      [
        [{ at: '09:10', fault: 'disk-low', minutes: 0 }],
        /entry 0 \(at "09:10"\): "minutes": expected a whole number of minutes from 1 to 1440/,
      ],
      [
        [{ at: '18:00', fault: 'disk-low', minutes: 2 }],
        /entry 0 \(at "18:00"\): "at": 18:00 is outside the opening hours 09:00-09:50/,
      ],
      [
        [{ at: '09:10', fault: 'disk-low', minutes: 2, colour: 'red' }],
        /entry 0 \(at "09:10"\): "colour": unknown field/,
      ],
      [{ at: '09:10' }, /expected a JSON list of faults/],
    ];
    for (const [content, message] of cases) {
      writeFileSync(join(dir, 'bad.json'), JSON.stringify(content));
      const out = await simDay(stationConfig, '--faults', join(dir, 'bad.json'));
      assert.equal(out.code, 2, JSON.stringify(content));
      assert.match(out.stderr, message);
      assert.equal(out.stdout, '');
    }
    const badOpen = await recueil([
      'sim',
      'day',
      '--config',
      stationConfig,
      '--open',
      '17:00-09:00',
      '--json',
    ]);
    assert.equal(badOpen.code, 2);
    assert.match(badOpen.stderr, /--open: expected the end after the start/);
  });
});
