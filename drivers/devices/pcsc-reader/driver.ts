/**
 * Contactless card reader driver over a `PcscBus` (real pcsc-lite, or the in-process simulator):
 * reader list, card insert/remove events, and channels whose APDU exchanges are traced (masked:
 * chip data is personal). A card removed mid-exchange ends in a 'disconnected' DeviceError with the
 * prompt "Reposez la carte sur le lecteur"; the driver stays usable for the next card.
 */
import type {
  CardEvent,
  CardReader,
  DeviceIdentity,
  OperationOptions,
  SelfTestResult,
} from '../../core/capabilities';
import { descriptors } from '../../core/descriptor';
import { DeviceError } from '../../core/errors';
import { Operation } from '../../core/operation';
import { ProtocolTrace } from '../../core/trace';
import type { CardChannel, PcscBus } from '../../core/transport';
import { parseAtr } from './protocol/atr';

type WaitState = 'waiting' | 'connecting' | 'connected';

export class PcscCardReader implements CardReader {
  readonly descriptor = descriptors.pcscReader;
  readonly kind = 'card-reader' as const;
  readonly trace = new ProtocolTrace();
  private readonly cardListeners = new Set<(event: CardEvent) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly channels = new Set<CardChannel>();

  constructor(private readonly bus: PcscBus) {
    this.unsubscribe.push(
      bus.onCardInserted((readerName, atr) => this.emit({ type: 'inserted', readerName, atr })),
      bus.onCardRemoved((readerName) => this.emit({ type: 'removed', readerName })),
    );
  }

  private emit(event: CardEvent): void {
    for (const listener of this.cardListeners) listener(event);
  }

  readerNames(): string[] {
    return this.bus.readers();
  }

  onCardEvent(listener: (event: CardEvent) => void): () => void {
    this.cardListeners.add(listener);
    return () => this.cardListeners.delete(listener);
  }

  async identify(): Promise<DeviceIdentity> {
    const names = this.readerNames();
    if (names.length === 0)
      throw new DeviceError('disconnected', 'PCSC_NO_READER', 'no PC/SC reader present');
    return { model: names[0]!, transportPath: `pcsc:${names.join(',')}` };
  }

  async selfTest(): Promise<SelfTestResult> {
    const names = this.readerNames();
    const checks: SelfTestResult['checks'] = [
      {
        name: 'reader-present',
        passed: names.length > 0,
        detail: names.length > 0 ? names.join(', ') : 'aucun lecteur',
      },
    ];
    return { passed: checks.every((c) => c.passed), checks };
  }

  async reset(): Promise<void> {
    await Promise.all([...this.channels].map((c) => c.disconnect().catch(() => undefined)));
    this.channels.clear();
  }

  private async tryConnect(readerName: string): Promise<CardChannel | undefined> {
    try {
      return await this.bus.connect(readerName);
    } catch (error) {
      if (error instanceof DeviceError && (error.kind === 'operator' || error.kind === 'disconnected'))
        return undefined;
      throw error;
    }
  }

  private traced(channel: CardChannel): CardChannel {
    const trace = this.trace;
    const channels = this.channels;
    const wrapped: CardChannel = {
      readerName: channel.readerName,
      atr: channel.atr,
      async transmit(command) {
        trace.record('out', command, { personal: command.length > 5 });
        const response = await channel.transmit(command);
        trace.record('in', response, { personal: response.length > 2 });
        return response;
      },
      async disconnect() {
        channels.delete(wrapped);
        await channel.disconnect();
      },
    };
    channels.add(wrapped);
    return wrapped;
  }

  async waitForCard(options: OperationOptions & { readerName?: string } = {}): Promise<CardChannel> {
    const op = new Operation<WaitState>({
      name: 'wait-card',
      initial: 'waiting',
      transitions: { waiting: ['connecting'], connecting: ['connected', 'waiting'], connected: [] },
      final: ['connected'],
      timeoutMs: options.timeoutMs ?? 60000,
      signal: options.signal,
    });
    const wanted = (name: string) => !options.readerName || options.readerName === name;
    try {
      options.onProgress?.('Posez la carte sur le lecteur', 0);
      const attempt = async (readerName: string): Promise<CardChannel | undefined> => {
        op.to('connecting');
        const channel = await this.tryConnect(readerName);
        op.throwIfSettled();
        if (!channel) {
          op.to('waiting');
          return undefined;
        }
        parseAtr(channel.atr.length > 0 ? channel.atr : Uint8Array.of(0x3b, 0x00));
        op.to('connected');
        options.onProgress?.('Carte détectée', 1);
        return this.traced(channel);
      };
      return await new Promise<CardChannel>((resolve, reject) => {
        let busy = false;
        let again = false;
        let settled = false;
        const finish = (outcome: () => void) => {
          if (settled) return;
          settled = true;
          stop();
          outcome();
        };
        // Subscribe first, then try the readers: a card tapped in between is never missed.
        const tryReaders = async (): Promise<void> => {
          if (busy) {
            again = true;
            return;
          }
          busy = true;
          try {
            do {
              again = false;
              for (const name of this.readerNames().filter(wanted)) {
                if (settled) return;
                const channel = await attempt(name);
                if (channel) return finish(() => resolve(channel));
              }
            } while (again && !settled);
          } catch (error) {
            finish(() => reject(error));
          } finally {
            busy = false;
          }
        };
        const stop = this.bus.onCardInserted((readerName) => {
          if (wanted(readerName)) void tryReaders();
        });
        op.signal.addEventListener('abort', () => finish(() => reject(op.signal.reason)));
        void tryReaders();
      });
    } finally {
      op.dispose();
    }
  }

  async close(): Promise<void> {
    await this.reset();
    for (const u of this.unsubscribe) u();
    this.cardListeners.clear();
  }
}
