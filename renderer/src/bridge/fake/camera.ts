/**
 * The fake counter camera: `navigator.mediaDevices.getUserMedia` as the renderer meets it, either
 * refusing (no camera plugged, access denied, camera busy) or giving a live stream whose frames a
 * `<video>` plays (its size, and a grey frame drawn when a canvas draws the video). Installed for
 * one test, uninstalled after. Test support only (see station.ts).
 */
import { createCanvas } from '@napi-rs/canvas';
import { streamFrames } from '../../../../test/support/dom';

export type CameraFailure = 'NotFoundError' | 'NotAllowedError' | 'NotReadableError';

export interface FakeCamera {
  /** The constraints of each getUserMedia call. */
  readonly requests: MediaStreamConstraints[];
  /** The camera is unplugged: its track ends. */
  unplug(): void;
  uninstall(): void;
}

export function installCamera(
  options: { error: CameraFailure } | { width: number; height: number },
): FakeCamera {
  const requests: MediaStreamConstraints[] = [];
  const ended = new Set<() => void>();
  const size = 'error' in options ? undefined : options;
  const getUserMedia = async (constraints: MediaStreamConstraints) => {
    requests.push(constraints);
    if ('error' in options) throw new DOMException('camera', options.error);
    const track = {
      kind: 'video',
      label: 'Caméra simulée',
      stop: () => undefined,
      getSettings: () => ({ width: options.width, height: options.height }),
      addEventListener: (type: string, listener: () => void) => type === 'ended' && ended.add(listener),
    };
    // A DOM MediaStream (a <video> takes no other), with the fake track.
    const stream = Object.assign(new MediaStream(), {
      getTracks: () => [track],
      getVideoTracks: () => [track],
    });
    const frame = createCanvas(options.width, options.height);
    const context = frame.getContext('2d');
    context.fillStyle = '#808080';
    context.fillRect(0, 0, options.width, options.height);
    streamFrames.set(stream, frame);
    return stream;
  };
  const video = HTMLVideoElement.prototype;
  const sizeOf = (element: HTMLVideoElement, key: 'width' | 'height') =>
    size && element.srcObject && streamFrames.has(element.srcObject) ? size[key] : 0;
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia } });
  Object.defineProperty(video, 'videoWidth', {
    configurable: true,
    get(this: HTMLVideoElement) {
      return sizeOf(this, 'width');
    },
  });
  Object.defineProperty(video, 'videoHeight', {
    configurable: true,
    get(this: HTMLVideoElement) {
      return sizeOf(this, 'height');
    },
  });
  return {
    requests,
    unplug: () => {
      for (const listener of ended) listener();
    },
    uninstall: () => {
      Reflect.deleteProperty(navigator, 'mediaDevices');
      Reflect.deleteProperty(video, 'videoWidth');
      Reflect.deleteProperty(video, 'videoHeight');
    },
  };
}
