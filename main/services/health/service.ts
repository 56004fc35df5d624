/**
 * The running station's health checks (`diagnostics.health`): the sync host's facts
 * (`healthFacts`: enrollment, clock over mTLS, disk, backlog, ledger restarts), the live host
 * supervisors, the device inventory (firmware) and the agent cards seen, through the one
 * `runHealthChecks`. It also measures the clock every 15 minutes and keeps the last offset for the
 * availability recorder (`clock-drift` minutes). A sync host that does not answer makes its checks
 * say so; nothing here throws at the screen.
 */
import type { HealthCheck } from '../../../common/domain';
import type { SyncHealthFacts } from '../../../sync/health';
import type { HostSupervisor } from '../../hosts/supervisor';
import type { StationClock } from '../clock';
import type { StationConfig } from '../config';
import type { DeviceInventory } from '../device-inventory';
import type { Logger } from '../logger';
import { readAgentCards } from './agent-cards';
import { runHealthChecks } from './checks';
import { healthPolicy } from './policy';

export const CLOCK_REFRESH_MS = 15 * 60_000;
/** Four exchanges of at most 5 s each, and the rest of the facts. */
const FACTS_TIMEOUT_MS = 30_000;

export interface HealthDeps {
  config: StationConfig;
  clock: StationClock;
  logger: Pick<Logger, 'warn'>;
  device: HostSupervisor<'device'>;
  sync: HostSupervisor<'sync'>;
  inventory: Pick<DeviceInventory, 'list'>;
}

export interface HealthService {
  run(): Promise<HealthCheck[]>;
  /** Measures the clock again now (in the background). */
  refresh(): void;
  /** The last clock offset measured against the central system (ms), if any. */
  clockOffsetMs(): number | undefined;
  stop(): void;
}

export function createHealthService(deps: HealthDeps): HealthService {
  const { config, sync } = deps;
  let offsetMs: number | undefined;

  const syncFacts = async (): Promise<SyncHealthFacts | undefined> => {
    if (sync.current.state !== 'running') return undefined;
    const result = await sync.call('healthFacts', {}, FACTS_TIMEOUT_MS);
    if (!result.ok) {
      deps.logger.warn({ code: result.error.code }, 'health facts unavailable from the sync host');
      return undefined;
    }
    const clock = result.value.clock;
    offsetMs = clock.kind === 'measured' ? clock.offsetMs : undefined;
    return result.value;
  };

  const refresh = () => void syncFacts().catch(() => undefined);
  const timer = setInterval(refresh, CLOCK_REFRESH_MS);
  timer.unref?.();

  return {
    async run() {
      const [sync, agentCards] = await Promise.all([
        syncFacts().catch(() => undefined),
        readAgentCards(config.dataDir),
      ]);
      return runHealthChecks(
        {
          now: deps.clock.now(),
          sync,
          agentCards,
          devices: deps.device.current.state === 'running' ? deps.inventory.list() : undefined,
          hosts: [deps.device.current, deps.sync.current],
        },
        healthPolicy(config),
      );
    },
    refresh,
    clockOffsetMs: () => offsetMs,
    stop: () => clearInterval(timer),
  };
}
