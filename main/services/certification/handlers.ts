/**
 * The identity-certification workflow's command handlers (France Identité): the certification in
 * progress (in memory only: chip and live images never reach the disk here), its steps (reference →
 * CAN and chip read → live capture of each DG3 finger → decision → queued dossier), the session gate
 * asked first by every command, the audit records (codes only) and the simulation controls of a
 * demo bench. The agent sees decisions in words; scores go only into the sealed dossier.
 */
import { randomUUID } from 'node:crypto';
import type { CertificationProgress, FingerPosition } from '../../../common/domain';
import { StationError, unwrap } from '../../../common/errors';
import type { ChipSummary } from '../../../drivers/host/protocol';
import type { CertFingerView, CertificationView, certificationCommands } from '../../contract/certification';
import type { CommandHandlers } from '../../ipc/registry';
import type { AuditEvent } from '../audit';
import type { WorkflowDeps } from '../workflows/deps';
import { afterAttempt, type CertificationDecision, decide, type FingerProgress } from './decision';
import { buildCertificationParts } from './dossier';
import { fingerLabels, messages } from './messages';
import { checkRequestReference, generateRequestReference } from './reference';

type Handlers = Pick<CommandHandlers, keyof typeof certificationCommands>;

interface FingerState {
  progress: FingerProgress;
  chipPng: string;
  livePng?: string;
  /** The live image of the best-scoring capture (kept for the dossier when configured). */
  bestLivePng?: string;
  lastOutcome?: CertFingerView['lastOutcome'];
  message?: string;
}

interface Certification {
  id: string;
  requestReference: string;
  agentId: string;
  stage: CertificationView['stage'];
  startedAt: string;
  chip: ChipSummary | null;
  fingers: Map<FingerPosition, FingerState>;
  decision: (CertificationDecision & { decidedAt: string }) | null;
  failure: { reason: string; message: string } | null;
  dossierId?: string;
}

