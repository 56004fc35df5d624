// Preloaded by test/integration/lazy-cli.test.ts (node --import): when the process exits, writes the
// files of every CommonJS module it loaded (npm packages, native addons' loaders) to the file named
// by RECUEIL_LOADED_MODULES, one per line.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const out = process.env.RECUEIL_LOADED_MODULES;
if (out) {
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    writeFileSync(out, Object.keys(require.cache).join('\n'));
  });
}
