/**
 * Types shared by every inference runner (in-thread or worker): plain tensors that cross a
 * worker boundary without copying more than once, model descriptions from the manifest, and the
 * runner interface the model folders (face, later fingerprint) program against. No onnxruntime
 * types leak out of models/runtime.
 */

/** A float32 tensor as plain data (structured-cloneable, its buffer transferable). */
export interface TensorData {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export type TensorMap = Readonly<Record<string, TensorData>>;

/** One entry of a model manifest (models/<area>/assets/manifest.json). */
export interface ManifestEntry {
  readonly id: string;
  readonly file: string;
  readonly sha256: string;
  readonly license?: string;
  readonly package?: string;
  readonly pathInPackage?: string;
}

/** What a runner knows about a loaded model. */
export interface LoadedModelInfo {
  readonly id: string;
  readonly path: string;
  readonly sha256: string;
  readonly inputs: readonly { readonly name: string; readonly dims: readonly (number | string)[] }[];
  readonly outputs: readonly { readonly name: string; readonly dims: readonly (number | string)[] }[];
  /** Time to verify, create the session and warm it up. */
  readonly loadMs: number;
}

export interface RuntimeOptions {
  /** Absolute paths of the model manifests to serve (each file's models resolve beside it). */
  readonly manifests: readonly string[];
  /** ONNX Runtime intra-op threads per session (default 1: the station shares two cores). */
  readonly intraOpNumThreads?: number;
  /** Run one inference on zeros after loading (default true). */
  readonly warmUp?: boolean;
}

/** Runs models by manifest id. Implementations: in-thread (tests, CLI) and worker thread (device host). */
export interface InferenceRunner {
  /** Loads (once), verifies the SHA-256 and warms up a model. Idempotent; concurrent calls share the work. */
  load(modelId: string): Promise<LoadedModelInfo>;
  /** Runs a model (loading it first if needed). */
  run(modelId: string, feeds: TensorMap): Promise<TensorMap>;
  /** Releases sessions (and the worker). The runner must not be used afterwards. */
  close(): Promise<void>;
}
