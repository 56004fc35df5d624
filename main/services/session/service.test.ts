/**
 * The session service over a device host reached through the real host RPC (in-memory message
 * port) serving the real device-host session handlers on a simulated agent-card bench: simulated
 * cards, sign-in with wrong and right PINs, the blocked card, the gate per role and its French
 * messages, the idle warning and lock with an injected clock, unlock, sign-out, rejected cards,
 * a device-host restart that keeps the same card's session, fail-closed audit, and `session.state`
 * events. The PIN never appears in an event or an audit record.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { StationError } from '../../../common/errors';
import { HostClient, type HostFrame, type MessagePortLike, serveHost } from '../../../common/rpc/host-rpc';
import { deviceHostProtocol } from '../../../drivers/host/protocol';
import { sessionHostHandlers } from '../../../drivers/host/session';
import type { CommandParams, EventName, EventPayload } from '../../contract/api';
import type { HostStatus } from '../../contract/model';
import type { SessionView } from '../../contract/session';
import type { HostClientOf, HostMethod, HostParams } from '../../hosts/protocols';
import type { AuditEvent } from '../audit/schema';
import { FakeClock } from '../session-clock-testing';
import { createSessionServiceWith, type SessionHostLink, type SessionService } from './service';

/** A device host in this process: the real session handlers behind the real RPC frames. */
class InMemoryDeviceHost extends EventEmitter implements SessionHostLink {
  private client!: HostClientOf<'device'>;
  private hostListeners = new Set<(frame: unknown) => void>();
  private clientListeners = new Set<(frame: unknown) => void>();

  constructor() {
    super();
    this.boot();
  }

  private boot(): void {
    this.client?.dispose();
    this.hostListeners = new Set();
    this.clientListeners = new Set();
    const hostPort: MessagePortLike = {
      send: (frame) =>
        setImmediate(() => {
          for (const l of this.clientListeners) l(frame);
        }),
      onMessage: (l) => {
        this.hostListeners.add(l);
        return () => this.hostListeners.delete(l);
      },
    };
    const clientPort: MessagePortLike = {
      send: (frame) =>
        setImmediate(() => {
          for (const l of this.hostListeners) l(frame);
        }),
      onMessage: (l) => {
        this.clientListeners.add(l);
        return () => this.clientListeners.delete(l);
      },
    };
    const handlers = sessionHostHandlers({
      registry: undefined as never,
      emit: (event, payload) => served.emit(event, payload),
      simulated: true,
    });
    const served = serveHost(deviceHostProtocol, hostPort, handlers as never);
    this.client = new HostClient(
      deviceHostProtocol,
      clientPort,
      (frame: HostFrame) => clientPort.send(frame),
      {
        onEvent: (event, payload) => this.emit('event', event, payload),
        onReady: () => undefined,
      },
    );
  }

  call<M extends HostMethod<'device'>>(method: M, params: HostParams<'device', M>, timeoutMs?: number) {
    return this.client.call(method, params, timeoutMs);
  }

  /** A crash and restart: a new device host (new simulated bench), then "running". */
  restart(): void {
    this.boot();
    const status: HostStatus = { host: 'device', state: 'running', restarts: 1 };
    this.emit('status', status);
  }

  dispose(): void {
    this.client.dispose();
  }
}

