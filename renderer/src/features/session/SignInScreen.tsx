/**
 * The sign-in screen shown whenever no session is open: "Insérez votre carte agent", then the PIN
 * of the inserted card with its tries left, or why the card is refused (blocked, expired, unknown
 * authority...) in plain French. On a simulated station, the simulated agent cards.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import type { SessionView } from '../../../../main/contract';
import { PinForm } from './PinForm';
import { roleLabels } from './roles';
import { SimulatedCards } from './SimulatedCards';

export function SignInScreen({ view }: { view: SessionView }) {
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div
        className="fr-col-12 fr-col-md-8 fr-col-lg-6"
        data-testid="sign-in"
        data-session-state={view.state}
      >
        <h1>Ouverture de session</h1>
        {view.state === 'closed' && (
          <div aria-live="polite">
            <p className="fr-text--lead">Insérez votre carte agent</p>
            <p>Insérez votre carte agent dans le lecteur de carte du poste, puis saisissez votre code PIN.</p>
          </div>
        )}
        {view.state === 'awaiting-pin' && (
          <>
            <p className="fr-text--lead" aria-live="polite">
              Carte {view.role ? roleLabels[view.role].toLowerCase() : 'agent'} insérée : saisissez votre code
              PIN
            </p>
            <PinForm command="session.signIn" triesLeft={view.triesLeft} submitLabel="Ouvrir la session" />
          </>
        )}
        {view.state === 'blocked' && (
          <Alert
            severity="error"
            as="h2"
            title="Carte bloquée"
            description={`${view.message ?? 'Carte bloquée.'} Retirez la carte.`}
          />
        )}
        {view.state === 'rejected' && (
          <Alert
            severity="error"
            as="h2"
            title="Carte refusée"
            description={view.message ?? 'Carte agent refusée. Retirez la carte.'}
          />
        )}
        {view.simulated && <SimulatedCards />}
      </div>
    </div>
  );
}
