/**
 * The signature the agent watches is the one that is kept: a signature captured on the simulated
 * STU-540 (tablet 16:10 on a 2:1 view, where separate x/y scales drew the live strokes 1.25× too
 * wide) is drawn by the capture screen's live canvas, from the device host's `signature.points`
 * events through the fake station, and rendered as the dossier's PNG by the pad driver. Both ink
 * masks are compared pixel by pixel: same bounding box, and every ink pixel of one lies within a
 * pixel of ink of the other (the two rasterisers, Skia and librsvg, antialias edges differently).
 */
import '../support/dom';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import sharp from 'sharp';
import type { PenPoint, SignatureCapabilities } from '../../drivers/core/capabilities';
import { WacomStuDriver } from '../../drivers/devices/wacom-stu/driver';
import { renderPng } from '../../drivers/devices/wacom-stu/render/png';
import { createSimulatedStu } from '../../drivers/devices/wacom-stu/simulator';
import { livePoint } from '../../drivers/host/application';
import { draft } from '../../renderer/src/bridge/fake/fixtures';
import { fakeStation, renderWithStation } from '../../renderer/src/bridge/fake/render';
import { SignatureStep } from '../../renderer/src/features/capture/SignatureStep';
import { canvasPixels } from '../support/dom';

const view = { width: 600, height: 300 };

interface Mask {
  width: number;
  height: number;
  ink: Uint8Array;
}

function maskOf(width: number, height: number, isInk: (offset: number) => boolean): Mask {
  const ink = new Uint8Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = isInk(i * 4) ? 1 : 0;
  return { width, height, ink };
}

function boundingBox(mask: Mask) {
  let left = mask.width;
  let top = mask.height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < mask.height; y++)
    for (let x = 0; x < mask.width; x++)
      if (mask.ink[y * mask.width + x]) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
  return { left, top, right, bottom };
}

/** Share of `a`'s ink pixels with ink of `b` at most `radius` pixels away. */
function covered(a: Mask, b: Mask, radius: number): number {
  let inkPixels = 0;
  let near = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      if (!a.ink[y * a.width + x]) continue;
      inkPixels++;
      search: for (let dy = -radius; dy <= radius; dy++)
        for (let dx = -radius; dx <= radius; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < b.width && ny < b.height && b.ink[ny * b.width + nx]) {
            near++;
            break search;
          }
        }
    }
  return inkPixels === 0 ? 0 : near / inkPixels;
}

let caps: SignatureCapabilities;
let points: PenPoint[] = [];

before(async () => {
  const sim = createSimulatedStu({ model: 'STU-540', pacing: 'fast', timeCountStart: 60_000 });
  const driver = new WacomStuDriver(sim.transport);
  caps = await driver.capabilities();
  const session = await driver.startCapture();
  await sim.control.drawSignature(7);
  points = await session.finish();
  await driver.close();
});

describe('one drawing of a signature, live and kept', () => {
  it('draws the live canvas as the dossier PNG', async () => {
    assert.notEqual(caps.tabletMaxX / caps.tabletMaxY, view.width / view.height, 'the pad is not 2:1');
    const fake = fakeStation().answer('application.signatureStart', view);
    await renderWithStation(<SignatureStep draft={draft()} onDraft={() => undefined} />, fake);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Commencer la signature' }));
    // The device host's events: batches of new points, as its 50 ms flush sends them.
    const tablet = { maxX: caps.tabletMaxX, maxY: caps.tabletMaxY };
    for (let i = 0; i < points.length; i += 10) {
      await fake.emit('signature.points', {
        tablet,
        points: points.slice(i, i + 10).map((p) => livePoint(caps, p)),
      });
    }
    const canvas = screen.getByRole('img', { name: /Signature en cours sur la tablette/ });
    assert.equal(canvas.tagName, 'CANVAS');
    const live = canvasPixels(canvas as HTMLCanvasElement);
    assert.deepEqual([live.width, live.height], [view.width, view.height]);
    const liveMask = maskOf(live.width, live.height, (o) => (live.data[o + 3] ?? 0) >= 128);

    const png = await renderPng(points, caps, view);
    const kept = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const luminance = (o: number) =>
      ((kept.data[o] ?? 0) + (kept.data[o + 1] ?? 0) + (kept.data[o + 2] ?? 0)) / 3;
    // Ink on white: a pixel at least half-way from white to the ink's luminance (#000091 → 48).
    const keptMask = maskOf(kept.info.width, kept.info.height, (o) => luminance(o) <= (255 + 48) / 2);

    const a = boundingBox(liveMask);
    const b = boundingBox(keptMask);
    assert.ok(b.right > b.left + 100, `the kept signature has ink across the view: ${JSON.stringify(b)}`);
    for (const edge of ['left', 'top', 'right', 'bottom'] as const)
      assert.ok(Math.abs(a[edge] - b[edge]) <= 1, `${edge}: live ${a[edge]} vs kept ${b[edge]}`);
    assert.ok(covered(liveMask, keptMask, 1) >= 0.99, 'live ink lies on the kept ink');
    assert.ok(covered(keptMask, liveMask, 1) >= 0.99, 'kept ink lies on the live ink');
  });
});
