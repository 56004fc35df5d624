/**
 * Messages between the worker runner and its inference worker, and the tensor transfer helpers
 * (buffers are transferred, not copied, when a tensor owns its whole buffer).
 */
import { ModelRuntimeError, type RuntimeErrorCode } from './errors';
import type { LoadedModelInfo, TensorData, TensorMap } from './types';

export type WorkerRequest =
  | { readonly id: number; readonly kind: 'load'; readonly modelId: string }
  | { readonly id: number; readonly kind: 'run'; readonly modelId: string; readonly feeds: TensorMap }
  | { readonly id: number; readonly kind: 'close' };

export interface WireError {
  readonly name: string;
  readonly code?: RuntimeErrorCode;
  readonly message: string;
}

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly value: LoadedModelInfo | TensorMap | null }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

/** A tensor whose data owns its whole ArrayBuffer (copied otherwise), so the buffer can be transferred. */
function owned(t: TensorData): TensorData {
  const d = t.data;
  if (d.byteOffset === 0 && d.byteLength === d.buffer.byteLength && d.buffer instanceof ArrayBuffer) return t;
  return { data: d.slice(), dims: t.dims };
}

/** Prepares a tensor map for postMessage: returns the map and the list of buffers to transfer. */
export function forTransfer(map: TensorMap): { map: TensorMap; transfer: ArrayBuffer[] } {
  const out: Record<string, TensorData> = {};
  const transfer: ArrayBuffer[] = [];
  for (const [name, t] of Object.entries(map)) {
    const o = owned(t);
    out[name] = o;
    if (!transfer.includes(o.data.buffer as ArrayBuffer)) transfer.push(o.data.buffer as ArrayBuffer);
  }
  return { map: out, transfer };
}

export function toWireError(error: unknown): WireError {
  if (error instanceof ModelRuntimeError)
    return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

export function fromWireError(error: WireError): Error {
  if (error.code) return new ModelRuntimeError(error.code, error.message);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}
