import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StationError } from '../../../common/errors';
import {
  applicationParts,
  chosenFingers,
  type Draft,
  draftFromSnapshot,
  draftReview,
  draftSnapshot,
  draftView,
  missingSteps,
  startDraft,
  withFingerAttempt,
  withFingerMarked,
  withPortrait,
  withSignature,
} from './application-draft';

const applicant = { surname: 'Martin', givenNames: 'Léa', birthDate: '1990-05-04', sex: 'F' as const };
const rules = { retentionMs: 60_000, fingerprintMinAgeYears: 12, minQuality: 40, maxAttempts: 3 };
const now = new Date('2026-12-07T10:00:00Z');
const fresh = (birthDate = applicant.birthDate): Draft =>
  startDraft(
    { id: 'd-1', agentId: 'AG-1', titleType: 'id-card', applicant: { ...applicant, birthDate } },
    rules,
    now,
  );
const capture = (quality: number, png = `png-${quality}`) => ({
  quality,
  pngBase64: png,
  feedback: 'Appuyez plus fort.',
});
const signature = {
  width: 600,
  height: 300,
  strokes: [
    {
      points: [
        { x: 1, y: 2, t: 0, p: 0.5 },
        { x: 3, y: 4, t: 5, p: 0.5 },
      ],
    },
    { points: [{ x: 5, y: 5, t: 9, p: 1 }] },
  ],
  svg: '<svg/>',
  pngBase64: 'c2ln',
};
const code = (c: string) => (e: unknown) => e instanceof StationError && e.code === c;

function complete(): Draft {
  let d = withPortrait(fresh(), { jpegBase64: 'anBn', compliant: true, failedCriteria: [] });
  d = withFingerAttempt(d, 'right-index', capture(80), rules).draft;
  d = withFingerAttempt(d, 'left-index', capture(70), rules).draft;
  return withSignature(d, signature);
}

describe('application draft model', () => {
  it('starts with two index fingers from the legal age, none below, and expires after the retention', () => {
    const adult = fresh();
    assert.deepEqual(
      adult.slots.map((s) => [s.finger, s.status]),
      [
        ['right-index', 'pending'],
        ['left-index', 'pending'],
      ],
    );
    assert.equal(adult.expiresAt.getTime() - adult.startedAt.getTime(), 60_000);
    const child = fresh('2020-01-01');
    assert.equal(child.fingerprintsRequired, false);
    assert.deepEqual(missingSteps(child), ['Photo d’identité', 'Signature']);
    assert.throws(() => fresh('2027-01-01'), code('INVALID_REQUEST'));
  });

  it('counts attempts, accepts at the minimum quality, keeps the best after the last attempt', () => {
    const d0 = fresh();
    const first = withFingerAttempt(d0, 'right-index', capture(20), rules);
    assert.deepEqual(first.outcome, {
      attempt: 1,
      accepted: false,
      bestQuality: 20,
      feedback: 'Qualité insuffisante (20/100) : Appuyez plus fort. Essai 1 sur 3.',
    });
    assert.equal(d0.attempts.size, 0, 'the transition returns a new draft');
    const second = withFingerAttempt(first.draft, 'right-index', capture(35), rules);
    const third = withFingerAttempt(second.draft, 'right-index', capture(30), rules);
    assert.equal(third.outcome.accepted, false);
    assert.match(third.outcome.feedback, /après 3 essais : la meilleure empreinte \(qualité 35\/100\)/);
    assert.deepEqual(third.draft.slots[0], {
      finger: 'right-index',
      status: 'captured',
      attempts: 3,
      bestQuality: 35,
    });
    assert.deepEqual(chosenFingers(third.draft), [{ finger: 'right-index', quality: 35, png: 'png-35' }]);
    assert.throws(() => withFingerAttempt(third.draft, 'right-index', capture(90), rules), code('CONFLICT'));
    const good = withFingerAttempt(d0, 'left-index', capture(40), rules);
    assert.equal(good.outcome.accepted, true);
    assert.equal(good.draft.slots[1]?.status, 'captured');
  });

  it('drops a finger declared missing and asks for the next one of the same hand', () => {
    const tried = withFingerAttempt(fresh(), 'left-index', capture(20), rules).draft;
    const marked = withFingerMarked(tried, 'left-index', 'missing', 'amputated');
    assert.deepEqual(
      marked.slots.map((s) => [s.finger, s.status]),
      [
        ['right-index', 'pending'],
        ['left-index', 'missing'],
        ['left-middle', 'pending'],
      ],
    );
    assert.equal(marked.attempts.has('left-index'), false);
    assert.throws(() => withFingerAttempt(marked, 'left-index', capture(90), rules), code('CONFLICT'));
    assert.throws(() => withFingerMarked(marked, 'right-thumb', 'missing', 'other'), code('INVALID_REQUEST'));
  });

  it('keeps a non-compliant portrait as missing unless an override reason is given', () => {
    const failed = { jpegBase64: 'anBn', compliant: false, failedCriteria: ['sharpness'] };
    const refused = withPortrait(fresh(), failed);
    assert.match(missingSteps(refused)[0] ?? '', /non conforme/);
    const kept = withPortrait(fresh(), failed, 'disability');
    assert.equal(kept.portrait?.overrideReason, 'disability');
    assert.ok(!missingSteps(kept).some((m) => m.includes('Photo')));
    const compliant = withPortrait(fresh(), { ...failed, compliant: true, failedCriteria: [] }, 'disability');
    assert.equal(
      compliant.portrait?.overrideReason,
      undefined,
      'no override recorded on a compliant portrait',
    );
  });

  it('counts signature points and strokes, and shows the draft without images', () => {
    const d = complete();
    assert.deepEqual(draftView(d).signature, { points: 3, strokes: 2 });
    assert.deepEqual(draftView(d).missing, []);
    assert.ok(!JSON.stringify(draftView(d)).includes('anBn'), 'no portrait image in the view');
    const review = draftReview(d);
    assert.equal(review.portraitJpegBase64, 'anBn');
    assert.deepEqual(
      review.fingers.map((f) => [f.finger, f.quality]),
      [
        ['right-index', 80],
        ['left-index', 70],
      ],
    );
  });

  it('refuses the parts of an incomplete draft with what is missing, builds those of a complete one', () => {
    assert.throws(
      () => applicationParts(fresh()),
      (e: unknown) =>
        e instanceof StationError &&
        e.code === 'CONFLICT' &&
        /Le dossier est incomplet : Photo d’identité, Empreinte : index droit/.test(e.message),
    );
    const parts = applicationParts(complete());
    assert.deepEqual(
      parts.map((p) => p.name),
      [
        'application',
        'portrait',
        'portrait.quality',
        'fingerprint.right-index',
        'fingerprint.left-index',
        'fingerprints.quality',
        'signature.strokes',
        'signature.image',
      ],
    );
    assert.equal(parts[3]?.base64, 'png-80');
  });

  it('survives the vault round trip (dates and attempts restored)', () => {
    const d = withFingerAttempt(fresh(), 'right-index', capture(20), rules).draft;
    const back = draftFromSnapshot(JSON.parse(JSON.stringify(draftSnapshot(d))));
    assert.deepEqual(back, d);
    assert.ok(back.expiresAt instanceof Date);
  });
});
