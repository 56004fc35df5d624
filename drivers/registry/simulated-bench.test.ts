import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedBench, UnknownDeviceError } from './simulated-bench';

describe('simulated bench', () => {
  it('lists the configured devices, connected', () => {
    const bench = new SimulatedBench(['signature-pad', 'card-reader']);
    const list = bench.list();
    assert.deepEqual(
      list.map((d) => [d.kind, d.connection, d.simulated]),
      [
        ['signature', 'connected', true],
        ['card-reader', 'connected', true],
      ],
    );
  });

  it('emits a change on unplug, plug and fault, not on repeats', () => {
    const bench = new SimulatedBench(['camera']);
    const id = bench.list()[0]!.id;
    const changes: string[] = [];
    bench.on('change', (d) => changes.push(d.connection));
    bench.apply(id, 'unplug');
    bench.apply(id, 'unplug');
    bench.apply(id, 'plug');
    bench.apply(id, 'fault');
    assert.deepEqual(changes, ['disconnected', 'connected', 'error']);
    assert.throws(() => bench.apply('nope', 'plug'), UnknownDeviceError);
  });
});