export function certificationHandlers(deps: WorkflowDeps): Handlers {
  const { config, device, sync, session, logger } = deps;
  const settings = config.certification;
  const minQuality = config.thresholds.fingerprint.minQuality;
  let current: Certification | undefined;

  device.on('event', (event: string, payload: unknown) => {
    if (event === 'certification.progress')
      deps.bus.publish('certification.progress', payload as CertificationProgress);
  });

  const audit = (event: AuditEvent) =>
    deps.audit.append(event).catch((error: unknown) => logger.error({ err: error }, 'audit append failed'));

  const view = (c: Certification): CertificationView => ({
    id: c.id,
    requestReference: c.requestReference,
    stage: c.stage,
    startedAt: c.startedAt,
    chip: c.chip ? { genuine: c.chip.genuine, checks: c.chip.checks } : null,
    fingers: [...c.fingers].map(([finger, f]) => ({
      finger,
      status: f.progress.status,
      attempts: f.progress.attempts,
      maxAttempts: settings.maxAttempts,
      chipPng: f.chipPng,
      ...(f.livePng ? { livePng: f.livePng } : {}),
      ...(f.lastOutcome ? { lastOutcome: f.lastOutcome } : {}),
      ...(f.message ? { message: f.message } : {}),
    })),
    decision: c.decision
      ? {
          outcome: c.decision.outcome,
          summary:
            c.decision.outcome === 'certified' ? messages.certified : messages.refused(settings.maxAttempts),
        }
      : null,
    failure: c.failure,
    ...(c.dossierId ? { dossierId: c.dossierId } : {}),
  });

  const requireCurrent = (stage?: CertificationView['stage']): Certification => {
    if (!current) throw new StationError('CONFLICT', messages.noCertification);
    if (stage && current.stage !== stage) throw new StationError('CONFLICT', messages.wrongStage);
    return current;
  };

  const fail = (c: Certification, reason: string, message: string) => {
    c.stage = 'failed';
    c.failure = { reason, message };
    void audit({
      actor: c.agentId as AuditEvent['actor'],
      action: 'certification.decision',
      outcome: 'failure',
      objects: { dossierKind: 'certification' },
      details: { reason },
    });
  };

  const forget = () => {
    current = undefined;
    void device.call('certificationReset', {}).catch(() => undefined);
  };

  const requireSimulated = () => {
    if (config.devices.mode !== 'simulated')
      throw new StationError('FORBIDDEN', 'La simulation est désactivée sur ce poste (matériel réel).');
  };

  return {
    async 'certification.start'({ requestReference }) {
      const agent = session.require('identity.certify');
      await deps.requireEnrolled();
      const check = checkRequestReference(requestReference);
      if (!check.ok) throw new StationError('INVALID_REQUEST', check.message, { reason: check.reason });
      if (current) forget();
      current = {
        id: randomUUID(),
        requestReference: check.reference,
        agentId: agent.agentId,
        stage: 'can',
        startedAt: new Date().toISOString(),
        chip: null,
        fingers: new Map(),
        decision: null,
        failure: null,
      };
      await device.call('certificationReset', {});
      void audit({
        actor: agent.agentId as AuditEvent['actor'],
        action: 'certification.start',
        outcome: 'success',
      });
      return view(current);
    },

    async 'certification.readChip'({ can }) {
      session.require('identity.certify');
      const c = requireCurrent('can');
      let chip: ChipSummary;
      try {
        chip = await unwrap(device.call('certificationReadChip', { can }, 120_000));
      } catch (error) {
        const reason = error instanceof StationError ? error.details?.reason : undefined;
        if (reason === 'can-blocked' || reason === 'not-genuine' || reason === 'not-configured') {
          fail(c, String(reason), reason === 'not-genuine' ? messages.notGenuine : (error as Error).message);
          return view(c);
        }
        throw error;
      }
      if (current !== c) throw new StationError('CONFLICT', messages.noCertification);
      c.chip = chip;
      if (!chip.genuine) {
        fail(c, 'not-genuine', messages.notGenuine);
        return view(c);
      }
      if (chip.fingers.length === 0) {
        fail(c, 'no-fingerprints', messages.noFingerprints);
        return view(c);
      }
      c.fingers = new Map(
        chip.fingers.map((f) => [
          f.finger,
          { progress: { attempts: 0, bestScore: null, status: 'pending' }, chipPng: f.chipPng },
        ]),
      );
      c.stage = 'capture';
      return view(c);
    },

    async 'certification.captureFinger'({ finger }) {
      session.require('identity.certify');
      const c = requireCurrent('capture');
      const state = c.fingers.get(finger);
      if (!state) throw new StationError('INVALID_REQUEST', messages.fingerNotOnChip(fingerLabels[finger]));
      if (state.progress.status !== 'pending') throw new StationError('CONFLICT', messages.fingerSettled);
      const capture = await unwrap(device.call('certificationCaptureFinger', { finger, minQuality }, 60_000));
      if (current !== c) throw new StationError('CONFLICT', messages.noCertification);
      const previousBest = state.progress.bestScore;
      state.progress = afterAttempt(state.progress, capture.score, settings.maxAttempts);
      state.livePng = capture.livePng;
      if (capture.score !== null && (previousBest === null || capture.score > previousBest))
        state.bestLivePng = capture.livePng;
      const left = settings.maxAttempts - state.progress.attempts;
      if (capture.score === null) {
        state.lastOutcome = 'quality-too-low';
        state.message = messages.qualityTooLow(capture.quality, capture.feedback, left);
      } else if (state.progress.status === 'matched') {
        state.lastOutcome = 'match';
        state.message = messages.fingerMatched;
      } else {
        state.lastOutcome = 'no-match';
        state.message = messages.fingerNotMatched(left);
      }
      if (state.progress.status === 'not-matched' && capture.score === null)
        state.message = messages.fingerGaveUp(settings.maxAttempts);
      const settled = [...c.fingers.values()].every((f) => f.progress.status !== 'pending');
      if (settled) {
        const decision = decide(
          [...c.fingers.values()].map((f) => f.progress),
          settings.fusionRule,
          c.chip?.genuine === true,
        );
        c.decision = { ...decision, decidedAt: new Date().toISOString() };
        c.stage = 'result';
        void audit({
          actor: c.agentId as AuditEvent['actor'],
          action: 'certification.decision',
          outcome: decision.outcome === 'certified' ? 'success' : 'refused',
          objects: { dossierKind: 'certification' },
          details: { reason: decision.outcome === 'certified' ? 'match' : 'no-match' },
        });
      }
      return view(c);
    },

    async 'certification.submit'() {
      const agent = session.require('identity.certify');
      const c = requireCurrent('result');
      if (!c.chip || !c.decision) throw new StationError('CONFLICT', messages.wrongStage);
      const parts = buildCertificationParts({
        requestReference: c.requestReference,
        chip: c.chip,
        fingers: [...c.fingers].map(([finger, f]) => ({
          finger,
          progress: f.progress,
          ...(f.bestLivePng ? { livePng: f.bestLivePng } : {}),
        })),
        decision: c.decision,
        fusionRule: settings.fusionRule,
        agentId: c.agentId,
        includeImages: settings.includeImages,
      });
      const queued = await unwrap(
        sync.call('submit', { kind: 'certification', agentId: agent.agentId, parts }, 60_000),
      );
      c.dossierId = queued.dossierId;
      c.stage = 'submitted';
      // The images are no longer needed: only the confirmation stays on screen.
      for (const f of c.fingers.values()) {
        f.chipPng = '';
        f.livePng = undefined;
        f.bestLivePng = undefined;
      }
      void device.call('certificationReset', {}).catch(() => undefined);
      void audit({
        actor: agent.agentId as AuditEvent['actor'],
        action: 'dossier.submit',
        outcome: 'success',
        objects: { dossierId: queued.dossierId, dossierKind: 'certification' },
      });
      return view(c);
    },

    'certification.current'() {
      session.require('identity.certify');
      return current ? view(current) : null;
    },

    'certification.cancel'() {
      session.require('identity.certify');
      const had = current !== undefined;
      forget();
      return { cancelled: had };
    },

    async 'certification.simulation'() {
      session.require('identity.certify');
      requireSimulated();
      const { can } = await unwrap(device.call('certificationSimulation', {}));
      return { requestReference: generateRequestReference(), can };
    },

    async 'certification.simulate'({ scenario }) {
      session.require('identity.certify');
      requireSimulated();
      return unwrap(device.call('certificationSimulate', { scenario }));
    },
  };
}
