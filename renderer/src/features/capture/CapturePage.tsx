/** Entry of the application-capture flow (passport / ID card). The flow itself lands with the workflows issue. */
import { Notice } from '@codegouvfr/react-dsfr/Notice';

export function CapturePage() {
  return (
    <>
      <h1>Demande de titre</h1>
      <Notice title="Le parcours de recueil (photo, empreintes, signature) n’est pas encore disponible sur cette version du poste." />
    </>
  );
}
