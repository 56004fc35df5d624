/**
 * The electronic tax stamp at the identity step: its 16 digits typed or read by the barcode reader,
 * checked by the station against the ledger and against what this title costs (title type, reason,
 * age). A used, cancelled, unknown or wrong-amount stamp is refused and not kept for the application;
 * offline the stamp is kept, flagged, and checked again at the next sync.
 */
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import type { TaxStampCheck } from '../../../../main/contract';
import { CheckAlert } from './CheckAlert';
import { runOnEnter } from './enter-key';

export function TaxStampField({
  number,
  onNumber,
  check,
  busy,
  onCheck,
}: {
  number: string;
  onNumber: (number: string) => void;
  check: TaxStampCheck | undefined;
  busy: boolean;
  onCheck: () => void;
}) {
  return (
    <fieldset className="fr-fieldset fr-mb-2w" aria-labelledby="timbre-titre">
      <legend id="timbre-titre" className="fr-fieldset__legend">
        Timbre fiscal électronique
      </legend>
      <div className="fr-fieldset__element">
        <Input
          label="Numéro du timbre fiscal (facultatif)"
          hintText="16 chiffres, ou scannez le code du timbre avec le lecteur"
          nativeInputProps={{
            name: 'taxStampNumber',
            inputMode: 'numeric',
            autoComplete: 'off',
            value: number,
            onChange: (e) => onNumber(e.target.value),
            onKeyDown: runOnEnter(onCheck),
          }}
        />
        <Button type="button" priority="secondary" disabled={busy} onClick={onCheck}>
          Vérifier le timbre
        </Button>
        <div aria-live="polite" className="fr-mt-2w">
          {check && (
            <CheckAlert
              subject="Timbre fiscal"
              outcome={check.outcome}
              message={check.message}
              testId="tax-stamp-check"
            />
          )}
        </div>
      </div>
    </fieldset>
  );
}
