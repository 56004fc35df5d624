/**
 * The application-capture workflow (passport / ID card), as thin command handlers of the station
 * core: each asks the session gate first, calls the device host (portrait analysed again at full
 * resolution, finger capture, signature pad), moves the draft to its next state (draft model,
 * application-draft.ts), saves it in the draft slot (draft-slot.ts: encrypted vault, purge at
 * `workflow.draftRetentionMinutes`, resume after a restart), and audits the step without personal
 * data. Submission hands the dossier parts (dossier-parts.ts) to the sync host, which seals them
 * for the central system and commits them to the outbox; the draft is then erased.
 */

import type { PortraitAnalysis } from '../../../common/domain';
import { StationError, unwrap } from '../../../common/errors';
import type { CounterResolved } from '../../../sync/host/protocol';
import type {
  ApplicationReceipt,
  applicationCommands,
  PortraitIntakeResult,
  PortraitOverrideReason,
} from '../../contract/application';
import type { CommandHandlers } from '../../ipc/registry';
import type { AuditEvent } from '../audit';
import { withResolvedCheck } from '../counter/resolved';
import { CounterChecks, draftCounterChecks } from '../counter/session-checks';
import { taxStampRates } from '../signed-configuration';
import {
  applicationParts,
  checkFingerCapturable,
  type Draft,
  type DraftRules,
  type DraftSnapshot,
  draftFromSnapshot,
  draftReview,
  draftSnapshot,
  draftView,
  type FingerRules,
  type PortraitIntake,
  startDraft,
  withFingerAttempt,
  withFingerMarked,
  withPortrait,
  withSignature,
} from './application-draft';
import type { WorkflowDeps } from './deps';
import { type DraftSlot, draftSlot } from './draft-slot';

type ApplicationHandlers = Pick<CommandHandlers, keyof typeof applicationCommands>;
type Params<K extends keyof ApplicationHandlers> = Parameters<ApplicationHandlers[K]>[0];
type Action = 'application.capture' | 'application.submit';

interface Context {
  deps: WorkflowDeps;
  checks: CounterChecks;
  slot: DraftSlot<Draft>;
  rules: DraftRules & FingerRules;
}

/** The number the citizen quotes: the random tail of the UUIDv7 in three groups of four. */
export function dossierNumber(dossierId: string): string {
  const tail = dossierId.replaceAll('-', '').slice(-12).toUpperCase();
  return `${tail.slice(0, 4)}-${tail.slice(4, 8)}-${tail.slice(8, 12)}`;
}

/** Appends an audit record of the application workflow; a failed append is logged, never thrown. */
function record(
  ctx: Context,
  actor: string,
  action: AuditEvent['action'],
  outcome: AuditEvent['outcome'],
  extra: { details?: AuditEvent['details']; dossierId?: string } = {},
) {
  const event: AuditEvent = {
    actor: actor as AuditEvent['actor'],
    action,
    outcome,
    objects: { ...(extra.dossierId ? { dossierId: extra.dossierId } : {}), dossierKind: 'application' },
    ...(extra.details ? { details: extra.details } : {}),
  };
  return ctx.deps.audit
    .append(event)
    .catch((error: unknown) => ctx.deps.logger.error({ err: error }, 'audit append failed'));
}

/** The open draft, after the session check (the agent who started it, or any agent). */
function open(ctx: Context, action: Action = 'application.capture') {
  const agent = ctx.deps.session.require(action);
  ctx.deps.session.touch();
  const draft = ctx.slot.current();
  if (!draft)
    throw new StationError('NOT_FOUND', 'Aucune demande en cours : commencez une nouvelle demande.');
  return { draft, agent };
}

/** The open draft after a device call, which it may have outlived (cancelled or purged meanwhile). */
function stillOpen(ctx: Context, draft: Draft, during: string): Draft {
  const latest = ctx.slot.current();
  if (latest?.id !== draft.id)
    throw new StationError('NOT_FOUND', `La demande a été abandonnée pendant ${during}.`);
  return latest;
}

async function restore(ctx: Context): Promise<void> {
  const resumed = await ctx.slot.restore();
  if (resumed) await record(ctx, resumed.agentId, 'capture.resume', 'success');
}

function erase(ctx: Context, reason: 'submitted' | 'expired' | 'cancelled'): void {
  const draft = ctx.slot.erase();
  if (!draft) return;
  void ctx.deps.device.call('signatureCancel', {}).catch(() => undefined);
  if (reason !== 'submitted')
    void record(ctx, reason === 'expired' ? 'station' : draft.agentId, 'dossier.purge', 'success', {
      details: { reason: reason === 'expired' ? 'draft-expired' : 'draft-cancelled' },
    });
  ctx.deps.logger.info(
    { event: 'application-draft-erased', draft: draft.id, reason },
    'application draft erased',
  );
}

