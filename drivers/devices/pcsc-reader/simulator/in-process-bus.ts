/**
 * An in-process PC/SC bus: readers and virtual cards behind the same `PcscBus` interface as the real
 * pcsc-lite transport, with a control handle to plug readers, tap and remove cards (demo mode,
 * training, tests without a daemon).
 */
import { EventEmitter } from 'node:events';
import { DeviceError } from '../../../core/errors';
import type { CardChannel, PcscBus } from '../../../core/transport';
import type { VirtualCard } from './virtual-card';

interface BusEvents {
  readerAdded: [string];
  readerRemoved: [string];
  inserted: [string, Uint8Array];
  removed: [string];
}

export interface SimulatedPcscControl {
  addReader(name: string): void;
  removeReader(name: string): void;
  insertCard(readerName: string, card: VirtualCard): void;
  removeCard(readerName: string): void;
  /** Every APDU exchanged (for tests and the technician's trace). */
  readonly exchanges: { readerName: string; command: Uint8Array; response: Uint8Array }[];
}

export function createSimulatedPcscBus(): { bus: PcscBus; control: SimulatedPcscControl } {
  const emitter = new EventEmitter<BusEvents>();
  const readers = new Map<string, { card?: VirtualCard; generation: number }>();
  const exchanges: SimulatedPcscControl['exchanges'] = [];
  const on = <K extends keyof BusEvents>(event: K, listener: (...args: BusEvents[K]) => void) => {
    emitter.on(event, listener as never);
    return () => {
      emitter.off(event, listener as never);
    };
  };

  const bus: PcscBus = {
    readers: () => [...readers.keys()],
    onReaderAdded: (l) => on('readerAdded', l),
    onReaderRemoved: (l) => on('readerRemoved', l),
    onCardInserted: (l) => on('inserted', l),
    onCardRemoved: (l) => on('removed', l),
    async connect(readerName): Promise<CardChannel> {
      const slot = readers.get(readerName);
      if (!slot?.card)
        throw new DeviceError('operator', 'PCSC_NO_CARD', 'Aucune carte', {
          prompt: 'Posez la carte sur le lecteur',
        });
      const card = slot.card;
      const generation = slot.generation;
      card.reset();
      let open = true;
      return {
        readerName,
        atr: card.atr,
        async transmit(command) {
          const current = readers.get(readerName);
          if (!open || !current || current.generation !== generation || current.card !== card) {
            throw new DeviceError('disconnected', 'PCSC_CARD_REMOVED', 'card removed during the exchange', {
              prompt: 'Reposez la carte sur le lecteur',
            });
          }
          const response = await card.process(command);
          exchanges.push({ readerName, command, response });
          return response;
        },
        async disconnect() {
          open = false;
        },
      };
    },
    async close() {
      emitter.removeAllListeners();
    },
  };

  const control: SimulatedPcscControl = {
    exchanges,
    addReader(name) {
      if (readers.has(name)) return;
      readers.set(name, { generation: 0 });
      emitter.emit('readerAdded', name);
    },
    removeReader(name) {
      if (!readers.has(name)) return;
      control.removeCard(name);
      readers.delete(name);
      emitter.emit('readerRemoved', name);
    },
    insertCard(readerName, card) {
      const slot = readers.get(readerName);
      if (!slot) throw new Error(`no reader ${readerName}`);
      if (slot.card) control.removeCard(readerName);
      slot.card = card;
      slot.generation += 1;
      emitter.emit('inserted', readerName, card.atr);
    },
    removeCard(readerName) {
      const slot = readers.get(readerName);
      if (!slot?.card) return;
      slot.card = undefined;
      slot.generation += 1;
      emitter.emit('removed', readerName);
    },
  };
  return { bus, control };
}
