/**
 * Who is calling: the station id is the CN of the verified client certificate (node:tls has
 * already refused unknown-CA and expired certificates during the handshake).
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** The CN of the peer certificate when the TLS layer authorised it, else undefined. */
export function peerStation(raw: IncomingMessage): string | undefined {
  const socket = raw.socket as TLSSocket;
  if (!socket.authorized) return undefined;
  const cn = socket.getPeerCertificate()?.subject?.CN;
  const value = Array.isArray(cn) ? cn[0] : cn;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Serial (upper-case hex) of the verified peer certificate, else undefined. */
export function peerSerial(raw: IncomingMessage): string | undefined {
  const socket = raw.socket as TLSSocket;
  if (!socket.authorized) return undefined;
  const serial = socket.getPeerCertificate()?.serialNumber;
  return typeof serial === 'string' && serial.length > 0 ? serial.toUpperCase() : undefined;
}
