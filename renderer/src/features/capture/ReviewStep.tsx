/**
 * Review of the whole dossier with its images, then submission (sealed for the central system and
 * queued) and the citizen's printable receipt (dossier number, date, town hall; no biometrics).
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import { type ApplicationReceipt, type ApplicationReview, fingerNamesFr } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';

const titleNames = { passport: 'Passeport', 'id-card': 'Carte nationale d’identité' } as const;

export function ReviewStep({ onSubmitted }: { onSubmitted: (receipt: ApplicationReceipt) => void }) {
  const invoke = useCommand();
  const [review, setReview] = useState<ApplicationReview>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void invoke('application.review', {}).then((result) =>
      result.ok ? setReview(result.value) : setError(errorText(result.error)),
    );
  }, [invoke]);

  const submit = async () => {
    setBusy(true);
    const result = await invoke('application.submit', {});
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    onSubmitted(result.value);
  };

  if (!review) return error ? <Alert severity="error" small description={error} /> : <p>Chargement…</p>;
  const { draft } = review;
  return (
    <section aria-labelledby="verification-titre">
      <h2 id="verification-titre">Vérification du dossier</h2>
      <dl className="recueil-summary">
        <dt>Titre</dt>
        <dd>{titleNames[draft.titleType]}</dd>
        {draft.preApplicationNumber && (
          <>
            <dt>Pré-demande</dt>
            <dd>{draft.preApplicationNumber}</dd>
          </>
        )}
        <dt>Demandeur</dt>
        <dd>
          {draft.applicant.surname} {draft.applicant.givenNames}, né(e) le {draft.applicant.birthDate}
        </dd>
      </dl>
      <div className="fr-grid-row fr-grid-row--gutters">
        {review.portraitJpegBase64 && (
          <figure className="fr-col-12 fr-col-md-4">
            <img
              className="recueil-review-photo"
              src={`data:image/jpeg;base64,${review.portraitJpegBase64}`}
              alt="Portrait du demandeur retenu pour le dossier"
            />
            <figcaption>Photo {draft.portrait?.compliant ? 'conforme' : 'retenue avec un motif'}</figcaption>
          </figure>
        )}
        {review.fingers.map((f) => (
          <figure key={f.finger} className="fr-col-6 fr-col-md-2">
            <img
              className="recueil-fingerprint"
              src={`data:image/png;base64,${f.pngBase64}`}
              alt={`Empreinte : ${fingerNamesFr[f.finger]}`}
            />
            <figcaption>
              {fingerNamesFr[f.finger]} ({f.quality}/100)
            </figcaption>
          </figure>
        ))}
        {review.signatureSvg && (
          <figure className="fr-col-12 fr-col-md-4">
            <img
              className="recueil-signature"
              src={`data:image/svg+xml;base64,${btoa(review.signatureSvg)}`}
              alt="Signature du demandeur"
            />
            <figcaption>Signature</figcaption>
          </figure>
        )}
      </div>
      {draft.fingerprints.slots
        .filter((s) => s.status === 'missing' || s.status === 'unusable')
        .map((s) => (
          <p key={s.finger}>
            {fingerNamesFr[s.finger]} : {s.status === 'missing' ? 'doigt absent' : 'doigt inutilisable'}
          </p>
        ))}
      {draft.missing.length > 0 && (
        <Alert
          severity="warning"
          title="Dossier incomplet"
          description={`À compléter : ${draft.missing.join(', ')}.`}
        />
      )}
      {error && <Alert className="fr-my-2w" severity="error" small description={error} />}
      <Button className="fr-mt-2w" size="large" disabled={busy || draft.missing.length > 0} onClick={submit}>
        {busy ? 'Chiffrement et mise en file…' : 'Envoyer le dossier'}
      </Button>
    </section>
  );
}

export function ReceiptView({ receipt, onNext }: { receipt: ApplicationReceipt; onNext: () => void }) {
  return (
    <section aria-labelledby="recepisse-titre" className="recueil-receipt">
      <h1 id="recepisse-titre">Récépissé de dépôt de demande</h1>
      <p>
        <strong>{titleNames[receipt.titleType]}</strong>
      </p>
      <dl className="recueil-summary">
        <dt>Numéro de dossier</dt>
        <dd data-testid="dossier-number">{receipt.dossierNumber}</dd>
        <dt>Déposé le</dt>
        <dd>{new Date(receipt.submittedAt).toLocaleString('fr-FR')}</dd>
        <dt>Mairie</dt>
        <dd>
          {receipt.townHall.name} ({receipt.townHall.inseeCode})
        </dd>
      </dl>
      <p>Conservez ce récépissé : le numéro de dossier vous sera demandé pour le suivi de votre demande.</p>
      <div className="fr-btns-group fr-btns-group--inline-md recueil-no-print">
        <Button size="large" onClick={() => window.print()}>
          Imprimer le récépissé
        </Button>
        <Button size="large" priority="secondary" onClick={onNext}>
          Nouvelle demande
        </Button>
      </div>
    </section>
  );
}
