/**
 * Entry of the device host's portrait worker thread: the whole portrait analysis (JPEG decoding,
 * detection, landmarks, every criterion) runs here, so that a stream of live preview frames never
 * holds the host's event loop, where fingerprint quality, the scanners and the RPC are answered.
 * Errors leave as the contract's payload (translated here, where their classes are known).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../../common/errors';
import type { WorkerReply } from '../../common/worker-calls';
import { translateDeviceHostError } from './errors';
import { analyzeFrame, type PortraitFrameRequest } from './portrait-analysis';

const port = parentPort;
if (!port) throw new Error('portrait-worker must run in a worker thread');
const { thresholds } = workerData as { thresholds?: string };

port.on('message', async (message: { id: number; request: PortraitFrameRequest }) => {
  let reply: WorkerReply;
  try {
    reply = { id: message.id, ok: true, value: await analyzeFrame(message.request, thresholds) };
  } catch (error) {
    reply = { id: message.id, ok: false, error: toErrorPayload(translateDeviceHostError(error)) };
  }
  port.postMessage(reply);
});
