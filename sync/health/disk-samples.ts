/**
 * Free-disk samples for the disk trend health check: `DATADIR/disk-samples.json`, a small file
 * written atomically, at most one sample every two hours and none older than 14 days (under 200
 * samples, a few KB). The running sync host adds a sample when one is due; `recueil health` adds
 * one too. A missing or damaged file is an empty history, never an error.
 */
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-file';

export const DISK_SAMPLES_FILE = 'disk-samples.json';
export const SAMPLE_SPACING_MS = 2 * 3600_000;
export const SAMPLE_HISTORY_MS = 14 * 86_400_000;

/** [at (ms since the epoch), free bytes], oldest first. */
export type DiskSample = [at: number, freeBytes: number];

const Sample = z.tuple([z.number().int().min(0), z.number().min(0).finite()]);
const SamplesFile = z.object({ v: z.literal(1), samples: z.array(Sample).max(1000) });

/** The samples a file's text holds (sorted, deduplicated); [] for anything malformed. */
export function parseDiskSamples(text: string): DiskSample[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  const parsed = SamplesFile.safeParse(raw);
  if (!parsed.success) return [];
  const sorted = [...parsed.data.samples].sort((a, b) => a[0] - b[0]);
  return sorted.filter((s, i) => i === 0 || s[0] !== sorted[i - 1]![0]) as DiskSample[];
}

export async function readDiskSamples(dataDir: string): Promise<DiskSample[]> {
  try {
    return parseDiskSamples(await fs.readFile(`${dataDir}/${DISK_SAMPLES_FILE}`, 'utf8'));
  } catch {
    return [];
  }
}

/** The history with `sample` added when due (spacing), samples beyond the history dropped. */
export function withSample(samples: readonly DiskSample[], sample: DiskSample): DiskSample[] {
  const last = samples.at(-1);
  const due = !last || sample[0] - last[0] >= SAMPLE_SPACING_MS || sample[0] < last[0];
  const next = due ? [...samples.filter((s) => s[0] < sample[0]), sample] : [...samples];
  return next.filter((s) => sample[0] - s[0] <= SAMPLE_HISTORY_MS);
}

/** Adds a sample to the file when one is due; returns the history either way. */
export async function recordDiskSample(dataDir: string, sample: DiskSample): Promise<DiskSample[]> {
  const samples = await readDiskSamples(dataDir);
  const next = withSample(samples, sample);
  if (next.length !== samples.length || next.at(-1)?.[0] !== samples.at(-1)?.[0]) {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(dataDir, DISK_SAMPLES_FILE, [Buffer.from(JSON.stringify({ v: 1, samples: next }))]);
  }
  return next;
}

/**
 * The running sync host's sampler: `tick()` (called with each availability record, once a minute
 * during opening hours) takes a sample in the background when one is due; cheap otherwise (an
 * in-memory time check). It resolves once that sample is written (the host does not wait for it).
 * Failures are ignored: a missed sample only thins the history.
 */
export function diskSampler(
  dataDir: string,
  probe: (path: string) => Promise<number>,
  now: () => number = Date.now,
): { tick(): Promise<void> } {
  let lastAt: number | undefined;
  let running: Promise<void> | undefined;
  return {
    tick() {
      const at = now();
      if (running) return running;
      if (lastAt !== undefined && at - lastAt < SAMPLE_SPACING_MS && at >= lastAt) return Promise.resolve();
      lastAt = at;
      running = probe(dataDir)
        .then((free) => recordDiskSample(dataDir, [at, free]))
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          running = undefined;
        });
      return running;
    },
  };
}
