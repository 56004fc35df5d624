/**
 * The base URL the station syncs to: the configured https:// URL, or, with "embedded", the address
 * of the reference central server described by `embedded.centralConfig` (which the station's own
 * process starts).
 */
import type { SyncSettings } from '../config/settings';
import { loadCentralConfig } from '../server/config';

export function centralBaseUrl(settings: SyncSettings): string {
  if (settings.url !== 'embedded') return settings.url.replace(/\/+$/, '');
  if (!settings.embedded)
    throw new Error('central.embedded.centralConfig is required when url is "embedded"');
  const { listen } = loadCentralConfig(settings.embedded.centralConfig);
  if (listen.port === 0) throw new Error('the embedded central server needs a fixed port in central.json');
  const host =
    listen.host === '0.0.0.0' ? '127.0.0.1' : listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return `https://${host}:${listen.port}`;
}
