/**
 * The reference central server run inside a station's sync host (demonstration and tests, url
 * "embedded"), as a worker thread started from this entry by sync/host/embedded-central.ts. A
 * thread, not a child process: in the packaged application Electron's RunAsNode fuse is off, so a
 * utility process cannot start a Node child; a thread keeps the central's code out of the station's
 * module graph all the same, and its failures reach the sync host as messages.
 * Its messages are sync/protocol/embedded-central.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EmbeddedCentralCommand, EmbeddedCentralMessage } from '../sync/protocol/embedded-central';
import { startCentralServer } from './server';

const { centralConfig } = workerData as { centralConfig: string };
const port = parentPort!;

startCentralServer(centralConfig).then(
  (server) => {
    port.postMessage({ type: 'listening', url: server.url } satisfies EmbeddedCentralMessage);
    port.on('message', (message: EmbeddedCentralCommand) => {
      if (message.type === 'close') void server.close().finally(() => process.exit(0));
    });
  },
  (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = (e as NodeJS.ErrnoException).code;
    port.postMessage({
      type: 'failed',
      error: { name: e.name, ...(typeof code === 'string' ? { code } : {}), message: e.message },
    } satisfies EmbeddedCentralMessage);
    // In a worker thread this ends the thread, not the sync host.
    process.exit(1);
  },
);
