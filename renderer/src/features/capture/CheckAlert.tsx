/**
 * One counter check's outcome as a DSFR alert: ok, a warning to look at (duplicate appointment),
 * refused, invalid entry, deferred while offline (the entry is kept and flagged), or the service
 * unavailable. The sentence is the station's.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import type { ReactNode } from 'react';
import type { CheckOutcome } from '../../../../main/contract';

const severity: Record<CheckOutcome, 'success' | 'warning' | 'error' | 'info'> = {
  ok: 'success',
  warning: 'warning',
  refused: 'error',
  invalid: 'error',
  deferred: 'info',
  unavailable: 'warning',
};

const verdict: Record<CheckOutcome, string> = {
  ok: 'vérifié',
  warning: 'à vérifier',
  refused: 'refusé',
  invalid: 'saisie invalide',
  deferred: 'hors connexion, vérification différée à la prochaine synchronisation',
  unavailable: 'service indisponible, réessayez',
};

export function CheckAlert({
  subject,
  outcome,
  message,
  children,
  testId,
}: {
  subject: string;
  outcome: CheckOutcome;
  message: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div data-testid={testId} data-outcome={outcome}>
      <Alert
        className="fr-mb-2w"
        severity={severity[outcome]}
        small
        description={
          <>
            <strong>
              {subject} : {verdict[outcome]}.
            </strong>{' '}
            {message}
            {children}
          </>
        }
      />
    </div>
  );
}
