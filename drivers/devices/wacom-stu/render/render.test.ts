/** Renderings of a captured signature: SVG, PNG (decoded back with sharp), ISO 19794-7, raw JSON. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import type { PenPoint, SignatureCapabilities } from '../../../core/capabilities';
import { FrameError } from '../../../core/errors';
import { WacomStuDriver } from '../driver';
import { createSimulatedStu } from '../simulator';
import {
  decodeScaling,
  encodeIso19794_7,
  encodeScaling,
  isoRecordToPoints,
  parseIso19794_7,
} from './iso19794-7';
import { renderPng, sizeAtDpi } from './png';
import { parseRawJson, toRawJson } from './raw-json';
import { toStrokes } from './strokes';
import { renderSvg } from './svg';

let points: PenPoint[] = [];
let caps: SignatureCapabilities;
let strokes = 0;

before(async () => {
  const sim = createSimulatedStu({ model: 'STU-540', pacing: 'fast', timeCountStart: 60_000 });
  const driver = new WacomStuDriver(sim.transport);
  caps = await driver.capabilities();
  const session = await driver.startCapture();
  strokes = (await sim.control.drawSignature(11)).script.strokes;
  points = await session.finish();
  await driver.close();
});

describe('signature renderings', () => {
  it('SVG: one path per stroke, inside the canvas', () => {
    const svg = renderSvg(points, caps);
    assert.match(svg, /^<svg [^>]*width="800" height="480"/);
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.equal(paths.length, strokes);
    assert.equal(toStrokes(points).length, strokes);
    const coords = paths.flatMap((d) =>
      [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]),
    );
    assert.ok(coords.every(([x = -1, y = -1]) => x >= 0 && x <= 800 && y >= 0 && y <= 480));
    assert.throws(() => renderSvg(points, caps, { color: '"/><script>' }), RangeError);
  });

  it('PNG: decodes to the requested size, white background with ink pixels', async () => {
    const png = await renderPng(points, caps, { width: 400, height: 240 });
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.width, 400);
    assert.equal(info.height, 240);
    let ink = 0;
    for (const v of data) if (v < 128) ink++;
    assert.ok(ink > 200, `${ink} ink pixels`);
    assert.ok(ink < data.length * 0.2, 'mostly background');
    assert.equal(data[0], 255, 'corner is white');
    const empty = await sharp(await renderPng([], caps))
      .greyscale()
      .raw()
      .toBuffer();
    assert.ok(empty.every((v) => v === 255));
  });

  it('PNG at a DPI of the physical tablet', async () => {
    assert.deepEqual(sizeAtDpi(caps, 300), { width: 1134, height: 709 });
    const meta = await sharp(await renderPng(points, caps, { dpi: 100 })).metadata();
    assert.equal(meta.width, 378);
    assert.equal(meta.height, 236);
  });

  it('ISO 19794-7: round trip of the captured signature', () => {
    const bytes = encodeIso19794_7(points, {
      resolutionPpi: caps.resolutionPpi,
      maxPressure: caps.maxPressure,
    });
    assert.equal(Buffer.from(bytes.subarray(0, 8)).toString('latin1'), 'SDI\0 10\0');
    assert.equal(bytes[8], 0xc1);
    assert.equal(bytes[9], 0x60);
    const record = parseIso19794_7(bytes);
    assert.deepEqual(
      record.channels.map((c) => c.channel),
      ['X', 'Y', 'T', 'F', 'S'],
    );
    assert.equal(record.channels[0]?.scaling, 100);
    assert.equal(record.channels[2]?.scaling, 1000);
    const t0 = points[0]?.t ?? 0;
    assert.deepEqual(
      isoRecordToPoints(record),
      points.map((p) => ({ ...p, t: p.t - t0 })),
    );
  });

  it('ISO 19794-7: scaling values', () => {
    for (const v of [1, 100, 1000, 0.5, 3.25]) assert.equal(decodeScaling(encodeScaling(v)), v);
    assert.ok(Math.abs(decodeScaling(encodeScaling(2540 / 25.4 / 3)) - 33.333) < 0.02);
    assert.throws(() => encodeScaling(0), RangeError);
  });

  it('ISO 19794-7: rejects truncated, trailing and foreign records', () => {
    const bytes = encodeIso19794_7(points.slice(0, 20), { maxPressure: 1023 });
    assert.throws(
      () => parseIso19794_7(bytes.subarray(0, bytes.length - 1)),
      (e) => e instanceof FrameError && e.code === 'TRUNCATED',
    );
    assert.throws(
      () => parseIso19794_7(Uint8Array.from([...bytes, 0])),
      (e) => e instanceof FrameError && e.code === 'TOO_LARGE',
    );
    const foreign = Uint8Array.from(bytes);
    foreign[0] = 0x46;
    assert.throws(
      () => parseIso19794_7(foreign),
      (e) => e instanceof FrameError && e.code === 'BAD_HEADER',
    );
    assert.throws(
      () =>
        encodeIso19794_7(
          [
            { x: 0, y: 0, t: 0, pressure: 0, inContact: false },
            { x: 0, y: 0, t: 70_000, pressure: 0, inContact: false },
          ],
          { maxPressure: 1 },
        ),
      RangeError,
    );
  });

  it('ISO 19794-7 parser under fuzz: arbitrary and mutated records raise only FrameError', () => {
    const valid = encodeIso19794_7(points.slice(0, 30), { resolutionPpi: 2540, maxPressure: 1023 });
    const arbitrary = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc
        .uint8Array({ maxLength: 200 })
        .map((tail) => Uint8Array.from([...Buffer.from('SDI\0 10\0', 'latin1'), ...tail])),
      fc
        .tuple(
          fc.integer({ min: 0, max: valid.length - 1 }),
          fc.integer({ min: 0, max: 255 }),
          fc.integer({ min: 0, max: valid.length }),
        )
        .map(([at, value, cut]) => {
          const b = Uint8Array.from(valid);
          b[at] = value;
          return b.subarray(0, cut);
        }),
    );
    fc.assert(
      fc.property(arbitrary, (bytes) => {
        try {
          parseIso19794_7(bytes);
        } catch (error) {
          if (!(error instanceof FrameError)) throw error;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('raw JSON: lossless round trip, garbage rejected', () => {
    const json = toRawJson({
      points,
      capabilities: caps,
      timing: 'device',
      device: { model: 'STU-540', serialNumber: 'X' },
    });
    const back = parseRawJson(json);
    assert.deepEqual(back.points, points);
    assert.deepEqual(back.capabilities, caps);
    assert.throws(() => parseRawJson('{'), FrameError);
    assert.throws(
      () => parseRawJson(JSON.stringify({ ...JSON.parse(json), points: [[1, 2, 3, 2, 0]] })),
      FrameError,
    );
    assert.throws(() => parseRawJson(JSON.stringify({ ...JSON.parse(json), format: 'other/1' })), FrameError);
  });
});
