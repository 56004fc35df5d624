/**
 * The verdict on a portrait, whatever its intake (live capture, scanned paper photo, e-photo code):
 * the photo, the criteria table, and keeping it (when compliant) or keeping it despite the failed
 * criteria with a mandatory reason code (audited, without the image), or starting again.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { PortraitAnalysis } from '../../../../main/contract';
import { DataTable } from '../../ui/DataTable';
import { ReasonSelect } from '../../ui/ReasonSelect';
import { criterionLabel, statusLabel } from './criteria-labels';

export const overrideReasons = [
  { code: 'disability', label: 'Handicap ou état de santé de l’usager' },
  { code: 'young-child', label: 'Enfant en bas âge' },
  { code: 'religious-covering', label: 'Contrainte religieuse reconnue (tête couverte)' },
  { code: 'misjudged-criterion', label: 'Critère mal évalué par le poste (vérifié par l’agent)' },
] as const;
export type OverrideReason = (typeof overrideReasons)[number]['code'];

export function PortraitVerdict(props: {
  analysis: PortraitAnalysis;
  imageUrl: string;
  imageAlt: string;
  /** One sentence on where the photo came from (e-photo provider, scan). */
  source?: string;
  accepted: boolean;
  onAccept: (overrideReason?: OverrideReason) => void;
  onRetry: () => void;
  retryLabel: string;
}) {
  const { analysis, accepted } = props;
  const [reason, setReason] = useState<OverrideReason | ''>('');
  const failed = analysis.criteria.filter((c) => c.status === 'nok');
  return (
    <div data-testid="portrait-review">
      <p className="fr-text--lead" role="status">
        {analysis.compliant
          ? 'Photo conforme.'
          : `Photo non conforme : ${failed.length} critère(s) en écart.`}
      </p>
      {props.source && <p data-testid="portrait-source">{props.source}</p>}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <img src={props.imageUrl} alt={props.imageAlt} className="recueil-review-photo" />
        </div>
        <div className="fr-col-12 fr-col-md-8">
          <DataTable
            caption="Critères de la norme (photo d’identité)"
            headers={['Critère', 'Valeur', 'Seuil', 'Résultat']}
            className="fr-table--sm"
          >
            {analysis.criteria.map((c) => (
              <tr key={c.id} data-criterion={c.id} data-status={c.status}>
                <td>{criterionLabel[c.id] ?? c.id}</td>
                <td>{c.value === null ? '—' : Math.round(c.value * 1000) / 1000}</td>
                <td>
                  {c.threshold.min !== undefined ? `≥ ${c.threshold.min}` : ''}
                  {c.threshold.min !== undefined && c.threshold.max !== undefined ? ' et ' : ''}
                  {c.threshold.max !== undefined ? `≤ ${c.threshold.max}` : ''}
                </td>
                <td>{statusLabel[c.status]}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      </div>
      {accepted ? (
        <Alert severity="success" small description="Photo retenue pour le dossier." />
      ) : (
        <div className="fr-btns-group fr-btns-group--inline-md">
          {analysis.compliant && <Button onClick={() => props.onAccept()}>Valider la photo</Button>}
          <Button priority="secondary" onClick={props.onRetry}>
            {props.retryLabel}
          </Button>
        </div>
      )}
      {!analysis.compliant && !accepted && (
        <div className="fr-mt-2w">
          <ReasonSelect
            label="Retenir la photo malgré les écarts (motif obligatoire, journalisé)"
            reasons={overrideReasons}
            value={reason}
            onChange={setReason}
          />
          <Button priority="tertiary" disabled={!reason} onClick={() => reason && props.onAccept(reason)}>
            Retenir malgré les écarts
          </Button>
        </div>
      )}
    </div>
  );
}
