/**
 * The clock exchange between station and central system, NTP-style over the mutual-TLS link:
 *
 *   GET /v1/time   200 { receivedAt, transmittedAt }: the central's wall clock (ms since the epoch,
 *                  fractional) when the request arrived and when the answer left.
 *
 * The station notes its own clock when it sends (t0) and when the answer arrives (t3); with the
 * central's t1 (receivedAt) and t2 (transmittedAt): offset = ((t1 - t0) + (t2 - t3)) / 2 (how far the
 * central's clock is ahead of the station's) and round trip = (t3 - t0) - (t2 - t1); the offset is
 * known to within half the round trip. Same station authentication as the upload routes.
 */
import { z } from 'zod';
import { API_PREFIX } from './http';

export const TIME_PATH = `${API_PREFIX}/time`;

const Millis = z.number().finite().min(0).max(1e15);
export const TimeAnswer = z.object({ receivedAt: Millis, transmittedAt: Millis });
export type TimeAnswer = z.infer<typeof TimeAnswer>;

export interface ClockSample {
  /** Central clock minus station clock (ms). */
  offsetMs: number;
  /** Network round trip without the central's own time (ms). */
  roundTripMs: number;
}

/** Offset and round trip from the four timestamps (station t0, t3; central t1, t2). */
export function clockSample(t0: number, t1: number, t2: number, t3: number): ClockSample {
  return { offsetMs: (t1 - t0 + (t2 - t3)) / 2, roundTripMs: Math.max(0, t3 - t0 - (t2 - t1)) };
}
