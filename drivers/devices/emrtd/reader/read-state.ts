/**
 * What a chip read has gathered so far, kept across card removals so that a resumed read does not
 * read again the files already verified against the SOD (only EF.SOD is re-read, as the check that
 * the same card came back).
 */
export interface ChipReadState {
  /** Raw files by short name ('SOD', 'COM', 'DG1', 'CVCA'...). */
  files: Record<string, Uint8Array>;
  /** Files whose SOD hash matched (data groups), or that need no hash (COM, CVCA). */
  verified: string[];
  /** How many times the read resumed after a removal or a dropped session. */
  resumes: number;
}

export function emptyReadState(): ChipReadState {
  return { files: {}, verified: [], resumes: 0 };
}
