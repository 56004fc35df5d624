#!/usr/bin/env -S node --single-threaded-gc
// The `recueil` command: runs the TypeScript CLI through tsx (packaged builds use the bundle instead).
// The shebang carries the V8 flags of the station's Node processes (main/hosts/v8-flags.ts).
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/index.ts');
