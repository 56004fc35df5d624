/**
 * Test device identity for the SBI simulator: an RSA-2048 key pair and a self-signed X.509 v3
 * certificate generated at start with node:crypto. node:crypto cannot issue certificates, and
 * @peculiar/x509 is not a dependency, so the certificate is assembled here with a minimal DER
 * writer (TBSCertificate signed with sha256WithRSAEncryption). Test keys only: never a real device.
 */
import { createSign, generateKeyPairSync, type KeyObject, randomBytes, X509Certificate } from 'node:crypto';

function length(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  return Buffer.concat([Uint8Array.from([tag, ...length(body.length)]), body]);
}

const seq = (...c: Uint8Array[]) => tlv(0x30, ...c);
const set = (...c: Uint8Array[]) => tlv(0x31, ...c);

function oid(dotted: string): Uint8Array {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const arc of rest) {
    const groups: number[] = [];
    let v = arc;
    do {
      groups.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** DER INTEGER of an unsigned big-endian magnitude: minimal (leading zero bytes stripped), positive. */
function integer(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const magnitude = bytes.subarray(start);
  const body = magnitude[0]! & 0x80 ? Buffer.concat([Uint8Array.of(0), magnitude]) : magnitude;
  return tlv(0x02, body);
}

function utcTime(date: Date): Uint8Array {
  const p = (n: number) => String(n).padStart(2, '0');
  const text = `${p(date.getUTCFullYear() % 100)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

function name(commonName: string, organisation: string): Uint8Array {
  return seq(
    set(seq(oid('2.5.4.10'), tlv(0x0c, Buffer.from(organisation, 'utf8')))),
    set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))),
  );
}

export interface DeviceIdentityKeys {
  privateKey: KeyObject;
  certificate: X509Certificate;
  /** Base64 DER, as it goes into a JWS `x5c`. */
  certificateBase64: string;
}

export function createDeviceIdentity(
  options: {
    commonName?: string;
    organisation?: string;
    validFrom?: Date;
    validDays?: number;
    /** Serial number bytes (random 12 bytes by default). */
    serial?: Uint8Array;
  } = {},
): DeviceIdentityKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), tlv(0x05, new Uint8Array(0)));
  const from = options.validFrom ?? new Date(Date.now() - 60_000);
  const to = new Date(from.getTime() + (options.validDays ?? 30) * 86_400_000);
  const subject = name(
    options.commonName ?? 'Recueil SBI simulator device',
    options.organisation ?? 'Recueil test',
  );
  const tbs = seq(
    tlv(0xa0, integer(Uint8Array.of(2))),
    integer(options.serial ?? randomBytes(12)),
    sha256WithRsa,
    subject,
    seq(utcTime(from), utcTime(to)),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = createSign('sha256').update(tbs).sign(privateKey);
  const der = seq(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Uint8Array.of(0), signature])));
  const certificate = new X509Certificate(der);
  return { privateKey, certificate, certificateBase64: Buffer.from(der).toString('base64') };
}
