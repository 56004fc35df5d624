/**
 * A simulated agent smart card (see ../protocol.ts for the applet profile): a FileSystemCard
 * holding the certificate in EF C000, plus the applet's VERIFY PIN with a persistent retry counter
 * (3 tries: 63C2, 63C1, then 6983 blocked at the third wrong PIN; a good PIN resets it to 3 unless
 * blocked) and INTERNAL AUTHENTICATE signing a challenge with the card's EC P-256 key once the PIN is verified. The PIN
 * state is lost at power cycle (reset) and when another application is selected; the counter is
 * not (it lives in the card's EEPROM).
 */
import { type KeyObject, sign } from 'node:crypto';
import { encodeResponseApdu, parseCommandApdu } from '../../iso7816/apdu';
import { FileSystemCard, type VirtualCard } from '../../pcsc-reader/simulator/virtual-card';
import {
  agentAppletAid,
  certificateFid,
  decodePinBlock,
  INS_INTERNAL_AUTHENTICATE,
  INS_VERIFY,
  maxPinTries,
  pinReference,
  SW_AUTH_BLOCKED,
  SW_OK,
  SW_SECURITY_NOT_SATISFIED,
  SW_WRONG_DATA,
  SW_WRONG_LENGTH,
} from '../protocol';

/** ATR of a contact card (T=1), historical bytes "RECUEIL". */
export const agentCardAtr = Uint8Array.from([
  0x3b, 0xf7, 0x18, 0x00, 0x00, 0x81, 0x31, 0xfe, 0x45, 0x52, 0x45, 0x43, 0x55, 0x45, 0x49, 0x4c, 0xb0,
]);

export interface SimulatedAgentCardOptions {
  certificate: Uint8Array;
  privateKey: KeyObject;
  pin: string;
  /** Tries left at creation (default 3; 0 = already blocked). */
  triesLeft?: number;
}

const reply = (status: number, data: Uint8Array = new Uint8Array(0)) =>
  encodeResponseApdu({ data, sw: status });

export class SimulatedAgentCard implements VirtualCard {
  readonly atr = agentCardAtr;
  private readonly files: FileSystemCard;
  private readonly pin: string;
  private readonly key: KeyObject;
  private tries: number;
  private appletSelected = false;
  private verified = false;

  constructor(options: SimulatedAgentCardOptions) {
    this.files = new FileSystemCard({
      atr: agentCardAtr,
      applications: [agentAppletAid],
      files: { [certificateFid]: { content: options.certificate } },
    });
    this.pin = options.pin;
    this.key = options.privateKey;
    this.tries = options.triesLeft ?? maxPinTries;
  }

  /** Tries left (tests, demo panel). */
  get pinTriesLeft(): number {
    return this.tries;
  }

  reset(): void {
    this.files.reset();
    this.appletSelected = false;
    this.verified = false;
  }

  process(commandApdu: Uint8Array): Uint8Array {
    let command: ReturnType<typeof parseCommandApdu>;
    try {
      command = parseCommandApdu(commandApdu);
    } catch {
      return reply(SW_WRONG_LENGTH);
    }
    if (command.cla === 0 && command.ins === 0xa4 && command.p1 === 0x04) {
      const response = this.files.process(commandApdu);
      const selected =
        Buffer.from(command.data ?? [])
          .toString('hex')
          .toUpperCase() === agentAppletAid;
      const ok = response.length === 2 && response[0] === 0x90 && response[1] === 0x00;
      this.appletSelected = ok && selected;
      this.verified = false;
      return response;
    }
    if (command.cla === 0 && command.ins === INS_VERIFY) return this.verify(command);
    if (command.cla === 0 && command.ins === INS_INTERNAL_AUTHENTICATE) return this.authenticate(command);
    return this.files.process(commandApdu);
  }

  private verify(command: ReturnType<typeof parseCommandApdu>): Uint8Array {
    if (!this.appletSelected) return reply(0x6985);
    if (command.p1 !== 0 || command.p2 !== pinReference) return reply(0x6a86);
    if (this.tries === 0) return reply(SW_AUTH_BLOCKED);
    if (!command.data || command.data.length === 0) return reply(this.verified ? SW_OK : 0x63c0 | this.tries);
    if (command.data.length !== 8) return reply(SW_WRONG_LENGTH);
    const pin = decodePinBlock(command.data);
    if (pin === undefined) return reply(SW_WRONG_DATA);
    if (pin === this.pin) {
      this.tries = maxPinTries;
      this.verified = true;
      return reply(SW_OK);
    }
    this.tries -= 1;
    this.verified = false;
    return reply(this.tries === 0 ? SW_AUTH_BLOCKED : 0x63c0 | this.tries);
  }

  private authenticate(command: ReturnType<typeof parseCommandApdu>): Uint8Array {
    if (!this.appletSelected) return reply(0x6985);
    if (command.p1 !== 0 || command.p2 !== 0) return reply(0x6a86);
    if (!this.verified) return reply(SW_SECURITY_NOT_SATISFIED);
    const challenge = command.data ?? new Uint8Array(0);
    if (challenge.length < 16 || challenge.length > 64) return reply(SW_WRONG_LENGTH);
    return reply(SW_OK, new Uint8Array(sign('sha256', challenge, this.key)));
  }
}
