/**
 * Free-space guard: a dossier is refused (with a French message for the agent) when writing it
 * would leave less than the configured reserve on the data volume, so the queue, SQLite's WAL and
 * the rest of the system never hit a full disk because of a new dossier. The probe is injectable.
 */
import { promises as fs } from 'node:fs';

/** Bytes available to this (unprivileged) process on the volume holding `path`. */
export type FreeSpaceProbe = (path: string) => Promise<number>;

export const statfsProbe: FreeSpaceProbe = async (path) => {
  const stats = await fs.statfs(path);
  return stats.bavail * stats.bsize;
};

/** Default reserve: 512 MiB. */
export const DEFAULT_MIN_FREE_BYTES = 512 * 1024 * 1024;

const MB = 1024 * 1024;
export const formatMegabytes = (bytes: number) =>
  `${Math.max(0, Math.floor(bytes / MB)).toLocaleString('fr-FR')} Mo`;

export class DiskSpaceError extends Error {
  readonly code = 'disk-full';
  constructor(
    message: string,
    readonly freeBytes: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DiskSpaceError';
  }
}

export async function assertRoomFor(
  path: string,
  incomingBytes: number,
  minFreeBytes: number,
  probe: FreeSpaceProbe,
): Promise<void> {
  const free = await probe(path);
  if (free - incomingBytes < minFreeBytes) {
    throw new DiskSpaceError(
      `Espace disque insuffisant : ${formatMegabytes(free)} libres, il faut en garder au moins ${formatMegabytes(minFreeBytes)} après l’enregistrement du dossier (${formatMegabytes(incomingBytes)}). Le dossier n’a pas été mis en file d’envoi. Libérez de l’espace ou contactez l’assistance.`,
      free,
    );
  }
}

export function isNoSpaceError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

export function diskFullDuringWrite(cause: unknown): DiskSpaceError {
  return new DiskSpaceError(
    'Espace disque insuffisant : l’enregistrement du dossier a échoué, disque plein. Le dossier n’a pas été mis en file d’envoi et la file existante est intacte. Libérez de l’espace ou contactez l’assistance.',
    undefined,
    { cause },
  );
}
