import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { defaultScene, type GlassScene } from '../../drivers/devices/escl-scanner/simulator/glass';
import { samplePortraitPng } from '../../drivers/devices/escl-scanner/simulator/sample-portrait';
import { platenJob, scanPage } from '../../drivers/devices/escl-scanner/simulator/server';
import { disposeSharedChecker } from '../face';
import { ScanInputError, scanPortrait } from '.';

const scan = (scene: GlassScene, dpi = 300) => scanPage(scene, platenJob(dpi));
const portrait = samplePortraitPng();
const status = (r: Awaited<ReturnType<typeof scanPortrait>>, id: string) =>
  r.report.criteria.find((c) => c.id === id)?.status;

describe('scanned paper photo', () => {
  after(() => disposeSharedChecker());

  it('finds the photo, measures its skew, crops the ISO token at the scan’s sampling and accepts it', async () => {
    const r = await scanPortrait(await scan(defaultScene(await portrait, { skewDeg: 3.2 })));
    assert.equal(r.found, true);
    assert.ok(Math.abs(r.skewDegrees - 3.2) < 0.3, `skew ${r.skewDegrees}`);
    assert.equal(r.dpi, 300);
    const t = r.token!;
    const ied = Math.hypot(t.eyes.left.x - t.eyes.right.x, t.eyes.left.y - t.eyes.right.y);
    assert.ok(Math.abs(t.image.width - 4 * ied) <= 2, `token ${t.image.width} for IED ${ied}`);
    assert.equal(t.image.height, Math.round(t.image.width / 0.75));
    assert.ok(Math.abs((t.eyes.left.y + t.eyes.right.y) / 2 - 0.45 * t.image.height) <= 1);
    for (const id of ['scan_resolution', 'halftone', 'dust', 'token_border', 'scan_skew'])
      assert.equal(status(r, id), 'ok', id);
    assert.equal(
      r.report.compliant,
      true,
      JSON.stringify(r.report.criteria.filter((c) => c.status === 'nok')),
    );
    assert.match(r.instruction, /^photo conforme/);
  });

  it('a photo askew by 9 degrees is deskewed, and the agent is told to square it', async () => {
    const r = await scanPortrait(await scan(defaultScene(await portrait, { skewDeg: -9 })));
    assert.ok(Math.abs(r.skewDegrees + 9) < 0.3, `skew ${r.skewDegrees}`);
    assert.equal(status(r, 'scan_skew'), 'nok');
    assert.equal(status(r, 'roll'), 'ok');
    assert.equal(r.instruction, 'photo inclinée : replacez-la contre le bord de la vitre');
  });

  it('finds the face of a photo laid upside down', async () => {
    const r = await scanPortrait(await scan(defaultScene(await portrait, { skewDeg: 182 })));
    assert.ok(r.token, 'token');
    assert.ok(Math.abs(r.skewDegrees - 2) < 0.3, `skew ${r.skewDegrees}`);
    assert.equal(status(r, 'eye_position_vertical'), 'ok');
  });

  it('a halftone print (office printer) is caught, with its instruction', async () => {
    const r = await scanPortrait(await scan(defaultScene(await portrait, { print: 'halftone' })));
    assert.equal(status(r, 'halftone'), 'nok');
    assert.equal(r.report.compliant, false);
    assert.match(r.instruction, /trame/);
  });

  it('a dusty glass is caught on the token', async () => {
    const r = await scanPortrait(await scan(defaultScene(await portrait, { dust: 4000, seed: 5 }), 600));
    assert.equal(status(r, 'dust'), 'nok', JSON.stringify(r.report.criteria.find((c) => c.id === 'dust')));
    assert.match(r.instruction, /poussières/);
  });

  it('a scan under 300 dpi fails the resolution of the original', async () => {
    const r = await scanPortrait(await scan(defaultScene(await portrait), 150));
    assert.equal(status(r, 'scan_resolution'), 'nok');
    assert.match(r.instruction, /résolution insuffisante/);
  });

  it('refuses an empty glass, two photos, a truncated file and an oversized page, each with its French reason', async () => {
    const cases: [Promise<Uint8Array>, string][] = [
      [scan({ photos: [], dust: 40 }), 'no_photo'],
      [
        portrait.then((image) =>
          scan({
            photos: [
              { image, centreMm: { x: 28, y: 40 }, skewDeg: 2 },
              { image, centreMm: { x: 75, y: 105 }, skewDeg: -3 },
            ],
          }),
        ),
        'several_photos',
      ],
      [scan(defaultScene(await portrait)).then((b) => b.subarray(0, b.length >> 1)), 'unreadable'],
      [
        sharp({
          create: { width: 8000, height: 8000, channels: 3, background: '#eee' },
          limitInputPixels: false,
        })
          .png({ compressionLevel: 1 })
          .toBuffer(),
        'too_large',
      ],
    ];
    for (const [bytes, reason] of cases) {
      const error = await scanPortrait(await bytes).catch((e: unknown) => e);
      assert.ok(error instanceof ScanInputError, `${reason}: ${String(error)}`);
      assert.equal(error.reason, reason);
      assert.ok(error.messageFr.length > 20);
    }
  });
});
