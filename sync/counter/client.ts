/**
 * The station's clients of the counter services (wire: sync/protocol/counter-services.ts), over
 * the same mutual-TLS link as the dossiers: the pre-application service, the appointment platform
 * (with its auth-token header) and the tax-stamp ledger. A number is checked (format and check
 * character) before anything is sent. Failures are CounterServiceError with a French message:
 * `offline` when no connection could be made (the caller defers the lookup), `timeout` when the
 * service accepted the connection but did not answer in time, `server-error` for a 5xx.
 */
import { readFileSync } from 'node:fs';
import { type Agent, request } from 'node:https';
import { z } from 'zod';
import {
  compactNumber,
  NUMBER_PROBLEM_MESSAGES,
  preApplicationProblem,
  taxStampProblem,
} from '../../common/domain/counter-numbers';
import { createTlsAgent } from '../client';
import { classifyNetworkError } from '../client/classify';
import { boundConnection } from '../client/transport';
import { loadTlsMaterial } from '../config/material';
import { loadStationFile, type StationSyncConfig } from '../config/station-file';
import {
  PreApplicationAnswer,
  preApplicationPath,
  RDV_APPOINTMENTS_PATH,
  RDV_AUTH_HEADER,
  RDV_DEMO_AUTH_TOKEN,
  RDV_STATUS_PATH,
  type RdvApplicationStatus,
  type RdvAppointment,
  RdvStatusAnswer,
  TaxStampAnswer,
  taxStampPath,
} from '../protocol/counter-services';
import { centralBaseUrl } from '../sender/central-url';

export type CounterService = 'pre-application' | 'appointments' | 'tax-stamp';
export type CounterFailure =
  | 'format'
  | 'check'
  | 'offline'
  | 'timeout'
  | 'server-error'
  | 'refused'
  | 'protocol';

const SERVICE_NAMES: Record<CounterService, string> = {
  'pre-application': 'Le service des pré-demandes',
  appointments: 'La plateforme de rendez-vous',
  'tax-stamp': 'Le service du timbre fiscal',
};

export class CounterServiceError extends Error {
  constructor(
    readonly service: CounterService,
    readonly failure: CounterFailure,
    readonly messageFr: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'CounterServiceError';
  }

  /** No connection at all: the lookup is deferred (typed entry flagged, retried at sync). */
  get offline(): boolean {
    return this.failure === 'offline';
  }
}

function failureMessage(service: CounterService, failure: CounterFailure, status?: number): string {
  const who = SERVICE_NAMES[service];
  switch (failure) {
    case 'offline':
      return `${who} est injoignable (pas de connexion au système central) : la saisie est conservée et la vérification sera refaite à la prochaine synchronisation.`;
    case 'timeout':
      return `${who} ne répond pas : vérification impossible pour l’instant. Réessayez dans quelques minutes ; la saisie est conservée.`;
    case 'server-error':
      return `${who} est en erreur (HTTP ${status ?? 500}) : vérification impossible pour l’instant. Réessayez plus tard ; la saisie est conservée.`;
    case 'refused':
      return `${who} a refusé la demande du poste (HTTP ${status ?? 400}). Contactez l’assistance.`;
    default:
      return `${who} a répondu de façon inattendue. Contactez l’assistance si cela persiste.`;
  }
}

const CounterSection = z.looseObject({
  counter: z
    .looseObject({ rdvAuthToken: z.string().min(8).optional(), lookupTimeoutMs: z.number().int().optional() })
    .optional(),
});

export interface CounterLink {
  baseUrl: string;
  agent: Agent;
  rdvAuthToken: string;
  timeoutMs: number;
  stationId: string;
  dataDir: string;
  close(): void;
}

export const DEFAULT_LOOKUP_TIMEOUT_MS = 8000;

