/**
 * The robustness soak at CI size (test/chaos/runner.ts; `npm run chaos` runs 1,000 applications):
 * 40 applications through the full stack as processes (central server, station in browser mode,
 * device and sync hosts) while a seeded schedule unplugs and faults simulated devices, SIGKILLs each
 * host, kills the central server for a while and SIGKILLs the station. Every dossier whose submission
 * returned must reach the central exactly once, every host must come back, and the UI must keep
 * answering while the station process is up.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { appRoot } from '../chaos/processes';
import { chaosDefaults, runChaos } from '../chaos/runner';

before(() => {
  // The station serves the built UI; `npm test` builds it before the tests, a lone run may not have.
  if (!existsSync(join(appRoot, 'dist', 'renderer', 'index.html'))) {
    const build = spawnSync('npm', ['run', 'build:renderer', '--silent'], { cwd: appRoot, stdio: 'inherit' });
    assert.equal(build.status, 0, 'renderer build');
  }
});

test('40 applications under device, host, central and station faults arrive exactly once', {
  timeout: 240_000,
}, async () => {
  const faults = { device: 4, host: 2, central: 2, station: 2 };
  const report = await runChaos(
    chaosDefaults(40, {
      seed: 20261127,
      faults,
      batchSize: 8,
      outageMs: [1000, 2500],
      stationDownMs: [200, 800],
    }),
  );
  process.stdout.write(
    `# chaos: submitted ${report.submitted}, received ${report.received}, duplicate deliveries ` +
      `${report.ledger.duplicateDeliveries}, longest UI stall ${report.stall.longestMs} ms ` +
      `(${report.stall.longestDuring}), p99 ${report.stall.p99Ms} ms, faults ${JSON.stringify(report.events.injected)}, ` +
      `${Math.round(report.wallMs / 1000)} s\n`,
  );
  assert.deepEqual(report.problems, []);
  assert.equal(report.submitted, 40);
  assert.equal(report.received, 40);
  assert.equal(report.centralCount, 40, 'recueil central count --json');
  assert.equal(report.lost, 0);
  assert.equal(report.duplicates, 0);
  assert.equal(report.unexpected, 0);
  assert.equal(report.receiptMismatches, 0);
  assert.deepEqual(report.ledger.outbox, { acknowledged: 40 });
  assert.deepEqual(report.events.injected, faults, 'every planned fault was injected');
  assert.ok(report.events.host.device >= 1 && report.events.host.sync >= 1, 'both hosts were crashed');
  assert.equal(report.events.host.notRecovered, 0, 'every host came back');
  assert.equal(report.events.station.orphanedHosts, 0, 'hosts exit with their station');
  assert.ok(report.restore.hostsRunning, 'both hosts run at the end');
  assert.ok(report.restore.devicesConnected, 'every device is connected again after restore');
  assert.equal(report.restore.drainedBy, 'station');
  assert.ok(report.stall.probes > 50, `the UI was probed (${report.stall.probes})`);
  assert.equal(report.stall.failed, 0, 'the UI never got an error while the station was up');
  assert.ok(report.stall.longestMs < 5000, `longest UI stall ${report.stall.longestMs} ms`);
  assert.equal(report.ok, true);
});
