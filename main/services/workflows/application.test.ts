import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StationError } from '../../../common/errors';
import { ConfigSchema } from '../config';
import { preApplicationAnswered, taxStampAnswered } from '../counter/check-views';
import { CounterChecks } from '../counter/session-checks';
import { applicationHandlers, dossierNumber } from './application';
import type { SessionGate } from './deps';
import { fakeCaptureDevice, fakeWorkflowDeps } from './test-deps';

const applicant = { surname: 'Martin', givenNames: 'Léa', birthDate: '1990-05-04', sex: 'F' as const };

type Vault = Map<string, { id: string; expiresAt: number; base64: string }>;

function setup(
  options: {
    qualities?: number[];
    compliant?: boolean;
    session?: boolean;
    enrolled?: boolean;
    vault?: Vault;
    checks?: CounterChecks;
  } = {},
) {
  const vault: Vault = options.vault ?? new Map();
  const submitted: { kind: string; agentId: string; parts: { name: string; mediaType: string }[] }[] = [];
  const consumed: Record<string, unknown>[] = [];
  let consumedTwice: () => void = () => undefined;
  const bothConsumed = new Promise<void>((resolve) => {
    consumedTwice = resolve;
  });
  const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
  const device = fakeCaptureDevice({
    qualities: options.qualities ?? [80],
    ...(options.compliant === undefined ? {} : { compliant: options.compliant }),
  });
  const sync = {
    call: (method: string, params: Record<string, unknown>) => {
      if (method === 'draftSave') {
        vault.set('application', params as never);
        return ok({ saved: true });
      }
      if (method === 'draftLoad') return ok(vault.get('application') ?? null);
      if (method === 'counterConsume') {
        consumed.push(params);
        if (consumed.length === 2) consumedTwice();
        return ok({ outcome: 'deferred' as const });
      }
      if (method === 'draftDelete') {
        vault.delete('application');
        return ok({ deleted: true });
      }
      submitted.push(params as (typeof submitted)[number]);
      return ok({ dossierId: '019a0000-0000-7000-8000-0123456789ab', enqueuedAt: new Date().toISOString() });
    },
  };
  const gate: SessionGate = {
    require: () => {
      if (options.session === false) throw new StationError('SESSION_REQUIRED', 'Ouvrez une session.');
      return { agentId: 'AG-01AB', role: 'agent' };
    },
    touch: () => undefined,
  };
  const config = ConfigSchema.parse({
    station: { id: 'DR-1', townHall: { name: 'Mairie de Test', inseeCode: '75056' } },
    dataDir: '/tmp/unused',
  });
  const { deps, audits } = fakeWorkflowDeps({
    config,
    device,
    sync,
    gate,
    ...(options.enrolled === undefined ? {} : { enrolled: options.enrolled }),
  });
  return {
    handlers: applicationHandlers(deps, options.checks ? { checks: options.checks } : {}),
    audits,
    submitted,
    vault,
    consumed,
    bothConsumed,
  };
}

