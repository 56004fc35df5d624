/**
 * Reading what the counter services answered (status code and body text, outside data) into the
 * typed answers of sync/protocol/counter-services.ts, or a CounterServiceError with its French
 * message: a 5xx is `server-error`, another non-200 `refused`, a body that is not JSON or not of
 * the expected shape `protocol`. Pure, so that it is fuzzed without a network (answers.test.ts).
 */
import { z } from 'zod';
import { type RdvApplicationStatus, RdvStatusAnswer, TaxStampAnswer } from '../protocol/counter-services';
import { type CounterService, CounterServiceError, failureMessage } from './errors';

/** An answer as it came off the wire. */
export interface RawAnswer {
  status: number;
  text: string;
}

/** The body as JSON (an empty body is `{}`), or undefined when it is not JSON. */
function bodyOf(text: string): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The answer of a 200 in the shape of `schema`; every other answer as a CounterServiceError. */
export function readAnswer<T>(service: CounterService, answer: RawAnswer, schema: z.ZodType<T>): T {
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
      `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`,
    );
  const result = schema.safeParse(bodyOf(answer.text));
  if (!result.success)
    throw new CounterServiceError(
      service,
      'protocol',
      failureMessage(service, 'protocol'),
      result.error.message,
    );
  return result.data;
}

/** The status of application id `id` in the platform's answer (an answer without it is a protocol failure). */
export function readRdvStatus(id: string, answer: RawAnswer): RdvApplicationStatus {
  const status = readAnswer('appointments', answer, RdvStatusAnswer)[id];
  if (!status)
    throw new CounterServiceError(
      'appointments',
      'protocol',
      failureMessage('appointments', 'protocol'),
      `no entry for ${id}`,
    );
  return status;
}

/** A declaration: accepted or not (400: the platform refused this appointment). */
export function readDeclared(answer: RawAnswer): boolean {
  if (answer.status === 400) return false;
  return readAnswer('appointments', answer, z.object({ success: z.boolean() })).success;
}

/** A stamp consumed now, or (409/404 with the stamp's state) already consumed, cancelled or unknown. */
export function readStampConsumption(answer: RawAnswer): { consumed: boolean; stamp: TaxStampAnswer } {
  if (answer.status === 409 || answer.status === 404) {
    const stamp = TaxStampAnswer.safeParse((bodyOf(answer.text) as { stamp?: unknown } | null)?.stamp);
    if (stamp.success) return { consumed: false, stamp: stamp.data };
  }
  return { consumed: true, stamp: readAnswer('tax-stamp', answer, TaxStampAnswer) };
}
