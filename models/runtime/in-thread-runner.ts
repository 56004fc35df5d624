/**
 * Inference runner on the calling thread: for tests, the CLI and benchmarks. The device host uses
 * the worker runner so that inference never blocks its event loop.
 */
import { SessionPool } from './session-pool';
import type { InferenceRunner, RuntimeOptions } from './types';

export function createInThreadRunner(options: RuntimeOptions): InferenceRunner {
  const pool = new SessionPool(options);
  return {
    load: (modelId) => pool.load(modelId),
    run: (modelId, feeds) => pool.run(modelId, feeds),
    close: () => pool.close(),
  };
}
