/**
 * Step 1 of an application: the title asked for and the applicant's identity as on the online
 * pre-application (its number typed, or entered by hand without one).
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { type FormEvent, useState } from 'react';
import type { ApplicationDraft, TitleType } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { preApplicationNumberFromQr } from './pre-application-qr';
import { QrScanner } from './QrScanner';

export function IdentityStep({ onStarted }: { onStarted: (draft: ApplicationDraft) => void }) {
  const invoke = useCommand();
  const [titleType, setTitleType] = useState<TitleType>('id-card');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [number, setNumber] = useState('');
  const [scanning, setScanning] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const preApplicationNumber = number.trim().toUpperCase();
    setBusy(true);
    const result = await invoke('application.start', {
      titleType,
      ...(preApplicationNumber ? { preApplicationNumber } : {}),
      applicant: {
        surname: text('surname'),
        givenNames: text('givenNames'),
        birthDate: text('birthDate'),
        sex: text('sex') as 'F' | 'M' | 'X',
        ...(text('birthPlace') ? { birthPlace: text('birthPlace') } : {}),
      },
    });
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    onStarted(result.value);
  };

  return (
    <form onSubmit={submit} aria-labelledby="identite-titre">
      <h2 id="identite-titre">Demande et identité du demandeur</h2>
      <RadioButtons
        legend="Titre demandé"
        orientation="horizontal"
        options={[
          {
            label: 'Carte nationale d’identité',
            nativeInputProps: { checked: titleType === 'id-card', onChange: () => setTitleType('id-card') },
          },
          {
            label: 'Passeport',
            nativeInputProps: { checked: titleType === 'passport', onChange: () => setTitleType('passport') },
          },
        ]}
      />
      <Input
        label="Numéro de pré-demande (facultatif)"
        hintText="10 lettres ou chiffres, figurant sur le récapitulatif de la pré-demande en ligne"
        nativeInputProps={{
          name: 'preApplicationNumber',
          maxLength: 10,
          autoComplete: 'off',
          value: number,
          onChange: (e) => setNumber(e.target.value),
        }}
      />
      {scanning ? (
        <QrScanner
          label="Présentez le QR code du récapitulatif de pré-demande devant la caméra."
          accept={preApplicationNumberFromQr}
          onFound={(found) => {
            setNumber(found);
            setScanning(false);
          }}
          onClose={() => setScanning(false)}
        />
      ) : (
        <Button type="button" priority="secondary" className="fr-mb-3w" onClick={() => setScanning(true)}>
          Scanner le QR code de la pré-demande
        </Button>
      )}
      <Input
        label="Nom de naissance"
        nativeInputProps={{ name: 'surname', required: true, autoComplete: 'off' }}
      />
      <Input label="Prénoms" nativeInputProps={{ name: 'givenNames', required: true, autoComplete: 'off' }} />
      <Input
        label="Date de naissance"
        nativeInputProps={{ name: 'birthDate', type: 'date', required: true }}
      />
      <Select label="Sexe" nativeSelectProps={{ name: 'sex', required: true, defaultValue: '' }}>
        <option value="" disabled>
          Choisir
        </option>
        <option value="F">Féminin</option>
        <option value="M">Masculin</option>
        <option value="X">Non spécifié</option>
      </Select>
      <Input
        label="Lieu de naissance (facultatif)"
        nativeInputProps={{ name: 'birthPlace', autoComplete: 'off' }}
      />
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      <Button type="submit" disabled={busy} size="large">
        Commencer la demande
      </Button>
    </form>
  );
}
