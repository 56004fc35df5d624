/**
 * The certification dossier's parts: the `certification` JSON result (request reference, chip
 * document number hash, passive-authentication verdict, per-finger scores and decisions, fusion,
 * agent, time) and, only when the configuration says so, the live finger images.
 */
import type { FingerPosition } from '../../../common/domain';
import type { ChipSummary } from '../../../drivers/host/protocol';
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

export interface DossierPart {
  name: string;
  mediaType: string;
  base64: string;
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
  const json = Buffer.from(JSON.stringify(certificationResult(input)), 'utf8');
  const parts: DossierPart[] = [
    { name: 'certification', mediaType: 'application/json', base64: json.toString('base64') },
  ];
  if (input.includeImages)
    for (const f of input.fingers)
      if (f.livePng)
        parts.push({ name: `fingerprint.${f.finger}`, mediaType: 'image/png', base64: f.livePng });
  return parts;
}
