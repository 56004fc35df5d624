/**
 * The capture quality thresholds (portrait pose and size, fingerprint quality and attempts): one
 * schema for station.json's `thresholds` and the signed configuration's (config-document.ts).
 */
import { z } from 'zod';

export const Thresholds = z
  .object({
    portrait: z
      .object({
        minInterEyePx: z.number().int().positive().default(300),
        maxRollDeg: z.number().positive().max(45).default(8),
        // the face mesh's pose has a few degrees of error of its own (models/face/README.md)
        maxYawDeg: z.number().positive().max(45).default(8),
        maxPitchDeg: z.number().positive().max(45).default(10),
      })
      .strict()
      .prefault({}),
    fingerprint: z
      .object({
        minQuality: z.number().int().min(0).max(100).default(40),
        maxAttempts: z.number().int().min(1).max(10).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type Thresholds = z.output<typeof Thresholds>;
