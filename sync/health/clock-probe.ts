/**
 * The station's clock against the central system's, measured NTP-style over the mutual-TLS link
 * (wire: sync/protocol/time.ts): a few `GET /v1/time` exchanges on one kept-alive connection, and
 * the sample with the shortest round trip kept (its offset is the tightest, within half that round
 * trip: NTP's clock filter). An unreachable central or a refusal is a result, never a throw.
 */

import { createTlsAgent, requestRaw } from '../client/transport';
import type { TlsMaterial } from '../config/material';
import { type ClockSample, clockSample, TIME_PATH, TimeAnswer } from '../protocol/time';

export type ClockMeasurement =
  | ({ kind: 'measured'; samples: number } & ClockSample)
  /** No connection, or no answer in time. */
  | { kind: 'unreachable'; detail: string }
  /** The central answered but refused the station or sent something unusable. */
  | { kind: 'refused'; status: number; error?: string; detail: string };

export interface ClockProbeOptions {
  /** The station's clock, ms since the epoch (default: the wall clock, sub-millisecond). */
  now?: () => number;
  samples?: number;
  timeoutMs?: number;
}

const wallClock = () => performance.timeOrigin + performance.now();

function errorCodeOf(body: string): string | undefined {
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    return typeof error === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
}

export async function measureClock(
  tls: TlsMaterial,
  baseUrl: string,
  options: ClockProbeOptions = {},
): Promise<ClockMeasurement> {
  const now = options.now ?? wallClock;
  const count = options.samples ?? 4;
  const agent = createTlsAgent(tls, { keepAlive: true, maxSockets: 1 });
  let best: ClockSample | undefined;
  let taken = 0;
  try {
    for (let i = 0; i < count; i++) {
      const t0 = now();
      const answer = await requestRaw(agent, 'GET', baseUrl + TIME_PATH, {
        timeoutMs: options.timeoutMs ?? 5000,
      });
      const t3 = now();
      if (answer.status !== 200) {
        const error = errorCodeOf(answer.body);
        return {
          kind: 'refused',
          status: answer.status,
          ...(error ? { error } : {}),
          detail: `HTTP ${answer.status}${error ? ` ${error}` : ''}`,
        };
      }
      let parsed: ReturnType<typeof TimeAnswer.safeParse>;
      try {
        parsed = TimeAnswer.safeParse(JSON.parse(answer.body));
      } catch {
        parsed = TimeAnswer.safeParse(undefined);
      }
      if (!parsed.success) return { kind: 'refused', status: 200, detail: 'unusable time answer' };
      const sample = clockSample(t0, parsed.data.receivedAt, parsed.data.transmittedAt, t3);
      taken++;
      if (!best || sample.roundTripMs < best.roundTripMs) best = sample;
    }
  } catch (error) {
    if (best) return { kind: 'measured', samples: taken, ...best };
    return { kind: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    agent.destroy();
  }
  if (!best) return { kind: 'unreachable', detail: 'no sample' };
  return { kind: 'measured', samples: taken, ...best };
}
