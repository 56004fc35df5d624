/**
 * Durable, private writes of key files: created with mode 0600 under a temporary name, fsynced,
 * renamed over the target, then the directory is fsynced. A crash leaves the old file or the new
 * one, never a torn one, and the key never exists with wider permissions.
 */
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const KEY_FILE_MODE = 0o600;

export async function writePrivateFile(
  path: string,
  bytes: Uint8Array,
  options: { overwrite: boolean },
): Promise<void> {
  const dir = dirname(path);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.open(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
    KEY_FILE_MODE,
  );
  try {
    await handle.chmod(KEY_FILE_MODE); // the umask cannot widen 0600, but be explicit
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (options.overwrite) {
      await fs.rename(temp, path);
    } else {
      // link() fails with EEXIST instead of replacing: enrollment never clobbers an existing key.
      await fs.link(temp, path);
      await fs.rm(temp);
    }
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  const dirHandle = await fs.open(dir, constants.O_RDONLY);
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
