/**
 * Scans a QR code through the counter camera (jsQR on preview frames, about five per second) and
 * hands over the first payload that `accept` takes; shared by the pre-application number and the
 * France Identité request reference.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import jsQR from 'jsqr';
import { useEffect, useState } from 'react';
import { useCamera } from '../camera/useCamera';

export function QrScanner<T>({
  label,
  accept,
  onFound,
  onClose,
}: {
  label: string;
  /** The value read from a payload, or undefined when the payload is not the expected kind. */
  accept: (payload: string) => T | undefined;
  onFound: (value: T) => void;
  onClose: () => void;
}) {
  const { videoRef, state, start, stop } = useCamera({ width: 1280, height: 720 });
  const [rejected, setRejected] = useState(false);

  useEffect(() => {
    void start();
    return stop;
  }, [start, stop]);

  useEffect(() => {
    if (state.status !== 'live') return;
    const canvas = document.createElement('canvas');
    const timer = setInterval(() => {
      const video = videoRef.current;
      if (!video || video.videoWidth === 0) return;
      const scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) return;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      if (!code) return;
      const value = accept(code.data);
      if (value === undefined) return setRejected(true);
      clearInterval(timer);
      stop();
      onFound(value);
    }, 200);
    return () => clearInterval(timer);
  }, [state.status, videoRef, accept, onFound, stop]);

  return (
    <div className="fr-my-2w">
      <p>{label}</p>
      <video
        ref={videoRef}
        className="recueil-qr-preview"
        muted
        playsInline
        aria-label="Aperçu de la caméra"
      />
      {state.status === 'error' && <Alert severity="error" small description={state.error ?? ''} />}
      {rejected && (
        <Alert
          severity="warning"
          small
          description="Ce QR code n’est pas celui attendu : présentez le bon code."
        />
      )}
      <Button priority="secondary" onClick={onClose}>
        Fermer la caméra
      </Button>
    </div>
  );
}