async function start(
  ctx: Context,
  { titleType, preApplicationNumber, applicant, reason, taxStampNumber }: Params<'application.start'>,
) {
  const agent = ctx.deps.session.require('application.capture');
  ctx.deps.session.touch();
  await ctx.deps.requireEnrolled();
  ctx.deps.admitApplication(titleType);
  await restore(ctx);
  if (ctx.slot.current())
    throw new StationError(
      'CONFLICT',
      'Une demande est déjà en cours : terminez-la ou abandonnez-la avant d’en commencer une autre.',
    );
  const now = new Date();
  const counterChecks = draftCounterChecks(
    ctx.checks.of(agent.agentId),
    {
      titleType,
      applicant,
      ...(reason ? { reason } : {}),
      ...(preApplicationNumber ? { preApplicationNumber } : {}),
      ...(taxStampNumber ? { taxStampNumber } : {}),
    },
    now,
    taxStampRates(ctx.deps.config),
  );
  const draft = startDraft(
    {
      id: crypto.randomUUID(),
      agentId: agent.agentId,
      titleType,
      applicant,
      ...(preApplicationNumber ? { preApplicationNumber } : {}),
      ...(counterChecks ? { counterChecks } : {}),
    },
    ctx.rules,
    now,
  );
  await ctx.slot.save(draft);
  ctx.checks.clear(agent.agentId);
  await record(ctx, agent.agentId, 'capture.start', 'success', { details: { step: titleType } });
  // Which identity fields the agent corrected from the pre-application: names only, no value.
  if (counterChecks?.corrections.length)
    await record(ctx, agent.agentId, 'capture.step', 'success', {
      details: { step: 'pre-application-corrected', count: counterChecks.corrections.length },
    });
  return draftView(draft);
}

async function portrait(ctx: Context, { jpegBase64, frame, overrideReason }: Params<'application.portrait'>) {
  open(ctx);
  if (overrideReason) ctx.deps.session.require('application.override');
  const analysis = await unwrap(
    ctx.deps.device.call(
      'portraitAnalyze',
      { jpegBase64, mode: 'final', ...(frame ? { frame } : {}) },
      20000,
    ),
  );
  const draft = await keepPortrait(ctx, jpegBase64, analysis, { kind: 'live' }, overrideReason);
  return { draft, analysis };
}

/** Keeps an analysed portrait in the draft (sealed vault) and audits the step; the draft's view. */
async function keepPortrait(
  ctx: Context,
  jpegBase64: string,
  analysis: PortraitAnalysis,
  intake: PortraitIntake,
  overrideReason: PortraitOverrideReason | undefined,
) {
  const { draft, agent } = open(ctx);
  const failedCriteria = analysis.criteria.filter((c) => c.status === 'nok').map((c) => c.id);
  const next = withPortrait(
    stillOpen(ctx, draft, 'l’analyse de la photo'),
    { jpegBase64, compliant: analysis.compliant, failedCriteria, intake },
    overrideReason,
  );
  await ctx.slot.save(next);
  const step = intake.kind === 'live' ? 'portrait' : `portrait-${intake.kind}`;
  if (analysis.compliant) await record(ctx, agent.agentId, 'capture.step', 'success', { details: { step } });
  else if (overrideReason)
    await record(ctx, agent.agentId, 'capture.override', 'success', {
      details: { step, reason: overrideReason, count: failedCriteria.length },
    });
  else await record(ctx, agent.agentId, 'capture.step', 'failure', { details: { step } });
  return draftView(next);
}

const frDate = (iso: string) => new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });

/** The e-photo intake: the sync host fetches and verifies the record, the device host checks the token. */
async function portraitEphoto(
  ctx: Context,
  { code, overrideReason }: Params<'application.portraitEphoto'>,
): Promise<PortraitIntakeResult> {
  open(ctx);
  if (overrideReason) ctx.deps.session.require('application.override');
  const record = await unwrap(ctx.deps.sync.call('ephotoFetch', { code }, 20000));
  if (record.outcome === 'refused') return { outcome: 'refused', message: record.message };
  const checked = await unwrap(
    ctx.deps.device.call('portraitToken', { jpegBase64: record.photoJpegBase64 }, 20000),
  );
  if (checked.outcome === 'refused') return checked;
  const draft = await keepPortrait(
    ctx,
    record.photoJpegBase64,
    checked.analysis,
    { kind: 'ephoto', ephotoCode: record.code, provider: record.provider },
    overrideReason,
  );
  return {
    outcome: 'kept',
    draft,
    analysis: checked.analysis,
    portraitJpegBase64: record.photoJpegBase64,
    source: `Photo e-photo authentique : ${record.provider}, prise le ${frDate(record.takenAt)}, code valable jusqu’au ${frDate(record.expiresAt)}.`,
  };
}

