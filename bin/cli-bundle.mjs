// Whether the CLI bundle (dist/cli/usage.mjs, scripts/build-cli.mjs) may answer instead of the sources.
// Its first line records what it was built from: the SHA-256 of every source file, and the files that
// must stay absent because they would change how an import resolves (`../services/audit` is the folder's
// index.ts until someone adds audit.ts). The bundle is used only when all of it still holds, so a
// source edited, deleted or shadowed since the build is never answered by stale code.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLI_BUNDLE = join('dist', 'cli', 'usage.mjs');
const MARK = '// recueil-cli-sources ';

function digest(root, file) {
  return createHash('sha256')
    .update(readFileSync(join(root, file)))
    .digest('hex');
}

/** The bundle's first line: `sources` (paths relative to `root`) with their digests, and `absent`. */
export function sourcesLine(root, sources, absent) {
  const digests = Object.fromEntries(sources.map((file) => [file, digest(root, file)]));
  return `${MARK}${JSON.stringify({ sources: digests, absent })}`;
}

function recorded(text) {
  const line = text.slice(0, text.indexOf('\n'));
  if (!line.startsWith(MARK)) return undefined;
  try {
    const { sources, absent } = JSON.parse(line.slice(MARK.length));
    const ok = sources && typeof sources === 'object' && Object.keys(sources).length > 0;
    return ok && Array.isArray(absent) ? { sources, absent } : undefined;
  } catch {
    return undefined;
  }
}

/** The bundle's path when it exists and is exactly up to date with its sources, else undefined. */
export function freshCliBundle(root) {
  const bundle = join(root, CLI_BUNDLE);
  let built;
  try {
    built = recorded(readFileSync(bundle, 'utf8'));
  } catch {
    return undefined;
  }
  if (!built) return undefined;
  if (built.absent.some((file) => existsSync(join(root, file)))) return undefined;
  for (const [file, sha256] of Object.entries(built.sources)) {
    try {
      if (digest(root, file) !== sha256) return undefined;
    } catch {
      return undefined;
    }
  }
  return bundle;
}
