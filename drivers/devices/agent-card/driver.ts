/**
 * Agent card driver over a `CardChannel` (from PcscCardReader.waitForCard, real or simulated):
 * reads the agent certificate, checks it against the configured agent CAs (certificate.ts), verifies
 * the PIN with French operator messages, and proves with a fresh challenge that the card holds the
 * certificate's private key. The PIN is never traced nor kept: it goes into one APDU and is dropped.
 */

import type { X509Certificate } from 'node:crypto';
import { randomBytes, verify } from 'node:crypto';
import { DeviceError } from '../../core/errors';
import type { CardChannel } from '../../core/transport';
import { parseResponseApdu, type ResponseApdu } from '../iso7816/apdu';
import { formatStatusWord } from '../iso7816/status-words';
import { type AgentIdentity, verifyAgentCertificate } from './certificate';
import { commands, isWellFormedPin, SW_AUTH_BLOCKED, SW_OK, triesLeftFrom } from './protocol';

export type PinResult =
  | { ok: true }
  | { ok: false; reason: 'wrong-pin'; triesLeft: number; message: string }
  | { ok: false; reason: 'blocked'; triesLeft: 0; message: string }
  | { ok: false; reason: 'malformed'; message: string };

export const pinMessages = {
  wrong: (triesLeft: number) => `Code PIN erroné, il reste ${triesLeft} essai${triesLeft > 1 ? 's' : ''}`,
  blocked: 'Carte bloquée : trois codes PIN erronés. Faites-la débloquer par votre administrateur.',
  malformed: 'Le code PIN comporte 4 à 8 chiffres',
} as const;

/** Certificates are small; refuse anything absurd rather than looping on a broken card. */
const maxCertificateBytes = 8192;
const chunk = 0xe0;

function derLength(head: Uint8Array): number | undefined {
  if (head.length < 2 || head[0] !== 0x30) return undefined;
  const first = head[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 2 || head.length < 2 + n) return undefined;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + head[2 + i]!;
  return 2 + n + length;
}

export interface AgentCardReaderOptions {
  /** Parsed agent CA certificates (certificate.ts parseTrustAnchors). */
  trustAnchors: readonly X509Certificate[];
  now?: () => Date;
}

export class AgentCardReader {
  private readonly now: () => Date;
  private identity: AgentIdentity | undefined;

  constructor(
    private readonly channel: CardChannel,
    private readonly options: AgentCardReaderOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  private async send(apdu: Uint8Array): Promise<ResponseApdu> {
    return parseResponseApdu(await this.channel.transmit(apdu));
  }

  private protocolError(code: string, what: string, sw: number): DeviceError {
    return new DeviceError('protocol', code, `${what}: SW ${formatStatusWord(sw)}`, {
      protocolStatus: formatStatusWord(sw),
      prompt: 'Carte agent non reconnue : retirez-la et vérifiez que c’est bien votre carte agent',
    });
  }

  private async selectApplet(): Promise<void> {
    const r = await this.send(commands.selectApplet());
    if (r.sw !== SW_OK) throw this.protocolError('AGENT_CARD_NO_APPLET', 'agent applet not found', r.sw);
  }

  /** Reads the certificate (DER) from EF C000. */
  async readCertificate(): Promise<Uint8Array> {
    await this.selectApplet();
    const selected = await this.send(commands.selectCertificate());
    if (selected.sw !== SW_OK)
      throw this.protocolError('AGENT_CARD_NO_CERTIFICATE', 'certificate file not found', selected.sw);
    const parts: Uint8Array[] = [];
    let read = 0;
    let total: number | undefined;
    while (total === undefined || read < total) {
      const want = total === undefined ? chunk : Math.min(chunk, total - read);
      const r = await this.send(commands.readBinary(read, want));
      if ((r.sw !== SW_OK && r.sw !== 0x6282) || r.data.length === 0)
        throw this.protocolError('AGENT_CARD_READ_FAILED', 'certificate read failed', r.sw);
      parts.push(r.data);
      read += r.data.length;
      if (total === undefined) {
        total = derLength(r.data);
        if (total === undefined || total > maxCertificateBytes)
          throw new DeviceError('protocol', 'AGENT_CARD_BAD_CERTIFICATE', 'certificate is not DER', {
            prompt: 'Carte agent illisible : certificat invalide',
          });
      }
      if (r.sw === 0x6282 && read < total)
        throw this.protocolError('AGENT_CARD_READ_FAILED', 'certificate shorter than its header', r.sw);
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const p of parts) {
      out.set(p.subarray(0, total - offset), offset);
      offset += p.length;
    }
    return out;
  }

  /**
   * Reads and checks the certificate: trusted CA, validity, role. Throws AgentCertificateError
   * (an operator DeviceError with a French prompt) when the card is not acceptable.
   */
  async readIdentity(): Promise<AgentIdentity> {
    const der = await this.readCertificate();
    this.identity = verifyAgentCertificate(der, this.options.trustAnchors, this.now());
    return this.identity;
  }

  /** Tries left before the card blocks (VERIFY without data); 0 = blocked. */
  async pinTriesLeft(): Promise<number> {
    await this.selectApplet();
    const r = await this.send(commands.pinStatus());
    if (r.sw === SW_OK) return 3;
    if (r.sw === SW_AUTH_BLOCKED) return 0;
    const left = triesLeftFrom(r.sw);
    if (left === undefined) throw this.protocolError('AGENT_CARD_PIN_STATUS', 'PIN status', r.sw);
    return left;
  }

  /** VERIFY PIN. Wrong and blocked are results (the operator acts), not exceptions. */
  async verifyPin(pin: string): Promise<PinResult> {
    if (!isWellFormedPin(pin)) return { ok: false, reason: 'malformed', message: pinMessages.malformed };
    await this.selectApplet();
    const r = await this.send(commands.verifyPin(pin));
    if (r.sw === SW_OK) return { ok: true };
    const left = triesLeftFrom(r.sw);
    if (r.sw === SW_AUTH_BLOCKED || left === 0)
      return { ok: false, reason: 'blocked', triesLeft: 0, message: pinMessages.blocked };
    if (left !== undefined)
      return { ok: false, reason: 'wrong-pin', triesLeft: left, message: pinMessages.wrong(left) };
    throw this.protocolError('AGENT_CARD_VERIFY_FAILED', 'VERIFY', r.sw);
  }

  /**
   * Challenge-response after a successful PIN: the card signs 32 fresh random bytes; the signature
   * must verify with the certificate's public key (a copied certificate without the key fails).
   */
  async authenticate(): Promise<void> {
    const identity = this.identity ?? (await this.readIdentity());
    const challenge = new Uint8Array(randomBytes(32));
    const r = await this.send(commands.internalAuthenticate(challenge));
    if (r.sw === 0x6982)
      throw new DeviceError('operator', 'AGENT_CARD_PIN_REQUIRED', 'PIN not verified', {
        protocolStatus: '6982',
        prompt: 'Saisissez votre code PIN',
      });
    if (r.sw !== SW_OK) throw this.protocolError('AGENT_CARD_AUTH_FAILED', 'INTERNAL AUTHENTICATE', r.sw);
    let valid = false;
    try {
      valid = verify('sha256', challenge, identity.publicKey, r.data);
    } catch {
      valid = false;
    }
    if (!valid)
      throw new DeviceError(
        'fatal',
        'AGENT_CARD_NOT_GENUINE',
        'card signature does not match its certificate',
        {
          prompt: 'Carte agent non authentique : retirez-la et prévenez votre responsable',
        },
      );
  }

  async disconnect(): Promise<void> {
    await this.channel.disconnect();
  }
}
