/**
 * Reads the France Identité QR code from a picture (a photo of the phone screen, or a frame): the
 * image is drawn on a canvas and decoded by jsQR, in the renderer only (nothing is sent or kept).
 */
import jsQR from 'jsqr';

/** The text of the QR code found in `file`, or undefined when there is none. */
export async function decodeQrFromFile(file: Blob): Promise<string | undefined> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) return undefined;
    context.drawImage(bitmap, 0, 0, width, height);
    const { data } = context.getImageData(0, 0, width, height);
    return jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? undefined;
  } finally {
    bitmap.close();
  }
}
