/**
 * The window factory's options: every BrowserWindow of Recueil is built from here, with
 * contextIsolation, sandbox, no Node integration, no webview, and a bundled preload.
 * Pure (no Electron import) so the hardening is unit-tested without the Electron binary.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { kioskPolicy } from './kiosk-policy';

export interface WindowOptionsInput {
  preloadPath: string;
  kiosk?: boolean;
}

export function buildWindowOptions({
  preloadPath,
  kiosk = false,
}: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { kiosk: _kiosk, devTools, ...kioskWindow } = kioskPolicy.window;
  return {
    ...(kiosk ? kioskWindow : {}),
    width: 1280,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    kiosk,
    autoHideMenuBar: true,
    title: 'Recueil',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      ...(kiosk ? { devTools } : {}),
    },
  };
}
