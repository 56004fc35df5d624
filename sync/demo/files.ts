/** Small file helpers for provisioning: JSON/PEM writes, private (0600) files, a free loopback port. */
import { promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

export async function writePublic(path: string, text: string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await fs.writeFile(path, text, { mode: 0o644 });
}

export async function writePrivate(path: string, text: string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await fs.writeFile(path, text, { mode: 0o600 });
  await fs.chmod(path, 0o600);
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A TCP port that was free on `host` a moment ago (the OS picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not get a free port'));
      });
    });
  });
}
