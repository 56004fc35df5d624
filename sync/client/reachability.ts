/**
 * Link-up detection for the engine's offline back-off: a bare TCP connect to the central's
 * address (a SYN, closed as soon as it is answered; no TLS, no request). A station waiting
 * minutes in back-off after an outage notices within about a second that the link, or the
 * central, is back, while a down central receives nothing heavier than a connection attempt a
 * second. Only a change counts: the port answering after it was silent or refused. A central that
 * answers TCP but fails higher up (TLS, 5xx) keeps the back-off's pace.
 */
import { connect } from 'node:net';

export type Reachability = 'answers' | 'refused' | 'silent';

/** One TCP connect to the host and port of `url`, given up after `timeoutMs`. */
export function tcpReachability(url: string, timeoutMs: number): Promise<Reachability> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 443) });
    const done = (result: Reachability) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done('silent'), timeoutMs);
    socket.once('connect', () => done('answers'));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(error.code === 'ECONNREFUSED' ? 'refused' : 'silent'),
    );
  });
}

/**
 * Checks `url` every `intervalMs` and calls `onUp` once when it answers after not answering.
 * Returns the function that stops the watch.
 */
export function watchLinkUp(url: string, options: { intervalMs: number; onUp: () => void }): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wasDown = false;
  const check = async () => {
    const started = Date.now();
    const result = await tcpReachability(url, options.intervalMs);
    if (stopped) return;
    if (result === 'answers' && wasDown) {
      stopped = true;
      options.onUp();
      return;
    }
    wasDown = result !== 'answers';
    timer = setTimeout(check, Math.max(0, options.intervalMs - (Date.now() - started)));
  };
  void check();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
