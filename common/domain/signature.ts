/**
 * The live signature as it crosses processes: new pen points from the pad, in pad pixels, streamed
 * from the device host to the UI while the applicant signs.
 */
import { z } from 'zod';

export const SignaturePoints = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** New pen points since the previous event, in pad pixels; p = pressure 0..1. */
  points: z.array(z.object({ x: z.number(), y: z.number(), p: z.number(), down: z.boolean() })),
  /** True after a clear: the renderer wipes its drawing. */
  cleared: z.boolean().optional(),
});
export type SignaturePoints = z.infer<typeof SignaturePoints>;
