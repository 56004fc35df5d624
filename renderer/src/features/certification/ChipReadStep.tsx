/**
 * Step 2: the card. The agent types the CAN printed on the card, the citizen puts the card on the
 * reader, and the chip read shows its progress step by step (PACE, CA/TA, fingerprints, passive
 * authentication). Failures say what to do next: wrong CAN (tries left), card removed (resume).
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { type FormEvent, useEffect, useState } from 'react';
import type {
  CertificationProgress,
  CertificationView,
  ChipReadStep as Step,
} from '../../../../main/contract';
import { useCommand, useStationEvents } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { chipSteps } from './labels';
import { StepHeading } from './StepHeading';

interface ReadFailure {
  reason?: string;
  message: string;
}

const nextAction: Record<string, string> = {
  'wrong-can': 'Relisez les 6 chiffres du CAN sur la carte et saisissez-les à nouveau.',
  'can-suspended':
    'Retirez la carte du lecteur, reposez-la, puis saisissez le CAN avec soin : c’est le dernier essai.',
  'card-removed': 'Reposez la carte à plat sur le lecteur et gardez-la immobile, puis reprenez la lecture.',
};

type StepState = 'done' | 'current' | 'failed' | 'todo';

function stepState(step: Step, progress: CertificationProgress | undefined, failed: boolean): StepState {
  if (!progress) return 'todo';
  const order = chipSteps.map((s) => s.step);
  const at = progress.step === 'done' ? order.length : order.indexOf(progress.step);
  const index = order.indexOf(step);
  return index < at ? 'done' : index === at ? (failed ? 'failed' : 'current') : 'todo';
}

const stateMark: Record<StepState, { mark: string; text: string }> = {
  done: { mark: '✓', text: 'terminé' },
  current: { mark: '…', text: 'en cours' },
  failed: { mark: '✗', text: 'interrompu' },
  todo: { mark: '○', text: 'à venir' },
};

export function ChipReadStep({
  canHint,
  onRead,
}: {
  canHint?: string;
  onRead: (view: CertificationView) => void;
}) {
  const invoke = useCommand();
  const events = useStationEvents();
  const [can, setCan] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<CertificationProgress>();
  const [failure, setFailure] = useState<ReadFailure>();

  useEffect(() => events.subscribe('certification.progress', setProgress), [events]);

  const submit = async (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    if (!/^\d{6}$/.test(can.trim())) {
      return setFailure({
        reason: 'format',
        message: 'Le CAN est composé de 6 chiffres, imprimés sur la carte.',
      });
    }
    setBusy(true);
    setFailure(undefined);
    setProgress(undefined);
    const result = await invoke('certification.readChip', { can: can.trim() });
    setBusy(false);
    if (!result.ok) {
      const reason = result.error.details?.reason;
      return setFailure({
        reason: typeof reason === 'string' ? reason : undefined,
        message: errorText(result.error),
      });
    }
    onRead(result.value);
  };

  return (
    <form onSubmit={submit} aria-labelledby="certif-carte-titre" noValidate>
      <StepHeading id="certif-carte-titre">Lecture de la carte d’identité</StepHeading>
      <p>
        Saisissez le CAN (6 chiffres imprimés en bas à droite au recto de la carte), puis demandez à la
        personne de poser sa carte à plat sur le lecteur sans contact.
      </p>
      {canHint && (
        <Alert
          className="fr-mb-2w"
          severity="info"
          small
          description={`Poste de démonstration : le CAN de la carte simulée est ${canHint}.`}
        />
      )}
      <Input
        label="CAN de la carte"
        hintText="6 chiffres"
        state={failure?.reason === 'format' || failure?.reason === 'wrong-can' ? 'error' : 'default'}
        stateRelatedMessage={
          failure?.reason === 'format'
            ? failure.message
            : failure?.reason === 'wrong-can'
              ? 'Ce CAN ne correspond pas à la carte.'
              : undefined
        }
        nativeInputProps={{
          name: 'can',
          value: can,
          onChange: (e) => setCan(e.target.value.replace(/\D/g, '').slice(0, 6)),
          inputMode: 'numeric',
          autoComplete: 'off',
          maxLength: 6,
          autoFocus: true,
        }}
      />
      {failure && failure.reason !== 'format' && (
        <Alert
          className="fr-mb-2w"
          severity={failure.reason === 'card-removed' ? 'warning' : 'error'}
          title={
            failure.reason === 'card-removed'
              ? 'Carte retirée'
              : failure.reason === 'wrong-can'
                ? 'CAN incorrect'
                : 'Lecture impossible'
          }
          description={
            <>
              <span data-testid="chip-error">{failure.message}</span>
              {failure.reason && nextAction[failure.reason] && (
                <>
                  <br />
                  {nextAction[failure.reason]}
                </>
              )}
            </>
          }
        />
      )}
      <Button type="submit" disabled={busy}>
        {failure?.reason === 'card-removed' ? 'Reprendre la lecture' : 'Lire la carte'}
      </Button>
      {(busy || progress) && (
        <section className="fr-mt-3w" aria-labelledby="certif-progression">
          <h3 id="certif-progression" className="fr-h6">
            Progression de la lecture
          </h3>
          <progress
            className="recueil-progress"
            max={1}
            value={progress?.fraction ?? 0}
            aria-label="Avancement de la lecture de la puce"
          />
          <ol className="recueil-chip-steps" aria-live="polite" data-testid="chip-steps">
            {chipSteps.map(({ step, label }) => {
              const state = stepState(step, progress, !busy && failure !== undefined);
              return (
                <li key={step} data-state={state}>
                  <span aria-hidden="true">{stateMark[state].mark}</span> {label}
                  <span className="fr-sr-only"> : {stateMark[state].text}</span>
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </form>
  );
}
