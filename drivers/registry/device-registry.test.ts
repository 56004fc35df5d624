import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DeviceStatus } from '../../common/domain';
import type { DeviceError } from '../core/errors';
import { DeviceRegistry, UnknownDeviceError } from './device-registry';
import { isScanningDevice } from './devices/scan-relay';
import { SimulatedBarcodeReader } from './devices/simulated-barcode-reader';

function nextChange(
  registry: DeviceRegistry,
  id: string,
  connection: DeviceStatus['connection'],
): Promise<DeviceStatus> {
  return new Promise((resolve) => {
    const listener = (status: DeviceStatus) => {
      if (status.id === id && status.connection === connection) {
        registry.off('change', listener);
        resolve(status);
      }
    };
    registry.on('change', listener);
  });
}

describe('device registry on the simulated bench', () => {
  let registry: DeviceRegistry;
  before(async () => {
    registry = await DeviceRegistry.simulatedBench([
      'signature-pad',
      'fingerprint-scanner',
      'camera',
      'card-reader',
      'barcode-reader',
    ]);
  });
  after(async () => {
    await registry.close();
  });

  it('opens every simulated device through its real driver and reads its identity', () => {
    const list = registry.list();
    assert.deepEqual(
      list.map((d) => [d.kind, d.connection]),
      [
        ['signature', 'connected'],
        ['fingerprint', 'connected'],
        ['camera', 'connected'],
        ['card-reader', 'connected'],
        ['barcode-reader', 'connected'],
      ],
    );
    const pad = list.find((d) => d.kind === 'signature')!;
    assert.equal(pad.serialNumber, 'STU540SIM0001');
    assert.ok(pad.firmware);
    assert.ok(list.find((d) => d.kind === 'fingerprint')?.transportPath?.includes('127.0.0.1'));
  });

  it('runs self-tests and test captures for each driver-backed device', async () => {
    assert.equal((await registry.selfTest('sim-wacom-stu-540')).passed, true);
    const signature = await registry.testCapture('sim-wacom-stu-540');
    assert.match(signature.svg ?? '', /<path /);
    const print = await registry.testCapture('sim-sbi-fingerprint');
    assert.ok(
      Buffer.from(print.pngBase64 ?? '', 'base64')
        .subarray(1, 4)
        .toString() === 'PNG',
    );
    const card = await registry.testCapture('sim-pcsc-contactless');
    assert.match(card.summary, /9000/);
  });

  it('records a protocol trace only when enabled, with pen data masked', async () => {
    assert.equal(registry.trace('sim-wacom-stu-540').enabled, false);
    registry.trace('sim-wacom-stu-540', true);
    await registry.selfTest('sim-wacom-stu-540');
    const trace = registry.trace('sim-wacom-stu-540');
    assert.ok(trace.entries.length > 0);
    assert.ok(
      trace.entries.some((e) => e.direction === 'out') && trace.entries.some((e) => e.direction === 'in'),
    );
    assert.equal(registry.trace('sim-wacom-stu-540', false).entries.length, 0);
  });

  it('follows unplug and replug, refusing operations while unplugged', async () => {
    const gone = nextChange(registry, 'sim-wacom-stu-540', 'disconnected');
    await registry.simulate('sim-wacom-stu-540', 'unplug');
    await gone;
    await assert.rejects(
      registry.selfTest('sim-wacom-stu-540'),
      (e: DeviceError) => e.kind === 'disconnected',
    );
    const back = nextChange(registry, 'sim-wacom-stu-540', 'connected');
    await registry.simulate('sim-wacom-stu-540', 'plug');
    await back;
    assert.equal((await registry.selfTest('sim-wacom-stu-540')).passed, true);
  });

  it('shows a simulated fault and records the last error with its code', async () => {
    await registry.simulate('sim-sbi-fingerprint', 'fault');
    assert.equal(registry.get('sim-sbi-fingerprint').status().connection, 'error');
    await registry.simulate('sim-sbi-fingerprint', 'plug');
    assert.equal(registry.get('sim-sbi-fingerprint').status().connection, 'connected');
    await registry.simulate('sim-pcsc-contactless', 'unplug');
    await assert.rejects(registry.testCapture('sim-pcsc-contactless'));
    assert.equal(registry.get('sim-pcsc-contactless').status().lastError?.code, 'DEVICE_ABSENT');
    await registry.simulate('sim-pcsc-contactless', 'plug');
  });

  it('delivers what the simulated barcode reader scans, and tests it without showing the content', async () => {
    const reader = registry.deviceOfKind('barcode-reader');
    assert.ok(isScanningDevice(reader) && reader instanceof SimulatedBarcodeReader);
    const scans: string[] = [];
    const stop = reader.onScan((s) => scans.push(Buffer.from(s.bytes).toString('latin1')));
    await reader.scan('7AB2C9D4E1', 'qr');
    assert.deepEqual(scans, ['7AB2C9D4E1']);
    assert.equal((await registry.selfTest('sim-hid-pos-scanner')).passed, true);
    const test = await registry.testCapture('sim-hid-pos-scanner');
    assert.match(test.summary, /^Code lu : datamatrix \(\]d1\), 21 octets$/);
    stop();
    const gone = nextChange(registry, 'sim-hid-pos-scanner', 'disconnected');
    await registry.simulate('sim-hid-pos-scanner', 'unplug');
    await gone;
    await assert.rejects(reader.scan('1234567890123456'), (e: DeviceError) => e.kind === 'disconnected');
    await registry.simulate('sim-hid-pos-scanner', 'plug');
    assert.equal(registry.get('sim-hid-pos-scanner').status().connection, 'connected');
  });

  it('refuses unknown devices', async () => {
    await assert.rejects(registry.selfTest('nope'), UnknownDeviceError);
  });
});