/** The scanned paper photo: the device host finds it on the glass and crops the ISO token. */
async function portraitScan(
  ctx: Context,
  { imageBase64, overrideReason }: Params<'application.portraitScan'>,
): Promise<PortraitIntakeResult> {
  open(ctx);
  if (overrideReason) ctx.deps.session.require('application.override');
  const scan = await unwrap(ctx.deps.device.call('portraitScan', { imageBase64 }, 30000));
  if (scan.outcome === 'refused') return scan;
  if (!scan.tokenJpegBase64) return { outcome: 'refused', message: scan.instruction };
  const draft = await keepPortrait(
    ctx,
    scan.tokenJpegBase64,
    scan.analysis,
    { kind: 'scan' },
    overrideReason,
  );
  return {
    outcome: 'kept',
    draft,
    analysis: scan.analysis,
    portraitJpegBase64: scan.tokenJpegBase64,
    source: `Photo papier numérisée (${scan.dpi} ppp, inclinaison ${scan.skewDegrees.toFixed(1)}°) : ${scan.instruction}`,
  };
}

async function captureFinger(ctx: Context, { finger }: Params<'application.captureFinger'>) {
  const { draft, agent } = open(ctx);
  checkFingerCapturable(draft, finger, ctx.rules.maxAttempts);
  const capture = await unwrap(ctx.deps.device.call('fingerCapture', { finger }, 30000));
  const { draft: next, outcome } = withFingerAttempt(
    stillOpen(ctx, draft, 'la capture'),
    finger,
    capture,
    ctx.rules,
  );
  await ctx.slot.save(next);
  await record(ctx, agent.agentId, 'capture.step', outcome.accepted ? 'success' : 'failure', {
    details: { step: 'fingerprint', count: outcome.attempt },
  });
  const { attempt, accepted, feedback } = outcome;
  return {
    draft: draftView(next),
    attempt: {
      finger,
      attempt,
      quality: capture.quality,
      accepted,
      feedback,
      qualityMs: capture.qualityMs,
      pngBase64: capture.pngBase64,
    },
  };
}

async function markFinger(ctx: Context, { finger, status, reason }: Params<'application.markFinger'>) {
  const { draft, agent } = open(ctx);
  const next = withFingerMarked(draft, finger, status, reason);
  await ctx.slot.save(next);
  await record(ctx, agent.agentId, 'capture.step', 'success', {
    details: { step: `finger-${status}`, reason },
  });
  return draftView(next);
}

async function signatureFinish(ctx: Context) {
  const { draft, agent } = open(ctx);
  const signature = await unwrap(ctx.deps.device.call('signatureFinish', {}, 20000));
  const next = withSignature(stillOpen(ctx, draft, 'la signature'), signature);
  await ctx.slot.save(next);
  await record(ctx, agent.agentId, 'capture.step', 'success', { details: { step: 'signature' } });
  return { draft: draftView(next), svg: signature.svg };
}

async function submit(ctx: Context): Promise<ApplicationReceipt> {
  const { draft, agent } = open(ctx, 'application.submit');
  const parts = applicationParts(draft);
  let queued: { dossierId: string; enqueuedAt: string };
  try {
    queued = await unwrap(
      ctx.deps.sync.call('submit', { kind: 'application', agentId: agent.agentId, parts }, 60000),
    );
  } catch (error) {
    await record(ctx, agent.agentId, 'dossier.submit', 'failure', {
      details: { errorCode: error instanceof StationError ? error.code : 'INTERNAL' },
    });
    throw error;
  }
  await record(ctx, agent.agentId, 'dossier.submit', 'success', { dossierId: queued.dossierId });
  const intake = draft.portrait?.intake;
  if (intake?.kind === 'ephoto')
    // The dossier is queued whatever the provider says: the mark is retried at sync if need be.
    await unwrap(
      ctx.deps.sync.call('ephotoMarkUsed', { code: intake.ephotoCode, draftId: draft.id }, 20000),
    ).catch((error: unknown) => ctx.deps.logger.warn({ err: error }, 'e-photo code not marked used'));
  erase(ctx, 'submitted');
  void consumeAtSubmit(ctx, draft);
  return {
    dossierId: queued.dossierId,
    dossierNumber: dossierNumber(queued.dossierId),
    submittedAt: queued.enqueuedAt,
    townHall: ctx.deps.info.townHall,
    titleType: draft.titleType,
  };
}

