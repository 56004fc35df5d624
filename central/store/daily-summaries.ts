/**
 * The daily summaries the central system has received from stations, as files in its data folder
 * (`<dataDir>/summaries/<station id>/<YYYY-MM-DD>.json`, one per station and day, the summary's
 * JSON), not in SQLite: a summary sent again (a retry) replaces the day's file atomically. Reading
 * validates every file (common/domain/daily-summary.ts); a file that does not validate is reported
 * with its problem and left out of the figures, never fatal.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DailySummary } from '../../common/domain/daily-summary';
import { writeFileAtomic } from '../../sync/store/atomic-file';

const STATION = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;
const MAX_FILE_BYTES = 256 * 1024;

export interface SummaryProblem {
  file: string;
  problem: string;
}

async function dirNames(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export class DailySummaries {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'summaries');
  }

  /** Keeps a received summary (validated again here: outside data). */
  async put(summary: DailySummary): Promise<void> {
    const valid = DailySummary.parse(summary);
    const dir = join(this.dir, valid.stationId);
    await fs.mkdir(dir, { recursive: true });
    await writeFileAtomic(dir, `${valid.date}.json`, [Buffer.from(JSON.stringify(valid))]);
  }

  /** Every station that sent a summary. */
  async stations(): Promise<string[]> {
    return (await dirNames(this.dir)).filter((name) => STATION.test(name)).sort();
  }

  /** The summaries of days in [from, to] (inclusive, YYYY-MM-DD), and the files refused. */
  async list(range: { from?: string; to?: string } = {}): Promise<{
    summaries: DailySummary[];
    problems: SummaryProblem[];
  }> {
    const summaries: DailySummary[] = [];
    const problems: SummaryProblem[] = [];
    for (const station of await this.stations()) {
      for (const name of (await dirNames(join(this.dir, station))).sort()) {
        const date = DAY_FILE.exec(name)?.[1];
        if (!date) continue;
        if ((range.from && date < range.from) || (range.to && date > range.to)) continue;
        const file = join(this.dir, station, name);
        const problem = (p: string) => problems.push({ file, problem: p });
        const stat = await fs.stat(file);
        if (stat.size > MAX_FILE_BYTES) {
          problem(`larger than ${MAX_FILE_BYTES} bytes`);
          continue;
        }
        let raw: unknown;
        try {
          raw = JSON.parse(await fs.readFile(file, 'utf8'));
        } catch {
          problem('not valid JSON');
          continue;
        }
        const parsed = DailySummary.safeParse(raw);
        if (!parsed.success) {
          problem(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
          continue;
        }
        if (parsed.data.stationId !== station || parsed.data.date !== date) {
          problem(
            `holds the summary of ${parsed.data.stationId} on ${parsed.data.date}, not of its folder and name`,
          );
          continue;
        }
        summaries.push(parsed.data);
      }
    }
    return { summaries, problems };
  }
}
