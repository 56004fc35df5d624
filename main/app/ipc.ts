/**
 * Electron IPC of the contract: one invoke channel for commands, one event channel towards the
 * window. Every call's sender frame must belong to the app's own origin, else it is refused; each
 * renderer's work is bounded like a browser-mode socket's (main/ipc/admission.ts).
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { errorCatalog, type Result } from '../../common/errors';
import { ipcChannels, maxRequestBytes } from '../contract/wire';
import {
  type Admission,
  approximateBytes,
  createAdmission,
  stationBudget,
  WorkMeter,
} from '../ipc/admission';
import type { Dispatch } from '../ipc/registry';
import type { EventBus } from '../services/event-bus';
import { appOrigin, isAppUrl } from './hardening';

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, origin = appOrigin): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && isAppUrl(url, origin);
}

export function registerStationIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  dispatch: Dispatch,
  bus: EventBus,
  windowContents: () => Pick<WebContents, 'send' | 'isDestroyed'> | undefined,
  origin = appOrigin,
): () => void {
  const stationWork = new WorkMeter(stationBudget);
  /** One admission per renderer (its webContents), as one per WebSocket in browser mode. */
  const admissions = new Map<number, Admission>();
  ipcMain.handle(
    ipcChannels.invoke,
    async (event, command: unknown, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, origin)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Appel refusé : origine inconnue.' } };
      }
      if (typeof command !== 'string') {
        return {
          ok: false,
          error: { code: 'INVALID_REQUEST', message: errorCatalog.INVALID_REQUEST.message },
        };
      }
      const sender = event.sender.id;
      let admission = admissions.get(sender);
      if (!admission) {
        admission = createAdmission(dispatch, stationWork);
        admissions.set(sender, admission);
        event.sender.once('destroyed', () => admissions.delete(sender));
      }
      const bytes = approximateBytes(payload, maxRequestBytes(command) + 1);
      return admission.dispatch(command, payload, bytes);
    },
  );
  return bus.subscribeAll((event, payload) => {
    const contents = windowContents();
    if (contents && !contents.isDestroyed()) contents.send(ipcChannels.event, event, payload);
  });
}
