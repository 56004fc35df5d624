/**
 * Sync host entry: the process that owns the outbox and talks to the central title system.
 * It serves the `sync` host methods (health, status) and pushes sync state events to main.
 * The queue and the upload engine plug in here (see the sync issue); until then it reports an
 * empty queue and whether the configured central system answers.
 */
import { connectToParent, serveHost } from '../../main/contract/host-rpc';
import type { SyncState } from '../../main/contract/model';

const started = Date.now();
const centralUrl = process.env.RECUEIL_CENTRAL_URL ?? 'embedded';

function currentState(): SyncState {
  return {
    state: 'offline',
    online: false,
    queued: 0,
    detail:
      centralUrl === 'embedded'
        ? 'Serveur central de référence non démarré : les dossiers resteront en file d’attente.'
        : 'Système central injoignable : les dossiers resteront en file d’attente.',
  };
}

const host = serveHost('sync', connectToParent(), {
  health: () => ({
    host: 'sync',
    pid: process.pid,
    uptimeMs: Date.now() - started,
    rssBytes: process.memoryUsage().rss,
  }),
  status: () => currentState(),
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
host.ready();
host.emit('sync.state', currentState());
