/**
 * Public API of the inference runtime: the only owner of onnxruntime-node. Model folders depend on
 * the InferenceRunner interface and get a runner from the composition root (worker thread in the
 * device host, in-thread for tests, the CLI and benchmarks).
 */
export type { RuntimeErrorCode } from './errors';
export { ModelRuntimeError } from './errors';
export { createInThreadRunner } from './in-thread-runner';
export type { ResolvedModel } from './manifest';
export { readManifest, readManifests, readVerifiedModel, sha256Hex } from './manifest';
export type {
  InferenceRunner,
  LoadedModelInfo,
  ManifestEntry,
  RuntimeOptions,
  TensorData,
  TensorMap,
} from './types';
export { createInferenceWorker } from './worker-runner';
