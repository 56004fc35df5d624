/**
 * The fleet report from daily summaries: availability per station, per day and for the fleet summed
 * over station-days against 99.7 %, causes with the minutes they cost, silent stations, configuration
 * versions in force and expiring certificates; summaries outside the period count only for what is in
 * force.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dailySummary } from '../../common/availability/summary';
import type { AvailabilityReport } from '../../common/domain';
import { fleetReport } from './report';

type Cause = AvailabilityReport['causes'][number];
function day(stationId: string, date: string, down: Cause[], degraded: Cause[] = [], extra = {}) {
  const lost = down.reduce((n, c) => n + c.minutes, 0);
  const worse = degraded.reduce((n, c) => n + c.minutes, 0);
  const minutes = { ready: 480 - lost - worse, degraded: worse, down: lost };
  return dailySummary({
    stationId,
    report: { date, minutes, causes: [...down, ...degraded], availability: (480 - lost) / 480 },
    applications: 12,
    certifications: 3,
    ...extra,
  });
}

describe('fleet report', () => {
  const summaries = [
    day('DR-A-0001', '2026-12-01', []),
    day(
      'DR-A-0001',
      '2026-12-02',
      [{ cause: 'host-crashed', state: 'down', minutes: 2, host: 'device' }],
      [],
      {
        configVersion: 3,
      },
    ),
    day('DR-B-0002', '2026-12-01', [{ cause: 'device-missing', state: 'down', minutes: 30, device: 'pad' }]),
    day('DR-B-0002', '2026-12-02', [], [{ cause: 'central-unreachable', state: 'degraded', minutes: 60 }], {
      configVersion: 2,
      stationCertificateExpiresAt: '2026-12-20T00:00:00Z',
    }),
    day('DR-C-0003', '2026-11-20', [{ cause: 'disk-low', state: 'down', minutes: 480 }]),
  ];
  const report = fleetReport(summaries, {
    from: '2026-12-01',
    to: '2026-12-02',
    today: '2026-12-03',
    now: Date.parse('2026-12-03T12:00:00Z'),
    stations: ['DR-A-0001', 'DR-D-0004'],
    silentDays: 2,
    certificateWarnDays: 30,
  });

  it('sums station-days: per station, per day and for the fleet, against 99.7 %', () => {
    const a = report.stations.find((s) => s.stationId === 'DR-A-0001')!;
    assert.deepEqual([a.days, a.down, a.openingMinutes], [2, 2, 960]);
    assert.equal(a.availability, Math.round((958 / 960) * 1e6) / 1e6);
    assert.equal(a.meetsTarget, true);
    const b = report.stations.find((s) => s.stationId === 'DR-B-0002')!;
    assert.equal(b.availability, Math.round((930 / 960) * 1e6) / 1e6);
    assert.equal(b.meetsTarget, false);
    assert.equal(report.stations.find((s) => s.stationId === 'DR-D-0004')!.availability, null);
    assert.deepEqual(
      report.perDay.map((d) => [d.date, d.stations, d.down]),
      [
        ['2026-12-01', 2, 30],
        ['2026-12-02', 2, 2],
      ],
    );
    assert.equal(report.fleet.availability, Math.round(((1920 - 32) / 1920) * 1e6) / 1e6);
    assert.deepEqual([report.fleet.stations, report.fleet.meetingTarget, report.target], [4, 1, 0.997]);
  });

  it('lists causes by minutes lost, silent stations, versions and expiring certificates', () => {
    assert.deepEqual(
      report.causes.map((c) => [c.cause, c.minutesLost, c.minutesDegraded]),
      [
        ['device-missing', 30, 0],
        ['host-crashed', 2, 0],
        ['central-unreachable', 0, 60],
      ],
    );
    assert.deepEqual(report.silent, [
      { stationId: 'DR-C-0003', lastSummary: '2026-11-20', silentDays: 13 },
      { stationId: 'DR-D-0004', lastSummary: null, silentDays: null },
    ]);
    assert.deepEqual(report.configVersions, [
      { version: 3, stations: ['DR-A-0001'] },
      { version: 2, stations: ['DR-B-0002'] },
      { version: null, stations: ['DR-C-0003'] },
    ]);
    assert.deepEqual(report.certificatesExpiring, [
      { stationId: 'DR-B-0002', expiresAt: '2026-12-20T00:00:00Z', daysLeft: 16 },
    ]);
  });
});
