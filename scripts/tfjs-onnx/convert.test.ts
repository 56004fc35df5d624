import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createInThreadRunner, sha256Hex } from '../../models/runtime/index';
import { convertTfjsGraph, decodeWeights, type TfjsGraphModel } from './convert';

// A small TFJS graph with the converted op set: fused conv (float16 weights, BiasAdd + Prelu,
// SAME), depthwise conv (VALID), residual-free channel Pad, MaxPool, Reshape, and two outputs
// (one of rank 4, one flattened), checked against a direct NHWC computation.
const N = 1;
const H = 4;
const W = 4;
const C = 2;
const F = 3;

const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const input = seq(N * H * W * C, (i) => ((i * 7) % 11) / 10 - 0.4);
const filter = seq(3 * 3 * C * F, (i) => (((i * 5) % 9) - 4) / 8); // exact in float16
const bias = [0.1, -0.2, 0.05];
const alpha = [0.25, 0.5, 0.125];
const dw = seq(3 * 3 * F, (i) => (((i * 3) % 7) - 3) / 10);

function half(v: number): number {
  // exact for the multiples of 1/8 used here
  if (v === 0) return 0;
  const s = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  const e = Math.floor(Math.log2(a));
  return s | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
}

function shards(): Uint8Array {
  const parts: Buffer[] = [];
  const f16 = Buffer.alloc(filter.length * 2);
  for (const [i, v] of filter.entries()) f16.writeUInt16LE(half(v), 2 * i);
  parts.push(f16);
  const f32 = (xs: number[]) => Buffer.from(Float32Array.from(xs).buffer);
  const i32 = (xs: number[]) => Buffer.from(Int32Array.from(xs).buffer);
  parts.push(f32(bias), f32(alpha), f32(dw), i32([0, 0, 0, 0, 0, 0, 0, 1]), i32([-1, 4]));
  return new Uint8Array(Buffer.concat(parts));
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const list = (xs: number[]) => ({ list: { i: xs.map(String) } });
const model: TfjsGraphModel = {
  modelTopology: {
    node: [
      {
        name: 'x',
        op: 'Placeholder',
        attr: { shape: { shape: { dim: [-1, H, W, C].map((d) => ({ size: String(d) })) } } },
      },
      { name: 'w', op: 'Const' },
      { name: 'b', op: 'Const' },
      { name: 'a', op: 'Const' },
      { name: 'dw', op: 'Const' },
      { name: 'pads', op: 'Const' },
      { name: 'shape', op: 'Const' },
      {
        name: 'conv',
        op: '_FusedConv2D',
        input: ['x', 'w', 'b', 'a'],
        attr: {
          fused_ops: { list: { s: [b64('BiasAdd'), b64('Prelu')] } },
          padding: { s: b64('SAME') },
          data_format: { s: b64('NHWC') },
          strides: list([1, 1, 1, 1]),
          dilations: list([1, 1, 1, 1]),
        },
      },
      {
        name: 'depthwise',
        op: 'DepthwiseConv2dNative',
        input: ['conv', 'dw'],
        attr: { padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') }, strides: list([1, 1, 1, 1]) },
      },
      { name: 'pad', op: 'Pad', input: ['depthwise', 'pads'] },
      {
        name: 'pool',
        op: 'MaxPool',
        input: ['pad'],
        attr: {
          ksize: list([1, 2, 2, 1]),
          strides: list([1, 2, 2, 1]),
          padding: { s: b64('VALID') },
          data_format: { s: b64('NHWC') },
        },
      },
      { name: 'flat', op: 'Reshape', input: ['pool', 'shape'] },
      { name: 'Identity', op: 'Identity', input: ['flat'] },
      { name: 'Identity_1', op: 'Identity', input: ['depthwise'] },
    ],
  },
  weightsManifest: [
    {
      paths: ['w.bin'],
      weights: [
        { name: 'w', shape: [3, 3, C, F], dtype: 'float32', quantization: { dtype: 'float16' } },
        { name: 'b', shape: [F], dtype: 'float32' },
        { name: 'a', shape: [1, 1, F], dtype: 'float32' },
        { name: 'dw', shape: [3, 3, F, 1], dtype: 'float32' },
        { name: 'pads', shape: [4, 2], dtype: 'int32' },
        { name: 'shape', shape: [2], dtype: 'int32' },
      ],
    },
  ],
};

/** The same network computed directly in NHWC. */
function reference(): { flat: number[]; depthwise: number[] } {
  const at = (x: number[], h: number, w: number, c: number, ch: number, hh: number, ww: number) =>
    h < 0 || w < 0 || h >= hh || w >= ww ? 0 : x[(h * ww + w) * ch + c]!;
  const conv: number[] = [];
  for (let h = 0; h < H; h++)
    for (let w = 0; w < W; w++)
      for (let o = 0; o < F; o++) {
        let s = bias[o]!;
        for (let kh = 0; kh < 3; kh++)
          for (let kw = 0; kw < 3; kw++)
            for (let i = 0; i < C; i++)
              s += at(input, h + kh - 1, w + kw - 1, i, C, H, W) * filter[((kh * 3 + kw) * C + i) * F + o]!;
        conv.push(s > 0 ? s : alpha[o]! * s);
      }
  const depthwise: number[] = [];
  for (let h = 0; h < H - 2; h++)
    for (let w = 0; w < W - 2; w++)
      for (let c = 0; c < F; c++) {
        let s = 0;
        for (let kh = 0; kh < 3; kh++)
          for (let kw = 0; kw < 3; kw++)
            s += at(conv, h + kh, w + kw, c, F, H, W) * dw[(kh * 3 + kw) * F + c]!;
        depthwise.push(s);
      }
  const flat: number[] = [];
  for (let c = 0; c < F + 1; c++) {
    if (c === F) flat.push(0);
    else flat.push(Math.max(...[0, 1, 2, 3].map((k) => depthwise[k * F + c]!)));
  }
  return { flat, depthwise };
}

const work = mkdtempSync(join(tmpdir(), 'recueil-tfjs-onnx-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('TFJS graph to ONNX', () => {
  test('decodes float16-quantised and int32 weights', () => {
    const w = decodeWeights(model, shards());
    assert.deepEqual(Array.from(w.get('w')!.data), filter);
    assert.deepEqual(Array.from(w.get('pads')!.data), [0, 0, 0, 0, 0, 0, 0, 1]);
    assert.throws(() => decodeWeights(model, shards().subarray(4)), /weights/);
  });

  test('the converted graph computes what the TFJS graph means, outputs in TFJS layout', async () => {
    const onnx = convertTfjsGraph(model, shards(), { name: 'tiny', producer: 'test' });
    writeFileSync(join(work, 'tiny.onnx'), onnx);
    const manifest = join(work, 'manifest.json');
    writeFileSync(
      manifest,
      JSON.stringify({ models: [{ id: 'tiny', file: 'tiny.onnx', sha256: sha256Hex(onnx) }] }),
    );
    const runner = createInThreadRunner({ manifests: [manifest], warmUp: false });
    try {
      const out = await runner.run('tiny', { x: { data: Float32Array.from(input), dims: [N, H, W, C] } });
      const ref = reference();
      assert.deepEqual(out.Identity!.dims, [1, F + 1]);
      assert.deepEqual(out.Identity_1!.dims, [1, H - 2, W - 2, F]);
      for (const [i, v] of out.Identity!.data.entries())
        assert.ok(Math.abs(v - ref.flat[i]!) < 1e-5, `flat[${i}] ${v} vs ${ref.flat[i]}`);
      for (const [i, v] of out.Identity_1!.data.entries())
        assert.ok(Math.abs(v - ref.depthwise[i]!) < 1e-5, `depthwise[${i}] ${v} vs ${ref.depthwise[i]}`);
    } finally {
      await runner.close();
    }
  });

  test('an op outside the supported set fails the conversion', () => {
    const bad: TfjsGraphModel = {
      ...model,
      modelTopology: { node: [...model.modelTopology.node, { name: 'odd', op: 'Cumsum', input: ['x'] }] },
    };
    assert.throws(
      () => convertTfjsGraph(bad, shards(), { name: 'bad', producer: 'test' }),
      /Cumsum not supported/,
    );
  });
});
