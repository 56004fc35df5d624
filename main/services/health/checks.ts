/**
 * The health checks with remedies (issue 21): one pure function per check id
 * (common/domain/health.ts), facts and thresholds in, `{ id, status, message, remedy }` out, in
 * French for the technician. The station (diagnostics screen), `recueil health` and
 * `recueil diagnose --bundle` all gather facts and call `runHealthChecks`; nothing else decides
 * a check. Thresholds are in policy.ts; what each check means is docs/health.md.
 */
import type {
  DeviceStatus,
  FirmwareMinimum,
  HealthCheck,
  HealthCheckId,
  HealthStatus,
} from '../../../common/domain';
import type { SyncHealthFacts } from '../../../sync/health';
import type { HostStatus } from '../../contract/model';
import type { KnownAgentCard } from './agent-cards';
import { CLOCK_FAIL_FACTOR, type HealthPolicy } from './policy';

export interface HealthFacts {
  now: number;
  /** The sync side's facts; undefined when the sync host does not answer. */
  sync?: SyncHealthFacts | undefined;
  /** Agent cards the station has seen (agent-cards.ts). */
  agentCards: readonly KnownAgentCard[];
  /** The devices with their firmware; undefined when they could not be read. */
  devices?: readonly DeviceStatus[] | undefined;
  /** The host processes as their supervisors see them (the running station only). */
  hosts?: readonly HostStatus[] | undefined;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MB = 1024 * 1024;

const check = (id: HealthCheckId, status: HealthStatus, message: string, remedy: string): HealthCheck => ({
  id,
  status,
  message,
  remedy,
});

const frDate = (ms: number) => new Date(ms).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
const frNumber = (n: number, digits = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits });
const plural = (n: number, word: string) => `${frNumber(n)} ${word}${Math.abs(n) >= 2 ? 's' : ''}`;
const megabytes = (bytes: number) => `${frNumber(Math.max(0, Math.floor(bytes / MB)))} Mo`;

/** "3 j 4 h", "5 h 12 min", "1 min 30 s", "4,2 s", "12 ms". */
export function frDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY_MS) return `${Math.floor(abs / DAY_MS)} j ${Math.floor((abs % DAY_MS) / HOUR_MS)} h`;
  if (abs >= HOUR_MS) return `${Math.floor(abs / HOUR_MS)} h ${Math.floor((abs % HOUR_MS) / 60_000)} min`;
  if (abs >= 59_500) {
    const total = Math.round(abs / 1000);
    return `${Math.floor(total / 60)} min${total % 60 > 0 ? ` ${total % 60} s` : ''}`;
  }
  if (abs >= 1000) return `${frNumber(abs / 1000, 1)} s`;
  return `${frNumber(abs)} ms`;
}

const SYNC_HOST_DOWN = 'Le processus de synchronisation ne répond pas : ce contrôle n’a pas pu être fait.';
const RESTART_SYNC_HOST =
  'Redémarrez le processus de synchronisation (écran Diagnostic, « Processus du poste »), puis relancez les contrôles.';
const ENROLL =
  'Enrôlez le poste auprès du système central (« recueil enroll --central URL --code CODE », code fourni par le système central), puis relancez les contrôles.';

