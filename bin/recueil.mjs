#!/usr/bin/env node
// The `recueil` command: runs the TypeScript CLI through tsx (packaged builds use the bundle instead).
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/index.ts');
