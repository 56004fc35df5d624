/**
 * The sync side of the health checks: the NTP-style arithmetic, the disk samples file (spacing,
 * history, malformed files fuzzed), the ledger's restart facts, and the gatherer with injected
 * probes and clock.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { clockSample } from '../protocol/time';
import { AvailabilityLedger } from '../store/availability';
import {
  DISK_SAMPLES_FILE,
  diskSampler,
  gatherSyncHealthFacts,
  ledgerRestarts,
  parseDiskSamples,
  readDiskSamples,
  recordDiskSample,
  SyncHealthFacts,
  withSample,
} from '.';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-12-08T10:00:00Z');

function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-health-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('clock sample (four timestamps)', () => {
  it('a central 90 s ahead over a symmetric 40 ms link: offset 90 s, round trip 40 ms', () => {
    // station sends at 1000 (its clock); the central receives at 1000 + 20 + 90000, answers 5 ms later.
    const s = clockSample(1000, 91_020, 91_025, 1045);
    assert.equal(s.offsetMs, 90_000);
    assert.equal(s.roundTripMs, 40);
  });
  it('a station ahead gives a negative offset', () => {
    assert.equal(clockSample(5000, 2010, 2010, 5020).offsetMs, -3000);
  });
});

describe('disk samples', () => {
  it('keeps one sample per two hours and 14 days of history', () => {
    let samples = withSample([], [NOW, 100]);
    samples = withSample(samples, [NOW + HOUR, 99]);
    assert.equal(samples.length, 1);
    samples = withSample(samples, [NOW + 2 * HOUR, 98]);
    assert.deepEqual(samples, [
      [NOW, 100],
      [NOW + 2 * HOUR, 98],
    ]);
    samples = withSample(samples, [NOW + 15 * DAY, 50]);
    assert.deepEqual(samples, [[NOW + 15 * DAY, 50]]);
  });
  it('a clock that went back replaces the samples after it', () => {
    const samples = withSample(
      [
        [NOW, 100],
        [NOW + 4 * HOUR, 90],
      ],
      [NOW + HOUR, 95],
    );
    assert.deepEqual(samples, [
      [NOW, 100],
      [NOW + HOUR, 95],
    ]);
  });
  it('writes the file atomically and reads it back; a damaged file is an empty history', async () => {
    const { dir, cleanup } = tempDir();
    try {
      await recordDiskSample(dir, [NOW, 1000]);
      const samples = await recordDiskSample(dir, [NOW + 3 * HOUR, 900]);
      assert.equal(samples.length, 2);
      assert.deepEqual(parseDiskSamples(readFileSync(join(dir, DISK_SAMPLES_FILE), 'utf8')), samples);
      writeFileSync(join(dir, DISK_SAMPLES_FILE), '{"v":1,"samples":[[1,');
      assert.deepEqual(await recordDiskSample(dir, [NOW + 6 * HOUR, 800]), [[NOW + 6 * HOUR, 800]]);
    } finally {
      cleanup();
    }
  });
  it('never throws on any text, and returns only well-formed sorted samples', () => {
    const sample = fc.tuple(
      fc.oneof(fc.integer(), fc.double()),
      fc.oneof(fc.integer(), fc.double(), fc.string()),
    );
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ v: fc.constantFrom(1, 2), samples: fc.array(sample) }).map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(text, (t) => {
        const out = parseDiskSamples(t);
        for (let i = 0; i < out.length; i++) {
          assert.ok(Number.isInteger(out[i]![0]) && out[i]![0] >= 0);
          assert.ok(Number.isFinite(out[i]![1]) && out[i]![1] >= 0);
          if (i > 0) assert.ok(out[i]![0] > out[i - 1]![0]);
        }
      }),
    );
  });
});

describe('disk sampler of the sync host', () => {
  it('samples at the first tick and then only once two hours have passed', async () => {
    const { dir, cleanup } = tempDir();
    try {
      let now = NOW;
      let probes = 0;
      const sampler = diskSampler(
        dir,
        async () => {
          probes++;
          return 1000 - probes;
        },
        () => now,
      );
      await sampler.tick();
      now += HOUR;
      await sampler.tick();
      now += HOUR;
      await sampler.tick();
      assert.equal(probes, 2);
      assert.deepEqual(await readDiskSamples(dir), [
        [NOW, 999],
        [NOW + 2 * HOUR, 998],
      ]);
    } finally {
      cleanup();
    }
  });
});

describe('ledger restart facts', () => {
  it('counts restart gaps, not-running minutes and each run of host-crashed minutes', () => {
    const { dir, cleanup } = tempDir();
    const ledger = AvailabilityLedger.open(join(dir, 'availability.sqlite'), { now: () => NOW });
    try {
      const m = Math.floor(NOW / 60_000) - 100;
      const crashed = (minute: number, host: 'device' | 'sync') => ({
        minute,
        state: 'down' as const,
        causes: [{ cause: 'host-crashed' as const, host }],
        source: 'observed' as const,
      });
      ledger.record([
        { minute: m, state: 'down', causes: [{ cause: 'station-not-running' }], source: 'not-running' },
        { minute: m + 1, state: 'down', causes: [{ cause: 'station-not-running' }], source: 'not-running' },
        crashed(m + 10, 'device'),
        crashed(m + 11, 'device'),
        crashed(m + 20, 'device'),
        crashed(m + 30, 'sync'),
        // eight days ago: outside the window
        crashed(m - 8 * 1440, 'sync'),
      ]);
      ledger.addEvent('restart-gap', m + 2, 2);
      ledger.addEvent('clock-jump-forward', m + 3, 5);
      assert.deepEqual(ledgerRestarts(ledger, NOW), {
        days: 7,
        stationRestarts: 1,
        notRunningMinutes: 2,
        hostCrashedMinutes: { device: 3, sync: 1 },
        hostCrashes: { device: 2, sync: 1 },
      });
    } finally {
      ledger.close();
      cleanup();
    }
  });
});

describe('gatherSyncHealthFacts', () => {
  it('a station without a central section: not enrolled, no clock measured, disk and samples read', async () => {
    const { dir, cleanup } = tempDir();
    try {
      let measured = false;
      const facts = await gatherSyncHealthFacts({
        dataDir: dir,
        backlog: () => undefined,
        ledger: () => undefined,
        now: () => NOW,
        diskProbe: async () => 5 * 1024 ** 3,
        measure: async () => {
          measured = true;
          return { kind: 'unreachable', detail: 'x' };
        },
      });
      SyncHealthFacts.parse(facts);
      assert.equal(measured, false);
      assert.deepEqual(facts.clock, { kind: 'not-enrolled' });
      assert.equal(facts.enrollment.enrolled, false);
      assert.equal(facts.disk.freeBytes, 5 * 1024 ** 3);
      assert.deepEqual(facts.disk.samples, [[NOW, 5 * 1024 ** 3]]);
      assert.equal(facts.backlog, undefined);
    } finally {
      cleanup();
    }
  });
  it('a data folder that does not exist yet: free disk of its parent, nothing written', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const facts = await gatherSyncHealthFacts({
        dataDir: join(dir, 'not', 'yet'),
        backlog: () => undefined,
        ledger: () => undefined,
        now: () => NOW,
      });
      assert.ok((facts.disk.freeBytes ?? 0) > 0);
      assert.deepEqual(facts.disk.samples, []);
    } finally {
      cleanup();
    }
  });
});
