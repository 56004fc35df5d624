/**
 * Builds, from the station's simulated-camera clip (Y4M), a clip in which the applicant is first
 * away from the camera (an empty plain background) and then in front of it, played in a loop by
 * Chromium's fake capture device: the e2e test takes a bad photo during the empty part, then the
 * auto-capture takes a good one. Plain byte work on the Y4M frames (4:2:0), no image library.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export function awayThenPresentClip(
  sourceY4m: string,
  outPath: string,
  options: { fps: number; awayFrames: number; presentFrames: number },
): void {
  const source = readFileSync(sourceY4m);
  const headerEnd = source.indexOf(0x0a);
  const header = source.subarray(0, headerEnd).toString('ascii');
  const width = Number(/ W(\d+)/.exec(header)?.[1]);
  const height = Number(/ H(\d+)/.exec(header)?.[1]);
  if (!width || !height || !/ C420/.test(header)) throw new Error(`unexpected Y4M header: ${header}`);
  const frameBytes = width * height + 2 * ((width / 2) * (height / 2));
  const marker = Buffer.from('FRAME\n', 'ascii');
  const firstFrame = headerEnd + 1 + marker.length;
  const present = source.subarray(firstFrame, firstFrame + frameBytes);
  if (present.length !== frameBytes) throw new Error('the source clip has no complete frame');
  // The same light grey background as the scene, without anyone in front of it.
  const away = Buffer.alloc(frameBytes, 128);
  away.fill(226, 0, width * height);
  const newHeader = `${header.replace(/ F\d+:\d+/, ` F${options.fps}:1`)}\n`;
  const parts: Buffer[] = [Buffer.from(newHeader, 'ascii')];
  for (let i = 0; i < options.awayFrames; i++) parts.push(marker, away);
  for (let i = 0; i < options.presentFrames; i++) parts.push(marker, present);
  writeFileSync(outPath, Buffer.concat(parts));
}
