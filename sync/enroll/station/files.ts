/**
 * File writes for enrollment: the station config rewritten atomically (temporary file + rename,
 * mode kept), public PEM/JWK files (0644) and private keys (0600, via the key-file writer).
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writePrivateFile } from '../../crypto/key-file';

export async function writeAtomic(path: string, text: string, mode = 0o644): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const handle = await fs.open(temp, 'w', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, path);
}

export const writePrivate = (path: string, text: string) =>
  writePrivateFile(path, new TextEncoder().encode(text), { overwrite: true });

export async function readJsonIfExists(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${path} : fichier de configuration illisible (JSON attendu).`);
  }
}

/** Marker written when the central system answers "station-revoked" (read by enrollmentStatus). */
export const REVOKED_MARKER = 'revoked.json';
