/**
 * The lock screen after an idle or manual lock: the session's role and agent id, the PIN again to
 * resume, or "Se déconnecter" so that another agent can sign in. Nothing of the work in progress
 * is shown while locked.
 */
import { Button } from '@codegouvfr/react-dsfr/Button';
import type { SessionView } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { PinForm } from './PinForm';
import { roleLabels } from './roles';
import { SimulatedCards } from './SimulatedCards';

export function LockScreen({ view }: { view: SessionView }) {
  const invoke = useCommand();
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6" data-testid="lock-screen">
        <h1>Session verrouillée</h1>
        <p className="fr-text--lead">
          Session {view.role ? roleLabels[view.role].toLowerCase() : ''}{' '}
          <span>{view.agentName ?? view.agentId}</span> verrouillée : saisissez votre code PIN pour reprendre.
        </p>
        <PinForm command="session.unlock" triesLeft={view.triesLeft} submitLabel="Déverrouiller" />
        <Button className="fr-mt-3w" priority="secondary" onClick={() => void invoke('session.signOut', {})}>
          Se déconnecter
        </Button>
        {view.simulated && <SimulatedCards />}
      </div>
    </div>
  );
}
