/**
 * Entry of the inference worker thread: owns a SessionPool and answers load/run/close requests
 * from the worker runner. Heavy inference thus runs off the device host's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SessionPool } from './session-pool';
import type { RuntimeOptions } from './types';
import { forTransfer, toWireError, type WorkerRequest, type WorkerResponse } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('inference-worker must run in a worker thread');
const pool = new SessionPool(workerData as RuntimeOptions);

port.on('message', async (request: WorkerRequest) => {
  let response: WorkerResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    if (request.kind === 'load') {
      response = { id: request.id, ok: true, value: await pool.load(request.modelId) };
    } else if (request.kind === 'run') {
      const prepared = forTransfer(await pool.run(request.modelId, request.feeds));
      transfer = prepared.transfer;
      response = { id: request.id, ok: true, value: prepared.map };
    } else {
      await pool.close();
      response = { id: request.id, ok: true, value: null };
    }
  } catch (error) {
    response = { id: request.id, ok: false, error: toWireError(error) };
  }
  port.postMessage(response, transfer);
});
