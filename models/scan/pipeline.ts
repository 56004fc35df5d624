/**
 * From a flatbed scan to a checked ISO token: decode within bounds (load.ts), find the one photo
 * on the glass (locate.ts), deskew it by its paper edges at the scan's own resolution (warp.ts),
 * find which way up it lies by detecting the face, crop the ISO/IEC 19794-5 token (token.ts), run
 * the portrait checker on the token with the scan's thresholds, add the scan criteria and pick
 * the agent's one French instruction. The report has the shape of `photo check`'s.
 */

import type { PortraitAnalysis } from '../face/check';
import { analysePortrait, type PortraitChecker } from '../face/check';
import { DEFAULT_MANDATORY, ISO_TOKEN_PORTRAIT_CONFIG } from '../face/config';
import type { CriterionId, CriterionResult } from '../face/criteria/ids';
import type { FaceGeometry } from '../face/geometry/face-geometry';
import { lumaPlane, type RgbImage } from '../face/image/rgb-image';
import type { FaceReport } from '../face/report';
import { whiteBorderFraction } from './border';
import { judgeScan, SCAN_MANDATORY, type ScanCriterionResult } from './criteria';
import { countSpecks } from './dust';
import { ScanInputError } from './errors';
import { scanInstruction } from './guidance';
import { halftonePeakRatio, windowSize } from './halftone';
import { loadScan } from './load';
import { locatePhotos, type PhotoRect } from './locate';
import { type ScanToken, scanToken } from './token';
import { turned, type UprightPhoto, uprightPhoto } from './warp';

export interface ScanReport {
  readonly compliant: boolean;
  readonly criteria: readonly (CriterionResult | ScanCriterionResult)[];
  readonly face: FaceReport | null;
  readonly ms: number;
}

export interface ScanResult {
  readonly found: boolean;
  readonly skewDegrees: number;
  /** Resolution of the original used by the criteria (stated by the file, or from the photo's size). */
  readonly dpi: number;
  readonly token: ScanToken | null;
  readonly report: ScanReport;
  readonly instruction: string;
}

export interface ScanOptions {
  /** A checker of the caller (the device host's worker); default: the shared in-thread one. */
  readonly checker?: PortraitChecker;
}

const ID_PHOTO_HEIGHT_IN = 45 / 25.4;

export async function scanPortrait(
  input: string | Uint8Array,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const started = performance.now();
  const analyse = (image: RgbImage, mode?: 'geometry') =>
    options.checker
      ? options.checker.analyse(image, mode ? { mode } : {})
      : analysePortrait(image, ISO_TOKEN_PORTRAIT_CONFIG, mode ? { mode } : {});
  const scan = await loadScan(input);
  const stated =
    scan.statedDpi && scan.statedDpi >= 150 && scan.statedDpi <= 2400 ? scan.statedDpi : undefined;
  const rect = findOnePhoto(scan.image, stated);
  const dpi = stated ?? Math.max(rect.width, rect.height) / ID_PHOTO_HEIGHT_IN;

  // which way up: the photo's long side is its height; of its two ways up, the face says which
  // (the more confident detection whose mouth is below its eyes)
  const turns = rect.width > rect.height ? [1, 3] : [0, 2];
  let upright: UprightPhoto | undefined;
  let found: PortraitAnalysis | undefined;
  for (const t of turns) {
    const candidate = uprightPhoto(scan.image, turned(rect, t));
    const analysis = await analyse(candidate.image, 'geometry');
    upright ??= candidate;
    const face = analysis.report.face;
    const faceUp = face && face.keypoints.mouth.y > (face.eyes.right.y + face.eyes.left.y) / 2;
    if (analysis.geometry && faceUp && (!found?.report.face || face.score > found.report.face.score)) {
      upright = candidate;
      found = analysis;
    }
  }
  const skewDegrees = rect.skewDeg;
  const photoScan = scanCriteria(scan.image, rect, dpi, skewDegrees);
  if (!found?.geometry) {
    const report = (await analyse(upright!.image)).report;
    const criteria = [...report.criteria, ...photoScan];
    return {
      found: true,
      skewDegrees,
      dpi: Math.round(dpi),
      token: null,
      report: { compliant: false, criteria, face: null, ms: elapsed(started) },
      instruction: scanInstruction(criteria, mandatory(), false),
    };
  }
  const token = await scanToken(upright!.image, upright!.content, eyesOf(found.geometry));
  const portrait = (await analyse(token.image)).report;
  const tokenCriteria = tokenScanCriteria(token, portrait.face, dpi);
  const criteria = [...portrait.criteria, ...photoScan, ...tokenCriteria];
  const compliant =
    portrait.compliant && SCAN_MANDATORY.every((id) => criteria.find((c) => c.id === id)?.status === 'ok');
  return {
    found: true,
    skewDegrees,
    dpi: Math.round(dpi),
    token,
    report: { compliant, criteria, face: portrait.face, ms: elapsed(started) },
    instruction: scanInstruction(criteria, mandatory(), portrait.face !== null),
  };
}

