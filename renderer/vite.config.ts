/**
 * Vite build of the renderer: output in dist/renderer, no inlined assets (strict CSP), relative base;
 * quiet unless it fails (with `--logLevel warn`, see package.json).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    // The build is quiet unless it fails: no timing report (it printed a yellow block on every `npm start`).
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
