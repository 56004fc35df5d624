/**
 * A browser DOM for component tests under node:test: happy-dom registered as the global window
 * (document, events, MutationObserver, sessionStorage...), with 2D canvases drawn by
 * @napi-rs/canvas (Skia) so that what a component draws can be read back pixel by pixel.
 * A component test imports it first, as a bare import (`import '…/test/support/dom';`): React DOM
 * and Testing Library look for `window` when they load, and the formatter keeps bare imports in place.
 */
import { GlobalRegistrator } from '@happy-dom/global-registrator';
import { type Canvas, createCanvas } from '@napi-rs/canvas';

interface SizedCanvas {
  width: number;
  height: number;
}

/** One Skia canvas per DOM canvas, resized with it. */
const backing = new WeakMap<object, Canvas>();

function skiaOf(element: SizedCanvas): Canvas {
  let canvas = backing.get(element);
  if (!canvas) {
    canvas = createCanvas(Math.max(1, element.width), Math.max(1, element.height));
    backing.set(element, canvas);
  } else if (canvas.width !== element.width || canvas.height !== element.height) {
    canvas.width = Math.max(1, element.width);
    canvas.height = Math.max(1, element.height);
  }
  return canvas;
}

/** The canvas encoded as a browser would (PNG by default; JPEG/WebP quality 0..1 as in the DOM API). */
function encode(element: SizedCanvas, type?: string, quality?: unknown): { mime: string; bytes: Buffer } {
  const canvas = skiaOf(element);
  if (type === 'image/jpeg' || type === 'image/webp') {
    const q = typeof quality === 'number' ? Math.round(Math.min(1, Math.max(0, quality)) * 100) : 92;
    return { mime: type, bytes: canvas.toBuffer(type, q) };
  }
  return { mime: 'image/png', bytes: canvas.toBuffer('image/png') };
}

/**
 * Frames of fake media streams (see renderer/src/bridge/fake/camera.ts): a 2D context asked to draw
 * a `<video>` playing one of these streams draws the stream's current frame instead.
 */
export const streamFrames = new WeakMap<object, Canvas>();

/** Skia's 2D context, drawing a video element as its stream's frame. */
function contextOf(element: SizedCanvas) {
  const context = skiaOf(element).getContext('2d');
  return new Proxy(context, {
    get(target, property) {
      if (property === 'drawImage') {
        return (source: unknown, ...rest: number[]) => {
          const stream = (source as { srcObject?: object } | null)?.srcObject;
          const frame = stream ? streamFrames.get(stream) : undefined;
          return (target.drawImage as (...args: unknown[]) => void)(frame ?? source, ...rest);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (target, property, value) => Reflect.set(target, property, value, target),
  });
}

const skiaCanvasAdapter = {
  getContext(caller: { canvas: SizedCanvas }, contextType: string) {
    // The adapter's context type is happy-dom's own interface; Skia's context implements it.
    return contextType === '2d' ? (contextOf(caller.canvas) as never) : null;
  },
  toDataURL(caller: { canvas: SizedCanvas }, type?: string, quality?: unknown) {
    const { mime, bytes } = encode(caller.canvas, type, quality);
    return `data:${mime};base64,${bytes.toString('base64')}`;
  },
  toBlob(
    caller: { canvas: SizedCanvas },
    callback: (blob: Blob | null) => void,
    type?: string,
    quality?: unknown,
  ) {
    const { mime, bytes } = encode(caller.canvas, type, quality);
    setTimeout(() => callback(new Blob([new Uint8Array(bytes)], { type: mime })), 0);
  },
};

if (!GlobalRegistrator.isRegistered) {
  GlobalRegistrator.register({
    url: 'http://127.0.0.1/',
    width: 1280,
    height: 900,
    settings: { canvasAdapter: skiaCanvasAdapter as never },
  });
}
// React's act() environment: state updates in tests are flushed before assertions.
Object.assign(globalThis, { IS_REACT_ACT_ENVIRONMENT: true });

/** The RGBA pixels a DOM canvas holds (its Skia backing), for pixel comparisons in tests. */
export function canvasPixels(element: HTMLCanvasElement): {
  width: number;
  height: number;
  data: Uint8ClampedArray;
} {
  const canvas = skiaOf(element);
  const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  return { width: image.width, height: image.height, data: image.data };
}
