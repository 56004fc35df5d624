/**
 * The proof of address at the identity step: its 2D-DOC read by the barcode reader (a `counter.scan`
 * handed in by the identity step) or its text pasted (separators typed as <GS> and <US>), verified by
 * the station offline against its trust list. Shows the verdict and, beside each signed field, what
 * the agent must compare it with: the application's entry, or the paper itself.
 */
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useState } from 'react';
import type { TwoDDocProof } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { DataTable } from '../../ui/DataTable';
import { errorText } from '../../ui/error-text';
import { CheckAlert } from './CheckAlert';

/** What the application holds that a signed field is compared with (2D-DOC data dictionary ids). */
export interface ProofComparison {
  name: string;
  addressLine?: string;
  postcode?: string;
  city?: string;
}

function compareWith(id: string, entry: ProofComparison): string {
  const onPaper = 'le justificatif papier';
  if (id === '10' || id === '11' || id === '12' || id === '13') return entry.name || onPaper;
  if (id === '22') return entry.addressLine ?? onPaper;
  if (id === '24') return entry.postcode ?? onPaper;
  if (id === '25') return entry.city ?? onPaper;
  return onPaper;
}

export function ProofView({ proof, compare }: { proof: TwoDDocProof; compare: ProofComparison }) {
  const authentic = proof.verdict === 'authentic';
  return (
    <div data-testid="proof-of-address">
      <CheckAlert
        subject={`Justificatif « ${proof.header.typeLabel} »`}
        outcome={authentic ? 'ok' : 'refused'}
        message={
          authentic ? proof.message : `${proof.message} Ce justificatif est refusé : demandez-en un autre.`
        }
      />
      <DataTable
        caption={`Données signées du justificatif (émetteur ${proof.header.authority}, certificat ${proof.header.certificate}) : comparez-les`}
        headers={['Donnée signée', 'Valeur signée', 'À comparer avec']}
        className="fr-table--sm"
      >
        {Object.entries(proof.fields).map(([id, value]) => (
          <tr key={id} data-field={id}>
            <td>{proof.labels[id] ?? id}</td>
            <td>{value}</td>
            <td>{compareWith(id, compare)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

export function ProofOfAddress({
  proof,
  onProof,
  compare,
}: {
  proof: TwoDDocProof | undefined;
  onProof: (proof: TwoDDocProof) => void;
  compare: ProofComparison;
}) {
  const invoke = useCommand();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    if (!text.trim()) return setProblem('Collez le texte du code 2D-DOC du justificatif, ou scannez-le.');
    setBusy(true);
    const result = await invoke('counter.classify', { text: text.trim() });
    setBusy(false);
    if (!result.ok) return setProblem(errorText(result.error));
    const { code } = result.value;
    if (code.kind === '2ddoc') {
      setProblem(undefined);
      return onProof(code.proof);
    }
    setProblem(
      code.kind === 'unreadable'
        ? code.message
        : 'Ce code n’est pas un 2D-DOC : ce n’est pas un justificatif.',
    );
  };

  return (
    <fieldset className="fr-fieldset fr-mb-2w" aria-labelledby="justificatif-titre">
      <legend id="justificatif-titre" className="fr-fieldset__legend">
        Justificatif de domicile (2D-DOC)
      </legend>
      <div className="fr-fieldset__element">
        <p className="fr-text--sm">
          Scannez le code 2D-DOC du justificatif avec le lecteur, ou collez son texte ci-dessous.
        </p>
        <Input
          label="Texte du code 2D-DOC (facultatif)"
          hintText="Séparateurs saisis comme <GS> et <US>"
          textArea
          nativeTextAreaProps={{
            name: 'proofText',
            rows: 3,
            value: text,
            onChange: (e) => setText(e.target.value),
          }}
        />
        <Button type="button" priority="secondary" disabled={busy} onClick={() => void verify()}>
          Vérifier le justificatif
        </Button>
        <div aria-live="polite" className="fr-mt-2w">
          {problem && (
            <CheckAlert subject="Justificatif" outcome="invalid" message={problem} testId="proof-problem" />
          )}
          {proof && <ProofView proof={proof} compare={compare} />}
        </div>
      </div>
    </fieldset>
  );
}
