import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { SessionRole } from '../../common/domain';
import { StationError } from '../../common/errors';
import { type CommandName, commandNames } from '../contract/api';
import { can, type SessionAction } from '../services/agent-session-permissions';
import { commandAccess } from '../services/command-access';
import { IncidentLog } from '../services/incidents';
import { createLogger } from '../services/logger';
import { type CommandGuard, type CommandHandlers, createDispatcher } from './registry';

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

/** Every command open: the tests of validation and envelopes below are not about sessions. */
const openGuard: CommandGuard = {
  access: Object.fromEntries(commandNames.map((name) => [name, 'open'])) as CommandGuard['access'],
  authorize: () => {
    throw new Error('unused');
  },
};

/** The station's access table with a session of `role` (or none), checked with the role permissions. */
function sessionGuard(role: SessionRole | undefined): CommandGuard<SessionAction> {
  return {
    access: commandAccess,
    authorize(action) {
      if (!role) throw new StationError('SESSION_REQUIRED', 'Aucune session ouverte.');
      if (!can(role, action)) throw new StationError('FORBIDDEN', 'Votre rôle ne permet pas cette action.');
      return { agentId: 'AG-0A', role };
    },
  };
}

/** A handler per command that records its calls and answers nothing valid (the call is what counts). */
function recordingHandlers(ran: CommandName[]): CommandHandlers {
  return Object.fromEntries(
    commandNames.map((name) => [
      name,
      () => {
        ran.push(name);
        throw new StationError('CONFLICT', 'ran');
      },
    ]),
  ) as unknown as CommandHandlers;
}

const technicianCommands: CommandName[] = [
  'devices.reset',
  'devices.trace',
  'devices.testCapture',
  'devices.simulate',
  'devices.selfTest',
  'hosts.restart',
  'hosts.list',
];

describe('authorisation in the registry', () => {
  it('declares an access for every command; only station.info, station.health and session.* are open', () => {
    assert.deepEqual(Object.keys(commandAccess).sort(), [...commandNames].sort());
    const open = commandNames.filter((name) => commandAccess[name] === 'open').sort();
    assert.deepEqual(
      open,
      ['station.health', 'station.info', ...commandNames.filter((n) => n.startsWith('session.'))].sort(),
    );
  });

  it('refuses to register a handler whose command declares no action', () => {
    const { 'hosts.restart': _dropped, ...partial } = commandAccess;
    assert.throws(
      () => createDispatcher(handlers(), { ...sessionGuard('technicien'), access: partial as never }, logger),
      /hosts\.restart declares no action/,
    );
    const { 'sync.now': _missing, ...incomplete } = handlers();
    assert.throws(
      () => createDispatcher(incomplete as CommandHandlers, sessionGuard('agent'), logger),
      /sync\.now has no handler/,
    );
  });

  it('answers SESSION_REQUIRED to every command but the open ones without a session, before any handler runs', async () => {
    const ran: CommandName[] = [];
    const dispatch = createDispatcher(recordingHandlers(ran), sessionGuard(undefined), logger);
    for (const name of commandNames) {
      // An invalid payload too: authorisation comes before validation.
      const result = await dispatch(name, { junk: 'x'.repeat(100) });
      if (commandAccess[name] === 'open') continue;
      assert.equal(!result.ok && result.error.code, 'SESSION_REQUIRED', name);
    }
    assert.ok(
      ran.every((name) => commandAccess[name] === 'open'),
      `ran: ${ran.join(', ')}`,
    );
  });

  it('gives technician commands to the technician only, and capture to the agents only', async () => {
    const outcome = async (role: SessionRole, name: CommandName) => {
      // Past the check, the empty request may still be invalid: what counts is no refusal of the session.
      const result = await createDispatcher(recordingHandlers([]), sessionGuard(role), logger)(name, {});
      const code = !result.ok ? result.error.code : undefined;
      return code === 'FORBIDDEN' || code === 'SESSION_REQUIRED' ? code : 'ran';
    };
    for (const name of technicianCommands) {
      assert.equal(await outcome('technicien', name), 'ran', name);
      assert.equal(await outcome('agent', name), 'FORBIDDEN', name);
      assert.equal(await outcome('agent-certificateur', name), 'FORBIDDEN', name);
    }
    for (const name of ['application.start', 'portrait.analyze', 'portrait.override'] as const) {
      assert.equal(await outcome('agent', name), 'ran', name);
      assert.equal(await outcome('technicien', name), 'FORBIDDEN', name);
    }
    assert.equal(await outcome('agent', 'certification.start'), 'FORBIDDEN');
    assert.equal(await outcome('agent-certificateur', 'certification.start'), 'ran');
    for (const role of ['agent', 'agent-certificateur', 'technicien'] as const) {
      assert.equal(await outcome(role, 'queue.status'), 'ran', role);
      assert.equal(await outcome(role, 'sync.now'), 'ran', role);
    }
  });

  it('gives the handler the agent the registry checked', async () => {
    let seen: unknown;
    const dispatch = createDispatcher(
      handlers({
        'hosts.restart': (_request, context) => {
          seen = context?.agent;
          return { host: 'sync', state: 'running', restarts: 0 };
        },
      }),
      sessionGuard('technicien'),
      logger,
    );
    assert.equal((await dispatch('hosts.restart', { host: 'sync' })).ok, true);
    assert.deepEqual(seen, { agentId: 'AG-0A', role: 'technicien' });
  });
});