describe('application workflow', () => {
  it('records the counter checks at start and files the pre-application and the stamp at submit', async () => {
    const checks = new CounterChecks();
    const number = 'AB12CD34EF';
    const stamp = { number: '1234567890123452', state: 'valid' as const, amountCents: 8600 };
    checks.record('AG-01AB', 'preApplication', {
      ...preApplicationAnswered({
        number,
        state: 'valid',
        application: { titleType: 'passport', reason: 'first', identity: applicant },
      }),
    });
    checks.record('AG-01AB', 'taxStamp', { ...taxStampAnswered(stamp), answer: stamp });
    const { handlers, consumed, bothConsumed, submitted } = setup({ checks });
    const draft = await handlers['application.start']({
      titleType: 'passport',
      applicant: { ...applicant, surname: `${applicant.surname}-Corrigé` },
      preApplicationNumber: number,
      reason: 'first',
      taxStampNumber: stamp.number,
    });
    assert.equal(draft.counterChecks?.preApplication?.outcome, 'ok');
    assert.deepEqual(draft.counterChecks?.corrections, ['surname']);
    assert.equal(draft.counterChecks?.taxStamp?.amountCents, 8600);
    await handlers['application.portrait']({ jpegBase64: Buffer.from('jpeg').toString('base64') });
    await handlers['application.captureFinger']({ finger: 'right-index' });
    await handlers['application.captureFinger']({ finger: 'left-index' });
    await handlers['application.signatureFinish']({});
    await handlers['application.submit']({});
    const part = submitted[0]?.parts.find((p) => p.name === 'application') as unknown as { base64: string };
    assert.ok(part);
    const details = JSON.parse(Buffer.from(part.base64, 'base64').toString('utf8'));
    assert.deepEqual(details.counterChecks.corrections, ['surname']);
    assert.equal(details.counterChecks.taxStamp.outcome, 'ok');
    await bothConsumed;
    assert.deepEqual(
      consumed.map((c) => [c.kind, c.number]),
      [
        ['pre-application', number],
        ['tax-stamp', stamp.number],
      ],
    );
  });

  it('walks a complete application to the queue and erases the draft', async () => {
    const { handlers, audits, submitted } = setup();
    const draft = await handlers['application.start']({ titleType: 'passport', applicant });
    assert.deepEqual(draft.missing, [
      'Photo d’identité',
      'Empreinte : index droit',
      'Empreinte : index gauche',
      'Signature',
    ]);
    await handlers['application.portrait']({ jpegBase64: Buffer.from('jpeg').toString('base64') });
    await handlers['application.captureFinger']({ finger: 'right-index' });
    await handlers['application.captureFinger']({ finger: 'left-index' });
    await handlers['application.signatureStart']({});
    const signed = await handlers['application.signatureFinish']({});
    assert.deepEqual(signed.draft.missing, []);
    const review = await handlers['application.review']({});
    assert.equal(review.fingers.length, 2);
    const receipt = await handlers['application.submit']({});
    assert.equal(receipt.dossierNumber, '0123-4567-89AB');
    assert.equal(receipt.townHall.name, 'Mairie de Test');
    assert.deepEqual(
      submitted[0]?.parts.map((p) => p.name),
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
    assert.equal(await handlers['application.current']({}), null);
    assert.ok(audits.some((a) => a.action === 'dossier.submit' && a.outcome === 'success'));
    // No personal data in the audit trail.
    assert.ok(!JSON.stringify(audits).includes('Martin'));
  });

  it('keeps the best of three poor attempts', async () => {
    const { handlers } = setup({ qualities: [20, 35, 30] });
    await handlers['application.start']({ titleType: 'id-card', applicant });
    const first = await handlers['application.captureFinger']({ finger: 'right-index' });
    assert.equal(first.attempt.accepted, false);
    assert.match(first.attempt.feedback, /Essai 1 sur 3/);
    await handlers['application.captureFinger']({ finger: 'right-index' });
    const third = await handlers['application.captureFinger']({ finger: 'right-index' });
    const slot = third.draft.fingerprints.slots.find((s) => s.finger === 'right-index');
    assert.equal(slot?.status, 'captured');
    assert.equal(slot?.bestQuality, 35);
    await assert.rejects(
      Promise.resolve().then(() => handlers['application.captureFinger']({ finger: 'right-index' })),
      /essais/,
    );
  });

  it('asks for a fallback finger when one is missing', async () => {
    const { handlers } = setup();
    await handlers['application.start']({ titleType: 'id-card', applicant });
    const draft = await handlers['application.markFinger']({
      finger: 'left-index',
      status: 'unusable',
      reason: 'bandaged',
    });
    assert.deepEqual(
      draft.fingerprints.slots.map((s) => [s.finger, s.status]),
      [
        ['right-index', 'pending'],
        ['left-index', 'unusable'],
        ['left-middle', 'pending'],
      ],
    );
  });

  it('takes no fingerprints under the legal age', async () => {
    const { handlers } = setup();
    const child = {
      ...applicant,
      birthDate: new Date(Date.now() - 5 * 365 * 86400e3).toISOString().slice(0, 10),
    };
    const draft = await handlers['application.start']({ titleType: 'id-card', applicant: child });
    assert.equal(draft.fingerprints.required, false);
    assert.deepEqual(draft.missing, ['Photo d’identité', 'Signature']);
  });

  it('refuses a non-compliant portrait without a reason, accepts it with one (audited)', async () => {
    const { handlers, audits } = setup({ compliant: false });
    await handlers['application.start']({ titleType: 'passport', applicant });
    const refused = await handlers['application.portrait']({ jpegBase64: 'AAAA' });
    assert.equal(refused.draft.portrait?.compliant, false);
    assert.match(refused.draft.missing[0] ?? '', /non conforme/);
    const kept = await handlers['application.portrait']({ jpegBase64: 'AAAA', overrideReason: 'disability' });
    assert.equal(kept.draft.portrait?.overrideReason, 'disability');
    assert.ok(!kept.draft.missing.some((m) => m.includes('Photo')));
    assert.ok(audits.some((a) => a.action === 'capture.override'));
  });

  it('refuses an incomplete submission and any step without a session', async () => {
    const { handlers } = setup();
    await handlers['application.start']({ titleType: 'passport', applicant });
    await assert.rejects(
      Promise.resolve().then(() => handlers['application.submit']({})),
      /incomplet/,
    );
    const locked = setup({ session: false });
    await assert.rejects(
      Promise.resolve().then(() =>
        locked.handlers['application.start']({ titleType: 'passport', applicant }),
      ),
      (error: unknown) => error instanceof StationError && error.code === 'SESSION_REQUIRED',
    );
  });

  it('resumes an interrupted draft from the vault after a restart, and forgets it once submitted', async () => {
    const first = setup();
    await first.handlers['application.start']({ titleType: 'passport', applicant });
    await first.handlers['application.captureFinger']({ finger: 'right-index' });
    assert.equal(first.vault.size, 1);
    // A new station process: same vault, nothing in memory.
    const second = setup({ vault: first.vault });
    const resumed = await second.handlers['application.current']({});
    assert.equal(resumed?.applicant.surname, 'Martin');
    assert.equal(resumed?.fingerprints.slots[0]?.status, 'captured');
    assert.ok(second.audits.some((a) => a.action === 'capture.resume'));
    await second.handlers['application.cancel']({ reason: 'applicant-left' });
    assert.equal(first.vault.size, 0);
  });

  it('refuses to start an application on a station that is not enrolled, and says why', async () => {
    const { handlers } = setup({ enrolled: false });
    await assert.rejects(
      Promise.resolve().then(() => handlers['application.start']({ titleType: 'passport', applicant })),
      (error: unknown) => error instanceof StationError && error.code === 'NOT_ENROLLED',
    );
  });

  it('derives the citizen number from the dossier id', () => {
    assert.equal(dossierNumber('019a0000-0000-7000-8000-0123456789ab'), '0123-4567-89AB');
  });
});
