/**
 * The camera in the renderer (UVC through getUserMedia): the device is pinned by id when one is
 * chosen, resolution and frame rate are constrained, and stills are taken at the stream's full
 * resolution. Under simulation, Chromium's fake capture device plays the project's Y4M clip.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

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

export function useCamera(options: CameraOptions = {}) {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
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
      if (videoRef.current) {
        videoRef.current.srcObject = stream;
        await videoRef.current.play().catch(() => undefined);
      }
      setState({ status: 'live', width: settings.width, height: settings.height, label: track?.label });
    } catch (error) {
      setState({ status: 'error', error: frenchError(error) });
    }
  }, [options.deviceId, options.width, options.height, options.frameRate]);

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
    [],
  );

  return { videoRef, state, start, stop, still };
}
