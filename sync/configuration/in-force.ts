/**
 * The signed configuration in force on the station, and the one before it (for rollback), kept in
 * one atomic file, `<dataDir>/configuration/in-force.json` (sync/store/atomic-file.ts): a crash or a
 * failed write leaves the previous file whole, so the station always has exactly one configuration
 * in force. `applyConfiguration` is the one way a document gets there: verified against the pinned
 * central key, newer than the one in force (a downgrade or a replay of another document under the
 * same version is refused), written, read back; on any failure the previous one stays in force.
 * `rollbackConfiguration` puts the previous one back and refuses the rolled-back version from then on.
 * What the station uses when nothing is in force: `builtInConfiguration` (common/domain).
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { builtInConfiguration, ConfigDocument } from '../../common/domain/config-document';
import { TITLE_FEE_RATES, type TitleFeeRates } from '../../common/domain/title-fees';
import { CentralDocumentRejected, type CentralVerifier } from '../crypto/central-document';
import { verifyConfiguration } from '../crypto/configuration';
import { type FileOps, realFileOps, writeFileAtomic } from '../store/atomic-file';

export const CONFIGURATION_DIR = 'configuration';
const STATE_FILE = 'in-force.json';

const Applied = z.strictObject({
  jws: z.string().min(1),
  document: ConfigDocument,
  appliedAt: z.iso.datetime(),
});
export type AppliedConfiguration = z.infer<typeof Applied>;

const State = z.strictObject({
  inForce: Applied,
  previous: Applied.optional(),
  /** After a rollback: versions up to this one are refused (the rolled-back document is not re-applied). */
  refusedUpTo: z.number().int().min(0).optional(),
});
export type ConfigurationState = z.infer<typeof State>;

export const RefusalReason = z.enum([
  'typ',
  'unknown-key',
  'signature',
  'claims',
  'downgrade',
  'rolled-back',
]);
export type RefusalReason = z.infer<typeof RefusalReason>;

const Version = z.number().int().min(0);
/** What became of a configuration document the station received (also a sync host event). */
export const ConfigurationOutcome = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('applied'), version: Version, previousVersion: Version }),
  z.strictObject({ outcome: z.literal('unchanged'), version: Version }),
  z.strictObject({
    outcome: z.literal('refused'),
    reason: RefusalReason,
    version: Version.optional(),
    inForceVersion: Version,
    detail: z.string(),
  }),
  z.strictObject({
    outcome: z.literal('failed'),
    reason: z.literal('apply-failed'),
    version: Version,
    inForceVersion: Version,
    detail: z.string(),
  }),
]);
export type ConfigurationOutcome = z.infer<typeof ConfigurationOutcome>;

/** One English line for logs and the CLI, e.g. "configuration version 3 refused (downgrade): ...". */
export function describeOutcome(outcome: ConfigurationOutcome): string {
  switch (outcome.outcome) {
    case 'applied':
      return `configuration version ${outcome.version} applied (was ${outcome.previousVersion})`;
    case 'unchanged':
      return `configuration version ${outcome.version} already in force`;
    case 'refused':
      return `configuration${outcome.version === undefined ? '' : ` version ${outcome.version}`} refused (${outcome.reason}): ${outcome.detail}; version ${outcome.inForceVersion} stays in force`;
    default:
      return `configuration version ${outcome.version} could not be applied: ${outcome.detail}; version ${outcome.inForceVersion} stays in force`;
  }
}

/** The configuration in force as the station's services read it. */
export interface ConfigurationInForce {
  /** 0 for the built-in configuration. */
  version: number;
  source: 'central' | 'built-in';
  document: ConfigDocument;
  appliedAt?: string;
  previousVersion?: number;
}

export const configurationDir = (dataDir: string) => join(dataDir, CONFIGURATION_DIR);

/**
 * The state file, or undefined when there is none. A file that is not a valid state (it can only
 * have been edited by hand: writes are atomic) is reported through `onInvalid` and counts as absent.
 */
