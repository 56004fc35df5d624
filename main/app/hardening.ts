/**
 * Session and web-contents hardening of the Electron shell: CSP on every response, navigation and
 * new windows denied, webviews refused, and a permission handler that allows only the camera
 * (video, no microphone) for the app's own origin. Takes Electron objects as parameters (type-only
 * import) so tests drive it with fakes.
 */
import type { Session, WebContents } from 'electron';
import { buildCsp } from './csp';

export const appScheme = 'app';
export const appOrigin = `${appScheme}://recueil`;

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return null;
  }
}

export function isAppUrl(url: string, origin = appOrigin): boolean {
  return originOf(url) === origin;
}

type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/** Decides a permission request: only 'media' with video only, from the app's own origin. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  details: { mediaTypes?: string[] } = {},
  origin = appOrigin,
): boolean {
  if (!isAppUrl(requestingUrl, origin)) return false;
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

export function hardenSession(session: PermissionSession, origin = appOrigin): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const url = (details as { requestingUrl?: string }).requestingUrl ?? '';
    callback(isPermissionAllowed(permission, url, details as { mediaTypes?: string[] }, origin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    // Checks carry no media types; 'media' checks are allowed for our origin, the request decides the rest.
    const url = (details as { requestingUrl?: string }).requestingUrl ?? requestingOrigin;
    return permission === 'media' && isAppUrl(url, origin);
  });
  session.setDevicePermissionHandler(() => false);
  const csp = buildCsp();
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [csp],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenWebContents(contents: HardenableContents, origin = appOrigin): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, origin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, origin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
