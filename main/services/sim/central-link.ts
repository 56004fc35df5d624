/**
 * The simulated day's link to the central system: a TCP relay on loopback between the station's
 * sync host and its central server, which the fault `central-down` cuts (connections refused, open
 * ones reset) and restores. The relay forwards bytes only: TLS stays end to end between the sync host
 * and the central, so the central's certificate must name the relay's address (127.0.0.1), as the
 * reference central's loopback certificate does.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface CentralLink {
  /** The URL the station syncs to through the relay (https://127.0.0.1:PORT). */
  readonly url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** Starts a relay to the central at `target` (an https:// URL). */
export async function openCentralLink(target: string): Promise<CentralLink> {
  const { hostname, port } = new URL(target);
  const host = hostname.replace(/^\[|\]$/g, '');
  const targetPort = Number(port || 443);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const makeServer = () =>
    createServer((inbound) => {
      track(inbound);
      const outbound = createConnection({ host, port: targetPort });
      track(outbound);
      inbound.pipe(outbound).pipe(inbound);
      const end = () => {
        inbound.destroy();
        outbound.destroy();
      };
      inbound.once('error', end);
      outbound.once('error', end);
      inbound.once('close', end);
      outbound.once('close', end);
    });
  let server: Server | undefined = makeServer();
  const relayPort = await listen(server, 0);
  const stop = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  return {
    url: `https://127.0.0.1:${relayPort}`,
    cut: stop,
    async restore() {
      if (server) return;
      server = makeServer();
      await listen(server, relayPort);
    },
    close: stop,
  };
}
