/**
 * Signature step: the applicant signs on the pad; the strokes appear live on the agent's screen
 * (`signature.points` events drawn on a canvas as the kept rendering draws them, see
 * live-signature.ts); "Effacer" starts again, "Valider" keeps it.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState } from 'react';
import type { ApplicationDraft } from '../../../../main/contract';
import { useCommand, useStationEvents } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { LiveSignature } from './live-signature';

export function SignatureStep({
  draft,
  onDraft,
}: {
  draft: ApplicationDraft;
  onDraft: (draft: ApplicationDraft) => void;
}) {
  const invoke = useCommand();
  const api = useStationEvents();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const live = useRef(new LiveSignature());
  const [state, setState] = useState<'idle' | 'signing' | 'done'>(draft.signature ? 'done' : 'idle');
  const [points, setPoints] = useState(0);
  const [svg, setSvg] = useState<string>();
  const [error, setError] = useState<string>();

  const redraw = () => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (canvas && context) live.current.draw(context, canvas);
    setPoints(live.current.inkPoints);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw reads refs only
  useEffect(
    () =>
      api.subscribe('signature.points', (event) => {
        live.current.add(event);
        redraw();
      }),
    [api],
  );

  const start = async () => {
    setError(undefined);
    live.current.clear();
    redraw();
    const result = await invoke('application.signatureStart', {});
    if (!result.ok) return setError(errorText(result.error));
    setState('signing');
  };

  const clear = async () => {
    const result = await invoke('application.signatureClear', {});
    if (!result.ok) setError(errorText(result.error));
  };

  const finish = async () => {
    const result = await invoke('application.signatureFinish', {});
    if (!result.ok) return setError(errorText(result.error));
    setSvg(result.value.svg);
    setState('done');
    onDraft(result.value.draft);
  };

  return (
    <section aria-labelledby="signature-titre">
      <h2 id="signature-titre">Signature du demandeur</h2>
      <p>Le demandeur signe sur la tablette ; la signature s’affiche ici au fur et à mesure.</p>
      {state === 'done' && svg ? (
        <img
          className="recueil-signature"
          src={`data:image/svg+xml;base64,${btoa(svg)}`}
          alt="Signature retenue pour le dossier"
        />
      ) : (
        <canvas
          ref={canvasRef}
          className="recueil-signature"
          width={600}
          height={300}
          role="img"
          aria-label={`Signature en cours sur la tablette : ${points} points reçus`}
        />
      )}
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      <div className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
        {state !== 'signing' && (
          <Button size="large" onClick={start}>
            {state === 'done' ? 'Refaire la signature' : 'Commencer la signature'}
          </Button>
        )}
        {state === 'signing' && (
          <>
            <Button size="large" disabled={points === 0} onClick={finish}>
              Valider la signature
            </Button>
            <Button size="large" priority="secondary" onClick={clear}>
              Effacer
            </Button>
          </>
        )}
      </div>
    </section>
  );
}
