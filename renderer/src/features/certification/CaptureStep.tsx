/**
 * Step 3: the live capture of each finger stored in the chip (same finger positions). One capture
 * per click; the station checks the quality, then compares with the chip image and says in words
 * whether they correspond. At most the configured number of attempts per finger.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { CertFingerView, CertificationView } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { FingerPair } from './FingerPair';
import { fingerLabel } from './labels';
import { StepHeading } from './StepHeading';

const statusBadge: Record<
  CertFingerView['status'],
  { text: string; severity: 'info' | 'success' | 'error' }
> = {
  pending: { text: 'À capturer', severity: 'info' },
  matched: { text: 'Correspond', severity: 'success' },
  'not-matched': { text: 'Ne correspond pas', severity: 'error' },
};

function FingerCapture({
  finger,
  onView,
}: {
  finger: CertFingerView;
  onView: (view: CertificationView) => void;
}) {
  const invoke = useCommand();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const name = fingerLabel[finger.finger];
  const badge = statusBadge[finger.status];

  const capture = async () => {
    setBusy(true);
    setError(undefined);
    const result = await invoke('certification.captureFinger', { finger: finger.finger });
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    onView(result.value);
  };

  const severity =
    finger.lastOutcome === 'match' ? 'success' : finger.lastOutcome === 'no-match' ? 'error' : 'warning';
  return (
    <section
      className="fr-card fr-p-3w fr-mb-3w"
      aria-labelledby={`doigt-${finger.finger}`}
      data-finger={finger.finger}
      data-status={finger.status}
    >
      <h3 id={`doigt-${finger.finger}`} className="fr-h5">
        {name}{' '}
        <Badge severity={badge.severity} small>
          {badge.text}
        </Badge>
      </h3>
      <FingerPair finger={finger} />
      <p className="fr-mt-2w fr-mb-1w">
        Essai {finger.attempts} sur {finger.maxAttempts}
      </p>
      {finger.message && (
        <Alert
          className="fr-mb-2w"
          severity={severity}
          small
          description={<span data-testid="finger-message">{finger.message}</span>}
        />
      )}
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      {finger.status === 'pending' && (
        <Button onClick={capture} disabled={busy}>
          {busy ? 'Capture en cours…' : `Capturer l’${name.toLowerCase()}`}
        </Button>
      )}
    </section>
  );
}

export function CaptureStep({
  view,
  onView,
}: {
  view: CertificationView;
  onView: (view: CertificationView) => void;
}) {
  const pending = view.fingers.filter((f) => f.status === 'pending').length;
  return (
    <section aria-labelledby="certif-empreintes-titre">
      <StepHeading id="certif-empreintes-titre">Comparaison des empreintes</StepHeading>
      {view.chip?.genuine && (
        <Alert
          className="fr-mb-2w"
          severity="success"
          small
          description="Carte authentique : la puce et la signature de l’État émetteur ont été vérifiées."
        />
      )}
      <p>
        Demandez à la personne de poser chaque doigt indiqué bien à plat au centre du capteur. Il reste{' '}
        {pending} doigt{pending > 1 ? 's' : ''} à comparer.
      </p>
      {view.fingers.map((finger) => (
        <FingerCapture key={finger.finger} finger={finger} onView={onView} />
      ))}
    </section>
  );
}
