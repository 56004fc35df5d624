/**
 * Device-host side of the agent session: the agent card in its contact reader. In hardware mode the
 * slot follows the real PC/SC reader of the registry; on a simulated bench it follows the simulated
 * agent-card reader (simulated-agent-cards.ts). The trust anchors (agent CA) come from the file of
 * `session.agentCaFile` (RECUEIL_AGENT_CA_FILE); a simulated bench without it trusts its own test CA
 * (demo only). The PIN goes to the card in one APDU and is never kept, traced in clear or logged.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StationError } from '../../common/errors';
import { DeviceError } from '../core/errors';
import { AgentCertificateError } from '../devices/agent-card/certificate';
import { PcscCardReader } from '../devices/pcsc-reader/driver';
import { DriverBackedDevice } from '../registry/managed-device';
import { AgentCardSlot } from './agent-card-slot';
import type { DeviceHandlers, DeviceHostContext } from './host-context';
import type { sessionHostMethods } from './protocol';
import { createSimulatedAgentBench, type SimulatedAgentBench } from './simulated-agent-cards';

/** PEM (one or more certificates) or DER. */
export function loadTrustAnchors(file: string): X509Certificate[] {
  const raw = readFileSync(file);
  const text = raw.toString('latin1');
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (pems) return pems.map((pem) => new X509Certificate(pem));
  return [new X509Certificate(raw)];
}

/** Card errors cross to main as envelopes; a certificate problem keeps its code for the session. */
async function envelope<T>(operation: () => Promise<T> | T): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof AgentCertificateError) {
      const payload = error.toPayload();
      throw new StationError(payload.code, payload.message, { ...payload.details, problem: error.problem });
    }
    if (error instanceof DeviceError) {
      const payload = error.toPayload();
      throw new StationError(payload.code, payload.message, payload.details);
    }
    throw error;
  }
}

function attachHardwareReader(ctx: DeviceHostContext, slot: AgentCardSlot): void {
  const follow = () => {
    const device = ctx.registry.list().find((d) => d.kind === 'card-reader' && !d.simulated);
    const managed = device ? ctx.registry.get(device.id) : undefined;
    if (!(managed instanceof DriverBackedDevice) || device?.connection !== 'connected') {
      slot.detach();
      return;
    }
    void managed
      .use(async (driver) => driver)
      .then((driver) => {
        if (driver instanceof PcscCardReader) slot.attach(driver);
      })
      .catch(() => slot.detach());
  };
  ctx.registry.on('change', (status) => {
    if (status.kind === 'card-reader') follow();
  });
  follow();
}

export function sessionHostHandlers(ctx: DeviceHostContext): DeviceHandlers<keyof typeof sessionHostMethods> {
  const caFile = process.env.RECUEIL_AGENT_CA_FILE || undefined;
  const bench: SimulatedAgentBench | undefined = ctx.simulated
    ? createSimulatedAgentBench(
        process.env.RECUEIL_DATA_DIR ? join(process.env.RECUEIL_DATA_DIR, 'simulation') : undefined,
      )
    : undefined;
  let anchors: X509Certificate[] | undefined;
  const trustAnchors = (): X509Certificate[] => {
    if (anchors) return anchors;
    if (caFile) anchors = loadTrustAnchors(caFile);
    else if (bench) anchors = [new X509Certificate(Buffer.from(bench.caCertificate))];
    else anchors = [];
    return anchors;
  };
  const slot = new AgentCardSlot(trustAnchors, (presence) =>
    ctx.emit('agentCard.presence', { ...presence, simulated: ctx.simulated }),
  );
  if (bench) slot.attach(bench.driver);
  else attachHardwareReader(ctx, slot);
  const presence = () => ({ ...slot.presence, simulated: ctx.simulated });

  return {
    agentCardStatus: async () => {
      await slot.idle();
      return presence();
    },
    agentCardIdentity: () =>
      envelope(async () => {
        const identity = await slot.current().readIdentity();
        return {
          agentId: identity.agentId,
          role: identity.role,
          ...(identity.holderName ? { holderName: identity.holderName } : {}),
          notAfter: identity.notAfter.toISOString(),
          fingerprint256: identity.fingerprint256,
          publicKeySpki: identity.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        };
      }),
    agentCardPinTries: () => envelope(async () => ({ triesLeft: await slot.current().pinTriesLeft() })),
    agentCardVerifyPin: ({ pin }) => envelope(() => slot.current().verifyPin(pin)),
    agentCardAuthenticate: () =>
      envelope(async () => {
        await slot.current().authenticate();
        return { genuine: true as const };
      }),
    agentCardSimulate: async ({ card }) => {
      if (!bench)
        throw new StationError('FORBIDDEN', 'La simulation est désactivée sur ce poste (matériel réel).');
      bench.insert(card);
      await slot.idle();
      return presence();
    },
  };
}