export function clockDriftCheck(facts: HealthFacts, policy: HealthPolicy): HealthCheck {
  const id = 'clock-drift';
  const clock = facts.sync?.clock;
  if (!clock) return check(id, 'warn', SYNC_HOST_DOWN, RESTART_SYNC_HOST);
  if (clock.kind === 'not-enrolled')
    return check(
      id,
      'warn',
      'Poste non enrôlé : l’horloge du poste ne peut pas être comparée à celle du système central.',
      ENROLL,
    );
  if (clock.kind === 'unreachable')
    return check(
      id,
      'warn',
      'Système central injoignable : l’écart d’horloge n’a pas pu être mesuré.',
      'Vérifiez la connexion réseau du poste vers le système central (câble, pare-feu, proxy), puis relancez les contrôles.',
    );
  if (clock.kind === 'refused') {
    const refusedStation = clock.error === 'station-not-enrolled' || clock.error === 'station-revoked';
    return check(
      id,
      'warn',
      refusedStation
        ? 'Le système central ne reconnaît pas ce poste (non enrôlé ou révoqué) : l’écart d’horloge n’a pas pu être mesuré.'
        : `Le système central n’a pas donné son heure (HTTP ${clock.status}) : l’écart d’horloge n’a pas pu être mesuré.`,
      refusedStation
        ? ENROLL
        : 'Relancez les contrôles dans quelques minutes ; si cela persiste, contactez l’assistance.',
    );
  }
  const offset = clock.offsetMs;
  const direction = offset > 0 ? 'en retard sur' : 'en avance sur';
  const measured = `L’horloge du poste est ${direction} celle du système central de ${frDuration(offset)} (mesure à ${frDuration(clock.roundTripMs / 2)} près)`;
  const limit = `limite ${frDuration(policy.clockDriftLimitMs)}`;
  const remedy =
    'Vérifiez la synchronisation de l’heure du poste (service de temps du système : NTP sous Linux, service de temps Windows) et son fuseau horaire, puis relancez les contrôles.';
  if (Math.abs(offset) > policy.clockDriftLimitMs * CLOCK_FAIL_FACTOR)
    return check(
      id,
      'fail',
      `${measured}, bien au-delà de la ${limit} : les certificats, les reçus et le registre de disponibilité en sont faussés.`,
      remedy,
    );
  if (Math.abs(offset) > policy.clockDriftLimitMs)
    return check(id, 'warn', `${measured}, au-delà de la ${limit} : le poste compte comme dégradé.`, remedy);
  return check(
    id,
    'ok',
    `${measured} (${limit}).`,
    'Rien à faire : gardez la synchronisation automatique de l’heure activée.',
  );
}

export function stationCertificateCheck(facts: HealthFacts, policy: HealthPolicy): HealthCheck {
  const id = 'station-certificate';
  const enrollment = facts.sync?.enrollment;
  if (!enrollment) return check(id, 'warn', SYNC_HOST_DOWN, RESTART_SYNC_HOST);
  if (!enrollment.enrolled)
    return check(
      id,
      'fail',
      enrollment.reason ?? 'Poste non enrôlé : la saisie est impossible.',
      'Ré-enrôlez le poste avec un nouveau code du système central (« recueil enroll --central URL --code CODE »).',
    );
  const expiresAt = enrollment.expiresAt ? Date.parse(enrollment.expiresAt) : Number.NaN;
  if (Number.isNaN(expiresAt))
    return check(id, 'warn', 'Date d’expiration du certificat du poste inconnue.', ENROLL);
  const daysLeft = Math.ceil((expiresAt - facts.now) / DAY_MS);
  if (daysLeft <= policy.certificateWarnDays)
    return check(
      id,
      'warn',
      `Le certificat du poste expire le ${frDate(expiresAt)} (dans ${plural(daysLeft, 'jour')}, alerte à ${policy.certificateWarnDays} jours) : passé cette date, la saisie sera impossible.`,
      'Renouvelez-le dès maintenant : « recueil enroll renew --config station.json » (le poste doit joindre le système central).',
    );
  return check(
    id,
    'ok',
    `Certificat du poste valide jusqu’au ${frDate(expiresAt)} (${plural(daysLeft, 'jour')}).`,
    `Rien à faire : une alerte apparaîtra ${policy.certificateWarnDays} jours avant l’expiration.`,
  );
}

