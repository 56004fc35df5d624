/**
 * A minimal ONNX writer: the protobuf wire encoding of the few ModelProto fields a converted
 * convolutional graph needs (nodes with int/ints/float/tensor attributes, float32 and int64
 * initializers, typed inputs and outputs). Field numbers follow onnx/onnx.proto (IR version 8).
 */

export type AttrValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string };

export interface OnnxNode {
  readonly op: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs?: Readonly<Record<string, AttrValue>>;
}

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array;
}

export interface OnnxValueInfo {
  readonly name: string;
  /** A negative dimension is symbolic (the batch, written 'N'); no dims: shape left to inference. */
  readonly dims?: readonly number[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly opset: number;
  readonly producer: string;
  readonly docString?: string;
}

class Writer {
  readonly #chunks: Uint8Array[] = [];

  varint(v: number | bigint): this {
    let x = BigInt.asUintN(64, BigInt(v));
    const out: number[] = [];
    while (x >= 0x80n) {
      out.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    out.push(Number(x));
    this.#chunks.push(Uint8Array.from(out));
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }

  int(field: number, v: number | bigint): this {
    return this.tag(field, 0).varint(v);
  }

  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2).varint(b.length);
    this.#chunks.push(b);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, build: (w: Writer) => void): this {
    const w = new Writer();
    build(w);
    return this.bytes(field, w.finish());
  }

  float(field: number, f: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, f, true);
    this.#chunks.push(b);
    return this;
  }

  finish(): Uint8Array {
    const size = this.#chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

const ATTR_TYPE = { float: 1, int: 2, string: 3, ints: 7 } as const;
const ELEM_FLOAT = 1;
const ELEM_INT64 = 7;

function writeAttr(w: Writer, name: string, a: AttrValue): void {
  w.string(1, name);
  if (a.kind === 'float') w.float(2, a.value);
  else if (a.kind === 'int') w.int(3, a.value);
  else if (a.kind === 'string') w.string(4, a.value);
  else for (const v of a.value) w.int(8, v);
  w.int(20, ATTR_TYPE[a.kind]);
}

function writeNode(w: Writer, n: OnnxNode): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.op);
  for (const [name, a] of Object.entries(n.attrs ?? {})) w.message(5, (m) => writeAttr(m, name, a));
}

function writeTensor(w: Writer, t: OnnxTensor): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.data instanceof Float32Array ? ELEM_FLOAT : ELEM_INT64);
  w.string(8, t.name);
  // raw_data is little-endian, as on every platform the station runs on
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function writeValueInfo(w: Writer, v: OnnxValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, ELEM_FLOAT);
      const dims = v.dims;
      if (dims)
        tensor.message(2, (shape) => {
          for (const d of dims) shape.message(1, (dim) => (d < 0 ? dim.string(2, 'N') : dim.int(1, d)));
        });
    }),
  );
}

/** Serialises a graph as an ONNX ModelProto (default domain only). */
export function encodeModel(g: OnnxGraph): Uint8Array {
  const w = new Writer();
  w.int(1, 8); // ir_version
  w.string(2, g.producer);
  if (g.docString) w.string(6, g.docString);
  w.message(7, (graph) => {
    for (const n of g.nodes) graph.message(1, (m) => writeNode(m, n));
    graph.string(2, g.name);
    for (const t of g.initializers) graph.message(5, (m) => writeTensor(m, t));
    for (const i of g.inputs) graph.message(11, (m) => writeValueInfo(m, i));
    for (const o of g.outputs) graph.message(12, (m) => writeValueInfo(m, o));
  });
  w.message(8, (opset) => opset.string(1, '').int(2, g.opset));
  return w.finish();
}