/** Opens the link from a station.json (its `central` section, and `counter.rdvAuthToken`). */
export async function openCounterLink(
  source: string | StationSyncConfig,
  options: { timeoutMs?: number; rdvAuthToken?: string } = {},
): Promise<CounterLink> {
  const config = typeof source === 'string' ? loadStationFile(source) : source;
  let counter: z.infer<typeof CounterSection>['counter'];
  try {
    counter = CounterSection.parse(JSON.parse(readFileSync(config.source, 'utf8'))).counter;
  } catch {
    counter = undefined;
  }
  const tls = await loadTlsMaterial(config.settings);
  const agent = createTlsAgent(tls, { keepAlive: true, maxSockets: 2 });
  return {
    baseUrl: centralBaseUrl(config.settings),
    agent,
    rdvAuthToken: options.rdvAuthToken ?? counter?.rdvAuthToken ?? RDV_DEMO_AUTH_TOKEN,
    timeoutMs: options.timeoutMs ?? counter?.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS,
    stationId: config.stationId,
    dataDir: config.dataDir,
    close: () => agent.destroy(),
  };
}

interface Answer {
  status: number;
  body: unknown;
}

/** One request; the connection phase is bounded (offline), then the answer within `timeoutMs` (timeout). */
function call(
  link: CounterLink,
  service: CounterService,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let connected = false;
    const req = request(
      link.baseUrl + path,
      { method, agent: link.agent, headers: { accept: 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : {};
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', (error) => fail(error));
      },
    );
    const fail = (error: unknown) => {
      clearTimeout(timer);
      const code = (error as { code?: string }).code;
      if (code === 'ECOUNTERTIMEOUT')
        reject(
          new CounterServiceError(service, 'timeout', failureMessage(service, 'timeout'), String(error)),
        );
      else {
        const failure = classifyNetworkError(error, { sentBytes: connected });
        const offline = !connected || failure.reason === 'central-unreachable';
        const kind = offline ? 'offline' : 'timeout';
        reject(new CounterServiceError(service, kind, failureMessage(service, kind), failure.message));
      }
    };
    req.on('socket', (socket) => {
      if (!(socket as { connecting?: boolean }).connecting) connected = true;
      else socket.once('secureConnect', () => (connected = true));
    });
    boundConnection(req);
    const timer = setTimeout(
      () =>
        req.destroy(
          Object.assign(new Error(`no answer within ${link.timeoutMs} ms`), {
            code: connected ? 'ECOUNTERTIMEOUT' : 'ETIMEDOUT',
          }),
        ),
      link.timeoutMs,
    );
    req.on('error', fail);
    req.end();
  });
}

function parsed<T>(service: CounterService, answer: Answer, schema: z.ZodType<T>): T {
  if (answer.status >= 500)
    throw new CounterServiceError(
      service,
      'server-error',
      failureMessage(service, 'server-error', answer.status),
      `HTTP ${answer.status}`,
    );
  if (answer.status !== 200)
    throw new CounterServiceError(
      service,
      'refused',
      failureMessage(service, 'refused', answer.status),
      `HTTP ${answer.status}: ${JSON.stringify(answer.body)}`,
    );
  const result = schema.safeParse(answer.body);
  if (!result.success)
    throw new CounterServiceError(
      service,
      'protocol',
      failureMessage(service, 'protocol'),
      result.error.message,
    );
  return result.data;
}

/** The compacted number, or a CounterServiceError (format / check) naming what is wrong. */
export function checkedPreApplicationNumber(
  input: string,
  service: CounterService = 'pre-application',
): string {
  const number = compactNumber(input);
  const problem = preApplicationProblem(number);
  if (problem)
    throw new CounterServiceError(
      service,
      problem,
      NUMBER_PROBLEM_MESSAGES.preApplication[problem],
      `${problem}: ${input}`,
    );
  return number;
}

export function checkedTaxStampNumber(input: string): string {
  const number = compactNumber(input);
  const problem = taxStampProblem(number);
  if (problem)
    throw new CounterServiceError(
      'tax-stamp',
      problem,
      NUMBER_PROBLEM_MESSAGES.taxStamp[problem],
      `${problem}: ${input}`,
    );
  return number;
}

