/**
 * Strokes → SVG: one path per stroke, its width following the stroke's mean pressure, round caps
 * so a dot stays visible. Tablet units reach the requested size (default the pad's screen size)
 * through the one mapping of common/signature, the one the capture screen's live canvas uses.
 */
import {
  fullPressureWidth,
  inkWidth,
  placeTablet,
  SIGNATURE_INK,
  toPixels,
} from '../../../../common/signature/drawing';
import type { PenPoint, SignatureCapabilities } from '../../../core/capabilities';
import { toStrokes } from './strokes';

export interface SvgOptions {
  width?: number;
  height?: number;
  /** Pen width in output pixels at full pressure. */
  penWidth?: number;
  color?: string;
  /** Background fill; none (transparent) by default. */
  background?: string;
}

const fmt = (v: number) => (Math.round(v * 100) / 100).toString();

export function renderSvg(
  points: readonly PenPoint[],
  caps: SignatureCapabilities,
  options: SvgOptions = {},
): string {
  const width = options.width ?? caps.screenWidth;
  const height = options.height ?? caps.screenHeight;
  const penWidth = options.penWidth ?? fullPressureWidth({ width, height });
  const color = options.color ?? SIGNATURE_INK;
  if (
    !/^#[0-9a-f]{3,8}$|^[a-z]+$/i.test(color) ||
    (options.background && !/^#[0-9a-f]{3,8}$|^[a-z]+$/i.test(options.background))
  ) {
    throw new RangeError('colors must be #hex or a CSS color name');
  }
  const placement = placeTablet({ maxX: caps.tabletMaxX, maxY: caps.tabletMaxY }, { width, height });
  const paths = toStrokes(points).map((stroke) => {
    const mean = stroke.reduce((sum, p) => sum + p.pressure, 0) / stroke.length;
    const w = inkWidth(mean / Math.max(1, caps.maxPressure), penWidth);
    const d = stroke
      .map((p, i) => {
        const o = toPixels(placement, p);
        return `${i === 0 ? 'M' : 'L'}${fmt(o.x)} ${fmt(o.y)}`;
      })
      .join(' ');
    // A single-point stroke still draws a round dot.
    const path = stroke.length === 1 ? `${d} l0 0` : d;
    return `<path d="${path}" stroke-width="${fmt(w)}"/>`;
  });
  const bg = options.background ? `<rect width="100%" height="100%" fill="${options.background}"/>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    bg +
    `<g fill="none" stroke="${color}" stroke-linecap="round" stroke-linejoin="round">${paths.join('')}</g></svg>`
  );
}
