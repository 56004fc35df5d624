/**
 * `recueil sim serve scanner`: the flags of the command turned into a glass scene (the given
 * picture, or the drawn portrait, printed and laid on the glass), then the eSCL simulator on
 * loopback. A bad flag or an unreadable picture is a ScannerSimInputError (exit 2).
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { type GlassScene, type PhotoOnGlass, PLATEN_MM, type PrintProcess } from './glass';
import { samplePortraitPng } from './sample-portrait';
import { type EsclSimulator, serveEscl } from './server';

export class ScannerSimInputError extends Error {
  override readonly name = 'ScannerSimInputError';
}

/** The command's flags as commander gives them (strings). */
export interface EsclServeFlags {
  image?: string;
  skew: string;
  print: string;
  photos: string;
  dust: string;
  seed: string;
}

export interface SceneFlags {
  image?: string;
  skewDeg: number;
  print: PrintProcess;
  photos: number;
  dust: number;
  seed: number;
}

export function parseServeFlags(flags: EsclServeFlags): SceneFlags {
  const number = (name: string, value: string, min: number, max: number, integer = false) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
      throw new ScannerSimInputError(`--${name}: expected a number from ${min} to ${max}, got ${value}`);
    return n;
  };
  if (flags.print !== 'photo' && flags.print !== 'halftone')
    throw new ScannerSimInputError(`--print: expected photo or halftone, got ${flags.print}`);
  return {
    ...(flags.image ? { image: flags.image } : {}),
    skewDeg: number('skew', flags.skew, -45, 45),
    print: flags.print,
    photos: number('photos', flags.photos, 0, 4, true),
    dust: number('dust', flags.dust, 0, 5000, true),
    seed: number('seed', flags.seed, 0, 2 ** 32 - 1, true),
  };
}

/** The scene of the flags: prints side by side from the platen's top-left corner. */
export async function sceneFromFlags(flags: SceneFlags): Promise<GlassScene> {
  let image: Uint8Array;
  if (flags.image) {
    try {
      image = await readFile(flags.image);
      await sharp(image, { failOn: 'error', limitInputPixels: 100_000_000 }).stats();
    } catch (cause) {
      throw new ScannerSimInputError(
        `--image ${flags.image}: unreadable picture (${(cause as Error).message})`,
      );
    }
  } else image = await samplePortraitPng();
  const photos: PhotoOnGlass[] = Array.from({ length: flags.photos }, (_, i) => ({
    image,
    centreMm: { x: Math.min(PLATEN_MM.width - 30, 45 + i * 55), y: 52 },
    skewDeg: flags.skewDeg * (i % 2 === 0 ? 1 : -0.6),
    print: flags.print,
  }));
  return { photos, dust: flags.dust, seed: flags.seed };
}

export async function serveSimulatedScanner(
  options: SceneFlags & { port: number; host?: string },
): Promise<EsclSimulator> {
  return serveEscl({
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    scene: await sceneFromFlags(options),
  });
}
