/**
 * Portrait capture with live guidance: the camera preview with an overlay (target oval, face box,
 * eye line), one French instruction at a time, auto-capture when every mandatory criterion holds
 * for a stable moment, then the final check of the full-resolution still, criterion by criterion,
 * with an operator override that needs a reason (logged, without the image).
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PortraitAnalysis } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';
import { useCamera } from '../camera/useCamera';
import { type OverrideReason, PortraitVerdict } from './PortraitVerdict';
import { type GrabbedFrame, grabFrame } from './preview-frame';

/** Consecutive compliant live frames before the auto-capture fires. */
const stableFrames = 3;

function drawOverlay(
  canvas: HTMLCanvasElement,
  grabbed: GrabbedFrame,
  analysis: PortraitAnalysis | undefined,
) {
  canvas.width = grabbed.width;
  canvas.height = grabbed.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const { x, y, width, height } = grabbed.frame;
  ctx.lineWidth = Math.max(2, width / 160);
  ctx.setLineDash([8, 6]);
  ctx.strokeStyle = analysis?.compliant ? '#18753c' : '#ffffff';
  ctx.beginPath();
  ctx.ellipse(x + width / 2, y + height * 0.45, width * 0.3, height * 0.32, 0, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.setLineDash([]);
  const face = analysis?.face;
  if (face) {
    ctx.strokeStyle = analysis.compliant ? '#18753c' : '#ce0500';
    ctx.strokeRect(face.box.x, face.box.y, face.box.width, face.box.height);
    ctx.beginPath();
    ctx.moveTo(face.eyes.right.x, face.eyes.right.y);
    ctx.lineTo(face.eyes.left.x, face.eyes.left.y);
    ctx.stroke();
  }
}

/** The still the agent keeps, handed to the workflow (which analyses it again and keeps it). */
export interface AcceptedPortrait {
  jpegBase64: string;
  frame?: { x: number; y: number; width: number; height: number };
  overrideReason?: OverrideReason;
}

export function PortraitStep({
  onDone,
  onAccept,
}: {
  onDone?: (analysis: PortraitAnalysis) => void;
  /** In the application flow: keeps the still in the draft; resolves with an error message or undefined. */
  onAccept?: (portrait: AcceptedPortrait) => Promise<string | undefined>;
}) {
  const camera = useCamera();
  const invoke = useCommand();
  const overlay = useRef<HTMLCanvasElement | null>(null);
  const [live, setLive] = useState<PortraitAnalysis>();
  const [final, setFinal] = useState<{
    analysis: PortraitAnalysis;
    url: string;
    jpegBase64: string;
    frame?: AcceptedPortrait['frame'];
  }>();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string>();
  const [accepted, setAccepted] = useState(false);
  const { start, stop, videoRef, state } = camera;

  useEffect(() => {
    void start();
    return stop;
  }, [start, stop]);

  const captureFinal = useCallback(async () => {
    const video = videoRef.current;
    if (!video) return;
    setChecking(true);
    const still = await grabFrame(video, null, 0.95);
    if (!still) return setChecking(false);
    const result = await invoke('portrait.analyze', {
      jpegBase64: still.jpegBase64,
      mode: 'final',
      frame: still.frame,
    });
    setChecking(false);
    if (!result.ok) {
      setError(errorText(result.error));
      return;
    }
    setFinal({
      analysis: result.value,
      url: still.objectUrl ?? '',
      jpegBase64: still.jpegBase64,
      ...(still.frame ? { frame: still.frame } : {}),
    });
  }, [invoke, videoRef]);

  // Live loop: one preview frame at a time, one every 100 ms (10 per second) while the checks
  // answer within that; a slower answer is followed at once by the next frame.
  useEffect(() => {
    if (state.status !== 'live' || final || checking) return;
    let running = true;
    let streak = 0;
    const loop = async () => {
      while (running) {
        const startedAt = performance.now();
        const video = videoRef.current;
        // Quality 0.92: the preview's own JPEG blocks must not be judged as compression artefacts.
        const grabbed = video ? await grabFrame(video, 640, 0.92) : null;
        if (grabbed) {
          const result = await invoke('portrait.analyze', {
            jpegBase64: grabbed.jpegBase64,
            mode: 'live',
            frame: grabbed.frame,
            pixelScale: grabbed.pixelScale,
          });
          if (!running) return;
          if (result.ok) {
            setLive(result.value);
            if (overlay.current) drawOverlay(overlay.current, grabbed, result.value);
            streak = result.value.compliant ? streak + 1 : 0;
            if (streak >= stableFrames) {
              running = false;
              void captureFinal();
              return;
            }
          } else if (result.error.code !== 'BUSY') setError(errorText(result.error));
          // BUSY: the station is analysing other stills; this preview frame is dropped, the next one follows.
        }
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, 100 - (performance.now() - startedAt))),
        );
      }
    };
    void loop();
    return () => {
      running = false;
    };
  }, [state.status, final, checking, invoke, videoRef, captureFinal]);

  useEffect(() => () => (final ? URL.revokeObjectURL(final.url) : undefined), [final]);

  const failed = final?.analysis.criteria.filter((c) => c.status === 'nok') ?? [];

  /**
   * Keeps the photo: in the application flow, into the draft (with the override reason, if any);
   * on its own, an override is recorded by `portrait.override`.
   */
  const accept = async (overrideReason?: OverrideReason) => {
    if (!final) return;
    if (onAccept) {
      const problem = await onAccept({
        jpegBase64: final.jpegBase64,
        ...(final.frame ? { frame: final.frame } : {}),
        ...(overrideReason ? { overrideReason } : {}),
      });
      if (problem) return setError(problem);
    } else if (overrideReason) {
      const result = await invoke('portrait.override', {
        reason: overrideReason,
        failedCriteria: failed.map((c) => c.id),
      });
      if (!result.ok) return setError(errorText(result.error));
    }
    setAccepted(true);
    onDone?.(final.analysis);
  };
  return (
    <section aria-labelledby="etape-photo">
      <h2 id="etape-photo" className="fr-h3">
        Photo d’identité
      </h2>
      {state.status === 'error' && (
        <Alert className="fr-mb-2w" severity="error" small description={state.error ?? ''} />
      )}
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      {!final && (
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-7">
            <div className="recueil-live">
              <video ref={videoRef} muted playsInline aria-label="Aperçu de la caméra" />
              <canvas
                ref={overlay}
                role="img"
                aria-label="Repères de cadrage : ovale cible, visage détecté et ligne des yeux"
              />
            </div>
          </div>
          <div className="fr-col-12 fr-col-md-5">
            <p className="recueil-guidance" role="status" aria-live="polite" data-testid="guidance">
              {checking
                ? 'Photo prise, vérification…'
                : (live?.guidance.message ?? 'Démarrage de la caméra…')}
            </p>
            <Button
              priority="secondary"
              onClick={() => void captureFinal()}
              disabled={state.status !== 'live' || checking}
            >
              Prendre la photo maintenant
            </Button>
          </div>
        </div>
      )}
      {final && (
        <PortraitVerdict
          analysis={final.analysis}
          imageUrl={final.url}
          imageAlt="Portrait capturé pour la demande"
          accepted={accepted}
          onAccept={(overrideReason) => void accept(overrideReason)}
          onRetry={() => setFinal(undefined)}
          retryLabel="Reprendre la photo"
        />
      )}
    </section>
  );
}
