/**
 * Availability as every layer names it: the three states of a station minute, the fixed list of
 * cause codes (what made a minute degraded or down), a recorded minute, and the day report that
 * `recueil availability --json`, `recueil sim day --json` and the statistics screen share.
 *
 * Cause codes (fixed; docs/availability.md explains each):
 *
 * | code                          | state             | meaning                                                          |
 * | ----------------------------- | ----------------- | ---------------------------------------------------------------- |
 * | `station-not-running`         | down              | the station was not running (crash, power cut, stopped) while open |
 * | `host-crashed`                | down              | a host process (device or sync, in `host`) crashed or is restarting |
 * | `device-missing`              | down or degraded  | a device (`device`) is unplugged: down when none of its kind remains |
 * | `device-faulty`               | down or degraded  | a device (`device`) answers with an error                        |
 * | `disk-low`                    | down or degraded  | under the reserve (dossiers refused: down) or under twice it      |
 * | `station-not-enrolled`        | down              | no valid enrollment (captures refused)                           |
 * | `station-certificate-expired` | down              | the station certificate has expired (captures refused)           |
 * | `clock-drift`                 | degraded          | the clock differs from the central system's beyond the limit     |
 * | `central-unreachable`         | degraded          | the central system cannot be reached; dossiers wait in the queue  |
 * | `freeze-limit-exceeded`       | down              | no contact with the central system for longer than the freeze limit |
 */
import { z } from 'zod';

export const AvailabilityState = z.enum(['ready', 'degraded', 'down']);
export type AvailabilityState = z.infer<typeof AvailabilityState>;

export const AVAILABILITY_CAUSES = [
  'station-not-running',
  'host-crashed',
  'device-missing',
  'device-faulty',
  'disk-low',
  'station-not-enrolled',
  'station-certificate-expired',
  'clock-drift',
  'central-unreachable',
  'freeze-limit-exceeded',
] as const;
export const AvailabilityCause = z.enum(AVAILABILITY_CAUSES);
export type AvailabilityCause = z.infer<typeof AvailabilityCause>;

/** French label of each cause (screens, health messages). */
export const causeLabels: Record<AvailabilityCause, string> = {
  'station-not-running': 'Poste arrêté',
  'host-crashed': 'Processus du poste arrêté ou en redémarrage',
  'device-missing': 'Périphérique débranché',
  'device-faulty': 'Périphérique en erreur',
  'disk-low': 'Espace disque faible',
  'station-not-enrolled': 'Poste non enrôlé',
  'station-certificate-expired': 'Certificat du poste expiré',
  'clock-drift': 'Horloge du poste décalée',
  'central-unreachable': 'Système central injoignable',
  'freeze-limit-exceeded': 'Délai sans synchronisation dépassé',
};

/** One cause of a minute: its code and, for devices and hosts, which one. */
export const MinuteCause = z
  .object({
    cause: AvailabilityCause,
    device: z.string().min(1).max(64).optional(),
    host: z.enum(['device', 'sync']).optional(),
  })
  .strict();
export type MinuteCause = z.infer<typeof MinuteCause>;

/** How a minute came to be recorded. */
export const MinuteSource = z.enum([
  /** sampled by the running station */
  'observed',
  /** filled at restart: the station was not running */
  'not-running',
  /** filled after a forward clock jump with the state observed at the jump */
  'clock-jump',
]);
export type MinuteSource = z.infer<typeof MinuteSource>;

/** A recorded minute; `minute` is the epoch minute (UTC ms / 60000, floored). */
export const MinuteRecord = z
  .object({
    minute: z.number().int().min(0),
    state: AvailabilityState,
    /** The causes at the minute's own state (empty when ready). */
    causes: z.array(MinuteCause).max(32),
    source: MinuteSource,
  })
  .strict();
export type MinuteRecord = z.infer<typeof MinuteRecord>;

/** The day report (`recueil availability --json`): a contract, keys exactly as the issue writes them. */
export const AvailabilityReport = z.object({
  date: z.string(),
  minutes: z.object({ ready: z.number().int(), degraded: z.number().int(), down: z.number().int() }),
  causes: z.array(
    z.object({
      cause: AvailabilityCause,
      state: z.enum(['degraded', 'down']),
      minutes: z.number().int(),
      device: z.string().optional(),
      host: z.string().optional(),
    }),
  ),
  /** (ready + degraded) / opening minutes; 1 for a day without opening minutes. */
  availability: z.number(),
});
export type AvailabilityReport = z.infer<typeof AvailabilityReport>;
