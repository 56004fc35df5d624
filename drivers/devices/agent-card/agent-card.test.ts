/**
 * Agent card over the in-process PC/SC bus: PIN ok, wrong-PIN counter and messages, blocked card,
 * role extraction from the certificate, untrusted CA, expired and role-less certificates refused,
 * challenge signed with the certificate's key (and a card with a copied certificate but another
 * key exposed).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { DeviceError } from '../../core/errors';
import type { CardChannel } from '../../core/transport';
import { parseResponseApdu } from '../iso7816/apdu';
import { createSimulatedPcscBus } from '../pcsc-reader/simulator/in-process-bus';
import { AgentCertificateError, parseTrustAnchors } from './certificate';
import { AgentCardReader } from './driver';
import { decodePinBlock, encodePinBlock } from './protocol';
import { type AgentRole, roleOids } from './roles';
import { SimulatedAgentCard } from './simulator/agent-card';
import { type AgentCredentials, createAgentCa } from './simulator/agent-pki';

const ca = createAgentCa();
const anchors = parseTrustAnchors([ca.certificate]);
const READER = 'Lecteur agent 00 00';
const DAY = 86_400_000;

async function channelFor(card: SimulatedAgentCard): Promise<CardChannel> {
  const { bus, control } = createSimulatedPcscBus();
  control.addReader(READER);
  control.insertCard(READER, card);
  return bus.connect(READER);
}

async function readerFor(
  credentials: AgentCredentials,
  extra: { triesLeft?: number; anchors?: typeof anchors } = {},
) {
  const card = new SimulatedAgentCard({
    ...credentials,
    pin: '1234',
    ...(extra.triesLeft !== undefined ? { triesLeft: extra.triesLeft } : {}),
  });
  const reader = new AgentCardReader(await channelFor(card), { trustAnchors: extra.anchors ?? anchors });
  return { card, reader };
}

describe('agent card protocol', () => {
  it('pads the PIN with FF and refuses malformed blocks', () => {
    assert.deepEqual([...encodePinBlock('1234')], [0x31, 0x32, 0x33, 0x34, 0xff, 0xff, 0xff, 0xff]);
    assert.equal(decodePinBlock(encodePinBlock('12345678')), '12345678');
    assert.equal(decodePinBlock(Uint8Array.of(0x31, 0xff, 0x32, 0x33, 0x34, 0xff, 0xff, 0xff)), undefined);
    assert.throws(() => encodePinBlock('12a4'));
  });

  it('answers the ISO 7816-4 VERIFY bytes of the brief', async () => {
    const card = new SimulatedAgentCard({ ...ca.issue({ role: 'agent' }), pin: '1234' });
    const send = (hex: string) => parseResponseApdu(card.process(Buffer.from(hex.replace(/ /g, ''), 'hex')));
    assert.equal(send('00 A4 04 0C 09 F2 52 45 43 55 45 49 4C 01').sw, 0x9000);
    assert.equal(send('00 20 00 81 08 39 39 39 39 FF FF FF FF').sw, 0x63c2);
    assert.equal(send('00 20 00 81').sw, 0x63c2);
    assert.equal(send('00 88 00 00 10 00112233445566778899AABBCCDDEEFF 00').sw, 0x6982);
    assert.equal(send('00 20 00 81 08 31 32 33 34 FF FF FF FF').sw, 0x9000);
    assert.equal(send('00 20 00 81').sw, 0x9000);
  });
});

describe('agent card driver', () => {
  for (const role of ['agent', 'agent-certificateur', 'technicien'] as AgentRole[]) {
    it(`extracts the role "${role}", a pseudonymous agent id and the holder's name from the certificate`, async () => {
      const { reader } = await readerFor(ca.issue({ role, holder: 'Camille Martin' }));
      const identity = await reader.readIdentity();
      assert.equal(identity.role, role);
      assert.match(identity.agentId, /^AG-[0-9A-F]+$/);
      assert.doesNotMatch(identity.agentId, /Camille|Martin/);
      // The name is for the screen only (the header); logs and the audit record the id.
      assert.equal(identity.holderName, 'Camille Martin');
    });
  }

  it('verifies the right PIN and proves the card holds the certificate key', async () => {
    const { reader } = await readerFor(ca.issue({ role: 'agent' }));
    await reader.readIdentity();
    assert.deepEqual(await reader.verifyPin('1234'), { ok: true });
    await reader.authenticate();
  });

  it('refuses the challenge before the PIN', async () => {
    const { reader } = await readerFor(ca.issue({ role: 'agent' }));
    await reader.readIdentity();
    await assert.rejects(reader.authenticate(), (e: DeviceError) => e.code === 'AGENT_CARD_PIN_REQUIRED');
  });

  it('counts wrong PINs down with French messages, then blocks the card', async () => {
    const { card, reader } = await readerFor(ca.issue({ role: 'agent' }));
    assert.equal(await reader.pinTriesLeft(), 3);
    assert.deepEqual(await reader.verifyPin('0000'), {
      ok: false,
      reason: 'wrong-pin',
      triesLeft: 2,
      message: 'Code PIN erroné, il reste 2 essais',
    });
    const second = await reader.verifyPin('0000');
    assert.equal(second.ok === false && second.message, 'Code PIN erroné, il reste 1 essai');
    const third = await reader.verifyPin('0000');
    assert.equal(third.ok === false && third.reason, 'blocked');
    assert.match(third.ok === false ? third.message : '', /^Carte bloquée/);
    // Even the right PIN is refused now, and the counter survives a power cycle.
    card.reset();
    const after = await reader.verifyPin('1234');
    assert.equal(after.ok === false && after.reason, 'blocked');
    assert.equal(await reader.pinTriesLeft(), 0);
  });

  it('resets the counter after a good PIN', async () => {
    const { reader } = await readerFor(ca.issue({ role: 'agent' }));
    await reader.verifyPin('9999');
    assert.deepEqual(await reader.verifyPin('1234'), { ok: true });
    assert.equal(await reader.pinTriesLeft(), 3);
  });

  it('does not send a malformed PIN to the card', async () => {
    const { card, reader } = await readerFor(ca.issue({ role: 'agent' }));
    const r = await reader.verifyPin('12');
    assert.equal(r.ok === false && r.reason, 'malformed');
    assert.equal(card.pinTriesLeft, 3);
  });

  it('refuses a card from another CA', async () => {
    const other = createAgentCa({ organisation: 'Autre mairie' });
    const { reader } = await readerFor(other.issue({ role: 'agent' }));
    await assert.rejects(reader.readIdentity(), (e: unknown) => {
      assert.ok(e instanceof AgentCertificateError);
      assert.equal(e.problem, 'untrusted');
      assert.equal(e.kind, 'operator');
      assert.match(e.prompt ?? '', /non reconnue/);
      return true;
    });
  });

  it('refuses expired and not-yet-valid certificates', async () => {
    const expired = await readerFor(
      ca.issue({
        role: 'agent',
        notBefore: new Date(Date.now() - 400 * DAY),
        notAfter: new Date(Date.now() - DAY),
      }),
    );
    await assert.rejects(
      expired.reader.readIdentity(),
      (e: AgentCertificateError) => e.problem === 'expired',
    );
    const early = await readerFor(ca.issue({ role: 'agent', notBefore: new Date(Date.now() + DAY) }));
    await assert.rejects(
      early.reader.readIdentity(),
      (e: AgentCertificateError) => e.problem === 'not-yet-valid',
    );
  });

  it('refuses certificates without a role or with several', async () => {
    const none = await readerFor(ca.issue({ role: 'agent', ekus: ['1.3.6.1.5.5.7.3.2'] }));
    await assert.rejects(none.reader.readIdentity(), (e: AgentCertificateError) => e.problem === 'no-role');
    const two = await readerFor(ca.issue({ role: 'agent', ekus: [roleOids.agent, roleOids.technicien] }));
    await assert.rejects(
      two.reader.readIdentity(),
      (e: AgentCertificateError) => e.problem === 'ambiguous-role',
    );
  });

  it('exposes a card carrying a copied certificate with another key', async () => {
    const genuine = ca.issue({ role: 'agent-certificateur' });
    const clone = {
      certificate: genuine.certificate,
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    };
    const { reader } = await readerFor(clone);
    assert.equal((await reader.readIdentity()).role, 'agent-certificateur');
    assert.deepEqual(await reader.verifyPin('1234'), { ok: true });
    await assert.rejects(
      reader.authenticate(),
      (e: DeviceError) => e.code === 'AGENT_CARD_NOT_GENUINE' && e.kind === 'fatal',
    );
  });

  it('reads a certificate larger than one READ BINARY chunk', async () => {
    const big = ca.issue({
      role: 'agent',
      holder: 'X'.repeat(60),
      ekus: [roleOids.agent, ...Array.from({ length: 12 }, (_, i) => `1.2.3.4.${i}`)],
    });
    assert.ok(big.certificate.length > 0xe0);
    const { reader } = await readerFor(big);
    assert.deepEqual(await reader.readCertificate(), big.certificate);
  });
});
