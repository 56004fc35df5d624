/**
 * The application-capture workflow (passport / ID card), as command handlers of the station core.
 * One draft at a time per station: identity fields, portrait (analysed again at full resolution by
 * the device host; an override needs a reason code), fingerprints (quality per attempt, at most
 * `thresholds.fingerprint.maxAttempts`, then the best; fallback fingers; none under the legal age),
 * signature (live points relayed from the device host), review, then submission: the sync host
 * seals the dossier for the central system and commits it to the outbox, and the draft is erased.
 *
 * After every step the draft is saved, encrypted, by the sync host's draft vault (sync/drafts), so an
 * interruption (device unplugged, applicant away, agent locked, even a station restart) resumes
 * where it stopped until `workflow.draftRetentionMinutes`, then it is purged (audited). Every step
 * asks the session gate first and is audited without personal data.
 */
import type { FingerPosition } from '../../../common/domain';
import { StationError, unwrap } from '../../../common/errors';
import type {
  ApplicantIdentity,
  ApplicationDraft,
  ApplicationReceipt,
  applicationCommands,
  FingerSlot,
  PortraitOverrideReason,
  TitleType,
} from '../../contract/application';
import type { CommandHandlers } from '../../ipc/registry';
import type { AuditEvent } from '../audit';
import type { WorkflowDeps } from './deps';
import { ageInYears, fingerLabel, initialSlots, withFallback } from './finger-plan';

interface Attempt {
  quality: number;
  png: string;
}

interface Draft {
  id: string;
  agentId: string;
  titleType: TitleType;
  preApplicationNumber?: string;
  applicant: ApplicantIdentity;
  startedAt: Date;
  expiresAt: Date;
  portrait?: {
    jpegBase64: string;
    compliant: boolean;
    failedCriteria: string[];
    overrideReason?: PortraitOverrideReason;
  };
  slots: FingerSlot[];
  attempts: Map<FingerPosition, Attempt[]>;
  fingerprintsRequired: boolean;
  signature?: { strokes: unknown; pngBase64: string; svg: string; points: number; strokeCount: number };
  purgeTimer: ReturnType<typeof setTimeout>;
}

type ApplicationHandlers = Pick<CommandHandlers, keyof typeof applicationCommands>;

/** The number the citizen quotes: the random tail of the UUIDv7 in three groups of four. */
export function dossierNumber(dossierId: string): string {
  const tail = dossierId.replaceAll('-', '').slice(-12).toUpperCase();
  return `${tail.slice(0, 4)}-${tail.slice(4, 8)}-${tail.slice(8, 12)}`;
}

function missingSteps(draft: Draft): string[] {
  const missing: string[] = [];
  if (!draft.portrait) missing.push('Photo d’identité');
  else if (!draft.portrait.compliant && !draft.portrait.overrideReason)
    missing.push('Photo non conforme : reprendre la photo ou la retenir avec un motif');
  for (const slot of draft.slots) {
    if (slot.status === 'pending') missing.push(`Empreinte : ${fingerLabel(slot.finger)}`);
  }
  if (!draft.signature) missing.push('Signature');
  return missing;
}

function view(draft: Draft): ApplicationDraft {
  return {
    id: draft.id,
    titleType: draft.titleType,
    ...(draft.preApplicationNumber ? { preApplicationNumber: draft.preApplicationNumber } : {}),
    applicant: draft.applicant,
    startedAt: draft.startedAt.toISOString(),
    expiresAt: draft.expiresAt.toISOString(),
    portrait: draft.portrait
      ? {
          compliant: draft.portrait.compliant,
          failedCriteria: draft.portrait.failedCriteria,
          captured: true,
          ...(draft.portrait.overrideReason ? { overrideReason: draft.portrait.overrideReason } : {}),
        }
      : null,
    fingerprints: { required: draft.fingerprintsRequired, slots: draft.slots },
    signature: draft.signature
      ? { points: draft.signature.points, strokes: draft.signature.strokeCount }
      : null,
    missing: missingSteps(draft),
  };
}

