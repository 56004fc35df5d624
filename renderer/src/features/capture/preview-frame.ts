/**
 * Grabs frames from the camera preview for the portrait checks: a downscaled JPEG of the whole frame
 * with the 3:4 portrait region in it (live guidance), or the full-resolution still (final check).
 */
export interface GrabbedFrame {
  jpegBase64: string;
  width: number;
  height: number;
  /** The 3:4 portrait region, in the grabbed frame's pixels. */
  frame: { x: number; y: number; width: number; height: number };
  /** Camera pixels per grabbed pixel. */
  pixelScale: number;
  objectUrl?: string;
}

function portraitRegion(width: number, height: number) {
  let w = width;
  let h = (width * 4) / 3;
  if (h > height) {
    h = height;
    w = (height * 3) / 4;
  }
  return { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h };
}

async function toBase64(blob: Blob): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(',') + 1);
}

export async function grabFrame(
  video: HTMLVideoElement,
  maxSide: number | null,
  quality: number,
): Promise<GrabbedFrame | null> {
  const sourceWidth = video.videoWidth;
  const sourceHeight = video.videoHeight;
  if (sourceWidth === 0 || sourceHeight === 0) return null;
  const scale = maxSide ? Math.min(1, maxSide / Math.max(sourceWidth, sourceHeight)) : 1;
  const width = Math.round(sourceWidth * scale);
  const height = Math.round(sourceHeight * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.drawImage(video, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) return null;
  return {
    jpegBase64: await toBase64(blob),
    width,
    height,
    frame: portraitRegion(width, height),
    pixelScale: 1 / scale,
    ...(maxSide ? {} : { objectUrl: URL.createObjectURL(blob) }),
  };
}
