/**
 * A scripted `CardChannel` for protocol tests (like gmrtd's MockTransceiver / JMRTD's
 * ScriptedCardService): each transmitted command must equal the next recorded command, byte for
 * byte, and gets the recorded response. Also a queue-based random source to replay vectors.
 */
import type { CardChannel } from '../../../core/transport';
import type { RandomSource } from '../crypto/ec';
import { fromHex, hex } from '../tlv/asn1';

export class ReplayChannel implements CardChannel {
  readonly readerName = 'replay';
  readonly atr = new Uint8Array([0x3b, 0x80, 0x80, 0x01, 0x01]);
  private index = 0;
  readonly sent: string[] = [];

  constructor(private readonly script: readonly { command: string; response: string }[]) {}

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const step = this.script[this.index];
    const actual = hex(command);
    this.sent.push(actual);
    if (!step) throw new Error(`replay: unexpected extra command ${actual}`);
    if (actual !== step.command.toUpperCase())
      throw new Error(
        `replay step ${this.index}: sent\n  ${actual}\nexpected\n  ${step.command.toUpperCase()}`,
      );
    this.index += 1;
    return fromHex(step.response);
  }

  get done(): boolean {
    return this.index === this.script.length;
  }

  async disconnect(): Promise<void> {}
}

/** Returns the given byte strings in order (each call must ask for that string's length). */
export function queuedRandom(values: readonly string[]): RandomSource {
  const queue = values.map(fromHex);
  return (length) => {
    const next = queue.shift();
    if (!next) throw new Error('queued random source exhausted');
    if (next.length !== length)
      throw new Error(`queued random: asked ${length} bytes, next value has ${next.length}`);
    return next;
  };
}