export function agentCardCertificatesCheck(facts: HealthFacts, policy: HealthPolicy): HealthCheck {
  const id = 'agent-card-certificates';
  const cards = facts.agentCards;
  if (cards.length === 0)
    return check(
      id,
      'ok',
      'Aucune carte agent connue du poste pour l’instant (le poste note chaque carte à son ouverture de session).',
      'Rien à faire.',
    );
  const describe = (card: KnownAgentCard, notAfter: number) =>
    `${card.agentId} (${card.role}) le ${frDate(notAfter)}`;
  const expired: string[] = [];
  const soon: string[] = [];
  let next = Number.POSITIVE_INFINITY;
  for (const card of cards) {
    const notAfter = Date.parse(card.notAfter);
    if (notAfter <= facts.now) expired.push(describe(card, notAfter));
    else if (notAfter - facts.now <= policy.certificateWarnDays * DAY_MS) soon.push(describe(card, notAfter));
    else next = Math.min(next, notAfter);
  }
  const remedy =
    'Demandez le renouvellement des cartes agent citées auprès de l’autorité qui les délivre, avant leur expiration (une carte expirée n’ouvre plus de session).';
  const parts = [
    expired.length > 0 ? `expirée${expired.length > 1 ? 's' : ''} : ${expired.join(', ')}` : '',
    soon.length > 0 ? `à renouveler sous ${policy.certificateWarnDays} jours : ${soon.join(', ')}` : '',
  ].filter(Boolean);
  if (parts.length > 0)
    return check(id, expired.length > 0 ? 'fail' : 'warn', `Cartes agent ${parts.join(' ; ')}.`, remedy);
  return check(
    id,
    'ok',
    `${cards.length > 1 ? `${frNumber(cards.length)} cartes agent connues, toutes valides` : '1 carte agent connue, valide'} plus de ${policy.certificateWarnDays} jours (prochaine expiration le ${frDate(next)}).`,
    'Rien à faire.',
  );
}

export function diskFreeCheck(facts: HealthFacts): HealthCheck {
  const id = 'disk-free';
  const disk = facts.sync?.disk;
  if (!disk) return check(id, 'warn', SYNC_HOST_DOWN, RESTART_SYNC_HOST);
  if (disk.freeBytes === undefined)
    return check(
      id,
      'warn',
      'L’espace libre du disque de données n’a pas pu être lu.',
      'Vérifiez que le dossier de données du poste existe et est accessible, puis relancez les contrôles.',
    );
  const free = `${megabytes(disk.freeBytes)} libres sur le disque de données (réserve ${megabytes(disk.minFreeBytes)})`;
  const remedy =
    'Libérez de l’espace sur le disque de données (fichiers étrangers au poste, anciens journaux) ou contactez l’assistance ; ne supprimez jamais les fichiers de la file d’envoi.';
  if (disk.freeBytes < disk.minFreeBytes)
    return check(id, 'fail', `${free} : sous la réserve, les nouveaux dossiers sont refusés.`, remedy);
  if (disk.freeBytes < 2 * disk.minFreeBytes)
    return check(
      id,
      'warn',
      `${free} : moins de deux fois la réserve, le poste compte comme dégradé.`,
      remedy,
    );
  return check(id, 'ok', `${free}.`, 'Rien à faire.');
}

/** Least-squares slope of free bytes over time (bytes per day); undefined under two samples. */
export function diskSlopePerDay(samples: readonly (readonly [number, number])[]): number | undefined {
  if (samples.length < 2) return undefined;
  const n = samples.length;
  const t0 = samples[0]![0];
  const mx = samples.reduce((s, [t]) => s + (t - t0), 0) / n;
  const my = samples.reduce((s, [, v]) => s + v, 0) / n;
  let num = 0;
  let den = 0;
  for (const [t, v] of samples) {
    num += (t - t0 - mx) * (v - my);
    den += (t - t0 - mx) ** 2;
  }
  return den === 0 ? undefined : (num / den) * DAY_MS;
}

/** Samples over at least this long are needed for a trend. */
export const TREND_MIN_SPAN_MS = 24 * HOUR_MS;

