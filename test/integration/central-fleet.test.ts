/**
 * `recueil central fleet` (issue 21 contract) over the daily summaries of three stations as the
 * central keeps them: the JSON report's figures, a refused summary file named on stderr, exit 2 on a
 * bad period, and `--html FILE`, a self-contained page: rendered in Chromium it asks for no other
 * resource, shows both charts and the stations (screenshot test-results/screenshots/fleet.png).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { provisionDemo } from '../../central/api';
import type { FleetReport } from '../../central/fleet/report';
import { loadCentralConfig } from '../../central/server/config';
import { DailySummaries } from '../../central/store';
import { dailySummary } from '../../common/availability/summary';
import { FAST_SCRYPT } from '../../sync/crypto/crypto.testing';
import { launchChromium } from '../e2e/browser';
import { appRoot } from '../e2e/station-process';

const BIN = join(appRoot, 'bin', 'recueil.mjs');
const run = promisify(execFile);
async function central(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'central', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `recueil central fleet` on the test central over the test period, with more flags. */
const fleetOf =
  (config: string) =>
  (...more: string[]) =>
    central(['fleet', '--config', config, '--from', '2026-12-01', '--to', '2026-12-04', ...more]);

const STATIONS = ['DR-MAIRIE-0001', 'DR-MAIRIE-0002', 'DR-MAIRIE-0003'];
const DATES = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];

/** Day i of station s: station 2 loses its pad for 20 minutes on the 2nd, station 3 its host. */
function summaryOf(s: number, i: number) {
  const causes =
    s === 1 && i === 1
      ? [
          {
            cause: 'device-missing' as const,
            state: 'down' as const,
            minutes: 20,
            device: 'sim-wacom-stu-540',
          },
        ]
      : s === 2 && i === 2
        ? [
            { cause: 'host-crashed' as const, state: 'down' as const, minutes: 5, host: 'device' },
            { cause: 'central-unreachable' as const, state: 'degraded' as const, minutes: 45 },
          ]
        : [];
  const down = causes.filter((c) => c.state === 'down').reduce((n, c) => n + c.minutes, 0);
  const degraded = causes.filter((c) => c.state === 'degraded').reduce((n, c) => n + c.minutes, 0);
  return dailySummary({
    stationId: STATIONS[s]!,
    report: {
      date: DATES[i]!,
      minutes: { ready: 480 - down - degraded, degraded, down },
      causes,
      availability: (480 - down) / 480,
    },
    applications: 10 + s,
    certifications: 2,
    configVersion: s === 0 ? 4 : 3,
    stationCertificateExpiresAt: s === 2 ? new Date(Date.now() + 10 * 86_400_000).toISOString() : null,
  });
}

describe('recueil central fleet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-fleet-'));
  let centralConfig: string;
  let fleet: ReturnType<typeof fleetOf>;
  after(() => rmSync(dir, { recursive: true, force: true }));
  before(async () => {
    const demo = await provisionDemo(dir, { scryptCost: FAST_SCRYPT });
    centralConfig = demo.centralConfig;
    fleet = fleetOf(centralConfig);
    const store = new DailySummaries(loadCentralConfig(centralConfig).dataDir);
    for (let s = 0; s < 3; s++)
      for (let i = 0; i < DATES.length; i++) if (!(s === 2 && i === 3)) await store.put(summaryOf(s, i));
    mkdirSync(join(store.dir, 'DR-MAIRIE-0002'), { recursive: true });
    writeFileSync(join(store.dir, 'DR-MAIRIE-0002', '2026-12-05.json'), '{"schemaVersion":1}');
  });

  it('prints the report of the period as JSON', async () => {
    const out = await fleet('--json');
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stderr, /summary refused: .*DR-MAIRIE-0002.2026-12-05\.json: /);
    const report = JSON.parse(out.stdout) as FleetReport;
    const opening = 11 * 480;
    assert.equal(report.fleet.openingMinutes, opening);
    assert.equal(report.fleet.down, 25);
    assert.equal(report.fleet.availability, Math.round(((opening - 25) / opening) * 1e6) / 1e6);
    assert.deepEqual(
      report.stations.map((s) => [s.stationId, s.days, s.down, s.meetsTarget]),
      [
        ['DR-DEMO-0001', 0, 0, null],
        ['DR-MAIRIE-0001', 4, 0, true],
        ['DR-MAIRIE-0002', 4, 20, false],
        ['DR-MAIRIE-0003', 3, 5, false],
      ],
    );
    assert.deepEqual(
      report.causes.map((c) => [c.cause, c.minutesLost, c.minutesDegraded]),
      [
        ['device-missing', 20, 0],
        ['host-crashed', 5, 0],
        ['central-unreachable', 0, 45],
      ],
    );
    assert.deepEqual(report.configVersions, [
      { version: 4, stations: ['DR-MAIRIE-0001'] },
      { version: 3, stations: ['DR-MAIRIE-0002', 'DR-MAIRIE-0003'] },
    ]);
    assert.deepEqual(
      report.certificatesExpiring.map((c) => [c.stationId, c.daysLeft]),
      [['DR-MAIRIE-0003', 9]],
    );
    // Today is after the test dates: every station is silent by now, the demo one never spoke.
    assert.ok(report.silent.some((s) => s.stationId === 'DR-DEMO-0001' && s.lastSummary === null));
  });

  it('refuses a bad period with exit 2', async () => {
    const bad = await central([
      'fleet',
      '--config',
      centralConfig,
      '--from',
      '2026-12-31',
      '--to',
      '2026-12-01',
      '--json',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--from: 2026-12-31 is after --to 2026-12-01/);
    const notADate = await central(['fleet', '--config', centralConfig, '--to', '12/01/2026', '--json']);
    assert.equal(notADate.code, 2);
    assert.match(notADate.stderr, /--to: expected a date YYYY-MM-DD/);
  });

  it('writes a self-contained HTML page with both charts', async () => {
    const html = join(dir, 'fleet.html');
    const out = await fleet('--html', html);
    assert.equal(out.code, 0, out.stderr);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(html).href);
      assert.deepEqual(requests, [pathToFileURL(html).href], 'no other resource');
      assert.equal(await page.locator('svg').count(), 2);
      assert.equal((await page.locator('svg rect').count()) >= 4 + 3, true);
      assert.match((await page.locator('h1').textContent()) ?? '', /Disponibilité du parc de postes/);
      assert.match((await page.locator('body').textContent()) ?? '', /Périphérique débranché/);
      assert.match((await page.locator('body').textContent()) ?? '', /DR-MAIRIE-0003/);
      mkdirSync(join(appRoot, 'test-results', 'screenshots'), { recursive: true });
      await page.screenshot({
        path: join(appRoot, 'test-results', 'screenshots', 'fleet.png'),
        fullPage: true,
      });
    } finally {
      await browser.close();
    }
  });
});
