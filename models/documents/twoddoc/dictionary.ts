/**
 * The 2D-DOC data dictionary this station reads (ANTS, "Spécifications techniques des codes à barres
 * 2D-Doc", perimeter 01): each data identifier with its size bounds and its French label, and the
 * document types by code. Fields are parsed for the identifiers below: the common ones (01-0C) and
 * those of the proofs a town hall takes for an identity title (types 00-04: proof of address,
 * invoice, housing-tax notice, bank details, income-tax notice). Other known types are named and
 * their signature is verified, but their message is reported unparsed.
 */

export interface FieldDefinition {
  /** Fixed size when min === max; max null = unbounded (ends at GS, RS, US or the end). */
  min: number;
  max: number | null;
  label: string;
  /** How the value reads: a date as DDMMYYYY, a hex day count since 2000-01-01, or text. */
  kind?: 'date-ddmmyyyy' | 'date-hexdays';
}

const f = (
  min: number,
  max: number | null,
  label: string,
  kind?: FieldDefinition['kind'],
): FieldDefinition => (kind ? { min, max, label, kind } : { min, max, label });

export const fieldDictionary: Readonly<Record<string, FieldDefinition>> = {
  // Common to every document type.
  '01': f(0, null, 'Identifiant unique du document'),
  '02': f(0, null, 'Catégorie de document'),
  '03': f(0, null, 'Sous-catégorie de document'),
  '04': f(0, null, 'Application de composition'),
  '05': f(0, null, 'Version de l’application de composition'),
  '06': f(6, 6, 'Date de l’association entre le document et le code 2D-Doc'),
  '07': f(6, 6, 'Heure de l’association entre le document et le code 2D-Doc'),
  '08': f(4, 4, 'Date d’expiration du document', 'date-hexdays'),
  '09': f(4, 4, 'Nombre de pages du document'),
  '0A': f(9, 9, 'Éditeur du 2D-Doc'),
  '0B': f(9, 9, 'Intégrateur du 2D-Doc'),
  '0C': f(0, null, 'URL du document'),
  // Beneficiary and invoice recipient (types 00, 01, 02).
  '10': f(0, 38, 'Ligne 1 de la norme adresse postale du bénéficiaire de la prestation'),
  '11': f(0, 38, 'Qualité et/ou titre de la personne bénéficiaire de la prestation'),
  '12': f(0, 38, 'Prénom de la personne bénéficiaire de la prestation'),
  '13': f(0, 38, 'Nom de la personne bénéficiaire de la prestation'),
  '14': f(0, 38, 'Ligne 1 de la norme adresse postale du destinataire de la facture'),
  '15': f(0, 38, 'Qualité et/ou titre de la personne destinataire de la facture'),
  '16': f(0, 38, 'Prénom de la personne destinataire de la facture'),
  '17': f(0, 38, 'Nom de la personne destinataire de la facture'),
  '18': f(0, null, 'Numéro de la facture'),
  '19': f(0, null, 'Numéro de client'),
  '1A': f(0, null, 'Numéro du contrat'),
  '1B': f(0, null, 'Identifiant du souscripteur du contrat'),
  '1C': f(8, 8, 'Date d’effet du contrat', 'date-ddmmyyyy'),
  '1D': f(0, 16, 'Montant TTC de la facture'),
  '1E': f(0, 30, 'Numéro de téléphone du bénéficiaire de la prestation'),
  '1F': f(0, 30, 'Numéro de téléphone du destinataire de la facture'),
  '1G': f(1, 1, 'Présence d’un co-bénéficiaire de la prestation non mentionné dans le code'),
  '1H': f(1, 1, 'Présence d’un co-destinataire de la facture non mentionné dans le code'),
  '1I': f(0, 38, 'Ligne 1 de la norme adresse postale du co-bénéficiaire de la prestation'),
  '1J': f(0, 38, 'Qualité et/ou titre du co-bénéficiaire de la prestation'),
  '1K': f(0, 38, 'Prénom du co-bénéficiaire de la prestation'),
  '1L': f(0, 38, 'Nom du co-bénéficiaire de la prestation'),
  '1M': f(0, 38, 'Ligne 1 de la norme adresse postale du co-destinataire de la facture'),
  '1N': f(0, 38, 'Qualité et/ou titre du co-destinataire de la facture'),
  '1O': f(0, 38, 'Prénom du co-destinataire de la facture'),
  '1P': f(0, 38, 'Nom du co-destinataire de la facture'),
  // Service address and invoice recipient address.
  '20': f(0, 38, 'Ligne 2 de la norme adresse postale du point de service des prestations'),
  '21': f(0, 38, 'Ligne 3 de la norme adresse postale du point de service des prestations'),
  '22': f(0, 38, 'Ligne 4 de la norme adresse postale du point de service des prestations'),
  '23': f(0, 38, 'Ligne 5 de la norme adresse postale du point de service des prestations'),
  '24': f(5, 5, 'Code postal ou code cedex du point de service des prestations'),
  '25': f(0, 32, 'Localité de destination ou libellé cedex du point de service des prestations'),
  '26': f(2, 2, 'Pays de service des prestations'),
  '27': f(0, 38, 'Ligne 2 de la norme adresse postale du destinataire de la facture'),
  '28': f(0, 38, 'Ligne 3 de la norme adresse postale du destinataire de la facture'),
  '29': f(0, 38, 'Ligne 4 de la norme adresse postale du destinataire de la facture'),
  '2A': f(0, 38, 'Ligne 5 de la norme adresse postale du destinataire de la facture'),
  '2B': f(5, 5, 'Code postal ou code cedex du destinataire de la facture'),
  '2C': f(0, 32, 'Localité de destination ou libellé cedex du destinataire de la facture'),
  '2D': f(2, 2, 'Pays du destinataire de la facture'),
  // Bank details (type 03).
  '30': f(0, 140, 'Qualité, nom et prénom'),
  '31': f(14, 38, 'Code IBAN'),
  '32': f(8, 11, 'Code BIC/SWIFT'),
  '33': f(0, 30, 'Code BBAN'),
  '34': f(2, 2, 'Pays de localisation du compte'),
  '35': f(14, 34, 'Identifiant SEPAmail (QXBAN)'),
  '36': f(4, 4, 'Date de début de période', 'date-hexdays'),
  '37': f(4, 4, 'Date de fin de période', 'date-hexdays'),
  '38': f(0, 11, 'Solde du compte en début de période'),
  '39': f(0, 11, 'Solde du compte en fin de période'),
  // Tax notices (types 02, 04).
  '40': f(13, 13, 'Numéro fiscal'),
  '41': f(0, null, 'Revenu fiscal de référence'),
  '42': f(0, null, 'Situation du foyer'),
  '43': f(0, null, 'Nombre de parts'),
  '44': f(13, 13, 'Référence d’avis d’impôt'),
  '45': f(4, 4, 'Année des revenus'),
  '46': f(0, 38, 'Déclarant 1'),
  '47': f(13, 13, 'Numéro fiscal du déclarant 1'),
  '48': f(0, 38, 'Déclarant 2'),
  '49': f(13, 13, 'Numéro fiscal du déclarant 2'),
  '4A': f(8, 8, 'Date de mise en recouvrement', 'date-ddmmyyyy'),
  '4B': f(8, 8, 'Date de la déclaration', 'date-ddmmyyyy'),
};

