/**
 * Agent session state machine with an injected clock (no real sleeps): sign-in, wrong PINs down to
 * the blocked card, idle warning then idle lock and unlock, activity postponing the lock, card
 * removal closing the session, rejected cards, permissions per role, and the audit trail of it all.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTrustAnchors } from '../../drivers/devices/agent-card/certificate';
import { AgentCardReader } from '../../drivers/devices/agent-card/driver';
import type { AgentRole } from '../../drivers/devices/agent-card/roles';
import { SimulatedAgentCard } from '../../drivers/devices/agent-card/simulator/agent-card';
import { createAgentCa } from '../../drivers/devices/agent-card/simulator/agent-pki';
import { createSimulatedPcscBus } from '../../drivers/devices/pcsc-reader/simulator/in-process-bus';
import { AgentSession, can, type SessionError, type SessionState, sessionActions } from './agent-session';
import { openAuditLog } from './audit/log';
import type { AuditEvent } from './audit/schema';
import { verifyAuditLog } from './audit/verify';
import { FakeClock } from './session-clock-testing';

const ca = createAgentCa();
const anchors = parseTrustAnchors([ca.certificate]);
const READER = 'Lecteur agent';
const MINUTE = 60_000;

async function cardPort(role: AgentRole, options: { ca?: typeof ca; triesLeft?: number } = {}) {
  const card = new SimulatedAgentCard({
    ...(options.ca ?? ca).issue({ role }),
    pin: '1234',
    ...(options.triesLeft !== undefined ? { triesLeft: options.triesLeft } : {}),
  });
  const { bus, control } = createSimulatedPcscBus();
  control.addReader(READER);
  control.insertCard(READER, card);
  return new AgentCardReader(await bus.connect(READER), { trustAnchors: anchors });
}

/** Reads the state without TypeScript narrowing it across calls that change it. */
const stateOf = (session: AgentSession): SessionState => session.current;

function recorder() {
  const events: AuditEvent[] = [];
  return { events, audit: { append: async (e: AuditEvent) => void events.push(e) } };
}

