import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { DeviceError } from '../core/errors';
import { ZfmDriver } from '../devices/zfm/driver';
import { ZfmSimulator } from '../devices/zfm/simulator';
import { createMockSerialBus } from './serialport';

const bus = createMockSerialBus();
afterEach(() => bus.reset());

describe('serial transport over @serialport/binding-mock', () => {
  it('carries bytes both ways through the serialport stream stack', async () => {
    bus.createPort('/dev/ttyMOCK0');
    const host = await bus.open('/dev/ttyMOCK0', { baudRate: 57_600 });
    const device = await bus.device('/dev/ttyMOCK0');
    const atDevice = new Promise<Uint8Array>((resolve) => device.onData(resolve));
    await host.write(Uint8Array.of(1, 2, 3));
    assert.deepEqual([...(await atDevice)], [1, 2, 3]);
    const atHost = new Promise<Uint8Array>((resolve) => host.onData(resolve));
    await device.write(Uint8Array.of(9, 8));
    assert.deepEqual([...(await atHost)], [9, 8]);
    await host.close();
  });

  it('runs the ZFM driver against the simulator: identify, capture, unplug during capture', async () => {
    bus.createPort('/dev/ttyMOCK1');
    const host = await bus.open('/dev/ttyMOCK1', { baudRate: 57_600 });
    const simulator = new ZfmSimulator(await bus.device('/dev/ttyMOCK1'), { fingerPlaced: true });
    const zfm = new ZfmDriver(host, { answerTimeoutMs: 1000 });
    assert.equal((await zfm.identify()).baudRate, 57_600);
    const capture = await zfm.capture();
    assert.equal(capture.image.width * capture.image.height, 256 * 288);

    simulator.on('dataPacket', (index) => {
      if (index === 30) simulator.unplug();
    });
    const error = await zfm.capture().then(
      () => assert.fail('capture should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DeviceError);
    assert.equal(error.kind, 'disconnected');
    assert.equal(zfm.closed, true);
    await zfm.close();
  });
});
