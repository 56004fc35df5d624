/**
 * Inference runner backed by a worker thread (rule: heavy native work never runs on the host's
 * event loop). One worker holds one session per model; requests are answered in order of
 * completion and matched by id (common/worker-calls.ts). If the worker dies, pending and later
 * calls reject.
 * The worker is started by start-worker.ts (tsx loader under sources).
 */

import { startWorkerThread } from '../../common/start-worker';
import { workerCalls } from '../../common/worker-calls';
import { ModelRuntimeError } from './errors';
import type { InferenceRunner, LoadedModelInfo, RuntimeOptions, TensorMap } from './types';
import { forTransfer, fromWireError, type WireError, type WorkerRequest } from './worker-protocol';

export function createInferenceWorker(options: RuntimeOptions): InferenceRunner {
  const worker = startWorkerThread(import.meta.url, 'inference-worker', options);
  type RequestBody = WorkerRequest extends infer R
    ? R extends WorkerRequest
      ? Omit<R, 'id'>
      : never
    : never;
  const calls = workerCalls<RequestBody>(worker, {
    fromWire: (error) => fromWireError(error as WireError),
    exited: (code) => new ModelRuntimeError('runner_closed', `inference worker exited (${code})`),
  });
  const request = <T>(message: RequestBody, transfer: ArrayBuffer[] = []) =>
    calls.request<T>(message, transfer);

  return {
    load: (modelId) => request<LoadedModelInfo>({ kind: 'load', modelId }),
    run: (modelId, feeds) => {
      const prepared = forTransfer(feeds);
      return request<TensorMap>({ kind: 'run', modelId, feeds: prepared.map }, prepared.transfer);
    },
    async close() {
      if (!calls.failed) {
        try {
          await request<null>({ kind: 'close' });
        } catch {
          // already dead
        }
      }
      calls.fail(new ModelRuntimeError('runner_closed', 'inference runner closed'));
      await worker.terminate();
    },
  };
}
