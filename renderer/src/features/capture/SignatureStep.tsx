/**
 * Signature step: the applicant signs on the pad; the strokes appear live on the agent's screen
 * (`signature.points` events drawn on a canvas); "Effacer" starts again, "Valider" keeps it.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState } from 'react';
import type { ApplicationDraft } from '../../../../main/contract';
import { useCommand, useStationEvents } from '../../bridge/context';

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
  const last = useRef<{ x: number; y: number } | undefined>(undefined);
  const [state, setState] = useState<'idle' | 'signing' | 'done'>(draft.signature ? 'done' : 'idle');
  const [points, setPoints] = useState(0);
  const [svg, setSvg] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(
    () =>
      api.subscribe('signature.points', (event) => {
        const canvas = canvasRef.current;
        const context = canvas?.getContext('2d');
        if (!canvas || !context) return;
        if (event.cleared) {
          context.clearRect(0, 0, canvas.width, canvas.height);
          last.current = undefined;
          setPoints(0);
        }
        const kx = canvas.width / event.width;
        const ky = canvas.height / event.height;
        context.strokeStyle = '#000091';
        context.lineCap = 'round';
        for (const p of event.points) {
          if (!p.down) {
            last.current = undefined;
            continue;
          }
          const at = { x: p.x * kx, y: p.y * ky };
          if (last.current) {
            context.lineWidth = 1 + 3 * p.p;
            context.beginPath();
            context.moveTo(last.current.x, last.current.y);
            context.lineTo(at.x, at.y);
            context.stroke();
          }
          last.current = at;
        }
        setPoints((n) => n + event.points.filter((p) => p.down).length);
      }),
    [api],
  );

  const start = async () => {
    setError(undefined);
    const canvas = canvasRef.current;
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    last.current = undefined;
    setPoints(0);
    const result = await invoke('application.signatureStart', {});
    if (!result.ok) return setError(result.error.message);
    setState('signing');
  };

  const clear = async () => {
    const result = await invoke('application.signatureClear', {});
    if (!result.ok) setError(result.error.message);
  };

  const finish = async () => {
    const result = await invoke('application.signatureFinish', {});
    if (!result.ok) return setError(result.error.message);
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
