/**
 * The station core with its real host processes (child_process + tsx), as integration tests start
 * it: a silent logger, browser mode, and helpers to sign in with a simulated agent card.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { SimulatedAgentCardName } from '../../common/domain';
import { createNodeLauncher } from '../../main/hosts/launcher';
import type { StationConfig } from '../../main/services/config';
import { createLogger } from '../../main/services/logger';
import { hostEnvironment } from '../../main/services/paths';
import { type Station, startStation } from '../../main/services/station';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));
export const silentLogger = createLogger({ destination: new Writable({ write: (_c, _e, done) => done() }) });

export function startTestStation(config: StationConfig): Promise<Station> {
  return startStation({
    config,
    logger: silentLogger,
    launcher: createNodeLauncher({ appRoot, env: hostEnvironment(config) }),
    mode: 'browser',
    version: 'test',
  });
}

/** Inserts the simulated agent card `card` and types its PIN (1234): the session opens. */
export async function signInAs(station: Station, card: SimulatedAgentCardName): Promise<void> {
  assert.ok((await station.dispatch('session.simulateCard', { card })).ok);
  const signIn = await station.dispatch('session.signIn', { pin: '1234' });
  assert.ok(signIn.ok && (signIn.value as { ok: boolean }).ok);
}
