/**
 * What `recueil health` runs (main/cli/health.ts registers it), and the health.json of
 * `recueil diagnose --bundle`: the facts gathered without the station running (read-only views of
 * the outbox and the availability ledger, the clock measured over the station's own mTLS link,
 * the simulated bench's devices or, on hardware, none) and the checks of main/services/health.
 */
import { dirname } from 'node:path';
import type { DeviceStatus, HealthCheck } from '../../common/domain';
import { loadTlsMaterial } from '../../sync/config/material';
import { resolveSyncPaths } from '../../sync/config/settings';
import { gatherSyncHealthFacts, type SyncHealthSources } from '../../sync/health';
import { loadConfigFile, type StationConfig } from '../services/config';
import { readAgentCards } from '../services/health/agent-cards';
import { runHealthChecks } from '../services/health/checks';
import { healthPolicy } from '../services/health/policy';
import { UsageError } from './usage-error';

/** Loaded on first use: `recueil --help` loads no SQLite. */
const stores = async () => ({
  ...(await import('../../sync/store/availability')),
  ...(await import('../../sync/store/backlog')),
});

export interface CliHealthOptions {
  /** The devices as read (simulated bench); undefined: not read (hardware mode outside the station). */
  devices?: readonly DeviceStatus[] | undefined;
  now?: () => number;
  measure?: SyncHealthSources['measure'];
}

export async function cliHealthChecks(
  config: StationConfig,
  options: CliHealthOptions = {},
): Promise<HealthCheck[]> {
  const { AvailabilityLedger, LEDGER_FILE, readOutboxBacklog } = await stores();
  const settings =
    config.central && config.source
      ? resolveSyncPaths(config.central, dirname(config.source))
      : config.central;
  const ledger = AvailabilityLedger.openReadonly(`${config.dataDir}/${LEDGER_FILE}`);
  try {
    const sync = await gatherSyncHealthFacts({
      dataDir: config.dataDir,
      settings,
      ...(settings ? { tls: () => loadTlsMaterial(settings) } : {}),
      backlog: () => readOutboxBacklog(config.dataDir),
      ledger: () => ledger,
      ...(options.now ? { now: options.now } : {}),
      ...(options.measure ? { measure: options.measure } : {}),
    });
    return runHealthChecks(
      {
        now: (options.now ?? Date.now)(),
        sync,
        agentCards: await readAgentCards(config.dataDir),
        devices: options.devices,
      },
      healthPolicy(config),
    );
  } finally {
    ledger?.close();
  }
}

/** The simulated bench's devices (their firmware), or undefined on hardware (read by the running station). */
export async function benchDevices(config: StationConfig): Promise<DeviceStatus[] | undefined> {
  if (config.devices.mode !== 'simulated') return undefined;
  const { DeviceRegistry } = await import('../../drivers/registry/device-registry');
  const registry = await DeviceRegistry.simulatedBench(config.devices.simulated);
  try {
    return registry.list();
  } finally {
    await registry.close();
  }
}

const MARK: Record<HealthCheck['status'], string> = { ok: 'OK    ', warn: 'ALERTE', fail: 'ÉCHEC ' };

export function healthText(checks: readonly HealthCheck[]): string {
  return checks.map((c) => `${MARK[c.status]} ${c.id}\n       ${c.message}\n       → ${c.remedy}`).join('\n');
}

export async function runHealth(options: { config?: string; json?: boolean }): Promise<void> {
  if (!options.config)
    throw new UsageError(
      '--config: required, the station configuration file (e.g. --config /etc/recueil/station.json)',
    );
  const config = loadConfigFile(options.config);
  const checks = await cliHealthChecks(config, { devices: await benchDevices(config) });
  console.log(options.json ? JSON.stringify(checks) : healthText(checks));
}
