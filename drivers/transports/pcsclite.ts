/**
 * The real PC/SC bus on pcsc-lite through `@pokusew/pcsclite` (the ONLY importer of it): readers
 * appearing and leaving, card presence from reader status changes, connect/transmit/disconnect.
 * Works with any PC/SC reader pcscd knows, including Debian's virtual reader (vpcd) in tests.
 */
import { createRequire } from 'node:module';
import { DeviceError } from '../core/errors';
import type { CardChannel, PcscBus, Unsubscribe } from '../core/transport';

const require = createRequire(import.meta.url);

type PcscFactory = typeof import('@pokusew/pcsclite');
type PCSCLite = ReturnType<PcscFactory>;
type PcscReader = Parameters<Extract<Parameters<PCSCLite['on']>[1], (reader: never) => void>>[0] & {
  connect(
    options: { share_mode?: number },
    cb: (error: Error | undefined, protocol: number | undefined) => void,
  ): void;
  transmit(
    data: Buffer,
    length: number,
    protocol: number,
    cb: (error: Error | undefined, data: Buffer) => void,
  ): void;
  disconnect(disposition: number, cb: (error?: Error) => void): void;
  connected: boolean;
  close(): void;
};

/** Largest response buffer: extended-length R-APDU (65,536 data bytes + SW). */
const maxResponseLength = 65538;

type Listener<A extends unknown[]> = (...args: A) => void;

function listeners<A extends unknown[]>() {
  const set = new Set<Listener<A>>();
  return {
    add(l: Listener<A>): Unsubscribe {
      set.add(l);
      return () => set.delete(l);
    },
    emit(...args: A) {
      for (const l of set) l(...args);
    },
  };
}

export function openPcscLiteBus(): PcscBus {
  const pcsc = (require('@pokusew/pcsclite') as PcscFactory)();
  const readers = new Map<string, PcscReader>();
  /** ATR of the card present in each reader (absent key = no card). */
  const presentAtr = new Map<string, Uint8Array>();
  const added = listeners<[string]>();
  const removed = listeners<[string]>();
  const inserted = listeners<[string, Uint8Array]>();
  const cardRemoved = listeners<[string]>();

  pcsc.on('error', () => {
    // pcscd not running or restarting: readers simply disappear; the driver reports it.
  });
  pcsc.on('reader', (raw) => {
    const reader = raw as PcscReader;
    readers.set(reader.name, reader);
    added.emit(reader.name);
    reader.on('error', () => {});
    reader.on('status', (status: { state: number; atr?: Buffer }) => {
      const changes = (reader.state ?? 0) ^ status.state;
      if (changes & reader.SCARD_STATE_PRESENT) {
        if (status.state & reader.SCARD_STATE_PRESENT) {
          const atr = new Uint8Array(status.atr ?? []);
          presentAtr.set(reader.name, atr);
          inserted.emit(reader.name, atr);
        } else {
          presentAtr.delete(reader.name);
          // The binding keeps a stale "connected" flag after a removal: clear it.
          if (reader.connected) reader.disconnect(reader.SCARD_LEAVE_CARD, () => undefined);
          cardRemoved.emit(reader.name);
        }
      }
      reader.state = status.state;
    });
    reader.on('end', () => {
      readers.delete(reader.name);
      presentAtr.delete(reader.name);
      removed.emit(reader.name);
    });
  });

  return {
    readers: () => [...readers.keys()],
    onReaderAdded: added.add,
    onReaderRemoved: removed.add,
    onCardInserted: inserted.add,
    onCardRemoved: cardRemoved.add,
    connect(readerName) {
      const reader = readers.get(readerName);
      if (!reader)
        return Promise.reject(new DeviceError('disconnected', 'PCSC_NO_READER', `no reader ${readerName}`));
      const atr = presentAtr.get(readerName);
      if (!atr) {
        return Promise.reject(
          new DeviceError('operator', 'PCSC_NO_CARD', 'no card in the reader', {
            prompt: 'Posez la carte sur le lecteur',
          }),
        );
      }
      return new Promise<CardChannel>((resolve, reject) => {
        reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, (error, protocol) => {
          if (error) {
            reject(
              new DeviceError('operator', 'PCSC_CONNECT', error.message, {
                prompt: 'Posez la carte sur le lecteur',
                cause: error,
              }),
            );
            return;
          }
          resolve({
            readerName,
            atr,
            transmit: (command) =>
              new Promise((ok, ko) => {
                reader.transmit(Buffer.from(command), maxResponseLength, protocol ?? 2, (err, data) => {
                  if (err) {
                    ko(
                      new DeviceError('disconnected', 'PCSC_TRANSMIT', err.message, {
                        prompt: 'Reposez la carte sur le lecteur',
                        cause: err,
                      }),
                    );
                  } else ok(new Uint8Array(data));
                });
              }),
            disconnect: () =>
              new Promise((ok) => {
                reader.disconnect(reader.SCARD_LEAVE_CARD, () => ok());
              }),
          });
        });
      });
    },
    async close() {
      for (const reader of readers.values()) reader.close();
      pcsc.close();
    },
  };
}
