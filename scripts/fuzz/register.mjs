// Preload for fuzz campaigns (`node --import tsx --import ./scripts/fuzz/register.mjs --test FILE`):
// routes every `import ... from 'fast-check'` to scaled-fast-check.mjs, which multiplies each
// property's numRuns and records how many runs it really made. Tests are not modified.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
