/**
 * The certification dossier's content: the `certification` JSON result (request reference, chip
 * document number hash, passive-authentication verdict, per-finger scores and decisions, fusion,
 * agent, time) and, only when the configuration says so, the live finger images; the shared
 * dossier-parts builder (workflows/dossier-parts.ts) turns them into parts.
 */
import type { FingerPosition } from '../../../common/domain';
import type { ChipSummary } from '../../../drivers/host/protocol';
import { type DossierPart, dossierParts } from '../workflows/dossier-parts';
import type { CertificationDecision, FingerProgress, FusionRuleName } from './decision';

/** The comparison algorithm named in the dossier (the project's on-device minutiae matcher). */
export const MATCH_ALGORITHM = 'recueil-mcc-minutiae/1';

export interface CertificationResultInput {
  requestReference: string;
  chip: ChipSummary;
  fingers: { finger: FingerPosition; progress: FingerProgress; livePng?: string }[];
  decision: CertificationDecision & { decidedAt: string };
  fusionRule: FusionRuleName;
  agentId: string;
  includeImages: boolean;
}

export function certificationResult(input: CertificationResultInput) {
  return {
    requestReference: input.requestReference,
    documentNumberHash: input.chip.documentNumberHash,
    passiveAuthentication: input.chip.passiveAuthentication.ok ? ('passed' as const) : ('failed' as const),
    chipAuthentication: input.chip.chipAuthentication ? ('passed' as const) : ('not-performed' as const),
    fingers: input.fingers.map((f) => ({
      finger: f.finger,
      attempts: f.progress.attempts,
      score: f.progress.bestScore,
      decision: f.progress.status === 'matched' ? ('match' as const) : ('no-match' as const),
    })),
    fusion: { rule: input.fusionRule, score: input.decision.fused, threshold: input.decision.threshold },
    decision: input.decision.outcome,
    algorithm: MATCH_ALGORITHM,
    agentId: input.agentId,
    decidedAt: input.decision.decidedAt,
  };
}

export function buildCertificationParts(input: CertificationResultInput): DossierPart[] {
  const images = input.fingers.flatMap((f) =>
    f.livePng ? [{ finger: f.finger, pngBase64: f.livePng }] : [],
  );
  return dossierParts({
    certification: certificationResult(input),
    ...(input.includeImages ? { fingerprints: { images } } : {}),
  });
}
