/**
 * Demo and training bench only: what the simulated citizen does (their own fingers or someone
 * else's, a forged card, the card taken off during the read). Never shown on real hardware.
 */
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { CertificationScenario } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';

const scenarios: { scenario: CertificationScenario; label: string; done: string }[] = [
  {
    scenario: 'genuine-holder',
    label: 'Le titulaire présente sa carte et ses doigts',
    done: 'Le titulaire de la carte se présente.',
  },
  {
    scenario: 'impostor',
    label: 'Une autre personne présente ses doigts',
    done: 'Une autre personne pose ses doigts sur le capteur.',
  },
  {
    scenario: 'forged-card',
    label: 'Présenter une carte contrefaite',
    done: 'Une carte contrefaite sera posée sur le lecteur.',
  },
  {
    scenario: 'remove-card-during-read',
    label: 'Retirer la carte pendant la prochaine lecture',
    done: 'La carte sera retirée pendant la prochaine lecture.',
  },
  {
    scenario: 'reinsert-card',
    label: 'Retirer puis reposer la carte',
    done: 'La carte a été retirée ; elle sera reposée à la prochaine lecture.',
  },
];

export function SimulationPanel() {
  const invoke = useCommand();
  const [status, setStatus] = useState<string>();

  const run = async (scenario: CertificationScenario, done: string) => {
    const result = await invoke('certification.simulate', { scenario });
    setStatus(result.ok ? done : errorText(result.error));
  };

  return (
    <details className="fr-mt-6w recueil-simulation">
      <summary>Simulation (poste de démonstration et de formation)</summary>
      <ul className="fr-btns-group fr-btns-group--sm fr-btns-group--inline-md fr-mt-2w">
        {scenarios.map(({ scenario, label, done }) => (
          <li key={scenario}>
            <Button priority="tertiary" size="small" onClick={() => run(scenario, done)}>
              {label}
            </Button>
          </li>
        ))}
      </ul>
      <p role="status" data-testid="simulation-status">
        {status}
      </p>
    </details>
  );
}
