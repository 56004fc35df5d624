/** Technician's camera test: live preview, resolution, and a still taken at full resolution. */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import { useCamera } from './useCamera';

export function CameraTest() {
  const camera = useCamera();
  const [still, setStill] = useState<{ url: string; width: number; height: number } | null>(null);
  useEffect(() => () => (still ? URL.revokeObjectURL(still.url) : undefined), [still]);

  return (
    <section aria-labelledby="diag-camera" className="fr-mb-4w">
      <h2 id="diag-camera" className="fr-h4">
        Test de la caméra
      </h2>
      {camera.state.status === 'error' && (
        <Alert severity="error" small description={camera.state.error ?? ''} />
      )}
      <div className="fr-btns-group fr-btns-group--inline-sm fr-mb-2w">
        {camera.state.status === 'live' ? (
          <>
            <Button
              onClick={async () => {
                const shot = await camera.still();
                if (shot)
                  setStill({ url: URL.createObjectURL(shot.blob), width: shot.width, height: shot.height });
              }}
            >
              Prendre une photo de test
            </Button>
            <Button priority="secondary" onClick={camera.stop}>
              Arrêter la caméra
            </Button>
          </>
        ) : (
          <Button onClick={camera.start} disabled={camera.state.status === 'starting'}>
            Démarrer la caméra
          </Button>
        )}
      </div>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <video
            ref={camera.videoRef}
            muted
            playsInline
            className="recueil-camera-preview"
            aria-label="Aperçu de la caméra"
          />
          {camera.state.status === 'live' && (
            <p className="fr-text--sm" data-testid="camera-resolution">
              {camera.state.width} × {camera.state.height} px
            </p>
          )}
        </div>
        {still && (
          <div className="fr-col-12 fr-col-md-6">
            <img src={still.url} alt="Cliché de test pris par la caméra" className="recueil-camera-preview" />
            <p className="fr-text--sm" data-testid="camera-still">
              Photo de test : {still.width} × {still.height} px
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