export function readConfigurationState(
  dataDir: string,
  onInvalid?: (problem: string) => void,
): ConfigurationState | undefined {
  let text: string;
  try {
    text = readFileSync(join(configurationDir(dataDir), STATE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    onInvalid?.(`cannot read ${STATE_FILE} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  try {
    return State.parse(JSON.parse(text));
  } catch {
    onInvalid?.(`${STATE_FILE} is not a valid configuration state`);
    return undefined;
  }
}

/** The configuration the station applies now: the document in force, else the built-in one. */
export function configurationInForce(
  dataDir: string,
  builtInFreezeDays: number,
  onInvalid?: (problem: string) => void,
): ConfigurationInForce {
  const state = readConfigurationState(dataDir, onInvalid);
  if (!state) {
    const document = builtInConfiguration(builtInFreezeDays);
    return { version: 0, source: 'built-in', document };
  }
  return {
    version: state.inForce.document.version,
    source: 'central',
    document: state.inForce.document,
    appliedAt: state.inForce.appliedAt,
    ...(state.previous ? { previousVersion: state.previous.document.version } : {}),
  };
}

/** The version in force (0: built-in), what each dossier records. */
export const versionInForce = (dataDir: string): number =>
  readConfigurationState(dataDir)?.inForce.document.version ?? 0;

/** The tax-stamp rates in force (the built-in ones until the central sends its own). */
export const taxStampRatesInForce = (dataDir: string): TitleFeeRates =>
  readConfigurationState(dataDir)?.inForce.document.taxStampRates ?? TITLE_FEE_RATES;

export interface ApplyOptions {
  now?: () => Date;
  /** Tests: file operations that fail. */
  ops?: FileOps;
}

async function writeState(dataDir: string, state: ConfigurationState, ops: FileOps): Promise<void> {
  const dir = configurationDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(
    dir,
    STATE_FILE,
    [Buffer.from(`${JSON.stringify(State.parse(state), null, 1)}\n`)],
    ops,
  );
}

/** Writes `next`, reads it back; on any failure puts `current` back (or leaves it) and says why. */
async function commit(
  dataDir: string,
  current: ConfigurationState | undefined,
  next: ConfigurationState,
  ops: FileOps,
): Promise<string | undefined> {
  try {
    await writeState(dataDir, next, ops);
    const back = readConfigurationState(dataDir);
    if (back?.inForce.jws === next.inForce.jws) return undefined;
    throw new Error('the configuration read back is not the one written');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    // The atomic write either replaced the file or left it; if something else is there now, the
    // previous state is written back (with the real operations: the failing ones may fail again).
    const back = readConfigurationState(dataDir);
    if (back?.inForce.jws !== current?.inForce.jws)
      await (current ? writeState(dataDir, current, realFileOps) : Promise.resolve()).catch(() => undefined);
    return detail;
  }
}

/** Verifies `jws` and, when it is newer than the configuration in force, makes it the one in force. */
export async function applyConfiguration(
  dataDir: string,
  jws: string,
  central: CentralVerifier,
  options: ApplyOptions = {},
): Promise<ConfigurationOutcome> {
  const current = readConfigurationState(dataDir);
  const inForceVersion = current?.inForce.document.version ?? 0;
  let document: ConfigDocument;
  try {
    document = await verifyConfiguration(jws, central);
  } catch (error) {
    if (!(error instanceof CentralDocumentRejected)) throw error;
    return { outcome: 'refused', reason: error.reason, inForceVersion, detail: error.message };
  }
  const { version } = document;
  if (current?.inForce.jws === jws) return { outcome: 'unchanged', version };
  if (version <= inForceVersion)
    return {
      outcome: 'refused',
      reason: 'downgrade',
      version,
      inForceVersion,
      detail: `version ${version} is not newer than version ${inForceVersion} in force`,
    };
  if (current?.refusedUpTo !== undefined && version <= current.refusedUpTo)
    return {
      outcome: 'refused',
      reason: 'rolled-back',
      version,
      inForceVersion,
      detail: `version ${version} was rolled back; waiting for a version above ${current.refusedUpTo}`,
    };
  const appliedAt = (options.now?.() ?? new Date()).toISOString();
  const next: ConfigurationState = {
    inForce: { jws, document, appliedAt },
    ...(current ? { previous: current.inForce } : {}),
    ...(current?.refusedUpTo !== undefined ? { refusedUpTo: current.refusedUpTo } : {}),
  };
  const failure = await commit(dataDir, current, next, options.ops ?? realFileOps);
  if (failure) return { outcome: 'failed', reason: 'apply-failed', version, inForceVersion, detail: failure };
  return { outcome: 'applied', version, previousVersion: inForceVersion };
}

/**
 * Puts the previous configuration back in force and refuses the rolled-back version (and any
 * older) from then on; undefined when there is no previous configuration to go back to.
 */
export async function rollbackConfiguration(
  dataDir: string,
  options: ApplyOptions = {},
): Promise<{ from: number; to: number } | undefined> {
  const current = readConfigurationState(dataDir);
  if (!current?.previous) return undefined;
  const from = current.inForce.document.version;
  const next: ConfigurationState = { inForce: current.previous, refusedUpTo: from };
  const failure = await commit(dataDir, current, next, options.ops ?? realFileOps);
  if (failure) throw new Error(`rollback failed, version ${from} stays in force: ${failure}`);
  return { from, to: current.previous.document.version };
}
