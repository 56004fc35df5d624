/**
 * Progress of a long operation (sync, chip read...), as hosts report it and the UI shows it.
 */
import { z } from 'zod';

export const Progress = z.object({
  operation: z.string(),
  done: z.number().min(0),
  total: z.number().min(0),
  label: z.string(),
});
export type Progress = z.infer<typeof Progress>;
