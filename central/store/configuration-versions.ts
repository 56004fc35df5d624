/**
 * The configuration versions the central system has published, as files in its data folder
 * (`<dataDir>/configuration/v<version, 10 digits>.jws`, the signed document as served), not in
 * SQLite: each is written once, atomically, and never replaced (a second publication of the same
 * version fails), so a version number always names one document. The latest is the highest number.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../sync/store/atomic-file';

const FILE = /^v(\d{10})\.jws$/;
const fileOf = (version: number) => `v${String(version).padStart(10, '0')}.jws`;

export class VersionNotNewer extends Error {
  constructor(
    readonly version: number,
    readonly latest: number,
  ) {
    super(
      `configuration version ${version} refused: it must be greater than the last published version ${latest}`,
    );
    this.name = 'VersionNotNewer';
  }
}

export interface PublishedConfiguration {
  version: number;
  jws: string;
}

export class ConfigurationVersions {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'configuration');
  }

  /** Published version numbers, lowest first. */
  async versions(): Promise<number[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .map((name) => FILE.exec(name)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  async latest(): Promise<PublishedConfiguration | undefined> {
    const version = (await this.versions()).at(-1);
    if (version === undefined) return undefined;
    return { version, jws: (await fs.readFile(join(this.dir, fileOf(version)), 'utf8')).trim() };
  }

  /**
   * Publishes `jws` as `version`; VersionNotNewer unless it is greater than every published one
   * (two publications racing for one number: the second fails the same way).
   */
  async publish(version: number, jws: string): Promise<void> {
    const latest = (await this.versions()).at(-1) ?? 0;
    if (version <= latest) throw new VersionNotNewer(version, latest);
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    try {
      await writeFileAtomic(this.dir, fileOf(version), [Buffer.from(`${jws}\n`)], undefined, {
        exclusive: true,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new VersionNotNewer(version, version);
      throw error;
    }
  }
}
