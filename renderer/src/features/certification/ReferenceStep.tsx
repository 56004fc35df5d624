/**
 * Step 1: the France Identité request. The agent scans the QR code shown by the citizen's app with
 * the counter's QR scanner (it types into the field), or reads it from a photo of the phone screen;
 * a demo bench can show the simulated app's code. The checksum is verified by the station.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type ChangeEvent, type FormEvent, useRef, useState } from 'react';
import type { CertificationView } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { decodeQrFromFile } from './qr-image';
import { StepHeading } from './StepHeading';

export function ReferenceStep({
  simulated,
  onStarted,
  onSimulatedCan,
}: {
  simulated: boolean;
  onStarted: (view: CertificationView) => void;
  onSimulatedCan: (can: string) => void;
}) {
  const invoke = useCommand();
  const [payload, setPayload] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const photoInput = useRef<HTMLInputElement>(null);

  const start = async (requestReference: string) => {
    setBusy(true);
    setError(undefined);
    const result = await invoke('certification.start', { requestReference });
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    onStarted(result.value);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!payload.trim()) return setError('Scannez le QR code affiché par l’application France Identité.');
    void start(payload);
  };

  const fromPhoto = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const text = await decodeQrFromFile(file).catch(() => undefined);
    if (!text)
      return setError('Aucun QR code lisible sur cette image : reprenez la photo de l’écran du téléphone.');
    setPayload(text);
    void start(text);
  };

  const simulate = async () => {
    const result = await invoke('certification.simulation', {});
    if (!result.ok) return setError(errorText(result.error));
    setPayload(result.value.requestReference);
    onSimulatedCan(result.value.can);
  };

  return (
    <form onSubmit={submit} aria-labelledby="certif-reference-titre" noValidate>
      <StepHeading id="certif-reference-titre">QR code de l’application France Identité</StepHeading>
      <p>
        Demandez à la personne d’ouvrir l’application France Identité et d’afficher le QR code de
        certification, puis scannez-le avec le lecteur de QR code du guichet.
      </p>
      <Input
        label="Référence de la demande"
        hintText="Remplie par le lecteur de QR code (format FI- suivi de 18 caractères)"
        state={error ? 'error' : 'default'}
        stateRelatedMessage={error}
        nativeInputProps={{
          name: 'requestReference',
          value: payload,
          onChange: (e) => setPayload(e.target.value),
          autoComplete: 'off',
          spellCheck: false,
          autoFocus: true,
        }}
      />
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button type="submit" disabled={busy}>
            Valider la référence
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={() => photoInput.current?.click()}>
            Lire le QR code sur une photo
          </Button>
          <input ref={photoInput} type="file" accept="image/*" hidden onChange={fromPhoto} />
        </li>
        {simulated && (
          <li>
            <Button type="button" priority="tertiary" onClick={simulate}>
              Afficher le QR code de l’application simulée
            </Button>
          </li>
        )}
      </ul>
      {busy && <Alert severity="info" small description="Vérification de la référence…" />}
    </form>
  );
}
