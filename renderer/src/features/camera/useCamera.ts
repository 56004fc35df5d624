/**
 * The camera in the renderer (UVC through getUserMedia): the device is pinned by id when one is
 * chosen, resolution and frame rate are constrained, and stills are taken at the stream's full
 * resolution. Under simulation, Chromium's fake capture device plays the project's Y4M clip.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export interface CameraState {
  status: 'idle' | 'starting' | 'live' | 'error';
  error?: string;
  width?: number;
  height?: number;
  label?: string;
}

export interface CameraOptions {
  deviceId?: string;
  width?: number;
  height?: number;
  frameRate?: number;
}

function frenchError(error: unknown): string {
  const name = (error as { name?: string }).name;
  if (name === 'NotAllowedError') return 'Accès à la caméra refusé.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return 'Aucune caméra compatible n’est branchée.';
  if (name === 'NotReadableError') return 'La caméra est utilisée par un autre logiciel ou ne répond pas.';
  return 'La caméra n’a pas pu démarrer.';
}

/**
 * A ref for the `<video>` element that also works as a callback ref: a video element mounted after
 * the camera started (a preview shown again after a retake) gets the live stream at once.
 */
export type VideoRef = ((element: HTMLVideoElement | null) => void) & {
  readonly current: HTMLVideoElement | null;
};

function attach(video: HTMLVideoElement, stream: MediaStream): Promise<void> {
  if (video.srcObject === stream) return Promise.resolve();
  video.srcObject = stream;
  return video.play().catch(() => undefined);
}

export function useCamera(options: CameraOptions = {}) {
  const streamRef = useRef<MediaStream | null>(null);
  const videoRef = useMemo<VideoRef>(() => {
    let element: HTMLVideoElement | null = null;
    const ref = (next: HTMLVideoElement | null) => {
      element = next;
      if (next && streamRef.current) void attach(next, streamRef.current);
    };
    return Object.defineProperty(ref, 'current', { get: () => element }) as VideoRef;
  }, []);
  const [state, setState] = useState<CameraState>({ status: 'idle' });

  const stop = useCallback(() => {
    for (const track of streamRef.current?.getTracks() ?? []) track.stop();
    streamRef.current = null;
    setState({ status: 'idle' });
  }, []);

  const start = useCallback(async () => {
    setState({ status: 'starting' });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: {
          ...(options.deviceId ? { deviceId: { exact: options.deviceId } } : {}),
          width: { ideal: options.width ?? 4096 },
          height: { ideal: options.height ?? 4096 },
          frameRate: { ideal: options.frameRate ?? 30 },
        },
      });
      streamRef.current = stream;
      const track = stream.getVideoTracks()[0];
      const settings = track?.getSettings() ?? {};
      track?.addEventListener('ended', () =>
        setState({ status: 'error', error: 'La caméra a été débranchée.' }),
      );
      if (videoRef.current) await attach(videoRef.current, stream);
      setState({ status: 'live', width: settings.width, height: settings.height, label: track?.label });
    } catch (error) {
      setState({ status: 'error', error: frenchError(error) });
    }
  }, [options.deviceId, options.width, options.height, options.frameRate, videoRef]);

  useEffect(() => stop, [stop]);

  /** Takes a still at full resolution as JPEG; resolves null when no frame is available. */
  const still = useCallback(
    async (quality = 0.92): Promise<{ blob: Blob; width: number; height: number } | null> => {
      const video = videoRef.current;
      if (!video || video.videoWidth === 0) return null;
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d')?.drawImage(video, 0, 0);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
      return blob ? { blob, width: canvas.width, height: canvas.height } : null;
    },
    [videoRef],
  );

  return { videoRef, state, start, stop, still };
}
