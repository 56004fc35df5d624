/** Debian Chromium driven by playwright-core, with the flags that keep it quiet on a closed network. */

/** Flags that make Chromium's camera play a Y4M clip (the simulated camera) without a permission prompt. */
export function fakeCameraFlags(y4mPath: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4mPath}`,
    '--use-fake-ui-for-media-stream',
  ];
}

import { type Browser, chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
