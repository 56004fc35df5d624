/** Entry of the France Identité certification flow. The flow itself lands with the workflows issue. */
import { Notice } from '@codegouvfr/react-dsfr/Notice';

export function CertificationPage() {
  return (
    <>
      <h1>Certification France Identité</h1>
      <Notice title="La certification (lecture de la carte et comparaison des empreintes) n’est pas encore disponible sur cette version du poste." />
    </>
  );
}
