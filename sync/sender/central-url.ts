/**
 * The base URL the station syncs to: the configured https:// URL, or, with "embedded", the address
 * of the reference central server described by `embedded.centralConfig` (which the sync host starts,
 * sync/host/embedded-central.ts). Only `listen` is read from that file, with a schema of its own:
 * the central's configuration belongs to the central program, which validates the whole file.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SyncSettings } from '../config/settings';

const ListenSection = z.looseObject({
  listen: z.looseObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535),
  }),
});

/** `listen` of a central.json; a readable error names the file when it has none. */
function centralListen(file: string): { host: string; port: number } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: unreadable central configuration (${(error as Error).message})`);
  }
  const parsed = ListenSection.safeParse(raw);
  if (!parsed.success)
    throw new Error(`${file}: expected "listen": { "host", "port" } in the central configuration`);
  return parsed.data.listen;
}

export function centralBaseUrl(settings: SyncSettings): string {
  if (settings.url !== 'embedded') return settings.url.replace(/\/+$/, '');
  if (!settings.embedded)
    throw new Error('central.embedded.centralConfig is required when url is "embedded"');
  const listen = centralListen(settings.embedded.centralConfig);
  if (listen.port === 0) throw new Error('the embedded central server needs a fixed port in central.json');
  const host =
    listen.host === '0.0.0.0' ? '127.0.0.1' : listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return `https://${host}:${listen.port}`;
}
