/**
 * The agent card through the real PC/SC stack: the simulated card linked to pcscd by vpcd, read
 * with @pokusew/pcsclite through PcscCardReader, then certificate, wrong PIN, right PIN and
 * challenge-response. Skipped (with the reason) where pcscd or vpcd is missing or not root.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ensurePcscd,
  type PcscdHandle,
  pcscdUnavailableReason,
  pollUntil,
} from '../../../test/support/pcscd';
import type { PcscBus } from '../../core/transport';
import { openPcscLiteBus } from '../../transports/pcsclite';
import { PcscCardReader } from '../pcsc-reader/driver';
import { linkCardToVpcd, type VpcdLink } from '../pcsc-reader/simulator/vpcd-link';
import { parseTrustAnchors } from './certificate';
import { AgentCardReader } from './driver';
import { SimulatedAgentCard } from './simulator/agent-card';
import { createAgentCa } from './simulator/agent-pki';

describe('agent card over pcscd + vpcd (real PC/SC stack)', { skip: pcscdUnavailableReason() }, () => {
  let daemon: PcscdHandle | undefined;
  let bus: PcscBus | undefined;
  let reader: PcscCardReader | undefined;
  let link: VpcdLink | undefined;

  before(async () => {
    daemon = await ensurePcscd();
    bus = openPcscLiteBus();
    reader = new PcscCardReader(bus);
    await pollUntil(
      () => reader!.readerNames().some((n) => n.startsWith('Virtual PCD')),
      10000,
      'the vpcd reader',
    );
  });

  after(async () => {
    await link?.close();
    await reader?.close();
    await bus?.close();
    await daemon?.stop();
  });

  it('signs an agent in: certificate, wrong then right PIN, challenge-response', async () => {
    const ca = createAgentCa();
    const card = new SimulatedAgentCard({ ...ca.issue({ role: 'agent-certificateur' }), pin: '246810' });
    const waiting = reader!.waitForCard({ timeoutMs: 10000 });
    link = linkCardToVpcd({ card, reconnect: false });
    await link.connected;
    const channel = await waiting;
    const agentCard = new AgentCardReader(channel, { trustAnchors: parseTrustAnchors([ca.certificate]) });
    const identity = await agentCard.readIdentity();
    assert.equal(identity.role, 'agent-certificateur');
    const wrong = await agentCard.verifyPin('135790');
    assert.equal(wrong.ok === false && wrong.message, 'Code PIN erroné, il reste 2 essais');
    assert.deepEqual(await agentCard.verifyPin('246810'), { ok: true });
    await agentCard.authenticate();
    await agentCard.disconnect();
  });
});
