/** Typed errors of the inference runtime (they cross the worker boundary by name and message). */

export type RuntimeErrorCode =
  | 'model_unknown'
  | 'model_missing'
  | 'model_integrity'
  | 'manifest_invalid'
  | 'inference_failed'
  | 'runner_closed';

export class ModelRuntimeError extends Error {
  override readonly name = 'ModelRuntimeError';
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
