/**
 * Calls to a worker thread answered by id: each request gets the next id, its promise settles with
 * the `{ id, ok, value | error }` the worker posts back (in any order), and once the worker fails
 * or exits every pending and later call rejects. The worker keeps its process alive only while a
 * call is pending. Used by the inference runner and the device host's portrait worker.
 */
import type { Worker } from 'node:worker_threads';

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: unknown };

export interface WorkerCalls<Request> {
  /** Posts `message` with a fresh `id`; resolves with the worker's value. */
  request<T>(message: Request, transfer?: ArrayBuffer[]): Promise<T>;
  /** Rejects every pending and later call with `error` (the first failure wins). */
  fail(error: Error): void;
  readonly failed: boolean;
}

export function workerCalls<Request extends object>(
  worker: Worker,
  errors: { fromWire(error: unknown): Error; exited(code: number): Error },
): WorkerCalls<Request> {
  worker.unref();
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.ok) p.resolve(reply.value);
    else p.reject(errors.fromWire(reply.error));
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(errors.exited(code)));
  return {
    request<T>(message: Request, transfer: ArrayBuffer[] = []): Promise<T> {
      if (failure) return Promise.reject<T>(failure);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.ref();
        worker.postMessage({ ...message, id }, transfer);
      });
    },
    fail,
    get failed() {
      return failure !== undefined;
    },
  };
}
