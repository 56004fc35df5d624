/**
 * The station core with real host processes (child_process + tsx): a host killed with SIGKILL is
 * restarted by its supervisor, the status events say so, and the devices answer again afterwards.
 * Diagnostics need a technician's session (simulated technician card): without one the station
 * refuses them, and a host restart asked by the technician is an audit-chain event.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { HostStatus } from '../../main/contract/model';
import { createNodeLauncher } from '../../main/hosts/launcher';
import { NODE_V8_FLAGS } from '../../main/hosts/v8-flags';
import { auditDir, listAuditFiles } from '../../main/services/audit';
import { demoConfig } from '../../main/services/config';
import { createLogger } from '../../main/services/logger';
import { hostEnvironment } from '../../main/services/paths';
import { type Station, startStation } from '../../main/services/station';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));
const logger = createLogger({ destination: new Writable({ write: (_c, _e, done) => done() }) });

function waitForStatus(station: Station, predicate: (s: HostStatus) => boolean): Promise<HostStatus> {
  return new Promise((resolve) => {
    const stop = station.bus.on('host.status', (status) => {
      if (predicate(status)) {
        stop();
        resolve(status);
      }
    });
  });
}

describe('host supervision', () => {
  let station: Station;
  const config = demoConfig('/tmp/recueil-host-test');

  before(async () => {
    station = await startStation({
      config,
      logger,
      launcher: createNodeLauncher({ appRoot, env: hostEnvironment(config) }),
      mode: 'browser',
      version: 'test',
    });
  });
  after(async () => {
    await station.stop();
  });

  it('refuses diagnostics without a session, then serves them to a technician', async () => {
    const pid = station.hosts.sync.current.pid;
    for (const [command, payload] of [
      ['hosts.restart', { host: 'sync' }],
      ['devices.list', {}],
      ['devices.simulate', { deviceId: 'sim-wacom-stu-540', action: 'unplug' }],
    ] as const) {
      const refused = await station.dispatch(command, payload);
      assert.equal(!refused.ok && refused.error.code, 'SESSION_REQUIRED', command);
      assert.match(!refused.ok ? refused.error.message : '', /session/i);
    }
    assert.equal(station.hosts.sync.current.pid, pid, 'the sync host was not restarted');
    const health = await station.dispatch('station.health', {});
    assert.ok(health.ok, 'station.health is open');
    assert.ok((await station.dispatch('session.simulateCard', { card: 'technicien' })).ok);
    const signIn = await station.dispatch('session.signIn', { pin: '1234' });
    assert.ok(signIn.ok && (signIn.value as { ok: boolean }).ok);
  });

  it('reaches the named milestones and reports the simulated inventory', async () => {
    assert.deepEqual([...station.milestones], ['core-ready', 'hosts-ready', 'devices-ready']);
    const devices = await station.dispatch('devices.list', {});
    assert.equal(
      devices.ok && (devices.value as unknown[]).length,
      5,
      'pad, fingerprints, camera, card and barcode readers',
    );
    const health = await station.hosts.device.call('health', {});
    assert.equal(health.ok && health.value.host, 'device');
  });

  it('starts both hosts with the station V8 flags', { skip: process.platform !== 'linux' }, () => {
    for (const host of [station.hosts.device, station.hosts.sync]) {
      const argv = readFileSync(`/proc/${host.current.pid}/cmdline`, 'utf8').split('\0');
      for (const flag of NODE_V8_FLAGS)
        assert.ok(argv.includes(flag), `${flag} missing in ${argv.join(' ')}`);
    }
  });

  it('restarts a device host killed with SIGKILL and serves again', async () => {
    const before = station.hosts.device.current;
    assert.equal(before.state, 'running');
    const restarting = waitForStatus(station, (s) => s.host === 'device' && s.state === 'restarting');
    const running = waitForStatus(station, (s) => s.host === 'device' && s.state === 'running');
    process.kill(before.pid!, 'SIGKILL');
    const down = await restarting;
    assert.equal(down.lastExit?.signal, 'SIGKILL');
    // While it is down, calls fail fast with HOST_UNAVAILABLE instead of hanging.
    const during = await station.hosts.device.call('inventory', {});
    if (!during.ok) assert.equal(during.error.code, 'HOST_UNAVAILABLE');
    const up = await running;
    assert.equal(up.restarts, 1);
    assert.notEqual(up.pid, before.pid);
    const health = await station.hosts.device.call('health', {});
    assert.equal(health.ok && health.value.pid, up.pid);
  });

  it('forwards device events from the restarted host', async () => {
    const list = await station.dispatch('devices.list', {});
    assert.ok(list.ok);
    const camera = (list.value as { id: string; kind: string }[]).find((d) => d.kind === 'camera')!;
    const seen = new Promise<string>((resolve) => {
      const stop = station.bus.on('device.status', (d) => {
        if (d.id === camera.id) {
          stop();
          resolve(d.connection);
        }
      });
    });
    const result = await station.dispatch('devices.simulate', { deviceId: camera.id, action: 'unplug' });
    assert.ok(result.ok);
    assert.equal(await seen, 'disconnected');
  });

  it('restarts a host on a technician request', async () => {
    const running = waitForStatus(
      station,
      (s) => s.host === 'sync' && s.state === 'running' && s.restarts === 1,
    );
    const result = await station.dispatch('hosts.restart', { host: 'sync' });
    assert.ok(result.ok);
    await running;
    const dir = auditDir(config.dataDir);
    const last = (await listAuditFiles(dir)).at(-1)!;
    const records = readFileSync(join(dir, last.name), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; actor: string; objects?: { host?: string } });
    const restart = records.findLast((r) => r.action === 'host.restart');
    assert.equal(restart?.objects?.host, 'sync');
    assert.match(restart?.actor ?? '', /^AG-/);
    const status = await station.dispatch('sync.status', {});
    assert.ok(status.ok);
  });
});