describe('handler registry', () => {
  it('dispatches a valid command', async () => {
    const result = await createDispatcher(handlers(), openGuard, logger)('station.info', {});
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
      openGuard,
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
      openGuard,
      logger,
    );
    const refused = await dispatch('devices.list', {});
    assert.ok(!refused.ok);
    assert.match(refused.error.incident ?? '', /^[0-9A-F]{8}$/);
    assert.deepEqual(refused.error, {
      code: 'DEVICE_ERROR',
      message: 'Lecteur absent',
      incident: refused.error.incident,
    });
    const hidden = await dispatch('station.info', {});
    assert.equal(!hidden.ok && hidden.error.code, 'INTERNAL');
    assert.ok(!hidden.ok && !hidden.error.message.includes('/internal/path'));
    assert.ok(!hidden.ok && hidden.error.details === undefined, 'no technical detail leaves the core');
  });

  it('logs the technical detail under the incident id and keeps it for the diagnostics screen', async () => {
    const lines: string[] = [];
    const captured = createLogger({
      destination: new Writable({
        write: (chunk, _e, done) => {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    const incidents = new IncidentLog(captured);
    const dispatch = createDispatcher(
      handlers({
        'devices.list': () => {
          throw new StationError('QUEUE_REFUSED', 'Espace disque insuffisant : libérez de l’espace.', {
            freeBytes: 1,
            technical: 'DiskSpaceError: 1 byte free',
          });
        },
        'station.info': () => {
          throw new RangeError('offset out of bounds');
        },
      }),
      openGuard,
      captured,
      incidents,
    );
    const refused = await dispatch('devices.list', {});
    const crashed = await dispatch('station.info', {});
    assert.ok(!refused.ok && !crashed.ok);
    assert.deepEqual(
      refused.error.details,
      { freeBytes: 1 },
      'the technical detail is stripped, the rest kept',
    );
    const [second, first] = incidents.list();
    assert.equal(first?.incident, refused.error.incident);
    assert.equal(first?.reference, `E-QUEUE-REFUSED-${refused.error.incident}`);
    assert.equal(first?.technical, 'DiskSpaceError: 1 byte free');
    assert.equal(second?.technical, 'RangeError: offset out of bounds');
    const logged = lines.map(
      (l) => JSON.parse(l) as { incident?: string; technical?: string; level: number },
    );
    assert.ok(
      logged.some(
        (l) => l.incident === refused.error.incident && l.technical === 'DiskSpaceError: 1 byte free',
      ),
    );
    assert.ok(
      logged.some((l) => l.incident === crashed.error.incident && l.level >= 50),
      'an internal error is logged as an error',
    );
  });

  it('refuses a handler response outside the contract', async () => {
    const dispatch = createDispatcher(
      handlers({ 'station.info': () => ({ ...info, mode: 'toaster' }) as never }),
      openGuard,
      logger,
    );
    const result = await dispatch('station.info', {});
    assert.equal(!result.ok && result.error.code, 'INTERNAL');
  });
});