export async function fetchPreApplication(link: CounterLink, input: string): Promise<PreApplicationAnswer> {
  const number = checkedPreApplicationNumber(input);
  return parsed(
    'pre-application',
    await call(link, 'pre-application', 'GET', preApplicationPath(number)),
    PreApplicationAnswer,
  );
}

/** Files the pre-application at submit (it becomes used; the platform reports the id consumed). */
export async function consumePreApplication(link: CounterLink, input: string): Promise<PreApplicationAnswer> {
  const number = checkedPreApplicationNumber(input);
  return parsed(
    'pre-application',
    await call(link, 'pre-application', 'POST', `${preApplicationPath(number)}/consume`),
    PreApplicationAnswer,
  );
}

const rdvHeaders = (link: CounterLink) => ({ [RDV_AUTH_HEADER]: link.rdvAuthToken });

export async function rdvStatus(link: CounterLink, input: string): Promise<RdvApplicationStatus> {
  const id = checkedPreApplicationNumber(input, 'appointments');
  const query = new URLSearchParams({ application_ids: id });
  const answer = parsed(
    'appointments',
    await call(link, 'appointments', 'GET', `${RDV_STATUS_PATH}?${query}`, rdvHeaders(link)),
    RdvStatusAnswer,
  );
  const status = answer[id];
  if (!status)
    throw new CounterServiceError(
      'appointments',
      'protocol',
      failureMessage('appointments', 'protocol'),
      `no entry for ${id}`,
    );
  return status;
}

export async function declareAppointment(
  link: CounterLink,
  input: string,
  appointment: Omit<RdvAppointment, 'editor_comment'>,
): Promise<boolean> {
  const id = checkedPreApplicationNumber(input, 'appointments');
  const query = new URLSearchParams({
    application_id: id,
    meeting_point: appointment.meeting_point,
    appointment_date: appointment.appointment_date,
    management_url: appointment.management_url,
    ...(appointment.meeting_point_id ? { meeting_point_id: appointment.meeting_point_id } : {}),
  });
  const answer = await call(
    link,
    'appointments',
    'POST',
    `${RDV_APPOINTMENTS_PATH}?${query}`,
    rdvHeaders(link),
  );
  if (answer.status === 400) return false;
  return parsed('appointments', answer, z.object({ success: z.boolean() })).success;
}

export async function deleteAppointment(
  link: CounterLink,
  input: string,
  appointment: { meeting_point: string; appointment_date: string; meeting_point_id?: string | null },
): Promise<number> {
  const id = checkedPreApplicationNumber(input, 'appointments');
  const query = new URLSearchParams({
    application_id: id,
    meeting_point: appointment.meeting_point,
    appointment_date: appointment.appointment_date,
    ...(appointment.meeting_point_id ? { meeting_point_id: appointment.meeting_point_id } : {}),
  });
  const answer = await call(
    link,
    'appointments',
    'DELETE',
    `${RDV_APPOINTMENTS_PATH}?${query}`,
    rdvHeaders(link),
  );
  return parsed('appointments', answer, z.object({ rowcount: z.number().int() })).rowcount;
}

export async function checkTaxStamp(link: CounterLink, input: string): Promise<TaxStampAnswer> {
  const number = checkedTaxStampNumber(input);
  return parsed('tax-stamp', await call(link, 'tax-stamp', 'GET', taxStampPath(number)), TaxStampAnswer);
}

/** Consumes the stamp at submit; an already consumed or cancelled stamp is answered with its state (consumed: false). */
export async function consumeTaxStamp(
  link: CounterLink,
  input: string,
): Promise<{ consumed: boolean; stamp: TaxStampAnswer }> {
  const number = checkedTaxStampNumber(input);
  const answer = await call(link, 'tax-stamp', 'POST', `${taxStampPath(number)}/consume`);
  if (answer.status === 409 || answer.status === 404) {
    const stamp = TaxStampAnswer.safeParse((answer.body as { stamp?: unknown } | undefined)?.stamp);
    if (stamp.success) return { consumed: false, stamp: stamp.data };
  }
  return { consumed: true, stamp: parsed('tax-stamp', answer, TaxStampAnswer) };
}
