/**
 * Evaluation of the WSQ decoder against NIST NBIS `dwsq`: every X.wsq of the shared reference
 * set must decode to X.nbis.png pixel for pixel, with the size and PPI of the X.ncm NISTCOM.
 * Skipped (with a message) when ../shared/data/wsq is not beside the checkout.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { decodeWsq } from '../../models/fingerprint/wsq';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data/wsq');
const EXPECTED_FILES = 17;

function ncmField(text: string, key: string): string | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${key} `));
  return line?.slice(key.length + 1).trim();
}

describe('WSQ decoder vs NBIS reference decodes', () => {
  if (!existsSync(dataDir)) {
    it('reference decodes', (t) => {
      t.skip(`shared data absent: ${dataDir} not found, NBIS comparison not run`);
    });
    return;
  }

  const names = readdirSync(dataDir)
    .filter((f) => f.endsWith('.wsq'))
    .map((f) => f.slice(0, -'.wsq'.length))
    .sort();

  it(`finds the ${EXPECTED_FILES} reference files`, () => {
    assert.equal(names.length, EXPECTED_FILES);
  });

  for (const name of names) {
    it(`${name} decodes pixel-exactly like NBIS dwsq`, async () => {
      const decoded = decodeWsq(new Uint8Array(readFileSync(path.join(dataDir, `${name}.wsq`))));
      const { data, info } = await sharp(path.join(dataDir, `${name}.nbis.png`))
        .extractChannel(0)
        .raw()
        .toBuffer({ resolveWithObject: true });
      assert.equal(decoded.width, info.width);
      assert.equal(decoded.height, info.height);
      assert.equal(data.length, decoded.pixels.length);

      let differing = 0;
      let maxDiff = 0;
      for (let i = 0; i < data.length; i++) {
        const d = Math.abs(data[i]! - decoded.pixels[i]!);
        if (d !== 0) {
          differing++;
          if (d > maxDiff) maxDiff = d;
        }
      }
      assert.equal(differing, 0, `${differing} pixels differ (max abs diff ${maxDiff})`);

      const ncm = readFileSync(path.join(dataDir, `${name}.ncm`), 'latin1');
      assert.equal(String(decoded.width), ncmField(ncm, 'PIX_WIDTH'));
      assert.equal(String(decoded.height), ncmField(ncm, 'PIX_HEIGHT'));
      assert.equal(String(decoded.ppi), ncmField(ncm, 'PPI'));
      assert.ok(decoded.comments.some((c) => c.startsWith('NIST_COM')));
    });
  }
});
