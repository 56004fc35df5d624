/**
 * The live signature as it crosses processes: new pen points from the pad, in the pad's tablet
 * units, streamed from the device host to the UI while the applicant signs. The UI draws them
 * through the tablet-to-pixel mapping of common/signature, as the renderings kept in the dossier do.
 */
import { z } from 'zod';

export const SignaturePoints = z.object({
  /** The pad's tablet extent: x runs from 0 to maxX, y from 0 to maxY (tablet units). */
  tablet: z.object({ maxX: z.number().int().positive(), maxY: z.number().int().positive() }),
  /** New pen points since the previous event, in tablet units; p = pressure 0..1. */
  points: z.array(z.object({ x: z.number(), y: z.number(), p: z.number(), down: z.boolean() })),
  /** True after a clear: the renderer wipes its drawing. */
  cleared: z.boolean().optional(),
});
export type SignaturePoints = z.infer<typeof SignaturePoints>;
