/**
 * Step 4: the decision in words with both images of each finger side by side (never a score), then
 * the transmission of the result; and the screens of a submitted or failed certification.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { CertificationView } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { FingerPair } from './FingerPair';
import { fingerLabel } from './labels';
import { StepHeading } from './StepHeading';

export function ResultView({
  view,
  onView,
  onCancel,
}: {
  view: CertificationView;
  onView: (view: CertificationView) => void;
  onCancel: () => void;
}) {
  const invoke = useCommand();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const certified = view.decision?.outcome === 'certified';

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    const result = await invoke('certification.submit', {});
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    onView(result.value);
  };

  return (
    <section aria-labelledby="certif-resultat-titre">
      <StepHeading id="certif-resultat-titre">Résultat de la certification</StepHeading>
      <Alert
        className="fr-mb-3w"
        severity={certified ? 'success' : 'error'}
        title={certified ? 'Identité certifiée' : 'Certification refusée'}
        description={<span data-testid="decision">{view.decision?.summary}</span>}
      />
      {view.fingers.map((finger) => (
        <section
          key={finger.finger}
          className="fr-mb-3w"
          aria-labelledby={`resultat-${finger.finger}`}
          data-result-finger={finger.finger}
          data-status={finger.status}
        >
          <h3 id={`resultat-${finger.finger}`} className="fr-h6">
            {fingerLabel[finger.finger]}{' '}
            <Badge severity={finger.status === 'matched' ? 'success' : 'error'} small>
              {finger.status === 'matched' ? 'Correspond' : 'Ne correspond pas'}
            </Badge>
          </h3>
          <FingerPair finger={finger} />
        </section>
      ))}
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button onClick={submit} disabled={busy}>
            Transmettre le résultat
          </Button>
        </li>
        <li>
          <Button priority="secondary" onClick={onCancel} disabled={busy}>
            Abandonner sans transmettre
          </Button>
        </li>
      </ul>
    </section>
  );
}

export function SubmittedView({ view, onNext }: { view: CertificationView; onNext: () => void }) {
  const certified = view.decision?.outcome === 'certified';
  return (
    <section aria-labelledby="certif-transmis-titre">
      <StepHeading id="certif-transmis-titre">Résultat transmis</StepHeading>
      <Alert
        className="fr-mb-3w"
        severity="success"
        title="Le résultat est enregistré et sera transmis"
        description={
          <span data-testid="submitted">
            {certified ? 'Identité certifiée' : 'Certification refusée'} — demande {view.requestReference}. Le
            résultat chiffré est dans la file d’attente (dossier {view.dossierId}) ; aucune image d’empreinte
            n’est conservée sur ce poste.
          </span>
        }
      />
      <Button onClick={onNext}>Nouvelle certification</Button>
    </section>
  );
}

export function FailureView({ view, onNext }: { view: CertificationView; onNext: () => void }) {
  return (
    <section aria-labelledby="certif-echec-titre">
      <StepHeading id="certif-echec-titre">Certification impossible</StepHeading>
      <Alert
        className="fr-mb-3w"
        severity="error"
        title={
          view.failure?.reason === 'not-genuine'
            ? 'Carte non authentique'
            : 'La carte ne peut pas être utilisée'
        }
        description={<span data-testid="failure">{view.failure?.message}</span>}
      />
      {view.chip && <h3 className="fr-h6">Contrôles effectués sur la carte</h3>}
      {view.chip && (
        <ul className="fr-mb-3w">
          {view.chip.checks.map((check, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
            <li key={index}>
              {check.ok ? '✓' : '✗'} {check.message}
            </li>
          ))}
        </ul>
      )}
      <Button onClick={onNext}>Nouvelle certification</Button>
    </section>
  );
}
