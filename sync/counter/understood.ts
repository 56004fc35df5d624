/**
 * What the station makes of the counter services' answers, in words for the agent: whether a
 * pre-application can be used (valid) or not (expired, already used, unknown), whether the
 * application id holds appointments elsewhere (the anti-duplicate check), and whether a tax stamp
 * can pay for this title (valid, not consumed or cancelled, the right amount for the title type,
 * the reason and the applicant's age: common/domain/title-fees.ts, at the rates of the signed
 * configuration in force, sync/configuration, or the built-in ones).
 */
import {
  expectedStampCents,
  type FeeReason,
  type FeeTitle,
  formatEuros,
  TITLE_FEE_RATES,
  type TitleFeeRates,
} from '../../common/domain/title-fees';
import type {
  PreApplicationAnswer,
  RdvApplicationStatus,
  TaxStampAnswer,
} from '../protocol/counter-services';

const dateFr = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
};

export interface Understood {
  /** True when the check lets the application go on. */
  usable: boolean;
  message: string;
}

export function understandPreApplication(answer: PreApplicationAnswer): Understood {
  switch (answer.state) {
    case 'valid':
      return {
        usable: true,
        message: `Pré-demande ${answer.number} valide${answer.expiresAt ? ` jusqu’au ${dateFr(answer.expiresAt)}` : ''} : vérifiez les informations avec les pièces présentées.`,
      };
    case 'expired':
      return {
        usable: false,
        message: `Pré-demande ${answer.number} expirée${answer.expiresAt ? ` depuis le ${dateFr(answer.expiresAt)}` : ''} (validité 6 mois) : l’usager doit en faire une nouvelle, ou saisissez la demande au guichet.`,
      };
    case 'used':
      return {
        usable: false,
        message: `Pré-demande ${answer.number} déjà utilisée${answer.usedAt ? ` le ${dateFr(answer.usedAt)}` : ''} : une demande a déjà été déposée avec ce numéro.`,
      };
    default:
      return {
        usable: false,
        message: `Pré-demande ${answer.number} inconnue : vérifiez le numéro sur le récapitulatif de l’usager.`,
      };
  }
}

export interface UnderstoodAppointments extends Understood {
  /** Appointments the same application id holds in other places. */
  elsewhere: { place: string; date: string; managementUrl: string }[];
}

/**
 * `here` names this town hall's meeting point (its own appointment is not a duplicate); without
 * it, every appointment counts as held elsewhere.
 */
export function understandAppointments(
  applicationId: string,
  status: RdvApplicationStatus,
  here?: string,
): UnderstoodAppointments {
  const elsewhere = status.appointments
    .filter((a) => a.meeting_point !== here)
    .map((a) => ({ place: a.meeting_point, date: a.appointment_date, managementUrl: a.management_url }));
  if (status.status === 'consumed')
    return {
      usable: false,
      elsewhere,
      message: `La demande ${applicationId} a déjà été déposée (statut « consommé ») : pas de nouveau dépôt avec ce numéro.`,
    };
  if (status.status === 'expired')
    return {
      usable: false,
      elsewhere,
      message: `Le numéro ${applicationId} a expiré sur la plateforme de rendez-vous.`,
    };
  if (status.status === 'unknown')
    return {
      usable: false,
      elsewhere,
      message: `Le numéro ${applicationId} est inconnu de la plateforme de rendez-vous.`,
    };
  if (elsewhere.length === 0)
    return { usable: true, elsewhere, message: 'Aucun autre rendez-vous pris avec ce numéro.' };
  const list = elsewhere.map((a) => `${a.place} le ${dateFr(a.date)} à ${a.date.slice(11, 16)}`).join(' ; ');
  return {
    usable: true,
    elsewhere,
    message: `Attention, doublon : ce numéro a aussi ${elsewhere.length === 1 ? 'un rendez-vous' : `${elsewhere.length} rendez-vous`} ailleurs (${list}). Invitez l’usager à les annuler.`,
  };
}

export interface StampExpectation {
  title: FeeTitle;
  reason: FeeReason;
  ageYears: number;
  /** The rates in force (the signed configuration's); the built-in ones when absent. */
  rates?: TitleFeeRates;
}

export interface UnderstoodStamp extends Understood {
  expectedCents?: number;
}

export function understandTaxStamp(answer: TaxStampAnswer, expected?: StampExpectation): UnderstoodStamp {
  const amount = answer.amountCents === undefined ? '' : ` de ${formatEuros(answer.amountCents)}`;
  if (answer.state === 'unknown')
    return { usable: false, message: `Timbre fiscal ${answer.number} inconnu : vérifiez le numéro.` };
  if (answer.state === 'consumed')
    return {
      usable: false,
      message: `Timbre fiscal${amount} déjà utilisé${answer.consumedAt ? ` le ${dateFr(answer.consumedAt)}` : ''} : un timbre ne sert qu’une fois. Demandez un autre timbre.`,
    };
  if (answer.state === 'cancelled')
    return {
      usable: false,
      message: `Timbre fiscal${amount} annulé (remboursé) : il ne peut plus être utilisé.`,
    };
  if (!expected) return { usable: true, message: `Timbre fiscal${amount} valide.` };
  const cents = expectedStampCents(
    expected.title,
    expected.reason,
    expected.ageYears,
    expected.rates ?? TITLE_FEE_RATES,
  );
  if (cents === 0)
    return {
      usable: true,
      expectedCents: 0,
      message: 'Ce titre est gratuit : aucun timbre n’est nécessaire (le timbre présenté n’est pas utilisé).',
    };
  if (answer.amountCents !== cents)
    return {
      usable: false,
      expectedCents: cents,
      message: `Montant du timbre incorrect : ${formatEuros(answer.amountCents ?? 0)} présentés, ${formatEuros(cents)} attendus pour ce titre.`,
    };
  return { usable: true, expectedCents: cents, message: `Timbre fiscal${amount} valide, montant conforme.` };
}
