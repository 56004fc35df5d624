/**
 * Atomic, durable file creation: write to a temporary dot-file (0600, O_EXCL) in the target's
 * directory, fsync it, rename it over the target, fsync the directory. After a crash at any point
 * the target is either absent or complete; a leftover temp file is an orphan that startup removes.
 * On any failure (ENOSPC included) the temp file is removed and the error rethrown.
 *
 * The file operations are injectable so tests can fail each step (a short write followed by
 * ENOSPC, an EIO on fsync, a failed rename). `fsyncPath` is the one open-fsync-close of the
 * stores (a file's bytes, or a directory's entries).
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_SUFFIX } from './layout';

export interface FileOps {
  /** Writes every chunk, in order, at the start of the file. */
  writeAll(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<void>;
  sync(handle: FileHandle): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  syncDir(dir: string): Promise<void>;
}

/** Flushes a file (opened with `flags`) or a directory (the default, read-only) to disk. */
export async function fsyncPath(path: string, flags: string | number = constants.O_RDONLY): Promise<void> {
  const handle = await fs.open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const realFileOps: FileOps = {
  async writeAll(handle, chunks) {
    let position = 0;
    for (const chunk of chunks) {
      let written = 0;
      while (written < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, written, chunk.length - written, position);
        written += bytesWritten;
        position += bytesWritten;
      }
    }
  },
  sync: (handle) => handle.sync(),
  rename: (from, to) => fs.rename(from, to),
  syncDir: (dir) => fsyncPath(dir),
};

/**
 * Writes `name` in `dir` atomically and durably. `exclusive`: never replace an existing target
 * (the temp file is hard-linked to it instead of renamed over it; an existing target fails with
 * EEXIST and is left as it was), so two writers of the same name cannot both succeed.
 */
export async function writeFileAtomic(
  dir: string,
  name: string,
  chunks: readonly Uint8Array[],
  ops: FileOps = realFileOps,
  options: { exclusive?: boolean } = {},
): Promise<string> {
  const target = join(dir, name);
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await ops.writeAll(handle, chunks);
    await ops.sync(handle);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (options.exclusive) {
      await fs.link(temp, target);
      await fs.rm(temp);
    } else await ops.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await ops.syncDir(dir);
  return target;
}

/** Removes a file and makes the removal durable; absent files are fine. */
export async function removeDurably(dir: string, name: string, ops: FileOps = realFileOps): Promise<void> {
  await fs.rm(join(dir, name), { force: true });
  await ops.syncDir(dir);
}
