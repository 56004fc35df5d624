/**
 * The reference central server a demonstration or test station runs itself (url "embedded"): the
 * sync host starts the central's program as a worker thread (central/embedded.ts, never imported:
 * the station only names its entry). While it is not listening, `problem()` says why in French (a
 * port held by another station, an invalid central.json...); it is restarted with a back-off
 * (1 s doubling to 10 s), so the station recovers by itself once the port is free.
 */
import type { Worker } from 'node:worker_threads';
import type { StationError } from '../../common/errors';
import { startWorkerThread } from '../../common/start-worker';
import type { EmbeddedCentralCommand, EmbeddedCentralMessage } from '../protocol/embedded-central';
import { startupFailure } from './errors';

const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 10_000;
const CLOSE_DEADLINE_MS = 1000;

export interface EmbeddedCentral {
  /** Why the central is not listening (undefined once it is). */
  problem(): StationError | undefined;
  close(): Promise<void>;
}

export interface EmbeddedCentralEvents {
  /** The central listens (first start or after a restart): the engine may try again at once. */
  onListening(): void;
  /** `problem()` changed. */
  onChange(): void;
}

/** A failure reported by the worker, as an Error that startupFailure recognises (name and code). */
function failure(reported: { name: string; code?: string; message: string }): Error {
  const error = new Error(reported.message) as NodeJS.ErrnoException;
  error.name = reported.name;
  if (reported.code) error.code = reported.code;
  return error;
}

export function startEmbeddedCentral(centralConfig: string, events: EmbeddedCentralEvents): EmbeddedCentral {
  let worker: Worker | undefined;
  let current: StationError | undefined;
  let listening = false;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | undefined;

  const setProblem = (problem: StationError | undefined) => {
    current = problem;
    events.onChange();
  };
  const scheduleRestart = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      start();
    }, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
  };
  function start(): void {
    listening = false;
    const thread = startWorkerThread(
      import.meta.url,
      '../../central/embedded',
      { centralConfig },
      'central-embedded',
    );
    worker = thread;
    thread.on('message', (message: EmbeddedCentralMessage) => {
      if (message.type === 'listening') {
        listening = true;
        retryMs = FIRST_RETRY_MS;
        setProblem(undefined);
        events.onListening();
      } else setProblem(startupFailure(failure(message.error)));
    });
    thread.on('error', (error) => setProblem(startupFailure(error)));
    thread.on('exit', () => {
      if (worker === thread) worker = undefined;
      if (closed) return;
      if (listening) setProblem(startupFailure(new Error('the embedded central server stopped')));
      scheduleRestart();
    });
  }
  start();

  return {
    problem: () => current,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const thread = worker;
      if (!thread) return;
      const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.postMessage({ type: 'close' } satisfies EmbeddedCentralCommand);
      const deadline = setTimeout(() => void thread.terminate(), CLOSE_DEADLINE_MS);
      await exited;
      clearTimeout(deadline);
    },
  };
}
