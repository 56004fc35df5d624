/**
 * Converts a TensorFlow.js graph model (model.json + weight shards) to ONNX, for the small op set of
 * MediaPipe-style convolutional networks (face mesh, iris, emotion): _FusedConv2D (BiasAdd with
 * Prelu/Relu/Relu6), DepthwiseConv2dNative, Add/AddV2, Prelu, Relu, MaxPool, Pad, Mean, ConcatV2,
 * Reshape, Sigmoid, Softmax. The ONNX graph keeps the TFJS input layout (NHWC), transposes once to
 * NCHW, and transposes back before a Reshape or an output of rank 4, so outputs are element for
 * element those of TFJS. Any other op fails the conversion (no silent approximation).
 */
import { type AttrValue, encodeModel, type OnnxNode, type OnnxTensor } from './onnx-writer';

interface TfAttr {
  readonly s?: string;
  readonly i?: string;
  readonly f?: number;
  readonly b?: boolean;
  readonly list?: { readonly i?: readonly string[]; readonly s?: readonly string[] };
  readonly shape?: { readonly dim?: readonly { readonly size: string }[] };
}

interface TfNode {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, TfAttr>>;
}

interface TfWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly quantization?: {
    readonly dtype: 'float16' | 'uint8' | 'uint16';
    readonly scale?: number;
    readonly min?: number;
  };
}

export interface TfjsGraphModel {
  readonly modelTopology: { readonly node: readonly TfNode[] };
  readonly weightsManifest: readonly {
    readonly paths: readonly string[];
    readonly weights: readonly TfWeight[];
  }[];
}

interface ConstValue {
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Decodes the weight shards (concatenated in manifest order) into named constants. */
export function decodeWeights(model: TfjsGraphModel, shards: Uint8Array): Map<string, ConstValue> {
  const out = new Map<string, ConstValue>();
  const view = new DataView(shards.buffer, shards.byteOffset, shards.byteLength);
  let at = 0;
  for (const group of model.weightsManifest) {
    for (const w of group.weights) {
      const count = w.shape.reduce((n, d) => n * d, 1);
      const q = w.quantization;
      const bytes = count * (q ? (q.dtype === 'uint8' ? 1 : 2) : 4);
      if (at + bytes > shards.byteLength)
        throw new Error(`weights: ${w.name} runs past the ${shards.byteLength} bytes of the shards`);
      const data = w.dtype === 'int32' ? new Int32Array(count) : new Float32Array(count);
      for (let i = 0; i < count; i++) {
        if (!q)
          data[i] = w.dtype === 'int32' ? view.getInt32(at + 4 * i, true) : view.getFloat32(at + 4 * i, true);
        else if (q.dtype === 'float16') data[i] = halfToFloat(view.getUint16(at + 2 * i, true));
        else if (q.dtype === 'uint8') data[i] = (q.min ?? 0) + (q.scale ?? 1) * view.getUint8(at + i);
        else data[i] = (q.min ?? 0) + (q.scale ?? 1) * view.getUint16(at + 2 * i, true);
      }
      at += bytes;
      out.set(w.name, { shape: w.shape, data });
    }
  }
  if (at !== shards.byteLength) throw new Error(`weights: read ${at} bytes of ${shards.byteLength}`);
  return out;
}

const text = (a: TfAttr | undefined) => (a?.s ? Buffer.from(a.s, 'base64').toString('latin1') : '');
const ints = (a: TfAttr | undefined) => (a?.list?.i ?? []).map(Number);
const NHWC_TO_NCHW_AXIS = [0, 2, 3, 1];

class Converter {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  /** Rank of each activation (4 = held as NCHW). */
  readonly rank = new Map<string, number>();
  readonly consts: Map<string, ConstValue>;
  readonly inputs: { name: string; dims: number[] }[] = [];
  readonly outputs: { name: string }[] = [];

  constructor(consts: Map<string, ConstValue>) {
    this.consts = consts;
  }

  constant(name: string): ConstValue {
    const c = this.consts.get(name);
    if (!c) throw new Error(`constant ${name} not found in the weights`);
    return c;
  }

  init(name: string, dims: readonly number[], data: Float32Array | BigInt64Array): string {
    this.initializers.push({ name, dims, data });
    return name;
  }

