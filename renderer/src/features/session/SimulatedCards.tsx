/**
 * Demo and training bench: insert a simulated agent card (PIN 1234) or take it out. Shown only
 * when the station runs simulated devices.
 */
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { SimulatedAgentCardName } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';

const cards: {
  card: SimulatedAgentCardName;
  label: string;
  priority: 'primary' | 'secondary' | 'tertiary';
}[] = [
  { card: 'agent', label: 'Carte simulée : agent', priority: 'primary' },
  { card: 'agent-certificateur', label: 'Carte simulée : agent certificateur', priority: 'primary' },
  { card: 'technicien', label: 'Carte simulée : technicien', priority: 'primary' },
  { card: 'expired', label: 'Carte simulée : expirée', priority: 'secondary' },
  { card: 'untrusted', label: 'Carte simulée : autre autorité', priority: 'secondary' },
  { card: 'remove', label: 'Retirer la carte', priority: 'tertiary' },
];

export function SimulatedCards() {
  const invoke = useCommand();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const insert = async (card: SimulatedAgentCardName) => {
    setBusy(true);
    const result = await invoke('session.simulateCard', { card });
    setBusy(false);
    setError(result.ok ? undefined : errorText(result.error));
  };
  return (
    <section aria-labelledby="cartes-simulees" className="fr-mt-4w">
      <h2 id="cartes-simulees" className="fr-h5">
        Cartes agent simulées (démonstration)
      </h2>
      <p className="fr-text--sm">Poste de démonstration : le code PIN des cartes simulées est 1234.</p>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        {cards.map(({ card, label, priority }) => (
          <li key={card}>
            <Button priority={priority} disabled={busy} onClick={() => void insert(card)}>
              {label}
            </Button>
          </li>
        ))}
      </ul>
      {error && <p className="fr-error-text">{error}</p>}
    </section>
  );
}
