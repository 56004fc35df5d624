/** The chip's image and the live capture of one finger, side by side. */
import type { CertFingerView } from '../../../../main/contract';
import { fingerLabel } from './labels';

export function FingerPair({ finger }: { finger: CertFingerView }) {
  const name = fingerLabel[finger.finger].toLowerCase();
  return (
    <div className="recueil-finger-pair">
      <figure className="fr-m-0">
        <img
          className="recueil-finger-image"
          src={`data:image/png;base64,${finger.chipPng}`}
          alt={`Empreinte de l’${name} enregistrée dans la puce`}
        />
        <figcaption>Enregistrée dans la puce</figcaption>
      </figure>
      <figure className="fr-m-0">
        {finger.livePng ? (
          <img
            className="recueil-finger-image"
            src={`data:image/png;base64,${finger.livePng}`}
            alt={`Empreinte de l’${name} capturée au guichet`}
          />
        ) : (
          <div className="recueil-finger-image recueil-finger-empty">Pas encore capturée</div>
        )}
        <figcaption>Capturée au guichet</figcaption>
      </figure>
    </div>
  );
}
