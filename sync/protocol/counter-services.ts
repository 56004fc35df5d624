/**
 * The counter services' wire, shared by the station's clients (sync/counter) and the reference
 * central (central/server/counter-routes.ts), over the same mutual-TLS link as the dossiers:
 *
 *   GET  /v1/pre-applications/<number>        200 PreApplicationAnswer (state valid|expired|used|unknown)
 *   POST /v1/pre-applications/<number>/consume 200 PreApplicationAnswer: filed at submit (state used,
 *        the appointment platform then reports the application id consumed)
 *   GET  /v1/tax-stamps/<number>              200 TaxStampAnswer (state valid|consumed|cancelled|unknown)
 *   POST /v1/tax-stamps/<number>/consume      200 TaxStampAnswer | 409 { error: "stamp-consumed" }
 *
 * and the appointment platform's anti-duplicate interface as betagouv/rdv-service-public documents
 * and calls it (docs/interconnexions/ants.md, AntsApi), mounted under /ants/api:
 *
 *   GET    /ants/api/status?application_ids=A&application_ids=B
 *          200 { "<id>": { status, appointments: [{ meeting_point, meeting_point_id, appointment_date,
 *          management_url, editor_comment }] } }
 *   POST   /ants/api/appointments?application_id&meeting_point&meeting_point_id&appointment_date&management_url
 *          200 { success: true } (one appointment per application id and management_url)
 *   DELETE /ants/api/appointments?application_id&meeting_point&meeting_point_id&appointment_date
 *          200 { rowcount: n }
 *   every call needs the header `x-rdv-opt-auth-token`; a missing or wrong one is
 *   401 { detail: "X-RDV-OPT-AUTH-TOKEN header invalid" }.
 */
import { z } from 'zod';
import { ApplicationReason } from '../../common/domain/application-reason';

export { ApplicationReason };

export const PRE_APPLICATIONS_PATH = '/v1/pre-applications';
export const TAX_STAMPS_PATH = '/v1/tax-stamps';
export const preApplicationPath = (number: string) =>
  `${PRE_APPLICATIONS_PATH}/${encodeURIComponent(number)}`;
export const taxStampPath = (number: string) => `${TAX_STAMPS_PATH}/${encodeURIComponent(number)}`;

export const RDV_API_PREFIX = '/ants/api';
export const RDV_STATUS_PATH = `${RDV_API_PREFIX}/status`;
export const RDV_APPOINTMENTS_PATH = `${RDV_API_PREFIX}/appointments`;
export const RDV_AUTH_HEADER = 'x-rdv-opt-auth-token';
/** The token both sides use when their configuration names none (simulation only). */
export const RDV_DEMO_AUTH_TOKEN = 'recueil-simulation-rdv-token';

/**
 * Application ids the simulated platform answers in a fixed way, whatever its database holds (the
 * public documentation lists none we could read, so these are the project's own, each with a valid
 * check character): a duplicate held in two other town halls, a consumed one, an expired one, one
 * answered 500 and one never answered (the station's timeout).
 */
export const RDV_TEST_IDS = {
  duplicate: 'DUPL1CATEW',
  consumed: 'C0NSUMED0D',
  expired: 'EXP1RED002',
  serverError: 'ERR0R5000N',
  timeout: 'T1ME0UT00L',
} as const;

export const TitleKind = z.enum(['passport', 'id-card']);

export const PreApplicationIdentity = z.object({
  surname: z.string(),
  givenNames: z.string(),
  birthDate: z.iso.date(),
  sex: z.enum(['F', 'M', 'X']),
  birthPlace: z.string().optional(),
});

export const PreApplicationAnswer = z.object({
  number: z.string(),
  state: z.enum(['valid', 'expired', 'used', 'unknown']),
  createdAt: z.string().optional(),
  /** Six months after creation. */
  expiresAt: z.string().optional(),
  usedAt: z.string().optional(),
  application: z
    .object({
      titleType: TitleKind,
      reason: ApplicationReason,
      identity: PreApplicationIdentity,
      address: z.object({ line: z.string(), postcode: z.string(), city: z.string() }).optional(),
    })
    .optional(),
});
export type PreApplicationAnswer = z.infer<typeof PreApplicationAnswer>;

export const TaxStampAnswer = z.object({
  number: z.string(),
  state: z.enum(['valid', 'consumed', 'cancelled', 'unknown']),
  /** Face value in euro cents. */
  amountCents: z.number().int().min(0).optional(),
  issuedAt: z.string().optional(),
  consumedAt: z.string().optional(),
});
export type TaxStampAnswer = z.infer<typeof TaxStampAnswer>;

export const RdvStatus = z.enum(['validated', 'declared', 'consumed', 'expired', 'unknown']);
export const RdvAppointment = z.object({
  meeting_point: z.string(),
  meeting_point_id: z.string().nullish(),
  appointment_date: z.string(),
  management_url: z.string(),
  editor_comment: z.string().nullish(),
});
export type RdvAppointment = z.infer<typeof RdvAppointment>;
export const RdvApplicationStatus = z.object({
  status: RdvStatus,
  appointments: z.array(RdvAppointment),
});
export type RdvApplicationStatus = z.infer<typeof RdvApplicationStatus>;
export const RdvStatusAnswer = z.record(z.string(), RdvApplicationStatus);
