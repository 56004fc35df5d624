/**
 * Lossless JSON of a captured signature: every pen point as the pad gave it (tablet units, device
 * ms, pressure, contact), the pad's capabilities, timing source and stream health, under a
 * versioned format id. Parsing validates the shape so a stored file cannot inject garbage.
 */
import { z } from 'zod';
import type { PenPoint, SignatureCapabilities, SignatureCaptureStats } from '../../../core/capabilities';
import { FrameError } from '../../../core/errors';

export const rawSignatureFormat = 'recueil.signature.raw/1';

const int = z.number().int();
const RawSignature = z.object({
  format: z.literal(rawSignatureFormat),
  device: z
    .object({ model: z.string(), serialNumber: z.string().optional(), firmware: z.string().optional() })
    .optional(),
  capabilities: z.object({
    tabletMaxX: int.positive(),
    tabletMaxY: int.positive(),
    maxPressure: int.positive(),
    screenWidth: int.positive(),
    screenHeight: int.positive(),
    resolutionPpi: int.positive().optional(),
  }),
  timing: z.enum(['device', 'host']),
  stats: z
    .object({ points: int, reportsReceived: int, reportsDropped: int, gaps: int, malformedReports: int })
    .optional(),
  /** [x, y, pressure, inContact 0/1, t] per point: compact and lossless. */
  points: z
    .array(
      z.tuple([
        int.nonnegative(),
        int.nonnegative(),
        int.nonnegative(),
        z.union([z.literal(0), z.literal(1)]),
        z.number().nonnegative(),
      ]),
    )
    .max(1_000_000),
});
export type RawSignature = z.infer<typeof RawSignature>;

export interface RawSignatureInput {
  points: readonly PenPoint[];
  capabilities: SignatureCapabilities;
  timing: 'device' | 'host';
  device?: { model: string; serialNumber?: string; firmware?: string };
  stats?: SignatureCaptureStats;
}

export function toRawJson(input: RawSignatureInput): string {
  const doc: RawSignature = {
    format: rawSignatureFormat,
    ...(input.device ? { device: input.device } : {}),
    capabilities: input.capabilities,
    timing: input.timing,
    ...(input.stats ? { stats: input.stats } : {}),
    points: input.points.map((p) => [p.x, p.y, p.pressure, p.inContact ? 1 : 0, p.t]),
  };
  return JSON.stringify(doc);
}

export function parseRawJson(text: string): RawSignatureInput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FrameError('UNEXPECTED', `raw signature: not JSON (${(error as Error).message})`);
  }
  const parsed = RawSignature.safeParse(data);
  if (!parsed.success)
    throw new FrameError('UNEXPECTED', `raw signature: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const doc = parsed.data;
  return {
    capabilities: doc.capabilities,
    timing: doc.timing,
    ...(doc.device ? { device: doc.device } : {}),
    ...(doc.stats ? { stats: doc.stats } : {}),
    points: doc.points.map(([x, y, pressure, c, t]) => ({ x, y, pressure, inContact: c === 1, t })),
  };
}
