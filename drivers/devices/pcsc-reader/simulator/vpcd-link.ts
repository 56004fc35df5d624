/**
 * Connects a virtual card to pcscd through Debian's vsmartcard virtual reader (vpcd), so the whole
 * OS path (pcscd, libpcsclite, the native binding) is exercised byte for byte. vpcd listens on TCP
 * 35963 for reader 0; every message is a u16 big-endian length + payload. One-byte messages are
 * control: 0x00 power off, 0x01 power on, 0x02 reset, 0x04 get ATR; longer ones are C-APDUs.
 */
import { connect, type Socket } from 'node:net';
import type { VirtualCard } from './virtual-card';

export const vpcdDefaultPort = 35963;

export interface VpcdLinkOptions {
  card: VirtualCard;
  host?: string;
  port?: number;
  /** Reconnect after pcscd restarts (default true). */
  reconnect?: boolean;
}

export interface VpcdLink {
  /** Resolves once connected to vpcd (the reader then sees a card). */
  readonly connected: Promise<void>;
  /** Removes the card (closes the connection). */
  close(): Promise<void>;
}

function frame(payload: Uint8Array): Buffer {
  const out = Buffer.alloc(2 + payload.length);
  out.writeUInt16BE(payload.length, 0);
  out.set(payload, 2);
  return out;
}

export function linkCardToVpcd(options: VpcdLinkOptions): VpcdLink {
  const { card } = options;
  let socket: Socket | undefined;
  let closed = false;
  let resolveConnected!: () => void;
  let rejectConnected!: (e: Error) => void;
  const connected = new Promise<void>((resolve, reject) => {
    resolveConnected = resolve;
    rejectConnected = reject;
  });

  const open = () => {
    const s = connect({ host: options.host ?? '127.0.0.1', port: options.port ?? vpcdDefaultPort });
    socket = s;
    let pending = Buffer.alloc(0);
    s.on('connect', () => resolveConnected());
    s.on('data', async (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const payload = new Uint8Array(pending.subarray(2, 2 + length));
        pending = pending.subarray(2 + length);
        if (length === 1) {
          const control = payload[0];
          if (control === 0x04) s.write(frame(card.atr));
          else if (control === 0x00 || control === 0x02) card.reset();
          continue;
        }
        const response = await card.process(payload);
        if (!s.destroyed) s.write(frame(response));
      }
    });
    s.on('error', (error) => {
      if (!closed && options.reconnect === false) rejectConnected(error);
    });
    s.on('close', () => {
      if (!closed && options.reconnect !== false) setTimeout(open, 500);
    });
  };
  open();

  return {
    connected,
    async close() {
      closed = true;
      const s = socket;
      if (!s || s.destroyed) return;
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.end();
        s.destroy();
      });
    },
  };
}