  ints64(name: string, values: readonly number[]): string {
    return this.init(name, [values.length], BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  add(op: string, name: string, inputs: string[], attrs?: Record<string, AttrValue>, rank = 4): string {
    this.nodes.push({ op, name, inputs, outputs: [name], ...(attrs ? { attrs } : {}) });
    this.rank.set(name, rank);
    return name;
  }

  toNhwc(x: string): string {
    if (this.rank.get(x) !== 4) return x;
    return this.add('Transpose', `${x}__nhwc`, [x], { perm: { kind: 'ints', value: [0, 2, 3, 1] } }, -4);
  }

  padAttrs(node: TfNode): Record<string, AttrValue> {
    const padding = text(node.attr?.padding);
    if (padding === 'SAME') return { auto_pad: { kind: 'string', value: 'SAME_UPPER' } };
    if (padding === 'VALID') return {};
    throw new Error(`${node.name}: padding ${padding} not supported`);
  }

  convAttrs(node: TfNode, kernel: readonly number[]): Record<string, AttrValue> {
    if (text(node.attr?.data_format) !== 'NHWC') throw new Error(`${node.name}: only NHWC is supported`);
    const s = ints(node.attr?.strides);
    const d = ints(node.attr?.dilations);
    return {
      kernel_shape: { kind: 'ints', value: kernel },
      strides: { kind: 'ints', value: [s[1] ?? 1, s[2] ?? 1] },
      dilations: { kind: 'ints', value: [d[1] ?? 1, d[2] ?? 1] },
      ...this.padAttrs(node),
    };
  }

  /** HWIO filter to OIHW, or (depthwise) HWCM to (C*M)1HW. */
  filter(name: string, depthwise: boolean): { name: string; dims: number[]; groups: number } {
    const f = this.constant(name);
    const [kh = 1, kw = 1, ci = 1, co = 1] = f.shape;
    const outC = depthwise ? ci * co : co;
    const inC = depthwise ? 1 : ci;
    const data = new Float32Array(f.data.length);
    for (let h = 0; h < kh; h++)
      for (let w = 0; w < kw; w++)
        for (let i = 0; i < ci; i++)
          for (let o = 0; o < co; o++) {
            const src = ((h * kw + w) * ci + i) * co + o;
            const oc = depthwise ? i * co + o : o;
            const ic = depthwise ? 0 : i;
            data[((oc * inC + ic) * kh + h) * kw + w] = f.data[src]!;
          }
    const dims = [outC, inC, kh, kw];
    return { name: this.init(`${name}__oihw`, dims, data), dims, groups: depthwise ? ci : 1 };
  }

  /** A per-channel vector reshaped to [C,1,1] for NCHW broadcasting. */
  channelVector(name: string): string {
    const c = this.constant(name);
    return this.init(`${name}__c11`, [c.data.length, 1, 1], Float32Array.from(c.data));
  }

  activation(node: TfNode, x: string, fused: string, alpha?: string): string {
    if (fused === 'Relu') return this.add('Relu', `${node.name}`, [x]);
    if (fused === 'Relu6') {
      const lo = this.init(`${node.name}__lo`, [], Float32Array.of(0));
      const hi = this.init(`${node.name}__hi`, [], Float32Array.of(6));
      return this.add('Clip', `${node.name}`, [x, lo, hi]);
    }
    if (fused === 'Prelu' && alpha) return this.add('PRelu', `${node.name}`, [x, this.channelVector(alpha)]);
    throw new Error(`${node.name}: fused activation ${fused} not supported`);
  }

  conv(node: TfNode, depthwise: boolean): void {
    const [x = '', f = '', bias, alpha] = node.input ?? [];
    const fused = (node.attr?.fused_ops?.list?.s ?? []).map((s) =>
      Buffer.from(s, 'base64').toString('latin1'),
    );
    if (fused.length > 0 && fused[0] !== 'BiasAdd')
      throw new Error(`${node.name}: fused ${fused.join('+')} not supported`);
    const w = this.filter(f, depthwise);
    const attrs = this.convAttrs(node, [w.dims[2]!, w.dims[3]!]);
    if (w.groups > 1) attrs.group = { kind: 'int', value: w.groups };
    const inputs = [x, w.name];
    if (bias && fused[0] === 'BiasAdd') {
      const b = this.constant(bias);
      inputs.push(this.init(`${bias}__b`, [b.data.length], Float32Array.from(b.data)));
    }
    const act = fused[1];
    if (!act) {
      this.add('Conv', node.name, inputs, attrs);
      return;
    }
    const y = this.add('Conv', `${node.name}__conv`, inputs, attrs);
    this.activation(node, y, act, alpha);
  }

  node(n: TfNode): void {
    const inputs = (n.input ?? []).filter((i) => !i.startsWith('^')).map((i) => i.replace(/:0$/, ''));
    const [a = '', b = ''] = inputs;
    switch (n.op) {
      case 'Const':
        return;
      case 'Placeholder': {
        const dims = (n.attr?.shape?.shape?.dim ?? []).map((d) => Number(d.size));
        this.inputs.push({ name: n.name, dims });
        this.rank.set(n.name, -dims.length);
        if (dims.length === 4)
          this.add('Transpose', `${n.name}__nchw`, [n.name], { perm: { kind: 'ints', value: [0, 3, 1, 2] } });
        return;
      }
      case '_FusedConv2D':
      case 'Conv2D':
        this.conv(n, false);
        return;
      case 'DepthwiseConv2dNative':
      case '_FusedDepthwiseConv2dNative':
        this.conv(n, true);
        return;
      case 'Add':
      case 'AddV2':
        this.add('Add', n.name, [a, b], undefined, this.rank.get(a) ?? 4);
        return;
      case 'Prelu':
        this.add('PRelu', n.name, [a, this.channelVector(b)]);
        return;
      case 'Relu':
      case 'Sigmoid':
        this.add(n.op, n.name, [a], undefined, this.rank.get(a) ?? 4);
        return;
      case 'Softmax':
        this.add('Softmax', n.name, [a], { axis: { kind: 'int', value: -1 } }, this.rank.get(a) ?? 2);
        return;
      case 'MaxPool': {
        const k = ints(n.attr?.ksize);
        const attrs = this.convAttrs(
          { ...n, attr: { ...n.attr, dilations: { list: { i: ['1', '1', '1', '1'] } } } },
          [k[1] ?? 1, k[2] ?? 1],
        );
        delete attrs.dilations;
        this.add('MaxPool', n.name, [a], attrs);
        return;
      }
      case 'Pad': {
        const p = this.constant(b);
        const nhwc = [0, 1, 2, 3].map((i) => [p.data[2 * i]!, p.data[2 * i + 1]!] as const);
        const order = [0, 3, 1, 2];
        const pads = [...order.map((i) => nhwc[i]![0]), ...order.map((i) => nhwc[i]![1])];
        this.add('Pad', n.name, [a, this.ints64(`${n.name}__pads`, pads)]);
        return;
      }
      case 'Mean': {
        const axes = Array.from(this.constant(b).data);
        const r = this.rank.get(a) ?? 4;
        const mapped = r === 4 ? axes.map((x) => NHWC_TO_NCHW_AXIS[(x + 4) % 4]!) : axes;
        const keep = n.attr?.keep_dims?.b === true;
        if (r === 4 && keep) throw new Error(`${n.name}: Mean with keep_dims on rank 4 not supported`);
        this.add(
          'ReduceMean',
          n.name,
          [a],
          { axes: { kind: 'ints', value: mapped }, keepdims: { kind: 'int', value: keep ? 1 : 0 } },
          keep ? r : -(r - axes.length),
        );
        return;
      }
      case 'ConcatV2': {
        const xs = inputs.slice(0, -1);
        const axis = this.constant(inputs.at(-1)!).data[0]!;
        const r = this.rank.get(xs[0]!) ?? 4;
        const mapped = r === 4 ? NHWC_TO_NCHW_AXIS[(axis + 4) % 4]! : axis;
        this.add('Concat', n.name, xs, { axis: { kind: 'int', value: mapped } }, r);
        return;
      }
      case 'Reshape': {
        const shape = Array.from(this.constant(b).data);
        this.add(
          'Reshape',
          n.name,
          [this.toNhwc(a), this.ints64(`${n.name}__shape`, shape)],
          undefined,
          -shape.length,
        );
        return;
      }
      case 'Identity': {
        const out = this.add(
          'Identity',
          n.name,
          [this.toNhwc(a)],
          undefined,
          this.rank.get(a) === 4 ? -4 : (this.rank.get(a) ?? -2),
        );
        this.outputs.push({ name: out });
        return;
      }
      default:
        throw new Error(`${n.name}: op ${n.op} not supported`);
    }
  }

  /** Placeholder references point at the transposed input; fix the consumers' input names. */
  rewireInputs(): void {
    for (const i of this.inputs) {
      if (i.dims.length !== 4) continue;
      for (const [k, node] of this.nodes.entries()) {
        if (node.name === `${i.name}__nchw`) continue;
        if (node.inputs.includes(i.name))
          this.nodes[k] = { ...node, inputs: node.inputs.map((x) => (x === i.name ? `${i.name}__nchw` : x)) };
      }
    }
  }
}

export interface ConvertOptions {
  readonly name: string;
  readonly producer: string;
  readonly docString?: string;
}

/** Converts a TFJS graph model to an ONNX ModelProto (opset 13). */
export function convertTfjsGraph(
  model: TfjsGraphModel,
  shards: Uint8Array,
  options: ConvertOptions,
): Uint8Array {
  const c = new Converter(decodeWeights(model, shards));
  for (const n of model.modelTopology.node) c.node(n);
  c.rewireInputs();
  const used = new Set(c.nodes.flatMap((n) => n.inputs));
  return encodeModel({
    name: options.name,
    producer: options.producer,
    ...(options.docString ? { docString: options.docString } : {}),
    opset: 13,
    nodes: c.nodes,
    initializers: c.initializers.filter((t) => used.has(t.name)),
    inputs: c.inputs.map((i) => ({ name: i.name, dims: i.dims })),
    outputs: c.outputs,
  });
}
