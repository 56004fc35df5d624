/**
 * The counter services' HTTP routes on the central's mutual-TLS server (the wire is in
 * sync/protocol/counter-services.ts): the simulated pre-application service, the tax-stamp ledger,
 * and a faithful simulation of the appointment platform's anti-duplicate interface (its paths,
 * query parameters, `x-rdv-opt-auth-token` header and answers, as betagouv/rdv-service-public calls
 * it), with the project's fixed test application ids: one answers 500, one never answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { compactNumber, preApplicationProblem, taxStampProblem } from '../../common/domain/counter-numbers';
import {
  PRE_APPLICATIONS_PATH,
  RDV_APPOINTMENTS_PATH,
  RDV_AUTH_HEADER,
  RDV_STATUS_PATH,
  RDV_TEST_IDS,
  type RdvApplicationStatus,
  TAX_STAMPS_PATH,
} from '../../sync/protocol/counter-services';
import type { CounterServicesStore } from '../store/counter-services';
import { CentralError } from './errors';
import { peerStation } from './identity';

export interface CounterRouteOptions {
  counter: () => CounterServicesStore;
  rdvAuthToken: string;
  /** How long the timeout test id keeps the request waiting (the station gives up first). */
  hangMs?: number;
}

const numberParam = (params: unknown, problem: (n: string) => string | undefined, what: string) => {
  const number = compactNumber((params as { number?: string }).number ?? '');
  if (problem(number)) throw new CentralError(400, 'bad-request', `malformed ${what} number`, false);
  return number;
};

/** Query values as the platform takes them: repeated keys (`a=1&a=2`) or one value. */
function queryValues(query: unknown, key: string): string[] {
  const value = (query as Record<string, unknown>)[key];
  if (Array.isArray(value)) return value.map(String);
  return value === undefined ? [] : [String(value)];
}

const queryValue = (query: unknown, key: string) => queryValues(query, key)[0];

export function registerCounterRoutes(app: FastifyInstance, options: CounterRouteOptions): void {
  const hangMs = options.hangMs ?? 120_000;
  const pre = (params: unknown) => numberParam(params, preApplicationProblem, 'pre-application');
  const stamp = (params: unknown) => numberParam(params, taxStampProblem, 'tax-stamp');

  app.get(`${PRE_APPLICATIONS_PATH}/:number`, async (request) =>
    options.counter().preApplication(pre(request.params)),
  );
  app.post(`${PRE_APPLICATIONS_PATH}/:number/consume`, async (request) => {
    const answer = options.counter().consumePreApplication(pre(request.params));
    if (answer.state === 'unknown')
      throw new CentralError(404, 'upload-not-found', 'no pre-application with this number', false);
    return answer;
  });
  app.get(`${TAX_STAMPS_PATH}/:number`, async (request) => options.counter().taxStamp(stamp(request.params)));
  app.post(`${TAX_STAMPS_PATH}/:number/consume`, async (request, reply) => {
    const { consumed, stamp: answer } = options
      .counter()
      .consumeTaxStamp(stamp(request.params), peerStation(request.raw) ?? 'unknown');
    if (!consumed && answer.state !== 'unknown')
      return reply
        .code(409)
        .send({ error: 'stamp-consumed', message: `stamp is ${answer.state}`, stamp: answer });
    if (!consumed)
      return reply.code(404).send({ error: 'upload-not-found', message: 'unknown stamp', stamp: answer });
    return answer;
  });

  // The appointment platform: authenticated by its token header, on top of the station's certificate.
  const authorized = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (request.headers[RDV_AUTH_HEADER] === options.rdvAuthToken) return true;
    void reply.code(401).send({ detail: 'X-RDV-OPT-AUTH-TOKEN header invalid' });
    return false;
  };

  app.get(RDV_STATUS_PATH, async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const ids = queryValues(request.query, 'application_ids');
    if (ids.length === 0) return reply.code(422).send({ detail: 'application_ids is required' });
    if (ids.includes(RDV_TEST_IDS.serverError))
      return reply.code(500).send({ detail: 'Internal Server Error' });
    if (ids.includes(RDV_TEST_IDS.timeout)) {
      await new Promise((resolve) => setTimeout(resolve, hangMs).unref());
      return reply.code(504).send({ detail: 'timeout' });
    }
    const answer: Record<string, RdvApplicationStatus> = {};
    for (const id of ids) answer[id] = options.counter().rdvStatus(id);
    return answer;
  });

  app.post(RDV_APPOINTMENTS_PATH, async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const q = request.query;
    const [applicationId, meetingPoint, date, url] = [
      queryValue(q, 'application_id'),
      queryValue(q, 'meeting_point'),
      queryValue(q, 'appointment_date'),
      queryValue(q, 'management_url'),
    ];
    if (!applicationId || !meetingPoint || !date || !url)
      return reply.code(422).send({
        detail: 'application_id, meeting_point, appointment_date and management_url are required',
      });
    const meetingPointId = queryValue(q, 'meeting_point_id');
    const success = options.counter().declareAppointment(applicationId, {
      meeting_point: meetingPoint,
      meeting_point_id: meetingPointId ?? null,
      appointment_date: date,
      management_url: url,
      editor_comment: queryValue(q, 'editor_comment') ?? null,
    });
    return success
      ? { success: true }
      : reply.code(400).send({ success: false, detail: 'application id cannot take appointments' });
  });

  app.delete(RDV_APPOINTMENTS_PATH, async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const q = request.query;
    const [applicationId, meetingPoint, date] = [
      queryValue(q, 'application_id'),
      queryValue(q, 'meeting_point'),
      queryValue(q, 'appointment_date'),
    ];
    if (!applicationId || !meetingPoint || !date)
      return reply
        .code(422)
        .send({ detail: 'application_id, meeting_point and appointment_date are required' });
    return { rowcount: options.counter().deleteAppointment(applicationId, meetingPoint, date) };
  });
}
