/**
 * Inference runner backed by a worker thread (rule: heavy native work never runs on the host's
 * event loop). One worker holds one session per model; requests are answered in order of
 * completion and matched by id. If the worker dies, pending and later calls reject.
 * The worker is started by start-worker.ts (tsx loader under sources).
 */

import { startWorkerThread } from '../../common/start-worker';
import { ModelRuntimeError } from './errors';
import type { InferenceRunner, LoadedModelInfo, RuntimeOptions, TensorMap } from './types';
import { forTransfer, fromWireError, type WorkerRequest, type WorkerResponse } from './worker-protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function createInferenceWorker(options: RuntimeOptions): InferenceRunner {
  const worker = startWorkerThread(import.meta.url, 'inference-worker', options);
  worker.unref();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let failure: Error | undefined;

  const failAll = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (response: WorkerResponse) => {
    const p = pending.get(response.id);
    if (!p) return;
    pending.delete(response.id);
    if (pending.size === 0) worker.unref();
    if (response.ok) p.resolve(response.value);
    else p.reject(fromWireError(response.error));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) =>
    failAll(new ModelRuntimeError('runner_closed', `inference worker exited (${code})`)),
  );

  type RequestBody = WorkerRequest extends infer R
    ? R extends WorkerRequest
      ? Omit<R, 'id'>
      : never
    : never;
  const request = <T>(message: RequestBody, transfer: ArrayBuffer[] = []): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.ref();
      worker.postMessage({ ...message, id } as WorkerRequest, transfer);
    });
  };

  return {
    load: (modelId) => request<LoadedModelInfo>({ kind: 'load', modelId }),
    run: (modelId, feeds) => {
      const prepared = forTransfer(feeds);
      return request<TensorMap>({ kind: 'run', modelId, feeds: prepared.map }, prepared.transfer);
    },
    async close() {
      if (!failure) {
        try {
          await request<null>({ kind: 'close' });
        } catch {
          // already dead
        }
      }
      failAll(new ModelRuntimeError('runner_closed', 'inference runner closed'));
      await worker.terminate();
    },
  };
}