/** Document types of perimeter 01 by code, with the French name the agent reads. */
export const documentTypes: Readonly<Record<string, string>> = {
  '00': 'Justificatif de domicile',
  '01': 'Facture (énergie, téléphonie, accès internet, eau)',
  '02': 'Avis de taxe d’habitation',
  '03': 'Relevé d’identité bancaire',
  '04': 'Avis d’impôt sur les revenus',
  '05': 'Relevé d’identité bancaire (SEPAmail)',
  '06': 'Bulletin de salaire',
  '07': 'Titre d’identité',
  '08': 'MRZ',
  '09': 'Facture étendue',
  '10': 'Contrat de travail',
  '11': 'Relevé de compte',
  '13': 'Document étranger',
  '14': 'Attestation DICEM',
  '15': 'Attestation de décision favorable d’une demande d’autorisation de travail',
  '18': 'Avis de situation déclarative à l’impôt sur les revenus',
  '19': 'Déclaration de dons',
  '20': 'Déclaration de cession de droits sociaux',
  '21': 'Attestation 2041-ASK',
  '24': 'Avis de situation déclarative à l’impôt sur les revenus (V2)',
  '25': 'Autorisation de travail – AES métier en tension',
  '27': 'Avis de situation déclarative à l’impôt sur les revenus (V3)',
  '28': 'Avis d’impôt sur les revenus (V2)',
  A0: 'Certificat de qualité de l’air',
  A1: 'Courrier permis à points',
  A4: 'Certificat de décès',
  A7: 'Certificat de qualité de l’air (V2)',
  A8: 'Certificat de cession électronique',
  AA: 'Arrêté permis de conduire',
  AB: 'Relevé d’information permis de conduire',
  AD: 'Certificat de réussite à l’examen du permis de conduire',
  AE: 'Certificat de décès (V2)',
  B0: 'Diplôme',
  B1: 'Attestation de versement de la contribution à la vie étudiante',
};

/** The types whose message this station splits into fields (the proofs of address and resources). */
export const parsedDocumentTypes: ReadonlySet<string> = new Set(['00', '01', '02', '03', '04']);
