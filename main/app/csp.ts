/**
 * The Content-Security-Policy of the renderer, shared by the Electron shell and the browser-mode
 * server. No inline script or style, no eval, nothing loaded from outside the app's own origin.
 */
import { createHash } from 'node:crypto';

/**
 * The only inline styles allowed, by hash: react-dsfr writes the root color scheme into a <style>
 * element (`:root { color-scheme: light|dark; }`). Allowing these exact texts keeps 'unsafe-inline' out.
 */
export const allowedInlineStyles = [':root { color-scheme: light; }', ':root { color-scheme: dark; }'];

function styleHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

export interface CspOptions {
  /** Extra sources allowed for fetch/WebSocket (browser mode: the loopback WebSocket URL). */
  connectSrc?: string[];
}

export function buildCsp(options: CspOptions = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", ...allowedInlineStyles.map(styleHash)],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'connect-src': ["'self'", ...(options.connectSrc ?? [])],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'frame-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
