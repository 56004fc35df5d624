#!/usr/bin/env -S node --single-threaded-gc
// The `recueil` command. Every command runs from the TypeScript sources (main/cli) through tsx
// (packaged builds use the Electron bundle instead). Help, version and usage errors are answered by
// the CLI bundle (dist/cli/usage.mjs, built by `npm run setup` and `npm run build`), without tsx's
// load time, but only while it is exactly up to date with its sources (bin/cli-bundle.mjs); otherwise
// the sources answer them too. RECUEIL_CLI_BUNDLE=0 skips the bundle.
// The shebang carries the V8 flags of the station's Node processes (main/hosts/v8-flags.ts).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshCliBundle } from './cli-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = process.env.RECUEIL_CLI_BUNDLE === '0' ? undefined : freshCliBundle(root);
// Returns only when a command must run (help and usage errors exit the process).
if (bundle) await (await import(pathToFileURL(bundle).href)).answerUsage(root, process.argv);

const { register } = await import('tsx/esm/api');
register();
await import('../main/cli/index.ts');
