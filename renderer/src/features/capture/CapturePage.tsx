/**
 * The application-capture flow (passport / ID card): identity, portrait, fingerprints, signature,
 * review and submission, then the citizen's receipt. The draft lives in the station core: leaving
 * this screen (or a device failure) and coming back resumes it where it stopped.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Stepper } from '@codegouvfr/react-dsfr/Stepper';
import { useCallback, useEffect, useState } from 'react';
import type { ApplicationDraft, ApplicationReceipt } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { FingerprintStep } from './FingerprintStep';
import { IdentityStep } from './IdentityStep';
import { PortraitIntake } from './PortraitIntake';
import type { AcceptedPortrait } from './PortraitStep';
import { ReceiptView, ReviewStep } from './ReviewStep';
import { SignatureStep } from './SignatureStep';

const steps = ['Identité', 'Photo', 'Empreintes', 'Signature', 'Vérification et envoi'] as const;
type Step = 0 | 1 | 2 | 3 | 4;

/** Where a resumed draft starts: the first step still to do. */
function firstOpenStep(draft: ApplicationDraft): Step {
  const portraitDone = draft.portrait && (draft.portrait.compliant || draft.portrait.overrideReason);
  if (!portraitDone) return 1;
  if (draft.fingerprints.slots.some((s) => s.status === 'pending')) return 2;
  if (!draft.signature) return 3;
  return 4;
}

export function CapturePage() {
  const invoke = useCommand();
  const [draft, setDraft] = useState<ApplicationDraft | null>();
  const [step, setStep] = useState<Step>(0);
  const [receipt, setReceipt] = useState<ApplicationReceipt>();
  const [resumed, setResumed] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    void invoke('application.current', {}).then((result) => {
      if (!result.ok) return setError(errorText(result.error));
      setDraft(result.value);
      if (result.value) {
        setResumed(true);
        setStep(firstOpenStep(result.value));
      }
    });
  }, [invoke]);

  const acceptPortrait = useCallback(
    async (portrait: AcceptedPortrait) => {
      const result = await invoke('application.portrait', portrait);
      if (!result.ok) return errorText(result.error);
      setDraft(result.value.draft);
      if (!result.value.analysis.compliant && !portrait.overrideReason)
        return 'La photo n’est pas conforme : reprenez-la ou retenez-la avec un motif.';
      return undefined;
    },
    [invoke],
  );

  const cancel = async () => {
    const result = await invoke('application.cancel', { reason: 'agent-abandoned' });
    if (!result.ok) return setError(errorText(result.error));
    setDraft(null);
    setStep(0);
    setResumed(false);
  };

  if (receipt) {
    return (
      <ReceiptView
        receipt={receipt}
        onNext={() => {
          setReceipt(undefined);
          setDraft(null);
          setStep(0);
        }}
      />
    );
  }

  return (
    <>
      <h1>Demande de titre</h1>
      <Stepper
        currentStep={step + 1}
        stepCount={steps.length}
        title={steps[step]}
        {...(step < steps.length - 1 ? { nextTitle: steps[step + 1] } : {})}
      />
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      {resumed && draft && (
        <Alert
          className="fr-mb-2w"
          severity="info"
          small
          description={`Reprise de la demande en cours (conservée jusqu’à ${new Date(draft.expiresAt).toLocaleTimeString('fr-FR')}).`}
        />
      )}
      {draft === undefined && <p>Chargement…</p>}
      {draft === null && (
        <IdentityStep
          onStarted={(started) => {
            setDraft(started);
            setStep(1);
          }}
        />
      )}
      {draft && step === 1 && (
        <PortraitIntake onAccept={acceptPortrait} onDraft={setDraft} onDone={() => setStep(2)} />
      )}
      {draft && step === 2 && <FingerprintStep draft={draft} onDraft={setDraft} />}
      {draft && step === 3 && <SignatureStep draft={draft} onDraft={setDraft} />}
      {draft && step === 4 && <ReviewStep onSubmitted={setReceipt} />}
      {draft && step > 0 && (
        <div className="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
          {step > 1 && (
            <Button priority="secondary" onClick={() => setStep((step - 1) as Step)}>
              Étape précédente
            </Button>
          )}
          {step >= 2 && step < 4 && (
            <Button onClick={() => setStep((step + 1) as Step)}>Étape suivante</Button>
          )}
          <Button priority="tertiary" onClick={cancel}>
            Abandonner la demande
          </Button>
        </div>
      )}
    </>
  );
}
