#!/usr/bin/env node
// Bundles the Electron shell with esbuild: main process, sandboxed preload, and the two host entries.
// - main: CommonJS (Electron's main entry); npm packages stay external (shipped in the app's
//   node_modules, native add-ons unpacked from the asar by the packaging step).
// - preload: self-contained CommonJS (a sandboxed preload can require only 'electron').
// - hosts: ES modules (utilityProcess runs .mjs; they use import.meta to find their assets, such as
//   the ONNX manifest, which the packaging step lays out beside them).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', sourcemap: false };

await Promise.all([
  build({
    ...common,
    format: 'cjs',
    entryPoints: ['main/app/main.ts'],
    outfile: 'dist/electron/main.cjs',
    packages: 'external',
  }),
  build({
    ...common,
    format: 'cjs',
    entryPoints: ['main/preload/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    format: 'esm',
    entryPoints: ['drivers/host/main.ts'],
    outfile: 'dist/electron/device-host.mjs',
    packages: 'external',
  }),
  build({
    ...common,
    format: 'esm',
    entryPoints: ['sync/host/main.ts'],
    outfile: 'dist/electron/sync-host.mjs',
    packages: 'external',
  }),
  // The portrait worker the bundled device host starts beside itself (drivers/host/portrait.ts).
  build({
    ...common,
    format: 'esm',
    entryPoints: ['drivers/host/portrait-worker.ts'],
    outfile: 'dist/electron/portrait-worker.js',
    packages: 'external',
  }),
  // The reference central server the bundled sync host runs as a worker thread in demo mode
  // (sync/host/embedded-central.ts), and that central's opening worker (central/server/opening-worker.ts).
  build({
    ...common,
    format: 'esm',
    entryPoints: ['central/embedded.ts'],
    outfile: 'dist/electron/central-embedded.js',
    packages: 'external',
  }),
  build({
    ...common,
    format: 'esm',
    entryPoints: ['central/server/opening-worker-entry.ts'],
    outfile: 'dist/electron/opening-worker-entry.js',
    packages: 'external',
  }),
]);
