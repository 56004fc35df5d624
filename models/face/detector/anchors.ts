/**
 * SSD anchors for BlazeFace, generated as MediaPipe's SsdAnchorsCalculator does (fixed anchor size,
 * one aspect ratio plus the interpolated scale, layers of equal stride merged into one grid).
 * Front model: 128 px input, strides 8/16/16/16; back model: 256 px, strides 16/32/32/32.
 * Both give 16x16x2 + 8x8x6 = 896 anchors, ordered grid by grid, row by row, then anchor.
 */

export interface Anchor {
  /** Centre in [0,1] of the model input. */
  readonly x: number;
  readonly y: number;
  /** Fixed anchor size: 1 (the regressions are scaled by the input size instead). */
  readonly w: number;
  readonly h: number;
}

export interface SsdAnchorOptions {
  readonly inputSize: number;
  readonly numLayers: number;
  readonly minScale: number;
  readonly maxScale: number;
  readonly strides: readonly number[];
  readonly anchorOffset: number;
  readonly aspectRatios: readonly number[];
  readonly interpolatedScaleAspectRatio: number;
}

export const FRONT_ANCHORS: SsdAnchorOptions = {
  inputSize: 128,
  numLayers: 4,
  minScale: 0.1484375,
  maxScale: 0.75,
  strides: [8, 16, 16, 16],
  anchorOffset: 0.5,
  aspectRatios: [1],
  interpolatedScaleAspectRatio: 1,
};

export const BACK_ANCHORS: SsdAnchorOptions = {
  ...FRONT_ANCHORS,
  inputSize: 256,
  minScale: 0.15625,
  strides: [16, 32, 32, 32],
};

/** Number of anchors per grid cell of each merged layer (aspect ratios + interpolated, per layer). */
function anchorsPerCell(options: SsdAnchorOptions, first: number, last: number): number {
  const perLayer = options.aspectRatios.length + (options.interpolatedScaleAspectRatio > 0 ? 1 : 0);
  return (last - first) * perLayer;
}

export function generateAnchors(options: SsdAnchorOptions): Anchor[] {
  const anchors: Anchor[] = [];
  let layer = 0;
  while (layer < options.numLayers) {
    const stride = options.strides[layer]!;
    let last = layer;
    while (last < options.numLayers && options.strides[last] === stride) last++;
    const perCell = anchorsPerCell(options, layer, last);
    const size = Math.ceil(options.inputSize / stride);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let a = 0; a < perCell; a++) {
          anchors.push({
            x: (x + options.anchorOffset) / size,
            y: (y + options.anchorOffset) / size,
            w: 1,
            h: 1,
          });
        }
      }
    }
    layer = last;
  }
  return anchors;
}