export function diskTrendCheck(facts: HealthFacts, policy: HealthPolicy): HealthCheck {
  const id = 'disk-trend';
  const disk = facts.sync?.disk;
  if (!disk) return check(id, 'warn', SYNC_HOST_DOWN, RESTART_SYNC_HOST);
  const samples = disk.samples;
  const span = samples.length > 1 ? samples.at(-1)![0] - samples[0]![0] : 0;
  const slope = diskSlopePerDay(samples);
  if (span < TREND_MIN_SPAN_MS || slope === undefined)
    return check(
      id,
      'ok',
      `Tendance pas encore mesurable : ${plural(samples.length, 'mesure')} de l’espace libre${span > 0 ? ` sur ${frDuration(span)}` : ''} (il en faut sur au moins 24 h ; le poste en prend une toutes les deux heures).`,
      'Rien à faire : la tendance apparaîtra d’elle-même.',
    );
  const free = disk.freeBytes ?? samples.at(-1)![1];
  const period = `sur ${frDuration(span)}`;
  if (slope >= 0)
    return check(
      id,
      'ok',
      `L’espace libre ne diminue pas (${megabytes(slope)} par jour ${period}).`,
      'Rien à faire.',
    );
  const daysLeft = Math.max(0, (free - disk.minFreeBytes) / -slope);
  const measured = `L’espace libre diminue de ${megabytes(-slope)} par jour (${period}) : la réserve de ${megabytes(disk.minFreeBytes)} serait atteinte dans ${frNumber(daysLeft, daysLeft < 10 ? 1 : 0)} jours`;
  const remedy =
    'Vérifiez que les dossiers partent (file d’envoi) et qu’aucun programme étranger au poste ne remplit le disque ; libérez de l’espace ou contactez l’assistance.';
  if (daysLeft < policy.diskTrendFailDays)
    return check(id, 'fail', `${measured}, avant ${policy.diskTrendFailDays} jours.`, remedy);
  if (daysLeft < policy.diskTrendWarnDays)
    return check(id, 'warn', `${measured}, avant ${policy.diskTrendWarnDays} jours.`, remedy);
  return check(id, 'ok', `${measured}.`, 'Rien à faire.');
}

export function syncBacklogCheck(facts: HealthFacts, policy: HealthPolicy): HealthCheck {
  const id = 'sync-backlog';
  const sync = facts.sync;
  if (!sync) return check(id, 'warn', SYNC_HOST_DOWN, RESTART_SYNC_HOST);
  if (!sync.enrollment.enrolled)
    return check(id, 'warn', 'Poste non enrôlé : aucun dossier ne peut être transmis.', ENROLL);
  const backlog = sync.backlog ?? { unsent: 0, parked: 0 };
  const age = backlog.oldestUnsentAt !== undefined ? facts.now - backlog.oldestUnsentAt : 0;
  const waiting =
    backlog.unsent > 0
      ? `${plural(backlog.unsent, 'dossier')} en attente d’envoi, le plus ancien depuis ${frDuration(age)}`
      : 'Aucun dossier en attente d’envoi';
  const parked =
    backlog.parked > 0
      ? ` ; ${plural(backlog.parked, 'dossier')} mis de côté après des refus du système central`
      : '';
  const remedy =
    'Vérifiez la connexion au système central et lancez « Synchroniser maintenant » (écran File d’envoi) ; un dossier mis de côté se traite depuis la file d’envoi ou avec l’assistance.';
  if (age >= policy.freezeDays * DAY_MS)
    return check(
      id,
      'fail',
      `${waiting}${parked} : au-delà de ${policy.freezeDays} jours sans envoi, les nouvelles saisies sont refusées.`,
      remedy,
    );
  if (age >= policy.backlogWarnHours * HOUR_MS || backlog.parked > 0)
    return check(id, 'warn', `${waiting}${parked}.`, remedy);
  return check(id, 'ok', `${waiting}.`, 'Rien à faire : les dossiers partent d’eux-mêmes.');
}

const HOST_NAMES: Record<HostStatus['host'], string> = {
  device: 'des périphériques',
  sync: 'de synchronisation',
};

export function hostRestartsCheck(facts: HealthFacts, policy: HealthPolicy): HealthCheck {
  const id = 'host-restarts';
  const down = (facts.hosts ?? []).filter((h) => h.state !== 'running');
  const restarts = facts.sync?.restarts;
  const live = { device: 0, sync: 0 };
  for (const h of facts.hosts ?? []) live[h.host] = h.restarts;
  const crashes = (host: HostStatus['host']) => Math.max(live[host], restarts?.hostCrashes[host] ?? 0);
  const stationRestarts = restarts?.stationRestarts ?? 0;
  const total = stationRestarts + crashes('device') + crashes('sync');
  const days = restarts?.days ?? 7;
  const parts = [
    `${plural(stationRestarts, 'redémarrage')} du poste après une interruption pendant les heures d’ouverture${restarts?.notRunningMinutes ? ` (${plural(restarts.notRunningMinutes, 'minute')} d’arrêt)` : ''}`,
    `processus des périphériques ${plural(crashes('device'), 'redémarrage')}`,
    `processus de synchronisation ${plural(crashes('sync'), 'redémarrage')}`,
  ];
  const measured = `Sur ${days} jours : ${parts.join(', ')}`;
  const remedy =
    'Consultez les incidents récents et le journal du poste ; si les redémarrages se répètent, exportez un dossier de support (« recueil diagnose --bundle ») et contactez l’assistance.';
  if (down.length > 0)
    return check(
      id,
      'fail',
      `${down.map((h) => `Le processus ${HOST_NAMES[h.host]} ne tourne pas (${h.state})`).join(' ; ')}. ${measured}.`,
      `Attendez son redémarrage automatique ou redémarrez-le (écran Diagnostic, « Processus du poste »). ${remedy}`,
    );
  if (!restarts && !facts.hosts)
    return check(
      id,
      'ok',
      'Aucun redémarrage enregistré : le registre de disponibilité est encore vide.',
      'Rien à faire.',
    );
  if (total >= policy.restartFailCount) return check(id, 'fail', `${measured}.`, remedy);
  if (total > 0) return check(id, 'warn', `${measured}.`, remedy);
  return check(id, 'ok', `${measured}.`, 'Rien à faire.');
}