interface Harness {
  service: SessionService;
  host: InMemoryDeviceHost;
  clock: FakeClock;
  audit: AuditEvent[];
  states: SessionView[];
  call<C extends keyof SessionService['handlers']>(
    command: C,
    params: CommandParams<C>,
  ): Promise<Awaited<ReturnType<SessionService['handlers'][C]>>>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function harness(options: { failAudit?: (e: AuditEvent) => boolean; mode?: 'simulated' | 'hardware' } = {}) {
  const host = new InMemoryDeviceHost();
  const clock = new FakeClock(Date.parse('2026-11-27T09:00:00Z'));
  const audit: AuditEvent[] = [];
  const states: SessionView[] = [];
  const service = createSessionServiceWith({
    config: {
      session: { idleLockMinutes: 1 },
      devices: { mode: options.mode ?? 'simulated', simulated: [] },
    },
    logger: { error: () => undefined, warn: () => undefined } as never,
    bus: {
      publish: <E extends EventName>(event: E, payload: EventPayload<E>) => {
        if (event === 'session.state') states.push(payload as SessionView);
      },
    },
    audit: {
      append: async (event: AuditEvent) => {
        if (options.failAudit?.(event)) throw new Error('disk full');
        audit.push(event);
        return event as never;
      },
    },
    device: host,
    clock,
    idleWarningSeconds: 10,
  });
  cleanups.push(async () => {
    await service.close();
    host.dispose();
  });
  const h: Harness = {
    service,
    host,
    clock,
    audit,
    states,
    call: (command, params) => Promise.resolve((service.handlers[command] as (p: unknown) => never)(params)),
  };
  return h;
}

function refusal(fn: () => unknown): StationError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof StationError);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('session service and gate', () => {
  it('refuses every action without a session, with what to do in French', async () => {
    const h = harness();
    assert.equal((await h.call('session.status', {})).state, 'closed');
    const error = refusal(() => h.service.gate.require('application.capture'));
    assert.equal(error.code, 'SESSION_REQUIRED');
    assert.match(error.message, /insérez votre carte agent et saisissez votre code PIN/);
  });

  it('opens an agent session with the simulated card and its PIN, after a wrong PIN', async () => {
    const h = harness();
    const inserted = await h.call('session.simulateCard', { card: 'agent' });
    assert.equal(inserted.state, 'awaiting-pin');
    assert.equal(inserted.role, 'agent');
    assert.equal(inserted.triesLeft, 3);
    assert.match(inserted.agentId ?? '', /^AG-[0-9A-F]+$/);
    assert.ok(inserted.simulated);

    const wrong = await h.call('session.signIn', { pin: '9999' });
    assert.equal(wrong.ok, false);
    assert.equal(wrong.reason, 'wrong-pin');
    assert.equal(wrong.triesLeft, 2);
    assert.equal(wrong.message, 'Code PIN erroné, il reste 2 essais');
    assert.equal(wrong.session.triesLeft, 2);

    const malformed = await h.call('session.signIn', { pin: '12' });
    assert.equal(malformed.reason, 'malformed');
    assert.equal(malformed.session.triesLeft, 2, 'a malformed PIN costs no try');

    const right = await h.call('session.signIn', { pin: '1234' });
    assert.equal(right.ok, true);
    assert.equal(right.session.state, 'open');
    assert.ok(right.session.idleWarningAt);
    assert.equal(h.states.at(-1)?.state, 'open', 'session.state is published');

    assert.deepEqual(h.service.gate.require('application.capture'), {
      agentId: inserted.agentId,
      role: 'agent',
    });
    const certify = refusal(() => h.service.gate.require('identity.certify'));
    assert.equal(certify.code, 'FORBIDDEN');
    assert.match(certify.message, /Votre rôle \(Agent\) ne permet pas cette action/);

    const actions = h.audit.map((e) => e.action);
    assert.deepEqual(actions, ['session.card-inserted', 'session.pin-failed', 'session.open']);
    assert.ok(h.audit.every((e) => e.actor === inserted.agentId));
    const trail = JSON.stringify([h.audit, h.states]);
    assert.ok(!trail.includes('9999') && !trail.includes('1234'), 'no PIN in events or audit');
  });

  it('blocks the card at the third wrong PIN, and the card stays blocked when inserted again', async () => {
    const h = harness();
    await h.call('session.simulateCard', { card: 'agent' });
    await h.call('session.signIn', { pin: '1111' });
    const second = await h.call('session.signIn', { pin: '2222' });
    assert.equal(second.message, 'Code PIN erroné, il reste 1 essai');
    const third = await h.call('session.signIn', { pin: '3333' });
    assert.equal(third.reason, 'blocked');
    assert.equal(third.session.state, 'blocked');
    assert.match(third.session.message ?? '', /Carte bloquée/);
    const fourth = await h.call('session.signIn', { pin: '1234' });
    assert.equal(fourth.ok, false, 'a blocked card opens nothing');
    assert.throws(() => h.service.gate.require('application.capture'), { code: 'SESSION_REQUIRED' });

    await h.call('session.simulateCard', { card: 'remove' });
    const again = await h.call('session.simulateCard', { card: 'agent' });
    assert.equal(again.state, 'blocked');
    assert.ok(h.audit.some((e) => e.action === 'session.card-blocked'));
  });

  it('gives certifying agents certification and technicians diagnostics without personal data', async () => {
    const h = harness();
    await h.call('session.simulateCard', { card: 'agent-certificateur' });
    assert.equal((await h.call('session.signIn', { pin: '1234' })).session.role, 'agent-certificateur');
    assert.equal(h.service.gate.require('identity.certify').role, 'agent-certificateur');
    assert.equal(h.service.gate.require('application.capture').role, 'agent-certificateur');

    const technician = await h.call('session.simulateCard', { card: 'technicien' });
    assert.equal(technician.state, 'awaiting-pin', 'another card closes the previous session');
    assert.ok(h.audit.some((e) => e.action === 'session.close' && e.details?.reason === 'card-removed'));
    await h.call('session.signIn', { pin: '1234' });
    assert.equal(h.service.gate.require('diagnostics.view').role, 'technicien');
    assert.equal(h.service.gate.require('queue.view').role, 'technicien');
    for (const action of ['personal-data.view', 'application.capture', 'identity.certify'] as const) {
      const error = refusal(() => h.service.gate.require(action));
      assert.match(error.message, /Votre rôle \(Technicien\)/);
    }
  });

  it('warns before the idle lock, postpones it on activity, locks, and unlocks with the PIN', async () => {
    const h = harness();
    await h.call('session.simulateCard', { card: 'agent' });
    await h.call('session.signIn', { pin: '1234' });
    h.clock.advance(49_000);
    assert.equal((await h.call('session.status', {})).state, 'open');
    h.clock.advance(2_000);
    const warning = await h.call('session.status', {});
    assert.equal(warning.state, 'idle-warning');
    assert.equal(Date.parse(warning.locksAt ?? '') - h.clock.now(), 9_000);
    assert.equal(h.states.at(-1)?.state, 'idle-warning');

    h.service.gate.touch();
    assert.equal((await h.call('session.status', {})).state, 'open', '"Je suis là" dismisses the warning');
    h.clock.advance(60_000);
    const locked = await h.call('session.status', {});
    assert.equal(locked.state, 'locked');
    const error = refusal(() => h.service.gate.require('application.capture'));
    assert.match(error.message, /Session verrouillée : saisissez votre code PIN/);
    assert.equal((await h.call('session.activity', {})).state, 'locked', 'activity does not unlock');

    const wrong = await h.call('session.unlock', { pin: '0000' });
    assert.equal(wrong.ok, false);
    assert.equal(wrong.session.state, 'locked');
    assert.equal(wrong.session.triesLeft, 2);
    const unlocked = await h.call('session.unlock', { pin: '1234' });
    assert.equal(unlocked.session.state, 'open');
    assert.ok(h.audit.some((e) => e.action === 'session.lock' && e.details?.reason === 'idle'));
    assert.ok(h.audit.some((e) => e.action === 'session.unlock'));
  });

  it('locks on request and signs out (the simulated card leaves the reader)', async () => {
    const h = harness();
    await h.call('session.simulateCard', { card: 'agent' });
    await h.call('session.signIn', { pin: '1234' });
    assert.equal((await h.call('session.lock', {})).state, 'locked');
    await h.call('session.unlock', { pin: '1234' });
    const out = await h.call('session.signOut', {});
    assert.equal(out.state, 'closed');
    assert.equal(
      (await h.host.call('agentCardStatus', {})).ok && (await h.call('session.status', {})).state,
      'closed',
    );
    assert.ok(h.audit.some((e) => e.action === 'session.close' && e.details?.reason === 'sign-out'));
    assert.throws(() => h.service.gate.require('application.capture'), { code: 'SESSION_REQUIRED' });
  });

  it('rejects an expired card and a card from another CA with plain French reasons', async () => {
    const h = harness();
    const expired = await h.call('session.simulateCard', { card: 'expired' });
    assert.equal(expired.state, 'rejected');
    assert.equal(expired.reason, 'expired');
    assert.match(expired.message ?? '', /Carte agent expirée : demandez son renouvellement/);
    const untrusted = await h.call('session.simulateCard', { card: 'untrusted' });
    assert.equal(untrusted.state, 'rejected');
    assert.equal(untrusted.reason, 'untrusted');
    assert.match(untrusted.message ?? '', /n'a pas été émise par l'autorité des agents/);
    const signIn = await h.call('session.signIn', { pin: '1234' });
    assert.equal(signIn.ok, false);
    assert.equal((await h.call('session.simulateCard', { card: 'remove' })).state, 'closed');
    assert.deepEqual(
      h.audit.map((e) => [e.action, e.details?.reason]),
      [
        ['session.card-rejected', 'expired'],
        ['session.card-rejected', 'untrusted'],
      ],
    );
  });

  it('keeps the session of the same card across a device-host restart, and closes it otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recueil-session-'));
    const previous = process.env.RECUEIL_DATA_DIR;
    process.env.RECUEIL_DATA_DIR = dir;
    cleanups.push(() => {
      if (previous === undefined) delete process.env.RECUEIL_DATA_DIR;
      else process.env.RECUEIL_DATA_DIR = previous;
      rmSync(dir, { recursive: true, force: true });
    });
    const h = harness();
    const opened = await h.call('session.simulateCard', { card: 'agent' });
    await h.call('session.signIn', { pin: '1234' });
    h.host.restart();
    const after = await h.call('session.status', {});
    assert.equal(after.state, 'open', 'the simulated card stayed in its reader');
    assert.equal(after.agentId, opened.agentId);

    await h.call('session.simulateCard', { card: 'remove' });
    assert.equal((await h.call('session.status', {})).state, 'closed');
  });

  it('does not open a session whose audit record cannot be written (fail-closed)', async () => {
    const h = harness({ failAudit: (e) => e.action === 'session.open' });
    await h.call('session.simulateCard', { card: 'agent' });
    await assert.rejects(h.call('session.signIn', { pin: '1234' }), (error: unknown) => {
      assert.ok(error instanceof StationError);
      assert.equal(error.code, 'INTERNAL');
      assert.match(error.message, /journal d’audit est indisponible/);
      return true;
    });
    assert.notEqual((await h.call('session.status', {})).state, 'open');
    assert.throws(() => h.service.gate.require('application.capture'), { code: 'SESSION_REQUIRED' });
  });

  it('refuses simulated cards on a hardware station', async () => {
    const h = harness({ mode: 'hardware' });
    await assert.rejects(h.call('session.simulateCard', { card: 'agent' }), { code: 'FORBIDDEN' });
  });
});
