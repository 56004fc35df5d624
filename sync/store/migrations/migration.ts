/** The shape of a numbered schema migration (files `NNNN-name.ts` in this folder). */
import type { Db } from '../database';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