/**
 * What the submitted application used is filed with the counter services (not awaited: the receipt
 * does not wait on them): the pre-application it was checked against (the appointment platform
 * then reports the number consumed) and its tax stamp; the sync host journals them when offline.
 */
async function consumeAtSubmit(ctx: Context, draft: Draft): Promise<void> {
  const checks = draft.counterChecks;
  const usable = (outcome: string | undefined) =>
    outcome === 'ok' || outcome === 'warning' || outcome === 'deferred';
  const consumptions = [
    ...(draft.preApplicationNumber && usable(checks?.preApplication?.outcome)
      ? [{ kind: 'pre-application' as const, number: draft.preApplicationNumber }]
      : []),
    ...(checks?.taxStamp ? [{ kind: 'tax-stamp' as const, number: checks.taxStamp.number }] : []),
  ];
  for (const { kind, number } of consumptions) {
    const settled = await ctx.deps.sync
      .call('counterConsume', { kind, number, draftId: draft.id }, 20000)
      .catch(() => undefined);
    ctx.deps.logger.info(
      { event: 'counter-consume', kind, outcome: settled?.ok ? settled.value.outcome : 'failed' },
      'counter consumption at submit',
    );
  }
}

async function cancel(ctx: Context, { reason }: Params<'application.cancel'>) {
  const agent = ctx.deps.session.require('application.capture');
  if (!ctx.slot.current()) return { cancelled: false };
  await record(ctx, agent.agentId, 'capture.interrupt', 'success', { details: { reason } });
  erase(ctx, 'cancelled');
  return { cancelled: true };
}

/** A deferred counter lookup answered after a sync pass: recorded in the open draft waiting on it. */
async function resolved(ctx: Context, answered: CounterResolved): Promise<void> {
  const draft = ctx.slot.current();
  const checks = draft?.counterChecks;
  if (!draft || !checks) return;
  const next = withResolvedCheck(
    checks,
    answered,
    draft,
    ctx.deps.info.townHall.name,
    taxStampRates(ctx.deps.config),
  );
  if (!next) return;
  await ctx.slot.save({ ...draft, counterChecks: next });
  ctx.deps.logger.info(
    { event: 'counter-check-resolved', kind: answered.kind, draft: draft.id },
    'deferred counter check recorded',
  );
}

export function applicationHandlers(
  deps: WorkflowDeps,
  options: { checks?: CounterChecks } = {},
): ApplicationHandlers {
  const { config } = deps;
  const ctx: Context = {
    deps,
    checks: options.checks ?? new CounterChecks(),
    rules: {
      retentionMs: config.workflow.draftRetentionMinutes * 60_000,
      fingerprintMinAgeYears: config.workflow.fingerprintMinAgeYears,
      minQuality: config.thresholds.fingerprint.minQuality,
      maxAttempts: config.thresholds.fingerprint.maxAttempts,
    },
    slot: draftSlot<Draft>({
      kind: 'application',
      sync: deps.sync,
      logger: deps.logger,
      codec: { encode: draftSnapshot, decode: (saved) => draftFromSnapshot(saved as DraftSnapshot) },
      onExpiry: () => erase(ctx, 'expired'),
    }),
  };
  ctx.checks.onResolved((answered) => {
    void resolved(ctx, answered).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'deferred counter check not recorded'),
    );
  });
  return {
    'application.start': (params) => start(ctx, params),
    'application.current': async () => {
      deps.session.require('application.capture');
      await restore(ctx);
      const draft = ctx.slot.current();
      return draft ? draftView(draft) : null;
    },
    'application.portrait': (params) => portrait(ctx, params),
    'application.portraitEphoto': (params) => portraitEphoto(ctx, params),
    'application.portraitScan': (params) => portraitScan(ctx, params),
    'application.captureFinger': (params) => captureFinger(ctx, params),
    'application.markFinger': (params) => markFinger(ctx, params),
    'application.signatureStart': async () => {
      open(ctx);
      return unwrap(deps.device.call('signatureStart', {}, 20000));
    },
    'application.signatureClear': async () => {
      open(ctx);
      return unwrap(deps.device.call('signatureClear', {}, 10000));
    },
    'application.signatureFinish': () => signatureFinish(ctx),
    'application.review': () => {
      const { draft } = open(ctx);
      deps.session.require('personal-data.view');
      return draftReview(draft);
    },
    'application.submit': () => submit(ctx),
    'application.cancel': (params) => cancel(ctx, params),
  };
}
