/**
 * The France Identité certification flow: QR code of the app → CAN and chip read → live capture of
 * the chip's fingers → decision (both images side by side, the decision in words) → transmitted.
 * The certification lives in the station core: leaving this screen and coming back resumes it.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Stepper } from '@codegouvfr/react-dsfr/Stepper';
import { useEffect, useState } from 'react';
import type { CertificationView } from '../../../../main/contract';
import { useCommand, useStationInfo } from '../../bridge/context';
import { CaptureStep } from './CaptureStep';
import { ChipReadStep } from './ChipReadStep';
import { ReferenceStep } from './ReferenceStep';
import { FailureView, ResultView, SubmittedView } from './ResultView';
import { SimulationPanel } from './SimulationPanel';
import './certification.css';
import { errorText } from '../../ui/error-text';

const steps = ['QR code France Identité', 'Lecture de la carte', 'Empreintes', 'Résultat'] as const;

function stepIndex(view: CertificationView | null | undefined): number {
  if (!view) return 0;
  switch (view.stage) {
    case 'can':
      return 1;
    case 'capture':
      return 2;
    default:
      return 3;
  }
}

export function CertificationPage() {
  const invoke = useCommand();
  const info = useStationInfo();
  const simulated = info?.simulatedDevices === true;
  const [view, setView] = useState<CertificationView | null>();
  const [canHint, setCanHint] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    void invoke('certification.current', {}).then((result) => {
      if (!result.ok) return setError(errorText(result.error));
      setView(result.value);
    });
  }, [invoke]);

  useEffect(() => {
    if (!simulated || canHint) return;
    void invoke('certification.simulation', {}).then((r) => r.ok && setCanHint(r.value.can));
  }, [simulated, canHint, invoke]);

  const restart = async () => {
    const result = await invoke('certification.cancel', {});
    if (!result.ok) return setError(errorText(result.error));
    setView(null);
  };

  const index = stepIndex(view);
  return (
    <>
      <h1>Certification France Identité</h1>
      <Stepper
        currentStep={index + 1}
        stepCount={steps.length}
        title={steps[index]}
        nextTitle={steps[index + 1]}
      />
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      {view === undefined ? (
        <p>Chargement…</p>
      ) : view === null ? (
        <ReferenceStep simulated={simulated} onStarted={setView} onSimulatedCan={setCanHint} />
      ) : view.stage === 'can' ? (
        <ChipReadStep canHint={simulated ? canHint : undefined} onRead={setView} />
      ) : view.stage === 'capture' ? (
        <CaptureStep view={view} onView={setView} />
      ) : view.stage === 'result' ? (
        <ResultView view={view} onView={setView} onCancel={restart} />
      ) : view.stage === 'submitted' ? (
        <SubmittedView view={view} onNext={restart} />
      ) : (
        <FailureView view={view} onNext={restart} />
      )}
      {view && (view.stage === 'can' || view.stage === 'capture') && (
        <p className="fr-mt-4w">
          <Button priority="tertiary" size="small" onClick={restart}>
            Abandonner cette certification
          </Button>
        </p>
      )}
      {simulated && <SimulationPanel />}
    </>
  );
}
