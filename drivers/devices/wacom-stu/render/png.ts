/**
 * Strokes → PNG through sharp (librsvg rasterises our SVG): white background, ink in the given
 * colour, at the pad's screen size or at a chosen DPI of the physical writing surface.
 */
import sharp from 'sharp';
import type { PenPoint, SignatureCapabilities } from '../../../core/capabilities';
import { renderSvg, type SvgOptions } from './svg';

export interface PngOptions extends Omit<SvgOptions, 'background'> {
  /** Output DPI of the tablet surface (needs resolutionPpi); overrides width/height. */
  dpi?: number;
}

/** Output size for `dpi` from the tablet's physical size. */
export function sizeAtDpi(caps: SignatureCapabilities, dpi: number): { width: number; height: number } {
  if (!caps.resolutionPpi) throw new RangeError('the pad does not state its resolution: give width/height');
  return {
    width: Math.max(1, Math.round((caps.tabletMaxX / caps.resolutionPpi) * dpi)),
    height: Math.max(1, Math.round((caps.tabletMaxY / caps.resolutionPpi) * dpi)),
  };
}

export async function renderPng(
  points: readonly PenPoint[],
  caps: SignatureCapabilities,
  options: PngOptions = {},
): Promise<Buffer> {
  const size = options.dpi ? sizeAtDpi(caps, options.dpi) : undefined;
  const svg = renderSvg(points, caps, { ...options, ...size, background: '#ffffff' });
  const png = sharp(Buffer.from(svg)).png({ compressionLevel: 9 });
  if (options.dpi) png.withMetadata({ density: options.dpi });
  return png.toBuffer();
}