describe('agent session', () => {
  it('opens with the right PIN, warns when idle, then locks, and the PIN unlocks', async () => {
    const clock = new FakeClock();
    const { events, audit } = recorder();
    const session = new AgentSession({ audit, clock, idleLockMinutes: 5 });
    const states: string[] = [];
    session.onChange((s) => states.push(s.name));

    assert.equal((await session.cardInserted(await cardPort('agent'))).name, 'awaiting-pin');
    assert.equal(session.can('application.capture'), false);
    const outcome = await session.submitPin('1234');
    assert.equal(outcome.ok, true);
    assert.equal(stateOf(session).name, 'open');
    assert.equal(session.can('application.capture'), true);
    assert.match(session.actor, /^AG-/);

    clock.advance(3 * MINUTE);
    session.activity(); // postpones: the clock restarts from here
    clock.advance(3 * MINUTE + 59_000);
    assert.equal(stateOf(session).name, 'open');
    clock.advance(1000); // 4 min since activity: 60 s warning before the lock
    assert.equal(stateOf(session).name, 'idle-warning');
    const warning = stateOf(session);
    assert.equal(warning.name === 'idle-warning' && warning.locksAt, clock.now() + MINUTE);
    clock.advance(MINUTE);
    assert.equal(stateOf(session).name, 'locked');
    assert.equal(session.can('application.capture'), false);
    assert.throws(
      () => session.require('application.capture'),
      (e: SessionError) => e.code === 'NO_SESSION',
    );

    assert.equal((await session.submitPin('1234')).ok, true);
    assert.equal(stateOf(session).name, 'open');
    await session.settled();
    assert.deepEqual(
      events.map((e) => e.action),
      ['session.card-inserted', 'session.open', 'session.idle-warning', 'session.lock', 'session.unlock'],
    );
    assert.deepEqual(events[3]?.details, { reason: 'idle' });
    assert.ok(states.includes('idle-warning'));
    session.dispose();
  });

  it('dismisses the warning on activity', async () => {
    const clock = new FakeClock();
    const session = new AgentSession({ audit: recorder().audit, clock, idleLockMinutes: 2 });
    await session.cardInserted(await cardPort('agent'));
    await session.submitPin('1234');
    clock.advance(MINUTE);
    assert.equal(stateOf(session).name, 'idle-warning');
    session.activity();
    assert.equal(stateOf(session).name, 'open');
    clock.advance(MINUTE + 59_000);
    assert.equal(stateOf(session).name, 'idle-warning');
    session.dispose();
  });

  it('counts wrong PINs and blocks the card at the third', async () => {
    const { events, audit } = recorder();
    const session = new AgentSession({ audit, clock: new FakeClock(), idleLockMinutes: 10 });
    await session.cardInserted(await cardPort('agent'));
    const first = await session.submitPin('0000');
    assert.deepEqual(first, {
      ok: false,
      reason: 'wrong-pin',
      message: 'Code PIN erroné, il reste 2 essais',
      triesLeft: 2,
    });
    const waiting = stateOf(session);
    assert.equal(waiting.name === 'awaiting-pin' && waiting.triesLeft, 2);
    await session.submitPin('0000');
    const third = await session.submitPin('0000');
    assert.equal(third.ok === false && third.reason, 'blocked');
    assert.equal(stateOf(session).name, 'blocked');
    // Nothing more is possible with this card, not even the right PIN.
    assert.equal((await session.submitPin('1234')).ok, false);
    await session.settled();
    assert.deepEqual(
      events.map((e) => e.action),
      ['session.card-inserted', 'session.pin-failed', 'session.pin-failed', 'session.card-blocked'],
    );
  });

  it('refuses a card already blocked and a card from an unknown CA', async () => {
    const { events, audit } = recorder();
    const session = new AgentSession({ audit, clock: new FakeClock(), idleLockMinutes: 10 });
    assert.equal((await session.cardInserted(await cardPort('agent', { triesLeft: 0 }))).name, 'blocked');
    session.cardRemoved();
    const state = await session.cardInserted(await cardPort('agent', { ca: createAgentCa() }));
    assert.equal(state.name, 'rejected');
    assert.match(state.name === 'rejected' ? state.message : '', /non reconnue/);
    await session.settled();
    assert.deepEqual(events.at(-1), {
      actor: 'anonymous',
      action: 'session.card-rejected',
      outcome: 'refused',
      details: { reason: 'untrusted' },
    });
  });

  it('closes the session when the card is removed, whatever the state', async () => {
    const clock = new FakeClock();
    const { events, audit } = recorder();
    const session = new AgentSession({ audit, clock, idleLockMinutes: 10 });
    await session.cardInserted(await cardPort('agent-certificateur'));
    await session.submitPin('1234');
    assert.equal(session.can('identity.certify'), true);
    session.cardRemoved();
    assert.equal(stateOf(session).name, 'closed');
    assert.equal(session.can('identity.certify'), false);
    clock.advance(60 * MINUTE); // no timer left behind
    assert.equal(stateOf(session).name, 'closed');
    await session.settled();
    assert.deepEqual(events.at(-1), {
      actor: events[0]?.actor,
      action: 'session.close',
      outcome: 'success',
      details: { reason: 'card-removed' },
    });
  });

  it('does not open when the audit record cannot be written', async () => {
    const session = new AgentSession({
      audit: {
        append: async (e) => {
          if (e.action === 'session.open') throw new Error('disk full');
        },
      },
      clock: new FakeClock(),
      idleLockMinutes: 10,
    });
    await session.cardInserted(await cardPort('agent'));
    await assert.rejects(session.submitPin('1234'), /disk full/);
    assert.notEqual(stateOf(session).name, 'open');
  });

  it('applies the permissions of each role', async () => {
    assert.equal(can('agent', 'application.capture'), true);
    assert.equal(can('agent', 'identity.certify'), false);
    assert.equal(can('agent-certificateur', 'identity.certify'), true);
    assert.equal(can('agent-certificateur', 'application.capture'), true);
    assert.equal(can('technicien', 'diagnostics.view'), true);
    assert.equal(can('technicien', 'config.change'), true);
    for (const action of ['personal-data.view', 'application.capture', 'identity.certify'] as const)
      assert.equal(can('technicien', action), false, action);
    for (const action of ['diagnostics.view', 'config.change'] as const)
      assert.equal(can('agent', action), false);
    assert.ok(sessionActions.length > 0);
    const session = new AgentSession({
      audit: recorder().audit,
      clock: new FakeClock(),
      idleLockMinutes: 10,
    });
    await session.cardInserted(await cardPort('technicien'));
    await session.submitPin('1234');
    assert.throws(
      () => session.require('personal-data.view'),
      (e: SessionError) => e.code === 'FORBIDDEN',
    );
    assert.equal(session.require('diagnostics.view').role, 'technicien');
    session.dispose();
  });

  it('writes a verifiable audit trail without personal data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recueil-session-audit-'));
    try {
      const audit = await openAuditLog(dir);
      const clock = new FakeClock();
      const session = new AgentSession({ audit, clock, idleLockMinutes: 3 });
      await session.cardInserted(await cardPort('agent'));
      await session.submitPin('9999');
      await session.submitPin('1234');
      clock.advance(3 * MINUTE);
      session.cardRemoved();
      await session.settled();
      await audit.close();
      const report = await verifyAuditLog(dir);
      assert.equal(report.ok, true);
      assert.equal(report.records, 6);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
