/**
 * `AgentCardPort` over the device host: each card operation of the session state machine is one
 * host call. Host error envelopes come back as the errors the state machine understands: a
 * certificate problem as `AgentCertificateError` (its code and French prompt), anything else as a
 * `DeviceError` whose prompt is the host's French message.
 */
import { createPublicKey } from 'node:crypto';
import type { ErrorPayload, Result } from '../../../common/errors';
import { DeviceError } from '../../../drivers/core/errors';
import {
  AgentCertificateError,
  type AgentIdentity,
  type CertificateProblem,
} from '../../../drivers/devices/agent-card/certificate';
import type { PinResult } from '../../../drivers/devices/agent-card/driver';
import type { HostMethod, HostParams, HostResult } from '../../hosts/protocols';
import type { AgentCardPort } from '../agent-session';

/** What the session needs of the device host (HostSupervisor<'device'> fits; tests pass a fake). */
export interface SessionDeviceHost {
  call<M extends HostMethod<'device'>>(
    method: M,
    params: HostParams<'device', M>,
    timeoutMs?: number,
  ): Promise<Result<HostResult<'device', M>>>;
}

const problems: readonly CertificateProblem[] = [
  'malformed',
  'untrusted',
  'expired',
  'not-yet-valid',
  'no-role',
  'ambiguous-role',
];

function hostError(error: ErrorPayload): Error {
  const problem = error.details?.problem;
  if (typeof problem === 'string' && (problems as readonly string[]).includes(problem))
    return new AgentCertificateError(problem as CertificateProblem);
  const deviceCode = typeof error.details?.deviceCode === 'string' ? error.details.deviceCode : error.code;
  const kind = error.code === 'OPERATOR_RETRY' ? 'operator' : 'fatal';
  return new DeviceError(kind, deviceCode, error.message, { prompt: error.message });
}

async function value<T>(result: Promise<Result<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw hostError(settled.error);
  return settled.value;
}

export function deviceHostCardPort(host: SessionDeviceHost): AgentCardPort {
  return {
    async readIdentity(): Promise<AgentIdentity> {
      const identity = await value(host.call('agentCardIdentity', {}));
      return {
        agentId: identity.agentId,
        role: identity.role,
        ...(identity.holderName ? { holderName: identity.holderName } : {}),
        notAfter: new Date(identity.notAfter),
        fingerprint256: identity.fingerprint256,
        publicKey: createPublicKey({
          key: Buffer.from(identity.publicKeySpki, 'base64'),
          format: 'der',
          type: 'spki',
        }),
      };
    },
    async pinTriesLeft(): Promise<number> {
      return (await value(host.call('agentCardPinTries', {}))).triesLeft;
    },
    async verifyPin(pin: string): Promise<PinResult> {
      const result = await value(host.call('agentCardVerifyPin', { pin }, 10000));
      if (result.ok) return { ok: true };
      if (result.reason === 'blocked')
        return { ok: false, reason: 'blocked', triesLeft: 0, message: result.message };
      if (result.reason === 'malformed') return { ok: false, reason: 'malformed', message: result.message };
      return { ok: false, reason: 'wrong-pin', triesLeft: result.triesLeft ?? 0, message: result.message };
    },
    async authenticate(): Promise<void> {
      await value(host.call('agentCardAuthenticate', {}, 10000));
    },
  };
}
