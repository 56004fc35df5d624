/**
 * The station's configuration pull, run by the sync engine after a pass that reached the central
 * (engine option `pull`): GET /v1/config over the mutual-TLS link, then `applyConfiguration`. Any
 * answer of the central (a document, or 404 when none is published) is a successful sync for the
 * freeze rule (last-sync.ts). What became of the document goes to `onOutcome` (the sync host
 * reports it to the station core, which logs and audits it; `recueil sync now` prints it).
 */
import type { Agent } from 'node:https';
import { fetchField } from '../client';
import type { CentralVerifier } from '../crypto/central-document';
import { CONFIG_PATH } from '../protocol/configuration';
import { type ApplyOptions, applyConfiguration, type ConfigurationOutcome } from './in-force';
import { recordSuccessfulSync } from './last-sync';

/** What the engine lends a pull: its TLS agent and the central's base URL. */
export interface PullLink {
  agent: Agent;
  baseUrl: string;
  timeoutMs: number;
}

export type Pull = (link: PullLink) => Promise<void>;

export interface ConfigurationPullOptions extends ApplyOptions {
  dataDir: string;
  central: CentralVerifier;
  onOutcome?: (outcome: ConfigurationOutcome) => void;
}

/** Rejects (a DeliveryFailure) when the central could not be asked; the engine probes it next. */
export function configurationPull(options: ConfigurationPullOptions): Pull {
  return async ({ agent, baseUrl, timeoutMs }) => {
    const jws = await fetchField(agent, 'GET', baseUrl + CONFIG_PATH, 'jws', { timeoutMs });
    await recordSuccessfulSync(options.dataDir, options.now?.());
    if (jws === undefined) return;
    options.onOutcome?.(await applyConfiguration(options.dataDir, jws, options.central, options));
  };
}
