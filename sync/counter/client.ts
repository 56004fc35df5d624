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
import { dirname, resolve } from 'node:path';
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
  TaxStampAnswer,
  taxStampPath,
} from '../protocol/counter-services';
import { centralBaseUrl } from '../sender/central-url';
import { type RawAnswer, readAnswer, readDeclared, readRdvStatus, readStampConsumption } from './answers';
import { type CounterService, CounterServiceError, failureMessage } from './errors';

const CounterSection = z.looseObject({
  counter: z
    .looseObject({
      rdvAuthToken: z.string().min(8).optional(),
      lookupTimeoutMs: z.number().int().optional(),
      ephotoProvider: z.string().min(1).optional(),
    })
    .optional(),
});

export interface CounterLink {
  baseUrl: string;
  agent: Agent;
  rdvAuthToken: string;
  timeoutMs: number;
  stationId: string;
  dataDir: string;
  /** The e-photo provider's pinned public JWK file (`counter.ephotoProvider`), absolute. */
  ephotoProviderKey?: string;
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
    ...(counter?.ephotoProvider
      ? { ephotoProviderKey: resolve(dirname(resolve(config.source)), counter.ephotoProvider) }
      : {}),
    close: () => agent.destroy(),
  };
}

/** The largest answer body a counter service may send (an e-photo record asks for more). */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

/** One request; the connection phase is bounded (offline), then the answer within `timeoutMs` (timeout). */
export function call(
  link: CounterLink,
  service: CounterService,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  headers: Record<string, string> = {},
  maxBodyBytes = DEFAULT_MAX_ANSWER_BYTES,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let connected = false;
    const req = request(
      link.baseUrl + path,
      { method, agent: link.agent, headers: { accept: 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received <= maxBodyBytes) chunks.push(chunk);
          else {
            clearTimeout(timer);
            req.destroy();
            reject(
              new CounterServiceError(
                service,
                'protocol',
                failureMessage(service, 'protocol'),
                `answer over ${maxBodyBytes} bytes`,
              ),
            );
          }
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
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
  return readAnswer(
    'pre-application',
    await call(link, 'pre-application', 'GET', preApplicationPath(number)),
    PreApplicationAnswer,
  );
}

/** Files the pre-application at submit (it becomes used; the platform reports the id consumed). */
export async function consumePreApplication(link: CounterLink, input: string): Promise<PreApplicationAnswer> {
  const number = checkedPreApplicationNumber(input);
  return readAnswer(
    'pre-application',
    await call(link, 'pre-application', 'POST', `${preApplicationPath(number)}/consume`),
    PreApplicationAnswer,
  );
}

const rdvHeaders = (link: CounterLink) => ({ [RDV_AUTH_HEADER]: link.rdvAuthToken });

export async function rdvStatus(link: CounterLink, input: string): Promise<RdvApplicationStatus> {
  const id = checkedPreApplicationNumber(input, 'appointments');
  const query = new URLSearchParams({ application_ids: id });
  return readRdvStatus(
    id,
    await call(link, 'appointments', 'GET', `${RDV_STATUS_PATH}?${query}`, rdvHeaders(link)),
  );
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
  return readDeclared(
    await call(link, 'appointments', 'POST', `${RDV_APPOINTMENTS_PATH}?${query}`, rdvHeaders(link)),
  );
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
  return readAnswer('appointments', answer, z.object({ rowcount: z.number().int() })).rowcount;
}

export async function checkTaxStamp(link: CounterLink, input: string): Promise<TaxStampAnswer> {
  const number = checkedTaxStampNumber(input);
  return readAnswer('tax-stamp', await call(link, 'tax-stamp', 'GET', taxStampPath(number)), TaxStampAnswer);
}

/** Consumes the stamp at submit; an already consumed or cancelled stamp is answered with its state (consumed: false). */
export async function consumeTaxStamp(
  link: CounterLink,
  input: string,
): Promise<{ consumed: boolean; stamp: TaxStampAnswer }> {
  const number = checkedTaxStampNumber(input);
  return readStampConsumption(await call(link, 'tax-stamp', 'POST', `${taxStampPath(number)}/consume`));
}