function mandatory(): readonly (CriterionId | ScanCriterionResult['id'])[] {
  return [...DEFAULT_MANDATORY, ...SCAN_MANDATORY];
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

function eyesOf(g: FaceGeometry) {
  return { right: g.rightEye, left: g.leftEye };
}

function findOnePhoto(image: RgbImage, dpi: number | undefined): PhotoRect {
  let located = locatePhotos(image, dpi);
  // a stated density can be wrong (a scan re-saved at 72 ppi): look again without it
  if (located.photos.length === 0 && dpi) located = locatePhotos(image, undefined);
  if (located.photos.length > 1)
    throw new ScanInputError('several_photos', `${located.photos.length} photos found on the glass`);
  const photo = located.photos[0];
  if (photo) return photo;
  // a scan cropped to the photo itself: the whole page, if it has a photo's proportions
  const aspect = Math.min(image.width, image.height) / Math.max(image.width, image.height);
  if (located.others <= 1 && aspect >= 0.7 && aspect <= 0.85 && Math.abs(located.background - 240) > 20)
    return {
      centre: { x: image.width / 2 - 0.5, y: image.height / 2 - 0.5 },
      u: { x: 1, y: 0 },
      v: { x: 0, y: 1 },
      width: image.width,
      height: image.height,
      skewDeg: 0,
    };
  throw new ScanInputError(
    'no_photo',
    located.others > 0
      ? `no ID photo on the glass (${located.others} other object(s): a document, or photos touching each other?)`
      : 'no ID photo on the glass (an empty page)',
  );
}

/** Criteria measured on the scan itself: resolution, halftone (a window inside the photo), skew. */
function scanCriteria(
  image: RgbImage,
  rect: PhotoRect,
  dpi: number,
  skewDegrees: number,
): ScanCriterionResult[] {
  const n = windowSize(0.6 * Math.min(rect.width, rect.height));
  const left = Math.round(rect.centre.x - n / 2);
  const top = Math.round(rect.centre.y - n / 2);
  const window = new Float64Array(n * n);
  let inside = left >= 0 && top >= 0 && left + n <= image.width && top + n <= image.height;
  if (inside)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const o = ((top + y) * image.width + left + x) * 3;
        window[y * n + x] = 0.299 * image.data[o]! + 0.587 * image.data[o + 1]! + 0.114 * image.data[o + 2]!;
      }
  if (n > Math.min(rect.width, rect.height)) inside = false;
  return [
    judgeScan('scan_resolution', dpi),
    judgeScan('halftone', inside ? halftonePeakRatio(window, n) : null),
    judgeScan('scan_skew', skewDegrees),
  ];
}

/** Criteria measured on the token: dust specks (eyes excepted) and a white border left in it. */
function tokenScanCriteria(token: ScanToken, face: FaceReport | null, dpi: number): ScanCriterionResult[] {
  const { width, height } = token.image;
  const luma = lumaPlane(token.image);
  const ied = Math.hypot(token.eyes.left.x - token.eyes.right.x, token.eyes.left.y - token.eyes.right.y);
  const eyes = face ? [face.eyes.right, face.eyes.left] : [token.eyes.right, token.eyes.left];
  const specks = countSpecks(luma, width, height, {
    radius: (0.25 / 25.4) * dpi * token.scale,
    exclude: eyes.map((centre) => ({ centre, radius: 0.3 * ied })),
  });
  return [judgeScan('dust', specks), judgeScan('token_border', whiteBorderFraction(luma, width, height))];
}