/** The dotted version at the start of a firmware text ("1.0b (bcdDevice 0110)" -> [1, 0]). */
export function parseVersion(text: string): number[] | undefined {
  const match = /\d+(?:\.\d+)*/.exec(text);
  return match ? match[0].split('.').map(Number) : undefined;
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The minimum of a device: the one naming its model, else the one of its kind. */
export function minimumFor(device: DeviceStatus, minimums: readonly FirmwareMinimum[]): string | undefined {
  const ofKind = minimums.filter((m) => m.kind === device.kind);
  return (ofKind.find((m) => m.model === device.model) ?? ofKind.find((m) => m.model === undefined))
    ?.minVersion;
}

export function deviceFirmwareCheck(facts: HealthFacts, policy: HealthPolicy): HealthCheck {
  const id = 'device-firmware';
  if (!facts.devices)
    return check(
      id,
      'warn',
      'Les versions des micrologiciels n’ont pas pu être lues (le processus des périphériques ne répond pas, ou les périphériques réels ne se lisent que poste démarré).',
      'Relancez les contrôles depuis l’écran Diagnostic du poste démarré.',
    );
  const below: string[] = [];
  const unknown: string[] = [];
  const fine: string[] = [];
  for (const device of facts.devices) {
    const minimum = minimumFor(device, policy.firmwareMinimums);
    if (!minimum) continue;
    const version = device.firmware ? parseVersion(device.firmware) : undefined;
    if (!version) unknown.push(`${device.model} (${device.id}, minimum ${minimum})`);
    else if (compareVersions(version, parseVersion(minimum)!) < 0)
      below.push(`${device.model} (${device.id}) en ${device.firmware}, minimum ${minimum}`);
    else fine.push(`${device.model} ${device.firmware}`);
  }
  const remedy =
    'Mettez à jour le micrologiciel des périphériques cités avec l’outil de leur fabricant, ou remplacez-les ; puis relancez les contrôles.';
  if (below.length > 0)
    return check(id, 'fail', `Micrologiciel sous le minimum requis : ${below.join(' ; ')}.`, remedy);
  if (unknown.length > 0)
    return check(
      id,
      'warn',
      `Version de micrologiciel inconnue : ${unknown.join(' ; ')} (périphérique débranché ou version non lisible).`,
      'Branchez le périphérique et relancez les contrôles ; si la version reste inconnue, contactez l’assistance.',
    );
  return check(
    id,
    'ok',
    fine.length > 0
      ? `Micrologiciels au niveau requis : ${fine.join(', ')}.`
      : 'Aucun périphérique du poste n’a de version minimale imposée.',
    'Rien à faire.',
  );
}

/** Every check, in the order of HEALTH_CHECK_IDS. */
export function runHealthChecks(facts: HealthFacts, policy: HealthPolicy): HealthCheck[] {
  return [
    clockDriftCheck(facts, policy),
    stationCertificateCheck(facts, policy),
    agentCardCertificatesCheck(facts, policy),
    diskFreeCheck(facts),
    diskTrendCheck(facts, policy),
    syncBacklogCheck(facts, policy),
    hostRestartsCheck(facts, policy),
    deviceFirmwareCheck(facts, policy),
  ];
}
