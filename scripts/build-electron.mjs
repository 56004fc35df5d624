#!/usr/bin/env node
// Bundles the Electron shell with esbuild: main process, sandboxed preload, and the two host entries.
// The preload is self-contained (a sandboxed preload can require only 'electron'); the others keep
// npm packages external (they ship in the app's node_modules, natives unpacked from the asar).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  sourcemap: false,
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['main/app/main.ts'],
    outfile: 'dist/electron/main.cjs',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['main/preload/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['drivers/host/main.ts'],
    outfile: 'dist/electron/device-host.cjs',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['sync/host/main.ts'],
    outfile: 'dist/electron/sync-host.cjs',
    packages: 'external',
  }),
]);
