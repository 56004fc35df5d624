import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partProblems } from '../../../sync/dossier/parts';
import { type DossierPart, dossierParts, fingerprintsQuality, portraitQuality } from './dossier-parts';

const decode = (part: DossierPart | undefined) =>
  JSON.parse(Buffer.from(part?.base64 ?? '', 'base64').toString('utf8')) as unknown;

/** Every part passes the catalogue's checks, as the sync host will check it when sealing. */
function assertCatalogueValid(parts: DossierPart[]): void {
  for (const part of parts)
    assert.deepEqual(
      partProblems(part.name, part.mediaType, Buffer.from(part.base64, 'base64')),
      [],
      part.name,
    );
}

const portrait = { jpegBase64: Buffer.from('jpeg').toString('base64'), compliant: true, failedCriteria: [] };
const signature = {
  strokes: { width: 600, height: 300, strokes: [{ points: [{ x: 1, y: 2, t: 0, p: 0.5 }] }] },
  pngBase64: Buffer.from('png').toString('base64'),
};

describe('dossier-parts builder', () => {
  it('builds a full application dossier in the dossier order, every part valid for the catalogue', () => {
    const parts = dossierParts({
      application: {
        titleType: 'passport',
        applicant: { surname: 'Martin', givenNames: 'Léa', birthDate: '1990-05-04', sex: 'F' },
      },
      portrait,
      fingerprints: {
        images: [{ finger: 'right-index', pngBase64: Buffer.from('r').toString('base64') }],
        slots: [
          { finger: 'right-index', status: 'captured', attempts: 2, bestQuality: 64 },
          { finger: 'left-index', status: 'missing', attempts: 0, reason: 'amputated' },
        ],
      },
      signature,
    });
    assert.deepEqual(
      parts.map((p) => [p.name, p.mediaType]),
      [
        ['application', 'application/json'],
        ['portrait', 'image/jpeg'],
        ['portrait.quality', 'application/json'],
        ['fingerprint.right-index', 'image/png'],
        ['fingerprints.quality', 'application/json'],
        ['signature.strokes', 'application/json'],
        ['signature.image', 'image/png'],
      ],
    );
    assertCatalogueValid(parts);
    assert.deepEqual(decode(parts[4]), {
      fingers: [
        { finger: 'right-index', status: 'captured', nfiq2: 64 },
        { finger: 'left-index', status: 'missing', reason: 'amputated' },
      ],
    });
    assert.equal(parts[1]?.base64, portrait.jpegBase64);
  });

  it('makes a dossier of one section only: a complementary portrait is the portrait and its quality', () => {
    const parts = dossierParts({
      portrait: { ...portrait, compliant: false, failedCriteria: ['sharpness', 'background'] },
    });
    assert.deepEqual(
      parts.map((p) => p.name),
      ['portrait', 'portrait.quality'],
    );
    assertCatalogueValid(parts);
    assert.deepEqual(decode(parts[1]), {
      score: 90,
      compliant: false,
      failedChecks: ['sharpness', 'background'],
    });
    assert.deepEqual(
      dossierParts({ signature }).map((p) => p.name),
      ['signature.strokes', 'signature.image'],
    );
  });

  it('gives finger images without a quality part when no slots are given (certification live images)', () => {
    const parts = dossierParts({
      fingerprints: { images: [{ finger: 'left-thumb', pngBase64: 'AAAA' }] },
    });
    assert.deepEqual(
      parts.map((p) => p.name),
      ['fingerprint.left-thumb'],
    );
  });

  it('refuses a dossier without any part', () => {
    assert.throws(() => dossierParts({}), /at least one part/);
    assert.throws(() => dossierParts({ fingerprints: { images: [] } }), /at least one part/);
  });

  it('scores the portrait on 20 criteria and reports a pending finger as unusable', () => {
    assert.equal(portraitQuality({ ...portrait, failedCriteria: [] }).score, 100);
    assert.equal(portraitQuality({ ...portrait, failedCriteria: ['a', 'b', 'c', 'd', 'e'] }).score, 75);
    assert.equal(portraitQuality({ ...portrait, failedCriteria: Array(25).fill('x') }).score, 0);
    assert.deepEqual(
      fingerprintsQuality([{ finger: 'right-index', status: 'pending', attempts: 1, bestQuality: 12 }]),
      {
        fingers: [{ finger: 'right-index', status: 'unusable' }],
      },
    );
  });
});
