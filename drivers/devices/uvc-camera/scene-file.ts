/**
 * Keeps the simulated camera's Y4M clip on disk for Chromium's fake capture device, regenerating it
 * only when its inputs change (the file name carries a hash of the options). Written atomically.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSceneY4m, type SceneOptions } from './simulated-scene';

export async function ensureSceneFile(directory: string, portraitPath?: string): Promise<string> {
  const options: SceneOptions = portraitPath ? { portrait: readFileSync(portraitPath) } : {};
  const key = createHash('sha256')
    .update('scene-v1')
    .update(options.portrait ? Buffer.from(options.portrait as Uint8Array) : Buffer.alloc(0))
    .digest('hex')
    .slice(0, 16);
  const file = join(directory, `camera-${key}.y4m`);
  if (existsSync(file)) return file;
  mkdirSync(directory, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, await renderSceneY4m(options));
  renameSync(temporary, file);
  return file;
}
