/**
 * Station enrollment (docs/enrollment.md): what the CLI and the station core call.
 *   recueil enroll --central URL --code CODE       enrollStation
 *   recueil enroll renew / enroll status           renewCertificate / stationEnrollmentStatus
 */
import { loadStationFile } from '../config/station-file';
import { readJsonIfExists } from './station/files';
import { type EnrollmentStatus, enrollmentStatus } from './status';

export { EnrollError, type EnrollOptions, type EnrollResult, enrollStation } from './station/enroll';
export { type RenewResult, renewCertificate } from './station/renew';
export {
  DEFAULT_RENEW_WARNING_DAYS,
  type EnrollmentStatus,
  enrollmentStatus,
  evaluateEnrollment,
} from './status';

/** enrollmentStatus of a station.json (paths resolved against its folder). */
export async function stationEnrollmentStatus(
  configFile: string,
  options: { now?: Date; warningDays?: number } = {},
): Promise<EnrollmentStatus> {
  const raw = await readJsonIfExists(configFile);
  if (!raw) return { enrolled: false, reason: `Configuration du poste introuvable (${configFile}).` };
  if (!raw.central) return enrollmentStatus({}, options);
  return enrollmentStatus({ central: loadStationFile(configFile).settings }, options);
}
