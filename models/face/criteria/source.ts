/** Criteria on the picture itself: image size against the output size, and colour space (24-bit sRGB). */
import type { SourceInfo } from '../image/load';
import type { CriterionResult, Threshold } from './ids';
import { judge } from './judge';

/** min(width / required width, height / required height): >= 1 means no upscaling is needed. */
export function imageSizeCriterion(
  size: { width: number; height: number },
  required: { width: number; height: number },
  threshold: Threshold,
): CriterionResult {
  return judge('image_size', Math.min(size.width / required.width, size.height / required.height), threshold);
}

/** Bits per pixel of the colour data (alpha excluded); non-RGB spaces (CMYK...) count as their channels. */
export function colourSpaceCriterion(info: SourceInfo, threshold: Threshold): CriterionResult {
  const colourChannels = info.channels - (info.hasAlpha ? 1 : 0);
  const rgb = info.space === 'srgb' || info.space === 'rgb' || info.space === 'rgb16';
  const bits = colourChannels * info.bitsPerSample;
  // a 3-channel file in another colour space (e.g. Lab) is not sRGB: report it as 0 bits of sRGB
  return judge('colour_space', colourChannels === 3 && !rgb ? 0 : bits, threshold);
}
