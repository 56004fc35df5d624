/**
 * What `recueil sim day` and `recueil sim fault` run (sim-day.ts registers them): flag checks (exit 2
 * with the flag and the expected form), the fault script, the simulated day (main/services/sim/day.ts)
 * and the request to a running station's control socket (main/services/sim/control.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpeningInterval } from '../../common/availability/calendar';
import { defaultDataDir, loadConfigFile } from '../services/config';
import { NoRunningStationError, sendSimFault } from '../services/sim/control';
import { parseOpen, runSimDay, SimDayError } from '../services/sim/day';
import { FaultScriptError, parseFaultScript, type ScriptedFault } from '../services/sim/fault-script';
import { parseDate, reportText } from './availability-report';
import { UsageError } from './usage-error';

/** Loaded on first use: SQLite only when the ledger is read. */
const ledgerStore = () => import('../../sync/store/availability');

function positiveNumber(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new UsageError(`${flag}: expected a number above 0 and up to ${max}, got "${value}"`);
  return n;
}

function readFaults(file: string | undefined, open: { start: number; end: number }): ScriptedFault[] {
  if (file === undefined) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--faults: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return parseFaultScript(text, `--faults ${file}`, open);
  } catch (error) {
    if (error instanceof FaultScriptError) throw new UsageError(error.message);
    throw error;
  }
}

async function ledgerLastMinute(dataDir: string): Promise<number | undefined> {
  const { AvailabilityLedger, LEDGER_FILE } = await ledgerStore();
  const ledger = AvailabilityLedger.openReadonly(join(dataDir, LEDGER_FILE));
  try {
    return ledger?.lastMinute();
  } finally {
    ledger?.close();
  }
}

export async function runSimDayCommand(
  appRoot: string,
  options: { config: string; open: string; speed: string; faults?: string; date?: string; json?: boolean },
): Promise<void> {
  const interval = OpeningInterval.safeParse(options.open);
  if (!interval.success)
    throw new UsageError(
      `--open: ${interval.error.issues[0]?.message ?? 'expected "HH:MM-HH:MM"'}, got "${options.open}"`,
    );
  const open = parseOpen(options.open);
  const speed = positiveNumber('--speed', options.speed, 100_000);
  const date = parseDate(options.date);
  const faults = readFaults(options.faults, open);
  const config = loadConfigFile(options.config);
  try {
    const report = await runSimDay({
      appRoot,
      configFile: options.config,
      open,
      speed,
      faults,
      ...(date ? { date } : {}),
      ledgerLastMinute: await ledgerLastMinute(config.dataDir),
    });
    console.log(options.json ? JSON.stringify(report) : reportText(report));
  } catch (error) {
    if (error instanceof SimDayError) throw new UsageError(error.message);
    throw error;
  }
}

export async function runSimFaultCommand(options: {
  device: string;
  for: string;
  config?: string;
}): Promise<void> {
  const minutes = Number(options.for);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
    throw new UsageError(`--for: expected a whole number of minutes from 1 to 1440, got "${options.for}"`);
  if (options.device.length === 0 || options.device.length > 64)
    throw new UsageError('--device: expected a device id (recueil devices list)');
  const configFile = options.config ?? join(defaultDataDir(), 'demo', 'station.json');
  if (!options.config && !existsSync(configFile))
    throw new UsageError(
      `--config: no demonstration station in ${configFile}; give the station's station.json`,
    );
  const config = loadConfigFile(configFile);
  if (config.devices.mode !== 'simulated')
    throw new UsageError('sim fault: only on a simulated bench (devices.mode "simulated" in station.json)');
  try {
    const answer = await sendSimFault(config.dataDir, { device: options.device, minutes });
    if (!answer.ok) {
      console.error(answer.message);
      process.exit(1);
    }
    console.log(`unplugged ${answer.device} until ${answer.until} (station clock)`);
  } catch (error) {
    if (error instanceof NoRunningStationError) {
      console.error(error.message);
      process.exit(3);
    }
    throw error;
  }
}
