import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StationError, toErrorPayload } from '../../common/errors';
import { commands, events } from './api';
import { createStationClient, type RawStationTransport } from './client';

function fakeTransport(reply: (command: string, payload: unknown) => unknown) {
  let sink: ((event: string, payload: unknown) => void) | undefined;
  const transport: RawStationTransport = {
    request: async (command, payload) => reply(command, payload),
    onEvent(s) {
      sink = s;
      return () => {
        sink = undefined;
      };
    },
  };
  return { transport, emit: (event: string, payload: unknown) => sink?.(event, payload) };
}

const device = {
  id: 'sim-x',
  kind: 'camera',
  vendor: 'UVC',
  model: 'Caméra',
  transport: 'media',
  connection: 'connected',
  simulated: true,
  changedAt: '2026-01-01T00:00:00.000Z',
} as const;

describe('contract schemas', () => {
  it('rejects unknown keys and wrong enums in requests', () => {
    const schema = commands['devices.simulate'].request;
    assert.equal(schema.safeParse({ deviceId: 'a', action: 'plug' }).success, true);
    assert.equal(schema.safeParse({ deviceId: 'a', action: 'explode' }).success, false);
    assert.equal(schema.safeParse({ deviceId: 'a', action: 'plug', extra: 1 }).success, false);
    assert.equal(schema.safeParse({ deviceId: '', action: 'plug' }).success, false);
  });

  it('validates device status events', () => {
    assert.equal(events['device.status'].safeParse(device).success, true);
    assert.equal(events['device.status'].safeParse({ ...device, connection: 'maybe' }).success, false);
  });

  it('turns thrown errors into envelopes without leaking internals', () => {
    assert.deepEqual(toErrorPayload(new StationError('NOT_FOUND', 'absent')), {
      code: 'NOT_FOUND',
      message: 'absent',
    });
    const leaked = toErrorPayload(new Error('/secret/path failed'));
    assert.equal(leaked.code, 'INTERNAL');
    assert.doesNotMatch(leaked.message, /secret/);
  });
});

describe('station client', () => {
  it('passes valid responses through', async () => {
    const { transport } = fakeTransport(() => ({ ok: true, value: [device] }));
    const client = createStationClient(transport);
    const result = await client.invoke('devices.list', {});
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.value[0]?.id, 'sim-x');
  });

  it('refuses a response outside the contract', async () => {
    const { transport } = fakeTransport(() => ({ ok: true, value: [{ ...device, kind: 'toaster' }] }));
    const result = await createStationClient(transport).invoke('devices.list', {});
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'INTERNAL');
  });

  it('reports a dead transport as HOST_UNAVAILABLE instead of throwing', async () => {
    const { transport } = fakeTransport(() => {
      throw new Error('socket closed');
    });
    const result = await createStationClient(transport).invoke('station.info', {});
    assert.equal(!result.ok && result.error.code, 'HOST_UNAVAILABLE');
  });

  it('delivers valid events and drops malformed ones', () => {
    const { transport, emit } = fakeTransport(() => null);
    const client = createStationClient(transport);
    const seen: string[] = [];
    const stop = client.subscribe('device.status', (d) => seen.push(d.connection));
    emit('device.status', { ...device, connection: 'disconnected' });
    emit('device.status', { ...device, connection: 'nonsense' });
    emit('host.status', { host: 'device', state: 'running', restarts: 0 });
    stop();
    emit('device.status', device);
    assert.deepEqual(seen, ['disconnected']);
  });
});
