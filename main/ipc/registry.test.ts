import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { StationError } from '../../common/errors';
import { commandNames } from '../contract/api';
import { createLogger } from '../services/logger';
import { type CommandHandlers, createDispatcher } from './registry';

const logger = createLogger({ destination: new Writable({ write: (_c, _e, done) => done() }) });
const info = {
  stationId: 'DR-1',
  townHall: { name: 'Mairie', inseeCode: '75056' },
  version: '1',
  mode: 'browser',
  simulatedDevices: true,
} as const;

function handlers(overrides: Partial<CommandHandlers> = {}): CommandHandlers {
  const unused = () => {
    throw new Error('unused');
  };
  // Every command unused except the ones a test overrides (the list follows the contract).
  const all = Object.fromEntries(commandNames.map((name) => [name, unused])) as unknown as CommandHandlers;
  return {
    ...all,
    'station.info': () => info,
    'devices.list': () => [],
    ...overrides,
  };
}

describe('handler registry', () => {
  it('dispatches a valid command', async () => {
    const result = await createDispatcher(handlers(), logger)('station.info', {});
    assert.deepEqual(result, { ok: true, value: info });
  });

  it('refuses unknown commands and invalid requests before any handler runs', async () => {
    let called = false;
    const dispatch = createDispatcher(
      handlers({
        'devices.simulate': () => {
          called = true;
          throw new Error('must not run');
        },
      }),
      logger,
    );
    const unknown = await dispatch('devices.format', {});
    assert.equal(!unknown.ok && unknown.error.code, 'UNKNOWN_COMMAND');
    const invalid = await dispatch('devices.simulate', { deviceId: 'x', action: 'melt' });
    assert.equal(!invalid.ok && invalid.error.code, 'INVALID_REQUEST');
    assert.equal(called, false);
  });

  it('carries a StationError as its envelope and hides unexpected errors', async () => {
    const dispatch = createDispatcher(
      handlers({
        'devices.list': () => {
          throw new StationError('DEVICE_ERROR', 'Lecteur absent');
        },
        'station.info': () => {
          throw new TypeError('undefined is not a function at /internal/path');
        },
      }),
      logger,
    );
    assert.deepEqual(await dispatch('devices.list', {}), {
      ok: false,
      error: { code: 'DEVICE_ERROR', message: 'Lecteur absent' },
    });
    const hidden = await dispatch('station.info', {});
    assert.equal(!hidden.ok && hidden.error.code, 'INTERNAL');
    assert.ok(!hidden.ok && !hidden.error.message.includes('/internal/path'));
  });

  it('refuses a handler response outside the contract', async () => {
    const dispatch = createDispatcher(
      handlers({ 'station.info': () => ({ ...info, mode: 'toaster' }) as never }),
      logger,
    );
    const result = await dispatch('station.info', {});
    assert.equal(!result.ok && result.error.code, 'INTERNAL');
  });
});
