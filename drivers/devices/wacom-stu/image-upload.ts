/**
 * Prompt/background image upload to an STU: wait until the firmware is Ready (StartImageData is
 * refused in any other status), StartImageData(mode), ImageDataBlock × n (253 bytes each over HID)
 * with progress and cancellation between blocks, EndImageData(commit) — or EndImageData(abandon)
 * when cancelled — then check the firmware's result. Image blocks are traced sparsely and masked
 * (a prompt may show the applicant's name).
 */
import { DeviceError } from '../../core/errors';
import type { Operation } from '../../core/operation';
import type { ProtocolTrace } from '../../core/trace';
import { CommandChannel } from './command-channel';
import type { UploadState } from './operations';
import { endImageDataCodec } from './protocol/feature-reports';
import {
  deviceSupportsMode,
  type EncodingModeValue,
  encodeStartImageData,
  imageBlocks,
  imageByteLength,
} from './protocol/image';
import { ReportId } from './protocol/report-ids';

export interface EncodedImage {
  mode: EncodingModeValue;
  /** Device-format pixel data for the whole screen (see protocol/image.ts encodePixels). */
  data: Uint8Array;
}

export interface UploadTarget {
  screenWidth: number;
  screenHeight: number;
  encodingFlag: number;
}

/** Blocks between two Status checks during the upload (the SDK checks none until the end). */
const statusCheckEvery = 256;
/** Blocks between two trace entries. */
const traceEvery = 256;

export async function uploadImage(
  channel: CommandChannel,
  trace: ProtocolTrace,
  op: Operation<UploadState>,
  target: UploadTarget,
  image: EncodedImage,
  onProgress?: (label: string, fraction: number) => void,
): Promise<void> {
  if (!deviceSupportsMode(target.encodingFlag, image.mode)) {
    throw new DeviceError(
      'fatal',
      'STU_IMAGE_MODE',
      `image mode 0x${image.mode.toString(16)} not supported by this pad`,
    );
  }
  const expected = imageByteLength(image.mode, target.screenWidth, target.screenHeight);
  if (expected !== undefined && image.data.length !== expected) {
    throw new DeviceError(
      'fatal',
      'STU_IMAGE_SIZE',
      `image is ${image.data.length} bytes, the screen needs ${expected}`,
    );
  }
  const signal = op.signal;
  await channel.waitForStatusToSend(ReportId.StartImageData, 'set', signal);
  op.to('starting');
  await channel.command(encodeStartImageData(image.mode), signal);
  op.to('sending');
  const blocks = imageBlocks(image.data);
  onProgress?.('Envoi de l’image à la tablette', 0);
  try {
    for (const [i, block] of blocks.entries()) {
      const traced = i === 0 || i === blocks.length - 1 || i % traceEvery === 0;
      if (traced) {
        trace.record('out', block, {
          personal: true,
          visibleBytes: 3,
          note: `ImageDataBlock ${i + 1}/${blocks.length}`,
        });
      }
      await channel.send(block, signal, { untraced: true });
      if ((i + 1) % statusCheckEvery === 0)
        CommandChannel.checkResult(await channel.status(signal), ReportId.ImageDataBlock);
      onProgress?.('Envoi de l’image à la tablette', (i + 1) / blocks.length);
    }
  } catch (error) {
    if (error instanceof DeviceError && (error.kind === 'cancelled' || error.kind === 'protocol')) {
      await abandon(channel, op, error);
    }
    throw error;
  }
  op.to('ending');
  await channel.command(endImageDataCodec.encode(0), signal);
  op.to('done');
}

/** Leaves the Image status (EndImageData abandon), with a short budget of its own. */
async function abandon(
  channel: CommandChannel,
  op: Operation<UploadState>,
  cause: DeviceError,
): Promise<void> {
  // A cancelled or timed-out operation is settled: it cannot move, but the pad still needs the abandon.
  const live = !op.signal.aborted;
  if (live) op.to('abandoning');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(cause), 1000);
  try {
    await channel.send(endImageDataCodec.encode(1), controller.signal);
  } catch {
    // The pad did not take the abandon: the next Reset recovers it.
  } finally {
    clearTimeout(timer);
  }
  if (live) op.to('abandoned');
}
