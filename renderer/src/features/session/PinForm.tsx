/**
 * The PIN form of the sign-in and lock screens: a numeric password field (never kept after the
 * attempt), the tries left, and the card's answer in plain French (one message: after a wrong PIN,
 * the card's answer gives the tries left).
 */
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useState } from 'react';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';

export function PinForm({
  command,
  triesLeft,
  submitLabel,
}: {
  command: 'session.signIn' | 'session.unlock';
  triesLeft: number | undefined;
  submitLabel: string;
}) {
  const invoke = useCommand();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const entered = pin;
    setPin('');
    const result = await invoke(command, { pin: entered });
    setBusy(false);
    if (!result.ok) setError(errorText(result.error));
    else if (!result.value.ok) setError(result.value.message ?? 'Code PIN refusé');
    else setError(undefined);
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="recueil-pin-form" noValidate>
      <Input
        label="Code PIN"
        hintText="4 à 8 chiffres"
        state={error ? 'error' : 'default'}
        stateRelatedMessage={error}
        nativeInputProps={{
          type: 'password',
          inputMode: 'numeric',
          autoComplete: 'off',
          pattern: '[0-9]*',
          maxLength: 8,
          name: 'pin',
          autoFocus: true,
          value: pin,
          onChange: (e) => setPin(e.target.value.replace(/\D/g, '')),
        }}
      />
      {/* A wrong PIN's message already says the tries left: then they are not said twice. */}
      {triesLeft !== undefined && !error && (
        <p data-testid="pin-tries" aria-live="polite">
          Essais restants avant blocage de la carte : <strong>{triesLeft}</strong>
        </p>
      )}
      <Button type="submit" size="large" disabled={busy || pin.length === 0}>
        {submitLabel}
      </Button>
    </form>
  );
}
