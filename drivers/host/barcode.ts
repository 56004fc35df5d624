/**
 * The device host's side of the counter's barcode reader: every symbol the reader (simulated or
 * real) reads goes to main as a `barcode.scan` event, bytes in base64 (main classifies and verifies
 * it); on a simulated bench, `barcodeSimulateScan` makes the simulated reader scan a content.
 * `barcodeDecodeImage` is the camera and flatbed fallback: the symbol found in a picture.
 */
import { decodeBarcodeImage } from '../../models/imaging/barcode';
import { DeviceError } from '../core/errors';
import { isScanningDevice } from '../registry/devices/scan-relay';
import { SimulatedBarcodeReader } from '../registry/devices/simulated-barcode-reader';
import type { DeviceHandlers, DeviceHostContext } from './host-context';

/** Forwards the reader's scans to main; returns the unsubscribe (no reader: nothing to forward). */
export function forwardBarcodeScans(ctx: DeviceHostContext): () => void {
  const reader = ctx.registry.deviceOfKind('barcode-reader');
  if (!isScanningDevice(reader)) return () => undefined;
  return reader.onScan((scan) =>
    ctx.emit('barcode.scan', {
      symbology: scan.symbology,
      aim: scan.aim,
      contentBase64: Buffer.from(scan.bytes).toString('base64'),
      at: scan.at,
    }),
  );
}

export function barcodeHostHandlers(
  ctx: DeviceHostContext,
): DeviceHandlers<'barcodeSimulateScan' | 'barcodeDecodeImage'> {
  return {
    barcodeDecodeImage: async ({ imageBase64 }) => {
      const found = await decodeBarcodeImage(Buffer.from(imageBase64, 'base64'));
      return { symbology: found.format, contentBase64: Buffer.from(found.bytes).toString('base64') };
    },
    barcodeSimulateScan: async ({ content, symbology }) => {
      const reader = ctx.registry.deviceOfKind('barcode-reader');
      if (!ctx.simulated || !(reader instanceof SimulatedBarcodeReader)) {
        const prompt = 'Aucun lecteur de codes simulé sur ce poste.';
        throw new DeviceError('fatal', 'NOT_SIMULATED', prompt, { prompt });
      }
      await reader.scan(content, symbology);
      return { scanned: true as const };
    },
  };
}
