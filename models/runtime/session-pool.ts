/**
 * The ONLY importer of onnxruntime-node in the repository. Holds one session per model, created
 * once from SHA-256-verified bytes and warmed up with one run on zeros; concurrent loads of the
 * same model share one promise. Converts between ONNX tensors and plain TensorData.
 */
import * as ort from 'onnxruntime-node';
import { ModelRuntimeError } from './errors';
import { type ResolvedModel, readManifests, readVerifiedModel } from './manifest';
import type { LoadedModelInfo, RuntimeOptions, TensorData, TensorMap } from './types';

interface Entry {
  readonly session: ort.InferenceSession;
  readonly info: LoadedModelInfo;
}

type Dims = readonly (number | string)[];

function metadataDims(meta: unknown): Dims {
  const shape = (meta as { shape?: unknown })?.shape;
  return Array.isArray(shape) ? (shape as (number | string)[]) : [];
}

/** Dims for a warm-up tensor: symbolic or unknown dimensions become 1. */
function concreteDims(dims: Dims): number[] {
  return dims.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
}

export class SessionPool {
  readonly #options: RuntimeOptions;
  readonly #entries = new Map<string, Promise<Entry>>();
  #models: Promise<Map<string, ResolvedModel>> | undefined;
  #closed = false;

  constructor(options: RuntimeOptions) {
    this.#options = options;
  }

  async load(modelId: string): Promise<LoadedModelInfo> {
    return (await this.#entry(modelId)).info;
  }

  async run(modelId: string, feeds: TensorMap): Promise<TensorMap> {
    const { session } = await this.#entry(modelId);
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, t.dims);
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await session.run(ortFeeds);
    } catch (cause) {
      throw new ModelRuntimeError('inference_failed', `model ${modelId}: ${String(cause)}`);
    }
    const out: Record<string, TensorData> = {};
    for (const [name, value] of Object.entries(results)) {
      const tensor = value as ort.Tensor;
      if (tensor.type !== 'float32') {
        throw new ModelRuntimeError('inference_failed', `model ${modelId}: output ${name} is ${tensor.type}`);
      }
      out[name] = { data: tensor.data as Float32Array, dims: [...tensor.dims] };
    }
    return out;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    for (const pending of entries) {
      try {
        await (await pending).session.release();
      } catch {
        // a model that failed to load has nothing to release
      }
    }
  }

  #entry(modelId: string): Promise<Entry> {
    if (this.#closed)
      return Promise.reject(new ModelRuntimeError('runner_closed', 'inference runner closed'));
    let pending = this.#entries.get(modelId);
    if (!pending) {
      pending = this.#create(modelId);
      this.#entries.set(modelId, pending);
      // a failed load is not cached: the next call retries (e.g. after fetch-models)
      pending.catch(() => this.#entries.delete(modelId));
    }
    return pending;
  }

  async #create(modelId: string): Promise<Entry> {
    const start = performance.now();
    this.#models ??= readManifests(this.#options.manifests);
    const models = await this.#models;
    const model = models.get(modelId);
    if (!model)
      throw new ModelRuntimeError(
        'model_unknown',
        `no model ${modelId} in ${this.#options.manifests.join(', ')}`,
      );
    const bytes = await readVerifiedModel(model);
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: this.#options.intraOpNumThreads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    });
    const inputs = session.inputNames.map((name, i) => ({
      name,
      dims: metadataDims(session.inputMetadata[i]),
    }));
    const outputs = session.outputNames.map((name, i) => ({
      name,
      dims: metadataDims(session.outputMetadata[i]),
    }));
    if (this.#options.warmUp ?? true) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const input of inputs) {
        const dims = concreteDims(input.dims);
        feeds[input.name] = new ort.Tensor(
          'float32',
          new Float32Array(dims.reduce((a, b) => a * b, 1)),
          dims,
        );
      }
      await session.run(feeds);
    }
    const info: LoadedModelInfo = {
      id: model.id,
      path: model.path,
      sha256: model.sha256,
      inputs,
      outputs,
      loadMs: performance.now() - start,
    };
    return { session, info };
  }
}
