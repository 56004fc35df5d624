/**
 * Incidents: every command that fails gets an incident id. The log line carries the id, the code,
 * the command and the technical detail (a host's error name and message, a system code); the agent's
 * screen gets only the code's French message and its reference (`E-QUEUE-REFUSED-7F3A2C1B`). The
 * last incidents are kept in memory for the diagnostics screen, so a technician given a reference
 * finds what happened without reading the log file.
 */
import {
  type ErrorCode,
  type ErrorPayload,
  errorCatalog,
  errorReference,
  newIncidentId,
  StationError,
  TECHNICAL_DETAIL,
  withoutTechnicalDetail,
} from '../../common/errors';
import type { Incident } from '../contract/model';
import type { Logger } from './logger';

/** Incidents kept for the diagnostics screen (the log keeps all of them). */
const KEPT_INCIDENTS = 50;

/** Failures of the station itself (logged as warnings); other codes are refusals of a request (info). */
const STATION_FAULTS: ReadonlySet<ErrorCode> = new Set([
  'HOST_UNAVAILABLE',
  'TIMEOUT',
  'DEVICE_ERROR',
  'QUEUE_REFUSED',
  'SYNC_UNAVAILABLE',
  'INVALID_IMAGE',
  'ANALYSIS_UNAVAILABLE',
]);

export class IncidentLog {
  private readonly recent: Incident[] = [];

  constructor(private readonly logger: Logger) {}

  /**
   * Logs a failure and answers the payload a screen may see: the same code and French message, the
   * incident id, no technical detail. `command` names what failed (a command, or `sync.startup`);
   * `thrown` is what the handler threw, if anything.
   */
  report(command: string, error: ErrorPayload, thrown?: unknown): ErrorPayload {
    const incident = newIncidentId();
    const technical = error.details?.[TECHNICAL_DETAIL];
    const entry: Incident = {
      incident,
      reference: errorReference({ code: error.code, incident }),
      code: error.code,
      command,
      message: error.message,
      ...(typeof technical === 'string' ? { technical } : {}),
      at: new Date().toISOString(),
    };
    const fields = {
      command,
      code: error.code,
      incident,
      ...(entry.technical ? { technical: entry.technical } : {}),
    };
    if (error.code === 'INTERNAL') {
      // An unexpected throw in the core itself: its stack is the only way to find it.
      const err = thrown !== undefined && !(thrown instanceof StationError) ? thrown : undefined;
      this.logger.error({ ...fields, ...(err ? { err } : {}) }, 'command failed');
    } else if (STATION_FAULTS.has(error.code)) {
      this.logger.warn(fields, 'command failed');
    } else {
      this.logger.info(fields, 'command refused');
    }
    // Instructions to the agent (a finger to place) are not incidents worth a technician's look.
    if (!errorCatalog[error.code].instruction) {
      this.recent.push(entry);
      if (this.recent.length > KEPT_INCIDENTS) this.recent.shift();
    }
    return { ...withoutTechnicalDetail(error), incident };
  }

  /** The last incidents, newest first. */
  list(): Incident[] {
    return [...this.recent].reverse();
  }
}
