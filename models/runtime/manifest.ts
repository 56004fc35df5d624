/**
 * Model manifests: reading, resolving a model id to its file, and SHA-256 verification before a
 * model is handed to ONNX Runtime (a corrupted or substituted model must never run).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { ModelRuntimeError } from './errors';
import type { ManifestEntry } from './types';

export interface ResolvedModel extends ManifestEntry {
  /** Absolute path of the model file. */
  readonly path: string;
}

function isEntry(value: unknown): value is ManifestEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.file === 'string' &&
    typeof v.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(v.sha256)
  );
}

/** Parses one manifest file; entries resolve relative to the manifest's folder. */
export async function readManifest(manifestPath: string): Promise<ResolvedModel[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (cause) {
    throw new ModelRuntimeError(
      'manifest_invalid',
      `cannot read model manifest ${manifestPath}: ${String(cause)}`,
    );
  }
  const models = (parsed as { models?: unknown }).models;
  if (!Array.isArray(models) || !models.every(isEntry)) {
    throw new ModelRuntimeError(
      'manifest_invalid',
      `${manifestPath}: expected { models: [{ id, file, sha256 }] }`,
    );
  }
  const base = dirname(manifestPath);
  return models.map((m) => ({ ...m, path: isAbsolute(m.file) ? m.file : join(base, m.file) }));
}

/** Reads several manifests into one id -> model map (duplicate ids are an error). */
export async function readManifests(manifestPaths: readonly string[]): Promise<Map<string, ResolvedModel>> {
  const byId = new Map<string, ResolvedModel>();
  for (const path of manifestPaths) {
    for (const model of await readManifest(path)) {
      if (byId.has(model.id))
        throw new ModelRuntimeError('manifest_invalid', `duplicate model id ${model.id}`);
      byId.set(model.id, model);
    }
  }
  return byId;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads a model file and checks its SHA-256 against the manifest. Returns the verified bytes. */
export async function readVerifiedModel(model: ResolvedModel): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(model.path);
  } catch {
    throw new ModelRuntimeError(
      'model_missing',
      `model ${model.id} not found at ${model.path} (run: node scripts/fetch-models.mjs)`,
    );
  }
  const actual = sha256Hex(bytes);
  if (actual !== model.sha256) {
    throw new ModelRuntimeError(
      'model_integrity',
      `model ${model.id}: SHA-256 ${actual} does not match the manifest (${model.sha256})`,
    );
  }
  return bytes;
}
