/** Removes unfinished uploads older than the configured age (a station that never came back). */
import type { FileStore } from '@tus/file-store';

export async function sweepStaleUploads(
  uploads: FileStore,
  maxAgeMs: number,
  now = Date.now(),
): Promise<number> {
  const ids = (await uploads.configstore.list?.()) ?? [];
  let removed = 0;
  for (const id of ids) {
    const info = await uploads.configstore.get(id);
    const created = info?.creation_date ? Date.parse(info.creation_date) : Number.NaN;
    if (!Number.isFinite(created) || now - created < maxAgeMs) continue;
    await uploads.remove(id).catch(() => undefined);
    await uploads.configstore.delete(id).catch(() => undefined);
    removed++;
  }
  return removed;
}
