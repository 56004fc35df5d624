/**
 * The agent card slot of the device host: follows card insertions and removals on a PC/SC reader
 * driver, recognises an agent card (its applet answers SELECT), and holds the `AgentCardReader` of
 * the card currently inserted, with a sequence number bumped on every insertion or removal. Other
 * cards (an ID card on the contactless reader) are left alone. Events are handled one at a time.
 */
import type { X509Certificate } from 'node:crypto';
import { DeviceError } from '../core/errors';
import type { CardChannel } from '../core/transport';
import { AgentCardReader } from '../devices/agent-card/driver';
import { commands, SW_OK } from '../devices/agent-card/protocol';
import { parseResponseApdu } from '../devices/iso7816/apdu';
import type { PcscCardReader } from '../devices/pcsc-reader/driver';

export interface AgentCardPresenceState {
  present: boolean;
  seq: number;
}

export class AgentCardSlot {
  private driver: PcscCardReader | undefined;
  private unsubscribe: (() => void) | undefined;
  private reader: AgentCardReader | undefined;
  private readerName: string | undefined;
  private seq = 0;
  /** Card events seen (counted as they arrive): a startup probe overtaken by an event gives way. */
  private events = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly trustAnchors: () => readonly X509Certificate[],
    private readonly onPresence: (state: AgentCardPresenceState) => void,
  ) {}

  get presence(): AgentCardPresenceState {
    return { present: this.reader !== undefined, seq: this.seq };
  }

  /** Follows the cards of this reader driver (a new driver after a replug replaces the old one). */
  attach(driver: PcscCardReader): void {
    if (driver === this.driver) return;
    this.detach();
    this.driver = driver;
    this.unsubscribe = driver.onCardEvent((event) => {
      this.events += 1;
      if (event.type === 'inserted') this.enqueue(() => this.inserted(driver, event.readerName, 'event'));
      else this.enqueue(async () => this.removed(event.readerName));
    });
    // A card already in a reader when the driver appears (station start with the card inserted).
    const seen = this.events;
    for (const name of driver.readerNames())
      this.enqueue(() =>
        this.events === seen ? this.inserted(driver, name, 'startup', seen) : Promise.resolve(),
      );
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.driver = undefined;
    if (this.reader) this.removed(this.readerName);
  }

  /** Resolves once every card event received so far has been handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** The inserted agent card, or an operator error asking for it. */
  current(): AgentCardReader {
    if (!this.reader)
      throw new DeviceError('operator', 'AGENT_CARD_ABSENT', 'no agent card in the reader', {
        prompt: 'Insérez votre carte agent dans le lecteur',
      });
    return this.reader;
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch(() => undefined);
  }

  private async inserted(
    driver: PcscCardReader,
    readerName: string,
    why: 'event' | 'startup',
    seen?: number,
  ): Promise<void> {
    if (driver !== this.driver) return;
    if (this.reader && this.readerName === readerName) this.removed(readerName);
    let channel: CardChannel;
    try {
      channel = await driver.waitForCard({ readerName, timeoutMs: why === 'startup' ? 300 : 3000 });
    } catch {
      return;
    }
    let isAgentCard = false;
    try {
      isAgentCard = parseResponseApdu(await channel.transmit(commands.selectApplet())).sw === SW_OK;
    } catch {
      isAgentCard = false;
    }
    const overtaken = why === 'startup' && this.events !== seen;
    if (!isAgentCard || driver !== this.driver || overtaken) {
      await channel.disconnect().catch(() => undefined);
      return;
    }
    this.reader = new AgentCardReader(channel, { trustAnchors: this.trustAnchors() });
    this.readerName = readerName;
    this.seq += 1;
    this.onPresence(this.presence);
  }

  private removed(readerName: string | undefined): void {
    if (!this.reader || readerName !== this.readerName) return;
    const reader = this.reader;
    this.reader = undefined;
    this.readerName = undefined;
    this.seq += 1;
    void reader.disconnect().catch(() => undefined);
    this.onPresence(this.presence);
  }
}
