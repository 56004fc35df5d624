/**
 * Keeps the simulated camera's Y4M clip on disk for Chromium's fake capture device, regenerating it
 * only when its inputs change (the file name carries a hash of the options). Written atomically.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { analysePortrait, disposeSharedChecker, makeTokenPortrait } from '../../../models/face';
import { renderSceneY4m, type SceneOptions } from './simulated-scene';

/**
 * A portrait photograph is first framed like an applicant well placed in front of the station: the
 * project's token portrait (eyes on the ICAO geometry), shown full frame at 1296x1728 (3:4), so the
 * simulated camera can reach a compliant capture.
 */
async function framedPortrait(portraitPath: string): Promise<SceneOptions> {
  const bytes = new Uint8Array(readFileSync(portraitPath));
  const analysis = await analysePortrait(bytes);
  if (!analysis.geometry) return { portrait: bytes };
  const { rightEye: right, leftEye: left } = analysis.geometry;
  const token = await makeTokenPortrait(analysis.image, { eyes: { right, left } }, { format: 'png' });
  await disposeSharedChecker();
  // A step closer than the exact token geometry, so the head comfortably fills the frame.
  const zoom = 1.1;
  const zoomed = await sharp(token.data)
    .resize(Math.round(token.width * zoom), Math.round(token.height * zoom))
    .extract({
      left: Math.round((token.width * (zoom - 1)) / 2),
      top: Math.round((token.height * (zoom - 1)) / 2),
      width: token.width,
      height: token.height,
    })
    .png()
    .toBuffer();
  return { portrait: zoomed, fill: true, width: 1296, height: 1728 };
}

export async function ensureSceneFile(directory: string, portraitPath?: string): Promise<string> {
  const options: SceneOptions = portraitPath ? await framedPortrait(portraitPath) : {};
  const key = createHash('sha256')
    .update('scene-v3')
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
