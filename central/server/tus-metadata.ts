/**
 * The tus 1.0.0 `Upload-Metadata` header: comma-separated pairs `key base64(value)`, the value
 * optional. Parsing is strict (a malformed header is a 400, never a guess).
 */

const KEY = /^[\x21-\x2b\x2d-\x7e]+$/; // printable ASCII except space and comma
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export type TusMetadata = Record<string, string>;

/** The pairs of an Upload-Metadata header; undefined when the header is malformed. */
export function parseTusMetadata(header: string | undefined): TusMetadata | undefined {
  const metadata: TusMetadata = {};
  if (header === undefined || header.trim() === '') return metadata;
  for (const pair of header.split(',')) {
    const [key, value, extra] = pair.trim().split(' ');
    if (!key || !KEY.test(key) || extra !== undefined || Object.hasOwn(metadata, key)) return undefined;
    if (value !== undefined && !BASE64.test(value)) return undefined;
    metadata[key] = value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8');
  }
  return metadata;
}

export function formatTusMetadata(metadata: TusMetadata): string {
  return Object.entries(metadata)
    .map(([key, value]) => (value === '' ? key : `${key} ${Buffer.from(value, 'utf8').toString('base64')}`))
    .join(',');
}
