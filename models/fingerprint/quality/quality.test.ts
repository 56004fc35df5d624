import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomMinutiae, renderPattern } from '../synthetic/patterns';
import { assessQuality } from './assess';
import type { FeedbackCode } from './feedback';
import { FEEDBACK_MESSAGES_FR, feedbackMessageFr } from './messages-fr';

const base = {
  width: 320,
  height: 360,
  period: 9,
  kind: 'concentric' as const,
  minutiae: randomMinutiae({ width: 320, height: 360 }, 16, 4),
};

const codes = (img: Parameters<typeof assessQuality>[0]) => assessQuality(img).feedback.map((f) => f.code);

describe('assessQuality', () => {
  const clean = assessQuality(renderPattern({ ...base, noise: 4, seed: 1 }));

  it('scores within 0..100 and a clean pattern well', () => {
    assert.ok(clean.score >= 60 && clean.score <= 100, `clean ${clean.score}`);
    assert.deepEqual(clean.feedback, []);
  });

  it('scores noisy and low-contrast captures lower than a clean one', () => {
    const noisy = assessQuality(renderPattern({ ...base, noise: 70, seed: 2 }));
    const faint = assessQuality(renderPattern({ ...base, contrast: 12, meanGrey: 225, noise: 10, seed: 3 }));
    assert.ok(noisy.score < clean.score - 10, `noisy ${noisy.score} vs clean ${clean.score}`);
    assert.ok(faint.score < clean.score - 10, `faint ${faint.score} vs clean ${clean.score}`);
    assert.ok(noisy.features.clarity < clean.features.clarity);
    assert.ok(noisy.features.orientationCertainty < clean.features.orientationCertainty);
  });

  it('reports a blank sensor as NO_FINGER with score 0-ish', () => {
    const blank = { width: 300, height: 300, ppi: 500, pixels: new Uint8Array(300 * 300).fill(245) };
    const q = assessQuality(blank);
    assert.deepEqual(
      q.feedback.map((f) => f.code),
      ['NO_FINGER'],
    );
    assert.ok(q.score < 20);
  });

  it('asks for more area when the print is small', () => {
    const small = renderPattern({ ...base, fingerRadiusX: 70, fingerRadiusY: 80, seed: 5 });
    assert.ok(codes(small).includes('TOO_LITTLE_AREA'), String(codes(small)));
  });

  it('asks to centre an off-centre finger, with the direction to move', () => {
    const img = renderPattern({
      ...base,
      fingerCentreX: 300,
      fingerRadiusX: 110,
      fingerRadiusY: 150,
      seed: 6,
    });
    const fb = assessQuality(img).feedback.find((f) => f.code === 'OFF_CENTRE');
    assert.ok(fb, 'OFF_CENTRE expected');
    assert.equal(fb.move, 'left');
    assert.equal(feedbackMessageFr(fb), 'Centrez le doigt : déplacez-le vers la gauche');
  });

  it('flags thin broken ridges as dry or light pressure, merged ridges as wet', () => {
    // Thin dark ridges on a bright background: a cosine clipped at white, with a narrow dark part.
    const thin = renderPattern({ ...base, meanGrey: 340, contrast: 120, noise: 12, seed: 7 });
    const thinCodes = codes(thin);
    assert.ok(thinCodes.includes('TOO_DRY') || thinCodes.includes('TOO_LIGHT_PRESSURE'), String(thinCodes));
    const wet = renderPattern({ ...base, meanGrey: -40, contrast: 120, noise: 25, seed: 8 });
    assert.ok(codes(wet).includes('TOO_WET'), String(codes(wet)));
  });
});

describe('French feedback messages', () => {
  it('has a message for every code, including the required wording', () => {
    const all: FeedbackCode[] = [
      'NO_FINGER',
      'TOO_LITTLE_AREA',
      'OFF_CENTRE',
      'TOO_LIGHT_PRESSURE',
      'TOO_DRY',
      'TOO_WET',
      'LOW_CLARITY',
      'TOO_FEW_MINUTIAE',
    ];
    for (const c of all) assert.ok(FEEDBACK_MESSAGES_FR[c].length > 5);
    assert.equal(feedbackMessageFr({ code: 'TOO_LIGHT_PRESSURE' }), 'Appuyez davantage');
    assert.equal(feedbackMessageFr({ code: 'OFF_CENTRE' }), 'Centrez le doigt');
  });
});