const best = (attempts: readonly Attempt[]) =>
  attempts.reduce<Attempt | undefined>((b, a) => (!b || a.quality > b.quality ? a : b), undefined);

/** What the vault keeps of a draft (everything but its timer). */
interface DraftSnapshot extends Omit<Draft, 'purgeTimer' | 'attempts' | 'startedAt' | 'expiresAt'> {
  startedAt: string;
  expiresAt: string;
  attempts: [FingerPosition, Attempt[]][];
}

function snapshot(d: Draft): DraftSnapshot {
  const { purgeTimer: _timer, attempts, startedAt, expiresAt, ...rest } = d;
  return {
    ...rest,
    startedAt: startedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    attempts: [...attempts],
  };
}

export function applicationHandlers(deps: WorkflowDeps): ApplicationHandlers {
  const { config, device, sync, session, logger } = deps;
  const retentionMs = config.workflow.draftRetentionMinutes * 60_000;
  const minQuality = config.thresholds.fingerprint.minQuality;
  const maxAttempts = config.thresholds.fingerprint.maxAttempts;
  let draft: Draft | undefined;
  let restored = false;

  const arm = (d: Draft) => {
    d.purgeTimer = setTimeout(() => erase('expired'), Math.max(0, d.expiresAt.getTime() - Date.now()));
    d.purgeTimer.unref?.();
  };

  /** Saves the draft in the encrypted vault; a failure is logged, the capture goes on in memory. */
  const persist = async (d: Draft) => {
    try {
      const settled = await sync.call(
        'draftSave',
        {
          id: d.id,
          kind: 'application',
          expiresAt: d.expiresAt.getTime(),
          base64: Buffer.from(JSON.stringify(snapshot(d))).toString('base64'),
        },
        30000,
      );
      if (!settled.ok) logger.warn({ code: settled.error.code }, 'application draft not saved');
    } catch (error) {
      logger.warn({ err: error }, 'application draft not saved');
    }
  };

  /** Once per process: the draft an earlier run left in the vault, if it has not expired. */
  const restore = async () => {
    if (restored || draft) return;
    restored = true;
    const settled = await sync.call('draftLoad', { kind: 'application' }, 30000).catch(() => undefined);
    if (!settled?.ok || !settled.value) return;
    try {
      const saved = JSON.parse(Buffer.from(settled.value.base64, 'base64').toString('utf8')) as DraftSnapshot;
      const d: Draft = {
        ...saved,
        startedAt: new Date(saved.startedAt),
        expiresAt: new Date(saved.expiresAt),
        attempts: new Map(saved.attempts),
        purgeTimer: undefined as unknown as Draft['purgeTimer'],
      };
      if (d.expiresAt.getTime() <= Date.now()) return;
      arm(d);
      draft = d;
      await audit({
        actor: d.agentId as AuditEvent['actor'],
        action: 'capture.resume',
        outcome: 'success',
        objects: { dossierKind: 'application' },
      });
    } catch (error) {
      logger.warn({ err: error }, 'saved application draft unreadable: ignored');
    }
  };

  const audit = (event: AuditEvent) =>
    deps.audit.append(event).catch((error: unknown) => logger.error({ err: error }, 'audit append failed'));

  const erase = (reason: 'submitted' | 'expired' | 'cancelled') => {
    if (!draft) return;
    clearTimeout(draft.purgeTimer);
    const { id, agentId } = draft;
    draft = undefined;
    void device.call('signatureCancel', {}).catch(() => undefined);
    void sync.call('draftDelete', { id }).catch(() => undefined);
    if (reason !== 'submitted')
      void audit({
        actor: reason === 'expired' ? 'station' : (agentId as AuditEvent['actor']),
        action: 'dossier.purge',
        outcome: 'success',
        objects: { dossierKind: 'application' },
        details: { reason: reason === 'expired' ? 'draft-expired' : 'draft-cancelled' },
      });
    logger.info({ event: 'application-draft-erased', draft: id, reason }, 'application draft erased');
  };

  /** The open draft, after the session check (the agent who started it, or any agent). */
  const current = (action: 'application.capture' | 'application.submit' = 'application.capture') => {
    const agent = session.require(action);
    session.touch();
    if (!draft)
      throw new StationError('NOT_FOUND', 'Aucune demande en cours : commencez une nouvelle demande.');
    return { draft, agent };
  };

  const step = (agentId: string, name: string, outcome: AuditEvent['outcome'] = 'success') =>
    audit({
      actor: agentId as AuditEvent['actor'],
      action: 'capture.step',
      outcome,
      objects: { dossierKind: 'application' },
      details: { step: name },
    });

  return {
    'application.start': async ({ titleType, preApplicationNumber, applicant }) => {
      const agent = session.require('application.capture');
      session.touch();
      await deps.requireEnrolled();
      await restore();
      if (draft)
        throw new StationError(
          'CONFLICT',
          'Une demande est déjà en cours : terminez-la ou abandonnez-la avant d’en commencer une autre.',
        );
      const now = new Date();
      const age = ageInYears(applicant.birthDate, now);
      if (age < 0) throw new StationError('INVALID_REQUEST', 'La date de naissance est dans le futur.');
      const required = age >= config.workflow.fingerprintMinAgeYears;
      draft = {
        id: crypto.randomUUID(),
        agentId: agent.agentId,
        titleType,
        ...(preApplicationNumber ? { preApplicationNumber } : {}),
        applicant,
        startedAt: now,
        expiresAt: new Date(now.getTime() + retentionMs),
        slots: initialSlots(required),
        attempts: new Map(),
        fingerprintsRequired: required,
        purgeTimer: undefined as unknown as Draft['purgeTimer'],
      };
      arm(draft);
      await persist(draft);
      await audit({
        actor: agent.agentId as AuditEvent['actor'],
        action: 'capture.start',
        outcome: 'success',
        objects: { dossierKind: 'application' },
        details: { step: titleType },
      });
      return view(draft);
    },

    'application.current': async () => {
      session.require('application.capture');
      await restore();
      return draft ? view(draft) : null;
    },

    'application.portrait': async ({ jpegBase64, frame, overrideReason }) => {
      const { draft: d, agent } = current();
      if (overrideReason) session.require('application.override');
      const analysis = await unwrap(
        device.call('portraitAnalyze', { jpegBase64, mode: 'final', ...(frame ? { frame } : {}) }, 20000),
      );
      const failedCriteria = analysis.criteria.filter((c) => c.status === 'nok').map((c) => c.id);
      if (!analysis.compliant && !overrideReason) {
        d.portrait = { jpegBase64, compliant: false, failedCriteria };
        await persist(d);
        await step(agent.agentId, 'portrait', 'failure');
        return { draft: view(d), analysis };
      }
      d.portrait = {
        jpegBase64,
        compliant: analysis.compliant,
        failedCriteria,
        ...(!analysis.compliant && overrideReason ? { overrideReason } : {}),
      };
      await persist(d);
      if (!analysis.compliant && overrideReason)
        await audit({
          actor: agent.agentId as AuditEvent['actor'],
          action: 'capture.override',
          outcome: 'success',
          objects: { dossierKind: 'application' },
          details: { step: 'portrait', reason: overrideReason, count: failedCriteria.length },
        });
      else await step(agent.agentId, 'portrait');
      return { draft: view(d), analysis };
    },

    'application.captureFinger': async ({ finger }) => {
      const { draft: d, agent } = current();
      const slot = d.slots.find((s) => s.finger === finger);
      if (!slot)
        throw new StationError('INVALID_REQUEST', `Le doigt « ${fingerLabel(finger)} » n’est pas demandé.`);
      if (slot.status === 'missing' || slot.status === 'unusable')
        throw new StationError('CONFLICT', `Le doigt « ${fingerLabel(finger)} » est déclaré absent.`);
      if (slot.attempts >= maxAttempts)
        throw new StationError(
          'CONFLICT',
          `Les ${maxAttempts} essais de ce doigt sont faits : la meilleure empreinte est retenue.`,
        );
      const capture = await unwrap(device.call('fingerCapture', { finger }, 30000));
      // The draft may have been cancelled or purged while the finger was on the scanner.
      if (draft !== d) throw new StationError('NOT_FOUND', 'La demande a été abandonnée pendant la capture.');
      const attempts = d.attempts.get(finger) ?? [];
      attempts.push({ quality: capture.quality, png: capture.pngBase64 });
      d.attempts.set(finger, attempts);
      const accepted = capture.quality >= minQuality;
      const attempt = attempts.length;
      const bestQuality = best(attempts)?.quality ?? capture.quality;
      const done = accepted || attempt >= maxAttempts;
      d.slots = d.slots.map((s) =>
        s.finger === finger
          ? { ...s, attempts: attempt, bestQuality, status: done ? 'captured' : 'pending' }
          : s,
      );
      await persist(d);
      const feedback = accepted
        ? `Empreinte retenue (qualité ${capture.quality}/100).`
        : attempt >= maxAttempts
          ? `Qualité insuffisante après ${maxAttempts} essais : la meilleure empreinte (qualité ${bestQuality}/100) est retenue.`
          : `Qualité insuffisante (${capture.quality}/100) : ${capture.feedback} Essai ${attempt} sur ${maxAttempts}.`;
      await audit({
        actor: agent.agentId as AuditEvent['actor'],
        action: 'capture.step',
        outcome: accepted ? 'success' : 'failure',
        objects: { dossierKind: 'application' },
        details: { step: 'fingerprint', count: attempt },
      });
      return {
        draft: view(d),
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
    },

    'application.markFinger': async ({ finger, status, reason }) => {
      const { draft: d, agent } = current();
      if (!d.slots.some((s) => s.finger === finger))
        throw new StationError('INVALID_REQUEST', `Le doigt « ${fingerLabel(finger)} » n’est pas demandé.`);
      d.attempts.delete(finger);
      d.slots = withFallback(
        d.slots.map((s) => (s.finger === finger ? { finger, status, attempts: s.attempts, reason } : s)),
        finger,
      );
      await persist(d);
      await audit({
        actor: agent.agentId as AuditEvent['actor'],
        action: 'capture.step',
        outcome: 'success',
        objects: { dossierKind: 'application' },
        details: { step: `finger-${status}`, reason },
      });
      return view(d);
    },

    'application.signatureStart': async () => {
      current();
      return unwrap(device.call('signatureStart', {}, 20000));
    },

    'application.signatureClear': async () => {
      current();
      return unwrap(device.call('signatureClear', {}, 10000));
    },

    'application.signatureFinish': async () => {
      const { draft: d, agent } = current();
      const signature = await unwrap(device.call('signatureFinish', {}, 20000));
      if (draft !== d)
        throw new StationError('NOT_FOUND', 'La demande a été abandonnée pendant la signature.');
      d.signature = {
        strokes: { width: signature.width, height: signature.height, strokes: signature.strokes },
        pngBase64: signature.pngBase64,
        svg: signature.svg,
        points: signature.strokes.reduce((n, s) => n + s.points.length, 0),
        strokeCount: signature.strokes.length,
      };
      await persist(d);
      await step(agent.agentId, 'signature');
      return { draft: view(d), svg: signature.svg };
    },

    'application.review': () => {
      const { draft: d } = current();
      session.require('personal-data.view');
      return {
        draft: view(d),
        portraitJpegBase64: d.portrait?.jpegBase64 ?? null,
        fingers: d.slots.flatMap((slot) => {
          const chosen = best(d.attempts.get(slot.finger) ?? []);
          return slot.status === 'captured' && chosen
            ? [{ finger: slot.finger, quality: chosen.quality, pngBase64: chosen.png }]
            : [];
        }),
        signatureSvg: d.signature?.svg ?? null,
      };
    },

    'application.submit': async () => {
      const { draft: d, agent } = current('application.submit');
      const missing = missingSteps(d);
      if (missing.length > 0)
        throw new StationError('CONFLICT', `Le dossier est incomplet : ${missing.join(', ')}.`, { missing });
      const portrait = d.portrait!;
      const signature = d.signature!;
      const json = (name: string, value: unknown) => ({
        name,
        mediaType: 'application/json',
        base64: Buffer.from(JSON.stringify(value)).toString('base64'),
      });
      const fingerParts = d.slots.flatMap((slot) => {
        const chosen = best(d.attempts.get(slot.finger) ?? []);
        return slot.status === 'captured' && chosen
          ? [{ name: `fingerprint.${slot.finger}`, mediaType: 'image/png', base64: chosen.png }]
          : [];
      });
      const parts = [
        json('application', {
          titleType: d.titleType,
          ...(d.preApplicationNumber ? { preApplicationNumber: d.preApplicationNumber } : {}),
          applicant: d.applicant,
          ...(portrait.overrideReason
            ? {
                portraitOverride: {
                  reason: portrait.overrideReason,
                  failedCriteria: portrait.failedCriteria,
                },
              }
            : {}),
        }),
        { name: 'portrait', mediaType: 'image/jpeg', base64: portrait.jpegBase64 },
        json('portrait.quality', {
          score: Math.round((100 * (20 - Math.min(20, portrait.failedCriteria.length))) / 20),
          compliant: portrait.compliant,
          failedChecks: portrait.failedCriteria,
        }),
        ...fingerParts,
        ...(d.slots.length > 0
          ? [
              json('fingerprints.quality', {
                fingers: d.slots.map((slot) => ({
                  finger: slot.finger,
                  status: slot.status === 'pending' ? 'unusable' : slot.status,
                  ...(slot.status === 'captured' && slot.bestQuality !== undefined
                    ? { nfiq2: slot.bestQuality }
                    : {}),
                  ...(slot.reason ? { reason: slot.reason } : {}),
                })),
              }),
            ]
          : []),
        json('signature.strokes', signature.strokes),
        { name: 'signature.image', mediaType: 'image/png', base64: signature.pngBase64 },
      ];
      let queued: { dossierId: string; enqueuedAt: string };
      try {
        queued = await unwrap(
          sync.call('submit', { kind: 'application', agentId: agent.agentId, parts }, 60000),
        );
      } catch (error) {
        await audit({
          actor: agent.agentId as AuditEvent['actor'],
          action: 'dossier.submit',
          outcome: 'failure',
          objects: { dossierKind: 'application' },
          details: { errorCode: error instanceof StationError ? error.code : 'INTERNAL' },
        });
        throw error;
      }
      await audit({
        actor: agent.agentId as AuditEvent['actor'],
        action: 'dossier.submit',
        outcome: 'success',
        objects: { dossierId: queued.dossierId, dossierKind: 'application' },
      });
      const receipt: ApplicationReceipt = {
        dossierId: queued.dossierId,
        dossierNumber: dossierNumber(queued.dossierId),
        submittedAt: queued.enqueuedAt,
        townHall: deps.info.townHall,
        titleType: d.titleType,
      };
      erase('submitted');
      return receipt;
    },

    'application.cancel': async ({ reason }) => {
      const agent = session.require('application.capture');
      if (!draft) return { cancelled: false };
      await audit({
        actor: agent.agentId as AuditEvent['actor'],
        action: 'capture.interrupt',
        outcome: 'success',
        objects: { dossierKind: 'application' },
        details: { reason },
      });
      erase('cancelled');
      return { cancelled: true };
    },
  };
}
