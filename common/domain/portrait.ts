/**
 * The ICAO portrait check as it crosses processes: the frame to analyse and the criterion-by-criterion
 * verdict with one French instruction for the applicant.
 */
import { z } from 'zod';

const Point = z.object({ x: z.number(), y: z.number() });

export const PortraitAnalysisRequest = z
  .object({
    /** The frame as JPEG, base64. */
    jpegBase64: z.string().min(4).max(12_000_000),
    /** live: a downscaled preview frame; final: the captured still at full resolution. */
    mode: z.enum(['live', 'final']),
    /** The 3:4 region of the frame that becomes the portrait (frame pixels). */
    frame: z
      .object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() })
      .optional(),
    /** Full-resolution pixels per analysed pixel (live previews). */
    pixelScale: z.number().positive().max(20).optional(),
  })
  .strict();

export const PortraitAnalysis = z.object({
  compliant: z.boolean(),
  criteria: z.array(
    z.object({
      id: z.string(),
      value: z.number().nullable(),
      threshold: z.object({ min: z.number().optional(), max: z.number().optional() }),
      status: z.enum(['ok', 'nok', 'not_assessed']),
    }),
  ),
  face: z
    .object({
      box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
      eyes: z.object({ right: Point, left: Point }),
      ied: z.number(),
      rollDeg: z.number(),
    })
    .nullable(),
  /** One French instruction for the applicant (or "ready"). */
  guidance: z.object({ code: z.string(), message: z.string() }),
  ms: z.number(),
});
export type PortraitAnalysis = z.infer<typeof PortraitAnalysis>;
