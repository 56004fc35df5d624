/**
 * The application-capture flow (passport / ID card). This version has the portrait step with live
 * guidance and the criterion-by-criterion verdict; fingerprints, signature, review and submission
 * join the flow with the workflows issue.
 */
import { Notice } from '@codegouvfr/react-dsfr/Notice';
import { PortraitStep } from './PortraitStep';

export function CapturePage() {
  return (
    <>
      <h1>Demande de titre</h1>
      <Notice
        className="fr-mb-3w"
        title="Cette version du poste propose l’étape photo ; les empreintes, la signature et l’envoi du dossier suivront."
      />
      <PortraitStep />
    </>
  );
}
