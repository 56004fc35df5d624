/**
 * The central's signed configuration as the station core uses it (the document, its pull and its
 * files are sync/configuration's): what is in force for the station's services, the freeze gate
 * every new application asks first, and the audit and log of each document the sync host applied,
 * refused or could not apply.
 */
import type { TitleFeeRates } from '../../common/domain/title-fees';
import { StationError } from '../../common/errors';
import {
  type ConfigurationInForce,
  type ConfigurationOutcome,
  configurationInForce,
  describeOutcome,
  type FreezeState,
  freezeState,
  lastSuccessfulSync,
} from '../../sync/configuration';
import type { SignedConfigurationView } from '../contract/model';
import type { AuditLog } from './audit';
import type { StationConfig } from './config';
import type { Logger } from './logger';

type Source = Pick<StationConfig, 'dataDir' | 'availability'>;

/** The configuration in force (built-in until the central's first document is applied). */
export function inForce(config: Source, logger?: Logger): ConfigurationInForce {
  return configurationInForce(config.dataDir, config.availability.freezeDays, (problem) =>
    logger?.warn({ event: 'configuration-state-invalid', problem }, 'signed configuration state unreadable'),
  );
}

/** The tax-stamp rates in force: what a stamp's amount is checked against. */
export const taxStampRates = (config: Source): TitleFeeRates => inForce(config).document.taxStampRates;

/** Whether the freeze limit of the configuration in force is passed (system clock, `now` for tests). */
export function stationFreeze(config: Source, now = Date.now()): FreezeState {
  return freezeState(lastSuccessfulSync(config.dataDir), now, inForce(config).document.freezeDays);
}

const dateFr = (ms: number) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' }).format(ms);

/** The freeze rule's French sentence for the agent. */
export function frozenMessage(state: FreezeState): string {
  const since = state.since === undefined ? '' : ` depuis le ${dateFr(state.since)}`;
  return `Aucune synchronisation réussie avec le système central${since} (limite : ${state.freezeDays} jours) : la saisie de nouvelles demandes est suspendue. Rétablissez la connexion au réseau puis lancez une synchronisation ; la certification et le diagnostic restent disponibles.`;
}

const TITLE_NAMES = { passport: 'passeport', 'id-card': 'carte nationale d’identité' } as const;

/**
 * The gate a new application asks before it starts: `STATION_FROZEN` with the French sentence when
 * the station has not synced for longer than the freeze limit; `FORBIDDEN` when the configuration
 * in force does not allow the title type.
 */
export function applicationGate(
  config: Source,
  now: () => number = Date.now,
): (titleType: keyof typeof TITLE_NAMES) => void {
  return (titleType) => {
    const state = stationFreeze(config, now());
    if (state.frozen) throw new StationError('STATION_FROZEN', frozenMessage(state));
    const current = inForce(config);
    if (!current.document.titleTypes.includes(titleType))
      throw new StationError(
        'FORBIDDEN',
        `Les demandes de ${TITLE_NAMES[titleType]} ne sont pas ouvertes sur ce poste (configuration version ${current.version} du système central).`,
      );
  };
}

/** What diagnostics show (`station.configuration`). */
export function configurationView(config: Source, now = Date.now()): SignedConfigurationView {
  const current = inForce(config);
  const last = lastSuccessfulSync(config.dataDir);
  return {
    version: current.version,
    source: current.source,
    ...(current.source === 'central' ? { issuedAt: current.document.issuedAt } : {}),
    ...(current.appliedAt ? { appliedAt: current.appliedAt } : {}),
    ...(current.previousVersion !== undefined ? { previousVersion: current.previousVersion } : {}),
    freezeDays: current.document.freezeDays,
    ...(last ? { lastSyncAt: last.at, lastSyncKind: last.kind } : {}),
    frozen: freezeState(last, now, current.document.freezeDays).frozen,
  };
}

/** Logs and audits what became of a configuration document the sync host received. */
export async function recordConfigurationOutcome(
  outcome: ConfigurationOutcome,
  audit: Pick<AuditLog, 'append'>,
  logger: Logger,
): Promise<void> {
  if (outcome.outcome === 'unchanged') return;
  const line = describeOutcome(outcome);
  if (outcome.outcome === 'applied')
    logger.info({ event: 'configuration-applied', version: outcome.version }, line);
  else logger.warn({ event: `configuration-${outcome.outcome}`, reason: outcome.reason }, line);
  await audit.append({
    actor: 'station',
    action: 'config.receive',
    outcome:
      outcome.outcome === 'applied' ? 'success' : outcome.outcome === 'refused' ? 'refused' : 'failure',
    details: {
      reason: outcome.outcome === 'applied' ? 'applied' : outcome.reason,
      ...(outcome.version !== undefined ? { value: outcome.version } : {}),
    },
  });
}
